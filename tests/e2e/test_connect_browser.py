"""A phone fills in the sign-up form: headless Chromium (mobile viewport, touch),
driven over the DevTools protocol, against the real server on 127.0.0.1.

Chromium comes from Debian (`chromium`, installed by scripts/test-deps.sh). It is
started with every background service off, DNS mapped to nowhere and a dead proxy
for anything but loopback, so the only traffic is to our server on 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import itertools
import json
import shutil
import subprocess
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from devhub_tui.connect import github
from devhub_tui.connect.server import ConnectServer
from devhub_tui.connect.store import ConnectStore, NewContact, Profile
from devhub_tui.connect.tokens import HOUR_MS
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from tests.connect_support import closed_port_url

PHONE_UA = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1"
)
PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}


def chromium_path() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    pytest.fail(
        "Chromium is not installed: run `make test-deps` (scripts/test-deps.sh installs "
        "Debian's chromium package); the browser test needs a real browser",
        pytrace=False,
    )


class CDP:
    """A minimal DevTools-protocol client over aiohttp's websocket client."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.ids = itertools.count(1)
        self.pending: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.events: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.reader = asyncio.get_running_loop().create_task(self._read())

    async def _read(self) -> None:
        async for msg in self.ws:
            if msg.type != aiohttp.WSMsgType.TEXT:
                continue
            data = json.loads(msg.data)
            if "id" in data and data["id"] in self.pending:
                self.pending.pop(data["id"]).set_result(data)
            elif "method" in data:
                self.events.put_nowait(data)
        for fut in self.pending.values():  # the browser went away
            fut.set_exception(ConnectionError("Chromium closed the DevTools connection"))
        self.pending.clear()

    async def send(self, method: str, params: dict[str, Any] | None = None,
                   session: str | None = None) -> dict[str, Any]:
        n = next(self.ids)
        fut: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self.pending[n] = fut
        msg: dict[str, Any] = {"id": n, "method": method, "params": params or {}}
        if session:
            msg["sessionId"] = session
        await self.ws.send_str(json.dumps(msg))
        reply = await asyncio.wait_for(fut, 30)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        return dict(reply.get("result", {}))

    async def wait_event(self, method: str, timeout: float = 30) -> dict[str, Any]:
        async with asyncio.timeout(timeout):
            while True:
                event = await self.events.get()
                if event["method"] == method:
                    return event

    def drain(self) -> None:
        while not self.events.empty():
            self.events.get_nowait()


class Phone:
    """One browser tab emulating a phone."""

    def __init__(self, cdp: CDP, session: str) -> None:
        self.cdp = cdp
        self.session = session

    async def send(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        return await self.cdp.send(method, params, self.session)

    async def js(self, expression: str) -> Any:
        result = await self.send(
            "Runtime.evaluate", {"expression": expression, "returnByValue": True}
        )
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    async def open(self, url: str) -> None:
        self.cdp.drain()
        await self.send("Page.navigate", {"url": url})
        await self.cdp.wait_event("Page.loadEventFired")

    async def tap(self, selector: str) -> None:
        """Scroll the element into view and tap its centre with a finger."""
        rect = await self.js(
            f"(() => {{ const e = document.querySelector({json.dumps(selector)});"
            " e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();"
            " return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()"
        )
        point = [{"x": rect["x"], "y": rect["y"]}]
        await self.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": point})
        await self.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})

    async def type_into(self, selector: str, text: str) -> None:
        await self.tap(selector)
        focused = await self.js(f"document.activeElement === document.querySelector("
                                f"{json.dumps(selector)})")
        assert focused, f"tapping {selector} did not focus it"
        await self.send("Input.insertText", {"text": text})

    async def screenshot(self, path: Path) -> None:
        shot = await self.send("Page.captureScreenshot", {"format": "png"})
        path.write_bytes(base64.b64decode(shot["data"]))


