"""A real terminal for the benchmarks: a program in a pseudo-terminal, its output read
as a terminal emulator reads it, keys written as a terminal writes them.

- `PtyApp` spawns a program on a fresh pty (size set with TIOCSWINSZ, the pty is the
  controlling terminal of a new session, TERM set) and reads everything it writes,
  noting when each chunk arrived (`time.perf_counter()` right after `os.read`).
- `TermText` turns that byte stream into the text a screen would show, in arrival
  order: escape sequences (CSI, OSC/DCS/APC, two-byte escapes) and control
  characters are dropped, a sequence split across two reads is kept until it is
  complete. It is not a screen model: it finds words a frame writes (Textual writes
  each changed line whole), not what is left on the screen after cursor moves.
- `PtyApp.key` writes the bytes of one key and times what comes back: the first
  byte, and the last byte before the output has been quiet for `quiet` seconds.
- `busy_core()` keeps one core busy with another process for the length of a block.

Every child is reaped and every pty closed, on success and on error (`PtyApp` is a
context manager; `close()` quits politely, then closes the terminal, then kills).
"""

from __future__ import annotations

import bisect
import codecs
import contextlib
import fcntl
import os
import re
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

SIZE = (120, 40)
TERM = "xterm-256color"

#: the bytes a terminal sends for a key (xterm, no kitty keyboard protocol)
KEY_BYTES: dict[str, bytes] = {
    "space": b" ", "enter": b"\r", "escape": b"\x1b", "tab": b"\t",
    "backspace": b"\x7f", "up": b"\x1b[A", "down": b"\x1b[B", "right": b"\x1b[C",
    "left": b"\x1b[D", "home": b"\x1b[H", "end": b"\x1b[F", "pageup": b"\x1b[5~",
    "pagedown": b"\x1b[6~", "ctrl+u": b"\x15", "ctrl+q": b"\x11",
}

# -- the output stream, as text ----------------------------------------------
_ESC = re.compile(
    r"\x1b\[[0-?]*[ -/]*[@-~]"  # CSI: ESC [ params intermediates final
    r"|\x1b[\]P_^X][^\x07\x1b]*(?:\x07|\x1b\\)"  # OSC, DCS, APC, PM, SOS up to BEL / ST
    r"|\x1b[ -/]*[0-OQ-WYZ\\`-~]"  # any other escape (not an introducer above)
)
#: an escape sequence cut off by the end of a read (from its ESC to the end)
_PARTIAL = re.compile(r"\x1b(?:\[[0-?]*[ -/]*|[\]P_^X][^\x07\x1b]*\x1b?|[ -/]*)\Z")
#: control characters other than newline (and an ESC that starts no sequence)
_CONTROLS = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
#: longest incomplete sequence kept for the next read (longer: not an escape after all)
MAX_PENDING = 4096
#: reads closer than this belong to one burst of output (one frame, split by the pty)
BURST_GAP_MS = 2.0


def key_bytes(key: str) -> bytes:
    """The bytes of one key: a name from KEY_BYTES, or printable characters as typed."""
    return KEY_BYTES.get(key, key.encode())


def strip_escapes(text: str) -> str:
    """`text` without escape sequences and control characters (newlines kept)."""
    return _CONTROLS.sub("", _ESC.sub("", text))


class TermText:
    """The text of a terminal output stream, fed one read at a time."""

    def __init__(self) -> None:
        self._decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
        self._pending = ""
        self.text = ""

    def feed(self, data: bytes) -> str:
        """Take the next bytes; returns the text they add (also appended to `text`)."""
        s = self._pending + self._decoder.decode(data)
        self._pending = ""
        cut = _PARTIAL.search(s)
        if cut is not None and len(s) - cut.start() < MAX_PENDING:
            s, self._pending = s[:cut.start()], s[cut.start():]  # completed by the next read
        new = _CONTROLS.sub("", _ESC.sub("", s))
        text, self.text = self.text, ""
        text += new  # in place: megabytes of output are not copied at every read
        self.text = text
        return new

    def find(self, needle: str, start: int = 0) -> int:
        return self.text.find(needle, start)


# -- the terminal ---------------------------------------------------------------
@dataclass
class KeyTiming:
    """One key: milliseconds from writing its bytes to the first and the last byte of
    the answer (the last before `quiet` without output), and how much came."""

    key: str
    first_ms: float | None  # None: no output at all within the wait
    last_ms: float | None
    nbytes: int
    #: stopped at the cap while output was still coming (the figure is a lower bound)
    capped: bool = False
    #: output that arrived before the key was written (late output of an earlier key)
    stray_bytes: int = 0
    #: the answer in bursts (reads less than BURST_GAP_MS apart): (end ms, bytes) each;
    #: a burst is in practice one frame written by the program
    bursts: tuple[tuple[float, int], ...] = ()

    @property
    def largest_ms(self) -> float | None:
        """When the burst with the most bytes ended (e.g. the repainted list)."""
        if not self.bursts:
            return None
        return max(self.bursts, key=lambda b: b[1])[0]


