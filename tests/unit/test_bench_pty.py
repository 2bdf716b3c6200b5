"""The real-terminal benchmark harness (`bench/pty_term.py`): reading a terminal's
output as text, timing keys, and always reaping the program and closing the pty.

Small programs stand in for the app; the benchmarks themselves run in `make bench`.
"""

from __future__ import annotations

import os
import sys
import textwrap

import pytest

from bench.pty_term import (
    AppGone,
    PtyApp,
    TermText,
    busy_core,
    key_bytes,
    strip_escapes,
)

# -- the output stream as text ---------------------------------------------------
FRAME = (
    "\x1b[?1049h\x1b[?25l\x1b]0;devhub\x07\x1b[1;1H\x1b[38;2;255;0;0mNeeds\x1b[0m"
    " \x1b[1mattention\x1b[0m\x1b[2;1H\x1b(B\x1b=(total 130)\r\n\x1bP+q544e\x1b\\ok"
)


def test_strip_escapes_keeps_only_the_text() -> None:
    assert strip_escapes(FRAME) == "Needs attention(total 130)\nok"


def test_term_text_joins_escape_sequences_split_across_reads() -> None:
    data = FRAME.encode()
    for cut in range(1, len(data)):  # every place a read can end, UTF-8 too
        text = TermText()
        text.feed(data[:cut])
        text.feed(data[cut:])
        assert text.text == "Needs attention(total 130)\nok", cut
    utf8 = "▎ ✗ Zoë".encode()
    text = TermText()
    for byte in utf8:
        text.feed(bytes([byte]))
    assert text.text == "▎ ✗ Zoë"


def test_term_text_drops_a_stray_escape_and_keeps_what_follows() -> None:
    text = TermText()
    assert text.feed(b"a\x1b\x01b") == "ab"  # ESC + a control byte: not a sequence
    # an unterminated OSC is held back, then given up once it is too long to be one
    text.feed(b"\x1b]0;" + b"x" * 5000)
    assert text.text.startswith("ab]0;xxx")
    assert text.find("Needs", 0) == -1


def test_key_bytes_are_what_a_terminal_sends() -> None:
    assert key_bytes("pagedown") == b"\x1b[6~"
    assert key_bytes("down") == b"\x1b[B"
    assert key_bytes("ctrl+u") == b"\x15"
    assert key_bytes("é") == "é".encode()


# -- a program in a pty ------------------------------------------------------------
#: draws a "frame", then answers each key it reads with a frame naming the key
#: (`b`: a small frame at once, a big one 80 ms later); q quits. Raw mode, like a TUI.
ECHO_APP = textwrap.dedent(
    r"""
    import os, sys, termios, time, tty
    size = os.get_terminal_size(1)
    tty.setraw(0)
    ctty = os.open("/dev/tty", os.O_RDWR)  # fails unless the pty is our terminal
    os.write(1, f"\x1b[1;1H\x1b[1mready\x1b[0m {size.columns}x{size.lines} "
                f"{os.environ['TERM']}".encode())
    while True:
        key = os.read(0, 16)
        if key == b"q":
            break
        os.write(1, b"\x1b[2;1H\x1b[32mgot \x1b[0m" + key.hex().encode())
        if key == b"b":
            time.sleep(0.08)
            os.write(1, b"\x1b[3;1H" + b"list " * 2000)
    """
)


def test_pty_app_shows_text_times_keys_and_quits() -> None:
    with PtyApp([sys.executable, "-c", ECHO_APP], env=dict(os.environ), size=(120, 40)) as app:
        t = app.wait_for("ready 120x40 xterm-256color", timeout=30)
        assert t > app.spawned
        timing = app.key("pagedown", quiet=0.05)
        assert timing.first_ms is not None and timing.last_ms is not None
        assert 0 <= timing.first_ms <= timing.last_ms < 1000
        assert timing.nbytes > 0 and not timing.capped and timing.stray_bytes == 0
        since = app.mark()
        app.wait_for("got 1b5b367e", timeout=5, since=0)
        with pytest.raises(TimeoutError):
            app.wait_for("got 1b5b367e", timeout=0.1, since=since)  # only the new text
        two = app.key("b", quiet=0.2)  # the echo, then the big frame 80 ms later
        assert len(two.bursts) == 2 and two.nbytes > 10_000
        assert two.first_ms is not None and two.last_ms is not None
        assert two.first_ms < 80 <= two.last_ms
        assert two.largest_ms == two.last_ms == two.bursts[1][0]
        silent = app.key("", first_wait=0.1)  # nothing written, nothing comes
        assert silent.first_ms is None and silent.nbytes == 0
    assert app.proc.returncode == 0  # quit with q
    assert app.master == -1


def test_pty_app_reports_a_program_that_exits() -> None:
    with PtyApp([sys.executable, "-c", "print('bye')"], env=dict(os.environ)) as app:
        app.wait_for("bye", timeout=30)
        with pytest.raises(AppGone):
            app.wait_for("never", timeout=30)
    assert app.proc.returncode == 0


def test_close_ends_a_program_that_ignores_quit_hangup_and_sigterm() -> None:
    stubborn = ("import signal, time\n"
                "for s in (signal.SIGHUP, signal.SIGTERM): signal.signal(s, signal.SIG_IGN)\n"
                "print('up', flush=True)\n"
                "while True: time.sleep(1)\n")
    app = PtyApp([sys.executable, "-c", stubborn], env=dict(os.environ))
    app.quit_wait_s = app.hangup_wait_s = app.signal_wait_s = 0.3
    try:
        app.wait_for("up", timeout=30)
    finally:
        code = app.close()
    assert code == -9  # SIGKILL after quit keys, hang-up and SIGTERM went unheard
    assert app.master == -1
    with pytest.raises(ProcessLookupError):
        os.kill(app.proc.pid, 0)  # reaped


def test_busy_core_spins_and_is_killed_even_on_error() -> None:
    with pytest.raises(RuntimeError, match="boom"), busy_core() as spinner:
        assert spinner.poll() is None
        raise RuntimeError("boom")
    assert spinner.returncode is not None


@pytest.mark.parametrize("script, text", [
    ("pty_bare.py", "bare-textual-app-ready"),
    ("pty_shape.py", "(total 70,368)"),
])
def test_the_reference_apps_show_what_the_bench_waits_for_and_quit(
    script: str, text: str
) -> None:
    """The bare app and the app of the dashboard's shape (`bench/bench_terminal.py`
    times devhub against both) draw the text the bench looks for, and leave on
    ctrl+q."""
    from bench.bench_terminal import BARE_TEXT, SHAPE_TEXT
    from bench.common import ROOT

    assert text in (BARE_TEXT, SHAPE_TEXT)
    with PtyApp([sys.executable, str(ROOT / "bench" / script)], env=dict(os.environ),
                cwd=ROOT, quit_keys=b"\x11") as app:
        app.wait_for(text, timeout=60)
    assert app.proc.returncode == 0
