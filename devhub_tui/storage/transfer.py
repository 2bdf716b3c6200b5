"""Import and export: vCard, CSV and the JSON backup, scoped to one user.

Import is two steps that share one planner:

1. **plan** -- every record read from the file is matched against the user's
   contacts (and the records before it in the same file): same devhub id, same
   email (any of the record's), same GitHub handle, or the exact same name with the
   same phone number. A match is *merged* (empty fields filled, tags and links
   added; nothing overwritten unless ``overwrite``), or *skipped* when it brings
   nothing new; anything else is *added*. Records that can't be imported (no name,
   a contact group...) are skipped with the reason.
2. **apply** -- the plan is computed again inside one ``BEGIN IMMEDIATE``
   transaction and written with ``executemany``; statuses are recomputed in the
   same transaction. Any error rolls everything back: nothing is half-imported.

A dry run is step 1 in a read transaction. The JSON backup (``devhub-backup``,
version 1) holds all of a user's data with ids and timestamps, written with sorted
keys and sorted lists so that export -> import into an empty store -> export
gives the same JSON (``exported_at`` aside).
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import hashlib
import json
import os
import re
import sqlite3
import tempfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.csvmap import (
    FORMATS,
    FileFormatError,
    ImportRecord,
    ParsedFile,
    contacts_to_csv,
    decode_bytes,
    detect_format,
    parse_csv,
)
from ..core.dates import DateWordError, ms_to_date, parse_birthday
from ..core.quicklog import BUILTIN_TYPES
from ..core.social import stored_links
from ..core.validation import (
    IMPORTANCES,
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_tag,
)
from ..core.vcard import VCARD_VERSIONS, contacts_to_vcard, parse_vcard
from .db import translate_error
from .errors import StoreError
from .ids import new_id, stable_id
from .store import CONTACT_FIELDS, UPSERT_BACKGROUND, UPSERT_CONTACT_INFO, Store

__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_VERSION",
    "ImportReport",
    "PlanItem",
    "TransferError",
    "backup_json",
    "export_backup",
    "export_text",
    "import_file",
    "parse_backup",
    "parse_text",
    "read_import_file",
    "run_import",
    "write_private",
]

BACKUP_FORMAT = "devhub-backup"
BACKUP_VERSION = 1
#: Largest file `devhub import` reads (a 10,000-card vCard with photos fits easily).
MAX_IMPORT_BYTES = 512 * 1024 * 1024

_VIP_BACKGROUND = ("family", "company", "likes_dislikes", "misc_notes")
_VIP_INFO = ("main_app", "email", "phone_number")
_VIP_TEXT = (*_VIP_BACKGROUND, *_VIP_INFO)
_INTERACTION_KEYS = ("id", "contact_id", "type", "date", "notes", "created_at", "updated_at")
_FOLLOW_UP_KEYS = ("id", "contact_id", "due", "note", "done_at", "created_at", "updated_at")
_EVENT_KEYS = ("id", "name", "location", "session", "starts_at", "ends_at", "created_at")
_PROFILE_TEXT = ("name", "headline", "email", "phone", "github", "website")
_CHUNK = 500


class TransferError(StoreError):
    """A file can't be read or written (one line for the user)."""


# --------------------------------------------------------------------------- report


@dataclass
class PlanItem:
    """What happens (or would happen) to one record."""

    action: str  # "add" | "merge" | "skip"
    source: str  # "card 3 (line 27)", "row 5 (line 6)", "contacts[2]"
    name: str
    reason: str = ""
    contact_id: str | None = None
    warnings: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    format: str
    kind: str
    items: list[PlanItem]
    warnings: list[str] = field(default_factory=list)
    others: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    @property
    def added(self) -> int:
        return self.count("add")

    @property
    def merged(self) -> int:
        return self.count("merge")

    @property
    def skipped(self) -> int:
        return self.count("skip")

    def summary(self) -> str:
        """``"12 added, 3 merged, 2 skipped"`` (future tense for a dry run)."""
        if self.dry_run:
            text = f"{self.added} to add, {self.merged} to merge, {self.skipped} to skip"
        else:
            text = f"{self.added} added, {self.merged} merged, {self.skipped} skipped"
        extra = ", ".join(
            f"{n} {what[:-1] if n == 1 and what.endswith('s') else what}"
            for what, n in self.others.items()
            if n
        )
        return f"{text} (plus {extra})" if extra else text

    def lines(self, *, merges: bool | None = None) -> list[str]:
        """The report as text: the summary, then each skipped record with its reason
        (and each merge on a dry run), then warnings."""
        show_merges = self.dry_run if merges is None else merges
        out = [self.summary()]
        for item in self.items:
            if item.action == "skip" or (item.action == "merge" and show_merges):
                out.append(f"  {item.action:<5}  {item.source}  {item.name}: {item.reason}")
        for item in self.items:
            for warning in item.warnings:
                out.append(f"  note   {item.source}  {item.name}: {warning}")
        out.extend(f"warning: {w}" for w in self.warnings)
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "kind": self.kind,
            "dry_run": self.dry_run,
            "added": self.added,
            "merged": self.merged,
            "skipped": self.skipped,
            "others": dict(self.others),
            "warnings": list(self.warnings),
            "items": [
                {
                    "action": i.action,
                    "source": i.source,
                    "name": i.name,
                    "reason": i.reason,
                    "contact_id": i.contact_id,
                    "warnings": list(i.warnings),
                }
                for i in self.items
            ],
        }


