"""Tracks and shared resources in the JSON backup (issue 19; backup version 3).

- export: `tracks` (each with its contacts' ids, goals and history),
  `interaction_tracks` (which interaction is linked to which track) and
  `resources` (what an interaction shared), sorted, so export -> import into an
  empty store -> export gives the same JSON;
- read back: every field checked, errors naming the record (`tracks[2] (id ...)`);
  links to interactions the backup skipped (a date in the future) are dropped;
- planned and written with the rest of the backup, in its transaction: a track or
  resource this user has already (same id) is not added again, a row whose id
  another account uses gets this user's own stable id, a slug taken by another
  of the user's tracks gets a `-2`.
"""

from __future__ import annotations

import datetime as _dt
import json
from typing import Any

from devhub_tui.core.records import FileFormatError
from devhub_tui.core.tracks import (
    DEFAULT_STAGES,
    KINDS,
    slugify,
    unique_slug,
    validate_currency,
    validate_links,
    validate_stage_name,
    validate_title,
)
from devhub_tui.core.validation import MAX_NOTE_LEN, ValidationError, clean_text, validate_url

__all__ = ["apply_tracks", "export_tracks", "parse_tracks", "plan_tracks"]

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


# --------------------------------------------------------------------------- reading
def _fail(where: str, exc: Exception) -> FileFormatError:
    return FileFormatError(f"{where}: {exc}")


def _text(obj: dict[str, Any], key: str, where: str, *, limit: int = 500,
          multiline: bool = False, null: bool = False) -> str | None:
    value = obj.get(key)
    if value is None and (null or key not in obj):
        return None if null else ""
    if not isinstance(value, str):
        raise FileFormatError(f"{where}: '{key}' must be text")
    try:
        return clean_text(value, max_len=limit, multiline=multiline, field=key)
    except ValidationError as exc:
        raise _fail(where, exc) from None


def _int(obj: dict[str, Any], key: str, where: str, *, null: bool = False) -> int | None:
    value = obj.get(key)
    if value is None and null:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or abs(value) > 2**62:
        raise FileFormatError(f"{where}: '{key}' must be a number")
    return value


def _id(obj: dict[str, Any], key: str, where: str) -> str:
    from devhub_tui.storage.transfer.backup import _id as backup_id

    return backup_id({"id": obj.get(key)}, where) if key != "id" else backup_id(obj, where)


def _where(section: str, index: int, obj: Any) -> str:
    from devhub_tui.storage.transfer.backup import _where as where

    return where(section, index, obj)


