"""The quick-log bar with Pilot: the chip, the picker, create-and-log, Tab, dates,
keys typed in a burst, and notifications that stay off the bar and the QR code."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from textual import events
from textual.geometry import Region
from textual.widgets import Input, Static

from devhub_tui.core.dates import date_to_ms, ms_to_date
from devhub_tui.core.validation import ValidationError
from devhub_tui.services.session import create_and_log
from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.quick_connect import QuickConnectScreen
from devhub_tui.tui.screens.quick_log import QuickLogScreen
from devhub_tui.tui.widgets.candidate_picker import CandidatePicker
from devhub_tui.tui.widgets.row_list import RowList

from ..clock_support import FixedClock
from .conftest import SIZE, open_contact, settle, wait_for_screen

NOW = date_to_ms(date(2026, 11, 25)) + 15 * 3_600_000  # Wed 25 Nov 2026, 15:00 UTC


def preview(bar: Any) -> str:
    return str(bar.query_one("#quicklog-preview", Static).render())


def picker_names(bar: Any) -> list[str]:
    picker = bar.query_one("#quicklog-picker", CandidatePicker)
    if not picker.display:
        return []
    return [str(option) for option in picker.options]


def chip(bar: Any) -> str | None:
    widget = bar.query_one("#quicklog-chip", Static)
    return str(widget.render()) if widget.display else None


async def open_bar(pilot: Any) -> QuickLogScreen:
    await pilot.press("l")
    bar = await wait_for_screen(pilot, QuickLogScreen)
    await settle(pilot)
    assert isinstance(bar, QuickLogScreen)
    return bar


async def type_line(pilot: Any, bar: QuickLogScreen, text: str) -> None:
    bar.query_one("#quicklog-input", Input).value = text
    await settle(pilot)


async def test_keys_typed_in_a_burst_after_l_reach_the_bar(
    make_app: Any, signed_in_store: Store
) -> None:
    """`l`, then at once `ada coffee talked` and Enter, all queued before the app has
    handled any of them (a fast typist, a paste): the bar gets every key, in order,
    and Enter saves once the contacts are loaded."""
    ada = signed_in_store.add_contact({"name": "Ada Lovelace"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for ch in "lada coffee talked":
            app.post_message(events.Key("space" if ch == " " else ch, ch))
        app.post_message(events.Key("enter", "\r"))
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)  # saved and closed
        [ix] = signed_in_store.list_interactions()
        assert (ix.contact_id, ix.type, ix.notes) == (ada, "coffee", "talked")


async def test_enter_saves_through_the_session_and_the_dashboard_under_the_bar_refreshes(
    make_app: Any, signed_in_store: Store
) -> None:
    """The `l` path is one-way (issue 17): the bar saves through the session in its
    worker, and that one change reloads the dashboard under the bar; nothing else
    asks the dashboard to reload (no second change, no second load)."""
    from devhub_tui.tui.screens.dashboard import DashboardScreen

    signed_in_store.add_contact({"name": "Ada Lovelace"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        dashboard = app.screen
        assert isinstance(dashboard, DashboardScreen)
        loads: list[int] = []
        original = dashboard.load
        dashboard.load = lambda: loads.append(1) or original()  # type: ignore[method-assign]
        version = app.session.version
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "ada coffee talked about rust")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is dashboard
        assert app.session.version == version + 1 and loads == [1]
        recent = dashboard.query_one("#dash-recent", RowList)
        assert [str(cell) for cell in recent.get_row_at(0)][1:] == ["Ada Lovelace", "coffee"]


async def test_a_future_date_is_refused_with_a_follow_up_hint(
    make_app: Any, signed_in_store: Store
) -> None:
    signed_in_store.add_contact({"name": "Ada Lovelace"})
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        for when in ("@2027-03-01", "@tomorrow"):
            await type_line(pilot, bar, f"ada call about the talk {when}")
            shown = preview(bar)
            assert "is in the future" in shown and "Enter saves" not in shown
            assert "follow-up" in shown and "f on Ada Lovelace's screen" in shown
            await pilot.press("enter")
            await settle(pilot)
            assert app.screen is bar and signed_in_store.list_interactions() == []
        await type_line(pilot, bar, "ada call @1899-12-31")
        assert "is before 1900-01-01" in preview(bar)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is bar and signed_in_store.list_interactions() == []


async def test_the_contact_the_bar_opened_with_is_a_removable_chip(
    make_app: Any, signed_in_store: Store
) -> None:
    store = signed_in_store
    grace = store.add_contact({"name": "Grace Hopper", "company": "US Navy"})
    ada = store.add_contact({"name": "Ada Lovelace"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_contact(pilot, grace)
        bar = await open_bar(pilot)
        shown = chip(bar)
        assert shown is not None and "Grace Hopper" in shown
        assert "US Navy" not in shown  # the company only tells apart identical names
        await type_line(pilot, bar, "call about COBOL")
        assert "with Grace Hopper" in preview(bar)
        # a line that starts with another contact's name is for that contact
        await type_line(pilot, bar, "ada coffee engines")
        assert "with Ada Lovelace" in preview(bar) and "not Grace Hopper" in preview(bar)
        assert bar.query_one("#quicklog-chip").has_class("-replaced")
        # backspace on an empty line removes the chip: the line names the contact again
        await type_line(pilot, bar, "c")
        await pilot.press("backspace")  # deletes the "c"
        await settle(pilot)
        assert chip(bar) is not None
        await pilot.press("backspace")  # the line is empty: the chip goes
        await settle(pilot)
        assert chip(bar) is None and bar.fixed_contact is None
        await pilot.press(*"call")
        await settle(pilot)
        assert "no contact matches 'call'" in preview(bar)
        await type_line(pilot, bar, "ada coffee engines")
        await pilot.press("enter")
        await settle(pilot)
        [ix] = store.list_interactions()
        assert (ix.contact_id, ix.type, ix.notes) == (ada, "coffee", "engines")


async def test_a_highlighted_dashboard_row_opens_the_same_chip(
    make_app: Any, signed_in_store: Store
) -> None:
    vip = signed_in_store.add_contact({"name": "Linus Torvalds", "vip": True})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.screen.query_one("#dash-vips", RowList).focus()
        bar = await open_bar(pilot)
        shown = chip(bar)
        assert shown is not None and "Linus Torvalds" in shown
        await pilot.press(*"call")
        await pilot.press("enter")
        await settle(pilot)
        [ix] = signed_in_store.list_interactions()
        assert (ix.contact_id, ix.type) == (vip, "call")


async def test_an_unknown_name_is_created_and_logged_with_one_key(
    make_app: Any, signed_in_store: Store
) -> None:
    store = signed_in_store
    store.add_contact({"name": "Ada Lovelace"})
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "Barbara Liskov coffee about CLU @yesterday")
        shown = preview(bar)
        assert "no contact matches 'Barbara Liskov'" in shown
        assert "ctrl+n: create contact Barbara Liskov and log coffee" in shown
        await pilot.press("enter")  # Enter alone saves nothing
        await settle(pilot)
        assert app.screen is bar and store.count_contacts() == 1
        await pilot.press("ctrl+n")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
        [barbara] = [c for c in store.list_contacts() if c.name == "Barbara Liskov"]
        [ix] = store.list_interactions(contact_id=barbara.id)
        assert (ix.type, ix.notes) == ("coffee", "about CLU")
        assert ms_to_date(ix.date) == date(2026, 11, 24)
        # the new contact is in the next bar at once
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "barbara call")
        assert "with Barbara Liskov" in preview(bar)


def test_create_and_log_is_one_write(signed_in_store: Store) -> None:
    """When the interaction can't be logged, the contact is not created either."""
    with pytest.raises(ValidationError):
        create_and_log(signed_in_store, "Barbara Liskov", "no-such-type", NOW, "")
    assert signed_in_store.count_contacts() == 0


