"""Opening the session before Textual loads.

`devhub` (the app) starts a `Preopen` before it imports Textual: opening and
checking the file, resuming the saved sign-in (`Session.open`) and loading the
dashboard's data run in a thread. The main thread waits for the opening (mostly
Python: it would only take turns with Textual's import on the GIL, see `settle`),
then imports the UI while the dashboard's queries run (SQLite releases the GIL,
so both make progress on two cores). The app then takes that
session instead of opening the store itself; without a preopen (tests) it opens
its own session in a worker. `devhub --demo` builds its throwaway store, demo data
included, in that thread too. Errors travel with the result and are reported by
the app exactly as if its own worker had raised them.
"""

from __future__ import annotations

import gc
import sys
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from devhub_tui.services.session import Session

if TYPE_CHECKING:
    from devhub_tui.services.dashboard import DashboardData
    from devhub_tui.storage.db import SyncConfig
    from devhub_tui.storage.ids import Clock


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

#: How long `devhub` waits for the store's opening before it imports Textual (see
#: `Preopen.settle`): a local store opens in 30-70 ms, a demo store is built in ~40 ms.
OPEN_WAIT_S = 0.1


class Preopen:
    """`Session.open`, then (signed in) the dashboard's data, in a background thread
    started as early as possible. The session is known first (the app can show the
    dashboard's frame), the data follows (the dashboard fills in)."""

    def __init__(self, session: Session) -> None:
        #: opened by the thread: read it once `session_ready()`
        self.session = session
        self._opened_evt = threading.Event()
        self._dashboard_evt = threading.Event()
        self._dashboard: DashboardData | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="devhub-preopen", daemon=True)

    @classmethod
    def start(cls, db_path: Path, sync: SyncConfig | None, *, clock: Clock,
              demo: bool = False) -> Preopen:
        """`demo`: db_path is a new throwaway demo store (`make_demo_path`), built
        with its demo data in the thread."""
        pre = cls(Session(db_path, sync, clock=clock, demo=demo))
        pre._thread.start()
        return pre

    @property
    def db_path(self) -> Path:
        return self.session.db_path

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
        session = self.session
        try:
            session.open()
        except BaseException as exc:  # noqa: BLE001 - handed to whoever waits
            self._error = exc
        finally:
            self._opened_evt.set()
        try:
            if self._error is None and session.signed_in:
                from devhub_tui.services.dashboard import load_dashboard

                self._dashboard = load_dashboard(session.store, recompute=True)
        except Exception:  # noqa: BLE001,S110 - the dashboard loads again and reports it
            self._dashboard = None
        finally:
            self._dashboard_evt.set()

    def settle(self, timeout: float = OPEN_WAIT_S) -> bool:
        """Wait (at most `timeout` s) until the opening is over; True if it is.

        The opening is mostly Python (importing the storage layer, building a demo
        store), and so is Textual's import: run side by side they only take turns
        on the GIL, and every turn costs a hand-over. Measured in a real terminal
        (7 alternated runs each), the dashboard showed 16-31 ms sooner when the UI
        thread first waited for the opening: empty store 279 -> 262 ms, 10k 312 ->
        288, 100k 305 -> 285, demo 386 -> 355. The dashboard's queries still run
        beside the import: at 100k they are SQLite work that hands the GIL back. A
        slow opening (a sync server that does not answer, a locked file) costs at
        most `timeout`: then the import goes on beside it as before.

        Not waited for at all: an encrypted store's opening, which is mostly its
        key's derivation (argon2id, in C, handing the GIL back: 10k, encrypted,
        dashboard 334 ms beside the import against 391 ms after it), and a
        replica's, which waits on its sync server."""
        if not self._python_bound():
            return self._opened_evt.is_set()
        return self._opened_evt.wait(timeout)

    def _python_bound(self) -> bool:
        session = self.session
        if session.demo:
            return True
        if session.sync_config is not None:
            return False
        from devhub_tui.storage.crypt_files import is_encrypted

        try:
            return not is_encrypted(session.db_path)
        except Exception:  # noqa: BLE001 - the opening reports it; nothing to wait for
            return False

    def join(self, timeout: float) -> None:
        """Wait (at most `timeout` s) until the thread has finished."""
        self._thread.join(timeout)

    def session_ready(self) -> bool:
        return self._opened_evt.is_set()

    def opened_if_ready(self) -> Session | None:
        """The opened session if opening is over and did not fail, else None (without
        waiting)."""
        if not self._opened_evt.is_set() or self._error is not None:
            return None
        return self.session

    def wait_opened(self) -> Session:
        """The opened session (blocks until known); re-raises the thread's error."""
        self._opened_evt.wait()
        if self._error is not None:
            raise self._error
        return self.session

    def dashboard_ready(self) -> bool:
        return self._dashboard_evt.is_set()

    def wait_dashboard(self) -> DashboardData | None:
        """The dashboard's first data (blocks until loaded); None if that failed."""
        self._dashboard_evt.wait()
        return self._dashboard
