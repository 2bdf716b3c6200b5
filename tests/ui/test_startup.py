"""Start-up and the speed work of issue 8, through the real app and its widgets.

`devhub` starts a `Preopen` thread before it imports the UI; these tests drive the
app with a real Preopen on a real store and check what the user sees, that no
work is done twice, and that a failure reads exactly as it did without it. The
rest holds the cheaper paths to what they must still do: the footer rebuilds only
when its keys change, a search field repaints itself without a screen layout, a
new mode screen skips the full stylesheet re-parse, the frame-rate cap.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from devhub_tui.cli.main import Ctx, build_app
from devhub_tui.core.dates import DAY_MS
from devhub_tui.services import dashboard as dashboard_data
from devhub_tui.services.startup import STARTUP_SWITCH_INTERVAL_S, Preopen, pause_gc
from devhub_tui.storage.store import Store
from devhub_tui.tui import app as app_module
from devhub_tui.tui.app import DevhubApp
from devhub_tui.tui.screens.dashboard import DashboardScreen
from devhub_tui.tui.screens.fatal import FatalScreen
from devhub_tui.tui.screens.start import StartScreen
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header
from devhub_tui.tui.widgets.row_list import RowList
from devhub_tui.tui.widgets.search_input import SearchInput

from .conftest import SIZE, settle, wait_for_screen

NOW = 1_795_600_000_000 + 15 * 3_600_000  # 2026-11-25 15:00 UTC


def clock() -> int:
    return NOW


def _overdue(store: Store, name: str) -> str:
    cid = store.add_contact({"name": name})
    with store.db.write() as c:
        c.execute("UPDATE contacts SET created_at = ? WHERE id = ?", (NOW - 300 * DAY_MS, cid))
    store.log_interaction(cid, "call", NOW - 200 * DAY_MS)
    return cid


def _queue_names(app: App[Any]) -> list[str]:
    table = app.screen.query_one("#dash-queue", RowList)
    return [str(table.get_row_at(r)[1]) for r in range(table.row_count)]


async def test_a_finished_preopen_puts_the_data_in_the_dashboards_first_frame(
    db_path: Path, signed_in_store: Store
) -> None:
    _overdue(signed_in_store, "[bold]Otto[/bold]")
    pre = Preopen.start(db_path, None, clock=clock)
    assert pre.wait_dashboard() is not None  # done before the app mounts
    app = DevhubApp(db_path=db_path, clock=clock, preopen=pre)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        # no open worker, no dashboard worker: straight to the dashboard, data in it
        assert isinstance(app.screen, DashboardScreen)
        assert _queue_names(app) == ["[bold]Otto[/bold]"]
        assert not [w for w in app.workers if w.group in ("open", "dashboard")]
        await settle(pilot)
        assert _queue_names(app) == ["[bold]Otto[/bold]"]  # not reloaded on resume
        assert not [w for w in app.workers if w.group == "dashboard"]
        # start-up is over: its heap is kept out of the collector's way ...
        assert gc.get_freeze_count() > 0
    assert gc.get_freeze_count() == 0  # ... and handed back when the app ends


async def test_signed_in_at_start_the_first_screen_is_the_dashboard(
    db_path: Path, signed_in_store: Store, monkeypatch: Any
) -> None:
    """No start screen to build and replace, no mode switch: the first screen the app
    composes is the dashboard (its first frame then has the data, see above)."""
    made: list[str] = []
    real_init = StartScreen.__init__

    def counted(self: StartScreen, label: str) -> None:
        made.append(label)
        real_init(self, label)

    monkeypatch.setattr(StartScreen, "__init__", counted)
    _overdue(signed_in_store, "Otto")
    pre = Preopen.start(db_path, None, clock=clock)
    pre.wait_opened()
    app = DevhubApp(db_path=db_path, clock=clock, preopen=pre)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen) and app.current_mode == "dashboard"
        assert _queue_names(app) == ["Otto"]
        assert made == []
        await pilot.press("c")  # the other modes work as before
        await settle(pilot)
        assert app.current_mode == "contacts"
        await pilot.press("d")
        await settle(pilot)
        assert app.screen.query_one("#dash-queue", RowList).row_count == 1
    # not signed in: the start screen shows while the store opens, as before
    app = DevhubApp(db_path=db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
    assert len(made) == 1


async def test_the_collector_is_off_until_the_dashboard_shows_its_data(
    db_path: Path, signed_in_store: Store, monkeypatch: Any
) -> None:
    """`devhub` pauses garbage collection while it starts; the first data on screen
    (or, at the latest, STARTUP_GRACE_S) turns it back on, the heap frozen."""
    _overdue(signed_in_store, "Gina")
    gate = threading.Event()
    real = dashboard_data.load_dashboard

    def slow(store: Store, *, recompute: bool) -> dashboard_data.DashboardData:
        gate.wait(10)
        return real(store, recompute=recompute)

    monkeypatch.setattr(dashboard_data, "load_dashboard", slow)
    pause_gc()
    try:
        pre = Preopen.start(db_path, None, clock=clock)
        pre.wait_opened()
        app = DevhubApp(db_path=db_path, clock=clock, preopen=pre)
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, DashboardScreen) and _queue_names(app) == []
            assert not gc.isenabled()  # still starting: no collections
            gate.set()
            await settle(pilot)
            assert _queue_names(app) == ["Gina"]
            assert gc.isenabled() and gc.get_freeze_count() > 0
        assert gc.isenabled() and gc.get_freeze_count() == 0
    finally:
        gate.set()
        gc.enable()


async def test_the_collector_comes_back_on_a_sign_in_form_too(
    make_app: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(app_module, "STARTUP_GRACE_S", 0.2)
    pause_gc()
    try:
        app = make_app()  # a new store: the onboarding form, no dashboard data ever
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.pause(0.4)
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_a_dashboard_still_loading_is_joined_not_loaded_twice(
    db_path: Path, signed_in_store: Store, monkeypatch: Any
) -> None:
    _overdue(signed_in_store, "Slow Sam")
    gate = threading.Event()
    calls: list[bool] = []
    intervals: list[float] = []
    before = sys.getswitchinterval()
    real = dashboard_data.load_dashboard

    def slow(store: Store, *, recompute: bool) -> dashboard_data.DashboardData:
        calls.append(recompute)
        intervals.append(sys.getswitchinterval())  # short while the UI thread imports
        gate.wait(10)
        return real(store, recompute=recompute)

    monkeypatch.setattr(dashboard_data, "load_dashboard", slow)
    pre = Preopen.start(db_path, None, clock=clock)
    pre.wait_opened()
    app = DevhubApp(db_path=db_path, clock=clock, preopen=pre)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)  # the frame first ...
        assert _queue_names(app) == []
        assert "Loading" in str(app.screen.query_one("#dash-stats", Static).render())
        gate.set()  # ... the data when the start-up thread has it
        await settle(pilot)
        assert _queue_names(app) == ["Slow Sam"]
    assert calls == [True]  # one load (with the recompute), not a second one
    pre._thread.join(5)  # the interval is restored as the thread ends
    assert intervals == [STARTUP_SWITCH_INTERVAL_S] and sys.getswitchinterval() == before


async def test_a_store_that_fails_to_open_reads_the_same_with_a_preopen(db_path: Path) -> None:
    db_path.write_bytes(b"not a database at all" * 50)
    app = build_app(Ctx(db_path, None, None, "turso"))
    async with app.run_test(size=SIZE) as pilot:
        await wait_for_screen(pilot, FatalScreen)  # the open worker's failure
        assert "not a devhub database" in str(app.screen.query_one("#fatal-message").render())
    assert app.fatal_error is not None and "not a devhub database" in app.fatal_error
    assert db_path.read_bytes() == b"not a database at all" * 50


async def test_the_start_screen_is_one_line_and_says_how_to_leave(make_app: Any) -> None:
    screen = StartScreen("~/[red]devhub.db")
    app = App[None]()
    async with app.run_test(size=SIZE) as pilot:
        await app.push_screen(screen)
        await pilot.pause()
        text = str(screen.query_one("#start-message", Static).render())
        assert "Opening ~/[red]devhub.db…" in text and "q quits" in text
        assert not list(screen.query(Footer))


class _KeysApp(App[None]):
    BINDINGS = [
        Binding("a", "alpha", "Alpha", tooltip="Say alpha"),
        Binding("b", "beta", "Beta"),
        Binding("h", "hidden", "Hidden", show=False),
    ]
    beta_on = True
    pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("keys")
        yield Footer()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "beta" and not self.beta_on else True

    def action_alpha(self) -> None:
        self.pressed.append("alpha")

    def action_beta(self) -> None:
        self.pressed.append("beta")


async def test_the_footer_shows_the_active_keys_in_one_widget(monkeypatch: Any) -> None:
    """One line: each shown key and what it does (disabled ones dimmed), the palette
    key on the right; repainted only when the keys change; a click presses a key, a
    hover shows its tooltip."""
    app = _KeysApp()
    app.pressed = []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(Footer)
        assert not footer.children  # no widget per key
        line = footer.render()
        assert line.plain.startswith(" a Alpha  b Beta ")
        assert "Hidden" not in line.plain
        assert line.plain.rstrip().endswith("▏ ^p palette") and line.cell_len == SIZE[0]
        assert not any(span.style and "dim" in str(span.style) for span in line.spans)
        renders: list[int] = []
        real = Footer.render

        def counted(self: Footer) -> Any:
            renders.append(1)
            return real(self)

        monkeypatch.setattr(Footer, "render", counted)
        for _ in range(3):  # told the bindings may have changed; they did not
            app.screen.refresh_bindings()
            await pilot.pause()
        assert renders == []
        app.beta_on = False  # now they did: Beta is dimmed
        app.screen.refresh_bindings()
        await pilot.pause()
        assert renders
        line = footer.render()
        beta = line.plain.index(" b Beta ")
        assert any("dim" in str(span.style) for span in line.spans
                   if span.start <= beta + 1 < span.end)
        await pilot.click(Footer, offset=(beta + 2, 0))  # disabled: a bell, no action
        await pilot.click(Footer, offset=(2, 0))
        await pilot.pause()
        assert app.pressed == ["alpha"]
        await pilot.hover(Footer, offset=(3, 0))
        await pilot.pause()
        assert footer.tooltip == "Say alpha"


class _SearchApp(App[None]):
    def compose(self) -> ComposeResult:
        yield SearchInput(id="q")
        yield Static("below")


async def test_typing_in_a_search_field_repaints_it_without_a_screen_layout(
    monkeypatch: Any,
) -> None:
    """A keystroke in the contacts / interactions search repaints the field only (no
    layout of the whole screen), and a long query still scrolls to the cursor."""
    from textual.screen import Screen

    layouts: list[int] = []
    real = Screen._refresh_layout

    def counted(self: Screen[Any], *args: Any, **kwargs: Any) -> None:
        layouts.append(1)
        real(self, *args, **kwargs)

    app = _SearchApp()
    async with app.run_test(size=(40, 10)) as pilot:
        await pilot.pause()
        monkeypatch.setattr(Screen, "_refresh_layout", counted)
        await pilot.press(*"kubernetes")
        await pilot.pause()
        field = app.query_one("#q", SearchInput)
        assert field.value == "kubernetes" and layouts == []
        await pilot.press(*(" and a very long query that does not fit"))
        await pilot.pause()
        assert field.scroll_x > 0  # the end of the text, where the cursor is, is shown
        assert "fit" in "".join(s.text for s in field.render_lines(field.region.reset_offset))


_SLOW_OPEN = """
import sys, time
from pathlib import Path
from devhub_tui.services.session import Session
seen = {}
def slow_open(self):  # an opening that takes `delay` (and signs nobody in)
    time.sleep(%(delay)s)
    seen["textual"] = "textual" in sys.modules
