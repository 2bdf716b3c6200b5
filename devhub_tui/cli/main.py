"""The `devhub` command line.

`devhub` with no command starts the full-screen app; every other command is a
plain CLI command that must start fast, so nothing here imports textual except
the code path that launches the app.
"""

from __future__ import annotations

import datetime as _dt
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from devhub_tui import __version__
from devhub_tui.cli.launch import (
    APP_FPS,
    LaunchError,
    Target,
    app_target,
    build_app,
    crashed,
    die,
    run_app,
)

if TYPE_CHECKING:
    from devhub_tui.services.session import Session
    from devhub_tui.storage.auth import UserRow
    from devhub_tui.storage.db import Database
    from devhub_tui.storage.store import Store

F = TypeVar("F", bound=Callable[..., Any])


class CLIError(click.ClickException):
    """One clear line on stderr and exit code 1."""

    def show(self, file: Any = None) -> None:  # noqa: ARG002 - click API
        click.echo(f"devhub: error: {self.format_message()}", err=True)


def cli_today() -> _dt.date:
    """Today (UTC), by the clock the store uses."""
    from devhub_tui.core.dates import ms_to_date
    from devhub_tui.storage.ids import system_clock

    return ms_to_date(system_clock())


def cli_day(option: str, text: str, *, future: bool = True) -> _dt.date:
    """A date option's value (`2026-12-24`, `friday`, `next week`...), or CLIError
    naming the option."""
    from devhub_tui.core.dates import DateWordError, parse_when

    try:
        return parse_when(text, cli_today(), future=future)
    except DateWordError as exc:
        raise CLIError(f"{option}: {exc}") from exc


@dataclass
class Ctx(Target):
    """The store a command works on (`launch.Target`): its session, opened on first use."""

    _session: Session | None = field(default=None, repr=False)

    def session(self, *, open_store: bool = True) -> Session:
        """The session on this store (`services/session.py`), its store opened unless
        `open_store` is False; what opening found is said on stderr."""
        if self._session is None:
            from devhub_tui.services.session import Session
            from devhub_tui.storage.db import SyncConfig

            sync = None
            if self.sync_url:
                sync = SyncConfig(self.sync_url, self.auth_token, self.sync_engine)
            self._session = Session(self.db_path, sync)
        session = self._session
        if open_store and session.db is None:
            from devhub_tui.storage.errors import PassphraseNeededError, StoreError

            try:
                try:
                    session.open_store()
                except PassphraseNeededError as exc:  # encrypted: ask (issue 21)
                    _unlock_from_terminal(session, str(exc))
                    session.open_store()
            except StoreError as exc:
                raise CLIError(str(exc)) from exc
            for note in session.take_notes():  # e.g. its mode was made private
                click.echo(f"devhub: note: {note}", err=True)
        return session

    def open_db(self) -> Database:
        db = self.session().db
        assert db is not None
        return db

    def current_user(self) -> UserRow:
        """The logged-in user of this store (the saved session), or a clear error."""
        session = self.session()
        user = session.user or session.resume()
        if user is None:
            raise CLIError(f"not logged in: {_login_hint(session.auth.usernames(2))}")
        return user

    def store(self) -> Store:
        """The logged-in user's store, or a clear error."""
        self.current_user()
        return self.session().store


def _unlock_from_terminal(session: Session, why: str) -> None:
    """An encrypted store with no DEVHUB_PASSPHRASE: ask for its passphrase (hidden)
    when there is a terminal; otherwise say how to give it."""
    if not sys.stdin.isatty():
        raise CLIError(f"{why} (no terminal to ask for it)")
    passphrase = str(click.prompt(f"Passphrase for {session.db_path}", hide_input=True,
                                  err=True))
    session.unlock(passphrase)  # WrongPassphraseError: one line


def _login_hint(usernames: list[str]) -> str:
    """What to run: `devhub login ada` when the store has one account."""
    if not usernames:
        return "create an account with `devhub user add NAME`, then `devhub login NAME`"
    if len(usernames) == 1:
        return f"run `devhub login {usernames[0]}`"
    return "run `devhub login NAME` with your username"


