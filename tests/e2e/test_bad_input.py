"""A bad-input corpus through the CLI, imports and the forms.

Empty and 100,000-character names and notes, NUL bytes, invalid UTF-8 (arguments and
import files), RTL text and emoji, impossible dates, SQL- and FTS-looking text, Rich
markup and ANSI escapes. Every case ends in either the text stored as typed (minus
control characters) or one clear error line -- never a traceback, never an
"unexpected" crash message, and never a row stored half.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher
from textual.widgets import Input, Static, TextArea

from devhub_tui.storage import auth as auth_module
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import open_database
from devhub_tui.storage.session_file import save_secret
from devhub_tui.storage.store import Store
from devhub_tui.tui.widgets.row_list import RowList
from tests.e2e.cli_helpers import assert_clean_error, run_cli

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
TABLES = ("contacts", "interactions", "tags", "contact_tags", "follow_ups", "background",
          "contact_info")

RTL_EMOJI = "مرحبا שלום 👩🏽‍💻 Zoë Ñandú 日本語"
SQLISH = "Robert'); DROP TABLE contacts;--"
MARKUP = "[bold]x[/bold] [@click=app.quit]y[/] [link=file:///etc/passwd]z[/link]"
ANSI = "\x1b[31mRed\x1b[0m \x9b2J Done"
ANSI_STORED = "[31mRed[0m 2J Done"  # ESC and the C1 CSI removed, the rest as typed


@pytest.fixture
def store_path(db_path: Path) -> Iterator[Path]:
    db = open_database(db_path)
    auth = Auth(db, hasher=FAST)
    user = auth.create_user("ada", "password1")
    save_secret(db_path, auth.create_session(user.id), "ada")
    Store(db, user.id).add_contact({"name": "Ada Lovelace"}, ["rust"])
    db.close()
    yield db_path


def counts(path: Path) -> dict[str, int]:
    c = sqlite3.connect(path)
    try:
        return {t: c.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}
    finally:
        c.close()


def contacts_json(path: Path) -> list[dict[str, Any]]:
    res = run_cli("--db", str(path), "contacts", "--json")
    assert res.returncode == 0, res.stderr
    data: list[dict[str, Any]] = json.loads(res.stdout)
    return data


def assert_no_crash(res: subprocess.CompletedProcess[Any]) -> None:
    err = res.stderr if isinstance(res.stderr, str) else res.stderr.decode("utf-8", "replace")
    assert "Traceback" not in err and "unexpected" not in err, err


# -- the CLI: refused ----------------------------------------------------------
REFUSED = [
    (["contact", "add", ""], "name is required"),
    (["contact", "add", " \t "], "name is required"),
    (["contact", "add", "x" * 100_000], "too long"),
    (["contact", "add", "Notes", "--notes", "n" * 100_001], "too long"),
    (["contact", "add", "Bday", "--birthday", "2026-02-30"], "not a real date"),
    (["contact", "add", "Bday", "--birthday", "2023-02-29"], "not a leap year"),
    (["contact", "add", "Tagged", "--tag", "fine", "--tag", "bad tag!"], "can't contain"),
    (["contact", "add", "Mail", "--email", "a@b@c"], "not a valid email"),
    (["contact", "add", "Cadence", "--cadence", "-3"], "cadence"),
    (["contact", "add", SQLISH, "--github", "'; DROP TABLE users;--"], "GitHub"),
    (["log", "ada", "coffee", "--date", "2026-02-30"], "not a real date"),
    (["log", "ada", "coffee", "n" * 100_001], "too long"),
    (["log", "ada", "teleport", "hi"], "teleport"),
    (["log", "nobody-at-all", "coffee"], "nobody-at-all"),
    (["follow-up", "ada", "--due", "2026-02-30"], "not a real date"),
    (["follow-up", "ada", "--due", "tomorrow", "n" * 100_001], "too long"),
]


@pytest.mark.parametrize(("args", "fragment"), REFUSED, ids=lambda v: str(v)[:40])
def test_cli_refuses_bad_input_with_one_line_and_stores_nothing(
    store_path: Path, args: list[str], fragment: str
) -> None:
    before = counts(store_path)
    res = run_cli("--db", str(store_path), *args)
    assert_clean_error(res, fragment)
    assert_no_crash(res)
    assert counts(store_path) == before


# -- the CLI: stored as typed ----------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "stored"),
    [(RTL_EMOJI, RTL_EMOJI), (SQLISH, SQLISH), (MARKUP, MARKUP), (ANSI, ANSI_STORED),
     ("x" * 200, "x" * 200)],
    ids=["rtl-emoji", "sql", "markup", "ansi", "200-chars"],
)
def test_cli_stores_odd_names_as_typed_and_prints_them_as_text(
    store_path: Path, typed: str, stored: str
) -> None:
    res = run_cli("--db", str(store_path), "contact", "add", typed, "--company", typed,
                  "--notes", f"{typed}\nsecond line")
    assert res.returncode == 0, res.stderr
    assert "\x1b" not in res.stdout and "\x9b" not in res.stdout
    [c] = [c for c in contacts_json(store_path) if c["name"] != "Ada Lovelace"]
    assert (c["name"], c["company"], c["notes"]) == (stored, stored, f"{stored}\nsecond line")
    listing = run_cli("--db", str(store_path), "contacts")
    assert stored in listing.stdout  # markup printed as typed, not interpreted
    assert "\x1b" not in listing.stdout


def test_cli_100k_notes_are_kept_whole(store_path: Path) -> None:
    note = ("lorem ipsum " * 9000)[:99_990] + "the end."
    res = run_cli("--db", str(store_path), "contact", "add", "Long Notes", "--notes", note)
    assert res.returncode == 0, res.stderr
    [c] = [c for c in contacts_json(store_path) if c["name"] == "Long Notes"]
    assert c["notes"] == note and len(note) == 99_998
    logged = run_cli("--db", str(store_path), "log", "long", "call", note)
    assert logged.returncode == 0, logged.stderr
    c2 = sqlite3.connect(store_path)
    assert c2.execute("SELECT length(notes) FROM interactions").fetchone()[0] == len(note)
    c2.close()


def test_cli_log_notes_with_markup_and_escapes_are_stored_as_text(store_path: Path) -> None:
    res = run_cli("--db", str(store_path), "log", "ada", "coffee",
                  "[bold]hi[/bold]", "\x1b[2J", "[@click=app.quit]", RTL_EMOJI)
    assert res.returncode == 0, res.stderr
    c = sqlite3.connect(store_path)
    [note] = [r[0] for r in c.execute("SELECT notes FROM interactions")]
    c.close()
    assert note == f"[bold]hi[/bold] [2J [@click=app.quit] {RTL_EMOJI}"


@pytest.mark.parametrize("query", [
    "' OR 1=1 --", 'name:x OR "y" NEAR( ^* -z', "ada*\"", "(", "AND", "*", SQLISH,
    "%_\\", MARKUP, RTL_EMOJI, "x" * 10_000,
])
def test_search_text_is_never_syntax(store_path: Path, query: str) -> None:
    res = run_cli("--db", str(store_path), "contacts", "--search", query)
    assert res.returncode == 0, res.stderr
    assert_no_crash(res)
    tagged = run_cli("--db", str(store_path), "contacts", "--tag", query[:200])
    assert_no_crash(tagged)
    assert counts(store_path)["contacts"] == 1  # nothing was dropped


def test_sql_looking_names_are_found_by_search(store_path: Path) -> None:
    assert run_cli("--db", str(store_path), "contact", "add", SQLISH).returncode == 0
    res = run_cli("--db", str(store_path), "contacts", "--search", "robert drop")
    assert SQLISH in res.stdout


# -- NUL bytes and invalid UTF-8 ---------------------------------------------
def _run_bytes(*args: bytes, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "devhub_tui", *args], input=stdin,
                          capture_output=True, timeout=60, env=dict(os.environ))


def test_invalid_utf8_arguments(store_path: Path) -> None:
    db = str(store_path).encode()
    added = _run_bytes(b"--db", db, b"contact", b"add", b"Bad \xff\xfe Bytes")
    assert added.returncode == 0, added.stderr
    names = [c["name"] for c in contacts_json(store_path)]
    assert "Bad \ufffd\ufffd Bytes" in names
    before = counts(store_path)
    for args in ([b"log", b"ad\xffa", b"coffee"], [b"contacts", b"--tag", b"\xff"],
                 [b"follow-up", b"\xfe", b"--due", b"tomorrow"]):
        res = _run_bytes(b"--db", db, *args)
        assert res.returncode == 1
        assert_no_crash(res)
        assert res.stderr.decode().count("\n") == 1 and b"UTF-8" in res.stderr
    assert counts(store_path) == before


def test_nul_bytes(store_path: Path) -> None:
    # NUL can't travel in argv; it arrives on stdin, in files and in the forms
    res = run_cli("--db", str(store_path), "user", "add", "nul-user", "--password-stdin",
                  stdin="pass\x00word123\n")
    assert_clean_error(res, "NUL")
    csv = store_path.parent / "nul.csv"
    csv.write_bytes(b"name,email,notes\nNul\x00 Person,nul@example.com,a\x00b\n")
    res = run_cli("--db", str(store_path), "import", str(csv))
    assert_no_crash(res)
    for c in contacts_json(store_path):
        assert "\x00" not in json.dumps(c)
    db = open_database(store_path)
    try:
        uid = db.conn().execute("SELECT id FROM users").fetchone()[0]
        store = Store(db, uid)
        cid = store.add_contact({"name": "Zero\x00 Byte", "notes": "a\x00b\x1b[0m"})
        got = store.get_contact(cid)
        assert (got.name, got.notes) == ("Zero Byte", "ab[0m")
    finally:
        db.close()


@pytest.mark.parametrize(
    ("name", "content", "expect"),
    [
        ("latin1.csv", b"name,email\nJos\xe9 Garc\xeda,jose@example.com\n", "José García"),
        ("bad.vcf", b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Caf\xe9 \xff Owner\r\nEND:VCARD\r\n",
         "Café ÿ Owner"),
        ("mixed.csv", b"name\nGood Name\n\xc3\x28 broken\n", None),
        ("random.json", bytes(range(256)) * 20, None),
        ("bad.json", b'{"contacts": [{"name": "\xff\xfe"}]}', None),
    ],
)
def test_invalid_utf8_in_imports(store_path: Path, name: str, content: bytes,
                                 expect: str | None) -> None:
    path = store_path.parent / name
    path.write_bytes(content)
    before = counts(store_path)
    res = run_cli("--db", str(store_path), "import", str(path))
    assert_no_crash(res)
    if res.returncode != 0:
        assert_clean_error(res, "")
        assert counts(store_path) == before  # a refused file imports nothing at all
    names = [c["name"] for c in contacts_json(store_path)]
    if expect is not None:
        assert res.returncode == 0, res.stderr
        assert expect in names
    for n in names:
        assert not any(0xD800 <= ord(ch) <= 0xDFFF for ch in n)


# -- the forms ---------------------------------------------------------------
SIZE = (120, 40)


@pytest.fixture
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(auth_module, "default_hasher", lambda: FAST)


async def _settle(pilot: Any) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def _store(path: Path) -> Store:
    db = open_database(path)
    uid = db.conn().execute("SELECT id FROM users").fetchone()[0]
    return Store(db, uid)


async def test_contact_form_with_the_corpus(store_path: Path, cheap_hashing: None) -> None:
    from devhub_tui.tui.app import DevhubApp
    from devhub_tui.tui.screens.contact_form import ContactForm

    store = _store(store_path)
    app = DevhubApp(db_path=store_path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("n")
        await _settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        name = form.query_one("#f-name", Input)
        notes = form.query_one("#f-notes", TextArea)
        # too long: an error next to the field, nothing saved, the form stays
        name.value = "n" * 100_000
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, ContactForm)
        assert "too long" in str(form.query_one("#e-name", Static).render())
        name.value = MARKUP
        notes.text = "x" * 100_001
        form.query_one("#f-birthday", Input).value = "2026-02-30"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert isinstance(app.screen, ContactForm)
        assert "not a real date" in str(form.query_one("#e-birthday", Static).render())
        assert "too long" in str(form.query_one("#e-notes", Static).render())
        assert store.count_contacts() == 1
        # fixed: stored as typed, minus NUL and escape characters
        form.query_one("#f-birthday", Input).value = "02-29"
        form.query_one("#f-company", Input).value = f"{RTL_EMOJI}\x00"
        notes.text = f"{ANSI}\x00\n{SQLISH}"
        await pilot.press("ctrl+s")
        await _settle(pilot)
        assert not isinstance(app.screen, ContactForm)
        [c] = [c for c in store.list_contacts() if c.name != "Ada Lovelace"]
        assert (c.name, c.company, c.birthday) == (MARKUP, RTL_EMOJI, "--02-29")
        assert c.notes == f"{ANSI_STORED}\n{SQLISH}"
        await pilot.press("escape")
        await pilot.press("c")
        await _settle(pilot)
        table = app.screen.query_one("#contacts-table", RowList)
        shown = [str(table.get_row_at(r)[0]) for r in range(table.row_count)]
        assert MARKUP in shown  # the markup is shown as typed
        assert app.is_running
    store.db.close()


async def test_quick_log_with_the_corpus(store_path: Path, cheap_hashing: None) -> None:
    from devhub_tui.tui.app import DevhubApp
    from devhub_tui.tui.screens.quick_log import QuickLogScreen

    store = _store(store_path)
    app = DevhubApp(db_path=store_path)
    async with app.run_test(size=SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("l")
        await _settle(pilot)
        bar = app.screen
        assert isinstance(bar, QuickLogScreen)
        field = bar.query_one("#quicklog-input", Input)
        field.value = "ada coffee @2026-02-30"
        await _settle(pilot)
        await pilot.press("enter")
        await _settle(pilot)
        assert isinstance(app.screen, QuickLogScreen)  # an impossible date saves nothing
        assert store.list_interactions() == []
        field.value = f"ada coffee [@click=app.quit]q[/] \x00{ANSI} {SQLISH} {RTL_EMOJI}"
        await _settle(pilot)
        preview = str(bar.query_one("#quicklog-preview", Static).render())
        assert "[@click=app.quit]q[/]" in preview and "Ada Lovelace" in preview
        await pilot.press("enter")
        await _settle(pilot)
        assert not isinstance(app.screen, QuickLogScreen)
        [ix] = store.list_interactions()
        assert ix.notes == f"[@click=app.quit]q[/] {ANSI_STORED} {SQLISH} {RTL_EMOJI}"
        assert app.is_running
    store.db.close()
