"""DevhubApp: the full-screen app: screens, bindings, command palette, themes."""

from __future__ import annotations

import datetime as _dt
import gc
import threading
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, InvalidModeError, SystemCommand, UnknownModeError
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.worker import Worker, WorkerState

from devhub_tui.core.dates import ms_to_date
from devhub_tui.services.startup import Opened, Preopen, open_session
from devhub_tui.settings.prefs import load_prefs, save_pref
from devhub_tui.storage.db import SyncConfig
from devhub_tui.storage.errors import StoreError
from devhub_tui.storage.ids import Clock, system_clock
from devhub_tui.storage.store import Store
from devhub_tui.tui.css_refresh import RefreshesCssWhenChanged
from devhub_tui.tui.key_hold import HoldsEarlyKeys
from devhub_tui.tui.screens.start import StartScreen
from devhub_tui.tui.textual_compat import ReportsCrashes
from devhub_tui.tui.toast_room import HoldsToasts, ToastRoom

if TYPE_CHECKING:
    from textual.command import Provider

    from devhub_tui.core.quicklog import ContactIndex, ContactRef
    from devhub_tui.core.status import CadenceDefaults
    from devhub_tui.storage.auth import Auth, UserRow
    from devhub_tui.storage.db import Database
    from devhub_tui.storage.store import Contact

# Imported when first used, not at start-up: the palette (textual.command and the
# widgets it pulls in cost ~16 ms), the sign-in screens, help.


def _contacts_provider() -> type[Provider]:
    from devhub_tui.tui.palette import ContactsProvider

    return ContactsProvider

#: Start-up ends at the latest this long after the app mounted (see `end_startup`).
STARTUP_GRACE_S = 3.0
DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
#: Palette entries for actions other modules add to the app (name, title, help).
EXTRA_COMMANDS: list[tuple[str, str, str]] = [
    ("vips", "VIPs", "Your VIPs and their cadence"),
    ("settings", "Settings", "Reminder cadence defaults"),
    ("import", "Import contacts", "vCard, CSV or a devhub JSON backup"),
    ("profile", "My card", "Edit what Quick Connect shares"),
    ("sync_now", "Sync now", "Push and pull the synced replica (Turso or libSQL)"),
    ("sync_status", "Sync status", "Last sync, changes waiting, errors"),
    ("refresh", "Refresh", "Reload from the store (changes by the CLI or another devhub)"),
]
NAV_ACTIONS = {"goto", "quick_log", "new_contact", "quick_connect", "logout", "vips"}
#: actions of priority keys that open a screen: typed in a text field, they are letters
SCREEN_OPENERS = {"quick_log", "new_contact", "quick_connect", "help"}


