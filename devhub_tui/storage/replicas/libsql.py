"""A libSQL embedded replica of a self-hosted libSQL server (`sqld`), via libsql-experimental.

Reads are local: every thread reads the replica file through its own read-only stdlib
`sqlite3` connection (the client keeps the file a normal WAL database, and a write it
delegates is in the file when the call returns). Writes are delegated to the server:
they go through ONE client connection, behind one lock, in autocommit mode with explicit
`BEGIN IMMEDIATE` ... `COMMIT` transactions. `sync_now()` pulls the server's changes.

Behaviour of libsql-experimental 0.0.55 this module is built around (measured, see
the research notes on sqld):

- It holds the GIL during network waits and has no timeout: a server that accepts and
  never answers froze the whole process for minutes. So before every connect, sync and
  write transaction, the server is probed with one bounded HTTP request (`probe_server`,
  2 s in total, plain Python sockets that release the GIL); while the probe fails, the
  client is not called at all. A probe that failed for lack of an answer is trusted for
  a few seconds by writes, so an app facing a hung server doesn't wait 2 s per attempt.
  What remains: a server that hangs in the instant between a good probe and the
  client's call still blocks that call.
- Writes need the server (write delegation): offline, `write()` raises `OfflineError`
  before anything runs, and `offline` / `writable` / `check_connection()` tell the UI so.
- Every error is a plain `ValueError`; `translate_libsql_error` maps them to the store's
  errors (ConflictError, OfflineError, AuthError, LockedError, StoreError).
- It logs to stdout (Rust `tracing`) unless `RUST_LOG` says otherwise, and reads
  `RUST_LOG` once, at import: it is imported with `RUST_LOG=off` (or the value of
  `DEVHUB_LIBSQL_LOG`, for debugging) and the variable is restored afterwards.
- A replica can't be (re)opened while the server is down: the file is then opened
  read-only with stdlib `sqlite3` and the database is offline until a probe succeeds,
  when the next write or `sync_now()` reconnects.
- It can't bind named parameters: `:name` parameters are rewritten to numbered ones.
- `PRAGMA user_version` replicates (the schema version lives there, as in a local store);
  `PRAGMA application_id` can't be set through it (so it is not).
- Transactions run on the server, reads inside them too: migrations read the server's
  version inside their `BEGIN IMMEDIATE`, so a second replica never re-runs a migration.
- Triggers run once, on the server, and FTS5 tables replicate: the derived search index
  works here (unlike on a Turso replica).
"""

from __future__ import annotations

import contextlib
import sqlite3
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from devhub_tui.storage.db import (
    BUSY_TIMEOUT_MS,
    Connection,
    Database,
    SyncConfig,
    SyncReport,
    check_header,
    split_sql,
)
from devhub_tui.storage.errors import (
    AuthError,
    NotADatabaseError,
    OfflineError,
    SchemaTooNewError,
    StoreError,
)
from devhub_tui.storage.migrations import (
    LATEST_VERSION,
    MIGRATIONS,
    REBUILD_SEARCH_INDEX_SQL,
    SEARCH_INDEX_SQL,
)
from devhub_tui.storage.replicas.libsql_client import ClientConnection, libsql
from devhub_tui.storage.replicas.libsql_files import (
    WAL_INDEX_SUFFIX,
    backup_replica,
    make_private,
    stdlib_has_fts5,
)
from devhub_tui.storage.replicas.libsql_net import (
    PROBE_RETRY_AFTER_S,
    PROBE_SLOW_S,
    PROBE_TIMEOUT_S,
    ServerAddress,
    probe_server,
    translate_libsql_error,
)
from devhub_tui.storage.upgrade import after_migration

__all__ = [
    "PROBE_TIMEOUT_S",
    "LibsqlDatabase",
    "ServerAddress",
    "open_libsql_replica",
    "probe_server",
    "translate_libsql_error",
]

