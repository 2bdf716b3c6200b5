"""A bug in the app never shows the user a traceback: one line, details in a log."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest


@pytest.mark.parametrize("entry", ["launch", "main"])  # plain `devhub`, and `devhub --db X`
def test_an_unexpected_error_is_one_line_and_a_crash_log(
    tmp_path: Path, db_path: Path, entry: str
) -> None:
    from argon2 import PasswordHasher

    from devhub_tui.storage.auth import Auth
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.session_file import save_secret

    db = open_database(db_path)
    auth = Auth(db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
    user = auth.create_user("ada", "password1")
    save_secret(db_path, auth.create_session(user.id), "ada")
    db.close()
    script = textwrap.dedent(
        """
        import sys
        from devhub_tui.cli import ENTRY as entry
        from devhub_tui.tui.app import DevhubApp

        def boom(self):
            raise RuntimeError("kaboom in a key handler")

        DevhubApp.action_help = boom  # a bug behind `?`

        def run(self, *a, **kw):  # press `?` as soon as the app runs (headless)
            async def auto(pilot):
                await pilot.pause(1.0)
                await pilot.press("question_mark")
                await pilot.pause(1.0)
                pilot.app.exit()  # only reached if the bug did not end the app
            return DevhubApp.__mro__[1].run(self, headless=True, auto_pilot=auto)

        DevhubApp.run = run
        entry.main(sys.argv[1:])
        """
    ).replace("ENTRY as entry", f"{entry} as entry")
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, env=dict(os.environ))
    assert res.returncode == 1
    assert "Traceback" not in res.stderr + res.stdout
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert lines and "unexpected RuntimeError: kaboom in a key handler" in lines[-1]
    assert "crash.log" in lines[-1]
    log = Path(os.environ["XDG_STATE_HOME"]) / "devhub" / "crash.log"
    assert "kaboom in a key handler" in log.read_text()
