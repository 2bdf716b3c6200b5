"""Quick Connect in the app: the QR code really scans (SVG screenshot -> PNG -> zbar),
my card editor, and event mode with a sign-up over real HTTP on 127.0.0.1."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from aiohttp import ClientConnectorError, ClientSession, CookieJar
from textual.widgets import Checkbox, Input, Static
from textual.widgets._toast import Toast

from devhub_tui.connect import github
from devhub_tui.connect.card import vcard
from devhub_tui.connect.lan import ENV_HOST, ENV_PORT
from devhub_tui.connect.store import ConnectStore, Profile, TokenRejected, check_token
from devhub_tui.connect.tokens import hash_token
from devhub_tui.storage.ids import system_clock
from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.profile import ProfileEditor
from devhub_tui.tui.screens.quick_connect import (
    SERVER_GROUP,
    EventForm,
    QuickConnectScreen,
    live_event,
)
from devhub_tui.tui.widgets.qr_view import QRView
from devhub_tui.tui.widgets.row_list import RowList
from tests.clock_support import FixedClock
from tests.connect_support import (
    closed_port_url,
    same_payload,
    sign_up,
    svg_to_png,
    zbar_decode,
)

from .conftest import SIZE, click_button, wait_for


async def settle(pilot: Any) -> None:
    """Like conftest.settle, but never waits on the (long-running) sign-up server."""
    app = pilot.app
    for _ in range(3):
        others = [w for w in app.workers if w.group != SERVER_GROUP]
        if others:  # (an empty list would mean "all workers")
            await app.workers.wait_for_complete(others)
        await pilot.pause()


def scan_screen(app: Any, tmp_path: Path, name: str) -> list[str]:
    """Screenshot the app (SVG), render it to PNG and decode every QR code in it."""
    svg = Path(app.save_screenshot(f"{name}.svg", path=str(tmp_path)))
    return zbar_decode(svg_to_png(svg, tmp_path / f"{name}.png"))


def text_of(app: Any, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


@pytest.fixture(autouse=True)
def local_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_HOST, "127.0.0.1")
    monkeypatch.setenv(ENV_PORT, "0")
    monkeypatch.setenv(github.ENV_API, closed_port_url())


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_my_card_qr_scans_on_both_themes(
    make_app: Any, signed_in_store: Store, tmp_path: Path, theme: str
) -> None:
    profile = ConnectStore(signed_in_store.db, signed_in_store.user_id).save_profile(
        Profile(name="Ada Lovelace", headline="Analyst, engines", email="ada@example.com",
                github="ada", website="https://ada.dev")
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.theme = theme
        await pilot.press("r")
        await settle(pilot)
        assert isinstance(app.screen, QuickConnectScreen)
        view = app.screen.query_one(QRView)
        expected = vcard(profile)
        assert view.payload == expected
        assert view.fit is not None and view.fit.quiet >= 2
        # the text of what it encodes is beside the code
        side = text_of(app, "#qc-payload")
        assert "FN:Ada Lovelace" in side and "TITLE:Analyst\\, engines" in side
        decoded = scan_screen(app, tmp_path, theme)
        assert decoded and same_payload(decoded[0], expected)
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, QuickConnectScreen)


async def test_qr_grows_with_the_terminal(make_app: Any, signed_in_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=(220, 70)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        big = app.screen.query_one(QRView)
        assert big.fit is not None and big.fit.scale >= 2
        assert max(len(line) for line in big.lines) <= big.content_size.width
        assert len(big.lines) <= big.content_size.height
        # too small: a clear message instead of a code that can't scan
        await pilot.resize_terminal(60, 16)
        await settle(pilot)
        small = app.screen.query_one(QRView)
        assert small.fit is None and "Make the terminal larger" in str(small.render())


async def test_profile_editor_validates_and_updates_the_card(
    make_app: Any, signed_in_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        view = app.screen.query_one(QRView)
        assert "FN:ada" in view.payload  # no card yet: the username
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProfileEditor)
        editor = app.screen
        editor.query_one("#pf-name", Input).value = "[bold]Ada[/bold] Lovelace"
        editor.query_one("#pf-email", Input).value = "not-an-email"
        editor.query_one("#pf-phone", Input).value = "+44 20 7946 0000"
        await click_button(pilot, "#pf-save")
        await settle(pilot)
        assert isinstance(app.screen, ProfileEditor)  # stays open on errors
        assert "not a valid email" in str(editor.query_one("#pf-email-error").render())
        editor.query_one("#pf-email", Input).value = "ada@example.com"
        editor.query_one("#share-phone", Checkbox).value = True
        editor.query_one("#share-email", Checkbox).value = False
        await click_button(pilot, "#pf-save")
        await settle(pilot)
        assert isinstance(app.screen, QuickConnectScreen)
        saved = ConnectStore(signed_in_store.db, signed_in_store.user_id).get_profile()
        assert saved.name == "[bold]Ada[/bold] Lovelace" and saved.email == "ada@example.com"
        payload = app.screen.query_one(QRView).payload
        assert payload == vcard(saved)
        assert "FN:[bold]Ada[/bold] Lovelace" in payload  # markup kept as typed
        assert "TEL;TYPE=CELL:+44 20 7946 0000" in payload and "EMAIL" not in payload
        assert "[bold]Ada[/bold]" in text_of(app, "#qc-payload")
        # escape closes the editor without saving
        await pilot.press("p")
        await settle(pilot)
        app.screen.query_one("#pf-name", Input).value = "Someone Else"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, QuickConnectScreen)
        assert ConnectStore(signed_in_store.db, signed_in_store.user_id).get_profile() == saved


async def test_event_mode_serves_the_form_and_new_contacts_appear(
    make_app: Any, signed_in_store: Store, tmp_path: Path
) -> None:
    clock = FixedClock(system_clock())
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, EventForm)
        app.screen.query_one("#ev-name", Input).value = "PyCon DE"
        app.screen.query_one("#ev-location", Input).value = "Berlin"
        app.screen.query_one("#ev-expires", Input).value = "nonsense"
        await click_button(pilot, "#ev-start")
        await settle(pilot)
        assert "not a duration" in str(app.screen.query_one("#ev-expires-error").render())
        app.screen.query_one("#ev-expires", Input).value = "2h"
        await click_button(pilot, "#ev-start")
        await settle(pilot)
        await wait_for(pilot, lambda: live_event(app) is not None and live_event(app).url)
        live = live_event(app)
        assert live is not None and live.url.startswith("http://127.0.0.1:")
        await settle(pilot)
        assert isinstance(app.screen, QuickConnectScreen)
        assert app.screen.query_one(QRView).payload == live.url
        assert live.url in text_of(app, "#qc-payload")
        assert "Expires in 2h" in text_of(app, "#qc-status")
        decoded = scan_screen(app, tmp_path, "event")
        assert decoded and same_payload(decoded[0], live.url)

        # a visitor signs up (the server runs on this same event loop)
        name = "[@click=app.quit]Eve[/] [bold]x[/bold]"
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
            status, body = await sign_up(http, live.url, name=name, email="eve@example.com")
        assert status == 200
        await settle(pilot)
        assert app.is_running  # the name's [@click] did nothing
        toasts = [str(t.render()) for t in app.screen.query(Toast)]
        assert any(f"New contact: {name}" in t for t in toasts), toasts
        assert "1 sign-up so far" in text_of(app, "#qc-status")

        # m shows my card while the form keeps serving
        await pilot.press("m")
        await settle(pilot)
        assert app.screen.query_one(QRView).payload.startswith("BEGIN:VCARD")
        assert "Event mode is on (1 sign-up)" in text_of(app, "#qc-status")
        await pilot.press("m")
        await settle(pilot)

        # back on the contacts list, without a restart, the new contact is there
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        assert name in names
        c = Store(signed_in_store.db, signed_in_store.user_id).list_contacts()[0]
        assert c.tags == ["pycon-de"]

        # the server keeps serving while Quick Connect is closed; s stops it
        await pilot.press("r")
        await settle(pilot)
        assert live_event(app) is live and app.screen.query_one(QRView).payload == live.url
        # two hours later the link has expired: a clear page, nothing stored
        clock.now += 2 * 60 * 60 * 1000
        app.screen.update_view()
        assert "The link has expired." in text_of(app, "#qc-status")
        async with ClientSession() as http, http.get(live.url) as resp:
            assert resp.status == 410 and "This link has expired" in await resp.text()
        await pilot.press("s")
        await settle(pilot)
        assert live_event(app) is None
        toasts = [str(t.render()) for t in app.screen.query(Toast)]
        assert any("Stopped the sign-up form for PyCon DE (1 sign-up)" in t for t in toasts)
        assert app.screen.query_one(QRView).payload.startswith("BEGIN:VCARD")
        await wait_for(pilot, lambda: live.server is not None and not live.server.running)
        with pytest.raises(TokenRejected):
            check_token(signed_in_store.db, hash_token(live.token.secret), clock=clock)
        async with ClientSession() as http:
            with pytest.raises(ClientConnectorError):
                await http.get(live.url)


async def test_quick_connect_needs_a_signed_in_user(make_app: Any) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        assert not isinstance(app.screen, QuickConnectScreen)

