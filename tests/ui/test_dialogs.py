"""Every dialog behaves the same: ctrl+s and Enter save (or say yes), escape cancels,
and the buttons come in one order -- the main one first, Cancel last -- each showing
its key."""

from __future__ import annotations

import datetime as _dt
import threading
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.confirm import ConfirmScreen
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.contact_form import ContactForm
from devhub_tui.tui.screens.import_screen import ImportScreen
from devhub_tui.tui.screens.interaction_detail import InteractionDetail
from devhub_tui.tui.screens.interaction_editor import InteractionForm
from devhub_tui.tui.screens.modals import FollowUpForm, SnoozeScreen
from devhub_tui.tui.screens.profile import ProfileEditor
from devhub_tui.tui.screens.quick_connect import EventForm, QuickConnectScreen, live_event
from devhub_tui.tui.screens.settings import SettingsScreen
from devhub_tui.tui.screens.vip_editor import VipEditor
from devhub_tui.tui.widgets.row_list import RowList

from .conftest import SIZE, open_contact, settle, wait_for_screen


def buttons(screen: Any) -> list[tuple[str, str]]:
    """(label, key) of the dialog's buttons, left to right."""
    row = screen.query_one(".modal-buttons, #import-buttons")
    out = []
    for button in row.query(Button):
        label, _, key = str(button.label).partition("  ")
        out.append((label, key))
    return out


async def _press(pilot: Any, *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)


def _opener(kind: str) -> Callable[[Any, str], Awaitable[None]]:
    async def open_it(pilot: Any, cid: str) -> None:
        app = pilot.app
        if kind == "contact form":
            await _press(pilot, "n")
        elif kind == "settings":
            app.action_settings()
        elif kind == "my card":
            app.action_profile()
        elif kind == "import":
            app.action_import()
        elif kind == "event":
            await _press(pilot, "r")
            await wait_for_screen(pilot, QuickConnectScreen)
            await _press(pilot, "e")
        else:
            await open_contact(pilot, cid)
            if kind == "interaction":
                app.screen.query_one("#timeline", RowList).focus()
                await _press(pilot, "enter", "e")
            else:
                await _press(pilot, {"snooze": "s", "follow-up": "f", "vip": "v",
                                     "confirm": "x"}[kind])
        await settle(pilot)

    return open_it


DIALOGS: list[tuple[str, type, list[tuple[str, str]]]] = [
    ("contact form", ContactForm, [("Save", "ctrl+s"), ("Cancel", "esc")]),
    ("snooze", SnoozeScreen, [("Save", "ctrl+s"), ("Cancel", "esc")]),
    ("follow-up", FollowUpForm, [("Save", "ctrl+s"), ("Cancel", "esc")]),
    ("interaction", InteractionForm, [("Save", "ctrl+s"), ("Cancel", "esc")]),
    ("vip", VipEditor, [("Save", "ctrl+s"), ("Cancel", "esc")]),
    ("settings", SettingsScreen, [("Save", "ctrl+s"), ("Cancel", "esc")]),
    ("confirm", ConfirmScreen, [("Delete", "enter"), ("Cancel", "esc")]),
    ("my card", ProfileEditor, [("Save", "ctrl+s"), ("Cancel", "esc")]),
    ("event", EventForm, [("Start", "ctrl+s"), ("Cancel", "esc")]),
    ("import", ImportScreen, [("Preview", "enter"), ("Import", "ctrl+s"), ("Cancel", "esc")]),
]


@pytest.mark.parametrize(("kind", "cls", "expected"), DIALOGS, ids=[d[0] for d in DIALOGS])
async def test_every_dialog_shows_its_buttons_in_one_order_with_their_keys_and_escape_closes(
    make_app: Any, signed_in_store: Store, kind: str, cls: type,
    expected: list[tuple[str, str]],
) -> None:
    cid = signed_in_store.add_contact({"name": "Ada Lovelace"})
    signed_in_store.log_interaction(cid, "coffee", None, "rust")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _opener(kind)(pilot, cid)
        dialog = await wait_for_screen(pilot, cls)
        assert buttons(dialog) == expected
        row = dialog.query_one(".modal-buttons, #import-buttons")
        *_, main, cancel = row.query(Button)  # the main one just before Cancel
        assert main.variant in ("primary", "error") and cancel.variant == "default"
        await _press(pilot, "escape")
        assert app.screen is not dialog and not isinstance(app.screen, ModalScreen)


