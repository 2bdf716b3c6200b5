"""One contact (Enter on a row): every field, tags, VIP data, timeline, follow-ups.

Keys: e edit, v VIP editor, f follow-up, s snooze, x delete (asks first),
l quick log with this contact filled in, a archive/unarchive; d is the dashboard,
as everywhere. On the timeline, Enter shows an interaction whole (then e edits it)
and x deletes it (a track's stage change there: Enter opens the track); on
follow-ups, space completes or reopens, Enter edits and x deletes. x always asks
first and names what it deletes. The left column also lists their open tracks and
what you shared with them (issue 19: contact_tracks.py).
The sections are built in contact_sections.py, the data loaded in contact_view.py.

Under the name (issue 21): their local time when they have a time zone ("14:02
there · UTC+01:00 · reachable"), kept up to the minute; without one, when their
location names a common city, the zone it suggests, set only with z.
"""

from __future__ import annotations

import datetime as _dt

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import Static

from devhub_tui.core.dates import date_to_ms, ms_to_date
from devhub_tui.core.localtime import ZoneGuess
from devhub_tui.core.quicklog import ContactRef
from devhub_tui.services.session import Session
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.tui.messages import EditContact, EditVip, OpenQuickLog, OpenTrack
from devhub_tui.tui.screens.contact_sections import (
    details_table,
    follow_up_cells,
    their_time_text,
    topics_text,
    vip_table,
)
from devhub_tui.tui.screens.contact_tracks import event_track, timeline_rows, tracks_text
from devhub_tui.tui.screens.contact_view import ContactView, load_contact_view
from devhub_tui.tui.screens.interaction_editor import InteractionEditor
from devhub_tui.tui.session_ui import DataScreen
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header
from devhub_tui.tui.widgets.row_list import RowList
from devhub_tui.tui.widgets.status_badge import vip_mark


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
        try:
            view = load_contact_view(self.session.store, self.contact_id)
        except NotFoundError:
            self.app.call_from_thread(self._gone)
            return
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
        text, guess = None, None
        if view is not None:
            now = 0  # (no zone: the line doesn't depend on the time)
            if view.contact.timezone:
                now = self.session.clock()
                self._minute = now // 60_000
            text, guess = their_time_text(view, now)
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
