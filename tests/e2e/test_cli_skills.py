"""`devhub contacts` by skill, industry, relationship and the search syntax (issue 20)."""

from __future__ import annotations

import json

import pytest

from .cli_helpers import assert_clean_error, run_cli


@pytest.fixture
def network() -> None:
    assert run_cli("user", "add", "ada", "--password-stdin", stdin="password1\n").returncode == 0
    assert run_cli("login", "ada", "--password-stdin", stdin="password1\n").returncode == 0
    for args in (
        ("Ada Lovelace", "--skill", "rust,k8s", "--industry", "Fintech",
         "--relationship", "mentor"),
        ("Grace Hopper", "--skill", "rust", "--skill", "cobol", "--industry", "fintech",
         "--relationship", "friend"),
        ("Linus", "--skill", "c", "--industry", "os", "--tag", "pycon-de-2026"),
    ):
        assert run_cli("contact", "add", *args).returncode == 0
    assert run_cli("log", "ada", "coffee", "talked", "about", "#wasm", "and", "#rust"
                   ).returncode == 0
    assert run_cli("log", "linus", "call", "kernel", "#wasm").returncode == 0


def _names(*args: str) -> list[str]:
    res = run_cli("contacts", *args, "--json")
    assert res.returncode == 0, res.stderr
    return [c["name"] for c in json.loads(res.stdout)]


def test_every_row_carries_sorted_normalised_skills(network: None) -> None:
    rows = json.loads(run_cli("contacts", "--json").stdout)
    assert {c["name"]: c["skills"] for c in rows} == {
        "Ada Lovelace": ["kubernetes", "rust"], "Grace Hopper": ["cobol", "rust"],
        "Linus": ["c"]}


def test_skill_industry_relationship_options(network: None) -> None:
    assert _names("--skill", "rust") == ["Ada Lovelace", "Grace Hopper"]
    assert _names("--skill", "rust", "--skill", "kube") == ["Ada Lovelace"]  # all of them
    assert _names("--skill", "Rust", "--industry", "FINTECH", "--relationship", "mentor") == [
        "Ada Lovelace"]
    assert _names("--industry", "fintech") == ["Ada Lovelace", "Grace Hopper"]
    assert _names("--relationship", "friend") == ["Grace Hopper"]
    assert _names("--skill", "haskell") == []
    res = run_cli("contacts", "--skill", "rust")
    assert "Ada Lovelace" in res.stdout and "Linus" not in res.stdout
    assert run_cli("contacts", "--skill", "haskell").stdout.strip() == "no contacts match"
    assert_clean_error(run_cli("contacts", "--skill", "<b>"), "is not a skill")


def test_search_syntax(network: None) -> None:
    assert _names("--search", "skill:rust topic:wasm ada") == ["Ada Lovelace"]
    assert _names("--search", "topic:webassembly") == ["Ada Lovelace", "Linus"]
    assert _names("--search", "skill:k8s") == ["Ada Lovelace"]
    assert _names("--search", 'event:"PyCon DE 2026"') == ["Linus"]
    assert _names("--search", "industry:fintech relationship:friend") == ["Grace Hopper"]
    assert _names("--search", "skill:rust grace") == ["Grace Hopper"]
    assert _names("--search", "skill:rust topic:wasm grace") == []
    assert _names("--search", "skill:rust", "--industry", "os") == []
    assert_clean_error(run_cli("contacts", "--search", "skill:<b>"), "is not a skill")


def test_import_maps_categories_to_skills_only_when_asked(network: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "people.csv"
    path.write_text("Name,Email,Categories\nBarbara Liskov,barbara@example.org,\"Clu, k8s\"\n")
    dry = run_cli("import", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "read as tags" in dry.stdout and "--categories-as-skills" in dry.stdout
    res = run_cli("import", str(path), "--categories-as-skills")
    assert res.returncode == 0, res.stderr
    assert "read as skills (mapped by you)" in res.stdout
    assert _names("--skill", "kubernetes") == ["Ada Lovelace", "Barbara Liskov"]
    [barbara] = [c for c in json.loads(run_cli("contacts", "--json").stdout)
                 if c["name"] == "Barbara Liskov"]
    assert barbara["skills"] == ["clu", "kubernetes"] and barbara["tags"] == []
