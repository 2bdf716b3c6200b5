"""The contacts search syntax (core.query): filters, quotes, aliases, free text."""

from __future__ import annotations

import pytest

from devhub_tui.core.query import Query, event_slug, parse_query


def test_filters_and_free_text_combine() -> None:
    q = parse_query('skill:rust topic:wasm ada industry:fintech relationship:mentor lovelace')
    assert q.text == "ada lovelace"
    assert q.skills == ["rust"]
    assert q.topics == ["webassembly"]  # normalised like skills
    assert (q.industry, q.relationship) == ("fintech", "mentor")
    assert q.has_filters and not q.impossible


def test_aliases_are_normalised_and_repeats_are_all() -> None:
    q = parse_query("skill:k8s skill:golang skill:Kubernetes")
    assert q.skills == ["kubernetes", "go"]
    assert q.text == ""


def test_quotes_hold_spaces() -> None:
    q = parse_query('event:"PyCon DE 2026" industry:"Developer  Tools" met')
    assert q.events == ["pycon-de-2026"]
    assert q.industry == "Developer Tools"
    assert q.text == "met"
    # an unclosed quote runs to the end; a quoted phrase is free text
    assert parse_query('event:"PyCon 2026').events == ["pycon-2026"]
    assert parse_query('"grace hopper" skill:cobol').text == "grace hopper"
    # a quoted phrase is never read as a filter
    assert parse_query('"skill:rust"').skills == []


def test_keys_are_case_insensitive_and_have_aliases() -> None:
    q = parse_query("SKILL:Rust Tech:ts rel:friend Topic:#py")
    assert q.skills == ["rust", "typescript"]
    assert q.relationship == "friend"
    assert q.topics == ["python"]


@pytest.mark.parametrize("text", ["http://example.org", "12:30", "foo:bar", "c++"])
def test_unknown_keys_are_free_text_as_typed(text: str) -> None:
    q = parse_query(f"{text} ada")
    assert q.text == f"{text} ada"
    assert not q.has_filters


def test_empty_values_are_ignored_and_bad_skills_match_nothing() -> None:
    assert parse_query("skill: ada") == Query(text="ada")
    q = parse_query("skill:<b> ada")
    assert q.impossible and "is not a skill" in q.errors[0]
    assert not parse_query("")
    assert not parse_query(None)


def test_event_slug_is_the_quick_connect_tag() -> None:
    from devhub_tui.connect.store import event_tag

    for name in ("PyCon DE 2026", "  RustConf   2026 ", "Café!!Berlin", "!!!"):
        assert event_tag(name) == event_slug(name)
    assert event_slug("PyCon DE 2026") == "pycon-de-2026"
    assert event_slug("!!!") == "event"


def test_suggested_skills_are_frequent_topics_not_yet_skills() -> None:
    from devhub_tui.core.skills import suggest_skills

    counts = [("webassembly", 4), ("rust", 3), ("zig", 2), ("go", 1)]
    assert suggest_skills(counts, ["rust"]) == ["webassembly", "zig"]
    assert suggest_skills(counts, ["rust", "webassembly", "zig"]) == []
    assert suggest_skills(counts, [], min_count=4) == ["webassembly"]
