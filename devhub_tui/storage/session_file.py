"""The session secret on disk: one file per store, mode 0600, in the state dir.

It is read only when it is a regular file (through a symlink or not) and only up
to `MAX_BYTES`: a FIFO there can't hang a command, and a link to /dev/zero (or a
huge file) can't fill memory. Anything else reads as "no session".
"""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from devhub_tui.settings import paths
from devhub_tui.storage.small_file import read_small_regular_file

#: A secret and a username take ~100 bytes.
MAX_BYTES = 4096


def save_secret(db_path: Path, secret: str, username: str) -> Path:
    target = paths.session_file(db_path)
    paths.write_private(target, json.dumps({"secret": secret, "username": username}))
    return target


def load_secret(db_path: Path) -> str | None:
    target = paths.session_file(db_path)
    raw = read_small_regular_file(target, MAX_BYTES)
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