def _read_password(password_stdin: bool, *, confirm: bool) -> str:
    if password_stdin:
        line = sys.stdin.readline()
        pw = line.rstrip("\r\n")
        if not pw:
            raise CLIError("no password on standard input")
        return pw
    if not sys.stdin.isatty():
        raise CLIError("no terminal to ask for a password: use --password-stdin")
    return str(click.prompt("Password", hide_input=True, confirmation_prompt=confirm))


def store_errors(fn: F) -> F:
    """Turn storage and validation errors into one clean line."""
    import functools

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from devhub_tui.core.validation import ValidationError
        from devhub_tui.storage.errors import StoreError

        try:
            return fn(*args, **kwargs)
        except (StoreError, ValidationError) as exc:
            raise CLIError(str(exc)) from exc
        except UnicodeEncodeError as exc:  # undecodable bytes in an argument
            raise CLIError(
                "an argument is not valid UTF-8 text (check your terminal's encoding)"
            ) from exc

    return wrapper  # type: ignore[return-value]


@click.group(invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="DEVHUB_DB",
    help="The local store (default: devhub.db in the user data dir).",
)
@click.option(
    "--sync-url", envvar="TURSO_DATABASE_URL", help="Make the store a replica of this database."
)
@click.option("--auth-token", envvar="TURSO_AUTH_TOKEN", help="Token for --sync-url (never shown).")
@click.option(
    "--sync-engine",
    type=click.Choice(["turso", "libsql"]),
    envvar="DEVHUB_SYNC_ENGINE",
    help="Turso Sync (default), or a libSQL embedded replica (sqld).",
)
@click.option(
    "--demo", is_flag=True, help="Open the app on a throwaway store filled with demo data."
)
@click.option(
    "--event", "event", metavar="NAME",
    help="Open the app in conference mode at this event (kept until you leave it).",
)
@click.version_option(__version__, "-V", "--version", prog_name="devhub")
@click.pass_context
def cli(
    ctx: click.Context,
    db_path: Path | None,
    sync_url: str | None,
    auth_token: str | None,
    sync_engine: str | None,
    demo: bool,
    event: str | None,
) -> None:
    """devhub: a keyboard-first personal CRM for developers.

    Run with no command to open the full-screen app.
    """
    try:
        target = app_target(db_path, sync_url, auth_token, sync_engine)
    except LaunchError as exc:
        raise CLIError(str(exc)) from exc
    ctx.obj = Ctx(*target)
    if event is not None:
        from devhub_tui.core.events import clean_event_name
        from devhub_tui.core.validation import ValidationError

        if ctx.invoked_subcommand is not None:
            raise CLIError("--event opens the app in conference mode: give it no command"
                           " (devhub --event NAME)")
        try:
            event = clean_event_name(event)
        except ValidationError as exc:
            raise CLIError(f"--event: {exc}") from exc
    if ctx.invoked_subcommand is None:
        _run_app(ctx.obj, demo=demo, event=event)


def _run_app(obj: Ctx, *, demo: bool, event: str | None = None) -> None:
    try:
        run_app(obj, demo=demo, event=event)
    except LaunchError as exc:
        raise CLIError(str(exc)) from exc


# -- accounts ---------------------------------------------------------------
@cli.group()
def user() -> None:
    """Manage accounts."""


@user.command("add")
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
@store_errors
def user_add(obj: Ctx, name: str, password_stdin: bool) -> None:
    """Create an account."""
    password = _read_password(password_stdin, confirm=True)
    row = obj.session().auth.create_user(name, password)
    click.echo(f"created account '{row.username}': now run `devhub login {row.username}`")


@cli.command()
@click.argument("name")
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
@click.pass_obj
@store_errors
def login(obj: Ctx, name: str, password_stdin: bool) -> None:
    """Open a session: the commands below then act as this user."""
    password = _read_password(password_stdin, confirm=False)
    row = obj.session().sign_in(lambda auth: auth.authenticate(name, password))
    click.echo(f"logged in as '{row.username}'")


