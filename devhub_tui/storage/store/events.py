"""Events (issue 20): who you met where, following them all up, and conference mode.

"Met at EVENT" is the event's tag on a contact (`core.events.event_tag`), put there
by Quick Connect's sign-up form and by conference mode. An event is a row of the
`events` table (Quick Connect's, or made by hand with dates and a location) or a
tag alone that looks like one (`core.events.looks_like_event_tag`); rows with the
same tag (Quick Connect keeps one a location and session) are one event here.

- `list_events`: every event with how many people were met there and how many of
  them have no open follow-up;
- `find_event` / `contacts_at_event` / `event_filter`: one event's people (the
  filter is the SQL the search's ``event:"PyCon 2026"`` term can use);
- `save_event`: add one by hand (or set the dates and location of one);
- `follow_up_event`: a follow-up for each person met there who has none open;
- `capture_at_event` / `tag_with_event`: what conference mode writes;
- `active_conference` / `set_active_conference`: the account's conference mode,
  kept in `user_prefs` so a restart keeps it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from devhub_tui.core.events import (
    CONFERENCE_PREF,
    MET_AT_TYPE,
    clean_capture_notes,
    clean_event_name,
    event_tag,
    looks_like_event_tag,
    met_at_note,
    same_event,
)
from devhub_tui.core.validation import MAX_NOTE_LEN, ValidationError, clean_text, validate_name
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.ids import new_id
from devhub_tui.storage.store.contacts import ContactsMixin
from devhub_tui.storage.store.rows import SELECT_CONTACT, Contact

__all__ = ["EventPerson", "EventSummary", "EventsMixin"]

#: Contacts (`c`) carrying one tag of the user: `?` user id, `?` tag name.
_HAS_TAG = ("c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id ="
            " ct.tag_id WHERE t.user_id = ? AND t.name = ?)")
_OPEN_FOLLOW_UP = ("EXISTS (SELECT 1 FROM follow_ups f WHERE f.contact_id = ct.contact_id"
                   " AND f.done_at IS NULL)")


@dataclass(frozen=True)
class EventSummary:
    """One event: `source` is ``quick-connect`` (a sign-up link was made for it),
    ``manual`` (a row made by hand or by conference mode) or ``tag`` (a tag only)."""

    name: str
    tag: str
    location: str
    starts_at: int | None
    ends_at: int | None
    source: str
    met: int
    without_follow_up: int
    created_at: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name, "tag": self.tag, "location": self.location or None,
            "starts": _iso(self.starts_at), "ends": _iso(self.ends_at),
            "source": self.source, "met": self.met,
            "without_follow_up": self.without_follow_up,
        }


@dataclass(frozen=True)
class EventPerson:
    """Someone met at an event and their next open follow-up's due date (or None)."""

    contact: Contact
    next_follow_up: str | None


def _iso(ms: int | None) -> str | None:
    if ms is None:
        return None
    return _dt.datetime.fromtimestamp(ms / 1000, _dt.UTC).date().isoformat()


