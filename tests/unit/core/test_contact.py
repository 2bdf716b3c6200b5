"""core.contact: the one set of contact rules the form, the CLI and imports share."""

from __future__ import annotations

import datetime as _dt

import pytest

from devhub_tui.core.contact import ContactErrors, validate_contact, validate_contact_field
from devhub_tui.core.vcard import parse_vcard

TODAY = _dt.date(2026, 5, 4)


def test_a_whole_contact_is_checked_and_normalized() -> None:
    data, tags = validate_contact({
        "name": "  Ada   Lovelace ", "email": "mailto:Ada@Example.COM", "github":
        "https://github.com/ada", "phone": "tel: +44 20  7946 0958", "company": "",
        "birthday": "12-10", "cadence_days": "2w", "tags": "Rust, pycon-2026, rust",
        "notes": "\n\nmet at PyCon\r\n", "importance": "Medium", "vip": 1,
    }, today=TODAY)
    assert data == {
        "name": "Ada Lovelace", "email": "Ada@example.com", "github": "ada",
        "phone": "+44 20 7946 0958", "company": None, "birthday": "--12-10",
        "cadence_days": 14, "notes": "met at PyCon", "importance": "normal", "vip": True,
    }
    assert tags == ["rust", "pycon-2026"]


def test_every_bad_field_is_named_and_the_first_is_the_message() -> None:
    with pytest.raises(ContactErrors) as info:
        validate_contact({"tags": "ok, c:d", "name": "", "phone": "call me",
                          "birthday": "2030-01-01", "title": "t" * 201}, today=TODAY)
    errors = info.value.errors
    assert list(errors) == ["name", "title", "phone", "birthday", "tags"]  # the form's order
    assert str(info.value) == errors["name"] == "name is required"
    assert errors["title"] == "title is too long (201 characters; the limit is 200)"
    assert "future" in errors["birthday"]


def test_tags_given_one_per_item_are_each_one_tag() -> None:
    """The CLI's repeated --tag: a comma is not a separator there (as before)."""
    assert validate_contact({"tags": ("Rust", "rust", "c++")})[1] == ["rust", "c++"]
    with pytest.raises(ContactErrors, match="can't contain ','"):
        validate_contact({"tags": ("a,b",)})
    with pytest.raises(ContactErrors, match="can't be empty"):
        validate_contact({"tags": ("",)})


def test_text_fields_take_the_forms_limits() -> None:
    """Where the form (200, timezone 64) and the CLI and imports (500) disagreed, the
    stricter rule won."""
    assert validate_contact_field("company", "c" * 200) == "c" * 200
    for key, limit in (("company", 200), ("location", 200)):
        with pytest.raises(ContactErrors, match=f"{key} is too long"):
            validate_contact({key: "x" * (limit + 1)})
    # a time zone is an IANA name now (core.timezones): too long is simply unknown
    with pytest.raises(ContactErrors, match="unknown time zone"):
        validate_contact({"timezone": "x" * 65})
    with pytest.raises(ValueError, match="unknown contact field"):
        validate_contact({"status": "ok"})


def test_an_import_keeps_a_too_long_title_in_the_notes() -> None:
    card = ("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ada Lovelace\r\n"
            f"TITLE:{'Chief ' * 40}\r\nORG:Engines\r\nEND:VCARD\r\n")
    (rec,) = parse_vcard(card).records
    assert "title" not in rec.fields and rec.fields["company"] == "Engines"
    assert "title is too long" in " ".join(rec.warnings)
    assert "title: Chief Chief" in rec.fields["notes"]
