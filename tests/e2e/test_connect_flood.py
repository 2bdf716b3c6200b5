"""The sign-up form under abuse, over real TCP on 127.0.0.1: a flood of idle
connections against `devhub qr --event` with a 1,024 open-file limit, requests
trickled in or left idle, malformed requests, hostile bodies."""

from __future__ import annotations

import asyncio
import logging
import os
import queue
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import AsyncIterator, Iterator

import pytest
from aiohttp import ClientSession, CookieJar

from devhub_tui.connect.guard import QuietLog
from devhub_tui.connect.server import ConnectServer
from devhub_tui.connect.store import ConnectStore, Profile
from devhub_tui.connect.tokens import HOUR_MS
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from tests.connect_support import closed_port_url, get_form, post_form

FLOOD = 1100
NOFILE = 1024


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _nofile_1024() -> None:
    """In the server's process: the usual open-file limit."""
    resource.setrlimit(resource.RLIMIT_NOFILE, (NOFILE, NOFILE))


def open_idle(port: int, count: int) -> list[socket.socket]:
    """``count`` connections to 127.0.0.1:port that never send a byte. Stops early
    when the server no longer completes connections (3 timeouts in a row)."""
    socks: list[socket.socket] = []
    misses = 0
    for _ in range(count):
        s = socket.socket()
        s.settimeout(3.0)
        try:
            s.connect(("127.0.0.1", port))
        except OSError:
            s.close()
            misses += 1
            if misses >= 3:
                break
            continue
        misses = 0
        socks.append(s)
    return socks


def visit(url: str) -> tuple[int | str, float]:
    """A visitor opens the form: (status or error, seconds)."""
    start = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            status: int | str = resp.status
            resp.read()
    except OSError as exc:
        status = type(exc).__name__
    return status, time.monotonic() - start


