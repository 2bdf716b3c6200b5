"""Accounts: argon2id hashing, rehash, throttling, sessions."""

from __future__ import annotations

import hashlib
import stat
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.settings import paths
from devhub_tui.storage.auth import SESSION_MS, Auth, throttle_wait_s
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import AuthError, ConflictError, ThrottledError
from devhub_tui.storage.session_file import clear_secret, load_secret, save_secret
from tests.clock_support import FixedClock


def test_default_hasher_is_argon2id_at_least_rfc9106_low_memory(db: Database) -> None:
    auth = Auth(db)
    user = auth.create_user("ada", "correct horse")
    stored = (
        db.conn().execute("SELECT password_hash FROM users WHERE id = ?", (user.id,)).fetchone()[0]
    )
    assert stored.startswith("$argon2id$")
    params = dict(p.split("=") for p in stored.split("$")[3].split(","))
    assert int(params["m"]) >= 65536 and int(params["t"]) >= 3 and int(params["p"]) >= 4
    assert "correct horse" not in stored
    assert auth.authenticate("ADA", "correct horse").id == user.id  # case-insensitive name


def test_usernames_are_unique_case_insensitively(auth: Auth) -> None:
    auth.create_user("Ada", "password1")
    with pytest.raises(ConflictError, match="taken"):
        auth.create_user("ada", "password2")


def test_bad_username_and_short_password(auth: Auth) -> None:
    with pytest.raises(AuthError):
        auth.create_user("", "password1")
    with pytest.raises(AuthError):
        auth.create_user("ada", "short")


def test_rehash_on_login_when_parameters_change(db: Database) -> None:
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    Auth(db, hasher=weak).create_user("ada", "password1")
    strong = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    Auth(db, hasher=strong).authenticate("ada", "password1")
    stored = db.conn().execute("SELECT password_hash FROM users").fetchone()[0]
    assert "m=16,t=2,p=1" in stored
    # and the new hash still verifies
    assert Auth(db, hasher=strong).authenticate("ada", "password1").username == "ada"


def test_wrong_password_then_right(auth: Auth) -> None:
    auth.create_user("ada", "password1")
    with pytest.raises(AuthError, match="wrong username or password"):
        auth.authenticate("ada", "nope-nope")
    with pytest.raises(AuthError, match="wrong username or password"):
        auth.authenticate("nobody", "password1")
    assert auth.authenticate("ada", "password1").username == "ada"


def test_throttle_after_five_failures_grows_to_30s(
    db: Database, fast_hasher: PasswordHasher
) -> None:
    clock = FixedClock(1_780_000_000_000)
    auth = Auth(db, clock=clock, hasher=fast_hasher)
    auth.create_user("ada", "password1")
    for _ in range(5):
        with pytest.raises(AuthError) as info:
            auth.authenticate("ada", "bad-password")
        assert not isinstance(info.value, ThrottledError)
    # the 6th attempt right away is refused without checking the password
    with pytest.raises(ThrottledError, match="wait") as info:
        auth.authenticate("ada", "password1")
    assert info.value.wait_seconds > 0
    waits = []
    for _ in range(5):
        wait = auth.check_throttle("ada")
        waits.append(wait)
        clock.advance(wait)
        with pytest.raises(AuthError):
            auth.authenticate("ada", "bad-password")
    assert waits == sorted(waits) and waits[-1] >= 30
    clock.advance(auth.check_throttle("ada"))
    assert auth.authenticate("ada", "password1").username == "ada"
    assert auth.check_throttle("ada") == 0  # success resets


def test_throttle_schedule() -> None:
    assert throttle_wait_s(4) == 0
    assert [throttle_wait_s(n) for n in range(5, 10)] == [2, 4, 8, 16, 32]
    assert throttle_wait_s(100) == 300


def test_sessions_store_only_the_hash_and_slide(db: Database, fast_hasher: PasswordHasher) -> None:
    clock = FixedClock(1_780_000_000_000)
    auth = Auth(db, clock=clock, hasher=fast_hasher)
    user = auth.create_user("ada", "password1")
    secret = auth.create_session(user.id)
    assert len(secret) >= 43  # 256 bits, urlsafe base64
    rows = db.conn().execute("SELECT token_hash, expires_at FROM sessions").fetchall()
    assert rows == [(hashlib.sha256(secret.encode()).hexdigest(), clock.now + SESSION_MS)]
    clock.advance(20 * 86400)
    assert auth.resume_session(secret) is not None  # slides the expiry
    clock.advance(20 * 86400)  # 40 days after creation, 20 after last use
    assert auth.resume_session(secret) is not None
    clock.advance(31 * 86400)
    assert auth.resume_session(secret) is None
    assert db.conn().execute("SELECT count(*) FROM sessions").fetchone()[0] == 0
    assert auth.resume_session("made-up") is None


def test_logout_ends_the_session(auth: Auth) -> None:
    user = auth.create_user("ada", "password1")
    secret = auth.create_session(user.id)
    auth.end_session(secret)
    assert auth.resume_session(secret) is None


def test_session_file_is_private_and_per_store(db_path: Path, tmp_path: Path) -> None:
    target = save_secret(db_path, "s3cret", "ada")
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.parent == paths.state_dir()
    assert str(tmp_path / "home") in str(target)  # never the real user's dirs
    assert load_secret(db_path) == "s3cret"
    assert load_secret(tmp_path / "other.db") is None
    assert clear_secret(db_path) is True
    assert load_secret(db_path) is None
