"""Row ids and the clock used by storage."""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

Clock = Callable[[], int]


def new_id() -> str:
    """A random, sortable-enough TEXT id (uuid4 hex)."""
    return uuid.uuid4().hex


def system_clock() -> int:
    """Now, in UTC epoch milliseconds."""
    return time.time_ns() // 1_000_000