class QrServer:
    """`devhub qr --event` in a subprocess with a 1,024 open-file limit."""

    def __init__(self, port: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devhub_tui", "qr", "--event", "Flood", "--host",
             "127.0.0.1", "--port", str(port)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=dict(os.environ, DEVHUB_GITHUB_API=closed_port_url()),
            preexec_fn=_nofile_1024,
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.stderr = bytearray()
        threading.Thread(target=self._out, daemon=True).start()
        threading.Thread(target=self._err, daemon=True).start()

    def _out(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.strip())

    def _err(self) -> None:
        assert self.proc.stderr is not None
        while chunk := self.proc.stderr.buffer.read1(65536):
            self.stderr += chunk

    def url(self) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                assert self.proc.poll() is None, bytes(self.stderr).decode()
                continue
            if line.startswith("http://127.0.0.1:"):
                return line
        raise AssertionError("devhub qr printed no link")

    def open_files(self) -> int:
        return len(os.listdir(f"/proc/{self.proc.pid}/fd"))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def qr_server(signed_in_store: Store) -> Iterator[QrServer]:
    server = QrServer(_free_port())
    yield server
    server.stop()


def test_the_form_answers_within_a_second_under_1100_idle_connections(
    qr_server: QrServer,
) -> None:
    url = qr_server.url()
    port = int(url.split(":")[2].split("/")[0])
    assert visit(url)[0] == 200
    socks = open_idle(port, FLOOD)
    try:
        # they are all connected, none sends anything; a real visitor still gets in
        assert len(socks) > NOFILE
        for _ in range(3):
            status, took = visit(url)
            assert status == 200 and took < 1.0, (status, took)
            time.sleep(0.2)
        # the server holds far fewer than its 1,024 files (the oldest idle ones went)
        assert qr_server.open_files() < NOFILE // 2
    finally:
        for s in socks:
            s.close()
    assert visit(url)[0] == 200
    # a few short lines at most: no traceback per refused connection
    text = bytes(qr_server.stderr).decode(errors="replace")
    assert "Traceback" not in text and "Too many open files" not in text, text[:2000]
    assert len(text) < 2000 and len(text.splitlines()) <= 5, text[:2000]
    qr_server.proc.send_signal(2)  # Ctrl-C still stops it cleanly
    assert qr_server.proc.wait(20) == 0


# -- the same defences, in-process (short timeouts) ----------------------------------


async def _env(db: Database, auth: Auth, **kwargs: object) -> tuple[ConnectServer, str]:
    user = auth.create_user("ada", "password1")
    connect = ConnectStore(db, user.id)
    connect.save_profile(Profile(name="Ada Lovelace"))
    token = connect.create_token(connect.event_for("Flood", "", ""), ttl_ms=HOUR_MS)
    server = ConnectServer(db, host="127.0.0.1", port=0, github_lookup=False, **kwargs)  # type: ignore[arg-type]
    await server.start()
    return server, server.link(token.secret)


@pytest.fixture
async def quick(db: Database, auth: Auth) -> AsyncIterator[tuple[ConnectServer, str]]:
    server, url = await _env(db, auth, header_timeout=0.4, idle_timeout=0.8)
    yield server, url
    await server.stop()


async def _closed(reader: asyncio.StreamReader, within: float) -> bool:
    """True when the server closes the connection within ``within`` seconds."""
    try:
        async with asyncio.timeout(within):
            while await reader.read(65536):
                pass
    except TimeoutError:
        return False
    except ConnectionError:
        return True
    return True


async def test_a_request_trickled_in_is_cut_off_at_the_header_timeout(
    quick: tuple[ConnectServer, str],
) -> None:
    server, url = quick
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    start = time.monotonic()
    writer.write(b"GET /c/x HTTP/1.1\r\n")
    # one header byte every 0.1 s: the connection is never idle, but never done
    closed = False
    for _ in range(30):
        await asyncio.sleep(0.1)
        try:
            writer.write(b"X")
            await writer.drain()
        except ConnectionError:
            closed = True
            break
        if reader.at_eof() or await _closed(reader, 0.001):
            closed = True
            break
    took = time.monotonic() - start
    writer.close()
    assert closed and took < 1.5, took
    assert server.guard.timed_out >= 1


async def test_idle_connections_are_closed_and_busy_ones_are_not(
    quick: tuple[ConnectServer, str],
) -> None:
    server, url = quick
    # connected, nothing sent: closed at the header timeout
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    assert await _closed(reader, 2.0)
    writer.close()
    # kept alive after an answer: closed once idle for idle_timeout
    path = url.split(str(server.port), 1)[1]
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n\r\n".encode())
    head = await reader.readuntil(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 200")
    start = time.monotonic()
    assert await _closed(reader, 3.0)
    assert 0.5 < time.monotonic() - start < 2.5
    writer.close()
    assert server.guard.open_connections == 0


async def test_a_flood_from_one_client_makes_room_for_a_new_visitor(
    db: Database, auth: Auth
) -> None:
    server, url = await _env(db, auth, max_connections=(24, 8))
    try:
        idle = [await asyncio.open_connection("127.0.0.1", server.port) for _ in range(40)]
        await asyncio.sleep(0.1)
        assert server.guard.open_connections <= 8  # the oldest idle ones were closed
        assert server.guard.evicted >= 32
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
            start = time.monotonic()
            status, html, csrf = await get_form(http, url)
            assert status == 200 and csrf and time.monotonic() - start < 1.0
        for _, w in idle:
            w.close()
    finally:
        await server.stop()


# -- malformed requests: a 400 page with our headers, one short log line -------------

def _head(raw: bytes) -> tuple[int, dict[str, str], bytes]:
    head, _, body = raw.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers: dict[str, str] = {}
    for line in lines[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    return int(lines[0].split()[1]), headers, body


async def _raw(port: int, data: bytes) -> bytes:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    await writer.drain()
    async with asyncio.timeout(5):
        out = await reader.read()
    writer.close()
    return out


@pytest.fixture
async def served(db: Database, auth: Auth) -> AsyncIterator[tuple[ConnectServer, str]]:
    server, url = await _env(db, auth)
    yield server, url
    await server.stop()


async def test_malformed_requests_get_our_400_page_and_one_short_line(
    served: tuple[ConnectServer, str], caplog: pytest.LogCaptureFixture
) -> None:
    server, url = served
    server.quiet.burst = 100  # every line, to count them
    host = f"127.0.0.1:{server.port}".encode()
    path = url.split(str(server.port), 1)[1].encode()
    form = b"Connection: close\r\nContent-Type: application/x-www-form-urlencoded"
    cases = {
        "GET *": b"GET * HTTP/1.1\r\nHost: " + host + b"\r\n\r\n",
        "100 KB header": b"GET " + path + b" HTTP/1.1\r\nHost: " + host
        + b"\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n",
        "duplicate Host": b"GET " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\nHost: "
        + host + b"\r\n\r\n",
        "0xFF in the body": b"POST " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\n" + form
        + b"\r\nContent-Length: 9\r\n\r\nname=\xff\xfe\x1b[",
        "unknown charset": b"POST " + path + b" HTTP/1.1\r\nHost: " + host + b"\r\n" + form
        + b"; charset=x-no-such\r\nContent-Length: 6\r\n\r\nname=x",
        "escape in the method": b"G\x1b]0;pwned\x07ET / HTTP/1.1\r\n\r\n",
    }
    for what, data in cases.items():
        caplog.clear()
        with caplog.at_level(logging.DEBUG):
            status, headers, body = _head(await _raw(server.port, data))
        assert status == 400, what
        assert headers["server"] == "devhub", what  # no aiohttp or Python version
        assert headers["x-frame-options"] == "DENY", what
        assert "default-src 'none'" in headers["content-security-policy"], what
        assert headers["content-type"].startswith("text/html"), what
        assert b"Bad request" in body and b"aaaa" not in body, what
        records = [r for r in caplog.records if r.levelno >= logging.WARNING]
        assert len(records) <= 1, (what, [r.getMessage() for r in records])
        for r in records:
            line = r.getMessage()
            assert r.exc_info is None and "\n" not in line and len(line) < 240, (what, line)
            assert "\x1b" not in line and "\x07" not in line, (what, line)
    assert Store(server.db, server.db.conn().execute(
        "SELECT id FROM users").fetchone()[0]).list_contacts() == []
    # and the form still works
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
        assert (await get_form(http, url))[0] == 200


async def test_accept_errors_are_logged_quietly(
    served: tuple[ConnectServer, str], caplog: pytest.LogCaptureFixture
) -> None:
    loop = asyncio.get_running_loop()
    with caplog.at_level(logging.DEBUG):
        for _ in range(1000):  # what asyncio reports for each failed accept()
            loop.call_exception_handler({
                "message": "socket.accept() out of system resource",
                "exception": OSError(24, "Too many open files"),
            })
    lines = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert 1 <= len(lines) <= 5
    assert all(r.exc_info is None and "Too many open files" in r.getMessage() for r in lines)


def test_quiet_log_says_how_much_it_held_back(caplog: pytest.LogCaptureFixture) -> None:
    now = [0.0]
    quiet = QuietLog(burst=2, window=10.0, clock=lambda: now[0])
    with caplog.at_level(logging.WARNING):
        assert [quiet.say(f"line {n}") for n in range(5)] == [True, True, False, False, False]
        now[0] = 11.0
        assert quiet.say("later")
    messages = [r.getMessage() for r in caplog.records]
    assert messages == [
        "devhub: Quick Connect: line 0",
        "devhub: Quick Connect: line 1",
        "devhub: Quick Connect: later (3 more like this held back)",
    ]


async def test_invisible_and_bidi_names_through_the_form(
    served: tuple[ConnectServer, str],
) -> None:
    server, url = served
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
        _, _, csrf = await get_form(http, url)
        status, page, _ = await post_form(http, url, {"csrf": csrf, "name": "\u200b\u200d\ufeff"})
        assert status == 400 and 'id="name-error"' in page
        _, _, csrf = await get_form(http, url)
        status, page, _ = await post_form(
            http, url, {"csrf": csrf, "name": "Eve \u202egnp.exe\u202c \u2066Mallory\u2069"}
        )
        assert status == 200
    user_id = server.db.conn().execute("SELECT id FROM users").fetchone()[0]
    assert [c.name for c in Store(server.db, user_id).list_contacts()] == [
        "Eve gnp.exe Mallory"
    ]

