"""The app's side of the session (`services/session.py`): screens that listen, writes.

A screen that shows the session's data is a `DataScreen`, given the session when
it is made. While it is mounted it listens to the session's change signal: each
change (a write here, a sync's pull, another process's write found by
`check_store`) posts the screen a `DataChanged` message from whatever thread made
it. The screen reloads at once when the user can see it (nothing but dialogs above
it); otherwise it reloads when it is shown again, if the session's `version` moved
since it last loaded (`stale`).

Writes run in app-level thread workers (`write_in_background`): a failure is one
notification (the app's worker handler), and a write outlives the screen that
asked for it (delete a contact, its screen closes).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol, runtime_checkable

from textual import events, on
from textual.app import App
from textual.message import Message
from textual.screen import ModalScreen, Screen

from devhub_tui.services.session import Change, Session


@runtime_checkable
class HasSession(Protocol):
    """Anything that carries the session (the app, a screen that shows data)."""

    session: Session


class DataChanged(Message, bubble=False):
    """The session's data changed (see the module docstring)."""

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change


def write_in_background(app: App[Any], session: Session, fn: Callable[..., Any], *args: Any,
                        message: str | None = None) -> None:
    """Run the store write `fn(*args)` through the session in an app-level thread
    worker, then say `message`. The session signals the change."""

    def work() -> None:
        session.write(fn, *args)
        if message:
            app.call_from_thread(app.notify, message, markup=False)

    app.run_worker(work, name="write", group="write", thread=True, exit_on_error=False)


def check_in_background(app: App[Any], session: Session, *, force: bool = False) -> None:
    """Look in an app-level worker whether another process wrote to the store (or,
    with `force`, take it that one did): a change reloads what is shown."""
    if session.signed_in:
        app.run_worker(lambda: session.check_external(force=force), name="store-check",
                       group="store-check", thread=True, exit_on_error=False)


class DataScreen(Screen[None]):
    """A screen that shows the session's data (see the module docstring). Subclasses
    implement `reload()` and set `seen_version` when they load."""

    #: the session's `version` when this screen last loaded
    seen_version = -1

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self._unsubscribe: Callable[[], None] | None = None

    @on(events.Mount)
    def _listen(self) -> None:
        self._unsubscribe = self.session.subscribe(
            lambda change: self.post_message(DataChanged(change)))

    @on(events.Unmount)
    def _stop_listening(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @on(DataChanged)
    def _data_changed(self) -> None:
        if self.in_view():
            self.reload()

    def in_view(self) -> bool:
        """Shown now: the top screen, or under nothing but dialogs."""
        if not self.is_mounted:
            return False
        stack = self.app.screen_stack
        if self not in stack:
            return False
        above = stack[stack.index(self) + 1:]
        return all(isinstance(s, ModalScreen) for s in above)

    def stale(self) -> bool:
        """Whether coming back to this screen should reload it: by default, when the
        data changed since it last loaded (subclasses add their own reasons)."""
        return self.seen_version != self.session.version

    def reload(self) -> None:
        """Load what the screen shows again."""

    def run_write(self, fn: Callable[..., Any], *args: Any, message: str | None = None) -> None:
        """A store write in the background (see `write_in_background`)."""
        write_in_background(self.app, self.session, fn, *args, message=message)

    def check_store(self) -> None:
        """Reload if another process wrote to the store meanwhile (asked in a worker)."""
        check_in_background(self.app, self.session)
