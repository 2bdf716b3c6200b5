"""Where devhub keeps its files.

Nothing is created at import time: each function creates its directory on first
use, with owner-only permissions.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import platformdirs

APP_NAME = "devhub"


def _ensure_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


def data_dir() -> Path:
    """The platformdirs user data dir (holds the default store)."""
    return _ensure_dir(Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)))


def state_dir() -> Path:
    """The platformdirs user state dir (holds session secrets)."""
    return _ensure_dir(Path(platformdirs.user_state_dir(APP_NAME, appauthor=False)))


def config_dir() -> Path:
    """The platformdirs user config dir (holds preferences and sync settings)."""
    return _ensure_dir(Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)))


def cache_dir() -> Path:
    """The platformdirs user cache dir (holds what can be rebuilt: the demo template)."""
    return _ensure_dir(Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False)))


def default_db_path() -> Path:
    """`DEVHUB_DB` when set, else `devhub.db` in the user data dir."""
    env = os.environ.get("DEVHUB_DB")
    if env:
        return Path(env).expanduser()
    return data_dir() / "devhub.db"


def session_file(db_path: Path) -> Path:
    """The file holding the session secret for one database file."""
    key = hashlib.sha256(str(Path(db_path).expanduser().resolve()).encode()).hexdigest()[:16]
    return state_dir() / f"session-{key}"


def prefs_file() -> Path:
    return config_dir() / "prefs.json"


def write_private(path: Path, data: str) -> None:
    """Write `data` to `path` readable by its owner only (atomic replace)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_name(path.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data.encode())
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, path)
