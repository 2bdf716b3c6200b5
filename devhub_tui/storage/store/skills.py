"""Skills and topics (issue 20, migration 7): a contact's skills and the `#topics`
of interaction notes, both normalised by core.skills."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from devhub_tui.core.skills import extract_topics, normalize_skills
from devhub_tui.storage.store.base import StoreBase


class SkillsMixin(StoreBase):
    """Write and read skills and topics; contacts and interactions call the writers
    inside their own transactions."""

    # -- writers (inside a write transaction `c`) ------------------------------
    def _write_skills(self, c: Any, contact_id: str, skills: Iterable[str]) -> None:
        """Make the contact's skills exactly `skills` (normalised)."""
        wanted = normalize_skills(skills)
        c.execute("DELETE FROM contact_skills WHERE contact_id = ?", (contact_id,))
        c.executemany(
            "INSERT OR IGNORE INTO contact_skills (contact_id, skill, user_id) VALUES (?, ?, ?)",
            [(contact_id, s, self.user_id) for s in wanted],
        )

    def _write_topics(self, c: Any, interaction_id: str, contact_id: str, notes: str) -> None:
        """The interaction's topics are the `#words` of its note."""
        c.execute("DELETE FROM interaction_topics WHERE interaction_id = ?", (interaction_id,))
        c.executemany(
            "INSERT OR IGNORE INTO interaction_topics (interaction_id, topic, user_id,"
            " contact_id) VALUES (?, ?, ?, ?)",
            [(interaction_id, t, self.user_id, contact_id) for t in extract_topics(notes)],
        )

    # -- public ---------------------------------------------------------------
    def contact_skills(self, contact_id: str) -> list[str]:
        """The contact's skills, sorted."""
        rows = self.select_own("SELECT skill FROM contact_skills", "contact_id = ?",
                               (contact_id,), tail="ORDER BY skill").fetchall()
        return [r[0] for r in rows]

    def set_skills(self, contact_id: str, skills: Iterable[str]) -> None:
        with self.db.write() as c:
            self._own(c, contact_id)
            self._write_skills(c, contact_id, skills)

    def change_skills(self, contact_id: str, add: Iterable[str] = (),
                      remove: Iterable[str] = ()) -> list[str]:
        """Add and remove skills (normalised); the skills after, sorted."""
        gone = set(normalize_skills(remove))
        with self.db.write() as c:
            self._own(c, contact_id)
            current = [r[0] for r in c.execute(
                "SELECT skill FROM contact_skills WHERE contact_id = ?", (contact_id,))]
            after = normalize_skills([*current, *add])
            after = [s for s in after if s not in gone]
            self._write_skills(c, contact_id, after)
        return after

    def interaction_topics(self, interaction_id: str) -> list[str]:
        rows = self.select_own("SELECT topic FROM interaction_topics", "interaction_id = ?",
                               (interaction_id,), tail="ORDER BY topic").fetchall()
        return [r[0] for r in rows]
