"""A contact's local time (issue 21): time and offset at an instant (DST changes,
half-hour and 45-minute offsets), the reachable window and its edges (also across
midnight), and zones guessed from a location."""

from __future__ import annotations

import datetime as _dt

import pytest

from devhub_tui.core.localtime import (
    CITY_ZONES,
    DEFAULT_HOURS,
    LocalTimes,
    ReachableHours,
    guess_zone,
    hours_from_pref,
    local_time,
    offset_text,
    parse_reachable_hours,
)
from devhub_tui.core.timezones import zone_names
from devhub_tui.core.validation import ValidationError
from tests.clock_support import FixedClock


def ms(text: str) -> int:
    """UTC epoch ms of an ISO time written in UTC ("2026-03-29T00:59")."""
    return int(_dt.datetime.fromisoformat(text).replace(tzinfo=_dt.UTC).timestamp() * 1000)


def test_time_and_offset_there() -> None:
    clock = FixedClock(ms("2026-12-04T12:00"))
    berlin = local_time("Europe/Berlin", clock())
    assert berlin is not None
    assert (berlin.clock, berlin.offset, berlin.there) == ("13:00", "UTC+01:00", "13:00 there")
    assert berlin.iso == "2026-12-04T13:00:00+01:00"
    assert berlin.line() == "13:00 there · UTC+01:00 · reachable"
    ny = local_time("America/New_York", clock())
    assert ny is not None and (ny.iso, ny.offset) == ("2026-12-04T07:00:00-05:00", "UTC-05:00")
    utc = local_time("UTC", clock())
    assert utc is not None and utc.offset == "UTC+00:00"
    # the seconds of the instant are kept, never its milliseconds
    clock.advance(59.999)
    assert local_time("Europe/Berlin", clock()).iso == "2026-12-04T13:00:59+01:00"  # type: ignore[union-attr]


@pytest.mark.parametrize(("zone", "at", "clock", "offset"), [
    ("Asia/Kolkata", "2026-12-04T20:44", "02:14", "UTC+05:30"),  # the next day there
    ("Asia/Kathmandu", "2026-12-04T12:00", "17:45", "UTC+05:45"),
    ("America/St_Johns", "2026-12-04T12:00", "08:30", "UTC-03:30"),
    ("Australia/Adelaide", "2026-12-04T12:00", "22:30", "UTC+10:30"),  # summer: +10:30
    ("Australia/Adelaide", "2026-07-04T12:00", "21:30", "UTC+09:30"),  # winter: +09:30
    ("Pacific/Chatham", "2026-12-04T12:00", "01:45", "UTC+13:45"),
])
def test_half_and_quarter_hour_offsets(zone: str, at: str, clock: str, offset: str) -> None:
    here = local_time(zone, ms(at))
    assert here is not None and (here.clock, here.offset) == (clock, offset)
    assert here.iso.endswith(offset[3:])


def test_a_dst_change_moves_the_offset_at_the_right_instant() -> None:
    # Europe: clocks go forward at 01:00 UTC on the last Sunday of March (2026-03-29)
    before = local_time("Europe/Berlin", ms("2026-03-29T00:59"))
    after = local_time("Europe/Berlin", ms("2026-03-29T01:00"))
    assert before is not None and after is not None
    assert (before.clock, before.offset) == ("01:59", "UTC+01:00")
    assert (after.clock, after.offset) == ("03:00", "UTC+02:00")
    # ...and back on 2026-10-25 at 01:00 UTC: 02:59 summer time, then 02:00 again
    autumn = [local_time("Europe/Berlin", ms(t)) for t in ("2026-10-25T00:59",
                                                           "2026-10-25T01:00")]
    assert [(a.clock, a.offset) for a in autumn if a] == [("02:59", "UTC+02:00"),
                                                           ("02:00", "UTC+01:00")]
    # the US changes on another day (2026-03-08, 07:00 UTC in New York)
    ny = [local_time("America/New_York", ms(t)) for t in ("2026-03-08T06:59",
                                                          "2026-03-08T07:00")]
    assert [(a.clock, a.offset) for a in ny if a] == [("01:59", "UTC-05:00"),
                                                       ("03:00", "UTC-04:00")]


def test_no_zone_or_one_this_machine_does_not_know_is_nothing() -> None:
    now = ms("2026-12-04T12:00")
    for zone in (None, "", "  ", "-05:00", "Mars/Olympus", "../etc/passwd", "Europe/"):
        assert local_time(zone, now) is None
    assert local_time(" Europe/Berlin ", now).zone == "Europe/Berlin"  # type: ignore[union-attr]


@pytest.mark.parametrize(("local", "reachable", "word"), [
    ("07:59", False, "off hours"), ("08:00", True, "reachable"), ("20:59", True, "reachable"),
    ("21:00", False, "off hours"), ("22:00", False, "asleep"), ("02:14", False, "asleep"),
    ("06:59", False, "asleep"), ("07:00", False, "off hours"),
])
def test_the_default_window_edges(local: str, reachable: bool, word: str) -> None:
    # UTC: local time is the UTC time
    here = local_time("UTC", ms(f"2026-12-04T{local}"))
    assert here is not None and (here.reachable, here.word) == (reachable, word)


