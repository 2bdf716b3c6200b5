"""Skills and topics (issue 20, migration 7): a contact's skills and the `#topics`
of interaction notes, both normalised by core.skills."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from devhub_tui.core.skills import extract_topics, normalize_skills
from devhub_tui.storage.store.base import StoreBase

#: What a Turso replica runs after a pull (its server does not enforce foreign keys):
#: skills and topics of a contact or interaction deleted on another device.
ORPHAN_SWEEP = (
    "DELETE FROM contact_skills WHERE contact_id NOT IN (SELECT id FROM contacts)",
    "DELETE FROM interaction_topics WHERE interaction_id NOT IN (SELECT id FROM interactions)"
    " OR contact_id NOT IN (SELECT id FROM contacts)",
)
#: The contact columns the contacts screen filters and groups by (besides skills).
CATEGORY_COLUMNS = ("industry", "relationship")
#: One topic row of `interaction_topics`, in its columns' order.
TOPIC_INSERT = (
    "INSERT OR IGNORE INTO interaction_topics (interaction_id, topic, user_id, contact_id)"
    " VALUES (?, ?, ?, ?)"
)


def topic_rows(rows: Iterable[tuple[str, str, str, str | None]]) -> list[tuple[str, ...]]:
    """The `interaction_topics` rows of interactions given as (id, user_id,
    contact_id, notes): every path that writes interactions in bulk (backup
    restore, the demo, the upgrade from schema 6) writes these beside them. A note
    without a ``#`` has no topic (skipped without a regex); repeated notes are read
    once."""
    seen: dict[str, list[str]] = {}
    out: list[tuple[str, ...]] = []
    for iid, uid, cid, notes in rows:
        if not notes or "#" not in notes:
            continue
        topics = seen.get(notes)
        if topics is None:
            topics = seen[notes] = extract_topics(notes)
        out.extend((iid, t, uid, cid) for t in topics)
    return out


def backfill_topics(c: Any) -> int:
    """Topics for every interaction whose note has a ``#`` (a store upgraded from
    schema 6, where notes were written before topics existed). Returns the rows
    written. Only notes with a ``#`` leave SQLite (`LIKE '%#%'`)."""
    rows = c.execute(
        "SELECT id, user_id, contact_id, notes FROM interactions WHERE notes LIKE '%#%'"
    ).fetchall()
    out = topic_rows((str(r[0]), str(r[1]), str(r[2]), r[3]) for r in rows)
    if out:
        c.executemany(TOPIC_INSERT, out)
    return len(out)


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

    def _write_topics(self, c: Any, interaction_id: str, contact_id: str, notes: str,
                      *, new: bool = False) -> None:
        """The interaction's topics are the `#words` of its note (`new`: an interaction
        inserted in this transaction, with no topics to replace yet)."""
        if not new:
            c.execute("DELETE FROM interaction_topics WHERE interaction_id = ?",
                      (interaction_id,))
        topics = extract_topics(notes)
        if topics:
            c.executemany(TOPIC_INSERT,
                          [(interaction_id, t, self.user_id, contact_id) for t in topics])

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

    def contact_topics(self, contact_id: str) -> list[tuple[str, int]]:
        """What you talk about with the contact: each `#topic` of their interactions'
        notes with how many interactions carry it, most first (then by name)."""
        rows = self.select_own(
            "SELECT topic, count(*) AS n FROM interaction_topics", "contact_id = ?",
            (contact_id,), tail="GROUP BY topic ORDER BY n DESC, topic").fetchall()
        return [(str(r[0]), int(r[1])) for r in rows]

    def skill_counts(self) -> list[tuple[str, int]]:
        """Every skill of the user's contacts with how many have it, most first."""
        rows = self.select_own(
            "SELECT skill, count(*) AS n FROM contact_skills", "",
            tail="GROUP BY skill ORDER BY n DESC, skill").fetchall()
        return [(str(r[0]), int(r[1])) for r in rows]

    def category_counts(self, column: str) -> list[tuple[str, int]]:
        """The values of `industry` or `relationship` (any case is one value, shown
        lower-case) with how many contacts have each, most first."""
        if column not in CATEGORY_COLUMNS:
            raise ValueError(f"not a category: {column!r}")
        rows = self.select_own(
            f"SELECT lower({column}) AS v, count(*) AS n FROM contacts",
            f"{column} IS NOT NULL AND {column} != ''",
            tail="GROUP BY v ORDER BY n DESC, v").fetchall()
        return [(str(r[0]), int(r[1])) for r in rows]

    def interaction_topics(self, interaction_id: str) -> list[str]:
        rows = self.select_own("SELECT topic FROM interaction_topics", "interaction_id = ?",
                               (interaction_id,), tail="ORDER BY topic").fetchall()
        return [r[0] for r in rows]
