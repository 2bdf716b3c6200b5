"""The tracks sections of a JSON backup, read and checked (issue 19; backup version 3).

Pure like the rest of `core.backup` (which calls `parse_tracks`): every field is
checked and an error names its record (`tracks[2] (id ...)`); links to and
resources of interactions the backup skipped (a date in the future) are dropped.
`storage.transfer.tracks` exports, plans and writes these sections.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from devhub_tui.core.backup import record_id as backup_id
from devhub_tui.core.backup import section_rows as _rows
from devhub_tui.core.backup import where_of as _where
from devhub_tui.core.records import FileFormatError
from devhub_tui.core.tracks import (
    KINDS,
    slugify,
    validate_currency,
    validate_links,
    validate_stage_name,
    validate_title,
)
from devhub_tui.core.validation import MAX_NOTE_LEN, ValidationError, clean_text, validate_url

__all__ = ["parse_tracks"]


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
    return backup_id({"id": obj.get(key)}, where) if key != "id" else backup_id(obj, where)


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
