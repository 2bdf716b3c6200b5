"""`devhub digest` through the real CLI: three formats, plain when piped, clean errors."""

from __future__ import annotations

import datetime as _dt
import json

from devhub_tui.core.dates import DAY_MS
from devhub_tui.storage.store import Store

from .cli_helpers import assert_clean_error, run_cli


def _fill(store: Store) -> None:
    today = _dt.datetime.now(_dt.UTC).date()
    late = store.add_contact({"name": "Late *Lou* [x]", "cadence_days": 7})
    store.log_interaction(late, "call", store.clock() - 20 * DAY_MS, "old\x1b[2J news")
    back = store.add_contact({"name": "Back Bea", "cadence_days": 14})
    store.log_interaction(back, "call", store.clock() - 40 * DAY_MS)
    store.log_interaction(back, "coffee", store.clock() - DAY_MS, "coffee at Acme")
    store.add_follow_up(back, today + _dt.timedelta(days=2), "send the slides")


def test_digest_three_formats(signed_in_store: Store) -> None:
    _fill(signed_in_store)
    text = run_cli("digest")
    assert text.returncode == 0, text.stderr
    assert "\x1b" not in text.stdout  # not a TTY: no colour
    assert "Due to get in touch (1)" in text.stdout
    assert "  Late *Lou* [x] · overdue by 13 days" in text.stdout
    assert "  Back Bea: on " in text.stdout and "after 39 days (cadence 14)" in text.stdout
    md = run_cli("digest", "--format", "markdown", "--days", "3")
    assert md.returncode == 0, md.stderr
    assert md.stdout.startswith("# devhub digest for ")
    assert "## The 3 days ahead" in md.stdout and "### Follow-ups (1)" in md.stdout
    assert "- Late \\*Lou\\* \\[x\\] · overdue by 13 days" in md.stdout
    js = run_cli("digest", "--format", "json", "--limit", "0")
    assert js.returncode == 0, js.stderr
    data = json.loads(js.stdout)
    assert data["days"] == 7
    assert data["ahead"]["due"]["count"] == 1
    assert data["ahead"]["follow_ups"]["items"][0]["note"] == "send the slides"
    assert data["behind"]["reconnected"]["items"][0]["name"] == "Back Bea"
    assert data["behind"]["interactions"]["by_type"] == {"coffee": 1}


def test_digest_bad_input_and_no_login() -> None:
    assert_clean_error(run_cli("digest"), "not logged in")
    res = run_cli("digest", "--days", "0")
    assert res.returncode == 2 and "Traceback" not in res.stderr
