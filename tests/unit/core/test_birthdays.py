"""Birthdays as people say them."""

from __future__ import annotations

import datetime as _dt

import pytest

from devhub_tui.core.birthdays import birthday_text

TODAY = _dt.date(2026, 12, 4)


@pytest.mark.parametrize(("birthday", "expected"), [
    ("--12-10", "10 Dec (in 6 days)"),
    ("1990-12-10", "10 Dec 1990 (in 6 days, turns 36)"),
    ("--12-04", "4 Dec (today)"),
    ("1990-12-04", "4 Dec 1990 (today, turns 36)"),
    ("--12-05", "5 Dec (tomorrow)"),
    ("--12-25", "25 Dec (in 3 weeks)"),
    ("--12-03", "3 Dec (in 12 months)"),  # it was yesterday: next year
    ("--03-01", "1 Mar (in 2 months)"),
    ("2000-02-29", "29 Feb 2000 (in 2 months, turns 27)"),  # 28 Feb in 2027
    ("2026-12-01", "1 Dec 2026 (in 12 months, turns 1)"),
    ("not a date", "not a date"),
])
def test_birthday_text(birthday: str, expected: str) -> None:
    assert birthday_text(birthday, TODAY) == expected
