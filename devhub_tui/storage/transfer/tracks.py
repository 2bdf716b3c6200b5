"""Tracks and shared resources in the JSON backup (issue 19; backup version 3).

- export: `tracks` (each with its contacts' ids, goals and history),
  `interaction_tracks` (which interaction is linked to which track) and
  `resources` (what an interaction shared), sorted, so export -> import into an
  empty store -> export gives the same JSON;
- read back: `core.backup_tracks` (pure, called by `core.backup.parse_backup`);
- planned and written with the rest of the backup, in its transaction: a track or
  resource this user has already (same id) is not added again, a row whose id
  another account uses gets this user's own stable id, a slug taken by another
  of the user's tracks gets a `-2`.
"""

from __future__ import annotations

import json
from typing import Any

from devhub_tui.core.tracks import DEFAULT_STAGES, unique_slug

__all__ = ["apply_tracks", "export_tracks", "plan_tracks"]

TRACK_KEYS = ("id", "kind", "title", "slug", "stage", "stage_at", "next_step", "next_due",
              "amount_minor", "currency", "links", "notes", "created_at", "updated_at")
EVENT_KEYS = ("id", "kind", "from_stage", "stage", "note", "at")
RESOURCE_KEYS = ("id", "interaction_id", "url", "title", "position", "created_at")


# --------------------------------------------------------------------------- export
def export_tracks(c: Any, uid: str) -> dict[str, Any]:
    """The user's tracks, links and resources as backup sections (call inside the
    export's read transaction)."""
    tracks: list[dict[str, Any]] = []
    by_id: dict[str, dict[str, Any]] = {}
    for row in c.execute(
        f"SELECT {', '.join(TRACK_KEYS)} FROM tracks WHERE user_id = ? ORDER BY id", (uid,)
    ):
        d = dict(zip(TRACK_KEYS, row, strict=True))
        try:
            d["links"] = json.loads(d["links"] or "[]")
        except ValueError:
            d["links"] = []
        d.update(contacts=[], goals=[], history=[])
        tracks.append(d)
        by_id[d["id"]] = d
    for tid, cid in c.execute(
        "SELECT track_id, contact_id FROM track_contacts WHERE user_id = ?"
        " ORDER BY track_id, position, contact_id", (uid,)
    ):
        if tid in by_id:
            by_id[tid]["contacts"].append(cid)
    for tid, goal, progress, updated in c.execute(
        "SELECT track_id, goal, progress, updated_at FROM track_goals WHERE user_id = ?"
        " ORDER BY track_id, position, id", (uid,)
    ):
        if tid in by_id:
            by_id[tid]["goals"].append({"goal": goal, "progress": progress,
                                        "updated_at": updated})
    for row in c.execute(
        f"SELECT track_id, {', '.join(EVENT_KEYS)} FROM track_events WHERE user_id = ?"
        " ORDER BY track_id, at, id", (uid,)
    ):
        if row[0] in by_id:
            by_id[row[0]]["history"].append(dict(zip(EVENT_KEYS, row[1:], strict=True)))
    links = [{"interaction_id": i, "track_id": t} for i, t in c.execute(
        "SELECT interaction_id, track_id FROM interaction_tracks WHERE user_id = ?"
        " ORDER BY interaction_id, track_id", (uid,))]
    resources = [dict(zip(RESOURCE_KEYS, r, strict=True)) for r in c.execute(
        f"SELECT {', '.join(RESOURCE_KEYS)} FROM interaction_resources WHERE user_id = ?"
        " ORDER BY id", (uid,))]
    return {"tracks": tracks, "interaction_tracks": links, "resources": resources}


# --------------------------------------------------------------------------- planning
def _interaction_id(p: Any, r: dict[str, Any], planned: dict[tuple[Any, ...], str],
                    owners: dict[str, str]) -> str | None:
    """Where a backup interaction is in this store after the import (None: nowhere)."""
    key = (p.remap.get(r["contact_id"], r["contact_id"]), r["type"], r["date"], r["notes"])
    if key in planned:
        return planned[key]
    for candidate in (r["id"], p.alt_id(r["id"])):
        if owners.get(candidate) == p.uid:
            return str(candidate)
    row = p.c.execute(
        "SELECT id FROM interactions WHERE user_id = ? AND contact_id = ? AND type = ?"
        " AND date = ? AND notes = ? LIMIT 1", (p.uid, *key)).fetchone()
    return str(row[0]) if row else None


