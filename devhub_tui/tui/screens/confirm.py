"""A yes/no question before anything destructive.

It behaves like every dialog (saving.DialogScreen): the main button first
("Delete enter", focused, so Enter says yes; ctrl+s and y too), then "Cancel esc"
(escape and n).
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Static

from devhub_tui.tui.screens.saving import DialogScreen


class ConfirmScreen(DialogScreen[bool]):
    BINDINGS = [
        Binding("escape,n", "cancel", "Cancel", id="confirm.no", tooltip="Keep it"),
        Binding("ctrl+s,y", "save", "Yes", id="confirm.yes", tooltip="Go ahead"),
    ]
    AUTO_FOCUS = "#yes"

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
            yield self.dialog_buttons(self.yes_label, save_key="enter", save_id="yes",
                                      cancel_id="no", variant="error")

    def action_save(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
