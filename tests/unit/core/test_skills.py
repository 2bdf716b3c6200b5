"""Skills and topics: one spelling for each technology (core.skills)."""

from __future__ import annotations

import pytest

from devhub_tui.core.skills import (
    MAX_SKILL_LEN,
    SKILL_ALIASES,
    extract_topics,
    normalize_skill,
    normalize_skills,
    parse_skills,
)
from devhub_tui.core.validation import ValidationError


@pytest.mark.parametrize(("typed", "name"), [
    ("js", "javascript"), ("TS", "typescript"), ("k8s", "kubernetes"), ("golang", "go"),
    ("py", "python"), ("postgres", "postgresql"), ("psql", "postgresql"),
    ("#Rust", "rust"), ("  wasm ", "webassembly"), ("C++", "cpp"), ("c#", "csharp"),
    ("Machine Learning", "machine-learning"), ("node.js", "nodejs"), ("ReactJS", "react"),
    ("Elm", "elm"), ("Data Engineering", "data-engineering"), ("ci/cd", "ci/cd"),
    ("Développement", "développement"),
])
def test_aliases_and_unknown_skills(typed: str, name: str) -> None:
    assert normalize_skill(typed) == name


def test_the_alias_table_is_big_and_consistent() -> None:
    assert len(SKILL_ALIASES) >= 60
    for alias, name in SKILL_ALIASES.items():
        assert alias == alias.lower() and name == name.lower()
        assert alias != name
        # a name is never itself an alias of something else (one step is enough)
        assert name not in SKILL_ALIASES, name
        assert normalize_skill(name) == name


@pytest.mark.parametrize("bad", ["", "   ", "#", "rust lang; drop", "a" * (MAX_SKILL_LEN + 1),
                                 "<script>"])
def test_bad_skills_are_one_clear_line(bad: str) -> None:
    with pytest.raises(ValidationError) as exc:
        normalize_skill(bad)
    assert "\n" not in str(exc.value)


def test_lists_are_sorted_without_duplicates() -> None:
    assert normalize_skills(["Rust", "rust", "JS", "javascript", ""]) == ["javascript", "rust"]
    assert parse_skills("rust, k8s ,, Go") == ["go", "kubernetes", "rust"]
    assert parse_skills(("rust,wasm", "py")) == ["python", "rust", "webassembly"]


def test_topics_are_the_hash_words_of_a_note() -> None:
    note = "talked about #rust and #WASM (#k8s.) — not a#b, not #1, not &#39; #Rust again"
    assert extract_topics(note) == ["rust", "webassembly", "kubernetes"]
    assert extract_topics("") == []
    assert extract_topics("#日本語 #c++ #c#") == ["日本語", "cpp", "csharp"]
