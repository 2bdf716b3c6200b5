"""Real sync servers for the tests, on 127.0.0.1 only.

- `TursoServer`: Turso's own sync server (`tursodb FILE --sync-server 127.0.0.1:PORT`,
  fetched by scripts/test-servers.sh into .cache/servers/), started on a free loopback
  port, ready once `POST /v2/pipeline` answers, stopped by its pid.
- `StuckServer`: a separate process that accepts TCP connections and never answers
  (a hung server). It must not run in the test process: a client blocked on it must
  never be able to block the server too.

Fixture functions: `turso_server_fixture` (a fresh server and database per test) and
`stuck_server_fixture`; a test module registers them with `pytest.fixture(...)`.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
TURSODB_VERSION = os.environ.get("TURSODB_VERSION", "0.6.0")
TOKEN = "tok-SECRET-7f3a9c-never-shown"

_DIRECT = urllib.request.build_opener(urllib.request.ProxyHandler({}))


def tursodb_binary() -> Path:
    """The tursodb binary (`TURSODB` overrides; fetched on first use when missing)."""
    env = os.environ.get("TURSODB")
    if env:
        return Path(env)
    path = REPO / ".cache" / "servers" / f"tursodb-{TURSODB_VERSION}" / "tursodb"
    if not path.exists():
        subprocess.run(["bash", str(REPO / "scripts" / "test-servers.sh")], check=True)
    assert path.exists(), f"no tursodb at {path}: run scripts/test-servers.sh"
    return path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _stop_pid(proc: subprocess.Popen[bytes]) -> None:
    if proc.poll() is None:
        os.kill(proc.pid, signal.SIGTERM)
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(5)


class TursoServer:
    """One tursodb sync server on 127.0.0.1 (its database file survives restarts)."""

    def __init__(self, directory: Path, port: int | None = None) -> None:
        directory.mkdir(parents=True, exist_ok=True)
        self.dir = directory
        self.db_file = directory / "server.db"
        self.port = port or free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self._starts = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def running(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def start(self, deadline_s: float = 20.0) -> TursoServer:
        assert not self.running
        self._starts += 1
        log = open(self.dir / f"server-{self._starts}.log", "wb")  # noqa: SIM115
        try:
            self.proc = subprocess.Popen(
                [str(tursodb_binary()), str(self.db_file), "--sync-server",
                 f"127.0.0.1:{self.port}"],
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
            )
        finally:
            log.close()
        self._wait_ready(deadline_s)
        return self

    def _wait_ready(self, deadline_s: float) -> None:
        body = json.dumps(
            {"requests": [{"type": "execute", "stmt": {"sql": "SELECT 1"}}]}
        ).encode()
        end = time.monotonic() + deadline_s
        while True:
            assert self.proc is not None
            if self.proc.poll() is not None:
                raise RuntimeError(f"tursodb exited ({self.proc.returncode}): {self.log_tail()}")
            try:
                req = urllib.request.Request(
                    self.url + "/v2/pipeline", data=body, method="POST",
                    headers={"Content-Type": "application/json"},
                )
                with _DIRECT.open(req, timeout=1.0) as resp:
                    if resp.status == 200:
                        return
            except OSError:
                pass
            if time.monotonic() > end:
                self.stop()
                raise RuntimeError(f"tursodb not ready after {deadline_s}s: {self.log_tail()}")
            time.sleep(0.02)

    def stop(self) -> None:
        if self.proc is not None:
            _stop_pid(self.proc)
            self.proc = None

    def restart(self) -> TursoServer:
        self.stop()
        return self.start()

    def log_tail(self, n: int = 2000) -> str:
        logs = sorted(self.dir.glob("server-*.log"))
        return logs[-1].read_text(errors="replace")[-n:] if logs else ""

    def logs(self) -> str:
        return "".join(p.read_text(errors="replace") for p in sorted(self.dir.glob("*.log")))


_STUCK_CODE = """
import signal, socket, sys, time
s = socket.socket()
s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("127.0.0.1", 0))
s.listen(64)
print(s.getsockname()[1], flush=True)
held = []
signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
while True:
    c, _ = s.accept()
    held.append(c)  # never read, never answer, never close
"""


class StuckServer:
    """Accepts connections on 127.0.0.1 and never answers, in its own process."""

    def __init__(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _STUCK_CODE],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline().decode().strip())

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        _stop_pid(self.proc)
        if self.proc.stdout is not None:
            self.proc.stdout.close()


_STATUS_CODE = """
import http.server, sys
status = int(sys.argv[1])
class H(http.server.BaseHTTPRequestHandler):
    def do_POST(self):
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        # echo the Authorization header back: messages built from it must still hide it
        body = ('{"error": "denied for %s"}' % self.headers.get("Authorization")).encode()
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    do_GET = do_POST
    def log_message(self, *args):
        pass
s = http.server.HTTPServer(("127.0.0.1", 0), H)
print(s.server_address[1], flush=True)
s.serve_forever()
"""


class StatusServer(StuckServer):
    """Answers every request with one HTTP status (401, 404, 500...), in its own process."""

    def __init__(self, status: int) -> None:  # noqa: D107 - same shape as StuckServer
        self.proc = subprocess.Popen(
            [sys.executable, "-c", _STATUS_CODE, str(status)],
            stdout=subprocess.PIPE,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        assert self.proc.stdout is not None
        self.port = int(self.proc.stdout.readline().decode().strip())


def turso_server_fixture(tmp_path: Path) -> Iterator[TursoServer]:
    """A fresh server and database per test; use as
    ``turso_server = pytest.fixture(turso_server_fixture, name="turso_server")``."""
    server = TursoServer(tmp_path / "turso-server").start()
    try:
        yield server
    finally:
        server.stop()


def stuck_server_fixture() -> Iterator[StuckServer]:
    server = StuckServer()
    try:
        yield server
    finally:
        server.stop()
