"""Tracks (issue 19), scoped to one user: every query filters by `user_id`.

`TrackStore(db, user_id, clock)` (or `tracks_for(store)`) adds, edits, moves and
deletes tracks, keeps their stage history, contacts, goals and next step, and
reads them back for the board, the list, a track's screen, the quick log's
`+words` and the attention queue. A kind's stages are a user preference
(`track_stages:KIND` in `user_prefs`, `core.tracks.DEFAULT_STAGES` otherwise).
Writes are short transactions through `Database.write()` (nested in a caller's
transaction when there is one), reads one statement where it matters: the board
comes back as one packed row (see `Store._packed`).

The package, by part:

- `store` -- `TrackStore`: stages, add, edit, move, next steps, delete (the writes);
- `reads` -- a track, the list, the board, `+word` references, history, the queue;
- `rows` -- the dataclasses those reads return, their columns from `storage.models`;
- `links` -- interactions linked to tracks, shared resources, a contact's tracks.
"""

from __future__ import annotations

from devhub_tui.storage.tracks.reads import PREF_PREFIX, TERMINAL_CARDS
from devhub_tui.storage.tracks.rows import (
    SELECT_TRACKS,
    TRACK_COLUMNS,
    Board,
    Card,
    Track,
    TrackEvent,
)
from devhub_tui.storage.tracks.store import (
    ORPHAN_SWEEP,
    TrackStore,
    check_due,
    next_step_items,
    tracks_for,
)

__all__ = ["ORPHAN_SWEEP", "PREF_PREFIX", "SELECT_TRACKS", "TERMINAL_CARDS",
           "TRACK_COLUMNS", "Board", "Card", "Track", "TrackEvent", "TrackStore", "check_due",
           "next_step_items", "tracks_for"]
