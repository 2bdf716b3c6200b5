"""`devhub import` / `devhub export`, run for real in a subprocess."""

from __future__ import annotations

import json
import os
import re
import stat
from pathlib import Path

import pytest

from .cli_helpers import assert_clean_error, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def logged_in(db_path: Path) -> None:
    res = run_cli("user", "add", "ada", "--password-stdin", stdin="password1\n")
    assert res.returncode == 0, res.stderr
    res = run_cli("login", "ada", "--password-stdin", stdin="password1\n")
    assert res.returncode == 0, res.stderr


def _count(db_path: Path) -> int:
    import sqlite3

    conn = sqlite3.connect(db_path)
    try:
        return int(conn.execute("SELECT count(*) FROM contacts").fetchone()[0])
    finally:
        conn.close()


def test_import_needs_a_login() -> None:
    assert_clean_error(run_cli("import", str(FIXTURES / "plain.csv")), "not logged in")


def test_dry_run_import_and_reimport(logged_in: None, db_path: Path) -> None:
    vcf = str(FIXTURES / "contacts_v3.vcf")
    res = run_cli("import", vcf, "--dry-run")
    assert res.returncode == 0, res.stderr
    assert "dry run, nothing saved" in res.stdout
    assert "3 to add, 0 to merge, 0 to skip" in res.stdout
    assert "warning: 1 photo skipped" in res.stdout
    assert _count(db_path) == 0
    res = run_cli("import", vcf)
    assert res.returncode == 0, res.stderr
    assert "3 added, 0 merged, 0 skipped" in res.stdout
    assert _count(db_path) == 3
    res = run_cli("import", vcf)
    assert "0 added, 0 merged, 3 skipped" in res.stdout
    assert res.stdout.count("unchanged since") == 3
    # another format merges into what is there, and the dry run says why
    res = run_cli("import", str(FIXTURES / "google_contacts.csv"), "--dry-run")
    assert "2 to add, 2 to merge, 1 to skip" in res.stdout
    assert re.search(r"merge\s+row 1 \(line 2\)\s+Ada Lovelace: matches 'Ada Lovelace'",
                     res.stdout)
    assert re.search(r"skip\s+row 4 \(line 7\)\s+\(no name\): no name", res.stdout)
    assert _count(db_path) == 3


def test_import_json_report_and_format_option(logged_in: None) -> None:
    res = run_cli("import", str(FIXTURES / "plain.csv"), "--format", "csv", "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert (report["added"], report["merged"], report["skipped"]) == (3, 0, 1)
    assert report["warnings"] == ["columns not imported: Favourite colour"]
    skipped = [i for i in report["items"] if i["action"] == "skip"]
    assert skipped[0]["source"] == "row 3 (line 4)" and "no name" in skipped[0]["reason"]
    # forcing the wrong format is a clear error, not a crash
    assert_clean_error(
        run_cli("import", str(FIXTURES / "plain.csv"), "--format", "vcard"), "line 1:"
    )


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("broken.json", "line 9, column 5: not valid JSON"),
    ],
)
def test_broken_files_are_one_clean_line_and_save_nothing(
    logged_in: None, db_path: Path, name: str, fragment: str
) -> None:
    assert run_cli("import", str(FIXTURES / "plain.csv")).returncode == 0
    assert_clean_error(run_cli("import", str(FIXTURES / name)), fragment)
    assert _count(db_path) == 3


def test_missing_file(logged_in: None, tmp_path: Path) -> None:
    assert_clean_error(run_cli("import", str(tmp_path / "nope.vcf")), "no such file")


def test_export_formats_and_json_round_trip(logged_in: None, tmp_path: Path) -> None:
    assert run_cli("import", str(FIXTURES / "backup_v1.json")).returncode == 0
    assert run_cli("import", str(FIXTURES / "contacts_v4.vcf")).returncode == 0
    out = tmp_path / "backup.json"
    res = run_cli("export", "-o", str(out))
    assert res.returncode == 0, res.stderr
    assert "exported 4 contacts" in res.stdout and "(json)" in res.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    first = json.loads(out.read_text())
    assert first["format"] == "devhub-backup" and len(first["contacts"]) == 4
    # stdout when no file; vCard 3.0 by default, 4.0 on request
    res = run_cli("export", "--format", "vcard")
    assert res.returncode == 0 and res.stdout.count("BEGIN:VCARD") == 4
    assert "VERSION:3.0" in res.stdout
    res = run_cli("export", "--format", "vcard", "--vcard-version", "4.0")
    assert "VERSION:4.0" in res.stdout and "VERSION:3.0" not in res.stdout
    csv_file = tmp_path / "contacts.csv"
    assert run_cli("export", "-o", str(csv_file)).returncode == 0
    assert csv_file.read_text().startswith("id,name,nickname,email,email type")
    # restore into a fresh store: the export is the same but for its time
    env = dict(os.environ, DEVHUB_DB=str(tmp_path / "fresh.db"))
    assert run_cli("user", "add", "ada", "--password-stdin", stdin="password1\n",
                   env=env).returncode == 0
    assert run_cli("login", "ada", "--password-stdin", stdin="password1\n",
                   env=env).returncode == 0
    res = run_cli("import", str(out), env=env)
    assert "4 added" in res.stdout, res.stderr
    res = run_cli("export", "--format", "json", env=env)
    second = json.loads(res.stdout)
    first.pop("exported_at")
    second.pop("exported_at")
    assert second == first


def test_export_to_a_missing_folder_is_a_clean_error(logged_in: None, tmp_path: Path) -> None:
    assert_clean_error(run_cli("export", "-o", str(tmp_path / "no" / "x.json")), "doesn't exist")
