"""Dates and times: date words (``@fri``, ``3d``), birthdays, "3 days ago" text.

Conventions used everywhere in devhub:

* timestamps are UTC epoch **milliseconds** (``int``);
* a calendar "day" is a UTC day (``ms_to_date`` / ``date_to_ms``);
* every function here is pure: ``today`` / ``now_ms`` are passed in (only
  :func:`now_ms` reads the clock), so callers and tests control time.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import re
import time

__all__ = [
    "DAY_MS",
    "DateWordError",
    "FutureDateError",
    "add_months",
    "birthday_age",
    "birthday_parts",
    "check_interaction_date",
    "date_to_ms",
    "days_ago_text",
    "humanize_ago",
    "humanize_days",
    "ms_to_date",
    "next_birthday",
    "now_ms",
    "parse_birthday",
    "parse_when",
    "when_examples",
    "when_to_ms",
]

DAY_MS = 86_400_000
_HOUR_MS = 3_600_000
_EPOCH = _dt.date(1970, 1, 1)

#: Range accepted for the year of a birthday.
BIRTHDAY_MIN_YEAR = 1800
BIRTHDAY_MAX_YEAR = 9999

#: Interactions record what happened: dated from this day up to today (never later).
INTERACTION_MIN_DATE = _dt.date(1900, 1, 1)

#: Date words for what happened (interactions): past words only.
PAST_WHEN_EXAMPLES = "today, yesterday, 3d, fri, 2026-11-20"
_WHEN_HINT = f"try {PAST_WHEN_EXAMPLES}"
#: How far ahead the example date in `when_examples(future=True)` lies.
_FUTURE_EXAMPLE_DAYS = 16
_BIRTHDAY_HINT = "use YYYY-MM-DD, or MM-DD when you don't know the year"


class DateWordError(ValueError):
    """A date the user typed can't be understood; ``str(err)`` is a one-line user message."""


class FutureDateError(DateWordError):
    """A date that lies in the future where only what already happened may be dated."""


def _clip(text: str, width: int = 40) -> str:
    """User text shortened for a one-line message."""
    return text if len(text) <= width else text[: width - 3] + "..."


# --------------------------------------------------------------------------- time helpers


def now_ms() -> int:
    """The current time as UTC epoch milliseconds (the only clock read in ``core``)."""
    return time.time_ns() // 1_000_000


def ms_to_date(ms: int) -> _dt.date:
    """The UTC calendar date of an epoch-milliseconds timestamp (works for negative ms too)."""
    return _EPOCH + _dt.timedelta(days=ms // DAY_MS)


def date_to_ms(d: _dt.date) -> int:
    """UTC midnight at the start of ``d`` as epoch milliseconds."""
    return (d - _EPOCH).days * DAY_MS


def when_to_ms(d: _dt.date, now_ms: int) -> int:
    """Timestamp to store for something that happened on day ``d``.

    If ``d`` is today (the UTC date of ``now_ms``) the exact ``now_ms`` is used so
    same-day entries keep their order; any other day is stored at 12:00 UTC, which
    keeps the date stable for users in any timezone within ±12 h.
    """
    if d == ms_to_date(now_ms):
        return now_ms
    return date_to_ms(d) + 12 * _HOUR_MS


def add_months(d: _dt.date, months: int) -> _dt.date:
    """``d`` moved by whole calendar months, the day clamped to the month's end.

    ``add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)``. Raises ``OverflowError``
    outside years 1..9999.
    """
    index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError("date out of range")
    month = month0 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return _dt.date(year, month, day)


# --------------------------------------------------------------------------- parse_when


def when_examples(today: _dt.date, *, future: bool) -> str:
    """Date words to show in a hint: past words for what happened (interactions),
    future words for what is planned (follow-ups, snoozes), whose example date is
    computed from ``today`` so that it stays ahead of it."""
    if not future:
        return PAST_WHEN_EXAMPLES
    ahead = today + _dt.timedelta(days=_FUTURE_EXAMPLE_DAYS) if today.year < 9999 else today
    return f"tomorrow, in 3 days, next fri, {ahead.isoformat()}"

_WEEKDAYS: dict[str, int] = {}
for _i, _names in enumerate(
    (
        ("mon", "monday"),
        ("tue", "tues", "tuesday"),
        ("wed", "weds", "wednesday"),
        ("thu", "thur", "thurs", "thursday"),
        ("fri", "friday"),
        ("sat", "saturday"),
        ("sun", "sunday"),
    )
):
    for _name in _names:
        _WEEKDAYS[_name] = _i

_UNIT_DAYS = {"d": 1, "day": 1, "days": 1, "w": 7, "week": 7, "weeks": 7}
_UNIT_MONTHS = {"month": 1, "months": 1, "mo": 1}

_ISO_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_SHORT_RE = re.compile(r"(\d+)\s*(d|w|mo|days?|weeks?|months?)", re.ASCII)
_AGO_RE = re.compile(r"(\d+)\s*(d|w|mo|days?|weeks?|months?)\s+ago", re.ASCII)
_IN_RE = re.compile(r"in\s+(\d+)\s*(d|w|mo|days?|weeks?|months?)", re.ASCII)
_REL_WEEKDAY_RE = re.compile(r"(last|next|this)\s+([a-z]+)", re.ASCII)


def _offset(today: _dt.date, amount: int, unit: str) -> _dt.date:
    if unit in _UNIT_MONTHS:
        return add_months(today, amount)
    return today + _dt.timedelta(days=amount * _UNIT_DAYS[unit])


def _weekday_on_or_before(today: _dt.date, weekday: int) -> _dt.date:
    return today - _dt.timedelta(days=(today.weekday() - weekday) % 7)


def _weekday_after(today: _dt.date, weekday: int) -> _dt.date:
    return today + _dt.timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _weekday_before(today: _dt.date, weekday: int) -> _dt.date:
    return today - _dt.timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)


