"""Opening the Tracks board (issue 19) with 10,000 tracks on the store, against the
raw query for the same columns.

10,000 tracks (a quarter of each kind, spread over their stages, most with one
contact and some with two, open ones often with a next step) are written once
into the work copy with one `executemany` per table, tied to random contacts.
The app's side is what the board's worker runs when it opens (and on every
refresh): `services.tracks_view.load_tracks_view(store, "job", "board", ...)` --
the tracks per kind, the user's stages, every open card of the kind and the
latest cards of each closing stage, as `Card`s sorted into columns. The baseline
is one `SELECT` of the same columns (id, title, slug, stage, next step and date,
stage date, first contact's id and name, number of contacts) for the same kind, fetched
in full on a raw sqlite3 connection to the same file.
"""

from __future__ import annotations

import datetime as _dt
import random
from pathlib import Path
from typing import Any

from .common import Context, Result, median, raw_connect, timed

TRACKS = 10_000
RUNS = 15
DAY_MS = 86_400_000

_COLUMNS = (
    "SELECT t.id, t.title, t.slug, t.stage, t.next_step, t.next_due, t.stage_at,"
    " c.id, c.name, (SELECT count(*) FROM track_contacts tc WHERE tc.track_id = t.id)"
    " FROM tracks t LEFT JOIN contacts c ON c.id = (SELECT tc.contact_id FROM"
    "  track_contacts tc WHERE tc.track_id = t.id ORDER BY tc.position LIMIT 1)"
    " WHERE t.user_id = :uid AND t.kind = 'job'"
)
#: the same cards the board shows: every open one, the latest 100 of each closing stage
RAW_Q = " UNION ALL ".join(
    [f"SELECT * FROM ({_COLUMNS} AND t.open = 1)"]
    + [f"SELECT * FROM ({_COLUMNS} AND t.open = 0 AND t.stage = '{stage}'"
       " ORDER BY t.stage_at DESC LIMIT 100)" for stage in ("accepted", "declined", "closed")])
#: every track of the kind, for the notes
RAW_ALL = _COLUMNS


def run(ctx: Context) -> list[Result]:
    return ctx.per_scale(_scale)


def add_tracks(path: Path, uid: str, n: int = TRACKS, seed: int = 19) -> int:
    """Write `n` tracks for user `uid` into the store at `path` (once: a store that
    has them already is left as it is). Returns the tracks the store holds."""
    from devhub_tui.core.tracks import DEFAULT_STAGES, KINDS
    from devhub_tui.storage.ids import system_clock

    conn = raw_connect(path)
    try:
        (have,) = conn.execute("SELECT count(*) FROM tracks WHERE user_id = ?",
                               (uid,)).fetchone()
        if have >= n:
            return int(have)
        rng = random.Random(seed)
        contacts = [r[0] for r in conn.execute(
            "SELECT id FROM contacts WHERE user_id = ? ORDER BY id LIMIT 20000", (uid,))]
        now = system_clock()
        today = now // DAY_MS
        tracks, links, events = [], [], []
        for i in range(n):
            kind = KINDS[i % len(KINDS)]
            stages = DEFAULT_STAGES[kind]
            terminal = rng.random() < 0.5
            stage = rng.choice(stages.terminal if terminal else stages.open)
            tid = f"bench{i:011d}{rng.getrandbits(64):016x}"
            due = None
            step = ""
            if not terminal and rng.random() < 0.7:
                step = rng.choice(["send references", "follow up", "send the invoice",
                                   "review the draft", "schedule a call"])
                day = today + rng.randint(-20, 40)
                due = (_dt.date(1970, 1, 1) + _dt.timedelta(days=day)).isoformat()
            at = now - rng.randint(0, 400) * DAY_MS
            tracks.append((tid, uid, kind, f"{kind.title()} track {i}", f"{kind}-track-{i}",
                           stage, 0 if terminal else 1, at, step, due, "[]", "", at, at))
            for pos, cid in enumerate(rng.sample(contacts, 2 if rng.random() < 0.2 else 1)):
                links.append((tid, cid, uid, pos))
            events.append((f"{tid}e", uid, tid, "stage", None, stage, "", at))
        with conn:
            conn.execute("BEGIN")
            conn.executemany(
                "INSERT INTO tracks (id, user_id, kind, title, slug, stage, open, stage_at,"
                " next_step, next_due, links, notes, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", tracks)
            conn.executemany("INSERT INTO track_contacts (track_id, contact_id, user_id,"
                             " position) VALUES (?, ?, ?, ?)", links)
            conn.executemany("INSERT INTO track_events (id, user_id, track_id, kind,"
                             " from_stage, stage, note, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                             events)
        return int(conn.execute("SELECT count(*) FROM tracks WHERE user_id = ?",
                                (uid,)).fetchone()[0])
    finally:
        conn.close()


def _scale(ctx: Context, scale: str) -> Result:
    from devhub_tui.services.tracks_view import Filters, load_tracks_view
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.store import Store

    path = ctx.work[scale]
    uid = ctx.user(path)
    total = add_tracks(path, uid)
    db = open_database(path)
    raw = raw_connect(path)
    try:
        store = Store(db, uid)
        got: dict[str, Any] = {}

        def app() -> None:
            got["data"] = load_tracks_view(store, "job", "board", Filters())

        def base() -> None:
            got["rows"] = raw.execute(RAW_Q, {"uid": uid}).fetchall()

        app()
        base()
        app_t, base_t = [], []
        for _ in range(RUNS):
            app_t.append(timed(app) * 1000)
            base_t.append(timed(base) * 1000)
        every = median([timed(lambda: raw.execute(RAW_ALL, {"uid": uid}).fetchall()) * 1000
                        for _ in range(5)])
    finally:
        raw.close()
        db.close()
    board = got["data"].board
    shown = sum(len(cards) for cards in board.cards.values())
    return Result(
        "tracks board (open)", scale, "load_tracks_view(board of 'job')",
        "raw SELECT of the same columns and cards", median(app_t), median(base_t),
        notes=[f"{total:,} tracks in the store; the job board holds "
               f"{sum(board.counts.values()):,} and shows {shown:,} cards (every open one, "
               f"the latest 100 of each closing stage; the raw query reads "
               f"{len(got['rows']):,} rows); every job track raw: {every:.1f} ms"],
    )
