"""Events and conference mode (issue 20): `E`, palette "Events".

`EventsScreen` lists every event (Quick Connect's, ones made by hand, tags that
look like events) with how many people you met there and how many of them still
have no open follow-up (named under the list, for the highlighted event). Enter
lists the people met there (`EventPeopleScreen`, Enter opens one); `f` follows up
everyone met there who has none; `a` adds an event (`AddEventForm`); `m` starts
conference mode at the highlighted event, or leaves it. In conference mode `n` is
`CaptureForm`: a name, Tab, one line of notes, Enter.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from devhub_tui.core.dates import DateWordError, date_to_ms, ms_to_date, parse_when
from devhub_tui.core.events import clean_capture_notes, clean_event_name, date_span
from devhub_tui.core.validation import ValidationError, clean_text, validate_name
from devhub_tui.services.session import Session
from devhub_tui.storage.store import EventPerson, EventSummary
from devhub_tui.tui.messages import OpenContact
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.screens.saving import SavingScreen
from devhub_tui.tui.widgets.fitted_list import ColumnSpec, FittedList
from devhub_tui.tui.widgets.row_list import RowList
from devhub_tui.tui.widgets.status_badge import status_badge

EMPTY = (
    "No events yet.\n"
    "  a  add one by hand (name, dates, location)\n"
    "  m  start conference mode: everyone you add or log is met there\n"
    "  r  then e: a Quick Connect sign-up link for an event\n"
    "People tagged like pycon-2026 show up here too."
)
SOURCES = {"quick-connect": "Quick Connect", "manual": "by hand", "tag": "tag"}
#: The events' columns: a narrow terminal drops From, Where, When first.
EVENT_COLUMNS = (
    ColumnSpec("name", "Event", 14, 40, drop=0),
    ColumnSpec("when", "When", 14, 24, drop=3),
    ColumnSpec("where", "Where", 8, 24, drop=4),
    ColumnSpec("met", "Met", 4, 6, drop=1),
    ColumnSpec("without", "No follow-up", 12, 12, drop=2),
    ColumnSpec("source", "From", 7, 13, drop=5),
)
PEOPLE_COLUMNS = (
    ColumnSpec("name", "Name", 16, 40, drop=0),
    ColumnSpec("company", "Company", 10, 30, drop=3),
    ColumnSpec("status", "Status", 19, 19, drop=2),
    ColumnSpec("follow_up", "Follow-up", 10, 10, drop=1),
)


def _when(e: EventSummary) -> str:
    return date_span(ms_to_date(e.starts_at) if e.starts_at is not None else None,
                     ms_to_date(e.ends_at) if e.ends_at is not None else None)


def follow_up_all(app: Any, session: Session, event: EventSummary) -> None:
    """`f`: ask when (and a note), then a follow-up for each person met at `event`
    who has none open; says how many."""
    from devhub_tui.tui.screens.modals import FollowUpData, FollowUpForm

    made: list[tuple[int, int]] = []

    def save(data: FollowUpData) -> None:
        made.append(session.write(session.store.follow_up_event, event.tag, data.due,
                                  data.note))

    def done(data: object) -> None:
        if not isinstance(data, FollowUpData) or not made:
            return
        n, already = made[0]
        who = "person" if n == 1 else "people"
        tail = f" ({already} already had one)" if already else ""
        app.notify(f"Follow-ups due {data.due.isoformat()} for {n} {who} met at"
                   f" {event.name}{tail}", markup=False)

    today = ms_to_date(session.clock())
    app.push_screen(FollowUpForm(f"everyone met at {event.name} (who has none)", today,
                                 due="next week", save=save), done)


class EventsScreen(MainScreen):
    """Every event, the people met there, conference mode."""

    BINDINGS = [
        Binding("enter", "open_event", "People", id="events.open",
                tooltip="The people you met at the highlighted event"),
        Binding("f", "follow_up_all", "Follow up all", id="events.follow_up",
                tooltip="A follow-up for everyone met there who has none"),
        Binding("m", "conference", "Conference", id="events.conference",
                tooltip="Start conference mode at the highlighted event, or leave it"),
        Binding("a", "add_event", "Add event", id="events.add",
                tooltip="Add an event by hand: name, dates, location"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.events: list[EventSummary] = []

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Events", style="bold"), classes="section-title", id="events-title")
        yield Static("", id="events-summary", classes="summary")
        yield FittedList(EVENT_COLUMNS, id="events-table")
        yield Static("", id="events-detail", classes="summary")
        yield Static("", id="events-empty", classes="empty")

    def on_mount(self) -> None:
        self.sub_title = "Events"
        self.query_one("#events-table", FittedList).focus()
        self.reload()

    def stale(self) -> bool:
        return True  # short: reloads on every return (a follow-up made elsewhere)

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-load")
    def load(self) -> None:
        self.seen_version = self.session.version
        events = self.session.store.list_events()
        self.app.call_from_thread(self._fill, events)

    def _fill(self, events: list[EventSummary]) -> None:
        self.events = events
        self.refresh_bindings()
        table = self.query_one("#events-table", FittedList)
        current = table.current_key if table.row_count else None
        active = self.session.conference
        items = []
        for e in events:
            name = Text(e.name)
            if active and e.tag == _tag(active):
                name = Text.assemble(("◆ ", "bold"), e.name)
            without = Text(str(e.without_follow_up),
                           style="bold dark_orange" if e.without_follow_up else "dim")
            items.append((e.tag, {
                "name": name, "when": Text(_when(e)), "where": Text(e.location),
                "met": Text(str(e.met)), "without": without,
                "source": Text(SOURCES.get(e.source, e.source), style="dim")}))
        table.replace_items(items)
        if current is None and active:  # first shown: on the conference (m leaves it)
            current = _tag(active)
        index = table.index_of(current) if current is not None else None
        if index is not None:
            table.move_cursor(row=index)
        self._show_detail()
        self.query_one("#events-empty", Static).update(Text(EMPTY) if not events else "")
        self.query_one("#events-empty", Static).display = not events
        table.display = bool(events)
        self._say_summary()

    def _say_summary(self) -> None:
        n = len(self.events)
        line = f"{n} event{'s' if n != 1 else ''} · Enter: who you met · f: follow up all"
        if self.session.conference:
            line = f"◆ Conference mode at {self.session.conference}: m leaves · " + line
        else:
            line += " · m: conference mode"
        self.query_one("#events-summary", Static).update(Text(line))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the keys that need an event while there is none."""
        if action in ("open_event", "follow_up_all") and not self.events:
            return None
        return True

    def highlighted(self) -> EventSummary | None:
        table = self.query_one("#events-table", FittedList)
        key = table.current_key if table.row_count else None
        return next((e for e in self.events if e.tag == key), None)

    @on(RowList.Selected, "#events-table")
    def _selected(self, event: RowList.Selected) -> None:
        event.stop()
        self.action_open_event()

    @on(RowList.Highlighted, "#events-table")
    def _highlighted(self, event: RowList.Highlighted) -> None:
        self._show_detail()

    def _show_detail(self) -> None:
        """Under the list: who met at the highlighted event has no follow-up yet."""
        e = self.highlighted()
        detail = self.query_one("#events-detail", Static)
        detail.display = e is not None
        if e is not None:
            self.load_detail(e)

    @work(thread=True, exclusive=True, exit_on_error=False, group="events-detail")
    def load_detail(self, e: EventSummary) -> None:
        people = self.session.store.contacts_at_event(e.tag)
        names = [p.contact.name for p in people if p.next_follow_up is None]
        self.app.call_from_thread(self._fill_detail, e, names)

    def _fill_detail(self, e: EventSummary, names: list[str]) -> None:
        current = self.highlighted()
        if current is None or current.tag != e.tag:
            return  # the cursor moved on meanwhile
        if not e.met:
            line = Text(f"Nobody met at {e.name} yet")
        elif not names:
            line = Text(f"Everyone met at {e.name} has a follow-up")
        else:
            shown = names[:6]
            more = f" and {len(names) - len(shown)} more" if len(names) > len(shown) else ""
            line = Text.assemble(("No follow-up yet: ", "bold"), ", ".join(shown) + more,
                                 " · f follows them up")
        self.query_one("#events-detail", Static).update(line)

    def action_open_event(self) -> None:
        e = self.highlighted()
        if e is not None:
            self.app.push_screen(EventPeopleScreen(self.session, e))

    def action_follow_up_all(self) -> None:
        e = self.highlighted()
        if e is None:
            self.notify("No event here yet: a adds one", markup=False)
            return
        follow_up_all(self.app, self.session, e)

    def action_conference(self) -> None:
        toggle = getattr(self.app, "toggle_conference", None)
        if toggle is None:
            return
        e = self.highlighted()
        if self.session.conference and (e is None or e.tag == _tag(self.session.conference)):
            toggle(None)
            return
        if e is None:
            self.action_add_event(start=True)
            return
        toggle(e.name)

    def action_add_event(self, start: bool = False) -> None:
        toggle = getattr(self.app, "toggle_conference", None)

        def done(name: object) -> None:
            if isinstance(name, str):
                self.notify(f"Event {name} saved", markup=False)
                if start and toggle is not None:
                    toggle(name)

        self.app.push_screen(AddEventForm(self.session), done)


