"""A yes/no question before anything destructive."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static


class ConfirmScreen(ModalScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "answer(False)", "Cancel", id="confirm.no", tooltip="Keep it"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes", tooltip="Go ahead"),
    ]
    AUTO_FOCUS = "#no"

    def __init__(self, question: str, detail: str = "", yes_label: str = "Delete") -> None:
        super().__init__()
        self.question = question
        self.detail = detail
        self.yes_label = yes_label

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card confirm-card"):
            yield Static(Text(self.question, style="bold"), classes="modal-title")
            if self.detail:
                yield Static(Text(self.detail), classes="modal-detail")
            with Horizontal(classes="modal-buttons"):
                yield Button(f"{self.yes_label} (y)", id="yes", variant="error")
                yield Button("Cancel (n)", id="no")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)
