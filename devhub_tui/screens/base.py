"""The shell every signed-in screen shares: header, footer, navigation."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer, Header


class MainScreen(Screen[None]):
    """A top-level screen (dashboard, contacts, interactions)."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_body()
        yield Footer()

    def compose_body(self) -> ComposeResult:
        return iter(())

    def refresh_data(self) -> None:
        """Reload what the screen shows (after a write or a sync)."""
