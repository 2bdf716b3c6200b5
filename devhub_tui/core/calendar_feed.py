"""The calendar feed (`devhub export --format ics`): dated reminders as iCalendar.

Pure rules (no I/O): `storage/transfer/calendar.py` reads the rows, this module
turns them into all-day VEVENTs with the `icalendar` library (RFC 5545), which
escapes user text (commas, semicolons, backslashes, newlines) and folds long lines.

- Every event has a stable UID made of its kind and the id of the record it comes
  from (`followup-<id>@devhub`, `nextstep-<track id>@devhub`,
  `birthday-<contact id>@devhub`, `snooze-<contact id>@devhub`): importing a newer
  export into Google Calendar, Apple Calendar or Thunderbird updates the events
  instead of adding copies. SEQUENCE and LAST-MODIFIED come from the record's
  `updated_at`, so the newer copy wins.
- Every event is all-day (DTSTART;VALUE=DATE, DTEND the next day) and TRANSPARENT
  (a reminder does not make you look busy).
- Birthdays repeat yearly (RRULE:FREQ=YEARLY). A birthday without a year starts in
  2000 (a leap year: `--02-29` is a real date there). Someone born on Feb 29 gets
  RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1, the last day of February: Feb 29 in
  leap years and Feb 28 in the others, as devhub itself counts it
  (core.dates.next_birthday). A plain yearly rule on Feb 29 is skipped in the
  years without one (RFC 5545 §3.3.10: invalid dates are ignored), so Google, Apple
  and Thunderbird would show it only every four years.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.validation import clean_text

PRODID = "-//devhub//devhub calendar feed 1.0//EN"
CALENDAR_NAME = "devhub"
UID_DOMAIN = "devhub"
#: SEQUENCE counts minutes since this instant (an RFC 5545 INTEGER fits until 6000 AD)
_SEQUENCE_EPOCH_MS = 1_577_836_800_000  # 2020-01-01
#: The year a birthday without a year starts in (a leap year: Feb 29 exists)
BASE_YEAR = 2000
#: Longest SUMMARY (calendar apps show one line; the DESCRIPTION has the rest)
MAX_SUMMARY = 200

KINDS = ("followup", "nextstep", "birthday", "snooze")


@dataclass(frozen=True)
class FeedEntry:
    """One all-day event. `kind` is one of KINDS, `record_id` the id of the row it
    comes from (with `kind`, its UID), `updated_ms` that row's updated_at."""

    kind: str
    record_id: str
    day: _dt.date
    summary: str
    description: str = ""
    yearly: bool = False
    updated_ms: int | None = None
    categories: tuple[str, ...] = field(default_factory=tuple)

    @property
    def uid(self) -> str:
        return event_uid(self.kind, self.record_id)


def event_uid(kind: str, record_id: str) -> str:
    return f"{kind}-{record_id}@{UID_DOMAIN}"


def _line(text: str, limit: int = MAX_SUMMARY) -> str:
    one = clean_text(text or "", max_len=10**9, multiline=False)
    return one if len(one) <= limit else one[: limit - 1] + "…"


def _text(text: str) -> str:
    return clean_text(text or "", max_len=10**9, multiline=True)


def _first_line(note: str) -> str:
    return _line(note.strip().splitlines()[0] if note.strip() else "", 120)


def follow_up_entry(fid: str, name: str, due: _dt.date, note: str,
                    updated_ms: int | None = None) -> FeedEntry:
    head = f"Follow up with {_line(name)}"
    first = _first_line(note)
    return FeedEntry("followup", fid, due, _line(f"{head}: {first}" if first else head),
                     _text(note), updated_ms=updated_ms, categories=("devhub", "follow-up"))


def next_step_entry(track_id: str, title: str, step: str, due: _dt.date, who: str = "",
                    updated_ms: int | None = None) -> FeedEntry:
    what = _first_line(step) or "next step"
    where = _line(title) + (f" with {_line(who)}" if who and who != title else "")
    description = "\n".join(x for x in (_text(step), f"Track: {where}") if x)
    return FeedEntry("nextstep", track_id, due, _line(f"{what} ({where})"), description,
                     updated_ms=updated_ms, categories=("devhub", "next step"))


