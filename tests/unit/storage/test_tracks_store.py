"""Tracks in the store (issue 19): adding, moving with history, next steps in the
attention queue, stages per user, links and resources on interactions, account
scoping, and a store from before tracks opening with all its data."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.core.dates import DAY_MS, ms_to_date
from devhub_tui.core.tracks import Goal, parse_stages
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import APPLICATION_ID, open_database
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.migrations import LATEST_VERSION, MIGRATIONS
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import TrackStore, tracks_for
from devhub_tui.storage.tracks.links import (
    contact_tracks,
    interaction_links,
    log_with_links,
    search_shared,
    set_resources,
    track_interactions,
)
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000 + 15 * 3_600_000  # 2026-11-25 15:00 UTC
TODAY = ms_to_date(NOW)
HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(db, auth: Auth, clock: FixedClock) -> Store:  # type: ignore[no-untyped-def]
    return Store(db, auth.create_user("ada", "password1").id, clock=clock)


@pytest.fixture
def tracks(store: Store) -> TrackStore:
    return tracks_for(store)


def _counts(store: Store) -> tuple[int, ...]:
    c = store.db.conn()
    return tuple(c.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                 for t in ("tracks", "track_contacts", "track_events", "track_goals",
                           "interaction_tracks", "interaction_resources"))


def test_a_track_with_contacts_stage_history_and_next_step(store: Store, tracks: TrackStore,
                                                           clock: FixedClock) -> None:
    ada = store.add_contact({"name": "Ada Lovelace"})
    bob = store.add_contact({"name": "Bob Recruiter"})
    tid = tracks.add("job", "Staff engineer @ Acme", [bob, ada], next_step="send references",
                     next_due=TODAY + dt.timedelta(days=2), amount_minor=12_000_000,
                     currency="eur", links=["acme.example/jobs/1"], notes="[bold]remote[/]")
    t = tracks.get(tid)
    assert (t.kind, t.slug, t.stage, t.open) == ("job", "staff-engineer-acme", "lead", True)
    assert t.contacts == [(bob, "Bob Recruiter"), (ada, "Ada Lovelace")]
    assert (t.amount_minor, t.currency, t.links) == (12_000_000, "EUR",
                                                     ["https://acme.example/jobs/1"])
    assert t.notes == "[bold]remote[/]"  # as typed
    # a second track with the same title gets its own slug
    assert tracks.get(tracks.add("job", "Staff engineer @ Acme", [ada])).slug == (
        "staff-engineer-acme-2")
    clock.advance(86_400)
    assert tracks.move(tid, "interv") == ("lead", "interviewing")
    clock.advance(86_400)
    assert tracks.move(tid, "declined") == ("interviewing", "declined")
    t = tracks.get(tid)
    assert not t.open and t.stage_at == clock.now
    history = [(e.kind, e.from_stage, e.stage, ms_to_date(e.at)) for e in tracks.history(tid)]
    assert history == [("stage", None, "lead", TODAY),
                       ("stage", "lead", "interviewing", TODAY + dt.timedelta(1)),
                       ("stage", "interviewing", "declined", TODAY + dt.timedelta(2))]
    assert tracks.complete_next(tid) == "send references"
    assert tracks.get(tid).next_step == "" and tracks.get(tid).next_due is None
    assert tracks.history(tid)[-1].note == "send references"
    with pytest.raises(ValidationError, match="no next step"):
        tracks.complete_next(tid)
    assert tracks.find("staff-engineer-acme").id == tid
    assert tracks.find(tid[:8]).id == tid
    with pytest.raises(NotFoundError, match=r"no track 'nope' \(tracks: "):
        tracks.find("nope")
    tracks.delete(tid)
    assert tracks.find("staff-engineer-acme-2").slug == "staff-engineer-acme-2"
    assert _counts(store)[:4] == (1, 1, 1, 0)
    assert [c.name for c in store.list_contacts()] == ["Ada Lovelace", "Bob Recruiter"]


def test_bad_input_stores_nothing(store: Store, tracks: TrackStore) -> None:
    ada = store.add_contact({"name": "Ada"})
    tid = tracks.add("client", "Website", [ada])
    before = (_counts(store), tracks.get(tid))
    for call, fragment in [
        (lambda: tracks.add("gig", "x", [ada]), "unknown kind 'gig'"),
        (lambda: tracks.add("job", "  ", [ada]), "a track needs a title"),
        (lambda: tracks.add("job", "x", [ada], stage="paid"), "a client stage, not a job"),
        (lambda: tracks.add("job", "x", [ada], amount_minor=5), "needs a currency"),
        (lambda: tracks.add("job", "x", [ada], amount_minor=5, currency="EURO"),
         "unknown currency"),
        (lambda: tracks.add("job", "x", [ada], next_step="call"), "needs a due date"),
        (lambda: tracks.add("job", "x", [ada], links=["javascript:alert(1)"]), "link"),
        (lambda: tracks.add("job", "x", ["no-such-contact"]), "no longer exists"),
        (lambda: tracks.move(tid, "interviewing"), "a job stage, not a client one"),
        (lambda: tracks.move("nope", "paid"), "no longer exists"),
        (lambda: tracks.set_next(tid, "", TODAY), "needs a next step"),
    ]:
        with pytest.raises((ValidationError, NotFoundError)) as exc:
            call()
        assert fragment in str(exc.value)
    assert (_counts(store), tracks.get(tid)) == before


def test_next_steps_join_the_attention_queue_and_closed_tracks_stop_reminding(
    store: Store, tracks: TrackStore
) -> None:
    ada = store.add_contact({"name": "Ada"})
    late = tracks.add("job", "Staff engineer @ Acme", [ada], next_step="send references",
                      next_due=TODAY - dt.timedelta(days=1))
    tracks.add("job", "Later", [ada], next_step="call", next_due=TODAY + dt.timedelta(1))
    nobody = tracks.add("collab", "Blog post", [], next_step="draft", next_due=TODAY)
    queue = [i for i in store.attention_queue(today=TODAY) if i.kind == "next-step"]
    assert [(i.track_id, i.name, i.reason) for i in queue] == [
        (late, "Ada", "next step for 'Staff engineer @ Acme': send references, due yesterday"),
        (nobody, "Blog post", "next step for 'Blog post': draft, due today"),
    ]
    tracks.move(late, "declined")
    assert [i.track_id for i in store.attention_queue(today=TODAY)
            if i.kind == "next-step"] == [nobody]
    # stages are the user's: "declined" no longer closing a track reopens it
    tracks.set_stages("job", parse_stages("lead, applied, interviewing, offer, declined"
                                          " | accepted, closed"))
    assert tracks.get(late).open
    assert late in [i.track_id for i in store.attention_queue(today=TODAY)]


def test_the_head_of_the_queue_is_exactly_the_full_queue_head(store: Store,
                                                             tracks: TrackStore) -> None:
    rng = random.Random(19)
    ids = [store.add_contact({"name": f"Person {n:02d}"}) for n in range(30)]
    for n in range(40):
        tracks.add(rng.choice(["job", "client"]), f"Track {n}", [rng.choice(ids)],
                   next_step=f"step {n}", next_due=TODAY - dt.timedelta(days=rng.randint(-3, 9)))
        store.add_follow_up(rng.choice(ids), TODAY - dt.timedelta(days=rng.randint(0, 9)),
                            f"follow {n}")
    full = store.attention_queue(today=TODAY)
    assert any(i.kind == "next-step" for i in full)
    for limit in (1, 5, 17, 40, 100):
        head = store.attention_queue(today=TODAY, limit=limit)
        assert [(i.kind, i.contact_id, i.reason) for i in head] == [
            (i.kind, i.contact_id, i.reason) for i in full[:limit]]


def test_stages_in_use_cant_be_removed(store: Store, tracks: TrackStore) -> None:
    ada = store.add_contact({"name": "Ada"})
    tid = tracks.add("job", "Acme", [ada], stage="offer")
    with pytest.raises(ValidationError, match="1 track is in the job stage 'offer'"):
        tracks.set_stages("job", parse_stages("lead, applied | accepted, declined"))
    assert tracks.stages()["job"].all[3] == "offer"
    tracks.set_stages("job", parse_stages("lead, offer, signing | accepted, declined"))
    assert tracks.stages()["job"].open == ("lead", "offer", "signing")
    assert tracks.move(tid, "sign") == ("offer", "signing")


def test_interactions_carry_tracks_and_resources_and_search_finds_who(
    store: Store, tracks: TrackStore
) -> None:
    ada = store.add_contact({"name": "Ada Lovelace"})
    bob = store.add_contact({"name": "Bob"})
    tid = tracks.add("job", "Acme", [ada])
    one = log_with_links(store, ada, "interview", None, "second round", track_ids=[tid],
                         resources=[("https://rust.example/book", "The Rust book")])
    log_with_links(store, bob, "coffee", None, "", resources=[("rust.example/book", "")])
    assert [t.id for t in interaction_links(tracks, one)[0]] == [tid]
    assert [i.notes for i in track_interactions(tracks, tid)] == ["second round"]
    assert {r.contact_name for r in search_shared(tracks, "rust.example/book")} == {
        "Ada Lovelace", "Bob"}
    # every word, in the link or the title, case-insensitive
    assert [r.contact_name for r in search_shared(tracks, "THE rust")] == ["Ada Lovelace"]
    assert search_shared(tracks, "python") == []
    view = contact_tracks(tracks, ada)
    assert [t.id for t in view.open] == [tid] and [r.title for r in view.shared] == [
        "The Rust book"]
    assert [e.stage for e in view.events] == ["lead"]
    set_resources(tracks, one, [])
    assert contact_tracks(tracks, ada).shared == []
    # a bad resource or a track that doesn't exist: nothing is logged at all
    before = (store.interaction_count(), _counts(store))
    with pytest.raises(ValidationError):
        log_with_links(store, ada, "call", None, "x", resources=[("ftp://x", "")])
    with pytest.raises(NotFoundError):
        log_with_links(store, ada, "call", None, "x", track_ids=["nope"])
    assert (store.interaction_count(), _counts(store)) == before
    # deleting the interaction takes its links and resources with it
    store.delete_interaction(one)
    assert track_interactions(tracks, tid) == []


def test_a_second_account_sees_none_of_it(db, auth: Auth, store: Store,  # type: ignore[no-untyped-def]
                                          tracks: TrackStore, clock: FixedClock) -> None:
    ada = store.add_contact({"name": "Ada"})
    tid = tracks.add("job", "Acme", [ada], next_step="call", next_due=TODAY)
    iid = log_with_links(store, ada, "call", None, "", track_ids=[tid],
                         resources=[("https://x.example", "secret plan")])
    tracks.set_stages("client", parse_stages("pitch | won, lost"))
    other = Store(db, auth.create_user("bob", "password1").id, clock=clock)
    theirs = tracks_for(other)
    assert theirs.list_tracks() == [] and theirs.refs() == [] and theirs.count() == 0
    assert all(not cards for cards in theirs.board("job").cards.values())
    assert theirs.queue_items(TODAY) == [] and theirs.upcoming(TODAY - dt.timedelta(1)) == []
    assert [i for i in other.attention_queue(today=TODAY) if i.kind == "next-step"] == []
    assert search_shared(theirs, "secret") == [] and search_shared(theirs, "") == []
    assert theirs.stages()["client"].all[0] == "lead"  # the defaults, not ada's
    assert theirs.history(tid) == [] and track_interactions(theirs, tid) == []
    assert interaction_links(theirs, iid) == ([], [])
    for call in (lambda: theirs.get(tid), lambda: theirs.find("acme"),
                 lambda: theirs.move(tid, "applied"), lambda: theirs.set_next(tid, "x", TODAY),
                 lambda: theirs.complete_next(tid), lambda: theirs.delete(tid),
                 lambda: theirs.update(tid, title="mine"),
                 lambda: set_resources(theirs, iid, [])):
        with pytest.raises(NotFoundError):
            call()
    with pytest.raises(NotFoundError):  # ada's contact can't be put on bob's track
        theirs.add("job", "x", [ada])
    assert tracks.get(tid).title == "Acme" and len(search_shared(tracks, "secret")) == 1


def test_goals_of_a_mentorship(store: Store, tracks: TrackStore) -> None:
    bob = store.add_contact({"name": "Bob"})
    tid = tracks.add("mentorship", "Mentoring Bob", [bob],
                     goals=[Goal("ship a PR", "halfway"), Goal("learn rust")])
    assert [(g.goal, g.progress) for g in tracks.get(tid).goals] == [
        ("ship a PR", "halfway"), ("learn rust", "")]
    tracks.update(tid, goals=[Goal("ship a PR", "done")])
    assert [(g.goal, g.progress) for g in tracks.get(tid).goals] == [("ship a PR", "done")]


def test_the_board_reads_open_cards_and_the_latest_closed_ones(
    store: Store, tracks: TrackStore, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devhub_tui.storage.tracks import reads as track_reads

    monkeypatch.setattr(track_reads, "TERMINAL_CARDS", 3)
    ada = store.add_contact({"name": "Ada"})
    open_ids = [tracks.add("job", f"Open {n}", [ada], stage="applied") for n in range(4)]
    closed = []
    for n in range(5):
        clock.advance(60)
        closed.append(tracks.add("job", f"Closed {n}", [ada], stage="declined"))
    board = tracks.board("job")
    assert {c.id for c in board.cards["applied"]} == set(open_ids)
    assert [c.id for c in board.cards["declined"]] == closed[::-1][:3]  # newest first
    assert board.counts["declined"] == 5 and board.counts["lead"] == 0
    assert board.columns == ["lead", "applied", "interviewing", "offer", "accepted",
                             "declined", "closed"]


def _pre_tracks_store(path: Path) -> None:
    """A store as devhub wrote it before tracks (schema 5), with some data."""
    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 5")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO users VALUES ('u1', 'ada', 'ada', 'x', 1, 1)")
    conn.execute("INSERT INTO contacts (id, user_id, name, created_at, updated_at) VALUES"
                 " ('c1', 'u1', 'Grace Hopper', ?, ?)", (NOW - 40 * DAY_MS, 1))
    conn.execute("INSERT INTO interactions (id, user_id, contact_id, type, date, notes,"
                 " created_at, updated_at) VALUES ('i1', 'u1', 'c1', 'call', ?, 'cobol', 1, 1)",
                 (NOW - 3 * DAY_MS,))
    conn.execute("INSERT INTO follow_ups (id, user_id, contact_id, due, note, created_at,"
                 " updated_at) VALUES ('f1', 'u1', 'c1', '2026-11-20', 'slides', 1, 1)")
    conn.execute("INSERT INTO user_prefs VALUES ('u1', 'cadence_normal', '21')")
    conn.commit()
    conn.close()


def test_a_store_from_before_tracks_opens_with_all_its_data(db_path: Path) -> None:
    _pre_tracks_store(db_path)
    db = open_database(db_path)
    try:
        assert db.schema_version() == LATEST_VERSION >= 6
        store = Store(db, "u1", clock=FixedClock(NOW))
        assert [c.name for c in store.list_contacts()] == ["Grace Hopper"]
        assert [i.notes for i in store.list_interactions()] == ["cobol"]
        assert [f.note for f in store.list_follow_ups()] == ["slides"]
        assert store.cadence_defaults().normal == 21
        assert [i.kind for i in store.attention_queue(today=TODAY)] == ["follow-up"]
        tid = tracks_for(store).add("job", "Acme", ["c1"], next_step="x", next_due=TODAY)
        assert [i.track_id for i in store.attention_queue(today=TODAY)
                if i.kind == "next-step"] == [tid]
    finally:
        db.close()
    backups = sorted(db_path.parent.glob(f"{db_path.name}.v5-*.bak"))
    assert len(backups) == 1
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 5
    assert old.execute("SELECT name FROM contacts").fetchone()[0] == "Grace Hopper"
    assert old.execute("SELECT count(*) FROM sqlite_master WHERE name = 'tracks'"
                       ).fetchone()[0] == 0
    old.close()


def test_a_synced_server_without_foreign_keys_leaves_nothing_behind(
    db_path: Path, clock: FixedClock
) -> None:
    """The sweep a Turso replica runs after a pull (the server does not enforce
    foreign keys): rows pointing at a track, contact or interaction that is gone."""
    from devhub_tui.storage.tracks import ORPHAN_SWEEP

    db = open_database(db_path)
    try:
        user = Auth(db, hasher=HASHER).create_user("ada", "password1")
        store = Store(db, user.id, clock=clock)
        tracks = tracks_for(store)
        ada = store.add_contact({"name": "Ada"})
        keep = tracks.add("job", "Keep", [ada])
        gone = tracks.add("job", "Gone", [ada])
        iid = log_with_links(store, ada, "call", None, "", track_ids=[keep, gone],
                             resources=[("https://x.example", "")])
        c = db.conn()
        c.execute("PRAGMA foreign_keys = OFF")
        c.execute("DELETE FROM tracks WHERE id = ?", (gone,))
        c.execute("DELETE FROM interactions WHERE id = ?", (iid,))
        with db.write() as w:
            for statement in ORPHAN_SWEEP:
                w.execute(statement)
        c.execute("PRAGMA foreign_keys = ON")
        assert _counts(store) == (1, 1, 1, 0, 0, 0)
        assert tracks.get(keep).contacts == [(ada, "Ada")]
    finally:
        db.close()
