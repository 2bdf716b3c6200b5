"""Cold start in a real terminal: `devhub` vs a bare Textual app, quiet and busy.

Each program runs in a new pseudo-terminal (120x40, TERM=xterm-256color, the pty
its controlling terminal: `bench/pty_term.py`), started as a user starts it: the
`devhub` console script, signed in, on the same store files as the other
benchmarks (DEVHUB_DB), and `python bench/pty_bare.py` (one Static). The time runs
from spawning the process to the read of the terminal output that completed the
dashboard's text: its weekly chart label with the data in ("(total N)"; the frame
itself, "Needs attention", is noted too) and, for the bare app, its Static's
text. Escape sequences are stripped from the stream before searching. Runs
alternate (bare, devhub, devhub, bare, ...) after one unmeasured run of each;
figures are medians. "Busy": the same while another process spins on one core
(started before and killed after the block, also on error). `devhub --demo` is
measured the same way against its own alternated bare runs. The notes give each
program's CPU time up to that moment (all threads, /proc schedstat): on a shared
machine it moves far less than the wall time. No terminal emulator draws
anything: a real one adds its own parsing and drawing to both programs alike.

A reference row per variant times `bench/pty_shape.py` against the bare app the
same way: a Textual app of the dashboard's shape (header, stat lines, sparkline,
five tables, footer) made of Textual's own widgets, with nothing of devhub's. It
tells what part of devhub's ratio is devhub's and what part is what such a screen
costs in Textual.
"""

from __future__ import annotations

import contextlib
import shutil
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from .common import OUT, ROOT, Context, Result, env, median
from .pty_term import PtyApp, busy_core, load_average

RUNS = 7
TIMEOUT_S = 120.0
#: the dashboard's frame is on screen (a section title)
FRAME = "Needs attention"
#: the dashboard's data is on screen (the chart label gets its total with the data)
DATA = "(total "
BARE_TEXT = "bare-textual-app-ready"  # bench/pty_bare.py's Static
SHAPE_TEXT = "(total 70,368)"  # bench/pty_shape.py's chart label
TARGETS = {"quiet": 1.3, "busy": 1.5}
DEMO_TARGET = 1.5
VARIANTS = {"quiet": "", "busy": "one core busy"}


@dataclass
class Run:
    ms: float  # spawn → the text (devhub: the dashboard with its data)
    frame_ms: float  # spawn → the dashboard's frame (the bare app: = ms)
    cpu_ms: float  # CPU time used by then


def devhub_argv() -> list[str]:
    """The `devhub` console script of this environment (what a user runs)."""
    script = Path(sys.executable).parent / "devhub"
    return [str(script)] if script.exists() else [sys.executable, "-m", "devhub_tui"]


def _ms(app: PtyApp, t: float) -> float:
    return (t - app.spawned) * 1000


def run_reference(script: str, text: str, base_env: dict[str, str]) -> Run:
    """A reference app of `bench/` (`script`), timed to its `text` on the terminal."""
    with PtyApp([sys.executable, str(ROOT / "bench" / script)], env=base_env,
                cwd=ROOT, quit_keys=b"\x11") as app:
        t = app.wait_for(text, TIMEOUT_S)
        cpu = app.cpu_ms()
    return Run(_ms(app, t), _ms(app, t), cpu)


def run_bare(base_env: dict[str, str]) -> Run:
    return run_reference("pty_bare.py", BARE_TEXT, base_env)


def run_shape(base_env: dict[str, str]) -> Run:
    """The Textual app of the dashboard's shape (bench/pty_shape.py)."""
    return run_reference("pty_shape.py", SHAPE_TEXT, base_env)


def run_devhub(argv: list[str], run_env: dict[str, str]) -> Run:
    with PtyApp(argv, env=run_env, cwd=ROOT) as app:
        frame = app.wait_for(FRAME, TIMEOUT_S)
        data = app.wait_for(DATA, TIMEOUT_S)  # anywhere: the chart is above the lists
        cpu = app.cpu_ms()
    return Run(_ms(app, data), _ms(app, frame), cpu)


