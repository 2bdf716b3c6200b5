"""Scale data: `generate` bulk-fills a large, realistic store for benchmarks and
tests in one transaction (100k contacts and 1M interactions in well under a
minute); `python -m devhub_tui.services.demo` runs it. No textual here."""

from __future__ import annotations

import datetime as _dt
import itertools
import json
import random
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from devhub_tui.core.dates import DAY_MS, date_to_ms, ms_to_date
from devhub_tui.core.skills import extract_topics
from devhub_tui.services.demo_data import (
    COMPANIES,
    DEMO_PASSWORD,
    DEMO_USER,
    DOMAINS,
    FIRST_NAMES,
    HASHTAGGED,
    INDUSTRIES,
    LAST_NAMES,
    LOCATIONS,
    NOTE_TEMPLATES,
    RELATIONSHIPS,
    SKILLS,
    TAGS,
    TITLES,
    TOPICS,
    TYPE_WEIGHTS,
)
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database, open_database
from devhub_tui.storage.ids import Clock, stable_id, system_clock
from devhub_tui.storage.migrations import REBUILD_SEARCH_INDEX_SQL
from devhub_tui.storage.session_file import save_secret
from devhub_tui.storage.store import Store
from devhub_tui.storage.upgrade import split_sql

__all__ = ["Generated", "generate", "make_user", "note"]

_HOUR_MS = 3_600_000
_INITIALS = "ABCDEFGHIJKLMNOPRSTVW"


def note(rng: random.Random, type_: str) -> str:
    templates = NOTE_TEMPLATES.get(type_, NOTE_TEMPLATES["other"])
    return rng.choice(templates).format(t=rng.choice(TOPICS))


def make_user(
    db: Database, path: Path, username: str, password: str, clock: Clock,
    hasher: PasswordHasher | None,
) -> str:
    auth = Auth(db, clock=clock, hasher=hasher)
    user = auth.create_user(username, password)
    save_secret(path, auth.create_session(user.id), user.username)
    return user.id


# -- the bulk generator -------------------------------------------------------
@dataclass(frozen=True)
class Generated:
    path: Path
    user_id: str
    username: str
    contacts: int
    interactions: int
    seconds: float


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


def _hex_ids(rng: random.Random) -> Iterator[str]:
    """uuid4-like hex ids, reproducible from the seed."""
    bits = rng.getrandbits
    while True:
        yield f"{bits(128):032x}"


def _fts_objects(c: Any) -> list[tuple[str, str, str]]:
    """(type, name, sql) of the FTS triggers, which the bulk load drops and restores."""
    return [
        (r[0], r[1], r[2])
        for r in c.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type = 'trigger'"
            " AND sql IS NOT NULL AND name LIKE '%fts%' ORDER BY name"
        )
    ]


def _secondary_indexes(c: Any, tables: Sequence[str]) -> list[tuple[str, str, str]]:
    marks = ", ".join("?" * len(tables))
    return [
        (r[0], r[1], r[2])
        for r in c.execute(
            "SELECT type, name, sql FROM sqlite_master WHERE type = 'index'"
            f" AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY name",
            tuple(tables),
        )
    ]


def generate(
    path: Path | str,
    contacts: int,
    interactions: int,
    seed: int = 1,
    *,
    username: str = DEMO_USER,
    password: str = DEMO_PASSWORD,
    clock: Clock = system_clock,
    hasher: PasswordHasher | None = None,
) -> Generated:
    """Bulk-fill a store at `path` for one user (created, with a saved session).

    Every row goes in with `executemany` inside one transaction: the FTS triggers
    and the secondary indexes of the bulk tables are dropped for the load and
    restored (same SQL) before the commit, then the search index is rebuilt,
    `last_contacted` derived and statuses recomputed -- all in that transaction,
    so an interrupted run leaves the store as it was. Nothing unsafe is switched
    off (journal, sync and foreign keys stay as the app uses them).
    """
    if contacts < 0 or interactions < 0:
        raise ValueError("counts must be >= 0")
    if interactions and not contacts:
        raise ValueError("interactions need at least one contact")
    started = time.perf_counter()
    path = Path(path)
    rng = random.Random(seed)
    db = open_database(path)
    try:
        user_id = make_user(db, path, username, password, clock, hasher)
        now = clock()
        today = ms_to_date(now)
        ids = _hex_ids(rng)
        with db.write() as c:
            c.execute("PRAGMA cache_size = -262144")  # 256 MiB for this connection
            saved = _fts_objects(c) + _secondary_indexes(
                c, ("contacts", "interactions", "contact_tags", "follow_ups",
                    "contact_skills", "interaction_topics")
            )
            for kind, name, _ in saved:
                c.execute(f'DROP {kind.upper()} "{name}"')
            contact_ids = _insert_contacts(c, rng, ids, user_id, contacts, now, today)
            _insert_skills(c, seed, user_id, contact_ids)
            _insert_categories(c, seed, contact_ids)
            _insert_interactions(c, rng, ids, user_id, contact_ids, interactions, now)
            for _kind, _, sql in sorted(saved, key=lambda s: s[0] != "index"):
                c.execute(sql)
            c.execute(
                "UPDATE contacts SET last_contacted = (SELECT max(date) FROM interactions i"
                " WHERE i.contact_id = contacts.id) WHERE user_id = ?",
                (user_id,),
            )
            if db.fts:
                for statement in _statements(REBUILD_SEARCH_INDEX_SQL):
                    c.execute(statement)
            Store(db, user_id, clock=clock).recompute_statuses()
        db.conn().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()
    return Generated(path, user_id, username, contacts, interactions,
                     time.perf_counter() - started)


