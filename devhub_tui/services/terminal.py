"""When the terminal goes away, devhub goes too (no textual here).

Closing a terminal window, dropping an ssh connection or killing a tmux session
hangs the terminal up. The kernel sends SIGHUP to the session leader, and to the
rest of the foreground group only once the leader has exited: a program started
by one that stays (`make run`: make waits for its child) gets no signal, and
every read of the hung-up terminal returns end-of-file at once. Textual's input
thread then selects the descriptor ("readable"), reads nothing and selects
again, at 100% of a core for as long as the process lives; stdin at end-of-file
from the start (`devhub < /dev/null`) spins the same way. The default action of
a signal that does come ends the process without closing anything.

So devhub watches for the hang-up itself: `poll()` reports POLLHUP on a hung-up
terminal without reading from it, in a thread that sleeps until then. SIGHUP and
SIGTERM are handled the same way: the app leaves the ordinary way (`App.exit`:
workers stop, the Quick Connect form server stops, the store is closed); a write
in flight is one SQLite transaction, so it commits or rolls back whole. Should
the app not be gone `GRACE_S` after being told (a network step that hangs), the
process leaves anyway. `devhub qr --event` uses the same watch for its server.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

#: How long the app has to close by itself once told to leave; then it leaves anyway.
GRACE_S = 1.5
_SIGHUP: int | None = getattr(signal, "SIGHUP", None)
#: The exit status after a hang-up: the same as after SIGHUP (128 + 1).
HANGUP_STATUS = 128 + (_SIGHUP or 1)
#: Set by the watched descriptors' poll() when the terminal is gone.
_GONE = select.POLLHUP | select.POLLERR | select.POLLNVAL if hasattr(select, "poll") else 0
#: Put the screen back if the app could not (leave the alternate screen, show the
#: cursor, stop mouse reports, bracketed paste, focus events and kitty keys).
_RESET_SCREEN = (
    b"\x1b[<u\x1b[?1000l\x1b[?1003l\x1b[?1015l\x1b[?1006l\x1b[?2004l\x1b[?1004l"
    b"\x1b[?1049l\x1b[?25h"
)
NO_TERMINAL = (
    "the app needs a terminal to read keys from, and standard input is not one "
    "(the commands, such as `devhub due`, work without one)"
)


def leave_signals() -> list[int]:
    """SIGHUP and SIGTERM, less one that is ignored (`nohup devhub qr ...` keeps serving)."""
    found = [s for s in (_SIGHUP, getattr(signal, "SIGTERM", None)) if s is not None]
    return [s for s in found if signal.getsignal(s) is not signal.SIG_IGN]


def terminal_fds() -> list[int]:
    """The standard descriptors that are a terminal."""
    found = []
    for fd in (0, 1, 2):
        with contextlib.suppress(OSError):
            if os.isatty(fd):
                found.append(fd)
    return found


def hung_up(fds: list[int]) -> bool:
    """Whether any of these terminal descriptors is hung up (nothing is read)."""
    if not fds or not _GONE or not sys.platform.startswith("linux"):
        return False
    poller = select.poll()
    for fd in fds:
        poller.register(fd, 0)  # POLLHUP / POLLERR / POLLNVAL are always reported
    return any(events & _GONE for _fd, events in poller.poll(0))


def detach(fds: list[int]) -> None:
    """Point the output descriptors that were the hung-up terminal at /dev/null: the
    last writes (Textual putting the screen back, a final line) then succeed instead
    of failing with EIO (which would end Textual's writer thread and block the app
    on its full queue). Standard input is `silence_input`'s."""
    _detach_outputs(fds)


def _detach_outputs(fds: list[int]) -> None:
    outputs = [fd for fd in fds if fd in (1, 2)]
    if not outputs:
        return
    null = os.open(os.devnull, os.O_WRONLY)
    try:
        for fd in outputs:
            os.dup2(null, fd)
    finally:
        os.close(null)


#: The write end of the pipe that replaced a hung-up standard input, while it is
#: kept open (never written, so the pipe reads neither data nor end-of-file).
_silent_input: list[int] = []
_silenced = False


def silence_input(fds: list[int]) -> None:
    """Put a pipe that has nothing to read where a hung-up terminal was the standard
    input: Textual's reader then waits (as on a quiet terminal) instead of reading
    end-of-file in a loop at 100% of a core. Done at once, by the signal handler,
    however late the watch thread runs on a busy machine; `release_input` ends it
    once the app is told to leave."""
    global _silenced
    if 0 not in fds or _silenced:
        return
    _silenced = True
    read_end, write_end = os.pipe()
    try:
        os.dup2(read_end, 0)
    except OSError:
        os.close(write_end)
        return
    finally:
        os.close(read_end)
    _silent_input.append(write_end)


def release_input() -> None:
    """End-of-file on the silenced input: a read the reader started just before the
    swap returns, and the reader sees the app's exit (it stops between reads)."""
    while _silent_input:
        with contextlib.suppress(OSError):
            os.close(_silent_input.pop())


