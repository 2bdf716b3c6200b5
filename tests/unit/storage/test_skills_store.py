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


def _network(a: Store) -> dict[str, str]:
    ids = {
        "ada": a.add_contact({"name": "Ada Lovelace", "industry": "Fintech",
                              "relationship": "mentor", "skills": ["rust", "k8s"]},
                             tags=["pycon-de-2026"]),
        "grace": a.add_contact({"name": "Grace Hopper", "industry": "fintech",
                                "relationship": "friend", "skills": ["rust"]}),
        "linus": a.add_contact({"name": "Linus", "industry": "os", "skills": ["c"]}),
    }
    a.log_interaction(ids["grace"], "coffee", NOW - DAY_MS, "talked about #wasm and #rust")
    a.log_interaction(ids["linus"], "call", NOW - DAY_MS, "kernel #c, no wasm here")
    return ids


def _names(rows: list) -> list[str]:
    return [c.name for c in rows]


def test_rows_carry_sorted_skills(two_users: tuple[Store, Store]) -> None:
    a, _ = two_users
    ids = _network(a)
    rows = a.list_contacts()
    assert {c.name: c.skills for c in rows} == {
        "Ada Lovelace": ["kubernetes", "rust"], "Grace Hopper": ["rust"], "Linus": ["c"]}
    assert a.get_contact(ids["ada"]).skills == ["kubernetes", "rust"]


def test_filters_and_query_syntax(two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    _network(a)
    assert _names(a.list_contacts(skills=["rust"])) == ["Ada Lovelace", "Grace Hopper"]
    assert _names(a.list_contacts(skills=["rust", "kube"])) == ["Ada Lovelace"]
    assert _names(a.list_contacts(industry="FINTECH", relationship="friend")) == [
        "Grace Hopper"]
    assert a.count_contacts(industry="fintech") == 2
    assert _names(a.list_contacts(search="skill:k8s")) == ["Ada Lovelace"]
    assert _names(a.list_contacts(search="topic:webassembly")) == ["Grace Hopper"]
    assert _names(a.list_contacts(search="topic:wasm skill:rust grace")) == ["Grace Hopper"]
    assert _names(a.list_contacts(search="topic:wasm ada")) == []
    assert _names(a.list_contacts(search='event:"PyCon DE 2026"')) == ["Ada Lovelace"]
    assert _names(a.list_contacts(search="industry:fintech relationship:mentor")) == [
        "Ada Lovelace"]
    assert _names(a.list_contacts(search="skill:<b>")) == []
    assert a.count_contacts(search="skill:rust") == 2
    # sorted another way, and counted, the same
    assert set(_names(a.list_contacts(search="skill:rust", sort="status"))) == {
        "Ada Lovelace", "Grace Hopper"}
    assert b.list_contacts(search="skill:rust") == []


def test_filters_without_fts(two_users: tuple[Store, Store]) -> None:
    a, _ = two_users
    _network(a)
    a.db.fts = False  # what a replica without FTS5 runs
    assert _names(a.list_contacts(search="skill:rust grace")) == ["Grace Hopper"]
    assert _names(a.list_contacts(search="topic:c kernel")) == ["Linus"]
