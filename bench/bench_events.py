"""The Events screen and "follow up with everyone met at EVENT" (issue 20) on the
demo store, against raw SQL for the same aggregate.

The demo generator tags contacts with a few event-like tags (``pycon-2026``,
``kubecon-2026``, ``rustconf-2025``, ``fosdem-2026``: ~3% of the contacts each); one
events row is added for PyCon so the list merges a row with its tag.

- events list: `Store.list_events()` (every event with how many people were met
  there and how many have no open follow-up) against one raw `GROUP BY` over the
  same tags with the same NOT EXISTS;
- people met there: `Store.contacts_at_event("PyCon 2026")` against a raw SELECT of
  the same contacts' columns (driven from the tag);
- follow up all: `Store.follow_up_event` (one transaction: find who has none open,
  insert theirs), once on the work copy, against a raw INSERT ... SELECT of the
  same rows (run on a second copy of the data, rolled back).
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from .common import Context, Result, median, raw_connect, timed

RUNS = 9
TAGS = ("pycon-2026", "kubecon-2026", "rustconf-2025", "fosdem-2026")
RAW_COUNTS = (
    "SELECT t.name, count(*), sum(NOT EXISTS (SELECT 1 FROM follow_ups f WHERE"
    " f.contact_id = ct.contact_id AND f.done_at IS NULL)) FROM tags t JOIN contact_tags ct"
    " ON ct.tag_id = t.id WHERE t.user_id = ? AND t.name IN (?, ?, ?, ?) GROUP BY t.name"
)
RAW_PEOPLE = (
    "SELECT c.* FROM tags t CROSS JOIN contact_tags ct ON ct.tag_id = t.id CROSS JOIN"
    " contacts c ON c.id = ct.contact_id WHERE t.user_id = ? AND t.name = ? AND"
    " c.user_id = ? ORDER BY c.name COLLATE NOCASE, c.id"
)
RAW_FOLLOW_UP = (
    "INSERT INTO follow_ups (id, user_id, contact_id, due, note, created_at, updated_at)"
    " SELECT lower(hex(randomblob(16))), c.user_id, c.id, '2030-01-01', '', 0, 0"
    " FROM tags t CROSS JOIN contact_tags ct ON ct.tag_id = t.id CROSS JOIN contacts c"
    " ON c.id = ct.contact_id WHERE t.user_id = ? AND t.name = ? AND c.user_id = ?"
    " AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.contact_id = c.id"
    " AND f.done_at IS NULL)"
)


def run(ctx: Context) -> list[Result]:
    return ctx.per_scale(_scale)


def _scale(ctx: Context, scale: str) -> list[Result]:
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.store import Store

    path = ctx.work[scale]
    uid = ctx.user(path)
    db = open_database(path)
    raw = raw_connect(path)
    got: dict[str, Any] = {}
    try:
        store = Store(db, uid)
        store.save_event("PyCon 2026", location="Berlin")
        results = []

        def events() -> None:
            got["events"] = store.list_events()

        def events_raw() -> None:
            got["raw"] = raw.execute(RAW_COUNTS, (uid, *TAGS)).fetchall()

        def people() -> None:
            got["people"] = store.contacts_at_event("PyCon 2026")

        def people_raw() -> None:
            got["people_raw"] = raw.execute(RAW_PEOPLE, (uid, "pycon-2026", uid)).fetchall()

        for app, base, name, app_label, base_label in (
            (events, events_raw, "events list", "Store.list_events()",
             "raw GROUP BY of the same counts"),
            (people, people_raw, "people met at an event",
             "Store.contacts_at_event('PyCon 2026')", "raw SELECT of the same contacts"),
        ):
            app()
            base()
            app_t = [timed(app) * 1000 for _ in range(RUNS)]
            base_t = [timed(base) * 1000 for _ in range(RUNS)]
            results.append(Result(name, scale, app_label, base_label, median(app_t),
                                  median(base_t)))
        results[0].notes.append(
            f"{len(got['events'])} events; PyCon: {got['events'][0].met:,} met"
            if got["events"] else "no events")
        # follow up all: the raw statement first, rolled back, then the store's for real
        raw.execute("BEGIN")
        base_ms = timed(lambda: raw.execute(RAW_FOLLOW_UP, (uid, "fosdem-2026", uid))) * 1000
        raw.execute("ROLLBACK")
        made: list[tuple[int, int]] = []
        app_ms = timed(lambda: made.append(
            store.follow_up_event("fosdem-2026", _dt.date(2030, 1, 1)))) * 1000
        results.append(Result(
            "follow up all", scale, "Store.follow_up_event('fosdem-2026')",
            "raw INSERT ... SELECT of the same follow-ups", app_ms, base_ms,
            notes=[f"{made[0][0]:,} follow-ups made, {made[0][1]:,} people had one"]))
        return results
    finally:
        raw.close()
        db.close()
