"""The shell every signed-in screen shares: header, footer, navigation."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.screen import Screen

from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header


class MainScreen(Screen[None]):
    """A top-level screen (dashboard, contacts, interactions).

    Lists subclass it by implementing `load()`: the screen loads on mount, after a
    write or a sync (`refresh_data`), and on coming back from a modal or another
    screen only when the data changed meanwhile (so a list keeps its place), here
    or, as `DevhubApp.check_store` finds out in a worker, in another process.
    """

    #: the app's `data_version` when this screen last loaded
    seen_version = -1

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
        # back on a screen: if another process wrote to the store meanwhile, the app
        # reloads (asked in a worker; the first time, the screen is loading anyway)
        check = getattr(self.app, "check_store", None)
        if callable(check) and not first:
            check()

    def stale(self) -> bool:
        """Whether coming back to this screen should reload it: by default, when the
        data changed since it last loaded (subclasses add their own reasons)."""
        return self.seen_version != self.app.data_version  # type: ignore[attr-defined]

    def refresh_data(self) -> None:
        """Reload what the screen shows (after a write or a sync)."""
        self.reload()

    def reload(self) -> None:
        self.seen_version = self.app.data_version  # type: ignore[attr-defined]
        self.load()

    def load(self) -> object:
        """Start loading the screen's data (usually a thread worker, returned)."""
        return None
