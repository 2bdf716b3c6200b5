"""A status shown as a coloured word (never colour alone)."""

from __future__ import annotations

from rich.text import Text

from ..core.status import STATUS_LABELS, Status

#: Symbol + style per status: readable on dark and light themes.
BADGES: dict[str, tuple[str, str]] = {
    "overdue": ("●", "bold white on red"),
    "needs-attention": ("●", "bold black on dark_orange"),
    "due-soon": ("◐", "bold black on yellow"),
    "ok": ("○", "bold white on green4"),
    "snoozed": ("◌", "bold white on blue"),
    "paused": ("‖", "bold white on grey42"),
}


def status_badge(status: str) -> Text:
    """`● overdue` on red, `○ ok` on green, ..."""
    try:
        label = STATUS_LABELS[Status(status)]
    except ValueError:
        label = status
    symbol, style = BADGES.get(status, ("?", "reverse"))
    return Text(f" {symbol} {label} ", style=style)


def vip_mark(vip: bool) -> Text:
    return Text("★ VIP", style="bold magenta") if vip else Text("")
