"""The Tracks screen with Pilot (issue 19): `b` from every main screen, the board
(create, move with [ and ], switch kind, open, complete a next step and be asked
for the next one), the list with its filters, bad input in the form, and titles
that look like markup."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.widgets import DataTable, Input, Static

from devhub_tui.core.dates import date_to_ms
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import TrackStore, tracks_for
from devhub_tui.tui.messages import OpenTrack
from devhub_tui.tui.screens.help import HelpScreen
from devhub_tui.tui.screens.quick_log import QuickLogScreen
from devhub_tui.tui.screens.track_detail import TrackScreen
from devhub_tui.tui.screens.track_form import NextStepForm, TrackForm
from devhub_tui.tui.screens.tracks import TracksScreen
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.track_board import TrackBoard

from ..clock_support import FixedClock
from .conftest import SIZE, settle, wait_for_screen

TODAY = dt.date(2026, 11, 25)
NOW = date_to_ms(TODAY) + 15 * 3_600_000


def _tracks(store: Store) -> TrackStore:
    return tracks_for(Store(store.db, store.user_id, clock=FixedClock(NOW)))


def _text(widget: Any) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


async def _board(pilot: Any) -> tuple[TracksScreen, TrackBoard]:
    await pilot.press("b")
    screen = await wait_for_screen(pilot, TracksScreen)
    await settle(pilot)
    assert isinstance(screen, TracksScreen)
    return screen, screen.query_one(TrackBoard)


async def test_b_opens_tracks_from_every_main_screen_and_the_footer_and_help_say_so(
    make_app: Any, signed_in_store: Store
) -> None:
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert " b Tracks " in app.screen.query_one(Footer).render().plain
        for key in ("d", "c", "i"):
            await pilot.press(key)
            await settle(pilot)
            await pilot.press("b")
            await wait_for_screen(pilot, TracksScreen)
        await settle(pilot)
        empty = app.screen.query_one("#tracks-empty", Static)
        assert empty.display and "No job tracks yet. Press a to add one" in str(empty.render())
        await pilot.press("question_mark")
        help_screen = await wait_for_screen(pilot, HelpScreen)
        text = " ".join(_text(help_screen.query_one("#help-here")).split())
        assert "Keys here: Tracks" in text
        for does in ("Move the track to the previous stage", "Switch kind",
                     "Complete the next step (then set the next one)", "Board / list"):
            assert does in text
        every = " ".join(_text(help_screen.query_one("#help-all")).split())
        assert "d c i b E │ anywhere │ dashboard, contacts, interactions, tracks," in every
        assert "[ ] k v a │ tracks │ move a card to the previous / next stage" in every


async def test_create_move_switch_kind_open_and_complete_on_the_board(
    make_app: Any, signed_in_store: Store
) -> None:
    ada = signed_in_store.add_contact({"name": "Ada Lovelace", "nickname": "ada"})
    tracks = _tracks(signed_in_store)
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=(200, 40)) as pilot:  # wide: whole titles on the cards
        await settle(pilot)
        screen, board = await _board(pilot)
        # create
        await pilot.press("a")
        form = await wait_for_screen(pilot, TrackForm)
        await settle(pilot)
        form.query_one("#tf-title", Input).value = "Staff engineer @ Acme"
        form.query_one("#tf-contacts", Input).value = "ada"
        form.query_one("#tf-next", Input).value = "send references"
        form.query_one("#tf-due", Input).value = "tomorrow"
        form.query_one("#tf-amount", Input).value = "120000"
        form.query_one("#tf-currency", Input).value = "eur"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        [t] = tracks.list_tracks()
        assert (t.title, t.stage, t.contacts, t.next_due, t.amount_minor) == (
            "Staff engineer @ Acme", "lead", [(ada, "Ada Lovelace")], "2026-11-26", 12_000_000)
        assert board.current is not None and board.current.id == t.id and board.stage == "lead"
        assert "Staff engineer" in _text(board) and "→ 11-26 send references" in _text(board)
        # move right twice, then left: the card follows, the history has each move
        await pilot.press("right_square_bracket")
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        assert tracks.get(t.id).stage == "interviewing"
        assert board.stage == "interviewing" and board.current.id == t.id  # type: ignore[union-attr]
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert tracks.get(t.id).stage == "applied" and board.stage == "applied"
        assert [(e.from_stage, e.stage) for e in tracks.history(t.id)] == [
            (None, "lead"), ("lead", "applied"), ("applied", "interviewing"),
            ("interviewing", "applied")]
        # switch kind: another board, then back
        await pilot.press("k")
        await settle(pilot)
        assert board.board is not None and board.board.kind == "client"
        assert board.board.columns[:2] == ["lead", "proposal"] and board.current is None
        for _ in range(3):
            await pilot.press("k")
        await settle(pilot)
        assert board.board.kind == "job" and board.current is not None
        # open the track
        await pilot.press("enter")
        detail = await wait_for_screen(pilot, TrackScreen)
        await settle(pilot)
        history = str(detail.query_one("#track-history", Static).render())
        assert "lead → applied" in history and "interviewing → applied" in history
        assert "120,000.00 EUR" in _text(detail.query_one("#track-details"))
        # complete the next step: asked for the next one
        await pilot.press("space")
        step_form = await wait_for_screen(pilot, NextStepForm)
        assert "done: send references" in str(step_form.query_one(".modal-title",
                                                                   Static).render())
        assert tracks.get(t.id).next_step == ""
        step_form.query_one("#ns-step", Input).value = "call the recruiter"
        step_form.query_one("#ns-due", Input).value = "fri"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is detail
        got = tracks.get(t.id)
        assert (got.next_step, got.next_due) == ("call the recruiter", "2026-11-27")
        assert "✓ done: send references" in str(detail.query_one("#track-history",
                                                                 Static).render())
        # back on the board: the card shows the new step
        await pilot.press("escape")
        await settle(pilot)
        assert "call the recruiter" in _text(board)


async def test_space_on_the_board_and_escape_leaves_no_next_step(
    make_app: Any, signed_in_store: Store
) -> None:
    bob = signed_in_store.add_contact({"name": "Bob"})
    tracks = _tracks(signed_in_store)
    tid = tracks.add("client", "Initech site", [bob], next_step="send quote",
                     next_due=TODAY)
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, board = await _board(pilot)
        await pilot.press("k")
        await settle(pilot)
        assert board.current is not None and board.current.id == tid
        await pilot.press("space")
        await wait_for_screen(pilot, NextStepForm)
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        assert tracks.get(tid).next_step == ""
        assert [e.note for e in tracks.history(tid) if e.kind == "step"] == ["send quote"]


async def test_the_list_view_and_its_filters(make_app: Any, signed_in_store: Store) -> None:
    ada = signed_in_store.add_contact({"name": "Ada"})
    bob = signed_in_store.add_contact({"name": "Bob"})
    tracks = _tracks(signed_in_store)
    tracks.add("job", "Acme", [ada], next_step="call", next_due=TODAY - dt.timedelta(days=2))
    tracks.add("client", "Initech", [bob], stage="active")
    tracks.add("collab", "Podcast", [ada, bob], stage="published")
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen, _ = await _board(pilot)
        await pilot.press("v")
        await settle(pilot)
        table = screen.query_one("#tracks-list", DataTable)
        assert table.display and not screen.query_one(TrackBoard).display

        def titles() -> list[str]:
            return [str(table.get_row_at(n)[2]) for n in range(table.row_count)]

        assert titles() == ["Acme", "Initech", "Podcast"]
        await pilot.press("o")
        await settle(pilot)
        assert titles() == ["Acme"]
        assert "overdue" in str(screen.query_one("#tracks-filters", Static).render())
        await pilot.press("escape")
        await settle(pilot)
        assert titles() == ["Acme", "Initech", "Podcast"]
        await pilot.press("k")  # every kind -> job
        await settle(pilot)
        assert titles() == ["Acme"]
        await pilot.press("k")
        await settle(pilot)
        assert titles() == ["Initech"]
        await pilot.press("escape")
        await pilot.press("p")
        await settle(pilot)
        await pilot.press("down", "down", "enter")  # anyone, Ada, Bob: Bob
        await settle(pilot)
        assert titles() == ["Initech", "Podcast"]
        await pilot.press("s")
        await settle(pilot)
        picker = app.screen
        options = picker.query_one("#pick-options")
        labels = [str(options.get_option_at_index(i).prompt)  # type: ignore[attr-defined]
                  for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert labels[:3] == ["any stage", "lead", "applied"]
        await pilot.press(*["down"] * labels.index("published"), "enter")
        await settle(pilot)
        assert titles() == ["Podcast"]
        await pilot.press("enter")
        detail = await wait_for_screen(pilot, TrackScreen)
        assert detail.track_id == tracks.find("podcast").id  # type: ignore[attr-defined]


async def test_bad_input_in_the_form_is_said_next_to_the_field_and_nothing_is_saved(
    make_app: Any, signed_in_store: Store
) -> None:
    signed_in_store.add_contact({"name": "Ada Lovelace"})
    signed_in_store.add_contact({"name": "Ada Byron"})
    tracks = _tracks(signed_in_store)
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _board(pilot)
        await pilot.press("a")
        form = await wait_for_screen(pilot, TrackForm)
        await settle(pilot)
        form.query_one("#tf-title", Input).value = "Acme"
        form.query_one("#tf-contacts", Input).value = "ada"
        form.query_one("#tf-next", Input).value = "call"
        form.query_one("#tf-due", Input).value = "someday"
        form.query_one("#tf-amount", Input).value = "lots"
        form.query_one("#tf-currency", Input).value = "EURO"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form and tracks.list_tracks() == []

        def error(widget_id: str) -> str:
            return str(form.query_one(f"#{widget_id}", Static).render())

        assert "'ada' could be Ada Byron, Ada Lovelace" in error("te-contacts")
        assert "can't read date 'someday'" in error("te-due")
        assert "unknown currency 'EURO'" in error("te-amount")
        form.query_one("#tf-currency", Input).value = "EUR"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "'lots' is not an amount" in error("te-amount")
        form.query_one("#tf-contacts", Input).value = "ada by"
        form.query_one("#tf-due", Input).value = "next week"
        form.query_one("#tf-amount", Input).value = "95.50"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, TrackForm)
        [t] = tracks.list_tracks()
        assert (t.contacts[0][1], t.amount_minor, t.next_due) == ("Ada Byron", 9550,
                                                                  "2026-12-02")


async def test_titles_that_look_like_markup_show_as_typed(make_app: Any,
                                                          signed_in_store: Store) -> None:
    ada = signed_in_store.add_contact({"name": "[red]Ada[/red]"})
    tracks = _tracks(signed_in_store)
    title = "[b]Acme[/b] [@click=app.quit]x"
    tid = tracks.add("job", title, [ada], next_step="[i]call[/i]", next_due=TODAY)
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        _, board = await _board(pilot)
        assert "[b]Acme[/b]" in _text(board)
        assert "today [i]call[/i]" in _text(board)
        app.post_message(OpenTrack(tid))
        detail = await wait_for_screen(pilot, TrackScreen)
        await settle(pilot)
        assert str(detail.query_one("#track-title", Static).render()) == title
        assert "[red]Ada[/red]" in _text(detail.query_one("#track-details"))
        assert app.is_running


async def test_l_on_the_board_logs_with_the_tracks_contact_linked_to_it(
    make_app: Any, signed_in_store: Store
) -> None:
    ada = signed_in_store.add_contact({"name": "Ada Lovelace"})
    tracks = _tracks(signed_in_store)
    tid = tracks.add("job", "Staff engineer @ Acme", [ada])
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await _board(pilot)
        await pilot.press("l")
        bar = await wait_for_screen(pilot, QuickLogScreen)
        await settle(pilot)
        assert isinstance(bar, QuickLogScreen)
        assert bar.fixed_contact is not None and bar.fixed_contact.id == ada
        field = bar.query_one("#quicklog-input", Input)
        assert field.value == "+staff-engineer-acme "
        await pilot.press(*"interview", "space", *"went well")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        [ix] = signed_in_store.list_interactions()
        assert (ix.contact_id, ix.type, ix.notes) == (ada, "interview", "went well")
        from devhub_tui.storage.tracks.links import track_interactions

        assert [i.id for i in track_interactions(tracks, tid)] == [ix.id]


async def test_edit_move_to_and_delete_on_a_tracks_screen(make_app: Any,
                                                          signed_in_store: Store) -> None:
    from textual.widgets import Select

    from devhub_tui.tui.screens.confirm import ConfirmScreen
    from devhub_tui.tui.screens.modals import PickScreen

    first = signed_in_store.add_contact({"name": "Sam Lee", "company": "Acme"})
    signed_in_store.add_contact({"name": "Sam Lee", "company": "Globex"})
    tracks = _tracks(signed_in_store)
    tid = tracks.add("job", "Acme", [first], stage="applied")
    # another device's settings dropped "applied": the form still opens and saves
    signed_in_store.db.conn().execute(
        "INSERT INTO user_prefs VALUES (?, 'track_stages:job', 'lead, screening | hired, no')",
        (signed_in_store.user_id,))
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.post_message(OpenTrack(tid))
        detail = await wait_for_screen(pilot, TrackScreen)
        await settle(pilot)
        await pilot.press("e")
        form = await wait_for_screen(pilot, TrackForm)
        await settle(pilot)
        assert form.query_one("#tf-contacts", Input).value == "Sam Lee"
        assert form.query_one("#tf-stage", Select).value == "applied"
        form.query_one("#tf-title", Input).value = "Acme platform team"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is detail
        got = tracks.get(tid)
        assert (got.title, got.stage, got.contacts[0][0]) == ("Acme platform team", "applied",
                                                              first)
        await pilot.press("m")
        picker = await wait_for_screen(pilot, PickScreen)
        options = picker.query_one("#pick-options")
        labels = [str(options.get_option_at_index(i).prompt)  # type: ignore[attr-defined]
                  for i in range(options.option_count)]  # type: ignore[attr-defined]
        assert labels == ["lead", "screening", "hired  closes it", "no  closes it"]
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        assert tracks.get(tid).stage == "hired" and not tracks.get(tid).open
        await pilot.press("x")
        await wait_for_screen(pilot, ConfirmScreen)
        await pilot.press("enter")
        await settle(pilot)
        assert tracks.list_tracks() == [] and not isinstance(app.screen, TrackScreen)
        assert len(signed_in_store.list_contacts()) == 2
