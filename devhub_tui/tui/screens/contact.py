"""One contact (Enter on a row): every field, tags, VIP data, timeline, follow-ups.

Keys: e edit, v VIP editor, f follow-up, s snooze, x delete (asks first),
l quick log with this contact filled in, a archive/unarchive; d is the dashboard,
as everywhere. On the timeline, Enter shows an interaction whole (then e edits it)
and x deletes it (a track's stage change there: Enter opens the track); on
follow-ups, space completes or reopens, Enter edits and x deletes. x always asks
first and names what it deletes. The left column also lists their open tracks and
what you shared with them (issue 19: contact_tracks.py).

Under the name (issue 21): their local time when they have a time zone ("14:02
there · UTC+01:00 · reachable"), kept up to the minute; without one, when their
location names a common city, the zone it suggests, set only with z.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from devhub_tui.core.birthdays import birthday_text
from devhub_tui.core.dates import date_to_ms, humanize_ago, ms_to_date
from devhub_tui.core.localtime import (
    DEFAULT_HOURS,
    ReachableHours,
    ZoneGuess,
    guess_zone,
    local_time,
)
from devhub_tui.core.quicklog import ContactRef
from devhub_tui.core.skills import suggest_skills
from devhub_tui.core.status import effective_cadence
from devhub_tui.services.session import Session
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.store import Contact, ContactExtras, FollowUp, Interaction, VipData
from devhub_tui.tui.messages import EditContact, EditVip, OpenQuickLog, OpenTrack
from devhub_tui.tui.screens.contact_tracks import (
    event_track,
    load_contact_tracks,
    timeline_rows,
    tracks_text,
)
from devhub_tui.tui.screens.interaction_editor import InteractionEditor
from devhub_tui.tui.screens.local_time import guess_line, local_time_line
from devhub_tui.tui.session_ui import DataScreen
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header
from devhub_tui.tui.widgets.row_list import RowList
from devhub_tui.tui.widgets.status_badge import status_badge, vip_mark


@dataclass
class ContactView:
    contact: Contact
    interactions: list[Interaction]
    follow_ups: list[FollowUp]
    vip: VipData
    cadence: int | None
    types: list[str]
    extras: ContactExtras = field(default_factory=ContactExtras)
    #: open tracks, stage changes, resources shared (issue 19: contact_tracks.py)
    tracks: Any = None
    #: what you talk about: each #topic of their notes with its count, most first
    topics: list[tuple[str, int]] = field(default_factory=list)

    #: the account's reachable hours (issue 21)
    hours: ReachableHours = DEFAULT_HOURS

    @property
    def suggested_skills(self) -> list[str]:
        """Topics talked about twice or more that are not skills yet (issue 20)."""
        return suggest_skills(self.topics, self.contact.skills)


FIELD_LABELS = [
    ("nickname", "Nickname"), ("company", "Company"), ("title", "Title"),
    ("email", "Email"), ("github", "GitHub"), ("phone", "Phone"), ("birthday", "Birthday"),
    ("location", "Location"), ("timezone", "Timezone"), ("relationship", "Relationship"),
    ("industry", "Industry"), ("importance", "Importance"),
]


#: what the other details of a contact (contact_details.kind) are called
DETAIL_KINDS = {"email": "Email", "phone": "Phone", "address": "Address", "link": "Link"}
#: ...and the field they are listed after
DETAIL_AFTER = {"email": "email", "phone": "phone", "address": "location", "link": "github"}


def _labelled(label: str, kind: str | None) -> Text:
    """"Phone (cell)": a field's name and, when the file said, its type."""
    text = Text(label)
    if kind:
        text.append(f" ({kind.lower()})", style="not bold")
    return text


