"""Who knows… (`w` anywhere, palette "Who knows…"; issue 20): type technologies
("rust wasm"), optionally a place or time zone to be near, and see who in your
network knows them, best first, each with its score and reasons ("rust,
webassembly · 6 talks this year · same time zone"). Enter opens the contact.

The question is answered as you type, in a thread worker (`exclusive`: a new key
cancels the run before it), by `services.match_view.find_matches` -- the same
ranking as `devhub match`. The screen answers again when the data changes.
"""

from __future__ import annotations

import time

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from devhub_tui.core.validation import ValidationError
from devhub_tui.services.match_view import SCREEN_LIMIT, MatchResult, find_matches
from devhub_tui.services.session import Session
from devhub_tui.tui.messages import OpenContact
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.widgets.fitted_list import ColumnSpec, FittedList

COLUMNS = (
    ColumnSpec("score", "Score", 5, 5, drop=2),
    ColumnSpec("name", "Name", 14, 22, drop=0),
    ColumnSpec("why", "Why", 20, 200, drop=1),
)

#: how long a question waits for the next key before it is asked
TYPING_PAUSE_S = 0.12

HINT = ("Type technologies to find who knows them, e.g. rust wasm, k8s terraform. "
        "Ranked by their skills and the #topics you talked about, how often and how "
        "lately you talked this year, and (with near) their time zone or place.")


def nobody_text(asked: list[str]) -> str:
    tech = ", ".join(asked)
    first = asked[0] if asked else "rust"
    return (f"Nobody in your network knows {tech} yet. Give a contact the skill: open "
            f"them and press e (edit), or run devhub contact edit NAME --skill {first}; "
            f"a note with #{first} in it counts as a topic you talked about.")


class MatchScreen(MainScreen):
    """Contacts ranked by what they know (see the module docstring)."""

    HELP_TITLE = "Who knows…"
    FOOTER_LAST = ("nav.match",)
    HELP_KEYS = [
        ("enter", "in a field: to the results; on a row: open the contact"),
        ("↓", "from a field: to the results"),
        ("tab", "between the technologies, near (a time zone or a place) and the results"),
    ]
    BINDINGS = [
        Binding("escape", "back", "Back", id="match.back", tooltip="Back"),
        Binding("slash", "ask", "Ask", id="match.ask", key_display="/",
                tooltip="Type the technologies"),
        Binding("down", "to_results", "Results", id="match.results", show=False,
                tooltip="From a field: to the results"),
    ]

    def __init__(self, session: Session, query: str = "") -> None:
        super().__init__(session)
        self.initial = query
        self.result: MatchResult | None = None

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Who knows…", style="bold"), classes="section-title",
                     id="match-title")
        with Horizontal(id="match-bar", classes="bar"):
            yield Input(self.initial, placeholder="technologies: rust wasm", id="match-query")
            yield Input(placeholder="near: Europe/Berlin or a place (optional)",
                        id="match-near")
        yield Static("", id="match-summary", classes="summary")
        yield FittedList(COLUMNS, id="match-list")
        yield Static(Text(HINT), id="match-empty", classes="empty")

    @property
    def row_list(self) -> FittedList:
        return self.query_one("#match-list", FittedList)

    def on_mount(self) -> None:
        self.query_one("#match-query", Input).focus()
        self.reload()

    # -- loading -------------------------------------------------------------
    def _question(self) -> tuple[str, str]:
        return (self.query_one("#match-query", Input).value,
                self.query_one("#match-near", Input).value)

    def load(self) -> None:
        query, near = self._question()
        if not query.strip():
            self.result = None
            self._fill(None, "")
            return
        self._find(query, near)

    @work(thread=True, exclusive=True, exit_on_error=False, group="match-load")
    def _find(self, query: str, near: str) -> None:
        # typing: the next key cancels this run before it asks the store (a query
        # already running can't be stopped, and at 100k contacts it takes a while)
        time.sleep(TYPING_PAUSE_S)
        if get_current_worker().is_cancelled or not self.session.signed_in:
            return
        try:
            result = find_matches(self.session.store, query, near or None,
                                  limit=SCREEN_LIMIT)
        except ValidationError as exc:
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._fill, None, str(exc))
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._fill, result, "")

    def _fill(self, result: MatchResult | None, error: str) -> None:
        before, self.result = self.result, result
        rows = self.row_list
        # the same question answered again (the data changed): the cursor stays on its
        # contact; a new question starts at the top
        same = (before is not None and result is not None and before.asked == result.asked
                and before.near == result.near)
        keep = rows.current_key if same else None
        summary = self.query_one("#match-summary", Static)
        empty = self.query_one("#match-empty", Static)
        if result is None:
            rows.replace_items([])
            summary.update(Text(error, style="bold red") if error else Text(""))
            empty.update(Text(HINT))
            empty.display = True
            return
        items = []
        for m in result.matches:
            items.append((m.contact_id, {
                "score": Text(str(m.score), justify="right"),
                "name": Text(m.name, no_wrap=True, overflow="ellipsis"),
                "why": Text(" · ".join(m.reasons), no_wrap=True, overflow="ellipsis"),
            }))
        rows.replace_items(items)
        if keep is not None and keep in rows:
            rows.move_cursor(row=rows.index_of(keep) or 0)
        asked = ", ".join(result.asked)
        parts = [f"{result.found:,} know {asked}" if result.found != 1
                 else f"1 knows {asked}"]
        if result.found > len(result.matches):
            parts.append(f"the best {len(result.matches)} shown")
        if result.near is not None:
            where = result.near.zone or result.near.text
            parts.append(f"near {where}")
        summary.update(Text(" · ".join(parts)) if result.matches else Text(""))
        empty.update(Text(nobody_text(result.asked)))
        empty.display = not result.matches

    # -- input ---------------------------------------------------------------
    @on(Input.Changed)
    def _changed(self) -> None:
        self.reload()

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_to_results()

    def action_to_results(self) -> None:
        if self.row_list.row_count:
            self.row_list.focus()

    def action_ask(self) -> None:
        self.query_one("#match-query", Input).focus()

    @on(FittedList.Selected, "#match-list")
    def _selected(self, event: FittedList.Selected) -> None:
        self.post_message(OpenContact(event.key))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
