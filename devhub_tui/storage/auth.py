"""Accounts and sessions.

- Passwords: argon2id through argon2-cffi with RFC 9106's low-memory profile
  (t=3, m=64 MiB, p=4) or stronger; hashes are upgraded on login when the
  parameters change.
- Sessions: a random 256-bit secret handed to the client; only its sha256 is
  stored. 30-day sliding expiry.
- Throttling: after 5 failed logins for a username, every further attempt must
  wait 2, 4, 8, 16, 32, ... seconds (capped at 5 minutes) after the last failure.
  The state is kept per username (also for unknown names, so the answer does not
  reveal which accounts exist).

Every call here is blocking (argon2 takes ~100 ms on purpose): the app runs them
in thread workers. argon2 itself is imported on the first password hash or check
only: resuming a session (every CLI command) doesn't need it.
"""

from __future__ import annotations

import contextlib
import hashlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from devhub_tui.core.validation import ValidationError, validate_password, validate_username
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import (
    AuthError,
    ConflictError,
    OfflineError,
    ReadOnlyError,
    ThrottledError,
)
from devhub_tui.storage.ids import Clock, new_id, system_clock

if TYPE_CHECKING:
    from argon2 import PasswordHasher

SESSION_DAYS = 30
SESSION_MS = SESSION_DAYS * 86_400_000
SLIDE_EVERY_MS = 3_600_000
FREE_ATTEMPTS = 5
MAX_WAIT_S = 300


def default_hasher() -> PasswordHasher:
    from argon2 import PasswordHasher
    from argon2.profiles import RFC_9106_LOW_MEMORY

    return PasswordHasher.from_parameters(RFC_9106_LOW_MEMORY)


def _check_argon2id(hasher: PasswordHasher) -> PasswordHasher:
    from argon2 import Type

    if hasher.type is not Type.ID:
        raise ValueError("devhub only hashes passwords with argon2id")
    return hasher


@dataclass(frozen=True)
class UserRow:
    id: str
    username: str
    created_at: int


def username_key(username: str) -> str:
    return username.strip().casefold()


