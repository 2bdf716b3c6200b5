"""Bringing a store's schema up to date: the ordered migrations run (after a
backup copy of the file), and the derived full-text search index created."""

from __future__ import annotations

import os
import shutil
import sqlite3
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from devhub_tui.storage.errors import NotADatabaseError, ReadOnlyError, SchemaTooNewError
from devhub_tui.storage.migrations import (
    LATEST_VERSION,
    MIGRATIONS,
    REBUILD_CONTACTS_FTS_SQL,
    REBUILD_SEARCH_INDEX_SQL,
    SEARCH_INDEX_SQL,
)

if TYPE_CHECKING:
    from devhub_tui.storage.crypt import StoreKey
    from devhub_tui.storage.db import Database

__all__ = ["APPLICATION_ID", "after_migration", "backup_file", "ensure_search_index",
           "migrate", "split_sql"]

#: PRAGMA application_id marking a devhub store ("devh").
APPLICATION_ID = 0x64657668


def backup_file(path: Path, version: int, key: StoreKey | None = None) -> Path:
    """Copy the store (consistently, through SQLite's backup API) before a migration.
    An encrypted store's copy is encrypted with the same key (and its key file is
    copied beside it, so the copy opens with the same passphrase)."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    dest = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    n = 1
    while dest.exists():
        dest = path.with_name(f"{path.name}.v{version}-{stamp}-{n}.bak")
        n += 1
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    if key is not None:
        from devhub_tui.storage import crypt

        errors = crypt.driver_errors()
        shutil.copyfile(crypt.header_path(path), crypt.header_path(dest))
        os.chmod(crypt.header_path(dest), 0o600)
        src = crypt.connect(path, key)
    else:
        src = sqlite3.connect(path)
    try:
        dst = crypt.connect(dest, key) if key is not None else sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    except errors:
        # fall back to a byte copy when the backup API can't run
        shutil.copyfile(path, dest)
    finally:
        src.close()
    return dest


def migrate(db: Database, *, backup: bool = True) -> list[Path]:
    """Bring the file to LATEST_VERSION. Returns the backups taken."""
    conn = db.conn()
    version = db.schema_version()
    app_id = int(conn.execute("PRAGMA application_id").fetchone()[0])
    if version > LATEST_VERSION:
        raise SchemaTooNewError(
            f"{db.path} was written by a newer devhub (schema {version}, this one knows "
            f"{LATEST_VERSION}); upgrade devhub"
        )
    if version == 0:
        has_tables = conn.execute(
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
        ).fetchone()[0]
        if has_tables and app_id != APPLICATION_ID:
            raise NotADatabaseError(
                f"{db.path} is an SQLite file from another program, not a devhub store; "
                "it was left untouched"
            )
    backups: list[Path] = []
    if version < LATEST_VERSION:
        if backup and version > 0:
            if db.read_only_reason is not None:
                raise ReadOnlyError(
                    f"{db.path} needs an upgrade (schema {version} to {LATEST_VERSION}) but "
                    f"{db.read_only_reason}: make it writable and open the store again"
                )
            backups.append(backup_file(db.path, version, db.key))
        for target in range(version + 1, LATEST_VERSION + 1):
            script = MIGRATIONS[target - 1]
            with db.write() as c:
                if int(c.execute("PRAGMA user_version").fetchone()[0]) >= target:
                    continue  # another process opening the new file migrated it first
                for statement in split_sql(script):
                    c.execute(statement)
                after_migration(c, target)
                c.execute(f"PRAGMA user_version = {target}")
                c.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    return backups


def after_migration(c: Any, target: int) -> None:
    """What a migration derives from the data already there, in its transaction `c`
    (every store kind runs it: local files, libSQL and Turso replicas):

    - 7 (skills and topics): the `#topics` of the notes written before topics
      existed (`backfill_topics`: only notes with a ``#`` are read).
    """
    if target == 7:
        from devhub_tui.storage.store.skills import backfill_topics

        backfill_topics(c)


def split_sql(script: str) -> list[str]:
    """Split a migration script into statements (triggers kept whole)."""
    out: list[str] = []
    buf = ""
    for line in script.splitlines(keepends=True):
        buf += line
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def ensure_search_index(db: Database) -> None:
    """Create the derived FTS index (and fill it when it is new)."""
    if not db.fts:
        return
    conn = db.conn()
    existed = conn.execute(
        "SELECT sql FROM sqlite_master WHERE name = 'contacts_fts'"
    ).fetchone()
    if existed:
        if "prefix" not in (existed[0] or ""):
            # made by an older devhub: add the prefix index (fast search as you type)
            with db.write() as c:
                for statement in split_sql(REBUILD_CONTACTS_FTS_SQL):
                    c.execute(statement)
        return
    with db.write() as c:
        for statement in split_sql(SEARCH_INDEX_SQL):
            c.execute(statement)
        for statement in split_sql(REBUILD_SEARCH_INDEX_SQL):
            c.execute(statement)
