"""Small modal forms: snooze, follow-up, same name, pick-one lists (the interaction
form is the interaction editor's: `interaction_editor.py`).

Each form validates next to its fields and returns a plain value; the caller saves
it in a worker.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from devhub_tui.core.dates import DateWordError, add_months, parse_when, when_examples
from devhub_tui.core.validation import MAX_NOTE_LEN, ValidationError, clean_text
from devhub_tui.tui.screens.saving import DialogScreen, SavingScreen


class FormScreen(SavingScreen[object]):
    """A small form. With `save`, the form saves its value itself in a thread worker
    and closes only when that worked: a failed save keeps everything typed."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="modal.save", tooltip="Save"),
        Binding("escape", "cancel", "Cancel", id="modal.cancel", tooltip="Close without saving"),
    ]

    def __init__(self, save: Callable[[Any], None] | None = None) -> None:
        super().__init__()
        self._save_fn = save

    def finish(self, value: object) -> None:
        if self._save_fn is None:
            self.dismiss(value)
            return
        self.query_one("#modal-error", Static).update(Text("saving…"))
        save = self._save_fn
        self.save_in_worker(lambda: save(value), lambda _: self.dismiss(value),
                            self._save_failed)

    def _save_failed(self, message: str) -> None:
        self.query_one("#modal-error", Static).update(Text(f"not saved: {message}"))

    def action_cancel(self) -> None:
        self.dismiss(None)

    def action_save(self) -> None:  # pragma: no cover - overridden
        raise NotImplementedError

    def error(self, widget_id: str, message: str) -> None:
        self.query_one(f"#{widget_id}", Static).update(Text(message))

    def buttons(self) -> ComposeResult:
        yield Static("", id="modal-error", classes="form-error")
        yield self.dialog_buttons()


@dataclass
class SnoozeChoice:
    until: _dt.date | None  # None = unsnooze


class SnoozeScreen(FormScreen):
    """`s`: snooze 1 week, 2 weeks, 1 month, until a date; or unsnooze."""

    AUTO_FOCUS = "#snooze-options"

    def __init__(
        self, name: str, today: _dt.date, snoozed: bool,
        save: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(save)
        self.contact_name = name
        self.today = today
        self.snoozed = snoozed

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card"):
            title = Text("Snooze reminders for ", style="bold")
            title.append(self.contact_name)
            yield Static(title, classes="modal-title")
            options = [
                Option("1 week", id="7"),
                Option("2 weeks", id="14"),
                Option("1 month", id="month"),
            ]
            if self.snoozed:
                options.append(Option("Unsnooze now", id="off"))
            yield OptionList(*options, id="snooze-options")
            yield Label(f"…or until a date ({when_examples(self.today, future=True)})")
            yield Input(placeholder="until", id="snooze-until")
            yield Static("", id="snooze-error", classes="field-error")
            yield from self.buttons()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        key = event.option.id
        if key == "off":
            self.finish(SnoozeChoice(None))
        elif key == "month":
            self.finish(SnoozeChoice(add_months(self.today, 1)))
        elif key:
            self.finish(SnoozeChoice(self.today + _dt.timedelta(days=int(key))))

    def action_save(self) -> None:
        raw = self.query_one("#snooze-until", Input).value
        if not raw.strip():
            option_list = self.query_one("#snooze-options", OptionList)
            if option_list.highlighted is not None:
                option_list.action_select()
                return
            self.error("snooze-error", "pick an option or type a date")
            return
        try:
            until = parse_when(raw, self.today, future=True)
        except DateWordError as exc:
            self.error("snooze-error", str(exc))
            return
        if until <= self.today:
            self.error("snooze-error", "pick a date after today")
            return
        self.finish(SnoozeChoice(until))


@dataclass
class FollowUpData:
    due: _dt.date
    note: str


class FollowUpForm(FormScreen):
    """`f`: schedule (or edit) a follow-up."""

    AUTO_FOCUS = "#fu-due"

    def __init__(
        self, name: str, today: _dt.date, *, due: str = "", note: str = "",
        save: Callable[[Any], None] | None = None,
    ) -> None:
        super().__init__(save)
        self.contact_name = name
        self.today = today
        self.initial_due = due
        self.initial_note = note

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card"):
            title = Text("Follow up with ", style="bold")
            title.append(self.contact_name)
            yield Static(title, classes="modal-title")
            yield Label(f"Due ({when_examples(self.today, future=True)})")
            yield Input(self.initial_due, placeholder="next week", id="fu-due")
            yield Static("", id="fu-due-error", classes="field-error")
            yield Label("Note")
            yield Input(self.initial_note, placeholder="send the slides", id="fu-note")
            yield Static("", id="fu-note-error", classes="field-error")
            yield from self.buttons()

    def action_save(self) -> None:
        ok = True
        due_raw = self.query_one("#fu-due", Input).value
        due: _dt.date | None = None
        if not due_raw.strip():
            self.error("fu-due-error", "when is it due? e.g. next week")
            ok = False
        else:
            try:
                due = parse_when(due_raw, self.today, future=True)
                self.error("fu-due-error", "")
            except DateWordError as exc:
                self.error("fu-due-error", str(exc))
                ok = False
        try:
            note = clean_text(
                self.query_one("#fu-note", Input).value, max_len=MAX_NOTE_LEN, multiline=False,
                field="note",
            )
            self.error("fu-note-error", "")
        except ValidationError as exc:
            self.error("fu-note-error", str(exc))
            ok = False
        if ok and due is not None:
            self.finish(FollowUpData(due, note))


class SameNameScreen(DialogScreen[bool]):
    """Before saving a contact whose name others already have: save anyway, or go
    back to the form (nothing is saved). A dialog like every other: "Save anyway
    ctrl+s" (also y), then "Cancel esc" (also n)."""

    BINDINGS = [
        Binding("ctrl+s,y", "save", "Save anyway", id="same-name.save",
                tooltip="Save a second contact with this name"),
        Binding("escape,n", "cancel", "Go back", id="same-name.back",
                tooltip="Back to the form, nothing saved"),
    ]
    AUTO_FOCUS = "#same-back"

    def __init__(self, name: str, existing: list[Any]) -> None:
        super().__init__()
        self.contact_name = name
        self.existing = existing

    def compose(self) -> ComposeResult:
        from devhub_tui.storage.lookup import detail

        with Vertical(classes="modal-card"):
            title = Text("There is already a contact named ", style="bold")
            title.append(self.contact_name)
            yield Static(title, classes="modal-title")
            lines = Text()
            for n, contact in enumerate(self.existing[:3]):
                if n:
                    lines.append("\n")
                lines.append(f"• {contact.name} ", style="bold")
                lines.append(detail(contact))
            if len(self.existing) > 3:
                lines.append("\n• …")
            yield Static(lines, classes="modal-detail")
            yield Static(Text("Save another contact with the same name?"))
            yield self.dialog_buttons("Save anyway", save_id="same-save", cancel_id="same-back")

    def action_save(self) -> None:
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)


class PickScreen(ModalScreen[str | None]):
    """Pick one item from a list (tag filter, status filter, type filter)."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="pick.cancel", tooltip="Close"),
    ]
    AUTO_FOCUS = "#pick-options"

    def __init__(self, title: str, items: list[tuple[str, str]], empty: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.items = items
        self.empty = empty

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card"):
            yield Static(Text(self.title_text, style="bold"), classes="modal-title")
            if self.items:
                yield OptionList(
                    *[Option(Text(label), id=key) for key, label in self.items],
                    id="pick-options",
                )
            else:
                yield Static(Text(self.empty or "nothing to pick from"), classes="empty")

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