# --------------------------------------------------------------------------- reading


def read_import_file(path: Path | str) -> tuple[str, list[str]]:
    """The text of a file to import, and a warning when it wasn't UTF-8."""
    p = Path(path).expanduser()
    try:
        size = p.stat().st_size
        if p.is_dir():
            raise TransferError(f"{p} is a folder, not a file")
        if size > MAX_IMPORT_BYTES:
            raise TransferError(f"{p} is too big to import ({size // 2**20} MiB)")
        data = p.read_bytes()
    except FileNotFoundError:
        raise TransferError(f"can't read {p}: no such file") from None
    except PermissionError:
        raise TransferError(f"can't read {p}: permission denied") from None
    except IsADirectoryError:
        raise TransferError(f"{p} is a folder, not a file") from None
    except OSError as exc:
        raise TransferError(f"can't read {p}: {exc.strerror or exc}") from None
    text, warning = decode_bytes(data)
    return text, [warning] if warning else []


def parse_text(text: str, fmt: str | None = None, *, today: _dt.date | None = None) -> ParsedFile:
    """Read a file's text as ``fmt`` (or the format its content shows)."""
    if fmt is not None and fmt not in FORMATS:
        raise FileFormatError(f"unknown format '{fmt}' (use vcard, csv or json)")
    fmt = fmt or detect_format(text)
    if fmt == "vcard":
        return parse_vcard(text, today=today)
    if fmt == "csv":
        return parse_csv(text, today=today)
    return parse_backup(text)


# --------------------------------------------------------------------------- JSON backup in


def _where(section: str, index: int, obj: Any) -> str:
    ident = obj.get("id") if isinstance(obj, dict) else None
    return f"{section}[{index}]" + (f" (id {ident})" if isinstance(ident, str) else "")


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
    vip = _get(obj, "vip_data", (dict,), where, null=True)
    if vip is not None:
        vw = f"{where} vip_data"
        for key in _VIP_TEXT:
            value = _get(vip, key, (str,), vw, null=True) or ""
            rec.vip[key] = _clean(
                value, vw, key, multiline=key in _VIP_BACKGROUND, limit=MAX_NOTE_LEN
            )
        for n, link in enumerate(_get(vip, "social_links", (list,), vw, null=True) or []):
            lw = f"{vw} social_links[{n}]"
            if not isinstance(link, dict):
                raise FileFormatError(f"{lw}: must be an object")
            rec.social_links.append(
                {
                    "platform": _clean(_get(link, "platform", (str,), lw), lw, "platform",
                                       multiline=False, limit=MAX_NOTE_LEN),
                    "url": _clean(_get(link, "url", (str,), lw), lw, "url", multiline=False,
                                  limit=MAX_NOTE_LEN),
                }
            )
        rec.extra["has_vip_data"] = True
    rec.emails = [f["email"]] if f.get("email") else []
    rec.phones = [f["phone"]] if f.get("phone") else []
    return rec


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


