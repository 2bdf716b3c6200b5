"""`devhub qr`: the printed QR code decodes (zbar), and event mode serves the form."""

from __future__ import annotations

import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from aiohttp import ClientSession, CookieJar
from argon2 import PasswordHasher

from devhub_tui.connect.card import unfold, vcard
from devhub_tui.connect.store import ConnectStore, Profile, TokenRejected, check_token
from devhub_tui.connect.tokens import hash_token
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import open_database
from devhub_tui.storage.session_file import save_secret
from devhub_tui.storage.store import Store
from tests.connect_support import (
    closed_port_url,
    qr_block,
    same_payload,
    sign_up,
    text_to_png,
    zbar_decode,
)

from .cli_helpers import assert_clean_error, run_cli


@pytest.fixture
def ada(db_path: Path) -> str:
    """User 'ada' with a saved session (the CLI acts as her)."""
    db = open_database(db_path)
    auth = Auth(db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    user = auth.create_user("ada", "password1")
    save_secret(db_path, auth.create_session(user.id), "ada")
    db.close()
    return user.id


def _env() -> dict[str, str]:
    return dict(os.environ, DEVHUB_GITHUB_API=closed_port_url())


def decode_printed(stdout: str, tmp_path: Path) -> str:
    lines = qr_block(stdout)
    assert lines, stdout
    decoded = zbar_decode(text_to_png(lines, tmp_path / "printed.png"))
    assert decoded, "zbar found no QR code in the printed output"
    return decoded[0]


def test_card_qr_scans_to_my_vcard(ada: str, db_path: Path, tmp_path: Path) -> None:
    db = open_database(db_path)
    profile = ConnectStore(db, ada).save_profile(
        Profile(
            name="Ada Lovelace",
            headline="Analyst, Engine; notes",
            email="ada@example.com",
            phone="+44 20 7946 0000",
            github="ada",
            website="https://ada.dev",
            shared=["name", "headline", "email", "phone", "github", "website"],
        )
    )
    db.close()
    res = run_cli("qr", env=_env())
    assert res.returncode == 0, res.stderr
    assert "\x1b[" not in res.stdout  # not a terminal: plain text
    expected = vcard(profile)
    assert same_payload(decode_printed(res.stdout, tmp_path), expected)
    # the text of what it encodes is printed too
    for line in unfold(expected):
        assert line in res.stdout.splitlines()
    assert "TEL;TYPE=CELL:+44 20 7946 0000" in res.stdout
    assert res.stderr == ""


def test_card_without_profile_uses_the_username(ada: str, tmp_path: Path) -> None:
    res = run_cli("qr", env=_env())
    assert res.returncode == 0
    decoded = decode_printed(res.stdout, tmp_path)
    assert "FN:ada" in decoded
    assert "fill in your card" in res.stderr


def test_qr_needs_a_login(db_path: Path) -> None:
    assert_clean_error(run_cli("qr"), "not logged in")


def test_qr_option_errors(ada: str) -> None:
    assert_clean_error(run_cli("qr", "--expires", "2h"), "--expires and --max-uses go with --event")
    assert_clean_error(
        run_cli("qr", "--event", "X", "--expires", "soon", "--host", "127.0.0.1"),
        "not a duration",
    )
    assert_clean_error(
        run_cli("qr", "--event", "X", "--max-uses", "0", "--host", "127.0.0.1"), "max uses"
    )


def test_busy_port_is_one_clear_line(ada: str) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        res = run_cli("qr", "--event", "X", "--host", "127.0.0.1", "--port", str(port))
    assert_clean_error(res, f"port {port} on 127.0.0.1 is already in use")


def test_host_that_is_not_ours_is_one_clear_line(ada: str) -> None:
    # binding only asks the kernel: no packet leaves the machine
    res = run_cli("qr", "--event", "X", "--host", "198.51.100.77", "--port", "0")
    assert_clean_error(res, "198.51.100.77 is not an address of this machine")


class Served:
    """`devhub qr --event` running in a subprocess; stdout read line by line."""

    def __init__(self, *args: str) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "devhub_tui", "qr", *args],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=_env(),
        )
        self.lines: queue.Queue[str] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.put(line.rstrip("\n"))

    def wait_for(self, prefix: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                line = self.lines.get(timeout=0.2)
            except queue.Empty:
                if self.proc.poll() is not None and self.lines.empty():
                    err = self.proc.stderr.read() if self.proc.stderr else ""
                    pytest.fail(f"devhub qr exited {self.proc.returncode}: {err}")
                continue
            self.seen.append(line)
            if line.startswith(prefix):
                return line
        pytest.fail(f"no line starting with {prefix!r} in {timeout}s: {self.seen}")

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(10)


@pytest.fixture
def served() -> Iterator[list[Served]]:
    running: list[Served] = []
    yield running
    for s in running:
        s.stop()


async def test_event_mode_serves_the_form_until_ctrl_c(
    ada: str, db_path: Path, tmp_path: Path, served: list[Served]
) -> None:
    s = Served(
        "--event", "RustConf", "--location", "Montréal", "--expires", "2h", "--max-uses", "5",
        "--host", "127.0.0.1", "--port", "0",
    )
    served.append(s)
    url = s.wait_for("http://127.0.0.1:")
    assert "/c/" in url
    line = s.wait_for("Serving the sign-up form until Ctrl-C; the link expires in ")
    # 2h, or 1h 59m when the clock ticked past a minute boundary while starting
    assert line.split("expires in ", 1)[1].startswith(("2h", "1h 59m")), line
    # the printed QR code is the link
    printed = "\n".join(s.seen)
    assert "Quick Connect · RustConf · Montréal" in printed
    assert same_payload(decode_printed(printed, tmp_path), url)
    # someone signs up over real HTTP
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
        status, body = await sign_up(
            http, url, name="Ferris [b]Crab[/b]", email="ferris@example.com", github="ferris",
            talk="borrow checker",
        )
    assert status == 200 and "Thanks, Ferris [b]Crab[/b]!" in body
    assert s.wait_for("new contact:") == "new contact: Ferris [b]Crab[/b] (met at RustConf)"
    # Ctrl-C stops it cleanly and ends the link
    s.proc.send_signal(signal.SIGINT)
    assert s.proc.wait(20) == 0
    s.wait_for("stopped: 1 sign-up")
    stderr = s.proc.stderr.read() if s.proc.stderr else ""
    assert "Traceback" not in stderr
    assert "No GitHub prefill" in stderr and stderr.count("No GitHub prefill") == 1
    db = open_database(db_path)
    try:
        [c] = Store(db, ada).list_contacts()
        assert (c.name, c.email, c.github, c.tags) == (
            "Ferris [b]Crab[/b]", "ferris@example.com", "ferris", ["rustconf"],
        )
        with pytest.raises(TokenRejected):
            check_token(db, hash_token(url.rsplit("/", 1)[1]))
    finally:
        db.close()
