"""Contacts (`c`): every contact, searchable as you type, windowed for 100k rows.

Rows load a page at a time in a thread worker; moving the cursor near the end
loads the next page. `/` searches (FTS over names, company, tags, notes and
interaction notes); `o` sorts; `t`, `v`, `s` filter by tag, VIP, status. A VIP's
name starts with ★ (as `devhub contacts` prints it). The columns fit the terminal:
when it is narrow, Tags, then Company, then Last contacted go; Name and Status stay.
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

from devhub_tui.core.dates import humanize_ago
from devhub_tui.core.status import STATUS_LABELS, Status
from devhub_tui.services.session import Session
from devhub_tui.storage.store import Contact
from devhub_tui.tui.messages import OpenContact
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.widgets.fast_table import ColumnSpec, FittedTable
from devhub_tui.tui.widgets.search_input import SearchInput
from devhub_tui.tui.widgets.status_badge import name_cell, status_badge

PAGE = 200
#: the first page while searching: a screenful and some (more load as you scroll)
SEARCH_PAGE = 60
#: in the order shown; `drop`: which go first when the terminal is narrow
COLUMNS = (
    ColumnSpec("name", "Name", 16, 32, drop=0),
    ColumnSpec("company", "Company", 12, 24, drop=3),
    ColumnSpec("tags", "Tags", 12, 120, drop=4),
    ColumnSpec("status", "Status", 19, 19, drop=1),
    ColumnSpec("last", "Last contacted", 14, 14, drop=2),
)
SORT_CYCLE = ("name", "last_contacted", "status")
SORT_LABELS = {"name": "name", "last_contacted": "last contacted", "status": "status"}


def contact_cells(c: Contact, now_ms: int) -> dict[str, Text]:
    """Every column's cell for one contact (the table shows those that fit)."""
    return {
        "name": name_cell(c.name, c.vip),
        "company": Text(c.company or "", no_wrap=True, overflow="ellipsis"),
        "tags": Text(", ".join(c.tags), no_wrap=True, overflow="ellipsis"),
        "status": status_badge(c.status, archived=c.archived),
        "last": Text(humanize_ago(c.last_contacted, now_ms)),
    }


