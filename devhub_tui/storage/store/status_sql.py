"""PRODUCT.md §2 in SQL: a contact's cadence, its clock and its status, applied with
one set-based UPDATE whose rules mirror `core.status.compute_status` exactly (a
test cross-checks them: tests/unit/storage/test_status_sql.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from devhub_tui.core.dates import DAY_MS
from devhub_tui.core.status import CadenceDefaults

#: A contact's cadence in SQL (PRODUCT.md §2; mirrors core.status.effective_cadence):
#: its own `cadence_days` (0 = off -> NULL), else the defaults bound as :vip, :high,
#: :low and :normal (see `cadence_params`).
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


def cadence_params(d: CadenceDefaults) -> dict[str, int | None]:
    # a default of 0 switches reminders off: NULL cadence -> paused
    return {"vip": d.vip or None, "high": d.high or None, "low": d.low or None,
            "normal": d.normal or None}


def recompute(
    c: Any,
    user_id: str,
    defaults: CadenceDefaults,
    now: int,
    contact_ids: Sequence[str] | None,
    *,
    lapsed_only: bool = False,
) -> int:
    """Apply PRODUCT.md §2 to the user's contacts in one UPDATE (or to some of them):
    their status, when it next changes by time alone (`status_until`) and when they
    are due (`due_at`, see migration 4). With `lapsed_only`, only the contacts whose
    `status_until` has come (an index range, not every contact). Rows changed."""
    anchor = ANCHOR_SQL
    elapsed = f"((:now - {anchor}) / 86400000.0)"
    cad = f"({CADENCE_SQL})"
    soon = f"({cad} - min(7.0, {cad} / 4.0))"  # days after the anchor: due soon
    status = (
        f"CASE WHEN archived = 1 OR {cad} IS NULL THEN 'paused'"
        f" WHEN snoozed_until IS NOT NULL AND snoozed_until > :now THEN 'snoozed'"
        f" WHEN {elapsed} >= 2 * {cad} THEN 'overdue'"
        f" WHEN {elapsed} >= {cad} THEN 'needs-attention'"
        f" WHEN {elapsed} >= {soon} THEN 'due-soon'"
        f" ELSE 'ok' END"
    )
    # The first instant the CASE above gives another answer: each threshold in
    # milliseconds is exact (a cadence is whole days, `soon` a multiple of 1/4 day),
    # and `elapsed >= x` flips exactly at anchor + x days.
    until = (
        f"CASE WHEN archived = 1 OR {cad} IS NULL THEN NULL"
        f" WHEN snoozed_until IS NOT NULL AND snoozed_until > :now THEN snoozed_until"
        f" WHEN {elapsed} >= 2 * {cad} THEN NULL"
        f" WHEN {elapsed} >= {cad} THEN {anchor} + 2 * {cad} * {DAY_MS}"
        f" WHEN {elapsed} >= {soon} THEN {anchor} + {cad} * {DAY_MS}"
        f" ELSE {anchor} + CAST({soon} * {DAY_MS} AS INTEGER) END"
    )
    due = f"CASE WHEN {cad} IS NULL THEN NULL ELSE {anchor} + {cad} * {DAY_MS} END"
    params: dict[str, Any] = {**cadence_params(defaults), "now": now, "uid": user_id}
    scope = "user_id = :uid"
    if lapsed_only:
        scope += " AND status_until <= :now"
    if contact_ids is not None:
        if not contact_ids:
            return 0
        keys = []
        for n, cid in enumerate(contact_ids):
            params[f"c{n}"] = cid
            keys.append(f":c{n}")
        scope += f" AND id IN ({', '.join(keys)})"
    # one statement, portable (no UPDATE ... FROM): only rows where something changes
    sql = (
        f"UPDATE contacts SET status = {status}, status_until = {until}, due_at = {due}"
        f" WHERE {scope} AND (status IS NOT {status} OR status_until IS NOT {until}"
        f" OR due_at IS NOT {due})"
    )
    return int(c.execute(sql, params).rowcount)
