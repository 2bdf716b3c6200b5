"""Contact records for import/export, and the CSV layouts devhub reads and writes.

Pure: text in, :class:`ImportRecord` objects out (and contacts in, text out). No
I/O, no SQL. `storage.transfer` decides what each record does to a store.

Rules shared by every format (vCard, CSV, JSON contacts):

* a value devhub can't keep in its field (an invalid phone, a second email, a
  birthday like "circa 1980") is never dropped: it goes to an "Imported details"
  block at the end of the notes, and the record carries a warning saying so;
* a record without any name is skipped, with the reason;
* a file that can't be read at all raises :class:`FileFormatError`, whose message
  names the line or record.

CSV layouts: a Google Contacts export (both the current "First Name / Labels /
E-mail 1 - Label" layout and the older "Given Name / Group Membership / E-mail 1 -
Type" one; several values in one cell are separated by " ::: "), a LinkedIn
"Connections.csv" (with its "Notes:" lines above the header), and a plain CSV with
a header row whose columns are matched by name (see :data:`PLAIN_COLUMNS`).
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from .dates import DateWordError, parse_birthday
from .social import detect_platform
from .validation import (
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_cadence,
    validate_email,
    validate_github,
    validate_importance,
    validate_name,
    validate_phone,
    validate_tag,
    validate_url,
)

__all__ = [
    "CSV_EXPORT_COLUMNS",
    "FORMATS",
    "FileFormatError",
    "ImportRecord",
    "ParsedFile",
    "PLAIN_COLUMNS",
    "RecordBuilder",
    "contacts_to_csv",
    "decode_bytes",
    "detect_format",
    "parse_csv",
    "tagify",
]

FORMATS: tuple[str, ...] = ("vcard", "csv", "json")

#: Contact text fields a record may carry (besides name, email, phone, github, birthday).
TEXT_FIELDS = ("nickname", "relationship", "industry", "company", "title", "location", "timezone")

EXTRAS_HEADER = "Imported details:"


class FileFormatError(ValidationError):
    """The file can't be read as the format it claims; the message names the line/record."""


def _clip(text: str, width: int = 50) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 3] + "..."


# --------------------------------------------------------------------------- records


@dataclass
class ImportRecord:
    """One person read from a file, with values already validated and normalized.

    ``fields`` holds contact columns (``name``, ``email``, ``company``...);
    ``emails`` / ``phones`` list every address/number read (the first is the one in
    ``fields``) so matching can use all of them; ``vip`` holds VIP text fields
    (``family``, ``likes_dislikes``...); ``uid`` is a devhub contact id when the
    file carries one (a vCard UID, a backup's id). ``problem`` set = the record
    can't be imported (the reason is shown to the user).
    """

    source: str
    fields: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    social_links: list[dict[str, str]] = field(default_factory=list)
    vip: dict[str, str] = field(default_factory=dict)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    uid: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    problem: str | None = None

    @property
    def name(self) -> str:
        return str(self.fields.get("name") or "")


@dataclass
class ParsedFile:
    """A whole file read: its format, a description, the records and file-level notes."""

    format: str
    kind: str
    records: list[ImportRecord]
    warnings: list[str] = field(default_factory=list)
    backup: dict[str, Any] | None = None


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"), "-")
_EXT_RE = re.compile(r"\s*(?:;\s*ext=|,?\s*(?:ext\.?|extension|x|#)\s*)(\d{1,8})\s*$", re.I)
_TAG_BAD_RE = re.compile(r"[^\w\-.+#]+")


def tagify(label: str) -> str | None:
    """A tag from a label another app uses ("Friends & Family" -> "friends-family");
    ``None`` when nothing usable is left."""
    text = "-".join(clean_text(label, max_len=10_000, multiline=False).lower().split())
    text = _TAG_BAD_RE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")[:40].strip("-")
    if not text:
        return None
    try:
        return validate_tag(text)
    except ValidationError:
        return None


