"""CSV exports read into :class:`~devhub_tui.core.records.ImportRecord` objects.

Pure: text in, records out. Layouts: a Google Contacts export (the current "First
Name / Labels / E-mail 1 - Label" layout and the older "Given Name / Group
Membership / E-mail 1 - Type" one; several values in one cell are separated by
" ::: "), a LinkedIn "Connections.csv" (with its "Notes:" lines above the header),
Outlook and Thunderbird address-book exports, and a plain CSV with a header row
whose columns are matched by name (:data:`PLAIN_COLUMNS`; devhub's own export is
one). Layout-specific readers live in :mod:`~devhub_tui.core.csvlayouts`.

Lenient where exporters are sloppy: the delimiter is sniffed (``,`` ``;`` tab), a
row an exporter wrapped whole in quotes is unwrapped, a row the CSV rules can't
read is reported with its line and the rest is read, and a cell devhub's export
protected against spreadsheet formulas (``'=...``) gets its value back. Each
record carries a fingerprint (the export's kind plus its normalized row) so that
importing the same file again finds the contacts it made.

The names that used to live here (records, decoding, the CSV writer) are
re-exported for callers that import them from this module.
"""

from __future__ import annotations

import csv
import datetime as _dt
import hashlib
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from devhub_tui.core.contact import validate_contact_field
from devhub_tui.core.csvwrite import CSV_EXPORT_COLUMNS, contacts_to_csv, unprotect_cell
from devhub_tui.core.filetext import FileFormatError, decode_text, detect_format, quote
from devhub_tui.core.records import ImportRecord, ParsedFile, RecordBuilder, tagify
from devhub_tui.core.validation import ValidationError

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

_DEVHUB_ID_RE = re.compile(r"[0-9a-f]{32}")


def decode_bytes(data: bytes) -> tuple[str, str | None]:
    """Text of a file's bytes (see :func:`~devhub_tui.core.filetext.decode_text`);
    ``(text, first warning or None)``."""
    text, warnings = decode_text(data)
    return text, (warnings[0] if warnings else None)


def key(header: str) -> str:
    """A header compared loosely: lower case, letters and digits only, accents off
    ("Téléphone" -> "telephone")."""
    text = unicodedata.normalize("NFKD", header.lower())
    return re.sub(r"[^a-z0-9]", "", text)


#: Plain CSV: normalized header (lowercase, letters and digits only) -> devhub field.
PLAIN_COLUMNS: dict[str, str] = {
    "id": "id",
    **dict.fromkeys(("name", "fullname", "displayname", "contact", "contactname"), "name"),
    **dict.fromkeys(("firstname", "givenname", "first", "forename"), "first"),
    **dict.fromkeys(("middlename", "additionalname", "middle"), "middle"),
    **dict.fromkeys(("lastname", "familyname", "surname", "last"), "last"),
    **dict.fromkeys(("prefix", "nameprefix"), "prefix"),
    **dict.fromkeys(("suffix", "namesuffix"), "suffix"),
    **dict.fromkeys(("nickname", "nick", "alias"), "nickname"),
    **dict.fromkeys(
        ("email", "emailaddress", "mail", "workemail", "homeemail", "personalemail", "emails",
         "primaryemail", "secondaryemail"),
        "email",
    ),
    **dict.fromkeys(("emailtype", "emaillabel"), "email_label"),
    **dict.fromkeys(("otheremails",), "other_emails"),
    **dict.fromkeys(
        (
            "phone", "phonenumber", "mobile", "mobilephone", "cell", "cellphone", "telephone",
            "tel", "workphone", "homephone", "phones", "mobilenumber", "pagernumber",
            "faxnumber",
        ),
        "phone",
    ),
    **dict.fromkeys(("phonetype", "phonelabel"), "phone_label"),
    **dict.fromkeys(("otherphones",), "other_phones"),
    **dict.fromkeys(("addresses", "postaladdress", "postaladdresses"), "addresses"),
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
            "links", "link", "website", "web", "url", "homepage", "blog", "sociallinks",
            "social", "linkedin", "twitter", "x", "mastodon", "bluesky", "gitlab",
            "webpage", "webpage1", "webpage2", "profileurl",
        ),
        "links",
    ),
    # the same columns in the languages spreadsheets are most often set to
    **dict.fromkeys(("vorname", "prenom", "nombre"), "first"),
    **dict.fromkeys(("nachname", "nom", "apellido", "apellidos", "familienname"), "last"),
    **dict.fromkeys(("telefon", "handy", "mobil", "telephone", "portable", "telefono",
                     "movil", "celular"), "phone"),
    **dict.fromkeys(("firma", "unternehmen", "societe", "entreprise", "empresa"), "company"),
    **dict.fromkeys(("ort", "stadt", "wohnort", "ville", "ciudad"), "location"),
    **dict.fromkeys(("notizen", "notiz", "bemerkung", "bemerkungen", "notas", "remarques"),
                    "notes"),
    **dict.fromkeys(("geburtstag", "anniversaire", "cumpleanos", "naissance"), "birthday"),
    **dict.fromkeys(("correo", "courriel"), "email"),
    "relationship": "relationship",
    "industry": "industry",
    **dict.fromkeys(("timezone", "tz", "timezoneiana"), "timezone"),
    "importance": "importance",
    **dict.fromkeys(("vip",), "vip"),
    **dict.fromkeys(("cadence", "cadencedays"), "cadence"),
    **dict.fromkeys(("family",), "vip.family"),
    **dict.fromkeys(("likesdislikes", "likes"), "vip.likes_dislikes"),
    **dict.fromkeys(("vipemail",), "vip.email"),
    **dict.fromkeys(("vipphone", "vipphonenumber"), "vip.phone_number"),
    **dict.fromkeys(("vipapp", "mainapp"), "vip.main_app"),
    **dict.fromkeys(("viplinks",), "vip_links"),
}

