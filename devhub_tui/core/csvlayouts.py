"""The CSV layouts of other apps: Google Contacts, LinkedIn, Outlook, Thunderbird.

Pure: each reads a whole text into a :class:`~devhub_tui.core.records.ParsedFile`
with :mod:`~devhub_tui.core.csvmap`'s row reader. Every non-empty cell either lands
in the record or is named in its report as skipped.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping, Sequence

from devhub_tui.core.csvmap import (
    Row,
    key,
    multi,
    read_table,
    row_fingerprint,
    row_source,
    skip_unused,
    width_problem,
)
from devhub_tui.core.records import ImportRecord, ParsedFile, RecordBuilder

__all__ = ["parse_google", "parse_linkedin", "parse_outlook", "parse_thunderbird"]


def _place(*parts: str | None) -> str:
    return ", ".join(x.strip() for x in parts if x and x.strip())


def _finish(b: RecordBuilder, row: Row, header: Sequence[str], kind: str) -> ImportRecord:
    rec = b.finish()
    rec.content_key = row_fingerprint(kind, row)
    problem = width_problem(row, header)
    if problem and not rec.problem:
        rec.problem = problem
    return rec


# --------------------------------------------------------------------------- Google


def _numbered(values: Mapping[str, str], prefix: str) -> tuple[list[tuple[str, str]], set[str]]:
    """Google's "E-mail 1 - Label"/"E-mail 1 - Value" pairs (also "- Type"), and the
    columns they took."""
    out: list[tuple[str, str]] = []
    used: set[str] = set()
    n = 1
    while f"{prefix} {n} - Value" in values:
        for suffix in ("Label", "Type", "Value", "Service"):
            used.add(f"{prefix} {n} - {suffix}")
        label = (values.get(f"{prefix} {n} - Service") or values.get(f"{prefix} {n} - Label")
                 or values.get(f"{prefix} {n} - Type") or "")
        value = values.get(f"{prefix} {n} - Value") or ""
        labels = multi(label)
        for i, v in enumerate(multi(value)):
            out.append((labels[i] if i < len(labels) else (labels[0] if labels else ""), v))
        n += 1
    return out, used


def _google_label(label: str) -> tuple[str, bool]:
    """Google marks the primary value's label with a leading "* "."""
    label = label.strip()
    if label.startswith("*"):
        return label.lstrip("* ").strip(), True
    return label, False


_GOOGLE_USED = {
    "Name", "Name Prefix", "First Name", "Given Name", "Middle Name", "Additional Name",
    "Last Name", "Family Name", "Name Suffix", "File As", "Nickname", "Organization Name",
    "Organization 1 - Name", "Organization Title", "Organization 1 - Title",
    "Organization Department", "Organization 1 - Department", "Birthday", "Notes", "Labels",
    "Group Membership", "Location",
    # phonetic spellings and Google's own photo link and sort key: not contact data
    "Phonetic First Name", "Phonetic Middle Name", "Phonetic Last Name", "Photo",
    "Given Name Yomi", "Family Name Yomi", "Additional Name Yomi", "Name Yomi",
    "Organization 1 - Yomi Name", "Organization 1 - Type",
}


