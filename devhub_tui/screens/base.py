"""The shell every signed-in screen shares: header, footer, navigation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header

from ..widgets.footer import Footer


class MainScreen(Screen[None]):
    """A top-level screen (dashboard, contacts, interactions).

    Lists subclass it by implementing `load()`: the screen loads on mount, after a
    write or a sync (`refresh_data`), and on coming back from a modal or another
    screen only when the data changed meanwhile (so a list keeps its place).
    """

    #: the app's `data_version` when this screen last loaded
    seen_version = -1

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        return iter(())

    def on_screen_resume(self) -> None:
        if self.is_mounted and self.stale():
            self.reload()

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