Session.open = slow_open
from devhub_tui.cli.main import Ctx, build_app
t0 = time.perf_counter()
app = build_app(Ctx(Path(r"%(db)s"), None, None, "turso"))
built = time.perf_counter() - t0
pre = app.take_preopen()
print(pre.session_ready(), built < %(delay)s)
pre.join(30)
print(seen["textual"])
"""


def _slow_open(tmp_path: Path, delay: float) -> list[str]:
    import subprocess

    code = _SLOW_OPEN % {"delay": delay, "db": tmp_path / "x.db"}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    return out.stdout.split()


def test_textual_is_imported_once_the_store_is_open_not_beside_it(tmp_path: Path) -> None:
    """The opening and Textual's import are both Python: side by side they only take
    turns on the GIL (the dashboard showed 16-31 ms later). `devhub` waits for an
    opening that takes 30 ms, then imports the UI."""
    assert _slow_open(tmp_path, 0.03) == ["True", "False", "False"]


def test_a_slow_opening_holds_the_import_back_no_longer_than_the_wait(
    tmp_path: Path,
) -> None:
    """An opening that takes 3 s (a sync server that does not answer): the app is
    built long before it ends, Textual imported beside it, as before."""
    from devhub_tui.services.startup import OPEN_WAIT_S

    assert OPEN_WAIT_S < 0.5
    assert _slow_open(tmp_path, 3.0) == ["False", "True", "True"]


@pytest.mark.parametrize("kind", ["plain", "encrypted", "replica"])
def test_only_a_plain_stores_opening_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: str
) -> None:
    """An encrypted store's opening is mostly its key's derivation (argon2id, which
    hands the GIL back) and a replica's waits on its sync server: Textual's import
    goes on beside them at once. A plain store's is waited for, up to the wait."""
    from devhub_tui.services import session as session_module
    from devhub_tui.storage.crypt_files import header_path
    from devhub_tui.storage.db import SyncConfig

    release = threading.Event()
    monkeypatch.setattr(session_module.Session, "open", lambda self: release.wait(10))
    db = tmp_path / "x.db"
    sync = None
    if kind == "encrypted":
        db.write_bytes(os.urandom(4096))  # an SQLCipher file: no SQLite header
        header_path(db).write_text("{}")
    elif kind == "replica":
        sync = SyncConfig("http://127.0.0.1:1", "t0ken", "turso")
    pre = Preopen.start(db, sync, clock=clock)
    try:
        t0 = time.perf_counter()
        assert pre.settle(0.3) is False  # still opening
        waited = time.perf_counter() - t0
    finally:
        release.set()
        pre.join(10)
    if kind == "plain":
        assert waited >= 0.3
    else:
        assert waited < 0.1


