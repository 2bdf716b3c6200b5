"""The session secret on disk: one file per store, mode 0600, in the state dir.

It is read only when it is a regular file (through a symlink or not) and only up
to `MAX_BYTES`: a FIFO there can't hang a command, and a link to /dev/zero (or a
huge file) can't fill memory. Anything else reads as "no session".
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from pathlib import Path

from devhub_tui.settings import paths

#: A secret and a username take ~100 bytes.
MAX_BYTES = 4096


def save_secret(db_path: Path, secret: str, username: str) -> Path:
    target = paths.session_file(db_path)
    paths.write_private(target, json.dumps({"secret": secret, "username": username}))
    return target


def _read_small_regular_file(path: Path, limit: int) -> bytes | None:
    """The file's bytes, or None if it is not a regular file or is over ``limit``."""
    # O_NONBLOCK: opening a FIFO does not wait for a writer (it is refused below);
    # O_NOCTTY: a link to a terminal device never becomes our controlling terminal
    flags = os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size > limit:
            return None
        data = os.read(fd, limit + 1)
    except OSError:
        return None
    finally:
        os.close(fd)
    return data if len(data) <= limit else None


def load_secret(db_path: Path) -> str | None:
    target = paths.session_file(db_path)
    raw = _read_small_regular_file(target, MAX_BYTES)
    if raw is None:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:  # also UnicodeDecodeError
        return None
    secret = data.get("secret") if isinstance(data, dict) else None
    return secret if isinstance(secret, str) else None


def clear_secret(db_path: Path) -> bool:
    target = paths.session_file(db_path)
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
        return True
    return False
