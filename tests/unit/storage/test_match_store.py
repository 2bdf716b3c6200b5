"""The match candidates and the tech stack (issue 20): one statement each, scoped to
the user, archived contacts left out."""

from __future__ import annotations

import pytest

from devhub_tui.core.dates import DAY_MS
from devhub_tui.services.match_view import find_matches
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from devhub_tui.storage.store.match import StackRow
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000  # 2026-11-25


@pytest.fixture
def stores(db: Database, auth: Auth) -> tuple[Store, Store]:
    clock = FixedClock(NOW)
    a = auth.create_user("alice", "password1")
    b = auth.create_user("bob", "password1")
    return Store(db, a.id, clock=clock), Store(db, b.id, clock=clock)


def network(s: Store) -> dict[str, str]:
    ids = {
        "ada": s.add_contact({"name": "Ada", "skills": ["rust", "wasm"],
                              "timezone": "Europe/Berlin"}),
        "bob": s.add_contact({"name": "Bob", "skills": ["rust", "go"], "location": "Paris"}),
        "cy": s.add_contact({"name": "Cy", "skills": ["python"]}),
        "old": s.add_contact({"name": "Archived Al", "skills": ["rust"], "archived": True}),
        "dee": s.add_contact({"name": "Dee"}),
    }
    s.log_interaction(ids["ada"], "call", NOW - 3 * DAY_MS, "talked #rust")
    s.log_interaction(ids["ada"], "call", NOW - 200 * DAY_MS, "")
    s.log_interaction(ids["ada"], "call", NOW - 500 * DAY_MS, "")
    s.log_interaction(ids["dee"], "coffee", NOW - 120 * DAY_MS, "about #wasm and #go")
    s.log_interaction(ids["cy"], "coffee", NOW - 10 * DAY_MS, "#python #rust #rust")
    s.log_interaction(ids["cy"], "coffee", NOW - 11 * DAY_MS, "#rust again")
    return ids


def test_candidates_carry_matches_talks_and_place(stores: tuple[Store, Store]) -> None:
    a, b = stores
    ids = network(a)
    b.add_contact({"name": "Bob's rustacean", "skills": ["rust"]})
    got = {c.name: c for c in a.match_candidates(["rust", "webassembly"])}
    assert set(got) == {"Ada", "Bob", "Cy", "Dee"}  # not archived, not bob's, not skill-less
    ada = got["Ada"]
    assert ada.contact_id == ids["ada"]
    assert ada.skills == ("rust", "webassembly") and ada.topics == ("rust",)
    assert ada.talks_year == 2 and ada.last_contacted == NOW - 3 * DAY_MS
    assert ada.timezone == "Europe/Berlin"
    assert got["Bob"].skills == ("rust",) and got["Bob"].topics == ()
    assert got["Bob"].location == "Paris" and got["Bob"].talks_year == 0
    assert got["Cy"].skills == () and got["Cy"].topics == ("rust",)  # two talks, one topic
    assert got["Dee"].topics == ("webassembly",)
    assert a.match_candidates([]) == []
    assert a.match_candidates(["cobol"]) == []


def test_find_matches_ranks_through_core(stores: tuple[Store, Store]) -> None:
    a, _ = stores
    network(a)
    result = find_matches(a, "rust wasm", near="berlin")
    assert result.asked == ["rust", "webassembly"]
    assert [m.name for m in result.matches] == ["Ada", "Bob", "Cy", "Dee"]
    assert result.matches[0].reasons[-1] == "same time zone"
    assert find_matches(a, "rust wasm", limit=1).found == 4


def test_tech_stack_counts_shares_and_recent(stores: tuple[Store, Store]) -> None:
    a, b = stores
    network(a)
    b.add_contact({"name": "Other", "skills": ["rust", "cobol"]})
    stack = a.tech_stack()
    assert stack.total == 4 and stack.distinct == 4  # Archived Al counts nowhere
    assert stack.rows == [StackRow("rust", 2, 1), StackRow("go", 1, 0),
                          StackRow("python", 1, 1), StackRow("webassembly", 1, 1)]
    assert stack.share(stack.rows[0]) == 0.5
    topics = a.tech_stack(topics=True)
    # rust: Ada (3 days) and Cy; python: Cy; webassembly and go: Dee, 120 days ago
    assert topics.rows == [StackRow("rust", 2, 2), StackRow("go", 1, 0),
                           StackRow("python", 1, 1), StackRow("webassembly", 1, 0)]
    assert a.tech_stack(limit=1).rows == [StackRow("rust", 2, 1)]
    assert a.tech_stack(limit=1).distinct == 4


def test_stack_contacts(stores: tuple[Store, Store]) -> None:
    a, _ = stores
    ids = network(a)
    assert [p.name for p in a.stack_contacts("rust")] == ["Ada", "Bob"]
    assert [p.contact_id for p in a.stack_contacts("rust", topics=True)] == [
        ids["ada"], ids["cy"]]
    assert a.stack_contacts("cobol") == []


def test_empty_store(stores: tuple[Store, Store]) -> None:
    a, _ = stores
    stack = a.tech_stack()
    assert stack.rows == [] and stack.total == 0 and stack.distinct == 0