def _rows(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    from devhub_tui.storage.transfer.backup import _rows as rows

    return rows(data, section)


def _track(obj: dict[str, Any], where: str, contact_ids: set[str]) -> dict[str, Any]:
    t: dict[str, Any] = {"id": _id(obj, "id", where)}
    kind = obj.get("kind")
    if kind not in KINDS:
        raise FileFormatError(f"{where}: kind must be one of {', '.join(KINDS)}")
    t["kind"] = kind
    try:
        t["title"] = validate_title(_text(obj, "title", where, limit=1000) or "")
    except ValidationError as exc:
        raise _fail(where, exc) from None
    t["slug"] = slugify(_text(obj, "slug", where, limit=200) or t["title"])
    stage = _text(obj, "stage", where, limit=100) or ""
    try:  # a stage name as Settings takes it (the kind's list may differ: kept anyway)
        t["stage"] = validate_stage_name(stage)
    except ValidationError as exc:
        raise _fail(where, exc) from None
    for key in ("stage_at", "created_at", "updated_at"):
        t[key] = _int(obj, key, where)
    t["next_step"] = _text(obj, "next_step", where) or ""
    due = obj.get("next_due")
    if due is not None:
        try:
            _dt.date.fromisoformat(due if isinstance(due, str) else "")
        except ValueError:
            raise FileFormatError(f"{where}: next_due must be a date (YYYY-MM-DD)") from None
    t["next_due"] = due
    t["amount_minor"] = _int(obj, "amount_minor", where, null=True)
    currency = obj.get("currency")
    if (t["amount_minor"] is None) != (currency is None):
        raise FileFormatError(f"{where}: amount_minor and currency go together")
    try:
        t["currency"] = validate_currency(currency) if currency is not None else None
        if t["amount_minor"] is not None and t["amount_minor"] < 0:
            raise ValidationError("amount_minor can't be negative")
        links = obj.get("links") or []
        if not isinstance(links, list) or not all(isinstance(x, str) for x in links):
            raise ValidationError("links must be a list of texts")
        t["links"] = validate_links(links)
    except ValidationError as exc:
        raise _fail(where, exc) from None
    t["notes"] = _text(obj, "notes", where, limit=MAX_NOTE_LEN, multiline=True) or ""
    contacts = obj.get("contacts") or []
    if not isinstance(contacts, list) or not all(isinstance(x, str) for x in contacts):
        raise FileFormatError(f"{where}: contacts must be a list of contact ids")
    for cid in contacts:
        if cid not in contact_ids:
            raise FileFormatError(f"{where}: contact '{cid[:40]}' is not a contact in the backup")
    t["contacts"] = list(dict.fromkeys(contacts))
    t["goals"] = []
    for n, g in enumerate(obj.get("goals") or []):
        gw = f"{where} goals[{n}]"
        if not isinstance(g, dict):
            raise FileFormatError(f"{gw}: must be an object")
        t["goals"].append({"goal": _text(g, "goal", gw) or "",
                           "progress": _text(g, "progress", gw, limit=2000) or "",
                           "updated_at": _int(g, "updated_at", gw)})
    t["history"] = []
    for n, e in enumerate(obj.get("history") or []):
        ew = f"{where} history[{n}]"
        if not isinstance(e, dict):
            raise FileFormatError(f"{ew}: must be an object")
        if e.get("kind") not in ("stage", "step"):
            raise FileFormatError(f"{ew}: kind must be stage or step")
        t["history"].append({
            "id": _id(e, "id", ew), "kind": e["kind"],
            "from_stage": _text(e, "from_stage", ew, limit=100, null=True),
            "stage": _text(e, "stage", ew, limit=100, null=True),
            "note": _text(e, "note", ew) or "", "at": _int(e, "at", ew)})
    return t


def parse_tracks(data: dict[str, Any], contact_ids: set[Any],
                 interaction_ids: set[str]) -> dict[str, Any]:
    """The backup's track sections, checked (empty for a version 1 or 2 backup)."""
    tracks = [_track(obj, _where("tracks", i, obj), contact_ids)
              for i, obj in enumerate(_rows(data, "tracks"))]
    track_ids = {t["id"] for t in tracks}
    if len(track_ids) != len(tracks):
        raise FileFormatError("two tracks in the backup have the same id")
    links = []
    for i, obj in enumerate(_rows(data, "interaction_tracks")):
        where = f"interaction_tracks[{i}]"
        iid, tid = _id(obj, "interaction_id", where), _id(obj, "track_id", where)
        if tid not in track_ids:
            raise FileFormatError(f"{where}: track '{tid}' is not a track in the backup")
        if iid in interaction_ids:  # (an interaction the backup skipped: dropped)
            links.append({"interaction_id": iid, "track_id": tid})
    resources = []
    for i, obj in enumerate(_rows(data, "resources")):
        where = _where("resources", i, obj)
        iid = _id(obj, "interaction_id", where)
        try:
            raw = obj.get("url")
            url = validate_url(raw if isinstance(raw, str) else "")
        except ValidationError as exc:
            raise _fail(where, exc) from None
        if not url:
            raise FileFormatError(f"{where}: 'url' is missing")
        if iid in interaction_ids:
            resources.append({"id": _id(obj, "id", where), "interaction_id": iid, "url": url,
                              "title": _text(obj, "title", where, limit=300) or "",
                              "position": _int(obj, "position", where, null=True) or 0,
                              "created_at": _int(obj, "created_at", where)})
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
    from devhub_tui.storage.transfer.backup_plan import _existing_ids, _free_id

    tracks = backup.get("tracks") or []
    owners = _existing_ids(p, "tracks", [i for t in tracks for i in (t["id"], p.alt_id(t["id"]))])
    taken = {r[0] for r in p.c.execute("SELECT slug FROM tracks WHERE user_id = ?", (p.uid,))}
    id_of: dict[str, str] = {}
    rows = []
    for t in tracks:
        tid = _free_id(p, t["id"], owners)
        if tid is None:  # this user has it: links to it go to their copy
            id_of[t["id"]] = t["id"] if owners.get(t["id"]) == p.uid else p.alt_id(t["id"])
            continue
        row = dict(t, id=tid, slug=unique_slug(t["slug"], taken))
        taken.add(row["slug"])
        row["contacts"] = list(dict.fromkeys(p.remap.get(c, c) for c in t["contacts"]))
        events = _existing_ids(p, "track_events", [e["id"] for e in t["history"]])
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
    i_owners = _existing_ids(p, "interactions",
                             [i for x in by_id for i in (x, p.alt_id(x))])
    where = {iid: _interaction_id(p, r, planned, i_owners) for iid, r in by_id.items()}
    p.extra_rows["interaction_tracks"] = sorted({
        (where[x["interaction_id"]], id_of[x["track_id"]])
        for x in backup.get("interaction_tracks") or []
        if where.get(x["interaction_id"]) and x["track_id"] in id_of})
    r_owners = _existing_ids(p, "interaction_resources",
                             [i for x in backup.get("resources") or []
                              for i in (x["id"], p.alt_id(x["id"]))])
    have = {(r[0], r[1]) for r in p.c.execute(
        "SELECT interaction_id, url FROM interaction_resources WHERE user_id = ?", (p.uid,))}
    resources = []
    for x in backup.get("resources") or []:
        iid = where.get(x["interaction_id"])
        rid = _free_id(p, x["id"], r_owners)
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

    c, uid = p.c, p.uid
    stages = TrackStore(p.store.db, uid).stages()
    contacts = {r[0] for r in c.execute("SELECT id FROM contacts WHERE user_id = ?", (uid,))}
    for t in p.extra_rows.get("tracks", []):
        terminal = stages.get(t["kind"], DEFAULT_STAGES["job"]).is_terminal(t["stage"])
        c.execute(
            "INSERT INTO tracks (id, user_id, kind, title, slug, stage, open, stage_at,"
            " next_step, next_due, amount_minor, currency, links, notes, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
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
            "INSERT INTO track_goals (id, user_id, track_id, goal, progress, position,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [(new_id(), uid, t["id"], g["goal"], g["progress"], n, g["updated_at"])
             for n, g in enumerate(t["goals"])])
        c.executemany(
            "INSERT INTO track_events (id, user_id, track_id, kind, from_stage, stage, note,"
            " at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(e["id"], uid, t["id"], e["kind"], e["from_stage"], e["stage"], e["note"],
              e["at"]) for e in t["history"]])
    c.executemany(
        "INSERT OR IGNORE INTO interaction_tracks (interaction_id, track_id, user_id)"
        " VALUES (?, ?, ?)", [(i, t, uid) for i, t in p.extra_rows.get("interaction_tracks", [])])
    c.executemany(
        "INSERT INTO interaction_resources (id, user_id, interaction_id, url, title, position,"
        " created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [(r["id"], uid, r["interaction_id"], r["url"], r["title"], r["position"],
          r["created_at"]) for r in p.extra_rows.get("resources", [])])
