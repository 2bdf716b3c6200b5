"""The one interaction editor: show, edit and delete a logged interaction.

`InteractionEditor(screen, session)` is how every screen that lists interactions
(the contact screen's timeline, the interactions list) opens one: `open` shows it
whole (`InteractionDetail`), from where `e` edits it and `x` deletes it; `edit`
opens `InteractionForm` directly; `delete` asks first. Saves go through the
session in the form's worker, deletes in a background write: the session's change
signal then refreshes the screens that show it. (New interactions come from the
quick-log bar, `quick_log.py`, through the same session.)
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Input, Label, Select, Static, TextArea

from devhub_tui.core.dates import (
    DateWordError,
    FutureDateError,
    check_interaction_date,
    date_to_ms,
    ms_to_date,
    parse_when,
    when_examples,
)
from devhub_tui.core.validation import MAX_NOTE_LEN, ValidationError, clean_text
from devhub_tui.services.session import Session
from devhub_tui.storage.store import Interaction, Store
from devhub_tui.tui.screens.interaction_detail import InteractionDetail
from devhub_tui.tui.screens.interaction_links import (
    collect_resources,
    links_of,
    load_resources,
    resource_fields,
    save_resources,
)
from devhub_tui.tui.screens.modals import FormScreen
from devhub_tui.tui.session_ui import write_in_background


@dataclass
class InteractionData:
    type: str
    date: _dt.date
    notes: str
    #: the resources it shared, (url, title) (None: unchanged; issue 19)
    resources: list[tuple[str, str]] | None = None

    def date_ms(self, original_ms: int) -> int:
        """The interaction's new time: unchanged when the day is, else noon UTC."""
        if self.date == ms_to_date(original_ms):
            return original_ms
        return date_to_ms(self.date) + 12 * 3_600_000

    def save_to(self, store: Store, interaction_id: str, original_ms: int) -> None:
        with store.db.write():  # all or nothing
            store.update_interaction(interaction_id, type_=self.type,
                                     date_ms=self.date_ms(original_ms), notes=self.notes)
            if self.resources is not None:
                save_resources(store, interaction_id, self.resources)


class InteractionForm(FormScreen):
    """Edit an interaction: type, when it happened (backdating allowed), notes, and
    (given `load_resources`) the resources it shared."""

    AUTO_FOCUS = "#ix-notes"

    def __init__(
        self, contact_name: str, types: list[str], today: _dt.date, *, type_: str,
        date: _dt.date, notes: str, save: Callable[[Any], None] | None = None,
        load_resources: Callable[[], list[tuple[str, str]]] | None = None,
    ) -> None:
        super().__init__(save)
        #: reads what the interaction shared (in a worker: issue 19); None: not edited
        self.load_resources = load_resources
        self.resources_loaded = False
        self.contact_name = contact_name
        self.types = types if type_ in types else [*types, type_]
        self.today = today
        self.initial = (type_, date, notes)

    def compose(self) -> ComposeResult:
        type_, date, notes = self.initial
        with Vertical(classes="modal-card form-card"):
            title = Text("Interaction with ", style="bold")
            title.append(self.contact_name)
            yield Static(title, classes="modal-title")
            yield Label("Type")
            yield Select([(t, t) for t in self.types], value=type_, allow_blank=False,
                         id="ix-type")
            yield Label(f"When it happened ({when_examples(self.today, future=False)})")
            yield Input(date.isoformat(), id="ix-date")
            yield Static("", id="ix-date-error", classes="field-error")
            yield Label("Notes")
            yield TextArea(notes, id="ix-notes", soft_wrap=True)
            yield Static("", id="ix-notes-error", classes="field-error")
            if self.load_resources is not None:
                yield from resource_fields()
            yield from self.buttons()

    def on_mount(self) -> None:
        if self.load_resources is not None:
            load_resources(self, self.load_resources, self._resources_loaded)

    def _resources_loaded(self) -> None:
        self.resources_loaded = True

    def action_save(self) -> None:
        ok = True
        when: _dt.date | None = None
        try:
            when = check_interaction_date(
                parse_when(self.query_one("#ix-date", Input).value or "today", self.today),
                self.today,
            )
            self.error("ix-date-error", "")
        except FutureDateError as exc:
            self.error("ix-date-error", f"{exc}: press f on the contact's screen")
            ok = False
        except DateWordError as exc:
            self.error("ix-date-error", str(exc))
            ok = False
        try:
            notes = clean_text(
                self.query_one("#ix-notes", TextArea).text, max_len=MAX_NOTE_LEN,
                multiline=True, field="notes",
            )
            self.error("ix-notes-error", "")
        except ValidationError as exc:
            self.error("ix-notes-error", str(exc))
            ok = False
        resources = None
        if self.load_resources is not None:
            ok, resources = collect_resources(self, ok, self.resources_loaded)
        if ok and when is not None:
            self.finish(InteractionData(str(self.query_one("#ix-type", Select).value), when,
                                        notes, resources))


def _shared(session: Session, interaction_id: str) -> list[tuple[str, str]]:
    return links_of(session, interaction_id)[1]


class InteractionEditor:
    """Show, edit and delete interactions for `screen` (see the module docstring)."""

    def __init__(self, screen: Screen[Any], session: Session) -> None:
        self.screen = screen
        self.session = session

    def _today(self) -> _dt.date:
        return ms_to_date(self.session.clock())

    def open(self, ix: Interaction, types: list[str]) -> None:
        """Show `ix` whole; then edit it (the form) or delete it (after a yes)."""

        def chosen(what: str | None) -> None:
            if what == "edit":
                self.edit(ix, types)
            elif what == "delete":
                self.delete(ix)

        self.screen.app.push_screen(InteractionDetail(self.session, ix), chosen)

    def edit(self, ix: Interaction, types: list[str]) -> None:
        """The interaction form for `ix` (`types`: the ones to choose from); saved in
        the form's worker."""
        session = self.session
        app = self.screen.app

        def save(data: InteractionData) -> None:
            session.write(data.save_to, session.store, ix.id, ix.date)

        def saved(data: object) -> None:
            if isinstance(data, InteractionData):
                app.notify("Interaction saved", markup=False)

        app.push_screen(
            InteractionForm(ix.contact_name, types, self._today(), type_=ix.type,
                            date=ms_to_date(ix.date), notes=ix.notes, save=save,
                            load_resources=partial(_shared, session, ix.id)),
            saved,
        )

    def delete(self, ix: Interaction) -> None:
        """Ask, then delete `ix`."""
        from devhub_tui.tui.screens.confirm import ConfirmScreen

        app, session = self.screen.app, self.session

        def answered(yes: bool | None) -> None:
            if yes:
                write_in_background(app, session, session.store.delete_interaction, ix.id,
                                    message="Interaction deleted")

        app.push_screen(
            ConfirmScreen(f"Delete this {ix.type} with {ix.contact_name}?",
                          f"Logged for {ms_to_date(ix.date).isoformat()}. Only this "
                          "interaction goes; the contact stays."),
            answered,
        )
