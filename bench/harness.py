"""Runs one app (devhub or a bare Textual app) headless in this process and reports.

    python -m bench.harness MODE RESULT_JSON [DB] [QUERY ...]

Modes:
  bare         a bare Textual App showing one Static: ready when it is painted
  app          devhub on DB: ready when the DashboardScreen is mounted, every
               worker it started has finished and the frame after that is painted
  memory       app, then the contacts list (a few pages), then the quick log with
               its 100k-contact index; peak RSS at the end
  memory-bare  the bare app holding every contact's (id, name, nickname) read with
               raw sqlite3 -- the least an app "with 100k contacts loaded" needs
  keys         app, then the contacts list: types each QUERY a key at a time and
               times each key from press to the repainted, filtered list

"Painted" = Textual's compositor rendered the frame (headless skips only the
write to a terminal); the harness then renders one full frame to text as well.
The result JSON holds `ready` (time.time() when ready), `maxrss_kib`, and per
mode extras (`first_paint` for the app: the dashboard's first frame, before its
data). The parent measures cold start as `ready - spawn time`.
"""

from __future__ import annotations

import asyncio
import json
import resource
import sqlite3
import sys
import time
from pathlib import Path
from typing import Any

SIZE = (120, 40)
TIMEOUT_S = 180.0


def _maxrss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


async def _after_refresh(app: Any) -> None:
    loop = asyncio.get_running_loop()
    fut: asyncio.Future[None] = loop.create_future()

    def done() -> None:
        if not fut.done():
            fut.set_result(None)

    app.screen.call_after_refresh(done)
    try:
        await asyncio.wait_for(fut, 2.0)
    except TimeoutError:
        pass


async def settle(app: Any) -> None:
    """Until no worker is pending or running, and the frame after that is painted."""
    from textual.worker import WorkerState

    for _ in range(100):
        await app.workers.wait_for_complete()
        await _after_refresh(app)
        busy = [w for w in app.workers if w.state in (WorkerState.PENDING, WorkerState.RUNNING)]
        if not busy:
            return


def _paint(app: Any) -> None:
    """Render the current screen in full, to text, as a terminal would receive it."""
    update = app.screen._compositor.render_update(full=True)
    if update is not None:
        update.render_segments(app.console)


def _write(path: str, data: dict[str, Any]) -> None:
    data.setdefault("maxrss_kib", _maxrss_kib())
    Path(path).write_text(json.dumps(data))


def run_bare(out: str, rows: list[Any] | None = None) -> None:
    from textual.app import App, ComposeResult
    from textual.widgets import Static

    result: dict[str, Any] = {}

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("devhub")

    async def pilot(p: Any) -> None:
        app = p.app
        while not (app.screen.is_mounted and app.screen.query(Static)):
            await asyncio.sleep(0.001)
        await settle(app)
        _paint(app)
        result["ready"] = time.time()
        result["rows"] = len(rows) if rows is not None else None
        app.exit()

    Bare().run(headless=True, size=SIZE, auto_pilot=pilot)
    _write(out, result)


def _read_rows(db: str) -> list[Any]:
    c = sqlite3.connect(db)
    try:
        return c.execute("SELECT id, name, nickname FROM contacts").fetchall()
    finally:
        c.close()


async def _wait_dashboard(app: Any) -> None:
    from devhub_tui.tui.screens.auth import LoginScreen, OnboardingScreen
    from devhub_tui.tui.screens.dashboard import DashboardScreen

    while True:
        try:
            screen = app.screen
        except Exception:  # noqa: BLE001 - no screen yet
            screen = None
        if isinstance(screen, DashboardScreen) and screen.is_mounted:
            return
        if isinstance(screen, LoginScreen | OnboardingScreen):
            raise RuntimeError("the app is not signed in (no saved session)")
        if app.fatal_error:
            raise RuntimeError(app.fatal_error)
        await asyncio.sleep(0.001)


def _count_calls(cls: type, name: str) -> list[int]:
    """Count calls of cls.name (how the harness knows a filtered list was shown)."""
    calls = [0]
    original = getattr(cls, name)

    def counted(*args: Any, **kwargs: Any) -> Any:
        try:
            return original(*args, **kwargs)
        finally:
            calls[0] += 1

    setattr(cls, name, counted)
    return calls


