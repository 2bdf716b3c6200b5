"""Demo and scale data.

- `build_demo_store(path, clock)`: the throwaway store behind `devhub --demo`: a
  user "demo" (password "demo-password", session saved so the app opens signed
  in) with ~40 hand-written contacts whose dates are relative to *now*, so every
  status, VIPs with background, a year of interactions, follow-ups (some
  overdue), birthdays in the next 14 days and tags show on first launch.
- `generate(path, contacts, interactions, seed)`: a large, realistic store for
  benchmarks and tests, bulk-inserted in one transaction (100k contacts and 1M
  interactions in well under a minute).

    python -m devhub_tui.services.demo --contacts 100000 --interactions 1000000 --out big.db

No textual here: this module is storage-level and starts fast.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import itertools
import json
import random
import sys
import time
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from devhub_tui.core.dates import DAY_MS, date_to_ms, ms_to_date, when_to_ms
from devhub_tui.services.demo_data import (
    COMPANIES,
    DOMAINS,
    FIRST_NAMES,
    FOLLOW_UPS,
    LAST_NAMES,
    LOCATIONS,
    NOTE_TEMPLATES,
    PEOPLE,
    TAGS,
    TITLES,
    TOPICS,
    TYPE_WEIGHTS,
    DemoPerson,
)
from devhub_tui.services.demo_paths import (
    DEMO_DIR_PREFIX as DEMO_DIR_PREFIX,  # re-exported (app, tests)
)
from devhub_tui.services.demo_paths import is_demo_path
from devhub_tui.services.demo_paths import make_demo_path as make_demo_path
from devhub_tui.services.demo_paths import remove_demo_store as remove_demo_store
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database, open_database
from devhub_tui.storage.errors import StoreError
from devhub_tui.storage.ids import Clock, new_id, stable_id, system_clock
from devhub_tui.storage.migrations import REBUILD_SEARCH_INDEX_SQL
from devhub_tui.storage.session_file import save_secret
from devhub_tui.storage.store import Store, VipData

DEMO_USER = "demo"
DEMO_PASSWORD = "demo-password"
DEMO_SEED = 8

_HOUR_MS = 3_600_000
_INITIALS = "ABCDEFGHIJKLMNOPRSTVW"


class _SetClock:
    """A clock the builder moves around, so rows get realistic created_at times."""

    def __init__(self, now: int) -> None:
        self.now = now

    def __call__(self) -> int:
        return self.now


def _birthday_soon(today: _dt.date, days: int, year: int | None) -> str:
    day = today + _dt.timedelta(days=days)
    if year is None:
        return f"--{day.month:02d}-{day.day:02d}"
    if day.month == 2 and day.day == 29:
        year = 1992  # a leap year
    return f"{year:04d}-{day.month:02d}-{day.day:02d}"


def _interaction_days(person: DemoPerson, rng: random.Random) -> list[int]:
    """Days-ago of each interaction, newest first, spread over the last year."""
    if person.last is None or person.history <= 0:
        return []
    days = [person.last]
    span = max(365 - person.last, 1)
    earlier = sorted(
        {person.last + 1 + rng.randrange(span) for _ in range(person.history - 1)}
    )
    days.extend(d for d in earlier if d <= person.added)
    return days


def _note(rng: random.Random, type_: str) -> str:
    templates = NOTE_TEMPLATES.get(type_, NOTE_TEMPLATES["other"])
    return rng.choice(templates).format(t=rng.choice(TOPICS))


def _make_user(
    db: Database, path: Path, username: str, password: str, clock: Clock,
    hasher: PasswordHasher | None,
) -> str:
    auth = Auth(db, clock=clock, hasher=hasher)
    user = auth.create_user(username, password)
    save_secret(path, auth.create_session(user.id), user.username)
    return user.id


def _insert_logged(db: Database, rows: list[tuple[Any, ...]]) -> None:
    """What `Store.log_interaction` writes for each of these rows, in one statement
    (~6x fewer in all: the demo's first frame waits for them); statuses are
    recomputed at the end of the build."""
    with db.write() as c:
        c.executemany(
            "INSERT INTO interactions (id, user_id, contact_id, type, date, notes,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        c.execute(
            "UPDATE contacts SET last_contacted = (SELECT max(date) FROM interactions i"
            " WHERE i.contact_id = contacts.id), updated_at = max(updated_at, (SELECT"
            " max(updated_at) FROM interactions i WHERE i.contact_id = contacts.id))"
            " WHERE id IN (SELECT contact_id FROM interactions WHERE user_id = ?)",
            (rows[0][1] if rows else "",))


def throwaway_hasher() -> PasswordHasher:
    """argon2id at its lowest cost (t=1, 8 KiB, p=1) for the THROWAWAY store of
    `devhub --demo` only (64 MiB cost 0.1-0.9 s before its first frame, for an account
    nobody signs in to): `throwaway=True` refuses a path `make_demo_path` did not make,
    and a password login re-hashes with the real parameters (`Auth.authenticate`)."""
    return PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def build_demo_store(
    path: Path | str, clock: Clock = system_clock, *, hasher: PasswordHasher | None = None,
    throwaway: bool = False,
) -> str:
    """Fill a new store at `path` with the demo cast; returns the demo user's id.

    The session is saved (`session_file`) so the app opens signed in as "demo".
    Everything but the account is written in one transaction. `throwaway=True` (the
    store of `devhub --demo`, under `make_demo_path`) hashes the demo password at
    the lowest cost (`throwaway_hasher`).
    """
    path = Path(path)
    db = open_database(path)
    try:
        return fill_demo_store(db, path, clock, hasher=hasher, throwaway=throwaway)
    finally:
        db.close()


def fill_demo_store(
    db: Database, path: Path, clock: Clock = system_clock, *,
    hasher: PasswordHasher | None = None, throwaway: bool = False,
) -> str:
    """`build_demo_store` on a store that is already open (and empty)."""
    if throwaway:
        if not is_demo_path(path):
            raise ValueError(f"{path} is not a throwaway demo store (see make_demo_path)")
        hasher = hasher or throwaway_hasher()
    user_id = _make_user(db, path, DEMO_USER, DEMO_PASSWORD, clock, hasher)
    now = clock()
    today = ms_to_date(now)
    rng = random.Random(DEMO_SEED)
    moving = _SetClock(now)
    store = Store(db, user_id, clock=moving)
    types = [t for t, _ in TYPE_WEIGHTS]
    weights = [w for _, w in TYPE_WEIGHTS]
    ids: dict[str, str] = {}
    logged: list[tuple[Any, ...]] = []  # the interactions, written in one go
    with db.write():
        for person in PEOPLE:
            moving.now = now - person.added * DAY_MS - rng.randrange(12) * _HOUR_MS
            data: dict[str, Any] = {
                "name": person.name,
                "importance": person.importance,
                "vip": person.vip,
                "archived": person.archived,
            }
            for key in ("company", "title", "location", "timezone", "nickname", "email",
                        "github", "relationship", "notes"):
                value = getattr(person, key)
                if value:
                    data[key] = value
            if person.cadence is not None:
                data["cadence_days"] = person.cadence
            if person.birthday_in is not None:
                data["birthday"] = _birthday_soon(
                    today, person.birthday_in, person.birth_year
                )
            elif person.birthday:
                data["birthday"] = person.birthday
            cid = store.add_contact(data, person.tags)
            ids[person.name] = cid
            for days_ago in reversed(_interaction_days(person, rng)):
                day = today - _dt.timedelta(days=days_ago)
                when = when_to_ms(day, now) if days_ago else now - 2 * _HOUR_MS
                moving.now = when + rng.randrange(1, 6) * _HOUR_MS if days_ago else now
                type_ = rng.choices(types, weights)[0]
                logged.append((new_id(), user_id, cid, type_, when, _note(rng, type_),
                               moving.now, moving.now))
            if person.vip_data is not None:
                v = person.vip_data
                store.save_vip(cid, VipData(
                    family=v.family, company=v.company, likes_dislikes=v.likes_dislikes,
                    misc_notes=v.misc_notes, main_app=v.main_app,
                    email=person.email or "", phone_number=v.phone_number,
                    social_links=[{"platform": p, "url": u} for p, u in v.links],
                ))
        _insert_logged(db, logged)
        moving.now = now
        for name, due_in, note, done in FOLLOW_UPS:
            moving.now = now - 20 * DAY_MS
            fid = store.add_follow_up(ids[name], today + _dt.timedelta(days=due_in), note)
            if done:
                moving.now = now - 2 * DAY_MS
                store.update_follow_up(fid, done=True)
        moving.now = now
        for person in PEOPLE:
            if person.snooze is not None:
                store.update_contact(
                    ids[person.name], {"snoozed_until": now + person.snooze * DAY_MS}
                )
        Store(db, user_id, clock=clock).recompute_statuses()
    return user_id


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
        user_id = _make_user(db, path, username, password, clock, hasher)
        now = clock()
        today = ms_to_date(now)
        ids = _hex_ids(rng)
        with db.write() as c:
            c.execute("PRAGMA cache_size = -262144")  # 256 MiB for this connection
            saved = _fts_objects(c) + _secondary_indexes(
                c, ("contacts", "interactions", "contact_tags", "follow_ups")
            )
            for kind, name, _ in saved:
                c.execute(f'DROP {kind.upper()} "{name}"')
            contact_ids = _insert_contacts(c, rng, ids, user_id, contacts, now, today)
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
    from devhub_tui.storage.upgrade import split_sql

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
    pool = [_note(rng, t) for t in types for _ in range(40)]
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
                yield (next(ids), user_id, cid, type_, date, note, date, date)

    c.executemany(
        "INSERT INTO interactions (id, user_id, contact_id, type, date, notes, created_at,"
        " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows(),
    )


# -- command line -------------------------------------------------------------
def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m devhub_tui.services.demo",
        description="Build a large devhub store for benchmarks and tests "
        "(or, with --demo, the hand-written demo store).",
    )
    p.add_argument("--contacts", type=int, default=1000, help="contacts to create (default 1000)")
    p.add_argument("--interactions", type=int, default=None,
                   help="interactions to create (default: 10 per contact)")
    p.add_argument("--out", type=Path, required=True, help="the store file to create")
    p.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    p.add_argument("--user", default=DEMO_USER, help=f"account name (default {DEMO_USER})")
    p.add_argument("--password-stdin", action="store_true",
                   help=f"read the password from standard input (default {DEMO_PASSWORD!r})")
    p.add_argument("--demo", action="store_true",
                   help="write the ~40-contact demo store instead of generated data")
    p.add_argument("--force", action="store_true", help="replace --out if it exists")
    return p


def _fail(message: str) -> int:
    print(f"devhub-demo: error: {message}", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    out: Path = args.out.expanduser()
    interactions = args.interactions if args.interactions is not None else args.contacts * 10
    if args.contacts < 0 or interactions < 0:
        return _fail("--contacts and --interactions must be 0 or more")
    if interactions and not args.contacts:
        return _fail("interactions need at least one contact")
    if out.exists() or out.is_symlink():
        if not args.force:
            return _fail(f"{out} exists; pass --force to replace it")
        if out.is_dir():
            return _fail(f"{out} is a folder")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{out}{suffix}").unlink(missing_ok=True)
    password = DEMO_PASSWORD
    if args.password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            return _fail("no password on standard input")
    try:
        if args.demo:
            t0 = time.perf_counter()
            build_demo_store(out)
            print(f"built the demo store in {time.perf_counter() - t0:.1f} s: {out}")
            return 0
        result = generate(out, args.contacts, interactions, args.seed,
                          username=args.user, password=password)
    except (StoreError, ValueError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted: the bulk data was not written")
    print(
        f"generated {result.contacts:,} contacts and {result.interactions:,} interactions "
        f"for '{result.username}' in {result.seconds:.1f} s: {out}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
