"""The session (`services/session.py`): opening the store and resuming the sign-in in
one place, the signed-in store, the contact index and the change signal that the
app's screens listen to. No Textual in it."""

from __future__ import annotations

import gc
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.core.validation import ValidationError
from devhub_tui.services.session import Change, Session, SignedOutError
from devhub_tui.storage import auth as auth_module
from devhub_tui.storage.db import open_database
from devhub_tui.storage.session_file import load_secret
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock

NOW = 1_796_385_600_000  # 2026-12-04 12:00 UTC


@pytest.fixture
def session(signed_in_store: Store, db_path: Path) -> Iterator[Session]:
    """Ada's store opened again by a session, as the app and the CLI open it."""
    opened = Session(db_path, clock=FixedClock(NOW)).open()
    yield opened
    opened.close()


def test_open_resumes_the_saved_sign_in(session: Session, signed_in_store: Store) -> None:
    assert session.user is not None and session.user.username == "ada"
    assert session.signed_in and session.user_count == 1
    assert session.store.user_id == signed_in_store.user_id
    assert session.store.clock() == NOW  # the session's clock reaches its store


def test_without_a_saved_session_nobody_is_signed_in(db_path: Path) -> None:
    session = Session(db_path).open()
    try:
        assert session.user is None and not session.signed_in and session.user_count == 0
        with pytest.raises(SignedOutError):
            session.store  # noqa: B018 - the property raises
        assert session.check_external(force=True) is False  # nothing to refresh
    finally:
        session.close()


def test_sign_in_saves_the_secret_and_sign_out_ends_it(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(auth_module, "default_hasher",
                        lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    first = Session(db_path).open()
    try:
        user = first.sign_in(lambda auth: auth.create_user("grace", "password1"))
        assert first.user == user and first.signed_in and load_secret(db_path)
        again = Session(db_path).open()  # the next launch (or CLI command) goes straight in
        assert again.user == user
        assert again.sign_out() is True
        assert again.user is None and not again.signed_in and load_secret(db_path) is None
        assert again.sign_out() is False  # nothing left to end
        assert Session(db_path).open().user is None
    finally:
        first.close()


def test_a_write_is_one_change_and_a_refused_write_none(session: Session) -> None:
    heard: list[Change] = []
    session.subscribe(heard.append)
    cid = session.write(session.store.add_contact, {"name": "Ada Lovelace"})
    assert heard == [Change(1, local=True)] and session.version == 1
    session.log_interaction(cid, "coffee", NOW, "rust")
    assert heard[-1] == Change(2, local=True)
    with pytest.raises(ValidationError):
        session.write(session.store.add_contact, {"name": "   "})
    assert session.version == 2 and len(heard) == 2


def test_subscribers_hear_on_the_writing_thread_until_they_unsubscribe(
    session: Session,
) -> None:
    threads: list[int] = []
    stop = session.subscribe(lambda change: threads.append(threading.get_ident()))
    writer = threading.Thread(
        target=session.write, args=(session.store.add_contact, {"name": "Grace Hopper"}))
    writer.start()
    writer.join()
    assert threads == [writer.ident]
    stop()
    session.changed()
    assert threads == [writer.ident] and session.version == 2


def test_a_change_drops_the_contact_index(session: Session) -> None:
    session.write(session.store.add_contact, {"name": "Ada Lovelace"})
    index = session.contact_index()
    assert session.contact_index() is index  # kept while nothing changes
    session.create_and_log("Barbara Liskov", "coffee", NOW, "CLU")
    names = [ref.name for ref in session.contact_index()]
    assert sorted(names) == ["Ada Lovelace", "Barbara Liskov"]


def test_a_new_contact_index_is_old_to_the_garbage_collector(session: Session) -> None:
    """Built in a worker, the index's containers (a slot per contact) would sit in the
    collector's young generations, and the UI thread's next young collection -- at
    the first key typed in the quick-log bar -- would walk every slot (12 + 7 ms at
    100k). The build ends with a collection that makes them old."""
    with session.store.db.write() as c:
        c.executemany(
            "INSERT INTO contacts (id, user_id, name, created_at, updated_at) "
            "VALUES (?, ?, ?, 0, 0)",
            [(f"c{n:05d}", session.store.user_id, f"Person {n:05d}") for n in range(1500)])
    index = session.contact_index()
    assert len(index) == 1500
    big = [v for v in vars(index).values() if isinstance(v, list | dict) and len(v) >= 1500]
    assert len(big) >= 4
    young = {id(o) for gen in (0, 1) for o in gc.get_objects(generation=gen)}
    assert [type(b).__name__ for b in big if id(b) in young] == []


def test_another_processs_write_is_a_change_and_the_own_ones_are_not(
    session: Session, db_path: Path, signed_in_store: Store
) -> None:
    heard: list[Change] = []
    session.subscribe(heard.append)
    session.write(session.store.add_contact, {"name": "Own Write"})
    assert session.check_external() is False  # our own write is not someone else's
    other = open_database(db_path)
    try:
        Store(other, signed_in_store.user_id).add_contact({"name": "From the CLI"})
    finally:
        other.close()
    assert session.check_external() is True
    assert heard[-1] == Change(2, local=False)
    assert session.check_external() is False  # seen now
    assert session.check_external(force=True) is True  # the palette's "Refresh"
    assert session.version == 3


def test_the_session_and_the_start_up_import_no_textual() -> None:
    code = (
        "import sys;"
        "import devhub_tui.services.session, devhub_tui.services.startup,"
        " devhub_tui.services.sync;"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert res.stdout.strip() == "[]"


def test_conference_mode_tags_new_contacts_and_quick_logs(session: Session) -> None:
    """Issue 20: while conference mode is on, the contact form, the quick log and its
    ctrl+n tag the person with the event; new people get "met at EVENT"."""
    store = session.store
    known = store.add_contact({"name": "Known Person"})
    assert session.start_conference("PyCon 2026") == "PyCon 2026"
    formed = session.save_contact(None, {"name": "Form Person"}, ["rust"])
    created = session.create_and_log("Logged Person", "coffee", NOW, "hi")
    session.log_interaction(known, "call", NOW, "talked")
    met = {p.contact.id: p.contact for p in store.contacts_at_event("PyCon 2026")}
    assert set(met) == {known, formed, created}
    assert "rust" in met[formed].tags
    met_notes = {cid: [i.notes for i in store.list_interactions(contact_id=cid)]
                 for cid in met}
    assert "met at PyCon 2026" in met_notes[formed]
    assert "met at PyCon 2026" in met_notes[created] and "hi" in met_notes[created]
    assert met_notes[known] == ["talked"]  # an old acquaintance: tagged, no "met at"
    session.leave_conference()
    later = session.save_contact(None, {"name": "After"}, [])
    assert later not in {p.contact.id for p in store.contacts_at_event("PyCon 2026")}


def test_conference_mode_is_remembered_per_account(session: Session, db_path: Path) -> None:
    session.start_conference("PyCon 2026")
    again = Session(db_path, clock=FixedClock(NOW)).open()
    try:
        assert (again.conference, again.conference_resumed) == ("PyCon 2026", True)
        again.sign_out()
        assert again.conference is None
    finally:
        again.close()
