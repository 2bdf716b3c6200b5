"""Writes by other processes reach the open app (issue 23, item 10): coming back to
the dashboard with `d` reloads when the store changed, the palette's "Refresh"
reloads at once; and what opening the store found is said (item 9)."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from typing import Any

from textual.widgets import Static
from textual.widgets._toast import Toast

from devhub_tui.storage.db import open_database
from devhub_tui.storage.store import Store
from devhub_tui.tui.session_ui import write_in_background
from devhub_tui.tui.widgets.row_list import RowList
from tests.e2e.cli_helpers import run_cli

from .conftest import SIZE, settle


def vip_names(app: Any) -> list[str]:
    vips = app.screen.query_one("#dash-vips", RowList)
    return [str(vips.get_row_at(r)[0]) for r in range(vips.row_count)]


def stats(app: Any) -> str:
    return str(app.screen.query_one("#dash-stats", Static).render())


async def test_back_on_the_dashboard_with_d_shows_what_the_cli_wrote(
    make_app: Any, signed_in_store: Store, db_path: Path
) -> None:
    signed_in_store.add_contact({"name": "Ada Lovelace", "vip": True})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert vip_names(app) == ["Ada Lovelace"] and "1 contact " in stats(app)
        await pilot.press("c")
        await settle(pilot)
        # another process writes while the app is open
        res = await asyncio.to_thread(
            run_cli, "--db", str(db_path), "contact", "add", "Grace Hopper", "--vip"
        )
        assert res.returncode == 0, res.stderr
        await pilot.press("d")
        await settle(pilot)
        assert sorted(vip_names(app)) == ["Ada Lovelace", "Grace Hopper"]
        assert "2 contacts" in stats(app)
        # the contacts list, shown before the write, reloads when shown again
        await pilot.press("c")
        await settle(pilot)
        table = app.screen.query_one("#contacts-table")
        names = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
        assert "★ Grace Hopper" in names  # a VIP


async def test_d_on_the_dashboard_and_the_palettes_refresh_reload(
    make_app: Any, signed_in_store: Store, db_path: Path
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert vip_names(app) == []
        other = open_database(db_path)  # a second store object: another app, say
        try:
            Store(other, signed_in_store.user_id).add_contact({"name": "Edsger", "vip": True})
            await pilot.press("d")  # already on the dashboard
            await settle(pilot)
            assert vip_names(app) == ["Edsger"]
            Store(other, signed_in_store.user_id).add_contact({"name": "Barbara", "vip": True})
        finally:
            other.close()
        await pilot.press("ctrl+p")
        await pilot.press(*"Refresh")
        await pilot.pause(0.2)
        await pilot.press("enter")
        await settle(pilot)
        assert sorted(vip_names(app)) == ["Barbara", "Edsger"]


async def test_the_apps_own_writes_do_not_trigger_a_second_load(
    make_app: Any, signed_in_store: Store
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        write_in_background(app, app.session, app.session.store.add_contact,
                            {"name": "Own Write", "vip": True})
        await settle(pilot)
        version = app.session.version
        await pilot.press("c")
        await settle(pilot)
        await pilot.press("d")
        await settle(pilot)
        assert vip_names(app) == ["Own Write"]
        assert app.session.version == version  # the check found nothing new


async def test_a_store_open_to_others_is_made_private_and_the_app_says_so(
    make_app: Any, signed_in_store: Store, db_path: Path
) -> None:
    signed_in_store.db.close()
    os.chmod(db_path, 0o640)
    app = make_app()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        await settle(pilot)
        toasts = [str(t.render()) for t in app.screen.query(Toast)]
        assert any("devhub made it private (mode 0600)" in t for t in toasts), toasts
    assert os.stat(db_path).st_mode & 0o777 == 0o600


async def test_a_change_made_in_a_worker_thread_refreshes_the_screen_in_view_only(
    make_app: Any, signed_in_store: Store, monkeypatch: Any
) -> None:
    """The session's change signal (issue 17): a write made in a thread, as every
    write is, reloads the dashboard being shown at once; the contacts list, loaded
    before and not shown now, loads again only when it is shown."""
    from devhub_tui.tui.screens.contacts import ContactsScreen

    loads: list[str] = []
    original = ContactsScreen.load

    def counted(self: ContactsScreen) -> None:
        loads.append("contacts")
        original(self)

    monkeypatch.setattr(ContactsScreen, "load", counted)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("c", "d"):
            await pilot.press(key)
            await settle(pilot)
        assert loads == ["contacts"] and vip_names(app) == []
        session = app.session
        await asyncio.to_thread(session.write, session.store.add_contact,
                                {"name": "Thread Write", "vip": True})
        await settle(pilot)
        assert vip_names(app) == ["Thread Write"]  # shown: reloaded at once
        assert loads == ["contacts"]  # hidden: not yet
        await pilot.press("c")
        await settle(pilot)
        assert loads == ["contacts", "contacts"]
        table = app.screen.query_one("#contacts-table")
        assert "★ Thread Write" in [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
