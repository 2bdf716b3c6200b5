"""Follow-ups: what to do next for a contact, and by when."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from devhub_tui.core.validation import MAX_NOTE_LEN, clean_text
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.ids import new_id
from devhub_tui.storage.store.base import StoreBase
from devhub_tui.storage.store.rows import FOLLOW_UP_SELECT, FollowUp


class FollowUpsMixin(StoreBase):
    """Add, edit (due date, note, done), delete and list follow-ups."""

    def _follow_ups(
        self, where: str, params: list[Any], limit: int | None = None
    ) -> list[FollowUp]:
        tail = "ORDER BY f.done_at IS NOT NULL, f.due, f.id"
        if limit is not None:
            tail += " LIMIT ?"
            params = [*params, limit]
        rows = self.select_own(
            f"SELECT {FOLLOW_UP_SELECT} FROM follow_ups f JOIN contacts c ON c.id = f.contact_id",
            where, params, owner="f.user_id", tail=tail,
        )
        return [FollowUp(*r) for r in rows]

    def add_follow_up(self, contact_id: str, due: _dt.date, note: str = "") -> str:
        note = clean_text(note or "", max_len=MAX_NOTE_LEN, multiline=True)
        now = self.clock()
        fid = new_id()
        with self.db.write() as c:
            self._own(c, contact_id)
            c.execute(
                "INSERT INTO follow_ups (id, user_id, contact_id, due, note, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (fid, self.user_id, contact_id, due.isoformat(), note, now, now),
            )
        return fid

    def update_follow_up(
        self,
        follow_up_id: str,
        *,
        due: _dt.date | None = None,
        note: str | None = None,
        done: bool | None = None,
    ) -> None:
        sets: list[str] = []
        params: list[Any] = []
        if due is not None:
            sets.append("due = ?")
            params.append(due.isoformat())
        if note is not None:
            sets.append("note = ?")
            params.append(clean_text(note, max_len=MAX_NOTE_LEN, multiline=True))
        if done is not None:
            sets.append("done_at = ?")
            params.append(self.clock() if done else None)
        with self.db.write() as c:
            cur = c.execute(
                f"UPDATE follow_ups SET {', '.join([*sets, 'updated_at = ?'])}"
                " WHERE id = ? AND user_id = ?",
                [*params, self.clock(), follow_up_id, self.user_id],
            )
            if cur.rowcount == 0:
                raise NotFoundError("that follow-up no longer exists")

    def delete_follow_up(self, follow_up_id: str) -> None:
        with self.db.write() as c:
            cur = c.execute(
                "DELETE FROM follow_ups WHERE id = ? AND user_id = ?",
                (follow_up_id, self.user_id),
            )
            if cur.rowcount == 0:
                raise NotFoundError("that follow-up no longer exists")

    def list_follow_ups(
        self, *, contact_id: str | None = None, open_only: bool = False, limit: int | None = None
    ) -> list[FollowUp]:
        where = ["1"]
        params: list[Any] = []
        if contact_id:
            where.append("f.contact_id = ?")
            params.append(contact_id)
        if open_only:
            where.append("f.done_at IS NULL")
        return self._follow_ups(" AND ".join(where), params, limit)
