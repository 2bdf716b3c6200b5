"""Every test gets its own data, state and config dirs and its own store file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database, open_database
from devhub_tui.storage.session_file import save_secret
from devhub_tui.storage.store import Store


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_STATE_HOME", str(home / "state"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / "cache"))
    monkeypatch.setenv("DEVHUB_DB", str(tmp_path / "devhub.db"))
    for var in ("TURSO_DATABASE_URL", "TURSO_AUTH_TOKEN", "DEVHUB_SYNC_ENGINE",
                "DEVHUB_SYNC_CONFIG", "DEVHUB_SYNC_INTERVAL", "DEVHUB_SYNC_TIMEOUT"):
        monkeypatch.delenv(var, raising=False)
    return home


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return Path(os.environ["DEVHUB_DB"])


@pytest.fixture
def db(db_path: Path):
    database = open_database(db_path)
    yield database
    database.close()


@pytest.fixture
def fast_hasher() -> PasswordHasher:
    """argon2id with tiny costs, for tests that are not about hashing itself."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture
def auth(db: Database, fast_hasher: PasswordHasher) -> Auth:
    return Auth(db, hasher=fast_hasher)


@pytest.fixture
def signed_in_store(db_path: Path, fast_hasher: PasswordHasher) -> Store:
    """A store with user 'ada' and a saved session: the app opens signed in, and the
    CLI acts as her."""
    db = open_database(db_path)
    auth = Auth(db, hasher=fast_hasher)
    user = auth.create_user("ada", "password1")
    save_secret(db_path, auth.create_session(user.id), "ada")
    return Store(db, user.id)
