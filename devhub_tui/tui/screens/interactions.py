"""Interactions (`i`): everything logged, newest first, windowed for 1M rows.

`/` full-text search over notes; `y` filter by type, `p` by contact (person),
`[` / `]` set the date range (since / until, date words). A note shows its first
line; an ellipsis says there is more, and Enter shows the interaction whole (e
edits it there); `e` edits the highlighted one directly, x deletes it (asks first).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Input, Static
from textual.worker import get_current_worker

from devhub_tui.core.dates import DateWordError, date_to_ms, ms_to_date, parse_when
from devhub_tui.services.session import Session
from devhub_tui.storage.store import Interaction
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.screens.interaction_detail import note_preview
from devhub_tui.tui.screens.interaction_editor import InteractionEditor
from devhub_tui.tui.widgets.fast_table import ColumnSpec, FittedTable
from devhub_tui.tui.widgets.search_input import SearchInput

PAGE = 200
#: in the order shown; `drop`: which go first when the terminal is narrow
COLUMNS = (
    ColumnSpec("when", "When", 10, 10, drop=0),
    ColumnSpec("contact", "Contact", 12, 24, drop=1),
    ColumnSpec("type", "Type", 15, 15, drop=3),
    ColumnSpec("notes", "Notes", 16, 1000, drop=2),
)


class InteractionsScreen(MainScreen):
    #: the footer drops this key first when narrow (it leads here)
    FOOTER_LAST = ("nav.interactions",)
    #: keys the list handles itself, for the help (`?`)
    HELP_KEYS = [("enter", "show the interaction whole (its whole note); e edits it "
                           "there, x deletes it")]
    BINDINGS = [
        Binding("slash", "search", "Search", id="ix.search", key_display="/",
                tooltip="Full-text search over notes"),
        Binding("y", "filter_type", "Type", id="ix.type", tooltip="Filter by type"),
        Binding("p", "filter_contact", "Person", id="ix.person",
                tooltip="Filter by contact (the highlighted row's)"),
        Binding("left_square_bracket", "since", "Since", id="ix.since", key_display="[",
                tooltip="Only interactions since a date"),
        Binding("right_square_bracket", "until", "Until", id="ix.until", key_display="]",
                tooltip="Only interactions up to a date"),
        Binding("e", "edit", "Edit", id="ix.edit", tooltip="Edit the highlighted interaction"),
        Binding("x", "delete", "Delete", id="ix.delete", tooltip="Delete (asks first)"),
        Binding("escape", "clear", "Clear", id="ix.clear", tooltip="Clear search and filters"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.editor = InteractionEditor(self, session)
        self.search = ""
        self.type_: str | None = None
        self.contact: tuple[str, str] | None = None  # (id, name)
        self.since: Any = None
        self.until: Any = None
        self.rows: dict[str, Interaction] = {}
        self.loaded = 0
        self.exhausted = False
        self.fetching = False
        self.date_mode: str | None = None
        self.types: list[str] = []

    def compose_body(self) -> ComposeResult:
        with Horizontal(classes="bar"):
            yield SearchInput(placeholder="/ search notes…", id="ix-search")
        yield Static("", id="ix-summary", classes="summary")
        yield FittedTable(COLUMNS, cursor_type="row", zebra_stripes=True,
                          id="interactions-table")
        yield Static("", id="ix-empty", classes="empty")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    def _query(self) -> dict[str, Any]:
        return {
            "search": self.search or None,
            "type_": self.type_,
            "contact_id": self.contact[0] if self.contact else None,
            "since_ms": date_to_ms(self.since) if self.since else None,
            "until_ms": date_to_ms(self.until) + 86_400_000 if self.until else None,
        }

    def load(self) -> None:
        self.fetching = True
        self._load(0, True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="ix-load")
    def _load(self, offset: int, reset: bool) -> None:
        if not self.session.signed_in:
            return
        store = self.session.store
        rows = store.list_interactions(limit=PAGE, offset=offset, **self._query())
        if reset:
            self.types = store.types()
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._fill, rows, reset)

    def _fill(self, rows: list[Interaction], reset: bool) -> None:
        table = self.query_one(FittedTable)
        if reset:
            table.clear()
            self.rows = {}
        for ix in rows:
            if ix.id in self.rows:
                continue
            self.rows[ix.id] = ix
            table.add_item(ix.id, {
                "when": Text(ms_to_date(ix.date).isoformat()),
                "contact": Text(ix.contact_name, no_wrap=True, overflow="ellipsis"),
                "type": Text(ix.type, no_wrap=True, overflow="ellipsis"),
                "notes": note_preview(ix.notes),
            })
        self.loaded = table.row_count
        self.exhausted = len(rows) < PAGE
        self.fetching = False
        self._summarise()

    def _summarise(self) -> None:
        more = "" if self.exhausted else "+ (scroll for more)"
        parts = [f"{self.loaded:,}{more} interaction{'s' if self.loaded != 1 else ''}"]
        if self.search:
            parts.append(f"search “{self.search}”")
        if self.type_:
            parts.append(f"type {self.type_}")
        if self.contact:
            parts.append(f"with {self.contact[1]}")
        if self.since:
            parts.append(f"since {self.since.isoformat()}")
        if self.until:
            parts.append(f"until {self.until.isoformat()}")
        self.query_one("#ix-summary", Static).update(Text(" · ".join(parts)))
        empty = self.query_one("#ix-empty", Static)
        empty.display = self.loaded == 0
        if self.loaded == 0:
            if any(self._query().values()):
                empty.update(Text("Nothing matches. Press escape to clear the filters."))
            else:
                empty.update(Text("Nothing logged yet. Press l and type something like "
                                  "“ada coffee talked about rust”."))

    @on(DataTable.RowHighlighted, "#interactions-table")
    def _maybe_more(self, event: DataTable.RowHighlighted) -> None:
        if (not self.fetching and not self.exhausted
                and event.cursor_row >= event.data_table.row_count - 20):
            self.fetching = True
            self._load(self.loaded, False)

    # -- search and filters ------------------------------------------------
    @on(Input.Changed, "#ix-search")
    def _search_changed(self, event: Input.Changed) -> None:
        if self.date_mode:
            return
        self.search = event.value.strip()
        self.reload()

    @on(Input.Submitted, "#ix-search")
    def _search_done(self, event: Input.Submitted) -> None:
        if self.date_mode:
            self._set_date(event.value)
            return
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.date_mode = None
        field = self.query_one("#ix-search", Input)
        field.placeholder = "/ search notes…"
        field.value = self.search
        field.focus()

    def _ask_date(self, mode: str) -> None:
        self.date_mode = mode
        field = self.query_one("#ix-search", Input)
        field.value = ""
        field.placeholder = f"{mode}: a date or word (2026-10-01, 30d, last month), Enter"
        field.focus()

    def action_since(self) -> None:
        self._ask_date("since")

    def action_until(self) -> None:
        self._ask_date("until")

    def _set_date(self, raw: str) -> None:
        mode = self.date_mode
        field = self.query_one("#ix-search", Input)
        today = ms_to_date(self.session.clock())
        value = None
        if raw.strip():
            try:
                value = parse_when(raw, today)
            except DateWordError as exc:
                self.notify(str(exc), severity="error", markup=False)
                return
        if mode == "since":
            self.since = value
        else:
            self.until = value
        self.date_mode = None
        field.placeholder = "/ search notes…"
        field.value = self.search
        self.query_one(DataTable).focus()
        self.reload()

    def action_filter_type(self) -> None:
        from devhub_tui.tui.screens.modals import PickScreen

        types = self.types

        def picked(value: str | None) -> None:
            if value is not None:
                self.type_ = value or None
                self.reload()

        self.app.push_screen(
            PickScreen("Filter by type", [("", "any type")] + [(t, t) for t in types]), picked
        )

    def _current(self) -> Interaction | None:
        table = self.query_one(DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.rows.get(key) if key else None

    def action_filter_contact(self) -> None:
        if self.contact:
            self.contact = None
        else:
            ix = self._current()
            if ix is None:
                return
            self.contact = (ix.contact_id, ix.contact_name)
        self.reload()

    def action_clear(self) -> None:
        field = self.query_one("#ix-search", Input)
        self.date_mode = None
        self.type_ = None
        self.contact = None
        self.since = self.until = None
        field.placeholder = "/ search notes…"
        if field.value:
            field.value = ""
        else:
            self.reload()
        self.search = ""
        self.query_one(DataTable).focus()

    # -- edit / delete -----------------------------------------------------
    @on(DataTable.RowSelected, "#interactions-table")
    def _open(self, event: DataTable.RowSelected) -> None:
        ix = self.rows.get(event.row_key.value or "")
        if ix is not None:
            self.editor.open(ix, self.types)  # the types were loaded with the list (_load)

    def action_edit(self) -> None:
        ix = self._current()
        if ix is not None:
            self.editor.edit(ix, self.types)

    def action_delete(self) -> None:
        ix = self._current()
        if ix is not None:
            self.editor.delete(ix)
