"""Interactions (what happened with whom, when) and the interaction types."""

from __future__ import annotations

from typing import Any

from devhub_tui.core.dates import DateWordError, check_interaction_date, ms_to_date
from devhub_tui.core.fts import fts_query, fts_tokens
from devhub_tui.core.quicklog import BUILTIN_TYPES
from devhub_tui.core.validation import (
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_type_name,
)
from devhub_tui.storage.errors import ConflictError, NotFoundError
from devhub_tui.storage.ids import new_id, stable_id
from devhub_tui.storage.store.rows import INTERACTION_SELECT, Interaction
from devhub_tui.storage.store.search import like
from devhub_tui.storage.store.skills import SkillsMixin


class InteractionsMixin(SkillsMixin):
    """Log, edit, delete and list interactions; each write re-derives the contact's
    `last_contacted` and status."""

    # -- interaction types -------------------------------------------------
    def types(self) -> list[str]:
        custom = [r[0] for r in self.select_own("SELECT name FROM interaction_types",
                                                tail="ORDER BY name")]
        return [*BUILTIN_TYPES, *(t for t in custom if t not in BUILTIN_TYPES)]

    def add_type(self, name: str) -> str:
        clean = validate_type_name(name)
        if clean in BUILTIN_TYPES:
            raise ConflictError(f"'{clean}' is already a built-in type")
        with self.db.write() as c:
            if self.select_own("SELECT 1 FROM interaction_types", "name = ?", (clean,),
                               conn=c).fetchone():
                raise ConflictError(f"you already have a type called '{clean}'")
            c.execute(
                "INSERT INTO interaction_types (id, user_id, name, created_at) VALUES (?,?,?,?)",
                (stable_id("type", self.user_id, clean), self.user_id, clean, self.clock()),
            )
        return clean

    def _check_type(self, type_: str) -> str:
        t = type_.strip().lower()
        if t in BUILTIN_TYPES:  # every user has them: no query (a quick-log save's)
            return t
        if not self.select_own("SELECT 1 FROM interaction_types", "name = ?",
                               (t,)).fetchone():
            raise ValidationError(f"unknown interaction type '{type_}'")
        return t

    # -- interactions ------------------------------------------------------
    def _check_date(self, date_ms: int, now: int) -> int:
        """The last line of defence: an interaction is dated 1900-01-01 .. today."""
        try:
            check_interaction_date(ms_to_date(date_ms), ms_to_date(now))
        except (DateWordError, OverflowError) as exc:
            raise ValidationError(str(exc) or "that date is out of range") from None
        return date_ms

    def log_interaction(
        self, contact_id: str, type_: str, date_ms: int | None = None, notes: str = ""
    ) -> str:
        t = self._check_type(type_)
        notes = clean_text(notes or "", max_len=MAX_NOTE_LEN, multiline=True)
        now = self.clock()
        iid = new_id()
        with self.db.write() as c:
            self._own(c, contact_id)
            c.execute(
                "INSERT INTO interactions (id, user_id, contact_id, type, date, notes,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    iid,
                    self.user_id,
                    contact_id,
                    t,
                    self._check_date(date_ms, now) if date_ms is not None else now,
                    notes,
                    now,
                    now,
                ),
            )
            self._write_topics(c, iid, contact_id, notes, new=True)
            self._touch_last_contacted(c, contact_id)
        return iid

    def _contact_of(self, c: Any, interaction_id: str) -> str:
        row = self.select_own("SELECT contact_id FROM interactions", "id = ?",
                              (interaction_id,), conn=c).fetchone()
        if row is None:
            raise NotFoundError("that interaction no longer exists")
        return str(row[0])

    def update_interaction(
        self,
        interaction_id: str,
        *,
        type_: str | None = None,
        date_ms: int | None = None,
        notes: str | None = None,
    ) -> None:
        sets: list[str] = []
        params: list[Any] = []
        if type_ is not None:
            sets.append("type = ?")
            params.append(self._check_type(type_))
        if date_ms is not None:
            sets.append("date = ?")
            params.append(self._check_date(date_ms, self.clock()))
        if notes is not None:
            notes = clean_text(notes, max_len=MAX_NOTE_LEN, multiline=True)
            sets.append("notes = ?")
            params.append(notes)
        with self.db.write() as c:
            contact_id = self._contact_of(c, interaction_id)
            if sets:
                c.execute(
                    f"UPDATE interactions SET {', '.join(sets)}, updated_at = ? WHERE id = ?",
                    [*params, self.clock(), interaction_id],
                )
            if notes is not None:
                self._write_topics(c, interaction_id, contact_id, notes)
            self._touch_last_contacted(c, contact_id)

    def delete_interaction(self, interaction_id: str) -> None:
        with self.db.write() as c:
            contact_id = self._contact_of(c, interaction_id)
            c.execute("DELETE FROM interactions WHERE id = ?", (interaction_id,))
            self._touch_last_contacted(c, contact_id)

    def _touch_last_contacted(self, c: Any, contact_id: str) -> None:
        c.execute(
            "UPDATE contacts SET last_contacted = (SELECT max(date) FROM interactions"
            " WHERE contact_id = ?1), updated_at = ?2 WHERE id = ?1",
            (contact_id, self.clock()),
        )
        self._recompute(c, [contact_id])

    def get_interaction(self, interaction_id: str) -> Interaction:
        rows = self._interactions("i.id = ?", [interaction_id], limit=1)
        if not rows:
            raise NotFoundError("that interaction no longer exists")
        return rows[0]

    def _interactions(
        self, where: str, params: list[Any], *, limit: int | None, offset: int = 0
    ) -> list[Interaction]:
        tail = "ORDER BY i.date DESC, i.id DESC"
        if limit is not None:
            tail += " LIMIT ? OFFSET ?"
            params = [*params, limit, offset]
        rows = self.select_own(
            f"SELECT {INTERACTION_SELECT} FROM interactions i"
            " JOIN contacts c ON c.id = i.contact_id",
            where, params, owner="i.user_id", tail=tail,
        )
        return [Interaction(*r) for r in rows]

    def list_interactions(
        self,
        *,
        contact_id: str | None = None,
        type_: str | None = None,
        since_ms: int | None = None,
        until_ms: int | None = None,
        search: str | None = None,
        limit: int | None = 200,
        offset: int = 0,
    ) -> list[Interaction]:
        where = ["1"]
        params: list[Any] = []
        if contact_id:
            where.append("i.contact_id = ?")
            params.append(contact_id)
        if type_:
            where.append("i.type = ?")
            params.append(type_.strip().lower())
        if since_ms is not None:
            where.append("i.date >= ?")
            params.append(since_ms)
        if until_ms is not None:
            where.append("i.date < ?")
            params.append(until_ms)
        if search and not self.db.fts:
            words = fts_tokens(search)[:8]
            if not words:
                where.append("0")
            for word in words:
                where.append("i.notes LIKE ? ESCAPE '\\'")
                params.append(like(word))
        elif search:
            match = fts_query(search)
            if match is None:
                where.append("0")
            else:
                where.append(
                    "i.rowid IN (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ?)"
                )
                params.append(match)
        return self._interactions(" AND ".join(where), params, limit=limit, offset=offset)
