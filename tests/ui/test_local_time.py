"""Local time in the app (issue 21), on a clock of the test's own: the contact
screen's "14:02 there" line moves with the minute, a location's zone is suggested
and set only with z, the queue shows their time and who is reachable now, and the
contact form completes zone names and checks them on leave."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from textual.widgets import Input, Static

from devhub_tui.core.dates import DAY_MS
from devhub_tui.core.localtime import ReachableHours
from devhub_tui.tui.screens.contact_form import ContactForm
from devhub_tui.tui.screens.help import HelpScreen, screen_keys
from devhub_tui.tui.screens.settings import SettingsScreen
from devhub_tui.tui.widgets.row_list import RowList
from tests.clock_support import FixedClock

from .conftest import SIZE, open_contact, settle, wait_for, wait_for_screen

#: 2026-12-04 12:00 UTC: 13:00 in Berlin, 17:30 in Kolkata, 07:00 in New York,
#: 01:00 the next day in Auckland (summer there: UTC+13)
NOW = int(_dt.datetime(2026, 12, 4, 12, 0, tzinfo=_dt.UTC).timestamp() * 1000)


def line_of(screen: Any) -> str:
    widget = screen.query_one("#contact-localtime", Static)
    return str(widget.render()) if widget.display else ""


def footer_keys(app: Any) -> set[str]:
    return {b.binding.key for b in app.screen.active_bindings.values()
            if b.node is app.screen}


async def test_the_contact_screen_shows_their_time_and_keeps_it_to_the_minute(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    priya = store.add_contact({"name": "Priya", "timezone": "Asia/Kolkata"})
    kiri = store.add_contact({"name": "Kiri", "timezone": "Pacific/Auckland"})
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, priya)
        assert line_of(screen) == "17:30 there · UTC+05:30 · reachable until 21:00"
        assert "z" not in footer_keys(app)  # nothing to suggest: no z
        clock.advance(4 * 3600 + 2 * 60)  # 21:32 there: past the window
        screen.refresh_local_time()
        assert line_of(screen).startswith("21:32 there · UTC+05:30 · off hours")
        clock.advance(3 * 3600)  # 00:32 there
        screen.refresh_local_time()
        assert line_of(screen) == ("00:32 there · UTC+05:30 · asleep, "
                                   "reachable from 08:00")
        # and the timer does it by itself
        clock.advance(60)
        await wait_for(pilot, lambda: line_of(screen).startswith("00:33 there"))
        await pilot.press("escape")
        screen = await open_contact(pilot, kiri)
        assert line_of(screen).startswith("08:03 there · UTC+13:00 · reachable")


async def test_the_reachable_window_is_the_accounts_setting(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    store.set_reachable_hours(ReachableHours(18 * 60, 2 * 60))  # evenings, past midnight
    priya = store.add_contact({"name": "Priya", "timezone": "Asia/Kolkata"})
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, priya)
        assert line_of(screen) == ("17:30 there · UTC+05:30 · off hours, "
                                   "reachable from 18:00")


async def test_a_city_in_the_location_suggests_a_zone_set_only_with_z(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    bob = store.add_contact({"name": "Bob", "location": "Berlin, Germany"})
    nobody = store.add_contact({"name": "Nobody", "location": "Atlantis"})
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, bob)
        assert line_of(screen) == "Looks like Europe/Berlin (from Berlin): press z to set"
        assert store.get_contact(bob).timezone is None  # a suggestion only
        assert "z" in footer_keys(app)
        # the help (?) lists it with this screen's keys
        assert ("z", "Set the time zone their location suggests") in screen_keys(screen)
        await pilot.press("question_mark")
        await wait_for_screen(pilot, HelpScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("z")
        await wait_for(pilot, lambda: store.get_contact(bob).timezone == "Europe/Berlin")
        await settle(pilot)
        assert line_of(screen) == "13:00 there · UTC+01:00 · reachable until 21:00"
        assert "z" not in footer_keys(app)
        await pilot.press("escape")
        screen = await open_contact(pilot, nobody)
        assert line_of(screen) == ""  # no city we know: nothing suggested
        await pilot.press("z")
        await settle(pilot)
        assert store.get_contact(nobody).timezone is None
        await pilot.press("escape")
        # a zone this machine doesn't know (an old vCard's TZ:-05:00): no wrong time
        with store.db.write() as c:
            c.execute("UPDATE contacts SET timezone = '-05:00' WHERE id = ?", (bob,))
        screen = await open_contact(pilot, bob)
        assert line_of(screen) == ("time zone '-05:00' is not one this machine knows: e "
                                   "changes it (an IANA name like Europe/Berlin)")
        assert "z" not in footer_keys(app)


async def test_the_queue_shows_their_time_and_who_is_reachable(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)

    def overdue(name: str, days: int, **fields: object) -> str:
        cid = store.add_contact({"name": name, "cadence_days": 10, **fields})
        store.log_interaction(cid, "call", NOW - days * DAY_MS)
        return cid

    overdue("Priya", 40, timezone="Asia/Kolkata")
    overdue("Nate", 30, timezone="America/New_York")
    overdue("Zed", 25)
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen.query_one("#dash-queue", RowList)
        rows = {queue.get_row_at(n)[1].plain: queue.get_row_at(n)[2].plain
                for n in range(queue.row_count)}
        assert rows == {"Priya": "17:30 reachable", "Nate": "07:00 off hours", "Zed": ""}
        header = queue.render_line(0).text
        assert "Their time" in header
        # an hour later New York wakes up (08:00): the queue says so by itself
        clock.advance(3600)
        await wait_for(pilot, lambda: queue.get_row_at(1)[2].plain == "08:00 reachable")
        assert queue.get_row_at(0)[2].plain == "18:30 reachable"


async def test_without_any_zone_the_queue_has_no_time_column(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = store.add_contact({"name": "Zed", "cadence_days": 10})
    store.log_interaction(cid, "call", NOW - 30 * DAY_MS)
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen.query_one("#dash-queue", RowList)
        assert queue.row_count == 1
        assert "Their time" not in queue.render_line(0).text
        assert "overdue by" in queue.render_line(1).text


async def test_the_form_completes_zone_names_and_checks_them_on_leave(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = store.add_contact({"name": "Ada"})
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, cid)
        await pilot.press("e")
        form: Any = await wait_for_screen(pilot, ContactForm)
        field = form.query_one("#f-timezone", Input)
        field.focus()
        assert field.suggester is not None
        assert await field.suggester.get_suggestion("america/new y") == "America/New_York"
        assert await field.suggester.get_suggestion("b") is None  # no region starts so
        await pilot.press(*"europe/ber")
        await settle(pilot)
        await pilot.press("right")  # takes the completion
        assert field.value == "Europe/Berlin"
        field.value = "Mars/Olympus"
        await pilot.press("tab")
        await settle(pilot)
        error = form.query_one("#e-timezone", Static)
        assert error.display and "unknown time zone 'Mars/Olympus'" in str(error.render())
        field.value = "asia/kolkata"
        field.focus()
        await pilot.press("tab")
        await settle(pilot)
        assert not error.display
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: store.get_contact(cid).timezone == "Asia/Kolkata")
        await settle(pilot)
        assert line_of(screen).startswith("17:30 there · UTC+05:30 · reachable")


async def test_settings_change_the_reachable_hours_and_the_queue_follows(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = store.add_contact({"name": "Priya", "timezone": "Asia/Kolkata", "cadence_days": 10})
    store.log_interaction(cid, "call", NOW - 30 * DAY_MS)
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen.query_one("#dash-queue", RowList)
        assert queue.get_row_at(0)[2].plain == "17:30 reachable"
        # the palette finds it by name too (it opens Settings)
        palette = {c.title: c for c in app.get_system_commands(app.screen)}
        assert "Reachable hours" in palette
        await pilot.press("S")
        form: Any = await wait_for_screen(pilot, SettingsScreen)
        await settle(pilot)
        hours = form.query_one("#set-hours", Input)
        assert hours.value == "08:00-21:00"
        hours.value = "nine to five"  # not a window devhub reads: one line, nothing saved
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "'nine to five' is not a window of hours" in str(
            form.query_one("#set-hours-error", Static).render())
        assert store.reachable_hours() == ReachableHours(8 * 60, 21 * 60)
        hours.value = "18-2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert store.reachable_hours() == ReachableHours(18 * 60, 2 * 60)
        await wait_for(pilot, lambda: queue.get_row_at(0)[2].plain == "17:30 off hours")


async def test_the_minute_redraw_keeps_the_cursor_and_the_scroll(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    for n in range(60):
        cid = store.add_contact({"name": f"Person {n:02d}", "cadence_days": 10,
                                 "timezone": "Europe/Berlin"})
        store.log_interaction(cid, "call", NOW - (20 + n) * DAY_MS)
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen.query_one("#dash-queue", RowList)
        await pilot.press(*["down"] * 30, *["up"] * 3)  # scrolled, the cursor mid-list
        await settle(pilot)
        top, cursor = queue.top_row, queue.cursor_row
        assert top > 0 and top < cursor
        clock.advance(60)
        await wait_for(pilot, lambda: queue.get_row_at(0)[2].plain == "13:01 reachable")
        assert (queue.top_row, queue.cursor_row) == (top, cursor)