def plan_tracks(p: Any, backup: dict[str, Any]) -> None:
    """Plan the track sections (after the rest of the backup is planned)."""
    from devhub_tui.storage.transfer.backup_plan import existing_ids, free_id

    tracks = backup.get("tracks") or []
    owners = existing_ids(p, "tracks", [i for t in tracks for i in (t["id"], p.alt_id(t["id"]))])
    taken = {r[0] for r in p.c.execute("SELECT slug FROM tracks WHERE user_id = ?", (p.uid,))}
    id_of: dict[str, str] = {}
    rows = []
    for t in tracks:
        tid = free_id(p, t["id"], owners)
        if tid is None:  # this user has it: links to it go to their copy
            id_of[t["id"]] = t["id"] if owners.get(t["id"]) == p.uid else p.alt_id(t["id"])
            continue
        row = dict(t, id=tid, slug=unique_slug(t["slug"], taken))
        taken.add(row["slug"])
        row["contacts"] = list(dict.fromkeys(p.remap.get(c, c) for c in t["contacts"]))
        events = existing_ids(p, "track_events", [e["id"] for e in t["history"]])
        row["history"] = [dict(e, id=e["id"] if e["id"] not in events else p.alt_id(e["id"]))
                          for e in t["history"]]
        id_of[t["id"]] = tid
        rows.append(row)
    p.extra_rows["tracks"] = rows
    if rows:  # (a report names what a backup brought)
        p.others["tracks"] = len(rows)
    wanted = {x["interaction_id"] for x in backup.get("interaction_tracks") or []}
    wanted |= {x["interaction_id"] for x in backup.get("resources") or []}
    by_id = {r["id"]: r for r in backup.get("interactions", []) if r["id"] in wanted}
    planned = {(r["contact_id"], r["type"], r["date"], r["notes"]): r["id"]
               for r in p.extra_rows.get("interactions", [])}
    i_owners = existing_ids(p, "interactions",
                             [i for x in by_id for i in (x, p.alt_id(x))])
    where = {iid: _interaction_id(p, r, planned, i_owners) for iid, r in by_id.items()}
    p.extra_rows["interaction_tracks"] = sorted({
        (where[x["interaction_id"]], id_of[x["track_id"]])
        for x in backup.get("interaction_tracks") or []
        if where.get(x["interaction_id"]) and x["track_id"] in id_of})
    r_owners = existing_ids(p, "interaction_resources",
                             [i for x in backup.get("resources") or []
                              for i in (x["id"], p.alt_id(x["id"]))])
    have = {(r[0], r[1]) for r in p.c.execute(
        "SELECT interaction_id, url FROM interaction_resources WHERE user_id = ?", (p.uid,))}
    resources = []
    for x in backup.get("resources") or []:
        iid = where.get(x["interaction_id"])
        rid = free_id(p, x["id"], r_owners)
        if iid is None or rid is None or (iid, x["url"]) in have:
            continue
        have.add((iid, x["url"]))
        resources.append(dict(x, id=rid, interaction_id=iid))
    p.extra_rows["resources"] = resources
    if resources:
        p.others["resources"] = len(resources)


# --------------------------------------------------------------------------- writing
def apply_tracks(p: Any) -> None:
    """Write the planned track sections (in the import's transaction)."""
    from devhub_tui.storage.ids import new_id
    from devhub_tui.storage.tracks import TrackStore
    from devhub_tui.storage.tracks.rows import (
        INSERT_RESOURCE,
        INSERT_TRACK,
        INSERT_TRACK_EVENT,
        INSERT_TRACK_GOAL,
    )

    c, uid = p.c, p.uid
    stages = TrackStore(p.store.db, uid).stages()
    contacts = {r[0] for r in c.execute("SELECT id FROM contacts WHERE user_id = ?", (uid,))}
    for t in p.extra_rows.get("tracks", []):
        terminal = stages.get(t["kind"], DEFAULT_STAGES["job"]).is_terminal(t["stage"])
        c.execute(
            INSERT_TRACK,
            (t["id"], uid, t["kind"], t["title"], t["slug"], t["stage"], 0 if terminal else 1,
             t["stage_at"], t["next_step"], t["next_due"], t["amount_minor"], t["currency"],
             json.dumps(t["links"], ensure_ascii=False), t["notes"], t["created_at"],
             t["updated_at"]))
        c.executemany(
            "INSERT OR IGNORE INTO track_contacts (track_id, contact_id, user_id, position)"
            " VALUES (?, ?, ?, ?)",
            [(t["id"], cid, uid, n) for n, cid in enumerate(
                x for x in t["contacts"] if x in contacts)])
        c.executemany(
            INSERT_TRACK_GOAL,
            [(new_id(), uid, t["id"], g["goal"], g["progress"], n, g["updated_at"])
             for n, g in enumerate(t["goals"])])
        c.executemany(
            INSERT_TRACK_EVENT,
            [(e["id"], uid, t["id"], e["kind"], e["from_stage"], e["stage"], e["note"],
              e["at"]) for e in t["history"]])
    c.executemany(
        "INSERT OR IGNORE INTO interaction_tracks (interaction_id, track_id, user_id)"
        " VALUES (?, ?, ?)", [(i, t, uid) for i, t in p.extra_rows.get("interaction_tracks", [])])
    c.executemany(
        INSERT_RESOURCE,
        [(r["id"], uid, r["interaction_id"], r["url"], r["title"], r["position"],
          r["created_at"]) for r in p.extra_rows.get("resources", [])])
