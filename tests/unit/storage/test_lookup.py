"""Contacts by exact name and by id, scoped to the user."""

from __future__ import annotations

from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.lookup import contacts_by_id, contacts_named, detail, short_id
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock


def _stores(db: Database, auth: Auth, clock: FixedClock | None = None) -> tuple[Store, Store]:
    a = auth.create_user("alice", "password1")
    b = auth.create_user("bob", "password1")
    if clock is None:
        return Store(db, a.id), Store(db, b.id)
    return Store(db, a.id, clock=clock), Store(db, b.id, clock=clock)


def test_contacts_named_matches_the_whole_name_of_this_user_only(
    db: Database, auth: Auth
) -> None:
    # same-name contacts come oldest first; made in the same millisecond they would
    # come in the order of their random ids: the clock moves between them
    clock = FixedClock(1_767_225_600_000)
    alice, bob = _stores(db, auth, clock)
    first = alice.add_contact({"name": "Grace Hopper", "email": "grace@navy.mil"})
    clock.advance(1)
    second = alice.add_contact({"name": "grace hopper", "company": "Yale", "archived": True})
    alice.add_contact({"name": "Grace Hopper-Smith"})
    bob.add_contact({"name": "Grace Hopper"})
    assert [c.id for c in contacts_named(alice, "GRACE HOPPER")] == [first, second]
    assert [c.id for c in contacts_named(alice, " Grace Hopper ", exclude_id=first)] == [second]
    assert [c.id for c in contacts_named(alice, "Grace Hopper", limit=1)] == [first]
    assert contacts_named(alice, "Grace") == []
    assert [detail(c) for c in contacts_named(alice, "Grace Hopper")] == [
        "grace@navy.mil", "Yale"]
    [plain] = contacts_named(alice, "Grace Hopper-Smith")
    assert detail(plain) == f"id {short_id(plain.id)}" and len(short_id(plain.id)) == 8


def test_contacts_by_id_takes_the_id_or_its_first_8_or_more_characters(
    db: Database, auth: Auth
) -> None:
    alice, bob = _stores(db, auth)
    cid = alice.add_contact({"name": "Ada Lovelace"})
    other = bob.add_contact({"name": "Bob"})
    assert [c.id for c in contacts_by_id(alice, cid)] == [cid]
    assert [c.id for c in contacts_by_id(alice, cid[:8])] == [cid]
    assert [c.id for c in contacts_by_id(alice, cid[:12].upper())] == [cid]
    assert contacts_by_id(alice, cid[:7]) == []  # too short to be an id
    assert contacts_by_id(alice, other) == [] and contacts_by_id(alice, other[:8]) == []
    assert contacts_by_id(alice, "") == [] and contacts_by_id(alice, "Ada") == []
    # two ids starting alike: both come back, so the caller can ask for more of it
    with db.write() as c:
        for n, new in enumerate(("abcdef0011", "abcdef0022")):
            c.execute("UPDATE contacts SET id = ? WHERE id = ?",
                      (new, cid if n == 0 else alice.add_contact({"name": "X"})))
    assert [c.id for c in contacts_by_id(alice, "abcdef00")] == ["abcdef0011", "abcdef0022"]
    assert [c.id for c in contacts_by_id(alice, "abcdef0022")] == ["abcdef0022"]