class ContactsScreen(MainScreen):
    #: the footer drops this key first when narrow (it leads here)
    FOOTER_LAST = ("nav.contacts",)
    BINDINGS = [
        Binding("slash", "search", "Search", id="contacts.search", key_display="/",
                tooltip="Search names, companies, tags, notes"),
        Binding("enter", "open", "Open", id="contacts.open", show=False,
                tooltip="Open the contact"),
        Binding("o", "sort", "Sort", id="contacts.sort", tooltip="Cycle sort order"),
        Binding("t", "filter_tag", "Tag", id="contacts.tag", tooltip="Filter by tag"),
        Binding("v", "filter_vip", "VIP", id="contacts.vip", tooltip="Only VIPs"),
        Binding("s", "filter_status", "Status", id="contacts.status",
                tooltip="Filter by status"),
        Binding("escape", "clear", "Clear", id="contacts.clear",
                tooltip="Clear search and filters"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.search = ""
        self.tag: str | None = None
        self.vip: bool | None = None
        self.status: str | None = None
        self.sort = "name"
        self.total = 0
        self.loaded = 0
        self.fetching = False
        self._again = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id="contacts-bar", classes="bar"):
            yield SearchInput(placeholder="/ search names, companies, tags, notes…",
                        id="contacts-search")
        yield Static("", id="contacts-summary", classes="summary")
        # FastTable: a DataTable that paints Text cells in fixed-width columns without
        # Rich layout (a refill per keystroke must repaint within 50 ms); fitted: its
        # columns fit the terminal's width
        yield FittedTable(COLUMNS, cursor_type="row", zebra_stripes=True,
                          id="contacts-table")
        yield Static("", id="contacts-empty", classes="empty")

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self.reload()

    # -- loading -----------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        return {"search": self.search or None, "tag": self.tag, "vip": self.vip,
                "status": self.status}

    def load(self) -> None:
        self.fetching = True
        self._load(0, True)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contacts-load")
    def _load(self, offset: int, reset: bool) -> None:
        if not self.session.signed_in:
            return
        store = self.session.store
        page = SEARCH_PAGE if self.search and reset else PAGE
        rows = store.list_contacts(sort=self.sort, limit=page, offset=offset, **self.filters())
        if self.search:
            # searching: no separate count per keystroke (it would run the search twice);
            # a full page means "there is more"
            total = offset + len(rows) + (1 if len(rows) == page else 0)
        elif reset:
            total = store.count_contacts(**self.filters())
        else:
            total = self.total
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._fill, rows, total, reset)

    def _fill(self, rows: list[Contact], total: int, reset: bool) -> None:
        table = self.query_one(FittedTable)
        now = self.session.clock()
        if reset:
            current = table.current_key()
            table.clear()
            self.loaded = 0
        for c in rows:
            if c.id in table.rows:
                continue
            table.add_item(c.id, contact_cells(c, now))
        self.loaded = table.row_count
        self.total = total
        self.fetching = False
        if self._again:  # the search text changed while this page loaded
            self._again = False
            self.reload()
            return
        if reset and current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        self._summarise()

    def _summarise(self) -> None:
        if self.search:
            more = self.loaded < self.total
            parts = [f"{self.loaded:,}{'+' if more else ''} match"
                     f"{'' if self.loaded == 1 and not more else 'es'}"]
            if more:
                parts.append("scroll for more")
        else:
            parts = [f"{self.total:,} contact{'s' if self.total != 1 else ''}"]
            if self.loaded < self.total:
                parts.append(f"showing {self.loaded:,} (scroll for more)")
        parts.append(f"sorted by {SORT_LABELS[self.sort]}")
        if self.search:
            parts.append(f"search “{self.search}”")
        if self.tag:
            parts.append(f"tag {self.tag}")
        if self.vip:
            parts.append("VIPs only")
        if self.status:
            parts.append(f"status {STATUS_LABELS[Status(self.status)]}")
        self.query_one("#contacts-summary", Static).update(Text(" · ".join(parts)))
        empty = self.query_one("#contacts-empty", Static)
        if self.total == 0:
            if any(self.filters().values()):
                empty.update(Text("No contacts match. Press escape to clear the search "
                                  "and filters."))
            else:
                empty.update(Text("No contacts yet. Press n to add one, or import "
                                  "them from the command palette (ctrl+p)."))
            empty.display = True
        else:
            empty.display = False

    @on(DataTable.RowHighlighted, "#contacts-table")
    def _maybe_more(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if (not self.fetching and self.loaded < self.total
                and event.cursor_row >= table.row_count - 20):
            self.fetching = True
            self._load(self.loaded, False)

    # -- search and filters ------------------------------------------------
    @on(Input.Changed, "#contacts-search")
    def _search_changed(self, event: Input.Changed) -> None:
        # at most one search in flight: the first key searches at once; keys typed while
        # it runs coalesce into one more search when it ends (typing "kubernetes"
        # quickly runs two or three searches, not ten)
        self.search = event.value.strip()
        if self.fetching:
            self._again = True
        else:
            self.reload()

    @on(Input.Submitted, "#contacts-search")
    def _search_done(self) -> None:
        self.query_one(DataTable).focus()

    def action_search(self) -> None:
        self.query_one("#contacts-search", Input).focus()

    def action_sort(self) -> None:
        self.sort = SORT_CYCLE[(SORT_CYCLE.index(self.sort) + 1) % len(SORT_CYCLE)]
        self.reload()

    def action_filter_vip(self) -> None:
        self.vip = None if self.vip else True
        self.reload()

    def action_filter_status(self) -> None:
        from devhub_tui.tui.screens.modals import PickScreen

        items = [("", "any status")] + [(s.value, STATUS_LABELS[s]) for s in Status]

        def picked(value: str | None) -> None:
            if value is not None:
                self.status = value or None
                self.reload()

        self.app.push_screen(PickScreen("Filter by status", items), picked)

    def action_filter_tag(self) -> None:
        self._pick_tag()

    @work(thread=True, exclusive=True, exit_on_error=False, group="contacts-tags")
    def _pick_tag(self) -> None:
        tags = self.session.store.all_tags()
        self.app.call_from_thread(self._show_tags, tags)

    def _show_tags(self, tags: list[tuple[str, int]]) -> None:
        from devhub_tui.tui.screens.modals import PickScreen

        items = [("", "any tag")] + [(name, f"{name} ({n})") for name, n in tags]

        def picked(value: str | None) -> None:
            if value is not None:
                self.tag = value or None
                self.reload()

        self.app.push_screen(
            PickScreen("Filter by tag", items if tags else [], "No tags yet: add some when "
                       "you edit a contact (e)."),
            picked,
        )

    def action_clear(self) -> None:
        search = self.query_one("#contacts-search", Input)
        if not (self.search or self.tag or self.vip or self.status):
            self.query_one(DataTable).focus()
            return
        self.tag = None
        self.vip = None
        self.status = None
        if search.value:
            search.value = ""  # triggers a reload through Input.Changed
        else:
            self.reload()
        self.query_one(DataTable).focus()

    # -- open --------------------------------------------------------------
    @on(DataTable.RowSelected, "#contacts-table")
    def _selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.post_message(OpenContact(event.row_key.value))

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            if key:
                self.post_message(OpenContact(key))
