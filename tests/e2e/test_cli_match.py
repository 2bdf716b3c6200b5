"""`devhub match` and `devhub stack` run for real in a subprocess (issue 20): the
order, the reasons, the JSON shapes, the empty states and bad input."""

from __future__ import annotations

import json
from typing import Any

import pytest

from devhub_tui.core.dates import DAY_MS
from devhub_tui.storage.ids import system_clock
from devhub_tui.storage.store import Store

from .cli_helpers import assert_clean_error, run_cli

MATCH_KEYS = {"id", "name", "score", "reasons", "skills", "topics", "talks_this_year",
              "last_contacted", "timezone", "location"}


def _json(*args: str) -> Any:
    res = run_cli(*args)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


@pytest.fixture
def network(signed_in_store: Store) -> dict[str, str]:
    s = signed_in_store
    now = system_clock()
    ids = {
        "ada": s.add_contact({"name": "Ada Lovelace", "skills": ["rust", "wasm"],
                              "timezone": "Europe/Berlin"}),
        "bob": s.add_contact({"name": "Bob [bold]Builder", "skills": ["rust", "go"],
                              "location": "Lisbon"}),
        "cy": s.add_contact({"name": "Cy", "skills": ["python"]}),
        "al": s.add_contact({"name": "Archived Al", "skills": ["rust"], "archived": True}),
    }
    for days in (2, 20, 40, 60, 80, 100):
        s.log_interaction(ids["ada"], "call", now - days * DAY_MS, "")
    s.log_interaction(ids["cy"], "coffee", now - DAY_MS, "talked about #wasm and #python")
    return ids


def test_match_ranks_with_reasons(network: dict[str, str]) -> None:
    res = run_cli("match", "rust", "wasm")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert len(lines) == 3
    assert "Ada Lovelace" in lines[0]
    assert "rust, webassembly · 6 talks this year · last talked 2 days ago" in lines[0]
    assert "Bob [bold]Builder" in lines[1] and "rust · no talks this year" in lines[1]
    assert "Cy" in lines[2] and "talked about webassembly · 1 talk this year" in lines[2]
    assert "Archived" not in res.stdout


def test_match_json_shape_and_near(network: dict[str, str]) -> None:
    rows = _json("match", "rust wasm", "--near", "Europe/Berlin", "--json")
    assert [r["id"] for r in rows] == [network["ada"], network["bob"], network["cy"]]
    assert all(set(r) == MATCH_KEYS for r in rows)
    ada = rows[0]
    assert ada["skills"] == ["rust", "webassembly"] and ada["topics"] == []
    assert ada["reasons"][-1] == "same time zone" and ada["talks_this_year"] == 6
    assert isinstance(ada["score"], int) and ada["score"] > rows[1]["score"]
    assert ada["timezone"] == "Europe/Berlin"
    # Bob lives in Lisbon (no time zone set): the place matches his location
    lisbon = _json("match", "rust", "--near", "lisbon", "--json")
    bob = next(r for r in lisbon if r["id"] == network["bob"])
    assert bob["reasons"][-1] == "in Lisbon" and bob["location"] == "Lisbon"
    assert len(_json("match", "rust", "wasm", "--limit", "1", "--json")) == 1


def test_match_limit_says_how_many_more(network: dict[str, str]) -> None:
    res = run_cli("match", "rust wasm", "--limit", "1")
    assert res.returncode == 0, res.stderr
    assert res.stdout.splitlines()[-1] == "… and 2 more (--limit N shows more)"


def test_match_nobody_and_bad_input(network: dict[str, str]) -> None:
    res = run_cli("match", "cobol")
    assert res.returncode == 0
    assert res.stdout.strip() == (
        "nobody in your network knows cobol yet: devhub contact edit NAME --skill cobol")
    assert _json("match", "cobol", "--json") == []
    assert_clean_error(run_cli("match", "rust $$"), "is not a skill")
    assert_clean_error(run_cli("match", " , "), "name a technology")
    assert_clean_error(run_cli("match", "rust", "--near", " "), "--near needs")


def test_stack_text_and_json(network: dict[str, str]) -> None:
    res = run_cli("stack")
    assert res.returncode == 0, res.stderr
    lines = res.stdout.splitlines()
    assert lines[0].split()[:2] == ["skill", "contacts"]
    rust = lines[1].split()
    # rust: Ada and Bob (Al is archived) of 3 contacts; Ada talked to in 90 days
    assert rust[0] == "rust" and rust[1] == "█" * 20 and rust[2:] == ["2", "66.7%", "1"]
    assert lines[-1] == "3 contacts (archived left out)"
    data = _json("stack", "--json")
    assert data["kind"] == "skills" and data["total_contacts"] == 3 and data["distinct"] == 4
    assert data["rows"][0] == {"name": "rust", "contacts": 2, "share": 0.6667,
                               "talked_90d": 1}
    assert [r["name"] for r in data["rows"]] == ["rust", "go", "python", "webassembly"]
    topics = _json("stack", "--topics", "--json")
    assert topics["kind"] == "topics"
    assert topics["rows"] == [
        {"name": "python", "contacts": 1, "share": 0.3333, "talked_90d": 1},
        {"name": "webassembly", "contacts": 1, "share": 0.3333, "talked_90d": 1}]


def test_stack_empty(signed_in_store: Store) -> None:
    signed_in_store.add_contact({"name": "Nobody Skilled"})
    res = run_cli("stack")
    assert res.returncode == 0
    assert res.stdout.startswith("no skills yet: devhub contact edit NAME --skill rust")
    res = run_cli("stack", "--topics")
    assert res.stdout.startswith("no topics yet: write #words in interaction notes")
    assert _json("stack", "--json") == {"kind": "skills", "total_contacts": 1,
                                        "distinct": 0, "rows": []}


def test_not_logged_in_is_one_line(isolated_dirs: object) -> None:
    assert_clean_error(run_cli("match", "rust"), "not logged in")
    assert_clean_error(run_cli("stack"), "not logged in")


def test_match_and_stack_import_no_ui(network: dict[str, str]) -> None:
    """Plain commands start fast: no textual, rich or argon2."""
    import subprocess
    import sys

    for args in (("match", "rust", "--json"), ("stack", "--json")):
        res = subprocess.run([sys.executable, "-X", "importtime", "-m", "devhub_tui", *args],
                             capture_output=True, text=True, timeout=60)
        assert res.returncode == 0, res.stderr
        mods = {line.rsplit("|", 1)[1].strip() for line in res.stderr.splitlines()
                if line.startswith("import time:") and "|" in line}
        assert "devhub_tui.cli.skills" in mods and "devhub_tui.core.match" in mods
        for heavy in ("textual", "rich", "argon2"):
            assert heavy not in mods, (args, heavy)