def _normalize_phone(raw: str) -> tuple[str | None, bool]:
    """``(valid phone or None, had_extension)`` for what phones and exports write."""
    text = raw.translate(_DASHES).replace("\u00a0", " ").strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    ext = _EXT_RE.search(text)
    if ext:
        text = text[: ext.start()]
    try:
        return validate_phone(text), bool(ext)
    except ValidationError:
        return None, bool(ext)


_PLATFORM_HINTS = {
    "twitter": "x",
    "x": "x",
    "github": "github",
    "gitlab": "gitlab",
    "linkedin": "linkedin",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "bsky": "bluesky",
}
_HANDLE_URLS = {
    "x": "https://x.com/{}",
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "bluesky": "https://bsky.app/profile/{}",
}
_HANDLE_RE = re.compile(r"@?([A-Za-z0-9][\w.-]{0,99})")


class RecordBuilder:
    """Collects the raw values of one person and turns them into an ImportRecord.

    Every ``add_*`` call validates its value; what can't be kept in a field is
    remembered for the notes' "Imported details" block.
    """

    def __init__(self, source: str, *, name_required: bool = False) -> None:
        self.record = ImportRecord(source=source)
        self.name_required = name_required
        self._names: list[str] = []
        self._name_parts: list[str] = []
        self._notes: list[str] = []
        self._extras: list[str] = []
        self._email_pref: list[tuple[int, str]] = []
        self._phone_pref: list[tuple[int, str]] = []
        self._email_labels: dict[str, str] = {}
        self._phone_labels: dict[str, str] = {}
        self._phone_kept: set[str] = set()  # numbers whose full text is in the notes already

    # -- raw values ---------------------------------------------------------
    def warn(self, message: str) -> None:
        self.record.warnings.append(message)

    def keep(self, label: str, value: str, why: str | None = None) -> None:
        """Keep a value devhub has no field for in the notes' details block."""
        value = " ".join(value.split())
        if not value:
            return
        line = f"{label}: {value}"
        if line not in self._extras:
            self._extras.append(line)
        if why:
            self.warn(f"{why}; kept in the notes")

    def add_name(self, value: str | None) -> None:
        if value and value.strip():
            self._names.append(value)

    def add_name_parts(self, *parts: str | None) -> None:
        joined = " ".join(p.strip() for p in parts if p and p.strip())
        if joined:
            self._name_parts.append(joined)

    def set_text(self, key: str, value: str | None) -> None:
        """A one-line contact field (company, title, nickname, location...)."""
        if not value or not value.strip():
            return
        try:
            text = clean_text(value, max_len=500, multiline=False, field=key)
        except ValidationError as exc:
            self.keep(key, value, str(exc))
            return
        if not text:
            return
        current = self.record.fields.get(key)
        if current and current != text:
            self.keep(key, text)
        elif not current:
            self.record.fields[key] = text

    def add_note(self, value: str | None) -> None:
        if value and value.strip():
            text = clean_text(value, max_len=10 * MAX_NOTE_LEN, multiline=True)
            if text and text not in self._notes:
                self._notes.append(text)

    def add_email(self, value: str | None, label: str = "", *, preferred: bool = False) -> None:
        if not value or not value.strip():
            return
        try:
            email = validate_email(value)
        except ValidationError as exc:
            self.keep(f"email ({label.lower()})" if label else "email", value, str(exc))
            return
        if email is None:
            return
        if any(e.lower() == email.lower() for _, e in self._email_pref):
            return
        self._email_pref.append((0 if preferred else 1, email))
        if label and label.lower() not in ("internet", "other", "x400", "pref"):
            self._email_labels[email] = label.lower()

    def add_phone(self, value: str | None, label: str = "", *, preferred: bool = False) -> None:
        if not value or not value.strip():
            return
        phone, had_ext = _normalize_phone(value)
        shown = f"phone ({label.lower()})" if label else "phone"
        if phone is None:
            self.keep(shown, value, f"'{_clip(value)}' is not a phone number devhub can dial")
            return
        if had_ext:
            self.keep(shown, value, f"the extension in '{_clip(value)}' has no phone field")
            self._phone_kept.add(phone)
        digits = re.sub(r"\D", "", phone)
        if any(re.sub(r"\D", "", p) == digits for _, p in self._phone_pref):
            return
        rank = 0 if preferred else (1 if label.lower() in ("cell", "mobile", "iphone") else 2)
        self._phone_pref.append((rank, phone))
        if label:
            self._phone_labels[phone] = label.lower()

    def add_link(self, value: str | None, hint: str = "") -> None:
        """A profile or website link (vCard URL / X-SOCIALPROFILE, a CSV column)."""
        if not value or not value.strip():
            return
        hint_platform = _PLATFORM_HINTS.get(hint.strip().lower(), "")
        text = value.strip()
        try:
            url = validate_url(text)
        except ValidationError as exc:
            m = _HANDLE_RE.fullmatch(text)
            if hint_platform in _HANDLE_URLS and m:
                url = _HANDLE_URLS[hint_platform].format(m.group(1))
            else:
                self.keep(f"link ({hint})" if hint else "link", text, str(exc))
                return
        if url is None:
            return
        platform = detect_platform(url)
        if platform == "website" and hint_platform:
            platform = hint_platform
        if platform == "github" and "github" not in self.record.fields:
            try:
                handle = validate_github(url)
            except ValidationError:
                handle = None
            if handle:
                self.record.fields["github"] = handle
        if all(link["url"] != url for link in self.record.social_links):
            self.record.social_links.append({"platform": platform, "url": url})

    def set_github(self, value: str | None) -> None:
        if not value or not value.strip():
            return
        try:
            handle = validate_github(value)
        except ValidationError as exc:
            self.keep("github", value, str(exc))
            return
        if handle:
            self.record.fields["github"] = handle

    def set_birthday(self, value: str | None, today: _dt.date | None) -> None:
        if not value or not value.strip():
            return
        text = value.strip()
        # vCard 4.0 date-times and ISO timestamps: keep the date part
        if "T" in text and not text.startswith("--"):
            text = text.split("T", 1)[0]
        try:
            birthday = parse_birthday(text, today=today)
        except DateWordError as exc:
            self.keep("birthday", value, str(exc))
            return
        current = self.record.fields.get("birthday")
        if current is None or (current.startswith("--") and not birthday.startswith("--")):
            self.record.fields["birthday"] = birthday  # a date with its year wins

    def add_tags(self, labels: Iterable[str]) -> None:
        for label in labels:
            tag = tagify(label)
            if tag is None:
                if label.strip():
                    self.warn(f"label '{_clip(label)}' can't be a tag; skipped")
                continue
            if tag not in self.record.tags:
                self.record.tags.append(tag)

    def set_vip(self, key: str, value: str | None) -> None:
        if value and value.strip():
            self.record.vip[key] = clean_text(value, max_len=MAX_NOTE_LEN, multiline=True)

    # -- result -------------------------------------------------------------
    def finish(self) -> ImportRecord:
        rec = self.record
        emails = [e for _, e in sorted(self._email_pref, key=lambda x: x[0])]
        phones = [p for _, p in sorted(self._phone_pref, key=lambda x: x[0])]
        rec.emails, rec.phones = emails, phones
        email_labels, phone_labels = self._email_labels, self._phone_labels
        if emails:
            rec.fields["email"] = emails[0]
            for e in emails[1:]:
                label = email_labels.get(e)
                self.keep(f"email ({label})" if label else "email", e)
        if phones:
            rec.fields["phone"] = phones[0]
            for p in phones[1:]:
                if p in self._phone_kept:
                    continue
                label = phone_labels.get(p)
                self.keep(f"phone ({label})" if label else "phone", p)
        # name: as given, else built from its parts, else the nickname, company or email
        candidates = [*self._names, *self._name_parts]
        if not self.name_required:
            candidates += [
                rec.fields.get("nickname") or "",
                rec.fields.get("company") or "",
                emails[0] if emails else "",
            ]
        name = ""
        for cand in candidates:
            try:
                name = validate_name(cand)
            except ValidationError as exc:
                if cand.strip() and "too long" in str(exc):
                    rec.problem = f"{exc}"
                    return rec
                continue
            break
        if not name:
            rec.problem = (
                "no name (the name is empty)"
                if self.name_required
                else "no name (nor a company or email to name it by)"
            )
            return rec
        rec.fields["name"] = name
        notes = list(self._notes)
        if self._extras:
            notes.append("\n".join([EXTRAS_HEADER, *self._extras]))
        if notes:
            text = "\n\n".join(notes)
            if len(text) > MAX_NOTE_LEN:
                rec.problem = (
                    f"notes are too long ({len(text):,} characters; the limit is "
                    f"{MAX_NOTE_LEN:,})"
                )
                return rec
            rec.fields["notes"] = text
        return rec


