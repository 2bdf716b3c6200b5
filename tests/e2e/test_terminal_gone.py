"""When the terminal goes away, devhub goes too (issue 22).

Each program runs in a real pseudo-terminal; the test closes the terminal (the
pty master, as a closed window, a killed tmux session or a dropped ssh
connection does) or sends SIGHUP / SIGTERM, then requires every process of the
tree gone within 2 s having used under 0.5 s of CPU after the event (an input
thread spinning on the dead terminal would burn a whole core), and the store
intact with what was saved just before.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devhub_tui.connect.store import TokenRejected, check_token
from devhub_tui.connect.tokens import hash_token
from devhub_tui.services.demo import DEMO_DIR_PREFIX
from devhub_tui.services.terminal import NO_TERMINAL
from devhub_tui.storage.db import open_database
from devhub_tui.storage.session_file import load_secret
from devhub_tui.storage.store import Store

from .pty_support import STAYING_LEADER, Gone, PtyProgram, cpu_seconds

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
GONE_WITHIN_S = 2.0
CPU_AFTER_S = 0.5
NOTE = "typed just before the terminal closed"
#: The dashboard has loaded (the store is open, the keys work).
DASHBOARD_READY = "Nobody needs attention"

#: How the app is started: as the terminal's own program (the session leader, like
#: a terminal window running `devhub`: SIGHUP comes), through a wrapper script (the
#: shell is the leader: SIGHUP comes once it has exited), and `make run` (make is
#: the leader and waits for the app: only the dead terminal tells the app).
LAUNCHERS: dict[str, list[str]] = {
    "devhub": [str(BIN / "devhub")],
    "wrapper script": ["sh", "-c", '"$@"; echo "devhub exited $?"', "sh",
                       sys.executable, "-m", "devhub_tui"],
    # -o: the .venv is there already, never reinstall it; BIN: this test's venv
    "make run": ["make", "-s", "-C", str(ROOT), "-o", ".venv/.installed-stamp", "run",
                 f"BIN={BIN}"],
}


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
    return {**env, "TMPDIR": str(tmp_path)}  # where `--demo` puts its throwaway store


@pytest.fixture
def store_path(signed_in_store: Store, db_path: Path) -> Path:
    """Ada's store with one contact, closed (the app is the only one to open it)."""
    signed_in_store.add_contact({"name": "Grace Hopper"})
    signed_in_store.db.close()
    return db_path


def _notes(db_path: Path) -> list[str]:
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as conn:
        rows = [str(r[0]) for r in conn.execute("SELECT notes FROM interactions")]
    conn.close()
    return rows


def _log_an_interaction(app: PtyProgram, db_path: Path) -> None:
    """Quick log through the keyboard; returns once the row is committed."""
    app.wait_for(DASHBOARD_READY)
    app.type("l")
    app.wait_for("Enter save")
    typed = len(app.output)
    app.type(f"grace coffee {NOTE}")
    app.wait_for("Grace Hopper", since=typed)  # the preview: what Enter will save
    app.type("\r")
    deadline = time.monotonic() + 20
    while NOTE not in _notes(db_path):
        assert time.monotonic() < deadline, "the quick log was not saved"
        time.sleep(0.05)


def _assert_gone_quietly(gone: Gone) -> None:
    assert not gone.alive, f"still running after {GONE_WITHIN_S}s: {gone.alive}"
    assert gone.seconds < GONE_WITHIN_S, gone
    assert gone.cpu < CPU_AFTER_S, f"{gone.cpu:.2f}s of CPU after the event"


def _assert_closed_cleanly(db_path: Path, gone: object = None) -> None:
    """The store is whole and holds the row; the app closed it (a killed process
    leaves the -wal file behind); the session still resumes."""
    assert not Path(f"{db_path}-wal").exists(), gone  # looked at before anything opens it
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    assert NOTE in _notes(db_path)
    assert load_secret(db_path)


@pytest.mark.parametrize("launcher", list(LAUNCHERS))
def test_closing_the_terminal_ends_the_app_and_keeps_what_was_saved(
    launcher: str, store_path: Path, tmp_path: Path
) -> None:
    app = PtyProgram(LAUNCHERS[launcher], env=_env(tmp_path))
    try:
        _log_an_interaction(app, store_path)
        gone = app.watch_gone(app.tree(), app.close_terminal)
    finally:
        app.finish()
    _assert_gone_quietly(gone)
    _assert_closed_cleanly(store_path, gone)


@pytest.mark.parametrize(("launcher", "sig", "to"), [
    pytest.param("devhub", signal.SIGHUP, "program", id="devhub SIGHUP"),
    pytest.param("devhub", signal.SIGTERM, "program", id="devhub SIGTERM"),
    # make passes SIGTERM on to the app
    pytest.param("make run", signal.SIGTERM, "program", id="make run SIGTERM"),
    # what a shell does to its jobs when its terminal hangs up
    pytest.param("make run", signal.SIGHUP, "group", id="make run SIGHUP to the group"),
])
def test_sighup_and_sigterm_end_the_app_cleanly(
    launcher: str, sig: signal.Signals, to: str, store_path: Path, tmp_path: Path
) -> None:
    app = PtyProgram(LAUNCHERS[launcher], env=_env(tmp_path))
    try:
        _log_an_interaction(app, store_path)
        shown = len(app.output)
        pid = app.proc.pid  # the program itself: devhub, or make

        def send() -> None:
            if to == "group":
                os.killpg(pid, sig)
            else:
                os.kill(pid, sig)

        gone = app.watch_gone(app.tree(), send)
        time.sleep(0.2)  # the last output
        restored = bytes(app.output[shown:])
    finally:
        status = app.finish()
    _assert_gone_quietly(gone)
    _assert_closed_cleanly(store_path)
    # the terminal is given back as it was: the alternate screen left, the cursor shown
    assert b"\x1b[?1049l" in restored and b"\x1b[?25h" in restored
    if launcher == "devhub":
        assert status == 128 + sig


