"""DevhubApp: the full-screen app: start-up, navigation, keys, palette, theme, errors.

The data is the session's (`services/session.py`: the store, the signed-in user,
the contact index, sync, the change signal); each screen is given it and loads
and saves through it. Screens ask the app to go somewhere with the messages of
`messages.py` (open a contact, edit one, the quick log...); the app opens the
screens, runs the modes (`MAIN_MODES`: `d`, `c`, `i`, `b`) and the app-wide actions.
"""

from __future__ import annotations

import datetime as _dt
import gc
from collections.abc import Callable, Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, InvalidModeError, SystemCommand, UnknownModeError
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.timer import Timer

from devhub_tui.core.dates import ms_to_date
from devhub_tui.services.session import Session
from devhub_tui.services.startup import Preopen
from devhub_tui.settings.prefs import load_prefs, save_pref
from devhub_tui.storage.db import SyncConfig
from devhub_tui.storage.ids import Clock, system_clock
from devhub_tui.tui.css_refresh import RefreshesCssWhenChanged
from devhub_tui.tui.errors import ReportsErrors
from devhub_tui.tui.key_hold import HoldsEarlyKeys
from devhub_tui.tui.messages import (
    EditContact,
    EditVip,
    FirstDataShown,
    OffersQuickLog,
    OpenContact,
    OpenQuickLog,
    OpenTrack,
    SignedIn,
)
from devhub_tui.tui.replica_status import ReplicaStatus
from devhub_tui.tui.screens.start import StartScreen
from devhub_tui.tui.session_ui import check_in_background, write_in_background
from devhub_tui.tui.textual_compat import ReportsCrashes
from devhub_tui.tui.toast_room import HoldsToasts, ToastRoom

if TYPE_CHECKING:
    from textual.command import Provider

    from devhub_tui.core.quicklog import ContactRef
    from devhub_tui.storage.store import Contact

# Imported when first used, not at start-up: the palette (textual.command and the
# widgets it pulls in cost ~16 ms), the sign-in screens, help, every other screen.


def _contacts_provider() -> type[Provider]:
    from devhub_tui.tui.palette import ContactsProvider

    return ContactsProvider


def _tracks_provider() -> type[Provider]:
    """Tracks by title, and who you shared a link or title with (issue 19)."""
    from devhub_tui.tui.palette_tracks import TracksProvider

    return TracksProvider

#: Start-up ends at the latest this long after the app mounted (see `end_startup`).
STARTUP_GRACE_S = 3.0
DARK_THEME = "textual-dark"
LIGHT_THEME = "textual-light"
NAV_ACTIONS = {"goto", "quick_log", "new_contact", "quick_connect", "logout", "vips",
               "leave_conference", "match", "stack"}
#: actions of priority keys that open a screen: typed in a text field, they are letters
SCREEN_OPENERS = {"quick_log", "new_contact", "quick_connect", "help"}


def _dashboard(app: DevhubApp) -> Screen[Any]:
    from devhub_tui.tui.screens.dashboard import DashboardScreen

    return DashboardScreen(app.session, preopen=app.take_preopen())


def _contacts(app: DevhubApp) -> Screen[Any]:
    from devhub_tui.tui.screens.contacts import ContactsScreen

    return ContactsScreen(app.session)


def _interactions(app: DevhubApp) -> Screen[Any]:
    from devhub_tui.tui.screens.interactions import InteractionsScreen

    return InteractionsScreen(app.session)


def _tracks(app: DevhubApp) -> Screen[Any]:
    from devhub_tui.tui.screens.tracks import TracksScreen

    return TracksScreen(app.session)


def _events(app: DevhubApp) -> Screen[Any]:
    from devhub_tui.tui.screens.events import EventsScreen

    return EventsScreen(app.session)


#: The top-level screens, one a mode (its key: `goto` in BINDINGS), installed once
#: signed in; each is made (and its module imported) when first shown.
MAIN_MODES: dict[str, Callable[[DevhubApp], Screen[Any]]] = {
    "dashboard": _dashboard,
    "contacts": _contacts,
    "interactions": _interactions,
    "tracks": _tracks,
    "events": _events,
}