def _record_paints(table_id: str) -> list[tuple[float, bool]]:
    """(time, painted the table?) of every frame the screen renders from now on."""
    from textual.screen import Screen

    paints: list[tuple[float, bool]] = []
    original = Screen._compositor_refresh

    def recorded(self: Any) -> None:
        table = any(getattr(w, "id", None) == table_id for w in self._dirty_widgets)
        original(self)
        paints.append((time.perf_counter(), table))

    Screen._compositor_refresh = recorded  # type: ignore[method-assign]
    return paints


async def _timed_key(app: Any, ch: str, fills: list[int],
                     paints: list[tuple[float, bool]]) -> tuple[float, float]:
    """Milliseconds from a key reaching the app to (a) the filtered list painted and
    (b) everything settled.

    The key goes in as the terminal driver would send it (no Pilot idle waits).
    (b) = the contacts list was refilled for it, no worker is left, and the frame
    after that is painted (this includes Textual repainting the scrollbar's thumb
    in a later frame when the number of rows changed). (a) = the end of the first
    frame after the refill that repainted the contacts table.
    """
    from textual import events
    from textual.worker import WorkerState

    before = fills[0]
    key = "space" if ch == " " else ch
    event = events.Key(key, ch)
    event.set_sender(app)
    t0 = time.perf_counter()
    app._driver.send_message(event)
    filled_at = None
    while True:
        await asyncio.sleep(0.0005)
        if fills[0] == before:
            continue
        if filled_at is None:
            filled_at = time.perf_counter()
        if any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers):
            continue
        break
    await _after_refresh(app)
    settled = time.perf_counter()
    # the refill happened before `filled_at` (polled every 0.5 ms): the first frame
    # that repainted the table after the refill started
    painted = next((t for t, table in paints if table and t >= filled_at - 0.0005), settled)
    return (painted - t0) * 1000, (settled - t0) * 1000


def run_app(mode: str, out: str, db: str, queries: list[str]) -> None:
    # what a plain `devhub` runs (launch.main), in the same order
    from devhub_tui.cli.launch import Target, build_app

    result: dict[str, Any] = {}
    app = build_app(Target(Path(db), None, None, "turso"))
    from devhub_tui.tui.screens.contacts import ContactsScreen

    fills = _count_calls(ContactsScreen, "_fill")
    paints = _record_paints("contacts-table") if mode == "keys" else []

    async def pilot(p: Any) -> None:
        try:
            await asyncio.wait_for(script(p), TIMEOUT_S)
        except Exception as exc:  # noqa: BLE001 - reported to the parent
            result["error"] = f"{type(exc).__name__}: {exc}"
        app.exit()

    async def script(p: Any) -> None:
        await _wait_dashboard(app)
        await _after_refresh(app)
        result["first_paint"] = time.time()  # the dashboard's frame, its data still loading
        await settle(app)
        _paint(app)
        result["ready"] = time.time()
        if mode == "memory":
            await p.press("c")
            await settle(app)
            for _ in range(24):  # page down through the list: loads more pages
                await p.press("pagedown")
                await settle(app)
            result["rows_loaded"] = app.screen.query_one("#contacts-table").row_count
            await p.press("l")
            await settle(app)
            await p.press("escape")
            await settle(app)
        elif mode == "keys":
            await p.press("c")
            await settle(app)
            await p.press("slash")
            await settle(app)
            times: list[dict[str, Any]] = []
            for query in queries:
                typed = ""
                for ch in query:
                    typed += ch
                    painted, settled = await _timed_key(app, ch, fills, paints)
                    times.append({"query": typed, "ms": painted, "settled_ms": settled})
                await p.press("ctrl+u")  # clear the field (not timed)
                await settle(app)
            result["keys"] = times

    app.run(headless=True, size=SIZE, auto_pilot=pilot)
    if app.fatal_error and "error" not in result:
        result["error"] = app.fatal_error
    _write(out, result)


def main(argv: list[str]) -> int:
    mode, out = argv[0], argv[1]
    if mode == "bare":
        run_bare(out)
    elif mode == "memory-bare":
        run_bare(out, _read_rows(argv[2]))
    elif mode in ("app", "memory", "keys"):
        run_app(mode, out, argv[2], argv[3:])
    else:
        print(f"unknown mode {mode}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
