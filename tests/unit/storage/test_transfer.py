"""Import plans, merges, the JSON backup round trip and all-or-nothing imports."""

from __future__ import annotations

import datetime as _dt
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from devhub_tui.core.csvmap import FileFormatError, ImportRecord, ParsedFile
from devhub_tui.core.dates import DAY_MS
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database, open_database
from devhub_tui.storage.errors import StoreError
from devhub_tui.storage.store import Store, VipData
from devhub_tui.storage.transfer import (
    TransferError,
    export_backup,
    export_text,
    import_file,
    parse_text,
    run_import,
    write_private,
)
from tests.clock_support import FixedClock

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
NOW = 1_795_600_000_000  # 2026-11-25


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(db: Database, auth: Auth, clock: FixedClock) -> Store:
    return Store(db, auth.create_user("ada", "password1").id, clock=clock)


def _dump(db: Database) -> list[tuple[str, list[str]]]:
    """Every row of every table (FTS included): to prove nothing changed."""
    c = db.conn()
    tables = [
        r[0]
        for r in c.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            " ORDER BY name"
        )
    ]
    return [(t, sorted(repr(row) for row in c.execute(f"SELECT * FROM {t}"))) for t in tables]


def _fixture(name: str) -> Path:
    return FIXTURES / name


def _names(store: Store) -> list[str]:
    return [c.name for c in store.list_contacts(limit=None)]


# --------------------------------------------------------------------------- each format


@pytest.mark.parametrize(
    ("name", "added", "skipped"),
    [
        ("contacts_v3.vcf", 3, 0),
        ("contacts_v21_android.vcf", 2, 0),
        ("contacts_v4.vcf", 2, 1),
        ("google_contacts.csv", 4, 1),
        ("linkedin_connections.csv", 3, 0),
        ("plain.csv", 3, 1),
        ("backup_v1.json", 2, 0),
    ],
)
def test_each_fixture_imports_and_reimport_adds_nothing(
    store: Store, clock: FixedClock, name: str, added: int, skipped: int
) -> None:
    report = import_file(store, _fixture(name))
    assert (report.added, report.merged, report.skipped) == (added, 0, skipped)
    assert store.count_contacts() == added
    for item in report.items:
        if item.action == "skip":
            assert item.reason  # every skip says why
    before = export_backup(store, now=0)
    clock.now += DAY_MS
    again = import_file(store, _fixture(name))
    assert again.added == 0 and again.merged == 0
    assert again.skipped == added + skipped
    assert all(
        "nothing new" in i.reason or "unchanged since" in i.reason or "no name" in i.reason
        or "group" in i.reason
        for i in again.items
    )
    assert export_backup(store, now=0) == before


def test_imported_fields_tags_links_and_search(store: Store) -> None:
    import_file(store, _fixture("contacts_v3.vcf"))
    (ada,) = store.list_contacts(search="Lovelace")
    assert ada.email == "ada@engines.example" and ada.github == "ada-l"
    assert ada.birthday == "1815-12-10" and ada.status == "ok"
    assert ada.tags == ["friends-family", "math", "python"]
    assert [c.name for c in store.list_contacts(tag="cobol")] == ["Grace Hopper"]
    assert [c.name for c in store.list_contacts(search="friends-family")] == ["Ada Lovelace"]
    # links are kept beside the contact, not as VIP data: Ada is not a VIP (issue 15)
    assert store.get_vip(ada.id).social_links == []
    (card,) = [c for c in export_backup(store, now=0)["contacts"] if c["id"] == ada.id]
    assert card["vip_data"] is None
    assert [(d["kind"], d["label"], d["value"]) for d in card["details"]] == [
        ("address", "home", "12 St James's Square, London, SW1Y 4LB, United Kingdom"),
        ("email", "home", "ada.home@example.org"),
        ("link", "website", "https://ada.example"),
        ("link", "x", "https://twitter.com/ada"),
        ("name", "", '["Lovelace", "Ada", "Augusta", "Countess", ""]'),  # the card's own N
        ("phone", "work", "+44 (0)20 7946 0999"),
    ]
    assert (card["email_label"], card["phone_label"]) == ("work", "cell")
    grace = store.list_contacts(search="Hopper")[0]
    assert grace.birthday == "--12-09"


