"""Turso Sync replicas: the local store file is a replica of a Turso database.

Driver: pyturso (`turso.sync`). Every write commits to the local file first; the
sync engine records it (CDC) and `sync_now()` pushes those changes and pulls the
other devices' ones. Facts this module is built on (measured with pyturso 0.8 and a
local `tursodb --sync-server`, see the README's "Sync with Turso"):

- A replica file is opened only through the sync client: writes made through plain
  sqlite3 or `turso.connect` are not captured and never pushed. pyturso holds an
  exclusive lock on the file, so a second program can't open it meanwhile.
- One connection per thread, never shared; opening one while another open (or the
  local phase of a push or pull) runs fails with "database is busy": opens are
  serialised by a lock and retried.
- No FTS5: search uses the store's LIKE fallback (`fts = False`).
- `PRAGMA user_version` / `application_id` are not synced and a pull resets them, so
  the schema version lives in the synced table `devhub_meta`.
- pyturso does its HTTP with `urllib.request.urlopen()` and no timeout: a server that
  accepts and never answers hangs a push forever. This module gives pyturso's own
  `urllib` reference an opener with a timeout (per socket operation); nothing else in
  the process is affected. Loopback URLs never go through an HTTP proxy.
- Conflicts: the sync engine replays changes column by column; when two devices
  change the same column of the same row, the last push wins.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import turso
import turso.lib_sync
import turso.sync

from devhub_tui.storage.db import (
    APPLICATION_ID,
    BUSY_TIMEOUT_MS,
    Connection,
    Database,
    SyncConfig,
    SyncReport,
    is_turso_replica,
)
from devhub_tui.storage.errors import (
    NotADatabaseError,
    OfflineError,
    SchemaTooNewError,
    StoreError,
)
from devhub_tui.storage.migrations import LATEST_VERSION, MIGRATIONS
from devhub_tui.storage.replicas.turso_net import (
    as_sqlite,
    install_http_timeouts,
    network_timeout,
    sync_error,
    sync_timeout,
)
from devhub_tui.storage.store.skills import ORPHAN_SWEEP as SKILL_ORPHAN_SWEEP
from devhub_tui.storage.tracks import ORPHAN_SWEEP as TRACK_ORPHAN_SWEEP
from devhub_tui.storage.upgrade import after_migration, split_sql

CLIENT_NAME = "devhub"
#: The synced table holding the schema version (PRAGMA user_version does not sync).
META_TABLE = "devhub_meta"
META_SQL = (
    f"CREATE TABLE IF NOT EXISTS {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)"
)
#: Tables of the sync engine itself (and SQLite's): not ours, never shown.
INTERNAL_PREFIXES = ("sqlite_", "turso_", "__turso_")
#: Checkpoint the local WAL after a sync once it is bigger than this.
WAL_CHECKPOINT_BYTES = 8 * 2**20
_OPEN_RETRY_S = BUSY_TIMEOUT_MS / 1000


class ReplicaConnection:
    """A pyturso connection that raises sqlite3's exception classes.

    Storage code catches `sqlite3.Error`; this keeps it driver-neutral. Everything
    else is the pyturso connection (`.raw`).
    """

    __slots__ = ("raw",)

    def __init__(self, raw: Any) -> None:
        self.raw = raw

    def execute(self, sql: str, parameters: Any = ()) -> Any:
        try:
            return self.raw.execute(sql, parameters)
        except turso.Error as exc:
            raise as_sqlite(exc) from exc

    def executemany(self, sql: str, seq_of_parameters: Any) -> Any:
        try:
            return self.raw.executemany(sql, seq_of_parameters)
        except turso.Error as exc:
            raise as_sqlite(exc) from exc

    def executescript(self, script: str) -> Any:
        try:
            return self.raw.executescript(script)
        except turso.Error as exc:
            raise as_sqlite(exc) from exc

    @property
    def in_transaction(self) -> bool:
        return bool(self.raw.in_transaction)

    def commit(self) -> None:
        try:
            self.raw.commit()
        except turso.Error as exc:
            raise as_sqlite(exc) from exc

    def rollback(self) -> None:
        try:
            self.raw.rollback()
        except turso.Error as exc:
            raise as_sqlite(exc) from exc

    def close(self) -> None:
        _release(self.raw)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.raw, name)


def _release(raw: Any) -> None:
    """Close a pyturso connection and drop its engine references: pyturso keeps the
    file locked until the last reference to its sync database is gone."""
    with contextlib.suppress(Exception):
        raw.close()
    for attr in ("_conn", "_sync", "_http_ctx", "extra_io"):
        with contextlib.suppress(AttributeError):
            setattr(raw, attr, None)


# -- the replica ----------------------------------------------------------------------
def _is_busy(exc: BaseException) -> bool:
    return "busy" in str(exc).lower()


def _replica_files(path: Path) -> list[Path]:
    """The replica file and the sync engine's files beside it (-wal, -info, ...)."""
    try:
        return [p for p in path.parent.iterdir() if p.name.startswith(path.name)]
    except OSError:
        return []


