"""The VIP view (`V` on the dashboard, "VIPs" in the palette).

`VipScreen` lists every VIP (status, last contacted, next follow-up, main app) and
shows the default VIP cadence (PRODUCT.md §2), which can be changed in place. `v`
edits the highlighted VIP's details (`vip_editor.py`), Enter opens their screen.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Button, DataTable, Input, Label, Static

from devhub_tui.core.dates import humanize_ago, ms_to_date
from devhub_tui.core.validation import MAX_CADENCE_DAYS, ValidationError, validate_cadence
from devhub_tui.services.session import Session
from devhub_tui.storage.store import Contact
from devhub_tui.tui.messages import EditVip, OpenContact
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.widgets.status_badge import status_badge


class VipScreen(MainScreen):
    """Every VIP at a glance, and the default VIP cadence."""

    BINDINGS = [
        Binding("escape", "back", "Back", id="vips.back", tooltip="Back"),
        Binding(
            "v",
            "edit_vip",
            "Edit VIP",
            id="vips.edit",
            tooltip="Edit the highlighted VIP's details",
        ),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.vips: list[tuple[Contact, str | None, str]] = []
        self.cadence: int | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(Text("VIPs", style="bold magenta"), classes="section-title", id="vips-title")
        yield Static("", id="vips-summary", classes="summary")
        table: DataTable[Any] = DataTable(cursor_type="row", zebra_stripes=True, id="vips-table")
        table.add_columns("Name", "Status", "Last contacted", "Next follow-up", "Main app")
        yield table
        yield Static("", id="vips-empty", classes="empty")
        with Horizontal(id="vips-cadence-bar", classes="bar"):
            yield Label(
                f"Default VIP cadence in days (0 = off, up to {MAX_CADENCE_DAYS})",
                id="vips-cadence-label",
            )
            yield Input(id="vips-cadence", placeholder="14", compact=True)
            yield Button("Save cadence", id="vips-cadence-save", compact=True)
        yield Static("", id="vips-cadence-error", classes="field-error")

    def on_mount(self) -> None:
        self.query_one("#vips-table", DataTable).focus()
        self.reload()

    def stale(self) -> bool:
        return True  # a short list: it reloads on every return, not only after a write

    @work(thread=True, exclusive=True, exit_on_error=False, group="vips-load")
    def load(self) -> None:
        store = self.session.store
        rows = store.list_vips()
        cadence = store.cadence_defaults().vip
        self.app.call_from_thread(self._fill, rows, cadence)

    def _fill(self, rows: list[tuple[Contact, str | None, str]], cadence: int) -> None:
        self.vips = rows
        table = self.query_one("#vips-table", DataTable)
        current = None
        if table.row_count:
            current = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        now = self.session.clock()
        today = ms_to_date(now).isoformat()
        for c, next_due, main_app in rows:
            name = Text(c.name, no_wrap=True, overflow="ellipsis")
            if c.archived:
                name.append(" (archived)", style="dim")
            if next_due is None:
                due = Text("none", style="dim")
            elif next_due < today:
                due = Text(f"{next_due} overdue", style="bold red")
            elif next_due == today:
                due = Text(f"{next_due} today", style="bold dark_orange")
            else:
                due = Text(next_due)
            table.add_row(
                name,
                status_badge(c.status),
                Text(humanize_ago(c.last_contacted, now)),
                due,
                Text(main_app or "", no_wrap=True, overflow="ellipsis"),
                key=c.id,
            )
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        cadence_input = self.query_one("#vips-cadence", Input)
        if self.cadence is None or cadence_input.value.strip() == str(self.cadence):
            cadence_input.value = str(cadence)  # never overwrite what is being typed
        self.cadence = cadence
        n = len(rows)
        every = f"every {cadence} days" if cadence > 0 else "off (no reminders)"
        self.query_one("#vips-summary", Static).update(
            Text(
                f"{n} VIP{'s' if n != 1 else ''} · most urgent first · default VIP "
                f"cadence {every} (a contact's own cadence wins)"
            )
        )
        empty = self.query_one("#vips-empty", Static)
        empty.update(
            Text("No VIPs yet. Open a contact and press V, or tick VIP in the edit form (e).")
        )
        empty.display = n == 0

    # -- cadence default ----------------------------------------------------
    def _cadence_error(self, message: str) -> None:
        self.query_one("#vips-cadence-error", Static).update(Text(message))

    @on(Input.Submitted, "#vips-cadence")
    def _cadence_submitted(self) -> None:
        self.save_cadence()

    @on(Button.Pressed, "#vips-cadence-save")
    def _cadence_button(self) -> None:
        self.save_cadence()

    def save_cadence(self) -> None:
        raw = self.query_one("#vips-cadence", Input).value
        try:
            days = validate_cadence(raw)
        except ValidationError as exc:
            self._cadence_error(str(exc))
            return
        if days is None:
            self._cadence_error(f"type a number of days: 1 to {MAX_CADENCE_DAYS}, or 0 for off")
            return
        self._cadence_error("")
        self._save_cadence(days)

    @work(thread=True, exclusive=True, exit_on_error=False, group="vips-cadence")
    def _save_cadence(self, days: int) -> None:
        session = self.session
        store = session.store
        try:
            session.write(store.set_cadence_defaults,
                          dataclasses.replace(store.cadence_defaults(), vip=days))
        except Exception as exc:  # shown next to the field
            self.app.call_from_thread(self._cadence_error, f"not saved: {exc}")
            return
        self.app.call_from_thread(self._cadence_saved, days)

    def _cadence_saved(self, days: int) -> None:
        self.cadence = None  # take the saved value as the new baseline
        self.query_one("#vips-cadence", Input).value = str(days)
        self.app.notify(
            f"VIP cadence default: every {days} days"
            if days
            else "VIP cadence default: off (no reminders)",
            markup=False,
        )

    # -- rows --------------------------------------------------------------
    def _highlighted(self) -> Contact | None:
        table = self.query_one("#vips-table", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((c for c, *_ in self.vips if c.id == key), None)

    @on(DataTable.RowSelected, "#vips-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(OpenContact(event.row_key.value))

    def action_edit_vip(self) -> None:
        c = self._highlighted()
        if c is not None:
            self.post_message(EditVip(c))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
