"""The tracks of `devhub --demo` (issue 19): a job search, freelance clients, a
mentorship and a few collaborations, in every kind of stage, some with a next
step that is late, due today or coming, their history spread over the past
weeks, and an interaction linked to a track with a resource shared in it (the
interactions and the statuses they make are left as they were)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from devhub_tui.core.dates import DAY_MS
from devhub_tui.core.tracks import Goal
from devhub_tui.storage.tracks import tracks_for
from devhub_tui.storage.tracks.links import link_interaction, set_resources

__all__ = ["DEMO_TRACKS", "seed_demo_tracks"]

#: (kind, title, contacts, stages it went through, next step, due in days or None,
#:  amount in minor units or None, currency, goals)
DEMO_TRACKS: tuple[tuple[Any, ...], ...] = (
    ("job", "Staff engineer @ Kumo Cloud", ("Mei Tanaka", "Beatriz Lima"),
     ("lead", "applied", "interviewing"), "Send references", -1, 18_500_000, "EUR", ()),
    ("job", "Platform lead @ Fernweh", ("Jonas Becker",), ("lead", "applied"),
     "Follow up on the take-home", 3, None, None, ()),
    ("job", "Engineering manager @ Shopfront", ("Noah Williams",),
     ("lead", "applied", "interviewing", "offer", "declined"), "", None, 21_000_000, "CAD", ()),
    ("job", "Rust developer @ Rustacean Co", ("Diego Hernández",), ("lead",),
     "Ask Diego about the team", 0, None, None, ()),
    ("client", "Ledgerly payments dashboard", ("Kwame Mensah",),
     ("lead", "proposal", "active"), "Demo the reconciliation view", 2, 1_200_000, "USD", ()),
    ("client", "Vélo Labs fleet app", ("Lucas Martin",),
     ("lead", "proposal", "active", "invoiced"), "Chase invoice #12", -6, 850_000, "EUR", ()),
    ("client", "Trattoria Tech site", ("Mateo Rossi",), ("lead", "proposal", "active",
     "invoiced", "paid"), "", None, 300_000, "EUR", ()),
    ("mentorship", "Mentoring Amara", ("Amara Okafor",), ("active",),
     "Mock interview for the staff promo", 2, None, None,
     (("Staff promotion packet", "draft reviewed"), ("Lead the payments migration", ""))),
    ("collab", "KubeCon talk with Mei", ("Mei Tanaka",), ("idea", "in progress"),
     "Review her CFP draft", -1, None, None, ()),
    ("collab", "Rust tutorial with Priya", ("Priya Natarajan",), ("idea", "in progress"),
     "Finish the outline", 10, None, None, ()),
    ("collab", "Podcast on compilers", ("Ada Lovelace", "Hiroshi Sato"),
     ("idea", "in progress", "published"), "", None, None, None, ()),
)


def seed_demo_tracks(store: Any, ids: dict[str, str], today: _dt.date, moving: Any,
                     now: int) -> None:
    """Add the demo tracks (in the caller's transaction); `moving` is the store's
    settable clock, so each stage change gets its own day in the past."""
    tracks = tracks_for(store)
    for n, (kind, title, people, path, step, due_in, amount, currency, goals) in enumerate(
            DEMO_TRACKS):
        start = now - (len(path) * 9 + n) * DAY_MS
        moving.now = start
        tid = tracks.add(kind, title, [ids[p] for p in people], stage=path[0],
                         amount_minor=amount, currency=currency,
                         goals=[Goal(g, p) for g, p in goals])
        for i, stage in enumerate(path[1:], start=1):
            moving.now = start + i * 8 * DAY_MS
            tracks.move(tid, stage)
        moving.now = now - 3 * 3_600_000
        if step and due_in is not None:
            tracks.set_next(tid, step, today + _dt.timedelta(days=due_in))
        if title.startswith("Staff engineer"):  # their latest talk was about it
            latest = store.list_interactions(contact_id=ids[people[0]], limit=1)
            if latest:
                link_interaction(tracks, latest[0].id, tid)
                set_resources(tracks, latest[0].id,
                              [("https://sre.google/books/", "The SRE books")])
    moving.now = now
