"""Events (issue 20): the list with counts, the people met there, follow-up-all,
conference mode's writes and prefs, and the scope of each user."""

from __future__ import annotations

import datetime as _dt
from typing import Any

import pytest

from devhub_tui.connect.store import ConnectStore
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000  # 2026-11-25
DUE = _dt.date(2026, 12, 1)


@pytest.fixture
def two_users(db: Database, auth: Auth) -> tuple[Store, Store]:
    clock = FixedClock(NOW)
    a = auth.create_user("alice", "password1")
    b = auth.create_user("bob", "password1")
    return Store(db, a.id, clock=clock), Store(db, b.id, clock=clock)


@pytest.fixture
def store(two_users: tuple[Store, Store]) -> Store:
    return two_users[0]


def test_events_from_the_table_quick_connect_and_tags_with_counts(store: Store) -> None:
    connect = ConnectStore(store.db, store.user_id, clock=store.clock)
    qc = connect.event_for("PyCon DE 2026", "Darmstadt")
    connect.create_token(qc, ttl_ms=60_000)
    store.save_event("RustFest 2026", location="Berlin")
    ada = store.add_contact({"name": "Ada"}, ["pycon-de-2026"])
    store.add_contact({"name": "Bob"}, ["pycon-de-2026", "kubecon-eu-2025"])
    store.add_contact({"name": "Cy"}, ["rust", "team-2"])  # not event-like tags
    store.add_follow_up(ada, DUE, "send slides")
    events = {e.name: e for e in store.list_events()}
    assert set(events) == {"PyCon DE 2026", "RustFest 2026", "kubecon-eu-2025"}
    pycon = events["PyCon DE 2026"]
    assert (pycon.source, pycon.location, pycon.met, pycon.without_follow_up) == (
        "quick-connect", "Darmstadt", 2, 1)
    assert (events["RustFest 2026"].source, events["RustFest 2026"].met) == ("manual", 0)
    assert (events["kubecon-eu-2025"].source, events["kubecon-eu-2025"].met) == ("tag", 1)


def test_find_event_by_name_any_case_or_tag_and_unknown(store: Store) -> None:
    store.save_event("PyCon 2026")
    assert store.find_event("pycon   2026").name == "PyCon 2026"
    assert store.find_event("pycon-2026").name == "PyCon 2026"
    with pytest.raises(NotFoundError, match="no event called 'JSConf'"):
        store.find_event("JSConf")


def test_contacts_at_event_and_the_search_filter(store: Store) -> None:
    store.save_event("PyCon 2026")
    a = store.capture_at_event("PyCon 2026", "Zed", "talked about wasm")
    b = store.capture_at_event("PyCon 2026", "amy", "")
    store.add_contact({"name": "Elsewhere"})
    store.add_follow_up(a, DUE)
    people = store.contacts_at_event("PyCon 2026")
    assert [p.contact.name for p in people] == ["amy", "Zed"]
    assert [p.next_follow_up for p in people] == [None, "2026-12-01"]
    where, params = store.event_filter('PyCon 2026')
    ids = {r[0] for r in store.db.conn().execute(
        f"SELECT c.id FROM contacts c WHERE {where}", params)}
    assert ids == {a, b}
    notes = [i.notes for i in store.list_interactions(contact_id=a)]
    assert notes == ["met at PyCon 2026\n\ntalked about wasm"]


def test_follow_up_everyone_met_there_who_has_none_open(store: Store) -> None:
    ids = [store.capture_at_event("PyCon 2026", n) for n in ("A", "B", "C")]
    store.add_follow_up(ids[0], DUE)
    done = store.add_follow_up(ids[1], DUE)
    store.update_follow_up(done, done=True)  # a done one does not count
    made, had = store.follow_up_event("pycon 2026", _dt.date(2026, 12, 2), "say hi")
    assert (made, had) == (2, 1)
    assert store.follow_up_event("PyCon 2026", _dt.date(2026, 12, 2)) == (0, 3)
    open_ = store.list_follow_ups(open_only=True)
    assert sorted((f.contact_id, f.due, f.note) for f in open_ if f.due == "2026-12-02") == sorted(
        (cid, "2026-12-02", "say hi") for cid in ids[1:])
    assert store.list_events()[0].without_follow_up == 0


def test_save_event_updates_and_refuses_bad_dates(store: Store) -> None:
    assert store.save_event("PyCon 2026") == ("PyCon 2026", True)
    assert store.save_event("pycon 2026", location="Berlin", starts_at=NOW) == (
        "PyCon 2026", False)
    e = store.find_event("PyCon 2026")
    assert (e.location, e.starts_at) == ("Berlin", NOW)
    with pytest.raises(ValidationError, match="ends before it starts"):
        store.save_event("PyCon 2026", ends_at=NOW - 1)
    with pytest.raises(ValidationError, match="an event needs a name"):
        store.save_event("   ")


def test_conference_pref_is_per_account(two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    assert a.active_conference() is None
    assert a.set_active_conference("PyCon 2026") == "PyCon 2026"
    assert a.active_conference() == "PyCon 2026"
    assert b.active_conference() is None
    assert [e.name for e in a.list_events()] == ["PyCon 2026"]
    assert b.list_events() == []
    a.set_active_conference(None)
    assert a.active_conference() is None
    assert [e.name for e in a.list_events()] == ["PyCon 2026"]  # leaving loses nothing


def test_other_users_event_people_are_invisible(two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    a.capture_at_event("PyCon 2026", "Ada")
    b.save_event("PyCon 2026")
    assert b.contacts_at_event("PyCon 2026") == []
    assert b.follow_up_event("PyCon 2026", DUE) == (0, 0)
    with pytest.raises(NotFoundError):
        b.tag_with_event(a.contacts_at_event("PyCon 2026")[0].contact.id, "PyCon 2026")


def test_events_and_conference_mode_survive_a_backup_round_trip(
        store: Store, tmp_path: Any) -> None:
    from argon2 import PasswordHasher

    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.transfer import export_text, parse_text, run_import

    store.save_event("PyCon 2026", location="Berlin", starts_at=NOW)
    ada = store.capture_at_event("PyCon 2026", "Ada", "wasm")
    store.add_follow_up(ada, DUE)
    store.capture_at_event("PyCon 2026", "Bob")
    store.set_active_conference("PyCon 2026")
    text = export_text(store, "json")
    db2 = open_database(tmp_path / "restored.db")
    try:
        auth = Auth(db2, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        restored = Store(db2, auth.create_user("ada", "password1").id, clock=store.clock)
        run_import(restored, parse_text(text))
        assert restored.list_events() == store.list_events()
        assert restored.active_conference() == "PyCon 2026"
        assert [p.next_follow_up for p in restored.contacts_at_event("PyCon 2026")] == [
            "2026-12-01", None]
    finally:
        db2.close()
