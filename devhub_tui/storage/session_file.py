"""The session secret on disk: one file per store, mode 0600, in the state dir."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

from .. import paths


def save_secret(db_path: Path, secret: str, username: str) -> Path:
    target = paths.session_file(db_path)
    paths.write_private(target, json.dumps({"secret": secret, "username": username}))
    return target


def load_secret(db_path: Path) -> str | None:
    target = paths.session_file(db_path)
    try:
        data = json.loads(target.read_text())
    except (OSError, ValueError):
        return None
    secret = data.get("secret") if isinstance(data, dict) else None
    return secret if isinstance(secret, str) else None


def clear_secret(db_path: Path) -> bool:
    target = paths.session_file(db_path)
    with contextlib.suppress(FileNotFoundError):
        target.unlink()
        return True
    return False
