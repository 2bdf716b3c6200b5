"""The Match screen (`w`, "Who knows…") and the Tech-stack screen (`g`, "Tech
stack"), driven with Pilot (issue 20): rows with score and reasons, Enter opens the
contact; the chart's painted bars in 80×24 and 160×50, the topic toggle, Enter on
a bar lists those contacts; both reload when the data changes."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from textual.geometry import Region
from textual.widgets import Input

from devhub_tui.core.dates import DAY_MS
from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.match import MatchScreen
from devhub_tui.tui.screens.stack import StackContactsScreen, StackScreen
from devhub_tui.tui.widgets.bar_chart import BarChart
from devhub_tui.tui.widgets.fitted_list import FittedList
from tests.clock_support import FixedClock

from .conftest import SIZE, settle, wait_for_screen

NOW = 1_795_600_000_000 + 15 * 3_600_000  # 2026-11-25 15:00 UTC


@pytest.fixture
def network(store_at: Any) -> dict[str, str]:
    """8 contacts: rust 4 (2 talked to in 90 days), go 2 (none), python 1 (talked to);
    topics: #wasm with 3, #rust with 1."""
    s: Store = store_at(FixedClock(NOW))
    ids: dict[str, str] = {}

    def add(name: str, skills: list[str], days: list[int], note: str = "",
            **fields: object) -> None:
        ids[name] = s.add_contact({"name": name, "skills": skills, **fields})
        for d in days:
            s.log_interaction(ids[name], "call", NOW - d * DAY_MS, note)

    add("Ada Lovelace", ["rust", "wasm"], [3, 30, 60], "talked #wasm",
        timezone="Europe/Berlin")
    add("Bob [bold]Builder", ["rust"], [10], "#wasm and #rust")
    add("Cy Rustacean", ["rust", "go"], [200])
    add("Dee", ["rust"], [])
    add("Eve", ["go"], [400], "#wasm")
    add("Fay", ["python"], [5])
    add("Gus", [], [])
    add("Hal", [], [])
    add("Archived Al", ["rust"], [1], archived=True)
    s.db.close()
    return ids


def list_rows(rows: FittedList) -> list[list[str]]:
    return [[str(cell) for cell in rows.get_row_at(r)] for r in range(rows.row_count)]


def chart_lines(chart: BarChart) -> list[str]:
    region = chart.scrollable_content_region
    strips = chart.render_lines(Region(0, 0, region.width, region.height))
    return [strip.text.rstrip() for strip in strips]


async def test_match_screen_ranks_with_reasons_and_enter_opens(
        make_app: Any, network: dict[str, str]) -> None:
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        screen = await wait_for_screen(pilot, MatchScreen)
        assert isinstance(screen, MatchScreen)
        assert "Type technologies" in str(screen.query_one("#match-empty").render())
        await pilot.press(*"rust wasm")
        await settle(pilot)
        rows = screen.row_list
        got = list_rows(rows)
        assert [r[1] for r in got] == ["Ada Lovelace", "Bob [bold]Builder", "Cy Rustacean",
                                       "Dee", "Eve"]
        # Ada: 40+40+5 (talked about wasm) + 3 talks (6) + 3 days ago (10)
        assert got[0][0] == "101"
        assert got[0][2] == "rust, webassembly · 3 talks this year · last talked 3 days ago"
        assert got[1][2] == ("rust · talked about webassembly · 1 talk this year"
                             " · last talked 10 days ago")
        assert got[4][2] == "talked about webassembly · no talks this year"
        summary = str(screen.query_one("#match-summary").render())
        assert "5 know rust, webassembly" in summary
        # near a time zone: tab to the field
        await pilot.press("tab", *"Europe/Berlin")
        await settle(pilot)
        assert list_rows(rows)[0][2].endswith("same time zone")
        assert "near Europe/Berlin" in str(screen.query_one("#match-summary").render())
        await pilot.press("enter")  # the field: to the results
        assert app.focused is rows
        assert rows.cursor_row == 0  # a new question starts at the top
        await pilot.press("down", "enter")  # Bob
        contact = await wait_for_screen(pilot, ContactScreen)
        assert contact.contact_id == network["Bob [bold]Builder"]  # type: ignore[attr-defined]


