"""storage.connect_store: my card, events, link tokens and sign-ups (real SQLite)."""

from __future__ import annotations

import pytest

from devhub_tui.connect.store import (
    ConnectStore,
    Profile,
    Submission,
    TokenRejected,
    check_token,
    clean_submission,
    event_tag,
    profile_errors,
    record_submission,
)
from devhub_tui.connect.tokens import HOUR_MS, hash_token
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from tests.clock_support import FixedClock


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(1_800_000_000_000)


@pytest.fixture
def users(auth: Auth) -> tuple[str, str]:
    return auth.create_user("ada", "password1").id, auth.create_user("bob", "password1").id


def test_profile_defaults_then_round_trip(db: Database, users: tuple[str, str]) -> None:
    ada = ConnectStore(db, users[0])
    assert not ada.has_profile()
    assert ada.get_profile(default_name="ada").name == "ada"
    saved = ada.save_profile(
        Profile(
            name="  Ada   Lovelace ",
            headline="Analyst",
            email="Ada@Example.COM",
            phone="tel:+44 20 7946 0000",
            github="https://github.com/ada",
            website="ada.dev",
            social_links=[{"platform": "", "url": "https://hachyderm.io/@ada"}],
            shared=["email", "social_links"],
        )
    )
    got = ada.get_profile()
    assert got == saved
    assert got.name == "Ada Lovelace"
    assert got.email == "Ada@example.com"
    assert got.phone == "+44 20 7946 0000"
    assert got.github == "ada"
    assert got.website == "https://ada.dev"
    assert got.social_links == [{"platform": "mastodon", "url": "https://hachyderm.io/@ada"}]
    assert got.shared == ["name", "email", "social_links"]
    assert got.shared_values() == {
        "name": "Ada Lovelace",
        "email": "Ada@example.com",
        "social_links": got.social_links,
    }
    # user-scoped: bob has no card
    assert not ConnectStore(db, users[1]).has_profile()


def test_profile_errors_name_each_field(db: Database, users: tuple[str, str]) -> None:
    bad = Profile(name="", email="nope", website="javascript:alert(1)", github="a/b/c",
                  phone="call me", social_links=[{"platform": "x", "url": "ftp://x"}])
    errors = profile_errors(bad)
    assert set(errors) == {"name", "email", "website", "github", "phone", "social_links"}
    with pytest.raises(ValidationError):
        ConnectStore(db, users[0]).save_profile(bad)
    assert not ConnectStore(db, users[0]).has_profile()


def test_event_for_reuses_the_same_event(db: Database, users: tuple[str, str]) -> None:
    s = ConnectStore(db, users[0])
    a = s.event_for("PyCon DE", "Berlin", "")
    assert s.event_for("pycon de", "Berlin", "").id == a.id
    assert s.event_for("PyCon DE", "Berlin", "Day 2").id != a.id
    assert [e.name for e in s.list_events()] == ["PyCon DE", "PyCon DE"]
    assert ConnectStore(db, users[1]).list_events() == []
    with pytest.raises(ValidationError):
        s.event_for("   ")


def test_tokens_are_stored_hashed(db: Database, users: tuple[str, str], clock: FixedClock) -> None:
    s = ConnectStore(db, users[0], clock=clock)
    issued = s.create_token(s.event_for("Meetup"), ttl_ms=24 * HOUR_MS, max_uses=3)
    row = db.conn().execute("SELECT token_hash, expires_at, max_uses, uses FROM connect_tokens")
    stored = row.fetchone()
    assert stored == (hash_token(issued.secret), clock.now + 24 * HOUR_MS, 3, 0)
    db.conn().execute("PRAGMA wal_checkpoint(FULL)")
    assert issued.secret.encode() not in db.path.read_bytes()
    info = check_token(db, hash_token(issued.secret), clock=clock)
    assert info.user_id == users[0] and info.event_name == "Meetup"


def test_check_token_reasons(db: Database, users: tuple[str, str], clock: FixedClock) -> None:
    s = ConnectStore(db, users[0], clock=clock)
    issued = s.create_token(None, ttl_ms=HOUR_MS)
    h = hash_token(issued.secret)
    with pytest.raises(TokenRejected) as unknown:
        check_token(db, hash_token("no-such-token-at-all"), clock=clock)
    assert unknown.value.reason == "unknown"
    clock.now += HOUR_MS
    with pytest.raises(TokenRejected) as expired:
        check_token(db, h, clock=clock)
    assert expired.value.reason == "expired"
    assert "expired" in str(expired.value)


