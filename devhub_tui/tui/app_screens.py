"""The app's screens opened by a key or the palette, and conference mode (issue 20).

A mixin of `DevhubApp` (`app.py`): the VIPs, who knows a technology, the tech stack,
import, my card, settings and help; conference mode (`devhub --event NAME`, `m` on
an event, a click on the header to leave it) and what the header says about it.
Where the keys are bound (`BINDINGS`) and the palette (`COMMANDS`) stay on the app.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App
from textual.screen import ModalScreen, Screen

if TYPE_CHECKING:
    from devhub_tui.services.session import Session


class OpensScreens(App):
    """Mixin for the app: see the module docstring."""

    session: Session
    #: the title without conference mode ("devhub", or "devhub [DEMO]")
    _base_title: str

    # -- conference mode (issue 20) -------------------------------------------
    def show_conference(self) -> None:
        """The header says whether conference mode is on, at which event, and that
        it came back from the last run."""
        event = self.session.conference if self.session.signed_in else None
        if not event:
            self.title = self._base_title
            return
        how = "conference mode, resumed" if self.session.conference_resumed else (
            "conference mode")
        self.title = f"{self._base_title} · ◆ {event} ({how})"

    def toggle_conference(self, event: str | None) -> None:
        """Start conference mode at `event`, or leave it (None): nothing is asked,
        nothing captured is touched; the account's prefs keep it across restarts."""
        self._set_conference(event)

    @work(thread=True, exclusive=True, exit_on_error=False, group="conference")
    def _set_conference(self, event: str | None) -> None:
        session = self.session
        was = session.conference
        if event:
            name = session.start_conference(event)
            message = f"Conference mode at {name}: n adds a person met there, r its QR"
        else:
            session.leave_conference()
            message = f"Left conference mode{f' at {was}' if was else ''}"
        self.call_from_thread(self.show_conference)
        self.call_from_thread(self.notify, message, markup=False)

    def action_leave_conference(self) -> None:
        if self.session.conference:
            self.toggle_conference(None)
        else:
            self.notify("Conference mode is off: E, then m on an event, starts it",
                        markup=False)

    @property
    def header_click_tooltip(self) -> str | None:
        """What a click on the header's title does (`widgets/header.py`), if anything."""
        if self.session.signed_in and self.session.conference:
            return f"Click to leave conference mode at {self.session.conference}"
        return None

    def action_header_clicked(self) -> None:
        """A click on the header's title: leaves conference mode when it is on."""
        if self.session.signed_in and self.session.conference:
            self.toggle_conference(None)

    def action_vips(self) -> None:
        """The VIP view: every VIP and the default VIP cadence."""
        from devhub_tui.tui.screens.vip import VipScreen

        if self.session.signed_in and not isinstance(self.screen, VipScreen):
            self.push_screen(VipScreen(self.session))

    def _push_over_base(self, screen: Screen[Any]) -> None:
        """Open `screen` over the current mode's screen (one of its kind, at most)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()
        self.push_screen(screen)

    def action_match(self) -> None:
        """Who knows…: contacts ranked by a technology (issue 20)."""
        from devhub_tui.tui.screens.match import MatchScreen

        if self.session.signed_in and not isinstance(self.screen, MatchScreen):
            self._push_over_base(MatchScreen(self.session))

    def action_stack(self) -> None:
        """The tech stack: a bar chart of skills or topics (issue 20)."""
        from devhub_tui.tui.screens.stack import StackScreen

        if self.session.signed_in and not isinstance(self.screen, StackScreen):
            self._push_over_base(StackScreen(self.session))

    def action_import(self) -> None:
        """Import contacts from a vCard, CSV or devhub JSON file (preview, then confirm)."""
        from devhub_tui.tui.screens.import_screen import ImportScreen

        if self.session.signed_in and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen(self.session))

    def action_profile(self) -> None:
        """My card: edit what Quick Connect shares."""
        from devhub_tui.tui.screens.profile import edit_profile

        edit_profile(self, self.session)

    def action_settings(self) -> None:
        from devhub_tui.tui.screens.settings import open_settings

        open_settings(self, self.session)

    def action_help(self) -> None:
        from devhub_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))
