"""The service object screens and commands use: every query is scoped to one user.

`Store(db, user_id)` is the only way to reach contacts, interactions, follow-ups,
tags and VIP data. Each method is a short, blocking call (the app runs them in
thread workers) that takes this thread's connection from the `Database`.

It is composed of one part per aggregate, over a small base (`base.StoreBase`:
the user's scope through `scoped.UserScoped.select_own`, ownership checks and the
status recompute every write runs):

- `contacts` -- one contact (add, edit, delete, read), its tags and imported details;
- `search` -- lists and counts of contacts: filters, full-text search and the
  query syntax of core.query (`skill:rust topic:wasm ada`), paging;
- `skills` -- a contact's skills and the `#topics` of interaction notes (issue 20);
- `interactions` -- interactions and interaction types;
- `follow_ups` -- follow-ups;
- `vip` -- VIP background and contact info, the VIP list;
- `attention` -- cadence defaults, statuses (`status_sql`), snoozes, the attention queue;
- `stats` -- the dashboard's figures;
- `events` -- events, the people met there, conference mode (issue 20).
- `match` -- who knows a technology (match candidates), the tech stack (issue 20).
- `localtime` -- reachable hours and contacts' time zones (issue 21).

The rows they return are the dataclasses in `rows`; column lists come from
`storage.models`.
"""

from __future__ import annotations

from devhub_tui.storage.store.attention import AttentionMixin
from devhub_tui.storage.store.events import EventPerson, EventsMixin, EventSummary
from devhub_tui.storage.store.follow_ups import FollowUpsMixin
from devhub_tui.storage.store.interactions import InteractionsMixin
from devhub_tui.storage.store.localtime import LocalTimeMixin
from devhub_tui.storage.store.match import MatchMixin
from devhub_tui.storage.store.rows import (
    CONTACT_COLUMNS,
    CONTACT_FIELDS,
    SELECT_CONTACT,
    Contact,
    ContactExtras,
    FollowUp,
    Interaction,
    Stats,
    VipData,
)
from devhub_tui.storage.store.search import SORTS, ContactSearchMixin
from devhub_tui.storage.store.stats import StatsMixin
from devhub_tui.storage.store.status_sql import ANCHOR_SQL, CADENCE_SQL, PREF_KEYS
from devhub_tui.storage.store.vip import UPSERT_BACKGROUND, UPSERT_CONTACT_INFO, VipMixin

__all__ = [
    "ANCHOR_SQL",
    "CADENCE_SQL",
    "CONTACT_COLUMNS",
    "CONTACT_FIELDS",
    "PREF_KEYS",
    "SELECT_CONTACT",
    "SORTS",
    "UPSERT_BACKGROUND",
    "UPSERT_CONTACT_INFO",
    "Contact",
    "ContactExtras",
    "EventPerson",
    "EventSummary",
    "FollowUp",
    "Interaction",
    "Stats",
    "Store",
    "VipData",
]


class Store(
    ContactSearchMixin,
    InteractionsMixin,
    FollowUpsMixin,
    VipMixin,
    AttentionMixin,
    StatsMixin,
    EventsMixin,
    MatchMixin,
    LocalTimeMixin,
):
    """Everything one signed-in user can read and write."""
