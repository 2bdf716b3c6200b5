"""One person read from a file (:class:`ImportRecord`) and how it is built.

Pure: no I/O, no SQL. Every format's reader (vCard, CSV layouts, the JSON backup)
feeds a :class:`RecordBuilder`, which validates each value and puts it where devhub
keeps it:

* contact fields (name, company, birthday...), the first email and phone with
  their types (``email_label`` / ``phone_label``);
* the other emails and phones with their types, postal addresses, links and IM
  handles, and a card's own name parts: *details* (stored beside the contact);
* values with no field (a department, an anniversary, an invalid phone): an
  "Imported details" block at the end of the notes, with a warning;
* what devhub doesn't store at all (photos, custom ``X-`` fields): listed per
  record in :attr:`ImportRecord.skipped`, so the report names it.

A record without any name is skipped with the reason. VIP data (background and
VIP contact info) is kept only for a record that is a VIP: for anyone else it
lands in the ordinary places, so an import never creates VIP data for a non-VIP.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.contact import validate_contact_field
from devhub_tui.core.filetext import FileFormatError, quote
from devhub_tui.core.names import join_name, parts_fit, split_name
from devhub_tui.core.record_values import (
    DEFAULT_LABELS,
    HANDLE_RE,
    HANDLE_URLS,
    IM_SCHEMES,
    PLATFORM_HINTS,
    clean_label,
    im_link,
    normalize_phone,
    tagify,
)
from devhub_tui.core.social import detect_platform
from devhub_tui.core.validation import (
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_tag,
    validate_url,
)

__all__ = [
    "EXTRAS_HEADER",
    "FileFormatError",
    "IM_SCHEMES",
    "ImportRecord",
    "ParsedFile",
    "RecordBuilder",
    "TEXT_FIELDS",
    "clean_label",
    "im_link",
    "normalize_phone",
    "tagify",
]

#: Contact text fields a record may carry (besides name, email, phone, github, birthday).
TEXT_FIELDS = ("nickname", "relationship", "industry", "company", "title", "location", "timezone")

EXTRAS_HEADER = "Imported details:"

def _clip(text: str, width: int = 50) -> str:
    return quote(" ".join(text.split()), width)


# --------------------------------------------------------------------------- records


@dataclass
class ImportRecord:
    """One person read from a file, with values already validated and normalized.

    ``fields`` holds contact columns (``name``, ``email``, ``email_label``...);
    ``emails`` / ``phones`` list every address/number read, the first being the one
    in ``fields`` (their types in ``labels``); ``addresses`` are ``(type, text)``;
    ``social_links`` ``{platform, url}`` (IM handles too); ``name_parts`` a card's
    N when it says more than the name; ``vip`` / ``vip_links`` VIP data (kept only
    for VIPs); ``uid`` a devhub contact id the file carries (vCard UID, a backup's
    id); ``fingerprint`` what identifies the record in its file across imports
    (vCard UID, LinkedIn profile); ``content_key`` a hash of its content (the
    same key again = the record is unchanged since). ``problem`` set = the
    record can't be imported (the reason is shown to the user).
    """

    source: str
    fields: dict[str, Any] = field(default_factory=dict)
    tags: list[str] = field(default_factory=list)
    #: normalised (core.skills): a backup's, or a file column the user mapped to skills
    skills: list[str] = field(default_factory=list)
    social_links: list[dict[str, str]] = field(default_factory=list)
    vip: dict[str, str] = field(default_factory=dict)
    vip_links: list[dict[str, str]] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    labels: dict[str, str] = field(default_factory=dict)
    addresses: list[tuple[str, str]] = field(default_factory=list)
    name_parts: list[str] | None = None
    uid: str | None = None
    fingerprint: str | None = None
    content_key: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
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


class RecordBuilder:
    """Collects the raw values of one person and turns them into an ImportRecord.

    Every ``add_*`` call validates its value; what can't be kept in a field is
    remembered for the notes' "Imported details" block.
    """

    def __init__(self, source: str, *, name_required: bool = False) -> None:
        self.record = ImportRecord(source=source)
        self.name_required = name_required
        self._names: list[str] = []
        self._name_parts: list[tuple[str, str, str, str, str]] = []
        self._notes: list[str] = []
        self._extras: list[str] = []
        self._email_pref: list[tuple[int, int, str]] = []
        self._phone_pref: list[tuple[int, int, str]] = []
        self._vip_values: dict[str, str] = {}
        self._vip_links: list[dict[str, str]] = []
        self._primary_labels: dict[str, str] = {}

    # -- raw values ---------------------------------------------------------
    def warn(self, message: str) -> None:
        self.record.warnings.append(message)

    def skip(self, what: str, why: str) -> None:
        """A property or column devhub doesn't store: named in the report."""
        entry = f"{what} ({why})"
        if entry not in self.record.skipped:
            self.record.skipped.append(entry)

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
        """Name parts in reading order (prefix, given, additional, family, suffix)."""
        p = [" ".join((x or "").split()) for x in parts] + [""] * 5
        prefix, given, additional, family, suffix = p[:5]
        if any((prefix, given, additional, family, suffix)):
            self._name_parts.append((family, given, additional, prefix, suffix))

    def set_text(self, key: str, value: str | None) -> None:
        """A one-line contact field (company, title, nickname, location...)."""
        if not value or not value.strip():
            return
        try:
            text = validate_contact_field(key, value)
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
        label = clean_label(label)
        try:
            email = validate_contact_field("email", value.strip().removeprefix("mailto:"))
        except ValidationError as exc:
            self.keep(f"email ({label})" if label else "email", value, str(exc))
            return
        if email is None:
            return
        if any(e.lower() == email.lower() for _, _, e in self._email_pref):
            return
        self._email_pref.append((0 if preferred else 1, len(self._email_pref), email))
        plain = ",".join(t for t in label.split(",") if t not in DEFAULT_LABELS)
        if plain:
            self.record.labels[email] = plain

    def add_phone(self, value: str | None, label: str = "", *, preferred: bool = False) -> None:
        if not value or not value.strip():
            return
        label = clean_label(label)
        phone, had_ext = normalize_phone(value)
        shown = f"phone ({label})" if label else "phone"
        if phone is None:
            self.keep(shown, value, f"'{_clip(value)}' is not a phone number devhub can dial")
            return
        if had_ext:
            self.keep(shown, value, f"the extension in '{_clip(value)}' has no phone field")
        digits = re.sub(r"\D", "", phone)
        if any(re.sub(r"\D", "", p) == digits for _, _, p in self._phone_pref):
            return
        self._phone_pref.append((0 if preferred else 1, len(self._phone_pref), phone))
        plain = ",".join(t for t in label.split(",") if t not in DEFAULT_LABELS)
        if plain:
            self.record.labels[phone] = plain

    def primary_label(self, kind: str, label: str) -> None:
        """The type of the first ``"email"`` or ``"phone"`` (a column of its own)."""
        self._primary_labels[kind] = clean_label(label)

    def add_address(self, label: str, text: str) -> None:
        """A postal address (one line, parts separated by commas)."""
        text = ", ".join(p for p in (" ".join(x.split()) for x in text.split("\n")) if p)
        if not text:
            return
        try:
            text = clean_text(text, max_len=1000, multiline=False, field="address")
        except ValidationError as exc:
            self.warn(f"{exc}; address skipped")
            return
        label = clean_label(label)
        key = text.casefold()
        if all(a.casefold() != key for _, a in self.record.addresses):
            self.record.addresses.append((label, text))

    def _link(self, value: str, hint: str) -> dict[str, str] | None:
        hint_platform = PLATFORM_HINTS.get(hint.strip().lower(), "")
        text = value.strip()
        im = im_link(text, hint)
        if im is not None and "://" not in text:
            return im
        try:
            url = validate_url(text)
        except ValidationError as exc:
            m = HANDLE_RE.fullmatch(text)
            if hint_platform in HANDLE_URLS and m:
                url = HANDLE_URLS[hint_platform].format(m.group(1))
            else:
                self.keep(f"link ({hint})" if hint else "link", text, str(exc))
                return None
        if url is None:
            return None
        platform = detect_platform(url)
        if platform == "website" and hint_platform:
            platform = hint_platform
        return {"platform": platform, "url": url}

    def add_link(self, value: str | None, hint: str = "") -> None:
        """A profile or website link (vCard URL / X-SOCIALPROFILE, a CSV column), or an
        IM handle. The GitHub profile of the contact's handle is the handle itself."""
        if not value or not value.strip():
            return
        link = self._link(value, hint)
        if link is None:
            return
        if link["platform"] == "github":
            try:
                handle = validate_contact_field("github", link["url"])
            except ValidationError:
                handle = None
            current = self.record.fields.get("github")
            if handle and (current is None or current.lower() == handle.lower()):
                self.record.fields["github"] = current or handle
                return
        if all(x["url"] != link["url"] for x in self.record.social_links):
            self.record.social_links.append(link)

    def add_im(self, value: str | None, service: str = "") -> None:
        if not value or not value.strip():
            return
        link = im_link(value, service)
        if link is None:
            self.keep(f"IM ({service.lower()})" if service else "IM", value)
            return
        if all(x["url"] != link["url"] for x in self.record.social_links):
            self.record.social_links.append(link)

    def set_github(self, value: str | None) -> None:
        if not value or not value.strip():
            return
        try:
            handle = validate_contact_field("github", value)
        except ValidationError as exc:
            self.keep("github", value, str(exc))
            return
        if handle:
            self.record.fields["github"] = handle
            gh = f"github.com/{handle.lower()}"
            self.record.social_links = [
                x for x in self.record.social_links
                if x["url"].lower().split("://", 1)[-1].removeprefix("www.").rstrip("/") != gh
            ]

    def set_birthday(self, value: str | None, today: _dt.date | None) -> None:
        if not value or not value.strip():
            return
        text = value.strip()
        # vCard 4.0 date-times and ISO timestamps: keep the date part
        if "T" in text and not text.startswith("--") and not text.startswith("T"):
            text = text.split("T", 1)[0]
        # Apple writes a birthday without a year as year 1604
        if re.fullmatch(r"1604-?\d\d-?\d\d", text):
            text = "--" + text[4:].lstrip("-")
        try:
            birthday = validate_contact_field("birthday", text, today=today)
        except ValidationError as exc:
            self.keep("birthday", value, str(exc))
            return
        current = self.record.fields.get("birthday")
        if current is None or (current.startswith("--") and not birthday.startswith("--")):
            self.record.fields["birthday"] = birthday  # a date with its year wins

    def add_tags(self, labels: Iterable[str]) -> None:
        """A file's categories, labels or groups: tags (`categories_as_skills` turns
        them into skills when the user maps them so; each label is kept in
        ``extra["categories"]`` for that)."""
        for label in labels:
            if label.strip():
                self.record.extra.setdefault("categories", []).append(label)
            try:
                tag: str | None = validate_tag(label)  # a devhub tag comes back as it is
            except ValidationError:
                tag = tagify(label)
            if tag is None:
                if label.strip():
                    self.warn(f"label '{_clip(label)}' can't be a tag; skipped")
                continue
            if tag not in self.record.tags:
                self.record.tags.append(tag)

    def set_vip(self, key: str, value: str | None) -> None:
        """VIP data (background or contact info): kept as such only for a VIP."""
        if value and value.strip():
            self._vip_values[key] = clean_text(value, max_len=MAX_NOTE_LEN, multiline=True)

    def add_vip_link(self, value: str | None, hint: str = "") -> None:
        if value and value.strip():
            link = self._link(value, hint)
            if link is not None and all(x["url"] != link["url"] for x in self._vip_links):
                self._vip_links.append(link)

    # -- result -------------------------------------------------------------
    def _settle_vip(self) -> None:
        rec = self.record
        if rec.fields.get("vip"):
            rec.vip.update(self._vip_values)
            rec.vip_links.extend(self._vip_links)
            return
        # not a VIP: the values go where anyone's go, never into VIP data
        for key, value in self._vip_values.items():
            if key == "email":
                self.add_email(value)
            elif key == "phone_number":
                self.add_phone(value)
            else:
                self.keep(key.replace("_", " "), value)
        for link in self._vip_links:
            if all(x["url"] != link["url"] for x in rec.social_links):
                rec.social_links.append(link)

    def _pick_name(self, rec: ImportRecord, emails: list[str]) -> str | None:
        candidates = [*self._names, *(join_name(*p) for p in self._name_parts)]
        if not self.name_required:
            candidates += [
                rec.fields.get("nickname") or "",
                rec.fields.get("company") or "",
                emails[0] if emails else "",
            ]
        for cand in candidates:
            try:
                return str(validate_contact_field("name", cand))
            except ValidationError as exc:
                if cand.strip() and "too long" in str(exc):
                    rec.problem = f"{exc}"
                    return None
                continue
        rec.problem = (
            "no name (the name is empty)"
            if self.name_required
            else "no name (nor a company or email to name it by)"
        )
        return None

    def finish(self) -> ImportRecord:
        rec = self.record
        self._settle_vip()
        emails = [e for _, _, e in sorted(self._email_pref)]
        phones = [p for _, _, p in sorted(self._phone_pref)]
        rec.emails, rec.phones = emails, phones
        for kind, values in (("email", emails), ("phone", phones)):
            if values and self._primary_labels.get(kind):
                rec.labels[values[0]] = self._primary_labels[kind]
        if emails:
            rec.fields["email"] = emails[0]
            if rec.labels.get(emails[0]):
                rec.fields["email_label"] = rec.labels[emails[0]]
        if phones:
            rec.fields["phone"] = phones[0]
            if rec.labels.get(phones[0]):
                rec.fields["phone_label"] = rec.labels[phones[0]]
        name = self._pick_name(rec, emails)
        if name is None:
            return rec
        rec.fields["name"] = name
        for parts in self._name_parts:
            if parts_fit(parts, name) and parts != split_name(name):
                rec.name_parts = list(parts)
                break
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


