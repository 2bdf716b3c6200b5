"""The libSQL server seen from here: its address, a bounded probe (the client has
no timeout and holds the GIL while it waits) and the client's errors translated into
the store's (ConflictError, OfflineError, AuthError, LockedError, StoreError)."""

from __future__ import annotations

import http.client
import json
import re
import socket
import ssl
import time
import urllib.parse
from pathlib import Path

from devhub_tui.storage.errors import (
    AuthError,
    ConflictError,
    LockedError,
    OfflineError,
    StoreError,
)

#: The whole probe (connect, request, answer) must finish within this many seconds.
PROBE_TIMEOUT_S = 2.0
#: After a slow failed probe (PROBE_SLOW_S or more), writes fail at once for this long
#: instead of waiting for another probe.
PROBE_RETRY_AFTER_S = 3.0
PROBE_SLOW_S = 0.5

_SCHEMES = {"http": "http", "ws": "http", "https": "https", "wss": "https", "libsql": "https"}


# --------------------------------------------------------------------------- server address


class ServerAddress:
    """The sync URL, split into what the probe, the client and the messages need."""

    def __init__(self, url: str) -> None:
        parts = urllib.parse.urlsplit(url.strip())
        scheme = _SCHEMES.get(parts.scheme.lower())
        try:
            port = parts.port
        except ValueError:
            port, scheme = None, None
        if scheme is None or not parts.hostname:
            raise StoreError(
                "the libSQL sync URL must look like http://HOST:PORT or https://HOST"
            )
        self.https = scheme == "https"
        self.host = parts.hostname
        self.port = port or (443 if self.https else 80)
        host = f"[{self.host}]" if ":" in self.host else self.host
        default = (self.https and self.port == 443) or (not self.https and self.port == 80)
        self.netloc = host if default else f"{host}:{self.port}"
        self.path = parts.path.rstrip("/")
        #: what the client is given (no credentials, query or fragment)
        self.client_url = f"{scheme}://{self.netloc}{self.path}"
        #: what messages show: never the token or any credentials of the URL
        self.display = self.netloc


# --------------------------------------------------------------------------- probe


def probe_server(
    address: ServerAddress, token: str | None, timeout: float = PROBE_TIMEOUT_S
) -> None:
    """One bounded request to the server (`POST /v2/pipeline` with `SELECT 1`).

    Runs in the calling thread with plain sockets (the GIL is free while it waits) and
    finishes within about `timeout` seconds whatever the server does. Returns when the
    server answers and accepts the token; raises OfflineError (unreachable, no answer,
    server error) or AuthError (token refused).
    """
    deadline = time.monotonic() + timeout

    def remaining() -> float:
        left = deadline - time.monotonic()
        if left <= 0:
            raise TimeoutError("timed out")
        return left

    body = json.dumps(
        {"requests": [{"type": "execute", "stmt": {"sql": "SELECT 1"}}, {"type": "close"}]}
    )
    headers = {"Content-Type": "application/json", "Connection": "close"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    conn: http.client.HTTPConnection
    if address.https:
        conn = http.client.HTTPSConnection(address.host, address.port, timeout=timeout)
    else:
        conn = http.client.HTTPConnection(address.host, address.port, timeout=timeout)
    try:
        conn.connect()
        assert conn.sock is not None
        conn.sock.settimeout(remaining())
        conn.request("POST", f"{address.path}/v2/pipeline", body=body, headers=headers)
        conn.sock.settimeout(remaining())
        response = conn.getresponse()
        status = response.status
        if conn.sock is not None:
            conn.sock.settimeout(remaining())
        response.read(65536)
    except (OSError, http.client.HTTPException) as exc:
        raise OfflineError(offline_message(address, _probe_reason(exc, timeout))) from None
    finally:
        conn.close()
    if status in (401, 403):
        raise AuthError(auth_message(address))
    if status >= 500:
        raise OfflineError(offline_message(address, f"it answered HTTP {status}"))
    if status != 200:
        raise StoreError(
            f"{address.display} answered HTTP {status}: is it a libSQL server (sqld)?"
        )


def _probe_reason(exc: BaseException, timeout: float) -> str:
    if isinstance(exc, TimeoutError):
        return f"no answer within {timeout:g} s"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, socket.gaierror):
        return "unknown host"
    if isinstance(exc, ssl.SSLError):
        return "TLS error"
    if isinstance(exc, ConnectionError | http.client.HTTPException):
        return "the connection was dropped"
    return getattr(exc, "strerror", None) or "network error"


