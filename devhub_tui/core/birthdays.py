"""A birthday as people say it: "10 Dec (in 6 days)", "10 Dec 1990 (today, turns 36)".

The store keeps `YYYY-MM-DD`, or `--MM-DD` when the year is unknown (PRODUCT.md
§1); that form is for files, not for reading.
"""

from __future__ import annotations

import datetime as _dt

from devhub_tui.core.dates import DateWordError, birthday_age, birthday_parts, next_birthday

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _until(days: int) -> str:
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days < 14:
        return f"in {days} days"
    if days < 60:
        return f"in {days // 7} weeks"
    months = days // 30
    return f"in {months} month{'s' if months != 1 else ''}"


def birthday_text(birthday: str, today: _dt.date) -> str:
    """`"10 Dec (in 6 days)"`; with a year `"10 Dec 1990 (in 6 days, turns 36)"`.

    A value that is not a valid birthday is shown as stored."""
    try:
        year, month, day = birthday_parts(birthday)
        upcoming = next_birthday(birthday, today)
    except DateWordError:
        return birthday
    when = f"{day} {MONTHS[month - 1]}" + (f" {year}" if year is not None else "")
    until = _until((upcoming - today).days)
    age = birthday_age(birthday, upcoming)
    if age is not None and age > 0:
        return f"{when} ({until}, turns {age})"
    return f"{when} ({until})"