# --------------------------------------------------------------------------- categories
def categories_as_skills(parsed: ParsedFile) -> tuple[int, int, int]:
    """The user mapped the file's categories (vCard CATEGORIES, a CSV's Categories,
    Labels, Groups or Tags column) to skills: each label that is a skill
    (core.skills: ``K8s`` → ``kubernetes``) becomes one instead of a tag; one that
    can't be a skill stays a tag, with a note on its record. Returns (skills, records
    with skills, labels kept as tags)."""
    from devhub_tui.core.skills import normalize_skill

    skills = records = kept = 0
    for rec in parsed.records:
        labels = rec.extra.pop("categories", [])
        if not labels:
            continue
        moved: list[str] = []
        for label in labels:
            try:
                skill = normalize_skill(label)
            except ValidationError:
                kept += 1
                rec.warnings.append(f"label '{_clip(label)}' can't be a skill; kept as a tag")
                continue
            try:
                tag: str | None = validate_tag(label)
            except ValidationError:
                tag = tagify(label)
            if tag in rec.tags:
                rec.tags.remove(tag)
            if skill not in rec.skills:
                rec.skills.append(skill)
                moved.append(skill)
        if moved:
            records += 1
            skills += len(moved)
            if rec.content_key:  # not "unchanged since" a import that read them as tags
                rec.content_key += ":skills"
    return skills, records, kept


def categories_note(parsed: ParsedFile, *, as_skills: bool) -> str | None:
    """What the import preview says about the file's categories (None: it has none).
    Call before `categories_as_skills` (which uses them up)."""
    n = sum(1 for rec in parsed.records if rec.extra.get("categories"))
    if not n:
        return None
    who = f"{n} contact{'s' if n != 1 else ''}"
    if as_skills:
        return f"categories/labels of {who} are read as skills (mapped by you)"
    return (f"categories/labels of {who} are read as tags; to read them as skills, map them"
            " (--categories-as-skills, or the import screen's \"Categories as skills\")")
