"""The rows behind `devhub digest` (core/digest.py says what each section holds).

Every query is the user's, bounded by an index: statuses by (user_id, status,
due_at), follow-ups by (user_id, done_at, due), tracks by (user_id, open, next_due),
interactions by (user_id, date) and (contact_id, date), birthdays by their
month-day like the attention queue."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from devhub_tui.core.dates import (
    DAY_MS,
    DateWordError,
    birthday_age,
    date_to_ms,
    ms_to_date,
    next_birthday,
)
from devhub_tui.core.digest import (
    DEFAULT_LIMIT,
    BirthdayRow,
    Digest,
    DueRow,
    FollowUpRow,
    InteractionRow,
    NextStepRow,
    ReconnectedRow,
    section,
)
from devhub_tui.storage.status_rules import CADENCE_SQL, QUEUE_STATUSES
from devhub_tui.storage.store import Store
from devhub_tui.storage.store.status_sql import cadence_params

__all__ = ["build_digest"]


def _date(text: str | None) -> _dt.date | None:
    try:
        return _dt.date.fromisoformat(text) if text else None
    except ValueError:
        return None


def build_digest(store: Store, *, days: int, limit: int | None = DEFAULT_LIMIT,
                 now: int | None = None) -> Digest:
    """The digest at `now` (default: the store's clock). Statuses are read as stored:
    callers bring them up to date first (`Store.refresh_statuses`), as `due` does."""
    now = store.clock() if now is None else now
    today = ms_to_date(now)
    d = Digest(today=today, days=days, generated_at=now)
    uid = store.user_id
    params: dict[str, Any] = {"uid": uid, "now": now,
                              **cadence_params(store.cadence_defaults())}
    end_ms = date_to_ms(d.ahead_to) + DAY_MS  # the end of the window's last day
    with store.db.read():
        c = store.db.conn()
        tiers = ", ".join(f"'{s}'" for s in QUEUE_STATUSES)
        due_where = (" FROM contacts WHERE user_id = :uid AND due_at IS NOT NULL"
                     f" AND (status IN ({tiers}) OR (status = 'ok' AND due_at < :end))")
        due_params = {**params, "end": end_ms}
        (due_count,) = c.execute(f"SELECT count(*){due_where}", due_params).fetchone()
        cap = "" if not limit else f" LIMIT {int(limit)}"
        d.due = section([
            DueRow(cid, name, status, ms_to_date(due), (now - due) // DAY_MS)
            for cid, name, status, due in c.execute(
                f"SELECT id, name, status, due_at{due_where} ORDER BY due_at, name, id{cap}",
                due_params)
        ], None, count=due_count)

        fu_rows = c.execute(
            "SELECT f.id, f.contact_id, c.name, f.due, f.note FROM follow_ups f"
            " JOIN contacts c ON c.id = f.contact_id WHERE f.user_id = :uid"
            " AND f.done_at IS NULL AND f.due <= :to ORDER BY f.due, c.name, f.id",
            {**params, "to": d.ahead_to.isoformat()},
        ).fetchall()
        follow_ups = []
        for fid, cid, name, due, note in fu_rows:
            day = _date(due)
            if day is not None:
                follow_ups.append(FollowUpRow(fid, cid, name, day, note or ""))
        d.follow_ups = section(follow_ups, limit)

        d.birthdays = section(_birthdays(c, uid, d), limit)

        step_rows = c.execute(
            "SELECT t.id, t.title, t.next_step, t.next_due, coalesce(c.id, ''),"
            " coalesce(c.name, '') FROM tracks t LEFT JOIN contacts c ON c.id ="
            " (SELECT tc.contact_id FROM track_contacts tc WHERE tc.track_id = t.id"
            " ORDER BY tc.position LIMIT 1) WHERE t.user_id = :uid AND t.open = 1"
            " AND t.next_due IS NOT NULL AND t.next_due <= :to ORDER BY t.next_due, t.title",
            {**params, "to": d.ahead_to.isoformat()},
        ).fetchall()
        steps = []
        for tid, title, step, due, cid, name in step_rows:
            day = _date(due)
            if day is not None:
                steps.append(NextStepRow(tid, title, step or "", day, cid, name))
        d.next_steps = section(steps, limit)

        start_ms = date_to_ms(d.behind_from)
        window = {**params, "start": start_ms}
        d.by_type = dict(c.execute(
            "SELECT type, count(*) FROM interactions WHERE user_id = :uid"
            " AND date >= :start AND date <= :now GROUP BY type", window).fetchall())
        total = sum(d.by_type.values())
        d.interactions = section([
            InteractionRow(iid, cid, name, type_, ms_to_date(at), notes or "")
            for iid, cid, name, type_, at, notes in c.execute(
                "SELECT i.id, i.contact_id, c.name, i.type, i.date, i.notes"
                " FROM interactions i JOIN contacts c ON c.id = i.contact_id"
                " WHERE i.user_id = :uid AND i.date >= :start AND i.date <= :now"
                f" ORDER BY i.date DESC, i.id{cap}", window)
        ], None, count=total)

        reconnected = [
            ReconnectedRow(cid, name, ms_to_date(first), int((first - prev) // DAY_MS),
                           int(cadence))
            for cid, name, first, prev, cadence in c.execute(
                "WITH firsts AS (SELECT contact_id AS cid, min(date) AS first_at"
                " FROM interactions WHERE user_id = :uid AND date >= :start"
                " AND date <= :now GROUP BY contact_id),"
                " gaps AS (SELECT c.id AS id, c.name AS name, f.first_at AS first_at,"
                " coalesce((SELECT max(p.date) FROM interactions p WHERE p.contact_id = c.id"
                " AND p.date < f.first_at), c.created_at) AS prev,"
                f" ({CADENCE_SQL}) AS cadence FROM firsts f JOIN contacts c ON c.id = f.cid"
                " WHERE c.user_id = :uid)"
                " SELECT id, name, first_at, prev, cadence FROM gaps WHERE cadence IS NOT NULL"
                f" AND first_at - prev >= cadence * {DAY_MS}"
                " ORDER BY first_at - prev DESC, name, id", window)
        ]
        d.reconnected = section(reconnected, limit)
    return d


def _birthdays(c: Any, uid: str, d: Digest) -> list[BirthdayRow]:
    """Birthdays from today to the end of the window, soonest first (Feb 29 on
    Feb 28 in other years, as core.dates.next_birthday counts)."""
    md = sorted({(d.today + _dt.timedelta(days=n)).strftime("%m-%d")
                 for n in range(min(d.days, 366) + 1)})
    if "02-28" in md:
        md.append("02-29")
    marks = ", ".join("?" * len(md))
    rows = []
    for cid, name, birthday in c.execute(
        "SELECT id, name, birthday FROM contacts WHERE user_id = ? AND archived = 0"
        f" AND birthday IS NOT NULL AND substr(birthday, -5) IN ({marks})", (uid, *md)
    ):
        try:
            when = next_birthday(birthday, d.today)
            age = birthday_age(birthday, when)
        except DateWordError:
            continue
        if when <= d.ahead_to:
            rows.append(BirthdayRow(cid, name, when, age))
    rows.sort(key=lambda r: (r.date, r.name.casefold(), r.contact_id))
    return rows
