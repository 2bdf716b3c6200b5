"""One contact's fields checked: the rules the contact form (`n` / `e`), `devhub
contact add` and imports (vCard, CSV: core.records) share.

`validate_contact(raw)` checks every field given and returns ``(data, tags)``
ready for `Store.add_contact` / `update_contact`, or raises `ContactErrors` with a
message for each bad field (the form shows each next to its field; ``str()`` is
the first one, the CLI's one line). `validate_contact_field(key, value)` is the
rule of one field (the form checks a field as you leave it; an import checks
each value it reads and keeps a bad one in the notes).

Where the copies these replace disagreed, the stricter rule won: text fields
hold at most 200 characters (timezone 64), as the form always said; the CLI and
imports took 500 (the store's last line of defence still does, so older data and
backups restore as they are).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Mapping
from typing import Any

from devhub_tui.core.dates import DateWordError, parse_birthday
from devhub_tui.core.skills import parse_skills
from devhub_tui.core.timezones import validate_timezone
from devhub_tui.core.validation import (
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
)

__all__ = [
    "CONTACT_INPUTS",
    "TEXT_LIMITS",
    "ContactErrors",
    "validate_contact",
    "validate_contact_field",
]

#: One-line text fields and their longest value (characters).
TEXT_LIMITS: dict[str, int] = {
    "nickname": 200,
    "company": 200,
    "title": 200,
    "location": 200,
    "timezone": 64,
    "relationship": 200,
    "industry": 200,
}
#: Every field a contact is entered with, in the order the form shows them (and
#: errors are reported in).
CONTACT_INPUTS: tuple[str, ...] = (
    "name", "nickname", "company", "title", "email", "github", "phone", "birthday",
    "location", "timezone", "relationship", "industry", "skills", "cadence_days", "tags",
    "notes", "importance", "vip",
)


class ContactErrors(ValidationError):
    """Bad fields: ``errors`` maps each to its message; ``str()`` is the first one."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(next(iter(errors.values())))
        self.errors = errors


def _birthday(value: str, today: _dt.date | None) -> str | None:
    if not value.strip():
        return None
    try:
        return parse_birthday(value, today=today)
    except DateWordError as exc:
        raise ValidationError(str(exc)) from exc


def _tags(value: str | Iterable[str]) -> list[str]:
    """Tags typed as one comma-separated text (the form), or one tag per item (the
    CLI's repeated --tag: each must be a tag, commas included); duplicates dropped."""
    parts = [p for p in value.split(",") if p.strip()] if isinstance(value, str) else value
    out: list[str] = []
    for part in parts:
        tag = validate_tag(part)
        if tag not in out:
            out.append(tag)
    return out


def validate_contact_field(key: str, value: Any, *, today: _dt.date | None = None) -> Any:
    """One field's rule: the normalized value (None for an empty optional field), or
    ValidationError with a one-line message. With `today`, a birthday can't be
    after it."""
    if key == "name":
        return validate_name(value)
    if key == "timezone":
        return validate_timezone(value)
    if key == "skills":
        return parse_skills(value)
    if key in TEXT_LIMITS:
        return clean_text(value, max_len=TEXT_LIMITS[key], multiline=False, field=key) or None
    if key == "email":
        return validate_email(value)
    if key == "github":
        return validate_github(value)
    if key == "phone":
        return validate_phone(value)
    if key == "birthday":
        return _birthday(value, today)
    if key == "cadence_days":
        return validate_cadence(value)
    if key == "tags":
        return _tags(value)
    if key == "notes":
        return clean_text(value, max_len=MAX_NOTE_LEN, multiline=True, field="notes") or None
    if key == "importance":
        return validate_importance(value)
    if key == "vip":
        return bool(value)
    raise ValueError(f"unknown contact field {key!r}")


def validate_contact(
    raw: Mapping[str, Any], *, today: _dt.date | None = None
) -> tuple[dict[str, Any], list[str]]:
    """Check the fields given (all of a form, or only the options a command got):
    ``(fields, tags)``, or ContactErrors naming every bad field."""
    unknown = set(raw) - set(CONTACT_INPUTS)
    if unknown:
        raise ValueError(f"unknown contact field {sorted(unknown)[0]!r}")
    data: dict[str, Any] = {}
    tags: list[str] = []
    errors: dict[str, str] = {}
    for key in CONTACT_INPUTS:
        if key not in raw:
            continue
        try:
            value = validate_contact_field(key, raw[key], today=today)
        except ValidationError as exc:
            errors[key] = str(exc)
            continue
        if key == "tags":
            tags = value
        else:
            data[key] = value
    if errors:
        raise ContactErrors(errors)
    return data, tags