def _statements(script: str) -> list[str]:

    return split_sql(script)


def _insert_contacts(
    c: Any, rng: random.Random, ids: Iterator[str], user_id: str, n: int, now: int,
    today: _dt.date,
) -> list[str]:
    tag_ids = {name: stable_id("tag", user_id, name) for name in TAGS}  # as Store makes them
    c.executemany(
        "INSERT INTO tags (id, user_id, name, created_at) VALUES (?, ?, ?, ?)",
        [(tid, user_id, name, now - 900 * DAY_MS) for name, tid in tag_ids.items()],
    )
    contact_ids = [next(ids) for _ in range(n)]
    vips: list[tuple[str, str, str]] = []
    links: list[tuple[str, str]] = []

    def rows() -> Iterator[tuple[Any, ...]]:
        r = rng.random
        tag_list = list(tag_ids.values())
        for cid in contact_ids:
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            if r() < 0.25:  # double-barrelled: far fewer namesakes at 100k contacts
                last = f"{last}-{rng.choice(LAST_NAMES)}"
            middle = f" {rng.choice(_INITIALS)}." if r() < 0.4 else ""
            name = f"{first}{middle} {last}"
            roll = r()
            vip = 1 if roll < 0.01 else 0
            importance = "high" if roll < 0.1 else ("low" if roll > 0.6 else "normal")
            location, tz = rng.choice(LOCATIONS) if r() < 0.5 else (None, None)
            email = (
                f"{_ascii(first)}.{_ascii(last)}@{rng.choice(DOMAINS)}" if r() < 0.6 else None
            )
            cadence: int | None = None
            roll = r()
            if roll < 0.04:
                cadence = 0
            elif roll < 0.12:
                cadence = rng.choice((7, 21, 60, 180))
            birthday = None
            if r() < 0.25:
                born = _dt.date(1960 + rng.randrange(45), 1, 1) + _dt.timedelta(
                    days=rng.randrange(365)
                )
                birthday = born.isoformat() if r() < 0.7 else born.strftime("--%m-%d")
            created = now - rng.randrange(30, 1500) * DAY_MS - rng.randrange(DAY_MS)
            snoozed = now + rng.randrange(1, 30) * DAY_MS if r() < 0.01 else None
            archived = 1 if r() < 0.02 else 0
            if vip:
                vips.append((cid, first, email or ""))
            for tid in rng.sample(tag_list, rng.choice((0, 0, 1, 1, 1, 2, 2, 3))):
                links.append((cid, tid))
            yield (
                cid, user_id, name,
                first.lower() if r() < 0.15 else None,
                rng.choice(COMPANIES) if r() < 0.7 else None,
                rng.choice(TITLES) if r() < 0.6 else None,
                location, tz, birthday,
                f"{_ascii(first)}{_ascii(last)}{rng.randrange(100)}" if r() < 0.3 else None,
                email,
                f"+1 555 {rng.randrange(1000, 9999)}" if r() < 0.2 else None,
                f"met via {rng.choice(TOPICS)}" if r() < 0.2 else None,
                vip, importance, cadence, snoozed, archived, created, created,
            )

    c.executemany(
        "INSERT INTO contacts (id, user_id, name, nickname, company, title, location, timezone,"
        " birthday, github, email, phone, notes, vip, importance, cadence_days, snoozed_until,"
        " archived, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )
    c.executemany("INSERT INTO contact_tags (contact_id, tag_id) VALUES (?, ?)", links)
    c.executemany(
        "INSERT INTO background (contact_id, family, company, likes_dislikes, misc_notes,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (cid, "partner and two kids", "leading a platform team",
             f"likes {rng.choice(TOPICS)}", f"ask about {rng.choice(TOPICS)}", now)
            for cid, _, _ in vips
        ],
    )
    c.executemany(
        "INSERT INTO contact_info (contact_id, main_app, email, phone_number, social_links,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?)",
        [
            (cid, rng.choice(("Signal", "WhatsApp", "Telegram", "Email")), email,
             f"+44 20 7946 {rng.randrange(1000, 9999)}",
             json.dumps([{"platform": "github", "url": f"https://github.com/{_ascii(first)}"}]),
             now)
            for cid, first, email in vips
        ],
    )
    follow_ups = []
    for cid in rng.sample(contact_ids, min(len(contact_ids), max(1, n // 30)) if n else 0):
        due = today + _dt.timedelta(days=rng.randrange(-60, 60))
        done = now - rng.randrange(1, 30) * DAY_MS if rng.random() < 0.3 else None
        follow_ups.append((next(ids), user_id, cid, due.isoformat(),
                           f"follow up on {rng.choice(TOPICS)}", done, now, now))
    c.executemany(
        "INSERT INTO follow_ups (id, user_id, contact_id, due, note, done_at, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        follow_ups,
    )
    return contact_ids


def _insert_skills(c: Any, seed: int, user_id: str, contact_ids: list[str]) -> None:
    """0-4 skills a contact, the first of SKILLS most often. A random generator of
    their own: every other row is what it was before skills existed (the benchmarks
    of search, status and the rest measure the same store)."""
    rng = random.Random(f"skills-{seed}")
    weights = list(itertools.accumulate(1 / (n + 1) ** 0.8 for n in range(len(SKILLS))))
    rows: list[tuple[str, str, str]] = []
    for cid in contact_ids:
        k = rng.choice((0, 0, 1, 1, 2, 2, 3, 4))
        for skill in sorted(set(rng.choices(SKILLS, cum_weights=weights, k=k))):
            rows.append((cid, skill, user_id))
    c.executemany("INSERT INTO contact_skills (contact_id, skill, user_id) VALUES (?, ?, ?)",
                  rows)


def hashtag(text: str) -> str:
    """`text` with the tech topics of HASHTAGGED marked as `#topics`."""
    for plain, tagged in HASHTAGGED.items():
        if plain in text:
            return text.replace(plain, tagged)
    return text


def _insert_categories(c: Any, seed: int, contact_ids: list[str]) -> None:
    """An industry and a relationship for some of the contacts (issue 20: the
    contacts filters and `industry:` / `relationship:` at scale). A random generator
    of their own, like the skills'."""
    rng = random.Random(f"categories-{seed}")
    fields: list[tuple[str | None, str | None, str]] = []
    for cid in contact_ids:
        industry = rng.choice(INDUSTRIES) if rng.random() < 0.4 else None
        relationship = rng.choice(RELATIONSHIPS) if rng.random() < 0.3 else None
        if industry or relationship:
            fields.append((industry, relationship, cid))
    c.executemany("UPDATE contacts SET industry = ?, relationship = ? WHERE id = ?", fields)


def _insert_interactions(
    c: Any, rng: random.Random, ids: Iterator[str], user_id: str, contact_ids: list[str],
    n: int, now: int,
) -> None:
    if not n:
        return
    # a few people get most of the interactions (a long tail, like a real network)
    weights = list(itertools.accumulate(rng.paretovariate(1.2) for _ in contact_ids))
    types = [t for t, _ in TYPE_WEIGHTS]
    type_weights = list(itertools.accumulate(w for _, w in TYPE_WEIGHTS))
    pool = [hashtag(note(rng, t)) for t in types for _ in range(40)]
    topics_of = {text: extract_topics(text) for text in pool}
    topic_rows: list[tuple[str, str, str, str]] = []
    notes_by_type = {t: pool[i * 40:(i + 1) * 40] for i, t in enumerate(types)}
    today_ms = date_to_ms(ms_to_date(now))

    def rows() -> Iterator[tuple[Any, ...]]:
        left = n
        while left:
            k = min(left, 20_000)
            left -= k
            who = rng.choices(contact_ids, cum_weights=weights, k=k)
            kinds = rng.choices(types, cum_weights=type_weights, k=k)
            for cid, type_ in zip(who, kinds, strict=True):
                x = rng.random()
                days = int(365 * x * x) if x < 0.8 else rng.randrange(365, 1100)
                date = today_ms - days * DAY_MS + rng.randrange(7, 22) * _HOUR_MS
                if date > now:
                    date = now - rng.randrange(1, 3600) * 1000
                note = rng.choice(notes_by_type[type_]) if rng.random() < 0.65 else ""
                iid = next(ids)
                for topic in topics_of.get(note, ()):
                    topic_rows.append((iid, topic, user_id, cid))
                yield (iid, user_id, cid, type_, date, note, date, date)

    c.executemany(
        "INSERT INTO interactions (id, user_id, contact_id, type, date, notes, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )
    c.executemany(
        "INSERT INTO interaction_topics (interaction_id, topic, user_id, contact_id)"
        " VALUES (?, ?, ?, ?)",
        topic_rows,
    )
