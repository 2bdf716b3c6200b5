"""`PagedListScreen`: the searchable, paged list that the contacts and interactions
screens are.

A search field (`/`), a one-line summary, a `FittedList` (columns fit the terminal)
and a helpful line when nothing shows. Rows load a page at a time in a thread
worker (`fetch`, on the subclass); moving the cursor near the end of what is
loaded loads the next page, so 100k rows cost one page to show. Typing searches as
you type with at most one search in flight: the first key searches at once, and
keys typed while it runs coalesce into one more search when it ends. A reload
(a write, a filter, a search) keeps the cursor on its row when that row is still
there. Enter or a click on the highlighted row opens it (`open_row`); escape
clears the search and the filters (`clear_filters`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from devhub_tui.services.session import Session
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.widgets.fitted_list import ColumnSpec, FittedList
from devhub_tui.tui.widgets.row_list import RowList
from devhub_tui.tui.widgets.search_input import SearchInput

__all__ = ["Page", "PagedListScreen"]

#: how close to the last loaded row the cursor comes before the next page loads
PRELOAD_ROWS = 20


@dataclass(frozen=True)
class Page:
    """What one fetch found: its rows, whether more follow, and how many match in all
    (when that was counted)."""

    rows: list[Any]
    more: bool
    total: int | None = None


class PagedListScreen(MainScreen):
    """A list screen: subclasses give the columns, the ids, `fetch`, `items`,
    `summary_parts`, `empty_text`, `open_row` and `clear_filters`."""

    COLUMNS: ClassVar[tuple[ColumnSpec, ...]] = ()
    #: widget ids: the list, the search field, the summary line, the empty message
    LIST_ID: ClassVar[str] = "list"
    SEARCH_ID: ClassVar[str] = "list-search"
    SUMMARY_ID: ClassVar[str] = "list-summary"
    EMPTY_ID: ClassVar[str] = "list-empty"
    BAR_ID: ClassVar[str | None] = None
    PLACEHOLDER: ClassVar[str] = "/ search…"
    #: the worker group of the loads (a new load cancels the one running)
    LOAD_GROUP: ClassVar[str] = "list-load"
    PAGE: ClassVar[int] = 200

    def __init__(self, session: Session) -> None:
        super().__init__(session)
        self.search = ""
        self.loaded = 0
        #: whether rows follow the ones loaded
        self.more = False
        #: how many rows match, when counted (None: not counted)
        self.total: int | None = None
        self.fetching = False
        self._again = False

    def compose_body(self) -> ComposeResult:
        with Horizontal(id=self.BAR_ID, classes="bar"):
            yield SearchInput(placeholder=self.PLACEHOLDER, id=self.SEARCH_ID)
        yield Static("", id=self.SUMMARY_ID, classes="summary")
        yield FittedList(self.COLUMNS, id=self.LIST_ID)
        yield Static("", id=self.EMPTY_ID, classes="empty")

    @property
    def row_list(self) -> FittedList:
        return self.query_one(f"#{self.LIST_ID}", FittedList)

    @property
    def search_field(self) -> Input:
        return self.query_one(f"#{self.SEARCH_ID}", Input)

    def on_mount(self) -> None:
        self.row_list.focus()
        self.reload()

    # -- what a subclass says ------------------------------------------------
    def fetch(self, store: Any, offset: int, reset: bool) -> Page:
        """One page from `offset` (in the worker thread; `reset`: the first page)."""
        raise NotImplementedError

    def items(self, rows: list[Any]) -> Iterable[tuple[str, dict[str, Text]]]:
        """Each fetched row as (key, every column's cell by key)."""
        raise NotImplementedError

    def summary_parts(self) -> list[str]:
        """The summary line's parts (joined with " · ")."""
        raise NotImplementedError

    def empty_text(self) -> str:
        """What the screen says when nothing shows."""
        raise NotImplementedError

    def filters_active(self) -> bool:
        """Whether a search or a filter narrows the list."""
        return bool(self.search)

    def open_row(self, key: str) -> None:
        raise NotImplementedError

    def clear_filters(self) -> None:
        """Drop the screen's own filters (the search is cleared by the base)."""

    def forget_rows(self) -> None:
        """The list is about to be refilled from its first page."""

    # -- loading -------------------------------------------------------------
    def load(self) -> None:
        self.fetching = True
        self._load(0, True)

    def _load(self, offset: int, reset: bool) -> None:
        self.run_worker(partial(self._fetch, offset, reset), thread=True, exclusive=True,
                        exit_on_error=False, group=self.LOAD_GROUP)

    def _fetch(self, offset: int, reset: bool) -> None:
        if not self.session.signed_in:
            return
        page = self.fetch(self.session.store, offset, reset)
        if get_current_worker().is_cancelled:
            return
        self.app.call_from_thread(self._fill, page, reset)

    def _fill(self, page: Page, reset: bool) -> None:
        rows = self.row_list
        current = None
        if reset:
            current = rows.current_key
            self.forget_rows()
            rows.replace_items(self.items(page.rows))
        else:
            rows.add_items(self.items(page.rows))
        self.loaded = rows.row_count
        self.more = page.more
        self.total = page.total
        self.fetching = False
        if self._again:  # the search text changed while this page loaded
            self._again = False
            self.reload()
            return
        if current is not None:
            index = rows.index_of(current)
            if index is not None:
                rows.move_cursor(row=index)
        self._summarise()

    def _summarise(self) -> None:
        # one line whatever it says (CSS): a repaint, no layout of the screen
        self.query_one(f"#{self.SUMMARY_ID}", Static).update(
            Text(" · ".join(self.summary_parts())), layout=False)
        empty = self.query_one(f"#{self.EMPTY_ID}", Static)
        empty.display = self.loaded == 0
        if self.loaded == 0:
            empty.update(Text(self.empty_text()))

    @on(RowList.Highlighted)
    def _maybe_more(self, event: RowList.Highlighted) -> None:
        if (event.row_list.id == self.LIST_ID and not self.fetching and self.more
                and event.index >= event.row_list.row_count - PRELOAD_ROWS):
            self.fetching = True
            # after the frame that shows the cursor's move (a fetch started now would
            # share the interpreter with that frame's paint and delay it)
            self.call_after_refresh(self._load_more)

    def _load_more(self) -> None:
        if self.is_attached:  # not closed meanwhile
            self._load(self.loaded, False)

    # -- search and filters ------------------------------------------------
    def search_changed(self, value: str) -> None:
        """The search field's text changed (by typing, or set by the screen)."""
        self.search = value.strip()
        if self.fetching:
            self._again = True
        else:
            self.reload()

    def search_submitted(self, value: str) -> None:
        """Enter in the search field: back to the list."""
        self.row_list.focus()

    @on(Input.Changed)
    def _search_changed(self, event: Input.Changed) -> None:
        if event.input.id == self.SEARCH_ID:
            self.search_changed(event.value)

    @on(Input.Submitted)
    def _search_done(self, event: Input.Submitted) -> None:
        if event.input.id == self.SEARCH_ID:
            self.search_submitted(event.value)

    def action_search(self) -> None:
        self.search_field.focus()

    def action_clear(self) -> None:
        active = self.filters_active()
        self.clear_filters()
        if active:
            field = self.search_field
            if field.value:
                field.value = ""  # reloads through Input.Changed
            else:
                self.reload()
            self.search = ""
        self.row_list.focus()

    # -- open ----------------------------------------------------------------
    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected) -> None:
        if event.row_list.id == self.LIST_ID:
            self.open_row(event.key)

    def action_open(self) -> None:
        key = self.row_list.current_key
        if key is not None:
            self.open_row(key)