def test_record_submission_creates_contact_tag_and_interaction(
    db: Database, users: tuple[str, str], clock: FixedClock
) -> None:
    s = ConnectStore(db, users[0], clock=clock)
    issued = s.create_token(s.event_for("PyCon DE 2026", "Berlin"), ttl_ms=HOUR_MS)
    sub = Submission(name="[bold]Eve[/bold] <script>", email="eve@example.com",
                     github="eve", talk="Rust & async")
    new = record_submission(db, hash_token(issued.secret), sub, clock=clock)
    assert new.user_id == users[0] and new.event_name == "PyCon DE 2026"
    ada = Store(db, users[0], clock=clock)
    c = ada.get_contact(new.contact_id)
    assert c.name == "[bold]Eve[/bold] <script>"  # stored as typed
    assert (c.email, c.github, c.tags) == ("eve@example.com", "eve", ["pycon-de-2026"])
    assert c.last_contacted == clock.now
    [ix] = ada.list_interactions(contact_id=c.id)
    assert ix.type == "meetup"
    assert ix.notes == "met at PyCon DE 2026\n\nRust & async"
    assert s.token_uses(issued.id) == 1
    # the other account sees nothing
    assert Store(db, users[1]).list_contacts() == []


def test_used_up_and_expired_links_store_nothing(
    db: Database, users: tuple[str, str], clock: FixedClock
) -> None:
    s = ConnectStore(db, users[0], clock=clock)
    one = s.create_token(s.event_for("Tiny"), ttl_ms=HOUR_MS, max_uses=1)
    h = hash_token(one.secret)
    record_submission(db, h, Submission(name="First"), clock=clock)
    with pytest.raises(TokenRejected) as used:
        record_submission(db, h, Submission(name="Second"), clock=clock)
    assert used.value.reason == "used-up"
    later = s.create_token(None, ttl_ms=HOUR_MS)
    clock.now += 2 * HOUR_MS
    with pytest.raises(TokenRejected):
        record_submission(db, hash_token(later.secret), Submission(name="Late"), clock=clock)
    names = [c.name for c in Store(db, users[0]).list_contacts()]
    assert names == ["First"]
    assert db.conn().execute("SELECT count(*) FROM interactions").fetchone()[0] == 1


def test_revoke_ends_a_link(db: Database, users: tuple[str, str], clock: FixedClock) -> None:
    s = ConnectStore(db, users[0], clock=clock)
    issued = s.create_token(None, ttl_ms=HOUR_MS)
    ConnectStore(db, users[1], clock=clock).revoke_token(issued.id)  # not bob's: no effect
    check_token(db, hash_token(issued.secret), clock=clock)
    s.revoke_token(issued.id)
    with pytest.raises(TokenRejected):
        check_token(db, hash_token(issued.secret), clock=clock)


def test_fill_empty_never_overwrites(db: Database, users: tuple[str, str]) -> None:
    store = Store(db, users[0])
    cid = store.add_contact({"name": "octocat", "github": "octocat", "company": "Mine"})
    changed = ConnectStore(db, users[0]).fill_empty(
        cid, {"name": "The Octocat", "company": "GitHub", "location": "SF", "notes": ""}
    )
    assert changed == ["location", "name"]
    c = store.get_contact(cid)
    assert (c.name, c.company, c.location) == ("The Octocat", "Mine", "SF")
    typed = store.add_contact({"name": "Typed Name", "github": "octocat"})
    ConnectStore(db, users[0]).fill_empty(typed, {"name": "The Octocat"})
    assert store.get_contact(typed).name == "Typed Name"


def test_clean_submission() -> None:
    sub, errors = clean_submission("  Eve  ", "EVE@Example.com", "@eve", "hi\r\nthere")
    assert errors == {} and sub == Submission("Eve", "EVE@example.com", "eve", "hi\nthere")
    sub, errors = clean_submission("", "", "octocat", "")
    assert sub is not None and sub.name == "octocat"
    sub, errors = clean_submission("", "bad", "not a handle!", "x" * 3000)
    assert sub is None and set(errors) == {"name", "email", "github", "talk"}


@pytest.mark.parametrize(
    ("name", "tag"),
    [
        ("PyCon DE 2026", "pycon-de-2026"),
        ("FOSDEM: Rust/Go room", "fosdem-rust-go-room"),
        ("C++ Now!", "c++-now"),
        ("!!!", "event"),
        ("x" * 60, "x" * 40),
    ],
)
def test_event_tag(name: str, tag: str) -> None:
    assert event_tag(name) == tag
