"""Peak memory of the app with the 100k-contact store loaded.

The app runs headless: dashboard, then the contacts list (scrolled to load more
pages), then the quick log with its contact index. The baseline is the bare
Textual app holding every contact's (id, name, nickname) read with raw sqlite3.
Peak RSS (ru_maxrss) of each process.
"""

from __future__ import annotations

from .common import Context, Result, median, run_harness

RUNS = 2


def run(ctx: Context) -> list[Result]:
    results = []
    for scale in ctx.scales:
        if scale != "100k" and "100k" in ctx.scales:
            continue
        if scale == "0":
            continue
        db = ctx.work[scale]
        app_m, base_m, rows = [], [], 0
        for _ in range(RUNS):
            _, data = run_harness("memory", db, timeout=600)
            app_m.append(data["maxrss_kib"] / 1024)
            rows = data.get("rows_loaded", 0)
            _, data = run_harness("memory-bare", db)
            base_m.append(data["maxrss_kib"] / 1024)
        r = Result("peak memory (RSS)", scale, "devhub app, lists + quick log",
                   "bare Textual app + raw contact rows", median(app_m), median(base_m),
                   unit="MiB", notes=[f"contacts list rows loaded: {rows:,}"])
        results.append(r)
        ctx.log(r)
    return results
