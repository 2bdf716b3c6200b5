"""Tracks (`b` from every main screen; issue 19): jobs, clients, mentorships and
collaborations.

The board shows one kind (`k` switches) with a column a stage; `[` and `]` move
the highlighted card to the previous or next stage (recorded with the date),
`space` completes its next step and asks for the next one, `f` sets it, Enter
opens the track, `l` logs an interaction with its first contact, linked to it.
`v` switches to the list: every kind or one (`k`), filtered by stage (`s`), person
(`p`) and late next steps (`o`). The board reads every open card of the kind and
the latest cards of each closing stage in two statements, in a worker.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from devhub_tui.core.quicklog import ContactRef
from devhub_tui.core.tracks import KIND_LABELS, KINDS
from devhub_tui.services.session import Session
from devhub_tui.services.tracks_view import (
    LIST_LIMIT,
    Filters,
    TracksData,
    load_tracks_view,
)
from devhub_tui.storage.tracks import Card, Track
from devhub_tui.tui.messages import OpenQuickLog, OpenTrack
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.screens.track_actions import (
    add_track,
    complete_step,
    delete_track,
    edit_track,
    move_track,
    next_step,
    tracks_of,
)
from devhub_tui.tui.widgets.track_board import TrackBoard

__all__ = ["LIST_LIMIT", "TracksScreen"]


class TracksScreen(MainScreen):
    FOOTER_LAST = ("nav.tracks",)
    HELP_KEYS = [
        ("← → ↑ ↓", "board: between stages and cards (each stage scrolls on its own)"),
        ("enter", "open the track: history, next step, contacts, interactions"),
    ]
    BINDINGS = [
        Binding("a", "add", "Add", id="tracks.add", tooltip="Add a track"),
        Binding("k", "kind", "Kind", id="tracks.kind",
                tooltip="Switch kind: job, client, mentorship, collab"),
        Binding("left_square_bracket", "move(-1)", "◀ Stage", id="tracks.back",
                key_display="[", tooltip="Move the track to the previous stage"),
        Binding("right_square_bracket", "move(1)", "Stage ▶", id="tracks.forward",
                key_display="]", tooltip="Move the track to the next stage"),
        Binding("space", "done", "Done", id="tracks.done",
                tooltip="Complete the next step (then set the next one)"),
        Binding("f", "next_step", "Next step", id="tracks.next",
                tooltip="Set the next step and when it is due"),
        Binding("v", "view", "List", id="tracks.view", tooltip="Board / list"),
        Binding("s", "filter_stage", "Stage", id="tracks.stage",
                tooltip="List: only one stage"),
        Binding("p", "filter_person", "Person", id="tracks.person",
                tooltip="List: only the tracks of one person"),
        Binding("o", "filter_overdue", "Overdue", id="tracks.overdue",
                tooltip="List: only tracks whose next step is late"),
        Binding("e", "edit", "Edit", id="tracks.edit", show=False, tooltip="Edit the track"),
        Binding("x", "delete", "Delete", id="tracks.delete", show=False,
                tooltip="Delete the track (asks first)"),
        Binding("enter", "open", "Open", id="tracks.open", show=False,
                tooltip="Open the highlighted track"),
        Binding("escape", "clear", "Clear", id="tracks.clear", show=False,
                tooltip="List: clear the filters"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.kind = "job"
        self.view = "board"
        self.filters = Filters()
        self.data: TracksData | None = None
        self._keep: str | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", id="tracks-kinds", classes="tracks-kinds")
        yield Static("", id="tracks-filters", classes="summary")
        yield TrackBoard(id="tracks-board")
        table: DataTable[Any] = DataTable(id="tracks-list", cursor_type="row")
        table.display = False
        yield table
        yield Static(Text("Loading…", style="dim"), id="tracks-empty", classes="empty")

    def on_mount(self) -> None:
        table = self.query_one("#tracks-list", DataTable)
        for label in ("Kind", "Stage", "Title", "Next step", "Due", "With"):
            table.add_column(label, key=label.lower())
        self.query_one("#tracks-board", TrackBoard).focus()
        self.reload()

    # -- loading -----------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="tracks-load")
    def load(self) -> None:
        data = load_tracks_view(self.session.store, self.kind, self.view, self.filters)
        self.app.call_from_thread(self._show, data)

    def _show(self, data: TracksData) -> None:
        self.data = data
        kinds = Text()
        for n, kind in enumerate(KINDS):
            if n:
                kinds.append("   ")
            current = kind == (self.kind if self.view == "board" else self.filters.kind)
            kinds.append(KIND_LABELS[kind], style="bold underline" if current else "")
            kinds.append(f" {data.counts.get(kind, 0):,}", style="dim")
        if self.view == "list":
            kinds.append("   ")
            kinds.append("all kinds", style="bold underline" if self.filters.kind is None
                         else "")
        kinds.append("    k: kind · v: " + ("list" if self.view == "board" else "board"),
                     style="dim")
        self.query_one("#tracks-kinds", Static).update(kinds)
        board = self.query_one("#tracks-board", TrackBoard)
        table = self.query_one("#tracks-list", DataTable)
        empty = self.query_one("#tracks-empty", Static)
        filters = self.query_one("#tracks-filters", Static)
        board.display = self.view == "board"
        table.display = self.view == "list"
        filters.display = self.view == "list"
        if self.view == "board" and data.board is not None:
            board.show(data.board, data.today, keep=self._keep)
            self._keep = None
            count = data.counts.get(self.kind, 0)
            empty.update(Text(
                f"No {self.kind} tracks yet. Press a to add one (a job opportunity, a client "
                "project, a mentorship or a collaboration), or k for another kind."))
            empty.display = count == 0
            return
        self._fill_list(data)

    def _fill_list(self, data: TracksData) -> None:
        table = self.query_one("#tracks-list", DataTable)
        empty = self.query_one("#tracks-empty", Static)
        f = self.filters
        summary = Text("filters: ", style="dim")
        parts = [f"kind {f.kind}" if f.kind else "every kind",
                 *([f"stage {f.stage}"] if f.stage else []),
                 *([f"with {f.contact[1]}"] if f.contact else []),
                 *(["overdue"] if f.overdue else [])]
        summary.append(" · ".join(parts))
        if data.total > LIST_LIMIT:
            summary.append(f"   the first {LIST_LIMIT} shown: filter to narrow down",
                           style="dim")
        self.query_one("#tracks-filters", Static).update(summary)
        row = table.cursor_row
        table.clear()
        today = data.today.isoformat()
        for t in data.rows:
            due = Text(t.next_due or "")
            if t.open and t.next_due and t.next_due < today:
                due.stylize("bold red")
            elif t.open and t.next_due == today:
                due.stylize("bold dark_orange")
            stage = Text(t.stage, style="" if t.open else "dim")
            table.add_row(Text(t.kind), stage, Text(t.title), Text(t.next_step), due,
                          Text(", ".join(name for _, name in t.contacts)), key=t.id)
        if data.rows:
            keep = self._keep
            self._keep = None
            ids = [t.id for t in data.rows]
            table.move_cursor(row=ids.index(keep) if keep in ids else min(row, len(ids) - 1))
        empty.update(Text("No tracks match: escape clears the filters." if f.any() or f.kind
                          else "No tracks yet. Press a to add one."))
        empty.display = not data.rows

    # -- the highlighted track -------------------------------------------------------
    def _current(self) -> Track | Card | None:
        """The highlighted track: a board `Card` or a list `Track` (both have id,
        title, slug, stage, next_step, next_due)."""
        if self.data is None:
            return None
        if self.view == "board":
            return self.query_one("#tracks-board", TrackBoard).current
        table = self.query_one("#tracks-list", DataTable)
        if not self.data.rows or table.cursor_row >= len(self.data.rows):
            return None
        return self.data.rows[table.cursor_row]

    def _kind_of(self, track: Track | Card) -> str:
        return getattr(track, "kind", None) or self.kind

    # -- actions ------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("filter_stage", "filter_person", "filter_overdue", "clear"):
            return self.view == "list"
        return True

    def action_kind(self) -> None:
        if self.view == "board":
            self.kind = KINDS[(KINDS.index(self.kind) + 1) % len(KINDS)]
        else:
            order: list[str | None] = [None, *KINDS]
            self.filters.kind = order[(order.index(self.filters.kind) + 1) % len(order)]
            self.filters.stage = None
            if self.filters.kind:
                self.kind = self.filters.kind
        self.reload()

    def action_view(self) -> None:
        self.view = "list" if self.view == "board" else "board"
        current = self._current()
        self._keep = current.id if current is not None else None
        self.refresh_bindings()
        widget = "#tracks-list" if self.view == "list" else "#tracks-board"
        self.query_one(widget).focus()
        self.reload()

    def action_add(self) -> None:
        if self.data is None:
            return

        def added(track_id: str) -> None:
            self._keep = track_id

        kind = self.kind if self.view == "board" else (self.filters.kind or self.kind)
        add_track(self.app, self.session, self.data.stages, kind, added)

    def action_move(self, step: int) -> None:
        track = self._current()
        if track is None or self.data is None:
            self.app.bell()
            return
        stages = self.data.stages[self._kind_of(track)]
        target = stages.step(track.stage, step)
        if target is None:
            self.notify("Already in the " + ("first" if step < 0 else "last") + " stage",
                        markup=False)
            return
        self._keep = track.id
        move_track(self.app, self.session, track.id, track.title, target)

    def action_done(self) -> None:
        track = self._current()
        if track is None:
            return
        if not track.next_step:
            self.notify("No next step to complete: f sets one", markup=False)
            return
        self._keep = track.id
        complete_step(self.app, self.session, track.id)

    def action_next_step(self) -> None:
        track = self._current()
        if track is not None:
            self._keep = track.id
            self._with_track(track.id, lambda t: next_step(self.app, self.session, t))

    def action_edit(self) -> None:
        track = self._current()
        if track is not None and self.data is not None:
            stages = self.data.stages
            self._with_track(track.id,
                             lambda t: edit_track(self.app, self.session, t, stages))

    def action_delete(self) -> None:
        track = self._current()
        if track is not None:
            delete_track(self.app, self.session, track)

    def action_open(self) -> None:
        track = self._current()
        if track is not None:
            self._keep = track.id
            self.post_message(OpenTrack(track.id))

    @on(TrackBoard.Selected)
    def _card_selected(self, event: TrackBoard.Selected) -> None:
        self._keep = event.card.id
        self.post_message(OpenTrack(event.card.id))

    @on(DataTable.RowSelected, "#tracks-list")
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self._keep = event.row_key.value
            self.post_message(OpenTrack(event.row_key.value))

    def quick_log_request(self) -> OpenQuickLog:
        """`l`: the quick log with the highlighted track's first contact and its
        `+slug`, so the interaction is linked to it (`messages.OffersQuickLog`)."""
        track = self._current()
        if track is None:
            return OpenQuickLog()
        if isinstance(track, Card):
            ref = ContactRef(track.contact_id, track.contact) if track.contact_id else None
        else:
            ref = ContactRef(*track.contacts[0]) if track.contacts else None
        return OpenQuickLog(ref, initial=f"+{track.slug} ")

    def action_log(self) -> None:
        self.post_message(self.quick_log_request())

    def _with_track(self, track_id: str, then: Any) -> None:
        """The whole track (contacts, goals), read in a worker, then `then(track)`."""
        tracks = tracks_of(self.session)

        def run() -> None:
            track = tracks.get(track_id)
            self.app.call_from_thread(then, track)

        self.run_worker(run, thread=True, exit_on_error=False, group="tracks-one")

    # -- list filters ------------------------------------------------------------
    def action_filter_stage(self) -> None:
        from devhub_tui.tui.screens.modals import PickScreen

        if self.data is None:
            return
        kinds = [self.filters.kind] if self.filters.kind else list(KINDS)
        names = list(dict.fromkeys(s for k in kinds for s in self.data.stages[k].all))

        def picked(stage: str | None) -> None:
            if stage is not None:
                self.filters.stage = stage or None
                self.reload()

        self.app.push_screen(PickScreen("Only the tracks in stage…",
                                        [("", "any stage"), *((s, s) for s in names)]),
                             picked)

    def action_filter_person(self) -> None:
        from devhub_tui.tui.screens.modals import PickScreen

        tracks = tracks_of(self.session)

        def run() -> None:
            self.app.call_from_thread(pick, tracks.people())

        def pick(people: list[tuple[str, str]]) -> None:
            names = dict(people)

            def picked(cid: str | None) -> None:
                if cid is not None:
                    self.filters.contact = (cid, names[cid]) if cid else None
                    self.reload()

            self.app.push_screen(PickScreen("Only the tracks with…",
                                            [("", "anyone"), *people],
                                            empty="nobody is on a track yet"), picked)

        self.run_worker(run, thread=True, exit_on_error=False, group="tracks-people")

    def action_filter_overdue(self) -> None:
        self.filters.overdue = not self.filters.overdue
        self.reload()

    def action_clear(self) -> None:
        self.filters = Filters()
        self.reload()
