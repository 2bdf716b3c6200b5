"""Tests for devhub_tui.core.dates (fixed clock: today = Wednesday 2026-11-25)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from devhub_tui.core.dates import (
    DAY_MS,
    DateWordError,
    FutureDateError,
    add_months,
    birthday_age,
    birthday_parts,
    check_interaction_date,
    date_to_ms,
    humanize_ago,
    humanize_ago_short,
    humanize_days,
    ms_to_date,
    next_birthday,
    now_ms,
    parse_birthday,
    parse_when,
    when_examples,
    when_to_ms,
)

TODAY = date(2026, 11, 25)  # a Wednesday
D = date


def test_today_is_a_wednesday() -> None:
    assert TODAY.strftime("%A") == "Wednesday"


# --------------------------------------------------------------------------- parse_when


@pytest.mark.parametrize(
    ("text", "past", "future"),
    [
        ("today", D(2026, 11, 25), D(2026, 11, 25)),
        ("now", D(2026, 11, 25), D(2026, 11, 25)),
        ("yesterday", D(2026, 11, 24), D(2026, 11, 24)),
        ("tomorrow", D(2026, 11, 26), D(2026, 11, 26)),
        ("0d", D(2026, 11, 25), D(2026, 11, 25)),
        ("1d", D(2026, 11, 24), D(2026, 11, 26)),
        ("3d", D(2026, 11, 22), D(2026, 11, 28)),
        ("30d", D(2026, 10, 26), D(2026, 12, 25)),
        ("1w", D(2026, 11, 18), D(2026, 12, 2)),
        ("2w", D(2026, 11, 11), D(2026, 12, 9)),
        ("3 days", D(2026, 11, 22), D(2026, 11, 28)),
        ("2 weeks", D(2026, 11, 11), D(2026, 12, 9)),
        ("2mo", D(2026, 9, 25), D(2027, 1, 25)),
        ("3 days ago", D(2026, 11, 22), D(2026, 11, 22)),
        ("1 day ago", D(2026, 11, 24), D(2026, 11, 24)),
        ("2 weeks ago", D(2026, 11, 11), D(2026, 11, 11)),
        ("2w ago", D(2026, 11, 11), D(2026, 11, 11)),
        ("1 month ago", D(2026, 10, 25), D(2026, 10, 25)),
        ("in 3 days", D(2026, 11, 28), D(2026, 11, 28)),
        ("in 2 weeks", D(2026, 12, 9), D(2026, 12, 9)),
        ("in 2 months", D(2027, 1, 25), D(2027, 1, 25)),
        ("in 1 month", D(2026, 12, 25), D(2026, 12, 25)),
        ("next week", D(2026, 12, 2), D(2026, 12, 2)),
        ("last week", D(2026, 11, 18), D(2026, 11, 18)),
        ("next month", D(2026, 12, 25), D(2026, 12, 25)),
        ("last month", D(2026, 10, 25), D(2026, 10, 25)),
        ("2026-11-20", D(2026, 11, 20), D(2026, 11, 20)),
        ("2027-01-02", D(2027, 1, 2), D(2027, 1, 2)),
        ("2026-1-2", D(2026, 1, 2), D(2026, 1, 2)),
        ("2024-02-29", D(2024, 2, 29), D(2024, 2, 29)),
    ],
)
def test_parse_when_words(text: str, past: date, future: date) -> None:
    assert parse_when(text, TODAY) == past
    assert parse_when(text, TODAY, future=True) == future


@pytest.mark.parametrize(
    "text",
    ["@today", "TODAY", "  today  ", "@ToDaY", " @today ", "\ttoday\n"],
)
def test_parse_when_is_case_insensitive_and_tolerant(text: str) -> None:
    assert parse_when(text, TODAY) == TODAY


@pytest.mark.parametrize(
    ("text", "expected"),
    [("@3d", D(2026, 11, 22)), ("@Fri", D(2026, 11, 20)), ("  3   days   ago ", D(2026, 11, 22))],
)
def test_parse_when_at_sign_and_spaces(text: str, expected: date) -> None:
    assert parse_when(text, TODAY) == expected


# Wednesday 2026-11-25: past mode = on or before today; future mode = strictly after.
@pytest.mark.parametrize(
    ("word", "past", "future"),
    [
        ("mon", D(2026, 11, 23), D(2026, 11, 30)),
        ("tue", D(2026, 11, 24), D(2026, 12, 1)),
        ("wed", D(2026, 11, 25), D(2026, 12, 2)),
        ("thu", D(2026, 11, 19), D(2026, 11, 26)),
        ("fri", D(2026, 11, 20), D(2026, 11, 27)),
        ("sat", D(2026, 11, 21), D(2026, 11, 28)),
        ("sun", D(2026, 11, 22), D(2026, 11, 29)),
        ("monday", D(2026, 11, 23), D(2026, 11, 30)),
        ("tuesday", D(2026, 11, 24), D(2026, 12, 1)),
        ("tues", D(2026, 11, 24), D(2026, 12, 1)),
        ("wednesday", D(2026, 11, 25), D(2026, 12, 2)),
        ("thursday", D(2026, 11, 19), D(2026, 11, 26)),
        ("thurs", D(2026, 11, 19), D(2026, 11, 26)),
        ("friday", D(2026, 11, 20), D(2026, 11, 27)),
        ("FRIDAY", D(2026, 11, 20), D(2026, 11, 27)),
        ("saturday", D(2026, 11, 21), D(2026, 11, 28)),
        ("sunday", D(2026, 11, 22), D(2026, 11, 29)),
    ],
)
def test_weekdays(word: str, past: date, future: date) -> None:
    assert parse_when(word, TODAY) == past
    assert parse_when(word, TODAY, future=True) == future


def test_weekday_today_means_today_in_past_mode_every_day_of_week() -> None:
    names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
    for offset in range(7):
        today = TODAY + timedelta(days=offset)
        name = names[today.weekday()]
        assert parse_when(name, today) == today
        assert parse_when(name, today, future=True) == today + timedelta(days=7)
        # any weekday is within the last 7 days (past) / next 7 days (future)
        for other in names:
            back = parse_when(other, today)
            ahead = parse_when(other, today, future=True)
            assert 0 <= (today - back).days <= 6
            assert 1 <= (ahead - today).days <= 7


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("last wed", D(2026, 11, 18)),
        ("last fri", D(2026, 11, 20)),
        ("next wed", D(2026, 12, 2)),
        ("next fri", D(2026, 11, 27)),
        ("this wed", D(2026, 11, 25)),
        ("this fri", D(2026, 11, 20)),
    ],
)
def test_relative_weekdays(text: str, expected: date) -> None:
    assert parse_when(text, TODAY) == expected


def test_month_arithmetic_clamps_to_month_end() -> None:
    assert parse_when("next month", D(2026, 1, 31)) == D(2026, 2, 28)
    assert parse_when("in 1 month", D(2024, 1, 31)) == D(2024, 2, 29)
    assert parse_when("1 month ago", D(2026, 3, 31)) == D(2026, 2, 28)
    assert add_months(D(2026, 12, 15), 1) == D(2027, 1, 15)
    assert add_months(D(2026, 1, 15), -1) == D(2025, 12, 15)
    assert add_months(D(2026, 5, 31), 13) == D(2027, 6, 30)


def test_iso_dates_are_accepted_as_given_even_in_the_future() -> None:
    assert parse_when("2030-01-01", TODAY) == D(2030, 1, 1)
    assert parse_when("1999-12-31", TODAY, future=True) == D(1999, 12, 31)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("2025-02-29", "'2025-02-29' is not a real date"),
        ("2026-13-01", "'2026-13-01' is not a real date"),
        ("2026-00-10", "'2026-00-10' is not a real date"),
        ("@2026-04-31", "'2026-04-31' is not a real date"),
        ("blah", "can't read date 'blah' (try today, yesterday, 3d, fri, 2026-11-20)"),
        ("@blah", "can't read date '@blah' (try today, yesterday, 3d, fri, 2026-11-20)"),
        ("", "no date given"),
        ("@", "no date given"),
        ("   ", "no date given"),
        ("99999999d", "'99999999d' is too far away"),
        ("99999999w", "too far away"),
        ("in 99999999 months", "too far away"),
        ("999999 months ago", "too far away"),
        ("3x", "can't read date"),
        ("-3d", "can't read date"),
        ("3.5d", "can't read date"),
        ("fri day", "can't read date"),
        ("next blah", "can't read date"),
        ("26-11-20", "can't read date"),
        ("20261120", "can't read date"),
        ("2026/11/20", "can't read date"),
        ("٣d", "can't read date"),  # Arabic-Indic digit: not accepted
    ],
)
def test_parse_when_errors(text: str, message: str) -> None:
    with pytest.raises(DateWordError) as info:
        parse_when(text, TODAY)
    assert message in str(info.value)
    assert "\n" not in str(info.value)


def test_parse_when_error_is_a_value_error() -> None:
    with pytest.raises(ValueError):
        parse_when("nope", TODAY)


def test_huge_numbers_never_overflow() -> None:
    for text in ["9" * 30 + "d", "9" * 5000 + "d", "in " + "9" * 40 + " days", "9" * 12 + "w"]:
        with pytest.raises(DateWordError) as info:
            parse_when(text, TODAY, future=True)
        assert len(str(info.value)) < 120  # the message is clipped, still one line


def test_offsets_at_the_edge_of_the_calendar() -> None:
    with pytest.raises(DateWordError):
        parse_when("tomorrow", D(9999, 12, 31))
    with pytest.raises(DateWordError):
        parse_when("yesterday", D(1, 1, 1))
    with pytest.raises(DateWordError):
        parse_when("next month", D(9999, 12, 1))


# --------------------------------------------------------------------------- birthdays


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1986-04-12", "1986-04-12"),
        ("1986-4-2", "1986-04-02"),
        ("19860412", "1986-04-12"),
        ("04-12", "--04-12"),
        ("4-2", "--04-02"),
        ("--04-12", "--04-12"),
        ("--0412", "--04-12"),
        ("  --0412 ", "--04-12"),
        ("02-29", "--02-29"),
        ("--02-29", "--02-29"),
        ("--0229", "--02-29"),
        ("2000-02-29", "2000-02-29"),
        ("1996-02-29", "1996-02-29"),
        ("1800-01-01", "1800-01-01"),
        ("9999-12-31", "9999-12-31"),
        ("12-31", "--12-31"),
    ],
)
def test_parse_birthday_ok(text: str, expected: str) -> None:
    assert parse_birthday(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "no birthday given"),
        ("   ", "no birthday given"),
        ("1999-02-29", "'1999-02-29' is not a real date (1999 is not a leap year)"),
        ("1900-02-29", "1900 is not a leap year"),
        ("19990229", "not a real date"),
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("02-30", "'02-30' is not a real date"),
        ("--0230", "not a real date"),
        ("04-31", "not a real date"),
        ("13-01", "not a real date (month 13)"),
        ("00-10", "not a real date (month 0)"),
        ("1700-01-01", "birthday year 1700 is out of range (1800-9999)"),
        ("0001-01-01", "out of range"),
        ("12345-01-01", "can't read birthday"),
        ("yesterday", "can't read birthday 'yesterday'"),
        ("12/04/1986", "can't read birthday"),
        ("--04", "can't read birthday"),
        ("1986-04", "can't read birthday"),
        ("x" * 500, "can't read birthday"),
    ],
)
def test_parse_birthday_errors(text: str, message: str) -> None:
    with pytest.raises(DateWordError) as info:
        parse_birthday(text)
    assert message in str(info.value)
    assert len(str(info.value)) < 150


def test_parse_birthday_rejects_the_future_when_today_is_given() -> None:
    assert parse_birthday("2026-11-25", today=TODAY) == "2026-11-25"
    with pytest.raises(DateWordError, match="in the future"):
        parse_birthday("2026-11-26", today=TODAY)
    assert parse_birthday("--12-31", today=TODAY) == "--12-31"  # no year: can't be future


def test_birthday_parts() -> None:
    assert birthday_parts("1986-04-12") == (1986, 4, 12)
    assert birthday_parts("--02-29") == (None, 2, 29)
    assert birthday_parts("--0412") == (None, 4, 12)


@pytest.mark.parametrize(
    ("birthday", "today", "expected"),
    [
        ("1986-11-25", TODAY, D(2026, 11, 25)),  # today counts
        ("1986-11-26", TODAY, D(2026, 11, 26)),
        ("1986-11-24", TODAY, D(2027, 11, 24)),  # just passed: next year
        ("--01-01", TODAY, D(2027, 1, 1)),
        ("--12-31", TODAY, D(2026, 12, 31)),
        ("--02-29", TODAY, D(2027, 2, 28)),  # 2027 is not a leap year
        ("--02-29", D(2027, 3, 1), D(2028, 2, 29)),  # 2028 is
        ("2000-02-29", D(2028, 1, 1), D(2028, 2, 29)),
        ("2000-02-29", D(2027, 2, 28), D(2027, 2, 28)),
        ("2000-02-29", D(2027, 2, 27), D(2027, 2, 28)),
        ("--03-01", D(2028, 2, 29), D(2028, 3, 1)),
    ],
)
def test_next_birthday(birthday: str, today: date, expected: date) -> None:
    assert next_birthday(birthday, today) == expected


def test_next_birthday_rejects_invalid() -> None:
    with pytest.raises(DateWordError):
        next_birthday("1999-02-29", TODAY)


@pytest.mark.parametrize(
    ("birthday", "on", "expected"),
    [
        ("1986-11-25", TODAY, 40),
        ("1986-11-26", TODAY, 39),
        ("1986-11-24", TODAY, 40),
        ("--11-25", TODAY, None),
        ("2026-11-25", TODAY, 0),
        ("2030-01-01", TODAY, None),  # not born yet
        ("2000-02-29", D(2027, 2, 27), 26),
        ("2000-02-29", D(2027, 2, 28), 27),  # non-leap year: a year older on Feb 28
        ("2000-02-29", D(2028, 2, 28), 27),
        ("2000-02-29", D(2028, 2, 29), 28),
    ],
)
def test_birthday_age(birthday: str, on: date, expected: int | None) -> None:
    assert birthday_age(birthday, on) == expected


def test_age_on_next_birthday_is_consistent() -> None:
    for bday in ["2000-02-29", "1986-11-25", "1986-11-24", "1990-01-01"]:
        when = next_birthday(bday, TODAY)
        age = birthday_age(bday, when)
        before = birthday_age(bday, when - timedelta(days=1))
        assert age is not None and before is not None
        assert age == before + 1


# --------------------------------------------------------------------------- humanize


def _ms(d: date, hour: int = 12) -> int:
    return date_to_ms(d) + hour * 3_600_000


NOW = _ms(TODAY, 15)


@pytest.mark.parametrize(
    ("then", "expected"),
    [
        (None, "never"),
        (_ms(TODAY, 0), "today"),
        (_ms(TODAY, 23), "today"),  # later today (clock skew) is still today
        (_ms(TODAY - timedelta(days=1), 23), "yesterday"),
        (date_to_ms(TODAY) - 1, "yesterday"),  # one ms before midnight UTC
        (_ms(TODAY - timedelta(days=2)), "2 days ago"),
        (_ms(TODAY - timedelta(days=13)), "13 days ago"),
        (_ms(TODAY - timedelta(days=14)), "2 weeks ago"),
        (_ms(TODAY - timedelta(days=20)), "2 weeks ago"),
        (_ms(TODAY - timedelta(days=21)), "3 weeks ago"),
        (_ms(TODAY - timedelta(days=59)), "8 weeks ago"),
        (_ms(TODAY - timedelta(days=60)), "2 months ago"),
        (_ms(TODAY - timedelta(days=95)), "3 months ago"),
        (_ms(TODAY - timedelta(days=364)), "12 months ago"),
        (_ms(TODAY - timedelta(days=365)), "1 year ago"),
        (_ms(TODAY - timedelta(days=800)), "2 years ago"),
        (_ms(TODAY + timedelta(days=1)), "tomorrow"),
        (_ms(TODAY + timedelta(days=3)), "in 3 days"),
        (_ms(TODAY + timedelta(days=15)), "in 2 weeks"),
        (_ms(TODAY + timedelta(days=90)), "in 3 months"),
        (_ms(TODAY + timedelta(days=400)), "in 1 year"),
    ],
)
def test_humanize_ago(then: int | None, expected: str) -> None:
    assert humanize_ago(then, NOW) == expected


@pytest.mark.parametrize(
    ("n", "expected"), [(0, "0 days"), (1, "1 day"), (2, "2 days"), (31, "31 days"), (-1, "-1 day")]
)
def test_humanize_days(n: int, expected: str) -> None:
    assert humanize_days(n) == expected


# --------------------------------------------------------------------------- time helpers


def test_day_ms() -> None:
    assert DAY_MS == 24 * 60 * 60 * 1000


def test_ms_to_date_and_back() -> None:
    assert ms_to_date(0) == D(1970, 1, 1)
    assert ms_to_date(DAY_MS - 1) == D(1970, 1, 1)
    assert ms_to_date(DAY_MS) == D(1970, 1, 2)
    assert ms_to_date(-1) == D(1969, 12, 31)
    assert date_to_ms(D(1970, 1, 1)) == 0
    assert date_to_ms(D(1969, 12, 31)) == -DAY_MS
    stamp = int(datetime(2026, 11, 25, 23, 59, 59, tzinfo=UTC).timestamp() * 1000)
    assert ms_to_date(stamp) == TODAY
    assert date_to_ms(TODAY) == int(datetime(2026, 11, 25, tzinfo=UTC).timestamp() * 1000)
    for d in [D(2000, 2, 29), D(2026, 11, 25), D(1900, 1, 1), D(2100, 12, 31)]:
        assert ms_to_date(date_to_ms(d)) == d
        assert ms_to_date(date_to_ms(d) + DAY_MS - 1) == d


def test_when_to_ms() -> None:
    now = _ms(TODAY, 9) + 12_345
    assert when_to_ms(TODAY, now) == now
    yesterday = TODAY - timedelta(days=1)
    assert when_to_ms(yesterday, now) == date_to_ms(yesterday) + 12 * 3_600_000
    assert ms_to_date(when_to_ms(yesterday, now)) == yesterday
    future = TODAY + timedelta(days=3)
    assert when_to_ms(future, now) == date_to_ms(future) + 12 * 3_600_000


def test_now_ms_is_plausible() -> None:
    value = now_ms()
    assert isinstance(value, int)
    assert ms_to_date(value) >= D(2024, 1, 1)
    assert abs(value - int(datetime.now(UTC).timestamp() * 1000)) < 60_000


@pytest.mark.parametrize(("days", "expected"), [
    (None, "never"), (0, "today"), (1, "1d"), (13, "13d"), (14, "2w"), (59, "8w"),
    (60, "2mo"), (364, "12mo"), (365, "1y"), (3650, "10y"), (-3, "soon"),
])
def test_humanize_ago_short_fits_five_cells(days: int | None, expected: str) -> None:
    then = None if days is None else NOW - days * 86_400_000
    got = humanize_ago_short(then, NOW)
    assert got == expected and len(got) <= 5
    if days is not None and days > 1:  # the same span as the long form
        assert humanize_ago(then, NOW).split()[0] == got.rstrip("dwmoy")


def test_interaction_dates_run_from_1900_to_today() -> None:
    assert check_interaction_date(TODAY, TODAY) == TODAY
    assert check_interaction_date(D(1900, 1, 1), TODAY) == D(1900, 1, 1)
    with pytest.raises(FutureDateError, match="2026-11-26 is in the future.*follow-up"):
        check_interaction_date(TODAY + timedelta(days=1), TODAY)
    with pytest.raises(DateWordError, match="before 1900-01-01"):
        check_interaction_date(D(1899, 12, 31), TODAY)


def test_date_hints_look_forward_for_plans_and_back_for_what_happened() -> None:
    ahead = (TODAY + timedelta(days=16)).isoformat()
    assert when_examples(TODAY, future=True) == f"tomorrow, in 3 days, next fri, {ahead}"
    assert when_examples(TODAY, future=False) == "today, yesterday, 3d, fri, 2026-11-20"
    for text in ("someday", ""):
        with pytest.raises(DateWordError) as info:
            parse_when(text, TODAY, future=True)
        assert f"(try tomorrow, in 3 days, next fri, {ahead})" in str(info.value)
    # every example word means what it says, ahead of today
    for word in when_examples(TODAY, future=True).split(", "):
        assert parse_when(word, TODAY, future=True) > TODAY
    assert when_examples(D(9999, 12, 31), future=True).endswith("9999-12-31")
