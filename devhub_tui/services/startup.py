"""Opening the store and the session: in the app's worker, or before Textual loads.

`devhub` (the app) starts a `Preopen` before it imports Textual: opening and
checking the file, resuming the saved session and loading the dashboard's data
run in a thread while the main thread imports the UI (SQLite releases the GIL,
so both make progress on two cores). The app then takes the result instead of
opening the store itself; the same `open_session` runs in the app's worker when
there is no preopen (tests, `--demo`). Errors travel with the result and are
reported by the app exactly as if its own worker had raised them.
"""

from __future__ import annotations

import gc
import sys
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from devhub_tui.services.dashboard import DashboardData
    from devhub_tui.storage.auth import Auth, UserRow
    from devhub_tui.storage.db import Database, SyncConfig
    from devhub_tui.storage.ids import Clock


@dataclass
class Opened:
    """An open store, its account count and the resumed user (or None)."""

    db: Database
    auth: Auth
    user_count: int
    user: UserRow | None


def open_session(
    db_path: Path, sync: SyncConfig | None, *, clock: Clock, demo: bool = False
) -> Opened:
    """Open (creating or migrating) the store and resume the saved session."""
    from devhub_tui.storage.auth import Auth
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.session_file import load_secret

    if demo and not db_path.exists():
        from devhub_tui.services.demo import build_demo_store

        build_demo_store(db_path, clock)
    db = open_database(db_path, sync=sync)
    auth = Auth(db, clock=clock)
    count = auth.user_count()
    secret = load_secret(db_path)
    user = auth.resume_session(secret) if secret else None
    return Opened(db, auth, count, user)


def pause_gc() -> None:
    """No garbage collection while the app starts (`devhub` only, before Textual is
    imported); `DevhubApp.end_startup` turns it back on.

    Start-up builds hundreds of thousands of objects that live as long as the app
    (modules, styles, widgets) and almost no garbage, yet each time the allocation
    count passes a threshold the collector walks them: 30-40 ms of a 250 ms start
    went to collections that freed nothing.
    """
    gc.disable()


#: The GIL switch interval while the start-up thread runs (Python's default: 5 ms).
STARTUP_SWITCH_INTERVAL_S = 0.0005


class Preopen:
    """`open_session`, then (signed in) the dashboard's data, in a background thread
    started as early as possible. The session is known first (the app can show the
    dashboard's frame), the data follows (the dashboard fills in)."""

    def __init__(self, db_path: Path, sync: SyncConfig | None, *, clock: Clock) -> None:
        self._args: tuple[Any, ...] = (db_path, sync)
        self._clock = clock
        self._opened_evt = threading.Event()
        self._dashboard_evt = threading.Event()
        self._opened: Opened | None = None
        self._dashboard: DashboardData | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="devhub-preopen", daemon=True)

    @classmethod
    def start(cls, db_path: Path, sync: SyncConfig | None, *, clock: Clock) -> Preopen:
        pre = cls(db_path, sync, clock=clock)
        pre._thread.start()
        return pre

    def _run(self) -> None:
        # While this thread reads, the UI thread imports and composes: pure Python that
        # keeps the GIL. Every SQLite step hands the GIL over and back, and each time
        # this thread may wait a whole switch interval (5 ms) for it: the dashboard's
        # queries took ~450 ms instead of ~150 ms. A shorter interval until this
        # thread is done lets both make progress.
        interval = sys.getswitchinterval()
        sys.setswitchinterval(min(interval, STARTUP_SWITCH_INTERVAL_S))
        try:
            self._load()
        finally:
            sys.setswitchinterval(interval)

    def _load(self) -> None:
        try:
            self._opened = open_session(*self._args, clock=self._clock)
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits
            self._error = exc
        finally:
            self._opened_evt.set()
        try:
            opened = self._opened
            if opened is not None and opened.user is not None:
                from devhub_tui.services.dashboard import load_dashboard
                from devhub_tui.storage.store import Store

                store = Store(opened.db, opened.user.id, clock=self._clock)
                self._dashboard = load_dashboard(store, recompute=True)
        except Exception:  # noqa: BLE001,S110 - the dashboard loads again and reports it
            self._dashboard = None
        finally:
            self._dashboard_evt.set()

    def session_ready(self) -> bool:
        return self._opened_evt.is_set()

    def opened_if_ready(self) -> Opened | None:
        """The open store if the session is known and opening did not fail, else None
        (without waiting)."""
        if not self._opened_evt.is_set() or self._error is not None:
            return None
        return self._opened

    def wait_opened(self) -> Opened:
        """The open store (blocks until known); re-raises the thread's error."""
        self._opened_evt.wait()
        if self._error is not None:
            raise self._error
        assert self._opened is not None
        return self._opened

    def dashboard_ready(self) -> bool:
        return self._dashboard_evt.is_set()

    def wait_dashboard(self) -> DashboardData | None:
        """The dashboard's first data (blocks until loaded); None if that failed."""
        self._dashboard_evt.wait()
        return self._dashboard
