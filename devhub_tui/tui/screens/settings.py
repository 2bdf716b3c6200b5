"""Settings: the default cadences (PRODUCT.md §2), when contacts are reachable
(issue 21: their local time) and the stages of each kind of track (issue 19:
settings_stages.py), per-user preferences.

`open_settings` loads them in a worker, then shows the form; the form saves
through the session (which recomputes the statuses and refreshes what is shown).
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from devhub_tui.core.localtime import DEFAULT_HOURS, ReachableHours, parse_reachable_hours
from devhub_tui.core.status import CadenceDefaults
from devhub_tui.core.tracks import Stages
from devhub_tui.core.validation import ValidationError, validate_cadence
from devhub_tui.services.session import Session
from devhub_tui.tui.screens.saving import SavingScreen
from devhub_tui.tui.screens.settings_stages import (
    collect_stages,
    load_stages,
    save_settings,
    stages_rows,
)

ROWS = [
    ("vip", "VIPs"),
    ("high", "High importance"),
    ("normal", "Normal importance"),
    ("low", "Low importance"),
]


class SettingsScreen(SavingScreen[bool]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="settings.save", tooltip="Save the defaults"),
        Binding("escape", "cancel", "Cancel", id="settings.cancel", tooltip="Close"),
    ]
    AUTO_FOCUS = "#set-vip"

    def __init__(self, session: Session, defaults: CadenceDefaults,
                 stages: dict[str, Stages] | None = None,
                 hours: ReachableHours = DEFAULT_HOURS) -> None:
        super().__init__()
        self.session = session
        self.defaults = defaults
        self.stages = stages
        self.hours = hours

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card"):
            yield Static(Text("Reminder cadence defaults", style="bold"), classes="modal-title")
            yield Static(Text(
                "Days between contacts for people without their own cadence. 0 switches "
                "reminders off for that group."), classes="modal-detail")
            for key, label in ROWS:
                with Horizontal(classes="form-row"):
                    yield Label(label, classes="form-label")
                    with Vertical(classes="form-field"):
                        yield Input(str(getattr(self.defaults, key)), id=f"set-{key}",
                                    compact=True)
                        yield Static("", id=f"set-{key}-error", classes="field-error")
            # issue 21: the queue and a contact's screen say who is reachable now
            yield Static(Text("Reachable hours", style="bold"), classes="modal-title")
            yield Static(Text(
                "When you may call or message someone, their local time (contacts with "
                "a time zone): 8-21, 09:30-18:00, 9am-5pm, or 22-6 across midnight."),
                classes="modal-detail")
            with Horizontal(classes="form-row"):
                yield Label("Their time", classes="form-label")
                with Vertical(classes="form-field"):
                    yield Input(self.hours.text(), id="set-hours", compact=True,
                                placeholder=DEFAULT_HOURS.text())
                    yield Static("", id="set-hours-error", classes="field-error")
            if self.stages is not None:
                yield from stages_rows(self.stages)
            yield Static("", id="settings-error", classes="form-error")
            yield self.dialog_buttons()

    def collect(self) -> CadenceDefaults | None:
        values: dict[str, int] = {}
        ok = True
        for key, _ in ROWS:
            raw = self.query_one(f"#set-{key}", Input).value
            error = self.query_one(f"#set-{key}-error", Static)
            try:
                value = validate_cadence(raw)
                if value is None:
                    raise ValidationError("enter a number of days (0 = off)")
                values[key] = value
                error.update("")
            except ValidationError as exc:
                error.update(Text(str(exc)))
                ok = False
        return CadenceDefaults(**values) if ok else None

    def collect_hours(self) -> ReachableHours | None:
        error = self.query_one("#set-hours-error", Static)
        try:
            hours = parse_reachable_hours(self.query_one("#set-hours", Input).value)
        except ValidationError as exc:
            error.update(Text(str(exc)))
            return None
        error.update("")
        return hours

    def action_save(self) -> None:
        defaults = self.collect()
        hours = self.collect_hours()
        stages = collect_stages(self) if self.stages is not None else None
        if defaults is not None and hours is not None and (
                stages is not None or self.stages is None):
            session = self.session
            self.save_in_worker(partial(session.write, save_settings, session.store, defaults,
                                        stages, hours),
                                lambda _: self.dismiss(True), self._failed)

    def _failed(self, message: str) -> None:
        self.query_one("#settings-error", Static).update(Text(f"not saved: {message}"))

    def action_cancel(self) -> None:
        self.dismiss(False)


def open_settings(app: App[Any], session: Session) -> None:
    """Load the defaults and the track stages (a worker), then show the form; say so
    once saved."""

    def show(defaults: CadenceDefaults, stages: dict[str, Stages],
             hours: ReachableHours) -> None:
        def done(saved: bool | None) -> None:
            if saved:
                app.notify("Settings saved; statuses recomputed", markup=False)

        app.push_screen(SettingsScreen(session, defaults, stages, hours), done)

    def load() -> None:
        store = session.store
        app.call_from_thread(show, store.cadence_defaults(), load_stages(store),
                             store.reachable_hours())

    app.run_worker(load, thread=True, exclusive=True, exit_on_error=False, group="settings-open")
