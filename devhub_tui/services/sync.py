"""Keeping a replica in sync.

`sync_once(db, ...)` is one sync pass (push, pull, then statuses recomputed when
something came in); the `devhub sync` command and the app both use it.

`SyncManager` is the app's side: a small state machine

    idle -> syncing -> synced(at) | offline(pending) | error(detail) -> syncing -> ...

that syncs on launch, ~2 s after the last local write (debounced), every
`DEVHUB_SYNC_INTERVAL` seconds (default 300) and on demand ("Sync now"). Each pass runs
in a thread worker (group "sync", exclusive); a request made while one runs is
coalesced into one more pass afterwards. Network steps are bounded by the replica's
timeout, so a hung server turns into "offline" and never blocks the UI.

Offline is normal: writes keep committing locally and wait for the next pass.

No textual import here (the CLI imports this module); the manager only calls the
host's timer, worker and notification methods (`SyncHost`: the app). The session
(`services/session.py`) makes it, gives it the signed-in store and hears of pulls.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Protocol
from urllib.parse import urlsplit

from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import OfflineError, StoreError
from devhub_tui.storage.ids import Clock, system_clock

if TYPE_CHECKING:
    from devhub_tui.storage.store import Store

DEBOUNCE_S = 2.0
#: How often the header's "synced N min ago" is re-rendered.
TICK_S = 30.0


@dataclass(frozen=True)
class SyncResult:
    """What one `sync_once` did."""

    pushed: int
    pulled: bool
    recomputed: int
    pending: int
    server: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "server": self.server,
            "pushed": self.pushed,
            "pulled": self.pulled,
            "statuses_recomputed": self.recomputed,
            "pending": self.pending,
        }

    def summary(self) -> str:
        pulled = "pulled changes from other devices" if self.pulled else "nothing new to pull"
        line = f"synced with {self.server}: pushed {_n(self.pushed, 'change')}, {pulled}"
        if self.recomputed:
            line += f", {_n(self.recomputed, 'status', 'statuses')} updated"
        if self.pending:
            line += f"; {_n(self.pending, 'change')} still waiting"
        return line


def server_label(db: Database) -> str:
    """The sync server's host, for messages (never the URL's credentials or the token)."""
    url = db.sync.url if db.sync is not None else ""
    return urlsplit(url).hostname or "the sync server"


def sync_once(db: Database, *, store: Store | None = None) -> SyncResult:
    """Push, pull, and after a pull recompute `store`'s statuses (the signed-in
    user's; pushing any status that changed). Raises OfflineError / StoreError like
    `db.sync_now()`."""
    report = db.sync_now()
    recomputed = 0
    if report.pulled:
        if store is not None:
            # rows pulled from another device carry the statuses it computed, and
            # when they next change: bring the ones whose time has come up to now
            recomputed = int(store.refresh_statuses())
            if recomputed:
                db.sync_now()
    return SyncResult(
        pushed=report.pushed,
        pulled=report.pulled,
        recomputed=recomputed,
        pending=db.pending_changes(),
        server=server_label(db),
    )


@dataclass(frozen=True)
class SyncState:
    """What the header shows. `synced_at` is the last successful sync (epoch ms)."""

    kind: str = "idle"  # idle | syncing | synced | offline | error
    synced_at: int | None = None
    pending: int = 0
    detail: str = ""


class SyncHost(Protocol):
    """What the manager needs of the app (Textual's App has all of it)."""

    def set_interval(self, interval: float, callback: Callable[[], Any], *,
                     name: str | None = ...) -> Any: ...

    def set_timer(self, delay: float, callback: Callable[[], Any], *,
                  name: str | None = ...) -> Any: ...

    def run_worker(self, work: Callable[[], Any], name: str | None = ..., group: str = ...,
                   description: str = ..., exit_on_error: bool = ..., start: bool = ...,
                   exclusive: bool = ..., thread: bool = ...) -> Any: ...

    def call_from_thread(self, callback: Callable[..., Any], *args: Any) -> Any: ...

    def call_later(self, callback: Callable[..., Any], *args: Any) -> bool: ...

    def notify(self, message: str, *, title: str = ..., severity: Any = ...,
               timeout: float | None = ..., markup: bool = ...) -> None: ...


class SyncManager:
    """Runs syncs for the app (see the module docstring). UI-thread methods:
    `start`, `stop`, `request`; `note_write` may be called from any thread;
    everything else runs in workers."""

    def __init__(
        self,
        app: SyncHost,
        db: Database,
        *,
        interval_s: float | None = None,
        debounce_s: float = DEBOUNCE_S,
        clock: Clock = system_clock,
        on_change: Callable[[SyncState], None] | None = None,
        store: Callable[[], Store | None] = lambda: None,
        on_pulled: Callable[[], object] | None = None,
    ) -> None:
        """`store`: the signed-in user's store (statuses recomputed after a pull);
        `on_pulled`: called on the UI thread after a pass that pulled changes."""
        if interval_s is None:
            from devhub_tui.settings.sync_config import sync_interval

            interval_s = sync_interval()
        self.app = app
        self.db = db
        self.interval_s = float(interval_s)
        self.debounce_s = debounce_s
        self.clock = clock
        self.on_change = on_change
        self.current_store = store
        self.on_pulled = on_pulled
        self.state = SyncState()
        self.passes = 0  # finished sync passes (tests wait on it)
        self._running = False
        self._again = False
        self._manual = False
        self._stopped = False
        self._timers: list[Any] = []
        self._debounce: Any = None
        self._last_error = ""

    # -- UI thread ------------------------------------------------------------------
    def start(self) -> None:
        """Sync now (launch), then every `interval_s`; re-render the label every 30 s."""
        self._timers = [
            self.app.set_interval(self.interval_s, self.request, name="sync-interval"),
            self.app.set_interval(TICK_S, self._emit, name="sync-tick"),
        ]
        self._emit()
        self._count_pending()
        self.request()

    def stop(self) -> None:
        self._stopped = True
        for timer in [*self._timers, self._debounce]:
            if timer is not None:
                timer.stop()
        self._timers, self._debounce = [], None

    def request(self, *, manual: bool = False) -> None:
        """Sync as soon as possible (coalesced with a pass already running)."""
        if self._stopped:
            return
        self._manual = self._manual or manual
        if self._running:
            self._again = True
            return
        self._running = True
        self._set(replace(self.state, kind="syncing"))
        self.app.run_worker(
            self._work,
            name="sync",
            group="sync",
            thread=True,
            exclusive=True,
            exit_on_error=False,
        )

    def note_write(self) -> None:
        """A local write committed (in any thread): push it in `debounce_s` (the timer
        restarts on each write)."""
        if not self._stopped:
            self.app.call_later(self._note_write)

    def _note_write(self) -> None:
        if self._stopped:
            return
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.app.set_timer(self.debounce_s, self._debounced, name="sync-debounce")
        self._count_pending()

    def _debounced(self) -> None:
        self._debounce = None
        self.request()

    def _count_pending(self) -> None:
        self.app.run_worker(
            self._pending_work, name="sync-pending", group="sync-pending", thread=True,
            exclusive=True, exit_on_error=False,
        )

    def _set(self, state: SyncState) -> None:
        self.state = state
        self._emit()

    def _emit(self) -> None:
        if self.on_change is not None:
            self.on_change(self.state)

    # -- worker threads -------------------------------------------------------------
    def _pending_work(self) -> None:
        pending = self._safe_pending()
        last = self._last_synced() if self.state.synced_at is None else None
        self._post(self._pending_counted, pending, last)

    def _pending_counted(self, pending: int, last: int | None) -> None:
        state = self.state
        if last is not None and state.synced_at is None:
            state = replace(state, synced_at=last)
        if state.kind != "syncing":
            state = replace(state, pending=pending)
        if state != self.state:
            self._set(state)

    def _last_synced(self) -> int | None:
        """The replica's own record of its last sync (from before this launch)."""
        getter = getattr(self.db, "last_synced_ms", None)
        if not callable(getter):
            return None
        try:
            value = getter()
        except Exception:  # noqa: BLE001 - a nicety for the header
            return None
        return int(value) if value else None

    def _safe_pending(self) -> int:
        try:
            return int(self.db.pending_changes())
        except Exception:  # noqa: BLE001 - a count for the header, never an error
            return self.state.pending

    def _work(self) -> None:
        pulled = False
        prev = self.state
        if prev.synced_at is None:
            prev = replace(prev, synced_at=self._last_synced())
        try:
            result = sync_once(self.db, store=self.current_store())
            pulled = result.pulled
            state = SyncState("synced", self.clock(), result.pending)
        except OfflineError as exc:
            state = SyncState("offline", prev.synced_at, self._safe_pending(), str(exc))
        except StoreError as exc:
            state = SyncState("error", prev.synced_at, self._safe_pending(), str(exc))
        except Exception as exc:  # noqa: BLE001 - shown in the header, never a crash
            detail = f"unexpected {type(exc).__name__}: {exc}"
            token = self.db.sync.auth_token if self.db.sync is not None else None
            if token:
                detail = detail.replace(token, "***")
            state = SyncState("error", prev.synced_at, self._safe_pending(), detail)
        self._post(self._finished, state, pulled)

    def _post(self, fn: Callable[..., None], *args: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the app is closing
            self.app.call_from_thread(fn, *args)

    # -- back on the UI thread ----------------------------------------------------------
    def _finished(self, state: SyncState, pulled: bool) -> None:
        self._running = False
        self.passes += 1
        manual, self._manual = self._manual, False
        self._set(state)
        if pulled and self.on_pulled is not None:
            self.on_pulled()
        if state.kind == "error" and (manual or state.detail != self._last_error):
            self.app.notify(state.detail, title="Sync failed", severity="error", markup=False,
                            timeout=10)
        elif manual and state.kind == "offline":
            self.app.notify(f"{state.detail}. {_waiting(state.pending)} locally; devhub "
                            "will try again.", title="Offline", severity="warning",
                            markup=False)
        elif manual and state.kind == "synced":
            self.app.notify("Synced" + (f"; {_waiting(state.pending)}" if state.pending else ""),
                            markup=False)
        self._last_error = state.detail if state.kind == "error" else ""
        if self._again and not self._stopped:
            self._again = False
            self.request()


def _n(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else (many or one + 's')}"


def _waiting(n: int) -> str:
    return f"{_n(n, 'change')} waiting"
