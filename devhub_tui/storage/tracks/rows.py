"""The rows tracks are read as (issue 19): a track, an entry of its history, a card
of the board and the board itself. See `storage.tracks`."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.track_words import TrackRef
from devhub_tui.core.tracks import Goal
from devhub_tui.storage import models
from devhub_tui.storage.schema import column_list, insert_sql

__all__ = ["SELECT_TRACKS", "TRACK_COLUMNS", "Board", "Card", "Track", "TrackEvent"]

#: The columns a `Track` is read from (all but the owner), and its SELECT over `tracks t`.
TRACK_COLUMNS = models.Track.columns(without=("user_id",))
SELECT_TRACKS = f"SELECT {column_list(TRACK_COLUMNS, 't')} FROM tracks t"
#: Every column of a new row, in the models' order.
INSERT_TRACK = insert_sql(models.Track)
INSERT_TRACK_CONTACT = insert_sql(models.TrackContact)
INSERT_TRACK_EVENT = insert_sql(models.TrackEvent)
INSERT_TRACK_GOAL = insert_sql(models.TrackGoal)
INSERT_RESOURCE = insert_sql(models.InteractionResource)


@dataclass
class Track:
    id: str
    kind: str
    title: str
    slug: str
    stage: str
    open: bool
    stage_at: int
    next_step: str
    next_due: str | None
    amount_minor: int | None
    currency: str | None
    links: list[str]
    notes: str
    created_at: int
    updated_at: int
    #: (contact id, name), in the order they were linked
    contacts: list[tuple[str, str]] = field(default_factory=list)
    goals: list[Goal] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Track:
        data = dict(zip(TRACK_COLUMNS, row, strict=True))
        data["open"] = bool(data["open"])
        try:
            links = json.loads(data["links"] or "[]")
        except ValueError:
            links = []
        data["links"] = [x for x in links if isinstance(x, str)] if isinstance(links, list) else []
        return cls(**data)

    def overdue(self, today: _dt.date) -> bool:
        """An open track whose next step was due before today."""
        return self.open and self.next_due is not None and self.next_due < today.isoformat()

    def ref(self) -> TrackRef:
        return TrackRef(self.id, self.slug, self.title, self.kind, self.stage, self.open)


@dataclass
class TrackEvent:
    id: str
    track_id: str
    kind: str  # "stage" (from_stage -> stage; from_stage None: created) | "step" (done)
    from_stage: str | None
    stage: str | None
    note: str
    at: int
    #: the track's title (for a contact's timeline)
    title: str = ""


@dataclass
class Card:
    """One track on the board."""

    id: str
    title: str
    slug: str
    stage: str
    next_step: str
    next_due: str | None
    stage_at: int
    contact_id: str  # the first contact ("" when none)
    contact: str  # their name
    contacts: int


@dataclass
class Board:
    kind: str
    #: the columns, in order: the kind's stages, then any other stage a track is in
    columns: list[str]
    terminal: set[str]
    cards: dict[str, list[Card]]
    #: tracks in each column (a terminal column shows only the most recent)
    counts: dict[str, int]
