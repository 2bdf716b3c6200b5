"""Tracks (issue 19), scoped to one user: every query filters by `user_id`.

`TrackStore(db, user_id, clock)` (or `tracks_for(store)`) adds, edits, moves and
deletes tracks, keeps their stage history, contacts, goals and next step, and
reads them back for the board, the list, a track's screen, the quick log's
`+words` and the attention queue. A kind's stages are a user preference
(`track_stages:KIND` in `user_prefs`, `core.tracks.DEFAULT_STAGES` otherwise).
Writes are short transactions through `Database.write()` (nested in a caller's
transaction when there is one), reads one statement where it matters: the board
comes back as one packed row (see `Store._packed`).
"""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
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
    resolve_stage,
    slugify,
    unique_slug,
    validate_currency,
    validate_links,
    validate_title,
)
from devhub_tui.core.validation import MAX_NOTE_LEN, ValidationError, clean_text
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.ids import Clock, new_id, system_clock

__all__ = ["Board", "Card", "Track", "TrackEvent", "TrackStore", "next_step_items",
           "tracks_for"]

PREF_PREFIX = "track_stages:"
#: cards a terminal column shows (the most recent); open columns show every card
TERMINAL_CARDS = 100
#: what a next step's text may hold
MAX_STEP_LEN = 500

TRACK_COLUMNS = ("id", "kind", "title", "slug", "stage", "open", "stage_at", "next_step",
                 "next_due", "amount_minor", "currency", "links", "notes", "created_at",
                 "updated_at")
SELECT_TRACKS = "SELECT " + ", ".join(f"t.{c}" for c in TRACK_COLUMNS) + " FROM tracks t"


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
    contact: str  # the first contact's name ("" when none)
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


def _clean_step(text: str) -> str:
    return clean_text(text or "", max_len=MAX_STEP_LEN, multiline=False, field="next step")


def check_due(due: _dt.date | None) -> str | None:
    if due is None:
        return None
    if due.year < 1900:
        raise ValidationError("a due date can't be before 1900")
    return due.isoformat()


