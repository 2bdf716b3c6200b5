"""Shared helpers for the Quick Connect tests: real QR decoding (zbar), PNG
rendering of half-block text, SVG screenshots -> PNG, a fake GitHub API on
127.0.0.1 serving recorded responses, and an HTTP client for the sign-up form.

A missing system tool fails the test with a clear message (never a skip):
`make test-deps` (scripts/test-deps.sh) installs them.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import struct
import subprocess
import zlib
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientSession, web

from devhub_tui.connect.qr import lines_to_matrix

DATA = Path(__file__).parent / "data"


def require_tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(
            f"{name} is not installed: run `make test-deps` (scripts/test-deps.sh installs "
            f"the Debian package {package})",
            pytrace=False,
        )
    return path


# -- images ---------------------------------------------------------------------------
def write_png(path: Path, rows: Sequence[Sequence[bool]], *, px: int = 6, margin: int = 8) -> Path:
    """A black-and-white PNG: True = black; each cell ``px`` x ``px`` pixels, with a
    white margin of ``margin`` cells."""
    width = len(rows[0]) if rows else 0
    rows = [[False] * (width + 2 * margin)] * margin + [
        [False] * margin + list(r) + [False] * margin for r in rows
    ] + [[False] * (width + 2 * margin)] * margin
    w, h = (width + 2 * margin) * px, len(rows) * px
    raw = bytearray()
    for r in rows:
        line = bytearray([0])  # filter: none
        for dark in r:
            line.extend(b"\x00" * px if dark else b"\xff" * px)
        raw.extend(bytes(line) * px)
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data))
            + kind
            + data
            + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
        )
    png = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(bytes(raw), 9))
        + chunk(b"IEND", b"")
    )
    path.write_bytes(png)
    return path


def text_to_png(lines: Sequence[str], path: Path, *, px: int = 6) -> Path:
    """Half-block text (``█ ▀ ▄`` dark, space light) as a PNG, as a terminal shows it
    printed dark on light: each character is one column and two module rows."""
    width = max((len(line) for line in lines), default=0)
    padded = [line.ljust(width) for line in lines]
    return write_png(path, lines_to_matrix(padded), px=px)


_BLOCKS = re.compile(r"^[ █▀▄]+$")


def qr_block(text: str) -> list[str]:
    """The QR code lines of printed output: the longest run of lines made only of
    half blocks and spaces (that contains at least one block)."""
    best: list[str] = []
    run: list[str] = []
    for line in text.splitlines() + [""]:
        if line and _BLOCKS.match(line):
            run.append(line)
            continue
        if any(ch != " " for ln in run for ch in ln) and len(run) > len(best):
            best = run
        run = []
    return best


def zbar_decode(png: Path) -> list[str]:
    """Every QR payload zbarimg finds in a PNG (CRLF kept as zbar reports it)."""
    exe = require_tool("zbarimg", "zbar-tools")
    res = subprocess.run(
        [exe, "--raw", "-q", "-Sdisable", "-Sqrcode.enable", str(png)],
        capture_output=True,
        timeout=60,
    )
    if res.returncode not in (0, 4):
        pytest.fail(f"zbarimg failed ({res.returncode}): {res.stderr.decode(errors='replace')}")
    out = res.stdout.decode("utf-8")
    return [out] if out.strip() else []


def same_payload(decoded: str, expected: str) -> bool:
    """zbar turns CRLF into LF and appends a newline: compare modulo that."""
    def norm(s: str) -> str:
        return s.replace("\r\n", "\n").rstrip("\n")
    return norm(decoded) == norm(expected)


FONTS_CONF = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <match target="pattern">
    <test name="family"><string>Fira Code</string></test>
    <edit name="family" mode="assign" binding="strong"><string>DejaVu Sans Mono</string></edit>
  </match>
</fontconfig>
"""


