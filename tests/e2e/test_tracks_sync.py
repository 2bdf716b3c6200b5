"""Tracks on synced replicas (issue 19), against the real servers on 127.0.0.1: a
Turso Sync server (`tursodb --sync-server`) and a libSQL server (`sqld`). A track
made on one device -- its contacts, stage history, next step, goals, the
interactions linked to it and the resources they shared -- reaches the other, and
a track deleted on one device while the other linked to it leaves nothing behind."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.core.tracks import Goal
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database, SyncConfig, open_database
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import tracks_for
from devhub_tui.storage.tracks.links import (
    contact_tracks,
    log_with_links,
    search_shared,
    track_interactions,
)
from tests.clock_support import FixedClock
from tests.sqld_support import SqldServer, running_sqld
from tests.sync_support import TOKEN, TursoServer, turso_server_fixture

HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
NOW = 1_795_600_000_000 + 15 * 3_600_000
TODAY = dt.date(2026, 11, 25)
turso_server = pytest.fixture(turso_server_fixture, name="turso_server")


def _made_on_a(store: Store, clock: FixedClock) -> dict[str, str]:
    t = tracks_for(store)
    ada = store.add_contact({"name": "Ada Lovelace"})
    tid = t.add("job", "Staff engineer @ Acme", [ada], next_step="send references",
                next_due=TODAY - dt.timedelta(days=1), amount_minor=12_000_000, currency="EUR")
    clock.advance(60)
    t.move(tid, "interviewing")
    mid = t.add("mentorship", "Mentoring Ada", [ada], goals=[Goal("ship a PR", "half")])
    iid = log_with_links(store, ada, "interview", NOW - 3_600_000, "second round",
                         track_ids=[tid], resources=[("https://rust.example/book", "Rust")])
    return {"ada": ada, "track": tid, "mentor": mid, "interaction": iid}


def _seen_on_b(store: Store, ids: dict[str, str]) -> None:
    t = tracks_for(store)
    got = t.get(ids["track"])
    assert (got.title, got.stage, got.slug, got.amount_minor) == (
        "Staff engineer @ Acme", "interviewing", "staff-engineer-acme", 12_000_000)
    assert got.contacts == [(ids["ada"], "Ada Lovelace")]
    assert [(e.from_stage, e.stage) for e in t.history(ids["track"])] == [
        (None, "lead"), ("lead", "interviewing")]
    assert [g.goal for g in t.get(ids["mentor"]).goals] == ["ship a PR"]
    assert [i.id for i in track_interactions(t, ids["track"])] == [ids["interaction"]]
    assert [r.contact_id for r in search_shared(t, "rust")] == [ids["ada"]]
    assert [i.track_id for i in store.attention_queue(today=TODAY)
            if i.kind == "next-step"] == [ids["track"]]
    assert [x.id for x in contact_tracks(t, ids["ada"]).open] == [ids["track"], ids["mentor"]]


@pytest.fixture
def turso_pair(tmp_path: Path, turso_server: TursoServer
               ) -> Iterator[tuple[Database, Database, Store, Store, FixedClock]]:
    sync = SyncConfig(turso_server.url, TOKEN, "turso")
    a = open_database(tmp_path / "a" / "crm.db", sync=sync)
    user = Auth(a, hasher=HASHER).create_user("ada", "password1")
    a.sync_now()
    b = open_database(tmp_path / "b" / "crm.db", sync=sync)
    clock = FixedClock(NOW)
    try:
        yield a, b, Store(a, user.id, clock=clock), Store(b, user.id, clock=clock), clock
    finally:
        a.close()
        b.close()


def test_turso_a_track_made_on_one_device_reaches_the_other(
    turso_pair: tuple[Database, Database, Store, Store, FixedClock]
) -> None:
    a, b, sa, sb, clock = turso_pair
    ids = _made_on_a(sa, clock)
    a.sync_now()
    b.sync_now()
    _seen_on_b(sb, ids)
    # and back: B completes the step and moves the track, A sees it
    clock.advance(60)
    tb = tracks_for(sb)
    tb.complete_next(ids["track"])
    tb.move(ids["track"], "offer")
    b.sync_now()
    a.sync_now()
    ta = tracks_for(sa)
    assert ta.get(ids["track"]).stage == "offer" and ta.get(ids["track"]).next_step == ""
    assert [e.kind for e in ta.history(ids["track"])] == ["stage", "stage", "step", "stage"]


def test_turso_a_track_deleted_while_the_other_device_links_to_it(
    turso_pair: tuple[Database, Database, Store, Store, FixedClock]
) -> None:
    a, b, sa, sb, clock = turso_pair
    ids = _made_on_a(sa, clock)
    a.sync_now()
    b.sync_now()
    tracks_for(sa).delete(ids["track"])
    log_with_links(sb, ids["ada"], "call", None, "logged on B meanwhile",
                   track_ids=[ids["track"]])
    for db in (a, b, a):
        db.sync_now()
    for db, store in ((a, sa), (b, sb)):
        assert [t.id for t in tracks_for(store).list_tracks()] == [ids["mentor"]]
        c = db.conn()
        for table, column, parent in (("interaction_tracks", "track_id", "tracks"),
                                      ("track_events", "track_id", "tracks"),
                                      ("track_contacts", "track_id", "tracks")):
            assert c.execute(f"SELECT count(*) FROM {table} WHERE {column} NOT IN"
                             f" (SELECT id FROM {parent})").fetchone()[0] == 0, table
        assert "logged on B meanwhile" in [i.notes for i in store.list_interactions()]


@pytest.fixture
def sqld(tmp_path: Path) -> Iterator[SqldServer]:
    with running_sqld(tmp_path / "sqld-data") as server:
        yield server


def test_libsql_a_track_made_on_one_replica_reaches_the_other(tmp_path: Path,
                                                              sqld: SqldServer) -> None:
    a = open_database(tmp_path / "a" / "devhub.db", sync=sqld.sync_config())
    b = None
    try:
        clock = FixedClock(NOW)
        user = Auth(a, clock=clock, hasher=HASHER).create_user("ada", "password1")
        sa = Store(a, user.id, clock=clock)
        ids = _made_on_a(sa, clock)
        b = open_database(tmp_path / "b" / "devhub.db", sync=sqld.sync_config())
        sb = Store(b, user.id, clock=clock)
        _seen_on_b(sb, ids)
        tracks_for(sb).move(ids["track"], "offer")
        assert tracks_for(sa).get(ids["track"]).stage == "interviewing"  # until A syncs
        a.sync_now()
        assert tracks_for(sa).get(ids["track"]).stage == "offer"
        # another account on the same server sees none of it
        other = Store(b, Auth(b, clock=clock, hasher=HASHER).create_user(
            "grace", "password1").id, clock=clock)
        assert tracks_for(other).list_tracks() == []
        assert search_shared(tracks_for(other), "rust") == []
    finally:
        a.close()
        if b is not None:
            b.close()
