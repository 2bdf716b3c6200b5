"""The CLI's account commands, run for real in a subprocess."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

from devhub_tui import __version__
from devhub_tui.settings import paths

from .cli_helpers import assert_clean_error, run_cli


def test_version_and_help() -> None:
    res = run_cli("--version")
    assert res.returncode == 0 and __version__ in res.stdout
    res = run_cli("--help")
    assert res.returncode == 0
    for word in ("user", "login", "logout", "--db", "--sync-url"):
        assert word in res.stdout


def test_user_add_login_logout(db_path: Path) -> None:
    res = run_cli("user", "add", "ada", "--password-stdin", stdin="password1\n")
    assert res.returncode == 0, res.stderr
    assert "created account 'ada'" in res.stdout
    assert stat.S_IMODE(db_path.stat().st_mode) == 0o600
    assert_clean_error(
        run_cli("user", "add", "ADA", "--password-stdin", stdin="password2\n"), "taken"
    )
    assert_clean_error(
        run_cli("login", "ada", "--password-stdin", stdin="nope-nope\n"),
        "wrong username or password",
    )
    res = run_cli("login", "ada", "--password-stdin", stdin="password1\n")
    assert res.returncode == 0, res.stderr
    session = paths.session_file(db_path)
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    secret_file_text = session.read_text()
    # the secret is in the file, only its hash in the database
    import json
    import sqlite3

    secret = json.loads(secret_file_text)["secret"]
    conn = sqlite3.connect(db_path)
    stored = [r[0] for r in conn.execute("SELECT token_hash FROM sessions")]
    conn.close()
    assert secret not in stored and len(stored) == 1
    res = run_cli("logout")
    assert res.returncode == 0 and "logged out" in res.stdout
    assert not session.exists()


def test_errors_are_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("hello, not a database\n" * 20)
    assert_clean_error(
        run_cli("--db", str(bad), "user", "add", "ada", "--password-stdin", stdin="password1\n"),
        "not a devhub database",
    )
    assert bad.read_text() == "hello, not a database\n" * 20
    assert_clean_error(
        run_cli("user", "add", "ada", "--password-stdin", stdin="short\n"), "at least 8"
    )
    assert_clean_error(run_cli("user", "add", "ada", "--password-stdin", stdin=""), "no password")
    # DEVHUB_DB is honoured
    other = tmp_path / "other.db"
    env = dict(os.environ, DEVHUB_DB=str(other))
    res = subprocess.run(
        [sys.executable, "-m", "devhub_tui", "user", "add", "bob", "--password-stdin"],
        input="password1\n",
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert res.returncode == 0 and other.exists()


def test_non_ui_commands_do_not_import_textual() -> None:
    code = (
        "import sys; from devhub_tui.cli import main as cli;"
        "sys.argv=['devhub','--help'];"
        "import contextlib, io\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        cli.main(['--help'])\n    except SystemExit:\n        pass\n"
        "print(any(m.startswith('textual') for m in sys.modules))"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert res.stdout.strip() == "False", res.stdout + res.stderr
