"""The quick-log bar (`l`): one line, a live preview, Enter saves.

    ada coffee talked about rust @yesterday

Opened on a contact (its screen, a highlighted dashboard row), the bar shows that
contact as a chip: the line is then `TYPE [NOTE] [@WHEN]`, Backspace on an empty
line removes the chip, and a line that starts with another contact's name uses that
contact. When the name matches several contacts the picker lists them (with company
and email: ↑↓ and Enter choose one, which becomes the chip); an unknown name in front
of a type can be created and logged in one write (ctrl+n). Tab cycles through what
the word being typed can become. A `+word` links the interaction to a track (its
slug or the start of its title: issue 19) and the links in the note are resources
shared; opened on a track, the line starts with its `+slug`.

The contact index is built once in a worker (fast lookups at 100k contacts) and
kept by the session until the data changes. Enter saves through the session in the
bar's worker (`Session.log_interaction`): the session's change signal refreshes the
screens that show it.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Static

from devhub_tui.core.dates import ms_to_date, when_to_ms
from devhub_tui.core.quicklog import (
    QUICK_LOG_USAGE,
    QUICK_LOG_USAGE_FIXED,
    ContactIndex,
    ContactRef,
    QuickLog,
    normalize_key,
    parse_quick_log,
    ref_detail,
)
from devhub_tui.core.quicklog_tab import completions
from devhub_tui.core.track_words import TrackRef
from devhub_tui.services.session import Session
from devhub_tui.storage.errors import StoreError
from devhub_tui.tui.screens.saving import SavingScreen
from devhub_tui.tui.widgets.candidate_picker import CandidatePicker

HELP = "Enter save · Tab complete · Esc cancel · @today @yesterday @3d @fri @2026-11-20"
HELP_CHIP = ("⌫ on an empty line removes the contact · Enter save · Tab complete · Esc cancel"
             " · @yesterday @3d @fri")


def _links(result: QuickLog) -> dict[str, Any]:
    """The line's `+word` tracks and the links of its note, as the session's log
    takes them (issue 19)."""
    return {"track_ids": [t.id for t in result.tracks],
            "resources": [(url, "") for url in result.resources]}


def _who(ref: ContactRef, detail: str | None) -> Text:
    text = Text(ref.name, style="bold")
    if detail:
        text.append(f" ({detail})", style="dim")
    return text


def preview_text(
    result: QuickLog,
    *,
    chip: ContactRef | None,
    details: dict[str, str] | None = None,
) -> Text:
    """What Enter will save, or why it won't (user text never as markup). The
    candidates are not named here: the picker below lists them. `details` (company ·
    email by id) tell apart contacts that share a name."""
    details = details or {}
    text = Text()
    if result.ok and result.contact is not None:
        text.append("✓ ", style="bold green")
        text.append("Enter saves: ", style="bold")
        text.append(result.type or "", style="bold cyan")
        text.append(" with ")
        text.append_text(_who(result.contact, details.get(result.contact.id)))
        text.append(" on ")
        text.append(result.when.strftime("%a %d %b %Y"))
        if chip is not None and not result.used_default and chip.id != result.contact.id:
            text.append(" (the line names them, not ", style="dim")
            text.append(chip.name, style="dim")
            text.append(")", style="dim")
        if result.note:
            text.append("\n  note: ", style="dim")
            note = result.note if len(result.note) <= 200 else result.note[:199] + "…"
            text.append(note)
        for track in result.tracks:  # issue 19
            text.append("\n  track: ", style="dim")
            text.append(track.title, style="bold")
            text.append(f" (+{track.slug}, {track.stage})", style="dim")
        for url in result.resources:
            text.append("\n  shares: ", style="dim")
            text.append(url)
        return text
    text.append("✗ ", style="bold red")
    text.append(result.headline or result.error or (
        QUICK_LOG_USAGE_FIXED if result.used_default else QUICK_LOG_USAGE))
    if result.ambiguous:
        text.append("\n  ↑↓ choose one below, Enter takes it · Tab cycles the names",
                    style="dim")
    elif result.new_name and result.type:
        if result.date_error:
            text.append("\n  ")
            text.append(result.date_error)
        else:
            text.append("\n  ctrl+n", style="bold")
            text.append(": create contact ")
            text.append(result.new_name, style="bold")
            text.append(" and log ")
            text.append(result.type, style="bold cyan")
    elif result.candidates:
        text.append("\n  did you mean one below? ↑↓ choose, Enter takes it", style="dim")
    if result.future_date and result.contact is not None:
        text.append("\n  plan it instead: f on ", style="dim")
        text.append(result.contact.name, style="dim bold")
        text.append("'s screen adds a follow-up", style="dim")
    return text


def chip_text(chip: ContactRef, detail: str | None) -> Text:
    text = _who(chip, detail)
    text.append("  ⌫", style="dim")
    return text


class QuickLogScreen(SavingScreen[bool]):
    """Returns True when an interaction was saved."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="quicklog.cancel", tooltip="Close, save nothing"),
        Binding("tab", "complete(1)", "Complete", id="quicklog.complete", priority=True,
                tooltip="Complete the contact or type; again for the next one"),
        Binding("shift+tab", "complete(-1)", "Back", id="quicklog.complete_back",
                priority=True, show=False, tooltip="The previous completion"),
        Binding("backspace", "remove_chip", "Remove contact", id="quicklog.remove_chip",
                priority=True, show=False,
                tooltip="On an empty line: remove the contact the bar opened with"),
        Binding("down", "pick(1)", "Next", id="quicklog.pick_next", show=False,
                tooltip="Highlight the next candidate"),
        Binding("up", "pick(-1)", "Previous", id="quicklog.pick_previous", show=False,
                tooltip="Highlight the previous candidate"),
        Binding("ctrl+n", "create", "Create", id="quicklog.create", priority=True,
                show=False, tooltip="Create the unknown contact and log with them"),
    ]
    AUTO_FOCUS = "#quicklog-input"

    def __init__(self, session: Session, fixed_contact: ContactRef | None = None, *,
                 initial: str = "") -> None:
        super().__init__()
        self.session = session
        #: what the line starts with (`+slug ` when opened on a track: issue 19)
        self.initial = initial
        #: the user's tracks, for `+words` (issue 19)
        self.track_refs: list[TrackRef] = []
        #: the chip: the contact the line is for when it starts with a type
        self.fixed_contact = fixed_contact
        self.index: ContactIndex | None = None
        self.types: list[str] = []
        self.result: QuickLog | None = None
        #: company · email of contacts shown in the picker or the chip, by id
        self.details: dict[str, str] = {}
        self._cycle: tuple[list[str], int] | None = None
        self._picker_ids: list[str] = []
        self._submit_when_loaded = False
        #: whether the help line and placeholder are those of a line with a chip
        self._with_chip: bool | None = None

    def compose(self) -> ComposeResult:
        with Vertical(id="quicklog-card"):
            yield Static(Text("Quick log", style="bold"), id="quicklog-title")
            with Horizontal(id="quicklog-line"):
                yield Static("", id="quicklog-chip")
                yield Input(id="quicklog-input", max_length=100_000)
            yield Static(Text("loading contacts…", style="dim"), id="quicklog-preview")
            picker = CandidatePicker(id="quicklog-picker")  # ↑↓ in the line move its highlight
            picker.display = False
            yield picker
            yield Static("", id="quicklog-help")

    def on_mount(self) -> None:
        if self.initial:
            self.field.value = self.initial
            self.field.cursor_position = len(self.initial)
        # The preview follows the line as the value changes, in the same frame as the
        # typed character: a watcher runs while the key is handled, where the
        # Input.Changed message would arrive after that frame went out and the preview
        # would wait for the next one (median key -> preview 24 -> ~7 ms at 100k).
        self.watch(self.field, "value", self._value_changed, init=False)
        self._show_chip()
        self.load_index()
        self.load_details([self.fixed_contact.id] if self.fixed_contact else [])

    @property
    def field(self) -> Input:
        return self.query_one("#quicklog-input", Input)

    @property
    def picker(self) -> CandidatePicker:
        return self.query_one("#quicklog-picker", CandidatePicker)

    # -- loading ------------------------------------------------------------
    @work(thread=True, exclusive=True, exit_on_error=False, group="quicklog-load")
    def load_index(self) -> None:
        from devhub_tui.storage.tracks import tracks_for

        index = self.session.contact_index()
        store = self.session.store
        types = store.types()
        refs = tracks_for(store).refs()
        self.app.call_from_thread(self._loaded, index, types, refs)

    def _loaded(self, index: ContactIndex, types: list[str], refs: list[TrackRef]) -> None:
        if not self.is_attached:  # closed while the worker ran
            return
        self.index, self.types, self.track_refs = index, types, refs
        self.update_preview()
        if self._submit_when_loaded:  # Enter came before the contacts did
            self._submit_when_loaded = False
            self.submit()

    @work(thread=True, exit_on_error=False, group="quicklog-details")
    def load_details(self, ids: list[str]) -> None:
        store = self.session.store
        found: dict[str, str] = {}
        for contact_id in ids:
            try:
                c = store.get_contact(contact_id)
            except StoreError:  # deleted meanwhile: the name alone will do
                found[contact_id] = ""
                continue
            found[contact_id] = ref_detail(c.company, c.email)
        self.app.call_from_thread(self._details_loaded, found)

    def _details_loaded(self, found: dict[str, str]) -> None:
        if not self.is_attached:
            return
        self.details.update(found)
        self._show_chip()
        self._fill_picker(force=True)
        self._show_preview()

    # -- the line ---------------------------------------------------------------
    def _today(self) -> _dt.date:
        return ms_to_date(self.session.clock())

    def parse(self) -> QuickLog | None:
        if self.index is None:
            return None
        return parse_quick_log(
            self.field.value, self.index, self.types, self._today(),
            default_contact=self.fixed_contact, tracks=self.track_refs,
        )

    def _value_changed(self, value: str) -> None:
        self.update_preview()

    def update_preview(self) -> None:
        self.result = self.parse()
        self._show_chip()
        if self.result is None:
            return
        self._fill_picker()
        self._show_preview()

    def _show_preview(self) -> None:
        result = self.result
        if result is None:
            return
        shown = {}
        if result.contact is not None and self._shares_name(result.contact):
            shown[result.contact.id] = self._detail_of(result.contact) or ""
        self.query_one("#quicklog-preview", Static).update(
            preview_text(result, chip=self.fixed_contact, details=shown)
        )

    def _detail_of(self, ref: ContactRef) -> str | None:
        """company · email: the index's (`ref.detail`) or a fetched one; None if neither."""
        return self.details.get(ref.id, ref.detail)

    def _shares_name(self, ref: ContactRef) -> bool:
        """Another contact has exactly this name (company and email tell them apart)."""
        if self.index is None:
            return False
        key = normalize_key(ref.name)
        return sum(normalize_key(r.name) == key for r in self.index.exact(ref.name)) > 1

    def _show_chip(self) -> None:
        chip = self.query_one("#quicklog-chip", Static)
        ref = self.fixed_contact
        if self._with_chip is not (ref is not None):  # what changes with a chip, once
            self._with_chip = ref is not None
            chip.display = ref is not None
            self.query_one("#quicklog-help", Static).update(
                Text(HELP_CHIP if ref else HELP))  # muted by the stylesheet (AA contrast)
            self.field.placeholder = (
                "coffee talked about rust @yesterday  (or another name first)" if ref
                else "ada coffee talked about rust @yesterday"
            )
        if ref is None:
            return
        chip.update(chip_text(ref, self._detail_of(ref) if self._shares_name(ref) else None))
        # the line names someone else: the chip stays, struck through, until it is
        # removed or the line starts with a type again
        result = self.result
        chip.set_class(result is not None and not result.used_default, "-replaced")

    def _fill_picker(self, *, force: bool = False) -> None:
        result = self.result
        refs = result.candidates if result is not None and not result.ok else []
        ids = [r.id for r in refs]
        picker = self.picker
        if ids == self._picker_ids and not force:
            return
        highlighted = picker.highlighted if ids == self._picker_ids else None
        self._picker_ids = ids
        picker.set_options(_who(r, self._detail_of(r)) for r in refs)
        picker.highlighted = highlighted
        picker.display = bool(refs)
        # the index's refs carry their details: a fetch only for others (a second frame)
        missing = [r.id for r in refs if r.detail is None and r.id not in self.details]
        if missing:
            self.load_details(missing)

    # -- keys ---------------------------------------------------------------------
    def action_complete(self, step: int) -> None:
        if self.index is None:
            return
        field = self.field
        value = field.value
        if self._cycle is not None and value == self._cycle[0][self._cycle[1]]:
            options, i = self._cycle
            i = (i + step) % len(options)
        else:
            options = completions(value, self.index, self.types,
                                  default_contact=self.fixed_contact)
            if not options:
                self.app.bell()
                return
            i = 0 if step > 0 else len(options) - 1
            if options[i] == value:
                i = (i + step) % len(options)
        self._cycle = (options, i)
        if options[i] != value:
            field.value = options[i]
            field.cursor_position = len(options[i])

    def action_remove_chip(self) -> None:
        if self.fixed_contact is None or self.field.value:
            raise SkipAction()  # an ordinary backspace
        self.fixed_contact = None
        self.update_preview()

    def action_pick(self, step: int) -> None:
        picker = self.picker
        if not picker.display or not picker.option_count:
            raise SkipAction()
        current = picker.highlighted
        if current is None:
            picker.highlighted = 0 if step > 0 else picker.option_count - 1
        else:
            picker.highlighted = (current + step) % picker.option_count

    @on(CandidatePicker.Selected, "#quicklog-picker")
    def _clicked(self, event: CandidatePicker.Selected) -> None:
        self.choose(event.index)

    def choose(self, position: int) -> None:
        """The candidate at `position` in the picker becomes the chip; the line keeps
        what followed the name."""
        result = self.result
        if result is None or not 0 <= position < len(result.candidates):
            return
        self.fixed_contact = result.candidates[position]
        rest = self.field.value[result.name_end :].lstrip()
        self._cycle = None
        if rest != self.field.value:
            self.field.value = rest
            self.field.cursor_position = len(rest)
        self.update_preview()

    def action_save(self) -> None:
        """Enter in the line (the dialog's own Input.Submitted handler) and ctrl+s."""
        self.submit()

    def submit(self) -> None:
        if self.index is None:
            self._submit_when_loaded = True
            return
        picker = self.picker
        if picker.display and picker.highlighted is not None:
            self.choose(picker.highlighted)
            return
        result = self.parse()
        if result is None or not result.ok or result.contact is None or result.type is None:
            self.app.bell()
            return
        save = partial(
            self.session.log_interaction,
            result.contact.id,
            result.type,
            when_to_ms(result.when, self.session.clock()),
            result.note,
            **_links(result),
        )
        self._save(save, lambda _: self._saved(result, created=False))

    def action_create(self) -> None:
        result = self.parse()
        if result is None or not result.new_name or not result.type or result.date_error:
            self.app.bell()
            return
        save = partial(
            self.session.create_and_log,
            result.new_name,
            result.type,
            when_to_ms(result.when, self.session.clock()),
            result.note,
            **_links(result),
        )
        self._save(save, lambda _: self._saved(result, created=True))

    def _save(self, save: Callable[[], Any], done: Callable[[Any], object]) -> None:
        self.field.disabled = True
        self.save_in_worker(save, done, self._failed)

    def _saved(self, result: QuickLog, *, created: bool) -> None:
        if created:
            message = f"Added {result.new_name} and logged {result.type}"
        else:
            assert result.contact is not None
            message = f"Logged {result.type} with {result.contact.name}"
        message += "".join(f" · +{t.slug}" for t in result.tracks)  # issue 19
        self.app.notify(message, markup=False)
        self.dismiss(True)

    def _failed(self, message: str) -> None:
        field = self.field
        field.disabled = False
        field.focus()
        self.query_one("#quicklog-preview", Static).update(
            Text(f"✗ not saved: {message}", style="bold red")
        )

    def action_cancel(self) -> None:
        self.dismiss(False)