def alternate(measure_app: Callable[[], Run], measure_bare: Callable[[], Run],
              runs: int = RUNS) -> tuple[list[Run], list[Run]]:
    """One unmeasured run of each, then `runs` of each in the order B A A B B A ..."""
    measure_bare()
    measure_app()
    apps: list[Run] = []
    bares: list[Run] = []
    for i in range(runs):
        if i % 2 == 0:
            bares.append(measure_bare())
            apps.append(measure_app())
        else:
            apps.append(measure_app())
            bares.append(measure_bare())
    return apps, bares


def _notes(apps: list[Run], bares: list[Run], load: str, app: str = "devhub") -> list[str]:
    cpu_app = median([r.cpu_ms for r in apps])
    cpu_bare = median([r.cpu_ms for r in bares])
    paired = median([a.ms / b.ms for a, b in zip(apps, bares, strict=True)])
    return [
        f"runs (ms): {app} {[round(r.ms) for r in apps]}, bare "
        f"{[round(r.ms) for r in bares]}",
        f"median of the ratios of runs side by side: {paired:.2f}x; dashboard frame "
        f"(before its data, if it came first): median "
        f"{median([r.frame_ms for r in apps]):.0f} ms",
        f"CPU time to the text (moves less with other work on the machine): {app} "
        f"{cpu_app:.0f} ms, bare {cpu_bare:.0f} ms ({cpu_app / cpu_bare:.2f}x)",
        f"load average before the row: {load}",
    ]


@contextlib.contextmanager
def _variant(name: str) -> Iterator[None]:
    if name == "busy":
        with busy_core():
            yield
    else:
        yield


@contextlib.contextmanager
def _demo_tmp() -> Iterator[dict[str, str]]:
    """The demo's temp dir inside bench/out (so a store left behind is seen)."""
    tmp = OUT / "demo-tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    try:
        yield {**env(), "TMPDIR": str(tmp)}
    finally:
        left = sorted(p.name for p in tmp.iterdir())
        shutil.rmtree(tmp, ignore_errors=True)
    if left:  # (only when the runs went through: an error above is reported instead)
        raise RuntimeError(f"devhub --demo left its store behind: {left}")


def run(ctx: Context) -> list[Result]:
    results: list[Result] = []
    base_env = env()
    argv = devhub_argv()
    for variant in VARIANTS:
        label = f" ({VARIANTS[variant]})" if VARIANTS[variant] else ""
        with _variant(variant):
            for scale in ctx.scales:
                load = load_average()
                run_env = {**base_env, "DEVHUB_DB": str(ctx.work[scale])}
                apps, bares = alternate(partial(run_devhub, argv, run_env),
                                        partial(run_bare, base_env))
                r = Result(f"real terminal: cold start → dashboard{label}", scale,
                           "devhub (pty)", "bare Textual app (pty)",
                           median([a.ms for a in apps]), median([b.ms for b in bares]),
                           target=TARGETS[variant], target_scales=None,
                           notes=_notes(apps, bares, load))
                results.append(r)
                ctx.log(r)
            # the reference: Textual's own widgets in the dashboard's shape, no devhub
            load = load_average()
            shapes, bares = alternate(partial(run_shape, base_env), partial(run_bare, base_env))
            r = Result(f"real terminal: Textual app of the dashboard's shape{label} "
                       "(reference)", "shape", "shape app (pty)", "bare Textual app (pty)",
                       median([a.ms for a in shapes]), median([b.ms for b in bares]),
                       target=None, show_ratio=True,
                       notes=_notes(shapes, bares, load, app="shape app"))
            results.append(r)
            ctx.log(r)
            with _demo_tmp() as demo_env:
                load = load_average()
                apps, bares = alternate(partial(run_devhub, [*argv, "--demo"], demo_env),
                                        partial(run_bare, base_env))
            r = Result(f"real terminal: devhub --demo → dashboard{label}", "demo",
                       "devhub --demo (pty)", "bare Textual app (pty)",
                       median([a.ms for a in apps]), median([b.ms for b in bares]),
                       target=DEMO_TARGET, target_scales=None,
                       notes=_notes(apps, bares, load))
            results.append(r)
            ctx.log(r)
    return results