def parse_backup(text: str) -> ParsedFile:
    """Read and check a devhub JSON backup. Errors name the line or the record."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise FileFormatError(
            f"line {exc.lineno}, column {exc.colno}: not valid JSON ({exc.msg})"
        ) from None
    except RecursionError:
        raise FileFormatError("the JSON is nested too deeply") from None
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
    for i, obj in enumerate(_rows(data, "interactions")):
        where = _where("interactions", i, obj)
        type_ = _get(obj, "type", (str,), where).strip().lower()
        if not type_:
            raise FileFormatError(f"{where}: 'type' is empty")
        interactions.append(
            {
                "id": _id(obj, where),
                "contact_id": ref(obj, where),
                "type": type_,
                "date": _get(obj, "date", (int,), where),
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
        for key in _PROFILE_TEXT:
            clean[key] = _clean(_get(profile, key, (str,), "profile", null=True) or "",
                                "profile", key, multiline=False)
        for key in ("social_links", "shared_fields"):
            value = _get(profile, key, (list,), "profile", null=True)
            clean[key] = value if value is not None else None
        clean["updated_at"] = _get(profile, "updated_at", (int,), "profile")
        backup["profile"] = clean
    user = data.get("user")
    backup["username"] = user.get("username") if isinstance(user, dict) else None
    kind = f"devhub backup (version {version})"
    return ParsedFile("json", kind, contacts, [], backup)


# --------------------------------------------------------------------------- planning


def _digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")


def _name_key(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def _link_key(url: str) -> str:
    """A profile link compared loosely: no scheme, no www., no trailing slash, any case."""
    text = url.strip().lower().split("://", 1)[-1]
    text = text.removeprefix("www.").removeprefix("m.")
    return text.rstrip("/")


def _empty(key: str, value: Any) -> bool:
    if key == "importance":
        return value in (None, "", "normal")
    if key == "vip":
        return not value
    if key == "archived":
        return False  # archiving is never "filling a gap"
    return value is None or value == ""


@dataclass
class _Target:
    """A contact a record lands in: one already in the store, or one being added."""

    id: str
    new: bool
    fields: dict[str, Any]
    tags: set[str]
    vip: dict[str, str]
    links: list[dict[str, str]]
    source: str = ""
    changed: set[str] = field(default_factory=set)
    new_tags: set[str] = field(default_factory=set)
    vip_changed: bool = False
    has_background: bool = False
    has_info: bool = False
    file_uid: str | None = None  # the id the file gave a contact being added
    times: dict[str, Any] = field(default_factory=dict)


class _Planner:
    """Matches records to contacts; then writes the plan in the caller's transaction."""

    def __init__(self, store: Store, conn: Any, *, overwrite: bool) -> None:
        self.store = store
        self.c = conn
        self.uid = store.user_id
        self.overwrite = overwrite
        self.now = store.clock()
        self.targets: dict[str, _Target] = {}
        self.by_email: dict[str, str] = {}
        self.by_github: dict[str, str] = {}
        self.by_name_phone: dict[tuple[str, str], str] = {}
        self.by_link: dict[str, str] = {}
        self.by_name_company: dict[tuple[str, str], str] = {}
        self.remap: dict[str, str] = {}
        self.items: list[PlanItem] = []
        self.others: dict[str, int] = {}
        self.warnings: list[str] = []
        self._extra_rows: dict[str, list[Any]] = {}
        self._load()

    # -- the store as it is ---------------------------------------------------
    def _load(self) -> None:
        cols = ("id", *CONTACT_FIELDS, "last_contacted", "created_at", "updated_at")
        rows = self.c.execute(
            f"SELECT {', '.join(cols)} FROM contacts WHERE user_id = ? ORDER BY created_at, id",
            (self.uid,),
        ).fetchall()
        tags: dict[str, set[str]] = {}
        for cid, name in self.c.execute(
            "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
            " WHERE t.user_id = ?",
            (self.uid,),
        ):
            tags.setdefault(cid, set()).add(name)
        background = {
            r[0]: r[1:]
            for r in self.c.execute(
                "SELECT b.contact_id, b.family, b.company, b.likes_dislikes, b.misc_notes"
                " FROM background b JOIN contacts c ON c.id = b.contact_id WHERE c.user_id = ?",
                (self.uid,),
            )
        }
        info = {
            r[0]: r[1:]
            for r in self.c.execute(
                "SELECT i.contact_id, i.main_app, i.email, i.phone_number, i.social_links"
                " FROM contact_info i JOIN contacts c ON c.id = i.contact_id WHERE c.user_id = ?",
                (self.uid,),
            )
        }
        for row in rows:
            data = dict(zip(cols, row, strict=True))
            cid = data.pop("id")
            vip: dict[str, str] = {}
            links: list[dict[str, str]] = []
            bg = background.get(cid)
            if bg:
                vip.update(zip(_VIP_BACKGROUND, bg, strict=True))
            inf = info.get(cid)
            if inf:
                vip.update(zip(_VIP_INFO, inf[:3], strict=True))
                links = stored_links(inf[3])
            target = _Target(
                id=cid,
                new=False,
                fields=data,
                tags=tags.get(cid, set()),
                vip=vip,
                links=links,
                has_background=bg is not None,
                has_info=inf is not None,
            )
            self.targets[cid] = target
            self._index(target, [], [])

    def _index(self, t: _Target, emails: Sequence[str], phones: Sequence[str]) -> None:
        for email in [t.fields.get("email"), *emails]:
            if email:
                self.by_email.setdefault(email.lower(), t.id)
        if t.fields.get("github"):
            self.by_github.setdefault(str(t.fields["github"]).lower(), t.id)
        name = _name_key(t.fields.get("name"))
        for phone in [t.fields.get("phone"), *phones]:
            digits = _digits(phone)
            if name and digits:
                self.by_name_phone.setdefault((name, digits), t.id)
        for link in t.links:
            if link.get("platform") != "website" and link.get("url"):
                self.by_link.setdefault(_link_key(link["url"]), t.id)
        company = _name_key(t.fields.get("company"))
        if name and company:
            self.by_name_company.setdefault((name, company), t.id)

    # -- matching ---------------------------------------------------------------
    def _match(self, rec: ImportRecord) -> tuple[_Target | None, str]:
        if rec.uid:
            for cid in (self.remap.get(rec.uid, rec.uid), self._alt_id(rec.uid)):
                t = self.targets.get(cid)
                if t is not None:
                    return t, "same id"

        def usable(cid: str | None) -> _Target | None:
            if cid is None:
                return None
            t = self.targets[cid]
            # two records of one file that carry different ids are two people
            if t.new and rec.uid and t.file_uid and t.file_uid != rec.uid:
                return None
            return t

        for email in rec.emails:
            t = usable(self.by_email.get(email.lower()))
            if t:
                return t, "same email"
        github = rec.fields.get("github")
        if github:
            t = usable(self.by_github.get(str(github).lower()))
            if t:
                return t, "same GitHub handle"
        for link in rec.social_links:
            if link.get("platform") != "website":
                t = usable(self.by_link.get(_link_key(link["url"])))
                if t:
                    return t, f"same {link['platform']} profile"
        name = _name_key(rec.fields.get("name"))
        for phone in rec.phones:
            t = usable(self.by_name_phone.get((name, _digits(phone))))
            if t:
                return t, "same name and phone"
        company = _name_key(rec.fields.get("company"))
        if name and company:
            t = usable(self.by_name_company.get((name, company)))
            if t:
                return t, "same name and company"
        return None, ""

    def _merge(self, t: _Target, rec: ImportRecord) -> list[str]:
        """Fill what's empty (or overwrite); return what changed, in words."""
        changes: list[str] = []
        for key, value in rec.fields.items():
            if value is None or value == "":
                continue
            current = t.fields.get(key)
            if current == value:
                continue
            if _empty(key, current) or self.overwrite:
                t.fields[key] = value
                t.changed.add(key)
                changes.append(key)
        added_tags = [tag for tag in rec.tags if tag not in t.tags]
        if added_tags:
            t.tags.update(added_tags)
            t.new_tags.update(added_tags)
            changes.append(f"{len(added_tags)} tag{'s' if len(added_tags) > 1 else ''}")
        urls = {_link_key(link["url"]) for link in t.links}
        added_links = [link for link in rec.social_links if _link_key(link["url"]) not in urls]
        if added_links:
            t.links.extend(added_links)
            t.vip_changed = True
            changes.append(f"{len(added_links)} link{'s' if len(added_links) > 1 else ''}")
        for key, value in rec.vip.items():
            if not value or t.vip.get(key) == value:
                continue
            if not t.vip.get(key) or self.overwrite:
                t.vip[key] = value
                t.vip_changed = True
                changes.append(f"VIP {key.replace('_', ' ')}")
        if changes:
            t.times["updated_at"] = self.now
        return changes

    def _alt_id(self, rid: str) -> str:
        """The id this user's copy of a row gets when another account already uses
        ``rid`` (the same every time, so importing the backup again matches it)."""
        return hashlib.sha256(f"{self.uid}:{rid}".encode()).hexdigest()[:32]

    def _new_target(self, rec: ImportRecord) -> _Target:
        cid = new_id()
        if rec.uid:
            for candidate in (rec.uid, self._alt_id(rec.uid)):
                if not self._id_taken(candidate):
                    cid = candidate
                    break
        if rec.uid and cid != rec.uid:
            self.remap[rec.uid] = cid
        fields: dict[str, Any] = {key: None for key in CONTACT_FIELDS}
        fields.update(vip=False, importance="normal", archived=False)
        fields.update({k: v for k, v in rec.fields.items() if k in CONTACT_FIELDS})
        t = _Target(
            id=cid,
            new=True,
            fields=fields,
            tags=set(rec.tags),
            vip={k: v for k, v in rec.vip.items() if v},
            links=list(rec.social_links),
            source=rec.source,
            file_uid=rec.uid,
        )
        t.new_tags = set(rec.tags)
        t.vip_changed = bool(t.vip or t.links or rec.extra.get("has_vip_data"))
        # a backup's VIP block comes back as both VIP rows, even when empty
        t.has_background = t.has_info = bool(rec.extra.get("has_vip_data"))
        t.times = {
            "created_at": rec.extra.get("created_at", self.now),
            "updated_at": rec.extra.get("updated_at", self.now),
            "last_contacted": rec.extra.get("last_contacted"),
        }
        self.targets[cid] = t
        return t

    def _id_taken(self, cid: str) -> bool:
        if cid in self.targets:
            return True
        return self.c.execute("SELECT 1 FROM contacts WHERE id = ?", (cid,)).fetchone() is not None

    def plan(self, parsed: ParsedFile) -> None:
        self.warnings.extend(parsed.warnings)
        for rec in parsed.records:
            name = rec.name or "(no name)"
            if rec.problem:
                self.items.append(PlanItem("skip", rec.source, name, rec.problem, None,
                                           rec.warnings))
                continue
            target, why = self._match(rec)
            if target is None:
                t = self._new_target(rec)
                self._index(t, rec.emails, rec.phones)
                self.items.append(PlanItem("add", rec.source, name, "", t.id, rec.warnings))
                if rec.uid:
                    self.remap.setdefault(rec.uid, t.id)
                continue
            if rec.uid:
                self.remap.setdefault(rec.uid, target.id)
            changes = self._merge(target, rec)
            self._index(target, rec.emails, rec.phones)
            if target.new:
                who = f"{target.source} of this file"
            else:
                who = f"'{target.fields.get('name')}'"
            if changes:
                reason = f"matches {who} ({why}); adds {', '.join(changes)}"
                self.items.append(PlanItem("merge", rec.source, name, reason, target.id,
                                           rec.warnings))
            else:
                if target.new:
                    reason = f"duplicate of {who} ({why})"
                else:
                    reason = f"already in devhub as {who} ({why}); nothing new"
                self.items.append(PlanItem("skip", rec.source, name, reason, target.id,
                                           rec.warnings))
        if parsed.backup is not None:
            self._plan_backup(parsed.backup)
        have_tags = {
            r[0] for r in self.c.execute("SELECT name FROM tags WHERE user_id = ?", (self.uid,))
        }
        wanted = {tag for t in self.targets.values() for tag in t.new_tags}
        wanted.update(self._extra_rows.get("tags", []))
        self._extra_rows["new_tags"] = sorted(wanted - have_tags)
        self.others["tags"] = len(self._extra_rows["new_tags"])

    # -- backup sections ----------------------------------------------------------
    def _existing_ids(self, table: str, ids: Iterable[str]) -> dict[str, str]:
        """id -> owner user_id for the ids that already exist in ``table``."""
        found: dict[str, str] = {}
        ids = list(ids)
        for i in range(0, len(ids), _CHUNK):
            chunk = ids[i : i + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            for rid, owner in self.c.execute(
                f"SELECT id, user_id FROM {table} WHERE id IN ({marks})", chunk
            ):
                found[rid] = owner
        return found

    def _plan_backup(self, backup: dict[str, Any]) -> None:
        username = backup.get("username")
        if username:
            me = self.c.execute("SELECT username FROM users WHERE id = ?", (self.uid,)).fetchone()
            if me and str(me[0]).lower() != str(username).lower():
                self.warnings.append(f"this is a backup of '{username}', imported as '{me[0]}'")
        # interaction types and tags
        custom = {
            r[0]
            for r in self.c.execute(
                "SELECT name FROM interaction_types WHERE user_id = ?", (self.uid,)
            )
        }
        wanted_types = set(backup["interaction_types"]) | {
            i["type"] for i in backup["interactions"]
        }
        new_types = sorted(wanted_types - custom - set(BUILTIN_TYPES))
        self._extra_rows["types"] = new_types
        self.others["types"] = len(new_types)
        self._extra_rows["tags"] = sorted(backup["tags"])
        # interactions: same id, or the same contact/type/date/notes -> already there
        self.others["interactions"] = self._plan_children(
            "interactions",
            backup["interactions"],
            "SELECT contact_id, type, date, notes FROM interactions WHERE user_id = ?",
            lambda r: (r["contact_id"], r["type"], r["date"], r["notes"]),
        )
        self.others["follow-ups"] = self._plan_children(
            "follow_ups",
            backup["follow_ups"],
            "SELECT contact_id, due, note, NULL FROM follow_ups WHERE user_id = ?",
            lambda r: (r["contact_id"], r["due"], r["note"], None),
        )
        # events: same id or same name and start
        owners = self._existing_ids(
            "events", [i for e in backup["events"] for i in (e["id"], self._alt_id(e["id"]))]
        )
        have = {
            (r[0], r[1])
            for r in self.c.execute(
                "SELECT name, starts_at FROM events WHERE user_id = ?", (self.uid,)
            )
        }
        events = []
        for e in backup["events"]:
            row = dict(e)
            row["id"] = self._free_id(e["id"], owners)
            if row["id"] is None or (e["name"], e["starts_at"]) in have:
                continue
            have.add((e["name"], e["starts_at"]))
            events.append(row)
        self._extra_rows["events"] = events
        self.others["events"] = len(events)
        # preferences and profile: filled when missing (replaced with overwrite)
        prefs = dict(
            self.c.execute(
                "SELECT key, value FROM user_prefs WHERE user_id = ?", (self.uid,)
            ).fetchall()
        )
        self._extra_rows["prefs"] = sorted(
            (k, v)
            for k, v in backup["preferences"].items()
            if (k not in prefs or self.overwrite) and prefs.get(k) != v
        )
        profile = backup.get("profile")
        has_profile = self.c.execute(
            "SELECT 1 FROM profiles WHERE user_id = ?", (self.uid,)
        ).fetchone()
        self._extra_rows["profile"] = (
            [profile] if profile is not None and (not has_profile or self.overwrite) else []
        )

    def _free_id(self, rid: str, owners: dict[str, str]) -> str | None:
        """The id to insert a backup row under; None when this user has it already."""
        alt = self._alt_id(rid)
        if owners.get(rid) == self.uid or owners.get(alt) == self.uid:
            return None
        if rid not in owners:
            return rid
        return alt if alt not in owners else new_id()

    def _plan_children(
        self, table: str, rows: list[dict[str, Any]], existing_sql: str, key: Any
    ) -> int:
        owners = self._existing_ids(
            table, [i for r in rows for i in (r["id"], self._alt_id(r["id"]))]
        )
        have = {tuple(r) for r in self.c.execute(existing_sql, (self.uid,))}
        out = []
        for r in rows:
            row = dict(r)
            row["id"] = self._free_id(r["id"], owners)
            if row["id"] is None:
                continue
            row["contact_id"] = self.remap.get(r["contact_id"], r["contact_id"])
            k = key(row)
            if k in have:
                continue
            have.add(k)
            out.append(row)
        self._extra_rows[table] = out
        return len(out)

    # -- writing -----------------------------------------------------------------
    def apply(self) -> None:
        c = self.c
        uid = self.uid
        new = [t for t in self.targets.values() if t.new]
        cols = ("id", "user_id", *CONTACT_FIELDS, "last_contacted", "created_at", "updated_at")
        c.executemany(
            f"INSERT INTO contacts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
            [
                (
                    t.id,
                    uid,
                    *(_db_value(k, t.fields.get(k)) for k in CONTACT_FIELDS),
                    t.times.get("last_contacted"),
                    t.times["created_at"],
                    t.times["updated_at"],
                )
                for t in new
            ],
        )
        for t in self.targets.values():
            if t.new or not t.changed:
                continue
            keys = sorted(t.changed)
            sets = ", ".join(f"{k} = ?" for k in keys)
            c.execute(
                f"UPDATE contacts SET {sets}, updated_at = ? WHERE id = ? AND user_id = ?",
                [*(_db_value(k, t.fields[k]) for k in keys), self.now, t.id, uid],
            )
        touched = [t for t in self.targets.values() if not t.new and not t.changed and (
            t.new_tags or t.vip_changed)]
        c.executemany(
            "UPDATE contacts SET updated_at = ? WHERE id = ? AND user_id = ?",
            [(self.now, t.id, uid) for t in touched],
        )
        # tags
        tag_ids = dict(c.execute("SELECT name, id FROM tags WHERE user_id = ?", (uid,)).fetchall())
        missing = self._extra_rows.get("new_tags", [])
        for name in missing:
            tag_ids[name] = stable_id("tag", uid, name)  # same row on every synced device
        c.executemany(
            "INSERT INTO tags (id, user_id, name, created_at) VALUES (?, ?, ?, ?)",
            [(tag_ids[name], uid, name, self.now) for name in missing],
        )
        c.executemany(
            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)",
            [
                (t.id, tag_ids[tag])
                for t in self.targets.values()
                for tag in sorted(t.new_tags)
            ],
        )
        # VIP data
        vip_targets = [t for t in self.targets.values() if t.vip_changed]
        c.executemany(
            UPSERT_BACKGROUND,
            [
                (t.id, *(t.vip.get(k, "") for k in _VIP_BACKGROUND), self.now)
                for t in vip_targets
                if t.has_background or any(t.vip.get(k) for k in _VIP_BACKGROUND)
            ],
        )
        c.executemany(
            UPSERT_CONTACT_INFO,
            [
                (
                    t.id,
                    *(t.vip.get(k, "") for k in _VIP_INFO),
                    json.dumps(t.links, ensure_ascii=False),
                    self.now,
                )
                for t in vip_targets
                if t.has_info or t.links or any(t.vip.get(k) for k in _VIP_INFO)
            ],
        )
        self._apply_backup()

    def _apply_backup(self) -> None:
        c, uid = self.c, self.uid
        rows = self._extra_rows
        c.executemany(
            "INSERT INTO interaction_types (id, user_id, name, created_at) VALUES (?, ?, ?, ?)",
            [(stable_id("type", uid, name), uid, name, self.now)
             for name in rows.get("types", [])],
        )
        interactions = rows.get("interactions", [])
        c.executemany(
            "INSERT INTO interactions (id, user_id, contact_id, type, date, notes, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (r["id"], uid, r["contact_id"], r["type"], r["date"], r["notes"],
                 r["created_at"], r["updated_at"])
                for r in interactions
            ],
        )
        c.executemany(
            "INSERT INTO follow_ups (id, user_id, contact_id, due, note, done_at, created_at,"
            " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (r["id"], uid, r["contact_id"], r["due"], r["note"], r["done_at"],
                 r["created_at"], r["updated_at"])
                for r in rows.get("follow_ups", [])
            ],
        )
        c.executemany(
            "INSERT INTO events (id, user_id, name, location, session, starts_at, ends_at,"
            " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (r["id"], uid, r["name"], r["location"], r["session"], r["starts_at"],
                 r["ends_at"], r["created_at"])
                for r in rows.get("events", [])
            ],
        )
        c.executemany(
            "INSERT INTO user_prefs (user_id, key, value) VALUES (?, ?, ?)"
            " ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value",
            [(uid, k, v) for k, v in rows.get("prefs", [])],
        )
        for p in rows.get("profile", []):
            defaults = {
                "social_links": "[]",
                "shared_fields": '["name","headline","email","github","website"]',
            }
            values = [p[k] for k in _PROFILE_TEXT]
            for key in ("social_links", "shared_fields"):
                values.append(
                    json.dumps(p[key], ensure_ascii=False) if p[key] is not None
                    else defaults[key]
                )
            c.execute(
                "INSERT INTO profiles (user_id, name, headline, email, phone, github, website,"
                " social_links, shared_fields, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT(user_id) DO UPDATE SET name = excluded.name,"
                " headline = excluded.headline, email = excluded.email, phone = excluded.phone,"
                " github = excluded.github, website = excluded.website,"
                " social_links = excluded.social_links, shared_fields = excluded.shared_fields,"
                " updated_at = excluded.updated_at",
                (uid, *values, p["updated_at"]),
            )
        if interactions:
            # last_contacted is derived: the newest interaction of each contact
            c.execute(
                "UPDATE contacts SET last_contacted = (SELECT max(date) FROM interactions i"
                " WHERE i.contact_id = contacts.id) WHERE user_id = ?1 AND last_contacted IS NOT"
                " (SELECT max(date) FROM interactions i WHERE i.contact_id = contacts.id)",
                (uid,),
            )

    def report(self, parsed: ParsedFile, *, dry_run: bool) -> ImportReport:
        return ImportReport(
            parsed.format, parsed.kind, self.items, self.warnings, dict(self.others),
            dry_run=dry_run,
        )


