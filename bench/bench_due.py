"""`devhub due --json` and `devhub due --count` vs `python -c "import sqlite3"` plus
the raw query.

All are fresh processes writing to /dev/null. `due --json`: the app brings statuses
up to date (only those whose time has come), then builds the attention queue
(statuses, overdue follow-ups, birthdays); the baseline runs one query for the
contacts whose stored status needs attention and dumps the rows as JSON.

`due --count` (issue 21, for a shell prompt) runs through the real console script
(`.venv/bin/devhub`: its fast path in cli/entry.py, before click) and must stay
under 60 ms and 2x the baseline: `python -c` importing sqlite3 and running the
count as raw SQL on the stored statuses (queue statuses, open follow-ups due,
next steps due, birthday candidates), printing the number.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from .common import ROOT, Context, Result, env, median

RUNS = 5
RAW = (
    "import sqlite3, json, sys\n"
    "c = sqlite3.connect(sys.argv[1])\n"
    "rows = c.execute(\"SELECT id, name, status, last_contacted FROM contacts WHERE user_id = ?"
    " AND status IN ('overdue', 'needs-attention', 'due-soon')\", (sys.argv[2],)).fetchall()\n"
    "json.dump({'count': len(rows), 'items': rows}, sys.stdout)\n"
)


RAW_COUNT = (
    "import sqlite3, sys, datetime\n"
    "c = sqlite3.connect('file:' + sys.argv[1] + '?mode=ro', uri=True)\n"
    "today = datetime.date.today()\n"
    "md = [(today + datetime.timedelta(days=n)).strftime('%m-%d') for n in range(15)]\n"
    "n = c.execute(\"SELECT (SELECT count(*) FROM contacts WHERE user_id = ?1 AND status IN"
    " ('overdue', 'needs-attention', 'due-soon')) + (SELECT count(*) FROM follow_ups f"
    " JOIN contacts c ON c.id = f.contact_id WHERE f.user_id = ?1 AND f.done_at IS NULL"
    " AND f.due <= ?2) + (SELECT count(*) FROM tracks WHERE user_id = ?1 AND open = 1 AND"
    " next_due <= ?2) + (SELECT count(*) FROM contacts WHERE user_id = ?1 AND archived = 0"
    " AND birthday IS NOT NULL AND substr(birthday, -5) IN (\" + ', '.join('?' * 15) + \"))\","
    " (sys.argv[2], today.isoformat(), *md)).fetchone()[0]\n"
    "print(n)\n"
)
#: issue 21: `devhub due --count` in a shell prompt
COUNT_LIMIT_MS = 60.0
COUNT_TARGET = 2.0


def _entry_point() -> list[str]:
    """The `devhub` console script of this Python (what a prompt runs), else -m."""
    script = Path(sys.executable).parent / "devhub"
    return [str(script)] if script.exists() else [sys.executable, "-m", "devhub_tui"]


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
        results.append(_count_row(ctx, scale, path, uid))
    return results


def _count_row(ctx: Context, scale: str, path: Path, uid: str) -> Result:
    app_cmd = [*_entry_point(), "--db", str(path), "due", "--count"]
    raw_cmd = [sys.executable, "-c", RAW_COUNT, str(path), uid]
    _spawn(app_cmd)
    _spawn(raw_cmd)
    app_t, base_t = [], []
    for _ in range(RUNS * 2):
        app_t.append(_spawn(app_cmd))
        base_t.append(_spawn(raw_cmd))
    r = Result("devhub due --count", scale, "devhub due --count",
               "python -c 'import sqlite3' + raw count query", median(app_t), median(base_t),
               target=COUNT_TARGET, abs_limit=COUNT_LIMIT_MS, target_scales=("100k",))
    ctx.log(r)
    return r
