"""`devhub track ...`, `devhub tracks`, `devhub shared`, `log +word --resource` and
next steps in `devhub due`, run for real in a subprocess (issue 19)."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from typing import Any

import pytest

from devhub_tui.storage.store import Store

from .cli_helpers import assert_clean_error, run_cli

TRACK_KEYS = {"id", "slug", "kind", "title", "stage", "open", "stage_since", "next_step",
              "next_due", "overdue", "amount", "currency", "links", "notes", "contacts",
              "goals", "created_at", "updated_at"}


def _json(*args: str) -> Any:
    res = run_cli(*args)
    assert res.returncode == 0, res.stderr
    return json.loads(res.stdout)


def _counts() -> tuple[int, ...]:
    conn = sqlite3.connect(os.environ["DEVHUB_DB"])
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("tracks", "track_events", "interactions",
                               "interaction_resources"))
    finally:
        conn.close()


@pytest.fixture
def people(signed_in_store: Store) -> dict[str, str]:
    s = signed_in_store
    return {"ada": s.add_contact({"name": "Ada Lovelace", "nickname": "ada"}),
            "bob": s.add_contact({"name": "Bob Recruiter"}),
            "ada2": s.add_contact({"name": "Ada Byron"})}


def test_track_add_prints_the_track_and_json_has_its_id_and_slug(people: dict[str, str]
                                                                ) -> None:
    today = dt.date.today()
    res = run_cli("track", "add", "job", "Staff engineer @ Acme", "--contact", "Ada Lovelace",
                  "--contact", "bob", "--next", "send references", "--due", "yesterday",
                  "--amount", "120,000", "--currency", "eur", "--link", "acme.example/job")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("added job 'Staff engineer @ Acme' (+staff-engineer-acme, id ")
    data = _json("track", "add", "mentor", "Mentoring Bob", "--contact", people["bob"],
                 "--goal", "ship a PR | halfway", "--json")
    assert set(data) == TRACK_KEYS
    assert (data["kind"], data["slug"], data["stage"], data["open"]) == (
        "mentorship", "mentoring-bob", "active", True)
    assert data["goals"] == [{"goal": "ship a PR", "progress": "halfway"}]
    assert data["contacts"] == [{"id": people["bob"], "name": "Bob Recruiter"}]
    [job] = _json("tracks", "--kind", "job", "--json")
    assert set(job) == TRACK_KEYS
    assert (job["amount"], job["currency"], job["links"]) == (
        "120000.00", "EUR", ["https://acme.example/job"])
    assert (job["next_step"], job["next_due"], job["overdue"]) == (
        "send references", (today - dt.timedelta(days=1)).isoformat(), True)
    assert [c["name"] for c in job["contacts"]] == ["Ada Lovelace", "Bob Recruiter"]


def test_tracks_filters(people: dict[str, str]) -> None:
    run_cli("track", "add", "job", "Acme", "--contact", "bob", "--stage", "offer")
    run_cli("track", "add", "client", "Initech site", "--contact", "ada lovelace",
            "--next", "send quote", "--due", "3 days ago")
    run_cli("track", "add", "collab", "Podcast", "--contact", "ada lovelace",
            "--stage", "published")
    assert [t["title"] for t in _json("tracks", "--json")] == ["Initech site", "Acme",
                                                               "Podcast"]
    assert [t["title"] for t in _json("tracks", "--open", "--json")] == ["Initech site",
                                                                         "Acme"]
    assert [t["title"] for t in _json("tracks", "--stage", "offer", "--json")] == ["Acme"]
    assert [t["title"] for t in _json("tracks", "--kind", "collab", "--stage", "pub",
                                      "--json")] == ["Podcast"]
    assert [t["title"] for t in _json("tracks", "--contact", people["ada"], "--json")] == [
        "Initech site", "Podcast"]
    assert [t["title"] for t in _json("tracks", "--overdue", "--json")] == ["Initech site"]
    plain = run_cli("tracks").stdout
    assert "Initech site  +initech-site" in plain and "overdue" in plain
    assert run_cli("tracks", "--kind", "mentorship").stdout.strip() == "no tracks match"


def test_show_move_next_done(people: dict[str, str]) -> None:
    run_cli("track", "add", "job", "Acme", "--contact", "bob", "--next", "apply",
            "--due", "today")
    moved = run_cli("track", "move", "acme", "interv")
    assert moved.returncode == 0 and moved.stdout.strip() == "'Acme': lead → interviewing"
    data = _json("track", "move", "acme", "declined", "--json")
    assert (data["stage"], data["open"]) == ("declined", False)
    assert run_cli("track", "move", "acme", "declined").stdout.strip() == (
        "'Acme' is already in declined")
    done = run_cli("track", "done", "acme")
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["done: apply"]  # closed: nothing asked
    run_cli("track", "move", "acme", "offer")
    done = run_cli("track", "next", "acme", "call", "back", "--due", "tomorrow")
    assert done.stdout.strip().startswith("next step for 'Acme': call back, due ")
    data = _json("track", "done", "acme", "--next", "sign", "--due", "fri", "--json")
    assert data["completed"] == "call back" and data["next_step"] == "sign"
    res = run_cli("track", "done", "acme")
    assert res.stdout.splitlines()[-1] == "what's next? devhub track next acme NOTE --due WHEN"
    shown = _json("track", "show", "acme", "--json")
    assert set(shown) == TRACK_KEYS | {"history", "interactions"}
    assert [(h["kind"], h["from"], h["stage"], h["note"]) for h in shown["history"]] == [
        ("stage", None, "lead", ""), ("stage", "lead", "interviewing", ""),
        ("stage", "interviewing", "declined", ""), ("step", None, None, "apply"),
        ("stage", "declined", "offer", ""), ("step", None, None, "call back"),
        ("step", None, None, "sign")]
    assert all(h["date"] == dt.date.today().isoformat() for h in shown["history"])
    text = run_cli("track", "show", shown["id"][:8]).stdout
    assert "lead → interviewing" in text and "done: call back" in text


def test_quick_log_links_a_track_and_shares_resources(people: dict[str, str]) -> None:
    run_cli("track", "add", "job", "Staff engineer @ Acme", "--contact", "ada lovelace")
    res = run_cli("log", "ada", "lovelace", "interview", "second", "round", "+acme",
                  "https://slides.example/deck", "--resource", "https://rust.example/book Rust")
    assert res.returncode == 0, res.stderr
    assert res.stdout.strip().endswith("(+staff-engineer-acme)")
    shown = _json("track", "show", "acme", "--json")
    assert [(i["type"], i["notes"]) for i in shown["interactions"]] == [
        ("interview", "second round https://slides.example/deck")]
    shared = _json("shared", "--json")
    assert {(r["url"], r["title"], r["contact_name"]) for r in shared} == {
        ("https://rust.example/book", "Rust", "Ada Lovelace"),
        ("https://slides.example/deck", "", "Ada Lovelace")}
    assert set(shared[0]) == {"url", "title", "contact_id", "contact_name", "interaction_id",
                              "date"}
    assert [r["url"] for r in _json("shared", "rust", "--json")] == ["https://rust.example/book"]
    assert "Ada Lovelace: Rust https://rust.example/book" in run_cli("shared", "rust").stdout
    # unknown +word: one line, nothing logged
    before = _counts()
    assert_clean_error(run_cli("log", "ada", "lovelace", "call", "+globex"),
                       "no track matches '+globex' (tracks: Staff engineer @ Acme")
    assert_clean_error(run_cli("log", "ada", "lovelace", "call", "--resource", "ftp://x"),
                       "'ftp://x' is not allowed: only http and https links are")
    assert _counts() == before


def test_due_lists_next_steps_with_their_track(people: dict[str, str]) -> None:
    data = _json("track", "add", "job", "Acme", "--contact", "bob", "--next", "send refs",
                 "--due", "yesterday", "--json")
    due = _json("due", "--json")
    [item] = [i for i in due["items"] if i["kind"] == "next-step"]
    assert item == {"contact_id": people["bob"], "name": "Bob Recruiter", "kind": "next-step",
                    "reason": "next step for 'Acme': send refs, due yesterday", "days": 1,
                    "due": (dt.date.today() - dt.timedelta(days=1)).isoformat(),
                    "status": None, "follow_up_id": None, "track_id": data["id"]}
    assert "Bob Recruiter: next step for 'Acme': send refs, due yesterday" in run_cli(
        "due").stdout
    run_cli("track", "move", "acme", "closed")
    assert [i for i in _json("due", "--json")["items"] if i["kind"] == "next-step"] == []


@pytest.mark.parametrize(("args", "fragment"), [
    (("track", "add", "gig", "X", "--contact", "bob"),
     "unknown kind 'gig' (kinds: job, client, mentorship, collab)"),
    (("track", "add", "job", "X", "--contact", "bob", "--stage", "paid"),
     "'paid' is a client stage, not a job one (job stages: lead, applied"),
    (("track", "add", "job", "X", "--contact", "bob", "--stage", "later"),
     "unknown stage 'later' (job stages: lead,"),
    (("track", "add", "job", "X", "--contact", "zed"), "no contact matches 'zed'"),
    (("track", "add", "job", "X", "--contact", "ad"), "'ad' matches 2 contacts:"),
    (("track", "add", "job", "X", "--contact", "bob", "--amount", "lots", "--currency", "EUR"),
     "'lots' is not an amount"),
    (("track", "add", "job", "X", "--contact", "bob", "--amount", "5", "--currency", "EURO"),
     "unknown currency 'EURO' (use an ISO 4217 code such as EUR, USD"),
    (("track", "add", "job", "X", "--contact", "bob", "--amount", "5"), "--amount needs"),
    (("track", "add", "job", "X", "--contact", "bob", "--next", "go", "--due", "someday"),
     "--due: can't read date 'someday'"),
    (("track", "add", "job", "X", "--contact", "bob", "--next", "go"), "--next needs --due"),
    (("track", "add", "job", "  ", "--contact", "bob"), "a track needs a title"),
    (("track", "add", "job", "X", "--contact", "bob", "--link", "javascript:alert(1)"),
     "not a valid link"),
    (("track", "move", "acme", "paid"), "'paid' is a client stage, not a job one"),
    (("track", "move", "globex", "offer"), "no track 'globex' (tracks: acme)"),
    (("track", "show", "globex"), "no track 'globex' (tracks: acme)"),
    (("track", "next", "acme", "call", "--due", "someday"), "can't read date"),
    (("track", "done", "acme"), "'Acme' has no next step to complete"),
    (("tracks", "--kind", "gig"), "unknown kind 'gig'"),
    (("tracks", "--stage", "later"), "unknown stage 'later' (stages: job: lead"),
    (("tracks", "--contact", "zed"), "no contact matches 'zed'"),
])
def test_bad_input_is_one_line_and_stores_nothing(people: dict[str, str], args: tuple[str, ...],
                                                  fragment: str) -> None:
    assert run_cli("track", "add", "job", "Acme", "--contact", "bob").returncode == 0
    before = _counts()
    assert_clean_error(run_cli(*args), fragment)
    assert _counts() == before


def test_markup_and_escapes_print_as_typed(people: dict[str, str]) -> None:
    title = "[bold]Acme[/bold] \x1b[31mred"
    res = run_cli("track", "add", "job", title, "--contact", "bob")
    assert res.returncode == 0, res.stderr
    assert "[bold]Acme[/bold] [31mred" in res.stdout and "\x1b" not in res.stdout
    [t] = _json("tracks", "--json")
    assert t["title"] == "[bold]Acme[/bold] [31mred"


def test_a_second_account_sees_none_of_it(people: dict[str, str], signed_in_store: Store
                                          ) -> None:
    from argon2 import PasswordHasher

    from devhub_tui.storage.auth import Auth
    from devhub_tui.storage.session_file import save_secret

    assert run_cli("track", "add", "job", "Acme", "--contact", "bob", "--next", "x",
                   "--due", "yesterday").returncode == 0
    run_cli("log", "bob", "call", "+acme", "--resource", "https://secret.example plan")
    auth = Auth(signed_in_store.db, hasher=PasswordHasher(time_cost=1, memory_cost=8,
                                                          parallelism=1))
    grace = auth.create_user("grace", "password1")
    save_secret(signed_in_store.db.path, auth.create_session(grace.id), "grace")
    assert _json("tracks", "--json") == []
    assert _json("shared", "--json") == []
    assert [i for i in _json("due", "--json")["items"] if i["kind"] == "next-step"] == []
    assert_clean_error(run_cli("track", "show", "acme"), "no track 'acme': you have none yet")
    assert_clean_error(run_cli("track", "move", "acme", "offer"), "no track 'acme'")
