"""Finding contacts: the filters, full-text search (FTS5, or LIKE on replicas
without it) and paging of `list_contacts` / `count_contacts`."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from devhub_tui.core.fts import fts_query, fts_tokens
from devhub_tui.core.query import Query, parse_query
from devhub_tui.core.skills import normalize_skill
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.store.base import StoreBase
from devhub_tui.storage.store.rows import SELECT_CONTACT, Contact

SORTS = {
    "name": "c.name COLLATE NOCASE ASC, c.id",
    "last_contacted": "c.last_contacted IS NULL, c.last_contacted DESC, c.id",
    "status": (
        "CASE c.status WHEN 'overdue' THEN 0 WHEN 'needs-attention' THEN 1"
        " WHEN 'due-soon' THEN 2 WHEN 'ok' THEN 3 WHEN 'snoozed' THEN 4 ELSE 5 END,"
        " c.name COLLATE NOCASE, c.id"
    ),
    "created": "c.created_at DESC, c.id",
    # grouped (issue 20): the group's rows together, in name order; no group last
    "industry": "coalesce(lower(c.industry), char(1114111)), c.name COLLATE NOCASE, c.id",
    "relationship": (
        "coalesce(lower(c.relationship), char(1114111)), c.name COLLATE NOCASE, c.id"
    ),
    "skill": (
        "coalesce((SELECT min(cs.skill) FROM contact_skills cs WHERE cs.contact_id = c.id),"
        " char(1114111)), c.name COLLATE NOCASE, c.id"
    ),
}
#: Search words this long (or longer) also search interaction notes.
NOTES_SEARCH_MIN_CHARS = 3
#: A notes search walks the contacts in name order only when half its matching notes
#: (the walk's budget, in contacts) is at least this many.
WALK_MIN_BUDGET = 1000
#: How far (in contacts, name order) a one- or two-letter search walks before it
#: falls back to sorting every match.
SHORT_WALK_BUDGET = 10_000


def like(word: str) -> str:
    """A LIKE pattern matching `word` anywhere (escape character: backslash)."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


#: Contact fields searched when the store has no FTS5 (sync replicas).
_LIKE_FIELDS = (
    "c.name LIKE ? ESCAPE '\\' OR c.nickname LIKE ? ESCAPE '\\'"
    " OR c.company LIKE ? ESCAPE '\\' OR c.title LIKE ? ESCAPE '\\'"
    " OR c.location LIKE ? ESCAPE '\\' OR c.notes LIKE ? ESCAPE '\\'"
    " OR c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
    " WHERE t.user_id = c.user_id AND t.name LIKE ? ESCAPE '\\')"
)
_LIKE_CONTACT_ONLY = f"({_LIKE_FIELDS})"
_LIKE_CONTACT = (
    f"({_LIKE_FIELDS} OR c.id IN (SELECT i.contact_id FROM interactions i"
    " WHERE i.user_id = c.user_id AND i.notes LIKE ? ESCAPE '\\'))"
)


_TAG_FILTER = (
    "c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id ="
    " ct.tag_id WHERE t.user_id = ? AND t.name = ?)"
)


def build_query(search: str | None, skills: Iterable[str] = (), industry: str | None = None,
                relationship: str | None = None) -> Query:
    """The search text read as the query syntax (core.query), with the filters given
    beside it (`devhub contacts --skill rust --industry fintech`) added: all must hold."""
    q = parse_query(search)
    for value in skills:
        try:
            skill = normalize_skill(value)
        except ValidationError as exc:
            q.errors.append(f"skill {value}: {exc}")
            continue
        if skill not in q.skills:
            q.skills.append(skill)
    extra = [("industry", industry), ("relationship", relationship)]
    for name, given in extra:
        value = " ".join((given or "").split())
        if not value:
            continue
        if getattr(q, name) is not None and getattr(q, name).lower() != value.lower():
            q.errors.append(f"{name} can't be both {getattr(q, name)} and {value}")
        setattr(q, name, value)
    return q


