"""Row ids and the clock used by storage."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

Clock = Callable[[], int]
_STABLE_NAMESPACE = uuid.UUID("5f1b3c2e-8d47-4f0a-9c6e-64657668ab01")


def new_id() -> str:
    """A random, sortable-enough TEXT id (uuid4 hex)."""
    return uuid.uuid4().hex


def stable_id(*parts: str) -> str:
    """The same TEXT id for the same parts on every device (uuid5 hex).

    For rows that are unique by name (a user's tags and custom types): two synced
    devices creating the same one write the same row instead of breaking the
    UNIQUE rule when their changes meet on the server.
    """
    return uuid.uuid5(_STABLE_NAMESPACE, "\x1f".join(parts)).hex


def system_clock() -> int:
    """Now, in UTC epoch milliseconds."""
    return time.time_ns() // 1_000_000
