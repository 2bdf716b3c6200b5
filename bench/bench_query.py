"""The contacts search syntax (issue 20): `skill:`, `topic:`, `industry:`,
`relationship:` filters alone and with free text, as `ContactsScreen` runs them
(`list_contacts(search=..., limit=60)`: the first page by name, with tags and
skills), against the raw query for the same page on a raw sqlite3 connection: the
filters as `IN` subqueries on the skills / topics indexes (and FTS5 for the text),
ids and names sorted by name, LIMIT 60.
"""

from __future__ import annotations

from .common import Context, Result, median, raw_connect, timed

REPS = 5
PAGE = 60
_FTS = "c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH :m)"
_SKILL = ("c.id IN (SELECT contact_id FROM contact_skills WHERE user_id = :uid"
          " AND skill = '{}')")
_TOPIC = ("c.id IN (SELECT contact_id FROM interaction_topics WHERE user_id = :uid"
          " AND topic = '{}')")
#: (typed query, the raw conditions that give the same page)
QUERIES: tuple[tuple[str, list[str]], ...] = (
    ("skill:rust", [_SKILL.format("rust")]),
    ("skill:k8s skill:go", [_SKILL.format("kubernetes"), _SKILL.format("go")]),
    ("topic:wasm", [_TOPIC.format("webassembly")]),
    ("industry:fintech relationship:mentor",
     ["c.industry = 'fintech' COLLATE NOCASE", "c.relationship = 'mentor' COLLATE NOCASE"]),
    ("skill:rust maria", [_SKILL.format("rust"), _FTS]),
    ("skill:python topic:rust kim", [_SKILL.format("python"), _TOPIC.format("rust"), _FTS]),
)


def run(ctx: Context) -> list[Result]:
    return ctx.per_scale(_scale)


def _scale(ctx: Context, scale: str) -> list[Result]:
    from devhub_tui.core.fts import fts_query
    from devhub_tui.core.query import parse_query
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.store import Store

    path = ctx.work[scale]
    db = open_database(path)
    raw = raw_connect(path)
    uid = ctx.user(path)
    apps: list[float] = []
    bases: list[float] = []
    notes: list[str] = []
    try:
        store = Store(db, uid)
        for text, conds in QUERIES:
            sql = (f"SELECT c.id, c.name FROM contacts c WHERE c.user_id = :uid AND "
                   f"{' AND '.join(conds)} ORDER BY c.name COLLATE NOCASE LIMIT {PAGE}")
            params = {"uid": uid, "m": fts_query(parse_query(text).text) or ""}

            def app(q: str = text) -> int:
                return len(store.list_contacts(search=q, sort="name", limit=PAGE))

            def base(s: str = sql, p: dict[str, str] = params) -> int:
                return len(raw.execute(s, p).fetchall())

            rows = app()
            assert rows == base(), text  # the same page
            a = median([timed(app) * 1000 for _ in range(REPS)])
            b = median([timed(base) * 1000 for _ in range(REPS)])
            apps.append(a)
            bases.append(b)
            notes.append(f"'{text}': {a:.1f} ms vs {b:.1f} ms ({rows} rows)")
    finally:
        raw.close()
        db.close()
    return [Result("search syntax (store, first page)", scale, "list_contacts(search=...)",
                   "raw SQL, same page", median(apps), median(bases), notes=notes)]
