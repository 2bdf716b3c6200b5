"""Cold start to the dashboard painted: the devhub app vs a bare Textual app.

Both run headless in a fresh Python process through `bench.harness`; devhub starts
the way a plain `devhub` does (`launch.build_app`: the store opens in a thread,
then the dashboard's data loads there while Textual imports, see
`devhub_tui/services/startup.py`). The time runs
from spawning the process to (a) the first frame painted once the DashboardScreen is
mounted (its data still loading) and (b) the frame painted after every worker the
dashboard started has finished (its data shown). The bare app's time is its one
Static painted.
"""

from __future__ import annotations

from .common import Context, Result, median, ms, run_harness

RUNS = {"0": 7, "10k": 5, "100k": 5}
TARGET = 1.5


def run(ctx: Context) -> list[Result]:
    results = []
    for scale in ctx.scales:
        db = ctx.work[scale]
        run_harness("bare")  # warm the page cache and .pyc files
        run_harness("app", db)
        app_t: list[float] = []
        first_t: list[float] = []
        bare_t: list[float] = []
        for _ in range(RUNS.get(scale, 5)):
            bare_t.append(run_harness("bare")[0])
            ready, data = run_harness("app", db)
            app_t.append(ready)
            first_t.append(data["first_paint_s"])
        for r in (
            Result("cold start → dashboard first frame", scale, "devhub app (data loading)",
                   "bare Textual app", ms(median(first_t)), ms(median(bare_t)),
                   target=TARGET, target_scales=None),
            Result("cold start → dashboard with data", scale, "devhub app (data painted)",
                   "bare Textual app", ms(median(app_t)), ms(median(bare_t)), target=TARGET,
                   target_scales=None,
                   notes=[f"runs (ms): app {[round(ms(x)) for x in app_t]}, "
                          f"bare {[round(ms(x)) for x in bare_t]}"]),
        ):
            results.append(r)
            ctx.log(r)
    return results
