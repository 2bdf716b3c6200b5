"""The first screen: shown while the store opens (usually for a few milliseconds).

Deliberately tiny: no footer or animation to build and restyle at start-up (the
dashboard replaces it as soon as the store is open); a slow open (a sync server
far away) still says what is happening and how to leave.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static


class StartScreen(Screen[None]):
    #: `q` quits the app from this screen (see DevhubApp.check_action)
    QUITS_ON_Q: ClassVar[bool] = True

    def __init__(self, db_label: str) -> None:
        super().__init__()
        self.db_label = db_label

    def compose(self) -> ComposeResult:
        message = Text(f"Opening {self.db_label}…\n\n", style="bold")
        message.append("q quits", style="dim")
        yield Static(message, id="start-message")
