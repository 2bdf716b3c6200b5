"""Contacts (`c`): every contact, searchable as you type, windowed for 100k rows.

Rows load a page at a time in a thread worker; moving the cursor near the end
loads the next page. `/` searches (FTS over names, company, tags, notes and
interaction notes, with the filters of core.query: `skill:rust topic:wasm
industry:fintech relationship:mentor event:"PyCon 2026"`); `o` sorts; `t`, `v`, `s`
filter by tag, VIP, status; `f` by skill, industry or relationship (each value with
how many contacts have it); `G` groups by industry, relationship or skill (the group
becomes the first column, its rows together). A VIP's name starts with ★ (as
`devhub contacts` prints it). The columns fit the terminal: when it is narrow, Tags,
then Company, then Last contacted go; Name and Status stay.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rich.text import Text
from textual import work
from textual.binding import Binding

from devhub_tui.core.dates import humanize_ago
from devhub_tui.core.query import parse_query
from devhub_tui.core.status import STATUS_LABELS, Status
from devhub_tui.services.session import Session
from devhub_tui.storage.store import Contact
from devhub_tui.tui.messages import OpenContact
from devhub_tui.tui.screens.paged_list import Page, PagedListScreen
from devhub_tui.tui.widgets.fitted_list import ColumnSpec
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
#: `G` cycles through these (None: not grouped); the group's column label
GROUP_CYCLE: tuple[str | None, ...] = (None, "industry", "relationship", "skill")
GROUP_LABELS = {"industry": "Industry", "relationship": "Relationship", "skill": "Skills"}
#: what `f` filters by: (key, label)
FILTER_KINDS = (("skill", "Skill"), ("industry", "Industry"), ("relationship", "Relationship"))


def grouped_columns(group: str) -> tuple[ColumnSpec, ...]:
    """The columns with the group first (it stays, as the name does, when narrow)."""
    return (ColumnSpec("group", GROUP_LABELS[group], 10, 24, drop=0), *COLUMNS)


def group_cell(c: Contact, group: str) -> Text:
    if group == "skill":
        value = ", ".join(c.skills)
    else:
        value = (getattr(c, group) or "").lower()
    return Text(value or "—", no_wrap=True, overflow="ellipsis",
                style="" if value else "dim")


def contact_cells(c: Contact, now_ms: int) -> dict[str, Text]:
    """Every column's cell for one contact (the list shows those that fit)."""
    return {
        "name": name_cell(c.name, c.vip),
        "company": Text(c.company or "", no_wrap=True, overflow="ellipsis"),
        "tags": Text(", ".join(c.tags), no_wrap=True, overflow="ellipsis"),
        "status": status_badge(c.status, archived=c.archived),
        "last": Text(humanize_ago(c.last_contacted, now_ms)),
    }


