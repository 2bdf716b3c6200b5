"""Export: the JSON backup (everything) and vCard / CSV (contacts), and writing a
file privately.

The backup is written with sorted keys and sorted lists, so export -> import
into an empty store -> export gives the same JSON (``exported_at`` aside).
vCard and CSV carry each contact's fields, types, other emails and phones,
addresses, links and tags, and for a VIP the VIP contact info (never a non-VIP's
leftover VIP data), so a round trip through devhub gives back what went out.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from pathlib import Path
from typing import Any

from devhub_tui.core.backup import BACKUP_FORMAT, BACKUP_VERSION, PROFILE_TEXT, VIP_TEXT
from devhub_tui.core.csvmap import FORMATS, contacts_to_csv
from devhub_tui.core.social import stored_links
from devhub_tui.core.vcard import VCARD_VERSIONS, contacts_to_vcard
from devhub_tui.storage.store import Store
from devhub_tui.storage.transfer.planner import STORED_FIELDS
from devhub_tui.storage.transfer.report import TransferError
from devhub_tui.storage.transfer.tracks import export_tracks

__all__ = ["backup_json", "contact_rows", "export_backup", "export_text", "write_private"]

INTERACTION_KEYS = ("id", "contact_id", "type", "date", "notes", "created_at", "updated_at")
FOLLOW_UP_KEYS = ("id", "contact_id", "due", "note", "done_at", "created_at", "updated_at")
EVENT_KEYS = ("id", "name", "location", "session", "starts_at", "ends_at", "created_at")


def contact_rows(store: Store) -> list[dict[str, Any]]:
    """Every contact of the user as a backup dict (call inside a read transaction)."""
    c = store.db.conn()
    uid = store.user_id
    cols = ("id", *STORED_FIELDS, "last_contacted", "created_at", "updated_at")
    contacts: list[dict[str, Any]] = []
    for row in c.execute(
        f"SELECT {', '.join(cols)} FROM contacts WHERE user_id = ? ORDER BY id", (uid,)
    ):
        d = dict(zip(cols, row, strict=True))
        d["vip"] = bool(d["vip"])
        d["archived"] = bool(d["archived"])
        d["tags"] = []
        d["skills"] = []
        d["vip_data"] = None
        d["details"] = []
        d["sources"] = []
        contacts.append(d)
    by_id = {d["id"]: d for d in contacts}
    for cid, name in c.execute(
        "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
        " WHERE t.user_id = ? ORDER BY t.name",
        (uid,),
    ):
        if cid in by_id:
            by_id[cid]["tags"].append(name)
    for cid, skill in c.execute(
        "SELECT contact_id, skill FROM contact_skills WHERE user_id = ? ORDER BY skill", (uid,)
    ):
        if cid in by_id:
            by_id[cid]["skills"].append(skill)
    for r in c.execute(
        "SELECT c.id, b.family, b.company, b.likes_dislikes, b.misc_notes, i.main_app, i.email,"
        " i.phone_number, i.social_links FROM contacts c LEFT JOIN background b ON"
        " b.contact_id = c.id LEFT JOIN contact_info i ON i.contact_id = c.id"
        " WHERE c.user_id = ? AND (b.contact_id IS NOT NULL OR i.contact_id IS NOT NULL)",
        (uid,),
    ):
        vip: dict[str, Any] = dict(zip(VIP_TEXT, (x or "" for x in r[1:8]), strict=True))
        vip["social_links"] = stored_links(r[8])
        by_id[r[0]]["vip_data"] = vip
    for cid, kind, label, value in c.execute(
        "SELECT contact_id, kind, label, value FROM contact_details WHERE user_id = ?"
        " ORDER BY contact_id, kind, position, id",
        (uid,),
    ):
        if cid in by_id:
            by_id[cid]["details"].append({"kind": kind, "label": label, "value": value})
    for cid, fingerprint in c.execute(
        "SELECT contact_id, fingerprint FROM import_sources WHERE user_id = ?"
        " ORDER BY fingerprint",
        (uid,),
    ):
        if cid in by_id:
            by_id[cid]["sources"].append(fingerprint)
    return contacts


def export_backup(store: Store, *, now: int | None = None) -> dict[str, Any]:
    """All of the user's data as a JSON-ready dict (deterministic order)."""
    c = store.db.conn()
    uid = store.user_id
    with store.db.read():
        user = c.execute("SELECT username FROM users WHERE id = ?", (uid,)).fetchone()
        contacts = contact_rows(store)
        interactions = [
            dict(zip(INTERACTION_KEYS, r, strict=True))
            for r in c.execute(
                f"SELECT {', '.join(INTERACTION_KEYS)} FROM interactions WHERE user_id = ?"
                " ORDER BY id",
                (uid,),
            )
        ]
        follow_ups = [
            dict(zip(FOLLOW_UP_KEYS, r, strict=True))
            for r in c.execute(
                f"SELECT {', '.join(FOLLOW_UP_KEYS)} FROM follow_ups WHERE user_id = ?"
                " ORDER BY id",
                (uid,),
            )
        ]
        events = [
            dict(zip(EVENT_KEYS, r, strict=True))
            for r in c.execute(
                f"SELECT {', '.join(EVENT_KEYS)} FROM events WHERE user_id = ? ORDER BY id",
                (uid,),
            )
        ]
        types = [
            r[0]
            for r in c.execute(
                "SELECT name FROM interaction_types WHERE user_id = ? ORDER BY name", (uid,)
            )
        ]
        tags = [r[0] for r in c.execute("SELECT name FROM tags WHERE user_id = ? ORDER BY name",
                                        (uid,))]
        prefs = dict(
            c.execute(
                "SELECT key, value FROM user_prefs WHERE user_id = ? ORDER BY key", (uid,)
            ).fetchall()
        )
        tracks = export_tracks(c, uid)  # issue 19
        prow = c.execute(
            f"SELECT {', '.join(PROFILE_TEXT)}, social_links, shared_fields, updated_at"
            " FROM profiles WHERE user_id = ?",
            (uid,),
        ).fetchone()
    profile: dict[str, Any] | None = None
    if prow is not None:
        profile = dict(zip(PROFILE_TEXT, prow[:6], strict=True))
        for key, raw in (("social_links", prow[6]), ("shared_fields", prow[7])):
            try:
                profile[key] = json.loads(raw or "null")
            except ValueError:
                profile[key] = None
        profile["updated_at"] = prow[8]
    return {
        "format": BACKUP_FORMAT,
        "version": BACKUP_VERSION,
        "exported_at": store.clock() if now is None else now,
        "user": {"username": user[0] if user else None},
        "contacts": contacts,
        "tags": tags,
        "interaction_types": types,
        "interactions": interactions,
        "follow_ups": follow_ups,
        "events": events,
        "preferences": prefs,
        "profile": profile,
        **tracks,
    }


