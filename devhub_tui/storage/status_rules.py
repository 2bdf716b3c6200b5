"""PRODUCT.md §2 as SQL expressions, in a module that imports nothing.

`storage/store/status_sql.py` applies them (the recompute every write runs) and
`cli/due_count.py` (the shell-prompt fast path of `devhub due --count`) counts
with them without importing the Store: both read the same text, so the count
and the stored statuses can't disagree. Parameters: `:now` (epoch ms) and the
cadence defaults `:vip`, `:high`, `:normal`, `:low` (NULL = off).
"""

from __future__ import annotations

#: One day in milliseconds (core.dates.DAY_MS; a test holds them equal).
DAY_MS = 86_400_000

#: A contact's cadence in SQL (PRODUCT.md §2; mirrors core.status.effective_cadence):
#: its own `cadence_days` (0 = off -> NULL), else the defaults bound as :vip, :high,
#: :low and :normal (see `status_sql.cadence_params`).
CADENCE_SQL = (
    "CASE WHEN cadence_days IS NOT NULL THEN"
    " (CASE WHEN cadence_days > 0 THEN cadence_days END)"
    " WHEN vip = 1 THEN :vip WHEN importance = 'high' THEN :high"
    " WHEN importance = 'low' THEN :low ELSE :normal END"
)
#: Where a contact's clock starts (mirrors core.status.anchor_ms).
ANCHOR_SQL = "max(coalesce(last_contacted, created_at), coalesce(snoozed_until, 0))"
#: The user_prefs keys of the default cadences -> CadenceDefaults attributes.
PREF_KEYS = {
    "cadence_vip": "vip",
    "cadence_high": "high",
    "cadence_normal": "normal",
    "cadence_low": "low",
}
#: The statuses whose contacts are in the attention queue.
QUEUE_STATUSES = ("overdue", "needs-attention", "due-soon")

_ELAPSED = f"((:now - {ANCHOR_SQL}) / 86400000.0)"
_CAD = f"({CADENCE_SQL})"
_SOON = f"({_CAD} - min(7.0, {_CAD} / 4.0))"  # days after the anchor: due soon

#: A contact's status at :now (mirrors core.status.compute_status exactly).
STATUS_SQL = (
    f"CASE WHEN archived = 1 OR {_CAD} IS NULL THEN 'paused'"
    f" WHEN snoozed_until IS NOT NULL AND snoozed_until > :now THEN 'snoozed'"
    f" WHEN {_ELAPSED} >= 2 * {_CAD} THEN 'overdue'"
    f" WHEN {_ELAPSED} >= {_CAD} THEN 'needs-attention'"
    f" WHEN {_ELAPSED} >= {_SOON} THEN 'due-soon'"
    f" ELSE 'ok' END"
)
#: The first instant STATUS_SQL gives another answer: each threshold in milliseconds
#: is exact (a cadence is whole days, `soon` a multiple of 1/4 day), and
#: `elapsed >= x` flips exactly at anchor + x days.
STATUS_UNTIL_SQL = (
    f"CASE WHEN archived = 1 OR {_CAD} IS NULL THEN NULL"
    f" WHEN snoozed_until IS NOT NULL AND snoozed_until > :now THEN snoozed_until"
    f" WHEN {_ELAPSED} >= 2 * {_CAD} THEN NULL"
    f" WHEN {_ELAPSED} >= {_CAD} THEN {ANCHOR_SQL} + 2 * {_CAD} * {DAY_MS}"
    f" WHEN {_ELAPSED} >= {_SOON} THEN {ANCHOR_SQL} + {_CAD} * {DAY_MS}"
    f" ELSE {ANCHOR_SQL} + CAST({_SOON} * {DAY_MS} AS INTEGER) END"
)
#: When the cadence runs out (NULL when it is off).
DUE_AT_SQL = f"CASE WHEN {_CAD} IS NULL THEN NULL ELSE {ANCHOR_SQL} + {_CAD} * {DAY_MS} END"
