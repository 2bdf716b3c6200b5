"""Tracks elsewhere in the app, with Pilot (issue 19): `+track` in the quick log,
next steps on the dashboard, a contact's tracks, shared resources and stage
changes, an interaction's resources, Settings' stages, and the palette."""

from __future__ import annotations

import datetime as dt
from typing import Any

from textual.widgets import Input, Static, TextArea

from devhub_tui.core.dates import date_to_ms
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import TrackStore, tracks_for
from devhub_tui.storage.tracks.links import (
    contact_tracks,
    interaction_links,
    log_with_links,
    track_interactions,
)
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.interaction_detail import InteractionDetail
from devhub_tui.tui.screens.interaction_editor import InteractionForm
from devhub_tui.tui.screens.quick_log import QuickLogScreen
from devhub_tui.tui.screens.settings import SettingsScreen
from devhub_tui.tui.screens.track_detail import TrackScreen
from devhub_tui.tui.widgets.row_list import RowList

from ..clock_support import FixedClock
from .conftest import SIZE, settle, wait_for_screen

TODAY = dt.date(2026, 11, 25)
NOW = date_to_ms(TODAY) + 15 * 3_600_000


def _tracks(store: Store) -> TrackStore:
    return tracks_for(Store(store.db, store.user_id, clock=FixedClock(NOW)))


def _text(widget: Any) -> str:
    return "\n".join(widget.render_line(y).text for y in range(widget.size.height))


def _preview(bar: Any) -> str:
    return str(bar.query_one("#quicklog-preview", Static).render())


async def test_quick_log_links_a_track_and_refuses_an_unknown_plus_word(
    make_app: Any, signed_in_store: Store
) -> None:
    ada = signed_in_store.add_contact({"name": "Ada Lovelace", "nickname": "ada"})
    tracks = _tracks(signed_in_store)
    tid = tracks.add("job", "Staff engineer @ Acme", [ada])
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("l")
        bar = await wait_for_screen(pilot, QuickLogScreen)
        await settle(pilot)
        field = bar.query_one("#quicklog-input", Input)
        field.value = "ada interview second round +globex"
        await settle(pilot)
        preview = _preview(bar)
        assert preview.startswith("✗ no track matches '+globex' (tracks: Staff engineer @ Acme")
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is bar and signed_in_store.list_interactions() == []
        field.value = "ada interview second round +acme https://slides.example/deck"
        await settle(pilot)
        preview = _preview(bar)
        assert "✓ Enter saves: interview with Ada Lovelace" in preview
        assert "track: Staff engineer @ Acme (+staff-engineer-acme, lead)" in preview
        assert "shares: https://slides.example/deck" in preview
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
        [ix] = signed_in_store.list_interactions()
        assert ix.notes == "second round https://slides.example/deck"
        assert [i.id for i in track_interactions(tracks, tid)] == [ix.id]
        assert interaction_links(tracks, ix.id)[1] == [("https://slides.example/deck", "")]


async def test_the_dashboard_shows_due_and_coming_next_steps_and_opens_the_track(
    make_app: Any, signed_in_store: Store
) -> None:
    ada = signed_in_store.add_contact({"name": "Ada Lovelace"})
    tracks = _tracks(signed_in_store)
    due = tracks.add("job", "Staff engineer @ Acme", [ada], next_step="send references",
                     next_due=TODAY - dt.timedelta(days=1))
    later = tracks.add("client", "Initech site", [ada], next_step="send quote",
                       next_due=TODAY + dt.timedelta(days=3))
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        queue = app.screen.query_one("#dash-queue", RowList)
        rows = [[c.plain for c in queue.get_row_at(n)] for n in range(queue.row_count)]
        assert ["→", "Ada Lovelace", "", "next step for 'Staff engineer @ Acme': send references, "
                "due yesterday"] in rows
        steps = app.screen.query_one("#dash-steps", RowList)
        assert [[c.plain for c in steps.get_row_at(n)] for n in range(steps.row_count)] == [
            ["2026-11-28", "Initech site", "send quote"]]
        await pilot.press("enter")  # the queue's first row: the late next step
        detail = await wait_for_screen(pilot, TrackScreen)
        assert detail.track_id == due  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        app.screen.query_one("#dash-steps", RowList).focus()
        await pilot.press("enter")
        detail = await wait_for_screen(pilot, TrackScreen)
        assert detail.track_id == later  # type: ignore[attr-defined]