class ContactSearchMixin(StoreBase):
    """Lists and counts of contacts: filtered, searched, sorted and paged. `search`
    is the query syntax of core.query (`skill:rust topic:wasm ada`)."""

    def _query_filter(self, q: Query, where: list[str], params: list[Any]) -> None:
        """The conditions of the query's `key:value` filters."""
        if q.impossible:
            where.append("0")
            return
        for skill in q.skills:
            where.append("c.id IN (SELECT cs.contact_id FROM contact_skills cs"
                         " WHERE cs.user_id = ? AND cs.skill = ?)")
            params.extend([self.user_id, skill])
        for topic in q.topics:
            where.append("c.id IN (SELECT it.contact_id FROM interaction_topics it"
                         " WHERE it.user_id = ? AND it.topic = ?)")
            params.extend([self.user_id, topic])
        for slug in q.events:
            where.append(_TAG_FILTER)
            params.extend([self.user_id, slug])
        if q.industry:
            where.append("c.industry = ? COLLATE NOCASE")
            params.append(q.industry)
        if q.relationship:
            where.append("c.relationship = ? COLLATE NOCASE")
            params.append(q.relationship)

    def _contact_filter(
        self,
        *,
        search: str | Query | None,
        status: str | None,
        tag: str | None,
        vip: bool | None,
        archived: bool | None,
        for_walk: bool = False,
    ) -> tuple[str, list[Any]]:
        """The WHERE clause (over `contacts c`) and its parameters (`search`: the
        query syntax, or a parsed `Query`).

        `for_walk`: for a walk down the (user_id, name) index that stops at the page's
        end (`_walk_by_name`): the user_id condition stays usable by that index, and
        interaction notes are tested contact by contact (EXISTS over the contact's
        interactions against the notes matches) instead of collecting every matching
        note's contact first.
        """
        where = ["c.user_id = ?"]
        params: list[Any] = [self.user_id]
        if status:
            where.append("c.status = ?")
            params.append(status)
        if vip is not None:
            where.append("c.vip = ?")
            params.append(1 if vip else 0)
        if archived is not None:
            where.append("c.archived = ?")
            params.append(1 if archived else 0)
        if tag:
            where.append(_TAG_FILTER)
            params.extend([self.user_id, tag.strip().lower()])
        q = search if isinstance(search, Query) else parse_query(search)
        self._query_filter(q, where, params)
        search = q.text
        if search and not self.db.fts:
            # replicas without FTS5: every word must appear in some searchable field
            words = fts_tokens(search)[:8]
            if not words:
                where.append("0")
            for word in words:
                if len(word) >= NOTES_SEARCH_MIN_CHARS:
                    where.append(_LIKE_CONTACT)
                    params.extend([like(word)] * 8)
                else:
                    where.append(_LIKE_CONTACT_ONLY)
                    params.extend([like(word)] * 7)
        elif search:
            match = fts_query(search)
            if match is None:
                where.append("0")
            else:
                # Drive from the FTS matches (CROSS JOIN fixes the join order, `+` keeps
                # the user_id index from driving): otherwise SQLite walks all the user's
                # interactions and probes FTS once per row (minutes at 1M interactions).
                where[0] = "+c.user_id = ?"
                notes = min(len(t) for t in fts_tokens(search)) >= NOTES_SEARCH_MIN_CHARS
                if for_walk:
                    where[0] = "c.user_id = ?"
                if notes and for_walk:
                    where.append(
                        "(c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)"
                        " OR EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id"
                        " AND i.rowid IN (SELECT rowid FROM interactions_fts WHERE"
                        " interactions_fts MATCH ?)))"
                    )
                    params.extend([match, match])
                elif notes:
                    where.append(
                        "c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?"
                        " UNION SELECT c2.rowid FROM interactions_fts f CROSS JOIN"
                        " interactions i ON i.rowid = f.rowid CROSS JOIN contacts c2 ON"
                        " c2.id = i.contact_id WHERE interactions_fts MATCH ? AND"
                        " i.user_id = ?)"
                    )
                    params.extend([match, match, self.user_id])
                else:
                    # one or two letters: contact fields only (what you talked about joins
                    # in from the third letter; a one-letter prefix of a million notes
                    # costs a second per keystroke)
                    where.append(
                        "c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)"
                    )
                    params.append(match)
        return " AND ".join(where), params

    def list_contacts(
        self,
        *,
        search: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        vip: bool | None = None,
        archived: bool | None = None,
        skills: Iterable[str] = (),
        industry: str | None = None,
        relationship: str | None = None,
        sort: str = "name",
        limit: int | None = 200,
        offset: int = 0,
    ) -> list[Contact]:
        """A page of contacts. `search` is the query syntax (core.query); `skills`
        (all of them), `industry` and `relationship` narrow it further."""
        order = SORTS.get(sort, SORTS["name"])
        conn = self.db.conn()
        q = build_query(search, skills, industry, relationship)
        where, params = self._contact_filter(
            search=q, status=status, tag=tag, vip=vip, archived=archived
        )
        if limit is None or not self.db.fts:
            sql = f"{SELECT_CONTACT} WHERE {where} ORDER BY {order}"
            if limit is not None:
                sql += " LIMIT ? OFFSET ?"
                params += [limit, offset]
        else:
            # The page first (only the sort keys go through the sorter), then its columns
            # and tags: a tags subquery in the sorted query would run for every match
            # (50,000 rows for "m" at 100k contacts), not for the page's 200.
            rowids = None
            # (few VIPs, tagged, with a skill...: sparse)
            if q.text and sort == "name" and not (tag or vip or q.has_filters):
                rowids = self._walk_by_name(q.text, status, archived, limit, offset)
            if rowids is None:
                page = (f"SELECT c.rowid FROM contacts c WHERE {where} ORDER BY {order}"
                        " LIMIT ? OFFSET ?")
                params += [limit, offset]
            elif not rowids:
                return []
            else:
                page = ", ".join("?" * len(rowids))
                params = list(rowids)
            sql = f"{SELECT_CONTACT} WHERE c.rowid IN ({page}) ORDER BY {order}"
        rows = conn.execute(sql, params).fetchall()
        return [Contact.from_select(r) for r in rows]

    def _walk_by_name(
        self,
        search: str,
        status: str | None,
        archived: bool | None,
        limit: int,
        offset: int,
    ) -> list[int] | None:
        """The rowids of a page of a search in name order, found by walking the
        contacts in name order and stopping at the page's end; None when that walk
        would not pay (few notes match) or ran past its budget (few contacts match).
        Short words (contact fields only) are described below; for a notes search:

        Collecting every matching note's contact costs two lookups per note (~50 ms for
        "rust" at 1M interactions); the walk costs ~3 µs per contact passed, so it wins
        when matches are dense. Its budget: the contacts up to the name of the
        `budget`-th one, `budget` = half the matching notes (a walk that fails wastes at
        most ~half of what the full query costs).
        """
        words = fts_tokens(search)
        if not words:
            return None
        conn = self.db.conn()
        if min(len(t) for t in words) < NOTES_SEARCH_MIN_CHARS:
            # Contact fields only. One or two letters match a large share of the
            # contacts ("m": half of 100k): sorting every match by name costs ~15 ms;
            # the walk checks each contact passed against the matches (collected
            # once) for ~0.2 µs. A rare prefix runs past the budget (~2 ms) and falls
            # back to the sort, which is cheap for few matches.
            budget = max(SHORT_WALK_BUDGET, 4 * (offset + limit))
        else:
            (notes,) = conn.execute(
                "SELECT count(*) FROM interactions_fts WHERE interactions_fts MATCH ?",
                (fts_query(search),),
            ).fetchone()
            budget = int(notes) // 2
            if budget < WALK_MIN_BUDGET or budget < 4 * (offset + limit):
                return None
        row = conn.execute(
            "SELECT name FROM contacts WHERE user_id = ? ORDER BY name COLLATE NOCASE"
            " LIMIT 1 OFFSET ?",
            (self.user_id, budget),
        ).fetchone()
        where, params = self._contact_filter(
            search=Query(text=search), status=status, tag=None, vip=None, archived=archived,
            for_walk=True,
        )
        if row is not None:  # else the walk can pass every contact
            where += " AND c.name <= ? COLLATE NOCASE"
            params.append(row[0])
        rowids = [
            int(r[0])
            for r in conn.execute(
                f"SELECT c.rowid FROM contacts c INDEXED BY ix_contacts_user_name WHERE {where}"
                f" ORDER BY {SORTS['name']} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        ]
        if len(rowids) < limit and row is not None:
            return None  # the walk stopped at its budget: not the whole page
        return rowids

    def count_contacts(
        self,
        *,
        search: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        vip: bool | None = None,
        archived: bool | None = None,
        skills: Iterable[str] = (),
        industry: str | None = None,
        relationship: str | None = None,
    ) -> int:
        q = build_query(search, skills, industry, relationship)
        where, params = self._contact_filter(
            search=q, status=status, tag=tag, vip=vip, archived=archived
        )
        return int(
            self.db.conn()
            .execute(f"SELECT count(*) FROM contacts c WHERE {where}", params)
            .fetchone()[0]
        )

