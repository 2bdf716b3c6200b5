"""Snapshots (pytest-textual-snapshot) of every main screen and of the widgets that
paint by hand, in the dark and the light theme: what the user sees, pinned.

Layout is what these catch (a column that moves, a colour that changes, a theme that
stops reaching a widget); behaviour is asserted with Pilot in the other tests. Each
one is deterministic: a fixed clock (tests/clock_support.FixedClock), fixed data,
the store under $HOME (the header shows `~/devhub.db`), no cursor blink, every worker
finished before the picture. The pictures are SVG text, compared as text: no font of
the machine is involved.

A change that moves pixels on purpose: look at the report pytest writes
(snapshot_report.html), then `pytest tests/ui/test_snapshots.py --snapshot-update`
and commit the new .svg files (tests/ui/__snapshots__/test_snapshots/).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.pilot import Pilot
from textual.widgets import Input, Static

from devhub_tui.core.dates import DAY_MS, ms_to_date
from devhub_tui.settings.prefs import save_pref
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import tracks_for
from devhub_tui.tui.app import DARK_THEME, LIGHT_THEME, DevhubApp
from devhub_tui.tui.widgets.fitted_list import ColumnSpec, FittedList
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header
from devhub_tui.tui.widgets.row_list import RowList
from tests.clock_support import FixedClock

from .conftest import SIZE, settle

NOW = 1_795_600_000_000 + 15 * 3_600_000  # 2026-11-25 15:00 UTC
TODAY = ms_to_date(NOW)
THEMES = pytest.mark.parametrize("theme", [DARK_THEME, LIGHT_THEME])

Compare = Callable[..., bool]


@pytest.fixture
def db_path(isolated_dirs: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The store in the test's $HOME: the header names it `~/devhub.db` every run."""
    path = isolated_dirs / "devhub.db"
    monkeypatch.setenv("DEVHUB_DB", str(path))
    return path


@pytest.fixture
def store(signed_in_store: Store) -> Store:
    """ada's store, written at the fixed clock: contacts in every state."""
    s = Store(signed_in_store.db, signed_in_store.user_id, clock=FixedClock(NOW))

    def add(name: str, days_since: float | None, tags: tuple[str, ...] = (),
            note: str = "", type_: str = "call", **fields: object) -> str:
        cid = s.add_contact({"name": name, **fields}, list(tags))
        with s.db.write() as c:
            c.execute("UPDATE contacts SET created_at = ? WHERE id = ?",
                      (NOW - 300 * DAY_MS, cid))
        if days_since is not None:
            s.log_interaction(cid, type_, NOW - int(days_since * DAY_MS), note)
        return cid

    ada = add("Ada Lovelace", 3, ("rust", "pycon-2026"), "talked about #rust and #wasm",
              "coffee", company="Analytical Engines", vip=True,
              email="ada@example.com", birthday="1815-12-10", skills=["rust", "k8s"],
              timezone="Europe/London")  # issue 21: "15:00 there" on her screen
    add("Grace Hopper", 20, ("cobol",), "compilers\nand the nanosecond wire", "meetup",
        company="US Navy", title="Rear Admiral", vip=True)
    add("Linus Torvalds", 35, ("kernel", "git"), "git internals", "email",
        company="Linux Foundation")
    overdue = add("Margaret Hamilton", 70, ("apollo",), "", "video-call", company="MIT",
                  timezone="America/New_York")  # the queue: "10:00 reachable"
    add("[bold]Not bold[/bold]", None, (), company="[red]Markup Ltd[/red]")
    add("Ken Thompson", 1, ("unix", "go"), "pairing on a parser", "pairing",
        company="Google", importance="high")
    add("Barbara Liskov", 10, ("types",), "substitution", "mentoring", importance="low",
        archived=True)
    add("Birthday Bea", 2, (), "", birthday=(TODAY + _dt.timedelta(days=3)).strftime("%m-%d"),
        timezone="Pacific/Auckland")  # "04:00 asleep"
    s.add_follow_up(overdue, TODAY - _dt.timedelta(days=2), "send the slides")
    s.add_follow_up(ada, TODAY + _dt.timedelta(days=6), "demo day")
    s.log_interaction(ada, "call", NOW - 9 * DAY_MS, "first call, #wasm\nabout the engine")
    return s


