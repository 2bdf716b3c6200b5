"""The app on an encrypted store (issue 21): the passphrase modal comes before the
sign-in, a wrong passphrase is one line and another try, escape leaves cleanly."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input

from devhub_tui.services.startup import Preopen
from devhub_tui.storage.crypt_convert import encrypt_store
from devhub_tui.storage.ids import system_clock
from devhub_tui.tui.app import DevhubApp
from devhub_tui.tui.screens.auth import LoginScreen
from devhub_tui.tui.screens.unlock import UnlockScreen

from .conftest import SIZE, click_button, settle, sign_in_ada, wait_for_screen

PASS = "open sesame 42"
CHEAP = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}


@pytest.fixture
def encrypted(db_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("DEVHUB_PASSPHRASE", raising=False)
    store = sign_in_ada(db_path)
    store.add_contact({"name": "Ada Lovelace"})
    store.db.close()
    encrypt_store(db_path, PASS, params=CHEAP)
    return db_path


async def _unlock(pilot, passphrase: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one("#passphrase", Input).value = passphrase
    await click_button(pilot, "#unlock")
    await settle(pilot)


async def test_passphrase_first_then_the_saved_sign_in(encrypted: Path) -> None:
    app = DevhubApp(db_path=encrypted)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        assert app.session.db is None
        await pilot.press(*"not it", "enter")  # typed, then Enter
        await settle(pilot)
        assert isinstance(app.screen, UnlockScreen)
        error = str(app.screen.query_one("#unlock-error").render())
        assert f"wrong passphrase for {encrypted}" in error
        assert "not a database" not in error
        assert app.screen.query_one("#passphrase", Input).value == ""
        await _unlock(pilot, PASS)
        assert app.current_mode == "dashboard" and app.session.user is not None
        assert app.fatal_error is None
        names = [c.name for c in app.session.store.list_contacts()]
        assert names == ["Ada Lovelace"]


async def test_escape_leaves_cleanly(encrypted: Path) -> None:
    app = DevhubApp(db_path=encrypted)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.return_code == 0  # app.exit() ran: left at once, on escape
        assert app.session.db is None  # nothing was opened
    assert app.fatal_error is None and app.return_code == 0


async def test_start_up_thread_hands_over_to_the_modal(encrypted: Path) -> None:
    """`devhub` opens the store in a thread while Textual imports: on an encrypted
    store that thread stops at the passphrase and the app asks for it."""
    pre = Preopen.start(encrypted, None, clock=system_clock)
    pre.join(10)
    app = DevhubApp(db_path=encrypted, preopen=pre)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        await _unlock(pilot, PASS)
        assert app.current_mode == "dashboard"


async def test_passphrase_from_the_environment_and_sign_in_after(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devhub_tui.storage.session_file import clear_secret

    clear_secret(encrypted)
    monkeypatch.setenv("DEVHUB_PASSPHRASE", PASS)
    app = DevhubApp(db_path=encrypted)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, LoginScreen)  # no modal: the sign-in straight away


async def test_wrong_passphrase_in_the_environment_asks(
    encrypted: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEVHUB_PASSPHRASE", "stale")
    app = DevhubApp(db_path=encrypted)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, UnlockScreen)
        assert "wrong passphrase" in str(app.screen.query_one("#unlock-error").render())
        await _unlock(pilot, PASS)
        assert app.current_mode == "dashboard"
