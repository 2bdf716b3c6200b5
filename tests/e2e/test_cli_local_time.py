"""Local time on the command line (issue 21): `devhub due` says what time it is
where each contact is, `--json` carries `timezone`, `local_time` and `reachable`
for those with a zone (nothing new for the others), and `devhub config
reachable-hours` shows and sets the window."""

from __future__ import annotations

import datetime as _dt
import json

import pytest

from devhub_tui.cli.crm import due_json, due_json_text
from devhub_tui.cli.main import cli
from devhub_tui.core.dates import DAY_MS
from devhub_tui.core.localtime import ReachableHours, local_time
from devhub_tui.core.status import AttentionItem, Status
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock

from .cli_helpers import assert_clean_error, run_cli

BASE_KEYS = ["contact_id", "days", "due", "follow_up_id", "kind", "name", "reason", "status"]
#: 2026-12-04 20:44 UTC: 02:14 the next day in Kolkata, 15:44 in New York
NOW = int(_dt.datetime(2026, 12, 4, 20, 44, tzinfo=_dt.UTC).timestamp() * 1000)


def _overdue(store: Store, name: str, **fields: object) -> str:
    cid = store.add_contact({"name": name, "cadence_days": 7, **fields})
    store.log_interaction(cid, "call", store.clock() - 20 * DAY_MS)
    return cid


