"""What the Tracks screen shows, loaded in one go (no Textual here; issue 19).

`load_tracks_view` runs in the screen's thread worker (and in `make bench`): the
number of tracks of each kind, the user's stages, and either the board of one
kind or a page of the list with its filters.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.dates import ms_to_date
from devhub_tui.core.tracks import Stages
from devhub_tui.storage.tracks import Board, Track, tracks_for

__all__ = ["LIST_LIMIT", "Filters", "TracksData", "load_tracks_view"]

#: rows the list shows (filters narrow it down)
LIST_LIMIT = 500


@dataclass
class Filters:
    kind: str | None = None  # the list: None = every kind
    stage: str | None = None
    contact: tuple[str, str] | None = None  # (id, name)
    overdue: bool = False

    def any(self) -> bool:
        return bool(self.stage or self.contact or self.overdue)


@dataclass
class TracksData:
    kind: str
    stages: dict[str, Stages]
    counts: dict[str, int]
    today: _dt.date
    board: Board | None = None
    rows: list[Track] = field(default_factory=list)
    #: rows the list's filters match, up to LIST_LIMIT + 1 (more than shown)
    total: int = 0


def load_tracks_view(store: Any, kind: str, view: str, filters: Filters) -> TracksData:
    tracks = tracks_for(store)
    today = ms_to_date(store.clock())
    data = TracksData(kind, tracks.stages(), tracks.kind_counts(), today)
    if view == "board":
        data.board = tracks.board(kind)
        return data
    f = filters
    data.rows = tracks.list_tracks(
        kind=f.kind, stage=f.stage, contact_id=f.contact[0] if f.contact else None,
        overdue_on=today if f.overdue else None, limit=LIST_LIMIT + 1)
    data.total = len(data.rows)
    data.rows = data.rows[:LIST_LIMIT]
    return data