# --------------------------------------------------------------------------- decoding


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text of a file's bytes: UTF-8 (with or without BOM), UTF-16 with a BOM (Outlook),
    else Windows-1252. Returns ``(text, warning or None)``."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), None
        except UnicodeDecodeError:
            raise FileFormatError("the file says it is UTF-16 but isn't") from None
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return (
            data.decode("cp1252", errors="replace"),
            f"line {line}: the file is not UTF-8; it was read as Windows-1252",
        )


def detect_format(text: str) -> str:
    """``"vcard"``, ``"json"`` or ``"csv"`` from the start of the content."""
    head = text.lstrip("\ufeff \t\r\n")[:200]
    if head[:11].upper() == "BEGIN:VCARD":
        return "vcard"
    if head.startswith(("{", "[")):
        return "json"
    if not head:
        raise FileFormatError("the file is empty")
    if "\x00" in text[:4096]:
        raise FileFormatError("this is a binary file, not vCard, CSV or JSON")
    return "csv"


# --------------------------------------------------------------------------- CSV reading


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.lower())


#: Plain CSV: normalized header (lowercase, letters and digits only) -> devhub field.
PLAIN_COLUMNS: dict[str, str] = {
    **dict.fromkeys(("name", "fullname", "displayname", "contact", "contactname"), "name"),
    **dict.fromkeys(("firstname", "givenname", "first", "forename"), "first"),
    **dict.fromkeys(("middlename", "additionalname", "middle"), "middle"),
    **dict.fromkeys(("lastname", "familyname", "surname", "last"), "last"),
    **dict.fromkeys(("nickname", "nick", "alias"), "nickname"),
    **dict.fromkeys(
        ("email", "emailaddress", "mail", "workemail", "homeemail", "personalemail", "emails"),
        "email",
    ),
    **dict.fromkeys(
        (
            "phone",
            "phonenumber",
            "mobile",
            "mobilephone",
            "cell",
            "cellphone",
            "telephone",
            "tel",
            "workphone",
            "homephone",
            "phones",
        ),
        "phone",
    ),
    **dict.fromkeys(
        ("company", "organization", "organisation", "org", "employer", "organizationname"),
        "company",
    ),
    **dict.fromkeys(("title", "jobtitle", "position", "role", "organizationtitle"), "title"),
    **dict.fromkeys(("location", "city", "address", "place", "where"), "location"),
    **dict.fromkeys(("birthday", "bday", "birthdate", "dateofbirth", "dob"), "birthday"),
    **dict.fromkeys(("github", "githubhandle", "githubusername", "githubuser"), "github"),
    **dict.fromkeys(("notes", "note", "comments", "comment", "description"), "notes"),
    **dict.fromkeys(("tags", "tag", "labels", "groups", "categories"), "tags"),
    **dict.fromkeys(
        (
            "links",
            "link",
            "website",
            "web",
            "url",
            "homepage",
            "blog",
            "sociallinks",
            "social",
            "linkedin",
            "twitter",
            "x",
            "mastodon",
            "bluesky",
            "gitlab",
        ),
        "links",
    ),
    "relationship": "relationship",
    "industry": "industry",
    **dict.fromkeys(("timezone", "tz", "timezoneiana"), "timezone"),
    "importance": "importance",
    **dict.fromkeys(("vip",), "vip"),
    **dict.fromkeys(("cadence", "cadencedays"), "cadence"),
    **dict.fromkeys(("family",), "vip.family"),
    **dict.fromkeys(("likesdislikes", "likes"), "vip.likes_dislikes"),
}