def hash_token(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def throttle_wait_s(failures: int) -> float:
    """Seconds an attempt must wait after the last failure, given the failure count."""
    if failures < FREE_ATTEMPTS:
        return 0.0
    return float(min(2 ** (failures - FREE_ATTEMPTS + 1), MAX_WAIT_S))


class Auth:
    def __init__(
        self, db: Database, *, clock: Clock = system_clock, hasher: PasswordHasher | None = None
    ) -> None:
        self.db = db
        self.clock = clock
        self._hasher = _check_argon2id(hasher) if hasher is not None else None

    @property
    def hasher(self) -> PasswordHasher:
        """The password hasher (the default one is made on first use)."""
        if self._hasher is None:
            self._hasher = _check_argon2id(default_hasher())
        return self._hasher

    # -- users -------------------------------------------------------------
    def user_count(self) -> int:
        return int(self.db.conn().execute("SELECT count(*) FROM users").fetchone()[0])

    def usernames(self, limit: int) -> list[str]:
        """Up to `limit` usernames, oldest account first (the CLI's login hint)."""
        rows = self.db.conn().execute(
            "SELECT username FROM users ORDER BY created_at, id LIMIT ?", (limit,)
        ).fetchall()
        return [r[0] for r in rows]

    def create_user(self, username: str, password: str) -> UserRow:
        try:
            name = validate_username(username)
            validate_password(password)
        except ValidationError as exc:
            raise AuthError(str(exc)) from exc
        key = username_key(name)
        pw_hash = self.hasher.hash(password)  # slow: before taking the write lock
        now = self.clock()
        uid = new_id()
        with self.db.write() as c:
            if c.execute("SELECT 1 FROM users WHERE username_key = ?", (key,)).fetchone():
                raise ConflictError(f"the username '{name}' is taken")
            c.execute(
                "INSERT INTO users (id, username, username_key, password_hash, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
                (uid, name, key, pw_hash, now, now),
            )
        return UserRow(uid, name, now)

    def get_user(self, user_id: str) -> UserRow | None:
        row = (
            self.db.conn()
            .execute("SELECT id, username, created_at FROM users WHERE id = ?", (user_id,))
            .fetchone()
        )
        return UserRow(*row) if row else None

    # -- login -------------------------------------------------------------
    def _throttle_state(self, key: str) -> tuple[int, int]:
        row = (
            self.db.conn()
            .execute(
                "SELECT failures, last_failure_at FROM login_attempts WHERE username_key = ?",
                (key,),
            )
            .fetchone()
        )
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def check_throttle(self, username: str) -> float:
        """Seconds left before `username` may try again (0 when free to try)."""
        failures, last = self._throttle_state(username_key(username))
        wait_ms = throttle_wait_s(failures) * 1000 - (self.clock() - last)
        return max(0.0, wait_ms / 1000)

    def authenticate(self, username: str, password: str) -> UserRow:
        """Check a password. Raises ThrottledError or AuthError with a clear message."""
        from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

        key = username_key(username)
        wait = self.check_throttle(username)
        if wait > 0:
            secs = int(wait + 0.999)
            raise ThrottledError(
                f"too many failed attempts for '{username.strip()}': wait {secs} s and try again",
                wait,
            )
        row = (
            self.db.conn()
            .execute(
                "SELECT id, username, created_at, password_hash FROM users WHERE username_key = ?",
                (key,),
            )
            .fetchone()
        )
        ok = False
        if row is None:
            # spend the same time as a real check so timing doesn't reveal the name
            try:
                self.hasher.verify(dummy_hash(self.hasher), password)
            except (VerificationError, InvalidHashError):
                pass
        else:
            try:
                ok = self.hasher.verify(row[3], password)
            except (VerificationError, VerifyMismatchError, InvalidHashError):
                ok = False
        if not ok:
            self._record_failure(key)
            failures, _ = self._throttle_state(key)
            extra = ""
            if failures >= FREE_ATTEMPTS:
                extra = f"; wait {int(throttle_wait_s(failures))} s before the next try"
            raise AuthError(f"wrong username or password{extra}")
        assert row is not None
        with self.db.write() as c:
            c.execute("DELETE FROM login_attempts WHERE username_key = ?", (key,))
            if self.hasher.check_needs_rehash(row[3]):
                c.execute(
                    "UPDATE users SET password_hash = ?, updated_at = ? WHERE id = ?",
                    (self.hasher.hash(password), self.clock(), row[0]),
                )
        return UserRow(row[0], row[1], row[2])

    def _record_failure(self, key: str) -> None:
        now = self.clock()
        with self.db.write() as c:
            c.execute(
                "INSERT INTO login_attempts (username_key, failures, last_failure_at)"
                " VALUES (?, 1, ?) ON CONFLICT(username_key) DO UPDATE SET"
                " failures = failures + 1, last_failure_at = excluded.last_failure_at",
                (key, now),
            )

    # -- sessions ----------------------------------------------------------
    def create_session(self, user_id: str) -> str:
        """Open a session; returns the secret (only its hash is stored)."""
        import secrets

        secret = secrets.token_urlsafe(32)  # 256 bits
        now = self.clock()
        with self.db.write() as c:
            c.execute("DELETE FROM sessions WHERE expires_at <= ?", (now,))
            c.execute(
                "INSERT INTO sessions (id, user_id, token_hash, expires_at, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (new_id(), user_id, hash_token(secret), now + SESSION_MS, now),
            )
        return secret

    def resume_session(self, secret: str) -> UserRow | None:
        """The session's user, sliding its expiry; None when unknown or expired."""
        if not secret:
            return None
        now = self.clock()
        th = hash_token(secret)
        row = (
            self.db.conn()
            .execute(
                "SELECT u.id, u.username, u.created_at, s.expires_at FROM sessions s"
                " JOIN users u ON u.id = s.user_id WHERE s.token_hash = ?",
                (th,),
            )
            .fetchone()
        )
        if row is None:
            return None
        if row[3] <= now:
            with contextlib.suppress(OfflineError, ReadOnlyError):
                with self.db.write() as c:
                    c.execute("DELETE FROM sessions WHERE token_hash = ?", (th,))
            return None
        # slide the expiry at most once an hour (every write is a change to sync), and
        # keep going read-only when a replica can't write right now, or the store can't
        # be written at all (a read-only file or folder)
        if now + SESSION_MS - row[3] >= SLIDE_EVERY_MS:
            with contextlib.suppress(OfflineError, ReadOnlyError):
                with self.db.write() as c:
                    c.execute(
                        "UPDATE sessions SET expires_at = ? WHERE token_hash = ?",
                        (now + SESSION_MS, th),
                    )
        return UserRow(row[0], row[1], row[2])

    def end_session(self, secret: str) -> None:
        with self.db.write() as c:
            c.execute("DELETE FROM sessions WHERE token_hash = ?", (hash_token(secret),))


def dummy_hash(hasher: PasswordHasher) -> str:
    """An argon2id hash in the PHC format with ``hasher``'s own parameters and a
    random salt and digest: verifying a password against it costs exactly what a
    real check costs (and always fails), and making it costs nothing. Hashing a
    throwaway password instead took a whole extra hash in every new process: an
    unknown username answered ~1.5x slower than a wrong password."""
    import base64
    import secrets

    def b64(n: int) -> str:
        return base64.b64encode(secrets.token_bytes(n)).decode().rstrip("=")

    return (
        f"$argon2id$v=19$m={hasher.memory_cost},t={hasher.time_cost},p={hasher.parallelism}"
        f"${b64(hasher.salt_len)}${b64(hasher.hash_len)}"
    )
