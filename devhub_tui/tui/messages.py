"""What screens tell the app: where to go next, and what happened to the app as a whole.

A screen posts one of these (`self.post_message(OpenContact(cid))`); it bubbles to
`DevhubApp`, which opens the screen asked for. Screens never call the app's own
methods: they know the session (their data) and these messages (navigation).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

from textual.message import Message

if TYPE_CHECKING:
    from devhub_tui.core.quicklog import ContactRef
    from devhub_tui.storage.auth import UserRow
    from devhub_tui.storage.store import Contact


class OpenContact(Message):
    """Show one contact's screen."""

    def __init__(self, contact_id: str) -> None:
        super().__init__()
        self.contact_id = contact_id


class EditContact(Message):
    """The contact form: for `contact`, or a new contact (None)."""

    def __init__(self, contact: Contact | None = None) -> None:
        super().__init__()
        self.contact = contact


class EditVip(Message):
    """The VIP editor for `contact`."""

    def __init__(self, contact: Contact) -> None:
        super().__init__()
        self.contact = contact


class OpenQuickLog(Message):
    """The quick-log bar, with `contact` chosen (or empty) and `initial` typed in it
    (a track's `l`: its `+slug`)."""

    def __init__(self, contact: ContactRef | None = None, initial: str = "") -> None:
        super().__init__()
        self.contact = contact
        self.initial = initial


class OpenTrack(Message):
    """Show one track's screen (issue 19)."""

    def __init__(self, track_id: str) -> None:
        super().__init__()
        self.track_id = track_id


@runtime_checkable
class OffersQuickLog(Protocol):
    """A screen whose `l` opens the quick log with its contact (the contact screen,
    the dashboard's highlighted row). The app's `l` asks it at once, not through a
    message: keys typed right after `l` must reach the bar."""

    def quick_log_request(self) -> OpenQuickLog | None:
        """What `l` opens here (None: nothing yet, e.g. still loading)."""
        ...


class SignedIn(Message):
    """A sign-in screen opened a session for `user` (the session already has it)."""

    def __init__(self, user: UserRow) -> None:
        super().__init__()
        self.user = user


class FirstDataShown(Message):
    """The dashboard painted its first data: start-up is over."""