def details_table(view: ContactView, now_ms: int) -> Table:
    c = view.contact
    today = ms_to_date(now_ms)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    status = status_badge(c.status, archived=c.archived)
    if c.snoozed_until and c.status == "snoozed":
        status.append(f"  until {ms_to_date(c.snoozed_until).isoformat()}")
    table.add_row("Status", status)
    table.add_row("Last contacted", Text(humanize_ago(c.last_contacted, now_ms)))
    cadence = f"every {view.cadence} days" if view.cadence else "off (no reminders)"
    if c.cadence_days is None and view.cadence:
        cadence += " (default)"
    table.add_row("Cadence", Text(cadence))
    extras = view.extras
    kinds = {"email": extras.email_label, "phone": extras.phone_label}
    # what an import kept beside them: other emails after the email, and so on
    others: dict[str, list[tuple[str, str, str]]] = {}
    for detail in extras.details:
        others.setdefault(DETAIL_AFTER.get(detail[0], "importance"), []).append(detail)
    for key, label in FIELD_LABELS:
        value = getattr(c, key)
        if value and key == "birthday":
            value = birthday_text(value, today)
        if value:
            table.add_row(_labelled(label, kinds.get(key)), Text(str(value)))
        for kind, kind_label, detail_value in others.get(key, ()):
            table.add_row(_labelled(DETAIL_KINDS.get(kind, kind.capitalize()), kind_label),
                          Text(detail_value))
    table.add_row("Tags", Text(", ".join(c.tags) if c.tags else "none (add with e)"))
    table.add_row("Skills", Text(", ".join(c.skills) if c.skills else "none (add with e)"))
    if c.archived:
        table.add_row("Archived", Text("yes: no reminders (a to unarchive)"))
    if c.notes:
        table.add_row("Notes", Text(c.notes))
    return table


#: Most topics "What we talk about" lists.
TOPICS_SHOWN = 12


def topics_text(view: ContactView) -> Text:
    """"What we talk about": the #topics of their notes with counts, and the topics
    talked about twice or more that are not skills yet, offered with +."""
    if not view.topics:
        return Text("No #topics yet: write “talked about #rust” in a note.", style="dim")
    text = Text()
    for n, (topic, count) in enumerate(view.topics[:TOPICS_SHOWN]):
        if n:
            text.append(" · ", style="dim")
        text.append(topic, style="bold" if topic in view.contact.skills else "")
        text.append(f" ×{count}", style="dim")
    if len(view.topics) > TOPICS_SHOWN:
        text.append(f" · +{len(view.topics) - TOPICS_SHOWN} more", style="dim")
    suggested = view.suggested_skills
    if suggested:
        text.append("\nAdd as skills? ", style="bold")
        text.append(", ".join(suggested))
        text.append("  (+ adds them)", style="dim italic")
    return text


def vip_table(view: ContactView) -> Text | Table:
    if not view.contact.vip:
        if view.vip.is_empty():
            return Text("Not a VIP. Make them one with V (shift+v) or in the edit form (e).",
                        style="dim")
        return Text("Not a VIP any more: their VIP details are kept and show again when "
                    "they are one (V). Edit with v.", style="dim")
    v = view.vip
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rows = [
        ("Family", v.family), ("Company", v.company), ("Likes & dislikes", v.likes_dislikes),
        ("Notes", v.misc_notes), ("Main app", v.main_app), ("Email", v.email),
        ("Phone", v.phone_number),
    ]
    for label, value in rows:
        if value:
            table.add_row(label, Text(value))
    for link in v.social_links:
        table.add_row(Text(link.get("platform") or "link"), Text(link.get("url", "")))
    table.add_row("", Text("edit with v", style="dim italic"))
    return table


def follow_up_cells(fu: FollowUp, today: str) -> tuple[Text, Text, Text]:
    """Due, state, note: a done follow-up reads `✓ done` and is dimmed as a whole."""
    if fu.done_at:
        return (Text(fu.due, style="dim"), Text("✓ done", style="dim green"),
                Text(fu.note, style="dim"))
    if fu.due < today:
        state = Text("overdue", style="bold red")
    elif fu.due == today:
        state = Text("due today", style="bold dark_orange")
    else:
        state = Text("open")
    return Text(fu.due), state, Text(fu.note)


