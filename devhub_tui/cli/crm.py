"""CLI commands for contacts, logging and reminders (registered on `cli.cli`):
`contacts`, `log`, `follow-up`, `due`. The `contact add`/`contact edit` group is in
`contact_cmds.py`; the JSON helpers both use (`contact_json`, `emit_json`) are here.

JSON shapes (stable; documented in the README):

- `devhub contacts --json`: a list of contact objects (`contact_json`).
- `devhub due --json`: `{"today", "generated_at", "count", "items": [...]}`.
"""

from __future__ import annotations

import datetime as _dt
import json
import shlex
import sys
from typing import Any

import click

from devhub_tui.cli.contact_args import safe as _safe
from devhub_tui.cli.main import CLIError, Ctx, cli, store_errors

#: The most `devhub contacts --limit` takes (any more is "all of them" anyway).
MAX_LIST_LIMIT = 1_000_000_000


def _store(obj: Ctx) -> Any:
    return obj.store()


def _iso(ms: int | None) -> str | None:
    from devhub_tui.core.dates import ms_to_date

    return ms_to_date(ms).isoformat() if ms is not None else None


def contact_json(c: Any, vip: Any = None, skills: list[str] | None = None) -> dict[str, Any]:
    """A contact as JSON: its fields, `tags` and `skills` (sorted, normalised; the
    row carries them), dates as ISO, and `vip_data` when given."""
    data = c.to_dict()
    data["skills"] = sorted(skills if skills is not None else c.skills)
    data["last_contacted_date"] = _iso(c.last_contacted)
    data["snoozed_until_date"] = _iso(c.snoozed_until)
    if vip is not None:
        data["vip_data"] = vip.to_dict()
    return data


def emit_json(data: Any) -> None:
    """Indented for a person at a terminal, compact for scripts (same shape)."""
    indent = 2 if sys.stdout.isatty() else None
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=indent, sort_keys=True))
    sys.stdout.write("\n")


@cli.command("contacts")
@click.option("--status", type=click.Choice(
    ["ok", "due-soon", "needs-attention", "overdue", "snoozed", "paused"]))
@click.option("--tag")
@click.option("--vip", is_flag=True, help="Only VIPs (with their VIP data in --json).")
@click.option("--skill", "skills", multiple=True,
              help="Only contacts with this skill (repeat: all of them; k8s = kubernetes).")
@click.option("--industry", help="Only contacts in this industry (any case).")
@click.option("--relationship", help="Only contacts with this relationship (any case).")
@click.option("--search", help="Full-text search over names, companies, tags and notes, with"
              " filters: skill:rust topic:wasm industry:fintech relationship:mentor"
              " event:\"PyCon 2026\".")
@click.option("--sort", type=click.Choice(["name", "last_contacted", "status"]), default="name",
              show_default=True)
@click.option("--limit", type=click.IntRange(min=1), help="At most this many.")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.pass_obj
@store_errors
def contacts_cmd(obj: Ctx, status: str | None, tag: str | None, vip: bool,
                 skills: tuple[str, ...], industry: str | None, relationship: str | None,
                 search: str | None, sort: str, limit: int | None, as_json: bool) -> None:
    """List contacts.

    --search reads `key:value` filters beside the words: skill:rust, topic:wasm
    (a #wasm in a note), industry:fintech, relationship:mentor, event:"PyCon 2026";
    all must hold."""
    from devhub_tui.core.dates import humanize_ago
    from devhub_tui.core.query import parse_query
    from devhub_tui.core.skills import parse_skills
    from devhub_tui.storage.ids import system_clock

    if limit is not None and limit > MAX_LIST_LIMIT:
        raise CLIError(f"--limit can be at most {MAX_LIST_LIMIT:,} (leave it out to list all)")
    wanted = parse_skills(skills) if skills else []
    errors = parse_query(search).errors
    if errors:
        raise CLIError(_safe(errors[0]))
    store = _store(obj)
    rows = store.list_contacts(status=status, tag=tag, vip=True if vip else None,
                               skills=wanted, industry=industry, relationship=relationship,
                               search=search, sort=sort, limit=limit)
    if as_json:
        emit_json([contact_json(c, store.get_vip(c.id) if vip else None) for c in rows])
        return
    if not rows:
        narrowed = status or tag or vip or search or wanted or industry or relationship
        click.echo("no contacts match" if narrowed
                   else "no contacts yet: devhub contact add NAME")
        return
    now = system_clock()
    for c in rows:
        star = "★ " if c.vip else "  "
        tags = f"  [{_safe(', '.join(c.tags))}]" if c.tags else ""
        company = f" · {_safe(c.company)}" if c.company else ""
        click.echo(f"{star}{_safe(c.name)}{company}  {c.status}  "
                   f"{humanize_ago(c.last_contacted, now)}{tags}")