def parse_google(text: str, today: _dt.date | None) -> ParsedFile:
    table = read_table(text, lambda r: True)
    kind = "Google Contacts CSV"
    records: list[ImportRecord] = []
    for n, row in enumerate(table.rows, start=1):
        v = row.values
        used = set(_GOOGLE_USED)
        b = RecordBuilder(row_source(row, n))
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
        emails, cols = _numbered(v, "E-mail")
        used |= cols
        for label, value in emails:
            lab, primary = _google_label(label)
            b.add_email(value, lab, preferred=primary)
        phones, cols = _numbered(v, "Phone")
        used |= cols
        for label, value in phones:
            lab, primary = _google_label(label)
            b.add_phone(value, lab, preferred=primary)
        sites, cols = _numbered(v, "Website")
        used |= cols
        for label, value in sites:
            lab, _ = _google_label(label)
            b.add_link(value, lab)
        ims, cols = _numbered(v, "IM")
        used |= cols
        for label, value in ims:
            b.add_im(value, _google_label(label)[0])
        for label, value in _numbered(v, "Relation")[0]:
            b.keep(f"related ({label.lower()})" if label else "related", value)
        used |= _numbered(v, "Relation")[1]
        custom, cols = _numbered(v, "Custom Field")
        used |= cols
        for label, value in custom:
            b.keep(label.lower() or "custom field", value)
        for label, value in _numbered(v, "Event")[0]:
            b.keep(f"date ({label.lower()})" if label else "date", value)
        used |= _numbered(v, "Event")[1]
        a = 1
        first_place = ""
        while f"Address {a} - Formatted" in v or f"Address {a} - City" in v:
            used.update(c for c in v if c.startswith(f"Address {a} - "))
            city, region = v.get(f"Address {a} - City") or "", v.get(f"Address {a} - Region") or ""
            country = v.get(f"Address {a} - Country") or ""
            place = _place(city, region, country)
            first_place = first_place or place
            formatted = v.get(f"Address {a} - Formatted") or _place(
                v.get(f"Address {a} - PO Box"), v.get(f"Address {a} - Extended Address"),
                v.get(f"Address {a} - Street"), city, region,
                v.get(f"Address {a} - Postal Code"), country)
            label = _google_label(v.get(f"Address {a} - Label") or v.get(
                f"Address {a} - Type") or "")[0]
            if formatted.strip() and " ".join(formatted.split()) != place:
                b.add_address(label, formatted)
            a += 1
        b.set_text("location", first_place or v.get("Location") or "")
        labels = multi(v.get("Labels") or v.get("Group Membership") or "")
        b.add_tags(lab for lab in labels if not lab.strip().startswith("*"))
        skip_unused(b, row, used)
        records.append(_finish(b, row, table.header, kind))
    return ParsedFile("csv", kind, records, table.warnings)


# --------------------------------------------------------------------------- LinkedIn


def _is_linkedin_header(row: Sequence[str]) -> bool:
    cells = {c.strip().lower() for c in row}
    return "first name" in cells and "last name" in cells


def _profile_key(url: str) -> str:
    text = url.strip().lower().split("://", 1)[-1]
    text = text.removeprefix("www.").split("?", 1)[0]
    return text.rstrip("/")


def parse_linkedin(text: str, today: _dt.date | None) -> ParsedFile:
    table = read_table(text, _is_linkedin_header)
    kind = "LinkedIn connections CSV"
    records: list[ImportRecord] = []
    used = {"First Name", "Last Name", "Email Address", "Company", "Position", "URL",
            "Profile URL", "Connected On"}
    for n, row in enumerate(table.rows, start=1):
        v = row.values
        b = RecordBuilder(row_source(row, n))
        b.add_name_parts("", v.get("First Name"), "", v.get("Last Name"))
        b.add_email(v.get("Email Address"))
        b.set_text("company", v.get("Company"))
        b.set_text("title", v.get("Position"))
        profile = v.get("URL") or v.get("Profile URL") or ""
        b.add_link(profile, "linkedin")
        connected = (v.get("Connected On") or "").strip()
        if connected:
            b.keep("connected on LinkedIn", connected)
        skip_unused(b, row, used)
        if profile.strip():
            # the profile is the identity: an edited row (new job) is the same person
            b.record.fingerprint = "linkedin:" + _profile_key(profile)
        records.append(_finish(b, row, table.header, kind))
    return ParsedFile("csv", kind, records, table.warnings)


# --------------------------------------------------------------------------- Outlook

