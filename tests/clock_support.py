"""A clock for tests: it stands still until a test moves it (epoch milliseconds)."""

from __future__ import annotations


class FixedClock:
    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += int(seconds * 1000)