class TerminalWatch:
    """Calls `on_leave(status)` once, from its own thread: when the terminal hangs up
    (status 129, as for SIGHUP) or, with `signals`, on SIGHUP or SIGTERM (128 + the
    signal). Before the call, the outputs of a hung-up terminal are detached."""

    def __init__(self, on_leave: Callable[[int], object], *, signals: bool) -> None:
        self.on_leave = on_leave
        self.fds = terminal_fds()
        #: 128 + the signal that ended the program (a hang-up counts as SIGHUP)
        self.status: int | None = None
        self._signals = leave_signals() if signals else []
        self._previous: dict[int, Any] = {}
        self._wake_r, self._wake_w = os.pipe()
        os.set_blocking(self._wake_w, False)
        self._thread = threading.Thread(target=self._run, name="devhub-terminal", daemon=True)

    def start(self) -> TerminalWatch:
        if not hasattr(select, "poll"):  # Windows: no SIGHUP, nothing to watch with
            return self
        for sig in self._signals:
            with contextlib.suppress(ValueError, OSError):  # ValueError: not the main thread
                self._previous[sig] = signal.signal(sig, self._on_signal)
        self._thread.start()
        return self

    def stop(self) -> None:
        """Put the previous signal handlers back and end the watch (unless leaving)."""
        for sig, handler in self._previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, handler if handler is not None else signal.SIG_DFL)
        self._previous.clear()
        self._wake(0)

    def _on_signal(self, signum: int, _frame: Any) -> None:
        if hung_up(self.fds):  # SIGHUP from a closed terminal: let go of it at once
            silence_input(self.fds)
            _detach_outputs(self.fds)
        self._wake(signum)

    def _wake(self, byte: int) -> None:
        with contextlib.suppress(OSError):  # full pipe: the watch is awake already
            os.write(self._wake_w, bytes([byte]))

    def _run(self) -> None:
        status = self._wait()
        if status is None:
            return
        self.status = status
        if hung_up(self.fds):
            silence_input(self.fds)
            detach(self.fds)
        self.on_leave(status)

    def _wait(self) -> int | None:
        poller = select.poll()
        poller.register(self._wake_r, select.POLLIN)
        # Elsewhere poll() may not take terminals (macOS answers POLLNVAL): signals only.
        if sys.platform.startswith("linux"):
            for fd in self.fds:
                poller.register(fd, 0)  # sleeps until POLLHUP / POLLERR / POLLNVAL
        while True:
            for fd, events in poller.poll():
                if fd == self._wake_r:
                    signum = os.read(self._wake_r, 1)[0]
                    return 128 + signum if signum else None
                if events & _GONE:
                    return HANGUP_STATUS


class AppGuard:
    """Ends the full-screen app when its terminal goes away (see the module doc).

    Started before the app is built (a signal during start-up is kept), given the
    app with `attach`, stopped once the app has returned."""

    def __init__(self) -> None:
        self.app: Any = None
        self._done = threading.Event()
        self._saved: tuple[int, Any] | None = _terminal_modes()
        self.watch = TerminalWatch(self._leave, signals=True)

    @property
    def status(self) -> int | None:
        """128 + the signal that ended the app (129 for a hang-up), else None."""
        return self.watch.status

    def start(self) -> AppGuard:
        self.watch.start()
        return self

    def attach(self, app: Any) -> None:
        self.app = app

    def stop(self) -> None:
        self._done.set()
        self.watch.stop()
        release_input()

    def _leave(self, status: int) -> None:
        """On the watch thread: ask the app to exit as soon as it runs."""
        deadline = threading.Timer(GRACE_S, self._leave_now, args=(status,))
        deadline.daemon = True
        deadline.start()
        while not self._done.is_set():
            app = self.app
            if app is not None:
                try:
                    app.call_from_thread(app.exit, return_code=status)
                    release_input()
                    return
                except RuntimeError:  # not running yet
                    pass
            time.sleep(0.02)

    def _leave_now(self, status: int) -> None:
        """The app did not close in time: put the terminal back if it is still
        there, and leave (SQLite rolls back a transaction that did not commit)."""
        if self._saved is not None and not hung_up(self.watch.fds):
            fd, modes = self._saved
            out = next((f for f in self.watch.fds if f in (1, 2)), fd)
            with contextlib.suppress(Exception):
                import termios

                termios.tcsetattr(fd, termios.TCSANOW, modes)
                os.write(out, _RESET_SCREEN)
        os._exit(status)


def _terminal_modes() -> tuple[int, Any] | None:
    """The terminal's modes before Textual changes them (to put back in `_leave_now`)."""
    for fd in terminal_fds():
        with contextlib.suppress(Exception):
            import termios

            return fd, termios.tcgetattr(fd)
    return None


def app_mounted(app: Any) -> bool:
    """Called by the app on mount, once Textual's driver is in place (headless apps,
    as in tests, read no terminal: nothing to do). False when the app leaves at once:
    with no terminal to read keys from (standard input a pipe, a file, /dev/null: all
    end in end-of-file, which Textual's reader spins on), saying why in one line."""
    if app.is_headless:
        return True
    if 0 not in terminal_fds():
        app.fatal_error = NO_TERMINAL
        app.exit(return_code=1)
        return False
    _no_resume_after_hangup()
    return True


def _no_resume_after_hangup() -> None:
    """The kernel sends SIGCONT with SIGHUP to the session leader of a hung-up
    terminal. Textual resumes application mode on SIGCONT (after Ctrl-Z): on the
    hung-up terminal that starts a second writer thread, whose first write fails
    (EIO), and the exit then blocks on its full queue. SIGCONT is passed on to
    Textual's handler only while the terminal is there."""
    sigcont = getattr(signal, "SIGCONT", None)
    previous = signal.getsignal(sigcont) if sigcont is not None else None
    if sigcont is None or not callable(previous):
        return
    fds = terminal_fds()
    resume: Callable[[int, Any], Any] = previous

    def on_sigcont(signum: int, frame: Any) -> None:
        if not hung_up(fds):
            resume(signum, frame)

    with contextlib.suppress(ValueError, OSError):  # ValueError: not the main thread
        signal.signal(sigcont, on_sigcont)
