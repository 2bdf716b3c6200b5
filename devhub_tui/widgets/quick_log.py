"""The quick-log bar (`l`): one line, a live preview, Enter saves.

    ada coffee talked about rust @yesterday

The contact index is built once in a worker (fast lookups at 100k contacts) and
cached on the app until a contact changes.
"""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Input, Static

from ..core.dates import ms_to_date, when_to_ms
from ..core.quicklog import (
    QUICK_LOG_USAGE,
    QUICK_LOG_USAGE_FIXED,
    ContactIndex,
    ContactRef,
    QuickLog,
    complete,
    parse_quick_log,
)
from ..screens.saving import SavingScreen


def preview_text(result: QuickLog, *, fixed: bool) -> Text:
    """What Enter will save, or why it won't (user text never as markup)."""
    text = Text()
    if result.ok and result.contact is not None:
        text.append("✓ ", style="bold green")
        text.append("Enter saves: ", style="bold")
        text.append(result.type or "", style="bold cyan")
        text.append(" with ")
        text.append(result.contact.name, style="bold")
        text.append(" on ")
        text.append(result.when.strftime("%a %d %b %Y"))
        if result.note:
            text.append("\n  note: ", style="dim")
            note = result.note if len(result.note) <= 200 else result.note[:199] + "…"
            text.append(note)
        return text
    text.append("✗ ", style="bold red")
    text.append(result.error or (QUICK_LOG_USAGE_FIXED if fixed else QUICK_LOG_USAGE))
    if result.candidates:
        text.append("\n  candidates: ", style="dim")
        for n, ref in enumerate(result.candidates):
            if n:
                text.append(", ")
            text.append(ref.name, style="bold")
            if ref.nickname:
                text.append(f" ({ref.nickname})", style="dim")
    return text


class QuickLogScreen(SavingScreen[bool]):
    """Returns True when an interaction was saved."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="quicklog.cancel", tooltip="Close, save nothing"),
        Binding("tab", "complete", "Complete", id="quicklog.complete", priority=True,
                tooltip="Complete the contact or type"),
    ]
    AUTO_FOCUS = "#quicklog-input"

    def __init__(self, fixed_contact: ContactRef | None = None) -> None:
        super().__init__()
        self.fixed_contact = fixed_contact
        self.index: ContactIndex | None = None
        self.types: list[str] = []
        self.result: QuickLog | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="quicklog-card"):
            title = Text("Quick log", style="bold")
            if self.fixed_contact:
                title.append(" · ")
                title.append(self.fixed_contact.name)
            yield Static(title, id="quicklog-title")
            yield Input(
                placeholder=(
                    "coffee talked about rust @yesterday" if self.fixed_contact
                    else "ada coffee talked about rust @yesterday"
                ),
                id="quicklog-input",
                max_length=100_000,
            )
            yield Static(Text("loading contacts…", style="dim"), id="quicklog-preview")
            yield Static(
                Text("Enter save · Tab complete · Esc cancel · @today @yesterday @3d @fri "
                     "@2026-11-20", style="dim"),
                id="quicklog-help",
            )

    def on_mount(self) -> None:
        self.load_index()

    @work(thread=True, exclusive=True, exit_on_error=False, group="quicklog-load")
    def load_index(self) -> None:
        app = self.app
        index = app.contact_index()  # type: ignore[attr-defined]
        types = app.store.types()  # type: ignore[attr-defined]
        self.app.call_from_thread(self._loaded, index, types)

    def _loaded(self, index: ContactIndex, types: list[str]) -> None:
        self.index, self.types = index, types
        self.update_preview()

    def _today(self):  # type: ignore[no-untyped-def]
        return ms_to_date(self.app.clock())  # type: ignore[attr-defined]

    def parse(self) -> QuickLog | None:
        if self.index is None:
            return None
        value = self.query_one("#quicklog-input", Input).value
        return parse_quick_log(
            value, self.index, self.types, self._today(), fixed_contact=self.fixed_contact
        )

    @on(Input.Changed, "#quicklog-input")
    def update_preview(self) -> None:
        self.result = self.parse()
        if self.result is None:
            return
        self.query_one("#quicklog-preview", Static).update(
            preview_text(self.result, fixed=self.fixed_contact is not None)
        )

    def action_complete(self) -> None:
        if self.index is None:
            return
        field = self.query_one("#quicklog-input", Input)
        new = complete(field.value, self.index, self.types, fixed_contact=self.fixed_contact)
        if new is not None:
            field.value = new
            field.cursor_position = len(new)

    @on(Input.Submitted, "#quicklog-input")
    def submit(self) -> None:
        result = self.parse()
        if result is None or not result.ok or result.contact is None or result.type is None:
            self.app.bell()
            return
        self.query_one("#quicklog-input", Input).disabled = True
        app = self.app
        assert result.contact is not None and result.type is not None
        save = partial(
            app.store.log_interaction,  # type: ignore[attr-defined]
            result.contact.id,
            result.type,
            when_to_ms(result.when, app.clock()),  # type: ignore[attr-defined]
            result.note,
        )
        self.save_in_worker(save, lambda _: self._saved(result), self._failed)

    def _saved(self, result: QuickLog) -> None:
        assert result.contact is not None
        message = Text("Logged ")
        message.append(result.type or "", style="bold")
        message.append(" with ")
        message.append(result.contact.name, style="bold")
        self.app.notify(str(message), markup=False)
        self.dismiss(True)

    def _failed(self, message: str) -> None:
        field = self.query_one("#quicklog-input", Input)
        field.disabled = False
        field.focus()
        self.query_one("#quicklog-preview", Static).update(
            Text(f"✗ not saved: {message}", style="bold red")
        )

    def action_cancel(self) -> None:
        self.dismiss(False)