_TRUE = ("1", "yes", "y", "true", "x", "vip", "on")
_FALSE = ("", "0", "no", "n", "false", "off")
_MULTI_SPLIT_RE = re.compile(r"\s*(?::::|;|\n)\s*")
_LINK_SPLIT_RE = re.compile(r"[\s,;]+")


def _sniff_delimiter(line: str) -> str:
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for ch in line:
        if ch == '"':
            quoted = not quoted
        elif not quoted and ch in counts:
            counts[ch] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


@dataclass
class _Row:
    line: int
    values: dict[str, str]
    width: int


def _read_rows(text: str, header_at: Any) -> tuple[list[str], list[_Row], int]:
    """Header and rows of a CSV text. ``header_at(row) -> bool`` finds the header row
    (LinkedIn puts notes above it). Raises FileFormatError naming the line."""
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip()), "")
    delimiter = _sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    header: list[str] | None = None
    header_line = 0
    rows: list[_Row] = []
    start = 1
    try:
        for raw in reader:
            line = start
            start = reader.line_num + 1
            if not any(cell.strip() for cell in raw):
                continue
            if header is None:
                if header_at(raw):
                    header = [h.strip().lstrip("\ufeff") for h in raw]
                    header_line = line
                continue
            values = {}
            for i, cell in enumerate(raw[: len(header)]):
                values[header[i]] = cell
            rows.append(_Row(line, values, len(raw)))
    except csv.Error as exc:
        raise FileFormatError(f"line {reader.line_num}: not valid CSV ({exc})") from None
    if header is None:
        raise FileFormatError("no header row found (the first line should name the columns)")
    return header, rows, header_line


