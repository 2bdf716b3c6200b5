"""The `devhub contact` group: `contact add` and `contact edit` (registered on
`cli.cli` like `crm.py`'s commands; imported at the end of `cli/main.py`).

Also the options the two share (the contact fields as `--email` ... `--notes`)
and the note on stderr when a location suggests a time zone (issue 21). The JSON
they print is `crm.contact_json`, through `crm.emit_json`. Only `cli.main` is
imported at module level (like `tracks.py`, `skills.py`): `crm` and `contact_args`
import `cli.main`, which imports this module at its end.
"""

from __future__ import annotations

from typing import Any

import click

from devhub_tui.cli.main import CLIError, Ctx, cli, store_errors


def _safe(text: str | None) -> str:
    from devhub_tui.cli.contact_args import safe

    return safe(text)


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
    from devhub_tui.cli.crm import contact_json, emit_json
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
    store = obj.store()
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
    from devhub_tui.cli.crm import contact_json, emit_json
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
    store = obj.store()
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
