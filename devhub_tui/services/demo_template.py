"""`devhub --demo` starts from a copy of a demo store built earlier the same day.

Building the demo store (its cast, a few hundred interactions, tracks, events)
takes 100-300 ms before the first frame; copying a file takes about one. The first
`devhub --demo` of a day builds the store as before and keeps a copy of it
(`VACUUM INTO`, without its sessions) in the user cache dir; the next ones copy
that file into their own throwaway dir and open a new session on it.

A template is only used on the day it was built (the cast's "last talked 3 days
ago" and "birthday in 5 days" are relative to it) and by the code that built it:
its name holds the day and a fingerprint of the storage and demo modules (size
and modification time of each file), so an upgrade or a schema change builds a
new one. Older templates are deleted when a new one is saved. Anything that goes
wrong here (a full disk, a damaged template) falls back to building the store.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import sqlite3
from pathlib import Path

from devhub_tui.core.dates import ms_to_date
from devhub_tui.settings import paths
from devhub_tui.storage.ids import Clock

TEMPLATE_PREFIX = "demo-template-"
_PACKAGE = Path(__file__).resolve().parent.parent
#: the code a demo store depends on: the demo builders and everything in storage/
_WATCHED = ("services", "storage", "storage/store", "storage/tracks")


def _code_fingerprint() -> str:
    """Size and mtime of each module the demo store is built by (about 0.3 ms)."""
    h = hashlib.sha256()
    for folder in _WATCHED:
        with os.scandir(_PACKAGE / folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                if entry.name.endswith(".py") and (folder != "services"
                                                   or entry.name.startswith("demo")):
                    st = entry.stat()
                    h.update(f"{folder}/{entry.name}:{st.st_size}:{st.st_mtime_ns};".encode())
    return h.hexdigest()[:16]


def template_path(clock: Clock) -> Path:
    """Where today's template is (or would be) for this version of the code."""
    day = ms_to_date(clock())
    return paths.cache_dir() / f"{TEMPLATE_PREFIX}{day}-{_code_fingerprint()}.db"


def place(target: Path, clock: Clock, username: str) -> bool:
    """Copy today's template to `target` (a new throwaway store, not there yet);
    False when there is none, or it could not be copied, or it has no account
    `username` (a damaged template is deleted): then the store is built instead."""
    try:
        template = template_path(clock)
        data = template.read_bytes()
    except OSError:
        return False
    try:
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            os.write(fd, data)
        finally:
            os.close(fd)
    except OSError:
        with contextlib.suppress(OSError):
            target.unlink()
        return False
    if _has_user(target, username):
        return True
    for path in (target, template):
        with contextlib.suppress(OSError):
            path.unlink()
    return False


def _has_user(path: Path, username: str) -> bool:
    try:
        conn = sqlite3.connect(path)
        try:
            row = conn.execute("SELECT 1 FROM users WHERE username = ?", (username,))
            return row.fetchone() is not None
        finally:
            conn.close()
    except sqlite3.Error:
        return False


def save(conn: sqlite3.Connection, clock: Clock) -> Path | None:
    """Keep a copy of the just-built demo store (open on `conn`) as today's template,
    without its sessions; older templates go. None when it could not be written."""
    try:
        target = template_path(clock)
        tmp = target.with_name(f"{target.name}.{os.getpid()}.tmp")
        tmp.unlink(missing_ok=True)
        conn.execute("VACUUM INTO ?", (str(tmp),))
        copy = sqlite3.connect(tmp, isolation_level=None)
        try:
            copy.execute("DELETE FROM sessions")
        finally:
            copy.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except (OSError, sqlite3.Error):
        with contextlib.suppress(UnboundLocalError, OSError):
            tmp.unlink(missing_ok=True)
        return None
    for old in target.parent.glob(f"{TEMPLATE_PREFIX}*"):
        if old != target:
            with contextlib.suppress(OSError):
                old.unlink()
    return target
