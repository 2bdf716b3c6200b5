"""The rows behind the calendar feed (`devhub export --format ics`): open
follow-ups, the dated next steps of open tracks, birthdays of contacts who are not
archived, and snoozes still running. core/calendar_feed.py makes the events."""

from __future__ import annotations

import datetime as _dt

from devhub_tui.core.calendar_feed import (
    FeedEntry,
    birthday_entry,
    follow_up_entry,
    next_step_entry,
    snooze_entry,
    to_ics,
)
from devhub_tui.core.dates import ms_to_date
from devhub_tui.storage.store import Store

__all__ = ["calendar_entries", "export_ics"]


def _day(text: str | None) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def calendar_entries(store: Store, *, now: int) -> list[FeedEntry]:
    """The user's feed at `now` (epoch ms): one entry per open follow-up, per open
    track with a dated next step, per birthday, per snooze that has not ended."""
    uid = store.user_id
    entries: list[FeedEntry] = []
    with store.db.read():
        c = store.db.conn()
        for fid, name, due, note, updated in c.execute(
            "SELECT f.id, c.name, f.due, f.note, f.updated_at FROM follow_ups f"
            " JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.user_id = ? AND f.done_at IS NULL", (uid,)
        ):
            day = _day(due)
            if day is not None:
                entries.append(follow_up_entry(fid, name, day, note or "", updated))
        for tid, title, step, due, who, updated in c.execute(
            "SELECT t.id, t.title, t.next_step, t.next_due, coalesce(c.name, ''),"
            " t.updated_at FROM tracks t LEFT JOIN contacts c ON c.id ="
            " (SELECT tc.contact_id FROM track_contacts tc WHERE tc.track_id = t.id"
            " ORDER BY tc.position LIMIT 1)"
            " WHERE t.user_id = ? AND t.open = 1 AND t.next_due IS NOT NULL", (uid,)
        ):
            day = _day(due)
            if day is not None:
                entries.append(next_step_entry(tid, title, step or "", day, who, updated))
        for cid, name, birthday, updated in c.execute(
            "SELECT id, name, birthday, updated_at FROM contacts WHERE user_id = ?"
            " AND archived = 0 AND birthday IS NOT NULL AND birthday != ''", (uid,)
        ):
            entry = birthday_entry(cid, name, birthday, updated)
            if entry is not None:
                entries.append(entry)
        for cid, name, until, updated in c.execute(
            "SELECT id, name, snoozed_until, updated_at FROM contacts WHERE user_id = ?"
            " AND archived = 0 AND snoozed_until > ?", (uid, now)
        ):
            entries.append(snooze_entry(cid, name, ms_to_date(until), updated))
    return entries


def export_ics(store: Store, *, now: int | None = None) -> tuple[str, int]:
    """(the iCalendar text, how many events it holds)."""
    stamp = store.clock() if now is None else now
    entries = calendar_entries(store, now=stamp)
    return to_ics(entries, now_ms=stamp), len(entries)
