"""The reminder rules of PRODUCT.md §2: cadences, contact status, the attention queue.

All timestamps are UTC epoch milliseconds. Nothing here reads the clock: pass
``now_ms`` / ``today``.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from operator import attrgetter
from typing import Literal

from devhub_tui.core.dates import (
    DAY_MS,
    DateWordError,
    birthday_age,
    date_to_ms,
    next_birthday,
)

__all__ = [
    "BIRTHDAY_WINDOW_DAYS",
    "STATUS_LABELS",
    "STATUS_ORDER",
    "AttentionItem",
    "AttentionKind",
    "CadenceDefaults",
    "Status",
    "anchor_ms",
    "attention_for_birthday",
    "attention_for_follow_up",
    "attention_for_status",
    "attention_for_statuses",
    "attention_reason_birthday",
    "attention_reason_follow_up",
    "attention_reason_status",
    "compute_status",
    "days_overdue",
    "days_past_due",
    "due_date_ms",
    "due_soon_window_days",
    "effective_cadence",
    "order_attention",
]


class Status(StrEnum):
    OK = "ok"
    DUE_SOON = "due-soon"
    NEEDS_ATTENTION = "needs-attention"
    OVERDUE = "overdue"
    SNOOZED = "snoozed"
    PAUSED = "paused"


#: Urgency rank of each status, most urgent first (sort key).
STATUS_ORDER: dict[Status, int] = {
    Status.OVERDUE: 0,
    Status.NEEDS_ATTENTION: 1,
    Status.DUE_SOON: 2,
    Status.OK: 3,
    Status.SNOOZED: 4,
    Status.PAUSED: 5,
}

#: Human words for each status, for display.
STATUS_LABELS: dict[Status, str] = {
    Status.OVERDUE: "overdue",
    Status.NEEDS_ATTENTION: "needs attention",
    Status.DUE_SOON: "due soon",
    Status.OK: "ok",
    Status.SNOOZED: "snoozed",
    Status.PAUSED: "paused",
}


@dataclass(frozen=True)
class CadenceDefaults:
    """Default cadences in days (a user preference). A value <= 0 switches reminders off."""

    vip: int = 14
    high: int = 14
    normal: int = 30
    low: int = 90


def effective_cadence(
    cadence_days: int | None, vip: bool, importance: str, defaults: CadenceDefaults
) -> int | None:
    """The cadence in days that applies to a contact, or ``None`` when reminders are off.

    * ``cadence_days`` set and > 0: that value.
    * ``cadence_days == 0`` (or negative, which validation never stores): switched off.
    * ``cadence_days is None``: the default -- ``defaults.vip`` for VIPs, otherwise by
      importance (``high``/``normal``/``low``; an unknown importance counts as
      ``normal``). A default <= 0 also means off.
    """
    if cadence_days is not None:
        return cadence_days if cadence_days > 0 else None
    if vip:
        value = defaults.vip
    else:
        value = {"high": defaults.high, "low": defaults.low}.get(
            importance.strip().lower() if importance else "normal", defaults.normal
        )
    return value if value > 0 else None


def due_soon_window_days(cadence: int) -> float:
    """Length of the due-soon window: 7 days, or a quarter of the cadence if smaller."""
    return min(7.0, cadence / 4)


def anchor_ms(*, last_contacted: int | None, created_at: int, snoozed_until: int | None) -> int:
    """Where the cadence clock starts: ``last_contacted`` (or ``created_at`` if never
    contacted), pushed forward to ``snoozed_until`` when a snooze has been set."""
    anchor = last_contacted if last_contacted is not None else created_at
    if snoozed_until is not None:
        anchor = max(anchor, snoozed_until)
    return anchor


def due_date_ms(anchor_ms: int, cadence: int) -> int:
    """When the cadence runs out: ``anchor + cadence days`` (status becomes needs-attention)."""
    return anchor_ms + cadence * DAY_MS


def days_past_due(*, now_ms: int, anchor_ms: int, cadence: int) -> int:
    """Whole days since the cadence ran out (negative = whole days still left, floor).

    This is the number behind "overdue by N days" / "N days past cadence".
    """
    return (now_ms - due_date_ms(anchor_ms, cadence)) // DAY_MS


#: Alias of :func:`days_past_due`.
days_overdue = days_past_due


def compute_status(
    *,
    now_ms: int,
    last_contacted: int | None,
    created_at: int,
    cadence: int | None,
    snoozed_until: int | None,
    archived: bool,
) -> Status:
    """A contact's status, exactly per PRODUCT.md §2.

    Checked in this order:

    1. ``archived`` or ``cadence is None`` (switched off) -> ``paused``;
    2. ``snoozed_until > now_ms`` -> ``snoozed`` (at the very instant ``snoozed_until``
       the snooze is over);
    3. otherwise with ``anchor`` = :func:`anchor_ms` (a past snooze restarts the clock
       from ``snoozed_until`` unless an interaction is newer) and
       ``elapsed = (now_ms - anchor) / DAY`` as a float:

       * ``elapsed >= 2 * cadence`` -> ``overdue``
       * ``elapsed >= cadence`` -> ``needs-attention``
       * ``elapsed >= cadence - due_soon_window_days(cadence)`` -> ``due-soon``
       * else ``ok`` (also when ``elapsed`` is negative, e.g. a future-dated anchor).

    Every boundary is inclusive on the more urgent side: exactly ``cadence`` days
    after the anchor is already needs-attention, exactly ``2 * cadence`` is overdue.
    A non-positive ``cadence`` is treated as switched off (``paused``).
    """
    if archived or cadence is None or cadence <= 0:
        return Status.PAUSED
    if snoozed_until is not None and snoozed_until > now_ms:
        return Status.SNOOZED
    anchor = anchor_ms(
        last_contacted=last_contacted, created_at=created_at, snoozed_until=snoozed_until
    )
    elapsed = (now_ms - anchor) / DAY_MS
    if elapsed >= 2 * cadence:
        return Status.OVERDUE
    if elapsed >= cadence:
        return Status.NEEDS_ATTENTION
    if elapsed >= cadence - due_soon_window_days(cadence):
        return Status.DUE_SOON
    return Status.OK


# --------------------------------------------------------------------------- attention queue

AttentionKind = Literal["status", "follow-up", "birthday", "next-step"]  # next-step: issue 19

#: Birthdays this many days ahead (inclusive; 0 = today) join the attention queue.
BIRTHDAY_WINDOW_DAYS = 14

# Urgency = tier * _TIER + position within the tier (clamped), lower = more urgent.
_TIER = 10_000_000.0
_CLAMP = 1_000_000.0
_TIER_LATE = 0  # overdue statuses and follow-ups at least a day late: most late first
_TIER_ATTENTION = 1  # needs-attention statuses, follow-ups due today: most late first
_TIER_BIRTHDAY = 2  # birthdays in the window: soonest first
_TIER_DUE_SOON = 3  # due-soon statuses: soonest due first
_KIND_ORDER: dict[str, int] = {"follow-up": 0, "next-step": 1, "status": 2, "birthday": 3}


def _urgency(tier: int, within: float) -> float:
    return tier * _TIER + max(-_CLAMP, min(_CLAMP, within))


@dataclass
class AttentionItem:
    """One row of the attention queue (dashboard, ``devhub due``).

    ``days`` is signed: for ``status`` and ``follow-up`` items it is days past due
    (>= 0 late; negative = days still left, only for due-soon); for ``birthday`` items
    it is days until the birthday (0 = today). ``due_ms`` is when the item is/was due
    (UTC ms; for dates, their UTC midnight). ``urgency``: lower = more urgent; use
    :func:`order_attention` rather than comparing it yourself.
    """

    contact_id: str
    name: str
    kind: AttentionKind
    reason: str
    urgency: float
    days: int = 0
    due_ms: int | None = None
    status: Status | None = None
    follow_up_id: str | None = None
    age: int | None = None
    #: a ``next-step`` item's track (issue 19; core.tracks.attention_for_next_step)
    track_id: str | None = None


def _days_phrase(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


def attention_reason_status(status: Status, days_past: int) -> str:
    """Reason text for a status item; ``days_past`` as from :func:`days_past_due`.

    ``"overdue by 12 days"``, ``"needs attention (3 days past cadence)"``,
    ``"needs attention (due today)"``, ``"due soon (in 2 days)"``, ``"due soon (today)"``;
    other statuses give their label.
    """
    if status is Status.OVERDUE:
        return f"overdue by {_days_phrase(max(days_past, 0))}"
    if status is Status.NEEDS_ATTENTION:
        if days_past <= 0:
            return "needs attention (due today)"
        return f"needs attention ({_days_phrase(days_past)} past cadence)"
    if status is Status.DUE_SOON:
        left = -days_past
        return "due soon (today)" if left <= 0 else f"due soon (in {_days_phrase(left)})"
    return STATUS_LABELS[status]


def attention_reason_follow_up(days_late: int, note: str = "") -> str:
    """``"follow-up due 2 days ago: send slides"``, ``"follow-up due yesterday"``,
    ``"follow-up due today: ..."``, ``"follow-up due in 3 days: ..."``."""
    if days_late == 0:
        when = "today"
    elif days_late == 1:
        when = "yesterday"
    elif days_late > 1:
        when = f"{days_late} days ago"
    elif days_late == -1:
        when = "tomorrow"
    else:
        when = f"in {-days_late} days"
    note = " ".join(note.split())
    return f"follow-up due {when}: {note}" if note else f"follow-up due {when}"


def attention_reason_birthday(days_until: int, age: int | None = None) -> str:
    """``"birthday today"``, ``"birthday tomorrow (turns 40)"``,
    ``"birthday in 5 days (turns 40)"``.

    ``age`` is the age they turn on that day (``None`` when the year is unknown).
    """
    if days_until <= 0:
        text = "birthday today"
    elif days_until == 1:
        text = "birthday tomorrow"
    else:
        text = f"birthday in {days_until} days"
    return f"{text} (turns {age})" if age is not None else text


def attention_for_status(
    *,
    contact_id: str,
    name: str,
    status: Status,
    now_ms: int,
    anchor_ms: int,
    cadence: int | None,
) -> AttentionItem | None:
    """The attention item for a contact's status, or ``None`` for ok/snoozed/paused.

    ``anchor_ms`` comes from :func:`anchor_ms`; ``cadence`` from :func:`effective_cadence`.
    """
    if status not in (Status.OVERDUE, Status.NEEDS_ATTENTION, Status.DUE_SOON):
        return None
    if cadence is None or cadence <= 0:
        return None
    due = due_date_ms(anchor_ms, cadence)
    past = days_past_due(now_ms=now_ms, anchor_ms=anchor_ms, cadence=cadence)
    exact_past = (now_ms - due) / DAY_MS
    if status is Status.OVERDUE:
        urgency = _urgency(_TIER_LATE, -exact_past)
    elif status is Status.NEEDS_ATTENTION:
        urgency = _urgency(_TIER_ATTENTION, -exact_past)
    else:
        urgency = _urgency(_TIER_DUE_SOON, -exact_past)
        # show whole days left rounded up: 2.3 days left reads "in 3 days"
        past = -math.ceil(-exact_past)
    return AttentionItem(
        contact_id=contact_id,
        name=name,
        kind="status",
        reason=attention_reason_status(status, past),
        urgency=urgency,
        days=past,
        due_ms=due,
        status=status,
    )


def attention_for_follow_up(
    *,
    contact_id: str,
    name: str,
    due: _dt.date,
    note: str,
    today: _dt.date,
    follow_up_id: str | None = None,
) -> AttentionItem | None:
    """The attention item for an open follow-up, or ``None`` while it is not yet due.

    A follow-up joins the queue on its due day (``due <= today``): due today ranks
    with needs-attention, one day late or more ranks with overdue, latest first.
    Callers skip follow-ups that are done.
    """
    late = (today - due).days
    if late < 0:
        return None
    tier = _TIER_LATE if late >= 1 else _TIER_ATTENTION
    return AttentionItem(
        contact_id=contact_id,
        name=name,
        kind="follow-up",
        reason=attention_reason_follow_up(late, note),
        urgency=_urgency(tier, -float(late)),
        days=late,
        due_ms=date_to_ms(due),
        follow_up_id=follow_up_id,
    )


def attention_for_birthday(
    *,
    contact_id: str,
    name: str,
    birthday: str | None,
    today: _dt.date,
    window_days: int = BIRTHDAY_WINDOW_DAYS,
) -> AttentionItem | None:
    """The attention item for a birthday within ``window_days`` (inclusive), else ``None``.

    An empty or invalid stored birthday gives ``None`` (never raises), so one bad
    row can't break the dashboard.
    """
    if not birthday:
        return None
    try:
        when = next_birthday(birthday, today)
        age = birthday_age(birthday, when)
    except DateWordError:
        return None
    days_until = (when - today).days
    if days_until > window_days:
        return None
    return AttentionItem(
        contact_id=contact_id,
        name=name,
        kind="birthday",
        reason=attention_reason_birthday(days_until, age),
        urgency=_urgency(_TIER_BIRTHDAY, float(days_until)),
        days=days_until,
        due_ms=date_to_ms(when),
        age=age,
    )


def attention_for_statuses(
    rows: Iterable[tuple[str, str, str, int]], *, now_ms: int
) -> list[AttentionItem]:
    """:func:`attention_for_status` for many contacts at once, in one tight loop.

    ``rows`` are ``(contact_id, name, status, due_ms)`` with ``status`` one of
    ``overdue``/``needs-attention``/``due-soon`` and ``due_ms`` =
    :func:`due_date_ms` of the contact's anchor and (positive) cadence; other rows
    are skipped. Gives exactly the items :func:`attention_for_status` gives one by
    one (a test checks it), without its per-row calls: the full queue of 100k
    contacts holds ~30k of them. Reason texts repeat (one per status and day count)
    and are shared.
    """
    overdue, attention, due_soon = Status.OVERDUE, Status.NEEDS_ATTENTION, Status.DUE_SOON
    by_value = {overdue.value: overdue, attention.value: attention, due_soon.value: due_soon}
    late_base = _TIER_LATE * _TIER
    attention_base = _TIER_ATTENTION * _TIER
    soon_base = _TIER_DUE_SOON * _TIER
    lo, hi = -_CLAMP, _CLAMP
    reasons: dict[tuple[Status, int], str] = {}
    ceil = math.ceil
    item = AttentionItem
    out: list[AttentionItem] = []
    append = out.append
    for contact_id, name, value, due in rows:
        status = by_value.get(value)
        if status is None:
            continue
        delta = now_ms - due
        exact_past = delta / DAY_MS
        within = -exact_past
        within = lo if within < lo else hi if within > hi else within
        if status is due_soon:
            urgency = soon_base + within
            past = -ceil(-exact_past)
        else:
            urgency = (late_base if status is overdue else attention_base) + within
            past = delta // DAY_MS
        reason = reasons.get((status, past))
        if reason is None:
            reason = reasons[(status, past)] = attention_reason_status(status, past)
        append(item(contact_id, name, "status", reason, urgency, past, due, status))
    return out


_BY_URGENCY = attrgetter("urgency")


def _tie_key(it: AttentionItem) -> tuple[int, str, str]:
    return (_KIND_ORDER.get(it.kind, 9), it.name.casefold(), it.contact_id)


def order_attention(items: Iterable[AttentionItem]) -> list[AttentionItem]:
    """The queue, most urgent first.

    Tiers: (1) overdue statuses and follow-ups at least a day late, latest first;
    (2) needs-attention statuses and follow-ups due today, latest first;
    (3) birthdays, soonest first; (4) due-soon statuses, soonest due first.
    Ties: follow-up before status before birthday, then name (case-insensitive),
    then contact id -- so the order is fully deterministic. A contact may appear
    more than once (e.g. overdue and a late follow-up); callers may group by
    ``contact_id`` if they want one row per person.
    """
    # Sorting on the urgency alone is cheap (no key tuple, no casefold per item);
    # the rare runs of equal urgency are then ordered by the tie rules. Both sorts
    # are stable, so this is exactly sorted(items, key=(urgency, kind, name, id)).
    out = sorted(items, key=_BY_URGENCY)
    n = len(out)
    if n < 2 or len(set(map(_BY_URGENCY, out))) == n:
        return out
    start = 0
    for i in range(1, n + 1):
        if i == n or out[i].urgency != out[start].urgency:
            if i - start > 1:
                out[start:i] = sorted(out[start:i], key=_tie_key)
            start = i
    return out
