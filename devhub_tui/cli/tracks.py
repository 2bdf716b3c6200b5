"""CLI commands for tracks (issue 19), registered on `cli.cli` like `crm.py`'s:

    devhub track add KIND TITLE --contact NAME... [--stage S] [--next NOTE --due WHEN]
                     [--amount 120000 --currency EUR] [--link URL]... [--json]
    devhub tracks [--kind K] [--stage S] [--contact NAME] [--open] [--overdue] [--json]
    devhub track show|move|next|done ID|SLUG ...
    devhub shared [QUERY] [--json]       what you shared (links and titles), with whom

JSON shapes (stable; documented in the README): a track is `track_json`; `track
show --json` adds `history` and `interactions`; `shared --json` is a list of
`resource_json`. Nothing here imports textual.
"""

from __future__ import annotations

import datetime as _dt
import shlex
from typing import Any

import click

from devhub_tui.cli.main import CLIError, Ctx, cli, cli_day, cli_today, store_errors

#: kinds as click shows them in --help (any unique start is taken too)
KIND_HELP = "job, client, mentorship or collab"


def _safe(text: str | None) -> str:
    """Plain output never passes terminal control characters through (imported when
    used: `contact_args` imports the group this module registers on)."""
    from devhub_tui.cli.contact_args import safe

    return safe(text)


def emit_json(data: Any) -> None:
    from devhub_tui.cli.crm import emit_json as emit

    emit(data)


def _stores(obj: Ctx) -> tuple[Any, Any]:
    """The logged-in user's store and their tracks (one clear line when signed out)."""
    from devhub_tui.storage.tracks import tracks_for

    store = obj.store()
    return store, tracks_for(store)


def _iso(ms: int | None) -> str | None:
    from devhub_tui.core.dates import ms_to_date

    return ms_to_date(ms).isoformat() if ms is not None else None


def track_json(t: Any, today: _dt.date) -> dict[str, Any]:
    from devhub_tui.core.tracks import amount_text

    return {
        "id": t.id, "slug": t.slug, "kind": t.kind, "title": t.title, "stage": t.stage,
        "open": t.open, "stage_since": _iso(t.stage_at),
        "next_step": t.next_step or None, "next_due": t.next_due,
        "overdue": t.overdue(today),
        "amount": amount_text(t.amount_minor, t.currency or "")
        if t.amount_minor is not None else None,
        "currency": t.currency, "links": t.links, "notes": t.notes,
        "contacts": [{"id": cid, "name": name} for cid, name in t.contacts],
        "goals": [{"goal": g.goal, "progress": g.progress} for g in t.goals],
        "created_at": t.created_at, "updated_at": t.updated_at,
    }


def resource_json(r: Any) -> dict[str, Any]:
    return {"url": r.url, "title": r.title, "contact_id": r.contact_id,
            "contact_name": r.contact_name, "interaction_id": r.interaction_id,
            "date": _iso(r.date)}


def _kind(text: str) -> str:
    from devhub_tui.core.tracks import resolve_kind

    return resolve_kind(text)


def contact_ref(store: Any, name: str, example: str) -> Any:
    """The one contact `name` means (an id, a full name, nickname, first name or a
    unique start of one); one line with the candidates otherwise."""
    from devhub_tui.cli.contact_args import by_id, candidates_error, index_for

    ref = by_id(store, name.strip()) if name.strip() else None
    if ref is not None:
        return ref
    index = index_for(store, name, "name the contact (or give its id)")
    exact = index.best_exact(name)
    matches = exact or index.prefix(name, limit=6)
    if len(matches) == 1:
        return matches[0]
    shown = _safe(name if len(name) <= 40 else name[:37] + "...")
    if matches:
        count = f"{len(matches)}" if exact or len(matches) <= 5 else "more than 5"
        raise candidates_error(store, f"'{shown}' matches {count} contacts", matches, example)
    near: list[Any] = []
    words = name.split()
    word = words[0] if words else ""
    for end in range(len(word) - 1, 0, -1):
        near = index.prefix(word[:end], 5)
        if near:
            break
    hint = (f" (did you mean {', '.join(_safe(r.name) for r in near[:5])}?)" if near
            else " (devhub contacts lists them; devhub contact add NAME adds one)")
    raise CLIError(f"no contact matches '{shown}'{hint}")


