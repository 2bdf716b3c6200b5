"""Run a program in a pseudo-terminal, as a terminal window would, then take the
terminal away (close the master) or signal it, and watch its processes go.

The program is the session leader with the pty as its controlling terminal (what
a terminal emulator or tmux does). The kernel sends SIGHUP to that leader when
the terminal goes, and to the rest of the foreground group only once the leader
has exited: a program under `STAYING_LEADER` (which, like make, waits for its
child) learns that its terminal went only from the terminal itself.
CPU time is read from /proc/PID/stat (utime + stime) for every process of the tree.
"""

from __future__ import annotations

import fcntl
import os
import select
import struct
import subprocess
import sys
import termios
import threading
import time
from dataclasses import dataclass
from pathlib import Path

#: Makes the pty (its fd 0) the controlling terminal of a new session, then execs,
#: with SIGHUP and SIGTERM at their defaults as in a terminal emulator's new session
#: (a test run started under `nohup` would otherwise hand its ignored SIGHUP on, and
#: devhub rightly keeps running through an ignored SIGHUP).
_LOGIN = (
    "import os, signal, sys\n"
    "for s in (signal.SIGHUP, signal.SIGTERM): signal.signal(s, signal.SIG_DFL)\n"
    "os.login_tty(0); os.execvp(sys.argv[1], sys.argv[1:])"
)
_TICK = os.sysconf("SC_CLK_TCK")
#: Runs a command and waits for it, through SIGHUP (as make does).
STAYING_LEADER = [
    sys.executable, "-c",
    "import signal, subprocess, sys; signal.signal(signal.SIGHUP, lambda *_: None); "
    "sys.exit(subprocess.call(sys.argv[1:]))",
]


def _stat(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def cpu_seconds(pid: int) -> float | None:
    """utime + stime of one process (None once it is reaped)."""
    fields = _stat(pid)
    return None if fields is None else (int(fields[11]) + int(fields[12])) / _TICK


def running(pid: int) -> bool:
    """Alive: not reaped and not a zombie."""
    fields = _stat(pid)
    return fields is not None and fields[0] != "Z"


def descendants(pid: int) -> list[int]:
    """pid and every process below it."""
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat(int(entry.name))
            if fields is not None:
                children.setdefault(int(fields[1]), []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        p = todo.pop()
        found.append(p)
        todo.extend(children.get(p, []))
    return found


@dataclass
class Gone:
    """How the processes ended after the event."""

    seconds: float  # from the event until the last one was gone (timeout if some live)
    cpu: float  # CPU seconds they used after the event, all together
    alive: list[int]  # still running at the timeout


class PtyProgram:
    """A program running in a fresh pseudo-terminal (120x40); the output is drained
    by a thread (a terminal that is not read would block the program's writes)."""

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path | None = None) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _LOGIN, *argv],
            stdin=slave, stdout=slave, stderr=slave, env={**env, "TERM": "xterm-256color"},
            cwd=cwd, close_fds=True,
        )
        os.close(slave)
        self.output = bytearray()
        self._lock = threading.Lock()
        self._reading = True
        self._reader = threading.Thread(target=self._drain, daemon=True)
        self._reader.start()

    def _drain(self) -> None:
        while self._reading:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if not ready:
                continue
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            with self._lock:
                self.output += data

    def text(self) -> str:
        with self._lock:
            return self.output.decode("utf-8", "replace")

    def wait_for(self, fragment: str, timeout: float = 30, *, since: int = 0) -> None:
        """Wait until `fragment` is shown (in the output after byte `since`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                shown = self.output[since:].decode("utf-8", "replace")
            if fragment in shown:
                return
            if self.proc.poll() is not None:
                raise AssertionError(f"exited {self.proc.returncode}: {self.text()[-2000:]!r}")
            time.sleep(0.05)
        raise AssertionError(f"{fragment!r} not shown in {timeout}s: {self.text()[-2000:]!r}")

    def type(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def tree(self) -> list[int]:
        return descendants(self.proc.pid)

    def close_terminal(self) -> None:
        """The terminal goes away: its window closes (the master is closed)."""
        self._reading = False
        self._reader.join(5)
        os.close(self.master)
        self.master = -1

    def watch_gone(self, pids: list[int], event: object, timeout: float = 2.0) -> Gone:
        """Call `event()`, then sample the processes until all are gone (a zombie
        counts as gone: it has exited) or `timeout` passed."""
        before = {p: cpu_seconds(p) or 0.0 for p in pids}
        last = dict(before)
        start = time.monotonic()
        event()  # type: ignore[operator]
        alive = list(pids)
        while alive and time.monotonic() - start < timeout:
            for p in list(alive):
                used = cpu_seconds(p)
                if used is not None:
                    last[p] = used
                if not running(p):
                    alive.remove(p)
            if alive:
                time.sleep(0.01)
        seconds = time.monotonic() - start
        return Gone(seconds, sum(last[p] - before[p] for p in pids), alive)

    def finish(self) -> int | None:
        """Reap the program (killing what is left of its tree first)."""
        for p in reversed(self.tree()):
            if running(p):
                os.kill(p, 9)
        if self.master >= 0:
            self._reading = False
            self._reader.join(5)
            os.close(self.master)
            self.master = -1
        try:
            return self.proc.wait(10)
        except subprocess.TimeoutExpired:
            return None
