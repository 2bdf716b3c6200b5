"""The store could not be opened: say why in one line and let the user leave."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Middle, Vertical
from textual.screen import Screen
from textual.widgets import Static

from devhub_tui.tui.widgets.footer import Footer


class FatalScreen(Screen[None]):
    #: `q` quits the app from this screen (see DevhubApp.check_action)
    QUITS_ON_Q: ClassVar[bool] = True

    BINDINGS = [
        Binding("q,escape,enter", "app.quit", "Quit", id="fatal.quit", tooltip="Leave devhub"),
    ]

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Middle(), Center(), Vertical(classes="auth-card"):
            yield Static(Text("devhub can't open the store", style="bold"),
                         classes="auth-title")
            yield Static(Text(self.message), id="fatal-message")
            yield Static(Text("Nothing was changed. Press q to quit.", style="dim"))
        yield Footer()