async def test_enter_in_a_one_line_field_saves_the_interaction_form(
    make_app: Any, signed_in_store: Store
) -> None:
    """Enter in the date field saves, as in every form (it did nothing here before)."""
    cid = signed_in_store.add_contact({"name": "Ada"})
    signed_in_store.log_interaction(cid, "coffee", None, "rust")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _opener("interaction")(pilot, cid)
        form = await wait_for_screen(pilot, InteractionForm)
        field = form.query_one("#ix-date", Input)
        field.value = "yesterday"
        field.focus()
        await _press(pilot, "enter")
        assert app.screen is not form
        [ix] = signed_in_store.list_interactions()
        today = _dt.datetime.now(_dt.UTC).date()
        assert _dt.datetime.fromtimestamp(ix.date / 1000, _dt.UTC).date() == (
            today - _dt.timedelta(days=1))


async def test_a_second_save_while_the_first_runs_saves_once(
    make_app: Any, signed_in_store: Store
) -> None:
    """ctrl+s pressed again (or Enter, then ctrl+s) while the save is still running
    does not save a second time."""
    release = threading.Event()
    calls: list[str] = []

    def slow_save(data: dict[str, Any], tags: list[str]) -> str:
        calls.append(data["name"])
        release.wait(5)
        return signed_in_store.add_contact(data, tags)

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        results: list[object] = []
        app.push_screen(ContactForm(slow_save), results.append)
        form = await wait_for_screen(pilot, ContactForm)
        form.query_one("#f-name", Input).value = "Grace Hopper"
        form.query_one("#f-name", Input).focus()
        await pilot.press("enter")
        await pilot.pause(0.1)
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        await pilot.press("ctrl+s")
        await pilot.pause(0.1)
        release.set()
        await settle(pilot)
        assert calls == ["Grace Hopper"]
        assert signed_in_store.count_contacts() == 1 and len(results) == 1


async def test_enter_says_yes_to_a_confirm_and_escape_no(
    make_app: Any, signed_in_store: Store
) -> None:
    keep = signed_in_store.add_contact({"name": "Keep Kim"})
    gone = signed_in_store.add_contact({"name": "Gone Gus"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_contact(pilot, keep)
        await _press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "escape")
        assert isinstance(app.screen, ContactScreen)
        await _press(pilot, "escape")
        await open_contact(pilot, gone)
        await _press(pilot, "x")
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "enter")
        assert [c.name for c in signed_in_store.list_contacts()] == ["Keep Kim"]


async def test_ctrl_s_starts_event_mode_like_it_saves_every_form(
    make_app: Any, signed_in_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _opener("event")(pilot, "")
        form = await wait_for_screen(pilot, EventForm)
        form.query_one("#ev-name", Input).value = "PyCon DE"
        await pilot.press("ctrl+s")
        await pilot.pause(0.2)
        assert app.screen is not form
        assert live_event(app) is not None and live_event(app).event.name == "PyCon DE"
        await _press(pilot, "s")  # stop the form again
        assert live_event(app) is None


async def test_the_interaction_detail_view_keys(make_app: Any, signed_in_store: Store) -> None:
    """The read-only view: e edits, x deletes (asks first), escape closes."""
    cid = signed_in_store.add_contact({"name": "Ada"})
    signed_in_store.log_interaction(cid, "coffee", None, "rust")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_contact(pilot, cid)
        app.screen.query_one("#timeline", RowList).focus()
        await _press(pilot, "enter")
        detail = app.screen
        assert isinstance(detail, InteractionDetail)
        assert buttons(detail) == [("Edit", "e"), ("Delete", "x"), ("Close", "esc")]
        await _press(pilot, "escape")
        assert isinstance(app.screen, ContactScreen)
        await _press(pilot, "enter", "x")
        assert isinstance(app.screen, ConfirmScreen)
        await _press(pilot, "y")
        assert signed_in_store.list_interactions() == []
        assert isinstance(app.screen, ContactScreen)
