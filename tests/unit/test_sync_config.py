"""Sync settings: flags > environment > a private config file
(devhub_tui/settings/sync_config.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from devhub_tui.settings.sync_config import ConfigError, config_path, resolve, sync_interval
from tests.e2e.cli_helpers import assert_clean_error, run_cli

SECRET = "tok-FILE-5e2b-never-shown"


def write_config(text: str, mode: int = 0o600) -> Path:
    path = config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_the_file_lives_in_the_user_config_dir(isolated_dirs: Path) -> None:
    assert config_path() == isolated_dirs / "config" / "devhub" / "sync.toml"
    assert config_path({"DEVHUB_SYNC_CONFIG": "~/x.toml"}) == isolated_dirs / "x.toml"


def test_no_file_no_settings() -> None:
    s = resolve()
    assert (s.url, s.auth_token, s.engine, s.interval_s, s.enabled) == (
        None, None, "turso", 300, False)


def test_precedence_flags_then_environment_then_file(monkeypatch: pytest.MonkeyPatch) -> None:
    write_config(
        'TURSO_DATABASE_URL = "libsql://file.example"\n'
        f'TURSO_AUTH_TOKEN = "{SECRET}"\n'
        'DEVHUB_SYNC_ENGINE = "libsql"\nDEVHUB_SYNC_INTERVAL = 120\n'
    )
    s = resolve()
    assert (s.url, s.auth_token, s.engine, s.interval_s, s.source) == (
        "libsql://file.example", SECRET, "libsql", 120, "file")
    monkeypatch.setenv("TURSO_DATABASE_URL", "libsql://env.example")
    monkeypatch.setenv("DEVHUB_SYNC_INTERVAL", "900")
    s = resolve()
    assert (s.url, s.auth_token, s.interval_s, s.source) == (
        "libsql://env.example", SECRET, 900, "env")
    s = resolve(url="http://127.0.0.1:1", auth_token="flag-token", engine="turso")
    assert (s.url, s.auth_token, s.engine, s.source) == (
        "http://127.0.0.1:1", "flag-token", "turso", "flag")
    assert sync_interval() == 900
    assert SECRET not in repr(resolve()) and "flag-token" not in repr(s)


@pytest.mark.parametrize("mode", [0o644, 0o640, 0o604, 0o660])
def test_a_file_others_can_read_is_refused(mode: int) -> None:
    path = write_config(f'TURSO_AUTH_TOKEN = "{SECRET}"\n', mode)
    with pytest.raises(ConfigError, match="other users can read it") as info:
        resolve()
    assert f"chmod 600 {path}" in str(info.value) and SECRET not in str(info.value)
    assert sync_interval() == 300  # the app's timer never fails on it


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('TURSO_DATABASE_URL = "x"\nTURSO_TOKEN = "y"\n', "unknown key 'TURSO_TOKEN'"),
        (f'TURSO_AUTH_TOKEN = "{SECRET}\n', "not valid TOML"),
        ('DEVHUB_SYNC_ENGINE = "postgres"\n', "must be one of turso, libsql"),
        ("DEVHUB_SYNC_INTERVAL = 2\n", "at least 10 s"),
        ('DEVHUB_SYNC_INTERVAL = "soon"\n', "number of seconds"),
        ("TURSO_AUTH_TOKEN = [1]\n", "must be a string"),
    ],
)
def test_bad_files_give_one_clear_line(text: str, fragment: str) -> None:
    write_config(text)
    with pytest.raises(ConfigError, match=fragment) as info:
        resolve()
    assert SECRET not in str(info.value) and "\n" not in str(info.value)


def test_the_cli_uses_the_file_and_refuses_a_readable_one() -> None:
    path = write_config('TURSO_DATABASE_URL = "http://127.0.0.1:9"\n'
                        f'TURSO_AUTH_TOKEN = "{SECRET}"\n')
    # a replica needs its server once: the file's URL is what the CLI tried
    res = run_cli("contacts")
    assert_clean_error(res, "offline: can't reach 127.0.0.1")
    assert SECRET not in res.stdout + res.stderr
    os.chmod(path, 0o644)
    res = run_cli("contacts")
    assert_clean_error(res, "other users can read it")
    assert SECRET not in res.stdout + res.stderr
    # an explicit flag does not make the unsafe file acceptable
    assert_clean_error(run_cli("--sync-url", "http://127.0.0.1:9", "sync"), "chmod 600")


def test_sync_modules_never_import_textual() -> None:
    """The CLI imports config and sync for every command: they must start fast."""
    import subprocess
    import sys

    code = (
        "import sys, devhub_tui.settings.sync_config, devhub_tui.services.sync,"
        " devhub_tui.storage.replicas.turso;"
        "bad = [m for m in sys.modules if m.split('.')[0] == 'textual'];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stdout + res.stderr
