"""Skills on contacts and topics on interactions (migration 7), scoped per user."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from devhub_tui.core.dates import DAY_MS
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000  # 2026-11-25


@pytest.fixture
def two_users(db: Database, auth: Auth) -> tuple[Store, Store]:
    clock = FixedClock(NOW)
    a = auth.create_user("alice", "password1")
    b = auth.create_user("bob", "password1")
    return Store(db, a.id, clock=clock), Store(db, b.id, clock=clock)


def test_skills_are_added_replaced_changed_and_scoped(two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    cid = a.add_contact({"name": "Ada", "skills": ["Rust", "k8s", "rust"]})
    assert a.contact_skills(cid) == ["kubernetes", "rust"]
    a.update_contact(cid, {"company": "Engines"})  # no "skills": kept
    assert a.contact_skills(cid) == ["kubernetes", "rust"]
    a.update_contact(cid, {"skills": ["golang"]})  # given: replaced
    assert a.contact_skills(cid) == ["go"]
    assert a.change_skills(cid, add=["ts", "py"], remove=["go"]) == ["python", "typescript"]
    assert b.contact_skills(cid) == []
    with pytest.raises(NotFoundError):
        b.set_skills(cid, ["rust"])
    with pytest.raises(NotFoundError):
        b.change_skills(cid, add=["rust"])
    a.delete_contact(cid)
    assert a.contact_skills(cid) == []


def test_topics_follow_the_note(two_users: tuple[Store, Store], db: Database) -> None:
    a, _ = two_users
    cid = a.add_contact({"name": "Ada"})
    iid = a.log_interaction(cid, "coffee", NOW - DAY_MS, "talked about #rust and #wasm")
    assert a.interaction_topics(iid) == ["rust", "webassembly"]
    a.update_interaction(iid, notes="now #golang only")
    assert a.interaction_topics(iid) == ["go"]
    a.update_interaction(iid, type_="call")  # the note unchanged: topics kept
    assert a.interaction_topics(iid) == ["go"]
    a.delete_interaction(iid)
    with db.read() as c:
        assert c.execute("SELECT count(*) FROM interaction_topics").fetchone()[0] == 0


def _network(a: Store) -> dict[str, str]:
    ids = {
        "ada": a.add_contact({"name": "Ada Lovelace", "industry": "Fintech",
                              "relationship": "mentor", "skills": ["rust", "k8s"]},
                             tags=["pycon-de-2026"]),
        "grace": a.add_contact({"name": "Grace Hopper", "industry": "fintech",
                                "relationship": "friend", "skills": ["rust"]}),
        "linus": a.add_contact({"name": "Linus", "industry": "os", "skills": ["c"]}),
    }
    a.log_interaction(ids["grace"], "coffee", NOW - DAY_MS, "talked about #wasm and #rust")
    a.log_interaction(ids["linus"], "call", NOW - DAY_MS, "kernel #c, no wasm here")
    return ids


def _names(rows: list) -> list[str]:
    return [c.name for c in rows]


def test_rows_carry_sorted_skills(two_users: tuple[Store, Store]) -> None:
    a, _ = two_users
    ids = _network(a)
    rows = a.list_contacts()
    assert {c.name: c.skills for c in rows} == {
        "Ada Lovelace": ["kubernetes", "rust"], "Grace Hopper": ["rust"], "Linus": ["c"]}
    assert a.get_contact(ids["ada"]).skills == ["kubernetes", "rust"]


def test_filters_and_query_syntax(two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    _network(a)
    assert _names(a.list_contacts(skills=["rust"])) == ["Ada Lovelace", "Grace Hopper"]
    assert _names(a.list_contacts(skills=["rust", "kube"])) == ["Ada Lovelace"]
    assert _names(a.list_contacts(industry="FINTECH", relationship="friend")) == [
        "Grace Hopper"]
    assert a.count_contacts(industry="fintech") == 2
    assert _names(a.list_contacts(search="skill:k8s")) == ["Ada Lovelace"]
    assert _names(a.list_contacts(search="topic:webassembly")) == ["Grace Hopper"]
    assert _names(a.list_contacts(search="topic:wasm skill:rust grace")) == ["Grace Hopper"]
    assert _names(a.list_contacts(search="topic:wasm ada")) == []
    assert _names(a.list_contacts(search='event:"PyCon DE 2026"')) == ["Ada Lovelace"]
    assert _names(a.list_contacts(search="industry:fintech relationship:mentor")) == [
        "Ada Lovelace"]
    assert _names(a.list_contacts(search="skill:<b>")) == []
    assert a.count_contacts(search="skill:rust") == 2
    # sorted another way, and counted, the same
    assert set(_names(a.list_contacts(search="skill:rust", sort="status"))) == {
        "Ada Lovelace", "Grace Hopper"}
    assert b.list_contacts(search="skill:rust") == []


def test_filters_without_fts(two_users: tuple[Store, Store]) -> None:
    a, _ = two_users
    _network(a)
    a.db.fts = False  # what a replica without FTS5 runs
    assert _names(a.list_contacts(search="skill:rust grace")) == ["Grace Hopper"]
    assert _names(a.list_contacts(search="topic:c kernel")) == ["Linus"]


def _schema6_store(path: Path, notes: list[str]) -> None:
    """A store as devhub wrote it before skills and topics (schema 6)."""
    import sqlite3

    from devhub_tui.storage.migrations import MIGRATIONS
    from devhub_tui.storage.upgrade import APPLICATION_ID

    conn = sqlite3.connect(path)
    for script in MIGRATIONS[:6]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 6")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO users VALUES ('u1', 'ada', 'ada', 'x', 1, 1)")
    conn.execute("INSERT INTO contacts (id, user_id, name, created_at, updated_at) VALUES"
                 " ('c1', 'u1', 'Grace Hopper', 1, 1)")
    conn.executemany(
        "INSERT INTO interactions (id, user_id, contact_id, type, date, notes, created_at,"
        " updated_at) VALUES (?, 'u1', 'c1', 'call', ?, ?, 1, 1)",
        [(f"i{n}", NOW - n * DAY_MS, note) for n, note in enumerate(notes)])
    conn.commit()
    conn.close()


def test_an_upgrade_from_schema_6_backfills_topics(db_path: Path) -> None:
    from devhub_tui.storage.db import open_database

    _schema6_store(db_path, ["talked #rust and #wasm", "no topic", "#rust again, #k8s",
                             "issue #12 is not a topic", ""])
    db = open_database(db_path)
    try:
        store = Store(db, "u1", clock=FixedClock(NOW))
        assert store.interaction_topics("i0") == ["rust", "webassembly"]
        assert store.interaction_topics("i2") == ["kubernetes", "rust"]
        assert store.interaction_topics("i3") == []
        assert [c.name for c in store.list_contacts(search="topic:k8s")] == ["Grace Hopper"]
        with db.read() as c:
            assert c.execute("SELECT count(*) FROM interaction_topics").fetchone()[0] == 4
    finally:
        db.close()


def test_backfill_reads_only_notes_with_a_hash() -> None:
    """1M interactions: the notes without `#` never leave SQLite."""
    import sqlite3

    from devhub_tui.storage.store.skills import backfill_topics

    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE interactions (id TEXT, user_id TEXT, contact_id TEXT,"
                 " notes TEXT)")
    conn.execute("CREATE TABLE interaction_topics (interaction_id TEXT, topic TEXT,"
                 " user_id TEXT, contact_id TEXT, PRIMARY KEY (interaction_id, topic))")
    conn.executemany("INSERT INTO interactions VALUES (?, 'u', 'c', ?)",
                     ((str(n), "talked about #rust" if n % 100 == 0 else "plain note")
                      for n in range(1_000_000)))
    start = time.perf_counter()
    assert backfill_topics(conn) == 10_000
    assert time.perf_counter() - start < 3  # ~0.2 s here


def test_the_replica_sweep_drops_skills_and_topics_pointing_nowhere(db_path: Path) -> None:
    """What a Turso replica runs after a pull (its server enforces no foreign keys),
    here on a local file with foreign keys off."""
    from argon2 import PasswordHasher

    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.store.skills import ORPHAN_SWEEP

    db = open_database(db_path)
    try:
        user = Auth(db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
                    ).create_user("ada", "password1")
        a = Store(db, user.id, clock=FixedClock(NOW))
        keep = a.add_contact({"name": "Keep", "skills": ["rust"]})
        gone = a.add_contact({"name": "Gone", "skills": ["go"]})
        kept = a.log_interaction(keep, "call", NOW - DAY_MS, "#rust")
        lost = a.log_interaction(keep, "call", NOW - DAY_MS, "#zig")
        a.log_interaction(gone, "call", NOW - DAY_MS, "#go")
        c = db.conn()
        c.execute("PRAGMA foreign_keys = OFF")
        c.execute("DELETE FROM contacts WHERE id = ?", (gone,))
        c.execute("DELETE FROM interactions WHERE id = ?", (lost,))
        with db.write() as w:
            for statement in ORPHAN_SWEEP:
                w.execute(statement)
        c.execute("PRAGMA foreign_keys = ON")
        with db.read() as r:
            assert r.execute("SELECT contact_id, skill FROM contact_skills").fetchall() == [
                (keep, "rust")]
            assert r.execute("SELECT interaction_id FROM interaction_topics").fetchall() == [
                (kept,)]
    finally:
        db.close()


def test_a_select_contact_row_reads_either_way(two_users: tuple[Store, Store]) -> None:
    """`from_select(row)` and the older `from_row(row[:-1], row[-1])` (tags last) read
    the same contact, skills and tags included."""
    from devhub_tui.storage.store import SELECT_CONTACT, Contact

    a, _ = two_users
    cid = a.add_contact({"name": "Ada", "skills": ["rust", "go"]}, ["pycon-2026", "oss"])
    row = a.select_own(SELECT_CONTACT, "c.id = ?", (cid,), owner="c.user_id").fetchone()
    one, two = Contact.from_select(row), Contact.from_row(row[:-1], row[-1])
    assert one == two
    assert (one.tags, one.skills) == (["oss", "pycon-2026"], ["go", "rust"])
