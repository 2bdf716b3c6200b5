"""Keystrokes in a real terminal at 100k contacts: search, quick-log preview, scrolling.

`devhub` runs signed in on the 100k store in a pseudo-terminal (120x40,
`bench/pty_term.py`) and gets its keys as bytes written to the terminal, as a
terminal emulator sends them: on the contacts list, scrolling (`j`/`k`, down/up,
page down/up; page down crosses the 200 loaded rows, so the next page loads),
then `/` and a few queries typed key by key; then the quick-log bar (`l`, after
its contact index has loaded) and a line typed key by key with its live preview.
Each key is timed from writing its bytes to the last byte of the answer: reading
goes on until the output has been quiet for 200 ms (or 450 ms after the write,
before the search field's cursor blinks), and the time is that of the last read
that returned bytes. Noted too: the first byte (typically the echo of the key),
and the end of the answer's largest burst (reads under 2 ms apart: one frame),
which for a search is the repainted list (Textual paints the scrollbar thumb and
the summary in a later, smaller frame). Rows: median and max per kind of key;
targets: median under 16 ms, max under 33 ms (one and two 60 Hz frames).

Limits of the method: it sees bytes, not frames (Textual writes a frame in one
write, so the last byte is the end of the last frame the key caused); a repaint
that changes nothing on screen writes nothing and is not waited for (the user
sees nothing either); an answer more than 200 ms after the previous burst would
count as "stray" output before the next key (counted in the notes); a key that
gets no answer within 1 s (no binding) is reported, not timed. A terminal
emulator would add its own parsing and drawing time.
"""

from __future__ import annotations

from dataclasses import dataclass

from devhub_tui.core.quicklog import QUICK_LOG_USAGE

from .bench_search import UI_QUERIES
from .bench_terminal import DATA, devhub_argv
from .common import ROOT, Context, Result, env, median
from .pty_term import KeyTiming, PtyApp, load_average

MEDIAN_LIMIT_MS = 16.0
MAX_LIMIT_MS = 33.0
QUIET_S = 0.2
CAP_S = 0.45
#: j/k, arrows and page keys on the contacts list (page down goes past the 200 loaded)
SCROLL_KEYS = (["j"] * 8 + ["k"] * 8 + ["down"] * 8 + ["up"] * 8 + ["pagedown"] * 8
               + ["pageup"] * 8)
QUICK_LOG_LINE = "maria coffee talked about rust @yesterday"
#: the quick-log bar's preview once its contact index is loaded (for an empty line)
QUICK_LOG_READY = QUICK_LOG_USAGE
SETUP_TIMEOUT_S = 120.0


@dataclass
class Timed:
    group: str
    label: str  # the key, or the text typed so far
    t: KeyTiming


def _press(app: PtyApp, key: str) -> KeyTiming:
    return app.key(key, quiet=QUIET_S, cap=CAP_S)


def _settle(app: PtyApp) -> None:
    app.quiet(0.3, cap=10)


def _go(app: PtyApp, key: str, needle: str) -> None:
    """Press a key that is not timed and wait for `needle` to show, then quiet."""
    since = app.mark()
    app.write(key)
    app.wait_for(needle, SETUP_TIMEOUT_S, since=since)
    _settle(app)


def _script(app: PtyApp) -> tuple[list[Timed], list[str]]:
    timed: list[Timed] = []
    silent: list[str] = []
    app.wait_for(DATA, SETUP_TIMEOUT_S)
    _settle(app)
    _go(app, "c", "sorted by")  # the contacts list with its summary
    for key in SCROLL_KEYS:
        if key in silent:
            continue
        t = _press(app, key)
        if t.first_ms is None:
            silent.append(key)  # no answer: not bound here
        else:
            timed.append(Timed("scrolling", key, t))
    app.write("/")
    _settle(app)
    for query in UI_QUERIES:
        for n in range(1, len(query) + 1):
            timed.append(Timed("search", query[:n], _press(app, query[n - 1])))
        app.write("ctrl+u")
        _settle(app)
    app.write("escape")  # back to the list, search cleared
    _settle(app)
    _go(app, "l", QUICK_LOG_READY)
    for n in range(1, len(QUICK_LOG_LINE) + 1):
        t = _press(app, QUICK_LOG_LINE[n - 1])
        timed.append(Timed("quick-log preview", QUICK_LOG_LINE[:n], t))
    app.write("escape")
    _settle(app)
    return timed, silent


def _short(label: str) -> str:
    """The text typed so far, its end only when long."""
    return label if len(label) <= 16 else "…" + label[-15:]


def _rows(group: str, title: str, items: list[Timed], scale: str, load: str,
          silent: list[str]) -> list[Result]:
    answered = [i for i in items if i.t.last_ms is not None]
    if not answered:
        return []
    last = [i.t.last_ms for i in answered if i.t.last_ms is not None]
    first = [i.t.first_ms for i in answered if i.t.first_ms is not None]
    worst = sorted(answered, key=lambda i: -(i.t.last_ms or 0.0))
    stray = [i for i in items if i.t.stray_bytes]
    capped = [i for i in items if i.t.capped]
    largest = [i.t.largest_ms for i in answered if i.t.largest_ms is not None]
    notes = [
        f"{len(answered)} keys; slowest: "
        + ", ".join(f"'{_short(i.label)}' {i.t.last_ms:.0f} ms" for i in worst[:4]),
        f"first byte of the answer: median {median(first):.1f} ms, max {max(first):.1f} ms; "
        f"end of its largest burst (the frame with the most bytes): median "
        f"{median(largest):.1f} ms, max {max(largest):.1f} ms; bursts a key: median "
        f"{median([float(len(i.t.bursts)) for i in answered]):g}",
        f"load average before the run: {load}",
    ]
    if stray:
        notes.append(f"output before the key was written (late answer of the key before): "
                     f"{len(stray)} keys, {sum(i.t.stray_bytes for i in stray):,} bytes")
    if capped:
        notes.append(f"{len(capped)} keys still answering {CAP_S * 1000:.0f} ms after the "
                     "write (their figure is a lower bound)")
    if group == "scrolling" and silent:
        notes.append(f"no answer at all (not bound on the contacts list): {', '.join(silent)}")
    top = worst[0]
    return [
        Result(f"real terminal: {title} keystroke (median)", scale,
               "key → last byte of its answer", "key → first byte", median(last),
               median(first), target=None, abs_limit=MEDIAN_LIMIT_MS, notes=notes),
        Result(f"real terminal: {title} keystroke (max)", scale,
               f"slowest key ('{_short(top.label)}')", "its first byte", top.t.last_ms or 0.0,
               top.t.first_ms or 0.0, target=None, abs_limit=MAX_LIMIT_MS),
    ]


def run(ctx: Context) -> list[Result]:
    scale = "100k" if "100k" in ctx.scales else next(
        (s for s in reversed(ctx.scales) if s != "0"), None)
    if scale is None:
        return []
    load = load_average()
    run_env = {**env(), "DEVHUB_DB": str(ctx.work[scale])}
    with PtyApp(devhub_argv(), env=run_env, cwd=ROOT) as app:
        timed, silent = _script(app)
    results: list[Result] = []
    for group, title in (("search", "contacts search"),
                         ("quick-log preview", "quick-log preview"),
                         ("scrolling", "list scrolling")):
        for r in _rows(group, title, [i for i in timed if i.group == group], scale, load,
                       silent):
            results.append(r)
            ctx.log(r)
    return results