_OUTLOOK_PHONES = {
    "primaryphone": "", "mobilephone": "cell", "businessphone": "work",
    "businessphone2": "work", "homephone": "home", "homephone2": "home",
    "otherphone": "other", "businessfax": "work,fax", "homefax": "home,fax",
    "otherfax": "fax", "pager": "pager", "carphone": "car", "assistantsphone": "assistant",
    "companymainphone": "main", "callback": "callback", "isdn": "isdn",
    "radiophone": "radio", "ttytddphone": "tty", "telex": "telex",
}
_OUTLOOK_KEEP = {
    "department": "department", "anniversary": "anniversary", "spouse": "spouse",
    "children": "children", "hobby": "hobby", "profession": "profession",
    "managersname": "manager", "assistantsname": "assistant", "officelocation": "office",
    "gender": "gender", "referredby": "referred by", "location": "location",
    "user1": "user 1", "user2": "user 2", "user3": "user 3", "user4": "user 4",
    "initials": "initials", "keywords": "keywords", "language": "language",
}
#: Outlook's placeholders for "nothing": not data.
_OUTLOOK_EMPTY = {"0/0/00", "00/00/0000", "normal", "false", "unspecified", "smtp", "ex"}
_US_DATE_RE = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4}|\d{2})")


def _outlook_date(value: str) -> str:
    """Outlook's ``1/15/1980`` (or ``15.01.1980``) as ``1980-01-15``."""
    m = _US_DATE_RE.fullmatch(value.strip())
    if not m:
        return value
    a, b, y = (int(g) for g in m.groups())
    if y < 100:
        y += 1900 if y > 30 else 2000
    month, day = (b, a) if a > 12 or "." in value else (a, b)
    return f"{y:04d}-{month:02d}-{day:02d}"


def _address(v: Mapping[str, str], cols: Mapping[str, str], group: str) -> tuple[str, str]:
    """(full address, "city, region, country") of one Outlook/Thunderbird group."""
    def get(*names: str) -> str:
        return " ".join(" ".join((v.get(cols[n]) or "").split()) for n in names
                        if n in cols).strip()

    street = _place(get(f"{group}street"), get(f"{group}street2"), get(f"{group}street3"),
                    get(f"{group}address"), get(f"{group}address2"))
    city = get(f"{group}city")
    region = get(f"{group}state")
    code = get(f"{group}postalcode", f"{group}zipcode")
    country = get(f"{group}countryregion", f"{group}country")
    box = get(f"{group}addresspobox")
    return _place(box, street, city, region, code, country), _place(city, region, country)


def _columns(header: Sequence[str]) -> dict[str, str]:
    return {key(h): h for h in header if h}


def _table_record(b: RecordBuilder, row: Row, cols: dict[str, str],
                  groups: Mapping[str, str]) -> set[str]:
    """Addresses of the named groups (``{"business": "work"}``); returns the columns used."""
    v = row.values
    used: set[str] = set()
    first_place = ""
    for group, label in groups.items():
        full, place = _address(v, cols, group)
        used.update(c for k, c in cols.items() if k.startswith(group) and (
            "street" in k or "city" in k or "state" in k or "postal" in k or "zip" in k
            or "country" in k or "address" in k))
        if full:
            first_place = first_place or place
            if full != place:
                b.add_address(label, full)
    b.set_text("location", first_place)
    return used


