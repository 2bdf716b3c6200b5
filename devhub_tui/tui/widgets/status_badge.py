"""A status shown as a coloured word (never colour alone)."""

from __future__ import annotations

from rich.text import Text
from textual.content import Content

from devhub_tui.core.status import STATUS_LABELS, Status

#: Symbol + style per status: exact colours (not the terminal's ANSI palette, which
#: makes "white" grey on dark themes), each at least 4.5:1 (WCAG AA) on any theme.
BADGES: dict[str, tuple[str, str]] = {
    "overdue": ("●", "bold #ffffff on #b3261e"),
    "needs-attention": ("●", "bold #000000 on #ff8c00"),
    "due-soon": ("◐", "bold #000000 on #ffd700"),
    "ok": ("○", "bold #ffffff on #2e7d32"),
    "snoozed": ("◌", "bold #ffffff on #1565c0"),
    "paused": ("‖", "bold #ffffff on #616161"),
}


def status_badge(status: str, *, archived: bool = False) -> Text:
    """`● overdue` on red, `○ ok` on green, ...; an archived contact (paused by
    being archived, not by a cadence switched off) says `‖ archived`."""
    try:
        label = STATUS_LABELS[Status(status)]
    except ValueError:
        label = status
    if archived and status == Status.PAUSED.value:
        label = "archived"
    symbol, style = BADGES.get(status, ("?", "reverse"))
    return Text(f" {symbol} {label} ", style=style)


def vip_mark(vip: bool) -> Content:
    """`★ VIP` in the theme's VIP colour (`$vip`, see DevhubApp), or nothing."""
    return Content.styled("★ VIP", "bold $vip") if vip else Content("")


#: Before a VIP's name in lists, as `devhub contacts` prints it.
VIP_STAR = "★ "


def name_cell(name: str, vip: bool) -> Text:
    """A name for a list: `★ Ada Lovelace` for a VIP (the star in the VIP colour), the
    name as typed (never markup), cut with an ellipsis when its column is narrow."""
    text = Text(no_wrap=True, overflow="ellipsis")
    if vip:
        text.append(VIP_STAR, style="bold magenta")
    text.append(name)
    return text
