"""`devhub due --json` vs `python -c "import sqlite3"` plus the raw query.

Both are fresh processes writing JSON to /dev/null. The app brings statuses up to
date (only those whose time has come), then builds the attention queue (statuses,
overdue follow-ups, birthdays); the baseline runs one query for the contacts whose
stored status needs attention and dumps the rows as JSON.
"""

from __future__ import annotations

import subprocess
import sys
import time

from .common import ROOT, Context, Result, env, median

RUNS = 5
RAW = (
    "import sqlite3, json, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "rows = c.execute(\"SELECT id, name, status, last_contacted FROM contacts WHERE user_id = ?"
    " AND status IN ('overdue', 'needs-attention', 'due-soon')\", (sys.argv[2],)).fetchall()\n"
    "json.dump({'count': len(rows), 'items': rows}, sys.stdout)\n"
)


def _spawn(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, env=env(), cwd=ROOT, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, timeout=300)
    elapsed = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])}… failed: {proc.stderr.strip()}")
    return elapsed * 1000


def run(ctx: Context) -> list[Result]:
    results = []
    for scale in ctx.scales:
        path = ctx.work[scale]
        uid = ctx.user(path)
        app_cmd = [sys.executable, "-m", "devhub_tui", "--db", str(path), "due", "--json"]
        raw_cmd = [sys.executable, "-c", RAW, str(path), uid]
        _spawn(app_cmd)
        _spawn(raw_cmd)
        app_t, base_t = [], []
        for _ in range(RUNS):
            app_t.append(_spawn(app_cmd))
            base_t.append(_spawn(raw_cmd))
        r = Result("devhub due --json", scale, "devhub due --json",
                   "python -c 'import sqlite3' + raw query", median(app_t), median(base_t))
        results.append(r)
        ctx.log(r)
    return results
