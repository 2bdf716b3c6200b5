"""CLI commands for what your network knows (issue 20), registered on `cli.cli`
like `tracks.py`'s:

    devhub match "rust wasm" [--near TIMEZONE|PLACE] [--limit N] [--json]
    devhub stack [--topics] [--json]

JSON shapes (stable; documented in the README):

- `match --json`: a list, best first, of `{"id", "name", "score", "reasons": [...],
  "skills": [...], "topics": [...], "talks_this_year", "last_contacted" (YYYY-MM-DD
  or null), "timezone", "location"}`; `skills` and `topics` are the asked
  technologies the contact has as a skill, and talked about (normalised names);
- `stack --json`: `{"kind": "skills"|"topics", "total_contacts", "distinct",
  "rows": [{"name", "contacts", "share", "talked_90d"}]}` (top 25, most common first;
  `share` is contacts / total_contacts, rounded to 4 places).

Nothing here imports textual.
"""

from __future__ import annotations

from typing import Any

import click

from devhub_tui.cli.main import Ctx, cli, store_errors

#: default rows of `devhub match`
MATCH_LIMIT = 20


def _safe(text: str | None) -> str:
    from devhub_tui.cli.contact_args import safe

    return safe(text)


def emit_json(data: Any) -> None:
    from devhub_tui.cli.crm import emit_json as emit

    emit(data)


def _iso(ms: int | None) -> str | None:
    from devhub_tui.core.dates import ms_to_date

    return ms_to_date(ms).isoformat() if ms is not None else None


def match_json(m: Any) -> dict[str, Any]:
    return {"id": m.contact_id, "name": m.name, "score": m.score,
            "reasons": list(m.reasons), "skills": list(m.skills), "topics": list(m.topics),
            "talks_this_year": m.talks_year, "last_contacted": _iso(m.last_contacted),
            "timezone": m.timezone, "location": m.location}


def stack_json(stack: Any) -> dict[str, Any]:
    return {"kind": "topics" if stack.topics else "skills",
            "total_contacts": stack.total, "distinct": stack.distinct,
            "rows": [{"name": r.name, "contacts": r.contacts,
                      "share": round(stack.share(r), 4), "talked_90d": r.recent}
                     for r in stack.rows]}


@cli.command("match")
@click.argument("technologies", nargs=-1, required=True, metavar="TECHNOLOGIES")
@click.option("--near", help="A time zone (Europe/Berlin, a city like 'new york') or a "
                             "place matched against locations.")
@click.option("--limit", type=click.IntRange(1, 10_000), default=MATCH_LIMIT,
              show_default=True, help="At most this many people.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@store_errors
def match_cmd(obj: Ctx, technologies: tuple[str, ...], near: str | None, limit: int,
              as_json: bool) -> None:
    """Who knows these technologies: devhub match "rust wasm" --near Europe/Berlin.
    Ranked by skills and topics you talked about, how often and how lately you talked
    this year, and (with --near) how close they are."""
    from devhub_tui.core.match import parse_near, parse_technologies
    from devhub_tui.services.match_view import find_matches

    text = " ".join(technologies)
    asked = parse_technologies(text)  # a bad word: one line before the store opens
    if near is not None:
        parse_near(near)
    store = obj.store()
    result = find_matches(store, text, near, limit=limit)
    if as_json:
        emit_json([match_json(m) for m in result.matches])
        return
    if not result.matches:
        if len(asked) == 1:
            tech = asked[0]
            click.echo(f"nobody in your network knows {_safe(tech)} yet: "
                       f"devhub contact edit NAME --skill {_safe(tech)}")
        else:
            click.echo(f"nobody in your network knows {_safe(', '.join(asked))} yet: "
                       f"devhub contact edit NAME --skill {_safe(asked[0])}")
        return
    width = max(len(_safe(m.name)) for m in result.matches)
    width = min(max(width, 4), 32)
    for m in result.matches:
        name = _safe(m.name)
        if len(name) > width:
            name = name[:width - 1] + "…"
        click.echo(f"{m.score:>4}  {name:<{width}}  {_safe(' · '.join(m.reasons))}")
    if result.found > len(result.matches):
        click.echo(f"… and {result.found - len(result.matches)} more (--limit N shows more)")


def _bar(share: float, width: int) -> str:
    """A bar `share` (0–1) of `width` cells, in eighths: █▉▊▋▌▍▎▏."""
    eighths = round(max(0.0, min(1.0, share)) * width * 8)
    full, part = divmod(eighths, 8)
    return "█" * full + ("" if not part else " ▏▎▍▌▋▊▉"[part])


@cli.command("stack")
@click.option("--topics", is_flag=True, help="Topics you talked about (#words in "
                                             "interaction notes), not skills.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@store_errors
def stack_cmd(obj: Ctx, topics: bool, as_json: bool) -> None:
    """The technologies across your network: the 25 most common skills (or topics
    discussed), how many contacts have them, their share, and how many of them you
    talked to in the last 90 days."""
    from devhub_tui.services.match_view import load_stack

    store = obj.store()
    stack = load_stack(store, topics=topics)
    if as_json:
        emit_json(stack_json(stack))
        return
    if not stack.rows:
        if topics:
            click.echo("no topics yet: write #words in interaction notes, e.g. "
                       "devhub log NAME coffee talked about #rust")
        else:
            click.echo("no skills yet: devhub contact edit NAME --skill rust "
                       "(or devhub contact add NAME --skill rust)")
        return
    names = [_safe(r.name) for r in stack.rows]
    width = min(max(len(n) for n in names), 24)
    top = stack.rows[0].contacts
    what = "topic" if topics else "skill"
    recent = "talked to ≤90d"
    click.echo(f"{what:<{width}}  {'':<20}  {'contacts':>8}  {'share':>6}  {recent}")
    for name, r in zip(names, stack.rows, strict=True):
        shown = name if len(name) <= width else name[:width - 1] + "…"
        bar = _bar(r.contacts / top if top else 0.0, 20)
        click.echo(f"{shown:<{width}}  {bar:<20}  {r.contacts:>8,}  "
                   f"{stack.share(r):>6.1%}  {r.recent:,}")
    more = stack.distinct - len(stack.rows)
    tail = f" · {more} more not shown" if more > 0 else ""
    click.echo(f"{stack.total:,} contacts (archived left out){tail}")
