"""Skills in the JSON backup (issue 20): they round-trip, a re-import adds nothing,
and topics come back from the notes (they are never stored in a backup)."""

from __future__ import annotations

import json
from pathlib import Path

from argon2 import PasswordHasher

from devhub_tui.core.dates import DAY_MS
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database, open_database
from devhub_tui.storage.store import Store
from devhub_tui.storage.transfer import export_text, parse_text, run_import
from tests.clock_support import FixedClock

NOW = 1_795_600_000_000  # 2026-11-25


def _store(path: Path) -> tuple[Database, Store]:
    db = open_database(path)
    auth = Auth(db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    return db, Store(db, auth.create_user("ada", "password1").id, clock=FixedClock(NOW))


def _skills(store: Store) -> dict[str, list[str]]:
    return {c.name: c.skills for c in store.list_contacts(limit=None)}


def _count(db: Database, table: str) -> int:
    return int(db.conn().execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_skills_round_trip_and_reimport_adds_nothing(tmp_path: Path) -> None:
    db, store = _store(tmp_path / "a.db")
    ada = store.add_contact({"name": "Ada", "skills": ["rust", "k8s"]})
    store.add_contact({"name": "Grace", "skills": ["cobol"]})
    store.add_contact({"name": "Linus"})
    store.log_interaction(ada, "coffee", NOW - DAY_MS, "talked #wasm and #rust")
    text = export_text(store, "json")
    data = json.loads(text)
    assert {c["name"]: c["skills"] for c in data["contacts"]} == {
        "Ada": ["kubernetes", "rust"], "Grace": ["cobol"], "Linus": []}
    assert "topics" not in json.dumps(data["interactions"])  # derived, not stored

    db2, restored = _store(tmp_path / "b.db")
    report = run_import(restored, parse_text(text))
    assert report.added == 3
    assert _skills(restored) == _skills(store)
    assert [c.name for c in restored.list_contacts(search="topic:wasm")] == ["Ada"]
    assert _count(db2, "interaction_topics") == 2
    before = (_count(db2, "contact_skills"), _count(db2, "interaction_topics"))
    again = run_import(restored, parse_text(text))
    assert (again.added, again.merged) == (0, 0)
    assert (_count(db2, "contact_skills"), _count(db2, "interaction_topics")) == before
    assert export_text(restored, "json").split('"exported_at"')[0] == text.split(
        '"exported_at"')[0]
    db.close()
    db2.close()


def test_a_backup_adds_skills_to_a_contact_it_merges_into(tmp_path: Path) -> None:
    db, store = _store(tmp_path / "a.db")
    store.add_contact({"name": "Ada", "skills": ["rust"]})
    text = export_text(store, "json")
    store.change_skills(store.list_contacts()[0].id, add=["go"], remove=["rust"])
    report = run_import(store, parse_text(text))
    assert report.merged == 1
    assert _skills(store) == {"Ada": ["go", "rust"]}  # added, nothing removed
    db.close()


CSV = ("Name,Email,Categories\n"
       "Ada Lovelace,ada@example.org,\"Rust, K8s, Friends & Family\"\n"
       "Linus,linus@example.org,\n")


def test_csv_categories_are_tags_unless_mapped_to_skills(tmp_path: Path) -> None:
    from devhub_tui.storage.transfer import import_file

    path = tmp_path / "people.csv"
    path.write_text(CSV)
    db, store = _store(tmp_path / "a.db")
    # not mapped: tags, and the preview says how to map them
    dry = import_file(store, path, dry_run=True)
    assert any("read as tags" in w and "--categories-as-skills" in w for w in dry.warnings)
    db2, other = _store(tmp_path / "b.db")
    import_file(other, path)
    ada = other.list_contacts(search="ada")[0]
    assert ada.skills == [] and ada.tags == ["friends-family", "k8s", "rust"]
    # mapped: skills (normalised); a label that can't be a skill stays a tag, said so
    dry = import_file(store, path, dry_run=True, categories_as_skills=True)
    assert any("read as skills (mapped by you)" in w for w in dry.warnings)
    assert any("can't be a skill; kept as a tag" in w
               for item in dry.items for w in item.warnings)
    report = import_file(store, path, categories_as_skills=True)
    assert report.added == 2
    ada = store.list_contacts(search="ada")[0]
    assert ada.skills == ["kubernetes", "rust"] and ada.tags == ["friends-family"]
    again = import_file(store, path, categories_as_skills=True)
    assert (again.added, again.merged) == (0, 0)
    # mapping them later adds the skills to the contacts the file made
    later = import_file(other, path, categories_as_skills=True)
    assert later.merged == 1
    assert other.list_contacts(search="ada")[0].skills == ["kubernetes", "rust"]
    db.close()
    db2.close()


def test_vcard_categories_map_to_skills(tmp_path: Path) -> None:
    from devhub_tui.storage.transfer import import_file

    fixtures = Path(__file__).resolve().parents[2] / "fixtures"
    db, store = _store(tmp_path / "a.db")
    import_file(store, fixtures / "contacts_v3.vcf", categories_as_skills=True)
    skills = {c.name: c.skills for c in store.list_contacts(limit=None)}
    assert ["math", "python"] in skills.values()  # CATEGORIES:Math,Friends & Family,python
    assert ["cobol"] in skills.values()
    db.close()