@cli.command()
@click.pass_obj
@store_errors
def logout(obj: Ctx) -> None:
    """End the session."""
    # no store there: nothing to end in it (and none is made for it)
    if obj.session(open_store=obj.db_path.exists()).sign_out():
        click.echo("logged out")
    else:
        click.echo("not logged in")


# -- import / export ----------------------------------------------------------
_FORMAT_CHOICE = click.Choice(["vcard", "csv", "json"])
#: export also writes the calendar feed (issue 21): follow-ups, next steps,
#: birthdays and snooze ends as iCalendar
_EXPORT_FORMAT_CHOICE = click.Choice(["vcard", "csv", "json", "ics"])


@cli.command("import")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=_FORMAT_CHOICE, help="Default: read from the content.")
@click.option("--dry-run", is_flag=True, help="Show what would be added/merged/skipped.")
@click.option("--overwrite", is_flag=True, help="Imported values replace the ones you have.")
@click.option("--encoding", help="The file's text encoding when devhub can't tell it "
              "(e.g. cp1252, shift_jis, utf-16).")
@click.option("--categories-as-skills", "as_skills", is_flag=True,
              help="Read the file's categories/labels (vCard CATEGORIES, a CSV's Categories,"
              " Labels, Groups or Tags column) as skills instead of tags.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
@click.pass_obj
@store_errors
def import_cmd(
    obj: Ctx, file: Path, fmt: str | None, dry_run: bool, overwrite: bool,
    encoding: str | None, as_skills: bool, as_json: bool,
) -> None:
    """Import contacts from a vCard, CSV (Google, LinkedIn, Outlook, Thunderbird, plain)
    or devhub JSON backup."""
    import json

    from devhub_tui.core.filetext import quote
    from devhub_tui.storage.transfer import import_file

    store = obj.store()
    report = import_file(store, file, fmt=fmt, overwrite=overwrite, dry_run=dry_run,
                         encoding=encoding, categories_as_skills=as_skills)
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2, ensure_ascii=False))
        return
    when = "dry run, nothing saved" if dry_run else "imported"
    click.echo(f"{quote(str(file), 200)} ({report.kind}): {when}")
    for line in report.lines():
        click.echo(line)


@cli.command("export")
@click.option("--format", "fmt", type=_EXPORT_FORMAT_CHOICE,
              help="Default: from -o's suffix, else json. ics: the calendar feed.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="File (default: stdout).")
@click.option(
    "--vcard-version", type=click.Choice(["3.0", "4.0"]), default="3.0", show_default=True
)
@click.pass_obj
@store_errors
def export_cmd(obj: Ctx, fmt: str | None, output: Path | None, vcard_version: str) -> None:
    """Export your contacts (vCard, CSV), everything (JSON backup), or your dated
    reminders as a calendar feed (ics: follow-ups, next steps, birthdays, snooze
    ends; importing a newer one updates the events instead of doubling them)."""
    from devhub_tui.storage.transfer import export_text, write_private

    if fmt is None:
        suffix = output.suffix.lower() if output else ""
        fmt = {".vcf": "vcard", ".vcard": "vcard", ".csv": "csv", ".ics": "ics",
               ".ical": "ics"}.get(suffix, "json")
    store = obj.store()
    if fmt == "ics":
        from devhub_tui.storage.transfer.calendar import export_ics

        text, events = export_ics(store)
        if output is None:
            click.echo(text, nl=False)
            return
        dest = write_private(output, text)
        click.echo(f"exported {events} calendar event{'s' if events != 1 else ''} to {dest}"
                   " (ics)")
        return
    text = export_text(store, fmt, vcard_version=vcard_version)
    if output is None:
        click.echo(text, nl=False)
        return
    dest = write_private(output, text)
    click.echo(f"exported {store.count_contacts()} contacts to {dest} ({fmt})")


# -- Quick Connect ------------------------------------------------------------------
@cli.command("qr")
@click.option("--event", "event_name", help="Also serve a sign-up form for this event.")
@click.option("--location", default="", help="Where the event is (with --event).")
@click.option("--session", "session_name", default="", help="Which session (with --event).")
@click.option("--expires", help="How long the sign-up link works: 30m, 24h (default), 2d.")
@click.option("--max-uses", type=int, help="How many people may sign up with the link.")
@click.option("--host", help="Address to serve on (default: the LAN address; DEVHUB_CONNECT_HOST).")
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    help="Port to serve on (default 8765, or DEVHUB_CONNECT_PORT; 0 = any free port).",
)
@click.pass_obj
@store_errors
def qr_cmd(
    obj: Ctx,
    event_name: str | None,
    location: str,
    session_name: str,
    expires: str | None,
    max_uses: int | None,
    host: str | None,
    port: int | None,
) -> None:
    """Print my Quick Connect QR code; with --event, also serve the sign-up form until Ctrl-C."""
    from devhub_tui.cli.qr import QrOptions, run_qr
    from devhub_tui.connect.server import ConnectServerError

    opts = QrOptions(event_name, location, session_name, expires, max_uses, host, port)
    try:
        run_qr(obj, opts)
    except ConnectServerError as exc:
        raise CLIError(str(exc)) from exc


