"""Contacts: add, edit, delete and read one; the names the quick log matches; the
details an import kept; and tags."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from devhub_tui.core.quicklog import ContactRef, ref_detail
from devhub_tui.core.validation import MAX_NOTE_LEN, ValidationError, clean_text, validate_tag
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.ids import new_id, stable_id
from devhub_tui.storage.store.rows import CONTACT_FIELDS, SELECT_CONTACT, Contact, ContactExtras
from devhub_tui.storage.store.skills import SkillsMixin


class ContactsMixin(SkillsMixin):
    """One contact at a time, its tags and skills. `data` may hold "skills" (a list,
    core.skills normalises it): on add they are the contact's skills, on update they
    replace them."""

    def _clean_contact(self, data: dict[str, Any]) -> dict[str, Any]:
        """The last line of defence before a contact's columns are written (the form,
        the CLI and imports validate first: core.contact.validate_contact)."""
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key not in CONTACT_FIELDS:
                raise ValueError(f"unknown contact field {key!r}")
            if isinstance(value, str):
                multiline = key == "notes"
                limit = MAX_NOTE_LEN if multiline else 500
                value = clean_text(value, max_len=limit, multiline=multiline)
                if key != "name":
                    value = value or None
            if key in ("vip", "archived"):
                value = 1 if value else 0
            out[key] = value
        if "name" in out and not (out["name"] or "").strip():
            raise ValidationError("a contact needs a name")
        return out

    def add_contact(self, data: dict[str, Any], tags: Iterable[str] = ()) -> str:
        data = dict(data)
        skills = data.pop("skills", None)
        clean = self._clean_contact(data)
        if "name" not in clean:
            raise ValidationError("a contact needs a name")
        now = self.clock()
        cid = new_id()
        cols = ["id", "user_id", *clean.keys(), "created_at", "updated_at"]
        vals = [cid, self.user_id, *clean.values(), now, now]
        with self.db.write() as c:
            c.execute(
                f"INSERT INTO contacts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                vals,
            )
            for tag in tags:
                self._add_tag(c, cid, tag)
            if skills:
                self._write_skills(c, cid, skills)
            self._recompute(c, [cid])
        return cid

    def update_contact(self, contact_id: str, data: dict[str, Any]) -> None:
        data = dict(data)
        skills = data.pop("skills", None)
        clean = self._clean_contact(data)
        if not clean and skills is None:
            return
        sets = ", ".join(f"{k} = ?" for k in [*clean, "updated_at"])
        with self.db.write() as c:
            cur = c.execute(
                f"UPDATE contacts SET {sets} WHERE id = ? AND user_id = ?",
                [*clean.values(), self.clock(), contact_id, self.user_id],
            )
            if cur.rowcount == 0:
                raise NotFoundError("that contact no longer exists")
            if skills is not None:
                self._write_skills(c, contact_id, skills)
            self._recompute(c, [contact_id])

    def delete_contact(self, contact_id: str) -> None:
        """Delete a contact with its interactions, follow-ups, tags links and VIP data."""
        with self.db.write() as c:
            cur = c.execute(
                "DELETE FROM contacts WHERE id = ? AND user_id = ?", (contact_id, self.user_id)
            )
            if cur.rowcount == 0:
                raise NotFoundError("that contact no longer exists")

    def get_contact(self, contact_id: str) -> Contact:
        row = self.select_own(SELECT_CONTACT, "c.id = ?", (contact_id,),
                              owner="c.user_id").fetchone()
        if row is None:
            raise NotFoundError("that contact no longer exists")
        return Contact.from_select(row)

    def contact_refs(self) -> list[ContactRef]:
        """Every contact not archived, with the detail a picker shows (company · email),
        so the quick-log picker shows it in the frame of the key that listed them."""
        rows = self.select_own("SELECT id, name, nickname, company, email FROM contacts",
                               "archived = 0")
        return [ContactRef(r[0], r[1], r[2], ref_detail(r[3], r[4]))
                for r in rows.fetchall()]

    def contact_refs_matching(self, word: str) -> list[ContactRef]:
        """Contacts with a name word or nickname starting with `word` (for the CLI's
        quick log: avoids loading every contact). ASCII case-insensitive."""
        w = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.select_own(
            "SELECT id, name, nickname FROM contacts",
            "archived = 0 AND (name LIKE ? || '%' ESCAPE '\\' OR nickname LIKE ? || '%'"
            " ESCAPE '\\' OR name LIKE '% ' || ? || '%' ESCAPE '\\')",
            (w, w, w),
        ).fetchall()
        return [ContactRef(r[0], r[1], r[2]) for r in rows]

    # -- imported details ----------------------------------------------------
    def contact_extras(self, contact_id: str) -> ContactExtras:
        row = self.select_own("SELECT email_label, phone_label FROM contacts", "id = ?",
                              (contact_id,)).fetchone()
        if row is None:
            raise NotFoundError("that contact no longer exists")
        details = self.select_own(
            "SELECT kind, label, value FROM contact_details",
            "contact_id = ? AND kind != 'name'", (contact_id,), tail="ORDER BY kind, position",
        ).fetchall()
        return ContactExtras(row[0], row[1], [tuple(d) for d in details])

    # -- tags --------------------------------------------------------------
    def _tag_id(self, c: Any, name: str) -> str:
        tag = validate_tag(name)
        row = self.select_own("SELECT id FROM tags", "name = ?", (tag,), conn=c).fetchone()
        if row:
            return str(row[0])
        tid = stable_id("tag", self.user_id, tag)  # same row on every synced device
        c.execute(
            "INSERT INTO tags (id, user_id, name, created_at) VALUES (?, ?, ?, ?)",
            (tid, self.user_id, tag, self.clock()),
        )
        return tid

    def _add_tag(self, c: Any, contact_id: str, name: str) -> None:
        tid = self._tag_id(c, name)
        c.execute(
            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)",
            (contact_id, tid),
        )

    def _remove_tag(self, c: Any, contact_id: str, name: str) -> None:
        c.execute(
            "DELETE FROM contact_tags WHERE contact_id = ? AND tag_id IN"
            " (SELECT id FROM tags WHERE user_id = ? AND name = ?)",
            (contact_id, self.user_id, name),
        )

    def add_tag(self, contact_id: str, name: str) -> None:
        with self.db.write() as c:
            self._own(c, contact_id)
            self._add_tag(c, contact_id, name)

    def remove_tag(self, contact_id: str, name: str) -> None:
        with self.db.write() as c:
            self._own(c, contact_id)
            self._remove_tag(c, contact_id, name.strip().lower())

    def set_tags(self, contact_id: str, names: Iterable[str]) -> None:
        wanted = {validate_tag(n) for n in names if n.strip()}
        with self.db.write() as c:
            self._own(c, contact_id)
            current = {
                r[0]
                for r in c.execute(
                    "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
                    " WHERE ct.contact_id = ?",
                    (contact_id,),
                )
            }
            for name in current - wanted:
                self._remove_tag(c, contact_id, name)
            for name in sorted(wanted - current):
                self._add_tag(c, contact_id, name)

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag of the user with how many contacts carry it."""
        rows = self.select_own(
            "SELECT t.name, count(ct.contact_id) FROM tags t LEFT JOIN contact_tags ct"
            " ON ct.tag_id = t.id", owner="t.user_id", tail="GROUP BY t.id ORDER BY t.name",
        ).fetchall()
        return [(r[0], int(r[1])) for r in rows]
