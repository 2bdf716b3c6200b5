"""The engine factory: the one place that picks the driver and opens the file.

`open_database(path)` validates the file, applies pragmas, runs migrations (after
a timestamped backup) and returns a `Database`. Every thread gets its own
connection (`Database.conn()`); writes go through `Database.write()`, which takes
the write lock up front (`BEGIN IMMEDIATE`) so concurrent writers wait on the busy
timeout instead of failing with "database is locked".

A store other users may read is made private (0600) on open, with a note for the
user (`Database.notes`). A store in a folder devhub can't write to (SQLite needs
to create the ``-wal`` and ``-shm`` files beside it) opens read-only: reads work,
writes raise `ReadOnlyError` saying why. `Database.store_changed()` tells whether
another connection (another process: the CLI, a second app) wrote since it was
last asked (``PRAGMA data_version``).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import threading
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devhub_tui.storage.errors import (
    LockedError,
    NotADatabaseError,
    ReadOnlyError,
    StoreError,
)
from devhub_tui.storage.files import folder_read_only, make_private, read_only_folder_message
from devhub_tui.storage.migrations import REBUILD_SEARCH_INDEX_SQL
from devhub_tui.storage.upgrade import APPLICATION_ID as APPLICATION_ID
from devhub_tui.storage.upgrade import backup_file as backup_file
from devhub_tui.storage.upgrade import ensure_search_index, migrate, split_sql

if TYPE_CHECKING:
    from devhub_tui.storage.crypt import StoreKey

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 10_000
#: How much of a plain (unencrypted) store SQLite reads through a memory map
#: (`PRAGMA mmap_size`). Each thread has its own connection, and each connection its
#: own page cache: without the map, a search running on a thread whose connection had
#: not read those pages yet copied them in first (22 search keys on a new connection
#: at 100,000 contacts: the slowest 50-65 ms, 11-16 ms mapped). Mapped, every
#: connection reads the same pages from the operating system's cache. Address space
#: only: the pages read are the file's cached pages (counted in the process's RSS
#: while mapped), which the system can drop.
MMAP_BYTES = 1 << 30

Connection = Any  # a DB-API connection (sqlite3, or a sync client's)


@dataclass(frozen=True)
class SyncConfig:
    """Where a replica syncs to. The token is never printed (see `__repr__`)."""

    url: str
    auth_token: str | None = None
    engine: str = "turso"

    def __repr__(self) -> str:  # never leak the token
        return f"SyncConfig(url={self.url!r}, engine={self.engine!r}, auth_token=***)"


def translate_error(exc: BaseException, path: Path | str) -> StoreError:
    """Map a driver error to one clear line for the user."""
    msg = str(exc).lower()
    if isinstance(exc, StoreError):
        return exc
    if getattr(exc, "sqlite_errorname", "") == "SQLITE_READONLY_DIRECTORY":
        return ReadOnlyError(read_only_folder_message(Path(path)))
    if "locked" in msg or "busy" in msg:
        return LockedError(
            f"{path} is locked by another program (is devhub already writing to it?); "
            "try again in a moment"
        )
    if "not a database" in msg or "malformed" in msg or "corrupt" in msg:
        return NotADatabaseError(
            f"{path} is not a devhub database or is damaged; it was left untouched"
        )
    if "readonly" in msg or "read-only" in msg:
        return ReadOnlyError(f"{path} is read-only: devhub can't save changes there")
    if "disk is full" in msg or "full" in msg and "disk" in msg:
        return StoreError(f"the disk holding {path} is full; nothing was saved")
    if "disk i/o error" in msg:  # e.g. a write past a file-size limit or a failing disk
        return StoreError(
            f"can't write to {path} (disk I/O error: is the disk full?); nothing was saved"
        )
    if "unable to open" in msg:
        return StoreError(f"can't open {path}: check the folder exists and is writable")
    return StoreError(f"database error on {path}: {exc}")


@dataclass(frozen=True)
class SyncReport:
    """What one sync did: changes pushed, and whether anything was pulled."""

    pushed: int
    pulled: bool


class Database:
    """A store file opened with the local SQLite driver.

    Holds no connection itself: each thread opens its own on first use.
    """

    mode = "local"

    def __init__(self, path: Path, *, fts: bool = True, key: StoreKey | None = None) -> None:
        self.path = Path(path)
        self.fts = fts
        #: the raw SQLCipher key of an encrypted store (storage/crypt.py), held in
        #: memory only; None for a plain store
        self.key = key
        #: what the driver raises (SQLCipher's module has its own classes)
        self.errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
        if key is not None:
            from devhub_tui.storage.crypt import driver_errors

            self.errors = driver_errors()
        self._local = threading.local()
        self._all: list[Connection] = []
        self._lock = threading.Lock()
        #: taken around every write transaction: nothing for a plain file (SQLite's
        #: own lock and busy timeout serialise writers); a replica whose pulls must
        #: not interleave with local writes sets a real lock
        self._write_guard: contextlib.AbstractContextManager[Any] = contextlib.nullcontext()
        self.sync: SyncConfig | None = None
        #: one-line notes for the user about the file (e.g. its mode was fixed)
        self.notes: list[str] = []
        #: set when the store opened read-only (its folder is): why, in a few words
        self.read_only_reason: str | None = None
        self._uri: str | None = None  # how to open it read-only
        self._watch_conn: Connection | None = None
        self._watch_version: int | None = None
        self._changed_elsewhere = False
        self._watch_lock = threading.Lock()

    # -- connections -------------------------------------------------------
    def _connect(self) -> Connection:
        options: dict[str, Any] = {
            "timeout": BUSY_TIMEOUT_MS / 1000, "isolation_level": None,
            "check_same_thread": False, "uri": self._uri is not None,
        }
        if self.key is not None:  # SQLCipher, keyed with the raw key: no KDF per open
            from devhub_tui.storage.crypt import connect

            conn = connect(self._uri or self.path, self.key, **options)
        else:
            conn = sqlite3.connect(self._uri or self.path, **options)
            conn.execute(f"PRAGMA mmap_size = {MMAP_BYTES}")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA synchronous = NORMAL")
        return conn

    def conn(self) -> Connection:
        """This thread's connection (opened on first use)."""
        c = getattr(self._local, "conn", None)
        if c is None:
            c = self._connect()
            self._local.conn = c
            with self._lock:
                self._all.append(c)
        return c

    @contextlib.contextmanager
    def write(self) -> Iterator[Connection]:
        """A write transaction: commits on success, rolls back on any error."""
        c = self.conn()
        if c.in_transaction:  # nested: part of the caller's transaction
            yield c
            return
        if self.read_only_reason is not None:
            raise ReadOnlyError(read_only_folder_message(self.path))
        with self._write_guard:
            try:
                c.execute("BEGIN IMMEDIATE")
            except self.errors as exc:
                raise translate_error(exc, self.path) from exc
            self._watch_own_write(committed=False)
            try:
                yield c
            except self.errors as exc:  # read-only file, full disk, ...: one clear line
                with contextlib.suppress(*self.errors):
                    c.execute("ROLLBACK")
                raise translate_error(exc, self.path) from exc
            except BaseException:
                c.execute("ROLLBACK")
                raise
            else:
                try:
                    c.execute("COMMIT")
                except self.errors as exc:
                    with contextlib.suppress(*self.errors):
                        c.execute("ROLLBACK")
                    raise translate_error(exc, self.path) from exc
                self._watch_own_write(committed=True)

    @contextlib.contextmanager
    def read(self) -> Iterator[Connection]:
        """A consistent read snapshot."""
        c = self.conn()
        if c.in_transaction:
            yield c
            return
        c.execute("BEGIN")
        try:
            yield c
        finally:
            with contextlib.suppress(*self.errors):
                c.execute("COMMIT")

    # -- state the app shows (a libSQL replica has its own) -------------------
    @property
    def writable(self) -> bool:
        """False when the store opened read-only (its folder is)."""
        return self.read_only_reason is None

    @property
    def offline_reason(self) -> str | None:
        return self.read_only_reason

    def store_changed(self) -> bool:
        """Whether someone else (another process: the CLI, a second app) committed
        since the last call; this object's own writes don't count. The first call,
        made when the store opens, only takes the baseline. Cheap: one PRAGMA on a
        connection kept for it. Replicas say False: their syncs report changes."""
        if self.mode != "local":
            return False
        with self._watch_lock:
            try:
                if self._watch_conn is None:
                    self._watch_conn = self._connect()
                version = int(self._watch_conn.execute("PRAGMA data_version").fetchone()[0])
            except self.errors as exc:
                raise translate_error(exc, self.path) from exc
            changed = self._changed_elsewhere or (
                self._watch_version is not None and version != self._watch_version
            )
            self._watch_version = version
            self._changed_elsewhere = False
            return changed

    def _watch_own_write(self, *, committed: bool) -> None:
        """Keep our own commits out of `store_changed`. Called first inside our write
        transaction (nobody else can commit then): did anyone since the last look?
        Then right after our commit: take the new version as seen. (Another process
        committing in that instant would pass for us; the app reloads after its own
        writes anyway, so that change still shows.)"""
        with self._watch_lock:
            if self._watch_conn is None or self._watch_version is None:
                return
            try:
                version = int(self._watch_conn.execute("PRAGMA data_version").fetchone()[0])
            except self.errors:
                return  # watching never fails a write
            if not committed and version != self._watch_version:
                self._changed_elsewhere = True
            self._watch_version = version

    def close(self) -> None:
        with self._watch_lock:
            watch, self._watch_conn = self._watch_conn, None
        if watch is not None:
            with contextlib.suppress(Exception):
                watch.close()
        with self._lock:
            conns, self._all = self._all, []
        for c in conns:
            with contextlib.suppress(Exception):
                c.close()
        self._local = threading.local()

    # -- sync (replicas override these) -------------------------------------
    def sync_now(self) -> SyncReport:
        """Push local changes and pull remote ones. Local stores have nothing to do."""
        return SyncReport(pushed=0, pulled=False)

    def pending_changes(self) -> int:
        """Local changes not yet pushed (0 for a plain local store)."""
        return 0

    # -- schema ------------------------------------------------------------
    def schema_version(self) -> int:
        return int(self.conn().execute("PRAGMA user_version").fetchone()[0])

    def rebuild_search_index(self) -> None:
        if not self.fts:
            return
        with self.write() as c:
            for statement in split_sql(REBUILD_SEARCH_INDEX_SQL):
                c.execute(statement)


