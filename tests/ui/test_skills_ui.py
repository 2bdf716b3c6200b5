"""Skills and topics in the app (issue 20): the form's Skills field, the contact
screen's skills, "What we talk about" and its suggestion, the contacts filters."""

from __future__ import annotations

import re
from typing import Any

from textual.widgets import Input, OptionList, Static

from devhub_tui.core.dates import DAY_MS
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.contact_form import ContactForm
from devhub_tui.tui.screens.contacts import ContactsScreen
from devhub_tui.tui.screens.modals import PickScreen
from devhub_tui.tui.widgets.row_list import RowList
from tests.clock_support import FixedClock

from .conftest import SIZE, open_contact, settle, wait_for, wait_for_screen

NOW = 1_796_385_600_000  # 2026-12-04 12:00 UTC


def _text(screen: Any, selector: str) -> str:
    """What the widget paints, line by line (trailing blanks dropped)."""
    widget = screen.query_one(selector, Static)
    lines = (widget.render_line(y).text.rstrip() for y in range(widget.size.height))
    return "\n".join(re.sub(r"  +", "  ", line) for line in lines)  # one gap: columns


def _footer_keys(app: Any) -> set[str]:
    return {b.binding.id for b in app.screen.active_bindings.values()
            if b.binding.show and b.enabled}


async def test_the_form_takes_skills_normalised_and_shows_a_bad_one(
    make_app: Any, store_at: Any,
) -> None:
    store = store_at(FixedClock(NOW))
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        form = await wait_for_screen(pilot, ContactForm)
        form.query_one("#f-name", Input).value = "Ada Lovelace"
        form.query_one("#f-skills", Input).value = "Rust, k8s, <b>"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)  # not saved: the field says why
        error = form.query_one("#e-skills", Static)
        assert error.display and "'<b>' is not a skill" in str(error.render())
        assert store.count_contacts() == 0
        form.query_one("#f-skills", Input).value = "Rust, k8s,  golang ,rust"
        await pilot.press("ctrl+s")
        screen = await wait_for_screen(pilot, ContactScreen)
        await settle(pilot)
        [ada] = store.list_contacts()
        assert ada.skills == ["go", "kubernetes", "rust"]
        assert "Skills  go, kubernetes, rust" in _text(screen, "#contact-details")
        # edit shows them as saved, and an emptied field removes them
        await pilot.press("e")
        form = await wait_for_screen(pilot, ContactForm)
        assert form.query_one("#f-skills", Input).value == "go, kubernetes, rust"
        form.query_one("#f-skills", Input).value = "python"
        await pilot.press("ctrl+s")
        await wait_for_screen(pilot, ContactScreen)
        await settle(pilot)
        assert store.get_contact(ada.id).skills == ["python"]


async def test_the_contact_screen_counts_topics_and_adds_a_suggestion_only_when_asked(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    cid = store.add_contact({"name": "Grace Hopper", "skills": ["rust"]})
    store.log_interaction(cid, "coffee", NOW - DAY_MS, "talked about #wasm and #rust")
    store.log_interaction(cid, "call", NOW - 2 * DAY_MS, "more #webassembly, some #zig")
    store.log_interaction(cid, "call", NOW - 3 * DAY_MS, "#rust again")
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, cid)
        topics = _text(screen, "#contact-topics")
        assert "rust ×2 · webassembly ×2 · zig ×1" in topics
        assert "Add as skills? webassembly  (+ adds them)" in topics  # zig: once only
        assert "contact.skills" in _footer_keys(app)
        assert store.get_contact(cid).skills == ["rust"]  # nothing changed by showing it
        screen.query_one("#timeline").focus()  # a list has the focus: + still adds
        await pilot.press("plus")
        await wait_for(pilot, lambda: store.get_contact(cid).skills == ["rust", "webassembly"])
        await settle(pilot)
        assert "Add as skills?" not in _text(screen, "#contact-topics")
        assert "Skills  rust, webassembly" in _text(screen, "#contact-details")
        assert "contact.skills" not in _footer_keys(app)  # nothing left to add
        await pilot.press("plus")  # does nothing now
        await settle(pilot)
        assert store.get_contact(cid).skills == ["rust", "webassembly"]


async def test_a_contact_without_topics_says_how_to_get_them(
    make_app: Any, store_at: Any,
) -> None:
    store = store_at(FixedClock(NOW))
    cid = store.add_contact({"name": "Linus"})
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, cid)
        assert "No #topics yet" in _text(screen, "#contact-topics")
        assert "Skills  none (add with e)" in _text(screen, "#contact-details")


def _names(screen: ContactsScreen) -> list[str]:
    rows = screen.query_one("#contacts-table", RowList)
    return [str(rows.get_row_at(r)[0]).lstrip("★ ").strip() for r in range(rows.row_count)]


async def _pick(pilot: Any, label_start: str) -> None:
    picker = await wait_for_screen(pilot, PickScreen)
    options = picker.query_one(OptionList)
    labels = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
    index = next(i for i, label in enumerate(labels) if label.startswith(label_start))
    options.highlighted = index
    await pilot.press("enter")
    await settle(pilot)