def _keep_private(path: Path) -> None:
    """The engine creates its files with the umask's mode: make them owner-only."""
    for p in _replica_files(path):
        if p.name.endswith(".bak") or not p.is_file():
            continue
        with contextlib.suppress(OSError):
            if p.stat().st_mode & 0o077:
                p.chmod(0o600)


class TursoReplica(Database):
    """A store file that is a Turso Sync replica (see the module docstring)."""

    mode = "turso"

    def __init__(self, path: Path, sync: SyncConfig, *, timeout: float) -> None:
        super().__init__(path, fts=False)
        self.sync = sync
        self._cfg = sync  # the same, typed as always present
        self.timeout = timeout
        self._open_lock = threading.Lock()
        # in-process writers queue on this lock (Database.write takes it as its
        # write guard), which a pull's apply step also takes: a pull never races a
        # local write
        self._write_lock = threading.Lock()
        self._write_guard = self._write_lock
        self._sync_lock = threading.Lock()
        self._primary: Any = None  # the connection push/pull run on (under _sync_lock)
        self._owners: dict[int, threading.Thread] = {}
        self._pending = 0

    def __repr__(self) -> str:
        return f"TursoReplica(path={str(self.path)!r}, sync={self.sync!r})"

    # -- connections -------------------------------------------------------------
    def _open_raw(self) -> Any:
        """Open one sync connection (serialised, retried while the engine is busy)."""
        deadline = time.monotonic() + _OPEN_RETRY_S
        delay = 0.005
        with self._open_lock, network_timeout(self.timeout):
            while True:
                try:
                    raw = turso.sync.connect(
                        str(self.path),
                        remote_url=self._cfg.url,
                        auth_token=self._cfg.auth_token or None,
                        client_name=CLIENT_NAME,
                        isolation_level=None,
                    )
                    break
                except turso.Error as exc:
                    if not _is_busy(exc) or time.monotonic() > deadline:
                        raise
                    time.sleep(delay)
                    delay = min(delay * 2, 0.1)
            raw.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
            raw.execute("PRAGMA foreign_keys = ON")
            return raw

    def _connect(self) -> Connection:
        try:
            raw = self._open_raw()
        except turso.Error as exc:
            raise sync_error(exc, self._cfg, when="open") from exc
        return ReplicaConnection(raw)

    def conn(self) -> Connection:
        c = getattr(self._local, "conn", None)
        if c is None:
            self._close_orphans()
            c = self._connect()
            self._local.conn = c
            with self._lock:
                self._all.append(c)
                self._owners[id(c)] = threading.current_thread()
        return c

    def _close_orphans(self) -> None:
        """Close the connections of threads that have ended (workers come and go)."""
        with self._lock:
            dead = [c for c in self._all if not self._owners.get(id(c), _ALIVE).is_alive()]
            for c in dead:
                self._all.remove(c)
                self._owners.pop(id(c), None)
        for c in dead:
            with contextlib.suppress(Exception):
                c.close()

    def close(self) -> None:
        with self._sync_lock:
            primary, self._primary = self._primary, None
            if primary is not None:
                _release(primary)
        super().close()
        with self._lock:
            self._owners.clear()

    # -- sync ----------------------------------------------------------------------
    def _sync_conn(self) -> Any:
        if self._primary is None:
            try:
                self._primary = self._open_raw()
            except turso.Error as exc:
                raise sync_error(exc, self._cfg) from exc
        return self._primary

    def sync_now(self) -> SyncReport:
        """Push local changes, then pull the server's. Raises OfflineError when the
        server can't be reached (nothing is lost: changes stay queued), StoreError
        for anything else. Network steps are bounded by `self.timeout`."""
        with self._sync_lock, network_timeout(self.timeout):
            conn = self._sync_conn()
            try:
                before = int(conn.stats().cdc_operations)
                conn.push()
                after = int(conn.stats().cdc_operations)
                pulled = self._pull(conn)
                stats = conn.stats()
                self._pending = int(stats.cdc_operations)
                if int(stats.main_wal_size) > WAL_CHECKPOINT_BYTES:
                    with self._write_lock:
                        conn.checkpoint()
            except turso.Error as exc:
                with contextlib.suppress(Exception):
                    self._pending = int(conn.stats().cdc_operations)
                raise sync_error(exc, self._cfg) from exc
            finally:
                _keep_private(self.path)
        if pulled:
            self._sweep_orphans()
        return SyncReport(pushed=max(before - after, 0), pulled=pulled)

    def _pull(self, conn: Any) -> bool:
        """Pull; a local transaction outside `write()` (another program can't: the file
        is locked) makes the engine answer "busy" at once: retry a few times."""
        for attempt in range(4):
            try:
                return self._pull_once(conn)
            except turso.Error as exc:
                if not _is_busy(exc) or attempt == 3:
                    raise
                time.sleep(0.05 * (attempt + 1))
        return False  # pragma: no cover - the loop returns or raises

    def _pull_once(self, conn: Any) -> bool:
        """Pull in two steps: wait for the server's changes (network, no lock), then
        apply them under the write lock (local: rebases unpushed local changes)."""
        sync_db, http_ctx = conn._sync, conn._http_ctx
        changes = turso.lib_sync._run_op(sync_db, sync_db.wait_changes(), http_ctx)
        if changes is None or changes.empty():
            return False
        with self._write_lock:
            turso.lib_sync._run_op(sync_db, sync_db.apply_changes(changes), http_ctx)
        return True

    def _sweep_orphans(self) -> None:
        """The server does not enforce foreign keys: a contact deleted on one device
        while another logged to it leaves rows pointing nowhere. Drop them (the
        delete wins), so every device converges on the same data."""
        with self.write() as c:
            for table in ("interactions", "follow_ups", "contact_tags", "background",
                          "contact_info", "contact_details", "import_sources"):
                c.execute(
                    f"DELETE FROM {table} WHERE contact_id NOT IN (SELECT id FROM contacts)"
                )
            c.execute("DELETE FROM contact_tags WHERE tag_id NOT IN (SELECT id FROM tags)")
            for statement in TRACK_ORPHAN_SWEEP:  # tracks and resources (issue 19)
                c.execute(statement)
            for statement in SKILL_ORPHAN_SWEEP:  # skills and topics (issue 20)
                c.execute(statement)

    def pending_changes(self) -> int:
        """Local changes not pushed yet (row changes and schema changes)."""
        try:
            self._pending = int(self.conn().stats().cdc_operations)
        except (turso.Error, StoreError):
            pass  # keep the last known count
        return self._pending

    def last_synced_ms(self) -> int | None:
        """When the last successful pull finished (epoch ms), from the engine's state."""
        try:
            seconds = int(self.conn().stats().last_pull_unix_time or 0)
        except (turso.Error, StoreError, TypeError, ValueError):
            return None
        return seconds * 1000 if seconds > 0 else None

    # -- schema ---------------------------------------------------------------------
    def schema_version(self) -> int:
        c = self.conn()
        if not c.execute(
            "SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = ?", (META_TABLE,)
        ).fetchone():
            return 0
        row = c.execute(
            f"SELECT value FROM {META_TABLE} WHERE key = 'schema_version'"
        ).fetchone()
        return int(row[0]) if row else 0

    def user_tables(self) -> list[str]:
        rows = self.conn().execute("SELECT name FROM sqlite_schema WHERE type = 'table'")
        return sorted(
            str(r[0])
            for r in rows
            if not str(r[0]).startswith(INTERNAL_PREFIXES) and r[0] != META_TABLE
        )