def svg_to_png(svg: Path, png: Path, *, zoom: float = 2.0) -> Path:
    """Render a textual SVG screenshot with rsvg-convert (the monospace font the SVG
    asks for, Fira Code, is mapped to DejaVu Sans Mono so cells line up)."""
    exe = require_tool("rsvg-convert", "librsvg2-bin")
    conf = svg.with_suffix(".fonts.conf")
    conf.write_text(FONTS_CONF)
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    res = subprocess.run(
        [exe, "-z", str(zoom), "-o", str(png), str(svg)],
        capture_output=True,
        env=env,
        timeout=120,
    )
    if res.returncode != 0:
        pytest.fail(f"rsvg-convert failed: {res.stderr.decode(errors='replace')}")
    return png


# -- a fake GitHub API (recorded responses) on 127.0.0.1 ---------------------------------
@dataclass
class FakeGitHub:
    """Serves /users/<login> from tests/data/github/<login>.json; ``mode`` switches to
    a rate-limited (403) or broken (500) API."""

    mode: str = "ok"
    requests: list[str] = field(default_factory=list)
    #: the logins whose repositories were asked for (/users/<login>/repos)
    repo_requests: list[str] = field(default_factory=list)
    url: str = ""
    _runner: web.AppRunner | None = None

    async def _user(self, request: web.Request) -> web.StreamResponse:
        login = request.match_info["login"]
        self.requests.append(login)
        if self.mode == "rate-limited":
            return web.json_response(
                {
                    "message": "API rate limit exceeded for 127.0.0.1.",
                    "documentation_url": "https://docs.github.com/rest/overview/rate-limits",
                },
                status=403,
                headers={"X-RateLimit-Limit": "60", "X-RateLimit-Remaining": "0"},
            )
        if self.mode == "broken":
            return web.Response(status=500, text="oops")
        path = DATA / "github" / f"{login.lower()}.json"
        if not path.exists():
            return web.json_response(
                {"message": "Not Found", "documentation_url": "https://docs.github.com/rest"},
                status=404,
            )
        return web.json_response(json.loads(path.read_text()))

    async def _repos(self, request: web.Request) -> web.StreamResponse:
        """tests/data/github/<login>.repos.json (an empty list when there is none)."""
        login = request.match_info["login"]
        self.repo_requests.append(login)
        if self.mode != "ok":
            return web.Response(status=500, text="oops")
        path = DATA / "github" / f"{login.lower()}.repos.json"
        return web.json_response(json.loads(path.read_text()) if path.exists() else [])

    async def start(self) -> FakeGitHub:
        app = web.Application()
        app.router.add_get("/users/{login}", self._user)
        app.router.add_get("/users/{login}/repos", self._repos)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.url = f"http://127.0.0.1:{port}"
        return self

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()


def closed_port_url() -> str:
    """An http URL on 127.0.0.1 where nothing listens (connection refused: 'offline')."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"


# -- the sign-up form over real HTTP ------------------------------------------------------
_CSRF_RE = re.compile(r'name="csrf" value="([^"]*)"')


def csrf_from(html: str) -> str:
    m = _CSRF_RE.search(html)
    assert m, html[:500]
    return m.group(1)


async def get_form(session: ClientSession, url: str) -> tuple[int, str, str | None]:
    """GET the form page: (status, html, csrf value or None)."""
    async with session.get(url) as resp:
        html = await resp.text()
        m = _CSRF_RE.search(html)
        return resp.status, html, (m.group(1) if m else None)


async def post_form(
    session: ClientSession, url: str, data: dict[str, Any], **kwargs: Any
) -> tuple[int, str, Any]:
    async with session.post(url, data=data, **kwargs) as resp:
        return resp.status, await resp.text(), resp.headers


async def sign_up(session: ClientSession, url: str, **fields: str) -> tuple[int, str]:
    """Open the form and send it, like a browser would (cookie jar kept by the session)."""
    status, html, csrf = await get_form(session, url)
    assert status == 200 and csrf, html[:500]
    status, body, _ = await post_form(session, url, {"csrf": csrf, **fields})
    return status, body