_TRUE = ("1", "yes", "y", "true", "x", "vip", "on")
_FALSE = ("", "0", "no", "n", "false", "off")
_MULTI_SPLIT_RE = re.compile(r"\s*(?::::|;|\n)\s*")
_LINK_SPLIT_RE = re.compile(r"[,;]?\s+")
_LABELLED_RE = re.compile(r"([^:]{0,40}):\s(.+)", re.S)


def multi(value: str | None) -> list[str]:
    """Several values in one cell: Google's " ::: ", or ";" / newlines."""
    if not value:
        return []
    return [v for v in _MULTI_SPLIT_RE.split(value) if v.strip()]


def labelled(value: str) -> list[tuple[str, str]]:
    """``"work: a@x.example ::: b@y.example"`` -> ``[("work", "a@x..."), ("", "b@...")]``
    (devhub's export of extra emails, phones and addresses)."""
    out: list[tuple[str, str]] = []
    for item in value.split(":::"):
        item = item.strip()
        if not item:
            continue
        m = _LABELLED_RE.fullmatch(item)
        if m and "//" not in m.group(1):
            out.append((m.group(1).strip(), m.group(2).strip()))
        else:
            out.append(("", item))
    return out


# --------------------------------------------------------------------------- rows


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
class Row:
    line: int
    values: dict[str, str]
    width: int
    overflow: bool = False  # cells beyond the header hold values


@dataclass
class Table:
    header: list[str]
    rows: list[Row]
    warnings: list[str]
    header_line: int = 1


def _cells(reader: Any) -> Iterable[tuple[int, list[str] | None, str | None]]:
    """(start line, cells or None, error or None) for every row; a row the CSV rules
    can't read gives its error and reading goes on after it."""
    start = reader.line_num + 1
    while True:
        try:
            raw = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            yield start, None, str(exc)
            start = reader.line_num + 1
            continue
        yield start, raw, None
        start = reader.line_num + 1


