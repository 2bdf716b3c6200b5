"""The first screen: shown while the store opens."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Header, LoadingIndicator, Static


class StartScreen(Screen[None]):
    def __init__(self, db_label: str) -> None:
        super().__init__()
        self.db_label = db_label

    def compose(self) -> ComposeResult:
        yield Header()
        with Middle(), Center():
            yield Static(Text(f"Opening {self.db_label}…"), id="start-message")
            yield LoadingIndicator()
        yield Footer()
