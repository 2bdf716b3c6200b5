"""Tracks, their links to interactions and shared resources in the JSON backup
(issue 19): an exact round trip, a second account's own copy, nothing twice, and
bad records named."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from devhub_tui.core.dates import ms_to_date
from devhub_tui.core.records import FileFormatError
from devhub_tui.core.tracks import Goal
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import open_database
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import tracks_for
from devhub_tui.storage.tracks.links import contact_tracks, log_with_links, search_shared
from devhub_tui.storage.transfer import export_text, parse_text, run_import
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000 + 15 * 3_600_000
HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _store(tmp_path: Path, name: str, user: str = "ada") -> Store:
    db = open_database(tmp_path / f"{name}.db")
    return Store(db, Auth(db, hasher=HASHER).create_user(user, "password1").id,
                 clock=FixedClock(NOW))


def _fill(store: Store) -> dict[str, str]:
    t = tracks_for(store)
    ada = store.add_contact({"name": "Ada Lovelace"})
    bob = store.add_contact({"name": "Bob"})
    job = t.add("job", "Staff engineer @ Acme", [ada, bob], next_step="send references",
                next_due=ms_to_date(NOW) - dt.timedelta(days=1), amount_minor=12_000_000,
                currency="EUR", links=["https://acme.example/job"], notes="remote")
    store.clock.advance(60)  # type: ignore[attr-defined]
    t.move(job, "interviewing")
    mentor = t.add("mentorship", "Mentoring Bob", [bob], goals=[Goal("ship a PR", "half")])
    t.set_stages("collab", t.stages()["collab"].__class__(("idea", "writing"), ("out",)))
    t.add("collab", "Podcast", [ada], stage="writing")
    iid = log_with_links(store, ada, "interview", NOW - 3_600_000, "second round",
                         track_ids=[job], resources=[("https://rust.example/book", "Rust")])
    return {"ada": ada, "bob": bob, "job": job, "mentor": mentor, "interaction": iid}


def _without_time(text: str) -> dict[str, Any]:
    data = json.loads(text)
    data.pop("exported_at")
    return data


def test_round_trip_is_exact_and_importing_again_adds_nothing(tmp_path: Path) -> None:
    first_store = _store(tmp_path, "a")
    ids = _fill(first_store)
    first = export_text(first_store, "json")
    data = json.loads(first)
    assert data["version"] == 3
    assert [t["id"] for t in data["tracks"]] == sorted(t["id"] for t in data["tracks"])
    job = next(t for t in data["tracks"] if t["id"] == ids["job"])
    assert job["contacts"] == [ids["ada"], ids["bob"]]
    assert [(h["from_stage"], h["stage"]) for h in job["history"]] == [
        (None, "lead"), ("lead", "interviewing")]
    assert data["interaction_tracks"] == [{"interaction_id": ids["interaction"],
                                           "track_id": ids["job"]}]
    assert [(r["url"], r["title"]) for r in data["resources"]] == [
        ("https://rust.example/book", "Rust")]
    restored = _store(tmp_path, "b")
    report = run_import(restored, parse_text(first))
    assert report.others["tracks"] == 3 and report.others["resources"] == 1
    second = export_text(restored, "json")
    assert _without_time(second) == _without_time(first)
    rt = tracks_for(restored)
    assert rt.stages()["collab"].all == ("idea", "writing", "out")
    assert rt.get(ids["job"]).open and [i.track_id for i in restored.attention_queue()
                                        if i.kind == "next-step"] == [ids["job"]]
    again = run_import(restored, parse_text(first))
    assert (again.added, again.merged) == (0, 0) and not any(again.others.values())
    assert _without_time(export_text(restored, "json")) == _without_time(first)


def test_a_backup_into_another_account_of_the_same_file(tmp_path: Path) -> None:
    ada_store = _store(tmp_path, "a")
    ids = _fill(ada_store)
    text = export_text(ada_store, "json")
    before = _without_time(export_text(ada_store, "json"))
    auth = Auth(ada_store.db, hasher=HASHER)
    bob_store = Store(ada_store.db, auth.create_user("bob", "password1").id,
                      clock=FixedClock(NOW))
    report = run_import(bob_store, parse_text(text))
    assert report.others["tracks"] == 3
    mine = tracks_for(bob_store)
    got = {t.title: t for t in mine.list_tracks()}
    assert set(got) == {"Staff engineer @ Acme", "Mentoring Bob", "Podcast"}
    assert not {t.id for t in got.values()} & {ids["job"], ids["mentor"]}
    bob_ids = {c.id for c in bob_store.list_contacts()}
    assert {cid for t in got.values() for cid, _ in t.contacts} <= bob_ids
    ada_copy = next(c.id for c in bob_store.list_contacts() if c.name == "Ada Lovelace")
    assert [r.url for r in contact_tracks(mine, ada_copy).shared] == ["https://rust.example/book"]
    assert [r.contact_id for r in search_shared(mine, "rust")] == [ada_copy]
    assert _without_time(export_text(ada_store, "json")) == before  # ada's untouched
    again = run_import(bob_store, parse_text(text))
    assert again.added == 0 and not any(again.others.values())


def test_an_older_backup_reads_as_before(tmp_path: Path) -> None:
    store = _store(tmp_path, "a")
    _fill(store)
    data = json.loads(export_text(store, "json"))
    for key in ("tracks", "interaction_tracks", "resources"):
        data.pop(key)
    data["version"] = 2
    restored = _store(tmp_path, "b")
    report = run_import(restored, parse_text(json.dumps(data)))
    assert report.added == 2 and "tracks" not in report.others
    assert tracks_for(restored).list_tracks() == []


@pytest.mark.parametrize(("mutate", "fragment"), [
    (lambda d: d["tracks"][0].update(kind="gig"), "tracks[0] (id "),
    (lambda d: d["tracks"][0].update(kind="gig"), "kind must be one of job, client"),
    (lambda d: d["tracks"][0].update(title=""), "a track needs a title"),
    (lambda d: d["tracks"][0].update(currency="EURO", amount_minor=5), "unknown currency"),
    (lambda d: d["tracks"][0].update(amount_minor=None, currency="EUR"), "go together"),
    (lambda d: d["tracks"][0].update(next_due="soon"), "next_due must be a date"),
    (lambda d: d["tracks"][0].update(contacts=["nobody"]), "is not a contact in the backup"),
    (lambda d: d["tracks"][0].update(links=["javascript:x"]), "link"),
    (lambda d: d["tracks"][0]["history"][0].update(kind="moved"), "history[0]"),
    (lambda d: d["interaction_tracks"][0].update(track_id="nope"), "not a track in the"),
    (lambda d: d["resources"][0].update(url="ftp://x"), "resources[0]"),
])
def test_bad_track_records_are_named(tmp_path: Path, mutate: Any, fragment: str) -> None:
    store = _store(tmp_path, "a")
    _fill(store)
    data = json.loads(export_text(store, "json"))
    data["tracks"].sort(key=lambda t: t["title"] != "Staff engineer @ Acme")
    mutate(data)
    with pytest.raises(FileFormatError) as exc:
        parse_text(json.dumps(data))
    assert fragment in str(exc.value)