def _home_label(path: Path) -> str:
    try:
        return "~/" + str(path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


class DevhubApp(HoldsToasts, HoldsEarlyKeys, ReplicaStatus, ReportsErrors,
                RefreshesCssWhenChanged, ReportsCrashes, App[None]):
    CSS_PATH = "app.tcss"
    TITLE = "devhub"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_contacts_provider, _tracks_provider}

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
        Binding("b", "goto('tracks')", "Tracks", id="nav.tracks",
                tooltip="Jobs, clients, mentorships, collaborations"),
        Binding("E", "goto('events')", "Events", id="nav.events", key_display="E",
                tooltip="Events, who you met there, conference mode"),
        Binding("w", "match", "Who knows", id="nav.match",
                tooltip="Who in your network knows a technology (issue 20)"),
        Binding("g", "stack", "Stack", id="nav.stack",
                tooltip="Tech stack: the technologies across your network"),
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
        conference: str | None = None,
    ) -> None:
        """`preopen`: the session opened (and the dashboard loaded) while Textual was
        importing (`cli/launch.py`); without it the app opens its own session.
        `conference`: `devhub --event NAME`: conference mode starts once signed in."""
        if preopen is not None:
            self.session = preopen.session
        else:
            sync = SyncConfig(sync_url, auth_token, sync_engine) if sync_url else None
            if demo:  # a throwaway store in a temp dir, built by `Session.open`
                from devhub_tui.services.demo_paths import make_demo_path

                db_path, sync = make_demo_path(), None
            self.session = Session(db_path, sync, clock=clock, demo=demo)
        # Signed in already (the start-up thread resumed the session while Textual
        # imported): the first screen is the dashboard itself. Otherwise the start
        # screen shows while the store opens, then the dashboard or the sign-in.
        opened = preopen.opened_if_ready() if preopen is not None else None
        started_signed_in = opened is not None and opened.signed_in
        self.DEFAULT_MODE = "dashboard" if started_signed_in else "start"  # type: ignore[misc]
        super().__init__()
        self.add_mode("start", lambda: StartScreen(self.store_label))
        #: the start-up thread opening the session (kept: a demo store is waited for
        #: on exit), and the same thread as the dashboard's first data (handed over)
        self._opening = self._preopen = preopen
        self._started_signed_in = started_signed_in
        self._heap_frozen = False
        self.demo = demo
        #: `devhub --event NAME`, applied at the (first) sign-in
        self._conference_request = conference
        self._base_title = "devhub [DEMO]" if demo else self.TITLE
        self._today: _dt.date | None = None
        self._day_timer: Timer | None = None
        self.store_label = ("throwaway demo store" if demo
                            else _home_label(self.session.db_path))
        self.sub_title = self.store_label
        if demo:  # removed on exit
            self.title = "devhub [DEMO]"
        #: keeps notifications off the quick-log bar and the QR code
        self.toast_room = ToastRoom(self)
        if started_signed_in:
            self._adopt_user()

    # -- start-up ----------------------------------------------------------
    def on_mount(self) -> None:
        from devhub_tui.services.terminal import app_mounted

        if not app_mounted(self):  # no terminal to read keys from: leave, saying why
            return
        self.set_timer(STARTUP_GRACE_S, self.end_startup)
        self.toast_room.start()
        theme = load_prefs().get("theme")
        self.theme = theme if theme in (DARK_THEME, LIGHT_THEME) else DARK_THEME
        if self._started_signed_in:  # started on the dashboard
            self._signed_in_started()
            self._say_store_notes()
            return
        pre = self._opening
        if pre is not None and pre.session_ready():
            try:
                pre.wait_opened()
            except Exception:  # noqa: BLE001 - the worker raises it again and reports it
                pass
            else:
                self._store_opened()  # straight to the dashboard, no worker hop
                return
        self.open_store()

    @work(thread=True, exclusive=True, exit_on_error=False, group="open")
    def open_store(self) -> None:
        from devhub_tui.storage.errors import PassphraseNeededError, WrongPassphraseError

        try:
            if self._opening is not None:
                self._opening.wait_opened()
            else:
                self.session.open()
        except (PassphraseNeededError, WrongPassphraseError) as exc:
            # an encrypted store (issue 21): its passphrase first, then the sign-in
            self._opening = None
            message = str(exc) if isinstance(exc, WrongPassphraseError) else ""
            self.call_from_thread(self._ask_passphrase, message)
            return
        self.call_from_thread(self._store_opened)

    def _ask_passphrase(self, message: str) -> None:
        from devhub_tui.tui.screens.unlock import UnlockScreen

        def unlocked(ok: bool | None) -> None:
            if ok:
                self.open_store()

        self.push_screen(UnlockScreen(self.session, self.store_label, message), unlocked)

    def _store_opened(self) -> None:
        self._say_store_notes()
        if self.session.signed_in:
            self._signed_in()
            return
        from devhub_tui.tui.screens.auth import LoginScreen, OnboardingScreen

        first = self.session.user_count == 0
        self.push_screen(OnboardingScreen(self.session) if first else LoginScreen(self.session))

    def _say_store_notes(self) -> None:
        """What opening the store found (a mode made private, a read-only folder)."""
        for note in self.session.take_notes():
            self.notify(note, title="Store", severity="warning", markup=False, timeout=12)
        db = self.session.db
        if db is not None and db.mode == "local" and not self.session.writable:
            self.notify(f"{db.offline_reason}: you can look, but changes can't be saved",
                        title="Read-only", severity="warning", markup=False, timeout=12)

    def on_signed_in(self, message: SignedIn) -> None:
        """A sign-in screen opened a session (its secret saved)."""
        self._signed_in()

    def _signed_in(self) -> None:
        self._adopt_user()
        self.switch_mode("dashboard")
        self._signed_in_started()

    def _adopt_user(self) -> None:
        assert self.session.user is not None
        self.sub_title = f"{self.session.user.username} · {self.store_label}"
        for name, make in MAIN_MODES.items():
            try:
                self.add_mode(name, partial(self._new_mode_screen, make))
            except InvalidModeError:  # added at an earlier sign-in
                pass

    def _signed_in_started(self) -> None:
        request, self._conference_request = self._conference_request, None
        if request:
            self.toggle_conference(request)
        else:
            self.show_conference()
        self._today = ms_to_date(self.session.clock())
        if self._day_timer is None:
            self._day_timer = self.set_interval(60, self._check_day)
        # the quick-log / palette index is built on first use (0.8 s of Python at 100k
        # contacts: built in the background it would compete with the UI for the GIL)
        manager = self.session.start_sync(self, self._sync_changed)
        if manager is not None:
            self._sync_changed(manager.state)

    def _new_mode_screen(self, make: Callable[[DevhubApp], Screen[Any]]) -> Screen[Any]:
        return make(self)  # styled from the current stylesheet (css_refresh.py)

    def on_first_data_shown(self, message: FirstDataShown) -> None:
        self.end_startup()

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

    def _check_day(self) -> None:
        """Statuses change with the date: recompute when the day rolls over."""
        today = ms_to_date(self.session.clock())
        if self._today is not None and today != self._today and self.session.signed_in:
            write_in_background(self, self.session, self.session.store.refresh_statuses)
        self._today = today

    # -- navigation: what screens ask for (messages.py) ----------------------
    def on_open_contact(self, message: OpenContact) -> None:
        self.open_contact(message.contact_id)

    def open_contact(self, contact_id: str) -> None:
        from devhub_tui.tui.screens.contact import ContactScreen

        self.push_screen(ContactScreen(self.session, contact_id))

    def on_edit_contact(self, message: EditContact) -> None:
        self.edit_contact(message.contact)

    def edit_contact(self, contact: Contact | None) -> None:
        """The contact form (a new contact: None); a new one opens once saved."""
        from devhub_tui.tui.screens.contact_form import ContactForm

        def done(contact_id: str | None) -> None:
            if contact_id is None:
                return
            if contact is None:
                self.notify("Contact added", markup=False)
                self.open_contact(contact_id)
            else:
                self.notify("Contact saved", markup=False)

        self.push_screen(ContactForm.for_session(self.session, contact), done)

    def on_edit_vip(self, message: EditVip) -> None:
        from devhub_tui.tui.screens.vip_editor import VipEditor

        name = message.contact.name

        def done(saved: bool | None) -> None:
            if saved:
                self.notify(f"VIP details saved for {name}", markup=False)

        self.push_screen(VipEditor(self.session, message.contact), done)

    def on_open_quick_log(self, message: OpenQuickLog) -> None:
        self.open_quick_log(message.contact, message.initial)

    def open_quick_log(self, contact: ContactRef | None = None, initial: str = "") -> None:
        from devhub_tui.tui.screens.quick_log import QuickLogScreen

        self.push_screen(QuickLogScreen(self.session, contact, initial=initial))

    def on_open_track(self, message: OpenTrack) -> None:
        from devhub_tui.tui.screens.track_detail import TrackScreen

        self.push_screen(TrackScreen(self.session, message.track_id))

    # -- actions -----------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in NAV_ACTIONS and not self.session.signed_in:
            return False
        if action in NAV_ACTIONS and isinstance(self.screen, ModalScreen):
            return None  # a dialog is answered or closed first (dimmed in the footer)
        if action in SCREEN_OPENERS:
            from textual.widgets import Input, TextArea

            if isinstance(self.focused, Input | TextArea):
                return None  # a letter there
        if action == "quit":
            # `q` quits from top-level screens only (a contact screen goes back with escape)
            from devhub_tui.tui.screens.auth import AuthForm
            from devhub_tui.tui.screens.base import MainScreen
            from devhub_tui.tui.screens.fatal import FatalScreen
            from devhub_tui.tui.screens.unlock import UnlockScreen

            return isinstance(self.screen, MainScreen | StartScreen | AuthForm | FatalScreen
                              | UnlockScreen)
        return True

    def action_goto(self, mode: str) -> None:
        # from a screen opened on top of a list (a contact, the VIPs, Quick Connect):
        # that list shows again when its mode comes back
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()
        if self.current_mode != mode:
            self.switch_mode(mode)  # the screen's resume asks check_store
        else:
            check_in_background(self, self.session)

    def action_contacts_filter(self) -> None:
        """The palette's "Contacts by skill…": the contacts, then what to filter by."""
        self.action_goto("contacts")
        self.call_after_refresh(self._contacts_filter)

    def _contacts_filter(self) -> None:
        from devhub_tui.tui.screens.contacts import ContactsScreen

        if isinstance(self.screen, ContactsScreen):
            self.screen.action_filter_category()

    def action_quick_log(self) -> None:
        """`l`: a screen with its own `l` (the contact screen, the dashboard's rows)
        opens the bar with its contact chosen; elsewhere the bar opens empty."""
        screen = self.screen
        request = (screen.quick_log_request() if isinstance(screen, OffersQuickLog)
                   else OpenQuickLog())
        if request is not None:
            self.open_quick_log(request.contact, request.initial)

    def action_new_contact(self) -> None:
        """`n`: the contact form; in conference mode, the quick capture (a name and
        one line of notes: the person is met at the event)."""
        event = self.session.conference
        if not event:
            self.edit_contact(None)
            return
        from devhub_tui.tui.screens.events import CaptureForm

        def done(name: object) -> None:
            if isinstance(name, str):
                self.notify(f"{name} added · met at {event}", markup=False)

        self.push_screen(CaptureForm(self.session, event), done)

    def action_quick_connect(self) -> None:
        """`r`: Quick Connect; in conference mode, the event's sign-up QR."""
        from devhub_tui.tui.screens.quick_connect import QuickConnectScreen

        # not over itself, nor over a half-filled form
        if not isinstance(self.screen, QuickConnectScreen | ModalScreen):
            self.push_screen(QuickConnectScreen(self.session, event=self.session.conference))

    # -- conference mode (issue 20) -------------------------------------------
    def show_conference(self) -> None:
        """The header says whether conference mode is on, at which event, and that
        it came back from the last run."""
        event = self.session.conference if self.session.signed_in else None
        if not event:
            self.title = self._base_title
            return
        how = "conference mode, resumed" if self.session.conference_resumed else (
            "conference mode")
        self.title = f"{self._base_title} · ◆ {event} ({how})"

    def toggle_conference(self, event: str | None) -> None:
        """Start conference mode at `event`, or leave it (None): nothing is asked,
        nothing captured is touched; the account's prefs keep it across restarts."""
        self._set_conference(event)

    @work(thread=True, exclusive=True, exit_on_error=False, group="conference")
    def _set_conference(self, event: str | None) -> None:
        session = self.session
        was = session.conference
        if event:
            name = session.start_conference(event)
            message = f"Conference mode at {name}: n adds a person met there, r its QR"
        else:
            session.leave_conference()
            message = f"Left conference mode{f' at {was}' if was else ''}"
        self.call_from_thread(self.show_conference)
        self.call_from_thread(self.notify, message, markup=False)

    def action_leave_conference(self) -> None:
        if self.session.conference:
            self.toggle_conference(None)
        else:
            self.notify("Conference mode is off: E, then m on an event, starts it",
                        markup=False)

    @property
    def header_click_tooltip(self) -> str | None:
        """What a click on the header's title does (`widgets/header.py`), if anything."""
        if self.session.signed_in and self.session.conference:
            return f"Click to leave conference mode at {self.session.conference}"
        return None

    def action_header_clicked(self) -> None:
        """A click on the header's title: leaves conference mode when it is on."""
        if self.session.signed_in and self.session.conference:
            self.toggle_conference(None)

    def action_vips(self) -> None:
        """The VIP view: every VIP and the default VIP cadence."""
        from devhub_tui.tui.screens.vip import VipScreen

        if self.session.signed_in and not isinstance(self.screen, VipScreen):
            self.push_screen(VipScreen(self.session))

    def _push_over_base(self, screen: Screen[Any]) -> None:
        """Open `screen` over the current mode's screen (one of its kind, at most)."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, ModalScreen):
            self.pop_screen()
        self.push_screen(screen)

    def action_match(self) -> None:
        """Who knows…: contacts ranked by a technology (issue 20)."""
        from devhub_tui.tui.screens.match import MatchScreen

        if self.session.signed_in and not isinstance(self.screen, MatchScreen):
            self._push_over_base(MatchScreen(self.session))

    def action_stack(self) -> None:
        """The tech stack: a bar chart of skills or topics (issue 20)."""
        from devhub_tui.tui.screens.stack import StackScreen

        if self.session.signed_in and not isinstance(self.screen, StackScreen):
            self._push_over_base(StackScreen(self.session))

    def action_import(self) -> None:
        """Import contacts from a vCard, CSV or devhub JSON file (preview, then confirm)."""
        from devhub_tui.tui.screens.import_screen import ImportScreen

        if self.session.signed_in and not isinstance(self.screen, ImportScreen):
            self.push_screen(ImportScreen(self.session))

    def action_profile(self) -> None:
        """My card: edit what Quick Connect shares."""
        from devhub_tui.tui.screens.profile import edit_profile

        edit_profile(self, self.session)

    def action_settings(self) -> None:
        from devhub_tui.tui.screens.settings import open_settings

        open_settings(self, self.session)

    def action_recompute(self) -> None:
        if self.session.signed_in:
            write_in_background(self, self.session, self.session.store.recompute_statuses,
                                message="Statuses recomputed")

    def action_refresh(self) -> None:
        """Reload from the store (what the CLI or another devhub wrote)."""
        check_in_background(self, self.session, force=True)

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

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from devhub_tui.tui.palette import system_commands

        return system_commands(self, self.session.signed_in)

    def action_logout(self) -> None:
        self._logout()

    @work(thread=True, exclusive=True, exit_on_error=False, group="auth")
    def _logout(self) -> None:
        self.session.sign_out()
        self.call_from_thread(self._logged_out)

    def _logged_out(self) -> None:
        from devhub_tui.tui.screens.auth import LoginScreen
        from devhub_tui.tui.screens.quick_connect import stop_event

        stop_event(self)  # the sign-up form belongs to the account that started it
        self.sub_title = self.store_label
        self.show_conference()
        self.switch_mode("start")
        for name in MAIN_MODES:
            try:
                self.remove_mode(name)
            except UnknownModeError:  # never signed in this time
                pass
        while len(self.screen_stack) > 1:
            self.pop_screen()
        self.push_screen(LoginScreen(self.session))

    def on_unmount(self) -> None:
        if self._heap_frozen:
            gc.unfreeze()
            self._heap_frozen = False
        gc.enable()
        self.session.close()
        if self.demo:
            from devhub_tui.services.demo_paths import remove_demo_store

            if self._opening is not None:  # still building (quit at once): let it end
                self._opening.join(5.0)
            remove_demo_store(self.session.db_path)
