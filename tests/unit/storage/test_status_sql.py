"""Statuses applied in SQL match the pure rules; the attention queue and stats."""

from __future__ import annotations

import datetime as _dt
import random

import pytest

from devhub_tui.core.dates import DAY_MS, ms_to_date
from devhub_tui.core.status import CadenceDefaults, compute_status, effective_cadence
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000 + 15 * 3_600_000  # 2026-11-25 15:00 UTC
TODAY = ms_to_date(NOW)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(db: Database, auth: Auth, clock: FixedClock) -> Store:
    user = auth.create_user("alice", "password1")
    return Store(db, user.id, clock=clock)


def _backdate(db: Database, cid: str, created_at: int) -> None:
    with db.write() as c:
        c.execute("UPDATE contacts SET created_at = ? WHERE id = ?", (created_at, cid))


def test_sql_status_matches_core_rules_on_random_contacts(store: Store, db: Database) -> None:
    rng = random.Random(7)
    defaults = CadenceDefaults(vip=10, high=20, normal=30, low=90)
    store.set_cadence_defaults(defaults)
    expected = {}
    for n in range(400):
        cadence = rng.choice([None, None, 0, 1, 3, 7, 14, 30, 45, 365])
        vip = rng.random() < 0.2
        importance = rng.choice(["low", "normal", "high"])
        archived = rng.random() < 0.05
        created = NOW - rng.randint(0, 400) * DAY_MS - rng.randint(0, DAY_MS)
        last = None if rng.random() < 0.3 else NOW - rng.randint(0, 200) * DAY_MS
        snooze = None
        if rng.random() < 0.2:
            snooze = NOW + rng.randint(-60, 60) * DAY_MS
        cid = store.add_contact({"name": f"P{n}", "cadence_days": cadence, "vip": vip,
                                 "importance": importance, "archived": archived,
                                 "snoozed_until": snooze})
        _backdate(db, cid, created)
        if last is not None:
            store.log_interaction(cid, "call", last)
        expected[cid] = compute_status(
            now_ms=NOW, last_contacted=last, created_at=created,
            cadence=effective_cadence(cadence, vip, importance, defaults),
            snoozed_until=snooze, archived=archived,
        ).value
    store.recompute_statuses()
    got = {c.id: c.status for c in store.list_contacts(limit=None)}
    assert got == expected
    assert len(set(expected.values())) == 6  # every status was exercised


def _contact(store: Store, db: Database, name: str, *, days_since: float | None,
             created_days_ago: float = 400, **fields: object) -> str:
    cid = store.add_contact({"name": name, **fields})
    _backdate(db, cid, NOW - int(created_days_ago * DAY_MS))
    if days_since is not None:
        store.log_interaction(cid, "call", NOW - int(days_since * DAY_MS))
    return cid


def test_each_status_and_the_queue_order(store: Store, db: Database, clock: FixedClock) -> None:
    ok = _contact(store, db, "Okay Olga", days_since=2)
    soon = _contact(store, db, "Soon Sam", days_since=25)  # normal 30, window 7
    attention = _contact(store, db, "Attention Ann", days_since=35)
    overdue = _contact(store, db, "Overdue Otto", days_since=70)
    very = _contact(store, db, "Very Late Vic", days_since=200)
    never = _contact(store, db, "Never Ned", days_since=None, created_days_ago=3)
    vip = _contact(store, db, "Vip Vera", days_since=15, vip=True)  # 14-day cadence
    low = _contact(store, db, "Low Lou", days_since=60, importance="low")  # 90 days
    paused = _contact(store, db, "Paused Pat", days_since=500, cadence_days=0)
    archived = _contact(store, db, "Archived Al", days_since=500, archived=True)
    snoozed = _contact(store, db, "Snoozed Sue", days_since=500,
                       snoozed_until=NOW + 3 * DAY_MS)
    bday = _contact(store, db, "Birthday Bea", days_since=1,
                    birthday=(TODAY + _dt.timedelta(days=5)).strftime("--%m-%d"))
    fu = _contact(store, db, "Follow Fay", days_since=1)
    store.add_follow_up(fu, TODAY - _dt.timedelta(days=4), "send slides")
    store.add_follow_up(fu, TODAY + _dt.timedelta(days=4), "not yet")
    store.recompute_statuses()
    status = {c.id: c.status for c in store.list_contacts(limit=None)}
    assert status[ok] == "ok" and status[never] == "ok" and status[bday] == "ok"
    assert status[soon] == "due-soon"
    assert status[attention] == "needs-attention" and status[vip] == "needs-attention"
    assert status[overdue] == "overdue" and status[very] == "overdue"
    assert status[low] == "ok"
    assert status[paused] == "paused" and status[archived] == "paused"
    assert status[snoozed] == "snoozed"

    queue = store.attention_queue()
    names = [(i.name, i.kind) for i in queue]
    assert names == [
        ("Very Late Vic", "status"),
        ("Overdue Otto", "status"),
        ("Follow Fay", "follow-up"),
        ("Attention Ann", "status"),
        ("Vip Vera", "status"),
        ("Birthday Bea", "birthday"),
        ("Soon Sam", "status"),
    ]
    reasons = {i.name: i.reason for i in queue}
    assert reasons["Overdue Otto"] == "overdue by 40 days"
    assert reasons["Follow Fay"] == "follow-up due 4 days ago: send slides"
    assert reasons["Birthday Bea"] == "birthday in 5 days"

    # completing the follow-up takes it out of the queue
    fid = store.list_follow_ups(contact_id=fu, open_only=True)[0].id
    store.update_follow_up(fid, done=True)
    assert "Follow Fay" not in [i.name for i in store.attention_queue()]
    store.update_follow_up(fid, done=False)
    assert "Follow Fay" in [i.name for i in store.attention_queue()]

    # snooze ends: the clock counts from the snooze end, then runs out again
    clock.now = NOW + 4 * DAY_MS
    store.recompute_statuses()
    assert store.get_contact(snoozed).status == "ok"
    clock.now = NOW + 3 * DAY_MS + 31 * DAY_MS
    store.recompute_statuses()
    assert store.get_contact(snoozed).status == "needs-attention"

    # logging an interaction resets the clock at once
    clock.now = NOW
    store.log_interaction(overdue, "coffee", NOW)
    assert store.get_contact(overdue).status == "ok"


