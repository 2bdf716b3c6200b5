"""A libSQL replica's files: the copy taken before a migration, owner-only modes,
and whether the stdlib sqlite3 that reads the replica has FTS5."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
import urllib.parse
from pathlib import Path

__all__ = ["WAL_INDEX_SUFFIX", "backup_replica", "make_private", "stdlib_has_fts5"]

#: The client's bookkeeping file next to a replica (a plain local store has none).
WAL_INDEX_SUFFIX = "-client_wal_index"


def stdlib_has_fts5() -> bool:
    probe = sqlite3.connect(":memory:")
    try:
        probe.execute("CREATE VIRTUAL TABLE t USING fts5(a)")
        return True
    except sqlite3.Error:
        return False
    finally:
        probe.close()


def backup_replica(path: Path, version: int) -> Path:
    """Copy the replica (read-only, through SQLite's backup API) before a migration."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    dest = path.with_name(f"{path.name}.v{version}-{stamp}.bak")
    n = 1
    while dest.exists():
        dest = path.with_name(f"{path.name}.v{version}-{stamp}-{n}.bak")
        n += 1
    os.close(os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
    src = sqlite3.connect(f"file:{urllib.parse.quote(str(path))}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(dest)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return dest


def make_private(path: Path) -> None:
    """The replica and its side files readable by their owner only."""
    for name in (path.name, f"{path.name}-wal", f"{path.name}-shm",
                 f"{path.name}{WAL_INDEX_SUFFIX}"):
        with contextlib.suppress(OSError):
            os.chmod(path.with_name(name), 0o600)