def _multi(value: str | None) -> list[str]:
    """Several values in one cell: Google's " ::: ", or ";" / newlines."""
    if not value:
        return []
    return [v for v in _MULTI_SPLIT_RE.split(value) if v.strip()]


def _width_problem(row: _Row, header: Sequence[str]) -> str | None:
    extra = row.width - len(header)
    if extra > 0:
        return (
            f"it has {row.width} columns but the header has {len(header)} "
            "(a value with a comma that isn't quoted?)"
        )
    return None


def parse_csv(text: str, *, today: _dt.date | None = None) -> ParsedFile:
    """Read a Google Contacts, LinkedIn Connections or plain CSV export."""
    head = "\n".join(text.splitlines()[:30]).lower()
    if "connected on" in head and "first name" in head:
        return _parse_linkedin(text, today)
    header_line = next((ln for ln in text.splitlines() if ln.strip()), "").lower()
    if "e-mail 1 - value" in header_line or (
        "given name" in header_line and "group membership" in header_line
    ):
        return _parse_google(text, today)
    return _parse_plain(text, today)


def _row_source(row: _Row, n: int) -> str:
    return f"row {n} (line {row.line})"


def _parse_plain(text: str, today: _dt.date | None) -> ParsedFile:
    header, rows, _ = _read_rows(text, lambda r: True)
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    for col in header:
        target = PLAIN_COLUMNS.get(_key(col))
        if target is None and "email" in _key(col):
            target = "email"
        if target is None and "phone" in _key(col):
            target = "phone"
        if target is None:
            if col:
                ignored.append(col)
            continue
        mapping[col] = target
    targets = set(mapping.values())
    if not targets & {"name", "first", "last"}:
        raise FileFormatError(
            "line 1: no name column (the header needs 'name', or 'first name' / 'last name')"
        )
    warnings = [f"columns not imported: {', '.join(ignored)}"] if ignored else []
    records: list[ImportRecord] = []
    for n, row in enumerate(rows, start=1):
        b = RecordBuilder(_row_source(row, n), name_required=True)
        problem = _width_problem(row, header)
        parts: dict[str, str] = {}
        for col, target in mapping.items():
            value = row.values.get(col, "")
            if not value.strip():
                continue
            if target == "name":
                b.add_name(value)
            elif target in ("first", "middle", "last"):
                parts[target] = value
            elif target == "email":
                for v in _multi(value) if ":::" in value or ";" in value else [value]:
                    b.add_email(v, "" if _key(col) in ("email", "emails") else col.lower())
            elif target == "phone":
                for v in _multi(value) if ":::" in value or ";" in value else [value]:
                    b.add_phone(v, "" if _key(col) in ("phone", "phones") else col.lower())
            elif target == "birthday":
                b.set_birthday(value, today)
            elif target == "github":
                b.set_github(value)
            elif target == "notes":
                b.add_note(value)
            elif target == "tags":
                b.add_tags(re.split(r"[,;]|\s:::\s", value))
            elif target == "links":
                hint = _key(col) if _key(col) in _PLATFORM_HINTS else ""
                for link in _LINK_SPLIT_RE.split(value.strip()):
                    b.add_link(link, hint)
            elif target == "importance":
                try:
                    b.record.fields["importance"] = validate_importance(value)
                except ValidationError as exc:
                    b.keep("importance", value, str(exc))
            elif target == "vip":
                low = value.strip().lower()
                if low in _TRUE:
                    b.record.fields["vip"] = True
                elif low not in _FALSE:
                    b.keep("vip", value, f"vip '{_clip(value)}' is not yes or no")
            elif target == "cadence":
                try:
                    b.record.fields["cadence_days"] = validate_cadence(value)
                except ValidationError as exc:
                    b.keep("cadence", value, str(exc))
            elif target.startswith("vip."):
                b.set_vip(target[4:], value)
            else:
                b.set_text(target, value)
        if parts:
            b.add_name_parts(parts.get("first"), parts.get("middle"), parts.get("last"))
        rec = b.finish()
        if problem and not rec.problem:
            rec.problem = problem
        records.append(rec)
    return ParsedFile("csv", "CSV", records, warnings)