class ContactScreen(DataScreen):
    BINDINGS = [
        Binding("escape", "back", "Back", id="contact.back", tooltip="Back to the list"),
        Binding("e", "edit", "Edit", id="contact.edit", tooltip="Edit the contact"),
        Binding("v", "vip", "VIP", id="contact.vip", tooltip="VIP background and contact info"),
        Binding("V", "toggle_vip", "VIP on/off", id="contact.toggle_vip", show=False,
                key_display="shift+v",
                tooltip="Make a VIP / not a VIP (their VIP details are kept)"),
        Binding("f", "follow_up", "Follow-up", id="contact.follow_up",
                tooltip="Schedule a follow-up"),
        Binding("s", "snooze", "Snooze", id="contact.snooze", tooltip="Snooze reminders"),
        Binding("x", "delete", "Delete", id="contact.delete",
                tooltip="Delete the contact, or the highlighted interaction or follow-up "
                        "when a list has the focus (asks first)"),
        Binding("l", "log", "Log", id="contact.log", tooltip="Quick log with this contact"),
        Binding("a", "archive", "Archive", id="contact.archive", show=False,
                tooltip="Archive / unarchive"),
        Binding("space", "toggle_done", "Done", id="contact.done", show=False,
                tooltip="Complete / reopen the highlighted follow-up"),
        # (not k: the lists take j/k to move)
        Binding("plus", "accept_skills", "Add skills", id="contact.skills", key_display="+",
                tooltip="Add the topics you often talk about as their skills"),
        # issue 21: offered only while their location suggests a zone (check_action)
        Binding("z", "set_zone", "Set zone", id="contact.zone",
                tooltip="Set the time zone their location suggests"),
    ]
    #: keys the lists handle themselves, for the help (`?`)
    HELP_KEYS = [
        ("tab", "move between the details, the timeline and the follow-ups"),
        ("enter", "timeline: show the interaction whole (e edits it there); "
                  "follow-ups: edit"),
    ]

    def __init__(self, session: Session, contact_id: str) -> None:
        super().__init__(session)
        self.contact_id = contact_id
        self.view: ContactView | None = None
        self.editor = InteractionEditor(self, session)
        #: the zone their location suggests (no zone set yet), for z (issue 21)
        self.zone_guess: ZoneGuess | None = None
        self._minute = -1

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contact-body"):
            with VerticalScroll(id="contact-left"):
                yield Static("", id="contact-name", classes="contact-name")
                yield Static("", id="contact-localtime", classes="contact-localtime")
                yield Static("", id="contact-details")
                yield Static(Text("What we talk about", style="bold"), classes="section-title")
                yield Static("", id="contact-topics")  # issue 20
                yield Static(Text("VIP", style="bold"), classes="section-title")
                yield Static("", id="contact-vip")
                yield Static(Text("Tracks", style="bold"), classes="section-title")
                yield Static("", id="contact-tracks")  # issue 19
            with Vertical(id="contact-right"):
                yield Static(Text("Timeline (Enter read · x delete)", style="bold"),
                             classes="section-title")
                # RowLists: a note longer than its column ends in an ellipsis, and one
                # with more lines in " …" (Enter shows it whole)
                yield RowList("When", "Type", "Notes", max_widths=(None, 16, None),
                              id="timeline")
                yield Static("", id="timeline-empty", classes="empty")
                yield Static(Text("Follow-ups (f new · space done · Enter edit · x delete)",
                                  style="bold"), classes="section-title")
                yield RowList("Due", "State", "Note", max_widths=(None, 11, None),
                              id="followups")
                yield Static(Text("No follow-ups. Press f to schedule one."),
                             id="followups-empty", classes="empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#contact-localtime").display = False
        # their local time moves on: look every few seconds, redraw the line when the
        # minute changed (no query)
        self.set_interval(5, self.refresh_local_time, name="local-time")
        self.reload()

    def on_screen_resume(self) -> None:
        if self.view is not None:
            self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="contact-load")
    def _load(self) -> None:
        store = self.session.store
        try:
            contact = store.get_contact(self.contact_id)
        except NotFoundError:
            self.app.call_from_thread(self._gone)
            return
        view = ContactView(
            contact=contact,
            interactions=store.list_interactions(contact_id=self.contact_id, limit=500),
            follow_ups=store.list_follow_ups(contact_id=self.contact_id),
            vip=store.get_vip(self.contact_id),
            cadence=effective_cadence(contact.cadence_days, contact.vip, contact.importance,
                                      store.cadence_defaults()),
            types=store.types(),
            extras=store.contact_extras(self.contact_id),
            tracks=load_contact_tracks(store, self.contact_id),  # issue 19
            topics=store.contact_topics(self.contact_id),  # issue 20
            hours=store.reachable_hours() if contact.timezone else DEFAULT_HOURS,
        )
        self.app.call_from_thread(self._show, view)

    def _gone(self) -> None:
        self.app.notify("That contact no longer exists.", severity="warning")
        if self.is_active:
            self.dismiss()

    def _show(self, view: ContactView) -> None:
        self.view = view
        c = view.contact
        now = self.session.clock()
        name = Content.styled(c.name, "bold")  # (as typed: never markup)
        if c.vip:
            name = Content.assemble(name, "  ", vip_mark(True))
        self.query_one("#contact-name", Static).update(name)
        self.show_local_time()
        self.query_one("#contact-details", Static).update(details_table(view, now))
        self.query_one("#contact-vip", Static).update(vip_table(view))
        self.query_one("#contact-topics", Static).update(topics_text(view))
        self.refresh_bindings()  # + shows only when there is something to add
        timeline = self.query_one("#timeline", RowList)
        cursor = timeline.cursor_row
        timeline.clear()
        rows = timeline_rows(view.interactions, view.tracks)  # with stage changes (issue 19)
        for key, cells in rows:
            timeline.add_row(*cells, key=key)
        timeline.move_cursor(row=cursor)
        empty = self.query_one("#timeline-empty", Static)
        empty.update(Text("Nothing logged yet. Press l to log a coffee, a call, a PR review…"))
        empty.display = not rows
        timeline.display = bool(rows)
        self.query_one("#contact-tracks", Static).update(
            tracks_text(view.tracks, ms_to_date(now).isoformat()))
        followups = self.query_one("#followups", RowList)
        cursor = followups.cursor_row
        followups.clear()
        today = ms_to_date(now).isoformat()
        for fu in view.follow_ups:
            followups.add_row(*follow_up_cells(fu, today), key=fu.id)
        followups.move_cursor(row=cursor)
        followups.display = bool(view.follow_ups)
        self.query_one("#followups-empty", Static).display = not view.follow_ups

    # -- local time (issue 21) ------------------------------------------------
    def show_local_time(self) -> None:
        """Their local time, or the zone their location suggests, or nothing."""
        line = self.query_one("#contact-localtime", Static)
        view = self.view
        guess = None
        if view is None:
            text = None
        elif view.contact.timezone:
            now = self.session.clock()
            self._minute = now // 60_000
            here = local_time(view.contact.timezone, now, view.hours)
            text = local_time_line(here) if here is not None else Text(
                f"time zone '{view.contact.timezone}' is not one this machine knows:"
                " e changes it (an IANA name like Europe/Berlin)", style="dim")
        else:
            guess = guess_zone(view.contact.location)
            text = guess_line(guess) if guess is not None else None
        if guess != self.zone_guess:
            self.zone_guess = guess
            self.refresh_bindings()  # z shows in the footer only with a suggestion
        line.update(text or "")
        line.display = text is not None

    def refresh_local_time(self) -> None:
        """Redraw their local time when the minute has changed."""
        view = self.view
        if view is not None and view.contact.timezone and (
                self.session.clock() // 60_000 != self._minute):
            self.show_local_time()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "set_zone":
            return self.zone_guess is not None
        if action == "accept_skills":  # issue 20: only with something to add
            return bool(self.view and self.view.suggested_skills)
        return True

    def action_set_zone(self) -> None:
        """z: set the zone the location suggests (the line said which)."""
        view, guess = self.view, self.zone_guess
        if view is None or guess is None or view.contact.timezone:
            return
        self.run_write(self.session.store.update_contact, view.contact.id,
                       {"timezone": guess.zone},
                       message=f"Time zone set to {guess.zone}")

    # -- helpers -----------------------------------------------------------
    def _today(self) -> _dt.date:
        return ms_to_date(self.session.clock())

    def _saved(self, message: str) -> None:
        """A modal saved something through the session (which refreshes): say so."""
        self.app.notify(message, markup=False)

    def _highlighted(self, table_id: str) -> str | None:
        rows = self.query_one(f"#{table_id}", RowList)
        return rows.key_at(rows.cursor_row) if rows.row_count else None

    # -- actions -----------------------------------------------------------
    def action_back(self) -> None:
        self.dismiss()

    def action_edit(self) -> None:
        if self.view:
            self.post_message(EditContact(self.view.contact))

    def action_vip(self) -> None:
        if self.view:
            self.post_message(EditVip(self.view.contact))

    def action_toggle_vip(self) -> None:
        if self.view:
            c = self.view.contact
            self.run_write(self.session.store.toggle_vip, c.id, not c.vip,
                           message=("No longer a VIP: their VIP details are kept" if c.vip
                                    else "Now a VIP: edit their details with v"))

    def quick_log_request(self) -> OpenQuickLog | None:
        """`l`: the quick log with this contact (`messages.OffersQuickLog`)."""
        if not self.view:
            return None
        c = self.view.contact
        return OpenQuickLog(ContactRef(c.id, c.name, c.nickname))

    def action_log(self) -> None:
        request = self.quick_log_request()
        if request is not None:
            self.post_message(request)

    def action_accept_skills(self) -> None:
        """+: the suggested topics become skills (the only way topics change skills)."""
        if not self.view or not self.view.suggested_skills:
            return
        add = list(self.view.suggested_skills)
        self.run_write(self.session.store.change_skills, self.contact_id, add,
                       message=f"Added skill{'s' if len(add) > 1 else ''}: {', '.join(add)}")

    def action_archive(self) -> None:
        if self.view:
            c = self.view.contact
            self.run_write(self.session.store.update_contact, c.id,
                           {"archived": not c.archived},
                           message="Unarchived" if c.archived else "Archived: reminders paused")

    def action_follow_up(self) -> None:
        from devhub_tui.tui.screens.modals import FollowUpData, FollowUpForm

        if not self.view:
            return

        session, cid = self.session, self.contact_id

        def save(data: FollowUpData) -> None:
            session.write(session.store.add_follow_up, cid, data.due, data.note)

        def done(data: object) -> None:
            if isinstance(data, FollowUpData):
                self._saved(f"Follow-up due {data.due.isoformat()}")

        self.app.push_screen(FollowUpForm(self.view.contact.name, self._today(), save=save), done)

    def action_snooze(self) -> None:
        from devhub_tui.tui.screens.modals import SnoozeChoice, SnoozeScreen

        if not self.view:
            return
        c = self.view.contact

        session = self.session

        def save(choice: SnoozeChoice) -> None:
            session.write(session.store.snooze, c.id,
                          date_to_ms(choice.until) if choice.until else None)

        def done(choice: object) -> None:
            if isinstance(choice, SnoozeChoice):
                self._saved(f"Snoozed until {choice.until.isoformat()}" if choice.until
                            else "Unsnoozed")

        self.app.push_screen(
            SnoozeScreen(c.name, self._today(), c.status == "snoozed", save=save), done
        )

    def action_delete(self) -> None:
        from devhub_tui.tui.screens.confirm import ConfirmScreen

        if not self.view:
            return
        which = self._focused_table()
        if which is not None and self._highlighted(which) is not None:
            self._delete_row(which)
            return
        c = self.view.contact

        def done(yes: bool | None) -> None:
            if yes:  # back to the list first: the write then refreshes it, not this
                if self.is_active:
                    self.dismiss()
                self.run_write(self.session.store.delete_contact, c.id,
                               message=f"Deleted {c.name}")

        n = len(self.view.interactions)
        self.app.push_screen(
            ConfirmScreen(
                f"Delete {c.name}?",
                f"This also deletes {n} interaction{'s' if n != 1 else ''}, their follow-ups "
                "and VIP details. It can't be undone.",
            ),
            done,
        )

    def _focused_table(self) -> str | None:
        focused = self.focused
        if isinstance(focused, RowList) and focused.id in ("timeline", "followups"):
            return focused.id
        return None

    @on(RowList.Selected, "#timeline")
    def _interaction_selected(self, event: RowList.Selected) -> None:
        self._open_interaction(event.key)

    @on(RowList.Selected, "#followups")
    def _follow_up_selected(self, event: RowList.Selected) -> None:
        self._edit_follow_up(event.key)

    def _open_interaction(self, key: str) -> None:
        track_id = event_track(key)
        if track_id:  # a track's stage change: open the track (issue 19)
            self.post_message(OpenTrack(track_id))
            return
        if not self.view:
            return
        ix = next((i for i in self.view.interactions if i.id == key), None)
        if ix is not None:
            self.editor.open(ix, self.view.types)

    def _edit_follow_up(self, key: str) -> None:
        from devhub_tui.tui.screens.modals import FollowUpData, FollowUpForm

        if not self.view:
            return
        fu = next((f for f in self.view.follow_ups if f.id == key), None)
        if fu is None:
            return

        session = self.session

        def save(data: FollowUpData) -> None:
            session.write(session.store.update_follow_up, fu.id, due=data.due, note=data.note)

        def done(data: object) -> None:
            if isinstance(data, FollowUpData):
                self._saved("Follow-up saved")

        self.app.push_screen(
            FollowUpForm(self.view.contact.name, self._today(), due=fu.due, note=fu.note,
                         save=save),
            done,
        )

    def action_toggle_done(self) -> None:
        if self._focused_table() != "followups" or not self.view:
            return
        key = self._highlighted("followups")
        fu = next((f for f in self.view.follow_ups if f.id == key), None)
        if fu is None:
            return
        store = self.session.store
        self.run_write(
            lambda: store.update_follow_up(fu.id, done=fu.done_at is None),
            message="Follow-up done" if fu.done_at is None else "Follow-up reopened",
        )

    def _delete_row(self, which: str) -> None:
        """x on the timeline or the follow-ups: delete the highlighted row (asks first)."""
        from devhub_tui.tui.screens.confirm import ConfirmScreen

        key = self._highlighted(which)
        if key is None or not self.view:
            return
        if which == "timeline" and event_track(key):  # issue 19
            self.app.notify("A stage change goes with its track: Enter opens it",
                            markup=False)
            return
        if which == "timeline":
            ix = next(i for i in self.view.interactions if i.id == key)
            self.editor.delete(ix)
            return
        fu = next(f for f in self.view.follow_ups if f.id == key)
        store = self.session.store

        def done(yes: bool | None) -> None:
            if yes:
                self.run_write(store.delete_follow_up, fu.id, message="Follow-up deleted")

        detail = f"“{fu.note}”. " if fu.note else ""
        self.app.push_screen(
            ConfirmScreen(f"Delete the follow-up due {fu.due}?",
                          detail + f"Only this follow-up goes; {fu.contact_name} stays."),
            done)
