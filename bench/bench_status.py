"""Status recompute at launch and day change (`Store.refresh_statuses`) vs the raw
GROUP BY.

The app's recompute runs as on a day change: the clock moves one day forward per
run, so each run really changes some statuses (those whose `status_until` came,
migration 4). The baseline is
`SELECT contact_id, max(date) FROM interactions GROUP BY contact_id` on the same
file, fetched in full. The notes give the full recompute too (every contact: after
a settings change, an import, or the palette's "Recompute statuses").
"""

from __future__ import annotations

from .common import Context, Result, median, raw_connect, timed

RUNS = 9
DAY_MS = 86_400_000


RAW_Q = "SELECT contact_id, max(date) FROM interactions GROUP BY contact_id"


def run(ctx: Context) -> list[Result]:
    return ctx.per_scale(_scale)


def _scale(ctx: Context, scale: str) -> Result:
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.ids import system_clock
    from devhub_tui.storage.store import Store

    path = ctx.work[scale]
    db = open_database(path)
    raw = raw_connect(path)
    try:
        uid = ctx.user(path)
        start = system_clock()
        day = {"n": 0}
        store = Store(db, uid, clock=lambda: start + day["n"] * DAY_MS)
        store.recompute_statuses()  # settle today's statuses first
        raw.execute(RAW_Q).fetchall()
        app_t, base_t, steady_t, full_t, changed = [], [], [], [], []

        def app() -> None:
            changed.append(store.refresh_statuses())

        def base() -> None:
            raw.execute(RAW_Q).fetchall()

        for n in range(1, RUNS + 1):
            day["n"] = n
            app_t.append(timed(app) * 1000)
            base_t.append(timed(base) * 1000)
            steady_t.append(timed(store.refresh_statuses) * 1000)
            full_t.append(timed(store.recompute_statuses) * 1000)
    finally:
        raw.close()
        db.close()
    return Result(
        "status recompute (day change)", scale, "Store.refresh_statuses()",
        "raw GROUP BY max(date)", median(app_t), median(base_t),
        notes=[f"statuses changed per day: median {int(median([float(c) for c in changed]))}"
               f"; same day again (nothing to do, no write): {median(steady_t):.2f} ms"
               f"; full recompute of every contact: {median(full_t):.0f} ms"],
    )
