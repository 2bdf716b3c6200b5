"""PRODUCT.md §2 in SQL: a contact's cadence, its clock and its status, applied with
one set-based UPDATE whose rules mirror `core.status.compute_status` exactly (a
test cross-checks them: tests/unit/storage/test_status_sql.py)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from devhub_tui.core.status import CadenceDefaults
from devhub_tui.storage.status_rules import (  # noqa: F401  (re-exported)
    ANCHOR_SQL,
    CADENCE_SQL,
    DUE_AT_SQL,
    PREF_KEYS,
    STATUS_SQL,
    STATUS_UNTIL_SQL,
)


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
    status, until, due = STATUS_SQL, STATUS_UNTIL_SQL, DUE_AT_SQL
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