class EventsMixin(ContactsMixin):
    """Events, the people met there, and conference mode (see the module)."""

    if TYPE_CHECKING:  # the Store's InteractionsMixin
        def log_interaction(self, contact_id: str, type_: str, date_ms: int | None = None,
                            notes: str = "") -> str: ...

    # -- reading -------------------------------------------------------------
    def _event_rows(self) -> list[tuple[Any, ...]]:
        return self.select_own(
            "SELECT e.id, e.name, e.location, e.starts_at, e.ends_at, e.created_at,"
            " EXISTS (SELECT 1 FROM connect_tokens k WHERE k.event_id = e.id) FROM events e",
            owner="e.user_id", tail="ORDER BY e.created_at, e.id",
        ).fetchall()

    def _tag_counts(self, tags: Sequence[str]) -> dict[str, tuple[int, int]]:
        """tag -> (contacts carrying it, of them without an open follow-up)."""
        out: dict[str, tuple[int, int]] = {}
        for start in range(0, len(tags), 500):
            chunk = list(tags[start:start + 500])
            rows = self.select_own(
                f"SELECT t.name, count(*), sum(NOT {_OPEN_FOLLOW_UP}) FROM tags t"
                " JOIN contact_tags ct ON ct.tag_id = t.id",
                f"t.name IN ({', '.join('?' * len(chunk))})", chunk,
                owner="t.user_id", tail="GROUP BY t.name",
            ).fetchall()
            for name, met, without in rows:
                out[str(name)] = (int(met), int(without or 0))
        return out

    def list_events(self) -> list[EventSummary]:
        """Every event (rows of the same tag merged), newest first: by start date,
        else by when it was made; tag-only events after them, by name."""
        merged: dict[str, dict[str, Any]] = {}
        for _eid, name, location, starts, ends, created, linked in self._event_rows():
            tag = event_tag(name)
            e = merged.setdefault(tag, {"name": name, "location": location or "",
                                        "starts_at": starts, "ends_at": ends,
                                        "created_at": created, "linked": False})
            e["linked"] = e["linked"] or bool(linked)
            e["location"] = e["location"] or location or ""
            e["starts_at"] = e["starts_at"] if e["starts_at"] is not None else starts
            e["ends_at"] = e["ends_at"] if e["ends_at"] is not None else ends
        tag_names = [r[0] for r in self.select_own("SELECT name FROM tags").fetchall()]
        only_tags = sorted(t for t in tag_names if t not in merged and looks_like_event_tag(t))
        counts = self._tag_counts([*merged, *only_tags])
        events = [
            EventSummary(e["name"], tag, e["location"], e["starts_at"], e["ends_at"],
                         "quick-connect" if e["linked"] else "manual",
                         *counts.get(tag, (0, 0)), created_at=e["created_at"])
            for tag, e in merged.items()
        ]
        events.sort(key=lambda e: (e.starts_at or e.created_at or 0, e.name.casefold()),
                    reverse=True)
        events.extend(EventSummary(t, t, "", None, None, "tag", *counts.get(t, (0, 0)))
                      for t in only_tags if counts.get(t, (0, 0))[0])
        return events

    def find_event(self, word: str) -> EventSummary:
        """The event `word` names (its name in any case, or its tag); NotFoundError."""
        tag = event_tag(word)
        for e in self.list_events_named(tag):
            if same_event(word, e.name, e.tag):
                return e
        shown = " ".join(word.split())[:60]
        raise NotFoundError(f"no event called '{shown}' (devhub events lists them;"
                            " devhub event add NAME makes one)")

    def list_events_named(self, tag: str) -> list[EventSummary]:
        """The events with this tag (at most one: rows of a tag are merged)."""
        rows = [r for r in self._event_rows() if event_tag(r[1]) == tag]
        (met, without) = self._tag_counts([tag]).get(tag, (0, 0))
        if rows:
            first = rows[0]
            location = next((r[2] for r in rows if r[2]), "")
            starts = next((r[3] for r in rows if r[3] is not None), None)
            ends = next((r[4] for r in rows if r[4] is not None), None)
            source = "quick-connect" if any(r[6] for r in rows) else "manual"
            return [EventSummary(first[1], tag, location, starts, ends, source, met, without,
                                 created_at=first[5])]
        if met and looks_like_event_tag(tag):
            return [EventSummary(tag, tag, "", None, None, "tag", met, without)]
        return []

    def event_filter(self, event: str, alias: str = "c") -> tuple[str, list[Any]]:
        """A WHERE condition over contacts `alias` for "met at `event`" and its params
        (the search's ``event:"PyCon 2026"`` term). Alone with ``c.user_id = ?`` and an
        ORDER BY name, SQLite walks every contact in name order: write ``+c.user_id``
        there (as `contacts_at_event` does) so the tag's contacts drive."""
        return _HAS_TAG.replace("c.id", f"{alias}.id", 1), [self.user_id, event_tag(event)]

    def contacts_at_event(self, event: str) -> list[EventPerson]:
        """Everyone met at `event` (by name or tag), by name, with their next open
        follow-up."""
        where, params = self.event_filter(event)
        conn = self.db.conn()
        # `+c.user_id`: drive from the tag's few contacts (the user_id index would walk
        # every contact in name order and test each: 10x slower at 100k)
        rows = conn.execute(
            f"{SELECT_CONTACT} WHERE +c.user_id = ? AND {where}"
            " ORDER BY c.name COLLATE NOCASE, c.id", (self.user_id, *params),
        ).fetchall()
        contacts = [Contact.from_row(r[:-1], r[-1]) for r in rows]
        due: dict[str, str] = {}
        if contacts:
            for cid, first in conn.execute(
                "SELECT f.contact_id, min(f.due) FROM follow_ups f WHERE f.done_at IS NULL"
                f" AND f.contact_id IN (SELECT c.id FROM contacts c WHERE +c.user_id = ?"
                f" AND {where}) GROUP BY f.contact_id", (self.user_id, *params),
            ).fetchall():
                due[str(cid)] = str(first)
        return [EventPerson(c, due.get(c.id)) for c in contacts]

    # -- writing -------------------------------------------------------------
    def save_event(self, name: str, *, location: str | None = None,
                   starts_at: int | None = None, ends_at: int | None = None) -> tuple[str, bool]:
        """Add an event by hand, or set the location / dates given of the one with
        this tag. Returns (its name, whether it is new)."""
        name = clean_event_name(name)
        if location is not None:
            location = clean_text(location, max_len=200, multiline=False, field="location")
        if starts_at is not None and ends_at is not None and ends_at < starts_at:
            raise ValidationError("the event ends before it starts")
        tag = event_tag(name)
        with self.db.write() as c:
            rows = [r for r in self.select_own(
                "SELECT id, name, starts_at, ends_at FROM events",
                tail="ORDER BY created_at, id", conn=c).fetchall() if event_tag(r[1]) == tag]
            if rows:
                eid, stored, old_starts, old_ends = rows[0]
                starts = starts_at if starts_at is not None else old_starts
                ends = ends_at if ends_at is not None else old_ends
                if starts is not None and ends is not None and ends < starts:
                    raise ValidationError("the event ends before it starts")
                sets, params = [], []
                for col, value in (("location", location), ("starts_at", starts_at),
                                   ("ends_at", ends_at)):
                    if value is not None:
                        sets.append(f"{col} = ?")
                        params.append(value)
                if sets:
                    c.execute(f"UPDATE events SET {', '.join(sets)} WHERE id = ? AND user_id = ?",
                              (*params, eid, self.user_id))
                return str(stored), False
            c.execute(
                "INSERT INTO events (id, user_id, name, location, session, starts_at, ends_at,"
                " created_at) VALUES (?, ?, ?, ?, '', ?, ?, ?)",
                (new_id(), self.user_id, name, location or "", starts_at, ends_at,
                 self.clock()),
            )
        return name, True

    def follow_up_event(self, event: str, due: _dt.date, note: str = "") -> tuple[int, int]:
        """A follow-up due `due` for each person met at `event` who has none open, in
        one transaction. Returns (follow-ups made, people who already had one)."""
        note = clean_text(note or "", max_len=MAX_NOTE_LEN, multiline=True)
        where, params = self.event_filter(event)
        now = self.clock()
        with self.db.write() as c:
            rows = c.execute(
                "SELECT c.id, EXISTS (SELECT 1 FROM follow_ups f WHERE f.contact_id = c.id"
                f" AND f.done_at IS NULL) FROM contacts c WHERE +c.user_id = ? AND {where}",
                (self.user_id, *params),
            ).fetchall()
            todo = [str(r[0]) for r in rows if not r[1]]
            c.executemany(
                "INSERT INTO follow_ups (id, user_id, contact_id, due, note, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(new_id(), self.user_id, cid, due.isoformat(), note, now, now)
                 for cid in todo],
            )
        return len(todo), len(rows) - len(todo)

    def tag_with_event(self, contact_id: str, event: str) -> None:
        """Mark `contact_id` as met at `event` (its tag)."""
        with self.db.write() as c:
            self._own(c, contact_id)
            self._add_tag(c, contact_id, event_tag(event))

    def capture_at_event(self, event: str, name: str, notes: str = "") -> str:
        """Conference mode's new person: the contact, the event's tag and a "met at
        EVENT" interaction with the notes, in one transaction. Returns its id."""
        name = validate_name(name)
        notes = clean_capture_notes(notes)
        with self.db.write():
            cid = self.add_contact({"name": name}, [event_tag(event)])
            self.met_at(cid, event, notes)
        return cid

    def met_at(self, contact_id: str, event: str, notes: str = "") -> str:
        """Log "met at EVENT" (with `notes`) for a contact; the interaction's id."""
        return self.log_interaction(contact_id, MET_AT_TYPE, self.clock(),
                                    met_at_note(event, notes))

    # -- conference mode -----------------------------------------------------
    def active_conference(self) -> str | None:
        row = self.select_own("SELECT value FROM user_prefs", "key = ?",
                              (CONFERENCE_PREF,)).fetchone()
        return str(row[0]) if row and str(row[0]).strip() else None

    def set_active_conference(self, event: str | None) -> str | None:
        """Start conference mode at `event` (its row made when new) or leave it
        (None). Returns the event's name as stored."""
        with self.db.write() as c:
            if event is None:
                c.execute("DELETE FROM user_prefs WHERE user_id = ? AND key = ?",
                          (self.user_id, CONFERENCE_PREF))
                return None
            name, _new = self.save_event(event)
            c.execute(
                "INSERT INTO user_prefs (user_id, key, value) VALUES (?, ?, ?)"
                " ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value",
                (self.user_id, CONFERENCE_PREF, name),
            )
        return name

