"""Collaboration matching (issue 20): who in your network knows these technologies.

`rank` orders candidates -- contacts that carry at least one of the asked skills, or
talked about one of them (a `#topic` of an interaction note) -- by three things,
each worth whole points so a score reads the same everywhere (app, `--json`):

- overlap: per asked technology, `SKILL_POINTS` if it is one of the contact's
  skills, else `TOPIC_POINTS` if you talked about it with them (a skill you also
  talked about earns `TALKED_BONUS` more);
- relationship strength: `TALK_POINTS` per interaction in the last 12 months (up
  to `MAX_TALKS`), and points for how recent the last one was (`RECENCY`);
- proximity, only when asked `--near` a place: the same time zone, the same UTC
  offset now, within two hours of it, or a location that names the place.

Equal scores go by name (case-folded), then id: the order never depends on the
database. Each match carries its reasons ("rust, webassembly · 6 talks this year ·
same time zone"). Pure: no storage, no clock of its own (the caller gives `now_ms`).
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from devhub_tui.core.dates import days_ago_text, ms_to_date
from devhub_tui.core.skills import normalize_skill
from devhub_tui.core.timezones import validate_timezone, zone_names
from devhub_tui.core.validation import ValidationError

__all__ = [
    "MAX_ASKED",
    "Candidate",
    "Match",
    "Near",
    "parse_near",
    "parse_technologies",
    "proximity",
    "rank",
    "reasons_text",
]

DAY_MS = 86_400_000
#: "this year": the last 12 months
YEAR_DAYS = 365
#: most technologies one question asks about
MAX_ASKED = 20

SKILL_POINTS = 40
TOPIC_POINTS = 20
TALKED_BONUS = 5
TALK_POINTS = 2
MAX_TALKS = 12
#: (within this many days, points) for the last interaction, first that fits wins
RECENCY: tuple[tuple[int, int], ...] = ((30, 10), (90, 6), (YEAR_DAYS, 3))
#: proximity: (points, reason)
SAME_PLACE = 15
SAME_ZONE = 15
SAME_OFFSET = 12
NEAR_OFFSET = 6
#: "within ±2 h"
NEAR_HOURS = 2

_SPLIT = re.compile(r"[\s,;]+")


@dataclass(frozen=True)
class Candidate:
    """What the store knows of one contact for a question (`match_candidates`)."""

    contact_id: str
    name: str
    #: the asked technologies among the contact's skills
    skills: tuple[str, ...] = ()
    #: the asked technologies you talked about with them (`#topics`)
    topics: tuple[str, ...] = ()
    #: interactions in the last 12 months
    talks_year: int = 0
    #: the last interaction (epoch ms), if any
    last_contacted: int | None = None
    timezone: str | None = None
    location: str | None = None


@dataclass(frozen=True)
class Near:
    """Where `--near` points: a time zone (an IANA name, or a city that names one:
    "tokyo" is Asia/Tokyo), and the text, matched against contacts' locations."""

    text: str
    zone: str | None = None


@dataclass(frozen=True)
class Match:
    contact_id: str
    name: str
    score: int
    reasons: tuple[str, ...]
    skills: tuple[str, ...]
    topics: tuple[str, ...]
    talks_year: int
    last_contacted: int | None
    timezone: str | None
    location: str | None


def parse_technologies(text: str | Iterable[str]) -> list[str]:
    """The technologies a question asks about, normalised (`wasm` → `webassembly`),
    each once, in the order typed. Words are split on spaces and commas. One line
    (ValidationError) when there are none or a word isn't a skill."""
    items = [text] if isinstance(text, str) else list(text)
    out: list[str] = []
    for item in items:
        for word in _SPLIT.split(item or ""):
            if not word.strip():
                continue
            skill = normalize_skill(word)
            if skill not in out:
                out.append(skill)
    if not out:
        raise ValidationError("name a technology to look for, e.g. rust wasm")
    if len(out) > MAX_ASKED:
        raise ValidationError(f"ask about at most {MAX_ASKED} technologies at once")
    return out


@functools.lru_cache(maxsize=4096)  # locations repeat: a network has few places
def _fold(text: str) -> str:
    """Lower-case, accents dropped ("São Paulo" → "sao paulo"), `_` as a space."""
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(plain.replace("_", " ").casefold().split())


@functools.cache
def _zones_by_city() -> dict[str, str | None]:
    """A zone's last part ("new york" for America/New_York) → the zone; None when
    two zones share a city name."""
    out: dict[str, str | None] = {}
    for name in zone_names():
        if "/" not in name:
            continue
        city = _fold(name.rsplit("/", 1)[1])
        out[city] = None if city in out and out[city] != name else name
    return out


def parse_near(text: str) -> Near:
    """`--near`: an IANA zone (`Europe/Berlin`, `utc`), a city a zone is named after
    (`berlin`, `new york`), or any place text (`Lisbon`, `Bay Area`) matched against
    locations."""
    raw = " ".join((text or "").split())
    if not raw:
        raise ValidationError("--near needs a time zone (Europe/Berlin) or a place")
    if len(raw) > 100:
        raise ValidationError("--near is at most 100 characters")
    try:
        zone = validate_timezone(raw)
    except ValidationError:
        zone = _zones_by_city().get(_fold(raw))
    return Near(raw, zone)


