"""The app's forms keep the data rules: interactions dated 1900 to today, no future
birthdays, a question before a second contact with the same name, and date hints
that look the right way (past words for what happened, future words for plans)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from textual.widgets import Input, Label, Static

from devhub_tui.core.dates import DAY_MS, ms_to_date
from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.contact_form import ContactForm
from devhub_tui.tui.screens.interaction_editor import InteractionForm
from devhub_tui.tui.screens.interactions import InteractionsScreen
from devhub_tui.tui.screens.modals import FollowUpForm, SameNameScreen, SnoozeScreen
from devhub_tui.tui.widgets.row_list import RowList
from tests.clock_support import FixedClock

from .conftest import SIZE, open_contact, settle

NOW = 1_795_600_000_000 + 15 * 3_600_000  # 2026-11-25 15:00 UTC
TODAY = ms_to_date(NOW)


def _labels(screen: Any) -> str:
    return " | ".join(str(label.render()) for label in screen.query(Label))


async def _save_date(pilot: Any, form: InteractionForm, text: str) -> str:
    form.query_one("#ix-date", Input).value = text
    await pilot.press("ctrl+s")
    await settle(pilot)
    return str(form.query_one("#ix-date-error", Static).render())


async def test_the_interaction_form_refuses_future_and_pre_1900_dates(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Linus"})
    iid = store.log_interaction(cid, "call", NOW - 3 * DAY_MS, "kernel talk")
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # from the interactions list (e edits the row)
        await pilot.press("i")
        await settle(pilot)
        assert isinstance(app.screen, InteractionsScreen)
        app.screen.query_one("#interactions-table", RowList).focus()
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InteractionForm)
        assert "When it happened (today, yesterday, 3d, fri" in _labels(form)
        error = await _save_date(pilot, form, "tomorrow")
        tomorrow = (TODAY + _dt.timedelta(days=1)).isoformat()
        assert f"{tomorrow} is in the future: log what happened" in error
        assert "follow-up" in error
        assert app.screen is form  # nothing saved, the form stays with what was typed
        assert "before 1900-01-01" in await _save_date(pilot, form, "0001-01-01")
        assert "before 1900-01-01" in await _save_date(pilot, form, "99999d")
        assert app.screen is form
        assert ms_to_date(store.get_interaction(iid).date) == TODAY - _dt.timedelta(days=3)
        form.query_one("#ix-date", Input).value = "yesterday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, InteractionForm)
        assert ms_to_date(store.get_interaction(iid).date) == TODAY - _dt.timedelta(days=1)
        # the same form from the contact's timeline
        await open_contact(pilot, cid)
        app.screen.query_one("#timeline", RowList).focus()
        await pilot.press("enter")  # the interaction whole, read only; e edits it
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InteractionForm)
        assert "2999-03-01 is in the future" in await _save_date(pilot, form, "2999-03-01")
        assert app.screen is form
        assert ms_to_date(store.get_interaction(iid).date) == TODAY - _dt.timedelta(days=1)
        assert ms_to_date(store.get_contact(cid).last_contacted or 0) <= TODAY


async def test_follow_up_and_snooze_hints_suggest_future_words(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    cid = signed_in_store.add_contact({"name": "Ada"})
    ahead = (TODAY + _dt.timedelta(days=16)).isoformat()
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_contact(pilot, cid)
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FollowUpForm)
        labels = _labels(form)
        assert f"Due (tomorrow, in 3 days, next fri, {ahead})" in labels
        assert "yesterday" not in labels and "3d" not in labels
        form.query_one("#fu-due", Input).value = "someday"
        await pilot.press("ctrl+s")
        await settle(pilot)
        error = str(form.query_one("#fu-due-error", Static).render())
        assert f"(try tomorrow, in 3 days, next fri, {ahead})" in error
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        labels = _labels(app.screen)
        assert f"until a date (tomorrow, in 3 days, next fri, {ahead})" in labels
        assert "yesterday" not in labels


async def test_the_contact_form_asks_before_a_second_contact_with_the_same_name(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    first = store.add_contact({"name": "Grace Hopper", "email": "grace@navy.mil"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#f-name", Input).value = "grace  hopper"
        form.query_one("#f-company", Input).value = "Yale"
        await pilot.press("ctrl+s")
        await settle(pilot)
        question = app.screen
        assert isinstance(question, SameNameScreen)
        text = " ".join(str(s.render()) for s in question.query(Static))
        assert "There is already a contact named grace hopper" in text
        assert "Grace Hopper grace@navy.mil" in text
        # go back: nothing saved, the form keeps what was typed
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is form and store.count_contacts() == 1
        assert form.query_one("#f-company", Input).value == "Yale"
        assert "not saved yet" in str(form.query_one("#form-error", Static).render())
        assert form.focused is form.query_one("#f-name", Input)
        # save anyway
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SameNameScreen)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        [second] = [c for c in store.list_contacts() if c.id != first]
        assert (second.name, second.company) == ("grace hopper", "Yale")
        # editing it without renaming it does not ask again
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
        app.screen.query_one("#f-title", Input).value = "Rear admiral"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert store.get_contact(second.id).title == "Rear admiral"
        # another name saves at once
        await pilot.press("n")
        await settle(pilot)
        app.screen.query_one("#f-name", Input).value = "Grace Kelly"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert store.count_contacts() == 3


async def test_the_contact_form_refuses_a_future_birthday(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#f-name", Input).value = "Baby"
        form.query_one("#f-birthday", Input).value = "9999-12-31"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "in the future" in str(form.query_one("#e-birthday", Static).render())
        assert signed_in_store.count_contacts() == 0
        form.query_one("#f-birthday", Input).value = TODAY.isoformat()
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        [baby] = signed_in_store.list_contacts()
        assert baby.birthday == TODAY.isoformat()
