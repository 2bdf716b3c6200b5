"""The app shell: onboarding, login, navigation, help, theme."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.widgets import Input

from devhub_tui.settings.prefs import load_prefs
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import open_database
from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.auth import LoginScreen, OnboardingScreen
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.help import HelpScreen

from .conftest import SIZE, click_button, settle, wait_for_screen


async def _type(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(selector, Input).value = text
    await pilot.pause()


async def test_first_run_creates_account_and_lands_in_shell(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, OnboardingScreen)
        await _type(pilot, "#username", "ada")
        await _type(pilot, "#password", "password1")
        await _type(pilot, "#confirm", "password2")
        await click_button(pilot, "#submit")
        await settle(pilot)
        assert "don't match" in str(app.screen.query_one("#confirm-error").render())
        await _type(pilot, "#confirm", "password1")
        await click_button(pilot, "#submit")
        await settle(pilot)
        assert app.session.user is not None and app.session.user.username == "ada"
        assert app.current_mode == "dashboard"
        assert "ada" in app.sub_title
        await pilot.press("c")
        await settle(pilot)
        assert app.current_mode == "contacts"
        await pilot.press("i")
        await settle(pilot)
        assert app.current_mode == "interactions"
        await pilot.press("d")
        await settle(pilot)
        assert app.current_mode == "dashboard"
    # a second launch goes straight in (the session was saved)
    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app2.session.user is not None and app2.current_mode == "dashboard"


async def test_login_wrong_then_right_password(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    Auth(db).create_user("ada", "password1")
    db.close()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        # navigation keys do nothing before login
        await pilot.press("c")
        assert isinstance(app.screen, LoginScreen)
        await _type(pilot, "#username", "ada")
        await _type(pilot, "#password", "wrong-password")
        await click_button(pilot, "#submit")
        await settle(pilot)
        assert isinstance(app.screen, LoginScreen)
        assert "wrong username or password" in str(app.screen.query_one("#form-error").render())
        assert app.screen.query_one("#password", Input).value == ""
        await _type(pilot, "#password", "password1")
        await click_button(pilot, "#submit")
        await settle(pilot)
        assert app.session.user is not None and app.current_mode == "dashboard"


async def test_log_out_shows_the_sign_in_and_signing_in_again_works(  # type: ignore[no-untyped-def]
    make_app, signed_in_store, db_path: Path
) -> None:
    from devhub_tui.storage.session_file import load_secret

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.current_mode == "dashboard"
        await pilot.press("c")  # a second mode is open too
        await settle(pilot)
        app.action_logout()  # the palette's "Log out"
        await wait_for_screen(pilot, LoginScreen)
        assert app.session.user is None and app.fatal_error is None
        assert load_secret(db_path) is None  # the session is gone from this machine
        await pilot.press("d")  # navigation is off while signed out
        assert isinstance(app.screen, LoginScreen)
        await _type(pilot, "#username", "ada")
        await _type(pilot, "#password", "password1")
        await click_button(pilot, "#submit")
        await settle(pilot)
        assert app.session.user is not None and app.current_mode == "dashboard"
        await pilot.press("c")  # the modes are back, fresh
        await settle(pilot)
        assert app.current_mode == "contacts"


async def test_help_and_theme_toggle_is_remembered(make_app, signed_in_store) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, HelpScreen)
        before = app.theme
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme != before
        assert load_prefs()["theme"] == app.theme
    app2 = make_app()
    async with app2.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app2.theme == load_prefs()["theme"]


async def test_every_screen_wears_the_theme_chosen_before_or_after_start(  # type: ignore[no-untyped-def]
    make_app, signed_in_store
) -> None:
    """The dashboard skips Textual's restyle when it is first shown (its widgets were
    styled as they mounted): a theme saved before start, or switched while running,
    still reaches every screen, shown or not yet shown."""
    from devhub_tui.settings.prefs import save_pref
    from devhub_tui.tui.app import DARK_THEME, LIGHT_THEME

    def table_bg(app) -> object:  # type: ignore[no-untyped-def]
        # the dashboard's queue, or the contacts table
        return app.screen.query_one("#dash-queue, #contacts-table").rich_style.bgcolor

    save_pref("theme", LIGHT_THEME)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.theme == LIGHT_THEME
        light = table_bg(app)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == DARK_THEME
        dark = table_bg(app)
        assert dark != light
        await pilot.press("c")  # a screen first shown after the switch
        await settle(pilot)
        assert table_bg(app) == dark
        await pilot.press("d")
        await settle(pilot)
        assert table_bg(app) == dark
    app = make_app()  # a fresh start on the dark theme gives the same colours
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert table_bg(app) == dark


async def test_corrupt_store_exits_with_one_clear_line(make_app, db_path: Path) -> None:  # type: ignore[no-untyped-def]
    db_path.write_bytes(b"not a database at all" * 50)
    from devhub_tui.tui.screens.fatal import FatalScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, FatalScreen)  # the open worker's failure
        assert "not a devhub database" in str(app.screen.query_one("#fatal-message").render())
        await pilot.press("c")  # navigation does nothing
        assert isinstance(app.screen, FatalScreen)
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 1
    assert app.fatal_error is not None and "not a devhub database" in app.fatal_error
    assert db_path.read_bytes() == b"not a database at all" * 50


async def test_the_palette_finds_names_without_their_accents(
    make_app: Any, signed_in_store: Store
) -> None:
    sofia = signed_in_store.add_contact({"name": "Sofía Restrepo"})
    signed_in_store.add_contact({"name": "Zoë van Dijk"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"sofia")
        await pilot.pause(0.5)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, ContactScreen)
        assert screen.contact_id == sofia  # type: ignore[attr-defined]


async def test_letters_typed_in_a_notes_area_are_text_and_q_quits_only_top_screens(
    make_app: Any, signed_in_store: Store,
) -> None:
    """`l`, `n`, `r` and `?` open screens from a list, but in a text area (the new
    contact's notes) they are letters; `q` leaves from the dashboard only, not from
    a form (issue 18 moved both checks off imports, so they are pinned here)."""
    from textual.widgets import TextArea

    from devhub_tui.tui.screens.contact_form import ContactForm
    from devhub_tui.tui.screens.quick_log import QuickLogScreen

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.check_action("quit", ()) is True  # the dashboard
        await pilot.press("n")
        form = await wait_for_screen(pilot, ContactForm)
        await settle(pilot)
        assert app.check_action("quit", ()) is False
        notes = form.query_one("#f-notes", TextArea)
        notes.focus()
        await settle(pilot)
        await pilot.press("l", "n", "r", "q")
        await settle(pilot)
        assert app.screen is form and not isinstance(app.screen, QuickLogScreen)
        assert notes.text == "lnrq"