async def test_the_contact_screen_shows_tracks_resources_and_stage_changes(
    make_app: Any, signed_in_store: Store
) -> None:
    ada = signed_in_store.add_contact({"name": "Ada Lovelace"})
    clock = FixedClock(NOW - 2 * 86_400_000)
    store = Store(signed_in_store.db, signed_in_store.user_id, clock=clock)
    tracks = tracks_for(store)
    tid = tracks.add("job", "Staff engineer @ Acme", [ada], next_step="send references",
                     next_due=TODAY + dt.timedelta(days=1))
    tracks.add("collab", "Old podcast", [ada], stage="published")
    clock.advance(86_400)
    log_with_links(store, ada, "coffee", clock.now, "chat",
                   resources=[("https://rust.example/book", "The Rust book")])
    clock.advance(86_400)
    tracks.move(tid, "interviewing")
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_contact(ada)
        screen = await wait_for_screen(pilot, ContactScreen)
        await settle(pilot)
        text = _text(screen.query_one("#contact-tracks"))
        assert "• Staff engineer @ Acme  job, interviewing" in text
        assert "next: send references (due 2026-11-26)" in text
        assert "Old podcast" not in text  # closed
        assert "Shared with them" in text and "The Rust book https://rust.example/book" in text
        timeline = screen.query_one("#timeline", RowList)
        rows = [[c.plain for c in timeline.get_row_at(n)] for n in range(timeline.row_count)]
        assert rows[0] == ["2026-11-25", "stage", "Staff engineer @ Acme: lead → interviewing"]
        assert rows[1][:2] == ["2026-11-24", "coffee"]
        assert ["2026-11-23", "stage", "Old podcast: added in published"] in rows
        timeline.focus()
        await pilot.press("x")  # a stage change is not deleted from here
        await settle(pilot)
        assert app.screen is screen and len(tracks.history(tid)) == 2
        await pilot.press("enter")
        detail = await wait_for_screen(pilot, TrackScreen)
        assert detail.track_id == tid  # type: ignore[attr-defined]
        assert [t.id for t in contact_tracks(tracks, ada).open] == [tid]  # not the closed one


async def test_an_interactions_form_edits_what_it_shared(make_app: Any,
                                                        signed_in_store: Store) -> None:
    ada = signed_in_store.add_contact({"name": "Ada Lovelace"})
    tracks = _tracks(signed_in_store)
    tid = tracks.add("job", "Acme", [ada])
    iid = log_with_links(Store(signed_in_store.db, signed_in_store.user_id,
                               clock=FixedClock(NOW)), ada, "call", NOW, "chat",
                         track_ids=[tid], resources=[("https://a.example/x", "First")])
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.open_contact(ada)
        screen = await wait_for_screen(pilot, ContactScreen)
        await settle(pilot)
        screen.query_one("#timeline", RowList).focus()
        await pilot.press("enter")
        detail = await wait_for_screen(pilot, InteractionDetail)
        await settle(pilot)
        links = str(detail.query_one("#detail-links", Static).render())
        assert "track: Acme (+acme, lead)" in links and "shared: First https://a.example/x" in links
        await pilot.press("e")
        form = await wait_for_screen(pilot, InteractionForm)
        await settle(pilot)
        area = form.query_one("#ix-resources", TextArea)
        assert area.text == "https://a.example/x First"
        area.text = "https://a.example/x First\njavascript:alert(1)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "not a valid link" in str(form.query_one("#ix-resources-error", Static).render())
        area.text = "https://a.example/x First, edited\nb.example/talk The talk"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, InteractionForm)
        assert interaction_links(tracks, iid)[1] == [("https://a.example/x", "First, edited"),
                                                     ("https://b.example/talk", "The talk")]


async def test_settings_edit_the_stages_and_refuse_to_drop_one_in_use(
    make_app: Any, signed_in_store: Store
) -> None:
    ada = signed_in_store.add_contact({"name": "Ada"})
    tracks = _tracks(signed_in_store)
    tid = tracks.add("job", "Acme", [ada], stage="offer")
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("S")
        form = await wait_for_screen(pilot, SettingsScreen)
        await settle(pilot)
        job = form.query_one("#set-stages-job", Input)
        assert job.value == "lead, applied, interviewing, offer | accepted, declined, closed"
        job.value = "lead, applied"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "then | and the stages" in str(form.query_one("#set-stages-job-error",
                                                             Static).render())
        job.value = "lead, applied | hired, declined"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is form
        assert "1 track is in the job stage 'offer'" in str(
            form.query_one("#settings-error", Static).render())
        assert tracks.stages()["job"].all[3] == "offer"
        job.value = "lead, applied, offer | hired, declined"
        form.query_one("#set-stages-collab", Input).value = "idea, drafting | out"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, SettingsScreen)
        stages = tracks.stages()
        assert stages["job"].all == ("lead", "applied", "offer", "hired", "declined")
        assert stages["collab"].all == ("idea", "drafting", "out")
        assert tracks.move(tid, "hired") == ("offer", "hired") and not tracks.get(tid).open


async def test_the_palette_finds_tracks_and_who_you_shared_a_link_with(
    make_app: Any, signed_in_store: Store
) -> None:
    ada = signed_in_store.add_contact({"name": "Ada Lovelace"})
    bob = signed_in_store.add_contact({"name": "Bob"})
    tracks = _tracks(signed_in_store)
    tid = tracks.add("collab", "Compiler podcast", [ada])
    log_with_links(signed_in_store, bob, "coffee", None, "",
                   resources=[("https://rust.example/book", "The Rust book")])
    app = make_app(clock=FixedClock(NOW))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"compiler podc")
        await pilot.pause(0.5)
        await pilot.press("enter")
        detail = await wait_for_screen(pilot, TrackScreen)
        assert detail.track_id == tid  # type: ignore[attr-defined]
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.press(*"rust.example/book")
        await pilot.pause(0.8)
        await pilot.press("enter")
        contact = await wait_for_screen(pilot, ContactScreen)
        assert contact.contact_id == bob  # type: ignore[attr-defined]
