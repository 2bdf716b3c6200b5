"""Demo and scale data.

- `build_demo_store(path, clock)`: the throwaway store behind `devhub --demo`: a
  user "demo" (password "demo-password", session saved so the app opens signed
  in) with ~40 hand-written contacts whose dates are relative to *now*, so every
  status, VIPs with background, a year of interactions, follow-ups (some
  overdue), birthdays in the next 14 days and tags show on first launch.
- `generate(path, contacts, interactions, seed)` (services/demo_generate.py): a
  large, realistic store for benchmarks and tests, bulk-inserted in one transaction
  (100k contacts and 1M interactions in well under a minute).

    python -m devhub_tui.services.demo --contacts 100000 --interactions 1000000 --out big.db

No textual here: this module is storage-level and starts fast.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import random
import sys
import time
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher

from devhub_tui.core.dates import DAY_MS, ms_to_date, when_to_ms
from devhub_tui.services.demo_data import DEMO_PASSWORD as DEMO_PASSWORD
from devhub_tui.services.demo_data import (
    DEMO_SKILLS,
    FOLLOW_UPS,
    PEOPLE,
    TYPE_WEIGHTS,
    DemoPerson,
)
from devhub_tui.services.demo_data import DEMO_USER as DEMO_USER
from devhub_tui.services.demo_generate import Generated as Generated
from devhub_tui.services.demo_generate import generate, hashtag, make_user
from devhub_tui.services.demo_generate import note as _note
from devhub_tui.services.demo_paths import (
    DEMO_DIR_PREFIX as DEMO_DIR_PREFIX,  # re-exported (app, tests)
)
from devhub_tui.services.demo_paths import is_demo_path
from devhub_tui.services.demo_paths import make_demo_path as make_demo_path
from devhub_tui.services.demo_paths import remove_demo_store as remove_demo_store
from devhub_tui.services.demo_tracks import seed_demo_tracks
from devhub_tui.storage.db import Database, open_database
from devhub_tui.storage.errors import StoreError
from devhub_tui.storage.ids import Clock, new_id, system_clock
from devhub_tui.storage.store import Store, VipData
from devhub_tui.storage.store.skills import TOPIC_INSERT, topic_rows

DEMO_SEED = 8

_HOUR_MS = 3_600_000


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


def _insert_logged(db: Database, rows: list[tuple[Any, ...]]) -> None:
    """What `Store.log_interaction` writes for each of these rows, in one statement
    (~6x fewer in all: the demo's first frame waits for them); statuses are
    recomputed at the end of the build."""
    with db.write() as c:
        c.executemany(
            "INSERT INTO interactions (id, user_id, contact_id, type, date, notes,"
            " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
        c.executemany(TOPIC_INSERT, topic_rows((r[0], r[1], r[2], r[5]) for r in rows))
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
    user_id = make_user(db, path, DEMO_USER, DEMO_PASSWORD, clock, hasher)
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
            skills, industry = DEMO_SKILLS.get(person.name, ((), None))
            if skills:
                data["skills"] = list(skills)
            if industry:
                data["industry"] = industry
            cid = store.add_contact(data, person.tags)
            ids[person.name] = cid
            for days_ago in reversed(_interaction_days(person, rng)):
                day = today - _dt.timedelta(days=days_ago)
                when = when_to_ms(day, now) if days_ago else now - 2 * _HOUR_MS
                moving.now = when + rng.randrange(1, 6) * _HOUR_MS if days_ago else now
                type_ = rng.choices(types, weights)[0]
                logged.append((new_id(), user_id, cid, type_, when, hashtag(_note(rng, type_)),
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
        seed_demo_tracks(store, ids, today, moving, now)  # issue 19
        moving.now = now
        for person in PEOPLE:
            if person.snooze is not None:
                store.update_contact(
                    ids[person.name], {"snoozed_until": now + person.snooze * DAY_MS}
                )
        Store(db, user_id, clock=clock).recompute_statuses()
    return user_id


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
