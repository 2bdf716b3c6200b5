"""Quick-log save: parse the line and `Store.log_interaction` vs one raw INSERT + UPDATE.

The app side is what the quick-log bar does on Enter (the contact index is already
loaded when the bar opens): `parse_quick_log` + `log_interaction` (type check,
ownership check, insert, `last_contacted` and status of that contact). The
baseline is one transaction with one INSERT and one UPDATE, on the same file.
"""

from __future__ import annotations

import random

from .common import Context, Result, median, raw_connect, timed

RUNS = 60


def run(ctx: Context) -> list[Result]:
    return ctx.per_scale(_scale)


def _scale(ctx: Context, scale: str) -> Result:
    from devhub_tui.core.dates import ms_to_date, when_to_ms
    from devhub_tui.core.quicklog import ContactIndex, parse_quick_log
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.ids import new_id, system_clock
    from devhub_tui.storage.store import Store

    path = ctx.work[scale]
    db = open_database(path)
    raw = raw_connect(path)
    app_t: list[float] = []
    base_t: list[float] = []
    try:
        uid = ctx.user(path)
        store = Store(db, uid)
        index = ContactIndex(store.contact_refs())
        types = store.types()
        rng = random.Random(7)
        # contacts whose full name is unique, so the line resolves
        refs = [r for r in index if len(index.best_exact(r.name)) == 1]
        if len(refs) < RUNS * 2:
            raise RuntimeError(f"only {len(refs)} contacts with a unique name")
        picks = rng.sample(refs, RUNS * 2)

        def app(line: str) -> None:
            now = system_clock()
            res = parse_quick_log(line, index, types, ms_to_date(now))
            assert res.ok and res.contact is not None and res.type is not None
            store.log_interaction(res.contact.id, res.type, when_to_ms(res.when, now),
                                  res.note)

        def base(cid: str) -> None:
            now = system_clock()
            raw.execute("BEGIN IMMEDIATE")
            raw.execute(
                "INSERT INTO interactions (id, user_id, contact_id, type, date, notes,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (new_id(), uid, cid, "coffee", now, "talked about the benchmark", now, now),
            )
            raw.execute(
                "UPDATE contacts SET last_contacted = ?, updated_at = ? WHERE id = ?",
                (now, now, cid),
            )
            raw.execute("COMMIT")

        for n in range(RUNS):
            line = f"{picks[n].name} coffee talked about the benchmark @yesterday"
            other = picks[RUNS + n].id
            app_t.append(timed(app, line) * 1000)
            base_t.append(timed(base, other) * 1000)
    finally:
        raw.close()
        db.close()
    return Result("quick-log save", scale, "parse + Store.log_interaction",
                  "raw INSERT + UPDATE", median(app_t), median(base_t),
                  notes=[f"{RUNS} saves each; slowest app save {max(app_t):.1f} ms"])
