"""A contact's time zone is an IANA name, checked with zoneinfo (+ tzdata)."""

from __future__ import annotations

import pytest

from devhub_tui.core.contact import ContactErrors, validate_contact
from devhub_tui.core.timezones import validate_timezone, zone_names
from devhub_tui.core.validation import ValidationError


@pytest.mark.parametrize(("typed", "name"), [
    ("Europe/Berlin", "Europe/Berlin"), ("europe/berlin", "Europe/Berlin"),
    ("America/New York", "America/New_York"), ("utc", "UTC"), ("Asia/Kolkata", "Asia/Kolkata"),
])
def test_zone_names_in_any_case(typed: str, name: str) -> None:
    assert validate_timezone(typed) == name


def test_empty_is_none_and_unknown_is_one_line() -> None:
    assert validate_timezone("  ") is None
    with pytest.raises(ValidationError, match="unknown time zone 'Mars/Olympus'"):
        validate_timezone("Mars/Olympus")
    assert "Europe/Berlin" in zone_names() and len(zone_names()) > 300


def test_the_contact_rules_check_the_zone_and_skills() -> None:
    data, _ = validate_contact({"name": "Ada", "timezone": "europe/london",
                                "skills": "Rust, k8s"})
    assert data["timezone"] == "Europe/London" and data["skills"] == ["kubernetes", "rust"]
    with pytest.raises(ContactErrors) as exc:
        validate_contact({"name": "Ada", "timezone": "Nowhere/Land"})
    assert set(exc.value.errors) == {"timezone"}
