"""The shell every signed-in screen shares: header, footer, navigation."""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.app import ComposeResult

from devhub_tui.tui.session_ui import DataScreen
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header


class MainScreen(DataScreen):
    """A top-level screen (dashboard, contacts, interactions), given the session.

    Lists subclass it by implementing `load()`: the screen loads on mount, after a
    change while it is shown (a write, a sync: see `session_ui.py`), and on coming
    back from a modal or another screen only when the data changed meanwhile (so a
    list keeps its place), here or, as `check_store` finds out in a worker, in
    another process.
    """

    #: `q` quits the app from this screen (see DevhubApp.check_action)
    QUITS_ON_Q: ClassVar[bool] = True

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        return iter(())

    #: whether the screen was shown before (see on_screen_resume)
    _shown_before = False

    def on_screen_resume(self, event: events.ScreenResume) -> None:
        # Textual runs this before Screen's own handler, which restyles every widget
        # of the screen when `refresh_styles` is set, in case the stylesheet changed
        # while it was hidden. The first time, each widget was styled as it mounted,
        # moments ago: restyling them all again cost ~7 ms of the dashboard's start.
        # (A theme change restyles every screen anyway, shown or not.)
        first = not self._shown_before
        if first:
            self._shown_before = True
            event.refresh_styles = False
        if self.is_mounted and self.stale():
            self.reload()
        # back on a screen: if another process wrote to the store meanwhile, it
        # reloads (asked in a worker; the first time, the screen is loading anyway)
        if not first:
            self.check_store()

    def reload(self) -> None:
        self.seen_version = self.session.version
        self.load()

    def load(self) -> object:
        """Start loading the screen's data (usually a thread worker, returned)."""
        return None