class TrackStore:
    """A user's tracks (see the module docstring)."""

    def __init__(self, db: Database, user_id: str, *, clock: Clock = system_clock) -> None:
        self.db = db
        self.user_id = user_id
        self.clock = clock

    # -- stages ---------------------------------------------------------------------
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

    def set_stages(self, kind: str, stages: Stages) -> None:
        """Save a kind's stages. A stage that tracks are in can't go (one line says
        which and how many); tracks in a stage that now closes them are closed."""
        kind = resolve_kind(kind)
        with self.db.write() as c:
            stranded = [
                (stage, int(n)) for stage, n in c.execute(
                    "SELECT stage, count(*) FROM tracks WHERE user_id = ? AND kind = ?"
                    " GROUP BY stage ORDER BY stage", (self.user_id, kind))
                if stage not in stages.all
            ]
            if stranded:
                stage, n = stranded[0]
                what = "1 track is" if n == 1 else f"{n} tracks are"
                raise ValidationError(
                    f"{what} in the {kind} stage '{stage}': keep it, or move "
                    f"{'it' if n == 1 else 'them'} first")
            value = stages.text()
            if stages == DEFAULT_STAGES[kind]:
                c.execute("DELETE FROM user_prefs WHERE user_id = ? AND key = ?",
                          (self.user_id, PREF_PREFIX + kind))
            else:
                c.execute(
                    "INSERT INTO user_prefs (user_id, key, value) VALUES (?, ?, ?)"
                    " ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value",
                    (self.user_id, PREF_PREFIX + kind, value))
            self._reopen(c, kind, stages)

    def _reopen(self, c: Any, kind: str, stages: Stages) -> None:
        marks = ", ".join("?" * len(stages.terminal))
        c.execute(
            f"UPDATE tracks SET open = CASE WHEN stage IN ({marks}) THEN 0 ELSE 1 END"
            " WHERE user_id = ? AND kind = ? AND open IS NOT"
            f" (CASE WHEN stage IN ({marks}) THEN 0 ELSE 1 END)",
            (*stages.terminal, self.user_id, kind, *stages.terminal))

    # -- writing --------------------------------------------------------------------
    def _own_contacts(self, c: Any, contact_ids: Sequence[str]) -> list[str]:
        ids = list(dict.fromkeys(contact_ids))
        if not ids:
            return []
        marks = ", ".join("?" * len(ids))
        found = {r[0] for r in c.execute(
            f"SELECT id FROM contacts WHERE user_id = ? AND id IN ({marks})",
            (self.user_id, *ids))}
        if len(found) != len(ids):
            raise NotFoundError("a contact of the track no longer exists")
        return ids

    def _set_contacts(self, c: Any, track_id: str, contact_ids: list[str]) -> None:
        c.execute("DELETE FROM track_contacts WHERE track_id = ? AND user_id = ?",
                  (track_id, self.user_id))
        c.executemany(
            "INSERT INTO track_contacts (track_id, contact_id, user_id, position)"
            " VALUES (?, ?, ?, ?)",
            [(track_id, cid, self.user_id, n) for n, cid in enumerate(contact_ids)])

    def _set_goals(self, c: Any, track_id: str, goals: Sequence[Goal]) -> None:
        c.execute("DELETE FROM track_goals WHERE track_id = ? AND user_id = ?",
                  (track_id, self.user_id))
        now = self.clock()
        c.executemany(
            "INSERT INTO track_goals (id, user_id, track_id, goal, progress, position,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(new_id(), self.user_id, track_id, g.goal, g.progress, n, now)
             for n, g in enumerate(goals)])

    def _event(self, c: Any, track_id: str, kind: str, from_stage: str | None,
               stage: str | None, note: str = "", at: int | None = None) -> None:
        c.execute(
            "INSERT INTO track_events (id, user_id, track_id, kind, from_stage, stage, note,"
            " at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (new_id(), self.user_id, track_id, kind, from_stage, stage, note,
             self.clock() if at is None else at))

    @staticmethod
    def _money(amount_minor: int | None, currency: str | None) -> tuple[int | None, str | None]:
        if amount_minor is None:
            return None, None
        if not currency:
            raise ValidationError("an amount needs a currency (an ISO 4217 code: EUR, USD...)")
        if amount_minor < 0:
            raise ValidationError("an amount can't be negative")
        return amount_minor, validate_currency(currency)

    def add(
        self,
        kind: str,
        title: str,
        contact_ids: Sequence[str],
        *,
        stage: str | None = None,
        next_step: str = "",
        next_due: _dt.date | None = None,
        amount_minor: int | None = None,
        currency: str | None = None,
        links: Iterable[str] = (),
        notes: str = "",
        goals: Sequence[Goal] = (),
    ) -> str:
        """A new track (its slug made from the title, unique among the user's);
        its first stage is recorded in its history. Returns its id."""
        kind = resolve_kind(kind)
        title = validate_title(title)
        stages = self.stages()[kind]
        stage = resolve_stage(stage, kind, self.stages()) if stage else stages.open[0]
        step = _clean_step(next_step)
        due = check_due(next_due)
        if due and not step:
            raise ValidationError("a due date needs a next step (what is due?)")
        if step and not due:
            raise ValidationError("a next step needs a due date")
        amount_minor, currency = self._money(amount_minor, currency)
        link_list = validate_links(list(links))
        notes = clean_text(notes or "", max_len=MAX_NOTE_LEN, multiline=True, field="notes")
        now = self.clock()
        tid = new_id()
        with self.db.write() as c:
            ids = self._own_contacts(c, contact_ids)
            taken = {r[0] for r in c.execute(
                "SELECT slug FROM tracks WHERE user_id = ? AND slug LIKE ? || '%'",
                (self.user_id, slugify(title)))}
            slug = unique_slug(slugify(title), taken)
            c.execute(
                "INSERT INTO tracks (id, user_id, kind, title, slug, stage, open, stage_at,"
                " next_step, next_due, amount_minor, currency, links, notes, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (tid, self.user_id, kind, title, slug, stage,
                 0 if stages.is_terminal(stage) else 1, now, step, due, amount_minor,
                 currency, json.dumps(link_list, ensure_ascii=False), notes, now, now))
            self._set_contacts(c, tid, ids)
            self._set_goals(c, tid, goals)
            self._event(c, tid, "stage", None, stage, at=now)
        return tid

    def update(
        self,
        track_id: str,
        *,
        title: str | None = None,
        contact_ids: Sequence[str] | None = None,
        amount: tuple[int | None, str | None] | None = None,
        links: Iterable[str] | None = None,
        notes: str | None = None,
        goals: Sequence[Goal] | None = None,
    ) -> None:
        """Change what is given (the stage and the next step have their own calls)."""
        sets: list[str] = []
        params: list[Any] = []
        if title is not None:
            sets.append("title = ?")
            params.append(validate_title(title))
        if amount is not None:
            sets += ["amount_minor = ?", "currency = ?"]
            params += list(self._money(*amount))
        if links is not None:
            sets.append("links = ?")
            params.append(json.dumps(validate_links(list(links)), ensure_ascii=False))
        if notes is not None:
            sets.append("notes = ?")
            params.append(clean_text(notes, max_len=MAX_NOTE_LEN, multiline=True,
                                     field="notes"))
        with self.db.write() as c:
            self._own(c, track_id)
            c.execute(
                f"UPDATE tracks SET {', '.join([*sets, 'updated_at = ?'])}"
                " WHERE id = ? AND user_id = ?",
                [*params, self.clock(), track_id, self.user_id])
            if contact_ids is not None:
                self._set_contacts(c, track_id, self._own_contacts(c, contact_ids))
            if goals is not None:
                self._set_goals(c, track_id, goals)

    def _own(self, c: Any, track_id: str) -> tuple[str, str]:
        """(kind, stage) of the user's track, or NotFoundError."""
        row = c.execute("SELECT kind, stage FROM tracks WHERE id = ? AND user_id = ?",
                        (track_id, self.user_id)).fetchone()
        if row is None:
            raise NotFoundError("that track no longer exists")
        return str(row[0]), str(row[1])

    def move(self, track_id: str, stage: str) -> tuple[str, str]:
        """Move a track to another stage of its kind (recorded with the date).
        Returns (from, to); moving to the stage it is in changes nothing."""
        stages = self.stages()
        with self.db.write() as c:
            kind, current = self._own(c, track_id)
            to = resolve_stage(stage, kind, stages)
            if to == current:
                return current, to
            now = self.clock()
            c.execute(
                "UPDATE tracks SET stage = ?, open = ?, stage_at = ?, updated_at = ?"
                " WHERE id = ? AND user_id = ?",
                (to, 0 if stages[kind].is_terminal(to) else 1, now, now, track_id,
                 self.user_id))
            self._event(c, track_id, "stage", current, to, at=now)
        return current, to

    def set_next(self, track_id: str, step: str, due: _dt.date | None) -> None:
        """Set (or, with an empty step and no date, clear) the next step."""
        text = _clean_step(step)
        when = check_due(due)
        if text and not when:
            raise ValidationError("a next step needs a due date")
        if when and not text:
            raise ValidationError("a due date needs a next step (what is due?)")
        with self.db.write() as c:
            self._own(c, track_id)
            c.execute(
                "UPDATE tracks SET next_step = ?, next_due = ?, updated_at = ?"
                " WHERE id = ? AND user_id = ?",
                (text, when, self.clock(), track_id, self.user_id))

    def complete_next(self, track_id: str) -> str:
        """The next step is done: recorded in the history, then cleared (the app and
        the CLI ask for the next one). Returns its text."""
        with self.db.write() as c:
            self._own(c, track_id)
            step, due = c.execute(
                "SELECT next_step, next_due FROM tracks WHERE id = ?", (track_id,)).fetchone()
            if not step and not due:
                raise ValidationError("this track has no next step to complete")
            self._event(c, track_id, "step", None, None, step or "")
            c.execute(
                "UPDATE tracks SET next_step = '', next_due = NULL, updated_at = ?"
                " WHERE id = ? AND user_id = ?", (self.clock(), track_id, self.user_id))
        return str(step or "")

    def delete(self, track_id: str) -> None:
        """Delete a track with its history, goals and links to interactions (the
        interactions and contacts stay)."""
        with self.db.write() as c:
            self._own(c, track_id)
            for table in ("track_contacts", "track_events", "track_goals",
                          "interaction_tracks"):
                c.execute(f"DELETE FROM {table} WHERE track_id = ? AND user_id = ?",
                          (track_id, self.user_id))
            c.execute("DELETE FROM tracks WHERE id = ? AND user_id = ?",
                      (track_id, self.user_id))

    # -- reading ----------------------------------------------------------------------
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
        cols = ("id, title, slug, stage, next_step, next_due, stage_at, contact, contacts")
        card = (
            "SELECT t.id AS id, t.title AS title, t.slug AS slug, t.stage AS stage,"
            " t.next_step AS next_step, t.next_due AS next_due, t.stage_at AS stage_at,"
            " coalesce((SELECT c.name FROM track_contacts tc JOIN contacts c ON"
            " c.id = tc.contact_id WHERE tc.track_id = t.id ORDER BY tc.position LIMIT 1),"
            " '') AS contact,"
            " (SELECT count(*) FROM track_contacts tc WHERE tc.track_id = t.id) AS contacts"
            " FROM tracks t WHERE t.user_id = :uid AND t.kind = :kind"
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


def tracks_for(store: Any) -> TrackStore:
    """The tracks of a `Store`'s user (same database and clock)."""
    return TrackStore(store.db, store.user_id, clock=store.clock)


def next_step_items(store: Any, today: _dt.date, limit: int | None) -> list[AttentionItem]:
    """For `Store.attention_queue`: the due next steps of the user's open tracks."""
    return tracks_for(store).queue_items(today, limit)


__all__ += ["KINDS", "SELECT_TRACKS", "check_due"]

#: Rows a synced server can leave pointing nowhere (it does not enforce foreign
#: keys): a track deleted on one device while another linked an interaction to
#: it... The Turso replica runs these after every pull, after its own sweep.
ORPHAN_SWEEP = (
    "DELETE FROM track_contacts WHERE contact_id NOT IN (SELECT id FROM contacts)"
    " OR track_id NOT IN (SELECT id FROM tracks)",
    "DELETE FROM track_events WHERE track_id NOT IN (SELECT id FROM tracks)",
    "DELETE FROM track_goals WHERE track_id NOT IN (SELECT id FROM tracks)",
    "DELETE FROM interaction_tracks WHERE interaction_id NOT IN (SELECT id FROM interactions)"
    " OR track_id NOT IN (SELECT id FROM tracks)",
    "DELETE FROM interaction_resources WHERE interaction_id NOT IN"
    " (SELECT id FROM interactions)",
)
__all__ += ["ORPHAN_SWEEP"]
