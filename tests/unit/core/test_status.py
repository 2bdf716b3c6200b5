"""Tests for devhub_tui.core.status (PRODUCT.md §2)."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from devhub_tui.core.dates import DAY_MS, date_to_ms
from devhub_tui.core.status import (
    BIRTHDAY_WINDOW_DAYS,
    STATUS_LABELS,
    STATUS_ORDER,
    AttentionItem,
    CadenceDefaults,
    Status,
    anchor_ms,
    attention_for_birthday,
    attention_for_follow_up,
    attention_for_status,
    attention_for_statuses,
    attention_reason_birthday,
    attention_reason_follow_up,
    attention_reason_status,
    compute_status,
    days_overdue,
    days_past_due,
    due_date_ms,
    due_soon_window_days,
    effective_cadence,
    order_attention,
)

TODAY = date(2026, 11, 25)
NOW = date_to_ms(TODAY) + 15 * 3_600_000  # 15:00 UTC
HOUR = 3_600_000
DEFAULTS = CadenceDefaults()


def ago(days: float) -> int:
    return NOW - round(days * DAY_MS)


def status(
    *,
    cadence: int | None = 30,
    last: int | None = None,
    created: int | None = None,
    snoozed: int | None = None,
    archived: bool = False,
) -> Status:
    return compute_status(
        now_ms=NOW,
        last_contacted=last,
        created_at=ago(1000) if created is None else created,
        cadence=cadence,
        snoozed_until=snoozed,
        archived=archived,
    )


# --------------------------------------------------------------------------- enum & tables


def test_status_values() -> None:
    assert [s.value for s in Status] == [
        "ok",
        "due-soon",
        "needs-attention",
        "overdue",
        "snoozed",
        "paused",
    ]
    assert Status("needs-attention") is Status.NEEDS_ATTENTION
    assert str(Status.DUE_SOON) == "due-soon"
    assert f"{Status.OVERDUE}" == "overdue"


def test_status_order_and_labels() -> None:
    assert sorted(Status, key=STATUS_ORDER.__getitem__) == [
        Status.OVERDUE,
        Status.NEEDS_ATTENTION,
        Status.DUE_SOON,
        Status.OK,
        Status.SNOOZED,
        Status.PAUSED,
    ]
    assert STATUS_ORDER[Status.OVERDUE] == 0 and STATUS_ORDER[Status.PAUSED] == 5
    assert set(STATUS_LABELS) == set(Status)
    assert STATUS_LABELS[Status.NEEDS_ATTENTION] == "needs attention"
    assert STATUS_LABELS[Status.DUE_SOON] == "due soon"


# --------------------------------------------------------------------------- cadence


def test_cadence_defaults() -> None:
    assert DEFAULTS == CadenceDefaults(vip=14, high=14, normal=30, low=90)
    with pytest.raises(AttributeError):
        DEFAULTS.vip = 3  # type: ignore[misc]


@pytest.mark.parametrize(
    ("cadence_days", "vip", "importance", "expected"),
    [
        (None, False, "normal", 30),
        (None, False, "high", 14),
        (None, False, "low", 90),
        (None, False, "HIGH", 14),
        (None, False, "weird", 30),
        (None, False, "", 30),
        (None, True, "low", 14),
        (None, True, "normal", 14),
        (7, False, "low", 7),
        (7, True, "normal", 7),
        (365, False, "high", 365),
        (0, False, "normal", None),
        (0, True, "high", None),
        (-5, False, "normal", None),
    ],
)
def test_effective_cadence(
    cadence_days: int | None, vip: bool, importance: str, expected: int | None
) -> None:
    assert effective_cadence(cadence_days, vip, importance, DEFAULTS) == expected


def test_effective_cadence_uses_user_defaults() -> None:
    custom = CadenceDefaults(vip=7, high=10, normal=21, low=0)
    assert effective_cadence(None, True, "low", custom) == 7
    assert effective_cadence(None, False, "high", custom) == 10
    assert effective_cadence(None, False, "normal", custom) == 21
    assert effective_cadence(None, False, "low", custom) is None  # default 0 = off
    assert effective_cadence(45, False, "low", custom) == 45


@pytest.mark.parametrize(
    ("cadence", "window"),
    [(1, 0.25), (4, 1.0), (14, 3.5), (28, 7.0), (30, 7.0), (90, 7.0), (3650, 7.0)],
)
def test_due_soon_window(cadence: int, window: float) -> None:
    assert due_soon_window_days(cadence) == window


# --------------------------------------------------------------------------- compute_status


@pytest.mark.parametrize(
    ("cadence", "elapsed_days", "expected"),
    [
        # cadence 30: window 7 -> due-soon from 23 days, needs-attention 30, overdue 60
        (30, 0, Status.OK),
        (30, 22.999, Status.OK),
        (30, 23, Status.DUE_SOON),
        (30, 29.999, Status.DUE_SOON),
        (30, 30, Status.NEEDS_ATTENTION),
        (30, 59.999, Status.NEEDS_ATTENTION),
        (30, 60, Status.OVERDUE),
        (30, 400, Status.OVERDUE),
        # cadence 14: window 3.5 -> due-soon from 10.5
        (14, 10.49, Status.OK),
        (14, 10.5, Status.DUE_SOON),
        (14, 14, Status.NEEDS_ATTENTION),
        (14, 27.99, Status.NEEDS_ATTENTION),
        (14, 28, Status.OVERDUE),
        # cadence 90: window 7 -> due-soon from 83
        (90, 82.9, Status.OK),
        (90, 83, Status.DUE_SOON),
        (90, 90, Status.NEEDS_ATTENTION),
        (90, 180, Status.OVERDUE),
        # cadence 1: window 0.25
        (1, 0.74, Status.OK),
        (1, 0.75, Status.DUE_SOON),
        (1, 1, Status.NEEDS_ATTENTION),
        (1, 2, Status.OVERDUE),
        # a future anchor (clock skew) is simply ok
        (30, -3, Status.OK),
    ],
)
def test_status_boundaries(cadence: int, elapsed_days: float, expected: Status) -> None:
    assert status(cadence=cadence, last=ago(elapsed_days)) is expected


def test_boundary_is_exact_to_the_millisecond() -> None:
    due = NOW - 30 * DAY_MS
    assert status(cadence=30, last=due) is Status.NEEDS_ATTENTION
    assert status(cadence=30, last=due + 1) is Status.DUE_SOON
    assert status(cadence=30, last=NOW - 60 * DAY_MS) is Status.OVERDUE
    assert status(cadence=30, last=NOW - 60 * DAY_MS + 1) is Status.NEEDS_ATTENTION
    assert status(cadence=30, last=NOW - 23 * DAY_MS) is Status.DUE_SOON
    assert status(cadence=30, last=NOW - 23 * DAY_MS + 1) is Status.OK


def test_never_contacted_counts_from_created_at() -> None:
    assert status(cadence=30, last=None, created=ago(5)) is Status.OK
    assert status(cadence=30, last=None, created=ago(25)) is Status.DUE_SOON
    assert status(cadence=30, last=None, created=ago(31)) is Status.NEEDS_ATTENTION
    assert status(cadence=30, last=None, created=ago(61)) is Status.OVERDUE


def test_last_contacted_wins_over_created_at() -> None:
    # created long ago, contacted recently -> ok
    assert status(cadence=30, last=ago(1), created=ago(500)) is Status.OK
    # a logged interaction restarts the clock
    assert status(cadence=30, last=ago(100)) is Status.OVERDUE
    assert status(cadence=30, last=ago(0)) is Status.OK


def test_paused() -> None:
    assert status(cadence=None, last=ago(1000)) is Status.PAUSED
    assert status(cadence=30, last=ago(1000), archived=True) is Status.PAUSED
    assert status(cadence=0, last=ago(1000)) is Status.PAUSED
    # paused beats snoozed
    assert status(cadence=30, snoozed=NOW + DAY_MS, archived=True) is Status.PAUSED
    assert status(cadence=None, snoozed=NOW + DAY_MS) is Status.PAUSED


def test_snoozed_while_in_the_future() -> None:
    assert status(cadence=30, last=ago(500), snoozed=NOW + 1) is Status.SNOOZED
    assert status(cadence=30, last=ago(500), snoozed=NOW + 30 * DAY_MS) is Status.SNOOZED
    # a contact logged during the snooze is still snoozed until it ends
    assert status(cadence=30, last=ago(0), snoozed=NOW + DAY_MS) is Status.SNOOZED


def test_snooze_then_expire_counts_from_snoozed_until() -> None:
    last = ago(100)  # overdue before the snooze
    # exactly at the end of the snooze: no longer snoozed, the clock restarts there
    assert status(cadence=30, last=last, snoozed=NOW) is Status.OK
    assert status(cadence=30, last=last, snoozed=ago(22.9)) is Status.OK
    assert status(cadence=30, last=last, snoozed=ago(23)) is Status.DUE_SOON
    assert status(cadence=30, last=last, snoozed=ago(30)) is Status.NEEDS_ATTENTION
    assert status(cadence=30, last=last, snoozed=ago(60)) is Status.OVERDUE


def test_expired_snooze_older_than_last_contact_is_ignored() -> None:
    assert status(cadence=30, last=ago(2), snoozed=ago(50)) is Status.OK
    assert status(cadence=30, last=ago(35), snoozed=ago(50)) is Status.NEEDS_ATTENTION


def test_snooze_on_never_contacted_contact() -> None:
    assert status(cadence=14, last=None, created=ago(90), snoozed=ago(3)) is Status.OK
    assert status(cadence=14, last=None, created=ago(90), snoozed=ago(15)) is (
        Status.NEEDS_ATTENTION
    )


def test_status_walks_through_every_state_over_time() -> None:
    """One contact (cadence 14, VIP default) over 30 days, day by day."""
    anchor = date_to_ms(TODAY)
    seen: list[Status] = []
    for day in range(31):
        s = compute_status(
            now_ms=anchor + day * DAY_MS,
            last_contacted=anchor,
            created_at=anchor - 100 * DAY_MS,
            cadence=14,
            snoozed_until=None,
            archived=False,
        )
        if not seen or seen[-1] is not s:
            seen.append(s)
    assert seen == [Status.OK, Status.DUE_SOON, Status.NEEDS_ATTENTION, Status.OVERDUE]


# --------------------------------------------------------------------------- due helpers


def test_anchor_ms() -> None:
    assert anchor_ms(last_contacted=None, created_at=5, snoozed_until=None) == 5
    assert anchor_ms(last_contacted=10, created_at=5, snoozed_until=None) == 10
    assert anchor_ms(last_contacted=10, created_at=5, snoozed_until=20) == 20
    assert anchor_ms(last_contacted=30, created_at=5, snoozed_until=20) == 30
    assert anchor_ms(last_contacted=None, created_at=5, snoozed_until=3) == 5


def test_due_date_and_days_past_due() -> None:
    anchor = ago(42)
    assert due_date_ms(anchor, 30) == anchor + 30 * DAY_MS
    assert days_past_due(now_ms=NOW, anchor_ms=anchor, cadence=30) == 12
    assert days_past_due(now_ms=NOW, anchor_ms=ago(30), cadence=30) == 0
    assert days_past_due(now_ms=NOW, anchor_ms=ago(29.5), cadence=30) == -1
    assert days_past_due(now_ms=NOW, anchor_ms=ago(25), cadence=30) == -5
    assert days_overdue is days_past_due


# --------------------------------------------------------------------------- reasons


@pytest.mark.parametrize(
    ("status_", "days", "expected"),
    [
        (Status.OVERDUE, 12, "overdue by 12 days"),
        (Status.OVERDUE, 1, "overdue by 1 day"),
        (Status.NEEDS_ATTENTION, 3, "needs attention (3 days past cadence)"),
        (Status.NEEDS_ATTENTION, 1, "needs attention (1 day past cadence)"),
        (Status.NEEDS_ATTENTION, 0, "needs attention (due today)"),
        (Status.DUE_SOON, -2, "due soon (in 2 days)"),
        (Status.DUE_SOON, -1, "due soon (in 1 day)"),
        (Status.DUE_SOON, 0, "due soon (today)"),
        (Status.OK, -20, "ok"),
        (Status.SNOOZED, 0, "snoozed"),
        (Status.PAUSED, 0, "paused"),
    ],
)
def test_attention_reason_status(status_: Status, days: int, expected: str) -> None:
    assert attention_reason_status(status_, days) == expected


@pytest.mark.parametrize(
    ("late", "note", "expected"),
    [
        (2, "send slides", "follow-up due 2 days ago: send slides"),
        (1, "send slides", "follow-up due yesterday: send slides"),
        (0, "send slides", "follow-up due today: send slides"),
        (0, "", "follow-up due today"),
        (5, "  multi\nline   note ", "follow-up due 5 days ago: multi line note"),
        (-1, "x", "follow-up due tomorrow: x"),
        (-3, "x", "follow-up due in 3 days: x"),
    ],
)
def test_attention_reason_follow_up(late: int, note: str, expected: str) -> None:
    assert attention_reason_follow_up(late, note) == expected


@pytest.mark.parametrize(
    ("days", "age", "expected"),
    [
        (0, None, "birthday today"),
        (0, 40, "birthday today (turns 40)"),
        (1, 33, "birthday tomorrow (turns 33)"),
        (5, 40, "birthday in 5 days (turns 40)"),
        (14, None, "birthday in 14 days"),
    ],
)
def test_attention_reason_birthday(days: int, age: int | None, expected: str) -> None:
    assert attention_reason_birthday(days, age) == expected


# --------------------------------------------------------------------------- items


def _status_item(cid: str, name: str, *, cadence: int, elapsed: float) -> AttentionItem | None:
    last = ago(elapsed)
    st = status(cadence=cadence, last=last)
    return attention_for_status(
        contact_id=cid, name=name, status=st, now_ms=NOW, anchor_ms=last, cadence=cadence
    )


def test_attention_for_status_items() -> None:
    overdue = _status_item("1", "Ada", cadence=30, elapsed=72)
    assert overdue is not None
    assert overdue.kind == "status" and overdue.status is Status.OVERDUE
    assert overdue.reason == "overdue by 42 days"
    assert overdue.days == 42
    assert overdue.due_ms == ago(72) + 30 * DAY_MS

    needs = _status_item("2", "Bob", cadence=30, elapsed=33)
    assert needs is not None and needs.reason == "needs attention (3 days past cadence)"

    soon = _status_item("3", "Cy", cadence=30, elapsed=27.5)  # 2.5 days left -> "in 3 days"
    assert soon is not None and soon.reason == "due soon (in 3 days)"
    assert soon.days == -3

    assert _status_item("4", "Di", cadence=30, elapsed=1) is None  # ok


def test_attention_for_status_skips_quiet_statuses() -> None:
    for st in (Status.OK, Status.SNOOZED, Status.PAUSED):
        assert (
            attention_for_status(
                contact_id="1", name="A", status=st, now_ms=NOW, anchor_ms=ago(500), cadence=30
            )
            is None
        )
    assert (
        attention_for_status(
            contact_id="1",
            name="A",
            status=Status.OVERDUE,
            now_ms=NOW,
            anchor_ms=ago(500),
            cadence=None,
        )
        is None
    )


def test_attention_for_follow_up() -> None:
    late = attention_for_follow_up(
        contact_id="1",
        name="Ada",
        due=TODAY - timedelta(days=2),
        note="send slides",
        today=TODAY,
        follow_up_id="f1",
    )
    assert late is not None
    assert late.kind == "follow-up"
    assert late.reason == "follow-up due 2 days ago: send slides"
    assert late.days == 2 and late.follow_up_id == "f1"
    assert late.due_ms == date_to_ms(TODAY - timedelta(days=2))

    today = attention_for_follow_up(contact_id="1", name="Ada", due=TODAY, note="", today=TODAY)
    assert today is not None and today.reason == "follow-up due today"

    future = attention_for_follow_up(
        contact_id="1", name="Ada", due=TODAY + timedelta(days=1), note="x", today=TODAY
    )
    assert future is None


@pytest.mark.parametrize(
    ("birthday", "reason"),
    [
        ("1986-11-25", "birthday today (turns 40)"),
        ("--11-25", "birthday today"),
        ("1986-11-26", "birthday tomorrow (turns 40)"),
        ("1986-11-30", "birthday in 5 days (turns 40)"),
        ("--12-09", "birthday in 14 days"),
        ("--12-10", None),  # 15 days away: outside the window
        ("1986-11-24", None),  # yesterday: next one is a year away
        ("", None),
        (None, None),
        ("garbage", None),
        ("1999-02-29", None),
    ],
)
def test_attention_for_birthday(birthday: str | None, reason: str | None) -> None:
    item = attention_for_birthday(contact_id="1", name="Ada", birthday=birthday, today=TODAY)
    if reason is None:
        assert item is None
    else:
        assert item is not None
        assert item.kind == "birthday"
        assert item.reason == reason


def test_birthday_window_is_fourteen_days_and_configurable() -> None:
    assert BIRTHDAY_WINDOW_DAYS == 14
    item = attention_for_birthday(
        contact_id="1", name="A", birthday="--12-10", today=TODAY, window_days=30
    )
    assert item is not None and item.days == 15
    assert (
        attention_for_birthday(
            contact_id="1", name="A", birthday="--11-26", today=TODAY, window_days=0
        )
        is None
    )


def test_birthday_feb29_in_non_leap_year() -> None:
    item = attention_for_birthday(
        contact_id="1", name="Leap", birthday="2000-02-29", today=date(2027, 2, 20)
    )
    assert item is not None
    assert item.reason == "birthday in 8 days (turns 27)"
    assert item.age == 27


# --------------------------------------------------------------------------- ordering


def test_order_attention() -> None:
    items = [
        _status_item("soon", "Soon", cadence=30, elapsed=25),  # due in 5 days
        _status_item("soon2", "Sooner", cadence=30, elapsed=29),  # due in 1 day
        attention_for_birthday(contact_id="bday5", name="B5", birthday="--11-30", today=TODAY),
        attention_for_birthday(contact_id="bday0", name="B0", birthday="--11-25", today=TODAY),
        _status_item("need3", "Need3", cadence=30, elapsed=33),
        _status_item("need10", "Need10", cadence=30, elapsed=40),
        attention_for_follow_up(contact_id="fu0", name="Fu0", due=TODAY, note="today", today=TODAY),
        _status_item("over12", "Over12", cadence=30, elapsed=72),
        attention_for_follow_up(
            contact_id="fu50",
            name="Fu50",
            due=TODAY - timedelta(days=50),
            note="very late",
            today=TODAY,
        ),
        attention_for_follow_up(
            contact_id="fu2", name="Fu2", due=TODAY - timedelta(days=2), note="x", today=TODAY
        ),
        _status_item("over100", "Over100", cadence=30, elapsed=130),
    ]
    present = [it for it in items if it is not None]
    assert len(present) == len(items)
    ordered = [it.contact_id for it in order_attention(present)]
    assert ordered == [
        # overdue statuses and late follow-ups, latest first
        "over100",  # 100 days past due
        "fu50",
        "over12",  # 42 days past due
        "fu2",
        # needs attention and follow-ups due today, latest first
        "need10",
        "need3",
        "fu0",
        # birthdays, soonest first
        "bday0",
        "bday5",
        # due soon, soonest first
        "soon2",
        "soon",
    ]


def test_order_attention_ties_are_deterministic() -> None:
    a = AttentionItem("2", "bob", "status", "x", 5.0)
    b = AttentionItem("1", "Alice", "status", "x", 5.0)
    c = AttentionItem("3", "Zed", "follow-up", "x", 5.0)
    d = AttentionItem("0", "alice", "status", "x", 5.0)
    assert [it.contact_id for it in order_attention([a, b, c, d])] == ["3", "0", "1", "2"]
    assert order_attention([]) == []


def test_order_attention_handles_extreme_lateness() -> None:
    ancient = attention_for_follow_up(
        contact_id="old", name="Old", due=date(1900, 1, 1), note="", today=TODAY
    )
    need = _status_item("need", "Need", cadence=30, elapsed=31)
    assert ancient is not None and need is not None
    assert [it.contact_id for it in order_attention([need, ancient])] == ["old", "need"]


# --------------------------------------------------------------------------- bulk paths


def test_attention_for_statuses_matches_attention_for_status_row_by_row() -> None:
    """The one-loop builder behind the full queue gives exactly the per-contact items:
    every field, including the float urgency (ties in it decide the order)."""
    rng = random.Random(3)
    rows = []
    expected = []
    for n in range(3000):
        cadence = rng.choice([1, 2, 3, 5, 7, 14, 30, 90, 365])
        # whole days, exact hours and odd milliseconds; far past and far future too
        anchor = NOW - rng.choice([
            rng.randint(0, 800) * DAY_MS,
            rng.randint(0, 800 * 24) * HOUR,
            rng.randint(-10 * DAY_MS, 900 * DAY_MS),
            rng.randint(10**12, 10**14) * 1000,  # clamps the urgency
        ])
        st = rng.choice(list(Status))
        cid, name = f"c{n}", rng.choice(["Ada", "ada", "Émile", "[b]x[/b]"])
        rows.append((cid, name, st.value, due_date_ms(anchor, cadence)))
        item = attention_for_status(
            contact_id=cid, name=name, status=st, now_ms=NOW, anchor_ms=anchor, cadence=cadence
        )
        if item is not None:
            expected.append(item)
    got = attention_for_statuses(rows, now_ms=NOW)
    assert len(expected) > 1000
    assert got == expected
    assert attention_for_statuses([], now_ms=NOW) == []


def _reference_order(items: list[AttentionItem]) -> list[AttentionItem]:
    kinds = {"follow-up": 0, "status": 1, "birthday": 2}
    return sorted(items, key=lambda it: (it.urgency, kinds.get(it.kind, 9),
                                         it.name.casefold(), it.contact_id))


def test_order_attention_matches_the_full_key_sort_with_many_ties() -> None:
    """Sorting on urgency, then ordering only the runs of equal urgency, is the same
    as one stable sort on (urgency, kind, name, id): ties of every depth, including
    items equal in all four (they keep their input order)."""
    rng = random.Random(5)
    for size in (0, 1, 2, 50, 2000):
        items = [
            AttentionItem(
                contact_id=rng.choice(["a", "b", "c"]),
                name=rng.choice(["Ada", "ada", "ADA", "Straße", "STRASSE", "Bob"]),
                kind=rng.choice(["status", "follow-up", "birthday"]),
                reason=f"r{n}",  # tells equal-key items apart
                urgency=rng.choice([0.0, -0.0, 1.5, 10_000_000.25, float(rng.randint(0, 30))]),
            )
            for n in range(size)
        ]
        assert [it.reason for it in order_attention(items)] == [
            it.reason for it in _reference_order(items)
        ]
    distinct = [AttentionItem(str(n), "x", "status", "", float(n)) for n in range(100)]
    rng.shuffle(distinct)
    assert [it.urgency for it in order_attention(distinct)] == [float(n) for n in range(100)]
