"""`devhub digest`: the days ahead and the days behind, as text, Markdown or JSON.

Pure rules (no I/O, no clock): `storage/digest.py` reads the rows into a `Digest`,
this module renders it.

Windows (`days` = N, 7 by default; today is the UTC date of `now`, like every date
in devhub), today included on both sides:

- ahead: today .. today + N. Who is due (status overdue, needs attention or due
  soon now, or whose cadence runs out by the end of the window; not snoozed, not
  paused), open follow-ups due by then (late ones included), birthdays in the
  window, next steps of open tracks due by then (late ones included).
- behind: today - N .. now. The interactions logged in it (by their date: when
  they happened), and the people reconnected: contacts with an interaction in the
  window whose previous interaction (or, never contacted before, the day they were
  added) was at least their cadence earlier -- they had reached "needs attention"
  (or worse) by the time you got back in touch. Contacts with reminders off never
  count. The cadence is today's (a changed cadence is not replayed).

JSON shape (stable; `--limit` caps each `items` list, `count` is always the full
number; dates are `YYYY-MM-DD`, `generated_at` epoch ms)::

    {"today", "days", "generated_at",
     "ahead": {"from", "to",
       "due": {"count", "items": [{"contact_id", "name", "status", "due", "days_late"}]},
       "follow_ups": {"count", "items": [{"follow_up_id", "contact_id", "name", "due",
                                          "note"}]},
       "birthdays": {"count", "items": [{"contact_id", "name", "date", "age"}]},
       "next_steps": {"count", "items": [{"track_id", "title", "step", "due",
                                          "contact_id", "name"}]}},
     "behind": {"from", "to",
       "interactions": {"count", "by_type": {TYPE: N}, "items": [{"interaction_id",
                        "contact_id", "name", "type", "date", "note"}]},
       "reconnected": {"count", "items": [{"contact_id", "name", "date", "gap_days",
                                           "cadence_days"}]}}}
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.validation import clean_text

DEFAULT_DAYS = 7
MAX_DAYS = 366
DEFAULT_LIMIT = 10


@dataclass(frozen=True)
class DueRow:
    contact_id: str
    name: str
    status: str
    due: _dt.date
    days_late: int  # negative: days still left


@dataclass(frozen=True)
class FollowUpRow:
    follow_up_id: str
    contact_id: str
    name: str
    due: _dt.date
    note: str


@dataclass(frozen=True)
class BirthdayRow:
    contact_id: str
    name: str
    date: _dt.date
    age: int | None


@dataclass(frozen=True)
class NextStepRow:
    track_id: str
    title: str
    step: str
    due: _dt.date
    contact_id: str
    name: str


@dataclass(frozen=True)
class InteractionRow:
    interaction_id: str
    contact_id: str
    name: str
    type: str
    date: _dt.date
    note: str


@dataclass(frozen=True)
class ReconnectedRow:
    contact_id: str
    name: str
    date: _dt.date
    gap_days: int
    cadence_days: int


@dataclass
class Section:
    """A list capped at the limit, and how many there were in all."""

    count: int = 0
    items: list[Any] = field(default_factory=list)


@dataclass
class Digest:
    today: _dt.date
    days: int
    generated_at: int
    due: Section = field(default_factory=Section)
    follow_ups: Section = field(default_factory=Section)
    birthdays: Section = field(default_factory=Section)
    next_steps: Section = field(default_factory=Section)
    interactions: Section = field(default_factory=Section)
    by_type: dict[str, int] = field(default_factory=dict)
    reconnected: Section = field(default_factory=Section)

    @property
    def ahead_from(self) -> _dt.date:
        return self.today

    @property
    def ahead_to(self) -> _dt.date:
        return self.today + _dt.timedelta(days=self.days)

    @property
    def behind_from(self) -> _dt.date:
        return self.today - _dt.timedelta(days=self.days)

    @property
    def behind_to(self) -> _dt.date:
        return self.today


def section(rows: Sequence[Any], limit: int | None, count: int | None = None) -> Section:
    """`rows` (already in order) capped at `limit` (None or 0: all)."""
    shown = list(rows) if not limit else list(rows[:limit])
    return Section(len(rows) if count is None else count, shown)


# -- words ------------------------------------------------------------------------
def _one_line(text: str | None) -> str:
    """User text on one line, without control characters (cli.contact_args.safe)."""
    return clean_text(text or "", max_len=10**9, multiline=False)


def _first_line(text: str | None, width: int = 80) -> str:
    stripped = (text or "").strip()
    line = _one_line(stripped.splitlines()[0]) if stripped else ""
    return line if len(line) <= width else line[: width - 1] + "…"


def _day(d: _dt.date) -> str:
    return d.strftime("%a %b %d")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def due_words(row: DueRow) -> str:
    if row.status == "overdue":
        return f"overdue by {_plural(max(row.days_late, 0), 'day')}"
    if row.days_late > 0:
        return f"needs attention ({_plural(row.days_late, 'day')} past cadence)"
    if row.days_late == 0:
        return "due today"
    return f"due in {_plural(-row.days_late, 'day')} ({_day(row.due)})"


def _by_type(counts: dict[str, int]) -> str:
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return ", ".join(f"{_one_line(t)} {n}" for t, n in ranked)


def _lines(d: Digest) -> list[tuple[str, str, list[str], int]]:
    """(part, heading, item lines, hidden) for every section, in order. `part` is
    "ahead"/"behind"; item lines are plain text (user text made safe)."""
    out: list[tuple[str, str, list[str], int]] = []

    def add(part: str, heading: str, sec: Section, lines: list[str]) -> None:
        out.append((part, f"{heading} ({sec.count})", lines, sec.count - len(sec.items)))

    add("ahead", "Due to get in touch", d.due,
        [f"{_one_line(r.name)} · {due_words(r)}" for r in d.due.items])
    add("ahead", "Follow-ups", d.follow_ups,
        [f"{_day(r.due)}  {_one_line(r.name)}"
         + (f": {_first_line(r.note)}" if _first_line(r.note) else "")
         + (" (late)" if r.due < d.today else "") for r in d.follow_ups.items])
    add("ahead", "Birthdays", d.birthdays,
        [f"{_day(r.date)}  {_one_line(r.name)}"
         + (f" (turns {r.age})" if r.age is not None else "") for r in d.birthdays.items])
    add("ahead", "Next steps", d.next_steps,
        [f"{_day(r.due)}  {_one_line(r.title)}: {_first_line(r.step) or 'next step'}"
         + (f" ({_one_line(r.name)})" if r.name and r.name != r.title else "")
         + (" (late)" if r.due < d.today else "") for r in d.next_steps.items])
    add("behind", "Interactions logged", d.interactions,
        [f"{_day(r.date)}  {_one_line(r.type)} with {_one_line(r.name)}"
         + (f": {_first_line(r.note)}" if _first_line(r.note) else "")
         for r in d.interactions.items])
    add("behind", "Reconnected", d.reconnected,
        [f"{_one_line(r.name)}: on {_day(r.date)}, after {_plural(r.gap_days, 'day')}"
         f" (cadence {r.cadence_days})" for r in d.reconnected.items])
    return out


def _span(a: _dt.date, b: _dt.date) -> str:
    return f"{a.isoformat()} to {b.isoformat()}"


def render_text(d: Digest, *, heading: Callable[[str], str] = str) -> str:
    """Plain text for a terminal or a mail; `heading` may style the headings."""
    out = [heading(f"devhub digest for {d.today.isoformat()}"), ""]
    parts = {"ahead": f"The {d.days} days ahead ({_span(d.ahead_from, d.ahead_to)})",
             "behind": f"The {d.days} days behind ({_span(d.behind_from, d.behind_to)})"}
    current = ""
    for part, title, lines, hidden in _lines(d):
        if part != current:
            if current:
                out.append("")
            out.append(heading(parts[part]))
            out.append("=" * len(parts[part]))
            current = part
        if part == "behind" and title.startswith("Interactions") and d.by_type:
            title += f": {_by_type(d.by_type)}"
        out.append(heading(title))
        out.extend(f"  {line}" for line in lines)
        if hidden:
            out.append(f"  … and {hidden} more")
        if not lines:
            out.append("  nothing")
    return "\n".join(out) + "\n"


_MD_SPECIAL = str.maketrans({c: "\\" + c for c in "\\`*_[]<>#|~!{}"})


def md_escape(text: str) -> str:
    """User text that Markdown shows as typed (no emphasis, links, HTML, headings)."""
    return text.translate(_MD_SPECIAL)


def render_markdown(d: Digest) -> str:
    """Headings and bullet lists: paste it into a note."""
    out = [f"# devhub digest for {d.today.isoformat()}"]
    parts = {"ahead": f"The {d.days} days ahead ({_span(d.ahead_from, d.ahead_to)})",
             "behind": f"The {d.days} days behind ({_span(d.behind_from, d.behind_to)})"}
    current = ""
    for part, title, lines, hidden in _lines(d):
        if part != current:
            out += ["", f"## {parts[part]}"]
            current = part
        out += ["", f"### {title}", ""]
        if part == "behind" and title.startswith("Interactions") and d.by_type:
            out += [f"By type: {md_escape(_by_type(d.by_type))}", ""]
        out.extend(f"- {md_escape(line)}" for line in lines)
        if hidden:
            out.append(f"- … and {hidden} more")
        if not lines:
            out.append("- nothing")
    return "\n".join(out) + "\n"


def to_json(d: Digest) -> dict[str, Any]:
    """The stable JSON shape (module docstring)."""
    iso = _dt.date.isoformat

    def sec(s: Section, item: Callable[[Any], dict[str, Any]]) -> dict[str, Any]:
        return {"count": s.count, "items": [item(r) for r in s.items]}

    interactions = sec(d.interactions, lambda r: {
        "interaction_id": r.interaction_id, "contact_id": r.contact_id, "name": r.name,
        "type": r.type, "date": iso(r.date), "note": r.note})
    interactions["by_type"] = dict(sorted(d.by_type.items()))
    return {
        "today": iso(d.today),
        "days": d.days,
        "generated_at": d.generated_at,
        "ahead": {
            "from": iso(d.ahead_from), "to": iso(d.ahead_to),
            "due": sec(d.due, lambda r: {
                "contact_id": r.contact_id, "name": r.name, "status": r.status,
                "due": iso(r.due), "days_late": r.days_late}),
            "follow_ups": sec(d.follow_ups, lambda r: {
                "follow_up_id": r.follow_up_id, "contact_id": r.contact_id, "name": r.name,
                "due": iso(r.due), "note": r.note}),
            "birthdays": sec(d.birthdays, lambda r: {
                "contact_id": r.contact_id, "name": r.name, "date": iso(r.date),
                "age": r.age}),
            "next_steps": sec(d.next_steps, lambda r: {
                "track_id": r.track_id, "title": r.title, "step": r.step, "due": iso(r.due),
                "contact_id": r.contact_id, "name": r.name}),
        },
        "behind": {
            "from": iso(d.behind_from), "to": iso(d.behind_to),
            "interactions": interactions,
            "reconnected": sec(d.reconnected, lambda r: {
                "contact_id": r.contact_id, "name": r.name, "date": iso(r.date),
                "gap_days": r.gap_days, "cadence_days": r.cadence_days}),
        },
    }