def offline_message(address: ServerAddress, reason: str) -> str:
    return (
        f"the libSQL server at {address.display} can't be reached ({reason}): "
        "changes can't be saved now"
    )


def auth_message(address: ServerAddress) -> str:
    return (
        f"the libSQL server at {address.display} refused the auth token (missing, invalid "
        "or expired): check --auth-token / TURSO_AUTH_TOKEN"
    )


# --------------------------------------------------------------------------- errors

_REMOTE_FAILURE = re.compile(r"Remote SQlite failure: `(-?\d+):(-?\d+):(.*?)`", re.S)
_OFFLINE_WORDS = (
    "unavailable",
    "handshake",
    "error trying to connect",
    "connection refused",
    "connection reset",
    "broken pipe",
    "timed out",
    "timeout",
    "deadline",
    "tcp connect",
    "dns error",
    "network",
)
SQLITE_CONSTRAINT = 19


def _redact(text: str, token: str | None) -> str:
    line = text.strip().splitlines()[0] if text.strip() else "unknown error"
    if token:
        line = line.replace(token, "***")
    return line[:200]


def _constraint_message(code: int, detail: str) -> str:
    if code in (2067, 1555):  # UNIQUE, PRIMARY KEY
        return f"that already exists on the libSQL server ({detail})"
    if code == 787:  # FOREIGN KEY
        return (
            "that refers to something that no longer exists (deleted here or on another "
            "device?)"
        )
    if code in (1299, 275):  # NOT NULL, CHECK
        return f"a value is missing or not allowed ({detail})"
    return f"that breaks a rule of the database ({detail})"


def translate_libsql_error(
    exc: BaseException, address: ServerAddress, token: str | None = None, path: Path | None = None
) -> StoreError:
    """Map a libsql-experimental error (always a plain ValueError) to one clear line."""
    if isinstance(exc, StoreError):
        return exc
    msg = str(exc)
    low = msg.lower()
    remote = _REMOTE_FAILURE.search(msg)
    if remote:
        code, detail = int(remote.group(2)), _redact(remote.group(3), token)
        if code & 0xFF == SQLITE_CONSTRAINT:
            return ConflictError(_constraint_message(code, detail))
        if "transaction timed-out" in detail.lower():
            return LockedError(
                "the libSQL server gave up on a slow transaction: nothing was saved, try again"
            )
        if code & 0xFF in (5, 6):  # BUSY, LOCKED
            return LockedError("the libSQL server is busy: nothing was saved, try again")
        if code & 0xFF == 13:  # FULL
            return StoreError("the libSQL server's disk is full: nothing was saved")
        return StoreError(f"the libSQL server refused the change: {detail}")
    if "unauthenticated" in low or "unauthorized" in low or "status=401" in low:
        return AuthError(auth_message(address))
    if "permissiondenied" in low or "permission denied" in low or "forbidden" in low:
        return AuthError(
            f"the auth token for the libSQL server at {address.display} doesn't allow "
            "writing: changes can't be saved"
        )
    if "wal_index" in low:
        where = str(path) if path else "the store"
        return StoreError(
            f"{where} is a local store, not a libSQL replica: use a new --db file for the "
            "replica (devhub export / import moves your data)"
        )
    if any(word in low for word in _OFFLINE_WORDS):
        reason = "no answer" if ("timeout" in low or "timed out" in low) else "no connection"
        return OfflineError(offline_message(address, reason))
    if "invalid state" in low:
        return StoreError(
            "the connection to the libSQL server was interrupted: nothing was saved, try again"
        )
    return StoreError(f"libSQL error: {_redact(msg, token)}")


# --------------------------------------------------------------------------- parameters