def birthday_parts_of(birthday: str) -> tuple[int | None, int, int] | None:
    """(year or None, month, day) of a stored birthday (`YYYY-MM-DD` / `--MM-DD`),
    None when it is not a real one (a bad row never breaks the feed)."""
    try:
        if birthday.startswith("--") and len(birthday) == 7:
            month, day = int(birthday[2:4]), int(birthday[5:7])
            _dt.date(BASE_YEAR, month, day)
            return None, month, day
        born = _dt.date.fromisoformat(birthday)
    except ValueError:
        return None
    return born.year, born.month, born.day


def birthday_entry(contact_id: str, name: str, birthday: str,
                   updated_ms: int | None = None) -> FeedEntry | None:
    parts = birthday_parts_of(birthday)
    if parts is None:
        return None
    year, month, day = parts
    start = _dt.date(year if year is not None else BASE_YEAR, month, day)
    description = f"Born {start.isoformat()}" if year is not None else ""
    return FeedEntry("birthday", contact_id, start, _line(f"{_line(name)}'s birthday"),
                     description, yearly=True, updated_ms=updated_ms,
                     categories=("devhub", "birthday"))


def snooze_entry(contact_id: str, name: str, until: _dt.date,
                 updated_ms: int | None = None) -> FeedEntry:
    return FeedEntry("snooze", contact_id, until, _line(f"Snooze ends: {_line(name)}"),
                     "devhub reminds you about them again from today.",
                     updated_ms=updated_ms, categories=("devhub", "snooze"))


def _utc(ms: int) -> _dt.datetime:
    return _dt.datetime.fromtimestamp(ms / 1000, tz=_dt.UTC).replace(microsecond=0)


def rrule_for(entry: FeedEntry) -> dict[str, Any] | None:
    """The yearly rule of a birthday (Feb 29: the last day of February)."""
    if not entry.yearly:
        return None
    if entry.day.month == 2 and entry.day.day == 29:
        return {"FREQ": "YEARLY", "BYMONTH": 2, "BYMONTHDAY": -1}
    return {"FREQ": "YEARLY"}


def to_ics(entries: Iterable[FeedEntry], *, now_ms: int) -> str:
    """The iCalendar text (CRLF line ends) of `entries`, stamped `now_ms`.

    What many events share (the stamp, TRANSP, a kind's categories, a day, a rule)
    is encoded once and handed to icalendar as its own property objects; only the
    text of each event is encoded for it (28k events at 100k contacts)."""
    from icalendar import Calendar, Event, vCategory, vDDDTypes, vRecur, vText

    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", CALENDAR_NAME)
    stamp = vDDDTypes(_utc(now_ms))
    transparent = vText("TRANSPARENT")
    categories: dict[tuple[str, ...], Any] = {}
    days: dict[_dt.date, Any] = {}
    rules: dict[bool, Any] = {}

    def day(d: _dt.date) -> Any:
        got = days.get(d)
        if got is None:
            got = days[d] = vDDDTypes(d)
        return got

    for e in sorted(entries, key=lambda e: (e.day, e.kind, e.record_id)):
        ev = Event()
        ev.add("uid", vText(e.uid))
        ev.add("dtstamp", stamp)
        ev.add("dtstart", day(e.day))
        ev.add("dtend", day(e.day + _dt.timedelta(days=1)))
        ev.add("summary", vText(e.summary))
        if e.description:
            ev.add("description", vText(e.description))
        rule = rrule_for(e)
        if rule is not None:
            leap = "BYMONTHDAY" in rule
            if leap not in rules:
                rules[leap] = vRecur(rule)
            ev.add("rrule", rules[leap])
        ev.add("transp", transparent)
        if e.categories:
            if e.categories not in categories:
                categories[e.categories] = vCategory(list(e.categories))
            ev.add("categories", categories[e.categories])
        if e.updated_ms is not None:
            ev.add("last-modified", _utc(e.updated_ms))
            ev.add("sequence", max(0, (e.updated_ms - _SEQUENCE_EPOCH_MS) // 60_000))
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")
