"""`devhub config`: the account's preferences that live in the store (backed up and
synced with it). Issue 21: `devhub config reachable-hours [WINDOW]`.

JSON (`--json`): `{"reachable_hours": "08:00-21:00", "start": "08:00", "end":
"21:00", "wraps_midnight": false, "default": true}`.
"""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from devhub_tui.cli.main import Ctx, cli, store_errors


@cli.group("config", invoke_without_command=False)
def config() -> None:
    """Preferences of your account (kept in the store: backed up and synced)."""


def _hours_json(hours: Any, default: bool) -> dict[str, Any]:
    return {"reachable_hours": hours.text(), "start": hours.start_text,
            "end": hours.end_text, "wraps_midnight": hours.wraps, "default": default}


@config.command("reachable-hours")
@click.argument("window", required=False, metavar="[WINDOW]")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@store_errors
def reachable_hours(obj: Ctx, window: str | None, as_json: bool) -> None:
    """When contacts are reachable, their local time: show it, or set it with WINDOW
    (8-21, 09:30-18:00, 9am-5pm, 22-6 across midnight; `default` for 08:00-21:00)."""
    from devhub_tui.core.localtime import DEFAULT_HOURS, parse_reachable_hours

    store = obj.store()
    if window is not None:
        hours = parse_reachable_hours(window)
        store.set_reachable_hours(None if hours == DEFAULT_HOURS else hours)
    hours = store.reachable_hours()
    if as_json:
        sys.stdout.write(json.dumps(_hours_json(hours, hours == DEFAULT_HOURS),
                                    sort_keys=True) + "\n")
        return
    text = hours.text("–")
    suffix = " (the default)" if hours == DEFAULT_HOURS else ""
    across = ", across midnight" if hours.wraps else ""
    verb = "reachable hours set to" if window is not None else "reachable hours:"
    click.echo(f"{verb} {text} their time{across}{suffix}")