def backup_json(data: dict[str, Any]) -> str:
    """The backup as text: sorted keys, two-space indent, UTF-8 kept readable."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def card_dict(d: dict[str, Any]) -> dict[str, Any]:
    """A backup contact as the vCard/CSV writers take it."""
    out = dict(d)
    kinds: dict[str, list[tuple[str, str]]] = {}
    for x in d.get("details") or []:
        kinds.setdefault(x["kind"], []).append((x["label"], x["value"]))
    out["emails_extra"] = kinds.get("email", [])
    out["phones_extra"] = kinds.get("phone", [])
    out["addresses"] = kinds.get("address", [])
    out["links"] = [{"platform": label or "website", "url": value}
                    for label, value in kinds.get("link", [])]
    out["name_parts"] = None
    for _, value in kinds.get("name", [])[:1]:
        with contextlib.suppress(ValueError):
            out["name_parts"] = json.loads(value)
    vip = d.get("vip_data") or {}
    out["vip_info"] = {
        "email": vip.get("email", ""),
        "phone_number": vip.get("phone_number", ""),
        "main_app": vip.get("main_app", ""),
        "links": vip.get("social_links", []),
    } if d.get("vip") and vip else None
    return out


def export_text(
    store: Store, fmt: str = "json", *, vcard_version: str = "3.0", now: int | None = None
) -> str:
    """The user's contacts as vCard or CSV, everything as the JSON backup, or the
    calendar feed (ics: storage/transfer/calendar.py)."""
    if fmt == "json":
        return backup_json(export_backup(store, now=now))
    if fmt == "ics":
        from devhub_tui.storage.transfer.calendar import export_ics

        return export_ics(store, now=now)[0]
    if fmt not in FORMATS:
        raise TransferError(f"unknown format '{fmt}' (use vcard, csv, json or ics)")
    if fmt == "vcard" and vcard_version not in VCARD_VERSIONS:
        raise TransferError("the vCard version must be 3.0 or 4.0")
    with store.db.read():
        contacts = contact_rows(store)
    contacts.sort(key=lambda d: (str(d["name"]).casefold(), d["id"]))
    cards = [card_dict(d) for d in contacts]
    if fmt == "vcard":
        return contacts_to_vcard(cards, vcard_version)
    return contacts_to_csv(cards)


def write_private(path: Path | str, text: str) -> Path:
    """Write an export next to its destination and move it in place (owner-only, 0600)."""
    dest = Path(path).expanduser()
    if dest.is_dir():
        raise TransferError(f"{dest} is a folder; give a file name")
    parent = dest.parent if str(dest.parent) else Path(".")
    if not parent.is_dir():
        raise TransferError(f"can't write {dest}: the folder {parent} doesn't exist")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{dest.name}.", suffix=".tmp", dir=parent)
    except OSError as exc:
        raise TransferError(f"can't write {dest}: {exc.strerror or exc}") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
        os.chmod(tmp, 0o600)
        os.replace(tmp, dest)
    except OSError as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise TransferError(f"can't write {dest}: {exc.strerror or exc}") from None
    return dest