def read_table(text: str, header_at: Callable[[Sequence[str]], bool]) -> Table:
    """Header and rows of a CSV text. ``header_at(row) -> bool`` finds the header row
    (LinkedIn puts notes above it). Raises FileFormatError when there is no header."""
    lines = text.splitlines(keepends=True)
    first = next((ln for ln in lines if ln.strip()), "")
    delimiter = _sniff_delimiter(first)
    header: list[str] | None = None
    header_line = 0
    rows: list[Row] = []
    warnings: list[str] = []
    offset = 0  # lines before the reader's start (after an unterminated quote)
    while True:
        reader = csv.reader(iter(lines[offset:]), delimiter=delimiter, strict=True)
        restart: int | None = None
        for start, raw, error in _cells(reader):
            line = offset + start
            if raw is None:
                shown = quote(lines[line - 1] if line - 1 < len(lines) else "")
                warnings.append(f"line {line}: not valid CSV ({error}): '{shown}'; skipped")
                if "end of data" in str(error):
                    restart = line  # an unterminated quote: read again after its line
                continue
            if not any(cell.strip() for cell in raw):
                continue
            if header is None:
                if header_at(raw):
                    header = [h.strip().lstrip("\ufeff") for h in raw]
                    header_line = line
                continue
            if len(raw) == 1 and len(header) > 1 and delimiter in raw[0]:
                # a row wrapped whole in quotes (LinkedIn): the cell is the row
                raw = next(csv.reader([raw[0]], delimiter=delimiter))
            values = {header[i]: unprotect_cell(cell) for i, cell in enumerate(raw[: len(header)])}
            overflow = any(cell.strip() for cell in raw[len(header):])
            rows.append(Row(line, values, len(raw), overflow))
        if restart is None or restart >= len(lines):
            break
        offset = restart
    if header is None:
        raise FileFormatError("no header row found (the first line should name the columns)")
    return Table(header, rows, warnings, header_line)


def width_problem(row: Row, header: Sequence[str]) -> str | None:
    if row.overflow:
        return (
            f"it has {row.width} columns but the header has {len(header)} "
            "(a value with a comma that isn't quoted?)"
        )
    return None


def row_source(row: Row, n: int) -> str:
    return f"row {n} (line {row.line})"


def row_fingerprint(kind: str, row: Row) -> str:
    """The export's kind plus the row's non-empty cells, normalized (column names
    compared loosely, whitespace collapsed, order ignored)."""
    cells = sorted(
        (key(k), " ".join(v.split())) for k, v in row.values.items() if v and v.strip()
    )
    text = "\x1e".join(f"{k}\x1f{v}" for k, v in cells)
    return "csv:" + hashlib.sha256(f"{kind}\x1d{text}".encode()).hexdigest()[:40]


def skip_unused(b: RecordBuilder, row: Row, used: Iterable[str]) -> None:
    """Name each non-empty cell no column mapping took, in the record's report."""
    taken = set(used)
    for col, value in row.values.items():
        if col and col not in taken and value.strip():
            b.skip(col, "no place for this column")


# --------------------------------------------------------------------------- dispatch


def parse_csv(text: str, *, today: _dt.date | None = None) -> ParsedFile:
    """Read a Google Contacts, LinkedIn Connections, Outlook, Thunderbird or plain CSV."""
    from devhub_tui.core import csvlayouts

    head = "\n".join(text.splitlines()[:30]).lower()
    if "connected on" in head and "first name" in head:
        return csvlayouts.parse_linkedin(text, today)
    header_line = next((ln for ln in text.splitlines() if ln.strip()), "").lower()
    if "e-mail 1 - value" in header_line or (
        "given name" in header_line and "group membership" in header_line
    ):
        return csvlayouts.parse_google(text, today)
    keys = {key(h) for h in re.split(r"[,;\t]", header_line)}
    if "emailaddress" in keys and "firstname" in keys and (
        keys & {"businessphone", "mobilephone", "homephone", "jobtitle"}
    ):
        return csvlayouts.parse_outlook(text, today)
    if "primaryemail" in keys and "displayname" in keys:
        return csvlayouts.parse_thunderbird(text, today)
    return parse_plain(text, today)


def _set_flag(b: RecordBuilder, value: str) -> None:
    low = value.strip().lower()
    if low in _TRUE:
        b.record.fields["vip"] = True
    elif low not in _FALSE:
        b.keep("vip", value, f"vip '{quote(value, 50)}' is not yes or no")