# -- sync -----------------------------------------------------------------------------
@cli.command("sync")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@store_errors
def sync_cmd(obj: Ctx, as_json: bool) -> None:
    """Push local changes to the synced database and pull the other devices' ones."""
    import json

    from devhub_tui.services.sync import sync_once
    from devhub_tui.storage.errors import OfflineError

    if not obj.sync_url:
        raise CLIError(
            "sync is not set up: set TURSO_DATABASE_URL and TURSO_AUTH_TOKEN (or --sync-url "
            "and --auth-token, or put them in ~/.config/devhub/sync.toml)"
        )
    session = obj.session()
    db = obj.open_db()
    session.resume()  # before the push: resuming a session is itself a (small) write
    try:
        result = sync_once(db, store=session.store if session.signed_in else None)
    except OfflineError as exc:
        if db.mode == "libsql":  # writes go straight to the server: nothing is queued
            raise CLIError(
                f"{exc}; reads work, but changes can't be saved until it is back"
            ) from exc
        waiting = db.pending_changes()
        what = "1 local change waits" if waiting == 1 else f"{waiting} local changes wait"
        raise CLIError(f"{exc}; {what} for the next sync") from exc
    if as_json:
        click.echo(json.dumps(result.to_dict(), indent=2))
        return
    click.echo(result.summary())


def main(argv: list[str] | None = None) -> None:
    """The command line (`launch.main` sends everything but a plain `devhub` here):
    never lets a traceback reach the user."""
    try:
        cli.main(args=argv, prog_name="devhub", standalone_mode=True)
    except SystemExit:
        raise
    except KeyboardInterrupt:
        die("interrupted")
    except BrokenPipeError:
        # `devhub contacts | head`: stdout went away; that's fine
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        finally:
            sys.exit(0)
    except Exception as exc:  # noqa: BLE001 - last line of defence
        crashed(exc)


__all__ = ["APP_FPS", "CLIError", "Ctx", "build_app", "cli", "main"]

# Register the CRM commands (contacts, log, due, follow-up; contact add/edit) on the group above.
from devhub_tui.cli import contact_cmds as _cli_contact_cmds  # noqa: E402,F401  (contact add/edit)
from devhub_tui.cli import crm as _cli_crm  # noqa: E402,F401
from devhub_tui.cli import crypt as _cli_crypt  # noqa: E402,F401  (issue 21)
from devhub_tui.cli import digest as _cli_digest  # noqa: E402,F401  (issue 21)
from devhub_tui.cli import events as _cli_events  # noqa: E402,F401  (issue 20)
from devhub_tui.cli import prefs as _cli_prefs  # noqa: E402,F401  (issue 21)
from devhub_tui.cli import skills as _cli_skills  # noqa: E402,F401  (issue 20)
from devhub_tui.cli import tracks as _cli_tracks  # noqa: E402,F401  (issue 19)
