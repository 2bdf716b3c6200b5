"""Sync settings: command-line flags, then the environment, then a private config file.

The file is ``sync.toml`` in the user config dir (``~/.config/devhub/sync.toml`` on
Linux; ``DEVHUB_SYNC_CONFIG`` points elsewhere) and holds the same keys as the
environment::

    TURSO_DATABASE_URL = "libsql://crm-me.turso.io"
    TURSO_AUTH_TOKEN = "..."
    DEVHUB_SYNC_ENGINE = "turso"        # or "libsql"
    DEVHUB_SYNC_INTERVAL = 300          # seconds between background syncs

Because it holds a token, a file that other users may read (any group/other mode
bit) is refused with a clear message, never read. The token is never printed: the
settings' repr hides it.

No textual here: the CLI imports this module for every command.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import platformdirs

from devhub_tui.settings.paths import APP_NAME

KEYS = ("TURSO_DATABASE_URL", "TURSO_AUTH_TOKEN", "DEVHUB_SYNC_ENGINE", "DEVHUB_SYNC_INTERVAL")
ENGINES = ("turso", "libsql")
DEFAULT_ENGINE = "turso"
DEFAULT_INTERVAL_S = 300
MIN_INTERVAL_S = 10


class ConfigError(Exception):
    """A sync setting the user must fix (one line)."""


@dataclass(frozen=True)
class SyncSettings:
    url: str | None = None
    auth_token: str | None = None
    engine: str = DEFAULT_ENGINE
    interval_s: int = DEFAULT_INTERVAL_S
    source: str = "none"  # where the URL came from: flag/env, file, none

    def __repr__(self) -> str:  # never leak the token
        token = "***" if self.auth_token else None
        return (
            f"SyncSettings(url={self.url!r}, auth_token={token}, engine={self.engine!r}, "
            f"interval_s={self.interval_s}, source={self.source!r})"
        )

    @property
    def enabled(self) -> bool:
        return bool(self.url)


def config_path(env: Mapping[str, str] | None = None) -> Path:
    """Where the sync config file lives (not created)."""
    env = os.environ if env is None else env
    override = env.get("DEVHUB_SYNC_CONFIG", "").strip()
    if override:
        return Path(override).expanduser()
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "sync.toml"


def load_file(path: Path) -> dict[str, str]:
    """The file's settings ({} when there is no file). Refuses a file others can read."""
    try:
        st = path.stat()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"can't read {path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(st.st_mode):
        raise ConfigError(f"{path} is not a regular file")
    mode = stat.S_IMODE(st.st_mode)
    if mode & 0o077:
        raise ConfigError(
            f"{path} holds a token but other users can read it (mode {mode:04o}): "
            f"run `chmod 600 {path}`"
        )
    if hasattr(os, "geteuid") and st.st_uid != os.geteuid():
        raise ConfigError(f"{path} belongs to another user: devhub won't use its token")
    import tomllib  # only when there is a file: most runs have none

    try:
        with open(path, "rb") as fh:
            data: dict[str, Any] = tomllib.load(fh)
    except OSError as exc:
        raise ConfigError(f"can't read {path}: {exc.strerror or exc}") from exc
    except tomllib.TOMLDecodeError as exc:
        # the parser's message names a line and column, never a value
        raise ConfigError(f"{path} is not valid TOML ({exc})") from exc
    out: dict[str, str] = {}
    for key, value in data.items():
        if key not in KEYS:
            raise ConfigError(f"{path}: unknown key {key!r} (known: {', '.join(KEYS)})")
        if isinstance(value, bool) or not isinstance(value, str | int):
            raise ConfigError(f"{path}: {key} must be a string")
        out[key] = str(value).strip()
    return out


def _interval(raw: str | None, where: str) -> int:
    if raw is None or raw == "":
        return DEFAULT_INTERVAL_S
    try:
        value = int(float(raw))
    except ValueError as exc:
        raise ConfigError(f"{where}: DEVHUB_SYNC_INTERVAL must be a number of seconds") from exc
    if value < MIN_INTERVAL_S:
        raise ConfigError(f"{where}: DEVHUB_SYNC_INTERVAL must be at least {MIN_INTERVAL_S} s")
    return value


def resolve(
    *,
    url: str | None = None,
    auth_token: str | None = None,
    engine: str | None = None,
    env: Mapping[str, str] | None = None,
    path: Path | None = None,
) -> SyncSettings:
    """Each key from the flags (arguments), else the environment, else the file."""
    env = os.environ if env is None else env
    file_path = path or config_path(env)
    file = load_file(file_path)

    def pick(flag: str | None, key: str) -> tuple[str | None, str]:
        if flag:
            return flag, "flag"
        if env.get(key):
            return env[key], "env"
        if file.get(key):
            return file[key], "file"
        return None, "none"

    url_value, source = pick(url, "TURSO_DATABASE_URL")
    token, _ = pick(auth_token, "TURSO_AUTH_TOKEN")
    engine_value, engine_source = pick(engine, "DEVHUB_SYNC_ENGINE")
    engine_value = (engine_value or DEFAULT_ENGINE).strip().lower()
    if engine_value not in ENGINES:
        where = str(file_path) if engine_source == "file" else "DEVHUB_SYNC_ENGINE"
        raise ConfigError(f"{where}: the sync engine must be one of {', '.join(ENGINES)}")
    interval_raw, interval_source = pick(None, "DEVHUB_SYNC_INTERVAL")
    interval = _interval(
        interval_raw, str(file_path) if interval_source == "file" else "environment"
    )
    return SyncSettings(
        url=(url_value or "").strip() or None,
        auth_token=(token or "").strip() or None,
        engine=engine_value,
        interval_s=interval,
        source=source,
    )


def sync_interval(env: Mapping[str, str] | None = None) -> int:
    """Seconds between background syncs (environment, then file; default 300)."""
    try:
        return resolve(env=env).interval_s
    except ConfigError:
        return DEFAULT_INTERVAL_S
