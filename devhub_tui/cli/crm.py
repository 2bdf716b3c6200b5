"""CLI commands for contacts, logging and reminders (registered on `cli.cli`).

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


@cli.group(invoke_without_command=False)
def contact() -> None:
    """Manage one contact."""


#: The options `contact add` and `contact edit` share: (option, field, help).
_FIELD_OPTIONS: tuple[tuple[str, str, str | None], ...] = (
    ("--email", "email", None),
    ("--github", "github", None),
    ("--company", "company", None),
    ("--title", "title", None),
    ("--phone", "phone", None),
    ("--nickname", "nickname", None),
    ("--location", "location", "Where they live or work (a city)."),
    ("--timezone", "timezone", "IANA time zone, e.g. Europe/Berlin."),
    ("--relationship", "relationship", "friend, colleague, mentor, client..."),
    ("--industry", "industry", None),
    ("--cadence", "cadence_days", "Days between contacts (0 or 'off' = no reminders)."),
    ("--birthday", "birthday",
     "YYYY-MM-DD (not in the future), or MM-DD when the year is unknown."),
    ("--notes", "notes", None),
)


def _field_options(f: Any) -> Any:
    """The contact fields as options (`--email` ... `--notes`), plus --importance."""
    f = click.option("--importance", type=click.Choice(["low", "normal", "high"]))(f)
    for opt, field, help_ in reversed(_FIELD_OPTIONS):
        f = click.option(opt, field, help=help_)(f)
    return f


def _given(fields: dict[str, str | None]) -> dict[str, Any]:
    """The fields an option was given for (an empty value too: edit clears it)."""
    return {k: v for k, v in fields.items() if v is not None}


def _zone_hint(contact: Any) -> None:
    """A location that names a common city, no time zone: say which zone it suggests,
    on stderr (issue 21: a guess is only a suggestion; nothing is set)."""
    from devhub_tui.core.localtime import guess_zone

    if contact.timezone or not contact.location:
        return
    guess = guess_zone(contact.location)
    if guess is not None:
        click.echo(f"devhub: note: {_safe(guess.city)} looks like {guess.zone}: devhub contact"
                   f" edit {contact.id[:8]} --timezone {guess.zone}", err=True)


def _skill_values(values: tuple[str, ...]) -> list[str]:
    from devhub_tui.core.skills import parse_skills

    return parse_skills(values)


@contact.command("add")
@click.argument("name")
@_field_options
@click.option("--tag", "tags", multiple=True, help="Repeat for several tags.")
@click.option("--skill", "skills", multiple=True,
              help="A skill or technology (repeat, or separate with commas): rust, k8s...")
@click.option("--vip", is_flag=True)
@click.option("--json", "as_json", is_flag=True, help="Print the new contact as JSON.")
@click.pass_obj
@store_errors
def contact_add(obj: Ctx, name: str, tags: tuple[str, ...], skills: tuple[str, ...], vip: bool,
                as_json: bool, **fields: str | None) -> None:
    """Add a contact (a second one with the same name is added, with a warning)."""
    from devhub_tui.core.contact import validate_contact
    from devhub_tui.core.dates import ms_to_date
    from devhub_tui.storage.ids import system_clock
    from devhub_tui.storage.lookup import contacts_named, detail

    raw: dict[str, Any] = {"name": name, **{k: v for k, v in _given(fields).items() if v}}
    raw["vip"] = vip
    raw["tags"] = tags
    if skills:
        raw["skills"] = list(skills)
    data, clean_tags = validate_contact(raw, today=ms_to_date(system_clock()))
    store = _store(obj)
    same = contacts_named(store, data["name"], limit=4)
    cid = store.add_contact(data, clean_tags)
    if same:
        who = ("is already a contact" if len(same) == 1 else
               f"are already {len(same) if len(same) <= 3 else 'more than 3'} contacts")
        details = "; ".join(_safe(detail(c)) for c in same[:3]) + ("; …" if len(same) > 3 else "")
        click.echo(f"devhub: warning: there {who} named {_safe(same[0].name)} ({details});"
                   " added anyway", err=True)
    added = store.get_contact(cid)
    if as_json:
        emit_json(contact_json(added, skills=store.contact_skills(cid)))
    else:
        click.echo(f"added {_safe(data['name'])} ({cid[:8]})")
    _zone_hint(added)


@contact.command("edit")
@click.argument("words", nargs=-1, required=True, metavar="CONTACT")
@click.option("--name", "new_name", help="A new name.")
@_field_options
@click.option("--tag", "tags", multiple=True, help="Add a tag (repeat for several).")
@click.option("--no-tag", "no_tags", multiple=True, help="Remove a tag (repeat for several).")
@click.option("--skill", "skills", multiple=True, help="Add a skill (repeat, or commas).")
@click.option("--no-skill", "no_skills", multiple=True, help="Remove a skill (repeat, or commas).")
@click.option("--vip/--no-vip", default=None, help="Make them a VIP, or not.")
@click.option("--json", "as_json", is_flag=True, help="Print the contact as JSON after.")
@click.pass_obj
@store_errors
def contact_edit(obj: Ctx, words: tuple[str, ...], new_name: str | None, tags: tuple[str, ...],
                 no_tags: tuple[str, ...], skills: tuple[str, ...], no_skills: tuple[str, ...],
                 vip: bool | None, as_json: bool, **fields: str | None) -> None:
    """Change a contact's fields: CONTACT is a name (as `devhub log` takes it) or an id.

    Only the options given change; an empty value clears a field
    (`--email ""`). Tags and skills are added with --tag/--skill and removed
    with --no-tag/--no-skill.
    """
    from devhub_tui.cli.contact_args import leading_contact
    from devhub_tui.core.contact import validate_contact
    from devhub_tui.core.dates import ms_to_date
    from devhub_tui.core.validation import validate_tag
    from devhub_tui.storage.ids import system_clock

    raw: dict[str, Any] = _given(fields)
    if new_name is not None:
        raw["name"] = new_name
    if vip is not None:
        raw["vip"] = vip
    if not (raw or tags or no_tags or skills or no_skills):
        raise CLIError("nothing to change: give an option such as --email or --timezone"
                       " (devhub contact edit --help lists them)")
    add_skills = _skill_values(skills)
    drop_skills = _skill_values(no_skills)
    add_tags = [validate_tag(t) for t in tags]
    drop_tags = [t.strip().lower() for t in no_tags if t.strip()]
    data, _ = validate_contact(raw, today=ms_to_date(system_clock()))
    store = _store(obj)
    ref, rest = leading_contact(store, words, "devhub contact edit ID --email ...")
    if rest:
        raise CLIError(f"'{_safe(rest[:40])}' is not an option: put options after the name,"
                       " e.g. devhub contact edit ada --email ada@example.org")
    if data:
        store.update_contact(ref.id, data)
    for t in add_tags:
        store.add_tag(ref.id, t)
    for t in drop_tags:
        store.remove_tag(ref.id, t)
    if add_skills or drop_skills:
        store.change_skills(ref.id, add=add_skills, remove=drop_skills)
    after = store.get_contact(ref.id)
    if as_json:
        emit_json(contact_json(after, skills=store.contact_skills(ref.id)))
    else:
        changed = [*data, *(["tags"] if add_tags or drop_tags else []),
                   *(["skills"] if add_skills or drop_skills else [])]
        click.echo(f"updated {_safe(after.name)} ({after.id[:8]}): {', '.join(changed)}")
    if "location" in data:
        _zone_hint(after)


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
    from devhub_tui.storage.ids import system_clock

    if limit is not None and limit > MAX_LIST_LIMIT:
        raise CLIError(f"--limit can be at most {MAX_LIST_LIMIT:,} (leave it out to list all)")
    wanted = _skill_values(skills) if skills else []
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
