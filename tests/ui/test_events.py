"""Events and conference mode in the app (issue 20): the Events screen (E), its
people, follow up all, conference mode's capture, header, prefs and QR."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path
from typing import Any

from textual.widgets import Input

from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.events import (
    AddEventForm,
    CaptureForm,
    EventPeopleScreen,
    EventsScreen,
)
from devhub_tui.tui.screens.modals import FollowUpForm
from devhub_tui.tui.widgets.fitted_list import FittedList

from .conftest import SIZE, settle, wait_for


def cells(table: FittedList) -> list[list[str]]:
    return [[str(getattr(c, "plain", c)) for c in table.get_row_at(i)]
            for i in range(table.row_count)]


async def test_conference_mode_captures_three_people_tagged_and_met_at(
        make_app: Any, signed_in_store: Store) -> None:
    store = signed_in_store
    app = make_app(conference="PyCon 2026")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await wait_for(pilot, lambda: app.session.conference == "PyCon 2026")
        assert "◆ PyCon 2026 (conference mode)" in app.title
        for name, notes in (("Ada Lovelace", "talked about wasm"),
                            ("Grace Hopper", ""), ("[bold]Linus", "wants the slides")):
            await pilot.press("n")
            await settle(pilot)
            assert isinstance(app.screen, CaptureForm)
            await pilot.press(*name)  # the name, Tab, the notes, Enter: 2 keys + `n`
            await pilot.press("tab")
            if notes:
                await pilot.press(*notes)
            await pilot.press("enter")
            await settle(pilot)
            assert not isinstance(app.screen, CaptureForm)
    people = store.contacts_at_event("PyCon 2026")
    assert sorted(p.contact.name for p in people) == ["Ada Lovelace", "Grace Hopper",
                                                      "[bold]Linus"]
    for p in people:
        assert "pycon-2026" in p.contact.tags
        notes = [i.notes for i in store.list_interactions(contact_id=p.contact.id)]
        assert len(notes) == 1 and notes[0].startswith("met at PyCon 2026")
    ada = next(p for p in people if p.contact.name == "Ada Lovelace")
    assert store.list_interactions(contact_id=ada.contact.id)[0].notes == (
        "met at PyCon 2026\n\ntalked about wasm")
    assert store.active_conference() == "PyCon 2026"  # kept for the next run


async def test_conference_mode_resumes_and_leaving_keeps_everyone(
        make_app: Any, signed_in_store: Store) -> None:
    store = signed_in_store
    store.set_active_conference("RustFest 2026")
    store.capture_at_event("RustFest 2026", "Ferris")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.conference == "RustFest 2026"
        assert "RustFest 2026 (conference mode, resumed)" in app.title
        await pilot.press("E")
        await settle(pilot)
        assert isinstance(app.screen, EventsScreen)
        await pilot.press("m")  # the highlighted event is the conference's: leave
        await settle(pilot)
        await wait_for(pilot, lambda: app.session.conference is None)
        assert "conference" not in app.title
        assert isinstance(app.screen, EventsScreen)  # nothing asked
        await pilot.press("n")  # the ordinary contact form again
        await settle(pilot)
        assert not isinstance(app.screen, CaptureForm)
    assert store.active_conference() is None
    assert [p.contact.name for p in store.contacts_at_event("RustFest 2026")] == ["Ferris"]


async def test_events_screen_lists_counts_opens_people_and_follows_up_all(
        make_app: Any, signed_in_store: Store) -> None:
    store = signed_in_store
    store.save_event("PyCon 2026", location="Berlin")
    ids = [store.capture_at_event("PyCon 2026", n) for n in ("Ada", "Bob", "Cy")]
    store.add_follow_up(ids[0], _dt.date(2030, 1, 1), "already planned")
    store.add_contact({"name": "Dee"}, ["kubecon-2025"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        table = screen.query_one("#events-table", FittedList)
        rows = cells(table)
        assert rows[0][:5] == ["PyCon 2026", "", "Berlin", "3", "2"]
        assert rows[1][0] == "kubecon-2025" and rows[1][3:6] == ["1", "1", "tag"]
        detail = screen.query_one("#events-detail")
        await wait_for(pilot, lambda: "No follow-up yet: Bob, Cy" in str(detail.render()))
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FollowUpForm)
        form.query_one("#fu-due", Input).value = "2030-02-01"
        form.query_one("#fu-note", Input).value = "say hi"
        await pilot.press("ctrl+s")
        await settle(pilot)
        await wait_for(pilot, lambda: cells(table)[0][4] == "0")
        await wait_for(pilot, lambda: "Everyone met at PyCon 2026 has a follow-up"
                       in str(detail.render()))
        assert any("Follow-ups due 2030-02-01 for 2 people met at PyCon 2026 (1 already"
                   in n.message for n in app._notifications)
        await pilot.press("enter")
        await settle(pilot)
        people = app.screen
        assert isinstance(people, EventPeopleScreen)
        ptable = people.query_one("#event-people-table", FittedList)
        assert [r[0] for r in cells(ptable)] == ["Ada", "Bob", "Cy"]
        assert [r[3] for r in cells(ptable)] == ["2030-01-01", "2030-02-01", "2030-02-01"]
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.screen.contact_id == ids[1]
    due = {f.contact_id: f.note for f in store.list_follow_ups(open_only=True)}
    assert due == {ids[0]: "already planned", ids[1]: "say hi", ids[2]: "say hi"}


async def test_events_empty_state_add_event_and_start_conference(
        make_app: Any, signed_in_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("E")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, EventsScreen)
        empty = screen.query_one("#events-empty")
        assert empty.display and "No events yet" in str(empty.render())
        await pilot.press("m")  # no event yet: add one, then conference mode starts
        await settle(pilot)
        form = app.screen
        assert isinstance(form, AddEventForm)
        await pilot.press(*"JSConf 2026", "tab", *"Berlin", "tab", *"2026-06-01", "enter")
        await settle(pilot)
        await wait_for(pilot, lambda: app.session.conference == "JSConf 2026")
        assert not empty.display
        assert "JSConf 2026" in cells(screen.query_one("#events-table", FittedList))[0][0]
    e = signed_in_store.find_event("jsconf 2026")
    assert (e.location, e.to_dict()["starts"]) == ("Berlin", "2026-06-01")


async def test_events_key_in_footer_and_palette(make_app: Any, signed_in_store: Store,
                                                 db_path: Path) -> None:
    from devhub_tui.tui.palette import APP_COMMANDS
    from devhub_tui.tui.screens.help import HelpScreen

    from .test_tracks import _text

    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        keys = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values()}
        assert keys.get("E") == "Events"
        await pilot.press("E")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        here = " ".join(_text(app.screen.query_one("#help-here")).split())
        assert "Keys here: Events" in here
        for does in ("A follow-up for everyone met there who has none",
                     "Start conference mode at the highlighted event",
                     "Add an event by hand"):
            assert does in here
    assert ("goto('events')", "Events") in [(a, t) for a, t, _ in APP_COMMANDS]


async def test_r_in_conference_mode_shows_the_events_sign_up_qr(
        make_app: Any, signed_in_store: Store) -> None:
    from devhub_tui.tui.screens.quick_connect import QuickConnectScreen, live_event, stop_event
    from devhub_tui.tui.widgets.qr_view import QRView

    from .test_quick_connect import settle as settle_qc

    signed_in_store.set_active_conference("PyCon 2026")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle_qc(pilot)
        await pilot.press("r")
        await settle_qc(pilot)
        assert isinstance(app.screen, QuickConnectScreen)
        await wait_for(pilot, lambda: live_event(app) is not None and live_event(app).url)
        live = live_event(app)
        assert live is not None and live.event.name == "PyCon 2026"
        await settle_qc(pilot)
        assert app.screen.query_one(QRView).payload == live.url
        stop_event(app)
        await settle_qc(pilot)
    assert [e.name for e in signed_in_store.list_events()] == ["PyCon 2026"]  # one event


async def test_a_click_on_the_header_leaves_conference_mode(
        make_app: Any, signed_in_store: Store) -> None:
    from devhub_tui.tui.widgets.header import Header

    signed_in_store.set_active_conference("PyCon 2026")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        header = app.screen.query_one(Header)
        assert app.header_click_tooltip == "Click to leave conference mode at PyCon 2026"
        await pilot.click(header, offset=(SIZE[0] // 2, 0))
        await settle(pilot)
        await wait_for(pilot, lambda: app.session.conference is None)
        assert app.header_click_tooltip is None and "conference" not in app.title
        await pilot.click(header, offset=(SIZE[0] // 2, 0))  # off: a click does nothing
        await settle(pilot)
    assert signed_in_store.active_conference() is None


async def test_conference_quick_log_tags_and_an_empty_name_saves_nothing(
        make_app: Any, signed_in_store: Store) -> None:
    from devhub_tui.tui.screens.quick_log import QuickLogScreen

    store = signed_in_store
    ada = store.add_contact({"name": "Ada Lovelace"})
    store.set_active_conference("PyCon 2026")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)
        await pilot.press(*["space" if ch == " " else ch for ch in "ada coffee hallway chat"])
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, CaptureForm)
        await pilot.press("enter")  # no name: says so, stays open, saves nothing
        await settle(pilot)
        assert app.screen is form
        assert "who did you meet?" in str(form.query_one("#cap-name-error").render())
    assert [p.contact.id for p in store.contacts_at_event("PyCon 2026")] == [ada]
    assert [i.notes for i in store.list_interactions(contact_id=ada)] == ["hallway chat"]
