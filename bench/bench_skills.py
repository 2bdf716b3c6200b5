"""Who knows… and the tech stack (issue 20) on the store's skills and `#topics`,
against raw SQL for the same aggregate.

The generator gives every contact 0-4 of 40 skills (the first ones most often) and
marks some tech topics in interaction notes as `#topics`. Match: what the Match
screen's worker and `devhub match` run, `services.match_view.find_matches(store,
QUERY, near, limit=20)` -- the candidates (contacts with an asked skill or topic,
their matched skills and topics, interactions in 365 days, last contact, zone,
location) in one statement, then `core.match.rank` scores and sorts them in
Python; the baseline is one raw GROUP BY of the same per-candidate columns fetched
in full on a plain sqlite3 connection (no scoring). Stack: `load_stack(store)`
(skills) and `load_stack(store, topics=True)` -- the top 25 with counts, the share
denominator and the 90-day counts -- against the raw GROUP BY of the same top 25
plus the raw count of contacts.
"""

from __future__ import annotations

from typing import Any

from .common import Context, Result, median, raw_connect, timed

RUNS = 9
DAY_MS = 86_400_000
#: (technologies, --near) asked of the store
QUERIES: tuple[tuple[str, str | None], ...] = (
    ("rust wasm", None),
    ("python kubernetes", "Europe/Berlin"),
    ("go postgres", "london"),
)


def _raw_candidates(n: int) -> str:
    marks = ", ".join("?" * n)
    return (
        "SELECT c.id, c.name, group_concat(DISTINCT h.skill), group_concat(DISTINCT h.topic),"
        " (SELECT count(*) FROM interactions i WHERE i.contact_id = c.id AND i.date >= ?),"
        " c.last_contacted, c.timezone, c.location"
        " FROM (SELECT contact_id, skill, NULL AS topic FROM contact_skills"
        f"  WHERE user_id = ? AND skill IN ({marks})"
        "  UNION ALL SELECT contact_id, NULL, topic FROM interaction_topics"
        f"  WHERE user_id = ? AND topic IN ({marks})) h"
        " JOIN contacts c ON c.id = h.contact_id AND c.archived = 0 AND c.user_id = ?"
        " GROUP BY c.id"
    )


RAW_SKILLS = (
    "SELECT s.skill, count(*) AS n, total(c.last_contacted >= ?)"
    " FROM contact_skills s JOIN contacts c ON c.id = s.contact_id"
    " WHERE s.user_id = ? AND c.archived = 0 GROUP BY s.skill ORDER BY n DESC, s.skill"
    " LIMIT 25"
)
RAW_TOPICS = (
    "SELECT t.topic, count(*) AS n, total(c.last_contacted >= ?)"
    " FROM (SELECT DISTINCT topic, contact_id FROM interaction_topics WHERE user_id = ?) t"
    " JOIN contacts c ON c.id = t.contact_id WHERE c.archived = 0"
    " GROUP BY t.topic ORDER BY n DESC, t.topic LIMIT 25"
)
RAW_TOTAL = "SELECT count(*) FROM contacts WHERE user_id = ? AND archived = 0"


def run(ctx: Context) -> list[Result]:
    return ctx.per_scale(_scale)


def _pair(app: Any, base: Any) -> tuple[float, float]:
    app()
    base()
    app_t, base_t = [], []
    for _ in range(RUNS):
        app_t.append(timed(app) * 1000)
        base_t.append(timed(base) * 1000)
    return median(app_t), median(base_t)


def _scale(ctx: Context, scale: str) -> list[Result]:
    from devhub_tui.core.match import parse_technologies
    from devhub_tui.services.match_view import find_matches, load_stack
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.store import Store

    path = ctx.work[scale]
    uid = ctx.user(path)
    db = open_database(path)
    raw = raw_connect(path)
    results: list[Result] = []
    try:
        store = Store(db, uid)
        now = store.clock()
        app_ms: list[float] = []
        base_ms: list[float] = []
        notes: list[str] = []
        for text, near in QUERIES:
            asked = parse_technologies(text)
            got: dict[str, Any] = {}

            def app(text: str = text, near: str | None = near,
                    got: dict[str, Any] = got) -> None:
                got["app"] = find_matches(store, text, near, limit=20)

            def base(asked: list[str] = asked, got: dict[str, Any] = got) -> None:
                got["base"] = raw.execute(
                    _raw_candidates(len(asked)),
                    [now - 365 * DAY_MS, uid, *asked, uid, *asked, uid]).fetchall()

            a, b = _pair(app, base)
            app_ms.append(a)
            base_ms.append(b)
            assert got["app"].found == len(got["base"]), (got["app"].found, len(got["base"]))
            notes.append(f"'{text}'{' near ' + near if near else ''}: "
                         f"{got['app'].found:,} candidates, {a:.1f} ms vs raw {b:.1f} ms")
        results.append(Result(
            "match (who knows…)", scale, "find_matches(…, limit=20): candidates + ranking",
            "raw GROUP BY of the same candidate columns", sum(app_ms), sum(base_ms),
            notes=["the sum of three questions; " + "; ".join(notes)]))

        for topics, raw_sql, label in ((False, RAW_SKILLS, "skills"),
                                       (True, RAW_TOPICS, "topics")):
            out: dict[str, Any] = {}

            def stack_app(topics: bool = topics, out: dict[str, Any] = out) -> None:
                out["app"] = load_stack(store, topics=topics)

            def stack_base(raw_sql: str = raw_sql, out: dict[str, Any] = out) -> None:
                out["base"] = raw.execute(raw_sql, (now - 90 * DAY_MS, uid)).fetchall()
                out["total"] = raw.execute(RAW_TOTAL, (uid,)).fetchone()

            a, b = _pair(stack_app, stack_base)
            stack = out["app"]
            assert [(r.name, r.contacts, r.recent) for r in stack.rows] == [
                (n, c, int(r)) for n, c, r in out["base"]]
            results.append(Result(
                f"tech stack ({label})", scale, f"load_stack(topics={topics}): top 25",
                "raw GROUP BY top 25 + count of contacts", a, b,
                notes=[f"{stack.distinct:,} {label} across {stack.total:,} contacts; the "
                       f"top one, {stack.rows[0].name}: {stack.rows[0].contacts:,}"
                       if stack.rows else "no rows"]))
    finally:
        raw.close()
        db.close()
    return results