def test_dry_run_saves_nothing_and_predicts_the_real_run(store: Store, db: Database) -> None:
    import_file(store, _fixture("contacts_v3.vcf"))
    before = _dump(db)
    dry = import_file(store, _fixture("google_contacts.csv"), dry_run=True)
    assert _dump(db) == before
    assert dry.dry_run and dry.summary().startswith("2 to add, 2 to merge, 1 to skip")
    real = import_file(store, _fixture("google_contacts.csv"))
    assert [(i.action, i.source, i.reason) for i in dry.items] == [
        (i.action, i.source, i.reason) for i in real.items
    ]
    assert real.summary().startswith("2 added, 2 merged, 1 skipped")


def test_formats_merge_into_each_other(store: Store) -> None:
    import_file(store, _fixture("contacts_v3.vcf"))
    report = import_file(store, _fixture("google_contacts.csv"))
    merged = {i.name: i.reason for i in report.items if i.action == "merge"}
    assert set(merged) == {"Ada Lovelace", "Linus Torvalds"}
    assert "(same email)" in merged["Ada Lovelace"]
    assert "2 tags" in merged["Ada Lovelace"]
    assert "company" in merged["Linus Torvalds"]
    (linus,) = store.list_contacts(search="Torvalds")
    assert linus.company == "Linux Foundation" and linus.title == "Fellow"
    assert linus.notes == "Keeps the kernel going."  # filled fields only: notes were set
    linkedin = import_file(store, _fixture("linkedin_connections.csv"))
    reasons = {i.name: (i.action, i.reason) for i in linkedin.items}
    assert reasons["Grace Hopper"][0] == "merge"
    assert "same name and company" in reasons["Grace Hopper"][1]
    (grace,) = store.list_contacts(search="Hopper")
    assert grace.title == "Rear Admiral"
    assert store.count_contacts() == 7
    v4 = import_file(store, _fixture("contacts_v4.vcf"))
    assert [i.action for i in v4.items] == ["merge", "add", "skip"]
    assert "(same email)" in v4.items[0].reason
    assert store.count_contacts() == 8
    # a LinkedIn URL matches the contact that has that profile link
    clash = parse_text(
        "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"
        "Maggie,H.,https://linkedin.com/in/mhamilton/,,,,01 Jan 2024\n"
    )
    (item,) = run_import(store, clash, dry_run=True).items
    assert item.action == "merge" and "same linkedin profile" in item.reason
    assert item.reason.endswith("adds notes")  # "connected on LinkedIn: ..." is not lost


def test_name_and_phone_match_and_overwrite(store: Store) -> None:
    cid = store.add_contact({"name": "Jürgen Müller", "phone": "+49 151 2345 6789",
                             "company": "Old GmbH"})
    report = import_file(store, _fixture("contacts_v21_android.vcf"))
    assert report.items[0].action == "merge"
    assert "same name and phone" in report.items[0].reason
    c = store.get_contact(cid)
    assert c.company == "Old GmbH" and c.email == "juergen@example.de"
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Jürgen Müller\nEMAIL:juergen@example.de\nORG:New AG\n"
        "END:VCARD\n"
    )
    keep = run_import(store, parse_text(text))
    assert keep.items[0].action == "skip" and store.get_contact(cid).company == "Old GmbH"
    replaced = run_import(store, parse_text(text), overwrite=True)
    assert replaced.items[0].action == "merge" and "company" in replaced.items[0].reason
    assert store.get_contact(cid).company == "New AG"