class ContactsScreen(PagedListScreen):
    #: the footer drops this key first when narrow (it leads here)
    FOOTER_LAST = ("nav.contacts",)
    COLUMNS = COLUMNS
    LIST_ID = "contacts-table"
    SEARCH_ID = "contacts-search"
    SUMMARY_ID = "contacts-summary"
    EMPTY_ID = "contacts-empty"
    BAR_ID = "contacts-bar"
    PLACEHOLDER = "/ search names, companies, tags, notes… or skill:rust topic:wasm"
    LOAD_GROUP = "contacts-load"
    PAGE = PAGE
    BINDINGS = [
        Binding("slash", "search", "Search", id="contacts.search", key_display="/",
                tooltip="Search names, companies, tags, notes; skill:rust topic:wasm"),
        Binding("enter", "open", "Open", id="contacts.open", show=False,
                tooltip="Open the contact"),
        Binding("o", "sort", "Sort", id="contacts.sort", tooltip="Cycle sort order"),
        Binding("t", "filter_tag", "Tag", id="contacts.tag", tooltip="Filter by tag"),
        Binding("v", "filter_vip", "VIP", id="contacts.vip", tooltip="Only VIPs"),
        Binding("s", "filter_status", "Status", id="contacts.status",
                tooltip="Filter by status"),
        Binding("f", "filter_category", "Filter", id="contacts.filter",
                tooltip="Filter by skill, industry or relationship"),
        # G: g is the tech-stack chart everywhere (issue 20, match)
        Binding("G", "group", "Group", id="contacts.group", key_display="G",
                tooltip="Group by industry, relationship or skill"),
        Binding("escape", "clear", "Clear", id="contacts.clear",
                tooltip="Clear search and filters"),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.tag: str | None = None
        self.vip: bool | None = None
        self.status: str | None = None
        #: `f` (issue 20): one skill, industry, relationship
        self.skill: str | None = None
        self.industry: str | None = None
        self.relationship: str | None = None
        #: `G`: industry, relationship, skill or None
        self.group: str | None = None
        self.sort = "name"
        self.total = 0

    # -- loading -----------------------------------------------------------
    def filters(self) -> dict[str, Any]:
        return {"search": self.search or None, "tag": self.tag, "vip": self.vip,
                "status": self.status, "skills": [self.skill] if self.skill else [],
                "industry": self.industry, "relationship": self.relationship}

    def filters_active(self) -> bool:
        return any(self.filters().values())

    def fetch(self, store: Any, offset: int, reset: bool) -> Page:
        page = SEARCH_PAGE if self.search and reset else PAGE
        sort = self.group or self.sort  # grouped: the group's rows together
        rows = store.list_contacts(sort=sort, limit=page, offset=offset, **self.filters())
        if self.search:
            # searching: no separate count per keystroke (it would run the search twice);
            # a full page means "there is more"
            total = offset + len(rows) + (1 if len(rows) == page else 0)
        elif reset:
            total = store.count_contacts(**self.filters())
        else:
            total = self.total or 0
        return Page(rows, more=offset + len(rows) < total, total=total)

    def items(self, rows: list[Contact]) -> Iterable[tuple[str, dict[str, Text]]]:
        now = self.session.clock()
        group = self.group
        if group is None:
            return ((c.id, contact_cells(c, now)) for c in rows)
        return ((c.id, {**contact_cells(c, now), "group": group_cell(c, group)}) for c in rows)

    def summary_parts(self) -> list[str]:
        total = self.total or 0
        if self.search:
            more = self.loaded < total
            parts = [f"{self.loaded:,}{'+' if more else ''} match"
                     f"{'' if self.loaded == 1 and not more else 'es'}"]
            if more:
                parts.append("scroll for more")
        else:
            parts = [f"{total:,} contact{'s' if total != 1 else ''}"]
            if self.loaded < total:
                parts.append(f"showing {self.loaded:,} (scroll for more)")
        if self.group:
            parts.append(f"grouped by {self.group}")
        else:
            parts.append(f"sorted by {SORT_LABELS[self.sort]}")
        if self.search:
            parts.append(f"search “{self.search}”")
            errors = parse_query(self.search).errors
            if errors:
                parts.append(errors[0])
        for kind, _ in FILTER_KINDS:
            value = getattr(self, kind)
            if value:
                parts.append(f"{kind} {value}")
        if self.tag:
            parts.append(f"tag {self.tag}")
        if self.vip:
            parts.append("VIPs only")
        if self.status:
            parts.append(f"status {STATUS_LABELS[Status(self.status)]}")
        return parts

    def empty_text(self) -> str:
        if self.filters_active():
            return "No contacts match. Press escape to clear the search and filters."
        return ("No contacts yet. Press n to add one, or import them from the command "
                "palette (ctrl+p).")

    # -- filters -------------------------------------------------------------
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

    def action_group(self) -> None:
        """G: the next grouping (industry → relationship → skill → none)."""
        self.group = GROUP_CYCLE[(GROUP_CYCLE.index(self.group) + 1) % len(GROUP_CYCLE)]
        self.row_list.set_specs(grouped_columns(self.group) if self.group else COLUMNS)
        self.reload()

    def action_filter_category(self) -> None:
        """f: what to filter by, then its values (each with how many contacts)."""
        from devhub_tui.tui.screens.modals import PickScreen

        items = []
        for kind, label in FILTER_KINDS:
            value = getattr(self, kind)
            items.append((kind, f"{label}: {value}" if value else label))

        def picked(kind: str | None) -> None:
            if kind:
                self._pick_category(kind)

        self.app.push_screen(PickScreen("Filter by", items), picked)

    @work(thread=True, exclusive=True, exit_on_error=False, group="contacts-categories")
    def _pick_category(self, kind: str) -> None:
        store = self.session.store
        counts = store.skill_counts() if kind == "skill" else store.category_counts(kind)
        self.app.call_from_thread(self._show_category, kind, counts)

    def _show_category(self, kind: str, counts: list[tuple[str, int]]) -> None:
        from devhub_tui.tui.screens.modals import PickScreen

        label = dict(FILTER_KINDS)[kind].lower()
        items = [("", f"any {label}")] + [(value, f"{value} ({n})") for value, n in counts]

        def picked(value: str | None) -> None:
            if value is not None:
                setattr(self, kind, value or None)
                self.reload()

        how = "edit a contact (e)" if kind == "skill" else f"set a {label} in the form (e)"
        self.app.push_screen(
            PickScreen(f"Filter by {label}", items if counts else [],
                       f"No {label} yet: {how}."),
            picked,
        )

    def clear_filters(self) -> None:
        self.tag = None
        self.vip = None
        self.status = None
        self.skill = None
        self.industry = None
        self.relationship = None

    # -- open --------------------------------------------------------------
    def open_row(self, key: str) -> None:
        self.post_message(OpenContact(key))
