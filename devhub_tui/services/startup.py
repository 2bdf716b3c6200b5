"""Opening the store and the session: in the app's worker, or before Textual loads.

`devhub` (the app) starts a `Preopen` before it imports Textual: opening and
checking the file, resuming the saved session and loading the dashboard's data
run in a thread while the main thread imports the UI (SQLite releases the GIL,
so both make progress on two cores). The app then takes the result instead of
opening the store itself; the same `open_session` runs in the app's worker when
there is no preopen (tests). `devhub --demo` builds its throwaway store, demo
data included, in that thread too. Errors travel with the result and are
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
    """Open (creating or migrating) the store and resume the saved session; `demo`:
    a new throwaway store (`make_demo_path`) is filled with the demo data first."""
    from devhub_tui.storage.auth import Auth
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.session_file import load_secret

    fresh_demo = demo and not db_path.exists()
    db = open_database(db_path, sync=sync)
    if fresh_demo:  # the throwaway store of `devhub --demo`: fill it (cheap demo hash)
        from devhub_tui.services.demo import fill_demo_store

        try:
            fill_demo_store(db, db_path, clock, throwaway=True)
        except BaseException:
            db.close()
            raise
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

    def __init__(self, db_path: Path, sync: SyncConfig | None, *, clock: Clock,
                 demo: bool = False) -> None:
        self._args: tuple[Any, ...] = (db_path, sync)
        self._clock = clock
        self._demo = demo
        self._opened_evt = threading.Event()
        self._dashboard_evt = threading.Event()
        self._opened: Opened | None = None
        self._dashboard: DashboardData | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="devhub-preopen", daemon=True)

    @classmethod
    def start(cls, db_path: Path, sync: SyncConfig | None, *, clock: Clock,
              demo: bool = False) -> Preopen:
        """`demo`: db_path is a new throwaway demo store (`make_demo_path`), built
        with its demo data in the thread."""
        pre = cls(db_path, sync, clock=clock, demo=demo)
        pre._thread.start()
        return pre

    @property
    def db_path(self) -> Path:
        return Path(self._args[0])

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
            self._opened = open_session(*self._args, clock=self._clock, demo=self._demo)
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

    def join(self, timeout: float) -> None:
        """Wait (at most `timeout` s) until the thread has finished."""
        self._thread.join(timeout)

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
