"""DevhubApp: the full-screen app: start-up, navigation, keys, palette, theme, errors.

The data is the session's (`services/session.py`: the store, the signed-in user,
the contact index, sync, the change signal); each screen is given it and loads
and saves through it. Screens ask the app to go somewhere with the messages of
`messages.py` (open a contact, edit one, the quick log...); the app opens the
screens, runs the modes (`app_signin.MAIN_MODES`: `d`, `c`, `i`, `b`, `E`) and the
app-wide actions. Mixins hold the rest: opening the store and signing in
(`app_signin.py`), the screens opened by a key or the palette and conference mode
(`app_screens.py`), sync (`replica_status.py`), errors (`errors.py`), notifications
(`toast_room.py`).
"""

from __future__ import annotations

import datetime as _dt
import gc
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import ModalScreen, Screen
from textual.timer import Timer
from textual.widget import Widget

from devhub_tui.services.session import Session
from devhub_tui.services.startup import Preopen
from devhub_tui.settings.prefs import load_prefs, save_pref
from devhub_tui.storage.db import SyncConfig
from devhub_tui.storage.ids import Clock, system_clock
from devhub_tui.tui.app_screens import OpensScreens
from devhub_tui.tui.app_signin import SignsIn
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


def _takes_text(widget: Widget | None) -> bool:
    """The focused widget is a text field (letters typed there are text, not keys).
    TextArea is only looked up when the widget is one by name: importing it costs
    ~9 ms, and the footer asks this for every key while the app starts."""
    if widget is None:
        return False
    from textual.widgets import Input

    if isinstance(widget, Input):
        return True
    if not any(cls.__name__ == "TextArea" for cls in type(widget).__mro__):
        return False
    from textual.widgets import TextArea

    return isinstance(widget, TextArea)


def _home_label(path: Path) -> str:
    try:
        return "~/" + str(path.resolve().relative_to(Path.home().resolve()))
    except ValueError:
        return str(path)


class DevhubApp(HoldsToasts, HoldsEarlyKeys, SignsIn, OpensScreens, ReplicaStatus,
                ReportsErrors, RefreshesCssWhenChanged, ReportsCrashes, App[None]):
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

    def on_signed_in(self, message: SignedIn) -> None:
        """A sign-in screen opened a session (its secret saved)."""
        self._signed_in()

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

    def get_theme_variable_defaults(self) -> dict[str, str]:
        """`$vip`: the VIP marks' magenta, 4.5:1 (WCAG AA) on the theme's backgrounds."""
        return {"vip": "#ff79ff" if self.current_theme.dark else "#990099"}

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
        if action in SCREEN_OPENERS and _takes_text(self.focused):
            return None  # a letter there
        if action == "quit":
            # `q` quits from top-level screens only (a contact screen goes back with
            # escape): those that say so, without importing them all at start-up
            return bool(getattr(self.screen, "QUITS_ON_Q", False))
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

    def action_recompute(self) -> None:
        if self.session.signed_in:
            write_in_background(self, self.session, self.session.store.recompute_statuses,
                                message="Statuses recomputed")

    def action_refresh(self) -> None:
        """Reload from the store (what the CLI or another devhub wrote)."""
        check_in_background(self, self.session, force=True)

    def action_toggle_theme(self) -> None:
        self.theme = LIGHT_THEME if self.theme == DARK_THEME else DARK_THEME
        self._save_theme(self.theme)

    @work(thread=True, exit_on_error=False, group="prefs")
    def _save_theme(self, theme: str) -> None:
        save_pref("theme", theme)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        from devhub_tui.tui.palette import system_commands

        return system_commands(self, self.session.signed_in)

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
