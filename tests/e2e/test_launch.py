"""Plain `devhub` starts the app without loading the command line (launch.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from .cli_helpers import run_cli

#: Runs `devhub` (launch.main) with no arguments, then the click group with none,
#: each with the app replaced by a recorder: what each would open, and whether the
#: plain start loaded click.
SCRIPT = textwrap.dedent(
    """
    import json, sys
    from devhub_tui.cli import launch
    seen = []
    launch.run_app = lambda target, demo=False, event=None: seen.append(
        [str(target.db_path), target.sync_url, target.auth_token, target.sync_engine])
    launch.main([])
    plain_loaded_click = "click" in sys.modules
    from devhub_tui.cli import main as cli
    cli.cli.main(args=[], prog_name="devhub", standalone_mode=False)
    print(json.dumps({"plain": seen[0], "cli": seen[1], "click": plain_loaded_click}))
    """
)


#: `devhub --event NAME` (issue 20): the app, told to start conference mode there.
EVENT_SCRIPT = textwrap.dedent(
    """
    import json
    from devhub_tui.cli import main as cli
    seen = []
    cli.run_app = lambda target, demo=False, event=None: seen.append([demo, event])
    cli.cli.main(args=["--event", "  PyCon   2026 "], prog_name="devhub",
                 standalone_mode=False)
    print(json.dumps(seen))
    """
)


def test_event_option_starts_the_app_in_conference_mode() -> None:
    res = subprocess.run([sys.executable, "-c", EVENT_SCRIPT], capture_output=True,
                         text=True, timeout=60)
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout) == [[False, "PyCon 2026"]]


def _targets(env: dict[str, str]) -> dict[str, object]:
    res = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True,
                         timeout=60, env=env)
    assert res.returncode == 0, res.stderr
    return dict(json.loads(res.stdout))


@pytest.mark.parametrize("extra", [
    {},
    {"DEVHUB_DB": "~/elsewhere/devhub.db"},
    {"TURSO_DATABASE_URL": "http://127.0.0.1:1", "TURSO_AUTH_TOKEN": "t0ken",
     "DEVHUB_SYNC_ENGINE": "libsql"},
])
def test_plain_devhub_opens_what_the_command_line_would_without_loading_it(
    extra: dict[str, str]
) -> None:
    env = {k: v for k, v in os.environ.items()
           if k not in ("DEVHUB_DB", "TURSO_DATABASE_URL", "TURSO_AUTH_TOKEN",
                        "DEVHUB_SYNC_ENGINE")}
    got = _targets({**env, **extra})
    assert got["click"] is False
    assert got["plain"] == got["cli"]
    if "DEVHUB_DB" in extra:
        assert got["plain"][0] == str(Path("~/elsewhere/devhub.db").expanduser())  # type: ignore[index]
    if "TURSO_DATABASE_URL" in extra:
        assert got["plain"][1:] == ["http://127.0.0.1:1", "t0ken", "libsql"]  # type: ignore[index]


def test_plain_devhub_reports_a_bad_setting_in_one_line() -> None:
    res = run_cli(env={**os.environ, "DEVHUB_SYNC_ENGINE": "bogus"})
    assert res.returncode == 1 and "Traceback" not in res.stderr
    assert res.stderr.strip() == (
        "devhub: error: DEVHUB_SYNC_ENGINE: the sync engine must be one of turso, libsql")
