"""What fits where: the footer on a narrow terminal, the contacts table at 60x15, the
dashboard at 250 columns, and the help of the screen you are on."""

from __future__ import annotations

from typing import Any

from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.help import HelpScreen
from devhub_tui.tui.widgets.fitted_list import ColumnSpec, FittedList, fit_columns
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.row_list import RowList

from .conftest import SIZE, open_contact, settle

LONG = "Maximiliana Montgomery-Featherstonehaugh"


async def test_a_narrow_footer_drops_the_least_important_keys_and_keeps_help_and_quit(
    make_app: Any, signed_in_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        line = app.screen.query_one(Footer).render()
        assert line.cell_len <= 60
        assert " ? Help " in line.plain and " q Quit " in line.plain
        assert " / Search " in line.plain  # the screen's first key stays
        assert "Contacts" not in line.plain  # the key to where you are goes first
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        wide = app.screen.query_one(Footer).render().plain
        assert " s Status " in wide and " ? Help " in wide and " w Who knows " in wide
        # room for every key (w, g: issue 20; the contacts' f and G: skills)
        await pilot.resize_terminal(220, 40)
        await settle(pilot)
        wide = app.screen.query_one(Footer).render().plain
        assert " c Contacts " in wide and " g Stack " in wide


async def test_the_contacts_table_fits_60x15_and_keeps_status(
    make_app: Any, signed_in_store: Store
) -> None:
    signed_in_store.add_contact({"name": LONG, "company": "Analytical Engines"},
                                ["rust", "pycon-2026"])
    app = make_app()
    async with app.run_test(size=(60, 15)) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", FittedList)
        assert table.shown_labels == ["Name", "Status", "Last contacted"]
        row = table.render_line(1).text
        assert "○ ok" in row and "never" in row and row.startswith(" Maximiliana")
        assert sum(width + 2 for _key, width in table.shown) <= 58
        # wider again: every column comes back, the cursor stays on its row
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert table.shown_labels == ["Name", "Company", "Tags", "Status", "Last contacted"]
        assert "Analytical Engines" in table.render_line(1).text


def test_fit_columns_drops_the_least_important_first_and_shares_the_rest() -> None:
    specs = [ColumnSpec("name", "Name", 10, 20, 0), ColumnSpec("tags", "Tags", 8, 30, 3),
             ColumnSpec("status", "Status", 6, 6, 1), ColumnSpec("last", "Last", 5, 5, 2)]
    assert [(c.key, w) for c, w in fit_columns(specs, 100)] == [
        ("name", 20), ("tags", 30), ("status", 6), ("last", 5)]
    assert [(c.key, w) for c, w in fit_columns(specs, 30)] == [
        ("name", 13), ("status", 6), ("last", 5)]
    assert [(c.key, w) for c, w in fit_columns(specs, 20)] == [("name", 10), ("status", 6)]
    assert [(c.key, w) for c, w in fit_columns(specs, 3)] == [("name", 10)]


async def test_the_dashboard_lists_use_a_wide_terminal(
    make_app: Any, signed_in_store: Store
) -> None:
    import datetime as _dt

    store = signed_in_store
    name = "Montgomery Featherstonehaugh"  # wider than the 16 cells it gets at 120
    cid = store.add_contact({"name": name, "vip": True})
    note = "bring the printed slides and the demo laptop"
    store.add_follow_up(cid, _dt.date.today() + _dt.timedelta(days=3), note)
    app = make_app()
    async with app.run_test(size=(250, 50)) as pilot:
        await settle(pilot)
        follow_ups = app.screen.query_one("#dash-followups", RowList)
        assert name in follow_ups.render_line(1).text and note in follow_ups.render_line(1).text
        assert name in app.screen.query_one("#dash-vips", RowList).render_line(1).text
        await pilot.resize_terminal(*SIZE)  # at 120 they are cut, with an ellipsis
        await settle(pilot)
        line = follow_ups.render_line(1).text
        assert name not in line and "…" in line and note not in line


async def test_help_shows_the_keys_of_the_screen_you_are_on(
    make_app: Any, signed_in_store: Store
) -> None:
    cid = signed_in_store.add_contact({"name": "Ada"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)

        async def help_here() -> str:
            await pilot.press("question_mark")
            await settle(pilot)
            assert isinstance(app.screen, HelpScreen)
            here = app.screen.query_one("#help-here")
            text = "\n".join(here.render_line(y).text for y in range(here.size.height))
            await pilot.press("escape")
            await settle(pilot)
            return " ".join(text.split())

        text = await help_here()
        assert "Keys here: Dashboard" in text and "The VIP view" in text
        await pilot.press("c")
        await settle(pilot)
        text = await help_here()
        for key, does in (("o", "Cycle sort order"), ("t", "Filter by tag"),
                          ("v", "Only VIPs"), ("s", "Filter by status")):
            assert f"│ {key} " in text and does in text
        await pilot.press("i")
        await settle(pilot)
        text = await help_here()
        for key in ("y", "p", "[", "]", "e", "x"):
            assert f"│ {key} " in text
        assert "Only interactions since a date" in text and "whole" in text
        await open_contact(pilot, cid)
        text = await help_here()
        assert "│ space " in text and "Complete / reopen the highlighted follow-up" in text
        assert "or the highlighted interaction or" in text  # x on a row
        assert "Focus Next" not in text  # Textual's own keys are not listed as the screen's
