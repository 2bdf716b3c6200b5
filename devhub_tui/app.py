"""DevhubApp: the full-screen app: screens, bindings, command palette, themes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual import work
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker, WorkerState

from .prefs import load_prefs, save_pref
from .screens.auth import LoginScreen, OnboardingScreen
from .screens.help import HelpScreen
from .screens.start import StartScreen
from .storage.auth import Auth, UserRow
from .storage.db import Database, SyncConfig, open_database
from .storage.errors import StoreError
from .storage.ids import Clock, system_clock
from .storage.session_file import clear_secret, load_secret, save_secret

DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
NAV_ACTIONS = {"goto", "quick_log", "new_contact", "quick_connect", "logout"}


def _home_label(path: Path) -> str:
    try:
        return "~/" + str(path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


class DevhubApp(App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "devhub"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding(
            "d", "goto('dashboard')", "Dashboard", id="nav.dashboard", tooltip="Who needs attention"
        ),
        Binding(
            "c", "goto('contacts')", "Contacts", id="nav.contacts", tooltip="All your contacts"
        ),
        Binding(
            "i",
            "goto('interactions')",
            "Interactions",
            id="nav.interactions",
            tooltip="Everything you logged",
        ),
        Binding("l", "quick_log", "Log", id="nav.log", tooltip="Quick log an interaction"),
        Binding("n", "new_contact", "New", id="nav.new", tooltip="Add a contact"),
        Binding("r", "quick_connect", "QR", id="nav.qr", tooltip="Quick Connect"),
        Binding(
            "question_mark", "help", "Help", id="app.help", tooltip="All keys", key_display="?"
        ),
        Binding(
            "ctrl+t",
            "toggle_theme",
            "Theme",
            id="app.theme",
            show=False,
            tooltip="Toggle dark / light",
        ),
        Binding("q", "quit", "Quit", id="app.quit", tooltip="Leave devhub"),
    ]

    def __init__(
        self,
        db_path: Path | str,
        *,
        sync_url: str | None = None,
        auth_token: str | None = None,
        sync_engine: str = "turso",
        demo: bool = False,
        clock: Clock = system_clock,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.sync = SyncConfig(sync_url, auth_token, sync_engine) if sync_url else None
        self.demo = demo
        self.clock = clock
        self.db: Database | None = None
        self.auth: Auth | None = None
        self.user: UserRow | None = None
        self.fatal_error: str | None = None
        self.store_label = _home_label(self.db_path)

    # -- start-up ----------------------------------------------------------
    def get_default_screen(self) -> Screen[Any]:
        return StartScreen(self.store_label)

    def on_mount(self) -> None:
        theme = load_prefs().get("theme")
        self.theme = theme if theme in (DARK_THEME, LIGHT_THEME) else DARK_THEME
        self.sub_title = self.store_label
        self.open_store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_store(self) -> None:
        db = open_database(self.db_path, sync=self.sync)
        auth = Auth(db, clock=self.clock)
        count = auth.user_count()
        secret = load_secret(self.db_path)
        user = auth.resume_session(secret) if secret else None
        self.call_from_thread(self._store_opened, db, auth, count, user)

    def _store_opened(
        self, db: Database, auth: Auth, user_count: int, user: UserRow | None
    ) -> None:
        self.db, self.auth = db, auth
        if user is not None:
            self.signed_in(user, None)
        elif user_count == 0:
            self.push_screen(OnboardingScreen())
        else:
            self.push_screen(LoginScreen())

    def signed_in(self, user: UserRow, secret: str | None) -> None:
        """Called (on the UI thread) once an account is created or a login succeeds."""
        if secret is not None:
            save_secret(self.db_path, secret, user.username)
        self.user = user
        self.sub_title = f"{user.username} · {self.store_label}"
        self._install_modes()
        self.switch_mode("dashboard")

    def _install_modes(self) -> None:
        from .screens.contacts import ContactsScreen
        from .screens.dashboard import DashboardScreen
        from .screens.interactions import InteractionsScreen

        for name, factory in (
            ("dashboard", DashboardScreen),
            ("contacts", ContactsScreen),
            ("interactions", InteractionsScreen),
        ):
            if name not in self.MODES and name not in self._modes:
                self.add_mode(name, factory)

    # -- errors ------------------------------------------------------------
    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        message = (
            str(error)
            if isinstance(error, StoreError)
            else (f"unexpected {type(error).__name__}: {error}")
        )
        if event.worker.group == "open":
            self.fatal_error = message
            self.exit(return_code=1)
            return
        self.notify(message, title="Error", severity="error", markup=False, timeout=8)

    # -- actions -----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NAV_ACTIONS and self.user is None:
            return False
        return True

    def action_goto(self, mode: str) -> None:
        if self.current_mode != mode:
            self.switch_mode(mode)

    def action_help(self) -> None:
        self.push_screen(HelpScreen())

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME
        self._save_theme(self.theme)

    @work(thread=True, exit_on_error=False, group="prefs")
    def _save_theme(self, theme: str) -> None:
        save_pref("theme", theme)

    def action_quick_log(self) -> None:
        self.notify("Quick log arrives with the contacts issue.", markup=False)

    def action_new_contact(self) -> None:
        self.notify("New contact arrives with the contacts issue.", markup=False)

    def action_quick_connect(self) -> None:
        self.notify("Quick Connect arrives with the QR issue.", markup=False)

    def action_logout(self) -> None:
        self._logout()

    @work(thread=True, exclusive=True, exit_on_error=False, group="auth")
    def _logout(self) -> None:
        secret = load_secret(self.db_path)
        if secret and self.auth is not None:
            self.auth.end_session(secret)
        clear_secret(self.db_path)
        self.call_from_thread(self._logged_out)

    def _logged_out(self) -> None:
        self.user = None
        self.sub_title = self.store_label
        self.switch_mode("_default")
        for name in ("dashboard", "contacts", "interactions"):
            if name in self._modes:
                self.remove_mode(name)
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(LoginScreen())

    def on_unmount(self) -> None:
        if self.db is not None:
            self.db.close()
