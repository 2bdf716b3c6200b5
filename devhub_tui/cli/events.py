"""CLI commands for events and conference mode (issue 20), registered on `cli.cli`
like `crm.py`'s and `tracks.py`'s:

    devhub events [--json]                                 every event, with counts
    devhub event add NAME [--location L] [--starts DATE] [--ends DATE] [--json]
    devhub event show EVENT [--json]                       the people met there
    devhub event follow-up EVENT --due WHEN [NOTE] [--json]

EVENT is an event's name (any case) or its tag (``pycon-de-2026``). JSON shapes
(stable; documented in the README): an event is `EventSummary.to_dict` (name, tag,
location, starts, ends, source, met, without_follow_up); `event show --json` adds
`people`, each `{id, name, company, status, next_follow_up}`; `event follow-up
--json` is `{event, due, created, already}`. Nothing here imports textual.
"""

from __future__ import annotations

from typing import Any

import click

from devhub_tui.cli.main import CLIError, Ctx, cli, cli_day, store_errors


def _safe(text: str | None) -> str:
    from devhub_tui.cli.contact_args import safe

    return safe(text)


def emit_json(data: Any) -> None:
    from devhub_tui.cli.crm import emit_json as emit

    emit(data)


def _find(store: Any, word: str) -> Any:
    from devhub_tui.storage.errors import NotFoundError

    try:
        return store.find_event(word)
    except NotFoundError as exc:
        raise CLIError(_safe(str(exc))) from exc


def _when(e: Any) -> str:
    d = e.to_dict()
    if d["starts"] and d["ends"] and d["ends"] != d["starts"]:
        return f"{d['starts']}..{d['ends']}"
    return d["starts"] or ""


def person_json(p: Any) -> dict[str, Any]:
    c = p.contact
    return {"id": c.id, "name": c.name, "company": c.company, "status": c.status,
            "next_follow_up": p.next_follow_up}


@cli.command("events")
@click.option("--json", "as_json", is_flag=True, help="Print the events as JSON.")
@click.pass_obj
@store_errors
def events_list(obj: Ctx, as_json: bool) -> None:
    """Every event: where, when, how many people you met there, how many of them
    still have no follow-up."""
    events = obj.store().list_events()
    if as_json:
        emit_json([e.to_dict() for e in events])
        return
    if not events:
        click.echo("no events yet: devhub event add NAME, or `devhub --event NAME` for"
                   " conference mode")
        return
    for e in events:
        where = " · ".join(x for x in (_safe(e.location), _when(e)) if x)
        click.echo(f"{_safe(e.name)}  ({e.tag})" + (f"  {where}" if where else "")
                   + f"  met {e.met}, {e.without_follow_up} without follow-up")


@cli.group("event", invoke_without_command=False)
def event() -> None:
    """Events: add one, see who you met there, follow them all up."""


@event.command("add")
@click.argument("name")
@click.option("--location", help="Where it is: a city, a venue.")
@click.option("--starts", help="First day: 2026-04-14, tomorrow, next fri...")
@click.option("--ends", help="Last day (default: the first).")
@click.option("--json", "as_json", is_flag=True, help="Print the event as JSON.")
@click.pass_obj
@store_errors
def event_add(obj: Ctx, name: str, location: str | None, starts: str | None,
              ends: str | None, as_json: bool) -> None:
    """Add an event by hand (or set the location and dates of one you have)."""
    from devhub_tui.core.dates import date_to_ms

    start_day = cli_day("--starts", starts, future=True) if starts else None
    end_day = cli_day("--ends", ends, future=True) if ends else None
    if start_day and end_day and end_day < start_day:
        raise CLIError("--ends is before --starts")
    store = obj.store()
    stored, new = store.save_event(
        name, location=location,
        starts_at=date_to_ms(start_day) if start_day else None,
        ends_at=date_to_ms(end_day) if end_day else None)
    e = store.find_event(stored)
    if as_json:
        emit_json(e.to_dict())
        return
    click.echo(f"{'added' if new else 'updated'} event '{_safe(e.name)}' (tag {e.tag})")


@event.command("show")
@click.argument("event_name", metavar="EVENT")
@click.option("--json", "as_json", is_flag=True, help="Print the event and its people as JSON.")
@click.pass_obj
@store_errors
def event_show(obj: Ctx, event_name: str, as_json: bool) -> None:
    """The people you met at EVENT (its name or tag), and their next follow-up."""
    store = obj.store()
    e = _find(store, event_name)
    people = store.contacts_at_event(e.tag)
    if as_json:
        emit_json(dict(e.to_dict(), people=[person_json(p) for p in people]))
        return
    where = " · ".join(x for x in (_safe(e.location), _when(e)) if x)
    click.echo(f"{_safe(e.name)}  ({e.tag})" + (f"  {where}" if where else ""))
    click.echo(f"met {e.met}, {e.without_follow_up} without follow-up")
    for p in people:
        due = f"follow-up {p.next_follow_up}" if p.next_follow_up else "no follow-up"
        company = f" ({_safe(p.contact.company)})" if p.contact.company else ""
        click.echo(f"  {_safe(p.contact.name)}{company}  {p.contact.status}  {due}"
                   f"  {p.contact.id}")


@event.command("follow-up")
@click.argument("event_name", metavar="EVENT")
@click.argument("note", nargs=-1)
@click.option("--due", required=True, help="When: tomorrow, fri, in 3 days, 2026-12-01.")
@click.option("--json", "as_json", is_flag=True, help="Print what was done as JSON.")
@click.pass_obj
@store_errors
def event_follow_up(obj: Ctx, event_name: str, note: tuple[str, ...], due: str,
                    as_json: bool) -> None:
    """A follow-up for everyone you met at EVENT who has none open."""
    day = cli_day("--due", due, future=True)
    store = obj.store()
    e = _find(store, event_name)
    made, already = store.follow_up_event(e.tag, day, " ".join(note))
    if as_json:
        emit_json({"event": e.name, "tag": e.tag, "due": day.isoformat(),
                    "created": made, "already": already})
        return
    people = "person" if made == 1 else "people"
    tail = f" ({already} already had one)" if already else ""
    if not made and not already:
        click.echo(f"nobody met at {_safe(e.name)} yet: no follow-ups made")
        return
    click.echo(f"follow-ups due {day.isoformat()} for {made} {people} met at"
               f" {_safe(e.name)}{tail}")
