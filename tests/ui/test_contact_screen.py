"""The contact screen and the interactions list hide nothing: a note with more lines
or cut short says so and opens whole; done follow-ups look done; birthdays, archived
contacts and VIPs read as people say them; d is the dashboard and x deletes a row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from rich.text import Text
from textual.widgets import Static

from devhub_tui.core.dates import DAY_MS
from devhub_tui.tui.screens.confirm import ConfirmScreen
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.contacts import ContactsScreen
from devhub_tui.tui.screens.dashboard import DashboardScreen
from devhub_tui.tui.screens.interaction_detail import InteractionDetail
from devhub_tui.tui.screens.interaction_editor import InteractionForm
from devhub_tui.tui.widgets.row_list import RowList
from tests.clock_support import FixedClock

from .conftest import SIZE, open_contact, settle, wait_for_screen

NOW = 1_796_385_600_000  # 2026-12-04 12:00 UTC
LONG_FIRST = "we talked about " + "ownership and borrowing in embedded rust " * 4
NOTE = LONG_FIRST + "\n[bold]second[/bold] line\nthird line"


def painted(widget: Any) -> list[str]:
    return [widget.render_line(y).text for y in range(widget.size.height)]


async def test_a_long_or_multi_line_note_ends_in_an_ellipsis_and_opens_whole(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = store.add_contact({"name": "Ada Lovelace"})
    store.log_interaction(cid, "coffee", NOW - DAY_MS, NOTE)
    store.log_interaction(cid, "call", NOW - 2 * DAY_MS, "short\nand a second line")
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_contact(pilot, cid)
        timeline = screen.query_one("#timeline", RowList)
        lines = painted(timeline)
        # cut to the column: an ellipsis at the edge; more lines: " …" after the first
        assert lines[1].rstrip().endswith("…") and "second" not in lines[1]
        assert lines[2].rstrip().endswith("short …")
        timeline.focus()
        await pilot.press("enter")
        await settle(pilot)
        detail = app.screen
        assert isinstance(detail, InteractionDetail)
        whole = detail.query_one("#detail-text", Static).render()
        assert str(whole) == NOTE.strip()  # all of it, markup as typed
        assert "coffee with Ada Lovelace" in str(detail.query_one(".modal-title").render())
        await pilot.press("e")  # edit from the view
        await settle(pilot)
        assert isinstance(app.screen, InteractionForm)
        await pilot.press("escape")
        await settle(pilot)

        # the interactions list: the same ellipses, Enter shows it whole, e edits
        await pilot.press("i")
        await settle(pilot)
        table = app.screen.query_one("#interactions-table", RowList)
        rows = [table.render_line(y).text for y in (1, 2)]
        assert rows[0].rstrip().endswith("…") and "second" not in rows[0]
        assert "short …" in rows[1]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, InteractionDetail)
        assert str(app.screen.query_one("#detail-text", Static).render()) == NOTE.strip()
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, InteractionForm)


async def test_a_huge_note_scrolls_in_the_detail_view(
    make_app: Any, store_at: Any
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = store.add_contact({"name": "Ada"})
    huge = "\n".join(f"line {n}" for n in range(400))
    store.log_interaction(cid, "call", NOW - DAY_MS, huge)
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_contact(pilot, cid)
        screen.query_one("#timeline", RowList).focus()
        await pilot.press("enter")
        await settle(pilot)
        notes = app.screen.query_one("#detail-notes")
        assert notes.size.height < SIZE[1] and notes.max_scroll_y > 300
        assert app.screen.query_one("#detail-close").region.bottom <= SIZE[1]
        await pilot.press("end")
        await settle(pilot)
        assert notes.scroll_y == notes.max_scroll_y
        await pilot.resize_terminal(60, 15)  # small: the note gets less, buttons still show
        await settle(pilot)
        assert notes.size.height >= 2
        assert app.screen.query_one("#detail-close").region.bottom <= 15


async def test_done_follow_ups_look_done_and_space_reopens_them(
    make_app: Any, store_at: Any
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = store.add_contact({"name": "Ada"})
    import datetime as _dt

    today = _dt.date(2026, 12, 4)
    store.add_follow_up(cid, today + _dt.timedelta(days=3), "send the slides")
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_contact(pilot, cid)
        followups = screen.query_one("#followups", RowList)
        followups.focus()
        await pilot.press("space")
        await settle(pilot)
        [fu] = store.list_follow_ups(contact_id=cid)
        assert fu.done_at is not None
        due, state, note = followups.get_row_at(0)
        assert state.plain == "✓ done"
        assert all("dim" in str(cell.style) for cell in (due, state, note))
        await pilot.press("space")  # again: reopened
        await settle(pilot)
        [fu] = store.list_follow_ups(contact_id=cid)
        assert fu.done_at is None
        due, state, note = followups.get_row_at(0)
        assert state.plain == "open" and "dim" not in str(note.style)


async def test_birthdays_archived_and_vips_read_as_people_say_them(
    make_app: Any, store_at: Any
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    no_year = store.add_contact({"name": "Ada", "birthday": "--12-10", "vip": True})
    with_year = store.add_contact({"name": "Bob", "birthday": "1990-12-10"})
    archived = store.add_contact({"name": "Cy", "archived": True})
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_contact(pilot, no_year)
        details = "\n".join(painted(screen.query_one("#contact-details", Static)))
        assert "10 Dec (in 6 days)" in details and "--12-10" not in details
        await pilot.press("escape")
        screen = await open_contact(pilot, with_year)
        details = "\n".join(painted(screen.query_one("#contact-details", Static)))
        assert "10 Dec 1990 (in 6 days, turns 36)" in details
        await pilot.press("escape")
        screen = await open_contact(pilot, archived)
        details = "\n".join(painted(screen.query_one("#contact-details", Static)))
        assert "archived" in details and "paused" not in details
        await pilot.press("escape")
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        names = [table.get_row_at(r)[0] for r in range(table.row_count)]
        assert [n.plain for n in names] == ["★ Ada", "Bob", "Cy"]
        assert isinstance(names[0], Text) and "magenta" in str(names[0].spans[0].style)
        status = {table.get_row_at(r)[0].plain: table.get_row_at(r)[-2].plain.strip()
                  for r in range(table.row_count)}
        assert status["Cy"] == "‖ archived"


async def test_d_is_the_dashboard_and_x_deletes_the_highlighted_row_asking_first(
    make_app: Any, store_at: Any,
) -> None:
    import datetime as _dt

    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = store.add_contact({"name": "Ada"})
    store.log_interaction(cid, "coffee", NOW - DAY_MS, "rust")
    store.log_interaction(cid, "call", NOW - 2 * DAY_MS, "go")
    store.add_follow_up(cid, _dt.date(2026, 12, 9), "send the slides")
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("enter")
        screen = await wait_for_screen(pilot, ContactScreen)
        await settle(pilot)
        # x on the timeline deletes the highlighted interaction, after a yes
        screen.query_one("#timeline", RowList).focus()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "coffee" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert [i.type for i in store.list_interactions()] == ["call"]
        # ... on the follow-ups, the highlighted follow-up
        screen.query_one("#followups", RowList).focus()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "follow-up due 2026-12-09" in app.screen.question
        await pilot.press("y")
        await settle(pilot)
        assert store.list_follow_ups() == [] and store.count_contacts() == 1
        # elsewhere, the contact (asks first)
        screen.query_one("#contact-left").focus()
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen) and app.screen.question == "Delete Ada?"
        await pilot.press("n")
        await settle(pilot)
        # d: the dashboard, from the contact screen as from every screen; c then
        # shows the contacts list again
        await pilot.press("d")
        await settle(pilot)
        assert app.current_mode == "dashboard" and isinstance(app.screen, DashboardScreen)
        assert store.count_contacts() == 1 and len(store.list_interactions()) == 1
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen)
        await pilot.press("enter")
        await wait_for_screen(pilot, ContactScreen)
        await pilot.press("V")  # shift+v: opened over the contact screen
        await settle(pilot)
        app.action_vips()
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)


async def test_what_an_import_kept_beside_a_contact_shows_on_their_screen(
    make_app: Any, store_at: Any, tmp_path: Path
) -> None:
    """Other emails and phones (with their types), addresses and links a file carried
    are shown, not only stored: nothing an import kept is hidden."""
    from devhub_tui.storage.transfer import import_file

    store = store_at(FixedClock(NOW))
    card = tmp_path / "grace.vcf"
    card.write_text(
        "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Grace Hopper\r\n"
        "EMAIL;TYPE=WORK:grace@navy.mil\r\nEMAIL;TYPE=HOME:grace@home.example\r\n"
        "TEL;TYPE=CELL:+1 555 0100\r\nTEL;TYPE=WORK:+1 555 0199\r\n"
        "ADR;TYPE=HOME:;;1 Navy Way;Arlington;VA;22201;USA\r\n"
        "URL:https://grace.example\r\nEND:VCARD\r\n"
    )
    import_file(store, card)
    [grace] = store.list_contacts()
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = await open_contact(pilot, grace.id)
        details = "\n".join(painted(screen.query_one("#contact-details", Static)))
    assert "Email (work)" in details and "grace@navy.mil" in details
    assert "grace@home.example" in details and "+1 555 0199" in details
    assert "Phone (cell)" in details and "1 Navy Way" in details
    assert "grace.example" in details
