"""`devhub encrypt` and `devhub decrypt` (issue 21), registered on `cli.cli` like
`crm.py`'s commands. The work is `storage/crypt_convert.py`'s; this reads the
passphrase (`--passphrase-stdin`, `DEVHUB_PASSPHRASE` for decrypt, else a hidden
prompt, twice when encrypting) and says what happened in one line (or JSON). Nothing
here imports textual.
"""

from __future__ import annotations

import json
import os
import sys

import click

from devhub_tui.cli.main import CLIError, Ctx, cli, store_errors


def read_passphrase(from_stdin: bool, *, confirm: bool, prompt: str) -> str:
    """The passphrase from one line of standard input, or a hidden prompt."""
    if from_stdin:
        text = sys.stdin.readline().rstrip("\r\n")
        if not text:
            raise CLIError("no passphrase on standard input")
        return text
    if not sys.stdin.isatty():
        raise CLIError("no terminal to ask for the passphrase: use --passphrase-stdin")
    text = str(click.prompt(prompt, hide_input=True, confirmation_prompt=confirm))
    if not text:
        raise CLIError("the passphrase is empty")
    return text


def _refuse_replica(obj: Ctx, verb: str) -> None:
    if obj.sync_url:
        raise CLIError(
            f"sync replicas stay unencrypted: `devhub {verb}` works on a local store only "
            "(unset TURSO_DATABASE_URL / --sync-url to work on the local file)"
        )


def _already(obj: Ctx, form: str) -> bool:
    """Finish what an interrupted run left; True when the store is already `form`."""
    from devhub_tui.storage import crypt, crypt_convert

    crypt_convert.check_convertible(obj.db_path)
    for note in crypt_convert.recover(obj.db_path):
        click.echo(f"devhub: note: {note}", err=True)
    done = crypt.file_form(obj.db_path) == form
    bak = crypt.backup_path(obj.db_path)
    if done and form == "encrypted" and crypt.file_form(bak) == "plain":
        click.echo(f"devhub: note: {bak} is a plain copy of the store (from an interrupted "
                   "or --keep-backup run): it is NOT encrypted; delete it once you have "
                   "checked the store opens", err=True)
    return done


def _report(report: object, as_json: bool, line: str) -> None:
    if as_json:
        click.echo(json.dumps(report.to_dict(), indent=2))  # type: ignore[attr-defined]
    else:
        click.echo(line)


@cli.command("encrypt")
@click.option("--passphrase-stdin", is_flag=True, help="Read the passphrase from standard input.")
@click.option("--keep-backup", is_flag=True,
              help="Keep the original as STORE.bak (it is NOT encrypted: move it somewhere safe).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@store_errors
def encrypt_cmd(obj: Ctx, passphrase_stdin: bool, keep_backup: bool, as_json: bool) -> None:
    """Encrypt the local store (SQLCipher; key from a passphrase, argon2id).

    Forgetting the passphrase loses the data: there is no way back in without it."""
    from devhub_tui.storage.crypt import backup_path
    from devhub_tui.storage.crypt_convert import ConvertReport, encrypt_store

    _refuse_replica(obj, "encrypt")
    path = obj.db_path
    if _already(obj, "encrypted"):
        _report(ConvertReport(path, "encrypted", already=True), as_json,
                f"{path} is already encrypted")
        return
    passphrase = read_passphrase(passphrase_stdin, confirm=True,
                                 prompt=f"New passphrase for {path}")
    report = encrypt_store(path, passphrase, keep_backup=keep_backup)
    line = (f"encrypted {path} ({report.rows:,} rows in {report.tables} tables): open it "
            f"with the passphrase (or DEVHUB_PASSPHRASE); forgetting it loses the data")
    if report.backup is not None:
        line += f"\nthe plain original is in {backup_path(path)}: it is NOT encrypted"
    _report(report, as_json, line)


@cli.command("decrypt")
@click.option("--passphrase-stdin", is_flag=True, help="Read the passphrase from standard input.")
@click.option("--keep-backup", is_flag=True,
              help="Keep the encrypted original as STORE.bak (with its key file).")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.pass_obj
@store_errors
def decrypt_cmd(obj: Ctx, passphrase_stdin: bool, keep_backup: bool, as_json: bool) -> None:
    """Turn an encrypted store back into a plain SQLite file."""
    from devhub_tui.storage.crypt import PASSPHRASE_ENV
    from devhub_tui.storage.crypt_convert import ConvertReport, decrypt_store

    _refuse_replica(obj, "decrypt")
    path = obj.db_path
    if _already(obj, "plain") or not path.exists():
        if not path.exists():
            raise CLIError(f"{path} does not exist")
        _report(ConvertReport(path, "decrypted", already=True), as_json,
                f"{path} is not encrypted")
        return
    passphrase = os.environ.get(PASSPHRASE_ENV, "") if not passphrase_stdin else ""
    if not passphrase:
        passphrase = read_passphrase(passphrase_stdin, confirm=False,
                                     prompt=f"Passphrase for {path}")
    report = decrypt_store(path, passphrase, keep_backup=keep_backup)
    line = (f"decrypted {path} ({report.rows:,} rows in {report.tables} tables): it is "
            "plain SQLite again")
    if report.backup is not None:
        line += f"\nthe encrypted original is in {report.backup} (with its key file)"
    _report(report, as_json, line)