def _find(tracks: Any, word: str) -> Any:
    from devhub_tui.storage.errors import NotFoundError

    try:
        return tracks.find(word)
    except NotFoundError as exc:
        raise CLIError(_safe(str(exc))) from exc


def _next_line(t: Any) -> str:
    if not t.next_step:
        return "no next step"
    return f"next: {_safe(t.next_step)} (due {t.next_due})"


def _summary(t: Any, today: _dt.date) -> str:
    from devhub_tui.core.tracks import format_amount

    late = ", overdue" if t.overdue(today) else ""
    step = f"  next: {_safe(t.next_step)} (due {t.next_due}{late})" if t.next_step else ""
    who = ", ".join(_safe(name) for _, name in t.contacts)
    money = format_amount(t.amount_minor, t.currency)
    return (f"{t.kind:<10} {t.stage:<13} {_safe(t.title)}  +{t.slug}"
            + (f"  {money}" if money else "") + step + (f"  · {who}" if who else ""))


# --------------------------------------------------------------------------- commands
@cli.group("track", invoke_without_command=False)
def track() -> None:
    """Follow a job, a client project, a mentorship or a collaboration."""


@track.command("add")
@click.argument("kind", metavar="KIND")
@click.argument("title")
@click.option("--contact", "contacts", multiple=True, required=True,
              help="Who it is with (name or id); repeat for several.")
@click.option("--stage", help="Where it stands (default: the kind's first stage).")
@click.option("--next", "next_step", help="The next step (with --due).")
@click.option("--due", help="When the next step is due: tomorrow, fri, in 3 days, 2026-12-01.")
@click.option("--amount", help="Salary, rate or invoice (with --currency): 120000, 95.50.")
@click.option("--currency", help="ISO 4217 code: EUR, USD, GBP...")
@click.option("--link", "links", multiple=True, help="A link (http/https); repeat for more.")
@click.option("--notes", default="")
@click.option("--goal", "goals", multiple=True,
              help="A mentorship goal, 'GOAL | PROGRESS'; repeat for more.")
@click.option("--json", "as_json", is_flag=True, help="Print the new track as JSON.")
@click.pass_obj
@store_errors
def track_add(obj: Ctx, kind: str, title: str, contacts: tuple[str, ...], stage: str | None,
              next_step: str | None, due: str | None, amount: str | None,
              currency: str | None, links: tuple[str, ...], notes: str,
              goals: tuple[str, ...], as_json: bool) -> None:
    """Add a track: devhub track add job "Staff engineer @ Acme" --contact ada --next
    "send references" --due fri"""
    from devhub_tui.core.tracks import parse_amount, parse_goals, validate_title

    kind = _kind(kind)
    validate_title(title)
    if next_step and not due:
        raise CLIError("--next needs --due WHEN (when is it due?)")
    if due and not next_step:
        raise CLIError("--due needs --next NOTE (what is due?)")
    day = cli_day("--due", due) if due else None
    if amount is not None and not currency:
        raise CLIError("--amount needs --currency (an ISO 4217 code such as EUR, USD, GBP)")
    if currency and amount is None:
        raise CLIError("--currency needs --amount")
    minor = parse_amount(amount, currency or "") if amount is not None else None
    store, tracks = _stores(obj)
    stage_name = None
    if stage is not None:
        from devhub_tui.core.tracks import resolve_stage

        stage_name = resolve_stage(stage, kind, tracks.stages())
    example = f"devhub track add {kind} {shlex.quote(_safe(title))} --contact ID"
    ids = [contact_ref(store, name, example).id for name in contacts]
    tid = tracks.add(kind, title, ids, stage=stage_name, next_step=next_step or "",
                     next_due=day, amount_minor=minor, currency=currency, links=list(links),
                     notes=notes, goals=parse_goals("\n".join(goals)))
    t = tracks.get(tid)
    if as_json:
        emit_json(track_json(t, cli_today()))
        return
    click.echo(f"added {t.kind} '{_safe(t.title)}' (+{t.slug}, id {t.id[:8]}) in {t.stage}")