class _AlwaysAlive:
    @staticmethod
    def is_alive() -> bool:
        return True


_ALIVE: Any = _AlwaysAlive()


def migrate_replica(db: TursoReplica) -> None:
    """Bring a replica to LATEST_VERSION; the version is kept in `devhub_meta`.

    A replica bootstrapped from a server that already has the schema reads the
    version from the synced table and runs nothing. Schema changes are pushed like
    any other change (two devices creating the same table is harmless).
    """
    version = db.schema_version()
    if version > LATEST_VERSION:
        raise SchemaTooNewError(
            f"the synced store was written by a newer devhub (schema {version}, this one "
            f"knows {LATEST_VERSION}); upgrade devhub"
        )
    if version == 0 and db.user_tables():
        raise NotADatabaseError(
            f"the Turso database at {db._cfg.url} holds another "
            "program's tables, not a devhub store; nothing was changed"
        )
    if version > 0 and version < LATEST_VERSION:
        backup_replica(db, version)
    for target in range(version + 1, LATEST_VERSION + 1):
        with db.write() as c:
            c.execute(META_SQL)
            for statement in split_sql(MIGRATIONS[target - 1]):
                c.execute(statement)
            after_migration(c, target)
            c.executemany(
                f"INSERT INTO {META_TABLE} (key, value) VALUES (?, ?)"
                " ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                [("schema_version", str(target)), ("application_id", str(APPLICATION_ID))],
            )