def check_header(path: Path) -> None:
    """Refuse anything that is not an SQLite file, before SQLite touches it."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        return
    if size == 0:
        return
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise StoreError(f"can't read {path}: permission denied") from exc
    except IsADirectoryError as exc:
        raise StoreError(f"{path} is a folder, not a database file") from exc
    if head != SQLITE_HEADER:
        raise NotADatabaseError(
            f"{path} is not a devhub database (not an SQLite file; if it is an encrypted "
            f"store, its key file {path.name}.crypt is missing); it was left untouched"
        )


def is_turso_replica(path: Path) -> bool:
    """True when `path` has Turso Sync's metadata file beside it: such a file may only
    be written through the sync client (other writes are never pushed)."""
    try:
        info = json.loads(path.with_name(path.name + "-info").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    return isinstance(info, dict) and "client_unique_id" in info


def _open_read_only(path: Path, backup: bool, key: StoreKey | None = None) -> Database:
    """The store in a folder devhub can't write to: reads only. Without a -wal file
    nobody can be writing to it (they'd need to create one), so SQLite may treat the
    file as unchanging and needs no -shm either."""
    db = Database(path, key=key)
    db.read_only_reason = f"the folder {path.parent} is read-only"
    immutable = not path.with_name(path.name + "-wal").exists()
    db._uri = f"file:{urllib.parse.quote(str(path))}?mode=ro"
    if immutable:
        db._uri += "&immutable=1"
    try:
        db.conn()
        migrate(db, backup=backup)
        ensure_search_index(db)
        db.store_changed()
    except db.errors as exc:
        db.close()
        raise translate_error(exc, path) from exc
    except StoreError:
        db.close()
        raise
    return db


def _create_private(path: Path) -> None:
    """Create an empty store file readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def open_database(
    path: Path | str,
    *,
    sync: SyncConfig | None = None,
    create: bool = True,
    backup: bool = True,
    key: StoreKey | None = None,
) -> Database:
    """Open (creating when missing) and migrate a store. Raises StoreError, one line.

    An encrypted store (storage/crypt.py) needs its `key` (`crypt.unlock_key`):
    without it, PassphraseNeededError. `key` is ignored for a plain store."""
    if sync is not None:
        from devhub_tui.storage.crypt_files import is_encrypted

        if is_encrypted(Path(path).expanduser()):
            raise StoreError(
                f"{path} is encrypted and sync replicas stay unencrypted: open it without "
                "a sync URL (or run `devhub decrypt` first)"
            )
        # the sync drivers live in their own modules (imported only when used)
        try:
            if sync.engine == "libsql":
                from devhub_tui.storage.replicas.libsql import open_libsql_replica

                return open_libsql_replica(Path(path).expanduser(), sync)
            from devhub_tui.storage.replicas.turso import open_turso_replica
        except ImportError as exc:
            raise StoreError(
                f"the {sync.engine} sync client is not installed ({exc.name}); "
                "reinstall devhub"
            ) from exc
        return open_turso_replica(Path(path).expanduser(), sync)
    path = Path(path).expanduser()
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if path.with_name(path.name + "-client_wal_index").exists():
        # written through plain SQLite, a replica's changes would vanish at the next sync
        raise StoreError(
            f"{path} is a libSQL replica: open it with --sync-engine libsql and its sync URL"
        )
    from devhub_tui.storage import crypt_files  # a few stat calls for a plain store

    recovered: list[str] = []
    if crypt_files.needs_recovery(path):
        from devhub_tui.storage.crypt_convert import recover

        recovered = recover(path)
    if crypt_files.is_encrypted(path):
        if key is None:
            from devhub_tui.storage.crypt import passphrase_needed

            raise passphrase_needed(path)
    else:
        key = None
        check_header(path)
    if is_turso_replica(path):
        raise StoreError(
            f"{path} is a Turso replica: open it with its sync URL (TURSO_DATABASE_URL or "
            "--sync-url) so that your changes are pushed"
        )
    notes = make_private(path)
    if not path.exists():
        if not create:
            raise StoreError(f"{path} does not exist")
        try:
            _create_private(path)
        except FileExistsError:
            pass
        except OSError as exc:
            raise StoreError(f"can't create {path}: {exc.strerror or exc}") from exc
    db = Database(path, key=key)
    try:
        conn = db.conn()
        # migrate first: it refuses another program's SQLite file (or a newer devhub's)
        # before anything, even the journal mode, is written to it
        migrate(db, backup=backup)
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            # a network filesystem: keep going in rollback mode
            pass
        ensure_search_index(db)
        db.store_changed()  # the baseline: what this process has seen
    except db.errors as exc:
        db.close()
        if not folder_read_only(path):
            if key is not None and "not a database" in str(exc).lower():
                # the key matched the key file's check: the file itself is damaged
                raise NotADatabaseError(
                    f"{path} is encrypted and the passphrase is right, but the file can't "
                    "be read: it is damaged (restore it from a backup); it was left untouched"
                ) from exc
            raise translate_error(exc, path) from exc
        # SQLite can't create the -wal/-shm files it needs beside the store
        db = _open_read_only(path, backup, key)
    except StoreError:
        db.close()
        raise
    db.notes = recovered + notes
    return db