def _iso_date(text: str, shown: str) -> _dt.date | None:
    m = _ISO_RE.fullmatch(text)
    if not m:
        return None
    year, month, day = (int(g) for g in m.groups())
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise DateWordError(f"'{shown}' is not a real date") from None


def parse_when(text: str, today: _dt.date, *, future: bool = False) -> _dt.date:
    """Turn a date word into a date, relative to ``today``.

    Case-insensitive; a leading ``@`` and surrounding/inner extra spaces are ignored.

    ==========================  ==================================================
    ``today`` / ``now``         ``today``
    ``yesterday``               ``today - 1``
    ``tomorrow``                ``today + 1``
    ``3d``, ``2w``, ``3 days``  3 days / 2 weeks / 3 days **ago**; with ``future=True``,
                                ahead (also ``2mo``, ``2 months``)
    ``3 days ago``, ``2w ago``  always in the past (also ``N months ago``)
    ``in 3 days``, ``in 2w``    always ahead (also ``in N months``)
    ``next week`` / ``last week``    ``today ± 7``
    ``next month`` / ``last month``  ± one calendar month (day clamped: Jan 31 -> Feb 28)
    ``fri``, ``friday``         past mode: the most recent Friday **on or before**
                                today (today if today is Friday); future mode: the
                                next Friday **strictly after** today
    ``last fri`` / ``next fri`` strictly before / strictly after today
    ``2026-11-20``              that date, as given (real dates only; no range check:
                                callers decide whether a future date is acceptable)
    ==========================  ==================================================

    Months are calendar months (not 30 days). Raises :class:`DateWordError` with a
    one-line message for anything else, for impossible dates (``2026-02-30``) and
    for offsets that leave the calendar (``99999999d``).
    """
    shown = _clip(" ".join(text.split()))
    word = " ".join(text.split()).lstrip("@").strip().casefold()
    word = " ".join(word.split())
    hint = f"try {when_examples(today, future=True)}" if future else _WHEN_HINT
    if not word:
        raise DateWordError(f"no date given ({hint})")
    try:
        return _parse_when_word(word, shown, today, future, hint)
    except (OverflowError, ValueError) as exc:
        if isinstance(exc, DateWordError):
            raise
        raise DateWordError(f"'{shown}' is too far away") from None


