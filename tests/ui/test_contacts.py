"""Contacts, the contact screen, the form, delete, quick log and search, via Pilot."""

from __future__ import annotations

from typing import Any

from textual.widgets import Input, Static

from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.confirm import ConfirmScreen
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.contact_form import ContactForm
from devhub_tui.tui.screens.dashboard import SIDE_NAME
from devhub_tui.tui.screens.quick_log import QuickLogScreen
from devhub_tui.tui.widgets.candidate_picker import CandidatePicker
from devhub_tui.tui.widgets.row_list import RowList

from .conftest import SIZE, open_contact, settle

MARKUP_NAME = "[bold]Bold[/bold] [@click=app.quit]Clicker[/] \x1b[31mRed"
SHOWN_NAME = "[bold]Bold[/bold] [@click=app.quit]Clicker[/] [31mRed"  # ESC removed


def cell_texts(table: RowList, column: int = 0) -> list[str]:
    return [str(table.get_row_at(r)[column]) for r in range(table.row_count)]


async def test_add_edit_and_delete_with_confirm(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        form.query_one("#f-name", Input).value = ""
        form.query_one("#f-email", Input).value = "not-an-email"
        form.query_one("#f-birthday", Input).value = "2026-02-30"
        form.query_one("#f-cadence_days", Input).value = "-3"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)  # nothing saved, the form stays
        errors = {w.id: str(w.render()) for w in form.query(".field-error") if w.display}
        assert "e-name" in errors and "e-email" in errors
        assert "not a real date" in errors["e-birthday"]
        assert "e-cadence_days" in errors
        assert signed_in_store.count_contacts() == 0
        form.query_one("#f-name", Input).value = "Ada Lovelace"
        form.query_one("#f-email", Input).value = "ada@example.com"
        form.query_one("#f-birthday", Input).value = "12-10"
        form.query_one("#f-cadence_days", Input).value = "21"
        form.query_one("#f-tags", Input).value = "rust, PyCon 2026"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        [contact] = signed_in_store.list_contacts()
        assert contact.email == "ada@example.com" and contact.birthday == "--12-10"
        assert contact.cadence_days == 21 and contact.tags == ["pycon-2026", "rust"]
        # edit
        await pilot.press("e")
        await settle(pilot)
        assert isinstance(app.screen, ContactForm)
        assert app.screen.query_one("#f-name", Input).value == "Ada Lovelace"
        app.screen.query_one("#f-company", Input).value = "Analytical Engines"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert signed_in_store.get_contact(contact.id).company == "Analytical Engines"
        signed_in_store.log_interaction(contact.id, "coffee", None, "first chat")
        # delete asks first; "n" keeps it
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert signed_in_store.count_contacts() == 1
        await pilot.press("x")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert signed_in_store.count_contacts() == 0
        assert signed_in_store.list_interactions() == []
        assert not isinstance(app.screen, ContactScreen)