def _db_value(key: str, value: Any) -> Any:
    if key in ("vip", "archived"):
        return 1 if value else 0
    return value


def run_import(
    store: Store, parsed: ParsedFile, *, overwrite: bool = False, dry_run: bool = False
) -> ImportReport:
    """Plan (dry run) or plan and write an import, in one transaction."""
    db = store.db
    try:
        if dry_run:
            with db.read() as c:
                planner = _Planner(store, c, overwrite=overwrite)
                planner.plan(parsed)
            return planner.report(parsed, dry_run=True)
        with db.write() as c:
            planner = _Planner(store, c, overwrite=overwrite)
            planner.plan(parsed)
            planner.apply()
            store.recompute_statuses()  # joins this transaction
    except sqlite3.Error as exc:
        raise translate_error(exc, db.path) from exc
    return planner.report(parsed, dry_run=False)


def import_file(
    store: Store,
    path: Path | str,
    *,
    fmt: str | None = None,
    overwrite: bool = False,
    dry_run: bool = False,
) -> ImportReport:
    """Read, parse and import (or dry-run) a file for the store's user."""
    text, warnings = read_import_file(path)
    parsed = parse_text(text, fmt, today=ms_to_date(store.clock()))
    parsed.warnings[:0] = warnings
    return run_import(store, parsed, overwrite=overwrite, dry_run=dry_run)


