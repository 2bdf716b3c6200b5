"""The rest of a JSON backup planned: interaction types, tags, interactions,
follow-ups, events, preferences and the profile.

A row already there (same id, or the same contact/type/date/notes) is not added
again; a row whose id another account uses gets this user's own stable id.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from devhub_tui.core.quicklog import BUILTIN_TYPES
from devhub_tui.storage.ids import new_id
from devhub_tui.storage.transfer.planner import Planner

__all__ = ["plan_backup"]

_CHUNK = 500


def existing_ids(p: Planner, table: str, ids: Iterable[str]) -> dict[str, str]:
    """id -> owner user_id for the ids that already exist in ``table``."""
    found: dict[str, str] = {}
    ids = list(ids)
    for i in range(0, len(ids), _CHUNK):
        chunk = ids[i : i + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        for rid, owner in p.c.execute(
            f"SELECT id, user_id FROM {table} WHERE id IN ({marks})", chunk
        ):
            found[rid] = owner
    return found


def plan_backup(p: Planner, backup: dict[str, Any]) -> None:
    username = backup.get("username")
    if username:
        me = p.c.execute("SELECT username FROM users WHERE id = ?", (p.uid,)).fetchone()
        if me and str(me[0]).lower() != str(username).lower():
            p.warnings.append(f"this is a backup of '{username}', imported as '{me[0]}'")
    # interaction types and tags
    custom = {
        r[0]
        for r in p.c.execute(
            "SELECT name FROM interaction_types WHERE user_id = ?", (p.uid,)
        )
    }
    wanted_types = set(backup["interaction_types"]) | {
        i["type"] for i in backup["interactions"]
    }
    new_types = sorted(wanted_types - custom - set(BUILTIN_TYPES))
    p.extra_rows["types"] = new_types
    p.others["types"] = len(new_types)
    p.extra_rows["tags"] = sorted(backup["tags"])
    # interactions: same id, or the same contact/type/date/notes -> already there
    p.others["interactions"] = _plan_children(
        p,
        "interactions",
        backup["interactions"],
        "SELECT contact_id, type, date, notes FROM interactions WHERE user_id = ?",
        lambda r: (r["contact_id"], r["type"], r["date"], r["notes"]),
    )
    p.others["follow-ups"] = _plan_children(
        p,
        "follow_ups",
        backup["follow_ups"],
        "SELECT contact_id, due, note, NULL FROM follow_ups WHERE user_id = ?",
        lambda r: (r["contact_id"], r["due"], r["note"], None),
    )
    # events: same id or same name and start
    owners = existing_ids(p, 
        "events", [i for e in backup["events"] for i in (e["id"], p.alt_id(e["id"]))]
    )
    have = {
        (r[0], r[1])
        for r in p.c.execute(
            "SELECT name, starts_at FROM events WHERE user_id = ?", (p.uid,)
        )
    }
    events = []
    for e in backup["events"]:
        row = dict(e)
        row["id"] = free_id(p, e["id"], owners)
        if row["id"] is None or (e["name"], e["starts_at"]) in have:
            continue
        have.add((e["name"], e["starts_at"]))
        events.append(row)
    p.extra_rows["events"] = events
    p.others["events"] = len(events)
    # preferences and profile: filled when missing (replaced with overwrite)
    prefs = dict(
        p.c.execute(
            "SELECT key, value FROM user_prefs WHERE user_id = ?", (p.uid,)
        ).fetchall()
    )
    p.extra_rows["prefs"] = sorted(
        (k, v)
        for k, v in backup["preferences"].items()
        if (k not in prefs or p.overwrite) and prefs.get(k) != v
    )
    profile = backup.get("profile")
    has_profile = p.c.execute(
        "SELECT 1 FROM profiles WHERE user_id = ?", (p.uid,)
    ).fetchone()
    p.extra_rows["profile"] = (
        [profile] if profile is not None and (not has_profile or p.overwrite) else []
    )
    from devhub_tui.storage.transfer.tracks import plan_tracks  # issue 19

    plan_tracks(p, backup)


def free_id(p: Planner, rid: str, owners: dict[str, str]) -> str | None:
    """The id to insert a backup row under; None when this user has it already."""
    alt = p.alt_id(rid)
    if owners.get(rid) == p.uid or owners.get(alt) == p.uid:
        return None
    if rid not in owners:
        return rid
    return alt if alt not in owners else new_id()


def _plan_children(
    p: Planner, table: str, rows: list[dict[str, Any]], existing_sql: str, key: Any
) -> int:
    owners = existing_ids(p, 
        table, [i for r in rows for i in (r["id"], p.alt_id(r["id"]))]
    )
    have = {tuple(r) for r in p.c.execute(existing_sql, (p.uid,))}
    out = []
    for r in rows:
        row = dict(r)
        row["id"] = free_id(p, r["id"], owners)
        if row["id"] is None:
            continue
        row["contact_id"] = p.remap.get(r["contact_id"], r["contact_id"])
        k = key(row)
        if k in have:
            continue
        have.add(k)
        out.append(row)
    p.extra_rows[table] = out
    return len(out)