def test_defaults_are_a_user_preference(store: Store, db: Database) -> None:
    cid = _contact(store, db, "Normal Nia", days_since=20)
    assert store.get_contact(cid).status == "ok"
    store.set_cadence_defaults(CadenceDefaults(normal=15))
    assert store.get_contact(cid).status == "needs-attention"
    store.set_cadence_defaults(CadenceDefaults(normal=0))
    assert store.get_contact(cid).status == "paused"
    assert store.cadence_defaults().normal == 0


def test_birthday_with_a_year_and_across_new_year(store: Store, db: Database,
                                                  clock: FixedClock) -> None:
    clock.now = int(_dt.datetime(2026, 12, 25, 12, tzinfo=_dt.UTC).timestamp() * 1000)
    _contact(store, db, "New Year Nora", days_since=1, birthday="1990-01-03")
    _contact(store, db, "Far Fred", days_since=1, birthday="1990-03-03")
    items = store.attention_queue()
    assert [(i.name, i.reason) for i in items if i.kind == "birthday"] == [
        ("New Year Nora", "birthday in 9 days (turns 37)")
    ]


def test_stats(store: Store, db: Database) -> None:
    a = _contact(store, db, "A", days_since=1, vip=True)
    b = _contact(store, db, "B", days_since=40)
    store.log_interaction(a, "call", NOW - 3 * DAY_MS)
    store.log_interaction(b, "call", int(_dt.datetime(2026, 10, 15, tzinfo=_dt.UTC).timestamp()
                                         * 1000))
    stats = store.stats()
    assert stats.contacts == 2 and stats.vips == 1
    assert stats.interactions_this_month == 2  # 1 day ago and 3 days ago
    assert stats.interactions_last_month == 2  # 40 days ago (Oct 16) and Oct 15
    assert sum(stats.weekly) == 4 and stats.weekly[-1] == 2
    assert stats.status_counts["ok"] == 1 and stats.status_counts["needs-attention"] == 1
    assert stats.ok_share == 0.5


def _at(y: int, m: int, d: int, hour: int = 12) -> int:
    return int(_dt.datetime(y, m, d, hour, tzinfo=_dt.UTC).timestamp() * 1000)


@pytest.mark.parametrize(("today", "last_until"), [
    (_dt.date(2026, 11, 26), _dt.date(2026, 10, 26)),
    (_dt.date(2026, 3, 31), _dt.date(2026, 2, 28)),  # February is shorter: all of it
    (_dt.date(2026, 12, 1), _dt.date(2026, 11, 1)),
])
def test_this_month_is_compared_with_the_same_days_of_last_month(
    store: Store, today: _dt.date, last_until: _dt.date
) -> None:
    """Month to date against the 1st..same day of last month, not all of last month."""
    clock = store.clock
    assert isinstance(clock, FixedClock)
    clock.now = _at(today.year, today.month, today.day, 20)
    cid = store.add_contact({"name": "A"})
    first = today.replace(day=1)
    last_first = (first - _dt.timedelta(days=1)).replace(day=1)
    # this month: the 1st (at midnight) and today
    store.log_interaction(cid, "call", _at(first.year, first.month, 1, 0))
    store.log_interaction(cid, "call", _at(today.year, today.month, today.day, 19))
    # last month: the 1st, the last day compared (late evening), and the day after it
    store.log_interaction(cid, "call", _at(last_first.year, last_first.month, 1, 0))
    store.log_interaction(cid, "call", _at(last_until.year, last_until.month, last_until.day, 23))
    after = last_until + _dt.timedelta(days=1)
    if after < first:
        store.log_interaction(cid, "call", _at(after.year, after.month, after.day, 0))
    stats = store.stats(today=today)
    assert stats.interactions_this_month == 2
    assert stats.interactions_last_month == 2
    assert stats.last_month_until == last_until


