"""`devhub`: the entry point, and the full-screen app started without the CLI layer.

Plain `devhub` (no arguments) is what people run many times a day, so it goes
straight to the app, and so does `devhub --demo` (a first impression): where the
store is (`DEVHUB_DB`, else the default) and the sync settings (environment, else
the config file) are resolved exactly as the command line resolves them
(`app_target`, shared with `cli.py`), without importing click and the commands
(~10 ms). Anything else -- a command, an option,
`--help` -- goes to `cli.main`.

Nothing here imports Textual before `build_app` has started the store opening
(see `startup.py`).
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

#: Textual's frame-rate cap for the app (see build_app).
APP_FPS = 500


@dataclass
class Target:
    """The store the app (or a command) works on, and its sync settings."""

    db_path: Path
    sync_url: str | None
    auth_token: str | None
    sync_engine: str


class LaunchError(Exception):
    """A problem to report in one line (exit status 1)."""


def app_target(
    db_path: Path | None = None,
    sync_url: str | None = None,
    auth_token: str | None = None,
    sync_engine: str | None = None,
) -> tuple[Path, str | None, str | None, str]:
    """(store path, sync url, token, engine): each from its argument if given, else
    the environment, else the sync config file (the store: else the default path)."""
    if db_path is None:
        env_db = os.environ.get("DEVHUB_DB")
        if env_db:
            db_path = Path(env_db)
        else:
            from devhub_tui.settings.paths import default_db_path

            db_path = default_db_path()
    from devhub_tui.settings.sync_config import ConfigError, resolve

    try:  # flags > environment > the sync config file
        sync = resolve(url=sync_url, auth_token=auth_token, engine=sync_engine)
    except ConfigError as exc:
        raise LaunchError(str(exc)) from exc
    return Path(db_path).expanduser(), sync.url, sync.auth_token, sync.engine


def build_app(target: Target, *, demo: bool = False, event: str | None = None) -> Any:
    """The app for `devhub` with no command (`event`: `devhub --event NAME`, conference
    mode). Before Textual is imported, a thread starts opening the store and loading
    the dashboard (see `startup.py`); the import waits for the opening, up to
    `OPEN_WAIT_S`, not for the dashboard's queries."""
    # Textual paints on a grid of 1/TEXTUAL_FPS s (60 by default): after a frame, the
    # next one waits for the grid point after next, 1-2 periods. A key's answer often
    # needs two frames (the echo of the key, then what a worker found): traced at 120
    # fps, the second waited 7-15 ms with nothing else to do. At 500 it waits 2-4 ms at
    # most; frames are still painted only when something changed, so an idle app costs
    # nothing more (search as you type at 100k in a real terminal, two alternated
    # pairs of runs: median 45.6 / 46.4 -> 43.6 / 43.5 ms). Textual reads it once, on
    # import; the user's own TEXTUAL_FPS wins.
    os.environ.setdefault("TEXTUAL_FPS", str(APP_FPS))
    from devhub_tui.services.startup import pause_gc

    pause_gc()  # until the dashboard shows its data (DevhubApp.end_startup)
    from devhub_tui.services.startup import Preopen
    from devhub_tui.storage.ids import system_clock

    if demo:  # the throwaway store is built in the thread too (the demo data included)
        from devhub_tui.services.demo_paths import make_demo_path

        preopen = Preopen.start(make_demo_path(), None, clock=system_clock, demo=True)
    else:
        from devhub_tui.storage.db import SyncConfig

        sync = (SyncConfig(target.sync_url, target.auth_token, target.sync_engine)
                if target.sync_url else None)
        preopen = Preopen.start(target.db_path, sync, clock=system_clock)
    preopen.settle()  # then Textual's import (see Preopen.settle)
    from devhub_tui.tui.app import DevhubApp

    return DevhubApp(
        db_path=target.db_path,
        sync_url=target.sync_url,
        auth_token=target.auth_token,
        sync_engine=target.sync_engine,
        demo=demo,
        preopen=preopen,
        conference=event,
    )


def run_app(target: Target, *, demo: bool = False, event: str | None = None) -> None:
    """Run the app; it leaves on SIGHUP, SIGTERM or when its terminal goes away
    (exit status 128 + the signal, 129 for a hang-up: see `terminal.py`)."""
    from devhub_tui.services.terminal import AppGuard

    guard = AppGuard().start()  # before the app is built: a signal while starting counts
    try:
        app = build_app(target, demo=demo, event=event)
        guard.attach(app)
        app.run()
    finally:
        guard.stop()
    if app.fatal_error:
        raise LaunchError(app.fatal_error)
    if guard.status is not None:
        sys.exit(guard.status)


def die(message: str) -> NoReturn:
    print(f"devhub: error: {message}", file=sys.stderr)
    sys.exit(1)


def crashed(exc: BaseException) -> NoReturn:
    """The last line of defence: the details go to the crash log, one line to the user."""
    from devhub_tui.settings.crashlog import write_crash_log

    where = write_crash_log(exc)
    die(f"unexpected {type(exc).__name__}: {exc} (details in {where})")


def main(argv: list[str] | None = None) -> None:
    """Console entry point: never lets a traceback reach the user."""
    args = sys.argv[1:] if argv is None else argv
    demo = args == ["--demo"]  # the demo starts as fast as plain `devhub` (no click)
    if args and not demo:
        from devhub_tui.cli.main import main as cli_main

        cli_main(args)
        return
    try:
        run_app(Target(*app_target()), demo=demo)
    except LaunchError as exc:
        die(str(exc))
    except KeyboardInterrupt:
        die("interrupted")
    except Exception as exc:  # noqa: BLE001 - last line of defence
        crashed(exc)
