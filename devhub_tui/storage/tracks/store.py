"""`TrackStore`: a user's tracks, their writes over the reads of `reads`; the
attention queue's hook (`next_step_items`) and the replica's orphan sweep."""

from __future__ import annotations

import datetime as _dt
import json
from collections.abc import Iterable, Sequence
from typing import Any

from devhub_tui.core.status import AttentionItem
from devhub_tui.core.tracks import (
    DEFAULT_STAGES,
    Goal,
    Stages,
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
from devhub_tui.storage.tracks.reads import PREF_PREFIX, TrackReads
from devhub_tui.storage.tracks.rows import (
    INSERT_TRACK,
    INSERT_TRACK_CONTACT,
    INSERT_TRACK_EVENT,
    INSERT_TRACK_GOAL,
)

__all__ = ["ORPHAN_SWEEP", "TrackStore", "check_due", "next_step_items", "tracks_for"]

#: what a next step's text may hold
MAX_STEP_LEN = 500


def _clean_step(text: str) -> str:
    return clean_text(text or "", max_len=MAX_STEP_LEN, multiline=False, field="next step")


def check_due(due: _dt.date | None) -> str | None:
    if due is None:
        return None
    if due.year < 1900:
        raise ValidationError("a due date can't be before 1900")
    return due.isoformat()


class TrackStore(TrackReads):
    """A user's tracks (see the module docstring)."""

    def __init__(self, db: Database, user_id: str, *, clock: Clock = system_clock) -> None:
        self.db = db
        self.user_id = user_id
        self.clock = clock

    # -- stages ---------------------------------------------------------------------
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
            INSERT_TRACK_CONTACT,
            [(track_id, cid, self.user_id, n) for n, cid in enumerate(contact_ids)])

    def _set_goals(self, c: Any, track_id: str, goals: Sequence[Goal]) -> None:
        c.execute("DELETE FROM track_goals WHERE track_id = ? AND user_id = ?",
                  (track_id, self.user_id))
        now = self.clock()
        c.executemany(
            INSERT_TRACK_GOAL,
            [(new_id(), self.user_id, track_id, g.goal, g.progress, n, now)
             for n, g in enumerate(goals)])

    def _event(self, c: Any, track_id: str, kind: str, from_stage: str | None,
               stage: str | None, note: str = "", at: int | None = None) -> None:
        c.execute(
            INSERT_TRACK_EVENT,
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
                INSERT_TRACK,
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


def tracks_for(store: Any) -> TrackStore:
    """The tracks of a `Store`'s user (same database and clock)."""
    return TrackStore(store.db, store.user_id, clock=store.clock)


def next_step_items(store: Any, today: _dt.date, limit: int | None) -> list[AttentionItem]:
    """For `Store.attention_queue`: the due next steps of the user's open tracks."""
    return tracks_for(store).queue_items(today, limit)


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