@cli.command("log")
@click.argument("contact_name", metavar="CONTACT")
@click.argument("type_", metavar="TYPE")
@click.argument("note", nargs=-1)
@click.option("--date", "when",
              help="When it happened: today, yesterday, 3d, fri, 2026-11-20 (default: now).")
@click.option("--resource", "resources", multiple=True, metavar="'URL [TITLE]'",
              help="A resource you shared (a link, then its title); repeat for more.")
@click.pass_obj
@store_errors
def log_cmd(obj: Ctx, contact_name: str, type_: str, note: tuple[str, ...],
            when: str | None, resources: tuple[str, ...]) -> None:
    """Log an interaction: devhub log ada coffee talked about rust --date yesterday

    CONTACT is the contact's name words (as in the quick log) or its id. A +word
    in the note links the interaction to that track (devhub tracks lists them)."""
    from devhub_tui.cli.contact_args import by_id, candidates_error, index_for
    from devhub_tui.core.dates import DateWordError, ms_to_date, parse_when, when_to_ms
    from devhub_tui.core.quicklog import ContactIndex, parse_quick_log, resolve_type
    from devhub_tui.core.track_words import parse_resources
    from devhub_tui.storage.ids import system_clock
    from devhub_tui.storage.tracks import tracks_for
    from devhub_tui.storage.tracks.links import log_with_links

    shared = parse_resources(resources)
    store = _store(obj)
    now = system_clock()
    today = ms_to_date(now)
    types = store.types()
    refs = tracks_for(store).refs()  # +words (issue 19)
    fixed = by_id(store, contact_name)
    if fixed is not None:
        result = parse_quick_log(" ".join([type_, *note]), ContactIndex([]), types, today,
                                 default_contact=fixed, tracks=refs)
    else:
        index = index_for(store, contact_name,
                          "name the contact (or give its id): devhub log CONTACT TYPE [NOTE...]")
        result = parse_quick_log(" ".join([contact_name, type_, *note]), index, types, today,
                                 tracks=refs)
    if result.future_date and result.contact is not None and result.type is not None:
        _check_logged_date(store, result.when, today, result.contact, fixed is not None, None)
    if not result.ok or result.contact is None or result.type is None:
        message = result.error or "can't read that"
        if result.candidates:
            typed = [w for arg in (type_, *note) for w in arg.split()]
            kind = next((t for t in (resolve_type(w, types)[0] for w in typed) if t), "TYPE")
            raise candidates_error(store, message, result.candidates, f"devhub log ID {kind}")
        raise CLIError(_safe(message))
    day = result.when
    if when:
        try:
            day = parse_when(when, today)
        except DateWordError as exc:
            raise CLIError(str(exc)) from exc
    _check_logged_date(store, day, today, result.contact, fixed is not None, when)
    shared += [(url, "") for url in result.resources if url not in dict(shared)]
    log_with_links(store, result.contact.id, result.type, when_to_ms(day, now), result.note,
                   track_ids=[t.id for t in result.tracks], resources=shared)
    linked = "".join(f" (+{t.slug})" for t in result.tracks)
    click.echo(f"logged {result.type} with {_safe(result.contact.name)} on {day.isoformat()}"
               f"{linked}")