# --------------------------------------------------------------------------- export


def _contact_rows(store: Store) -> list[dict[str, Any]]:
    c = store.db.conn()
    cols = ("id", *CONTACT_FIELDS, "last_contacted", "created_at", "updated_at")
    contacts: list[dict[str, Any]] = []
    for row in c.execute(
        f"SELECT {', '.join(cols)} FROM contacts WHERE user_id = ? ORDER BY id",
        (store.user_id,),
    ):
        d = dict(zip(cols, row, strict=True))
        d["vip"] = bool(d["vip"])
        d["archived"] = bool(d["archived"])
        d["tags"] = []
        d["vip_data"] = None
        contacts.append(d)
    by_id = {d["id"]: d for d in contacts}
    for cid, name in c.execute(
        "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
        " WHERE t.user_id = ? ORDER BY t.name",
        (store.user_id,),
    ):
        if cid in by_id:
            by_id[cid]["tags"].append(name)
    for r in c.execute(
        "SELECT c.id, b.family, b.company, b.likes_dislikes, b.misc_notes, i.main_app, i.email,"
        " i.phone_number, i.social_links FROM contacts c LEFT JOIN background b ON"
        " b.contact_id = c.id LEFT JOIN contact_info i ON i.contact_id = c.id"
        " WHERE c.user_id = ? AND (b.contact_id IS NOT NULL OR i.contact_id IS NOT NULL)",
        (store.user_id,),
    ):
        vip: dict[str, Any] = dict(zip(_VIP_TEXT, (x or "" for x in r[1:8]), strict=True))
        vip["social_links"] = stored_links(r[8])
        by_id[r[0]]["vip_data"] = vip
    return contacts


