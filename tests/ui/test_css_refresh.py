"""The app re-parses its stylesheets only when what they are built from changed
(tui/css_refresh.py): not at start-up, not for a new screen, once for a theme."""

from __future__ import annotations

from typing import Any

import pytest
from textual.css.stylesheet import Stylesheet

from devhub_tui.storage.store import Store
from devhub_tui.tui.app import DARK_THEME, LIGHT_THEME

from .conftest import SIZE, settle


@pytest.fixture
def reparses(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Every full re-parse of a stylesheet from now on (30-40 ms each for devhub's)."""
    calls: list[int] = []
    real = Stylesheet.reparse

    def counted(self: Stylesheet) -> None:
        calls.append(1)
        real(self)

    monkeypatch.setattr(Stylesheet, "reparse", counted)
    return calls


def list_background(app: Any) -> object:
    return app.screen.query_one("#dash-queue, #contacts-table, #interactions-table"
                                ).rich_style.bgcolor


async def test_start_up_and_every_new_screen_parse_the_stylesheets_once(
    make_app: Any, signed_in_store: Store, reparses: list[int]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("c", "i", "d", "c"):
            await pilot.press(key)
            await settle(pilot)
            assert list_background(app) is not None
        assert reparses == []  # nothing changed since the sheet was parsed


async def test_a_theme_change_reparses_once_and_reaches_every_screen(
    make_app: Any, signed_in_store: Store, reparses: list[int]
) -> None:
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in ("c", "i", "d"):  # every mode's screen exists
            await pilot.press(key)
            await settle(pilot)
        dark = {key: None for key in "dci"}
        for key in dark:
            await pilot.press(key)
            await settle(pilot)
            dark[key] = list_background(app)
        assert app.theme == DARK_THEME and reparses == []
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert app.theme == LIGHT_THEME and len(reparses) == 1
        for key in "cid":  # screens built in the dark theme wear the light one
            await pilot.press(key)
            await settle(pilot)
            assert list_background(app) != dark[key]
        assert len(reparses) == 1  # and no screen parsed the sheets again