def _parse_when_word(
    word: str, shown: str, today: _dt.date, future: bool, hint: str
) -> _dt.date:
    if word in ("today", "now"):
        return today
    if word == "yesterday":
        return today - _dt.timedelta(days=1)
    if word == "tomorrow":
        return today + _dt.timedelta(days=1)
    sign = 1 if future else -1
    m = _SHORT_RE.fullmatch(word)
    if m:
        return _offset(today, sign * int(m.group(1)), m.group(2))
    m = _AGO_RE.fullmatch(word)
    if m:
        return _offset(today, -int(m.group(1)), m.group(2))
    m = _IN_RE.fullmatch(word)
    if m:
        return _offset(today, int(m.group(1)), m.group(2))
    if word in ("next week", "last week"):
        return today + _dt.timedelta(days=7 if word.startswith("next") else -7)
    if word in ("next month", "last month"):
        return add_months(today, 1 if word.startswith("next") else -1)
    if word in _WEEKDAYS:
        weekday = _WEEKDAYS[word]
        if future:
            return _weekday_after(today, weekday)
        return _weekday_on_or_before(today, weekday)
    m = _REL_WEEKDAY_RE.fullmatch(word)
    if m and m.group(2) in _WEEKDAYS:
        weekday = _WEEKDAYS[m.group(2)]
        if m.group(1) == "next":
            return _weekday_after(today, weekday)
        if m.group(1) == "last":
            return _weekday_before(today, weekday)
        # "this fri": the one in the direction the caller looks, today included.
        if future:
            return today + _dt.timedelta(days=(weekday - today.weekday()) % 7)
        return _weekday_on_or_before(today, weekday)
    iso = _iso_date(word, shown.lstrip("@").strip())
    if iso is not None:
        return iso
    raise DateWordError(f"can't read date '{shown}' ({hint})")


def check_interaction_date(d: _dt.date, today: _dt.date) -> _dt.date:
    """``d`` when it can date an interaction (1900-01-01 .. ``today``), else a clear error.

    An interaction records what happened, so a future date is refused and pointed at
    a follow-up (what is planned); a date before 1900 is a typo, not a memory.
    Callers add how to schedule a follow-up where they are (CLI or app).
    """
    if d > today:
        raise FutureDateError(
            f"{d.isoformat()} is in the future: log what happened, and plan what's next"
            " as a follow-up"
        )
    if d < INTERACTION_MIN_DATE:
        raise DateWordError(
            f"{d.isoformat()} is before {INTERACTION_MIN_DATE.isoformat()}: interactions"
            " are dated from 1900 to today"
        )
    return d


# --------------------------------------------------------------------------- birthdays

_BDAY_FULL_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
_BDAY_COMPACT_RE = re.compile(r"(\d{4})(\d{2})(\d{2})", re.ASCII)
_BDAY_NOYEAR_RE = re.compile(r"(?:--)?(\d{1,2})-(\d{1,2})", re.ASCII)
_BDAY_VCARD_RE = re.compile(r"--(\d{2})(\d{2})", re.ASCII)


def parse_birthday(text: str, *, today: _dt.date | None = None) -> str:
    """Normalize a birthday to ``YYYY-MM-DD``, or ``--MM-DD`` when the year is unknown.

    Accepts ``YYYY-MM-DD``, ``YYYYMMDD``, ``MM-DD``, ``--MM-DD`` and ``--MMDD`` (vCard).
    Feb 29 is fine without a year; with a year it must be a leap year. The year must
    be within 1800..9999, and when ``today`` is given, the birthday can't be after it.
    Raises :class:`DateWordError` (one-line message), also for an empty string.
    """
    text = text.strip()
    shown = _clip(text)
    if not text:
        raise DateWordError(f"no birthday given ({_BIRTHDAY_HINT})")
    year: int | None
    m = _BDAY_FULL_RE.fullmatch(text) or _BDAY_COMPACT_RE.fullmatch(text)
    if m:
        year, month, day = (int(g) for g in m.groups())
    else:
        m = _BDAY_NOYEAR_RE.fullmatch(text) or _BDAY_VCARD_RE.fullmatch(text)
        if not m:
            raise DateWordError(f"can't read birthday '{shown}' ({_BIRTHDAY_HINT})")
        year = None
        month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        raise DateWordError(f"'{shown}' is not a real date (month {month})")
    if year is None:
        # 2000 is a leap year, so Feb 29 is allowed when the year is unknown.
        if not 1 <= day <= calendar.monthrange(2000, month)[1]:
            raise DateWordError(f"'{shown}' is not a real date")
        return f"--{month:02d}-{day:02d}"
    if not BIRTHDAY_MIN_YEAR <= year <= BIRTHDAY_MAX_YEAR:
        raise DateWordError(
            f"birthday year {year} is out of range ({BIRTHDAY_MIN_YEAR}-{BIRTHDAY_MAX_YEAR})"
        )
    try:
        born = _dt.date(year, month, day)
    except ValueError:
        if month == 2 and day == 29:
            raise DateWordError(
                f"'{shown}' is not a real date ({year} is not a leap year)"
            ) from None
        raise DateWordError(f"'{shown}' is not a real date") from None
    if today is not None and born > today:
        raise DateWordError(f"birthday '{shown}' is in the future")
    return born.isoformat()