async def test_quick_log_ambiguous_then_unique(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    store = signed_in_store
    alan = store.add_contact({"name": "Alan Kay"})
    store.add_contact({"name": "Alice Liddell"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        await settle(pilot)
        bar = app.screen
        assert isinstance(bar, QuickLogScreen)
        field = bar.query_one("#quicklog-input", Input)
        field.value = "al coffee hello"
        await settle(pilot)
        picker = bar.query_one("#quicklog-picker", CandidatePicker)  # the candidates
        names = [str(option) for option in picker.options]
        assert names == ["Alan Kay", "Alice Liddell"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)  # Enter saved nothing
        assert store.list_interactions() == []
        field.value = "ala"
        await pilot.press("tab")  # completes the contact
        await settle(pilot)
        assert field.value == "Alan Kay "
        field.value = "alan coffee talked about rust @yesterday"
        await settle(pilot)
        preview = str(bar.query_one("#quicklog-preview", Static).render())
        assert "Enter saves" in preview and "Alan Kay" in preview
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
        [ix] = store.list_interactions()
        assert (ix.contact_id, ix.type, ix.notes) == (alan, "coffee", "talked about rust")
        assert store.get_contact(alan).last_contacted == ix.date


async def test_quick_log_prefilled_on_contact_screen(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    cid = signed_in_store.add_contact({"name": "Grace Hopper"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_contact(pilot, cid)
        await pilot.press("l")
        await settle(pilot)
        bar = app.screen
        assert isinstance(bar, QuickLogScreen) and bar.fixed_contact is not None
        bar.query_one("#quicklog-input", Input).value = "call about COBOL"
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        [ix] = signed_in_store.list_interactions(contact_id=cid)
        assert ix.type == "call" and ix.notes == "about COBOL"
        timeline = app.screen.query_one("#timeline", RowList)
        assert cell_texts(timeline, 2) == ["about COBOL"]


async def test_search_as_you_type_and_filters(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    store = signed_in_store
    store.add_contact({"name": "Ada Lovelace", "company": "Engines"}, ["rust"])
    store.add_contact({"name": "Grace Hopper", "vip": True})
    linus = store.add_contact({"name": "Linus Torvalds"})
    store.log_interaction(linus, "email", None, "git internals")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        assert cell_texts(table) == ["Ada Lovelace", "★ Grace Hopper", "Linus Torvalds"]
        await pilot.press("slash")
        await pilot.press(*"engi")
        await pilot.pause(0.3)  # the search is debounced
        await settle(pilot)
        assert cell_texts(table) == ["Ada Lovelace"]
        app.screen.query_one("#contacts-search", Input).value = "internals"
        await pilot.pause(0.3)
        await settle(pilot)
        assert cell_texts(table) == ["Linus Torvalds"]
        await pilot.press("escape")  # leaves the input and clears
        await settle(pilot)
        assert cell_texts(table) == ["Ada Lovelace", "★ Grace Hopper", "Linus Torvalds"]
        await pilot.press("v")
        await settle(pilot)
        assert cell_texts(table) == ["★ Grace Hopper"]
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == 3


async def test_markup_and_ansi_in_user_text_show_as_typed(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    store = signed_in_store
    cid = store.add_contact({"name": MARKUP_NAME, "company": "[red]Co[/red]",
                             "notes": "[b]note[/b] [@click=app.quit]x[/]"}, ["c++"])
    store.log_interaction(cid, "call", None, "[link=http://x]click[/link]")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        # dashboard recent interactions
        recent = app.screen.query_one("#dash-recent", RowList)
        # the narrow column cuts it with an ellipsis, as typed
        assert f" {SHOWN_NAME[:SIDE_NAME - 1]}… " in recent.render_line(1).text
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        assert cell_texts(table) == [SHOWN_NAME]
        assert cell_texts(table, 1) == ["[red]Co[/red]"]
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert str(app.screen.query_one("#contact-name", Static).render()).startswith(SHOWN_NAME)
        shot = app.export_screenshot()
        assert "[b]note[/b]" in shot.replace("&#160;", " ") or "[b]note[/b]" in shot
        timeline = app.screen.query_one("#timeline", RowList)
        assert cell_texts(timeline, 2) == ["[link=http://x]click[/link]"]
        await pilot.press("l")
        await settle(pilot)
        bar = app.screen
        bar.query_one("#quicklog-input", Input).value = "call hi"
        await settle(pilot)
        assert SHOWN_NAME in str(bar.query_one("#quicklog-preview", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        # clicking around did not quit the app
        await pilot.click("#contact-name")
        await settle(pilot)
        assert app.is_running


async def test_interactions_screen_search_and_filter(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    store = signed_in_store
    a = store.add_contact({"name": "Ada"})
    b = store.add_contact({"name": "Bob"})
    store.log_interaction(a, "coffee", None, "rust ownership")
    store.log_interaction(b, "call", None, "kubernetes")
    store.log_interaction(b, "email", None, "rust async")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        table = app.screen.query_one("#interactions-table", RowList)
        assert table.row_count == 3
        app.screen.query_one("#ix-search", Input).value = "rust"
        await settle(pilot)
        assert sorted(cell_texts(table, 1)) == ["Ada", "Bob"]
        app.screen.type_ = "email"  # what the type picker sets
        app.screen.reload()
        await settle(pilot)
        assert cell_texts(table, 3) == ["rust async"]


async def test_q_quits_only_from_top_level_screens(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    cid = signed_in_store.add_contact({"name": "Ada"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_contact(pilot, cid)
        await pilot.press("q")
        await settle(pilot)
        assert app.return_code is None and isinstance(app.screen, ContactScreen)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0  # exit was requested


async def test_failed_save_keeps_the_form_open_with_what_was_typed(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    from devhub_tui.tui.screens.interaction_editor import InteractionForm
    from devhub_tui.tui.screens.modals import FollowUpForm

    store = signed_in_store
    cid = store.add_contact({"name": "Grace"})
    iid = store.log_interaction(cid, "call", None, "first")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_contact(pilot, cid)
        await pilot.press("f")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FollowUpForm)
        form.query_one("#fu-due", Input).value = "next week"
        form.query_one("#fu-note", Input).value = "send the slides"
        store.delete_contact(cid)  # the save below fails for real
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not saved" in str(form.query_one("#modal-error", Static).render())
        assert form.query_one("#fu-note", Input).value == "send the slides"
        await pilot.press("escape")
        await settle(pilot)
    # editing an interaction that vanished: same
    cid = store.add_contact({"name": "Ada"})
    iid = store.log_interaction(cid, "call", None, "first")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await open_contact(pilot, cid)
        app.screen.query_one("#timeline", RowList).focus()
        await pilot.press("enter", "e")  # the interaction whole, then edit it
        await settle(pilot)
        form = app.screen
        assert isinstance(form, InteractionForm)
        store.delete_interaction(iid)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "no longer exists" in str(form.query_one("#modal-error", Static).render())


async def test_list_keeps_its_place_after_a_modal(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    for n in range(260):
        signed_in_store.add_contact({"name": f"Person {n:03d}"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        for _ in range(3):  # walking down loads the next page
            table.move_cursor(row=table.row_count - 1)
            await settle(pilot)
        assert table.row_count == 260
        table.move_cursor(row=230)
        await pilot.press("l")  # quick log, then cancel
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        assert table.row_count == 260 and table.cursor_row == 230
        assert str(table.get_row_at(230)[0]) == "Person 230"


async def test_fitted_list_paints_cells_as_typed_cut_to_their_columns() -> None:
    """The long lists' cells are painted as typed (markup and wide characters too),
    cut with an ellipsis to their column, every other row striped (as DataTable's
    zebra stripes), the cursor row in the cursor colours."""
    from rich.text import Text
    from textual.app import App, ComposeResult

    from devhub_tui.tui.widgets.fitted_list import ColumnSpec, FittedList

    specs = (ColumnSpec("name", "Name", 12, 12, 0), ColumnSpec("company", "Company", 9, 9, 1))
    rows = [
        (Text(MARKUP_NAME, no_wrap=True, overflow="ellipsis"), Text("[red]Co[/red]")),
        (Text("Ada", style="bold"), Text("Analytical Engines and a very long name")),
        (Text("Zoë 日本語の名前です", no_wrap=True, overflow="ellipsis"), Text("")),
    ]

    class Lists(App[None]):
        def compose(self) -> ComposeResult:
            yield FittedList(specs)

        def on_mount(self) -> None:
            self.query_one(FittedList).add_items(
                (str(n), {"name": name, "company": company})
                for n, (name, company) in enumerate(rows))

    app = Lists()
    async with app.run_test(size=(60, 12)) as pilot:
        app.set_focus(None)
        await pilot.pause()
        table = app.query_one(FittedList)
        lines = [table.render_line(y) for y in range(len(rows) + 1)]
        assert lines[0].text.startswith(" Name          Company ")
        assert lines[1].text.startswith(" [bold]Bold[…  [red]Co[… ")
        assert lines[2].text.startswith(" Ada           Analytic… ")
        assert lines[3].text.startswith(" Zoë 日本語 … ")  # a wide letter does not fit
        # the Text's own style is kept
        assert any(seg.style and seg.style.bold and seg.text.startswith("Ada")
                   for seg in lines[2])

        def background(line: Any) -> Any:
            return list(line)[-1].style.bgcolor

        cursor, odd, even = background(lines[1]), background(lines[2]), background(lines[3])
        assert len({cursor, odd, even}) == 3  # the cursor row, then the zebra stripes
        table.move_cursor(row=2)
        await pilot.pause()
        assert background(table.render_line(3)) == cursor
        assert background(table.render_line(1)) == even  # row 0: a striped row


async def test_contacts_list_paints_names_as_typed_and_a_click_opens(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    signed_in_store.add_contact({"name": "[bold]x[/bold]"})
    signed_in_store.add_contact({"name": "[@click=app.quit]y"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        painted = [table.render_line(y).text for y in (1, 2)]
        assert painted[0].startswith(" [@click=app.quit]y ")
        assert painted[1].startswith(" [bold]x[/bold] ")
        await pilot.click("#contacts-table", offset=(3, 2))  # the second row
        await pilot.click("#contacts-table", offset=(3, 2))  # clicking the cursor row opens
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert app.is_running


async def test_interactions_page_in_as_the_cursor_nears_the_end_and_keep_their_place(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    from devhub_tui.core.dates import DAY_MS
    from devhub_tui.tui.screens.interactions import PAGE

    cid = signed_in_store.add_contact({"name": "Ada"})
    now = signed_in_store.clock()
    for n in range(PAGE + 30):
        signed_in_store.log_interaction(cid, "call", now - n * DAY_MS, f"note {n:03d}")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        table = app.screen.query_one("#interactions-table", RowList)
        assert table.row_count == PAGE
        summary = str(app.screen.query_one("#ix-summary", Static).render())
        assert summary.startswith(f"{PAGE}+ (scroll for more)")
        await pilot.press("end")  # near the end of what is loaded: the next page
        await settle(pilot)
        assert table.row_count == PAGE + 30
        assert str(app.screen.query_one("#ix-summary", Static).render()).startswith(
            f"{PAGE + 30} interactions")
        table.move_cursor(row=7)
        key = table.current_key
        app.screen.reload()  # what a write elsewhere does: reload
        await settle(pilot)
        assert table.current_key == key and table.cursor_row == 7


async def test_escape_while_asking_a_date_goes_back_to_searching(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    cid = signed_in_store.add_contact({"name": "Ada"})
    signed_in_store.log_interaction(cid, "call", None, "rust")
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await settle(pilot)
        screen = app.screen
        field = screen.query_one("#ix-search", Input)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert field.has_focus and field.placeholder.startswith("since:")
        await pilot.press("escape")
        await settle(pilot)
        assert field.placeholder == "/ search notes…" and screen.date_mode is None
        assert screen.query_one("#interactions-table", RowList).has_focus
        await pilot.press("slash", *"rust")
        await settle(pilot)
        assert screen.search == "rust"
        assert cell_texts(screen.query_one("#interactions-table", RowList), 3) == ["rust"]


async def test_a_search_that_shows_as_many_rows_repaints_without_a_layout(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    """Each key of a search refills the list; when it shows as many rows as before
    (a full first page), the screen is repainted, not laid out again."""
    for n in range(70):
        signed_in_store.add_contact({"name": f"Abe Pet {n:02d}"})
        signed_in_store.add_contact({"name": f"Zed Person {n:02d}"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        field = screen.query_one("#contacts-search", Input)
        table = screen.query_one("#contacts-table", RowList)
        field.value = "pe"
        await settle(pilot)
        first = cell_texts(table)
        assert first[0] == "Abe Pet 00"
        layouts: list[object] = []
        screen.screen_layout_refresh_signal.subscribe(screen, layouts.append)
        field.value = "per"
        await settle(pilot)
        assert cell_texts(table)[0] == "Zed Person 00" and len(cell_texts(table)) == len(first)
        assert "search “per”" in str(screen.query_one("#contacts-summary", Static).render())
        assert layouts == []
