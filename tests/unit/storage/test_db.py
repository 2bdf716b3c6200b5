"""The engine factory: pragmas, permissions, migrations, bad files."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from devhub_tui.core.dates import DAY_MS
from devhub_tui.storage import models  # noqa: F401 - describes the tables
from devhub_tui.storage.db import APPLICATION_ID, MMAP_BYTES, open_database
from devhub_tui.storage.errors import LockedError, NotADatabaseError, SchemaTooNewError
from devhub_tui.storage.migrations import LATEST_VERSION, MIGRATIONS
from devhub_tui.storage.schema import TABLES
from devhub_tui.storage.store import Store


def test_new_store_is_private_and_migrated(db_path: Path) -> None:
    db = open_database(db_path)
    try:
        assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
        for suffix in ("-wal", "-shm"):  # SQLite gives its side files the same mode
            side = Path(str(db_path) + suffix)
            assert side.exists() and stat.S_IMODE(side.stat().st_mode) == 0o600
        c = db.conn()
        assert c.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert c.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert c.execute("PRAGMA busy_timeout").fetchone()[0] >= 5000
        assert db.schema_version() == LATEST_VERSION
        assert c.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
    finally:
        db.close()


def test_every_thread_reads_a_plain_store_through_one_memory_map(db_path: Path) -> None:
    """Each thread's connection maps the file (`PRAGMA mmap_size`): a search on a
    worker thread whose connection is new reads the pages the system has cached,
    instead of copying them into that connection's own page cache first."""
    import threading

    db = open_database(db_path)
    try:
        sizes = [db.conn().execute("PRAGMA mmap_size").fetchone()[0]]
        worker = threading.Thread(
            target=lambda: sizes.append(db.conn().execute("PRAGMA mmap_size").fetchone()[0]))
        worker.start()
        worker.join()
        assert sizes == [MMAP_BYTES, MMAP_BYTES] and MMAP_BYTES >= 1 << 28
        Store(db, None).count_contacts()  # reads work through the map
    finally:
        db.close()


def test_schema_matches_the_models(db_path: Path) -> None:
    """storage.models is the one description of the schema: the migrated file has
    exactly its tables, columns (in order), types, primary keys, NOT NULLs and
    foreign keys (the FTS5 index tables aside)."""
    sql_types = {str: "TEXT", int: "INTEGER", bool: "INTEGER"}
    db = open_database(db_path)
    try:
        c = db.conn()
        migrated = {
            r[0] for r in c.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not r[0].startswith(("sqlite_", "contacts_fts", "interactions_fts"))
        }
        assert migrated == set(TABLES)
        for name, table in TABLES.items():
            info = [tuple(r[1:6]) for r in c.execute(f"PRAGMA table_info({name})")]
            assert [r[0] for r in info] == [col.name for col in table.__columns__], name
            for (col, type_, notnull, _default, pk), model in zip(
                    info, table.__columns__, strict=True):
                assert type_ == sql_types[model.type], (name, col)
                assert bool(pk) == model.primary_key, (name, col)
                if not pk:  # (SQLite lets a TEXT PRIMARY KEY hold NULL; ours never do)
                    assert bool(notnull) == (not model.nullable), (name, col)
            fks = {r[3]: f"{r[2]}.{r[4]}" for r in c.execute(f"PRAGMA foreign_key_list({name})")}
            assert fks == {col.name: col.foreign_key for col in table.__columns__
                           if col.foreign_key}, name
        expected = {
            "users",
            "sessions",
            "contacts",
            "interactions",
            "interaction_types",
            "follow_ups",
            "tags",
            "contact_tags",
            "background",
            "contact_info",
            "events",
            "connect_tokens",
        }
        assert expected <= set(TABLES)
    finally:
        db.close()


def _make_v1_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.executescript(MIGRATIONS[0])
    conn.execute("PRAGMA user_version = 1")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO users VALUES ('u1', 'ada', 'ada', 'x', 1, 1)")
    conn.execute(
        "INSERT INTO contacts (id, user_id, name, created_at, updated_at)"
        " VALUES ('c1', 'u1', 'Grace Hopper', 1, 1)"
    )
    conn.commit()
    conn.close()


def test_migrating_an_old_file_keeps_data_and_takes_a_backup(db_path: Path) -> None:
    _make_v1_file(db_path)
    db = open_database(db_path)
    try:
        assert db.schema_version() == LATEST_VERSION
        names = [r[0] for r in db.conn().execute("SELECT name FROM contacts")]
        assert names == ["Grace Hopper"]
        # migration 2 added the profiles table
        db.conn().execute("SELECT * FROM profiles").fetchall()
        # the FTS index was built over the existing rows
        hit = (
            db.conn()
            .execute("SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'hopper'")
            .fetchone()[0]
        )
        assert hit == 1
    finally:
        db.close()
    backups = sorted(db_path.parent.glob(f"{db_path.name}.v1-*.bak"))
    assert len(backups) == 1
    assert stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    old = sqlite3.connect(backups[0])
    assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    assert old.execute("SELECT name FROM contacts").fetchone()[0] == "Grace Hopper"
    old.close()


def test_not_a_database_is_refused_and_left_untouched(db_path: Path) -> None:
    content = b"this is my shopping list, not a database\n" * 100
    db_path.write_bytes(content)
    with pytest.raises(NotADatabaseError, match="not a devhub database"):
        open_database(db_path)
    assert db_path.read_bytes() == content


