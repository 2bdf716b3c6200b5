"""`devhub digest`: the days ahead and behind (core/digest.py, storage/digest.py),
as plain text, Markdown or JSON (registered on `cli.cli`; no textual here)."""

from __future__ import annotations

import os
import sys

import click

from devhub_tui.cli.main import Ctx, cli, store_errors
from devhub_tui.core.digest import DEFAULT_DAYS, DEFAULT_LIMIT, MAX_DAYS


@cli.command("digest")
@click.option("--days", type=click.IntRange(1, MAX_DAYS), default=DEFAULT_DAYS,
              show_default=True, help="How many days ahead and behind (today included).")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]),
              default="text", show_default=True,
              help="text for a terminal or mail, markdown for a note, json for scripts.")
@click.option("--limit", type=click.IntRange(min=0), default=DEFAULT_LIMIT,
              show_default=True, help="Most items per list (0 = all); counts are full.")
@click.pass_obj
@store_errors
def digest_cmd(obj: Ctx, days: int, fmt: str, limit: int) -> None:
    """The week ahead (who is due, follow-ups, birthdays, next steps) and the week
    behind (interactions logged, people reconnected): devhub digest --format markdown"""
    from devhub_tui.core.digest import render_markdown, render_text, to_json
    from devhub_tui.storage.digest import build_digest

    store = obj.store()
    store.refresh_statuses()  # statuses depend on the time: bring them up to now
    digest = build_digest(store, days=days, limit=limit or None)
    if fmt == "json":
        import json

        indent = 2 if sys.stdout.isatty() else None
        click.echo(json.dumps(to_json(digest), ensure_ascii=False, indent=indent))
    elif fmt == "markdown":
        click.echo(render_markdown(digest), nl=False)
    else:
        color = sys.stdout.isatty() and not os.environ.get("NO_COLOR")
        click.echo(render_text(digest, heading=(lambda s: click.style(s, bold=True))
                               if color else str), nl=False, color=color)
