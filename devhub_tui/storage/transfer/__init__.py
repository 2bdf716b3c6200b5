"""Import and export: vCard, CSV and the JSON backup, scoped to one user.

Import is two steps that share one planner:

1. **plan** (:mod:`.planner`) -- every record read from the file (:mod:`.reader`)
   is matched against the user's contacts and the records before it in the same
   file. A match is *merged* (nothing it carries is dropped), or *skipped* when it
   brings nothing new; anything else is *added*. Records that can't be imported
   (no name, a contact group...) are skipped with the reason.
2. **apply** (:mod:`.writer`) -- the plan is computed again inside one
   ``BEGIN IMMEDIATE`` transaction and written; statuses are recomputed in the
   same transaction. Any error rolls everything back: nothing is half-imported.

A dry run is step 1 in a read transaction. Export (:mod:`.export`) writes the
JSON backup (:mod:`.backup` reads it back), vCard and CSV.
"""

from __future__ import annotations

from pathlib import Path

from devhub_tui.core.backup import BACKUP_FORMAT, BACKUP_VERSION, parse_backup
from devhub_tui.core.dates import ms_to_date
from devhub_tui.core.filetext import safe_line
from devhub_tui.core.records import ParsedFile, categories_as_skills, categories_note
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.db import translate_error
from devhub_tui.storage.store import Store
from devhub_tui.storage.transfer.export import (
    backup_json,
    export_backup,
    export_text,
    write_private,
)
from devhub_tui.storage.transfer.planner import Planner
from devhub_tui.storage.transfer.reader import (
    MAX_IMPORT_BYTES,
    parse_data,
    parse_text,
    read_file_bytes,
    read_import_file,
)
from devhub_tui.storage.transfer.report import ImportReport, PlanItem, TransferError
from devhub_tui.storage.transfer.writer import apply

__all__ = [
    "BACKUP_FORMAT",
    "BACKUP_VERSION",
    "MAX_IMPORT_BYTES",
    "ImportReport",
    "PlanItem",
    "TransferError",
    "backup_json",
    "export_backup",
    "export_text",
    "import_file",
    "map_categories",
    "parse_backup",
    "parse_data",
    "parse_text",
    "read_file_bytes",
    "read_import_file",
    "run_import",
    "safe_error",
    "write_private",
]


def run_import(
    store: Store, parsed: ParsedFile, *, overwrite: bool = False, dry_run: bool = False
) -> ImportReport:
    """Plan (dry run) or plan and write an import, in one transaction."""
    db = store.db
    try:
        if dry_run:
            with db.read() as c:
                planner = Planner(store, c, overwrite=overwrite)
                planner.plan(parsed)
            return planner.report(parsed, dry_run=True)
        with db.write() as c:
            planner = Planner(store, c, overwrite=overwrite)
            planner.plan(parsed)
            apply(planner)
            store.recompute_statuses()  # joins this transaction
    except db.errors as exc:
        raise translate_error(exc, db.path) from exc
    return planner.report(parsed, dry_run=False)


def map_categories(parsed: ParsedFile, *, as_skills: bool, preview: bool = True) -> ParsedFile:
    """The file's categories/labels as tags (as read) or, when the user maps them so,
    as skills (issue 20). The report's warnings say when they are read as skills,
    and a preview (dry run) also how to map them when they are read as tags."""
    note = categories_note(parsed, as_skills=as_skills) if as_skills or preview else None
    if as_skills:
        categories_as_skills(parsed)
    else:
        for rec in parsed.records:
            rec.extra.pop("categories", None)
    if note:
        parsed.warnings.append(note)
    return parsed


def import_file(
    store: Store,
    path: Path | str,
    *,
    fmt: str | None = None,
    overwrite: bool = False,
    dry_run: bool = False,
    encoding: str | None = None,
    categories_as_skills: bool = False,
) -> ImportReport:
    """Read, parse and import (or dry-run) a file for the store's user
    (`categories_as_skills`: the file's categories/labels become skills, not tags)."""
    data = read_file_bytes(path)
    try:
        parsed = parse_data(data, fmt, today=ms_to_date(store.clock()), encoding=encoding)
    except ValidationError as exc:
        raise safe_error(exc) from None
    del data
    map_categories(parsed, as_skills=categories_as_skills, preview=dry_run)
    return run_import(store, parsed, overwrite=overwrite, dry_run=dry_run)


def safe_error(exc: ValidationError) -> ValidationError:
    """The same error with a message fit for a terminal line (no control characters,
    at most 300 characters): messages quote the file."""
    text = safe_line(str(exc))
    return type(exc)(text if len(text) <= 300 else text[:299] + "…")