def _home_label(path: Path) -> str:
    try:
        return "~/" + str(path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


def _mode_screen(mode: str) -> Screen[Any]:
    """The base screen of a mode, imported when first shown (the contacts and
    interactions screens are not needed for the first frame)."""
    if mode == "dashboard":
        from devhub_tui.tui.screens.dashboard import DashboardScreen

        return DashboardScreen()
    if mode == "contacts":
        from devhub_tui.tui.screens.contacts import ContactsScreen

        return ContactsScreen()
    from devhub_tui.tui.screens.interactions import InteractionsScreen

    return InteractionsScreen()


class DevhubApp(HoldsToasts, HoldsEarlyKeys, RefreshesCssWhenChanged, ReportsCrashes,
                App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "devhub"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_contacts_provider}

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
        # priority: the screen opens before the keys typed right after it are handed
        # out (a burst reaches the new screen); a letter in a text field (check_action)
        Binding("l", "quick_log", "Log", id="nav.log", tooltip="Quick log an interaction",
                priority=True),
        Binding("n", "new_contact", "New", id="nav.new", tooltip="Add a contact",
                priority=True),
        Binding("r", "quick_connect", "QR", id="nav.qr", tooltip="Quick Connect",
                priority=True),
        Binding(
            "question_mark", "help", "Help", id="app.help", tooltip="All keys", key_display="?",
            priority=True,
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
        preopen: Preopen | None = None,
    ) -> None:
        # Signed in already (the start-up thread resumed the session while Textual
        # imported): the first screen is the dashboard itself. Otherwise the start
        # screen shows while the store opens, then the dashboard or the sign-in.
        opened = preopen.opened_if_ready() if preopen is not None else None
        if opened is None or opened.user is None:
            opened = None
        self.DEFAULT_MODE = "dashboard" if opened is not None else "start"  # type: ignore[misc]
        super().__init__()
        self.add_mode("start", self._start_screen)
        #: the store opened (and the dashboard loaded) while Textual was importing
        self._preopen = preopen
        self._demo_build: Preopen | None = None
        self._heap_frozen = False
        self.db_path = Path(db_path)
        self.sync = SyncConfig(sync_url, auth_token, sync_engine) if sync_url else None
        self.demo = demo
        self.clock = clock
        self.db: Database | None = None
        self.auth: Auth | None = None
        self.user: UserRow | None = None
        self.store: Store | None = None
        self._index: ContactIndex | None = None
        self._index_lock = threading.Lock()
        #: bumped by every write or pull: screens reload on resume only when it moved
        self.data_version = 0
        self._today: _dt.date | None = None
        self._day_timer: Timer | None = None
        self.fatal_error: str | None = None
        self.store_label = _home_label(self.db_path)
        self.sub_title = self.store_label
        #: keeps notifications off the quick-log bar and the QR code
        self.toast_room = ToastRoom(self)
        self.sync_manager: Any = None  # a sync.SyncManager once signed in to a replica
        if demo:  # a throwaway store in a temp dir: built by the preopen (else in
            # open_store), removed on exit
            from devhub_tui.services.demo_paths import make_demo_path

            self.db_path = preopen.db_path if preopen is not None else make_demo_path()
            self._demo_build = preopen
            self.sync = None
            self.store_label = "throwaway demo store"
            self.title = "devhub [DEMO]"
            self.sub_title = self.store_label
        if opened is not None:
            assert opened.user is not None
            self.db, self.auth = opened.db, opened.auth
            self._adopt_user(opened.user)

    # -- start-up ----------------------------------------------------------
    def _start_screen(self) -> Screen[Any]:
        return StartScreen(self.store_label)

    def on_mount(self) -> None:
        from devhub_tui.services.terminal import app_mounted

        if not app_mounted(self):  # no terminal to read keys from: leave, saying why
            return
        self.set_timer(STARTUP_GRACE_S, self.end_startup)
        self.toast_room.start()
        theme = load_prefs().get("theme")
        self.theme = theme if theme in (DARK_THEME, LIGHT_THEME) else DARK_THEME
        if self.user is not None:  # started on the dashboard
            self._signed_in_started()
            self._say_store_notes()
            return
        pre = self._preopen
        if pre is not None and pre.session_ready():
            try:
                opened = pre.wait_opened()
            except Exception:  # noqa: BLE001 - the worker raises it again and reports it
                pass
            else:
                self._store_opened(opened)  # straight to the dashboard, no worker hop
                return
        self.open_store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_store(self) -> None:
        if self._preopen is not None:
            opened = self._preopen.wait_opened()
        else:
            opened = open_session(self.db_path, self.sync, clock=self.clock, demo=self.demo)
        self.call_from_thread(self._store_opened, opened)

    def _store_opened(self, opened: Opened) -> None:
        self.db, self.auth = opened.db, opened.auth
        self._say_store_notes()
        user, user_count = opened.user, opened.user_count
        if user is not None:
            self.signed_in(user)
            return
        from devhub_tui.tui.screens.auth import LoginScreen, OnboardingScreen

        self.push_screen(OnboardingScreen() if user_count == 0 else LoginScreen())

    def _say_store_notes(self) -> None:
        """What opening the store found (a mode made private, a read-only folder)."""
        db = self.db
        for note in getattr(db, "notes", None) or ():
            self.notify(note, title="Store", severity="warning", markup=False, timeout=12)
        if db is not None and db.mode == "local" and not self._writable():
            self.notify(f"{db.offline_reason}: you can look, but changes can't be saved",
                        title="Read-only", severity="warning", markup=False, timeout=12)
        if db is not None:
            db.notes = []

    def signed_in(self, user: UserRow) -> None:
        """Called (on the UI thread) once a session is open (and its secret saved)."""
        self._adopt_user(user)
        self.switch_mode("dashboard")
        self._signed_in_started()

    def _adopt_user(self, user: UserRow) -> None:
        self.user = user
        assert self.db is not None
        self.store = Store(self.db, user.id, clock=self.clock)
        self.sub_title = f"{user.username} · {self.store_label}"
        self._install_modes()

    def _signed_in_started(self) -> None:
        self._today = ms_to_date(self.clock())
        if self._day_timer is None:
            self._day_timer = self.set_interval(60, self._check_day)
        # the quick-log / palette index is built on first use (0.8 s of Python at 100k
        # contacts: built in the background it would compete with the UI for the GIL)
        self._start_sync()

    def _install_modes(self) -> None:
        for name in ("dashboard", "contacts", "interactions"):
            try:
                self.add_mode(name, partial(_mode_screen, name))
            except InvalidModeError:  # added at an earlier sign-in
                pass

    def end_startup(self) -> None:
        """Start-up is over (the dashboard shows its first data, or the app has run for
        STARTUP_GRACE_S: a sign-in form, an error): freeze the start-up heap and let the
        garbage collector run again (`startup.pause_gc`).

        Everything built so far (imported modules, Textual's styles and widgets) moves
        out of the garbage collector's generations (`gc.freeze`), so a full collection
        no longer walks it: otherwise one keystroke now and then stalls 40-60 ms while
        the collector re-checks objects that live as long as the app. `on_unmount`
        gives them back to the collector.
        """
        if not self._heap_frozen:
            self._heap_frozen = True
            gc.freeze()
        gc.enable()

    def take_preopen(self) -> Preopen | None:
        """The start-up thread that loads the dashboard's first data (handed over once:
        later loads are the dashboard's own)."""
        pre, self._preopen = self._preopen, None
        return pre

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """`$vip`: the VIP marks' magenta, 4.5:1 (WCAG AA) on the theme's backgrounds."""
        return {"vip": "#ff79ff" if self.current_theme.dark else "#990099"}

    # -- command palette, day change ----------------------------------------
    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        if self.user is not None:
            yield SystemCommand("Dashboard", "Who needs attention (d)",
                                partial(self.action_goto, "dashboard"))
            yield SystemCommand("Contacts", "All contacts (c)",
                                partial(self.action_goto, "contacts"))
            yield SystemCommand("Interactions", "Everything logged (i)",
                                partial(self.action_goto, "interactions"))
            yield SystemCommand("Quick log", "Log an interaction (l)", self.action_quick_log)
            yield SystemCommand("New contact", "Add a contact (n)", self.action_new_contact)
            yield SystemCommand("Quick Connect", "Show your QR code (r)",
                                self.action_quick_connect)
            for name, title, help_text in EXTRA_COMMANDS:
                action = getattr(self, f"action_{name}", None)
                if callable(action):
                    yield SystemCommand(title, help_text, action)
            yield SystemCommand("Recompute statuses", "Re-apply reminder rules now",
                                self.action_recompute)
            yield SystemCommand("Log out", "End this session", self.action_logout)
        yield SystemCommand("Toggle theme", "Dark / light (ctrl+t)", self.action_toggle_theme)
        yield SystemCommand("Keys", "Show every key (?)", self.action_help)
        yield SystemCommand("Quit", "Leave devhub (q)", self.action_quit)

    def action_settings(self) -> None:
        self._open_settings()

    @work(thread=True, exclusive=True, exit_on_error=False, group="settings-open")
    def _open_settings(self) -> None:
        assert self.store is not None
        defaults = self.store.cadence_defaults()
        self.call_from_thread(self._show_settings, defaults)

    def _show_settings(self, defaults: CadenceDefaults) -> None:
        from devhub_tui.tui.screens.settings import SettingsScreen

        def done(saved: bool | None) -> None:
            if saved:
                self.notify("Cadence defaults saved; statuses recomputed", markup=False)
                self.data_changed()

        self.push_screen(SettingsScreen(defaults), done)

    def action_recompute(self) -> None:
        if self.store is not None:
            self.run_write(self.store.recompute_statuses, message="Statuses recomputed")

    # -- sync (replicas only) ----------------------------------------------------
    def _start_sync(self) -> None:
        """Sync in the background: on launch, after writes, periodically, on demand."""
        if self.db is None or self.db.mode == "local":
            return
        if self.sync_manager is None:
            from devhub_tui.services.sync import SyncManager

            self.sync_manager = SyncManager(
                self, self.db, clock=self.clock, on_change=self._sync_changed
            )
            self.sync_manager.start()
        else:
            self._sync_changed(self.sync_manager.state)

    def _sync_changed(self, state: Any) -> None:
        from devhub_tui.tui.widgets.sync_status import sync_label

        if self.user is not None:
            label = sync_label(state, self.clock(), writable=self._writable())
            self.sub_title = f"{self.user.username} · {self.store_label} · {label}"

    def _writable(self) -> bool:
        """False while a libSQL replica can't reach its server (its writes go there)."""
        return bool(getattr(self.db, "writable", True))

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Before any editing form opens on a read-only replica, say so (not after)."""
        if not self._writable() and self._is_editor(screen):
            reason = getattr(self.db, "offline_reason", None) or "the sync server is offline"
            self.notify(f"{reason}: you can look, but changes can't be saved now",
                        title="Read-only", severity="warning", markup=False, timeout=8)
        return super().push_screen(screen, *args, **kwargs)

    @staticmethod
    def _is_editor(screen: Any) -> bool:
        from devhub_tui.tui.screens.contact_form import ContactForm
        from devhub_tui.tui.screens.modals import _Form
        from devhub_tui.tui.screens.quick_log import QuickLogScreen
        from devhub_tui.tui.screens.settings import SettingsScreen

        editors: tuple[type, ...] = (ContactForm, _Form, SettingsScreen, QuickLogScreen)
        try:
            from devhub_tui.tui.screens.vip import VipEditor

            editors += (VipEditor,)
        except ImportError:  # pragma: no cover
            pass
        return isinstance(screen, editors)

    def action_sync_now(self) -> None:
        if self.sync_manager is None:
            self.notify("This store is not synced: see `devhub --help` for TURSO_DATABASE_URL",
                        markup=False)
            return
        self.sync_manager.request(manual=True)

    def action_sync_status(self) -> None:
        if self.sync_manager is None or self.db is None:
            self.notify("This store is local only (not synced)", markup=False)
            return
        from devhub_tui.services.sync import server_label
        from devhub_tui.tui.widgets.sync_status import sync_details

        m = self.sync_manager
        text = sync_details(m.state, self.clock(), server_label(self.db), m.interval_s,
                            writable=self._writable())
        self.notify(text, title="Sync status", markup=False, timeout=12,
                    severity="error" if m.state.kind == "error" else "information")

    def _check_day(self) -> None:
        """Statuses change with the date: recompute when the day rolls over."""
        today = ms_to_date(self.clock())
        if self._today is not None and today != self._today and self.store is not None:
            self.run_write(self.store.refresh_statuses)
        self._today = today

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
            from devhub_tui.tui.screens.fatal import FatalScreen

            self.fatal_error = message
            # after the start screen has settled (a store can fail to open within
            # milliseconds, while its header is still mounting)
            self.call_after_refresh(self.push_screen, FatalScreen(message))
            return
        self.notify(message, title="Error", severity="error", markup=False, timeout=8)

    # -- actions -----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NAV_ACTIONS and self.user is None:
            return False
        if action in NAV_ACTIONS and isinstance(self.screen, ModalScreen):
            return None  # a dialog is answered or closed first (dimmed in the footer)
        if action in SCREEN_OPENERS:
            from textual.widgets import Input, TextArea

            if isinstance(self.focused, Input | TextArea):
                return None  # a letter there
        if action == "quit":
            # `q` quits from top-level screens only (a contact screen goes back with escape)
            from devhub_tui.tui.screens.auth import _AuthForm
            from devhub_tui.tui.screens.base import MainScreen
            from devhub_tui.tui.screens.fatal import FatalScreen

            return isinstance(self.screen, MainScreen | StartScreen | _AuthForm | FatalScreen)
        return True

    def action_goto(self, mode: str) -> None:
        # from a screen opened on top of a list (a contact, the VIPs, Quick Connect):
        # that list shows again when its mode comes back
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()
        if self.current_mode != mode:
            self.switch_mode(mode)  # the screen's resume asks check_store
        else:
            self.check_store()

    # -- writes by other processes ------------------------------------------
    def check_store(self, *, force: bool = False) -> None:
        """Reload what is on screen if another process (the CLI, a second devhub)
        wrote to the store since we last looked (or always, with ``force``)."""
        if self.db is not None and self.user is not None:
            self._check_store(force)

    @work(thread=True, exit_on_error=False, group="store-check")
    def _check_store(self, force: bool) -> None:
        assert self.db is not None
        if self.db.store_changed() or force:
            self.call_from_thread(self.data_changed, local_write=False)

    def action_refresh(self) -> None:
        self.check_store(force=True)

    def action_help(self) -> None:
        from devhub_tui.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME
        self._save_theme(self.theme)

    @work(thread=True, exit_on_error=False, group="prefs")
    def _save_theme(self, theme: str) -> None:
        save_pref("theme", theme)

    # -- contacts and logging ---------------------------------------------
    def contact_index(self) -> ContactIndex:
        """The quick-log / palette index (built in the calling worker thread, cached)."""
        with self._index_lock:
            if self._index is None:
                from devhub_tui.core.quicklog import ContactIndex

                assert self.store is not None
                self._index = ContactIndex(self.store.contact_refs())
            return self._index

    def data_changed(self, *, local_write: bool = True) -> None:
        """After any write (or a sync that pulled): drop caches and refresh what is on
        screen. A local write also schedules a push on a synced store."""
        if local_write and self.sync_manager is not None:
            self.sync_manager.note_write()
        with self._index_lock:
            self._index = None
        self.data_version += 1
        for candidate in reversed(self.screen_stack):  # the top-most screen that shows data
            refresh = getattr(candidate, "refresh_data", None)
            if callable(refresh) and candidate.is_mounted:
                refresh()
                break

    def run_write(self, fn: Callable[..., Any], *args: Any, message: str | None = None) -> None:
        """Run a store write in a thread worker, then refresh and say what happened."""
        self._write_worker(fn, args, message)

    @work(thread=True, exit_on_error=False, group="write")
    def _write_worker(self, fn: Callable[..., Any], args: tuple[Any, ...],
                      message: str | None) -> None:
        fn(*args)
        self.call_from_thread(self._written, message)

    def _written(self, message: str | None) -> None:
        if message:
            self.notify(message, markup=False)
        self.data_changed()

    def action_quick_log(self) -> None:
        """`l`: a screen with its own `l` (the contact screen, the dashboard's rows)
        opens the bar with its contact chosen; elsewhere the bar opens empty."""
        own = getattr(self.screen, "action_log", None)
        if callable(own):
            own()
        else:
            self.quick_log(None)

    def quick_log(self, fixed: ContactRef | None = None) -> None:
        from devhub_tui.tui.screens.quick_log import QuickLogScreen

        def done(saved: bool | None) -> None:
            if saved:
                self.data_changed()

        self.push_screen(QuickLogScreen(fixed), done)

    def action_new_contact(self) -> None:
        self._open_form(None)

    def edit_contact(self, contact: Contact) -> None:
        self._open_form(contact)

    def _open_form(self, contact: Contact | None) -> None:
        from devhub_tui.tui.screens.contact_form import ContactForm

        store = self.store
        assert store is not None

        def save(data: dict[str, Any], tag_list: list[str]) -> str:
            if contact is None:
                return store.add_contact(data, tag_list)
            store.update_contact(contact.id, data)
            store.set_tags(contact.id, tag_list)
            return contact.id

        def done(contact_id: str | None) -> None:
            if contact_id is None:
                return
            self.data_changed()
            if contact is None:
                self.notify("Contact added", markup=False)
                self.open_contact(contact_id)
            else:
                self.notify("Contact saved", markup=False)

        def tags() -> list[str]:
            return [name for name, _ in store.all_tags()]

        self.push_screen(ContactForm(save, contact=contact, load_tags=tags), done)

    def open_contact(self, contact_id: str) -> None:
        from devhub_tui.tui.screens.contact import ContactScreen

        self.push_screen(ContactScreen(contact_id))

    def edit_vip(self, contact: Contact) -> None:
        from devhub_tui.tui.screens.vip import VipEditor

        def done(saved: bool | None) -> None:
            if saved:
                self.notify(f"VIP details saved for {contact.name}", markup=False)
                self.data_changed()

        self.push_screen(VipEditor(contact), done)

    def action_import(self) -> None:
        """Import contacts from a vCard, CSV or devhub JSON file (preview, then confirm)."""
        from devhub_tui.tui.screens.import_screen import ImportScreen

        if self.store is not None and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen(self.store))

    def action_vips(self) -> None:
        """The VIP view: every VIP and the default VIP cadence."""
        from devhub_tui.tui.screens.vip import VipScreen

        if self.store is not None and not isinstance(self.screen, VipScreen):
            self.push_screen(VipScreen())

    def delete_contact(self, contact_id: str, name: str) -> None:
        from devhub_tui.tui.screens.contact import ContactScreen

        if isinstance(self.screen, ContactScreen) and self.screen.contact_id == contact_id:
            self.pop_screen()
        assert self.store is not None
        self.run_write(self.store.delete_contact, contact_id, message=f"Deleted {name}")

    def action_quick_connect(self) -> None:
        from textual.screen import ModalScreen

        from devhub_tui.tui.screens.quick_connect import QuickConnectScreen

        # not over itself, nor over a half-filled form
        if not isinstance(self.screen, QuickConnectScreen | ModalScreen):
            self.push_screen(QuickConnectScreen())

    def action_profile(self) -> None:
        """My card: edit what Quick Connect shares."""
        from devhub_tui.tui.screens.profile import edit_profile

        if self.user is not None:
            edit_profile(self)

    def connect_contact_added(self, name: str) -> None:
        """Quick Connect's sign-up form stored someone: say so, refresh the lists."""
        self.notify(f"New contact: {name}", title="Quick Connect", markup=False, timeout=8)
        self.data_changed()

    def action_logout(self) -> None:
        self._logout()

    @work(thread=True, exclusive=True, exit_on_error=False, group="auth")
    def _logout(self) -> None:
        from devhub_tui.storage.session_file import clear_secret, load_secret

        secret = load_secret(self.db_path)
        if secret and self.auth is not None:
            self.auth.end_session(secret)
        clear_secret(self.db_path)
        self.call_from_thread(self._logged_out)

    def _logged_out(self) -> None:
        from devhub_tui.tui.screens.quick_connect import stop_event

        stop_event(self)  # the sign-up form belongs to the account that started it
        self.user = None
        self.store = None
        self.sub_title = self.store_label
        self.switch_mode("start")
        for name in ("dashboard", "contacts", "interactions"):
            try:
                self.remove_mode(name)
            except UnknownModeError:  # never signed in this time
                pass
        while len(self.screen_stack) > 1:
            self.pop_screen()
        from devhub_tui.tui.screens.auth import LoginScreen

        self.push_screen(LoginScreen())

    # -- no traceback ever reaches the user ---------------------------------
    def crashed(self, error: Exception) -> None:
        """A bug in a handler (textual_compat.ReportsCrashes): keep the details in the
        crash log; the CLI prints `fatal_error` as one line."""
        from devhub_tui.settings.crashlog import write_crash_log

        where = write_crash_log(error)
        self.fatal_error = f"unexpected {type(error).__name__}: {error} (details in {where})"

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(return_code=1 if self.fatal_error else 0)

    def on_unmount(self) -> None:
        if self._heap_frozen:
            gc.unfreeze()
            self._heap_frozen = False
        gc.enable()
        if self.sync_manager is not None:
            self.sync_manager.stop()
        if self.db is not None:
            self.db.close()
        if self.demo:
            from devhub_tui.services.demo_paths import remove_demo_store

            if self._demo_build is not None:  # still building (quit at once): let it end
                self._demo_build.join(5.0)
            remove_demo_store(self.db_path)