def no_cursor_blink(pilot: Pilot[Any]) -> None:
    """Every text field on every screen shows a steady cursor (`App.query` searches the
    first screen only: the quick-log bar's line, on a screen above it, kept blinking,
    and a picture taken in its off half-second had no cursor)."""
    for screen in pilot.app.screen_stack:
        for field in screen.query(Input):
            field.cursor_blink = False


def devhub(store: Store, db_path: Path, theme: str) -> DevhubApp:
    save_pref("theme", theme)
    return DevhubApp(db_path=db_path, clock=FixedClock(NOW))


def steps(*actions: Callable[[Pilot[Any]], Awaitable[object] | object]
          ) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A `run_before`: settle, then each action (keys, calls), settling after each."""

    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        for action in actions:
            result = action(pilot)
            if hasattr(result, "__await__"):
                await result  # type: ignore[misc]
            await settle(pilot)
        no_cursor_blink(pilot)
        await settle(pilot)

    return run_before


def press(*keys: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    return lambda pilot: pilot.press(*keys)


# -- the screens -------------------------------------------------------------
@THEMES
def test_dashboard(snap_compare: Compare, store: Store, db_path: Path, theme: str) -> None:
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps())


@THEMES
def test_contacts(snap_compare: Compare, store: Store, db_path: Path, theme: str) -> None:
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(press("c"), press("down", "down")))


@THEMES
def test_contacts_narrow(snap_compare: Compare, store: Store, db_path: Path,
                         theme: str) -> None:
    """60 columns: Tags, Company go; Name, Status and Last contacted stay."""
    assert snap_compare(devhub(store, db_path, theme), terminal_size=(60, 20),
                        run_before=steps(press("c")))


@THEMES
def test_contact(snap_compare: Compare, store: Store, db_path: Path, theme: str) -> None:
    [ada] = [c.id for c in store.list_contacts() if c.name == "Ada Lovelace"]
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(lambda pilot: pilot.app.open_contact(ada)))


@THEMES
def test_interactions(snap_compare: Compare, store: Store, db_path: Path,
                      theme: str) -> None:
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(press("i")))


@THEMES
def test_quick_log(snap_compare: Compare, store: Store, db_path: Path, theme: str) -> None:
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(press("l"), press(*"ada coffee talked about rust")))


@THEMES
def test_help(snap_compare: Compare, store: Store, db_path: Path, theme: str) -> None:
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(press("c"), press("question_mark")))


@THEMES
def test_tracks_board(snap_compare: Compare, store: Store, db_path: Path, theme: str) -> None:
    """`b`: the job board, a column a stage; cards with a late, a coming or no next
    step, two contacts, a closed one, a title that looks like markup."""
    tracks = tracks_for(store)
    ids = {ref.name: ref.id for ref in store.contact_refs()}
    day = _dt.timedelta(days=1)
    tracks.add("job", "Staff engineer @ Acme", [ids["Ada Lovelace"], ids["Grace Hopper"]],
               stage="interviewing", next_step="send references", next_due=TODAY - day)
    tracks.add("job", "[bold]Platform[/bold] lead", [ids["Ken Thompson"]], stage="applied",
               next_step="take-home", next_due=TODAY + 3 * day)
    tracks.add("job", "Rust developer", [ids["Linus Torvalds"]], stage="lead")
    tracks.add("job", "Engineering manager", [ids["Margaret Hamilton"]], stage="declined")
    tracks.add("client", "Not on the job board", [ids["Ada Lovelace"]], stage="active")
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(press("b")))


def give_skills(store: Store) -> None:
    ids = {ref.name: ref.id for ref in store.contact_refs()}
    for name, skills in (("Ada Lovelace", ["rust", "python", "wasm"]),
                         ("Grace Hopper", ["cobol", "python"]),
                         ("Linus Torvalds", ["c", "git", "rust"]),
                         ("Margaret Hamilton", ["python", "assembly"]),
                         ("Ken Thompson", ["go", "c", "rust"]),
                         ("[bold]Not bold[/bold]", ["python", "rust"])):  # never talked to
        store.change_skills(ids[name], skills)


@THEMES
def test_tech_stack(snap_compare: Compare, store: Store, db_path: Path, theme: str) -> None:
    """`g`: the bar chart of skills (issue 20): bars in the theme's accent, the part
    talked to in 90 days strong, the rest muted; the figures after them."""
    give_skills(store)
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(press("g"), press("down")))


@THEMES
def test_match(snap_compare: Compare, store: Store, db_path: Path, theme: str) -> None:
    """`w`: who knows rust, near Europe/London; rows with score and reasons."""
    give_skills(store)
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(press("w"), press(*"rust wasm"),
                                         press("tab", *"Europe/London"), press("enter")))


@THEMES
def test_quick_connect_card(snap_compare: Compare, store: Store, db_path: Path,
                            theme: str) -> None:
    assert snap_compare(devhub(store, db_path, theme), terminal_size=SIZE,
                        run_before=steps(press("r")))


# -- the widgets that paint by hand ------------------------------------------
class _Widgets(App[None]):
    """One widget (or two) on a plain screen, in a theme."""

    def __init__(self, theme: str) -> None:
        super().__init__()
        self.wanted_theme = theme

    def on_mount(self) -> None:
        self.theme = self.wanted_theme


class _RowLists(_Widgets):
    CSS = "RowList { height: 9; margin-bottom: 1; }"

    def compose(self) -> ComposeResult:
        yield RowList("", "Name", "Why", max_widths=(1, (12, 0.3), None), id="queue")
        yield FittedList((ColumnSpec("name", "Name", 12, 20, 0),
                          ColumnSpec("company", "Company", 10, 16, 2),
                          ColumnSpec("status", "Status", 8, 8, 1)), id="fitted")

    def on_mount(self) -> None:
        super().on_mount()
        queue = self.query_one("#queue", RowList)
        fitted = self.query_one("#fitted", FittedList)
        for n in range(14):
            name = Text("[bold]as typed[/bold]" if n == 2 else f"Person {n:02d} Longname")
            queue.add_row(Text("●", style="red" if n % 3 else "green"), name,
                          Text(f"{n * 7} days since a call, past the cadence"), key=f"q{n}")
            fitted.add_item(f"f{n}", {"name": name, "status": Text("ok"),
                                      "company": Text("Analytical Engines Ltd")})
        fitted.focus()

    def move_cursors(self) -> None:
        self.query_one("#queue", RowList).move_cursor(row=3)
        self.query_one("#fitted", FittedList).move_cursor(row=12)  # scrolled: the
        # header stays, the scrollbar's thumb moves


class _Chrome(_Widgets):
    TITLE = "devhub"
    SUB_TITLE = "[b]ada[/b] · ~/devhub.db"  # shown as typed, never markup
    BINDINGS = [
        Binding("d", "noop", "Dashboard", id="nav.dashboard"),
        Binding("l", "noop", "Log", id="nav.log"),
        Binding("x", "off", "Disabled", id="demo.off"),
        Binding("question_mark", "noop", "Help", id="app.help", key_display="?"),
        Binding("q", "quit", "Quit", id="app.quit"),
    ]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("body")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "off" else True  # dimmed in the footer

    def action_noop(self) -> None:
        pass


@THEMES
def test_row_lists(snap_compare: Compare, theme: str) -> None:
    assert snap_compare(_RowLists(theme), terminal_size=(70, 22),
                        run_before=steps(lambda pilot: pilot.app.move_cursors()))


@THEMES
def test_header_and_footer(snap_compare: Compare, theme: str) -> None:
    assert snap_compare(_Chrome(theme), terminal_size=(90, 6), run_before=steps())


@THEMES
def test_header_and_footer_narrow(snap_compare: Compare, theme: str) -> None:
    """Too narrow for every key: the least important go, ? and q stay."""
    assert snap_compare(_Chrome(theme), terminal_size=(36, 6), run_before=steps())