def _numbered(values: Mapping[str, str], prefix: str) -> list[tuple[str, str]]:
    """Google's "E-mail 1 - Label"/"E-mail 1 - Value" pairs (also "- Type")."""
    out: list[tuple[str, str]] = []
    n = 1
    while f"{prefix} {n} - Value" in values:
        label = values.get(f"{prefix} {n} - Label") or values.get(f"{prefix} {n} - Type") or ""
        value = values.get(f"{prefix} {n} - Value") or ""
        labels = _multi(label)
        for i, v in enumerate(_multi(value)):
            out.append((labels[i] if i < len(labels) else (labels[0] if labels else ""), v))
        n += 1
    return out


def _google_label(label: str) -> tuple[str, bool]:
    """Google marks the primary value's label with a leading "* "."""
    label = label.strip()
    if label.startswith("*"):
        return label.lstrip("* ").strip(), True
    return label, False


def _parse_google(text: str, today: _dt.date | None) -> ParsedFile:
    header, rows, _ = _read_rows(text, lambda r: True)
    records: list[ImportRecord] = []
    for n, row in enumerate(rows, start=1):
        v = row.values
        b = RecordBuilder(_row_source(row, n))
        b.add_name(v.get("Name"))
        b.add_name_parts(
            v.get("Name Prefix"),
            v.get("First Name") or v.get("Given Name"),
            v.get("Middle Name") or v.get("Additional Name"),
            v.get("Last Name") or v.get("Family Name"),
            v.get("Name Suffix"),
        )
        b.add_name(v.get("File As"))
        b.set_text("nickname", v.get("Nickname"))
        b.set_text("company", v.get("Organization Name") or v.get("Organization 1 - Name"))
        b.set_text("title", v.get("Organization Title") or v.get("Organization 1 - Title"))
        dept = v.get("Organization Department") or v.get("Organization 1 - Department")
        if dept:
            b.keep("department", dept)
        b.set_birthday(v.get("Birthday"), today)
        b.add_note(v.get("Notes"))
        for label, value in _numbered(v, "E-mail"):
            lab, primary = _google_label(label)
            b.add_email(value, lab, preferred=primary)
        for label, value in _numbered(v, "Phone"):
            lab, primary = _google_label(label)
            b.add_phone(value, lab, preferred=primary)
        for label, value in _numbered(v, "Website"):
            lab, _ = _google_label(label)
            b.add_link(value, lab)
        city = v.get("Address 1 - City") or ""
        country = v.get("Address 1 - Country") or ""
        region = v.get("Address 1 - Region") or ""
        place = ", ".join(x.strip() for x in (city, region, country) if x and x.strip())
        b.set_text("location", place or v.get("Location") or "")
        formatted = v.get("Address 1 - Formatted") or ""
        if formatted.strip() and formatted.strip() != place:
            b.keep("address", formatted)
        labels = _multi(v.get("Labels") or v.get("Group Membership") or "")
        b.add_tags(lab for lab in labels if not lab.strip().startswith("*"))
        rec = b.finish()
        problem = _width_problem(row, header)
        if problem and not rec.problem:
            rec.problem = problem
        records.append(rec)
    return ParsedFile("csv", "Google Contacts CSV", records)


