"""Core storage tests also run against sync replicas of real local servers.

test_store.py and test_status_sql.py run once per store mode (test_auth.py and
test_transfer.py also run as a Turso replica):
- `local`: the plain SQLite file;
- `turso`: a Turso Sync replica of `tursodb --sync-server` (tests/sync_support.py).
  After each test the replica pushes and pulls, nothing may stay pending, and a second
  replica bootstrapped from the server must hold exactly the same rows;
- `libsql`: a libSQL embedded replica of `sqld` (tests/sqld_support.py, issue 10),
  with the same check against a second replica after each test.
Each server runs on 127.0.0.1 for one test and is stopped by its pid afterwards.
The `db` fixture below picks the store from the `store_mode` parameter; the other
modules here keep the plain local `db` (no parameter, same test ids).
`DEVHUB_TEST_STORE_MODES=local,libsql` (comma-separated) narrows the modes.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from devhub_tui.storage.db import Database, SyncConfig, open_database
from tests.sqld_support import running_sqld
from tests.sync_support import TOKEN, TursoServer

#: Modules whose tests run in every store mode.
STORE_MODE_MODULES = {"test_store", "test_status_sql", "test_skills_store"}
STORE_MODES = ("local", "turso", "libsql")
#: Modules that also run as a Turso replica (besides local).
TURSO_MODULES = {"test_auth", "test_transfer"}


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "store_mode" not in metafunc.fixturenames:
        return
    module = metafunc.module.__name__.rsplit(".", 1)[-1]
    if module in STORE_MODE_MODULES:
        all_modes: tuple[str, ...] = STORE_MODES
    elif module in TURSO_MODULES:
        all_modes = ("local", "turso")
    else:
        return
    wanted = [m for m in os.environ.get("DEVHUB_TEST_STORE_MODES", "").split(",") if m]
    modes = [m for m in all_modes if not wanted or m in wanted] or ["local"]
    metafunc.parametrize("store_mode", modes, indirect=True)


@pytest.fixture
def store_mode(request: pytest.FixtureRequest) -> str:
    return str(getattr(request, "param", "local"))


@contextlib.contextmanager
def _turso_sync(tmp_path: Path) -> Iterator[SyncConfig]:
    server = TursoServer(tmp_path / "turso-server").start()
    try:
        yield SyncConfig(server.url, TOKEN, engine="turso")
    finally:
        server.stop()


@contextlib.contextmanager
def _libsql_sync(tmp_path: Path) -> Iterator[SyncConfig]:
    with running_sqld(tmp_path / "sqld-data") as server:
        yield server.sync_config()


@pytest.fixture
def db(db_path: Path, tmp_path: Path, store_mode: str) -> Iterator[Database]:
    with contextlib.ExitStack() as stack:
        sync = None
        if store_mode == "turso":
            sync = stack.enter_context(_turso_sync(tmp_path))
        elif store_mode == "libsql":
            sync = stack.enter_context(_libsql_sync(tmp_path))
        database = open_database(db_path, sync=sync)
        assert database.mode == store_mode
        try:
            yield database
            if store_mode in ("turso", "libsql"):
                _check_replicated(database, tmp_path)
        finally:
            database.close()


def _rows(db: Database) -> dict[str, list[str]]:
    """Every devhub table's rows (the sync engine's own tables left out)."""
    c = db.conn()
    names = [
        str(r[0])
        for r in c.execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        if not str(r[0]).startswith(("sqlite_", "turso_", "__turso_"))
    ]
    return {n: sorted(repr(tuple(r)) for r in c.execute(f'SELECT * FROM "{n}"')) for n in names}


def _check_replicated(database: Database, tmp_path: Path) -> None:
    """Everything the test wrote reaches the server, and another device sees it all."""
    database.sync_now()
    assert database.pending_changes() == 0
    peer = open_database(tmp_path / "peer" / "peer.db", sync=database.sync)
    try:
        assert _rows(peer) == _rows(database)
    finally:
        peer.close()
