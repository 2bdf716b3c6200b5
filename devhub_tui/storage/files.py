"""Checks on the store file's surroundings, before and after SQLite opens it.

- A store (or its -wal/-shm) other users may read is set to owner-only, with a
  note for the user, or a warning when devhub can't change it (as ``sync.toml``,
  which holds a token, is refused outright: see ``config.load_file``).
- A store in a folder devhub can't write to: SQLite can't create the -wal and
  -shm files it needs there, so the store can only be read; the message says so.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def read_only_folder_message(path: Path) -> str:
    return (
        f"can't save to {path}: the folder {path.parent} is read-only (SQLite needs to "
        f"create {path.name}-wal and {path.name}-shm beside the store); make the folder "
        "writable or move the store"
    )


def make_private(path: Path) -> list[str]:
    """A store (and its -wal/-shm) that other users may read is set to owner-only;
    returns a note for the user (or a warning when that isn't possible)."""
    notes: list[str] = []
    for f in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        try:
            st = f.stat()
        except OSError:
            continue
        mode = stat.S_IMODE(st.st_mode)
        if not stat.S_ISREG(st.st_mode) or not mode & 0o077:
            continue
        try:
            os.chmod(f, mode & 0o700)
        except OSError as exc:
            if f == path:
                notes.append(
                    f"{path} is open to other users (mode {mode:04o}) and devhub can't "
                    f"change that ({exc.strerror or exc}): run `chmod 600 {path}`"
                )
            continue
        if f == path:
            notes.append(
                f"{path} was open to other users (mode {mode:04o}): devhub made it "
                f"private (mode {mode & 0o700:04o})"
            )
    return notes


def folder_read_only(path: Path) -> bool:
    return path.exists() and not os.access(path.parent, os.W_OK)