def test_a_window_across_midnight() -> None:
    night = parse_reachable_hours("22-6")
    assert night == ReachableHours(22 * 60, 6 * 60) and night.wraps
    inside = ["22:00", "23:59", "00:00", "05:59"]
    outside = ["06:00", "12:00", "21:59"]
    assert all(night.contains(_minutes(t)) for t in inside)
    assert not any(night.contains(_minutes(t)) for t in outside)
    here = local_time("Asia/Kolkata", ms("2026-12-04T18:30"), night)  # 00:00 there
    assert here is not None and here.reachable and here.word == "reachable"


def _minutes(hhmm: str) -> int:
    h, m = hhmm.split(":")
    return int(h) * 60 + int(m)


@pytest.mark.parametrize(("typed", "window"), [
    ("8-21", (480, 1260)), ("08:00-21:00", (480, 1260)), ("9:30 to 18", (570, 1080)),
    ("09.30–18.00", (570, 1080)), ("7h30-19", (450, 1140)), ("0-24", (0, 1440)),
    ("", (480, 1260)), ("default", (480, 1260)), ("  22 - 6 ", (1320, 360)),
    ("9am-5pm", (540, 1020)), ("9:30 AM to 5:30 p.m.", (570, 1050)),
    ("10pm-6am", (1320, 360)), ("12pm-12am", (720, 1440)), ("12am-8am", (0, 480)),
])
def test_windows_people_type(typed: str, window: tuple[int, int]) -> None:
    hours = parse_reachable_hours(typed)
    assert (hours.start, hours.end) == window
    assert parse_reachable_hours(hours.text()) == hours  # what is stored reads back


def test_all_day_is_always_reachable() -> None:
    always = parse_reachable_hours("0-24")
    assert always.text() == "00:00-24:00" and not always.wraps
    assert all(always.contains(m) for m in range(0, 1440, 7))


@pytest.mark.parametrize(("typed", "message"), [
    ("nine to five", "is not a window of hours"), ("8", "is not a window of hours"),
    ("25-3", "'25:00' is not a time of day"), ("8:75-21", "is not a time of day"),
    ("24-8", "'24:00' is not a time of day"), ("8-8", "the window is empty"),
    ("13pm-5pm", "'13:00 pm' is not a time of day: use 1 to 12 with am/pm"),
    ("9am-9am", "the window is empty"),
    ("x" * 200, "..."),
])
def test_bad_windows_are_one_line(typed: str, message: str) -> None:
    with pytest.raises(ValidationError, match=message) as exc:
        parse_reachable_hours(typed)
    assert "\n" not in str(exc.value) and len(str(exc.value)) < 120


def test_a_stored_window_that_does_not_read_is_the_default() -> None:
    assert hours_from_pref(None) == DEFAULT_HOURS
    assert hours_from_pref("garbage") == DEFAULT_HOURS
    assert hours_from_pref("09:00-17:00") == ReachableHours(540, 1020)


def test_offsets_read_as_utc_plus_or_minus() -> None:
    assert offset_text(_dt.timedelta(hours=5, minutes=30)) == "UTC+05:30"
    assert offset_text(-_dt.timedelta(hours=3, minutes=30)) == "UTC-03:30"
    assert offset_text(_dt.timedelta(0)) == offset_text(None) == "UTC+00:00"
    assert offset_text(_dt.timedelta(hours=14)) == "UTC+14:00"


def test_many_rows_at_one_instant_work_a_zone_out_once() -> None:
    times = LocalTimes(ms("2026-12-04T12:00"))
    first = times.get("Asia/Kolkata")
    assert first is not None and first is times.get("Asia/Kolkata")
    assert times.get(None) is None and times.get("Nowhere/Land") is None
    assert times.get("Europe/Berlin").clock == "13:00"  # type: ignore[union-attr]


@pytest.mark.parametrize(("location", "zone", "city"), [
    ("Berlin", "Europe/Berlin", "Berlin"),
    ("Berlin, Germany", "Europe/Berlin", "Berlin"),
    ("downtown Berlin", "Europe/Berlin", "Berlin"),
    ("München", "Europe/Berlin", "München"),
    ("São Paulo, Brazil", "America/Sao_Paulo", "São Paulo"),
    ("New York, NY", "America/New_York", "New York"),
    ("NYC", "America/New_York", "NYC"),
    ("San Francisco Bay Area", "America/Los_Angeles", "San Francisco"),
    ("Bangalore", "Asia/Kolkata", "Bangalore"),
    ("Remote (Lisbon)", "Europe/Lisbon", "Lisbon"),
    ("St. Petersburg", "Europe/Moscow", "St. Petersburg"),
    ("Kraków / Poland", "Europe/Warsaw", "Kraków"),
    ("  ZÜRICH  ", "Europe/Zurich", "ZÜRICH"),
    ("Tel-Aviv", "Asia/Jerusalem", "Tel-Aviv"),
    ("LA", "America/Los_Angeles", "LA"),
])
def test_common_cities_suggest_a_zone(location: str, zone: str, city: str) -> None:
    guess = guess_zone(location)
    assert guess is not None and (guess.zone, guess.city) == (zone, city)


@pytest.mark.parametrize("location", [
    None, "", "Atlantis", "remote", "Earth", "la la land", "Lalaland", "Berlingo street",
    "on a boat", "x" * 10_000,
])
def test_no_guess_without_a_city_we_know(location: str | None) -> None:
    assert guess_zone(location) is None


def test_the_city_table_is_about_a_hundred_real_zones() -> None:
    known = set(zone_names())
    assert len(set(CITY_ZONES.values())) >= 80 and len(CITY_ZONES) >= 150
    assert all(zone in known for zone in CITY_ZONES.values())
