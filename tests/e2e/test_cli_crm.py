"""contact add, contacts, log, follow-up and due, run for real in a subprocess."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from .cli_helpers import assert_clean_error, run_cli


@pytest.fixture
def logged_in() -> None:
    assert run_cli("user", "add", "ada", "--password-stdin", stdin="password1\n").returncode == 0
    assert run_cli("login", "ada", "--password-stdin", stdin="password1\n").returncode == 0


def test_commands_need_a_session() -> None:
    run_cli("user", "add", "ada", "--password-stdin", stdin="password1\n")
    assert_clean_error(run_cli("contacts"), "not logged in")
    assert_clean_error(run_cli("log", "ada", "call"), "not logged in")


def test_contact_add_and_list_json(logged_in: None) -> None:
    res = run_cli("contact", "add", "Ada Lovelace", "--email", "ada@example.com", "--github",
                  "@ada", "--company", "Engines", "--tag", "rust", "--tag", "PyCon",
                  "--vip", "--cadence", "21", "--birthday", "12-10")
    assert res.returncode == 0, res.stderr
    assert run_cli("contact", "add", "Grace Hopper").returncode == 0
    res = run_cli("contacts", "--json")
    data = json.loads(res.stdout)
    assert [c["name"] for c in data] == ["Ada Lovelace", "Grace Hopper"]
    ada = data[0]
    expected_keys = {
        "id", "name", "nickname", "company", "title", "email", "github", "phone", "birthday",
        "location", "timezone", "relationship", "industry", "notes", "vip", "importance",
        "cadence_days", "status", "last_contacted", "last_contacted_date", "snoozed_until",
        "snoozed_until_date", "archived", "tags", "created_at", "updated_at",
    }
    assert expected_keys <= set(ada)
    assert ada["email"] == "ada@example.com" and ada["github"] == "ada"
    assert ada["tags"] == ["pycon", "rust"] and ada["vip"] is True
    assert ada["cadence_days"] == 21 and ada["birthday"] == "--12-10"
    assert ada["status"] == "ok" and ada["last_contacted"] is None
    vips = json.loads(run_cli("contacts", "--vip", "--json").stdout)
    assert [c["name"] for c in vips] == ["Ada Lovelace"] and "vip_data" in vips[0]
    assert json.loads(run_cli("contacts", "--tag", "rust", "--json").stdout)[0]["name"] == (
        "Ada Lovelace")
    assert json.loads(run_cli("contacts", "--search", "hopper", "--json").stdout)[0][
        "name"] == "Grace Hopper"
    plain = run_cli("contacts").stdout
    assert "★ Ada Lovelace" in plain and "Grace Hopper" in plain


def test_contact_add_checks_fields_like_the_form(logged_in: None) -> None:
    """One set of rules (core.contact): the form's 200-character limit on text fields
    holds for `contact add` too, and the message names the field."""
    assert_clean_error(run_cli("contact", "add", "X", "--company", "c" * 201),
                       "company is too long (201 characters; the limit is 200)")
    assert_clean_error(run_cli("contact", "add", "X", "--notes", "n" * 100_001),
                       "notes is too long")
    res = run_cli("contact", "add", "X", "--company", "c" * 200, "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["company"] == "c" * 200


def test_contact_add_rejects_bad_input(logged_in: None) -> None:
    assert_clean_error(run_cli("contact", "add", "  "), "name")
    assert_clean_error(run_cli("contact", "add", "X", "--email", "nope"), "email")
    assert_clean_error(run_cli("contact", "add", "X", "--birthday", "2026-02-30"),
                       "not a real date")
    assert_clean_error(run_cli("contact", "add", "X", "--cadence", "-4"), "cadence")
    assert json.loads(run_cli("contacts", "--json").stdout) == []


def test_log_ambiguous_then_unique(logged_in: None) -> None:
    run_cli("contact", "add", "Alan Kay")
    run_cli("contact", "add", "Alice Liddell")
    res = run_cli("log", "al", "coffee", "hello")
    assert_clean_error(res, "Alan Kay")
    assert "Alice Liddell" in res.stderr
    assert_clean_error(run_cli("log", "zed", "call"), "zed")
    assert_clean_error(run_cli("log", "alan", "teleport"), "teleport")
    assert_clean_error(run_cli("log", "alan", "call", "--date", "2026-02-30"), "not a real date")
    res = run_cli("log", "alan", "coffee", "talked", "about", "rust", "--date", "yesterday")
    assert res.returncode == 0, res.stderr
    yesterday = (_dt.datetime.now(_dt.UTC).date() - _dt.timedelta(days=1)).isoformat()
    assert yesterday in res.stdout
    res = run_cli("log", "Alice Liddell", "call", "@2d")
    assert res.returncode == 0, res.stderr
    data = {c["name"]: c for c in json.loads(run_cli("contacts", "--json").stdout)}
    assert data["Alan Kay"]["last_contacted_date"] == yesterday


def test_follow_up_and_due_json(logged_in: None) -> None:
    run_cli("contact", "add", "Ada Lovelace", "--cadence", "7")
    run_cli("contact", "add", "Grace Hopper")
    old = (_dt.datetime.now(_dt.UTC).date() - _dt.timedelta(days=20)).isoformat()
    assert run_cli("log", "ada", "call", "--date", old).returncode == 0
    res = run_cli("follow-up", "grace", "--due", "yesterday", "send", "slides")
    assert res.returncode == 0, res.stderr
    assert_clean_error(run_cli("follow-up", "grace", "--due", "someday"), "someday")
    res = run_cli("due", "--json")
    assert res.returncode == 0
    data = json.loads(res.stdout)
    assert set(data) == {"today", "generated_at", "count", "items"}
    assert data["count"] == 2
    first, second = data["items"]
    assert set(first) == {"contact_id", "name", "kind", "reason", "days", "due", "status",
                          "follow_up_id"}
    assert (first["name"], first["kind"], first["status"]) == ("Ada Lovelace", "status",
                                                                 "overdue")
    # logged at noon UTC 20 days ago: 12 or 13 whole days past a 7-day cadence
    assert first["reason"] in ("overdue by 12 days", "overdue by 13 days")
    assert (second["name"], second["kind"]) == ("Grace Hopper", "follow-up")
    assert second["reason"] == "follow-up due yesterday: send slides"
    plain = run_cli("due")
    assert plain.returncode == 0 and "Ada Lovelace: overdue by 1" in plain.stdout


def test_due_with_nothing_due_exits_zero(logged_in: None) -> None:
    res = run_cli("due")
    assert res.returncode == 0 and "nobody needs attention" in res.stdout
    assert json.loads(run_cli("due", "--json").stdout)["items"] == []


def test_markup_and_escapes_print_as_typed(logged_in: None) -> None:
    run_cli("contact", "add", "[bold]Bo[/bold] \x1b[2Jevil")
    out = run_cli("contacts").stdout
    assert "[bold]Bo[/bold] [2Jevil" in out and "\x1b" not in out