def test_limited_queue_is_exactly_the_head_of_the_full_queue(store: Store, db: Database) -> None:
    rng = random.Random(11)
    for n in range(300):
        cid = _contact(store, db, f"P{n:03d}", days_since=rng.uniform(0, 200),
                       vip=rng.random() < 0.2, importance=rng.choice(["low", "normal", "high"]),
                       cadence_days=rng.choice([None, None, 5, 10, 60]))
        if rng.random() < 0.1:
            store.add_follow_up(cid, TODAY - _dt.timedelta(days=rng.randint(0, 20)), "x")
    store.recompute_statuses()
    full = store.attention_queue()
    assert len(full) > 150
    for limit in (1, 10, 50, 150):
        head = store.attention_queue(limit=limit)
        assert [(i.contact_id, i.kind) for i in head] == [
            (i.contact_id, i.kind) for i in full[:limit]]


def test_weekly_chart_buckets_match_a_python_count_at_every_boundary(
    store: Store, db: Database
) -> None:
    """The 26 weekly range counts put each interaction in the week a person would:
    weeks end today (inclusive), edges belong to the later week, older ones are out."""
    cid = _contact(store, db, "Weeks", days_since=1)
    end = (TODAY - _dt.date(1970, 1, 1)).days * DAY_MS + DAY_MS  # tomorrow 00:00 UTC
    start = end - 26 * 7 * DAY_MS
    rng = random.Random(8)
    dates = [start, start - 1, end - 1, end, start + 7 * DAY_MS, start + 7 * DAY_MS - 1]
    dates += [rng.randrange(start - 30 * DAY_MS, end + 5 * DAY_MS) for _ in range(300)]
    for n, d in enumerate(dates):
        if d < end:
            store.log_interaction(cid, "call", d)
        else:  # the store refuses future dates now; a synced or older row can have one
            with db.write() as c:
                c.execute("INSERT INTO interactions (id, user_id, contact_id, type, date,"
                          " created_at, updated_at) VALUES (?, ?, ?, 'call', ?, ?, ?)",
                          (f"future-{n}", store.user_id, cid, d, NOW, NOW))
    expected = [0] * 26
    for (d,) in db.conn().execute("SELECT date FROM interactions"):  # _contact logs one too
        if start <= d < end:
            expected[(d - start) // (7 * DAY_MS)] += 1
    assert store.stats().weekly == expected
    assert expected[0] >= 2 and expected[1] >= 1 and expected[-1] >= 1


def test_dashboard_indexes_serve_the_status_counts_and_the_vip_list(
    store: Store, db: Database
) -> None:
    """Migration 3: the status counts read only an index, the VIP list starts from one."""
    conn = db.conn()
    plan = " ".join(str(r[-1]) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT status, count(*), sum(vip) FROM contacts"
        " WHERE user_id = ? GROUP BY status", (store.user_id,)))
    assert "COVERING INDEX ix_contacts_user_status" in plan
    plan = " ".join(str(r[-1]) for r in conn.execute(
        "EXPLAIN QUERY PLAN SELECT id FROM contacts c WHERE c.user_id = ? AND c.vip = ?",
        (store.user_id, 1)))
    assert "ix_contacts_user_vip" in plan


def _random_contacts(store: Store, db: Database, rng: random.Random, n: int) -> None:
    for k in range(n):
        cadence = rng.choice([None, None, 0, 1, 3, 7, 10, 14, 30, 45, 365])
        cid = store.add_contact({
            "name": f"R{k:03d}", "cadence_days": cadence, "vip": rng.random() < 0.2,
            "importance": rng.choice(["low", "normal", "high"]),
            "archived": rng.random() < 0.05,
            "snoozed_until": (NOW + rng.randint(-40, 40) * DAY_MS + rng.randint(0, DAY_MS)
                              if rng.random() < 0.2 else None)})
        _backdate(db, cid, NOW - rng.randint(0, 200 * DAY_MS))
        if rng.random() < 0.7:
            store.log_interaction(cid, "call", NOW - rng.randint(0, 150 * DAY_MS))


