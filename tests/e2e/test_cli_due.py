"""`devhub due --json`: the compact JSON writer, the process's imports, its GC switch."""

from __future__ import annotations

import datetime as _dt
import gc
import json
import os
import subprocess
import sys

import pytest

from devhub_tui.cli.crm import due_json, due_json_text
from devhub_tui.cli.main import cli
from devhub_tui.core.dates import DAY_MS
from devhub_tui.core.status import AttentionItem, Status
from devhub_tui.storage.store import Store

from .cli_helpers import run_cli

AWKWARD = [
    "Ada Lovelace", 'Quote "Q" Quinn', "Back\\slash", "tab\there", "new\nline", "\x00\x1f\x7f",
    "Émile Zola", "李小龍", "emoji 🎉", "\u2028\u2029", "[bold]Bo[/bold]", "</script>", "",
]


def _compact(data: object) -> str:
    """What `devhub due --json` printed before it had its own writer."""
    return json.dumps(data, ensure_ascii=False, indent=None, sort_keys=True)


def test_due_json_text_is_json_dumps_of_due_json() -> None:
    today = _dt.date(2026, 11, 25)
    items = []
    for n, name in enumerate(AWKWARD):
        items.append(AttentionItem(f"c{n}{name}", name, "status", f"overdue by {n} days {name}",
                                   float(n), n, n * DAY_MS * 1000 + 5, Status.OVERDUE))
        items.append(AttentionItem(f"c{n}", name, "follow-up", f"follow-up due today: {name}",
                                   0.5, -n, -n * DAY_MS - 1, None, follow_up_id=f"f{n}{name}"))
        items.append(AttentionItem(f"c{n}", name, "birthday", "birthday today", 2e7, 0, None,
                                   None, age=40))
    items.append(AttentionItem("d", "Dee", "status", "due soon (in 3 days)", 3e7, -3, 0,
                               Status.DUE_SOON))
    for chosen in (items, items[:1], []):
        now = 1_795_600_000_123
        assert due_json_text(chosen, today, now) == _compact(due_json(chosen, today, now))


def _fill(store: Store) -> None:
    today = _dt.datetime.now(_dt.UTC).date()
    for n, name in enumerate(AWKWARD[:8] + ["Late Lou", "Soon Sue"]):
        clean = " ".join(name.replace("\x00", "x").split()) or "x"
        cid = store.add_contact({"name": clean, "cadence_days": 7 + n % 5})
        days = [3, 6, 9, 20, 40][n % 5]
        store.log_interaction(cid, "call", store.clock() - days * DAY_MS)
        if n % 3 == 0:
            store.add_follow_up(cid, today - _dt.timedelta(days=n), f'say "hi" \\ {name}')
    store.add_contact({"name": "Birthday Bea", "birthday": (today + _dt.timedelta(days=2))
                       .strftime("--%m-%d")})


def test_due_json_prints_the_same_compact_sorted_json(signed_in_store: Store) -> None:
    _fill(signed_in_store)
    res = run_cli("due", "--json")
    assert res.returncode == 0, res.stderr
    data = json.loads(res.stdout)
    assert res.stdout == _compact(data) + "\n"  # byte for byte what json.dumps gives
    assert list(data) == ["count", "generated_at", "items", "today"]
    assert data["count"] == len(data["items"]) > 8
    kinds = {it["kind"] for it in data["items"]}
    assert kinds == {"status", "follow-up", "birthday"}
    for it in data["items"]:
        assert list(it) == ["contact_id", "days", "due", "follow_up_id", "kind", "name",
                            "reason", "status"]
    assert any('say "hi" \\' in it["reason"] for it in data["items"])
    # the same queue as the store gives, in the same order
    assert [(it["contact_id"], it["kind"]) for it in data["items"]] == [
        (i.contact_id, i.kind) for i in signed_in_store.attention_queue()]


def _imported_modules(*args: str) -> set[str]:
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "devhub_tui", *args],
                         capture_output=True, text=True, env=dict(os.environ), timeout=60)
    assert res.returncode == 0, res.stderr
    return {line.rsplit("|", 1)[1].strip() for line in res.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}


def test_due_imports_nothing_it_does_not_need(signed_in_store: Store) -> None:
    """No argon2 (only password commands hash), no textual or rich (no UI), no tomllib
    (no sync.toml here)."""
    _fill(signed_in_store)
    mods = _imported_modules("due", "--json")
    assert "devhub_tui.storage.store" in mods and "devhub_tui.storage.auth" in mods
    for heavy in ("argon2", "textual", "rich", "tomllib"):
        assert heavy not in mods, heavy
    # logging in still hashes with argon2 (imported when needed)
    res = run_cli("login", "ada", "--password-stdin", stdin="password1\n")
    assert res.returncode == 0, res.stderr


def test_due_switches_the_collector_back_on(
    signed_in_store: Store, capsys: pytest.CaptureFixture[str]
) -> None:
    _fill(signed_in_store)
    assert gc.isenabled()
    cli.main(args=["due", "--json"], standalone_mode=False)
    assert gc.isenabled()
    assert json.loads(capsys.readouterr().out)["count"] > 8
    gc.disable()
    try:  # left off when it was off
        cli.main(args=["due"], standalone_mode=False)
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert "Late Lou: overdue by" in capsys.readouterr().out