class LibsqlDatabase(Database):
    """A store that is a libSQL embedded replica. See the module docstring."""

    mode = "libsql"

    def __init__(self, path: Path, sync: SyncConfig) -> None:
        super().__init__(path, fts=False)
        self.sync = sync
        self.address = ServerAddress(sync.url)
        self._token = sync.auth_token or None
        #: serializes every call into the client (writes, sync, connect, close)
        self._write_lock = threading.Lock()
        self._writer: int | None = None  # thread holding the write transaction
        self._client: Any = None
        self._wconn: ClientConnection | None = None
        self._watch: sqlite3.Connection | None = None  # for PRAGMA data_version
        self._offline: StoreError | None = None
        self._probe_failed_at = 0.0
        self._probe_error: StoreError | None = None
        self._synced_at_ms: int | None = None
        self._unreported_pull = False  # a (re)connect pulled changes sync_now hasn't told

    def __repr__(self) -> str:  # never the token
        return f"LibsqlDatabase({str(self.path)!r}, server={self.address.display!r})"

    # -- state the app shows -------------------------------------------------
    @property
    def offline(self) -> bool:
        """True while the server can't be reached (reads work, writes raise)."""
        return self._offline is not None

    @property
    def writable(self) -> bool:
        """Whether a save can be expected to work (the last contact with the server did)."""
        return self._offline is None

    @property
    def offline_reason(self) -> str | None:
        """The one-line message to show while offline (None when online)."""
        return str(self._offline) if self._offline is not None else None

    def check_connection(self) -> bool:
        """Probe the server now (bounded, never calls the client); updates `offline`.

        Cheap enough to call before opening a form: `False` means "say changes can't be
        saved now". Blocks up to PROBE_TIMEOUT_S: call it from a thread worker.
        """
        try:
            self._probe(force=True)
        except (OfflineError, AuthError):
            return False
        return True

    # -- reads: stdlib sqlite3, read-only, one connection per thread ------------
    def _connect(self) -> Connection:
        uri = f"file:{urllib.parse.quote(str(self.path))}?mode=ro"
        conn = sqlite3.connect(
            uri,
            uri=True,
            timeout=BUSY_TIMEOUT_MS / 1000,
            isolation_level=None,
            check_same_thread=False,
        )
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA query_only = ON")
        return conn

    def conn(self) -> Connection:
        """This thread's read connection; inside `write()`, the write connection."""
        if self._writer == threading.get_ident() and self._wconn is not None:
            return self._wconn
        return super().conn()

    # -- writes: one client connection, one lock --------------------------------
    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction on the server; commits on success, rolls back on error.

        Raises OfflineError before anything runs when the server can't be reached.
        """
        me = threading.get_ident()
        if self._writer == me:  # nested: part of the caller's transaction
            if self._wconn is None:
                raise StoreError(
                    "the connection to the libSQL server was lost: nothing was saved"
                )
            yield self._wconn
            return
        with self._write_lock:
            self._attach_locked(force_probe=False)
            wc = self._wconn
            assert wc is not None
            self._writer = me
            try:
                try:
                    wc.execute("BEGIN IMMEDIATE")
                    yield wc
                    wc.execute("COMMIT")
                except BaseException:
                    self._rollback_locked()
                    raise
            finally:
                self._writer = None

    def _rollback_locked(self) -> None:
        client = self._client
        if client is None or not client.in_transaction:
            return
        try:
            client.execute("ROLLBACK")
        except ValueError:
            # the server went away mid-transaction: its side is gone, and this
            # connection's state can't be trusted; the next write reconnects
            self._drop_client_locked()

    # -- sync ---------------------------------------------------------------
    def sync_now(self) -> SyncReport:
        """Pull the server's changes. Writes are never queued, so nothing is pushed.

        Probes first (bounded): raises OfflineError / AuthError without calling the
        client when the server can't be reached or refuses the token.
        """
        if self._writer == threading.get_ident():
            raise StoreError("can't sync in the middle of a write")
        with self._write_lock:
            before = self._data_version_locked()
            had_client = self._client is not None
            self._attach_locked(force_probe=True)
            if had_client:
                try:
                    self._client.sync()
                except ValueError as exc:
                    raise self._client_error(exc) from exc
            after = self._data_version_locked()
            self._synced_at_ms = int(time.time() * 1000)
            pulled, self._unreported_pull = after != before or self._unreported_pull, False
        return SyncReport(pushed=0, pulled=pulled)

    def pending_changes(self) -> int:
        """Always 0: a write reaches the server or fails; nothing waits locally."""
        return 0

    def last_synced_ms(self) -> int | None:
        """When this process last pulled from the server (epoch ms), or None."""
        return self._synced_at_ms

    def close(self) -> None:
        super().close()
        # don't wait forever for a write stuck in the client
        got = self._write_lock.acquire(timeout=5)
        try:
            if got:
                self._drop_client_locked()
                if self._watch is not None:
                    with contextlib.suppress(sqlite3.Error):
                        self._watch.close()
                    self._watch = None
        finally:
            if got:
                self._write_lock.release()

    # -- internals (called with _write_lock held) -------------------------------
    def _probe(self, *, force: bool) -> None:
        if (
            not force
            and self._probe_error is not None
            and time.monotonic() - self._probe_failed_at < PROBE_RETRY_AFTER_S
        ):
            err = self._probe_error
            raise type(err)(str(err))
        started = time.monotonic()
        try:
            probe_server(self.address, self._token)
        except (OfflineError, AuthError) as exc:
            self._offline = exc
            # only a slow failure (no answer) is worth not repeating at once; a refused
            # connection costs nothing to try again
            slow = time.monotonic() - started >= PROBE_SLOW_S
            self._probe_error = exc if slow else None
            self._probe_failed_at = time.monotonic()
            raise
        self._probe_error = None
        self._offline = None

    def _client_error(self, exc: BaseException) -> StoreError:
        err = translate_libsql_error(exc, self.address, self._token, self.path)
        if isinstance(err, OfflineError | AuthError):
            self._offline = err
        if "invalid state" in str(exc).lower():
            self._drop_client_locked()
        return err

    def _drop_client_locked(self) -> None:
        client, self._client, self._wconn = self._client, None, None
        if client is not None:
            with contextlib.suppress(Exception):
                client.close()

    def _attach_locked(self, *, force_probe: bool) -> None:
        """Probe; connect the client (and bring the schema up to date) if needed."""
        self._probe(force=force_probe)
        if self._client is None:
            before = self._data_version_locked() if self.path.exists() else -1
            try:
                client = libsql.connect(
                    str(self.path),
                    sync_url=self.address.client_url,
                    auth_token=self._token or "",
                    isolation_level=None,
                    check_same_thread=False,
                )
            except ValueError as exc:
                raise self._client_error(exc) from exc
            self._client, self._wconn = client, ClientConnection(client, self._client_error)
            make_private(self.path)
            try:  # connecting doesn't pull everything: bring the local copy up to date
                client.sync()
            except ValueError as exc:
                raise self._client_error(exc) from exc
            self._synced_at_ms = int(time.time() * 1000)
            if self._data_version_locked() != before:
                self._unreported_pull = True
            self._ensure_schema_locked()
        self._offline = None

    def _data_version_locked(self) -> int:
        if self._watch is None:
            try:
                self._watch = self._connect()
            except sqlite3.Error:
                return -1
        return int(self._watch.execute("PRAGMA data_version").fetchone()[0])

    def _local_version(self) -> int:
        c = self._connect()
        try:
            return int(c.execute("PRAGMA user_version").fetchone()[0])
        finally:
            c.close()

    def _ensure_schema_locked(self) -> None:
        local = self._local_version()
        if local > LATEST_VERSION:
            raise self._too_new(local)
        if local < LATEST_VERSION:
            if local > 0:
                backup_replica(self.path, local)
            for target in range(local + 1, LATEST_VERSION + 1):
                self._migrate_step_locked(target)
            if self._local_version() < LATEST_VERSION:
                # another replica ran them meanwhile: pull them
                assert self._client is not None
                try:
                    self._client.sync()
                except ValueError as exc:
                    raise self._client_error(exc) from exc
        self._ensure_search_index_locked()

    def _too_new(self, version: int) -> SchemaTooNewError:
        return SchemaTooNewError(
            f"the libSQL database at {self.address.display} was written by a newer devhub "
            f"(schema {version}, this one knows {LATEST_VERSION}); upgrade devhub"
        )

    def _migrate_step_locked(self, target: int) -> None:
        """Run migration `target` on the server unless it already ran there.

        The version is read inside the server-side transaction, so two replicas
        bootstrapping at the same time run each migration once.
        """
        wc = self._wconn
        assert wc is not None
        wc.execute("BEGIN IMMEDIATE")
        try:
            version = int(wc.execute("PRAGMA user_version").fetchone()[0])
            if version > LATEST_VERSION:
                raise self._too_new(version)
            if version < target:
                if version == 0 and wc.execute(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
                    " AND name NOT LIKE 'sqlite!_%' ESCAPE '!'"
                ).fetchone()[0]:
                    raise NotADatabaseError(
                        f"the libSQL database at {self.address.display} holds tables of "
                        "another program, not a devhub store; it was left untouched"
                    )
                for statement in split_sql(MIGRATIONS[target - 1]):
                    wc.execute(statement)
                after_migration(wc, target)
                wc.execute(f"PRAGMA user_version = {target}")
            wc.execute("COMMIT" if version < target else "ROLLBACK")
        except BaseException:
            self._rollback_locked()
            raise

    def _ensure_search_index_locked(self) -> None:
        """The derived FTS5 index, on the server (its triggers run there, once)."""
        if not stdlib_has_fts5():
            self.fts = False
            return
        if self._has_local_search_index():
            self.fts = True
            return
        wc = self._wconn
        assert wc is not None
        wc.execute("BEGIN IMMEDIATE")
        try:
            if not wc.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'contacts_fts'"
            ).fetchone():
                for statement in split_sql(SEARCH_INDEX_SQL):
                    wc.execute(statement)
                for statement in split_sql(REBUILD_SEARCH_INDEX_SQL):
                    wc.execute(statement)
            wc.execute("COMMIT")
        except (OfflineError, AuthError):
            self._rollback_locked()
            raise
        except StoreError:
            # a server without FTS5: search falls back to LIKE
            self._rollback_locked()
            self.fts = False
            return
        self.fts = True

    def _has_local_search_index(self) -> bool:
        c = self._connect()
        try:
            return bool(
                c.execute("SELECT 1 FROM sqlite_master WHERE name = 'contacts_fts'").fetchone()
            )
        finally:
            c.close()

    def _open_offline(self, error: StoreError) -> None:
        """No server: serve the replica file read-only, or explain why it can't be."""
        if not self.path.exists():
            raise type(error)(
                f"{error}; a new replica needs the server once to download the data"
            )
        try:
            version = self._local_version()
            has_index = self._has_local_search_index()
        except sqlite3.Error as exc:
            raise StoreError(f"can't read the replica {self.path} offline: {exc}") from exc
        if version > LATEST_VERSION:
            raise self._too_new(version)
        if version < LATEST_VERSION:
            raise type(error)(f"{error}; the replica needs a schema update from the server")
        self.fts = has_index and stdlib_has_fts5()
        self._offline = error


def open_libsql_replica(path: Path, sync: SyncConfig) -> LibsqlDatabase:
    """Open (bootstrapping when new) a libSQL replica of `sync.url` at `path`.

    With the server unreachable, an existing replica opens read-only and offline;
    a new one raises OfflineError. Raises StoreError subclasses, one line each.
    """
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    check_header(path)
    if path.exists() and not path.with_name(path.name + WAL_INDEX_SUFFIX).exists():
        if path.stat().st_size > 0:
            raise StoreError(
                f"{path} is a local store, not a libSQL replica: use a new --db file for the "
                "replica (devhub export / import moves your data)"
            )
        path.unlink()  # an empty file holds nothing, and the client refuses it
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    except OSError as exc:
        raise StoreError(f"can't create {path.parent}: {exc.strerror or exc}") from exc
    db = LibsqlDatabase(path, sync)
    try:
        with db._write_lock:
            try:
                db._attach_locked(force_probe=True)
            except OfflineError as exc:
                if db._client is not None:
                    raise
                db._open_offline(exc)
    except BaseException:
        db.close()
        raise
    return db
