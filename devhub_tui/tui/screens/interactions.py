"""Interactions (`i`): everything logged, newest first, windowed for 1M rows.

`/` full-text search over notes; `y` filter by type, `p` by contact (person),
`[` / `]` set the date range (since / until, date words). A note shows its first
line; an ellipsis says there is more, and Enter shows the interaction whole (e
edits it there); `e` edits the highlighted one directly, x deletes it (asks first).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual.binding import Binding

from devhub_tui.core.dates import DateWordError, date_to_ms, ms_to_date, parse_when
from devhub_tui.services.session import Session
from devhub_tui.storage.store import Interaction
from devhub_tui.tui.screens.interaction_detail import note_preview
from devhub_tui.tui.screens.interaction_editor import InteractionEditor
from devhub_tui.tui.screens.paged_list import Page, PagedListScreen
from devhub_tui.tui.widgets.fitted_list import ColumnSpec

PAGE = 200
SEARCH_PLACEHOLDER = "/ search notes…"
#: in the order shown; `drop`: which go first when the terminal is narrow
COLUMNS = (
    ColumnSpec("when", "When", 10, 10, drop=0),
    ColumnSpec("contact", "Contact", 12, 24, drop=1),
    ColumnSpec("type", "Type", 15, 15, drop=3),
    ColumnSpec("notes", "Notes", 16, 1000, drop=2),
)


def interaction_cells(ix: Interaction) -> dict[str, Text]:
    """Every column's cell for one interaction (the list shows those that fit)."""
    return {
        "when": Text(ms_to_date(ix.date).isoformat()),
        "contact": Text(ix.contact_name, no_wrap=True, overflow="ellipsis"),
        "type": Text(ix.type, no_wrap=True, overflow="ellipsis"),
        "notes": note_preview(ix.notes),
    }


class InteractionsScreen(PagedListScreen):
    #: the footer drops this key first when narrow (it leads here)
    FOOTER_LAST = ("nav.interactions",)
    #: keys the list handles itself, for the help (`?`)
    HELP_KEYS = [("enter", "show the interaction whole (its whole note); e edits it "
                           "there, x deletes it")]
    COLUMNS = COLUMNS
    LIST_ID = "interactions-table"
    SEARCH_ID = "ix-search"
    SUMMARY_ID = "ix-summary"
    EMPTY_ID = "ix-empty"
    PLACEHOLDER = SEARCH_PLACEHOLDER
    LOAD_GROUP = "ix-load"
    PAGE = PAGE
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
        self.type_: str | None = None
        self.contact: tuple[str, str] | None = None  # (id, name)
        self.since: Any = None
        self.until: Any = None
        self.rows: dict[str, Interaction] = {}
        self.date_mode: str | None = None
        self.types: list[str] = []

    def _query(self) -> dict[str, Any]:
        return {
            "search": self.search or None,
            "type_": self.type_,
            "contact_id": self.contact[0] if self.contact else None,
            "since_ms": date_to_ms(self.since) if self.since else None,
            "until_ms": date_to_ms(self.until) + 86_400_000 if self.until else None,
        }

    def filters_active(self) -> bool:
        return any(self._query().values()) or self.date_mode is not None

    # -- loading -------------------------------------------------------------
    def fetch(self, store: Any, offset: int, reset: bool) -> Page:
        rows = store.list_interactions(limit=PAGE, offset=offset, **self._query())
        if reset:
            self.types = store.types()
        return Page(rows, more=len(rows) == PAGE)

    def forget_rows(self) -> None:
        self.rows = {}

    def items(self, rows: list[Interaction]) -> Iterable[tuple[str, dict[str, Text]]]:
        for ix in rows:
            self.rows.setdefault(ix.id, ix)
            yield ix.id, interaction_cells(ix)

    def summary_parts(self) -> list[str]:
        more = "+ (scroll for more)" if self.more else ""
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
        return parts

    def empty_text(self) -> str:
        if any(self._query().values()):
            return "Nothing matches. Press escape to clear the filters."
        return "Nothing logged yet. Press l and type something like “ada coffee talked about rust”."

    # -- search, dates and filters --------------------------------------------
    def search_changed(self, value: str) -> None:
        if not self.date_mode:  # the field holds a date being typed
            super().search_changed(value)

    def search_submitted(self, value: str) -> None:
        if self.date_mode:
            self._set_date(value)
        else:
            super().search_submitted(value)

    def action_search(self) -> None:
        self.date_mode = None
        field = self.search_field
        field.placeholder = SEARCH_PLACEHOLDER
        field.value = self.search
        field.focus()

    def _ask_date(self, mode: str) -> None:
        self.date_mode = mode
        field = self.search_field
        field.value = ""
        field.placeholder = f"{mode}: a date or word (2026-10-01, 30d, last month), Enter"
        field.focus()

    def action_since(self) -> None:
        self._ask_date("since")

    def action_until(self) -> None:
        self._ask_date("until")

    def _set_date(self, raw: str) -> None:
        mode = self.date_mode
        field = self.search_field
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
        field.placeholder = SEARCH_PLACEHOLDER
        field.value = self.search
        self.row_list.focus()
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
        key = self.row_list.current_key
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

    def clear_filters(self) -> None:
        self.date_mode = None
        self.type_ = None
        self.contact = None
        self.since = self.until = None
        self.search_field.placeholder = SEARCH_PLACEHOLDER

    # -- open / edit / delete ------------------------------------------------
    def open_row(self, key: str) -> None:
        ix = self.rows.get(key)
        if ix is not None:
            self.editor.open(ix, self.types)  # the types were loaded with the list (fetch)

    def action_edit(self) -> None:
        ix = self._current()
        if ix is not None:
            self.editor.edit(ix, self.types)

    def action_delete(self) -> None:
        ix = self._current()
        if ix is not None:
            self.editor.delete(ix)
