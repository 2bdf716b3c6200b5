"""Opening the store and signing in: the app's way from the start screen to the dashboard.

A mixin of `DevhubApp` (`app.py`): the store opens in a worker (or was opened by
the start-up thread, `services/startup.py`), an encrypted store asks its passphrase
first (issue 21), then the sign-in or onboarding form; once signed in the main modes
(`MAIN_MODES`) are installed, conference mode and sync start and the day is watched
(statuses change with the date). Signing out goes back to the sign-in form.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.app import InvalidModeError, UnknownModeError
from textual.screen import Screen

from devhub_tui.core.dates import ms_to_date
from devhub_tui.tui.app_screens import OpensScreens
from devhub_tui.tui.replica_status import ReplicaStatus
from devhub_tui.tui.session_ui import write_in_background

if TYPE_CHECKING:
    from textual.timer import Timer

    from devhub_tui.services.startup import Preopen

def _dashboard(app: SignsIn) -> Screen[Any]:
    from devhub_tui.tui.screens.dashboard import DashboardScreen

    return DashboardScreen(app.session, preopen=app.take_preopen())


def _contacts(app: SignsIn) -> Screen[Any]:
    from devhub_tui.tui.screens.contacts import ContactsScreen

    return ContactsScreen(app.session)


def _interactions(app: SignsIn) -> Screen[Any]:
    from devhub_tui.tui.screens.interactions import InteractionsScreen

    return InteractionsScreen(app.session)


def _tracks(app: SignsIn) -> Screen[Any]:
    from devhub_tui.tui.screens.tracks import TracksScreen

    return TracksScreen(app.session)


def _events(app: SignsIn) -> Screen[Any]:
    from devhub_tui.tui.screens.events import EventsScreen

    return EventsScreen(app.session)


#: The top-level screens, one a mode (its key: `goto` in BINDINGS), installed once
#: signed in; each is made (and its module imported) when first shown.
MAIN_MODES: dict[str, Callable[[SignsIn], Screen[Any]]] = {
    "dashboard": _dashboard,
    "contacts": _contacts,
    "interactions": _interactions,
    "tracks": _tracks,
    "events": _events,
}

class SignsIn(OpensScreens, ReplicaStatus):
    """Mixin for the app: see the module docstring."""

    store_label: str
    #: the start-up thread opening the session, and the one loading the dashboard
    _opening: Preopen | None
    _preopen: Preopen | None
    #: `devhub --event NAME`, applied at the (first) sign-in
    _conference_request: str | None
    _today: _dt.date | None
    _day_timer: Timer | None

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

    def _new_mode_screen(self, make: Callable[[SignsIn], Screen[Any]]) -> Screen[Any]:
        return make(self)  # styled from the current stylesheet (css_refresh.py)

    def take_preopen(self) -> Preopen | None:
        """The start-up thread that loads the dashboard's first data (handed over once:
        later loads are the dashboard's own)."""
        pre, self._preopen = self._preopen, None
        return pre

    def _check_day(self) -> None:
        """Statuses change with the date: recompute when the day rolls over."""
        today = ms_to_date(self.session.clock())
        if self._today is not None and today != self._today and self.session.signed_in:
            write_in_background(self, self.session, self.session.store.refresh_statuses)
        self._today = today

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