def test_due_json_has_the_local_time_of_contacts_with_a_zone(signed_in_store: Store) -> None:
    priya = _overdue(signed_in_store, "Priya", timezone="Asia/Kolkata")
    plain = _overdue(signed_in_store, "Plain Pat")
    signed_in_store.add_follow_up(priya, _dt.datetime.now(_dt.UTC).date(), "call back")
    res = run_cli("due", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    items = {(it["contact_id"], it["kind"]): it for it in data["items"]}
    assert set(items) == {(priya, "status"), (priya, "follow-up"), (plain, "status")}
    assert list(items[(plain, "status")]) == BASE_KEYS  # no zone: the shape as before
    for kind in ("status", "follow-up"):
        it = items[(priya, kind)]
        assert list(it) == sorted([*BASE_KEYS, "local_time", "reachable", "timezone"])
        assert it["timezone"] == "Asia/Kolkata"
        # the time there when the command ran (`generated_at`), with its offset
        there = local_time("Asia/Kolkata", data["generated_at"])
        assert there is not None and it["local_time"] == there.iso
        assert it["local_time"].endswith("+05:30")
        assert _dt.datetime.fromisoformat(it["local_time"]).utcoffset() == _dt.timedelta(
            hours=5, minutes=30)
        assert it["reachable"] is there.reachable


def test_plain_due_says_the_time_there(signed_in_store: Store) -> None:
    _overdue(signed_in_store, "Priya", timezone="Asia/Kolkata")
    _overdue(signed_in_store, "Plain Pat")
    res = run_cli("due")
    assert res.returncode == 0, res.stderr
    lines = dict(line.split(": ", 1) for line in res.stdout.splitlines())
    assert lines["Plain Pat"] == "overdue by 13 days"
    assert lines["Priya"].startswith("overdue by 13 days (") and " there, " in lines["Priya"]
    word = lines["Priya"].rsplit(", ", 1)[1].rstrip(")")
    assert word in ("reachable", "asleep", "off hours")


def test_due_at_a_fixed_instant(signed_in_store: Store, monkeypatch: pytest.MonkeyPatch,
                                capsys: pytest.CaptureFixture[str]) -> None:
    """In process, on the test's clock: 02:14 in Kolkata is asleep, 15:44 in New York
    reachable, until the window says otherwise."""
    import devhub_tui.storage.ids as ids

    clock = FixedClock(NOW)
    store = Store(signed_in_store.db, signed_in_store.user_id, clock=clock)
    _overdue(store, "Priya", timezone="Asia/Kolkata")
    _overdue(store, "Nate", timezone="America/New_York")
    monkeypatch.setattr(ids, "system_clock", clock)
    cli.main(args=["due"], standalone_mode=False)
    # (how late they are is counted by the store's own clock: only the time is fixed)
    out = sorted(line.split(": ")[0] + line[line.index(" ("):]
                 for line in capsys.readouterr().out.splitlines())
    assert out == ["Nate (15:44 there, reachable)", "Priya (02:14 there, asleep)"]
    store.set_reachable_hours(ReachableHours(22 * 60, 6 * 60))  # a night owl's window
    cli.main(args=["due", "--json"], standalone_mode=False)
    items = json.loads(capsys.readouterr().out)["items"]
    assert sorted((it["name"], it["local_time"], it["reachable"]) for it in items) == [
        ("Nate", "2026-12-04T15:44:00-05:00", False),
        ("Priya", "2026-12-05T02:14:00+05:30", True)]


def test_the_fast_json_writer_matches_json_dumps_with_zones() -> None:
    today = _dt.date(2026, 12, 4)
    items = [
        AttentionItem("a", 'Ada "Q"', "status", "overdue by 3 days", 1.0, 3, 0, Status.OVERDUE),
        AttentionItem("b", "Bo", "follow-up", "follow-up due today", 0.5, 0, 0, None,
                      follow_up_id="f1"),
        AttentionItem("c", "Cy", "next-step", "next step", 0.7, 1, 0, None, track_id="t1"),
        AttentionItem("d", "Dee", "birthday", "birthday today", 2e7, 0, None, None, age=30),
        AttentionItem("e", "Eve", "status", "overdue by 1 day", 1.0, 1, 0, Status.OVERDUE),
    ]
    zones = {"a": "Asia/Kolkata", "b": "America/St_Johns", "c": "Europe/Berlin",
             "d": "Not/AZone", "x": "UTC"}
    hours = ReachableHours(9 * 60, 17 * 60)
    for chosen_zones in (zones, {}, None):
        text = due_json_text(items, today, NOW, chosen_zones, hours)
        assert text == json.dumps(due_json(items, today, NOW, chosen_zones, hours),
                                  ensure_ascii=False, sort_keys=True)
    data = json.loads(due_json_text(items, today, NOW, zones, hours))["items"]
    assert data[0]["local_time"] == "2026-12-05T02:14:00+05:30" and not data[0]["reachable"]
    assert data[1]["local_time"] == "2026-12-04T17:14:00-03:30"
    assert data[2]["track_id"] == "t1" and data[2]["timezone"] == "Europe/Berlin"
    assert "timezone" not in data[3] and "timezone" not in data[4]  # unknown zone / none


def test_config_reachable_hours_shows_and_sets_the_window(signed_in_store: Store) -> None:
    res = run_cli("config", "reachable-hours")
    assert res.returncode == 0, res.stderr
    assert res.stdout == "reachable hours: 08:00–21:00 their time (the default)\n"
    res = run_cli("config", "reachable-hours", "22-6")
    assert res.stdout == "reachable hours set to 22:00–06:00 their time, across midnight\n"
    assert signed_in_store.reachable_hours() == ReachableHours(1320, 360)
    res = run_cli("config", "reachable-hours", "--json")
    assert json.loads(res.stdout) == {"reachable_hours": "22:00-06:00", "start": "22:00",
                                      "end": "06:00", "wraps_midnight": True,
                                      "default": False}
    assert_clean_error(run_cli("config", "reachable-hours", "mornings"),
                       "'mornings' is not a window of hours")
    assert_clean_error(run_cli("config", "reachable-hours", "8-8"), "the window is empty")
    assert signed_in_store.reachable_hours() == ReachableHours(1320, 360)  # unchanged
    res = run_cli("config", "reachable-hours", "default", "--json")
    assert json.loads(res.stdout)["default"] is True
    assert signed_in_store.reachable_hours() == ReachableHours(480, 1260)


def test_config_needs_a_login(isolated_dirs: object) -> None:
    res = run_cli("config", "reachable-hours")
    assert res.returncode != 0 and "Traceback" not in res.stderr


def test_a_city_in_the_location_suggests_a_zone_and_sets_nothing(signed_in_store: Store) -> None:
    res = run_cli("contact", "add", "Bob", "--location", "Berlin, Germany")
    assert res.returncode == 0, res.stderr
    cid = res.stdout.split("(")[1].rstrip(")\n")
    assert res.stderr == (f"devhub: note: Berlin looks like Europe/Berlin: devhub contact edit"
                          f" {cid} --timezone Europe/Berlin\n")
    [bob] = signed_in_store.list_contacts()
    assert bob.timezone is None  # a suggestion only
    # with --json the note stays on stderr: stdout is the contact, whole
    res = run_cli("contact", "edit", "bob", "--location", "Lisbon", "--json")
    assert json.loads(res.stdout)["timezone"] is None
    assert "Lisbon looks like Europe/Lisbon" in res.stderr
    # no note with a zone, or a place we don't know
    for name, args in (("Cy", ["--location", "Tokyo", "--timezone", "Asia/Tokyo"]),
                       ("Di", ["--location", "Atlantis"])):
        res = run_cli("contact", "add", name, *args)
        assert res.returncode == 0 and res.stderr == "", res.stderr
    res = run_cli("contact", "edit", "bob", "--timezone", "Europe/Lisbon")
    assert res.returncode == 0 and res.stderr == ""