def export_backup(store: Store, *, now: int | None = None) -> dict[str, Any]:
    """All of the user's data as a JSON-ready dict (deterministic order)."""
    c = store.db.conn()
    uid = store.user_id
    with store.db.read():
        user = c.execute("SELECT username FROM users WHERE id = ?", (uid,)).fetchone()
        contacts = _contact_rows(store)
        interactions = [
            dict(zip(_INTERACTION_KEYS, r, strict=True))
            for r in c.execute(
                f"SELECT {', '.join(_INTERACTION_KEYS)} FROM interactions WHERE user_id = ?"
                " ORDER BY id",
                (uid,),
            )
        ]
        follow_ups = [
            dict(zip(_FOLLOW_UP_KEYS, r, strict=True))
            for r in c.execute(
                f"SELECT {', '.join(_FOLLOW_UP_KEYS)} FROM follow_ups WHERE user_id = ?"
                " ORDER BY id",
                (uid,),
            )
        ]
        events = [
            dict(zip(_EVENT_KEYS, r, strict=True))
            for r in c.execute(
                f"SELECT {', '.join(_EVENT_KEYS)} FROM events WHERE user_id = ? ORDER BY id",
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
        prow = c.execute(
            f"SELECT {', '.join(_PROFILE_TEXT)}, social_links, shared_fields, updated_at"
            " FROM profiles WHERE user_id = ?",
            (uid,),
        ).fetchone()
    profile: dict[str, Any] | None = None
    if prow is not None:
        profile = dict(zip(_PROFILE_TEXT, prow[:6], strict=True))
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
    }


def backup_json(data: dict[str, Any]) -> str:
    """The backup as text: sorted keys, two-space indent, UTF-8 kept readable."""
    return json.dumps(data, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def export_text(
    store: Store, fmt: str = "json", *, vcard_version: str = "3.0", now: int | None = None
) -> str:
    """The user's contacts as vCard or CSV, or everything as the JSON backup."""
    if fmt == "json":
        return backup_json(export_backup(store, now=now))
    if fmt not in FORMATS:
        raise TransferError(f"unknown format '{fmt}' (use vcard, csv or json)")
    if fmt == "vcard" and vcard_version not in VCARD_VERSIONS:
        raise TransferError("the vCard version must be 3.0 or 4.0")
    with store.db.read():
        contacts = _contact_rows(store)
    contacts.sort(key=lambda d: (str(d["name"]).casefold(), d["id"]))
    for d in contacts:
        vip = d.get("vip_data") or {}
        d["social_links"] = vip.get("social_links", [])
        if vip.get("email") and vip["email"] != d.get("email"):
            d["vip_email"] = vip["email"]
        if vip.get("phone_number") and vip["phone_number"] != d.get("phone"):
            d["vip_phone"] = vip["phone_number"]
    if fmt == "vcard":
        return contacts_to_vcard(contacts, vcard_version)
    return contacts_to_csv(contacts)


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
