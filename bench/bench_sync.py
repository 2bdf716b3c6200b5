"""Turso Sync cost: push + pull of 1,000 changed rows over loopback vs committing them.

Run: ``.venv/bin/python bench/bench_sync.py [ROWS] [ROUNDS]`` (needs the tursodb binary:
``bash scripts/test-servers.sh`` fetches it into .cache/servers/).

Device A and device B are two replicas of one `tursodb --sync-server` on 127.0.0.1.
Each round, A commits ROWS changed contact rows in one transaction (inserts, then
updates of the same rows), then A pushes and B pulls. Printed: the local commit on the
replica, the same commit on a plain local SQLite store, A's sync (the push, plus the
pull that follows it), B's sync (the pull), their sum, and the ratio of that sum to
the replica's local commit (medians over the rounds).
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from argon2 import PasswordHasher  # noqa: E402

from devhub_tui.storage.auth import Auth  # noqa: E402
from devhub_tui.storage.db import Database, SyncConfig, open_database  # noqa: E402
from devhub_tui.storage.ids import new_id  # noqa: E402
from tests.sync_support import TursoServer  # noqa: E402

HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def timed(fn: Callable[[], object]) -> float:
    t0 = time.perf_counter()
    fn()
    return time.perf_counter() - t0


def insert_rows(db: Database, user_id: str, ids: list[str], now: int) -> None:
    with db.write() as c:
        c.executemany(
            "INSERT INTO contacts (id, user_id, name, company, notes, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(cid, user_id, f"Person {n:04d}", f"Company {n % 97}", "met at a meetup", now, now)
             for n, cid in enumerate(ids)],
        )


def update_rows(db: Database, ids: list[str], now: int) -> None:
    with db.write() as c:
        c.executemany(
            "UPDATE contacts SET notes = ?, updated_at = ? WHERE id = ?",
            [(f"follow up {n}", now + 1, cid) for n, cid in enumerate(ids)],
        )


def main(rows: int = 1_000, rounds: int = 3) -> None:
    results: dict[str, dict[str, list[float]]] = {
        k: {"replica": [], "local": [], "push": [], "pull": []} for k in ("insert", "update")
    }
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        server = TursoServer(base / "server").start()
        try:
            sync = SyncConfig(server.url, "bench-token")
            a = open_database(base / "a.db", sync=sync)
            user = Auth(a, hasher=HASHER).create_user("bench", "password1")
            a.sync_now()
            b = open_database(base / "b.db", sync=sync)
            local = open_database(base / "local.db")
            Auth(local, hasher=HASHER).create_user("bench", "password1")
            local_user = local.conn().execute("SELECT id FROM users").fetchone()[0]
            for r in range(rounds):
                ids, local_ids = [new_id() for _ in range(rows)], [new_id() for _ in range(rows)]
                now = 1_795_600_000_000 + r
                steps: list[tuple[str, Callable[[], None], Callable[[], None]]] = [
                    ("insert", partial(insert_rows, a, user.id, ids, now),
                     partial(insert_rows, local, local_user, local_ids, now)),
                    ("update", partial(update_rows, a, ids, now),
                     partial(update_rows, local, local_ids, now)),
                ]
                for kind, change, change_local in steps:
                    res = results[kind]
                    res["local"].append(timed(change_local))
                    res["replica"].append(timed(change))
                    assert a.pending_changes() >= rows
                    res["push"].append(timed(a.sync_now))
                    res["pull"].append(timed(b.sync_now))
                    assert a.pending_changes() == 0
                seen = b.conn().execute(
                    "SELECT count(*) FROM contacts WHERE notes LIKE 'follow up %'").fetchone()[0]
                assert seen == rows * (r + 1), seen
            a.close()
            b.close()
            local.close()
        finally:
            server.stop()

    def med(xs: list[float]) -> float:
        return statistics.median(xs) * 1000

    print(f"Turso Sync over loopback, {rows:,} changed rows per round, median of {rounds} rounds")
    print(f"{'change':8} {'local SQLite':>13} {'replica commit':>15} {'A push':>9} {'B pull':>9}"
          f" {'push+pull':>10} {'ratio':>7}")
    for kind, res in results.items():
        commit, push, pull = med(res["replica"]), med(res["push"]), med(res["pull"])
        print(f"{kind:8} {med(res['local']):10.1f} ms {commit:12.1f} ms {push:6.1f} ms"
              f" {pull:6.1f} ms {push + pull:7.1f} ms {(push + pull) / commit:6.1f}x")
    print("ratio = (push + pull) / committing the same rows locally on the replica")


if __name__ == "__main__":
    args = [int(x) for x in sys.argv[1:3]]
    main(*args)
