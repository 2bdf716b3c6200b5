"""The JSON backup read back: every section checked, errors naming the record.

Pure (no I/O, no SQL): storage.transfer plans and writes what this returns.

A backup (``"format": "devhub-backup"``) holds all of a user's data with ids and
timestamps. Version 2 adds each contact's ``email_label`` / ``phone_label``,
``details`` (other emails and phones, addresses, links, name parts) and
``sources`` (the fingerprints of the records it was imported from); version 3
adds ``tracks``, ``interaction_tracks`` and ``resources`` (issue 19, read by
:mod:`.backup_tracks`); older files read as before. A contact's ``skills`` (issue
20) are read when present (the interactions' topics are derived from their notes,
never stored).

Numbers are checked to fit (a timestamp of 10**25 is an error naming its record,
not a crash). An interaction dated in the future or before 1900 is reported and
skipped, the rest of the backup imported (interactions record what happened).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from typing import Any

from devhub_tui.core.dates import DateWordError, check_interaction_date, ms_to_date, parse_birthday
from devhub_tui.core.filetext import quote
from devhub_tui.core.records import FileFormatError, ImportRecord, ParsedFile, clean_label
from devhub_tui.core.skills import normalize_skills
from devhub_tui.core.validation import (
    IMPORTANCES,
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_tag,
)

__all__ = [
    "BACKUP_FORMAT", "BACKUP_VERSION", "DETAIL_KINDS", "parse_backup", "record_id", "section_rows",
    "where_of",
]

BACKUP_FORMAT = "devhub-backup"
BACKUP_VERSION = 3  # 3: tracks, their links to interactions, resources (issue 19)
DETAIL_KINDS = ("email", "phone", "address", "link", "name")
#: Largest integer a backup may hold (SQLite's INTEGER is 64-bit).
_MAX_INT = 2**62

VIP_BACKGROUND = ("family", "company", "likes_dislikes", "misc_notes")
VIP_INFO = ("main_app", "email", "phone_number")
VIP_TEXT = (*VIP_BACKGROUND, *VIP_INFO)
PROFILE_TEXT = ("name", "headline", "email", "phone", "github", "website")

def _where(section: str, index: int, obj: Any) -> str:
    ident = obj.get("id") if isinstance(obj, dict) else None
    return f"{section}[{index}]" + (f" (id {quote(ident, 40)})" if isinstance(ident, str)
                                    else "")


def _get(
    obj: dict[str, Any], key: str, kinds: tuple[type, ...], where: str, *, null: bool = False
) -> Any:
    if key not in obj:
        if null:
            return None
        raise FileFormatError(f"{where}: '{key}' is missing")
    value = obj[key]
    if value is None and null:
        return None
    if isinstance(value, bool) and bool not in kinds:
        raise FileFormatError(f"{where}: '{key}' has the wrong type")
    if not isinstance(value, kinds):
        words = {str: "text", int: "a number", bool: "true or false", list: "a list",
                 dict: "an object"}
        names = " or ".join(words.get(k, k.__name__) for k in kinds)
        raise FileFormatError(f"{where}: '{key}' must be {names}")
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > _MAX_INT:
        raise FileFormatError(f"{where}: '{key}' is out of range ({quote(str(value), 30)})")
    return value


def _id(obj: dict[str, Any], where: str) -> str:
    value = _get(obj, "id", (str,), where)
    if not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", value):
        raise FileFormatError(f"{where}: 'id' must be 1-64 letters, digits, - or _")
    return str(value)


def _clean(value: str, where: str, key: str, *, multiline: bool, limit: int = 500) -> str:
    try:
        return clean_text(value, max_len=limit, multiline=multiline, field=key)
    except ValidationError as exc:
        raise FileFormatError(f"{where}: {exc}") from None


def _backup_contact(obj: Any, index: int) -> ImportRecord:
    where = _where("contacts", index, obj)
    if not isinstance(obj, dict):
        raise FileFormatError(f"{where}: must be an object")
    rec = ImportRecord(source=where, uid=_id(obj, where))
    f = rec.fields
    name = _clean(_get(obj, "name", (str,), where), where, "name", multiline=False)
    if not name:
        raise FileFormatError(f"{where}: 'name' is empty")
    f["name"] = name
    for key in ("nickname", "relationship", "industry", "company", "title", "location",
                "timezone", "github", "email", "phone"):
        value = _get(obj, key, (str,), where, null=True)
        if value is not None:
            f[key] = _clean(value, where, key, multiline=False) or None
    notes = _get(obj, "notes", (str,), where, null=True)
    if notes is not None:
        f["notes"] = _clean(notes, where, "notes", multiline=True, limit=MAX_NOTE_LEN) or None
    birthday = _get(obj, "birthday", (str,), where, null=True)
    if birthday is not None:
        try:
            if parse_birthday(birthday) != birthday:
                raise DateWordError(f"'{birthday}' is not YYYY-MM-DD or --MM-DD")
        except DateWordError as exc:
            raise FileFormatError(f"{where}: birthday {exc}") from None
        f["birthday"] = birthday
    f["vip"] = bool(_get(obj, "vip", (bool,), where, null=True))
    f["archived"] = bool(_get(obj, "archived", (bool,), where, null=True))
    importance = _get(obj, "importance", (str,), where, null=True) or "normal"
    if importance not in IMPORTANCES:
        raise FileFormatError(f"{where}: importance must be low, normal or high")
    f["importance"] = importance
    for key in ("cadence_days", "snoozed_until"):
        f[key] = _get(obj, key, (int,), where, null=True)
    if f["cadence_days"] is not None and not 0 <= f["cadence_days"] <= 3650:
        raise FileFormatError(f"{where}: cadence_days must be 0 to 3650")
    for key in ("created_at", "updated_at"):
        rec.extra[key] = _get(obj, key, (int,), where)
    rec.extra["last_contacted"] = _get(obj, "last_contacted", (int,), where, null=True)
    tags = _get(obj, "tags", (list,), where, null=True) or []
    for tag in tags:
        if not isinstance(tag, str):
            raise FileFormatError(f"{where}: tags must be text")
        try:
            rec.tags.append(validate_tag(tag))
        except ValidationError as exc:
            raise FileFormatError(f"{where}: {exc}") from None
    skills = _get(obj, "skills", (list,), where, null=True) or []  # issue 20
    if not all(isinstance(s, str) for s in skills):
        raise FileFormatError(f"{where}: skills must be text")
    try:
        rec.skills = normalize_skills(skills)
    except ValidationError as exc:
        raise FileFormatError(f"{where}: {exc}") from None
    vip = _get(obj, "vip_data", (dict,), where, null=True)
    if vip is not None:
        vw = f"{where} vip_data"
        for key in VIP_TEXT:
            value = _get(vip, key, (str,), vw, null=True) or ""
            rec.vip[key] = _clean(
                value, vw, key, multiline=key in VIP_BACKGROUND, limit=MAX_NOTE_LEN
            )
        for n, link in enumerate(_get(vip, "social_links", (list,), vw, null=True) or []):
            lw = f"{vw} social_links[{n}]"
            if not isinstance(link, dict):
                raise FileFormatError(f"{lw}: must be an object")
            rec.vip_links.append(
                {
                    "platform": _clean(_get(link, "platform", (str,), lw), lw, "platform",
                                       multiline=False, limit=MAX_NOTE_LEN),
                    "url": _clean(_get(link, "url", (str,), lw), lw, "url", multiline=False,
                                  limit=MAX_NOTE_LEN),
                }
            )
        rec.extra["has_vip_data"] = True
    _backup_details(obj, rec, where)
    return rec


def _backup_details(obj: dict[str, Any], rec: ImportRecord, where: str) -> None:
    """Version 2: labels, details and sources of a contact."""
    f = rec.fields
    rec.emails = [f["email"]] if f.get("email") else []
    rec.phones = [f["phone"]] if f.get("phone") else []
    for key, value_key in (("email_label", "email"), ("phone_label", "phone")):
        label = _get(obj, key, (str,), where, null=True)
        if label and f.get(value_key):
            f[key] = clean_label(label)
            rec.labels[f[value_key]] = f[key]
    for n, d in enumerate(_get(obj, "details", (list,), where, null=True) or []):
        dw = f"{where} details[{n}]"
        if not isinstance(d, dict):
            raise FileFormatError(f"{dw}: must be an object")
        kind = _get(d, "kind", (str,), dw)
        if kind not in DETAIL_KINDS:
            raise FileFormatError(f"{dw}: kind must be one of {', '.join(DETAIL_KINDS)}")
        label = clean_label(_get(d, "label", (str,), dw, null=True) or "")
        value = _clean(_get(d, "value", (str,), dw), dw, "value", multiline=False,
                       limit=10_000)
        if not value:
            raise FileFormatError(f"{dw}: 'value' is empty")
        if kind == "email":
            rec.emails.append(value)
        elif kind == "phone":
            rec.phones.append(value)
        elif kind == "address":
            rec.addresses.append((label, value))
        elif kind == "link":
            rec.social_links.append({"platform": label or "website", "url": value})
        else:
            try:
                parts = json.loads(value)
            except ValueError:
                parts = None
            if not (isinstance(parts, list) and len(parts) == 5
                    and all(isinstance(p, str) for p in parts)):
                raise FileFormatError(f"{dw}: a name's value is a list of 5 texts")
            rec.name_parts = parts
        if kind in ("email", "phone") and label:
            rec.labels[value] = label
    sources = _get(obj, "sources", (list,), where, null=True) or []
    if not all(isinstance(x, str) and 0 < len(x) <= 600 for x in sources):
        raise FileFormatError(f"{where}: 'sources' must be a list of texts")
    rec.extra["sources"] = sorted(set(sources))


def _rows(data: dict[str, Any], section: str) -> list[dict[str, Any]]:
    value = data.get(section, [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise FileFormatError(f"'{section}' must be a list")
    for index, obj in enumerate(value):
        if not isinstance(obj, dict):
            raise FileFormatError(f"{section}[{index}]: must be an object")
    return value


def _interaction_date(obj: dict[str, Any], where: str, today: _dt.date | None,
                      warnings: list[str]) -> int | None:
    """The interaction's date, or None (with a warning) when it can't date one."""
    value = obj.get("date")
    if not isinstance(value, int) or isinstance(value, bool):
        raise FileFormatError(f"{where}: 'date' must be a number")
    try:
        day = ms_to_date(value)
    except (OverflowError, ValueError, OSError):
        warnings.append(f"{where}: skipped: its date ({quote(str(value), 30)}) is not a date")
        return None
    try:
        check_interaction_date(day, today or _dt.date.max)
    except DateWordError as exc:
        warnings.append(f"{where}: skipped: {exc}")
        return None
    return value


def parse_backup(text: str, *, today: _dt.date | None = None) -> ParsedFile:
    """Read and check a devhub JSON backup. Errors name the line or the record."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise FileFormatError("the JSON is nested too deeply") from None
    except ValueError as exc:  # e.g. a number with more digits than Python reads
        raise FileFormatError(f"not valid JSON ({quote(str(exc), 60)})") from None
    if not isinstance(data, dict) or data.get("format") != BACKUP_FORMAT:
        raise FileFormatError(
            f"this JSON is not a devhub backup (it needs \"format\": \"{BACKUP_FORMAT}\")"
        )
    version = data.get("version")
    if not isinstance(version, int) or isinstance(version, bool):
        raise FileFormatError("the backup has no format version")
    if version > BACKUP_VERSION:
        raise FileFormatError(
            f"the backup is format version {version}; this devhub reads up to "
            f"{BACKUP_VERSION} (upgrade devhub)"
        )
    if version < 1:
        raise FileFormatError(f"unknown backup format version {version}")
    contacts = [_backup_contact(obj, i) for i, obj in enumerate(_rows(data, "contacts"))]
    ids = {rec.uid for rec in contacts}
    if len(ids) != len(contacts):
        raise FileFormatError("two contacts in the backup have the same id")
    backup: dict[str, Any] = {"contact_ids": ids}

    def ref(obj: dict[str, Any], where: str) -> str:
        cid = _get(obj, "contact_id", (str,), where)
        if cid not in ids:
            raise FileFormatError(f"{where}: contact_id '{cid}' is not a contact in the backup")
        return str(cid)

    types: list[str] = []
    for i, name in enumerate(data.get("interaction_types") or []):
        if not isinstance(name, str):
            raise FileFormatError(f"interaction_types[{i}]: must be text")
        try:
            types.append(validate_tag(name))
        except ValidationError as exc:
            raise FileFormatError(f"interaction_types[{i}]: {exc}") from None
    backup["interaction_types"] = types
    tags: list[str] = []
    for i, name in enumerate(data.get("tags") or []):
        if not isinstance(name, str):
            raise FileFormatError(f"tags[{i}]: must be text")
        try:
            tags.append(validate_tag(name))
        except ValidationError as exc:
            raise FileFormatError(f"tags[{i}]: {exc}") from None
    backup["tags"] = tags
    interactions = []
    warnings: list[str] = []
    for i, obj in enumerate(_rows(data, "interactions")):
        where = _where("interactions", i, obj)
        type_ = _get(obj, "type", (str,), where).strip().lower()
        if not type_:
            raise FileFormatError(f"{where}: 'type' is empty")
        date = _interaction_date(obj, where, today, warnings)
        if date is None:
            continue
        interactions.append(
            {
                "id": _id(obj, where),
                "contact_id": ref(obj, where),
                "type": type_,
                "date": date,
                "notes": _clean(_get(obj, "notes", (str,), where, null=True) or "", where,
                                "notes", multiline=True, limit=MAX_NOTE_LEN),
                "created_at": _get(obj, "created_at", (int,), where),
                "updated_at": _get(obj, "updated_at", (int,), where),
            }
        )
    backup["interactions"] = interactions
    follow_ups = []
    for i, obj in enumerate(_rows(data, "follow_ups")):
        where = _where("follow_ups", i, obj)
        due = _get(obj, "due", (str,), where)
        try:
            _dt.date.fromisoformat(due)
        except ValueError:
            raise FileFormatError(f"{where}: due '{due}' is not a date (YYYY-MM-DD)") from None
        follow_ups.append(
            {
                "id": _id(obj, where),
                "contact_id": ref(obj, where),
                "due": due,
                "note": _clean(_get(obj, "note", (str,), where, null=True) or "", where,
                               "note", multiline=True, limit=MAX_NOTE_LEN),
                "done_at": _get(obj, "done_at", (int,), where, null=True),
                "created_at": _get(obj, "created_at", (int,), where),
                "updated_at": _get(obj, "updated_at", (int,), where),
            }
        )
    backup["follow_ups"] = follow_ups
    events = []
    for i, obj in enumerate(_rows(data, "events")):
        where = _where("events", i, obj)
        events.append(
            {
                "id": _id(obj, where),
                "name": _clean(_get(obj, "name", (str,), where), where, "name",
                               multiline=False),
                "location": _clean(_get(obj, "location", (str,), where, null=True) or "",
                                   where, "location", multiline=False),
                "session": _clean(_get(obj, "session", (str,), where, null=True) or "",
                                  where, "session", multiline=False),
                "starts_at": _get(obj, "starts_at", (int,), where, null=True),
                "ends_at": _get(obj, "ends_at", (int,), where, null=True),
                "created_at": _get(obj, "created_at", (int,), where),
            }
        )
    backup["events"] = events
    prefs = data.get("preferences") or {}
    if not isinstance(prefs, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in prefs.items()
    ):
        raise FileFormatError("'preferences' must map names to text")
    backup["preferences"] = prefs
    profile = data.get("profile")
    if profile is not None:
        if not isinstance(profile, dict):
            raise FileFormatError("'profile' must be an object")
        clean: dict[str, Any] = {}
        for key in PROFILE_TEXT:
            clean[key] = _clean(_get(profile, key, (str,), "profile", null=True) or "",
                                "profile", key, multiline=False)
        for key in ("social_links", "shared_fields"):
            value = _get(profile, key, (list,), "profile", null=True)
            clean[key] = value if value is not None else None
        clean["updated_at"] = _get(profile, "updated_at", (int,), "profile")
        backup["profile"] = clean
    user = data.get("user")
    backup["username"] = user.get("username") if isinstance(user, dict) else None
    from devhub_tui.core.backup_tracks import parse_tracks  # issue 19

    backup.update(parse_tracks(data, ids, {i["id"] for i in interactions}))
    kind = f"devhub backup (version {version})"
    return ParsedFile("json", kind, contacts, warnings, backup)


# The section readers the other parts of a backup (core.backup_tracks) share: a
# row's place for messages, an id checked as ids are, and a section's rows.
where_of = _where
record_id = _id
section_rows = _rows
