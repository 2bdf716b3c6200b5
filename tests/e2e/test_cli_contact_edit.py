"""`devhub contact add` with every field, and `devhub contact edit` (issues 20, 21)."""

from __future__ import annotations

import json

import pytest

from .cli_helpers import assert_clean_error, run_cli


@pytest.fixture
def logged_in() -> None:
    assert run_cli("user", "add", "ada", "--password-stdin", stdin="password1\n").returncode == 0
    assert run_cli("login", "ada", "--password-stdin", stdin="password1\n").returncode == 0


def _only(name: str) -> dict:
    rows = [c for c in json.loads(run_cli("contacts", "--json").stdout) if c["name"] == name]
    assert len(rows) == 1
    return rows[0]


def test_add_takes_zone_skills_and_categories(logged_in: None) -> None:
    res = run_cli("contact", "add", "Linus", "--timezone", "europe/helsinki", "--skill", "C",
                  "--skill", "k8s,golang", "--relationship", "mentor", "--industry", "os",
                  "--location", "Portland", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert data["timezone"] == "Europe/Helsinki"
    assert data["skills"] == ["c", "go", "kubernetes"]
    assert (data["relationship"], data["industry"], data["location"]) == (
        "mentor", "os", "Portland")
    assert_clean_error(run_cli("contact", "add", "X", "--timezone", "Mars/Base"),
                       "unknown time zone 'Mars/Base'")
    assert_clean_error(run_cli("contact", "add", "X", "--skill", "<b>"), "is not a skill")


def test_edit_changes_only_what_is_given(logged_in: None) -> None:
    assert run_cli("contact", "add", "Grace Hopper", "--email", "grace@navy.mil",
                   "--company", "Navy", "--tag", "cobol", "--skill", "cobol").returncode == 0
    res = run_cli("contact", "edit", "grace", "--timezone", "America/New York",
                  "--skill", "py", "--no-skill", "cobol", "--tag", "pioneer", "--no-tag", "cobol",
                  "--company", "", "--vip")
    assert res.returncode == 0, res.stderr
    assert "updated Grace Hopper" in res.stdout and "timezone" in res.stdout
    grace = _only("Grace Hopper")
    assert grace["timezone"] == "America/New_York"
    assert grace["company"] is None  # an empty value clears
    assert grace["email"] == "grace@navy.mil"  # not given: kept
    assert grace["tags"] == ["pioneer"] and grace["vip"] is True
    res = run_cli("contact", "edit", "grace", "--name", "Rear Admiral Hopper", "--json",
                  "--no-vip")
    data = json.loads(res.stdout)
    assert data["name"] == "Rear Admiral Hopper" and data["skills"] == ["python"]
    assert data["vip"] is False
    # by id, as the ambiguity message suggests
    res = run_cli("contact", "edit", data["id"][:8], "--cadence", "off")
    assert res.returncode == 0, res.stderr
    assert _only("Rear Admiral Hopper")["cadence_days"] == 0


def test_edit_errors_are_one_line_and_change_nothing(logged_in: None) -> None:
    assert run_cli("contact", "add", "Ada Lovelace", "--email", "ada@example.com").returncode == 0
    assert run_cli("contact", "add", "Ada Byron").returncode == 0
    assert_clean_error(run_cli("contact", "edit", "nobody", "--email", "x@y.z"),
                       "no contact matches 'nobody'")
    assert_clean_error(run_cli("contact", "edit", "ada", "--email", "x@y.z"), "matches 2 contacts")
    assert_clean_error(run_cli("contact", "edit", "ada lovelace"), "nothing to change")
    assert_clean_error(run_cli("contact", "edit", "ada lovelace", "--timezone", "Nowhere"),
                       "unknown time zone")
    assert_clean_error(run_cli("contact", "edit", "ada lovelace", "--name", " "), "name")
    assert_clean_error(run_cli("contact", "edit", "ada lovelace", "--email", "nope"), "email")
    assert _only("Ada Lovelace")["email"] == "ada@example.com"
