"""Who knows what (issue 20): the candidates of a "who knows rust and wasm?"
question, and the tech-stack aggregate -- each one SQL statement whose rows SQLite
packs into one (`StoreBase._packed`), never a query per contact.

- `match_candidates(asked)`: every non-archived contact that has one of the asked
  skills or talked about one of them (an interaction `#topic`), with the matched
  skills and topics, the interactions of the last 365 days, the last one, the time
  zone and location. `core.match.rank` scores them.
- `tech_stack(topics=False)`: per skill (or per topic discussed) the contacts that
  have it, their share of every non-archived contact, and how many of them you
  talked to in the last 90 days; the 25 most common.
- `stack_contacts(name, topics=False)`: the contacts behind one bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from devhub_tui.storage.store.base import StoreBase

if TYPE_CHECKING:  # core.match is imported when matching (not by every Store at start-up)
    from devhub_tui.core.match import Candidate

__all__ = ["PEOPLE_LIMIT", "RECENT_DAYS", "STACK_LIMIT", "MatchMixin", "StackPerson",
           "StackRow", "TechStack"]

DAY_MS = 86_400_000
#: "talked to recently" in the tech stack
RECENT_DAYS = 90
#: bars the tech stack shows
STACK_LIMIT = 25
#: most contacts listed behind one bar
PEOPLE_LIMIT = 1000


@dataclass(frozen=True)
class StackRow:
    name: str
    #: contacts with this skill (or that you talked about this topic with)
    contacts: int
    #: of them, talked to in the last RECENT_DAYS days
    recent: int


@dataclass(frozen=True)
class TechStack:
    topics: bool
    rows: list[StackRow]
    #: every non-archived contact (the share's denominator)
    total: int
    #: distinct skills (topics) in the network, shown or not
    distinct: int

    def share(self, row: StackRow) -> float:
        return row.contacts / self.total if self.total else 0.0


@dataclass(frozen=True)
class StackPerson:
    contact_id: str
    name: str
    company: str | None
    last_contacted: int | None


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def candidates_sql(n: int) -> str:
    """The candidates of `n` asked names: contacts with one of the asked skills or
    topics, aggregated per contact. Parameters: asked..., uid, asked..., uid, since,
    uid."""
    marks = _marks(n)
    return (
        "WITH hits(contact_id, skill, topic) AS ("
        f" SELECT contact_id, skill, NULL FROM contact_skills WHERE skill IN ({marks})"
        "  AND user_id = ?"
        " UNION ALL"
        f" SELECT DISTINCT contact_id, NULL, topic FROM interaction_topics WHERE topic IN ({marks})"
        "  AND user_id = ?),"
        " per(contact_id, skills, topics) AS ("
        " SELECT contact_id, group_concat(skill, ','), group_concat(topic, ',')"
        " FROM hits GROUP BY contact_id)"
        " SELECT c.id AS id, c.name AS name, per.skills AS skills, per.topics AS topics,"
        "  (SELECT count(*) FROM interactions i WHERE i.contact_id = c.id AND i.date >= ?)"
        "   AS talks,"
        "  c.last_contacted AS last, c.timezone AS tz, c.location AS loc"
        " FROM per JOIN contacts c ON c.id = per.contact_id"
        " WHERE c.user_id = ? AND c.archived = 0"
    )


def stack_sql(topics: bool) -> str:
    """Per skill (topic): its contacts, how many of them were talked to since `?`,
    and how many skills (topics) there are in all; the most common first
    (ties by name), at most `?`. Parameters: since, uid, limit."""
    if topics:
        body = (
            "SELECT p.topic AS name, count(*) AS n,"
            " total(c.last_contacted >= ?) AS recent, count(*) OVER () AS kinds"
            " FROM (SELECT DISTINCT topic, contact_id FROM interaction_topics"
            "  WHERE user_id = ?) p JOIN contacts c ON c.id = p.contact_id"
            " WHERE c.archived = 0 GROUP BY p.topic"
        )
    else:
        body = (
            "SELECT s.skill AS name, count(*) AS n,"
            " total(c.last_contacted >= ?) AS recent, count(*) OVER () AS kinds"
            " FROM contact_skills s JOIN contacts c ON c.id = s.contact_id"
            " WHERE s.user_id = ? AND c.archived = 0 GROUP BY s.skill"
        )
    return body + " ORDER BY n DESC, name LIMIT ?"


class MatchMixin(StoreBase):
    """Match candidates and the tech stack (see the module docstring)."""

    def match_candidates(self, asked: Sequence[str]) -> list[Candidate]:
        """Contacts with at least one of the `asked` skills or topics (normalised
        names: `core.match.parse_technologies`), in no particular order."""
        from devhub_tui.core.match import YEAR_DAYS, Candidate

        asked = list(dict.fromkeys(asked))
        if not asked:
            return []
        since = self.clock() - YEAR_DAYS * DAY_MS
        rows = self._packed(
            "id, name, skills, topics, talks, last, tz, loc",
            candidates_sql(len(asked)),
            [*asked, self.user_id, *asked, self.user_id, since, self.user_id],
        )
        out: list[Candidate] = []
        for cid, name, skills, topics, talks, last, tz, loc in rows:
            have_skills = set(skills.split(",")) if skills else set()
            have_topics = set(topics.split(",")) if topics else set()
            out.append(Candidate(
                cid, name,
                tuple(t for t in asked if t in have_skills),
                tuple(t for t in asked if t in have_topics),
                int(talks or 0), last, tz, loc))
        return out

    def active_contact_count(self) -> int:
        (n,) = self.select_own("SELECT count(*) FROM contacts", "archived = 0").fetchone()
        return int(n)

    def tech_stack(self, topics: bool = False, limit: int = STACK_LIMIT) -> TechStack:
        """The `limit` most common skills (topics) across the non-archived contacts
        (ties by name)."""
        since = self.clock() - RECENT_DAYS * DAY_MS
        rows = self._packed("name, n, recent, kinds", stack_sql(topics),
                            [since, self.user_id, limit])
        rows.sort(key=lambda r: (-r[1], r[0]))  # (packing keeps no order)
        return TechStack(
            topics, [StackRow(name, int(n), int(recent)) for name, n, recent, _ in rows],
            self.active_contact_count(), int(rows[0][3]) if rows else 0)

    def stack_contacts(self, name: str, topics: bool = False,
                       limit: int = PEOPLE_LIMIT) -> list[StackPerson]:
        """The non-archived contacts with skill `name` (or that you talked about
        topic `name` with), by name."""
        if topics:
            where = ("c.archived = 0 AND c.id IN (SELECT contact_id FROM interaction_topics"
                     " WHERE user_id = ? AND topic = ?)")
        else:
            where = ("c.archived = 0 AND c.id IN (SELECT contact_id FROM contact_skills"
                     " WHERE user_id = ? AND skill = ?)")
        rows = self.select_own(
            "SELECT c.id, c.name, c.company, c.last_contacted FROM contacts c", where,
            (self.user_id, name, limit), owner="c.user_id",
            tail="ORDER BY c.name COLLATE NOCASE, c.id LIMIT ?").fetchall()
        return [StackPerson(*r) for r in rows]