def _statuses_by_the_rules(store: Store, db: Database, now: int) -> dict[str, str]:
    defaults = store.cadence_defaults()
    return {
        cid: compute_status(
            now_ms=now, last_contacted=last, created_at=created,
            cadence=effective_cadence(cadence, bool(vip), importance, defaults),
            snoozed_until=snoozed, archived=bool(archived)).value
        for cid, last, created, cadence, vip, importance, snoozed, archived in db.conn().execute(
            "SELECT id, last_contacted, created_at, cadence_days, vip, importance,"
            " snoozed_until, archived FROM contacts WHERE user_id = ?", (store.user_id,))
    }


def test_refreshing_only_lapsed_statuses_tracks_the_rules_through_time(
    store: Store, db: Database, clock: FixedClock
) -> None:
    """Launch and day change recompute only contacts whose `status_until` has come:
    stepping the clock over two hundred days, landing on exact thresholds and one
    millisecond before them, the stored statuses are always those of the rules."""
    rng = random.Random(21)
    store.set_cadence_defaults(CadenceDefaults(vip=10, high=20, normal=30, low=90))
    _random_contacts(store, db, rng, 250)
    store.recompute_statuses()
    conn = db.conn()
    now, changed = NOW, 0
    for step in range(120):
        if step % 3 == 0:  # exactly when the next status changes, or just before
            (nxt,) = conn.execute("SELECT min(status_until) FROM contacts WHERE"
                                  " status_until > ?", (now,)).fetchone()
            if nxt is None:
                break
            now = nxt - (1 if step % 2 else 0)
        else:
            now += rng.randint(1, 3 * DAY_MS)
        clock.now = now
        changed += store.refresh_statuses()
        got = {cid: st for cid, st in conn.execute("SELECT id, status FROM contacts")}
        assert got == _statuses_by_the_rules(store, db, now), f"step {step} at {now}"
    assert changed > 150  # statuses did move, and only through refreshes
    # `due_at` is when the contact is due (what the queue orders by), and nothing is
    # left with a `status_until` in the past
    for cid, due_at, created, last, snoozed, cadence, vip, importance in conn.execute(
        "SELECT id, due_at, created_at, last_contacted, snoozed_until, cadence_days, vip,"
        " importance FROM contacts"
    ):
        cad = effective_cadence(cadence, bool(vip), importance, store.cadence_defaults())
        anchor = max(last if last is not None else created, snoozed or 0)
        assert due_at == (None if cad is None else anchor + cad * DAY_MS), cid
    assert conn.execute("SELECT count(*) FROM contacts WHERE status_until <= ?",
                        (now,)).fetchone()[0] == 0


def test_a_refresh_with_nothing_lapsed_does_not_write(
    store: Store, db: Database
) -> None:
    _contact(store, db, "Fresh Fran", days_since=1)
    store.refresh_statuses()

    def no_writes() -> None:
        raise AssertionError("a refresh with nothing to do opened a write transaction")

    with pytest.MonkeyPatch.context() as m:
        m.setattr(db, "write", no_writes)
        assert store.refresh_statuses() == 0


def test_launch_queries_read_their_indexes(store: Store, db: Database) -> None:
    """Migration 4: the launch refresh, the queue's tiers and (one account) the
    dashboard's interaction counts each walk an index range, not the table."""
    for n in range(3):
        _contact(store, db, f"I{n}", days_since=n * 40)
    conn = db.conn()

    def plan(sql: str, *args: object) -> str:
        return " ".join(str(r[-1]) for r in conn.execute(f"EXPLAIN QUERY PLAN {sql}", args))

    assert "ix_contacts_user_status_until" in plan(
        "SELECT 1 FROM contacts WHERE user_id = ? AND status_until <= ? LIMIT 1",
        store.user_id, NOW)
    assert "ix_contacts_user_status_due" in plan(
        "SELECT id FROM contacts WHERE user_id = ? AND status = 'overdue'"
        " AND due_at IS NOT NULL ORDER BY due_at LIMIT 5", store.user_id)
    assert "ix_interactions_date" in plan(
        "SELECT count(*) FROM interactions WHERE date >= ? AND date < ?", 0, NOW)


def test_stats_count_only_this_accounts_interactions(
    store: Store, db: Database, auth: Auth
) -> None:
    """With a second account in the store the counts filter by user again."""
    mine = _contact(store, db, "Mine", days_since=1)
    store.log_interaction(mine, "call", NOW - 3 * DAY_MS)
    alone = store.stats()
    other = Store(db, auth.create_user("bob", "password1").id, clock=store.clock)
    theirs = other.add_contact({"name": "Theirs"})
    for d in range(5):
        other.log_interaction(theirs, "call", NOW - d * DAY_MS)
    assert store.stats() == alone
    assert alone.interactions_this_month == 2 and sum(alone.weekly) == 2
    assert other.stats().interactions_this_month == 5 and sum(other.stats().weekly) == 5
