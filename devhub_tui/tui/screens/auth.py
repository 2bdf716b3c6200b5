"""Create-your-account and login screens.

Hashing (argon2id, ~100 ms on purpose) runs in thread workers so the UI stays live.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Center, Vertical
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from devhub_tui.core.validation import ValidationError, validate_password, validate_username
from devhub_tui.services.session import Session
from devhub_tui.storage.errors import StoreError
from devhub_tui.tui.messages import SignedIn
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header

if TYPE_CHECKING:
    from devhub_tui.storage.auth import Auth, UserRow


class AuthForm(Screen[None]):
    """Shared layout: a centred card with fields and one error line."""

    #: `q` quits the app from this screen (see DevhubApp.check_action)
    QUITS_ON_Q: ClassVar[bool] = True

    BINDINGS = [
        Binding("escape", "app.quit", "Quit", id="auth.quit", tooltip="Leave devhub"),
    ]
    AUTO_FOCUS = "#username"

    title_text = ""
    intro_text = ""
    button_label = ""

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header()
        with Center(), Vertical(classes="auth-card"):
            yield Static(Text(self.title_text), classes="auth-title")
            yield Static(Text(self.intro_text), classes="auth-intro")
            yield Label("Username")
            yield Input(placeholder="e.g. ada", id="username", max_length=32)
            yield Label("", id="username-error", classes="field-error")
            yield Label("Password")
            yield Input(placeholder="at least 8 characters", password=True, id="password",
                        max_length=1024)
            yield Label("", id="password-error", classes="field-error")
            yield from self.extra_fields()
            yield Button(self.button_label, id="submit", variant="primary")
            yield Static("", id="form-error", classes="form-error")
        yield Footer()

    def extra_fields(self) -> ComposeResult:
        return iter(())

    def show_error(self, widget_id: str, message: str) -> None:
        self.query_one(f"#{widget_id}", Static).update(Text(message))

    def clear_errors(self) -> None:
        for w in self.query(".field-error, .form-error"):
            if isinstance(w, Label | Static):
                w.update("")

    def set_busy(self, busy: bool) -> None:
        button = self.query_one("#submit", Button)
        button.disabled = busy
        button.label = "Working…" if busy else self.button_label

    @on(Input.Submitted)
    def _on_submitted(self, event: Input.Submitted) -> None:
        inputs = list(self.query(Input))
        idx = inputs.index(event.input)
        if idx + 1 < len(inputs) and not inputs[idx + 1].value:
            inputs[idx + 1].focus()
        else:
            self.submit()

    @on(Button.Pressed, "#submit")
    def _on_button(self) -> None:
        self.submit()

    def submit(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    @work(thread=True, exclusive=True, exit_on_error=False, group="auth")
    def sign_in(self, get_user: Callable[[Auth], UserRow]) -> None:
        """Create or check the account (argon2: slow on purpose) and open a session,
        off the UI thread; the app takes over on success (`SignedIn`)."""
        try:
            user = self.session.sign_in(get_user)
        except StoreError as exc:
            self.app.call_from_thread(self._failed, str(exc))
            return
        self.post_message(SignedIn(user))

    def _failed(self, message: str) -> None:
        self.set_busy(False)
        self.show_error("form-error", message)


class OnboardingScreen(AuthForm):
    """First run on an empty store."""

    title_text = "Welcome to devhub"
    intro_text = (
        "Create your account. Your contacts are stored in this file and only your "
        "account can see them."
    )
    button_label = "Create account"

    def extra_fields(self) -> ComposeResult:
        yield Label("Repeat password")
        yield Input(placeholder="the same again", password=True, id="confirm", max_length=1024)
        yield Label("", id="confirm-error", classes="field-error")

    def submit(self) -> None:
        self.clear_errors()
        username = self.query_one("#username", Input).value
        password = self.query_one("#password", Input).value
        confirm = self.query_one("#confirm", Input).value
        ok = True
        try:
            validate_username(username)
        except ValidationError as exc:
            self.show_error("username-error", str(exc))
            ok = False
        try:
            validate_password(password)
        except ValidationError as exc:
            self.show_error("password-error", str(exc))
            ok = False
        if ok and password != confirm:
            self.show_error("confirm-error", "the passwords don't match")
            ok = False
        if ok:
            self.set_busy(True)
            self._create(username, password)

    def _create(self, username: str, password: str) -> None:
        self.sign_in(lambda auth: auth.create_user(username, password))



class LoginScreen(AuthForm):
    title_text = "Log in to devhub"
    intro_text = "Your session lasts 30 days from the last time you use it."
    button_label = "Log in"

    def submit(self) -> None:
        self.clear_errors()
        username = self.query_one("#username", Input).value.strip()
        password = self.query_one("#password", Input).value
        if not username:
            self.show_error("username-error", "enter your username")
            return
        if not password:
            self.show_error("password-error", "enter your password")
            return
        self.set_busy(True)
        self._login(username, password)

    def _login(self, username: str, password: str) -> None:
        self.sign_in(lambda auth: auth.authenticate(username, password))

    def _failed(self, message: str) -> None:
        self.set_busy(False)
        password = self.query_one("#password", Input)
        password.value = ""
        password.focus()
        self.show_error("form-error", message)