@functools.lru_cache(maxsize=512)
def _offset_minutes(zone: str, hour_key: int) -> int | None:
    """The zone's UTC offset (minutes) at the hour `hour_key` (epoch hours)."""
    try:
        tz = zoneinfo.ZoneInfo(zone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None
    at = _dt.datetime.fromtimestamp(hour_key * 3600, tz=_dt.UTC).astimezone(tz)
    offset = at.utcoffset()
    return None if offset is None else int(offset.total_seconds() // 60)


def proximity(near: Near | None, timezone: str | None, location: str | None,
              now_ms: int) -> tuple[int, str | None]:
    """(points, reason) for a contact in `timezone` at `location`, asked `near`."""
    if near is None:
        return 0, None
    best: tuple[int, str | None] = (0, None)
    if location:
        here = _fold(location)
        places = {_fold(near.text)}
        if near.zone and "/" in near.zone:  # Europe/Berlin: "Berlin" is a place too
            places.add(_fold(near.zone.rsplit("/", 1)[1]))
        if any(p and re.search(rf"(?<!\w){re.escape(p)}(?!\w)", here) for p in places):
            best = (SAME_PLACE, f"in {' '.join(location.split())}")
    if near.zone and timezone:
        found: tuple[int, str | None]
        if timezone == near.zone:
            found = (SAME_ZONE, "same time zone")
        else:
            hour = now_ms // 3_600_000
            mine, theirs = _offset_minutes(near.zone, hour), _offset_minutes(timezone, hour)
            found = (0, None)
            if mine is not None and theirs is not None:
                apart = abs(mine - theirs)
                if apart == 0:
                    found = (SAME_OFFSET, "same UTC offset")
                elif apart <= NEAR_HOURS * 60:
                    hours = apart / 60
                    shown = f"{hours:g}" if hours != int(hours) else str(int(hours))
                    found = (NEAR_OFFSET, f"{shown} h apart")
        if found[0] > best[0]:
            best = found
    return best


def _recency(last_ms: int | None, now_ms: int) -> tuple[int, int | None]:
    """(points, days since) for the last interaction, in UTC calendar days (as every
    list says "3 days ago": core.dates.humanize_ago)."""
    if last_ms is None:
        return 0, None
    days = max(0, (ms_to_date(now_ms) - ms_to_date(last_ms)).days)
    for within, points in RECENCY:
        if days <= within:
            return points, days
    return 0, days


def _points(c: Candidate, asked: Sequence[str], near: Near | None,
            now_ms: int) -> tuple[int, str | None, int | None]:
    """(score, the proximity reason, days since the last interaction)."""
    points = 0
    skills, topics = c.skills, c.topics
    for tech in asked:
        if tech in skills:
            points += SKILL_POINTS + (TALKED_BONUS if tech in topics else 0)
        elif tech in topics:
            points += TOPIC_POINTS
    talks = c.talks_year
    points += TALK_POINTS * (talks if talks < MAX_TALKS else MAX_TALKS)
    recent, days = _recency(c.last_contacted, now_ms)
    near_points, near_reason = (proximity(near, c.timezone, c.location, now_ms)
                                if near is not None else (0, None))
    return points + recent + near_points, near_reason, days


def _match(c: Candidate, asked: Sequence[str], points: int, near_reason: str | None,
           days: int | None) -> Match:
    skills = tuple(t for t in asked if t in c.skills)
    topics = tuple(t for t in asked if t in c.topics)
    reasons: list[str] = []
    if skills:
        reasons.append(", ".join(skills))
    talked_only = [t for t in topics if t not in skills]
    if talked_only:
        reasons.append("talked about " + ", ".join(talked_only))
    talks = c.talks_year
    reasons.append(f"{talks} talk{'s' if talks != 1 else ''} this year" if talks
                   else "no talks this year")
    if days is not None and days <= RECENCY[1][0]:
        reasons.append(f"last talked {days_ago_text(days)}")
    if near_reason:
        reasons.append(near_reason)
    return Match(c.contact_id, c.name, points, tuple(reasons), skills, topics, talks,
                 c.last_contacted, c.timezone, c.location)


def score(c: Candidate, asked: Sequence[str], near: Near | None, now_ms: int) -> Match:
    """One candidate's score and reasons."""
    return _match(c, asked, *_points(c, asked, near, now_ms))


def rank(candidates: Iterable[Candidate], asked: Sequence[str], near: Near | None,
         now_ms: int, limit: int | None = None) -> list[Match]:
    """The candidates that match at least one asked technology, best first (ties by
    name, then id), at most `limit`. Every candidate is scored; only those returned
    get their reasons written (the store may hand over tens of thousands)."""
    wanted = set(asked)
    scored = []
    for c in candidates:
        if wanted.isdisjoint(c.skills) and wanted.isdisjoint(c.topics):
            continue
        points, near_reason, days = _points(c, asked, near, now_ms)
        scored.append((-points, c.name.casefold(), c.name, c.contact_id, near_reason,
                       days, c))
    scored.sort(key=lambda row: row[:4])
    top = scored if limit is None else scored[:limit]
    return [_match(c, asked, -neg, near_reason, days)
            for neg, _, _, _, near_reason, days, c in top]


def reasons_text(match: Match) -> str:
    """The reasons as one line: "rust, webassembly · 6 talks this year · same time zone"."""
    return " · ".join(match.reasons)
