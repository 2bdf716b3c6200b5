"""The sign-up form running inside the app, flooded with idle connections while the
process has few open files to spare: visitors still get the form within a second
and the app keeps answering keys."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import ClientSession, ClientTimeout, CookieJar
from textual.widgets import Input

from devhub_tui.connect import github
from devhub_tui.connect.lan import ENV_HOST, ENV_PORT
from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.help import HelpScreen
from devhub_tui.tui.screens.quick_connect import EventForm, live_event
from tests.connect_support import closed_port_url, get_form

from .conftest import SIZE, click_button, wait_for
from .test_quick_connect import settle

#: 1,100 connections that never send a byte, from another process
FLOOD = r"""
import socket, sys
socks, misses = [], 0
for _ in range(int(sys.argv[2])):
    s = socket.socket()
    s.settimeout(3)
    try:
        s.connect(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        misses += 1
        if misses == 3:  # the server no longer takes any
            break
        continue
    misses = 0
    socks.append(s)
print(len(socks), flush=True)
sys.stdin.read()
"""


def _full_limit() -> None:
    """In the flooding process: back to the hard open-file limit."""
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


@pytest.fixture
def few_files() -> Iterator[int]:
    """This process may open only ~600 more files while the test runs."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    used = len(os.listdir("/proc/self/fd"))
    low = used + 600
    resource.setrlimit(resource.RLIMIT_NOFILE, (low, hard))
    try:
        yield low
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


async def test_the_app_and_its_form_stay_responsive_under_a_flood(
    make_app: Any, signed_in_store: Store, monkeypatch: pytest.MonkeyPatch, few_files: int
) -> None:
    monkeypatch.setenv(ENV_HOST, "127.0.0.1")
    monkeypatch.setenv(ENV_PORT, "0")
    monkeypatch.setenv(github.ENV_API, closed_port_url())
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EventForm)
        app.screen.query_one("#ev-name", Input).value = "Flood Con"
        await click_button(pilot, "#ev-start")
        await wait_for(pilot, lambda: live_event(app) is not None and live_event(app).url)
        live = live_event(app)
        assert live is not None and live.server is not None
        port = live.server.port
        flood = subprocess.Popen(
            [sys.executable, "-c", FLOOD, str(port), "1100"],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, preexec_fn=_full_limit,
        )
        try:
            # the app's loop accepts them while the flood opens them (and holds them)
            opened: list[int] = []
            threading.Thread(
                target=lambda: opened.append(int(flood.stdout.readline() or 0)),  # type: ignore[union-attr]
                daemon=True,
            ).start()
            await wait_for(pilot, lambda: bool(opened), timeout=60)
            assert opened[0] > few_files  # more than the app could hold
            timeout = ClientTimeout(total=5)
            async with ClientSession(cookie_jar=CookieJar(unsafe=True), timeout=timeout) as http:
                for _ in range(3):
                    start = time.monotonic()
                    status, _, csrf = await get_form(http, live.url)
                    took = time.monotonic() - start
                    assert status == 200 and csrf and took < 1.0, took
            # keys still work at once
            start = time.monotonic()
            await pilot.press("question_mark")
            await wait_for(pilot, lambda: isinstance(app.screen, HelpScreen), timeout=1)
            assert time.monotonic() - start < 1.0
            await pilot.press("escape")
            assert len(os.listdir("/proc/self/fd")) < few_files - 100
        finally:
            flood.kill()
            flood.wait(10)
        await pilot.press("s")
        await settle(pilot)
