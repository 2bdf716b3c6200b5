"""The dashboard's figures: contacts by status, VIPs and interactions over time."""

from __future__ import annotations

import datetime as _dt
import itertools
from typing import Any

from devhub_tui.core.dates import DAY_MS, date_to_ms, ms_to_date
from devhub_tui.core.status import Status
from devhub_tui.storage.store.base import StoreBase
from devhub_tui.storage.store.rows import Stats


def _month_start(d: _dt.date) -> _dt.date:
    return d.replace(day=1)


class StatsMixin(StoreBase):
    """Counts for the dashboard."""

    def stats(self, *, today: _dt.date | None = None, weeks: int = 26) -> Stats:
        now = self.clock()
        today = today or ms_to_date(now)
        conn = self.db.conn()
        counts = {s.value: 0 for s in Status}
        total = vips = 0
        for status, n, v in self.select_own(
            "SELECT status, count(*), sum(vip) FROM contacts", tail="GROUP BY status"
        ):
            counts[status] = int(n)
            total += int(n)
            vips += int(v or 0)
        this_month = _month_start(today)
        last_month = _month_start(this_month - _dt.timedelta(days=1))
        # like with like: this month to date against the same days of last month
        last_until = min(last_month + _dt.timedelta(days=today.day - 1),
                         this_month - _dt.timedelta(days=1))
        # weeks end today (inclusive); week k covers [start + 7k, start + 7(k+1)) days.
        # The two months and the 26 weeks overlap: their edges cut the time line into
        # pieces, each piece is counted once, and every figure is a sum of pieces (each
        # interaction is read once, not twice for this and last month). Every piece is
        # a range count on a date index (a GROUP BY on the week number would sort half
        # a year of interactions instead), all in one statement: one round trip, not
        # 30 (at start-up this runs while the UI thread holds the GIL, and every round
        # trip waits for it).
        end = date_to_ms(today + _dt.timedelta(days=1))
        start = end - weeks * 7 * DAY_MS
        ranges = [(date_to_ms(this_month), end),
                  (date_to_ms(last_month), date_to_ms(last_until + _dt.timedelta(days=1)))]
        ranges += [(start + k * 7 * DAY_MS, start + (k + 1) * 7 * DAY_MS) for k in range(weeks)]
        edges = sorted({edge for r in ranges for edge in r})
        pieces = list(itertools.pairwise(edges))
        # With one account in the store every interaction is this user's: the counts
        # walk the narrow date index (3x faster at a million interactions).
        (accounts,) = conn.execute("SELECT count(*) FROM users").fetchone()
        args: list[Any]
        if accounts == 1:
            count = "(SELECT count(*) FROM interactions WHERE date >= ? AND date < ?)"
            args = [v for a, b in pieces for v in (a, b)]
        else:
            count = ("(SELECT count(*) FROM interactions WHERE user_id = ? AND date >= ?"
                     " AND date < ?)")
            args = [v for a, b in pieces for v in (self.user_id, a, b)]
        row = conn.execute("SELECT " + ", ".join([count] * len(pieces)), args).fetchone()
        in_piece = dict(zip(pieces, (int(n) for n in row), strict=True))
        counted = [sum(n for (a, b), n in in_piece.items() if lo <= a and b <= hi)
                   for lo, hi in ranges]
        return Stats(
            contacts=total,
            vips=vips,
            interactions_this_month=counted[0],
            interactions_last_month=counted[1],
            status_counts=counts,
            weekly=counted[2:],
            last_month_until=last_until,
        )

    def interaction_count(self) -> int:
        return int(self.select_own("SELECT count(*) FROM interactions").fetchone()[0])