def backup_replica(db: TursoReplica, version: int) -> Path:
    """Copy every devhub table into a plain SQLite file before a migration (the
    replica file itself can't be copied while the engine holds it). The copy opens
    as an ordinary local devhub store."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    dest = db.path.with_name(f"{db.path.name}.v{version}-{stamp}.bak")
    n = 1
    while dest.exists():
        dest = db.path.with_name(f"{db.path.name}.v{version}-{stamp}-{n}.bak")
        n += 1
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    src = db.conn()
    out = sqlite3.connect(dest)
    try:
        schema = src.execute(
            "SELECT type, name, sql FROM sqlite_schema WHERE sql IS NOT NULL"
            " ORDER BY type = 'index', rowid"
        ).fetchall()
        tables = []
        for kind, name, sql in schema:
            if str(name).startswith(INTERNAL_PREFIXES) or name == META_TABLE:
                continue
            out.execute(sql)
            if kind == "table":
                tables.append(name)
        for name in tables:
            rows = src.execute(f'SELECT * FROM "{name}"').fetchall()
            if rows:
                marks = ", ".join("?" * len(rows[0]))
                out.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows)
        out.execute(f"PRAGMA user_version = {version}")
        out.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        out.commit()
    finally:
        out.close()
    return dest


def _check_url(sync: SyncConfig) -> None:
    parts = urlsplit(sync.url)
    if parts.scheme not in ("libsql", "turso", "https", "http") or not parts.hostname:
        raise StoreError(
            "the sync URL must look like libsql://NAME.turso.io or https://HOST "
            "(TURSO_DATABASE_URL / --sync-url)"
        )


def open_turso_replica(path: Path, sync: SyncConfig, *, timeout: float | None = None) -> Database:
    """Open (bootstrapping from the server when new) and migrate a Turso replica.

    An existing replica opens without the network. A new one needs the server once.
    """
    _check_url(sync)
    install_http_timeouts()
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    exists = path.exists() and path.stat().st_size > 0
    if exists and not is_turso_replica(path):
        raise StoreError(
            f"{path} is a local devhub store, not a Turso replica: pick a new file for the "
            "replica (--db) and move your data with `devhub export` / `devhub import`"
        )
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            os.close(fd)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"can't create {path}: {exc.strerror or exc}") from exc
    before = {p.name for p in _replica_files(path)} - {path.name}
    db = TursoReplica(path, sync, timeout=timeout or sync_timeout())
    try:
        try:
            db._primary = db._open_raw()
        except turso.Error as exc:
            err = sync_error(exc, sync, when="open")
            if isinstance(err, OfflineError) and not exists:
                raise OfflineError(
                    f"{err}: a new replica needs the server once to download the store"
                ) from exc
            raise err from exc
        migrate_replica(db)
    except BaseException:
        db.close()
        if not exists:  # leave no half-made replica behind
            for p in _replica_files(path):
                if p.name not in before and not p.name.endswith(".bak"):
                    with contextlib.suppress(OSError):
                        p.unlink()
        raise
    _keep_private(path)
    return db
