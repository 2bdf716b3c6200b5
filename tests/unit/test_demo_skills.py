"""The demo and the generated stores carry skills, industries and #topics (issue 20),
written the way the store writes them."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from argon2 import PasswordHasher

from devhub_tui.core.skills import extract_topics
from devhub_tui.services.demo import build_demo_store, generate

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
NOW = 1_796_385_600_000  # 2026-12-04 12:00 UTC


def _topics_match_notes(path: Path) -> int:
    """Every interaction's topics are exactly its note's #words; returns how many."""
    conn = sqlite3.connect(path)
    try:
        stored: dict[str, set[str]] = {}
        for iid, topic in conn.execute("SELECT interaction_id, topic FROM interaction_topics"):
            stored.setdefault(iid, set()).add(topic)
        for iid, notes in conn.execute("SELECT id, notes FROM interactions"):
            assert stored.get(iid, set()) == set(extract_topics(notes)), notes
        return sum(len(v) for v in stored.values())
    finally:
        conn.close()


def test_the_demo_has_skills_industries_and_topics(tmp_path: Path) -> None:
    path = tmp_path / "demo.db"
    build_demo_store(path, lambda: NOW, hasher=FAST)
    assert _topics_match_notes(path) > 0
    conn = sqlite3.connect(path)
    try:
        ada = conn.execute(
            "SELECT c.industry, group_concat(s.skill) FROM contacts c JOIN contact_skills s"
            " ON s.contact_id = c.id WHERE c.name = 'Ada Lovelace'").fetchone()
    finally:
        conn.close()
    assert ada[0] == "developer tools" and set(ada[1].split(",")) == {
        "rust", "webassembly", "haskell"}


def test_generated_stores_have_skills_and_topics(tmp_path: Path) -> None:
    path = tmp_path / "gen.db"
    generate(path, 300, 3000, seed=5, clock=lambda: NOW, hasher=FAST)
    assert _topics_match_notes(path) > 0
    conn = sqlite3.connect(path)
    try:
        (skilled,) = conn.execute("SELECT count(DISTINCT contact_id) FROM contact_skills"
                                  ).fetchone()
        (with_industry,) = conn.execute(
            "SELECT count(*) FROM contacts WHERE industry IS NOT NULL").fetchone()
    finally:
        conn.close()
    assert 100 < skilled < 300 and 50 < with_industry < 250
