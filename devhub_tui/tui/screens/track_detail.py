"""One track (Enter on the board or the list; issue 19): where it stands, its next
step, who it is with, amount, links, notes, goals, its stage history and the
interactions linked to it.

Keys: `[` `]` previous / next stage, `m` move to any stage, `space` complete the
next step (then asks for the next one), `f` set it, `e` edit, `l` log an
interaction linked to it, `o` open one of its contacts, `x` delete (asks first),
escape back.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from devhub_tui.core.dates import humanize_ago, ms_to_date
from devhub_tui.core.quicklog import ContactRef
from devhub_tui.core.tracks import KIND_LABELS, Stages, format_amount
from devhub_tui.services.session import Session
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.tracks import Track, TrackEvent
from devhub_tui.storage.tracks.links import TrackInteraction, track_interactions
from devhub_tui.tui.messages import OpenContact, OpenQuickLog
from devhub_tui.tui.screens.track_actions import (
    complete_step,
    delete_track,
    edit_track,
    move_track,
    next_step,
    tracks_of,
)
from devhub_tui.tui.session_ui import DataScreen
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header

__all__ = ["TrackScreen", "TrackView", "details_table", "history_text"]


@dataclass
class TrackView:
    track: Track
    stages: dict[str, Stages]
    history: list[TrackEvent]
    interactions: list[TrackInteraction]


def details_table(view: TrackView, now_ms: int) -> Table:
    t = view.track
    today = ms_to_date(now_ms).isoformat()
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    stage = Text(t.stage, style="bold")
    stage.append(f"  since {ms_to_date(t.stage_at).isoformat()}", style="dim")
    if not t.open:
        stage.append("  closed: no reminders", style="dim")
    table.add_row("Kind", Text(KIND_LABELS.get(t.kind, t.kind)))
    table.add_row("Stage", stage)
    table.add_row("With", Text(", ".join(name for _, name in t.contacts) or "nobody"))
    if t.next_step:
        step = Text(t.next_step)
        late = t.open and t.next_due is not None and t.next_due < today
        due = Text(f"  due {t.next_due}", style="bold red" if late else "dim")
        if late:
            due.append(" (late)")
        table.add_row("Next step", step + due)
    else:
        table.add_row("Next step", Text("none (f sets one)", style="dim"))
    money = format_amount(t.amount_minor, t.currency)
    if money:
        table.add_row("Amount", Text(money))
    for link in t.links:
        table.add_row("Link", Text(link))
    slug = Text(f"+{t.slug}")
    slug.append("  in a quick log, links to it", style="dim")
    table.add_row("Slug", slug)
    if t.notes:
        table.add_row("Notes", Text(t.notes))
    return table


def history_text(events: list[TrackEvent]) -> Text:
    text = Text()
    for n, e in enumerate(events):
        if n:
            text.append("\n")
        text.append(ms_to_date(e.at).isoformat(), style="dim")
        text.append("  ")
        if e.kind == "stage" and e.from_stage:
            text.append(f"{e.from_stage} → ")
            text.append(e.stage or "", style="bold")
        elif e.kind == "stage":
            text.append("created in ")
            text.append(e.stage or "", style="bold")
        else:
            text.append("✓ done: ", style="green")
            text.append(e.note)
    return text or Text("nothing yet", style="dim")


def interactions_text(rows: list[TrackInteraction], now_ms: int) -> Text:
    if not rows:
        return Text("None linked yet. Log one with l (or type +slug in any quick log).",
                    style="dim")
    text = Text()
    for n, i in enumerate(rows):
        if n:
            text.append("\n")
        text.append(ms_to_date(i.date).isoformat(), style="dim")
        text.append(f"  {i.type}", style="bold cyan")
        text.append(" with ")
        text.append(i.contact_name, style="bold")
        text.append(f" ({humanize_ago(i.date, now_ms)})", style="dim")
        note = " ".join(i.notes.split())
        if note:
            text.append("\n    ")
            text.append(note if len(note) <= 300 else note[:299] + "…")
    return text


class TrackScreen(DataScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="track.back", tooltip="Back"),
        Binding("left_square_bracket", "move(-1)", "◀ Stage", id="track.stage_back",
                key_display="[", tooltip="Move to the previous stage"),
        Binding("right_square_bracket", "move(1)", "Stage ▶", id="track.stage_forward",
                key_display="]", tooltip="Move to the next stage"),
        Binding("m", "move_to", "Move to", id="track.move_to", tooltip="Move to any stage"),
        Binding("space", "done", "Done", id="track.done",
                tooltip="Complete the next step (then set the next one)"),
        Binding("f", "next_step", "Next step", id="track.next", tooltip="Set the next step"),
        Binding("e", "edit", "Edit", id="track.edit", tooltip="Edit the track"),
        Binding("l", "log", "Log", id="track.log",
                tooltip="Quick log with its first contact, linked to this track"),
        Binding("o", "open_contact", "Contact", id="track.contact",
                tooltip="Open one of its contacts"),
        Binding("x", "delete", "Delete", id="track.delete", show=False,
                tooltip="Delete the track (asks first)"),
    ]
    HELP_KEYS = [("tab", "move between the details and the interactions")]

    def __init__(self, session: Session, track_id: str) -> None:
        super().__init__(session)
        self.track_id = track_id
        self.view: TrackView | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="track-body"):
            with VerticalScroll(id="track-left"):
                yield Static("", id="track-title", classes="contact-name")
                yield Static("", id="track-details")
                yield Static(Text("Goals", style="bold"), id="track-goals-title",
                             classes="section-title")
                yield Static("", id="track-goals")
                yield Static(Text("History", style="bold"), classes="section-title")
                yield Static("", id="track-history")
            with VerticalScroll(id="track-right"):
                yield Static(Text("Interactions", style="bold"), classes="section-title")
                yield Static("", id="track-interactions")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="track-load")
    def _load(self) -> None:
        tracks = tracks_of(self.session)
        try:
            track = tracks.get(self.track_id)
        except NotFoundError:
            self.app.call_from_thread(self._gone)
            return
        view = TrackView(track, tracks.stages(), tracks.history(self.track_id),
                         track_interactions(tracks, self.track_id))
        self.app.call_from_thread(self._show, view)

    def _gone(self) -> None:
        self.app.notify("That track no longer exists.", severity="warning", markup=False)
        if self.is_active:
            self.dismiss()

    def _show(self, view: TrackView) -> None:
        self.view = view
        t = view.track
        now = self.session.clock()
        self.query_one("#track-title", Static).update(Text(t.title, style="bold"))
        self.query_one("#track-details", Static).update(details_table(view, now))
        goals = Text()
        for n, g in enumerate(t.goals):
            if n:
                goals.append("\n")
            goals.append("• ")
            goals.append(g.goal, style="bold")
            if g.progress:
                goals.append(f" — {g.progress}")
        if not t.goals:
            goals = Text("No goals yet (e adds them: GOAL | PROGRESS, one a line).", style="dim")
        mentorship = t.kind == "mentorship"
        self.query_one("#track-goals-title").display = mentorship
        goals_widget = self.query_one("#track-goals", Static)
        goals_widget.display = mentorship
        goals_widget.update(goals)
        self.query_one("#track-history", Static).update(history_text(view.history))
        self.query_one("#track-interactions", Static).update(
            interactions_text(view.interactions, now))

    # -- actions -----------------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_move(self, step: int) -> None:
        if self.view is None:
            return
        t = self.view.track
        target = self.view.stages[t.kind].step(t.stage, step)
        if target is None:
            self.notify("Already in the " + ("first" if step < 0 else "last") + " stage",
                        markup=False)
            return
        move_track(self.app, self.session, t.id, t.title, target)

    def action_move_to(self) -> None:
        from devhub_tui.tui.screens.modals import PickScreen

        if self.view is None:
            return
        t = self.view.track
        stages = self.view.stages[t.kind]
        items = [(s, s + ("  (now)" if s == t.stage else "")
                  + ("  closes it" if stages.is_terminal(s) else "")) for s in stages.all]

        def picked(stage: str | None) -> None:
            if stage and stage != t.stage:
                move_track(self.app, self.session, t.id, t.title, stage)

        self.app.push_screen(PickScreen(f"Move '{t.title}' to…", items), picked)

    def action_done(self) -> None:
        if self.view is None:
            return
        if not self.view.track.next_step:
            self.notify("No next step to complete: f sets one", markup=False)
            return
        complete_step(self.app, self.session, self.track_id)

    def action_next_step(self) -> None:
        if self.view is not None:
            next_step(self.app, self.session, self.view.track)

    def action_edit(self) -> None:
        if self.view is not None:
            edit_track(self.app, self.session, self.view.track, self.view.stages)

    def quick_log_request(self) -> OpenQuickLog | None:
        """`l`: the quick log with the track's first contact and its `+slug`, so the
        interaction is linked to it (`messages.OffersQuickLog`)."""
        if self.view is None:
            return None
        t = self.view.track
        ref = ContactRef(*t.contacts[0]) if t.contacts else None
        return OpenQuickLog(ref, initial=f"+{t.slug} ")

    def action_log(self) -> None:
        request = self.quick_log_request()
        if request is not None:
            self.post_message(request)

    def action_open_contact(self) -> None:
        from devhub_tui.tui.screens.modals import PickScreen

        if self.view is None or not self.view.track.contacts:
            self.notify("Nobody is on this track: e adds contacts", markup=False)
            return
        contacts = self.view.track.contacts
        if len(contacts) == 1:
            self.post_message(OpenContact(contacts[0][0]))
            return

        def picked(cid: str | None) -> None:
            if cid:
                self.post_message(OpenContact(cid))

        self.app.push_screen(PickScreen("Open…", list(contacts)), picked)

    def action_delete(self) -> None:
        if self.view is None:
            return

        def gone() -> None:
            if self.is_active:
                self.dismiss()

        delete_track(self.app, self.session, self.view.track, gone)
