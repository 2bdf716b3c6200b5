"""pyturso's network, bounded: its HTTP gets a timeout (and no proxy for loopback
servers), and its errors become one clear line (`sync_error`)."""

from __future__ import annotations

import contextlib
import ipaddress
import os
import re
import sqlite3
import threading
import types
import urllib.error
import urllib.request
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

import turso
import turso.lib_sync

from devhub_tui.storage.db import SyncConfig
from devhub_tui.storage.errors import (
    LockedError,
    OfflineError,
    StoreError,
)

__all__ = [
    "DEFAULT_TIMEOUT_S",
    "as_sqlite",
    "install_http_timeouts",
    "network_timeout",
    "sync_error",
    "sync_timeout",
]

#: Seconds one network step (connect, send, each read) may take before we call it offline.
DEFAULT_TIMEOUT_S = 3.0
_STATUS_RE = re.compile(r"status=(\d{3})")

# -- bounded HTTP for pyturso ---------------------------------------------------
_tls = threading.local()
_DIRECT_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _urlopen(request: urllib.request.Request, *args: Any, **kwargs: Any) -> Any:
    """pyturso's urlopen, with a timeout (and no proxy for loopback servers)."""
    timeout = getattr(_tls, "timeout", None) or DEFAULT_TIMEOUT_S
    kwargs.pop("timeout", None)
    if _is_loopback(urlsplit(request.full_url).hostname):
        return _DIRECT_OPENER.open(request, timeout=timeout)
    return urllib.request.urlopen(request, timeout=timeout)


def install_http_timeouts() -> None:
    """Point pyturso's module-level `urllib` at one whose urlopen has a timeout."""
    current = getattr(turso.lib_sync, "urllib", None)
    if current is None:  # pragma: no cover - a pyturso we do not know
        raise StoreError("this pyturso version is not supported by devhub; reinstall devhub")
    if getattr(current, "_devhub", False):
        return
    turso.lib_sync.urllib = types.SimpleNamespace(  # type: ignore[assignment]
        _devhub=True,
        error=urllib.error,
        request=types.SimpleNamespace(Request=urllib.request.Request, urlopen=_urlopen),
    )


@contextlib.contextmanager
def network_timeout(seconds: float) -> Iterator[None]:
    old = getattr(_tls, "timeout", None)
    _tls.timeout = seconds
    try:
        yield
    finally:
        _tls.timeout = old


def sync_timeout() -> float:
    """`DEVHUB_SYNC_TIMEOUT` (seconds) or the default."""
    raw = os.environ.get("DEVHUB_SYNC_TIMEOUT", "").strip()
    try:
        value = float(raw) if raw else DEFAULT_TIMEOUT_S
    except ValueError:
        value = DEFAULT_TIMEOUT_S
    return min(max(value, 0.1), 300.0)


# -- errors -----------------------------------------------------------------------
def _scrub(text: str, token: str | None) -> str:
    if token:
        text = text.replace(token, "***")
    return " ".join(text.split())


def _host(url: str) -> str:
    parts = urlsplit(url)
    return parts.hostname or url


def sync_error(exc: BaseException, sync: SyncConfig, *, when: str = "sync") -> StoreError:
    """One clear line for a failed push/pull/bootstrap; never carries the token."""
    raw = _scrub(str(exc), sync.auth_token)
    low = raw.lower()
    host = _host(sync.url)
    status_match = _STATUS_RE.search(raw)
    status = int(status_match.group(1)) if status_match else None
    if "locking error" in low or "locked by another process" in low:
        return LockedError(
            "the store is open in another devhub (a Turso replica can be used by one "
            "program at a time): close it and try again"
        )
    if status in (401, 403):
        return StoreError(
            f"{when} failed: {host} refused the auth token (HTTP {status}); check "
            "TURSO_AUTH_TOKEN"
        )
    if status == 404:
        return StoreError(
            f"{when} failed: no Turso database answers at {sync.url} (HTTP 404); check "
            "TURSO_DATABASE_URL"
        )
    if status in (502, 503, 504, 429):
        return OfflineError(f"offline: {host} is unavailable right now (HTTP {status})")
    if status is not None:
        return StoreError(f"{when} failed: {host} answered HTTP {status}")
    if "timed out" in low or "timeout" in low:
        return OfflineError(f"offline: {host} did not answer in time")
    if "network error" in low or "http error" in low or "connection" in low:
        reason = raw.split("network error:", 1)[-1].split("http error:", 1)[-1].strip()
        reason = re.sub(r"^\[Errno -?\d+\]\s*", "", reason) or "unreachable"
        return OfflineError(f"offline: can't reach {host} ({reason.lower()})")
    if "is busy" in low:
        return StoreError(f"{when} postponed: the store was busy; devhub tries again later")
    if "constraint failed" in low:
        what = raw.split("constraint failed:", 1)[-1].split('"', 1)[0]
        what = re.sub(r"\s*\(\d+\)\s*$", "", what).strip(" .,")
        if "users.username" in what:
            return StoreError(
                f"{when} conflict: another device created an account with the same username "
                "before this one synced; the first one is kept (sync again, then log in with "
                "its password)"
            )
        return StoreError(
            f"{when} conflict: another device saved a different row with the same {what}; "
            "fix it on one device and sync again"
        )
    detail = raw.split("error:", 1)[-1].strip() if "error:" in raw else raw
    return StoreError(f"{when} failed: {detail[:200]}")


_SQLITE_ERRORS: tuple[tuple[type[Exception], type[Exception]], ...] = (
    (turso.IntegrityError, sqlite3.IntegrityError),
    (turso.OperationalError, sqlite3.OperationalError),
    (turso.ProgrammingError, sqlite3.ProgrammingError),
    (turso.InterfaceError, sqlite3.InterfaceError),
    (turso.DatabaseError, sqlite3.DatabaseError),
    (turso.Error, sqlite3.Error),
)


def as_sqlite(exc: Exception) -> Exception:
    """The same error as the sqlite3 class the rest of the code catches."""
    msg = str(exc)
    low = msg.lower()
    if "busy" in low or "locking error" in low:
        return sqlite3.OperationalError(f"database is locked ({msg})")
    for theirs, ours in _SQLITE_ERRORS:
        if isinstance(exc, theirs):
            return ours(msg)
    return exc
