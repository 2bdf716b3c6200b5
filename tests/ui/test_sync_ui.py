"""The app on a Turso replica: header state, Sync now, offline, a stuck server, refresh
after a pull. Real `tursodb` servers on 127.0.0.1 (tests/sync_support.py)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from devhub_tui.core.dates import DAY_MS
from devhub_tui.services.sync import SyncManager, SyncState
from devhub_tui.storage.db import SyncConfig, open_database
from devhub_tui.storage.ids import system_clock
from devhub_tui.storage.store import Store
from devhub_tui.tui.app import DevhubApp
from devhub_tui.tui.session_ui import write_in_background
from devhub_tui.tui.widgets.row_list import RowList
from devhub_tui.tui.widgets.sync_status import ago, sync_details, sync_label
from tests.sync_support import (
    TOKEN,
    StatusServer,
    StuckServer,
    TursoServer,
    stuck_server_fixture,
    turso_server_fixture,
)

from .conftest import SIZE, settle, sign_in_ada, wait_for

turso_server = pytest.fixture(turso_server_fixture, name="turso_server")
stuck_server = pytest.fixture(stuck_server_fixture, name="stuck_server")


@pytest.fixture
def replica_user(db_path: Path, turso_server: TursoServer) -> str:
    """The app's store is a replica with user 'ada' (saved session) and one contact."""
    store = sign_in_ada(db_path, sync=SyncConfig(turso_server.url, TOKEN))
    try:
        store.add_contact({"name": "Grace Hopper"})
        store.db.sync_now()
        return store.user_id
    finally:
        store.db.close()


def manager(app: DevhubApp) -> SyncManager:
    assert app.session.sync_manager is not None
    return app.session.sync_manager


def shown(app: DevhubApp) -> str:
    return str(app.sub_title) + "".join(str(n.message) for n in app._notifications)


async def test_header_synced_offline_with_pending_then_synced_again(
    make_app: Any, replica_user: str, turso_server: TursoServer, tmp_path: Path,
) -> None:
    app = make_app(sync_url=turso_server.url, auth_token=TOKEN)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.sync_manager is not None
                       and manager(app).passes >= 1)
        assert app.sub_title.endswith("· synced just now")
        db = app.session.db
        assert db is not None and db.mode == "turso" and db.fts is False
        # the server goes away; the user keeps writing
        turso_server.stop()
        m = manager(app)
        m.debounce_s = 0.05
        write_in_background(app, app.session, app.session.store.add_contact,
                            {"name": "Offline Olivia"})
        await wait_for(pilot, lambda: m.state.kind == "offline")
        pending = db.pending_changes()
        assert pending > 0 and m.state.pending == pending
        assert f"offline · {pending} local change" in app.sub_title
        await pilot.press("c")  # keys keep working, the data is there
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        assert "Offline Olivia" in str(table.get_row_at(1))
        # back online: "Sync now" from the command palette
        turso_server.start()
        before = m.passes
        await pilot.press("ctrl+p")
        await pilot.press(*"Sync now")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await wait_for(pilot, lambda: m.passes > before and m.state.kind == "synced")
        assert app.sub_title.endswith("· synced just now")
        assert m.state.pending == 0
        assert TOKEN not in shown(app)
    peer = open_database(tmp_path / "peer.db", sync=SyncConfig(turso_server.url, TOKEN))
    try:
        names = [c.name for c in Store(peer, replica_user).list_contacts()]
        assert names == ["Grace Hopper", "Offline Olivia"]
    finally:
        peer.close()


async def test_a_pull_refreshes_the_open_screen_and_recomputes_statuses(
    make_app: Any, replica_user: str, turso_server: TursoServer, tmp_path: Path,
) -> None:
    app = make_app(sync_url=turso_server.url, auth_token=TOKEN)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.sync_manager is not None
                       and manager(app).passes >= 1)
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        assert table.row_count == 1
        # another device logged a coffee 40 days ago and computed the status then
        # ("ok"), but pushes it only now: a stale status
        peer = open_database(tmp_path / "peer.db", sync=SyncConfig(turso_server.url, TOKEN))
        try:
            then = system_clock() - 39 * DAY_MS
            store = Store(peer, replica_user, clock=lambda: then)
            pete = store.add_contact({"name": "Pulled Pete", "cadence_days": 14})
            store.log_interaction(pete, "coffee", then - DAY_MS, "long ago")
            assert store.get_contact(pete).status == "ok"
            peer.sync_now()
        finally:
            peer.close()
        m = manager(app)
        before = m.passes
        app.action_sync_now()
        await wait_for(pilot, lambda: m.passes > before)
        await settle(pilot)
        assert m.state.kind == "synced"
        table = app.screen.query_one("#contacts-table", RowList)
        assert table.row_count == 2  # the open screen refreshed
        assert "Pulled Pete" in str(table.get_row_at(1))
        assert app.session.store.get_contact(pete).status == "overdue"  # recomputed here
        assert any(n.message == "Synced" for n in app._notifications)


