"""The dashboard's part of tracks (issue 19): the next steps of open tracks, and
the row keys that say a row is about a track (Enter opens the track)."""

from __future__ import annotations

from rich.text import Text
from textual.widget import Widget

from devhub_tui.services.dashboard import DashboardData
from devhub_tui.tui.widgets.row_list import RowList

__all__ = ["show_next_steps", "track_in_key"]


def track_in_key(key: str) -> str | None:
    """The track id in a row key `...t:TRACK_ID:CONTACT_ID`, or None."""
    parts = key.split(":")
    if "t" in parts[:-1]:
        i = parts.index("t")
        if i + 1 < len(parts) - 1:
            return parts[i + 1] or None
    return None


def show_next_steps(rows: RowList, title: Widget, data: DashboardData) -> dict[str, str]:
    """Fill the "Next steps" list: open tracks' next steps due after today (the
    due ones are in the queue); hidden, with its `title`, when there are none.
    Returns the names of the first contact of each (by id) for `l` on a row."""
    rows.clear()
    names: dict[str, str] = {}
    for t in data.next_steps:
        contact = t.contacts[0][0] if t.contacts else ""
        rows.add_row(Text(t.next_due or ""), Text(t.title), Text(t.next_step),
                     key=f"t:{t.id}:{contact}")
        if t.contacts:
            names[contact] = t.contacts[0][1]
    rows.display = bool(data.next_steps)
    title.display = bool(data.next_steps)
    return names