def apply_plain(b: RecordBuilder, target: str, col: str, value: str,
                today: _dt.date | None, parts: dict[str, str]) -> None:
    """One cell of a plain CSV into the record."""
    if target == "name":
        b.add_name(value)
    elif target in ("first", "middle", "last", "prefix", "suffix"):
        parts[target] = value
    elif target == "id":
        uid = value.strip().lower()
        if _DEVHUB_ID_RE.fullmatch(uid):
            b.record.uid = uid
    elif target == "email":
        for v in multi(value) if ":::" in value or ";" in value else [value]:
            b.add_email(v, "" if key(col) in ("email", "emails", "emailaddress") else col.lower())
    elif target == "phone":
        for v in multi(value) if ":::" in value or ";" in value else [value]:
            b.add_phone(v, "" if key(col) in ("phone", "phones", "phonenumber") else col.lower())
    elif target in ("email_label", "phone_label"):
        parts[target] = value
    elif target == "other_emails":
        for label, v in labelled(value):
            b.add_email(v, label)
    elif target == "other_phones":
        for label, v in labelled(value):
            b.add_phone(v, label)
    elif target == "addresses":
        for label, v in labelled(value):
            b.add_address(label, v)
    elif target == "birthday":
        b.set_birthday(value, today)
    elif target == "github":
        b.set_github(value)
    elif target == "notes":
        b.add_note(value)
    elif target == "tags":
        b.add_tags(re.split(r"[,;]|\s:::\s", value))
    elif target in ("links", "vip_links"):
        k = key(col)
        hint = k if k in ("twitter", "x", "linkedin", "mastodon", "bluesky", "gitlab",
                          "github") else ""
        for link in _LINK_SPLIT_RE.split(value.strip().rstrip(",;")):
            if target == "links":
                b.add_link(link, hint)
            else:
                b.add_vip_link(link, hint)
    elif target == "importance":
        try:
            b.record.fields["importance"] = validate_contact_field("importance", value)
        except ValidationError as exc:
            b.keep("importance", value, str(exc))
    elif target == "vip":
        _set_flag(b, value)
    elif target == "cadence":
        try:
            b.record.fields["cadence_days"] = validate_contact_field("cadence_days", value)
        except ValidationError as exc:
            b.keep("cadence", value, str(exc))
    elif target.startswith("vip."):
        b.set_vip(target[4:], value)
    else:
        b.set_text(target, value)


def plain_mapping(header: Sequence[str]) -> tuple[dict[str, str], list[str]]:
    mapping: dict[str, str] = {}
    ignored: list[str] = []
    for col in header:
        target = PLAIN_COLUMNS.get(key(col))
        if target is None and "email" in key(col):
            target = "email"
        if target is None and "phone" in key(col):
            target = "phone"
        if target is None:
            if col:
                ignored.append(col)
            continue
        mapping[col] = target
    return mapping, ignored


def _labels_for_primary(b: RecordBuilder, parts: Mapping[str, str]) -> None:
    """devhub's export names the first email's and phone's types in their own columns."""
    for col, kind in (("email_label", "email"), ("phone_label", "phone")):
        if parts.get(col, "").strip():
            b.primary_label(kind, parts[col])


def parse_plain(text: str, today: _dt.date | None) -> ParsedFile:
    table = read_table(text, lambda r: True)
    mapping, ignored = plain_mapping(table.header)
    targets = set(mapping.values())
    if not targets & {"name", "first", "last"}:
        raise FileFormatError(
            f"line {table.header_line}: no name column (the header needs 'name', or "
            "'first name' / 'last name')"
        )
    warnings = list(table.warnings)
    if ignored:
        warnings.append(f"columns not imported: {', '.join(quote(c, 40) for c in ignored)}")
    records: list[ImportRecord] = []
    kind = "CSV"
    for n, row in enumerate(table.rows, start=1):
        b = RecordBuilder(row_source(row, n), name_required=True)
        parts: dict[str, str] = {}
        for col, target in mapping.items():
            value = row.values.get(col, "")
            if value.strip():
                apply_plain(b, target, col, value, today, parts)
        if any(parts.get(p) for p in ("first", "middle", "last", "prefix", "suffix")):
            b.add_name_parts(parts.get("prefix"), parts.get("first"), parts.get("middle"),
                             parts.get("last"), parts.get("suffix"))
        _labels_for_primary(b, parts)
        skip_unused(b, row, mapping)
        rec = b.finish()
        rec.content_key = row_fingerprint(kind, row)
        problem = width_problem(row, table.header)
        if problem and not rec.problem:
            rec.problem = problem
        records.append(rec)
    return ParsedFile("csv", kind, records, warnings)
