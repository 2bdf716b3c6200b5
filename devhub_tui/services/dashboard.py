"""What the dashboard shows, loaded in one go (no Textual here).

`load_dashboard` runs in a thread: in the dashboard's worker, or at start-up in
`startup.Preopen` while Textual is still importing (see `startup.py`).
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field

from devhub_tui.core.dates import ms_to_date
from devhub_tui.core.localtime import DEFAULT_HOURS, ReachableHours
from devhub_tui.core.status import AttentionItem
from devhub_tui.storage.errors import OfflineError
from devhub_tui.storage.store import Contact, FollowUp, Interaction, Stats, Store
from devhub_tui.storage.tracks import Track, tracks_for

#: The dashboard shows the head of the queue; `devhub due` lists everyone.
QUEUE_ROWS = 100
#: Rows of each list in the right column: what fits under its header without
#: scrolling (app.tcss: max-height 8); the full lists are a key away.
SIDE_ROWS = 7


@dataclass
class DashboardData:
    queue: list[AttentionItem]
    stats: Stats
    follow_ups: list[FollowUp]
    recent: list[Interaction]
    vips: list[Contact]
    today: _dt.date
    now: int
    #: open tracks' next steps due after today, soonest first (issue 19; the due
    #: ones are in the queue)
    next_steps: list[Track] = field(default_factory=list)
    #: issue 21: {contact id: IANA zone} of the queue's contacts that have one (only
    #: those rows: the screen works out "02:14 there" for what it shows), and the
    #: account's reachable hours
    zones: dict[str, str] = field(default_factory=dict)
    hours: ReachableHours = DEFAULT_HOURS


def load_dashboard(store: Store, *, recompute: bool) -> DashboardData:
    """Statuses (recomputed first on launch), the head of the attention queue (with
    its contacts' time zones), stats, upcoming follow-ups, recent interactions and the
    most urgent VIPs."""
    now = store.clock()
    today = ms_to_date(now)
    if recompute:
        try:
            store.refresh_statuses()
        except OfflineError:
            pass  # a read-only replica: show the statuses as last saved
    queue = store.attention_queue(today=today, limit=QUEUE_ROWS)
    zones = store.contact_timezones([item.contact_id for item in queue]) if queue else {}
    return DashboardData(
        queue=queue,
        stats=store.stats(today=today),
        follow_ups=[f for f in store.list_follow_ups(open_only=True, limit=50)
                    if f.due > today.isoformat()][:SIDE_ROWS],
        recent=store.list_interactions(limit=SIDE_ROWS),
        vips=store.list_contacts(vip=True, sort="status", limit=SIDE_ROWS),
        today=today,
        now=now,
        next_steps=tracks_for(store).upcoming(today, SIDE_ROWS),
        zones=zones,
        hours=store.reachable_hours() if zones else DEFAULT_HOURS,
    )