def test_corrupt_database_is_refused_and_left_untouched(db_path: Path) -> None:
    db = open_database(db_path)
    db.close()
    data = bytearray(db_path.read_bytes())
    # keep the header, scramble the rest of page 1 (the schema)
    for i in range(100, min(len(data), 4096)):
        data[i] = 0xA5
    db_path.write_bytes(bytes(data))
    for suffix in ("-wal", "-shm"):
        Path(str(db_path) + suffix).unlink(missing_ok=True)
    before = db_path.read_bytes()
    with pytest.raises(NotADatabaseError):
        open_database(db_path)
    assert db_path.read_bytes() == before


def test_other_programs_sqlite_file_is_refused(db_path: Path) -> None:
    conn = sqlite3.connect(db_path)
    conn.execute("CREATE TABLE recipes (name TEXT)")
    conn.commit()
    conn.close()
    with pytest.raises(NotADatabaseError, match="another program"):
        open_database(db_path)
    conn = sqlite3.connect(db_path)
    assert [r[0] for r in conn.execute("SELECT name FROM sqlite_master")] == ["recipes"]
    conn.close()


def test_newer_schema_is_refused(db_path: Path) -> None:
    db = open_database(db_path)
    db.conn().execute(f"PRAGMA user_version = {LATEST_VERSION + 5}")
    db.close()
    with pytest.raises(SchemaTooNewError, match="newer devhub"):
        open_database(db_path)


def test_locked_file_gives_a_clear_error(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = open_database(db_path)
    db.close()
    _make_old = sqlite3.connect(db_path)
    _make_old.execute("PRAGMA user_version = 1")  # forces a migration on open
    _make_old.commit()
    _make_old.close()
    # another process holds an exclusive lock while we open
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sqlite3,sys,time;c=sqlite3.connect(sys.argv[1],isolation_level=None);"
                "c.execute('PRAGMA locking_mode=EXCLUSIVE');c.execute('BEGIN EXCLUSIVE');"
                "print('locked',flush=True);time.sleep(30)"
            ),
            str(db_path),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setattr("devhub_tui.storage.db.BUSY_TIMEOUT_MS", 200)
        with pytest.raises(LockedError, match="locked"):
            open_database(db_path)
    finally:
        holder.kill()
        holder.wait()


def test_folder_instead_of_file(tmp_path: Path) -> None:
    from devhub_tui.storage.errors import StoreError

    with pytest.raises(StoreError, match="folder"):
        open_database(tmp_path)


def test_core_and_storage_never_import_textual() -> None:
    code = (
        "import sys, devhub_tui.storage.db, devhub_tui.storage.auth, devhub_tui.cli.main;"
        "import devhub_tui.core.status, devhub_tui.core.quicklog;"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual',)];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    res = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env={**os.environ}
    )
    assert res.returncode == 0, res.stdout + res.stderr


def test_an_index_without_prefixes_is_rebuilt_with_them(db_path: Path) -> None:
    db = open_database(db_path)
    c = db.conn()
    c.execute("INSERT INTO users VALUES ('u1', 'ada', 'ada', 'x', 1, 1)")
    c.execute("INSERT INTO contacts (id, user_id, name, created_at, updated_at)"
              " VALUES ('c1', 'u1', 'Grace Hopper', 1, 1)")
    c.execute("DROP TABLE contacts_fts")
    c.execute("CREATE VIRTUAL TABLE contacts_fts USING fts5(name, nickname, company, title,"
              " location, notes, tags)")
    db.close()
    db = open_database(db_path)
    try:
        sql = db.conn().execute(
            "SELECT sql FROM sqlite_master WHERE name = 'contacts_fts'").fetchone()[0]
        assert "prefix" in sql
        hits = db.conn().execute(
            "SELECT count(*) FROM contacts_fts WHERE contacts_fts MATCH 'hop*'").fetchone()[0]
        assert hits == 1
    finally:
        db.close()


def test_a_v3_store_gets_its_due_columns_filled_in_by_the_first_refresh(db_path: Path) -> None:
    """Migration 4 adds `status_until` (0 = not computed) and `due_at` to existing
    contacts; the queue is right before the first refresh fills them in, and after."""
    conn = sqlite3.connect(db_path)
    for script in MIGRATIONS[:3]:
        conn.executescript(script)
    conn.execute("PRAGMA user_version = 3")
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute("INSERT INTO users VALUES ('u1', 'ada', 'ada', 'x', 1, 1)")
    now = 1_795_600_000_000
    for cid, name, days, status in (("c1", "Late Lin", 90, "overdue"),
                                    ("c2", "Fresh Fay", 2, "ok"),
                                    ("c3", "Later Lee", 70, "overdue")):
        conn.execute(
            "INSERT INTO contacts (id, user_id, name, status, created_at, updated_at)"
            " VALUES (?, 'u1', ?, ?, ?, ?)", (cid, name, status, now - days * DAY_MS, 1))
    conn.commit()
    conn.close()
    db = open_database(db_path)
    try:
        store = Store(db, "u1", clock=lambda: now)
        assert db.conn().execute(
            "SELECT count(*) FROM contacts WHERE status_until = 0 AND due_at IS NULL"
        ).fetchone()[0] == 3
        before = [(i.name, i.reason) for i in store.attention_queue(limit=5)]
        assert before == [("Late Lin", "overdue by 60 days"), ("Later Lee", "overdue by 40 days")]
        assert store.refresh_statuses() == 3
        assert [(i.name, i.reason) for i in store.attention_queue(limit=5)] == before
        rows = dict(db.conn().execute("SELECT id, due_at FROM contacts").fetchall())
        assert rows == {"c1": now - 60 * DAY_MS, "c2": now + 28 * DAY_MS,
                        "c3": now - 40 * DAY_MS}
    finally:
        db.close()