def _is_linkedin_header(row: Sequence[str]) -> bool:
    cells = {c.strip().lower() for c in row}
    return "first name" in cells and "last name" in cells


def _parse_linkedin(text: str, today: _dt.date | None) -> ParsedFile:
    header, rows, _ = _read_rows(text, _is_linkedin_header)
    records: list[ImportRecord] = []
    for n, row in enumerate(rows, start=1):
        v = row.values
        b = RecordBuilder(_row_source(row, n))
        b.add_name_parts(v.get("First Name"), v.get("Last Name"))
        b.add_email(v.get("Email Address"))
        b.set_text("company", v.get("Company"))
        b.set_text("title", v.get("Position"))
        b.add_link(v.get("URL") or v.get("Profile URL"), "linkedin")
        connected = (v.get("Connected On") or "").strip()
        if connected:
            b.keep("connected on LinkedIn", connected)
        rec = b.finish()
        problem = _width_problem(row, header)
        if problem and not rec.problem:
            rec.problem = problem
        records.append(rec)
    return ParsedFile("csv", "LinkedIn connections CSV", records)


# --------------------------------------------------------------------------- CSV writing

#: Columns of `devhub export --format csv` (the plain layout reads them back).
CSV_EXPORT_COLUMNS: tuple[str, ...] = (
    "name",
    "nickname",
    "email",
    "phone",
    "company",
    "title",
    "location",
    "timezone",
    "birthday",
    "github",
    "relationship",
    "industry",
    "importance",
    "vip",
    "cadence_days",
    "tags",
    "links",
    "notes",
)


def contacts_to_csv(contacts: Iterable[Mapping[str, Any]]) -> str:
    """A plain CSV (header row, one contact a row) that :func:`parse_csv` reads back.

    Each mapping has contact fields plus ``tags`` (list of names) and
    ``social_links`` (list of ``{platform, url}``).
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_EXPORT_COLUMNS)
    for c in contacts:
        row: list[str] = []
        for col in CSV_EXPORT_COLUMNS:
            if col == "tags":
                row.append(", ".join(c.get("tags") or []))
            elif col == "links":
                row.append(" ".join(link["url"] for link in c.get("social_links") or []))
            elif col == "vip":
                row.append("yes" if c.get("vip") else "")
            else:
                value = c.get(col)
                row.append("" if value is None else str(value))
        writer.writerow(row)
    return out.getvalue()
