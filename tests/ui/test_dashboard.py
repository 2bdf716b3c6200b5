"""The dashboard and the reminder flows with an injected clock (never sleeps)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from textual.widgets import Input, OptionList, Sparkline, Static

from devhub_tui.core.dates import DAY_MS, ms_to_date
from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.modals import FollowUpForm, SnoozeScreen
from devhub_tui.tui.screens.settings import SettingsScreen
from devhub_tui.tui.widgets.row_list import RowList
from tests.clock_support import FixedClock

from .conftest import SIZE, open_contact, settle

NOW = 1_795_600_000_000 + 15 * 3_600_000  # 2026-11-25 15:00 UTC
TODAY = ms_to_date(NOW)


def rows(table: RowList, col: int) -> list[str]:
    return [str(table.get_row_at(r)[col]) for r in range(table.row_count)]


def add(store: Store, name: str, days_since: float | None, **fields: object) -> str:
    cid = store.add_contact({"name": name, **fields})
    with store.db.write() as c:
        c.execute("UPDATE contacts SET created_at = ? WHERE id = ?", (NOW - 300 * DAY_MS, cid))
    if days_since is not None:
        store.log_interaction(cid, "call", NOW - int(days_since * DAY_MS))
    return cid


async def test_dashboard_queue_numbers_snooze_and_follow_up(
    make_app: Any, store_at: Any
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    add(store, "Okay Olga", 2, vip=True)
    soon = add(store, "Soon Sam", 25)
    add(store, "Attention Ann", 35)
    over = add(store, "Overdue Otto", 70)
    add(store, "Birthday Bea", 1, birthday=(TODAY + _dt.timedelta(days=3)).strftime("%m-%d"))
    fay = add(store, "Follow Fay", 1)
    store.add_follow_up(fay, TODAY - _dt.timedelta(days=2), "send slides")
    store.add_follow_up(fay, TODAY + _dt.timedelta(days=6), "demo day")
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        queue = screen.query_one("#dash-queue", RowList)
        assert rows(queue, 1) == ["Overdue Otto", "Follow Fay", "Attention Ann",
                                  "Birthday Bea", "Soon Sam"]
        assert rows(queue, 3)[0] == "overdue by 40 days"  # (2: their time, issue 21)
        assert rows(queue, 3)[3] == "birthday in 3 days"
        stats = str(screen.query_one("#dash-stats", Static).render())
        assert "6 contacts" in stats and "1 VIP " in stats
        # Ann (35 days ago, in October) falls in the same days of last month
        assert "4 interactions this month" in stats and f"vs 1 in Oct 1–{TODAY.day}" in stats
        assert "50% of active contacts ok" in stats
        dist = str(screen.query_one("#dash-dist", Static).render())
        assert "overdue  1" in dist and "due soon  1" in dist and "ok  3" in dist
        assert sum(screen.query_one("#dash-chart", Sparkline).data or []) == 6
        assert rows(screen.query_one("#dash-followups", RowList), 2) == ["demo day"]
        assert rows(screen.query_one("#dash-vips", RowList), 0) == ["Okay Olga"]

        # Enter opens the most urgent contact; snooze it for 2 weeks
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen) and app.screen.contact_id == over
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        options = app.screen.query_one(OptionList)
        options.highlighted = 1  # 2 weeks
        await pilot.press("enter")
        await settle(pilot)
        otto = store.get_contact(over)
        assert otto.status == "snoozed"
        assert ms_to_date(otto.snoozed_until or 0) == TODAY + _dt.timedelta(days=14)
        await pilot.press("escape")
        await settle(pilot)
        assert "Overdue Otto" not in rows(screen.query_one("#dash-queue", RowList), 1)

        # complete Fay's late follow-up from her screen
        await open_contact(pilot, fay)
        followups = app.screen.query_one("#followups", RowList)
        followups.focus()
        await pilot.press("space")
        await settle(pilot)
        done = {f.note: f.done_at is not None for f in store.list_follow_ups(contact_id=fay)}
        assert done == {"send slides": True, "demo day": False}
        # and schedule one with a date word
        await pilot.press("f")
        await settle(pilot)
        assert isinstance(app.screen, FollowUpForm)
        app.screen.query_one("#fu-due", Input).value = "in 3 days"
        app.screen.query_one("#fu-note", Input).value = "intro to Bob"
        await pilot.press("ctrl+s")
        await settle(pilot)
        dues = sorted(f.due for f in store.list_follow_ups(contact_id=fay, open_only=True))
        assert dues == [(TODAY + _dt.timedelta(days=3)).isoformat(),
                        (TODAY + _dt.timedelta(days=6)).isoformat()]
        await pilot.press("escape")
        await settle(pilot)
        queue = app.screen.query_one("#dash-queue", RowList)
        assert rows(queue, 1) == ["Attention Ann", "Birthday Bea", "Soon Sam"]

        # the day changes while the app is open: statuses are recomputed
        clock.now = NOW + 6 * DAY_MS
        app._check_day()
        await settle(pilot)
        assert store.get_contact(soon).status == "needs-attention"


async def test_empty_dashboard_explains_what_to_do(make_app, signed_in_store) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        text = str(app.screen.query_one("#dash-queue-empty", Static).render())
        assert "Add your first contact with n" in text


async def test_settings_change_the_cadence_defaults(
    make_app: Any, store_at: Any
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = add(store, "Normal Nia", 20)
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert store.get_contact(cid).status == "ok"
        app.action_settings()
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        app.screen.query_one("#set-normal", Input).value = "abc"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, SettingsScreen)
        assert str(app.screen.query_one("#set-normal-error", Static).render())
        app.screen.query_one("#set-normal", Input).value = "15"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        assert store.cadence_defaults().normal == 15
        assert store.get_contact(cid).status == "needs-attention"
        assert "Normal Nia" in rows(app.screen.query_one("#dash-queue", RowList), 1)


def test_the_status_line_fits_one_row_at_120_columns_with_100k_counts() -> None:
    from devhub_tui.storage.store import Stats
    from devhub_tui.tui.screens.dashboard import distribution_text

    counts = {"ok": 65_618, "due-soon": 2_527, "needs-attention": 8_032, "overdue": 16_955,
              "snoozed": 992, "paused": 5_876}
    stats = Stats(contacts=100_000, vips=960, interactions_this_month=0,
                  interactions_last_month=0, status_counts=counts, weekly=[0] * 26)
    text = distribution_text(stats)
    assert text.cell_len <= 116  # the row is 120 wide, with padding
    assert "paused  5,876" in text.plain and "ok  65,618" in text.plain


async def test_the_side_lists_open_and_log_with_the_whole_contact(
    make_app: Any, store_at: Any
) -> None:
    """A name cut to fit the right column still opens, and quick-logs with, the whole
    contact; the lists take focus with tab like the queue."""
    from devhub_tui.tui.screens.dashboard import SIDE_NAME
    from devhub_tui.tui.screens.quick_log import QuickLogScreen

    clock = FixedClock(NOW)
    store = store_at(clock)
    long_name = "Maximiliana Montgomery-Featherstonehaugh"
    vip = store.add_contact({"name": long_name, "vip": True})
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        vips = app.screen.query_one("#dash-vips", RowList)
        # the list shows it cut to its column, ending in an ellipsis
        assert vips.render_line(1).text.startswith(
            " " + long_name[:SIDE_NAME - 1] + "… ")
        vips.focus()
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)
        assert app.screen.fixed_contact is not None
        assert (app.screen.fixed_contact.id, app.screen.fixed_contact.name) == (vip, long_name)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen) and app.screen.contact_id == vip
