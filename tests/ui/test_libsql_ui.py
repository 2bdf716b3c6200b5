"""The app on a libSQL replica whose server goes away: the header says read-only and
editing forms warn before anything is typed; a failed save keeps the form open."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Input, Static

from devhub_tui.tui.screens.contact_form import ContactForm
from tests.sqld_support import SqldServer, running_sqld

from .conftest import SIZE, sign_in_ada, wait_for

#: the server is gone: the app waits on its timeouts
SLOW = 15.0


@pytest.fixture
def sqld(tmp_path: Path) -> Iterator[SqldServer]:
    with running_sqld(tmp_path / "sqld-data") as server:
        yield server


async def test_offline_libsql_replica_is_read_only_and_says_so_first(
    make_app: Any, db_path: Path, sqld: SqldServer
) -> None:
    store = sign_in_ada(db_path, sync=sqld.sync_config())
    store.add_contact({"name": "Grace Hopper"})
    store.db.close()
    sqld.stop()

    app = make_app(sync_url=sqld.url, sync_engine="libsql")
    async with app.run_test(size=SIZE) as pilot:
        await wait_for(pilot, lambda: app.session.user is not None, SLOW)
        await wait_for(pilot, lambda: "read-only" in app.sub_title, SLOW)
        # reads work: the contact is on the dashboard's stats
        await wait_for(pilot, lambda: "1 contact " in str(
            app.screen.query_one("#dash-stats", Static).render()), SLOW)
        await pilot.press("n")
        await wait_for(pilot, lambda: isinstance(app.screen, ContactForm), SLOW)
        notes = [str(n.message) for n in app._notifications]
        assert any("changes can't be saved now" in n for n in notes), notes
        form = app.screen
        form.query_one("#f-name", Input).value = "Ada Lovelace"
        form.query_one("#f-email", Input).value = "ada@example.com"
        await pilot.press("ctrl+s")
        await wait_for(pilot, lambda: "not saved" in str(
            form.query_one("#form-error", Static).render()), SLOW)
        assert app.screen is form  # nothing typed is lost
        assert form.query_one("#f-name", Input).value == "Ada Lovelace"
        assert form.query_one("#f-email", Input).value == "ada@example.com"
