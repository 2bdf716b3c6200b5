"""The user-scoped store: contacts, tags, interactions, search, scoping."""

from __future__ import annotations

import datetime as _dt

import pytest

from devhub_tui.core.dates import DAY_MS
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import ConflictError, NotFoundError
from devhub_tui.storage.store import Store, VipData
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000  # 2026-11-25


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def two_users(db: Database, auth: Auth, clock: FixedClock) -> tuple[Store, Store]:
    a = auth.create_user("alice", "password1")
    b = auth.create_user("bob", "password1")
    return Store(db, a.id, clock=clock), Store(db, b.id, clock=clock)


@pytest.fixture
def store(two_users: tuple[Store, Store]) -> Store:
    return two_users[0]


def test_user_b_sees_none_of_user_a(two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    cid = a.add_contact({"name": "Ada Lovelace", "company": "Engines"}, ["rust"])
    iid = a.log_interaction(cid, "coffee", NOW - DAY_MS, "talked about rust")
    fid = a.add_follow_up(cid, _dt.date(2026, 11, 20), "send slides")
    a.save_vip(cid, VipData(family="two kids"))
    a.add_type("hackathon")
    assert b.list_contacts() == []
    assert b.count_contacts() == 0
    assert b.list_contacts(search="ada") == []
    assert b.list_contacts(search="rust") == []
    assert b.list_contacts(tag="rust") == []
    assert b.list_interactions() == []
    assert b.list_interactions(search="rust") == []
    assert b.list_follow_ups() == []
    assert b.all_tags() == []
    assert b.contact_refs() == []
    assert b.contact_refs_matching("ada") == []
    assert b.attention_queue() == []
    assert b.stats().contacts == 0 and b.stats().weekly == [0] * 26
    assert "hackathon" not in b.types()
    for call in (
        lambda: b.get_contact(cid),
        lambda: b.update_contact(cid, {"name": "x"}),
        lambda: b.delete_contact(cid),
        lambda: b.log_interaction(cid, "call"),
        lambda: b.update_interaction(iid, notes="hacked"),
        lambda: b.delete_interaction(iid),
        lambda: b.add_follow_up(cid, _dt.date(2026, 12, 1)),
        lambda: b.update_follow_up(fid, done=True),
        lambda: b.delete_follow_up(fid),
        lambda: b.get_vip(cid),
        lambda: b.save_vip(cid, VipData(family="x")),
        lambda: b.add_tag(cid, "oops"),
    ):
        with pytest.raises(NotFoundError):
            call()
    # and A's data is untouched
    assert a.get_contact(cid).name == "Ada Lovelace"
    assert a.get_interaction(iid).notes == "talked about rust"
    assert a.get_vip(cid).family == "two kids"


def test_last_contacted_follows_add_edit_delete(store: Store) -> None:
    cid = store.add_contact({"name": "Grace"})
    assert store.get_contact(cid).last_contacted is None
    old = store.log_interaction(cid, "call", NOW - 10 * DAY_MS)
    new = store.log_interaction(cid, "email", NOW - 2 * DAY_MS)
    assert store.get_contact(cid).last_contacted == NOW - 2 * DAY_MS
    store.update_interaction(new, date_ms=NOW - 20 * DAY_MS)  # backdated
    assert store.get_contact(cid).last_contacted == NOW - 10 * DAY_MS
    store.delete_interaction(old)
    assert store.get_contact(cid).last_contacted == NOW - 20 * DAY_MS
    store.delete_interaction(new)
    assert store.get_contact(cid).last_contacted is None


def test_interactions_are_never_dated_in_the_future_or_before_1900(store: Store) -> None:
    cid = store.add_contact({"name": "Linus"})
    with pytest.raises(ValidationError, match="in the future"):
        store.log_interaction(cid, "call", NOW + DAY_MS)
    with pytest.raises(ValidationError, match="before 1900"):
        store.log_interaction(cid, "call", -2_300_000_000_000)  # 1897
    with pytest.raises(ValidationError):
        store.log_interaction(cid, "call", 10**25)
    assert store.list_interactions(contact_id=cid) == []
    iid = store.log_interaction(cid, "call", NOW - DAY_MS)
    with pytest.raises(ValidationError, match="in the future"):
        store.update_interaction(iid, date_ms=NOW + 40 * DAY_MS)
    assert store.get_contact(cid).last_contacted == NOW - DAY_MS


def test_delete_contact_takes_everything_with_it(store: Store, db: Database) -> None:
    cid = store.add_contact({"name": "Grace", "vip": True}, ["navy"])
    store.log_interaction(cid, "call", NOW, "about COBOL")
    store.add_follow_up(cid, _dt.date(2026, 12, 1), "x")
    store.save_vip(cid, VipData(family="none", social_links=[{"platform": "x", "url": "u"}]))
    store.delete_contact(cid)
    c = db.conn()
    for table in ("contacts", "interactions", "follow_ups", "background", "contact_info",
                  "contact_tags"):
        assert c.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == 0, table
    assert store.list_interactions(search="cobol") == []
    assert store.list_contacts(search="grace") == []


def test_tags_filter_and_search(store: Store) -> None:
    a = store.add_contact({"name": "Ada"}, ["Rust", "pycon 2026"])
    b = store.add_contact({"name": "Bob"}, ["go"])
    assert store.get_contact(a).tags == ["pycon-2026", "rust"]
    assert [c.id for c in store.list_contacts(tag="rust")] == [a]
    assert [c.id for c in store.list_contacts(search="pycon")] == [a]
    store.set_tags(b, ["rust"])
    assert {c.id for c in store.list_contacts(tag="rust")} == {a, b}
    assert store.get_contact(b).tags == ["rust"]
    store.remove_tag(a, "rust")
    assert [c.id for c in store.list_contacts(search="rust")] == [b]
    assert dict(store.all_tags()) == {"go": 0, "pycon-2026": 1, "rust": 1}


def test_full_text_search_fields(store: Store) -> None:
    cid = store.add_contact({"name": "Zoë Ærø", "nickname": "zo", "company": "Acme Widgets",
                             "title": "CTO", "location": "Reykjavík", "notes": "loves OCaml"})
    other = store.add_contact({"name": "Someone Else"})
    store.log_interaction(other, "coffee", NOW, "discussed kubernetes operators")
    # accents and non-ASCII case fold with FTS5 only (sync replicas search with LIKE)
    folded = ("zoe", "ærø", "reykjavik") if store.db.fts else ("Zoë", "Ærø", "reykjavík")
    for query in (*folded, "acme", "widg", "cto", "ocaml", "zo"):
        assert [c.id for c in store.list_contacts(search=query)] == [cid], query
    assert [c.id for c in store.list_contacts(search="kubernetes")] == [other]
    assert [i.contact_id for i in store.list_interactions(search="operators")] == [other]
    # FTS syntax in user text is just text
    for hostile in ('"', "NEAR(", "a OR", "*", "-x", "'; DROP TABLE contacts; --"):
        store.list_contacts(search=hostile)
    assert store.count_contacts() == 2


def test_custom_types(two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    assert a.add_type("Hackathon") == "hackathon"
    with pytest.raises(ConflictError):
        a.add_type("hackathon")
    with pytest.raises(ConflictError):
        a.add_type("coffee")
    assert b.add_type("hackathon") == "hackathon"  # unique per user, not global
    cid = a.add_contact({"name": "Ada"})
    a.log_interaction(cid, "hackathon")
    with pytest.raises(ValidationError):
        a.log_interaction(cid, "teleport")


def test_bad_input_stores_nothing(store: Store) -> None:
    with pytest.raises(ValidationError):
        store.add_contact({"name": "   "})
    with pytest.raises(ValidationError):
        store.add_contact({"name": "x" * 600})
    cid = store.add_contact({"name": "Nul\x00Byte \x1b[31mred"})
    assert store.get_contact(cid).name == "NulByte [31mred"
    with pytest.raises(ValidationError):
        store.log_interaction(cid, "call", NOW, "x" * 100_001)
    assert store.list_interactions() == []
    assert store.count_contacts() == 1


def test_paging_is_stable(store: Store) -> None:
    ids = {store.add_contact({"name": f"Person {n:03d}"}) for n in range(250)}
    first = store.list_contacts(limit=200)
    second = store.list_contacts(limit=200, offset=200)
    assert len(first) == 200 and len(second) == 50
    assert {c.id for c in first + second} == ids
    assert [c.name for c in first[:3]] == ["Person 000", "Person 001", "Person 002"]


def test_search_without_fts5_matches_the_same(store: Store, db: Database) -> None:
    """Sync replicas have no FTS5: the LIKE fallback finds the same rows."""
    cid = store.add_contact({"name": "Zoë Ærø", "company": "Acme Widgets", "notes": "OCaml"},
                            ["rust"])
    other = store.add_contact({"name": "Someone Else"})
    store.log_interaction(other, "coffee", NOW, "discussed kubernetes operators")
    queries = {"acme": [cid], "ocaml": [cid], "rust": [cid], "kubernetes": [other],
               "zo": [cid], "100%": [], "[bold]": []}
    with_fts = {q: [c.id for c in store.list_contacts(search=q)] for q in queries}
    db.fts = False
    try:
        without = {q: [c.id for c in store.list_contacts(search=q)] for q in queries}
        assert [i.contact_id for i in store.list_interactions(search="operators")] == [other]
    finally:
        db.fts = True
    assert without == queries
    assert with_fts == queries


def test_short_prefixes_search_contact_fields_and_longer_words_notes_too(store: Store) -> None:
    ada = store.add_contact({"name": "Ada", "company": "Kumquat Labs"})
    bob = store.add_contact({"name": "Bob"})
    store.log_interaction(bob, "call", NOW, "kubernetes operators")
    assert [c.id for c in store.list_contacts(search="ku")] == [ada]
    assert [c.id for c in store.list_contacts(search="kub")] == [bob]
    assert {c.id for c in store.list_contacts(search="k")} == {ada}


def test_search_pages_carry_their_own_tags_in_name_order(store: Store) -> None:
    """The page is chosen first and its tags fetched for it: every row keeps its own."""
    for n in range(12):
        store.add_contact({"name": f"Rustacean {11 - n:02d}"}, [f"team-{n % 3}", "rust"])
    page = store.list_contacts(search="rusta", limit=5, offset=3)
    assert [c.name for c in page] == [f"Rustacean {n:02d}" for n in range(3, 8)]
    for c in page:
        n = 11 - int(c.name.split()[1])
        assert c.tags == ["rust", f"team-{n % 3}"]
    assert store.list_contacts(search="rusta", limit=5, offset=12) == []


def test_notes_search_walk_in_name_order_finds_the_same_pages(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A notes search walks the contacts in name order when notes match densely; the
    pages are exactly those of the query that collects every matching note first."""
    from devhub_tui.storage.store import search as store_module

    monkeypatch.setattr(store_module, "WALK_MIN_BUDGET", 1)
    for n in range(40):
        cid = store.add_contact({"name": f"Person {n:02d}",
                                 "company": "Rustworks" if n % 7 == 0 else None},
                                [f"t{n % 4}"])
        if n % 3 == 0:
            for _ in range(3):
                store.log_interaction(cid, "call", NOW, "talked about rust")
    # late in the alphabet only: the walk stops at its budget and the plain query answers
    for n in range(3):
        cid = store.add_contact({"name": f"Zed {n}"})
        for _ in range(12):
            store.log_interaction(cid, "email", NOW, "zanzibar trip")
    rust = sorted({f"Person {n:02d}" for n in range(40) if n % 3 == 0 or n % 7 == 0})
    for limit, offset in ((3, 0), (3, 3), (4, 6), (200, 0), (5, 20)):
        page = store.list_contacts(search="rust", limit=limit, offset=offset)
        assert [c.name for c in page] == rust[offset:offset + limit], (limit, offset)
        assert all(c.tags == [f"t{int(c.name[-2:]) % 4}"] for c in page)
    assert [c.name for c in store.list_contacts(search="zanzi", limit=2)] == ["Zed 0", "Zed 1"]
    assert len(store.list_contacts(search="rust", status="ok", limit=3)) == 3
    if store.db.fts:  # the walk itself (replicas search with LIKE)
        assert store._walk_by_name("rust", None, None, 3, 0) is not None
        assert store._walk_by_name("zanzi", None, None, 2, 0) is None  # past its budget
        assert store._walk_by_name("ru", None, None, 3, 0) is not None  # fields only: walks
        assert store._walk_by_name("\"*", None, None, 3, 0) is None  # no words


@pytest.mark.parametrize("budget", [10_000, 25])
def test_short_prefix_search_walks_by_name_and_finds_the_same_pages(
    store: Store, monkeypatch: pytest.MonkeyPatch, budget: int
) -> None:
    """One or two letters (contact fields only) walk the name index and check each
    contact against the matches; the pages are exactly those of sorting every match,
    also when a rare prefix runs past the walk's budget and falls back to the sort."""
    import random

    from devhub_tui.storage.store import search as store_module

    monkeypatch.setattr(store_module, "SHORT_WALK_BUDGET", budget)
    rng = random.Random(11)
    syllables = ["ma", "ri", "ko", "ze", "lu", "xa", "ben", "Mö", "ada", "st"]
    for n in range(160):
        name = " ".join("".join(rng.choice(syllables) for _ in range(2)).title()
                        for _ in range(rng.randint(1, 2)))
        company = rng.choice([None, "Maple", "Rust Labs", "Kumquat"])
        store.add_contact({"name": name, "company": company, "archived": n % 9 == 0})

    def plain(**kwargs: object) -> list[str]:
        with monkeypatch.context() as m:
            m.setattr(Store, "_walk_by_name", lambda *a, **k: None)
            return [c.id for c in store.list_contacts(**kwargs)]  # type: ignore[arg-type]

    for q in ("m", "ma", "x", "k", "be", "st", "q", "mö"):
        for limit, offset in ((5, 0), (7, 5), (60, 0), (3, 40)):
            for archived in (None, False):
                kwargs = {"search": q, "limit": limit, "offset": offset, "archived": archived}
                got = [c.id for c in store.list_contacts(**kwargs)]  # type: ignore[arg-type]
                assert got == plain(**kwargs), kwargs
    if store.db.fts:  # the walk itself (replicas search with LIKE)
        walked = store._walk_by_name("m", None, None, 5, 0)
        assert walked is not None and len(walked) == 5
        # no "q" anywhere: past a small budget the sort answers; a budget beyond the
        # last contact walks them all and finds nobody
        assert store._walk_by_name("q", None, None, 5, 0) == (None if budget < 160 else [])