async def test_match_screen_nobody_bad_input_and_refresh(
        make_app: Any, network: dict[str, str]) -> None:
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("w")
        screen = await wait_for_screen(pilot, MatchScreen)
        await pilot.press(*"cobol")
        await settle(pilot)
        empty = screen.query_one("#match-empty")
        assert empty.display and "Nobody in your network knows cobol yet" in str(
            empty.render())
        assert "devhub contact edit NAME --skill cobol" in str(empty.render())
        # a contact gets the skill (another part of the app writes): the rows follow
        session = app.session
        await asyncio.to_thread(session.write, session.store.add_contact,
                                {"name": "Cobol Carla", "skills": ["cobol"]})
        await settle(pilot)
        assert [r[1] for r in list_rows(screen.row_list)] == ["Cobol Carla"]
        assert not empty.display
        screen.query_one("#match-query", Input).value = "rust $$"
        await settle(pilot)
        assert "is not a skill" in str(screen.query_one("#match-summary").render())
        assert screen.row_list.row_count == 0


@pytest.mark.parametrize(("size", "bar"), [((80, 24), 36), ((160, 50), 116)])
async def test_stack_chart_paints_bars(make_app: Any, network: dict[str, str],
                                       size: tuple[int, int], bar: int) -> None:
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("g")
        screen = await wait_for_screen(pilot, StackScreen)
        await settle(pilot)
        chart = screen.query_one("#stack-chart", BarChart)
        lines = chart_lines(chart)
        assert lines[0].split() == ["skill", "contacts", "share", "talked", "90d"]
        rust, go, python, wasm = lines[1:5]
        # rust: 4 of 8 contacts, 2 talked to in 90 days: the longest bar, filling the room
        assert rust.startswith(" rust ") and "█" * bar in rust and "█" * (bar + 1) not in rust
        assert rust.split()[-3:] == ["4", "50%", "2"]
        # go: 2 contacts, half as long; python 1: a quarter (an eighth block ends it)
        assert go.count("█") == round(bar / 2) and go.split()[-3:] == ["2", "25%", "0"]
        quarter = bar / 4
        assert python.count("█") == int(quarter)
        assert python.split()[-3:] == ["1", "12%", "1"]
        assert wasm.split()[0] == "webassembly" and wasm.split()[-3:] == ["1", "12%", "1"]
        assert len(lines[1]) <= size[0]
        width = chart.scrollable_content_region.width
        assert width == size[0] - 2  # the room the scrollbar keeps
        assert all(strip.cell_length == width
                   for strip in chart.render_lines(Region(0, 0, width, 6)))
        summary = str(screen.query_one("#stack-summary").render())
        assert "8 contacts · 4 skills" in summary


async def test_stack_toggle_topics_enter_lists_contacts_and_refresh(
        make_app: Any, network: dict[str, str]) -> None:
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        screen = await wait_for_screen(pilot, StackScreen)
        await settle(pilot)
        chart = screen.query_one("#stack-chart", BarChart)
        await pilot.press("t")
        await settle(pilot)
        lines = chart_lines(chart)
        assert lines[0].split()[0] == "topic"
        # #wasm: Ada, Bob, Eve (Eve last talked 400 days ago); #rust: Bob
        assert lines[1].split()[0] == "webassembly" and lines[1].split()[-3:] == [
            "3", "38%", "2"]
        assert lines[2].split()[0] == "rust" and lines[2].split()[-3:] == ["1", "12%", "1"]
        assert "Topics you talked about" in str(screen.query_one("#stack-title").render())
        assert chart.current is not None and chart.current.name == "rust"  # kept
        footer = str(app.screen.query_one("Footer").render())
        assert " t Skills " in footer and "Topics" not in footer
        await pilot.press("up", "enter")
        people = await wait_for_screen(pilot, StackContactsScreen)
        await settle(pilot)
        rows = people.query_one(FittedList)
        assert [r[0] for r in list_rows(rows)] == ["Ada Lovelace", "Bob [bold]Builder", "Eve"]
        assert "3 contacts talked about webassembly" in str(
            people.query_one("#stack-contacts-title").render())
        await pilot.press("down", "enter")
        contact = await wait_for_screen(pilot, ContactScreen)
        assert contact.contact_id == network["Bob [bold]Builder"]  # type: ignore[attr-defined]
        await pilot.press("escape", "escape")
        await wait_for_screen(pilot, StackScreen)
        await pilot.press("t")
        await settle(pilot)
        # a write elsewhere: the chart follows
        session = app.session
        await asyncio.to_thread(session.write, session.store.change_skills,
                                network["Gus"], ["go", "go-lang"])
        await settle(pilot)
        go = next(line for line in chart_lines(chart) if line.split()[:1] == ["go"])
        assert go.split()[-3:] == ["3", "38%", "0"]


