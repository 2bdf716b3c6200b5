"""Skills on contacts and topics on interactions (migration 7), scoped per user."""

from __future__ import annotations

import pytest

from devhub_tui.core.dates import DAY_MS
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000  # 2026-11-25


@pytest.fixture
def two_users(db: Database, auth: Auth) -> tuple[Store, Store]:
    clock = FixedClock(NOW)
    a = auth.create_user("alice", "password1")
    b = auth.create_user("bob", "password1")
    return Store(db, a.id, clock=clock), Store(db, b.id, clock=clock)


def test_skills_are_added_replaced_changed_and_scoped(two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    cid = a.add_contact({"name": "Ada", "skills": ["Rust", "k8s", "rust"]})
    assert a.contact_skills(cid) == ["kubernetes", "rust"]
    a.update_contact(cid, {"company": "Engines"})  # no "skills": kept
    assert a.contact_skills(cid) == ["kubernetes", "rust"]
    a.update_contact(cid, {"skills": ["golang"]})  # given: replaced
    assert a.contact_skills(cid) == ["go"]
    assert a.change_skills(cid, add=["ts", "py"], remove=["go"]) == ["python", "typescript"]
    assert b.contact_skills(cid) == []
    with pytest.raises(NotFoundError):
        b.set_skills(cid, ["rust"])
    with pytest.raises(NotFoundError):
        b.change_skills(cid, add=["rust"])
    a.delete_contact(cid)
    assert a.contact_skills(cid) == []


def test_topics_follow_the_note(two_users: tuple[Store, Store], db: Database) -> None:
    a, _ = two_users
    cid = a.add_contact({"name": "Ada"})
    iid = a.log_interaction(cid, "coffee", NOW - DAY_MS, "talked about #rust and #wasm")
    assert a.interaction_topics(iid) == ["rust", "webassembly"]
    a.update_interaction(iid, notes="now #golang only")
    assert a.interaction_topics(iid) == ["go"]
    a.update_interaction(iid, type_="call")  # the note unchanged: topics kept
    assert a.interaction_topics(iid) == ["go"]
    a.delete_interaction(iid)
    with db.read() as c:
        assert c.execute("SELECT count(*) FROM interaction_topics").fetchone()[0] == 0
