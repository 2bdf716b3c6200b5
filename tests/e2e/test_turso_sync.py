"""Turso Sync, for real: replicas of a `tursodb --sync-server` on 127.0.0.1.

Two devices (A and B) are two replica files of one server. The CLI runs in
subprocesses, as a user would run it; the storage layer is also driven directly
for what the CLI can't show (pending counts, conflicts, threads).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import stat
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database, SyncConfig, open_database
from devhub_tui.storage.errors import OfflineError, StoreError
from devhub_tui.storage.migrations import LATEST_VERSION
from devhub_tui.storage.replicas import turso as replica_turso
from devhub_tui.storage.replicas import turso_net
from devhub_tui.storage.store import Store
from tests.sync_support import (
    TOKEN,
    StatusServer,
    StuckServer,
    TursoServer,
    stuck_server_fixture,
    turso_server_fixture,
)

from .cli_helpers import assert_clean_error, run_cli

HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
turso_server = pytest.fixture(turso_server_fixture, name="turso_server")
stuck_server = pytest.fixture(stuck_server_fixture, name="stuck_server")


class Device:
    """One replica file, driven through the real CLI."""

    def __init__(self, path: Path, server: TursoServer) -> None:
        self.path = path
        self.server = server
        self.outputs: list[str] = []

    def env(self) -> dict[str, str]:
        return {
            **os.environ,
            "DEVHUB_DB": str(self.path),
            "TURSO_DATABASE_URL": self.server.url,
            "TURSO_AUTH_TOKEN": TOKEN,
        }

    def cli(self, *args: str, stdin: str | None = None, ok: bool = True) -> str:
        res = run_cli(*args, stdin=stdin, env=self.env())
        self.outputs += [res.stdout, res.stderr]
        if ok:
            assert res.returncode == 0, res.stderr
        return res.stdout if ok else res.stderr

    def contacts(self) -> dict[str, dict[str, object]]:
        return {c["name"]: c for c in json.loads(self.cli("contacts", "--json"))}


def _open(path: Path, server_url: str) -> Database:
    return open_database(path, sync=SyncConfig(server_url, TOKEN, "turso"))


@pytest.fixture
def pair(tmp_path: Path, turso_server: TursoServer) -> Iterator[tuple[Database, Database, Store,
                                                                      Store]]:
    """Devices A and B (storage level), user 'ada' created on A and synced to B."""
    a = _open(tmp_path / "a" / "crm.db", turso_server.url)
    user = Auth(a, hasher=HASHER).create_user("ada", "password1")
    a.sync_now()
    b = _open(tmp_path / "b" / "crm.db", turso_server.url)
    try:
        yield a, b, Store(a, user.id), Store(b, user.id)
    finally:
        a.close()
        b.close()


def test_two_devices_through_the_cli(tmp_path: Path, turso_server: TursoServer) -> None:
    a = Device(tmp_path / "laptop" / "crm.db", turso_server)
    b = Device(tmp_path / "desktop" / "crm.db", turso_server)
    # A: account, a contact overdue for a chat, an interaction 20 days ago; sync
    a.cli("user", "add", "ada", "--password-stdin", stdin="password1\n")
    a.cli("login", "ada", "--password-stdin", stdin="password1\n")
    a.cli("contact", "add", "Grace Hopper", "--tag", "cobol", "--cadence", "14")
    a.cli("log", "Grace", "coffee", "talked", "about", "compilers", "--date", "20d")
    seen_a = a.contacts()["Grace Hopper"]
    assert seen_a["status"] == "needs-attention"
    assert "pushed" in a.cli("sync")
    # B: a new replica downloads everything; the same account logs in
    b.cli("login", "ada", "--password-stdin", stdin="password1\n")
    assert "synced with 127.0.0.1" in b.cli("sync")
    seen_b = b.contacts()["Grace Hopper"]
    for key in ("id", "status", "last_contacted", "tags", "cadence_days"):
        assert seen_b[key] == seen_a[key], key
    # B edits (a call today): A sees it after a sync, status included
    b.cli("log", "Grace", "call", "caught", "up")
    assert b.contacts()["Grace Hopper"]["status"] == "ok"
    b.cli("sync")
    a.cli("sync")
    assert a.contacts()["Grace Hopper"]["status"] == "ok"
    db = _open(a.path, turso_server.url)
    try:
        rows = db.conn().execute("SELECT type, notes FROM interactions ORDER BY date")
        assert [tuple(r) for r in rows] == [("coffee", "talked about compilers"),
                                            ("call", "caught up")]
    finally:
        db.close()

    # the server goes away: A keeps working, sync says offline with the count waiting
    turso_server.stop()
    a.cli("contact", "add", "Linus Torvalds", "--tag", "kernel")
    a.cli("log", "Linus", "email", "patch", "review")
    t0 = time.monotonic()
    err = a.cli("sync", ok=False)
    assert time.monotonic() - t0 < 5
    assert err.startswith("devhub: error: offline: can't reach 127.0.0.1")
    assert "wait for the next sync" in err and len(err.strip().splitlines()) == 1
    waiting = int(err.split("; ")[-1].split()[0])
    assert waiting > 0
    assert set(a.contacts()) == {"Grace Hopper", "Linus Torvalds"}  # reopened offline

    # back online: A pushes, B sees everything
    turso_server.start()
    out = a.cli("sync")
    assert int(out.split("pushed ")[1].split()[0]) >= waiting
    assert "still waiting" not in out
    b.cli("sync")
    seen = b.contacts()
    assert set(seen) == {"Grace Hopper", "Linus Torvalds"}
    assert seen["Linus Torvalds"]["tags"] == ["kernel"]
    assert seen["Linus Torvalds"]["last_contacted"] is not None
    data = json.loads(b.cli("sync", "--json"))
    assert data["pending"] == 0 and data["server"] == "127.0.0.1"
    # never the token, anywhere
    assert not [out for out in a.outputs + b.outputs if TOKEN in out]


def test_reopening_a_replica_while_the_server_is_down(tmp_path: Path,
                                                      turso_server: TursoServer) -> None:
    path = tmp_path / "crm.db"
    db = _open(path, turso_server.url)
    user = Auth(db, hasher=HASHER).create_user("ada", "password1")
    db.sync_now()
    db.close()
    turso_server.stop()
    db = _open(path, turso_server.url)
    try:
        store = Store(db, user.id)
        assert db.pending_changes() == 0
        store.add_contact({"name": "Offline Person"}, ["later"])
        pending = db.pending_changes()
        assert pending > 0
        t0 = time.monotonic()
        with pytest.raises(OfflineError, match="offline: can't reach 127.0.0.1"):
            db.sync_now()
        assert time.monotonic() - t0 < 1
        assert db.pending_changes() == pending  # nothing lost
        turso_server.start()
        report = db.sync_now()
        assert report.pushed == pending and db.pending_changes() == 0
    finally:
        db.close()
    peer = _open(tmp_path / "peer.db", turso_server.url)
    try:
        assert [c.name for c in Store(peer, user.id).list_contacts(tag="later")] == [
            "Offline Person"]
    finally:
        peer.close()


def test_a_new_replica_needs_the_server_once(tmp_path: Path, turso_server: TursoServer) -> None:
    turso_server.stop()
    path = tmp_path / "new" / "crm.db"
    with pytest.raises(OfflineError, match="a new replica needs the server once"):
        _open(path, turso_server.url)
    assert list(path.parent.iterdir()) == []  # nothing half-made left behind
    turso_server.start()
    db = _open(path, turso_server.url)
    db.close()


def test_a_stuck_server_times_out(tmp_path: Path, turso_server: TursoServer,
                                  stuck_server: StuckServer) -> None:
    path = tmp_path / "crm.db"
    db = _open(path, turso_server.url)
    Auth(db, hasher=HASHER).create_user("ada", "password1")
    db.close()
    # same replica, its server now accepts connections and never answers
    db = _open(path, stuck_server.url)
    try:
        pending = db.pending_changes()
        assert pending > 0
        t0 = time.monotonic()
        with pytest.raises(OfflineError, match="did not answer in time"):
            db.sync_now()
        took = time.monotonic() - t0
        assert 2.5 < took < 5, took  # the default 3 s bound, nothing longer
        assert db.pending_changes() == pending
        # the bound is per replica: DEVHUB_SYNC_TIMEOUT-style override
        db.timeout = 0.5  # type: ignore[attr-defined]
        t0 = time.monotonic()
        with pytest.raises(OfflineError):
            db.sync_now()
        assert time.monotonic() - t0 < 1.5
    finally:
        db.close()
    t0 = time.monotonic()
    with pytest.raises(OfflineError):
        _open(tmp_path / "fresh.db", stuck_server.url)
    assert time.monotonic() - t0 < 5
    assert not (tmp_path / "fresh.db").exists()


def test_sync_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DEVHUB_SYNC_TIMEOUT", "1.5")
    assert replica_turso.sync_timeout() == 1.5
    monkeypatch.setenv("DEVHUB_SYNC_TIMEOUT", "nonsense")
    assert replica_turso.sync_timeout() == turso_net.DEFAULT_TIMEOUT_S


def test_bootstrapping_from_a_server_with_the_schema_runs_no_migration(
    pair: tuple[Database, Database, Store, Store],
) -> None:
    a, b, sa, sb = pair
    # B downloaded A's schema: nothing of its own to push, same version
    assert b.pending_changes() == 0
    assert b.schema_version() == LATEST_VERSION
    assert b.fts is False and b.mode == "turso"
    # PRAGMA user_version is not synced (a pull resets it): the version lives in devhub_meta
    sa.add_contact({"name": "Someone"})
    a.sync_now()
    assert b.sync_now().pulled
    assert b.conn().execute("PRAGMA user_version").fetchone()[0] == 0
    assert b.schema_version() == LATEST_VERSION
    assert dict(b.conn().execute("SELECT key, value FROM devhub_meta").fetchall())[
        "schema_version"] == str(LATEST_VERSION)
    b.close()
    reopened = _open(b.path, a.sync.url)  # type: ignore[union-attr]
    try:
        assert reopened.pending_changes() == 0  # no migration ran again
    finally:
        reopened.close()


def test_an_older_replica_is_migrated_after_a_backup(tmp_path: Path,
                                                     turso_server: TursoServer,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "crm.db"
    with monkeypatch.context() as m:  # a devhub that only knew schema 1
        m.setattr(replica_turso, "LATEST_VERSION", 1)
        db = _open(path, turso_server.url)
        user = Auth(db, hasher=HASHER).create_user("ada", "password1")
        with db.write() as c:  # as that devhub wrote contacts (no migration-4 columns)
            c.execute("INSERT INTO contacts (id, user_id, name, created_at, updated_at)"
                      " VALUES ('c1', ?, 'Grace Hopper', 1, 1)", (user.id,))
        assert db.schema_version() == 1
        assert not db.conn().execute(
            "SELECT 1 FROM sqlite_schema WHERE name = 'profiles'").fetchone()
        db.close()
    db = _open(path, turso_server.url)
    try:
        assert db.schema_version() == LATEST_VERSION
        db.conn().execute("SELECT * FROM profiles").fetchall()
        store = Store(db, user.id)  # the old contact's status is brought up to now
        assert store.refresh_statuses() == 1
        assert [(i.name, i.status) for i in store.attention_queue(limit=5)] == [
            ("Grace Hopper", "overdue")]
        db.sync_now()
    finally:
        db.close()
    backups = list(tmp_path.glob("crm.db.v1-*.bak"))
    assert len(backups) == 1 and stat.S_IMODE(backups[0].stat().st_mode) == 0o600
    old = sqlite3.connect(backups[0])  # a plain SQLite store, openable as a local devhub
    try:
        assert old.execute("SELECT name FROM contacts").fetchall() == [("Grace Hopper",)]
        assert old.execute("PRAGMA user_version").fetchone()[0] == 1
    finally:
        old.close()
    local = open_database(backups[0])  # migrates the copy like any old local store
    local.close()
    peer = _open(tmp_path / "peer.db", turso_server.url)
    try:
        assert peer.schema_version() == LATEST_VERSION
    finally:
        peer.close()


def test_edits_to_different_contacts_never_lose_either(
    pair: tuple[Database, Database, Store, Store],
) -> None:
    a, b, sa, sb = pair
    grace = sa.add_contact({"name": "Grace Hopper", "company": "Navy"})
    linus = sa.add_contact({"name": "Linus Torvalds"})
    a.sync_now()
    b.sync_now()
    # offline on both sides: different contacts, different fields of one contact, the
    # same new tag and the same new custom type on both devices
    sa.update_contact(grace, {"title": "Rear Admiral"})
    sa.add_tag(grace, "legends")
    sa.add_type("hackathon")
    sa.log_interaction(grace, "coffee", None, "from A")
    sb.update_contact(linus, {"location": "Portland"})
    sb.update_contact(grace, {"notes": "invented the compiler"})
    sb.add_tag(linus, "legends")
    sb.add_type("hackathon")
    sb.log_interaction(linus, "call", None, "from B")
    for db in (a, b, a):
        db.sync_now()
    for store in (sa, sb):
        g, lt = store.get_contact(grace), store.get_contact(linus)
        assert (g.title, g.notes, g.company) == ("Rear Admiral", "invented the compiler", "Navy")
        assert lt.location == "Portland"
        assert {c.name for c in store.list_contacts(tag="legends")} == {"Grace Hopper",
                                                                       "Linus Torvalds"}
        assert store.types().count("hackathon") == 1
        assert sorted(i.notes for i in store.list_interactions()) == ["from A", "from B"]
    assert a.pending_changes() == 0 and b.pending_changes() == 0


def test_the_same_field_edited_twice_last_push_wins(
    pair: tuple[Database, Database, Store, Store],
) -> None:
    a, b, sa, sb = pair
    cid = sa.add_contact({"name": "Ada"})
    a.sync_now()
    b.sync_now()
    sa.update_contact(cid, {"company": "edited on A"})
    sb.update_contact(cid, {"company": "edited on B"})
    b.sync_now()
    a.sync_now()  # A pushes last
    b.sync_now()
    assert sa.get_contact(cid).company == sb.get_contact(cid).company == "edited on A"


def test_a_contact_deleted_on_one_device_while_the_other_logs_to_it(
    pair: tuple[Database, Database, Store, Store],
) -> None:
    a, b, sa, sb = pair
    cid = sa.add_contact({"name": "Gone Soon"})
    keep = sa.add_contact({"name": "Stays"})
    a.sync_now()
    b.sync_now()
    sa.delete_contact(cid)
    sb.log_interaction(cid, "call", None, "logged on B meanwhile")
    sb.add_follow_up(cid, _dt.date(2026, 12, 1), "later")
    sb.log_interaction(keep, "call", None, "kept")
    for db in (a, b, a):
        db.sync_now()
    for db, store in ((a, sa), (b, sb)):
        assert [c.name for c in store.list_contacts()] == ["Stays"]
        assert [i.notes for i in store.list_interactions()] == ["kept"]
        orphans = db.conn().execute(
            "SELECT count(*) FROM interactions WHERE contact_id NOT IN (SELECT id FROM contacts)"
        ).fetchone()[0]
        assert orphans == 0
        assert db.conn().execute("SELECT count(*) FROM follow_ups").fetchone()[0] == 0


def test_replica_and_local_files_are_never_mixed(tmp_path: Path,
                                                 turso_server: TursoServer) -> None:
    replica = tmp_path / "replica.db"
    _open(replica, turso_server.url).close()
    with pytest.raises(StoreError, match="is a Turso replica"):
        open_database(replica)  # plain SQLite writes would never be pushed
    local = tmp_path / "local.db"
    open_database(local).close()
    with pytest.raises(StoreError, match="is a local devhub store, not a Turso replica"):
        _open(local, turso_server.url)
    with pytest.raises(StoreError, match="sync URL must look like"):
        open_database(tmp_path / "x.db", sync=SyncConfig("ftp://example.invalid/x", TOKEN))


def test_replica_files_are_private(tmp_path: Path, turso_server: TursoServer) -> None:
    db = _open(tmp_path / "crm.db", turso_server.url)
    try:
        Auth(db, hasher=HASHER).create_user("ada", "password1")
        db.sync_now()
    finally:
        db.close()
    files = [p for p in tmp_path.iterdir() if p.name.startswith("crm.db")]
    assert {p.name for p in files} >= {"crm.db", "crm.db-info", "crm.db-wal"}
    for p in files:
        assert stat.S_IMODE(p.stat().st_mode) == 0o600, p.name


def test_a_replica_open_in_another_program_gives_a_clear_error(
    tmp_path: Path, turso_server: TursoServer,
) -> None:
    path = tmp_path / "crm.db"
    db = _open(path, turso_server.url)  # the app, say
    try:
        env = {**os.environ, "DEVHUB_DB": str(path), "TURSO_DATABASE_URL": turso_server.url,
               "TURSO_AUTH_TOKEN": TOKEN}
        res = run_cli("contacts", env=env)
        assert_clean_error(res, "open in another devhub")
        assert TOKEN not in res.stderr + res.stdout
    finally:
        db.close()
    # closing releases the file (pyturso holds it while any engine object lives)
    res = run_cli("contacts", env=env)
    assert "open in another devhub" not in res.stderr


def test_cli_sync_without_a_configured_server() -> None:
    assert_clean_error(run_cli("sync"), "sync is not set up")


@pytest.mark.parametrize(
    ("status", "fragment"),
    [(401, "refused the auth token (HTTP 401)"), (404, "no Turso database answers"),
     (500, "answered HTTP 500"), (503, "offline: 127.0.0.1 is unavailable")],
)
def test_server_errors_are_one_clear_line_without_the_token(
    tmp_path: Path, turso_server: TursoServer, status: int, fragment: str,
) -> None:
    path = tmp_path / "crm.db"
    _open(path, turso_server.url).close()
    server = StatusServer(status)
    try:
        env = {**os.environ, "DEVHUB_DB": str(path), "TURSO_DATABASE_URL": server.url,
               "TURSO_AUTH_TOKEN": TOKEN}
        res = run_cli("sync", env=env)
        assert_clean_error(res, fragment)
        assert TOKEN not in res.stderr + res.stdout
        # a new replica against that server: same kind of message
        res = run_cli("contacts", env={**env, "DEVHUB_DB": str(tmp_path / "new.db")})
        assert res.returncode == 1 and TOKEN not in res.stderr + res.stdout
        assert fragment.split(" (")[0].replace("offline: ", "") in res.stderr
    finally:
        server.stop()


def test_the_token_is_never_in_a_repr_or_message(tmp_path: Path,
                                                 turso_server: TursoServer) -> None:
    sync = SyncConfig(turso_server.url, TOKEN)
    db = open_database(tmp_path / "crm.db", sync=sync)
    try:
        assert TOKEN not in repr(sync) + repr(db) + str(db.sync)
        err = replica_turso.sync_error(
            Exception(f"sync engine error: http error: 401 Bearer {TOKEN}"), sync)
        assert TOKEN not in str(err)
    finally:
        db.close()
    res = run_cli("--sync-url", turso_server.url, "--auth-token", TOKEN, "--help")
    assert TOKEN not in res.stdout + res.stderr


def test_threads_write_while_syncs_run(tmp_path: Path, turso_server: TursoServer) -> None:
    """Workers each use their own connection (opened one at a time); pushes and pulls
    run meanwhile; every row reaches another device, nothing errors."""
    a = _open(tmp_path / "a.db", turso_server.url)
    user = Auth(a, hasher=HASHER).create_user("ada", "password1")
    a.sync_now()
    b = _open(tmp_path / "b.db", turso_server.url)
    sa, sb = Store(a, user.id), Store(b, user.id)
    errors: list[str] = []
    stop = threading.Event()

    def writer(k: int) -> None:
        try:
            for n in range(25):
                cid = sa.add_contact({"name": f"W{k} {n:02d}"}, [f"t{k}"])
                sa.log_interaction(cid, "call", None, f"note {k}/{n}")
        except Exception as exc:  # noqa: BLE001 - collected and asserted below
            errors.append(f"{type(exc).__name__}: {exc}")

    def syncer() -> None:
        while not stop.is_set():
            try:
                a.sync_now()
                sb.add_contact({"name": f"B {time.monotonic_ns()}"})
                b.sync_now()
            except Exception as exc:  # noqa: BLE001
                errors.append(f"sync {type(exc).__name__}: {exc}")
            time.sleep(0.01)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(4)]
    sync_thread = threading.Thread(target=syncer)
    sync_thread.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    stop.set()
    sync_thread.join(60)
    try:
        assert errors == []
        for _ in range(2):
            a.sync_now()
            b.sync_now()
        assert a.pending_changes() == 0 and b.pending_changes() == 0
        assert sb.count_contacts() == sa.count_contacts() >= 100
        assert len(sb.list_interactions(limit=None)) == 100
        assert a.conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        a.close()
        b.close()


def test_two_devices_set_up_at_once_on_an_empty_server(tmp_path: Path,
                                                       turso_server: TursoServer) -> None:
    """Both create the schema before either syncs: the duplicate DDL is harmless."""
    a = _open(tmp_path / "a.db", turso_server.url)
    b = _open(tmp_path / "b.db", turso_server.url)
    try:
        ua = Auth(a, hasher=HASHER).create_user("ada", "password1")
        ub = Auth(b, hasher=HASHER).create_user("bob", "password1")
        Store(a, ua.id).add_contact({"name": "From A"}, ["shared"])
        Store(b, ub.id).add_contact({"name": "From B"}, ["shared"])
        for db in (a, b, a):
            db.sync_now()
        for db in (a, b):
            assert db.pending_changes() == 0
            assert db.schema_version() == LATEST_VERSION
            users = [r[0] for r in db.conn().execute("SELECT username FROM users ORDER BY 1")]
            assert users == ["ada", "bob"]
        assert [c.name for c in Store(b, ua.id).list_contacts(tag="shared")] == ["From A"]
        assert [c.name for c in Store(a, ub.id).list_contacts(tag="shared")] == ["From B"]
    finally:
        a.close()
        b.close()


def test_a_big_wal_is_checkpointed_after_a_sync(
    pair: tuple[Database, Database, Store, Store], monkeypatch: pytest.MonkeyPatch,
) -> None:
    a, b, sa, sb = pair
    monkeypatch.setattr(replica_turso, "WAL_CHECKPOINT_BYTES", 0)
    for n in range(3):
        sa.add_contact({"name": f"Person {n}"})
        a.sync_now()
    wal = a.path.with_name(a.path.name + "-wal")
    assert wal.stat().st_size < 4096  # truncated to its header
    assert a.conn().execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    b.sync_now()
    assert sb.count_contacts() == 3
    sb.add_contact({"name": "After the checkpoint"})
    b.sync_now()
    a.sync_now()
    assert sa.count_contacts() == 4


def test_the_same_username_created_on_two_new_devices(tmp_path: Path,
                                                      turso_server: TursoServer) -> None:
    c = _open(tmp_path / "c.db", turso_server.url)
    d = _open(tmp_path / "d.db", turso_server.url)
    try:
        first = Auth(c, hasher=HASHER).create_user("carol", "password1")
        Auth(d, hasher=HASHER).create_user("carol", "password2")
        c.sync_now()
        with pytest.raises(StoreError, match="created an account with the same username"):
            d.sync_now()
        d.sync_now()  # the first account is kept everywhere
        for db in (c, d):
            rows = db.conn().execute("SELECT id FROM users WHERE username = 'carol'").fetchall()
            assert [r[0] for r in rows] == [first.id]
        assert Auth(d, hasher=HASHER).authenticate("carol", "password1").id == first.id
    finally:
        c.close()
        d.close()


def test_a_pull_retries_while_a_raw_transaction_holds_the_store(
    pair: tuple[Database, Database, Store, Store],
) -> None:
    a, b, sa, sb = pair
    sb.add_contact({"name": "From B"})
    b.sync_now()
    c = a.conn()  # a write outside db.write(): the engine answers "busy" at once
    c.execute("BEGIN IMMEDIATE")
    c.execute("UPDATE users SET updated_at = updated_at + 1")
    result: list[object] = []

    def sync() -> None:
        try:
            result.append(a.sync_now())
        except Exception as exc:  # noqa: BLE001 - asserted below
            result.append(exc)

    t = threading.Thread(target=sync)
    t.start()
    time.sleep(0.1)  # the pull meets the open transaction, then retries
    c.execute("COMMIT")
    t.join(10)
    assert len(result) == 1 and not isinstance(result[0], Exception), result
    assert [x.name for x in sa.list_contacts()] == ["From B"]
    a.sync_now()
    assert a.pending_changes() == 0