class AppGone(RuntimeError):
    """The program exited (or closed the terminal) while we waited for it."""


def _take_terminal() -> None:  # runs in the child between fork and exec
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)


class PtyApp:
    """A program in a new pseudo-terminal. Use as a context manager."""

    #: how long `close()` gives the program after the quit keys, after closing the
    #: terminal, and after each signal
    quit_wait_s = 5.0
    hangup_wait_s = 3.0
    signal_wait_s = 3.0

    def __init__(self, argv: list[str], *, env: dict[str, str], cwd: Path | None = None,
                 size: tuple[int, int] = SIZE, quit_keys: bytes = b"q") -> None:
        self.quit_keys = quit_keys
        self._screen = TermText()
        self._unparsed: list[tuple[bytes, float]] = []
        self.nbytes = 0
        self.gone = False
        #: (length of the text after a read, when that read returned)
        self._marks: list[tuple[int, float]] = [(0, 0.0)]
        self.master, slave = os.openpty()
        try:
            cols, rows = size
            fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", rows, cols, 0, 0))
            env = {k: v for k, v in env.items() if k not in ("COLUMNS", "LINES")}
            env["TERM"] = TERM
            self.spawned = time.perf_counter()
            self.proc = subprocess.Popen(
                argv, stdin=slave, stdout=slave, stderr=slave, env=env, cwd=cwd,
                close_fds=True, start_new_session=True, preexec_fn=_take_terminal,
            )
        except BaseException:
            os.close(self.master)
            raise
        finally:
            os.close(slave)
        os.set_blocking(self.master, False)

    def __enter__(self) -> PtyApp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- reading --------------------------------------------------------------
    def read(self, timeout: float) -> tuple[float, int] | None:
        """Wait up to `timeout` s for output and take all there is: (when the last of
        it was read, bytes read), or None if nothing came. Raises AppGone at the end of
        the output. Parsing waits until the text is asked for (`screen`), so that it
        never delays noticing the next bytes."""
        if self.gone:
            raise AppGone(self._why_gone())
        ready, _, _ = select.select([self.master], [], [], max(timeout, 0.0))
        if not ready:
            return None
        got = 0
        at = 0.0
        while True:
            try:
                data = os.read(self.master, 1 << 16)
            except BlockingIOError:
                break
            except OSError:  # EIO: every process holding the terminal has closed it
                data = b""
            if not data:
                self.gone = True
                break
            at = time.perf_counter()
            got += len(data)
            self._unparsed.append((data, at))
        if not got:
            if self.gone:
                raise AppGone(self._why_gone())
            return None
        self.nbytes += got
        return at, got

    @property
    def screen(self) -> TermText:
        """The text so far (parsing what was read since the last call)."""
        for data, at in self._unparsed:
            self._screen.feed(data)
            self._marks.append((len(self._screen.text), at))
        self._unparsed.clear()
        return self._screen

    def _why_gone(self) -> str:
        code = self.proc.poll()
        tail = self.screen.text[-600:].strip()
        return f"the program left the terminal (exit {code}); last text: {tail!r}"

    def arrived(self, end: int) -> float:
        """When the text up to position `end` had arrived (perf_counter of that read)."""
        self.screen  # noqa: B018 - parses what is pending
        i = bisect.bisect_left(self._marks, end, key=lambda m: m[0])
        return self._marks[min(i, len(self._marks) - 1)][1]

    def mark(self) -> int:
        """Where the text ends now: pass it as `since` to look only at what comes next."""
        return len(self.screen.text)

    def wait_for(self, needle: str, timeout: float = 60.0, since: int = 0) -> float:
        """When the first `needle` in the text from position `since` on arrived: the
        perf_counter() time of the read that completed it (waits for it if needed)."""
        deadline = time.perf_counter() + timeout
        start = since
        while True:
            at = self.screen.find(needle, start)
            if at >= 0:
                return self.arrived(at + len(needle))
            left = deadline - time.perf_counter()
            if left <= 0:
                raise TimeoutError(f"{needle!r} not shown within {timeout:g} s; last text: "
                                   f"{self.screen.text[-600:].strip()!r}")
            start = max(start, len(self.screen.text) - len(needle) + 1)
            self.read(min(left, 0.5))

    def quiet(self, seconds: float, cap: float = 30.0) -> int:
        """Read until no output for `seconds` (at most `cap` s); returns the bytes read."""
        end = time.perf_counter() + cap
        n = 0
        while time.perf_counter() < end:
            got = self.read(seconds)
            if got is None:
                return n
            n += got[1]
        return n

    # -- keys -------------------------------------------------------------------
    def key(self, key: str, *, first_wait: float = 1.0, quiet: float = 0.15,
            cap: float = 0.45) -> KeyTiming:
        """Write one key and time its answer (see KeyTiming): reading stops once
        `quiet` s passed without output after the first byte, or `cap` s after the
        write, or after `first_wait` s with no output at all."""
        stray = 0
        while (got := self.read(0)) is not None:  # late output of an earlier key
            stray += got[1]
        t0 = time.perf_counter()
        os.write(self.master, key_bytes(key))
        first = last = None
        n = 0
        capped = False
        mark = len(self._unparsed)
        while True:
            elapsed = time.perf_counter() - t0
            if first is None or last is None:
                if elapsed >= first_wait:
                    break  # no answer
                got = self.read(first_wait - elapsed)
            else:
                if elapsed >= cap:
                    capped = time.perf_counter() - last < quiet
                    break
                got = self.read(min(quiet, cap - elapsed))
                if got is None:
                    if time.perf_counter() - last >= quiet:
                        break  # quiet
                    continue
            if got is not None:
                at, size = got
                n += size
                if first is None:
                    first = at
                last = at
        bursts: list[list[float]] = []
        for data, at in self._unparsed[mark:]:
            at_ms = (at - t0) * 1000
            if bursts and at_ms - bursts[-1][0] < BURST_GAP_MS:
                bursts[-1][0] = at_ms
                bursts[-1][1] += len(data)
            else:
                bursts.append([at_ms, len(data)])
        return KeyTiming(
            key, None if first is None else (first - t0) * 1000,
            None if last is None else (last - t0) * 1000, n, capped, stray,
            tuple((b[0], int(b[1])) for b in bursts))

    def write(self, key: str) -> None:
        os.write(self.master, key_bytes(key))

    def cpu_ms(self) -> float:
        """CPU time the program has used so far, all its threads (ms; from
        /proc/PID/task/*/schedstat, nanoseconds). NaN once it has exited."""
        total = 0
        try:
            for task in Path(f"/proc/{self.proc.pid}/task").iterdir():
                with contextlib.suppress(OSError, ValueError, IndexError):
                    total += int((task / "schedstat").read_text().split()[0])
        except OSError:
            return float("nan")
        return total / 1e6

    # -- the end ----------------------------------------------------------------
    def _wait_exit(self, seconds: float) -> bool:
        end = time.perf_counter() + seconds
        while time.perf_counter() < end:
            if self.proc.poll() is not None:
                return True
            if self.master >= 0 and not self.gone:
                with contextlib.suppress(AppGone, OSError):
                    self.read(0.02)  # keep draining: a full terminal blocks its writer
            else:
                time.sleep(0.01)
        return self.proc.poll() is not None

    def close(self) -> int | None:
        """Quit (the quit keys), else close the terminal (SIGHUP), else SIGTERM, else
        SIGKILL; reap the child and close the pty either way. Returns the exit code."""
        try:
            if self.proc.poll() is None and self.quit_keys and not self.gone:
                with contextlib.suppress(OSError):
                    os.write(self.master, self.quit_keys)
                self._wait_exit(self.quit_wait_s)
            if self.proc.poll() is None and self.master >= 0:
                os.close(self.master)
                self.master = -1
                self._wait_exit(self.hangup_wait_s)
            for sig in (signal.SIGTERM, signal.SIGKILL):
                if self.proc.poll() is not None:
                    break
                with contextlib.suppress(ProcessLookupError, PermissionError):
                    os.killpg(self.proc.pid, sig)
                self._wait_exit(self.signal_wait_s)
        finally:
            if self.master >= 0:
                os.close(self.master)
                self.master = -1
            if self.proc.poll() is None:
                with contextlib.suppress(ProcessLookupError):
                    self.proc.kill()
            self.proc.wait()
        return self.proc.returncode


# -- a busy machine -------------------------------------------------------------
#: spins until the bench is gone (its parent changes) or after `max_s` at the latest
_SPIN = (
    "import os, sys, time\n"
    "parent, end = os.getppid(), time.monotonic() + float(sys.argv[1])\n"
    "while os.getppid() == parent and time.monotonic() < end:\n"
    "    for _ in range(200_000):\n"
    "        pass\n"
)


@contextlib.contextmanager
def busy_core(max_s: float = 900.0) -> Iterator[subprocess.Popen[bytes]]:
    """Another process keeps one core busy (pure-Python loop) during the block; it is
    killed and reaped at the end, even on error (and ends by itself if we die)."""
    proc = subprocess.Popen([sys.executable, "-c", _SPIN, str(max_s)],
                            stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        time.sleep(0.2)  # let it get going
        if proc.poll() is not None:
            raise RuntimeError(f"the busy process exited at once ({proc.returncode})")
        yield proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait()


def load_average() -> str:
    """The 1, 5 and 15 minute load averages, as /proc/loadavg has them."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"
