"""Tech stack (`g` anywhere, palette "Tech stack"; issue 20): the technologies
across your network as a horizontal bar chart -- the 25 most common skills, how
many contacts have each, their share of all your (non-archived) contacts, and how
many of them you talked to in the last 90 days (the strong part of the bar). `t`
switches to the topics you talked about (`#words` in interaction notes). Enter on
a bar lists those contacts (`StackContactsScreen`), where Enter opens one.

Both load in thread workers (`services.match_view.load_stack`,
`Store.stack_contacts`) and load again when the data changes.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from devhub_tui.core.dates import humanize_ago
from devhub_tui.services.match_view import load_stack
from devhub_tui.services.session import Session
from devhub_tui.storage.store.match import PEOPLE_LIMIT, RECENT_DAYS, StackPerson, TechStack
from devhub_tui.tui.messages import OpenContact
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.widgets.bar_chart import Bar, BarChart
from devhub_tui.tui.widgets.fitted_list import ColumnSpec, FittedList

EMPTY_SKILLS = ("No skills in your network yet. Open a contact and press e to give "
                "them skills (rust, k8s, …), or run devhub contact edit NAME --skill rust. "
                "Press t for the topics you talked about.")
EMPTY_TOPICS = ("No topics yet: write #words in interaction notes (l: \"ada coffee talked "
                "about #rust and #wasm\") and they show here. Press t for skills.")


def share_text(share: float) -> str:
    """67%, 4.2%, 0.1%: two figures for small shares."""
    pct = share * 100
    if pct >= 10 or pct == 0:
        return f"{pct:.0f}%"
    return f"{pct:.1f}%"


def bars_of(stack: TechStack) -> list[Bar]:
    return [Bar(r.name, r.contacts, r.recent, share_text(stack.share(r)))
            for r in stack.rows]


def headers_of(topics: bool) -> tuple[str, str, str, str]:
    return ("topic" if topics else "skill", "contacts", "share", f"talked {RECENT_DAYS}d")


class StackScreen(MainScreen):
    """The tech stack chart (see the module docstring)."""

    HELP_TITLE = "Tech stack"
    FOOTER_LAST = ("nav.stack",)
    HELP_KEYS = [
        ("enter", "the contacts behind the highlighted bar"),
    ]
    BINDINGS = [
        Binding("escape", "back", "Back", id="stack.back", tooltip="Back"),
        # one key, two labels: the footer says what `t` switches to
        Binding("t", "show_topics", "Topics", id="stack.topics",
                tooltip="Switch between skills and the topics you talked about"),
        Binding("t", "show_skills", "Skills", id="stack.skills",
                tooltip="Switch between skills and the topics you talked about"),
        Binding("enter", "open", "Contacts", id="stack.open", show=False,
                tooltip="List the contacts behind the highlighted bar"),
    ]

    def __init__(self, session: Session, topics: bool = False) -> None:
        super().__init__(session)
        self.topics = topics
        self.stack: TechStack | None = None

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="section-title", id="stack-title")
        yield Static("", id="stack-summary", classes="summary")
        yield BarChart(headers_of(self.topics), id="stack-chart")
        yield Static(Text("Loading…", style="dim"), id="stack-empty", classes="empty")

    @property
    def chart(self) -> BarChart:
        return self.query_one("#stack-chart", BarChart)

    def on_mount(self) -> None:
        self.chart.focus()
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="stack-load")
    def load(self) -> None:
        if not self.session.signed_in:
            return
        topics = self.topics
        stack = load_stack(self.session.store, topics=topics)
        self.app.call_from_thread(self._show, stack)

    def _show(self, stack: TechStack) -> None:
        if stack.topics != self.topics:  # switched while it loaded
            return
        self.stack = stack
        current = self.chart.current
        self.chart.show(bars_of(stack), headers_of(stack.topics),
                        keep=current.name if current else None)
        what = "Topics you talked about" if stack.topics else "Tech stack"
        title = Text(what, style="bold")
        title.append("   t: " + ("skills" if stack.topics else "topics discussed"),
                     style="dim")
        self.query_one("#stack-title", Static).update(title)
        kind = "topics" if stack.topics else "skills"
        summary = Text(f"{stack.total:,} contacts · {stack.distinct:,} {kind}")
        if stack.distinct > len(stack.rows):
            summary.append(f" · the {len(stack.rows)} most common")
        summary.append(" · ")
        summary.append("█", style=self.app.theme_variables.get("accent", ""))
        summary.append(f" talked to in the last {RECENT_DAYS} days ")
        summary.append("█", style=self.app.theme_variables.get("accent-muted", ""))
        summary.append(" not")
        self.query_one("#stack-summary", Static).update(summary)
        empty = self.query_one("#stack-empty", Static)
        empty.update(Text(EMPTY_TOPICS if stack.topics else EMPTY_SKILLS))
        empty.display = not stack.rows
        self.chart.display = bool(stack.rows)
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "show_topics":
            return not self.topics
        if action == "show_skills":
            return self.topics
        return True

    def action_show_topics(self) -> None:
        self._switch(True)

    def action_show_skills(self) -> None:
        self._switch(False)

    def _switch(self, topics: bool) -> None:
        self.topics = topics
        self.refresh_bindings()
        self.reload()

    def action_open(self) -> None:
        bar = self.chart.current
        if bar is not None:
            self._open(bar.name)

    @on(BarChart.Selected, "#stack-chart")
    def _selected(self, event: BarChart.Selected) -> None:
        self._open(event.bar_name)

    def _open(self, name: str) -> None:
        self.app.push_screen(StackContactsScreen(self.session, name, self.topics))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()


PEOPLE_COLUMNS = (
    ColumnSpec("name", "Name", 16, 32, drop=0),
    ColumnSpec("company", "Company", 12, 28, drop=2),
    ColumnSpec("last", "Last contacted", 14, 14, drop=1),
)


class StackContactsScreen(MainScreen):
    """The contacts behind one bar of the tech stack; Enter opens one."""

    HELP_TITLE = "Tech stack: contacts"
    BINDINGS = [
        Binding("escape", "back", "Back", id="stack-contacts.back", tooltip="Back"),
    ]

    def __init__(self, session: Session, name: str, topics: bool = False) -> None:
        super().__init__(session)
        self.skill = name
        self.topics = topics
        self.people: list[StackPerson] = []

    def compose_body(self) -> ComposeResult:
        yield Static("", classes="section-title", id="stack-contacts-title")
        yield FittedList(PEOPLE_COLUMNS, id="stack-contacts-list")
        yield Static("", id="stack-contacts-empty", classes="empty")

    @property
    def row_list(self) -> FittedList:
        return self.query_one("#stack-contacts-list", FittedList)

    def on_mount(self) -> None:
        self.row_list.focus()
        self.reload()

    @work(thread=True, exclusive=True, exit_on_error=False, group="stack-contacts-load")
    def load(self) -> None:
        if not self.session.signed_in:
            return
        store = self.session.store
        people = store.stack_contacts(self.skill, topics=self.topics, limit=PEOPLE_LIMIT + 1)
        self.app.call_from_thread(self._show, people, store.clock())

    def _show(self, people: list[StackPerson], now: int) -> None:
        more = len(people) > PEOPLE_LIMIT
        people = people[:PEOPLE_LIMIT]
        self.people = people
        rows = self.row_list
        keep = rows.current_key
        rows.replace_items((p.contact_id, {
            "name": Text(p.name, no_wrap=True, overflow="ellipsis"),
            "company": Text(p.company or "", no_wrap=True, overflow="ellipsis"),
            "last": Text(humanize_ago(p.last_contacted, now)),
        }) for p in people)
        if keep is not None and keep in rows:
            rows.move_cursor(row=rows.index_of(keep) or 0)
        n = len(people)
        what = "talked about" if self.topics else "know"
        count = f"more than {n:,}" if more else f"{n:,}"
        title = Text(f"{count} {'contact' if n == 1 else 'contacts'} {what} ", style="bold")
        title.append(self.skill, style="bold underline")
        if more:
            title.append(f"   the first {n:,} by name", style="dim")
        self.query_one("#stack-contacts-title", Static).update(title)
        empty = self.query_one("#stack-contacts-empty", Static)
        empty.update(Text(f"Nobody {what} {self.skill} any more."))
        empty.display = not people

    @on(FittedList.Selected, "#stack-contacts-list")
    def _selected(self, event: FittedList.Selected) -> None:
        self.post_message(OpenContact(event.key))

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()