async def test_stack_empty_state_says_how_to_add_skills(make_app: Any, store_at: Any
                                                        ) -> None:
    store_at(FixedClock(NOW)).add_contact({"name": "Nobody Skilled"})
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        screen = await wait_for_screen(pilot, StackScreen)
        await settle(pilot)
        empty = screen.query_one("#stack-empty")
        assert empty.display and "devhub contact edit NAME --skill rust" in str(
            empty.render())
        assert not screen.query_one("#stack-chart").display
        await pilot.press("t")
        await settle(pilot)
        assert "write #words in interaction notes" in str(empty.render())


async def test_palette_and_help_name_both_screens(make_app: Any,
                                                  network: dict[str, str]) -> None:
    from devhub_tui.tui.palette import APP_COMMANDS
    from devhub_tui.tui.screens.help import KEYS

    titles = {title: action for action, title, _ in APP_COMMANDS}
    assert titles["Who knows…"] == "match" and titles["Tech stack"] == "stack"
    assert any(k.split() == ["w", "g"] for k, _, _ in KEYS)
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        footer = str(app.screen.query_one("Footer").render())
        assert "w Who knows" in footer and "g Stack" in footer
        app.action_command_palette()
        await settle(pilot)
        await pilot.press(*"Tech stack", "enter")
        await wait_for_screen(pilot, StackScreen)
        await pilot.press("question_mark")
        await settle(pilot)
        here = app.screen.query_one("#help-here")
        help_text = " ".join("\n".join(here.render_line(y).text
                                       for y in range(here.size.height)).split())
        assert "Keys here: Tech stack" in help_text
        assert "Switch between skills and the topics you talked about" in help_text


async def test_stack_chart_lines_keep_their_width_with_wide_and_odd_names(
        make_app: Any, store_at: Any) -> None:
    """Names are user text: wide characters take two cells, long ones are cut."""
    s: Store = store_at(FixedClock(NOW))
    s.add_contact({"name": "Ada", "skills": ["数据库", "ci/cd", "a" * 40]})
    s.db.close()
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("g")
        screen = await wait_for_screen(pilot, StackScreen)
        await settle(pilot)
        chart = screen.query_one("#stack-chart", BarChart)
        width = chart.scrollable_content_region.width
        strips = chart.render_lines(Region(0, 0, width, 5))
        assert all(strip.cell_length == width for strip in strips)
        text = [strip.text for strip in strips]
        assert any(line.startswith(" ci/cd ") for line in text)
        assert any(line.startswith(" 数据库 ") for line in text)
        assert any("a" * 23 + "…" in line for line in text)  # names up to 24 cells


async def test_a_bar_with_more_contacts_than_listed_says_so(
        make_app: Any, network: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    from devhub_tui.tui.screens import stack as stack_module

    monkeypatch.setattr(stack_module, "PEOPLE_LIMIT", 2)
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("g")
        await wait_for_screen(pilot, StackScreen)
        await settle(pilot)
        await pilot.press("enter")  # rust: 4 contacts
        people = await wait_for_screen(pilot, StackContactsScreen)
        await settle(pilot)
        assert [r[0] for r in list_rows(people.query_one(FittedList))] == [
            "Ada Lovelace", "Bob [bold]Builder"]
        title = str(people.query_one("#stack-contacts-title").render())
        assert "more than 2 contacts know rust" in title and "the first 2 by name" in title


def test_bar_cells_in_eighths() -> None:
    from devhub_tui.tui.widgets.bar_chart import Bar, bar_cells, layout

    assert bar_cells(4, 4, 4, 10) == ("█" * 10, "")
    assert bar_cells(4, 2, 4, 10) == ("█" * 5, "█" * 5)
    assert bar_cells(1, 0, 4, 10) == ("", "██▌")  # 2.5 cells
    assert bar_cells(1, 1, 4, 10) == ("██▌", "")
    assert bar_cells(1, 0, 1000, 10) == ("", "▏")  # never invisible
    assert bar_cells(0, 0, 4, 10) == ("", "")
    bars = [Bar("rust", 1234, 5, "12%")]
    lay = layout(80, bars, ("skill", "contacts", "share", "talked 90d"))
    assert (lay.name, lay.value, lay.share, lay.part) == (5, 8, 5, 10)
    assert 1 + lay.name + 1 + lay.bar + 1 + lay.value + 2 + lay.share + 2 + lay.part + 1 == 80
    narrow = layout(40, [Bar("x" * 30, 1, 1, "1%")], ("skill", "contacts", "share", "90d"))
    assert narrow.bar >= 4 and narrow.name >= 6