def test_the_app_draws_up_to_500_frames_a_second_unless_the_user_says_otherwise(
    tmp_path: Path,
) -> None:
    """`devhub` caps Textual at 500 fps (a frame after another waits 2-4 ms for
    Textual's frame grid, not 8-17); it is set before Textual is imported, and a
    TEXTUAL_FPS of the user's own is kept."""
    import os
    import subprocess

    code = ("from pathlib import Path; from devhub_tui.cli.main import Ctx, build_app; "
            "build_app(Ctx(Path(r'%s'), None, None, 'turso')); "
            "import textual.constants as c; print(c.MAX_FPS)") % (tmp_path / "x.db")
    env = {k: v for k, v in os.environ.items() if k != "TEXTUAL_FPS"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                         text=True, timeout=60)
    assert out.stdout.strip() == "500", out.stderr
    out = subprocess.run([sys.executable, "-c", code], env={**env, "TEXTUAL_FPS": "30"},
                         capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == "30", out.stderr


async def test_switching_to_a_new_mode_does_not_reparse_every_stylesheet(
    db_path: Path, signed_in_store: Store, monkeypatch: Any
) -> None:
    """The first d / c / i builds a screen styled from the current sheet: Textual's
    full re-parse of every stylesheet (~25 ms) is skipped, and the screen is styled."""
    from textual.css.stylesheet import Stylesheet

    from devhub_tui.tui.screens.contacts import ContactsScreen

    app = DevhubApp(db_path=db_path, clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        reparses: list[int] = []
        real = Stylesheet.reparse

        def counted(self: Stylesheet) -> None:
            reparses.append(1)
            real(self)

        monkeypatch.setattr(Stylesheet, "reparse", counted)
        await pilot.press("c")
        await settle(pilot)
        assert isinstance(app.screen, ContactsScreen) and reparses == []
        table = app.screen.query_one("#contacts-table")
        assert table.styles.height.value > 0 and table.region.height > 5  # styled, laid out


class _TitledApp(App[None]):
    TITLE = "devhub"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("body")


async def test_the_header_is_one_widget_shows_titles_as_typed_and_opens_the_palette() -> None:
    from textual.command import CommandPalette

    app = _TitledApp()
    app.sub_title = "[bold]ada[/bold] · ~/[@click=app.quit]x.db"
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        header = app.screen.query_one(Header)
        assert not header.children
        line = header.render().plain
        assert line.startswith(" ⭘")
        title = "devhub — [bold]ada[/bold] · ~/[@click=app.quit]x.db"
        assert title in line and line.index(title) == (SIZE[0] - len(title)) // 2
        app.screen.sub_title = "Quick Connect"  # a screen's own subtitle wins
        await pilot.pause()
        assert "devhub — Quick Connect" in header.render().plain
        app.screen.sub_title = "x" * 300  # too long: cut with an ellipsis
        await pilot.pause()
        assert header.render().plain.rstrip().endswith("…")
        await pilot.hover(Header, offset=(1, 0))
        assert header.tooltip == "Open the command palette"
        await pilot.click(Header, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
