"""`devhub events`, `devhub event add|show|follow-up`, `devhub --event` run for real
in a subprocess (issue 20)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest

from devhub_tui.storage.store import Store

from .cli_helpers import assert_clean_error, run_cli

EVENT_KEYS = {"name", "tag", "location", "starts", "ends", "source", "met",
              "without_follow_up"}
PERSON_KEYS = {"id", "name", "company", "status", "next_follow_up"}


def _json(*args: str) -> Any:
    res = run_cli(*args)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.fixture
def met(signed_in_store: Store) -> dict[str, str]:
    s = signed_in_store
    s.save_event("PyCon 2026", location="Berlin")
    ids = {n: s.capture_at_event("PyCon 2026", n) for n in ("Ada", "Bob")}
    s.add_follow_up(ids["Ada"], dt.date(2030, 1, 1), "planned")
    s.add_contact({"name": "Cy", "company": "Acme"}, ["kubecon-2025"])
    return ids


def test_events_lists_events_with_counts(met: dict[str, str]) -> None:
    data = _json("events", "--json")
    assert [set(e) for e in data] == [EVENT_KEYS, EVENT_KEYS]
    assert data[0] == {"name": "PyCon 2026", "tag": "pycon-2026", "location": "Berlin",
                       "starts": None, "ends": None, "source": "manual", "met": 2,
                       "without_follow_up": 1}
    assert (data[1]["name"], data[1]["source"], data[1]["met"]) == ("kubecon-2025", "tag", 1)
    res = run_cli("events")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[0] == (
        "PyCon 2026  (pycon-2026)  Berlin  met 2, 1 without follow-up")


def test_events_when_there_are_none(signed_in_store: Store) -> None:
    assert _json("events", "--json") == []
    res = run_cli("events")
    assert res.returncode == 0 and "no events yet" in res.stdout


def test_event_add_then_update_and_json(signed_in_store: Store) -> None:
    res = run_cli("event", "add", "JSConf 2026", "--location", "Berlin",
                  "--starts", "2026-06-01", "--ends", "2026-06-03")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == "added event 'JSConf 2026' (tag jsconf-2026)"
    data = _json("event", "add", "jsconf 2026", "--location", "Potsdam", "--json")
    assert set(data) == EVENT_KEYS
    assert (data["name"], data["location"], data["starts"], data["ends"], data["met"]) == (
        "JSConf 2026", "Potsdam", "2026-06-01", "2026-06-03", 0)
    assert len(_json("events", "--json")) == 1


def test_event_add_bad_input_is_one_line(signed_in_store: Store) -> None:
    assert_clean_error(run_cli("event", "add", "  "), "an event needs a name")
    assert_clean_error(run_cli("event", "add", "X 2026", "--starts", "someday"), "--starts")
    assert_clean_error(run_cli("event", "add", "X 2026", "--starts", "2026-06-03",
                               "--ends", "2026-06-01"), "--ends is before --starts")


def test_event_show_people_and_json(met: dict[str, str]) -> None:
    data = _json("event", "show", "pycon 2026", "--json")
    assert set(data) == EVENT_KEYS | {"people"}
    assert [set(p) for p in data["people"]] == [PERSON_KEYS, PERSON_KEYS]
    assert [(p["name"], p["next_follow_up"]) for p in data["people"]] == [
        ("Ada", "2030-01-01"), ("Bob", None)]
    assert data["people"][0]["id"] == met["Ada"]
    res = run_cli("event", "show", "pycon-2026")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[:2] == ["PyCon 2026  (pycon-2026)  Berlin", "met 2, 1 without follow-up"]
    assert "Bob" in lines[3] and "no follow-up" in lines[3]


def test_unknown_event_is_one_clear_line(met: dict[str, str]) -> None:
    for args in (("event", "show", "RustFest"),
                 ("event", "follow-up", "RustFest", "--due", "fri")):
        assert_clean_error(run_cli(*args), "no event called 'RustFest'")


def test_event_follow_up_everyone_without_one(met: dict[str, str],
                                              signed_in_store: Store) -> None:
    res = run_cli("event", "follow-up", "PyCon 2026", "--due", "2030-02-01", "send", "slides")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == (
        "follow-ups due 2030-02-01 for 1 person met at PyCon 2026 (1 already had one)")
    data = _json("event", "follow-up", "pycon-2026", "--due", "2030-02-01", "--json")
    assert data == {"event": "PyCon 2026", "tag": "pycon-2026", "due": "2030-02-01",
                    "created": 0, "already": 2}
    notes = {f.contact_id: f.note for f in signed_in_store.list_follow_ups(open_only=True)}
    assert notes == {met["Ada"]: "planned", met["Bob"]: "send slides"}
    assert_clean_error(run_cli("event", "follow-up", "PyCon 2026", "--due", "someday"),
                       "--due")


def test_event_option_is_for_the_app_only(signed_in_store: Store) -> None:
    assert_clean_error(run_cli("--event", "PyCon 2026", "events"),
                       "--event opens the app in conference mode")
    assert_clean_error(run_cli("--event", " "), "--event: an event needs a name")


def test_signed_out_is_one_line() -> None:
    assert_clean_error(run_cli("events"), "not logged in")
