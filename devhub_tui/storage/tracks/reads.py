"""Reading a user's tracks (issue 19): a track, one by its slug or id, the list, the
board, the `+word` references, a history, the due next steps. `TrackStore` (in
`storage.tracks.store`) is these reads plus the writes; every query filters by user."""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from devhub_tui.core.status import AttentionItem
from devhub_tui.core.track_words import TrackRef, match_tracks
from devhub_tui.core.tracks import (
    DEFAULT_STAGES,
    KINDS,
    Goal,
    Stages,
    attention_for_next_step,
    parse_stages,
    resolve_kind,
)
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.tracks.rows import SELECT_TRACKS, Board, Card, Track, TrackEvent

__all__ = ["PREF_PREFIX", "TERMINAL_CARDS", "TrackReads"]

PREF_PREFIX = "track_stages:"
#: cards a terminal column shows (the most recent); open columns show every card
TERMINAL_CARDS = 100


class TrackReads:
    """The reads of `TrackStore`."""

    db: Database
    user_id: str

    def stages(self) -> dict[str, Stages]:
        """Every kind's stages: the user's own, else the defaults."""
        out = dict(DEFAULT_STAGES)
        for key, value in self.db.conn().execute(
            "SELECT key, value FROM user_prefs WHERE user_id = ? AND key LIKE 'track_stages:%'",
            (self.user_id,),
        ):
            kind = key[len(PREF_PREFIX):]
            if kind in out:
                try:
                    out[kind] = parse_stages(value)
                except ValidationError:
                    continue  # a hand-edited preference: keep the defaults
        return out

    def fill(self, tracks: list[Track], *, goals: bool = False) -> list[Track]:
        """Each track's contacts (and goals), in one query each."""
        if not tracks:
            return tracks
        by_id = {t.id: t for t in tracks}
        conn = self.db.conn()
        ids = list(by_id)
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            marks = ", ".join("?" * len(chunk))
            for tid, cid, name in conn.execute(
                "SELECT tc.track_id, c.id, c.name FROM track_contacts tc JOIN contacts c"
                f" ON c.id = tc.contact_id WHERE tc.user_id = ? AND tc.track_id IN ({marks})"
                " ORDER BY tc.track_id, tc.position, c.name", (self.user_id, *chunk)):
                by_id[tid].contacts.append((cid, name))
            if goals:
                for tid, goal, progress in conn.execute(
                    "SELECT track_id, goal, progress FROM track_goals WHERE user_id = ?"
                    f" AND track_id IN ({marks}) ORDER BY track_id, position",
                    (self.user_id, *chunk)):
                    by_id[tid].goals.append(Goal(goal, progress))
        return tracks

    def get(self, track_id: str) -> Track:
        row = self.db.conn().execute(
            f"{SELECT_TRACKS} WHERE t.id = ? AND t.user_id = ?",
            (track_id, self.user_id)).fetchone()
        if row is None:
            raise NotFoundError("that track no longer exists")
        return self.fill([Track.from_row(row)], goals=True)[0]

    def find(self, word: str) -> Track:
        """A track by its slug or id (in full, or its first 8 or more characters);
        NotFoundError names some of the user's tracks."""
        from devhub_tui.core.validation import clean_text as _clean

        text = _clean(word or "", max_len=10**6, multiline=False)
        key = text.lower().lstrip("+")
        conn = self.db.conn()
        row = conn.execute(
            f"{SELECT_TRACKS} WHERE t.user_id = ? AND (t.slug = ? OR t.id = ?)"
            " ORDER BY t.open DESC, t.updated_at DESC LIMIT 2",
            (self.user_id, key, key)).fetchall()
        if not row and len(key) >= 8:
            row = conn.execute(
                f"{SELECT_TRACKS} WHERE t.user_id = ? AND t.id LIKE ? || '%' LIMIT 2",
                (self.user_id, key.replace("%", "").replace("_", ""))).fetchall()
        if len(row) == 1:
            return self.fill([Track.from_row(row[0])], goals=True)[0]
        shown = text if len(text) <= 40 else text[:37] + "..."
        if len(row) > 1:
            raise NotFoundError(
                f"'{shown}' names several tracks: use the id (devhub tracks --json shows it)")
        hits = match_tracks(key, self.refs()) if key else []  # as a `+word` would
        if len(hits) == 1:
            return self.get(hits[0].id)
        if hits:
            listed = ", ".join(f"{h.title} (+{h.slug})" for h in hits[:4])
            raise NotFoundError(f"'{shown}' matches {len(hits)} tracks: {listed}"
                                f"{', ...' if len(hits) > 4 else ''}; give the slug")
        some = [r[0] for r in conn.execute(
            "SELECT slug FROM tracks WHERE user_id = ? ORDER BY open DESC, updated_at DESC"
            " LIMIT 6", (self.user_id,))]
        if not some:
            raise NotFoundError(f"no track '{shown}': you have none yet (devhub track add)")
        more = ", ..." if len(some) > 5 else ""
        raise NotFoundError(f"no track '{shown}' (tracks: {', '.join(some[:5])}{more})")

    def list_tracks(
        self,
        *,
        kind: str | None = None,
        stage: str | None = None,
        contact_id: str | None = None,
        open_only: bool = False,
        overdue_on: _dt.date | None = None,
        limit: int | None = None,
    ) -> list[Track]:
        """Tracks, those with the earliest next step first, then the newest."""
        where = ["t.user_id = ?"]
        params: list[Any] = [self.user_id]
        if kind:
            where.append("t.kind = ?")
            params.append(kind)
        if stage:
            where.append("t.stage = ?")
            params.append(stage)
        if contact_id:
            where.append("t.id IN (SELECT track_id FROM track_contacts WHERE contact_id = ?"
                         " AND user_id = ?)")
            params += [contact_id, self.user_id]
        if open_only:
            where.append("t.open = 1")
        if overdue_on is not None:
            where.append("t.open = 1 AND t.next_due < ?")
            params.append(overdue_on.isoformat())
        sql = (f"{SELECT_TRACKS} WHERE {' AND '.join(where)} ORDER BY t.open DESC,"
               " t.next_due IS NULL, t.next_due, t.stage_at DESC, t.id")
        if limit is not None:
            sql += " LIMIT ?"
            params.append(limit)
        rows = self.db.conn().execute(sql, params).fetchall()
        return self.fill([Track.from_row(r) for r in rows])

    def kind_counts(self) -> dict[str, int]:
        """How many tracks of each kind (every kind, 0 when none)."""
        counts = dict.fromkeys(KINDS, 0)
        for kind, n in self.db.conn().execute(
            "SELECT kind, count(*) FROM tracks WHERE user_id = ? GROUP BY kind", (self.user_id,)
        ):
            counts[kind] = int(n)
        return counts

    def people(self, limit: int = 500) -> list[tuple[str, str]]:
        """(id, name) of everyone on a track, by name (the list's person filter)."""
        rows = self.db.conn().execute(
            "SELECT DISTINCT c.id, c.name FROM track_contacts tc JOIN contacts c"
            " ON c.id = tc.contact_id WHERE tc.user_id = ? ORDER BY c.name COLLATE NOCASE"
            " LIMIT ?", (self.user_id, limit)).fetchall()
        return [(r[0], r[1]) for r in rows]

    def count(self, *, kind: str | None = None) -> int:
        sql = "SELECT count(*) FROM tracks WHERE user_id = ?"
        params: list[Any] = [self.user_id]
        if kind:
            sql += " AND kind = ?"
            params.append(kind)
        return int(self.db.conn().execute(sql, params).fetchone()[0])

    def _packed(self, columns: str, sql: str, params: Any) -> list[Any]:
        """The rows of `sql` as one row of JSON (as `Store._packed`: one GIL hand-over
        instead of one a row while another thread runs)."""
        (text,) = self.db.conn().execute(
            f"SELECT json_group_array(json_array({columns})) FROM ({sql})", params
        ).fetchone()
        return json.loads(text) if text else []

    def board(self, kind: str) -> Board:
        """The board of a kind: every open track, and the most recent cards of each
        terminal stage (with how many there are), in two statements."""
        kind = resolve_kind(kind)
        stages = self.stages()[kind]
        cols = ("id, title, slug, stage, next_step, next_due, stage_at, contact_id, contact,"
                " contacts")
        card = (
            "SELECT t.id AS id, t.title AS title, t.slug AS slug, t.stage AS stage,"
            " t.next_step AS next_step, t.next_due AS next_due, t.stage_at AS stage_at,"
            " coalesce(c.id, '') AS contact_id, coalesce(c.name, '') AS contact,"
            " (SELECT count(*) FROM track_contacts tc WHERE tc.track_id = t.id) AS contacts"
            " FROM tracks t LEFT JOIN contacts c ON c.id = (SELECT tc.contact_id FROM"
            " track_contacts tc WHERE tc.track_id = t.id ORDER BY tc.position LIMIT 1)"
            " WHERE t.user_id = :uid AND t.kind = :kind"
        )
        parts = [f"SELECT * FROM ({card} AND t.open = 1)"]
        params: dict[str, Any] = {"uid": self.user_id, "kind": kind, "n": TERMINAL_CARDS}
        for n, stage in enumerate(stages.terminal):
            params[f"s{n}"] = stage
            parts.append(f"SELECT * FROM ({card} AND t.open = 0 AND t.stage = :s{n}"
                         " ORDER BY t.stage_at DESC LIMIT :n)")
        # closed tracks in a stage the kind no longer lists (edited elsewhere)
        marks = ", ".join(f":s{n}" for n in range(len(stages.terminal)))
        parts.append(f"SELECT * FROM ({card} AND t.open = 0 AND t.stage NOT IN ({marks})"
                     " ORDER BY t.stage_at DESC LIMIT :n)")
        rows = self._packed(cols, " UNION ALL ".join(parts), params)
        counts = {stage: int(n) for stage, n in self.db.conn().execute(
            "SELECT stage, count(*) FROM tracks WHERE user_id = ? AND kind = ? GROUP BY stage",
            (self.user_id, kind))}
        columns = list(stages.all)
        columns += sorted(s for s in counts if s not in stages.all)
        cards: dict[str, list[Card]] = {s: [] for s in columns}
        for r in rows:
            cards.setdefault(r[3], []).append(Card(*r))
        for stage, listed in cards.items():
            if stage in stages.terminal:
                continue  # newest first, as read
            listed.sort(key=lambda c: (c.next_due is None, c.next_due or "", -c.stage_at))
        return Board(kind, columns, set(stages.terminal), cards,
                     {s: counts.get(s, 0) for s in columns})

    def refs(self) -> list[TrackRef]:
        """Every track, for `+words` in the quick log."""
        rows = self._packed("id, slug, title, kind, stage, open",
                            "SELECT id, slug, title, kind, stage, open FROM tracks"
                            " WHERE user_id = ?", (self.user_id,))
        return [TrackRef(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]

    def history(self, track_id: str) -> list[TrackEvent]:
        rows = self.db.conn().execute(
            "SELECT e.id, e.track_id, e.kind, e.from_stage, e.stage, e.note, e.at, t.title"
            " FROM track_events e JOIN tracks t ON t.id = e.track_id"
            " WHERE e.track_id = ? AND e.user_id = ? ORDER BY e.at, e.rowid",
            (track_id, self.user_id)).fetchall()
        return [TrackEvent(*r) for r in rows]

    # -- next steps -----------------------------------------------------------------------
    def _steps(self, where: str, params: dict[str, Any]) -> list[Any]:
        return self._packed(
            "id, title, next_step, next_due, cid, name",
            "SELECT t.id AS id, t.title AS title, t.next_step AS next_step,"
            " t.next_due AS next_due, coalesce(c.id, '') AS cid,"
            " coalesce(c.name, t.title) AS name FROM tracks t LEFT JOIN contacts c ON c.id ="
            " (SELECT tc.contact_id FROM track_contacts tc WHERE tc.track_id = t.id"
            " ORDER BY tc.position LIMIT 1)"
            f" WHERE t.user_id = :uid AND t.open = 1 AND t.next_due IS NOT NULL AND {where}",
            params)

    def queue_items(self, today: _dt.date, limit: int | None = None) -> list[AttentionItem]:
        """The next steps of open tracks due today or earlier, as queue items (with
        `limit`, the `limit` earliest and any due the same day as the last of them)."""
        where = "t.next_due <= :today"
        if limit is not None:
            where += (" AND t.next_due <= coalesce((SELECT next_due FROM tracks WHERE"
                      " user_id = :uid AND open = 1 AND next_due IS NOT NULL AND"
                      " next_due <= :today ORDER BY next_due LIMIT 1 OFFSET :offset), :today)")
        rows = self._steps(where, {"uid": self.user_id, "today": today.isoformat(),
                                   "offset": max(0, (limit or 1) - 1)})
        items = []
        for tid, title, step, due, cid, name in rows:
            try:
                day = _dt.date.fromisoformat(due)
            except (TypeError, ValueError):
                continue
            item = attention_for_next_step(track_id=tid, title=title, step=step, due=day,
                                           today=today, contact_id=cid, name=name)
            if item is not None:
                items.append(item)
        return items

    def upcoming(self, today: _dt.date, limit: int = 7) -> list[Track]:
        """Open tracks whose next step is due after today, soonest first."""
        rows = self.db.conn().execute(
            f"{SELECT_TRACKS} WHERE t.user_id = ? AND t.open = 1 AND t.next_due > ?"
            " ORDER BY t.next_due, t.id LIMIT ?",
            (self.user_id, today.isoformat(), limit)).fetchall()
        return self.fill([Track.from_row(r) for r in rows])