def _tag(name: str) -> str:
    from devhub_tui.core.events import event_tag

    return event_tag(name)


class EventPeopleScreen(MainScreen):
    """The people met at one event: Enter opens one, f follows them all up."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="event-people.back", tooltip="Back to the events"),
        Binding("f", "follow_up_all", "Follow up all", id="event-people.follow_up",
                tooltip="A follow-up for everyone met there who has none"),
    ]
    HELP_TITLE = "People met at an event"

    def __init__(self, session: Session, event: EventSummary) -> None:
        super().__init__(session)
        self.event = event
        self.people: list[EventPerson] = []

    def compose_body(self) -> ComposeResult:
        title = Text("Met at ", style="bold")
        title.append(self.event.name)
        yield Static(title, classes="section-title", id="event-people-title")
        yield Static("", id="event-people-summary", classes="summary")
        yield FittedList(PEOPLE_COLUMNS, id="event-people-table")
        yield Static("", id="event-people-empty", classes="empty")

    def on_mount(self) -> None:
        self.sub_title = self.event.name
        self.query_one("#event-people-table", FittedList).focus()
        self.reload()

    def stale(self) -> bool:
        return True

    @work(thread=True, exclusive=True, exit_on_error=False, group="event-people-load")
    def load(self) -> None:
        self.seen_version = self.session.version
        people = self.session.store.contacts_at_event(self.event.tag)
        self.app.call_from_thread(self._fill, people)

    def _fill(self, people: list[EventPerson]) -> None:
        self.people = people
        table = self.query_one("#event-people-table", FittedList)
        current = table.current_key if table.row_count else None
        items = []
        for p in people:
            c = p.contact
            due = (Text(p.next_follow_up) if p.next_follow_up
                   else Text("none", style="bold dark_orange"))
            items.append((c.id, {"name": Text(c.name), "company": Text(c.company or ""),
                                 "status": status_badge(c.status), "follow_up": due}))
        table.replace_items(items)
        index = table.index_of(current) if current is not None else None
        if index is not None:
            table.move_cursor(row=index)
        without = sum(1 for p in people if p.next_follow_up is None)
        self.query_one("#event-people-summary", Static).update(Text(
            f"{len(people)} met · {without} without a follow-up · Enter opens one ·"
            " f: follow up all"))
        empty = self.query_one("#event-people-empty", Static)
        empty.update(Text("Nobody met here yet: in conference mode (m on the events),"
                          " everyone you add is." if not people else ""))
        empty.display = not people
        table.display = bool(people)

    @on(RowList.Selected, "#event-people-table")
    def _selected(self, event: RowList.Selected) -> None:
        event.stop()
        self.post_message(OpenContact(event.key))

    def action_back(self) -> None:
        self.dismiss()

    def action_follow_up_all(self) -> None:
        follow_up_all(self.app, self.session, self.event)


class AddEventForm(SavingScreen[object]):
    """`a` on the events: an event by hand (name, location, first and last day)."""

    AUTO_FOCUS = "#evf-name"

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card", id="evf-card"):
            yield Static(Text("Add an event", style="bold"), classes="modal-title")
            for field, label, placeholder in (
                ("name", "Event", "e.g. PyCon DE 2026"),
                ("location", "Location", "optional, e.g. Darmstadt"),
                ("starts", "First day", "optional, e.g. 2026-04-14"),
                ("ends", "Last day", "optional (default: the first)"),
            ):
                yield Label(label)
                yield Input(placeholder=placeholder, id=f"evf-{field}", max_length=200,
                            compact=True)
                yield Static("", id=f"evf-{field}-error", classes="field-error")
            yield Static("", id="evf-error", classes="form-error")
            yield self.dialog_buttons()

    def _value(self, field: str) -> str:
        return self.query_one(f"#evf-{field}", Input).value

    def action_save(self) -> None:
        today = ms_to_date(self.session.clock())
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        try:
            values["name"] = clean_event_name(self._value("name"))
        except ValidationError as exc:
            errors["name"] = str(exc)
        try:
            values["location"] = clean_text(self._value("location"), max_len=200,
                                            multiline=False, field="location")
        except ValidationError as exc:
            errors["location"] = str(exc)
        for field in ("starts", "ends"):
            raw = self._value(field).strip()
            try:
                values[field] = parse_when(raw, today, future=True) if raw else None
            except DateWordError as exc:
                errors[field] = str(exc)
        starts: _dt.date | None = values.get("starts")
        ends: _dt.date | None = values.get("ends") or starts
        if starts and ends and ends < starts:
            errors["ends"] = "the last day is before the first"
        for field in ("name", "location", "starts", "ends"):
            self.query_one(f"#evf-{field}-error", Static).update(Text(errors.get(field, "")))
        if errors:
            self.query_one(f"#evf-{next(iter(errors))}", Input).focus()
            return
        store = self.session.store

        def save() -> str:
            name, _new = self.session.write(
                store.save_event, values["name"], location=values["location"] or None,
                starts_at=date_to_ms(starts) if starts else None,
                ends_at=date_to_ms(ends) if ends else None)
            return name

        self.save_in_worker(save, self.dismiss, self._failed)

    def _failed(self, message: str) -> None:
        self.query_one("#evf-error", Static).update(Text(f"not saved: {message}"))


class CaptureForm(SavingScreen[object]):
    """Conference mode's `n`: a name, Tab, one line of notes, Enter. The person is
    tagged with the event and gets "met at EVENT" with the notes."""

    AUTO_FOCUS = "#cap-name"

    def __init__(self, session: Session, event: str) -> None:
        super().__init__()
        self.session = session
        self.event = event

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card", id="cap-card"):
            title = Text("Met at ", style="bold")
            title.append(self.event)
            yield Static(title, classes="modal-title")
            yield Label("Name")
            yield Input(placeholder="e.g. Ada Lovelace", id="cap-name", max_length=200)
            yield Static("", id="cap-name-error", classes="field-error")
            yield Label("Notes (one line)")
            yield Input(placeholder="talked about wasm; wants the slides", id="cap-notes",
                        max_length=500)
            yield Static("", id="cap-notes-error", classes="field-error")
            yield Static("", id="cap-error", classes="form-error")
            yield self.dialog_buttons("Add", save_key="enter")

    def action_save(self) -> None:
        errors: dict[str, str] = {}
        name = notes = ""
        try:
            name = validate_name(self.query_one("#cap-name", Input).value)
        except ValidationError as exc:
            errors["name"] = "who did you meet? (a name)" if "required" in str(exc) else str(exc)
        try:
            notes = clean_capture_notes(self.query_one("#cap-notes", Input).value)
        except ValidationError as exc:
            errors["notes"] = str(exc)
        for field in ("name", "notes"):
            self.query_one(f"#cap-{field}-error", Static).update(Text(errors.get(field, "")))
        if errors:
            self.query_one(f"#cap-{next(iter(errors))}", Input).focus()
            return
        session = self.session
        self.save_in_worker(lambda: session.capture(name, notes),
                            lambda _cid: self.dismiss(name), self._failed)

    def _failed(self, message: str) -> None:
        self.query_one("#cap-error", Static).update(Text(f"not saved: {message}"))