@contextlib.asynccontextmanager
async def chromium(tmp_path: Path) -> AsyncIterator[Phone]:
    exe = chromium_path()
    profile = tmp_path / "chromium-profile"
    profile.mkdir()
    proc = subprocess.Popen(
        [
            exe,
            "--headless=new",
            "--no-sandbox",  # tests run as root in a container
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-first-run",
            "--no-default-browser-check",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-domain-reliability",
            "--disable-features=OptimizationHints,MediaRouter,Translate",
            "--metrics-recording-only",
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--proxy-server=http://127.0.0.1:9",  # anything but loopback goes nowhere
            "--remote-debugging-address=127.0.0.1",
            "--remote-debugging-port=0",
            f"--user-data-dir={profile}",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        port_file = profile / "DevToolsActivePort"
        deadline = time.monotonic() + 60
        while not port_file.exists() or len(port_file.read_text().splitlines()) < 2:
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                pytest.fail(f"Chromium exited at start ({proc.returncode}): {err[-2000:]}")
            if time.monotonic() > deadline:
                pytest.fail("Chromium did not open its DevTools port within 60 s")
            await asyncio.sleep(0.1)
        port, path = port_file.read_text().splitlines()[:2]
        async with aiohttp.ClientSession() as http, http.ws_connect(
            f"ws://127.0.0.1:{port}{path}", max_msg_size=64 * 1024 * 1024
        ) as ws:
            cdp = CDP(ws)
            target = await cdp.send("Target.createTarget", {"url": "about:blank"})
            attached = await cdp.send(
                "Target.attachToTarget", {"targetId": target["targetId"], "flatten": True}
            )
            phone = Phone(cdp, attached["sessionId"])
            await phone.send("Page.enable")
            await phone.send("Runtime.enable")
            await phone.send("Emulation.setDeviceMetricsOverride", PHONE)
            await phone.send("Emulation.setUserAgentOverride", {"userAgent": PHONE_UA})
            await phone.send("Emulation.setTouchEmulationEnabled",
                             {"enabled": True, "maxTouchPoints": 5})
            try:
                yield phone
            finally:
                # ask the browser to quit; it closes the socket instead of answering
                await ws.send_str(json.dumps({"id": 0, "method": "Browser.close"}))
                with contextlib.suppress(subprocess.TimeoutExpired):
                    await asyncio.to_thread(proc.wait, 15)
                cdp.reader.cancel()
    finally:
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(10)
        if proc.poll() is None:
            proc.kill()
            proc.wait(10)


@pytest.fixture(autouse=True)
def offline_github(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(github.ENV_API, closed_port_url())


async def test_a_phone_signs_up_through_the_form(
    db: Database, auth: Auth, tmp_path: Path
) -> None:
    user = auth.create_user("ada", "password1")
    connect = ConnectStore(db, user.id)
    connect.save_profile(Profile(name="Ada Lovelace"))
    token = connect.create_token(connect.event_for("JSConf EU", "Berlin"), ttl_ms=HOUR_MS)
    added: list[NewContact] = []
    server = ConnectServer(db, host="127.0.0.1", port=0, owner="Ada Lovelace",
                           on_contact=added.append)
    await server.start()
    url = server.link(token.secret)
    name = "Zoë <b>Bold</b> [bold]x[/bold]"
    try:
        async with chromium(tmp_path) as phone:
            await phone.open(url)
            assert await phone.js("document.title") == "Connect with Ada Lovelace"
            layout = await phone.js(
                "({scroll: document.documentElement.scrollWidth, width: innerWidth,"
                " input: document.getElementById('name').getBoundingClientRect().width,"
                " font: parseFloat(getComputedStyle(document.getElementById('name')).fontSize),"
                " button: document.getElementById('send').getBoundingClientRect().height,"
                " styled: getComputedStyle(document.getElementById('send')).backgroundColor})"
            )
            # mobile-friendly: no sideways scrolling, full-width fields, no zoom-on-focus
            assert layout["width"] == 390 and layout["scroll"] <= layout["width"]
            assert layout["input"] >= 0.8 * layout["width"]
            assert layout["font"] >= 16 and layout["button"] >= 44
            assert layout["styled"] == "rgb(47, 111, 237)"  # the CSP let the hashed style in
            privacy = await phone.js("document.getElementById('privacy').innerText")
            assert "saved in Ada Lovelace's own devhub contacts file" in privacy
            await phone.screenshot(tmp_path / "form.png")
            await phone.type_into("#name", name)
            await phone.type_into("#email", "zoe@example.com")
            await phone.type_into("#talk", "WebGPU and coffee")
            phone.cdp.drain()
            await phone.tap("#send")
            await phone.cdp.wait_event("Page.loadEventFired")
            thanks = await phone.js("document.getElementById('thanks').textContent")
            assert thanks == f"Thanks, {name}!"
            assert await phone.js("document.querySelectorAll('b, script').length") == 0
            await phone.screenshot(tmp_path / "thanks.png")
    finally:
        await server.stop()
    [new] = added
    c = Store(db, user.id).get_contact(new.contact_id)
    assert (c.name, c.email, c.tags) == (name, "zoe@example.com", ["jsconf-eu"])
    [ix] = Store(db, user.id).list_interactions(contact_id=c.id)
    assert ix.notes == "met at JSConf EU\n\nWebGPU and coffee"