def parse_outlook(text: str, today: _dt.date | None) -> ParsedFile:
    table = read_table(text, lambda r: True)
    kind = "Outlook CSV"
    cols = _columns(table.header)
    records: list[ImportRecord] = []
    for n, row in enumerate(table.rows, start=1):
        values = {c: ("" if row.values.get(c, "").strip().lower() in _OUTLOOK_EMPTY
                      else row.values.get(c, "")) for c in row.values}
        row = Row(row.line, values, row.width, row.overflow)

        def get(k: str, row: Row = row) -> str:
            return row.values.get(cols.get(k, ""), "") or ""

        b = RecordBuilder(row_source(row, n))
        used = {cols[k] for k in ("title", "firstname", "middlename", "lastname", "suffix",
                                  "company", "jobtitle", "notes", "birthday", "categories",
                                  "webpage", "nickname", "emailtype", "email2type",
                                  "email3type", "emaildisplayname", "email2displayname",
                                  "email3displayname", "priority", "private", "sensitivity",
                                  "mileage", "billinginformation", "directoryserver",
                                  "internetfreebusy", "account", "governmentidnumber",
                                  "organizationalidnumber") if k in cols}
        b.add_name_parts(get("title"), get("firstname"), get("middlename"), get("lastname"),
                         get("suffix"))
        b.set_text("nickname", get("nickname"))
        b.set_text("company", get("company"))
        b.set_text("title", get("jobtitle"))
        for k in ("emailaddress", "email2address", "email3address"):
            if k in cols:
                used.add(cols[k])
                b.add_email(get(k))
        for k, label in _OUTLOOK_PHONES.items():
            if k in cols:
                used.add(cols[k])
                b.add_phone(get(k), label, preferred=k == "primaryphone")
        used |= _table_record(b, row, cols, {"business": "work", "home": "home",
                                             "other": "other"})
        bday = get("birthday")
        if bday:
            b.set_birthday(_outlook_date(bday), today)
        b.add_note(get("notes"))
        b.add_link(get("webpage"))
        b.add_tags(multi(get("categories")))
        for k, label in _OUTLOOK_KEEP.items():
            if k in cols and get(k).strip():
                used.add(cols[k])
                value = _outlook_date(get(k)) if k == "anniversary" else get(k)
                b.keep(label, value)
        skip_unused(b, row, used)
        records.append(_finish(b, row, table.header, kind))
    return ParsedFile("csv", kind, records, table.warnings)


# --------------------------------------------------------------------------- Thunderbird

_TB_PHONES = {"workphone": "work", "homephone": "home", "faxnumber": "fax",
              "pagernumber": "pager", "mobilenumber": "cell"}


def parse_thunderbird(text: str, today: _dt.date | None) -> ParsedFile:
    table = read_table(text, lambda r: True)
    kind = "Thunderbird CSV"
    cols = _columns(table.header)
    records: list[ImportRecord] = []
    for n, row in enumerate(table.rows, start=1):
        def get(k: str, row: Row = row) -> str:
            return row.values.get(cols.get(k, ""), "") or ""

        b = RecordBuilder(row_source(row, n))
        used = {cols[k] for k in ("firstname", "lastname", "displayname", "nickname",
                                  "primaryemail", "secondaryemail", "jobtitle", "department",
                                  "organization", "webpage1", "webpage2", "birthyear",
                                  "birthmonth", "birthday", "notes", "screenname")
                if k in cols}
        b.add_name(get("displayname"))
        b.add_name_parts("", get("firstname"), "", get("lastname"))
        b.set_text("nickname", get("nickname"))
        b.add_email(get("primaryemail"))
        b.add_email(get("secondaryemail"))
        for k, label in _TB_PHONES.items():
            if k in cols:
                used.add(cols[k])
                b.add_phone(get(k), label)
        used |= _table_record(b, row, cols, {"work": "work", "home": "home"})
        b.set_text("company", get("organization"))
        b.set_text("title", get("jobtitle"))
        if get("department"):
            b.keep("department", get("department"))
        b.add_link(get("webpage1"))
        b.add_link(get("webpage2"))
        if get("screenname"):
            b.keep("screen name", get("screenname"))
        month, day, year = get("birthmonth").strip(), get("birthday").strip(), get(
            "birthyear").strip()
        if month and day:
            when = f"{year}-{month.zfill(2)}-{day.zfill(2)}" if year else (
                f"--{month.zfill(2)}-{day.zfill(2)}")
            b.set_birthday(when, today)
        b.add_note(get("notes"))
        skip_unused(b, row, used)
        records.append(_finish(b, row, table.header, kind))
    return ParsedFile("csv", kind, records, table.warnings)