async def test_contacts_filter_by_skill_industry_relationship_and_search_syntax(
    make_app: Any, store_at: Any,
) -> None:
    clock = FixedClock(NOW)
    store = store_at(clock)
    store.add_contact({"name": "Ada Lovelace", "industry": "fintech", "relationship": "mentor",
                       "skills": ["rust", "k8s"]})
    store.add_contact({"name": "Grace Hopper", "industry": "Fintech",
                       "relationship": "friend", "skills": ["rust"]})
    linus = store.add_contact({"name": "Linus", "industry": "os", "skills": ["c"]})
    store.log_interaction(linus, "call", NOW - DAY_MS, "kernel talk, #wasm")
    app = make_app(clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        screen = await wait_for_screen(pilot, ContactsScreen)
        await settle(pilot)
        assert "contacts.filter" in _footer_keys(app)
        assert _names(screen) == ["Ada Lovelace", "Grace Hopper", "Linus"]
        # f: what to filter by, then the values with their counts
        await pilot.press("f")
        await _pick(pilot, "Skill")
        picker = await wait_for_screen(pilot, PickScreen)
        options = picker.query_one(OptionList)
        labels = [str(options.get_option_at_index(i).prompt)
                  for i in range(options.option_count)]
        assert labels[1:] == ["rust (2)", "c (1)", "kubernetes (1)"]
        await _pick(pilot, "rust")
        assert _names(screen) == ["Ada Lovelace", "Grace Hopper"]
        assert "skill rust" in _text(screen, "#contacts-summary")
        await pilot.press("f")
        await _pick(pilot, "Relationship")
        await _pick(pilot, "mentor")
        assert _names(screen) == ["Ada Lovelace"]
        await pilot.press("escape")  # clears every filter
        await settle(pilot)
        assert _names(screen) == ["Ada Lovelace", "Grace Hopper", "Linus"]
        await pilot.press("f")
        await _pick(pilot, "Industry")
        await _pick(pilot, "fintech (2)")  # any case: one group
        assert _names(screen) == ["Ada Lovelace", "Grace Hopper"]
        await pilot.press("escape")
        await settle(pilot)
        # G groups the list by industry: the group is a column, rows ordered by it
        await pilot.press("G")
        await settle(pilot)
        rows = screen.query_one("#contacts-table", RowList)
        assert rows.shown_labels[:2] == ["Industry", "Name"]  # type: ignore[attr-defined]
        assert [str(rows.get_row_at(r)[0]) for r in range(rows.row_count)] == [
            "fintech", "fintech", "os"]
        assert "grouped by industry" in _text(screen, "#contacts-summary")
        # the search box reads the query syntax
        await pilot.press("G", "G", "G")  # relationship, skill, off
        await settle(pilot)
        await pilot.press("slash")
        search = screen.query_one("#contacts-search", Input)
        search.value = "topic:wasm"
        await wait_for(pilot, lambda: _names(screen) == ["Linus"])
        search.value = "skill:kube lovelace"
        await wait_for(pilot, lambda: _names(screen) == ["Ada Lovelace"])
        search.value = "skill:<b>"
        await wait_for(pilot, lambda: _names(screen) == [])
        await settle(pilot)
        assert "is not a skill" in _text(screen, "#contacts-summary")


async def test_the_palette_opens_the_contacts_filter(make_app: Any, store_at: Any) -> None:
    store_at(FixedClock(NOW)).add_contact({"name": "Ada", "skills": ["rust"]})
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"contacts by skill")
        await settle(pilot)
        await pilot.press("enter")
        picker = await wait_for_screen(pilot, PickScreen)
        assert picker.title_text == "Filter by"  # type: ignore[attr-defined]
        assert isinstance(app.screen_stack[-2], ContactsScreen)


async def test_the_import_screen_maps_categories_to_skills_when_ticked(
    make_app: Any, store_at: Any, tmp_path: Any,
) -> None:
    from textual.widgets import Checkbox

    from devhub_tui.tui.screens.import_screen import ImportScreen

    store = store_at(FixedClock(NOW))
    path = tmp_path / "people.csv"
    path.write_text("Name,Email,Categories\nBarbara Liskov,b@example.org,\"Clu, k8s\"\n")
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_import()
        screen = await wait_for_screen(pilot, ImportScreen)
        screen.query_one("#import-path", Input).value = str(path)
        await pilot.press("enter")
        await settle(pilot)
        summary = str(screen.query_one("#import-summary", Static).render())
        assert "read as tags" in summary  # the preview says how to map them
        screen.query_one("#import-skills", Checkbox).value = True
        await wait_for(pilot, lambda: "read as skills" in str(
            screen.query_one("#import-summary", Static).render()))
        await settle(pilot)
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: store.count_contacts() == 1)
        [barbara] = store.list_contacts()
        assert barbara.skills == ["clu", "kubernetes"] and barbara.tags == []
