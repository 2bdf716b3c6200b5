"""`devhub --demo` has tracks (issue 19): every kind, open and closed ones, next
steps late, due today and coming, a stage history, goals, and an interaction
linked to a track with a resource shared in it."""

from __future__ import annotations

from pathlib import Path

from devhub_tui.core.dates import ms_to_date
from devhub_tui.core.tracks import KINDS
from devhub_tui.services.demo import build_demo_store
from devhub_tui.storage.tracks import tracks_for
from devhub_tui.storage.tracks.links import contact_tracks, search_shared, track_interactions

from .test_demo import CLOCKS, FAST, _open


def test_the_demo_store_follows_tracks_of_every_kind(tmp_path: Path) -> None:
    now = CLOCKS[0]
    path = tmp_path / "demo.db"
    build_demo_store(path, lambda: now, hasher=FAST)
    store, _ = _open(path, now)
    try:
        today = ms_to_date(now)
        tracks = tracks_for(store)
        every = tracks.list_tracks()
        assert {t.kind for t in every} == set(KINDS)
        assert any(not t.open for t in every) and any(tracks.get(t.id).goals for t in every)
        steps = [i for i in store.attention_queue(today=today) if i.kind == "next-step"]
        assert {i.days for i in steps} >= {0, 1}  # due today and late
        assert tracks.upcoming(today)  # and coming
        staff = tracks.find("staff-engineer-kumo-cloud")
        assert [e.stage for e in tracks.history(staff.id)] == ["lead", "applied",
                                                               "interviewing"]
        assert len({e.at for e in tracks.history(staff.id)}) == 3  # each on its own day
        assert track_interactions(tracks, staff.id)
        mei = staff.contacts[0][0]
        assert [r.contact_id for r in search_shared(tracks, "sre books")] == [mei]
        assert contact_tracks(tracks, mei).open
    finally:
        store.db.close()
