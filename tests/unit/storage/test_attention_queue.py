"""The full attention queue (`devhub due`) against the per-contact rules of core.status.

`Store.attention_queue` builds the status items in one loop from a due date computed
in SQL; these tests hold it to the reference: each contact's row read as it is
stored, its item from `attention_for_status` / `attention_for_follow_up` /
`attention_for_birthday`, ordered by (urgency, kind, name, id).
"""

from __future__ import annotations

import datetime as _dt
import random
from typing import Any

import pytest

from devhub_tui.core.dates import DAY_MS, ms_to_date
from devhub_tui.core.status import (
    AttentionItem,
    CadenceDefaults,
    Status,
    anchor_ms,
    attention_for_birthday,
    attention_for_follow_up,
    attention_for_status,
    effective_cadence,
)
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store

NOW = 1_795_600_000_000 + 15 * 3_600_000 + 1234  # 2026-11-25 15:00:01.234 UTC
TODAY = ms_to_date(NOW)
KINDS = {"follow-up": 0, "status": 1, "birthday": 2}


def _reference_queue(store: Store, db: Database) -> list[AttentionItem]:
    d = store.cadence_defaults()
    conn = db.conn()
    items: list[AttentionItem] = []
    for row in conn.execute(
        "SELECT id, name, status, last_contacted, created_at, snoozed_until, cadence_days,"
        " vip, importance FROM contacts WHERE user_id = ?",
        (store.user_id,),
    ):
        item = attention_for_status(
            contact_id=row[0],
            name=row[1],
            status=Status(row[2]),
            now_ms=NOW,
            anchor_ms=anchor_ms(last_contacted=row[3], created_at=row[4], snoozed_until=row[5]),
            cadence=effective_cadence(row[6], bool(row[7]), row[8], d),
        )
        if item:
            items.append(item)
    for fid, cid, name, due, note in conn.execute(
        "SELECT f.id, f.contact_id, c.name, f.due, f.note FROM follow_ups f JOIN contacts c"
        " ON c.id = f.contact_id WHERE f.user_id = ? AND f.done_at IS NULL",
        (store.user_id,),
    ):
        fitem = attention_for_follow_up(contact_id=cid, name=name, due=_dt.date.fromisoformat(due),
                                        note=note, today=TODAY, follow_up_id=fid)
        if fitem:
            items.append(fitem)
    for cid, name, birthday in conn.execute(
        "SELECT id, name, birthday FROM contacts WHERE user_id = ? AND archived = 0",
        (store.user_id,),
    ):
        bitem = attention_for_birthday(contact_id=cid, name=name, birthday=birthday, today=TODAY)
        if bitem:
            items.append(bitem)
    return sorted(items, key=lambda it: (it.urgency, KINDS[it.kind], it.name.casefold(),
                                         it.contact_id))


def _fields(items: list[AttentionItem]) -> list[tuple[Any, ...]]:
    return [(i.contact_id, i.name, i.kind, i.reason, i.urgency, i.days, i.due_ms, i.status,
             i.follow_up_id, i.age) for i in items]


@pytest.fixture
def store(db: Database, auth: Auth) -> Store:
    user = auth.create_user("alice", "password1")
    return Store(db, user.id, clock=lambda: NOW)


def _random_people(store: Store, db: Database, seed: int, n: int) -> None:
    rng = random.Random(seed)
    names = ["Ada Lovelace", "ada lovelace", "ADA LOVELACE", "Émile Zola", "Straße Sam",
             "[bold]Bo[/bold]", 'Quote "Q" Quinn', "Back\\slash", "李小龍", "Zed"]
    shared_anchor = NOW - 40 * DAY_MS - 777  # many contacts at once: urgency ties
    for _ in range(n):
        data: dict[str, Any] = {
            "name": rng.choice(names),
            "vip": rng.random() < 0.2,
            "importance": rng.choice(["low", "normal", "high"]),
            "cadence_days": rng.choice([None, None, None, 0, 1, 3, 7, 10, 30, 365]),
            "archived": rng.random() < 0.05,
        }
        if rng.random() < 0.3:
            month_day = (TODAY + _dt.timedelta(days=rng.randint(-3, 20))).strftime("%m-%d")
            year = rng.choice(["-", f"19{rng.randint(50, 99)}"])
            data["birthday"] = f"{year}-{month_day}"
        cid = store.add_contact(data)
        if rng.random() < 0.25:
            created, last = shared_anchor, None
        else:
            created = NOW - rng.randint(0, 500 * DAY_MS)
            last = None if rng.random() < 0.3 else NOW - rng.randint(0, 400 * DAY_MS)
        snoozed = None
        if rng.random() < 0.15:
            snoozed = NOW + rng.randint(-90 * DAY_MS, 30 * DAY_MS)
        with db.write() as c:
            c.execute(
                "UPDATE contacts SET created_at = ?, last_contacted = ?, snoozed_until = ?"
                " WHERE id = ?",
                (created, last, snoozed, cid),
            )
        if rng.random() < 0.1:  # at most one open follow-up each: no full-key ties
            due = TODAY + _dt.timedelta(days=rng.randint(-30, 5))
            store.add_follow_up(cid, due, rng.choice(["", "send slides", "  ask\nabout  rust "]))


@pytest.mark.parametrize(
    ("seed", "defaults"),
    [
        (1, CadenceDefaults()),
        (2, CadenceDefaults(vip=7, high=10, normal=21, low=60)),
        (3, CadenceDefaults(vip=0, high=14, normal=0, low=90)),  # some defaults off
    ],
)
def test_full_queue_matches_the_per_contact_rules(
    store: Store, db: Database, seed: int, defaults: CadenceDefaults
) -> None:
    store.set_cadence_defaults(defaults)
    _random_people(store, db, seed, 400)
    store.recompute_statuses()
    expected = _reference_queue(store, db)
    got = store.attention_queue(today=TODAY)
    assert len(expected) > 100
    assert {i.kind for i in expected} == {"status", "follow-up", "birthday"}
    urgencies = [i.urgency for i in expected]
    assert len(set(urgencies)) < len(urgencies)  # the data has ties to break
    assert _fields(got) == _fields(expected)
    for limit in (1, 7, 60):
        assert _fields(store.attention_queue(today=TODAY, limit=limit)) == _fields(
            expected[:limit])


def test_queue_skips_contacts_whose_stored_status_is_stale_or_quiet(
    store: Store, db: Database
) -> None:
    """The queue lists what the stored statuses say (callers recompute first): a
    status of ok/snoozed/paused never gives a status item, and a cadence switched
    off after the last recompute gives none either."""
    late = store.add_contact({"name": "Late"})
    with db.write() as c:
        c.execute("UPDATE contacts SET created_at = ? WHERE id = ?", (NOW - 90 * DAY_MS, late))
    assert store.attention_queue(today=TODAY) == []  # not recomputed yet: still "ok"
    store.recompute_statuses()
    (item,) = store.attention_queue(today=TODAY)
    assert (item.name, item.status, item.reason) == ("Late", Status.OVERDUE, "overdue by 60 days")
    with db.write() as c:  # switched off behind the store's back
        c.execute("UPDATE contacts SET cadence_days = 0 WHERE id = ?", (late,))
    assert store.attention_queue(today=TODAY) == []
