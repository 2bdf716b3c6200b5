"""`devhub export --format ics`: the calendar feed, parsed back with icalendar."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from icalendar import Calendar

from devhub_tui.core.calendar_feed import birthday_entry, rrule_for, to_ics
from devhub_tui.core.dates import DAY_MS, date_to_ms
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import tracks_for
from devhub_tui.storage.transfer import export_text
from devhub_tui.storage.transfer.calendar import export_ics
from tests.clock_support import FixedClock

from .cli_helpers import run_cli

TODAY = _dt.date(2026, 12, 5)
T0 = date_to_ms(TODAY) + 10 * 3_600_000
AWKWARD = 'Smith, John; "JJ" \\ Élodie 李小龍 🎉'


def _fill(store: Store) -> dict[str, str]:
    ids = {}
    ids["smith"] = store.add_contact({"name": AWKWARD, "birthday": "1990-05-17"})
    ids["leap"] = store.add_contact({"name": "Leap Lea", "birthday": "--02-29"})
    ids["leap_year"] = store.add_contact({"name": "Leap Len", "birthday": "1988-02-29"})
    ids["noyear"] = store.add_contact({"name": "No Year", "birthday": "--12-24"})
    ids["arch"] = store.add_contact({"name": "Archived Al", "birthday": "--01-01"})
    store.update_contact(ids["arch"], {"archived": True})
    ids["snoozed"] = store.add_contact({"name": "Snoozy Sam"})
    store.snooze(ids["snoozed"], T0 + 10 * DAY_MS)
    ids["fu_open"] = store.add_follow_up(ids["smith"], TODAY + _dt.timedelta(days=3),
                                         "send slides, then; call\nsecond line")
    ids["fu_late"] = store.add_follow_up(ids["noyear"], TODAY - _dt.timedelta(days=2), "")
    done = store.add_follow_up(ids["noyear"], TODAY, "done already")
    store.update_follow_up(done, done=True)
    ids["fu_done"] = done
    ids["track"] = tracks_for(store).add("job", "Acme, Inc.", [ids["smith"]],
                                         next_step="send CV; ask about team",
                                         next_due=TODAY + _dt.timedelta(days=1))
    tracks_for(store).add("job", "No step", [ids["smith"]])
    return ids


def _events(text: str) -> dict[str, object]:
    cal = Calendar.from_ical(text)
    return {str(ev["UID"]): ev for ev in cal.walk("VEVENT")}


def test_feed_parses_back_with_stable_uids_rrules_and_dates(signed_in_store: Store) -> None:
    clock = FixedClock(T0)
    store = Store(signed_in_store.db, signed_in_store.user_id, clock=clock)
    ids = _fill(store)
    first, count = export_ics(store, now=T0)
    clock.advance(3600)
    second = export_text(store, "ics", now=clock())
    assert "\r\n" in first and first.startswith("BEGIN:VCALENDAR\r\n")
    cal = Calendar.from_ical(first)
    assert str(cal["VERSION"]) == "2.0" and "devhub" in str(cal["PRODID"])
    events = _events(first)
    assert count == len(events) == 8
    # the same UIDs on the next export: a re-import updates, never doubles
    assert set(_events(second)) == set(events)
    assert {
        f"birthday-{ids['smith']}@devhub", f"birthday-{ids['leap']}@devhub",
        f"birthday-{ids['leap_year']}@devhub", f"birthday-{ids['noyear']}@devhub",
        f"followup-{ids['fu_open']}@devhub", f"followup-{ids['fu_late']}@devhub",
        f"nextstep-{ids['track']}@devhub", f"snooze-{ids['snoozed']}@devhub",
    } == set(events)
    for ev in events.values():
        start, end = ev.decoded("DTSTART"), ev.decoded("DTEND")
        # all-day: DATE values (not datetimes), one day long
        assert type(start) is _dt.date and type(end) is _dt.date
        assert end - start == _dt.timedelta(days=1)
        assert ev["DTSTART"].params.get("VALUE") == "DATE"
        assert ev.decoded("DTSTAMP") == _dt.datetime(2026, 12, 5, 10, tzinfo=_dt.UTC)
        assert str(ev["SUMMARY"])
    smith = events[f"birthday-{ids['smith']}@devhub"]
    assert str(smith["SUMMARY"]) == f"{AWKWARD}'s birthday"  # escaped, and back
    assert smith.decoded("DTSTART") == _dt.date(1990, 5, 17)
    assert smith["RRULE"].to_ical() == b"FREQ=YEARLY"
    leap = events[f"birthday-{ids['leap']}@devhub"]
    assert leap.decoded("DTSTART") == _dt.date(2000, 2, 29)  # year-less: base year 2000
    assert dict(leap["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    assert dict(events[f"birthday-{ids['leap_year']}@devhub"]["RRULE"])["BYMONTHDAY"] == [-1]
    noyear = events[f"birthday-{ids['noyear']}@devhub"]
    assert noyear.decoded("DTSTART") == _dt.date(2000, 12, 24)
    assert noyear["RRULE"].to_ical() == b"FREQ=YEARLY"
    fu = events[f"followup-{ids['fu_open']}@devhub"]
    assert str(fu["SUMMARY"]) == f"Follow up with {AWKWARD}: send slides, then; call"
    assert str(fu["DESCRIPTION"]) == "send slides, then; call\nsecond line"
    assert fu.decoded("DTSTART") == TODAY + _dt.timedelta(days=3)
    assert "RRULE" not in fu
    assert "send slides\\, then\\; call\\nsecond line" in first.replace("\r\n ", "")
    step = events[f"nextstep-{ids['track']}@devhub"]
    assert str(step["SUMMARY"]) == f"send CV; ask about team (Acme, Inc. with {AWKWARD})"
    snooze = events[f"snooze-{ids['snoozed']}@devhub"]
    assert snooze.decoded("DTSTART") == TODAY + _dt.timedelta(days=10)
    assert str(snooze["SUMMARY"]) == "Snooze ends: Snoozy Sam"
    # a change to the record bumps SEQUENCE (the newer copy wins on re-import)
    clock.advance(3600)
    store.update_follow_up(ids["fu_open"], note="new note")
    third = _events(export_ics(store, now=clock())[0])
    key = f"followup-{ids['fu_open']}@devhub"
    old, new = events[key], third[key]
    assert int(new["SEQUENCE"]) > int(old["SEQUENCE"])
    assert str(new["SUMMARY"]).endswith(": new note")


def test_feb29_rule_falls_on_feb28_in_common_years() -> None:
    """The rule is read by a real RFC 5545 expander (dateutil, as Thunderbird and
    Apple do): Feb 29 in leap years, Feb 28 otherwise, as core.dates counts."""
    from dateutil.rrule import rrulestr

    entry = birthday_entry("c1", "Lea", "--02-29")
    assert entry is not None
    text = to_ics([entry], now_ms=T0)
    ev = Calendar.from_ical(text).walk("VEVENT")[0]
    rule = rrulestr(ev["RRULE"].to_ical().decode(),
                    dtstart=_dt.datetime.combine(ev.decoded("DTSTART"), _dt.time()))
    days = [d.date() for d in rule[:6]]
    assert days == [_dt.date(2000, 2, 29), _dt.date(2001, 2, 28), _dt.date(2002, 2, 28),
                    _dt.date(2003, 2, 28), _dt.date(2004, 2, 29), _dt.date(2005, 2, 28)]
    assert rrule_for(birthday_entry("c2", "Bo", "--03-01")) == {"FREQ": "YEARLY"}  # type: ignore[arg-type]
    assert birthday_entry("c3", "Bad", "1990-02-30") is None


def test_control_characters_never_reach_the_feed() -> None:
    from devhub_tui.core.calendar_feed import follow_up_entry

    entry = follow_up_entry("f1", "Eve\x1b[31m\x07", TODAY, "line\x00one\r\ntwo\x1b")
    text = to_ics([entry], now_ms=T0)
    assert "\x1b" not in text and "\x00" not in text and "\x07" not in text
    ev = Calendar.from_ical(text).walk("VEVENT")[0]
    assert str(ev["SUMMARY"]) == "Follow up with Eve[31m: lineone"
    assert str(ev["DESCRIPTION"]) == "lineone\ntwo"


def test_cli_export_ics_to_file_and_stdout(signed_in_store: Store, tmp_path: Path) -> None:
    ids = _fill(signed_in_store)
    out = tmp_path / "devhub.ics"
    res = run_cli("export", "-o", str(out))  # the format from the suffix
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip() == f"exported 8 calendar events to {out} (ics)"
    assert out.stat().st_mode & 0o777 == 0o600
    first = _events(out.read_text(encoding="utf-8"))
    res = run_cli("export", "--format", "ics")
    assert res.returncode == 0, res.stderr
    assert set(_events(res.stdout)) == set(first)
    assert f"followup-{ids['fu_done']}@devhub" not in first  # done: not in the feed
    # ics is an export format only
    res = run_cli("import", str(out), "--format", "ics")
    assert res.returncode != 0 and "Traceback" not in res.stderr