async def test_the_picker_shows_company_and_email_with_the_names_in_one_update(
    make_app: Any, signed_in_store: Store
) -> None:
    """The contact index carries each contact's company and email: the picker lists
    them in the frame of the key that listed the people, with no fetch (and no second
    frame) after it."""
    store = signed_in_store
    store.add_contact({"name": "Sam Smith", "company": "Acme", "email": "sam@acme.io"})
    store.add_contact({"name": "Sam Stone"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        fetched: list[list[str]] = []
        bar.load_details = fetched.append  # type: ignore[method-assign]
        bar.query_one("#quicklog-input", Input).value = "sam coffee"  # no await: same update
        assert sorted(picker_names(bar)) == ["Sam Smith (Acme · sam@acme.io)", "Sam Stone"]
        assert fetched == []


async def test_identical_names_are_told_apart_by_a_picker(
    make_app: Any, signed_in_store: Store
) -> None:
    store = signed_in_store
    store.add_contact({"name": "Sam Smith", "company": "Acme", "email": "sam@acme.io"})
    globex = store.add_contact({"name": "Sam Smith", "company": "Globex",
                                "email": "s.smith@globex.com"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "sam smith coffee hi")
        assert "'sam smith' matches 2 contacts" in preview(bar)
        names = picker_names(bar)
        assert sorted(names) == ["Sam Smith (Acme · sam@acme.io)",
                                 "Sam Smith (Globex · s.smith@globex.com)"]
        await pilot.press("enter")  # nothing chosen yet: nothing saved
        await settle(pilot)
        assert app.screen is bar and store.list_interactions() == []
        for _ in range(names.index("Sam Smith (Globex · s.smith@globex.com)") + 1):
            await pilot.press("down")
        await pilot.press("enter")  # takes the highlighted one: it becomes the chip
        await settle(pilot)
        assert "Globex" in (chip(bar) or "")
        assert bar.query_one("#quicklog-input", Input).value == "coffee hi"
        assert "Enter saves: coffee with Sam Smith (Globex" in preview(bar)
        await pilot.press("enter")
        await settle(pilot)
        [ix] = store.list_interactions()
        assert (ix.contact_id, ix.type, ix.notes) == (globex, "coffee", "hi")


async def test_a_click_on_a_candidate_takes_it_and_names_show_as_typed(
    make_app: Any, signed_in_store: Store
) -> None:
    """The picker draws each candidate as typed (markup and escape codes are text),
    cut to the width; a click on one makes it the chip."""
    store = signed_in_store
    store.add_contact({"name": "Sam [bold]Smith[/bold]", "company": "Acme"})
    store.add_contact({"name": "Sam Stone " + "x" * 300})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "sam coffee hi")
        picker = bar.query_one("#quicklog-picker", CandidatePicker)
        lines = [line.text for line in picker.render_lines(picker.region.reset_offset)]
        assert lines[0].strip() == "Sam [bold]Smith[/bold] (Acme)"
        assert lines[1].rstrip().endswith("…") and len(lines[1]) == picker.size.width
        await pilot.click(picker, offset=(3, 1))
        await settle(pilot)
        assert (chip(bar) or "").startswith("Sam Stone")
        assert bar.query_one("#quicklog-input", Input).value == "coffee hi"
        assert not picker.display


async def test_new_candidates_of_another_height_are_painted_once(
    make_app: Any, signed_in_store: Store
) -> None:
    """A new set of candidates that makes the picker taller is drawn in the frame of
    its key, and not again a frame later for the resize that follows (as an
    OptionList did: the end of the answer to that key came a frame later)."""
    for name in ("Alan Kay", "Alice Liddell", "Alison Brie", "Alma Mahler", "Alvin Ailey"):
        signed_in_store.add_contact({"name": name})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "ali coffee")
        picker = bar.query_one("#quicklog-picker", CandidatePicker)
        assert picker.size.height == 2
        drawn: list[int] = []
        draw = picker.render_line

        def counting(y: int) -> Any:
            drawn.append(y)
            return draw(y)

        picker.render_line = counting  # type: ignore[method-assign]
        await type_line(pilot, bar, "al coffee")
        for _ in range(3):  # a few more frames: a repaint for the resize would come here
            await pilot.pause(0.05)
        assert picker.size.height == 5
        assert sorted(drawn) == [0, 1, 2, 3, 4]


async def test_help_explains_the_quick_log(make_app: Any, signed_in_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        text = str(app.screen.query_one("#help-quicklog", Static).render())
        for words in ("chip", "⌫ on an empty line", "another name", "Tab / shift+tab",
                      "same name", "ctrl+n", "follow-up"):
            assert words in text


async def test_candidates_are_listed_once_and_tab_cycles_through_them(
    make_app: Any, signed_in_store: Store
) -> None:
    for name in ("Alan Kay", "Alice Liddell", "Ada Lovelace"):
        signed_in_store.add_contact({"name": name})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        field = bar.query_one("#quicklog-input", Input)
        await type_line(pilot, bar, "al coffee")
        assert picker_names(bar) == ["Alan Kay", "Alice Liddell"]
        assert "Alan Kay" not in preview(bar)  # the names are in the picker only
        await type_line(pilot, bar, "al")
        seen = []
        for key in ("tab", "tab", "tab", "shift+tab"):
            await pilot.press(key)
            await settle(pilot)
            seen.append(field.value)
        assert seen == ["Alan Kay ", "Alice Liddell ", "Alan Kay ", "Alice Liddell "]
        await type_line(pilot, bar, "ada c")
        seen = []
        for _ in range(5):
            await pilot.press("tab")
            await settle(pilot)
            seen.append(field.value)
        assert seen == ["ada call ", "ada coffee ", "ada conference ", "ada code-review ",
                        "ada call "]


def drawn_over(screen: Any, region: Region) -> set[str]:
    """The kinds of widget drawn on the cells of `region` (what the user sees there)."""
    kinds = set()
    for y in range(region.y, region.bottom):
        for x in range(region.x, region.right):
            kinds.add(type(screen.get_widget_at(x, y)[0]).__name__)
    return kinds


def toast_texts(screen: Any) -> list[str]:
    return [str(t.render()) for t in screen.query("Toast")]


async def test_notifications_never_cover_the_bar_or_the_qr_code(
    make_app: Any, signed_in_store: Store
) -> None:
    for name in ("Alan Kay", "Alice Liddell", "Alba Rossi"):
        signed_in_store.add_contact({"name": name})
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        app.notify("already showing when the bar opens", markup=False)
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "al coffee")  # the picker makes the bar taller
        for n in range(8):  # more than fit above the bar
            app.notify(f"notification {n}", markup=False)
        await settle(pilot)
        card = bar.query_one("#quicklog-card").region
        assert len(toast_texts(bar)) == 9
        kinds = drawn_over(bar, Region(0, 0, SIZE[0], card.y))
        assert "Toast" in kinds  # above the bar
        assert "Toast" not in drawn_over(bar, card)  # never on it
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("r")
        qr_screen = await wait_for_screen(pilot, QuickConnectScreen)
        await settle(pilot)
        app.notify("beside the code", markup=False)
        await settle(pilot)
        qr = qr_screen.query_one("#qc-qr").region
        assert "Toast" in drawn_over(qr_screen, qr_screen.query_one("#qc-side").region)
        assert "Toast" not in drawn_over(qr_screen, qr)
        await pilot.press("t")  # the text column hides: the code takes the width
        await settle(pilot)
        app.notify("waits for room", markup=False)
        await settle(pilot)
        qr = qr_screen.query_one("#qc-qr").region
        assert qr.width == SIZE[0]
        assert "Toast" not in drawn_over(qr_screen, qr)
        assert not any("waits for room" in text for text in toast_texts(qr_screen))
        await pilot.press("t")  # room again: the held notification shows
        await settle(pilot)
        assert any("waits for room" in text for text in toast_texts(qr_screen))
        assert "Toast" not in drawn_over(qr_screen, qr_screen.query_one("#qc-qr").region)


async def test_ctrl_s_saves_like_enter_and_enter_saves_once(
    make_app: Any, signed_in_store: Store
) -> None:
    """Every dialog saves with ctrl+s: the bar too (its footer shows the key), and
    Enter, handled once, saves one row."""
    ada = signed_in_store.add_contact({"name": "Ada Lovelace"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "ada call by ctrl+s")
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
        bar = await open_bar(pilot)
        await type_line(pilot, bar, "ada coffee by enter")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
        notes = sorted(ix.notes for ix in signed_in_store.list_interactions(contact_id=ada))
        assert notes == ["by ctrl+s", "by enter"]


async def test_keys_typed_in_a_burst_after_n_reach_the_new_contact_form(
    make_app: Any, signed_in_store: Store
) -> None:
    """`n`, then at once a name and ctrl+s: the form opens at once (its tag
    suggestions load behind it) and gets every key."""
    signed_in_store.add_contact({"name": "Ada Lovelace"}, ["rust"])
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for ch in "nGrace":
            app.post_message(events.Key(ch, ch))
        app.post_message(events.Key("ctrl+s", None))
        await settle(pilot)
        names = sorted(c.name for c in signed_in_store.list_contacts())
        assert names == ["Ada Lovelace", "Grace"]


async def test_the_preview_follows_the_line_in_the_same_frame_as_the_typed_key(
    make_app: Any, signed_in_store: Store
) -> None:
    """Issue 18: the preview is worked out while the key is handled (a watcher on the
    line's value), not when Input.Changed arrives after the frame with the typed
    character went out; and the help line and placeholder are set once, not per key."""
    signed_in_store.add_contact({"name": "Ada Lovelace"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        bar = await open_bar(pilot)
        field = bar.query_one("#quicklog-input", Input)
        help_line = bar.query_one("#quicklog-help", Static)
        before = help_line.render()
        field.value = "ada coffee talked"  # no pause: no message has been handled yet
        assert "Ada Lovelace" in preview(bar) and "coffee" in preview(bar)
        field.value = "ada call"
        assert "call" in preview(bar)
        assert help_line.render() is before  # not rebuilt by the keys
        await settle(pilot)
        assert "call" in preview(bar)
