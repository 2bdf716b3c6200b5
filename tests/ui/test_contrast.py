"""Headings, muted text and status badges reach 4.5:1 (WCAG AA) against what is behind
them, in the colours the terminal really gets: each widget's painted segments, with
Textual's own conversion of `dim` (blended towards the background, as the app's
truecolor filter does) and of ANSI colours (the app's ANSI theme)."""

from __future__ import annotations

from typing import Any

import pytest
from rich.color import Color as RichColor
from rich.style import Style
from textual.filter import dim_color

from devhub_tui.storage.store import Store
from devhub_tui.tui.app import DARK_THEME, LIGHT_THEME
from devhub_tui.tui.screens.interaction_detail import InteractionDetail
from devhub_tui.tui.screens.quick_log import QuickLogScreen
from devhub_tui.tui.screens.vip_editor import VipEditor
from devhub_tui.tui.widgets.row_list import RowList

from .conftest import SIZE, open_contact, settle, wait_for_screen

AA = 4.5
#: headings and muted text (CSS classes / ids), and the widgets showing status badges
HEADINGS = (".section-title", ".modal-title", ".contact-name", "#vips-title",
            "#quicklog-title", "#qc-title", ".auth-title")
MUTED = (".summary", ".empty", "#dash-chart-label", ".help-hint", "#vip-keys",
         "#detail-when", ".auth-intro", "#qc-hint", "#quicklog-help")
BADGES = ("#dash-dist", "#contact-details")


def luminance(rgb: tuple[int, int, int]) -> float:
    """WCAG 2 relative luminance."""
    def channel(v: int) -> float:
        c = v / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = rgb
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(fg: tuple[int, int, int], bg: tuple[int, int, int]) -> float:
    hi, lo = sorted((luminance(fg), luminance(bg)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_contrast_matches_the_wcag_examples() -> None:
    assert contrast((0, 0, 0), (255, 255, 255)) == pytest.approx(21.0)
    assert contrast((118, 118, 118), (255, 255, 255)) == pytest.approx(4.54, abs=0.01)


def shown_colours(app: Any, style: Style) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The foreground and background a segment really gets."""
    assert style.color is not None and style.bgcolor is not None
    fg = style.color.get_truecolor(app.ansi_theme, foreground=True)
    bg = style.bgcolor.get_truecolor(app.ansi_theme, foreground=False)
    if style.dim:
        fg = dim_color(RichColor.from_triplet(bg), RichColor.from_triplet(fg)).triplet
    return (fg.red, fg.green, fg.blue), (bg.red, bg.green, bg.blue)


def too_faint(app: Any, selectors: tuple[str, ...]) -> list[tuple[str, str, float]]:
    """(selector, text, contrast) of every painted segment below AA."""
    bad = []
    for selector in selectors:
        for widget in app.screen.query(selector):
            if not widget.display or not widget.size.height:
                continue
            for y in range(widget.size.height):
                for segment in widget.render_line(y):
                    if not segment.text.strip() or segment.style is None:
                        continue
                    fg, bg = shown_colours(app, segment.style)
                    ratio = contrast(fg, bg)
                    if ratio < AA:
                        bad.append((selector, segment.text.strip(), round(ratio, 2)))
    return bad


@pytest.mark.parametrize("theme", [LIGHT_THEME, DARK_THEME])
async def test_headings_muted_text_and_badges_reach_aa(
    make_app: Any, signed_in_store: Store, theme: str
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Ada Lovelace", "vip": True})
    store.log_interaction(cid, "coffee", None, "rust")
    store.add_contact({"name": "Old Olga", "archived": True})
    checks = HEADINGS + MUTED + BADGES
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        app.theme = theme
        await settle(pilot)
        seen: list[str] = []

        def check(where: str) -> None:
            seen.append(where)
            assert too_faint(app, checks) == [], where

        check("dashboard")
        await pilot.press("c")
        await settle(pilot)
        check("contacts")
        await pilot.press("i")
        await settle(pilot)
        check("interactions")
        screen = await open_contact(pilot, cid)
        check("contact")
        screen.query_one("#timeline", RowList).focus()  # type: ignore[attr-defined]
        await pilot.press("enter")
        await wait_for_screen(pilot, InteractionDetail)
        check("interaction")
        await pilot.press("escape")
        await pilot.press("v")
        await wait_for_screen(pilot, VipEditor)
        await settle(pilot)
        check("VIP editor")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        check("help")
        await pilot.press("escape")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)
        check("Quick Connect")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("l")
        await wait_for_screen(pilot, QuickLogScreen)
        await settle(pilot)
        check("quick log")
        assert len(seen) == 9