#: `devhub` on a busy machine: the watch thread runs late after the hang-up.
LATE_WATCH = """
import time
from devhub_tui.cli import launch
from devhub_tui.services import terminal

detach = terminal.detach
terminal.detach = lambda fds: (time.sleep(0.3), detach(fds))
launch.main([])
"""


def test_the_sigcont_of_a_hangup_does_not_restart_the_screen(
    store_path: Path, tmp_path: Path
) -> None:
    """The kernel sends SIGHUP and SIGCONT to the terminal's session leader; Textual
    resumes its screen on SIGCONT (after Ctrl-Z), which on the dead terminal starts
    an output thread that fails at once and then blocks the exit."""
    app = PtyProgram([sys.executable, "-c", LATE_WATCH], env=_env(tmp_path))
    try:
        _log_an_interaction(app, store_path)
        gone = app.watch_gone(app.tree(), app.close_terminal)
    finally:
        app.finish()
    _assert_gone_quietly(gone)
    _assert_closed_cleanly(store_path, gone)


#: `devhub` whose exit hangs on the way out (as a network step with no answer would).
STUCK_EXIT = """
import time
from devhub_tui.cli import launch
from devhub_tui.tui.app import DevhubApp

DevhubApp.on_unmount = lambda self: time.sleep(60)
launch.main([])
"""


def test_an_exit_that_hangs_is_cut_short_and_the_terminal_put_back(
    store_path: Path, tmp_path: Path
) -> None:
    app = PtyProgram([sys.executable, "-c", STUCK_EXIT], env=_env(tmp_path))
    try:
        app.wait_for(DASHBOARD_READY)
        shown = len(app.output)
        gone = app.watch_gone(app.tree(), lambda: os.kill(app.proc.pid, signal.SIGTERM))
        time.sleep(0.2)  # the last output
        restored = bytes(app.output[shown:])
    finally:
        status = app.finish()
    _assert_gone_quietly(gone)
    assert status == 128 + signal.SIGTERM
    assert b"\x1b[?1049l" in restored and b"\x1b[?25h" in restored
    with sqlite3.connect(store_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_make_demo_ends_with_its_terminal_and_removes_the_demo_store(tmp_path: Path) -> None:
    demo = PtyProgram(["make", "-s", "-C", str(ROOT), "-o", ".venv/.installed-stamp", "demo",
                       f"BIN={BIN}"], env=_env(tmp_path))
    try:
        demo.wait_for("DEMO")
        [store] = [p for p in tmp_path.iterdir() if p.name.startswith(DEMO_DIR_PREFIX)]
        gone = demo.watch_gone(demo.tree(), demo.close_terminal)
    finally:
        demo.finish()
    _assert_gone_quietly(gone)
    assert not store.exists()  # the app's own exit ran: it deletes the throwaway store


def test_the_app_without_a_terminal_to_read_says_so_and_leaves(
    store_path: Path, tmp_path: Path
) -> None:
    """Standard input at end-of-file from the start (/dev/null): no key can ever come."""
    master, slave = os.openpty()
    try:
        proc = subprocess.Popen([str(BIN / "devhub")], stdin=subprocess.DEVNULL, stdout=slave,
                                stderr=subprocess.PIPE, text=True, env=_env(tmp_path))
        try:
            _, err = proc.communicate(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    finally:
        os.close(slave)
        os.close(master)
    assert proc.returncode == 1
    lines = [x for x in re.sub(r"\x1b\[[0-9;?<>=$]*[a-zA-Z]|\x1b\][^\x07]*\x07", "",
                               err).splitlines() if x.strip()]
    assert lines == [f"devhub: error: {NO_TERMINAL}"]


@pytest.mark.parametrize("event", ["close the terminal", "close it under a launcher", "SIGHUP"])
def test_qr_event_mode_stops_when_its_terminal_goes(
    event: str, signed_in_store: Store, db_path: Path, tmp_path: Path
) -> None:
    signed_in_store.db.close()
    qr = [sys.executable, "-m", "devhub_tui", "qr", "--event", "Meetup", "--host", "127.0.0.1",
          "--port", "0"]
    if event == "close it under a launcher":  # no SIGHUP for it: only the dead terminal
        qr = [*STAYING_LEADER, *qr]
    served = PtyProgram(qr, env=_env(tmp_path))
    try:
        served.wait_for("Serving the sign-up form")
        url = re.search(r"http://127\.0\.0\.1:(\d+)/c/(\S+?)\r?\n", served.text())
        assert url, served.text()
        port, secret = int(url.group(1)), url.group(2)
        tree = served.tree()
        if event == "SIGHUP":
            gone = served.watch_gone(tree, lambda: os.kill(tree[-1], signal.SIGHUP))
        else:
            gone = served.watch_gone(tree, served.close_terminal)
    finally:
        served.finish()
    _assert_gone_quietly(gone)
    with socket.socket() as probe, pytest.raises(ConnectionRefusedError):
        probe.connect(("127.0.0.1", port))  # the form server stopped
    db = open_database(db_path)
    try:
        with pytest.raises(TokenRejected):  # and its link was ended on the way out
            check_token(db, hash_token(secret))
    finally:
        db.close()


def test_cpu_seconds_reads_proc_stat() -> None:
    """The measure the tests above rely on moves when a process works."""
    start = cpu_seconds(os.getpid())
    assert start is not None
    end = time.process_time() + 0.2
    while time.process_time() < end:
        pass
    now = cpu_seconds(os.getpid())
    assert now is not None and now - start >= 0.1