def _check_logged_date(store: Any, day: _dt.date, today: _dt.date, contact: Any,
                       by_id: bool, when: str | None) -> None:
    """An interaction is dated 1900 to today; a future one is pointed at `follow-up`."""
    from devhub_tui.core.dates import DateWordError, FutureDateError, check_interaction_date
    from devhub_tui.storage.lookup import contacts_named, short_id

    try:
        check_interaction_date(day, today)
    except FutureDateError:
        unique = not by_id and len(contacts_named(store, contact.name, limit=2)) == 1
        who = shlex.quote(_safe(contact.name)) if unique else short_id(contact.id)
        due = shlex.quote(_safe(when)) if when else day.isoformat()
        raise CLIError(f"{day.isoformat()} is in the future: log what happened; to plan it:"
                       f" devhub follow-up {who} --due {due}") from None
    except DateWordError as exc:
        raise CLIError(str(exc)) from None


@cli.command("follow-up")
@click.argument("words", nargs=-1, required=True, metavar="CONTACT [NOTE]...")
@click.option("--due", "due", required=True,
              help="When: tomorrow, in 3 days, next fri, next week, or YYYY-MM-DD.")
@click.pass_obj
@store_errors
def follow_up_cmd(obj: Ctx, words: tuple[str, ...], due: str) -> None:
    """Schedule a follow-up: devhub follow-up grace hopper --due fri send the slides

    The contact is matched from the leading words (the longest run that names a
    contact, as in log) or is the first word when that is its id; the rest is the
    note."""
    from devhub_tui.cli.contact_args import leading_contact
    from devhub_tui.core.dates import DateWordError, ms_to_date, parse_when
    from devhub_tui.storage.ids import system_clock

    try:
        day = parse_when(due, ms_to_date(system_clock()), future=True)
    except DateWordError as exc:
        raise CLIError(str(exc)) from exc
    store = _store(obj)
    ref, rest = leading_contact(store, words,
                                f"devhub follow-up ID --due {shlex.quote(_safe(due))}")
    store.add_follow_up(ref.id, day, rest)
    click.echo(f"follow-up with {_safe(ref.name)} due {day.isoformat()}")


def _local_times(zones: dict[str, str] | None, now: int, hours: Any = None) -> Any:
    """`zones` ({contact id: IANA name}) read at `now`, once per zone (issue 21)."""
    from devhub_tui.core.localtime import DEFAULT_HOURS, LocalTimes

    return LocalTimes(now, hours or DEFAULT_HOURS) if zones else None


def due_json(items: list[Any], today: _dt.date, now: int,
             zones: dict[str, str] | None = None, hours: Any = None) -> dict[str, Any]:
    """The queue as `devhub due --json` prints it. A contact with a time zone
    (`zones`: {contact id: IANA name}) also has `timezone`, `local_time` (ISO 8601
    with its offset) and `reachable` (inside `hours`, 08:00-21:00 by default)."""
    times = _local_times(zones, now, hours)
    out = []
    for it in items:
        item = {
            "contact_id": it.contact_id,
            "name": it.name,
            "kind": it.kind,
            "reason": it.reason,
            "days": it.days,
            "due": _iso(it.due_ms),
            "status": it.status.value if it.status is not None else None,
            "follow_up_id": it.follow_up_id,
        }
        if it.track_id is not None:  # a next-step item also names its track (issue 19)
            item["track_id"] = it.track_id
        here = times.get(zones.get(it.contact_id)) if times and zones else None
        if here is not None:  # issue 21: where they are, what time it is there
            item["timezone"] = here.zone
            item["local_time"] = here.iso
            item["reachable"] = here.reachable
        out.append(item)
    return {"today": today.isoformat(), "generated_at": now, "count": len(out), "items": out}