def birthday_parts(birthday: str) -> tuple[int | None, int, int]:
    """``(year or None, month, day)`` of a birthday in any form :func:`parse_birthday` takes."""
    norm = parse_birthday(birthday)
    if norm.startswith("--"):
        return None, int(norm[2:4]), int(norm[5:7])
    return int(norm[0:4]), int(norm[5:7]), int(norm[8:10])


def _birthday_in_year(month: int, day: int, year: int) -> _dt.date:
    if month == 2 and day == 29 and not calendar.isleap(year):
        return _dt.date(year, 2, 28)
    return _dt.date(year, month, day)


def next_birthday(birthday: str, today: _dt.date) -> _dt.date:
    """The next time the birthday comes round, on or after ``today``.

    Feb 29 birthdays are celebrated on Feb 28 in non-leap years. Raises
    :class:`DateWordError` if ``birthday`` is not a valid birthday.
    """
    _, month, day = birthday_parts(birthday)
    candidate = _birthday_in_year(month, day, today.year)
    if candidate < today:
        if today.year >= 9999:
            raise DateWordError("no next birthday within the calendar")
        candidate = _birthday_in_year(month, day, today.year + 1)
    return candidate


def birthday_age(birthday: str, on: _dt.date) -> int | None:
    """Age in whole years on day ``on``; ``None`` if the year is unknown or ``on`` is before birth.

    Consistent with :func:`next_birthday`, someone born on Feb 29 turns a year older
    on Feb 28 in non-leap years. Raises :class:`DateWordError` if ``birthday`` is invalid.
    """
    year, month, day = birthday_parts(birthday)
    if year is None:
        return None
    this_year = _birthday_in_year(month, day, on.year)
    age = on.year - year - (1 if on < this_year else 0)
    return age if age >= 0 else None


# --------------------------------------------------------------------------- humanize


def _plural(n: int, unit: str) -> str:
    return f"{n} {unit}" if abs(n) == 1 else f"{n} {unit}s"


def humanize_days(n: int) -> str:
    """``"1 day"``, ``"3 days"``, ``"0 days"``."""
    return _plural(n, "day")


def _span(days: int) -> str:
    """A positive day count as the coarsest sensible unit."""
    if days >= 365:
        return _plural(days // 365, "year")
    if days >= 60:
        return _plural(days // 30, "month")
    if days >= 14:
        return _plural(days // 7, "week")
    return _plural(days, "day")


def humanize_ago(then_ms: int | None, now_ms: int) -> str:
    """How long ago ``then_ms`` was, by UTC calendar days.

    ``None`` -> ``"never"``; same UTC day -> ``"today"``; one day -> ``"yesterday"``
    (``"tomorrow"``); 2-13 days -> ``"N days ago"``; 14-59 -> ``"N weeks ago"``
    (whole weeks); 60-364 -> ``"N months ago"`` (30-day months); 365+ ->
    ``"N years ago"``. Future timestamps read ``"in N days"`` etc.
    """
    if then_ms is None:
        return "never"
    return days_ago_text((ms_to_date(now_ms) - ms_to_date(then_ms)).days)


def days_ago_text(days: int) -> str:
    """`humanize_ago` for a count of calendar days (negative: in the future)."""
    if days == 0:
        return "today"
    if days == 1:
        return "yesterday"
    if days == -1:
        return "tomorrow"
    if days > 0:
        return f"{_span(days)} ago"
    return f"in {_span(-days)}"


def humanize_ago_short(then_ms: int | None, now_ms: int) -> str:
    """`humanize_ago` in at most five cells, for narrow columns: ``"never"``,
    ``"today"``, ``"1d"`` .. ``"13d"``, ``"2w"`` .. ``"8w"``, ``"2mo"`` .. ``"12mo"``,
    ``"1y"`` ..; a future time reads ``"soon"``."""
    if then_ms is None:
        return "never"
    days = (ms_to_date(now_ms) - ms_to_date(then_ms)).days
    if days < 0:
        return "soon"
    if days == 0:
        return "today"
    if days >= 365:
        return f"{days // 365}y"
    if days >= 60:
        return f"{days // 30}mo"
    if days >= 14:
        return f"{days // 7}w"
    return f"{days}d"
