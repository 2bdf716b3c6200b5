"""What a save from the quick-log bar asks of SQLite (`Store.log_interaction`): the
benchmark's `quick-log save` row holds it to 3x one raw INSERT + UPDATE."""

from __future__ import annotations

import pytest

from devhub_tui.core.dates import DAY_MS
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000  # 2026-11-25


def test_a_save_reads_no_type_list_and_replaces_no_topics(db: Database, auth: Auth) -> None:
    store = Store(db, auth.create_user("alice", "password1").id, clock=FixedClock(NOW))
    cid = store.add_contact({"name": "Ada"})
    store.add_type("hackathon")
    statements: list[str] = []
    conn = db.conn()
    conn.set_trace_callback(statements.append)
    try:
        iid = store.log_interaction(cid, "Coffee", NOW - DAY_MS, "talked about #rust")
    finally:
        conn.set_trace_callback(None)
    assert statements  # the trace saw the save
    # a built-in type needs no query; a new interaction has no topics to delete
    assert not [s for s in statements if "interaction_types" in s]
    assert not [s for s in statements if s.lstrip().upper().startswith("DELETE")]
    assert store.interaction_topics(iid) == ["rust"]
    assert store.get_interaction(iid).type == "coffee"
    # the user's own types are still checked against the store
    assert store.get_interaction(store.log_interaction(cid, "Hackathon")).type == "hackathon"
    with pytest.raises(ValidationError, match="unknown interaction type 'teleport'"):
        store.log_interaction(cid, "teleport")
    other = Store(db, auth.create_user("bob", "password1").id, clock=FixedClock(NOW))
    bob_cid = other.add_contact({"name": "Bo"})
    with pytest.raises(ValidationError):  # alice's type is not bob's
        other.log_interaction(bob_cid, "hackathon")