async def test_a_stuck_server_shows_offline_within_5s_while_keys_work(
    make_app: Any, replica_user: str, stuck_server: StuckServer,
) -> None:
    app = make_app(sync_url=stuck_server.url, auth_token=TOKEN)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.sync_manager is not None)
        t0 = time.monotonic()
        m = manager(app)
        assert m.state.kind == "syncing" and "syncing…" in app.sub_title
        for key, mode in (("c", "contacts"), ("i", "interactions"), ("d", "dashboard")):
            await pilot.press(key)
            await pilot.pause()
            assert app.current_mode == mode
        assert m.state.kind == "syncing"  # the keys were answered while the sync hangs
        await wait_for(pilot, lambda: m.state.kind == "offline", timeout=5)
        assert time.monotonic() - t0 < 5
        assert "offline" in app.sub_title and TOKEN not in shown(app)


async def test_server_errors_show_one_line_and_details_on_demand(
    make_app: Any, replica_user: str,
) -> None:
    server = StatusServer(401)  # echoes the Authorization header in its error body
    try:
        app = make_app(sync_url=server.url, auth_token=TOKEN)
        async with app.run_test(size=SIZE) as pilot:
            await wait_for(pilot, lambda: app.session.sync_manager is not None
                           and manager(app).passes >= 1)
            assert manager(app).state.kind == "error"
            assert app.sub_title.endswith("· sync error (ctrl+p: Sync status)")
            app.action_sync_status()
            await pilot.pause()
            details = str(list(app._notifications)[-1].message)
            assert "refused the auth token (HTTP 401)" in details
            assert "Server: 127.0.0.1" in details
            assert TOKEN not in shown(app)
    finally:
        server.stop()


async def test_writes_are_pushed_after_a_debounce(
    make_app: Any, replica_user: str, turso_server: TursoServer,
) -> None:
    app = make_app(sync_url=turso_server.url, auth_token=TOKEN)
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.sync_manager is not None
                       and manager(app).passes >= 1)
        m = manager(app)
        m.debounce_s = 0.3
        before = m.passes
        for n in range(3):  # three writes in a row (each restarts the debounce timer)
            app.session.store.add_contact({"name": f"Quick {n}"})
            app.session.changed()
        assert m.state.kind == "synced" and m.passes == before  # nothing pushed yet
        await wait_for(pilot, lambda: m.passes > before)
        await pilot.pause(0.5)
        assert m.passes == before + 1  # three writes, one push
        assert m.state.kind == "synced" and m.state.pending == 0


async def test_local_stores_do_not_sync(make_app: Any, signed_in_store: Store) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.session.sync_manager is None and app.sub_title == f"ada · {app.store_label}"
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert {"Sync now", "Sync status"} <= titles
        app.action_sync_now()
        app.action_sync_status()
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("not synced" in m for m in messages)


def test_interval_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeDb:
        sync = SyncConfig("http://127.0.0.1:9", TOKEN)

    assert SyncManager(object(), FakeDb()).interval_s == 300  # type: ignore[arg-type]
    monkeypatch.setenv("DEVHUB_SYNC_INTERVAL", "600")
    assert SyncManager(object(), FakeDb()).interval_s == 600  # type: ignore[arg-type]


def test_labels() -> None:
    now = 1_795_600_000_000
    assert ago(now - 30_000, now) == "just now"
    assert ago(now - 5 * 60_000, now) == "5 min ago"
    assert ago(now - 3 * 3_600_000, now) == "3 h ago"
    assert ago(now - 3 * DAY_MS, now) == "3 d ago"
    assert sync_label(SyncState(), now) == "not synced yet"
    assert sync_label(SyncState("syncing"), now) == "syncing…"
    assert sync_label(SyncState("synced", now - 120_000), now) == "synced 2 min ago"
    assert sync_label(SyncState("offline", None, 1), now) == "offline · 1 local change waiting"
    assert sync_label(SyncState("offline", None, 0), now) == "offline · all saved locally"
    assert sync_label(SyncState("error", None, 0, "x"), now).startswith("sync error")
    text = sync_details(SyncState("offline", now, 2, "offline: can't reach h"), now, "h", 300)
    assert "2 local changes waiting" in text and "every 5 min" in text
