"""Events and conference mode (issue 20): the rules, with no storage.

Everyone met at an event carries the event's tag (`event_tag`: ``PyCon DE 2026`` ->
``pycon-de-2026``) and a "met at EVENT" interaction (`met_at_note`). Quick Connect's
sign-up form does both, and so does conference mode for everyone added or logged
while it is on. An event is known from the `events` table (Quick Connect's, or one
made by hand) or from a tag alone that looks like an event (`looks_like_event_tag`:
a word and a year, ``kubecon-2025``).
"""

from __future__ import annotations

import datetime as _dt
import re

from devhub_tui.core.validation import (
    ValidationError,
    clean_text,
    validate_name,
    validate_tag,
)

__all__ = [
    "CONFERENCE_PREF",
    "MET_AT_TYPE",
    "clean_capture_notes",
    "clean_event_name",
    "date_span",
    "event_tag",
    "looks_like_event_tag",
    "met_at_note",
    "same_event",
]

#: The user_prefs key that keeps the active conference (per account) across restarts.
CONFERENCE_PREF = "conference_event"
#: The interaction type of "met at EVENT" (Quick Connect's sign-ups use it too).
MET_AT_TYPE = "meetup"
#: The longest one-line note conference mode's quick capture takes.
MAX_CAPTURE_NOTES = 500

_TAG_BAD_RE = re.compile(r"[^\w\-.+#]+", re.UNICODE)
_YEAR_RE = re.compile(r"^(19|20)\d\d$")


def event_tag(name: str) -> str:
    """The tag put on everyone met at an event: ``PyCon DE 2026`` -> ``pycon-de-2026``."""
    text = _TAG_BAD_RE.sub("-", " ".join(name.split()).lower().replace(" ", "-"))
    text = re.sub(r"-{2,}", "-", text).strip("-")[:40].strip("-")
    try:
        return validate_tag(text or "event")
    except ValidationError:
        return "event"


def looks_like_event_tag(tag: str) -> bool:
    """A tag made of words and a four-digit year (``pycon-2026``, ``kubecon-eu-2025``),
    taken as an event even with no row in the events table."""
    parts = [p for p in re.split(r"[-_.]", tag) if p]
    return len(parts) >= 2 and any(_YEAR_RE.match(p) for p in parts) and any(
        not p.isdigit() for p in parts)


def same_event(word: str, name: str, tag: str) -> bool:
    """Whether `word` (typed by a person) names the event called `name` with `tag`:
    its name (any case, spaces squeezed) or its tag, or a name that makes that tag."""
    w = " ".join(word.split()).casefold()
    if not w:
        return False
    return w == " ".join(name.split()).casefold() or w == tag or event_tag(word) == tag


def clean_event_name(name: str) -> str:
    """An event's name as stored (one line, a name's rules); ValidationError otherwise."""
    if not (name or "").strip():
        raise ValidationError("an event needs a name")
    return validate_name(" ".join(name.split()))


def met_at_note(event: str, notes: str = "") -> str:
    """The note of the "met at EVENT" interaction, with what was typed after it."""
    text = f"met at {event}"
    notes = (notes or "").strip()
    return f"{text}\n\n{notes}" if notes else text


def clean_capture_notes(notes: str) -> str:
    """Conference mode's one line of notes about someone just met."""
    return clean_text(notes or "", max_len=MAX_CAPTURE_NOTES, multiline=False, field="notes")


def date_span(start: _dt.date | None, end: _dt.date | None) -> str:
    """An event's days, short: ``14 Apr 2026``, ``14–17 Apr 2026``, ``30 Apr–2 May
    2026``, ``30 Dec 2026–2 Jan 2027``; ``""`` without a first day."""
    if start is None:
        return ""
    if end is None or end <= start:
        return f"{start.day} {start:%b %Y}"
    if (start.year, start.month) == (end.year, end.month):
        return f"{start.day}–{end.day} {end:%b %Y}"
    if start.year == end.year:
        return f"{start.day} {start:%b}–{end.day} {end:%b %Y}"
    return f"{start.day} {start:%b %Y}–{end.day} {end:%b %Y}"