def test_duplicates_inside_one_file(store: Store) -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEMAIL:ada@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada L.\nEMAIL:ADA@example.com\nTITLE:Poet\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nFN:Ada\nEMAIL:ada@example.com\nEND:VCARD\n"
    )
    report = run_import(store, parse_text(text))
    assert [i.action for i in report.items] == ["add", "merge", "skip"]
    assert "card 1 (line 1) of this file" in report.items[1].reason
    assert "duplicate of card 1" in report.items[2].reason
    (ada,) = store.list_contacts()
    assert ada.name == "Ada" and ada.title == "Poet"


def test_user_scoping(db: Database, auth: Auth, clock: FixedClock) -> None:
    a = Store(db, auth.create_user("alice", "password1").id, clock=clock)
    b = Store(db, auth.create_user("bob", "password1").id, clock=clock)
    bid = b.add_contact({"name": "Ada Lovelace", "email": "ada@engines.example"})
    report = import_file(a, _fixture("contacts_v3.vcf"))
    assert report.added == 3  # bob's Ada is not alice's
    assert [c.id for c in b.list_contacts()] == [bid]
    assert b.get_contact(bid).company is None


# --------------------------------------------------------------------------- JSON backup


def _rich_store(store: Store, db: Database) -> None:
    ada = store.add_contact(
        {"name": "Ada Lovelace", "email": "ada@example.com", "vip": True, "importance": "high",
         "birthday": "--12-10", "notes": "Line one\nLine two", "cadence_days": 10},
        ["math", "python"],
    )
    bob = store.add_contact({"name": "[bold]Bob[/bold]", "archived": True})
    store.add_contact({"name": "Cy", "snoozed_until": NOW + 5 * DAY_MS})
    store.add_tag(bob, "unix")
    store.add_type("hackathon")
    store.log_interaction(ada, "hackathon", NOW - 3 * DAY_MS, "worked on the engine")
    store.log_interaction(ada, "call", NOW - DAY_MS, "")
    fid = store.add_follow_up(ada, _dt.date(2026, 12, 1), "send notes")
    store.update_follow_up(fid, done=True)
    store.add_follow_up(bob, _dt.date(2026, 12, 2), "")
    store.save_vip(ada, VipData(family="Byron", main_app="signal",
                                social_links=[{"platform": "x", "url": "https://x.com/ada"}]))
    store.save_vip(bob, VipData())
    with db.write() as c:
        c.execute("INSERT INTO tags (id, user_id, name, created_at) VALUES (?, ?, ?, ?)",
                  ("t" * 32, store.user_id, "lonely", NOW))
        c.execute(
            "INSERT INTO events (id, user_id, name, location, session, starts_at, ends_at,"
            " created_at) VALUES (?, ?, 'PyCon', 'Pittsburgh', 'talks', ?, ?, ?)",
            ("e" * 32, store.user_id, NOW, NOW + DAY_MS, NOW),
        )
        c.execute(
            "INSERT INTO profiles (user_id, name, headline, email, social_links, updated_at)"
            " VALUES (?, 'Ada', 'Engines', 'me@example.com', '[{\"platform\":\"x\",\"url\":"
            "\"https://x.com/me\"}]', ?)",
            (store.user_id, NOW),
        )
        c.execute("INSERT INTO user_prefs (user_id, key, value) VALUES (?, 'cadence_vip', '7')",
                  (store.user_id,))