@cli.command("tracks")
@click.option("--kind", help=f"Only this kind: {KIND_HELP}.")
@click.option("--stage", help="Only tracks in this stage (of --kind, or of any kind).")
@click.option("--contact", help="Only tracks with this contact (name or id).")
@click.option("--open", "open_only", is_flag=True, help="Only open tracks (not in a final stage).")
@click.option("--overdue", is_flag=True, help="Only open tracks whose next step is late.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@store_errors
def tracks_cmd(obj: Ctx, kind: str | None, stage: str | None, contact: str | None,
               open_only: bool, overdue: bool, as_json: bool) -> None:
    """List tracks: those with the earliest next step first."""
    from devhub_tui.core.tracks import KINDS, resolve_stage

    store, tracks = _stores(obj)
    kind_name = _kind(kind) if kind is not None else None
    stage_name = None
    if stage is not None:
        stages = tracks.stages()
        if kind_name:
            stage_name = resolve_stage(stage, kind_name, stages)
        else:
            names = {s for k in KINDS for s in stages[k].all}
            key = " ".join(stage.replace("-", " ").lower().split())
            if key not in names:
                raise CLIError(f"unknown stage '{_safe(stage)}' (stages: "
                               + "; ".join(f"{k}: {', '.join(stages[k].all)}" for k in KINDS)
                               + ")")
            stage_name = key
    contact_id = None
    if contact is not None:
        contact_id = contact_ref(store, contact, "devhub tracks --contact ID").id
    today = cli_today()
    rows = tracks.list_tracks(kind=kind_name, stage=stage_name, contact_id=contact_id,
                              open_only=open_only, overdue_on=today if overdue else None)
    if as_json:
        emit_json([track_json(t, today) for t in rows])
        return
    if not rows:
        click.echo("no tracks match" if (kind or stage or contact or open_only or overdue)
                   else "no tracks yet: devhub track add KIND TITLE --contact NAME")
        return
    for t in rows:
        click.echo(_summary(t, today))


@track.command("show")
@click.argument("which", metavar="ID|SLUG")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@store_errors
def track_show(obj: Ctx, which: str, as_json: bool) -> None:
    """A track whole: contacts, next step, stage history, interactions."""
    from devhub_tui.core.tracks import format_amount
    from devhub_tui.storage.tracks.links import track_interactions

    _, tracks = _stores(obj)
    t = _find(tracks, which)
    history = tracks.history(t.id)
    interactions = track_interactions(tracks, t.id)
    today = cli_today()
    if as_json:
        data = track_json(t, today)
        data["history"] = [
            {"kind": e.kind, "from": e.from_stage, "stage": e.stage, "note": e.note,
             "at": e.at, "date": _iso(e.at)} for e in history]
        data["interactions"] = [
            {"id": i.id, "contact_id": i.contact_id, "contact_name": i.contact_name,
             "type": i.type, "date": i.date, "notes": i.notes} for i in interactions]
        emit_json(data)
        return
    state = "open" if t.open else "closed"
    click.echo(f"{_safe(t.title)}  ({t.kind}, {t.stage}, {state}; +{t.slug}, id {t.id[:8]})")
    click.echo(f"  with: {', '.join(_safe(n) for _, n in t.contacts) or 'nobody'}")
    late = " (overdue)" if t.overdue(today) else ""
    click.echo(f"  {_next_line(t)}{late}")
    money = format_amount(t.amount_minor, t.currency)
    if money:
        click.echo(f"  amount: {money}")
    for link in t.links:
        click.echo(f"  link: {_safe(link)}")
    for g in t.goals:
        click.echo(f"  goal: {_safe(g.goal)}" + (f" — {_safe(g.progress)}" if g.progress else ""))
    if t.notes:
        click.echo(f"  notes: {_safe(t.notes)}")
    click.echo("  history:")
    for e in history:
        if e.kind == "stage":
            what = f"{e.from_stage} → {e.stage}" if e.from_stage else f"created in {e.stage}"
        else:
            what = f"done: {_safe(e.note)}"
        click.echo(f"    {_iso(e.at)}  {what}")
    if interactions:
        click.echo("  interactions:")
        for i in interactions:
            click.echo(f"    {_iso(i.date)}  {i.type} with {_safe(i.contact_name)}"
                       + (f": {_safe(i.notes)}" if i.notes else ""))


@track.command("move")
@click.argument("which", metavar="ID|SLUG")
@click.argument("stage")
@click.option("--json", "as_json", is_flag=True, help="Print the track as JSON.")
@click.pass_obj
@store_errors
def track_move(obj: Ctx, which: str, stage: str, as_json: bool) -> None:
    """Move a track to another stage of its kind (recorded with today's date)."""
    _, tracks = _stores(obj)
    t = _find(tracks, which)
    before, after = tracks.move(t.id, stage)
    if as_json:
        emit_json(track_json(tracks.get(t.id), cli_today()))
        return
    if before == after:
        click.echo(f"'{_safe(t.title)}' is already in {after}")
        return
    closed = "" if tracks.get(t.id).open else " (closed: its next step no longer reminds)"
    click.echo(f"'{_safe(t.title)}': {before} → {after}{closed}")


@track.command("next")
@click.argument("which", metavar="ID|SLUG")
@click.argument("note", nargs=-1, required=True)
@click.option("--due", required=True, help="When: tomorrow, fri, in 3 days, 2026-12-01.")
@click.option("--json", "as_json", is_flag=True, help="Print the track as JSON.")
@click.pass_obj
@store_errors
def track_next(obj: Ctx, which: str, note: tuple[str, ...], due: str, as_json: bool) -> None:
    """Set a track's next step: devhub track next acme send references --due fri"""
    day = cli_day("--due", due)
    _, tracks = _stores(obj)
    t = _find(tracks, which)
    tracks.set_next(t.id, " ".join(note), day)
    t = tracks.get(t.id)
    if as_json:
        emit_json(track_json(t, cli_today()))
        return
    quiet = "" if t.open else " (the track is closed: no reminder)"
    click.echo(f"next step for '{_safe(t.title)}': {_safe(t.next_step)}, due {t.next_due}{quiet}")


@track.command("done")
@click.argument("which", metavar="ID|SLUG")
@click.option("--next", "next_step", help="The next step, at once (with --due).")
@click.option("--due", help="When the next step is due.")
@click.option("--json", "as_json", is_flag=True, help="Print the track as JSON.")
@click.pass_obj
@store_errors
def track_done(obj: Ctx, which: str, next_step: str | None, due: str | None,
               as_json: bool) -> None:
    """Complete a track's next step (then set the next one: --next NOTE --due WHEN,
    or `devhub track next`)."""
    if bool(next_step) != bool(due):
        raise CLIError("--next and --due go together")
    day = cli_day("--due", due) if due else None
    _, tracks = _stores(obj)
    t = _find(tracks, which)
    if not t.next_step:
        raise CLIError(f"'{_safe(t.title)}' has no next step to complete; set one: "
                       f"devhub track next {t.slug} NOTE --due WHEN")
    done = tracks.complete_next(t.id)
    if next_step and day is not None:
        tracks.set_next(t.id, next_step, day)
    t = tracks.get(t.id)
    if as_json:
        data = track_json(t, cli_today())
        data["completed"] = done
        emit_json(data)
        return
    click.echo(f"done: {_safe(done)}")
    if t.next_step:
        click.echo(f"next step for '{_safe(t.title)}': {_safe(t.next_step)}, due {t.next_due}")
    elif t.open:
        click.echo(f"what's next? devhub track next {t.slug} NOTE --due WHEN")


@cli.command("shared")
@click.argument("query", nargs=-1)
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@store_errors
def shared_cmd(obj: Ctx, query: tuple[str, ...], as_json: bool) -> None:
    """Resources you shared (links and titles) and with whom: a URL or words of a
    title find everyone you shared it with."""
    from devhub_tui.storage.tracks.links import search_shared

    _, tracks = _stores(obj)
    text = " ".join(query)
    rows = search_shared(tracks, text, limit=10_000)
    if as_json:
        emit_json([resource_json(r) for r in rows])
        return
    if not rows:
        click.echo("nothing shared matches" if text.strip() else
                   "nothing shared yet: devhub log NAME TYPE --resource 'URL TITLE'")
        return
    for r in rows:
        title = f" {_safe(r.title)}" if r.title else ""
        click.echo(f"{_iso(r.date)}  {_safe(r.contact_name)}:{title} {_safe(r.url)}")


__all__ = ["contact_ref", "resource_json", "track", "track_json", "tracks_cmd"]
