"""Import contacts: pick a file, see what would happen, confirm.

The preview is a dry run of the same planner the import uses, so what it says is
what happens: how many contacts are added, merged or skipped, why each skipped one
is, and what each record carries that devhub doesn't store (a photo, a custom
field). A file whose text encoding can't be told asks for one in the Encoding
field. Reading, parsing and planning run in thread workers; the import itself is
one transaction (nothing is half-imported).
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Checkbox, DataTable, Input, Label, Select, Static

from devhub_tui.core.dates import ms_to_date
from devhub_tui.core.filetext import EncodingUnknownError
from devhub_tui.core.records import ParsedFile
from devhub_tui.core.validation import ValidationError
from devhub_tui.services.session import Session
from devhub_tui.storage.errors import StoreError
from devhub_tui.storage.transfer import (
    ImportReport,
    PlanItem,
    map_categories,
    parse_data,
    read_file_bytes,
    run_import,
    safe_error,
)
from devhub_tui.tui.screens.saving import key_label

#: Rows shown in the preview table (the summary line counts them all).
MAX_PREVIEW_ROWS = 500
_ORDER = {"skip": 0, "merge": 1, "add": 2}
_STYLE = {"add": "green", "merge": "yellow", "skip": "red"}


class FilePathValidator(Validator):
    """A file path was typed (whether it exists is checked when reading, in a worker)."""

    def validate(self, value: str) -> ValidationResult:
        text = value.strip()
        if not text:
            return self.failure("type the path of a .vcf, .csv or .json file")
        if text.endswith(("/", "\\")):
            return self.failure("that is a folder: add the file name")
        if "\x00" in text:
            return self.failure("a path can't contain a NUL character")
        return self.success()


class ImportScreen(ModalScreen[ImportReport | None]):
    """A modal: path, format, preview table, Import button."""

    DEFAULT_CSS = """
    ImportScreen {
        align: center middle;
    }
    #import-card {
        width: 110;
        max-width: 100%;
        height: 90%;
        padding: 1 2;
        border: round $primary;
        background: $panel;
    }
    #import-card .import-title {
        color: $primary;
        text-style: bold;
    }
    #import-card .import-help {
        color: $text-muted;
        margin-bottom: 1;
    }
    #import-card .import-row {
        height: auto;
    }
    #import-card .import-label {
        width: 8;
        padding-top: 1;
    }
    #import-path {
        width: 1fr;
    }
    #import-format {
        width: 24;
    }
    #import-overwrite, #import-skills {
        width: auto;
    }
    #import-encoding {
        width: 18;
    }
    #import-path-error, #import-error {
        color: $error;
        height: auto;
    }
    #import-summary {
        height: auto;
        margin-top: 1;
    }
    #import-table {
        height: 1fr;
    }
    #import-detail {
        height: auto;
        max-height: 4;
        color: $text-muted;
    }
    #import-buttons {
        height: auto;
        align-horizontal: right;
    }
    #import-buttons Button {
        margin-left: 1;
    }
    """

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="import.cancel", tooltip="Close; import nothing"),
        Binding(
            "ctrl+s",
            "confirm",
            "Import",
            id="import.confirm",
            tooltip="Import what the preview shows",
        ),
    ]
    AUTO_FOCUS = "#import-path"

    def __init__(self, session: Session, path: str = "") -> None:
        super().__init__()
        self.session = session
        self.store = session.store
        self.initial_path = path
        self.parsed: ParsedFile | None = None
        self.report: ImportReport | None = None
        self.source_label = ""
        self.row_items: dict[str, PlanItem] = {}

    def compose(self) -> ComposeResult:
        with Vertical(id="import-card"):
            yield Static(Text("Import contacts"), classes="import-title")
            yield Static(
                Text(
                    "A vCard file (.vcf), a CSV export (Google Contacts, LinkedIn "
                    "Connections, Outlook, Thunderbird, or any CSV with a header row) or a "
                    "devhub JSON backup. People you already have are merged, never "
                    "duplicated; a file imported again adds nobody. Nothing is saved until "
                    "you press Import."
                ),
                classes="import-help",
            )
            with Horizontal(classes="import-row"):
                yield Label("File", classes="import-label")
                yield Input(
                    self.initial_path,
                    placeholder="~/Downloads/contacts.vcf",
                    id="import-path",
                    validators=[FilePathValidator()],
                    validate_on=["submitted"],
                )
            yield Static("", id="import-path-error")
            with Horizontal(classes="import-row"):
                yield Label("Format", classes="import-label")
                yield Select(
                    [("vCard", "vcard"), ("CSV", "csv"), ("JSON backup", "json")],
                    prompt="Detect",
                    id="import-format",
                )
                yield Input(placeholder="encoding: auto", id="import-encoding",
                            tooltip="The file's text encoding, when devhub can't tell it "
                            "(cp1252, shift_jis, utf-16...)")
                yield Checkbox("Imported values replace mine", id="import-overwrite")
                yield Checkbox("Categories as skills", id="import-skills",
                               tooltip="Read the file's categories/labels as skills "
                               "(rust, k8s...) instead of tags")
            yield Static("", id="import-summary")
            yield DataTable(id="import-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="import-detail")
            yield Static("", id="import-error")
            with Horizontal(id="import-buttons"):
                yield Button(key_label("Preview", "enter"), id="import-preview")
                yield Button(key_label("Import", "ctrl+s"), id="import-confirm",
                             variant="primary", disabled=True)
                yield Button(key_label("Cancel", "esc"), id="import-cancel")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_column("Action", key="action", width=6)
        table.add_column("Record", key="source", width=22)
        table.add_column("Name", key="name", width=24)
        table.add_column("Why", key="reason")

    # -- helpers ------------------------------------------------------------
    def _say(self, widget_id: str, message: str) -> None:
        self.query_one(f"#{widget_id}", Static).update(Text(message))

    def _options(self) -> tuple[str | None, bool]:
        value = self.query_one("#import-format", Select).value
        fmt = value if isinstance(value, str) else None
        return fmt, self.query_one("#import-overwrite", Checkbox).value

    def _encoding(self) -> str | None:
        return self.query_one("#import-encoding", Input).value.strip() or None

    def _invalidate(self) -> None:
        """Any change of file or options: the preview no longer holds."""
        self.parsed = None
        self.report = None
        self.query_one("#import-confirm", Button).disabled = True

    # -- events -------------------------------------------------------------
    @on(Input.Changed, "#import-path")
    @on(Input.Changed, "#import-encoding")
    def _path_changed(self) -> None:
        self._invalidate()

    @on(Select.Changed, "#import-format")
    @on(Checkbox.Changed, "#import-overwrite")
    @on(Checkbox.Changed, "#import-skills")
    def _options_changed(self) -> None:
        if self.report is not None or self.parsed is not None:
            self.preview()

    @on(DataTable.RowHighlighted, "#import-table")
    def _row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        item = self.row_items.get(str(event.row_key.value))
        if item is None:
            self._say("import-detail", "")
            return
        detail = Text()
        detail.append(f"{item.source} · {item.name}: ", style="bold")
        detail.append(item.reason or "new contact")
        if item.skipped:
            detail.append("\nskipped: " + ", ".join(item.skipped))
        for warning in item.warnings:
            detail.append(f"\n{warning}")
        self.query_one("#import-detail", Static).update(detail)

    @on(Input.Submitted, "#import-path")
    @on(Input.Submitted, "#import-encoding")
    @on(Button.Pressed, "#import-preview")
    def preview(self) -> None:
        field = self.query_one("#import-path", Input)
        result = field.validate(field.value)
        if result is not None and not result.is_valid:
            self._say("import-path-error", "; ".join(result.failure_descriptions))
            return
        self._say("import-path-error", "")
        self._say("import-error", "")
        self._say("import-summary", "Reading…")
        self._invalidate()
        fmt, overwrite = self._options()
        self._preview(field.value.strip(), fmt, overwrite, self._encoding(),
                      self.query_one("#import-skills", Checkbox).value)

    @on(Button.Pressed, "#import-confirm")
    def action_confirm(self) -> None:
        if self.parsed is None or self.report is None:
            return
        button = self.query_one("#import-confirm", Button)
        if button.disabled:
            return
        button.disabled = True
        button.label = "Importing…"
        _, overwrite = self._options()
        self._apply(self.parsed, overwrite)

    @on(Button.Pressed, "#import-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    # -- workers ------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="import-preview")
    def _preview(self, path: str, fmt: str | None, overwrite: bool,
                 encoding: str | None = None, as_skills: bool = False) -> None:
        try:
            data = read_file_bytes(path)
            try:
                parsed = parse_data(data, fmt, today=ms_to_date(self.store.clock()),
                                    encoding=encoding)
            except ValidationError as exc:
                raise safe_error(exc) from None
            del data
            map_categories(parsed, as_skills=as_skills)  # issue 20: the user's mapping
            report = run_import(self.store, parsed, overwrite=overwrite, dry_run=True)
        except EncodingUnknownError as exc:
            message = str(exc).replace("name it with --encoding, e.g. --encoding shift_jis",
                                       "type it in the Encoding field (e.g. shift_jis)")
            self.app.call_from_thread(self._failed, message, reading=True)
            return
        except (StoreError, ValidationError) as exc:
            self.app.call_from_thread(self._failed, str(exc), reading=True)
            return
        self.app.call_from_thread(self._show_preview, Path(path).name, parsed, report)

    @work(thread=True, exclusive=True, exit_on_error=False, group="import-apply")
    def _apply(self, parsed: ParsedFile, overwrite: bool) -> None:
        try:
            report = self.session.write(run_import, self.store, parsed, overwrite=overwrite)
        except (StoreError, ValidationError) as exc:
            self.app.call_from_thread(self._failed, str(exc), reading=False)
            return
        self.app.call_from_thread(self._imported, report)

    # -- results (UI thread) ------------------------------------------------
    def _failed(self, message: str, *, reading: bool) -> None:
        self._say("import-summary", "")
        if reading:
            self._say("import-path-error", message)
        else:
            self._say("import-error", f"Nothing was imported: {message}")
            button = self.query_one("#import-confirm", Button)
            button.label = "Import (ctrl+s)"
            button.disabled = self.parsed is None

    def _show_preview(self, name: str, parsed: ParsedFile, report: ImportReport) -> None:
        self.parsed, self.report, self.source_label = parsed, report, name
        summary = Text()
        summary.append(f"{name}", style="bold")
        summary.append(f" ({report.kind}): {report.summary()}")
        for warning in report.warnings:
            summary.append(f"\n{warning}", style="italic")
        self.query_one("#import-summary", Static).update(summary)
        table = self.query_one(DataTable)
        table.clear()
        self.row_items = {}
        items = sorted(report.items, key=lambda i: _ORDER.get(i.action, 3))
        for n, item in enumerate(items[:MAX_PREVIEW_ROWS]):
            self.row_items[f"r{n}"] = item
            notes = [*item.warnings]
            if item.skipped:
                notes.insert(0, "skipped: " + ", ".join(item.skipped))
            why = "; ".join(x for x in [item.reason, *notes] if x)
            table.add_row(
                Text(item.action, style=_STYLE.get(item.action, "")),
                Text(item.source),
                Text(item.name),
                Text(why or "new contact"),
                key=f"r{n}",
            )
        if len(items) > MAX_PREVIEW_ROWS:
            table.add_row(
                Text(""), Text(""), Text(""),
                Text(f"… and {len(items) - MAX_PREVIEW_ROWS:,} more", style="italic"),
                key="more",
            )
        has_work = bool(report.added or report.merged or any(report.others.values()))
        button = self.query_one("#import-confirm", Button)
        button.disabled = not has_work
        if not has_work:
            self._say("import-error", "Nothing to import: everything is already here.")

    def _imported(self, report: ImportReport) -> None:
        self.app.notify(
            f"Imported {self.source_label}: {report.summary()}", title="Import", markup=False
        )
        self.dismiss(report)
