"""The passphrase of an encrypted store (issue 21), asked before the sign-in screen.

A modal over the start screen: Enter unlocks, escape leaves devhub. The key is
derived (argon2id, slow on purpose) in a thread worker; a wrong passphrase is one
line under the field and the field is cleared for another try. Nothing typed here
is kept: the session holds the derived key in memory only.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from devhub_tui.services.session import Session
from devhub_tui.storage.errors import StoreError


class UnlockScreen(ModalScreen[bool]):
    """Type the store's passphrase; dismissed with True once the key is derived."""

    #: `q` quits the app from this screen (see DevhubApp.check_action)
    QUITS_ON_Q: ClassVar[bool] = True

    BINDINGS = [
        Binding("escape", "app.quit", "Quit", id="unlock.quit", tooltip="Leave devhub"),
    ]
    AUTO_FOCUS = "#passphrase"

    def __init__(self, session: Session, label: str, message: str = "") -> None:
        super().__init__()
        self.session = session
        self.label = label
        self.message = message
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="auth-card", id="unlock-card"):
            yield Static(Text("This store is encrypted"), classes="auth-title")
            yield Static(Text(f"Type the passphrase of {self.label} to open it."),
                         classes="auth-intro")
            yield Label("Passphrase")
            yield Input(password=True, id="passphrase", max_length=1024)
            yield Static(Text(self.message), id="unlock-error", classes="form-error")
            yield Button("Unlock", id="unlock", variant="primary")
            yield Static(Text("escape leaves devhub"), classes="auth-intro")

    @on(Input.Submitted)
    @on(Button.Pressed, "#unlock")
    def submit(self) -> None:
        if self.busy:
            return
        field = self.query_one("#passphrase", Input)
        if not field.value:
            self._say("type the passphrase")
            return
        self.busy = True
        button = self.query_one("#unlock", Button)
        button.disabled = True
        button.label = "Unlocking…"
        self._say("")
        self.unlock(field.value)

    @work(thread=True, exclusive=True, exit_on_error=False, group="unlock")
    def unlock(self, passphrase: str) -> None:
        try:
            self.session.unlock(passphrase)
        except StoreError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.app.call_from_thread(self.dismiss, True)

    def _failed(self, message: str) -> None:
        self.busy = False
        button = self.query_one("#unlock", Button)
        button.disabled = False
        button.label = "Unlock"
        field = self.query_one("#passphrase", Input)
        field.value = ""
        field.focus()
        self._say(message)

    def _say(self, message: str) -> None:
        self.query_one("#unlock-error", Static).update(Text(message))