def due_json_text(items: list[Any], today: _dt.date, now: int,
                  zones: dict[str, str] | None = None, hours: Any = None) -> str:
    """`due_json` as compact JSON text: exactly what `emit_json` prints for it when
    stdout is not a terminal (sorted keys, `", "` / `": "` separators, UTF-8 kept),
    without building a dict per item (the full queue at 100k contacts has ~30k
    items). A test holds it to `json.dumps` on awkward names and reasons."""
    from json.encoder import encode_basestring as enc  # what json.dumps uses here

    from devhub_tui.core.dates import DAY_MS, ms_to_date

    null = "null"
    days_iso: dict[int, str] = {}
    kinds: dict[str, str] = {}
    statuses: dict[Any, str] = {None: null}
    times = _local_times(zones, now, hours)
    #: per zone: (the `"local_time": ..., ` text after "kind", the `"reachable": ...`
    #: text after "name", the `, "timezone": ...` text after "status")
    placed: dict[str, tuple[str, str, str]] = {}
    none = ("", "", "")
    parts: list[str] = []
    append = parts.append
    for it in items:
        due_ms = it.due_ms
        due = null
        if due_ms is not None:  # one date per day, not per item
            day = due_ms // DAY_MS
            cached = days_iso.get(day)
            if cached is None:
                cached = days_iso[day] = enc(ms_to_date(day * DAY_MS).isoformat())
            due = cached
        kind = kinds.get(it.kind)
        if kind is None:
            kind = kinds[it.kind] = enc(it.kind)
        status = statuses.get(it.status)
        if status is None:
            status = statuses[it.status] = enc(it.status.value)
        fid, tid = it.follow_up_id, it.track_id
        where = none
        zone = zones.get(it.contact_id) if times is not None and zones else None
        if zone:
            where = placed.get(zone) or none
            if zone not in placed:
                here = times.get(zone)
                if here is not None:
                    where = (f' "local_time": {enc(here.iso)},',
                             f' "reachable": {"true" if here.reachable else "false"},',
                             f', "timezone": {enc(here.zone)}')
                placed[zone] = where
        append(
            f'{{"contact_id": {enc(it.contact_id)}, "days": {int(it.days)}, "due": {due},'
            f' "follow_up_id": {null if fid is None else enc(fid)}, "kind": {kind},'
            f'{where[0]} "name": {enc(it.name)},{where[1]} "reason": {enc(it.reason)},'
            f' "status": {status}{where[2]}'
            + ("}" if tid is None else f', "track_id": {enc(tid)}}}')
        )
    return (
        f'{{"count": {len(parts)}, "generated_at": {int(now)}, "items": [{", ".join(parts)}],'
        f' "today": {enc(today.isoformat())}}}'
    )


@cli.command("due")
@click.option("--json", "as_json", is_flag=True, help="Machine-readable output.")
@click.option("--count", is_flag=True,
              help="Print only how many items there are (fast: for a shell prompt).")
@click.pass_obj
@store_errors
def due_cmd(obj: Ctx, as_json: bool, count: bool) -> None:
    """Who needs attention, most urgent first (exit code 0 either way).

    `devhub due --count` is answered before click is even imported (cli/due_count.py);
    this is its fallback (a synced replica, a store that needs migrating)."""
    import gc

    # The full queue is tens of thousands of small objects without cycles: the cyclic
    # collector would only walk them again and again while they are built.
    gc_was_on = gc.isenabled()
    gc.disable()
    try:
        _due(obj, as_json, count)
    finally:
        if gc_was_on:
            gc.enable()


def _due(obj: Ctx, as_json: bool, count: bool = False) -> None:
    from devhub_tui.core.dates import ms_to_date
    from devhub_tui.storage.ids import system_clock

    store = _store(obj)
    store.refresh_statuses()  # statuses depend on the time: bring them up to now
    now = system_clock()
    today = ms_to_date(now)
    items = store.attention_queue(today=today)
    if count:
        click.echo(f'{{"count": {len(items)}}}' if as_json else str(len(items)))
        return
    # issue 21: the zones of the contacts in the queue, and the account's window
    zones = store.contact_timezones() if items else {}
    hours = store.reachable_hours() if zones else None
    if as_json:
        if sys.stdout.isatty():
            emit_json(due_json(items, today, now, zones, hours))
        else:  # the same JSON, compact, without a dict per item
            sys.stdout.write(due_json_text(items, today, now, zones, hours))
            sys.stdout.write("\n")
        return
    if not items:
        click.echo("nobody needs attention today")
        return
    times = _local_times(zones, now, hours)
    lines = []
    for it in items:
        line = f"{_safe(it.name)}: {_safe(it.reason)}"
        here = times.get(zones.get(it.contact_id)) if times is not None else None
        if here is not None:  # "(02:14 there, asleep)"
            line += f" ({here.there}, {here.word})"
        lines.append(line)
    click.echo("\n".join(lines))