def _empty_store(tmp_path: Path, name: str, clock: FixedClock) -> tuple[Database, Store]:
    db = open_database(tmp_path / f"{name}.db")
    auth = Auth(db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    return db, Store(db, auth.create_user("ada", "password1").id, clock=clock)


def test_json_round_trip_is_exact(store: Store, db: Database, tmp_path: Path,
                                  clock: FixedClock) -> None:
    _rich_store(store, db)
    first = export_text(store, "json")
    data = json.loads(first)
    assert data["format"] == "devhub-backup" and data["version"] == 3  # 3: tracks (issue 19)
    assert len(data["contacts"]) == 3 and len(data["interactions"]) == 2
    assert data["interaction_types"] == ["hackathon"] and "lonely" in data["tags"]
    clock.now += 30 * DAY_MS  # a later day: the restore keeps the original timestamps
    db2, restored = _empty_store(tmp_path, "restored", clock)
    report = run_import(restored, parse_text(first))
    assert report.added == 3
    assert report.others["interactions"] == 2 and report.others["follow-ups"] == 2
    assert report.others["events"] == 1
    second = export_text(restored, "json")

    def without_time(text: str) -> dict[str, Any]:
        d = json.loads(text)
        d.pop("exported_at")
        return d

    assert without_time(second) == without_time(first)
    # byte for byte too, but for the export time
    stamp = re.compile(r'"exported_at": \d+')
    assert stamp.sub("", second) == stamp.sub("", first)
    # derived data was recomputed for the restore
    ada = restored.list_contacts(search="Lovelace")[0]
    assert ada.last_contacted == NOW - DAY_MS and ada.status in ("ok", "due-soon", "overdue",
                                                                 "needs-attention")
    assert restored.list_contacts(search="engine")[0].name == "Ada Lovelace"  # FTS rebuilt
    # importing the same backup again adds nothing
    before = _dump(db2)
    again = run_import(restored, parse_text(first))
    assert (again.added, again.merged) == (0, 0) and not any(again.others.values())
    assert _dump(db2) == before
    db2.close()


def test_backup_into_another_account_of_the_same_file(store: Store, db: Database,
                                                      auth: Auth, clock: FixedClock) -> None:
    _rich_store(store, db)
    text = export_text(store, "json")
    other = Store(db, auth.create_user("bob", "password1").id, clock=clock)
    before_ada = export_backup(store, now=0)
    report = run_import(other, parse_text(text))
    assert report.added == 3
    assert any("backup of 'ada', imported as 'bob'" in w for w in report.warnings)
    # the ids belonged to ada: bob got new ones, and his interactions point at them
    mine = {c["id"] for c in before_ada["contacts"]}
    theirs = export_backup(other, now=0)
    assert not mine & {c["id"] for c in theirs["contacts"]}
    bob_ids = {c["id"] for c in theirs["contacts"]}
    assert {i["contact_id"] for i in theirs["interactions"]} <= bob_ids
    assert len(theirs["interactions"]) == 2 and len(theirs["events"]) == 1
    assert export_backup(store, now=0) == before_ada  # ada untouched
    again = run_import(other, parse_text(text))
    assert again.added == 0 and not any(again.others.values())


def test_backup_fixture(store: Store) -> None:
    report = import_file(store, _fixture("backup_v1.json"))
    assert report.kind == "devhub backup (version 1)"
    assert report.others == {"types": 1, "interactions": 1, "follow-ups": 1, "events": 1,
                             "tags": 3}
    alan = store.get_contact("a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1a1")
    assert alan.vip and alan.importance == "high" and alan.cadence_days == 21
    assert alan.last_contacted == 1764547200000 and alan.created_at == 1735689600000
    assert store.get_vip(alan.id).family == "Brother John"
    assert "hackathon" in store.types()
    assert ("unused-tag", 0) in store.all_tags()
    assert store.cadence_defaults().normal == 45
    assert [f.note for f in store.list_follow_ups()] == ["Send the crossword."]


@pytest.mark.parametrize(
    ("mutate", "fragment"),
    [
        (lambda d: d.update(format="other"), "not a devhub backup"),
        (lambda d: d.update(version=4), "format version 4"),
        (lambda d: d["contacts"][1].update(birthday="1990-02-30"),
         "contacts[1] (id b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2b2): birthday"),
        (lambda d: d["contacts"][0].pop("name"), "contacts[0] (id a1a1"),
        (lambda d: d["contacts"][0].update(importance="urgent"), "importance"),
        (lambda d: d["interactions"][0].update(contact_id="nope"),
         "interactions[0] (id c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3): contact_id 'nope'"),
        (lambda d: d["follow_ups"][0].update(due="soon"), "follow_ups[0]"),
        (lambda d: d["contacts"].append(dict(d["contacts"][0])), "same id"),
    ],
)
def test_bad_backups_name_the_record(mutate: Any, fragment: str) -> None:
    data = json.loads(_fixture("backup_v1.json").read_text())
    mutate(data)
    with pytest.raises(FileFormatError) as err:
        parse_text(json.dumps(data))
    assert fragment in str(err.value)


# --------------------------------------------------------------------------- bad files


def test_a_line_that_cant_be_read_costs_only_that_line(store: Store) -> None:
    report = import_file(store, _fixture("broken.vcf"))
    assert report.added == 2
    text = "\n".join(report.lines())
    assert "card 2 (line 6)  Broken Person: line 9: can't read 'this line has no colon" in text


@pytest.mark.parametrize(("name", "fragment"), [
    ("broken.json", "line 9, column 5: not valid JSON"),
])
def test_broken_file_leaves_the_store_as_it_was(
    store: Store, db: Database, name: str, fragment: str
) -> None:
    import_file(store, _fixture("contacts_v3.vcf"))
    before = _dump(db)
    with pytest.raises(FileFormatError) as err:
        import_file(store, _fixture(name))
    assert fragment in str(err.value)
    assert _dump(db) == before


def test_a_failure_while_writing_rolls_everything_back(store: Store, db: Database) -> None:
    import_file(store, _fixture("contacts_v3.vcf"))
    before = _dump(db)
    good = [ImportRecord(source=f"row {n}", fields={"name": f"Person {n}"}, tags=["new-tag"])
            for n in range(1, 50)]
    bad = ImportRecord(source="row 50", fields={"name": "Bad", "importance": "urgent"})
    parsed = ParsedFile("csv", "CSV", [*good, bad])
    with pytest.raises(StoreError):
        run_import(store, parsed)
    assert _dump(db) == before


def test_missing_and_unreadable_files(store: Store, tmp_path: Path) -> None:
    with pytest.raises(TransferError, match="no such file"):
        import_file(store, tmp_path / "nope.vcf")
    with pytest.raises(TransferError, match="folder"):
        import_file(store, tmp_path)
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(FileFormatError, match="empty"):
        import_file(store, empty)
    with pytest.raises(FileFormatError, match="unknown format"):
        import_file(store, _fixture("plain.csv"), fmt="xml")


# --------------------------------------------------------------------------- export


@pytest.mark.parametrize(("fmt", "version"), [("vcard", "3.0"), ("vcard", "4.0"), ("csv", "")])
def test_vcard_and_csv_exports_restore_the_contacts(
    store: Store, db: Database, tmp_path: Path, clock: FixedClock, fmt: str, version: str
) -> None:
    import_file(store, _fixture("contacts_v3.vcf"))
    import_file(store, _fixture("plain.csv"))
    text = export_text(store, fmt, vcard_version=version or "3.0")
    db2, other = _empty_store(tmp_path, "other", clock)
    report = run_import(other, parse_text(text))
    assert report.added == store.count_contacts() and report.skipped == 0

    def view(s: Store) -> list[tuple[Any, ...]]:
        return sorted(
            (c.name, c.email, c.phone, c.company, c.birthday, c.github, tuple(c.tags))
            for c in s.list_contacts(limit=None)
        )

    assert view(other) == view(store)
    assert run_import(other, parse_text(text)).added == 0
    db2.close()


def test_vcard_export_keeps_ids_so_reimport_matches_by_id(store: Store) -> None:
    import_file(store, _fixture("plain.csv"))
    text = export_text(store, "vcard")
    ids = sorted(c.id for c in store.list_contacts())
    assert all(f"UID:{cid}" in text for cid in ids)
    report = run_import(store, parse_text(text))
    assert {i.reason.split("(")[1].split(")")[0] for i in report.items} == {"same id"}


def test_write_private(tmp_path: Path) -> None:
    dest = write_private(tmp_path / "out.json", "{}\n")
    assert dest.read_text() == "{}\n"
    assert stat.S_IMODE(os.stat(dest).st_mode) == 0o600
    with pytest.raises(TransferError, match="doesn't exist"):
        write_private(tmp_path / "nope" / "out.json", "x")
