"""The track form (`a` on the Tracks screen, `e` on a track) and the next-step form
(`f`; after `space` completes a step, it asks for the next one). Issue 19.

Each field is checked next to itself (kind, title, contacts, due date, amount,
currency, links, goals); the form saves in a thread worker and closes only when
that worked, like every devhub form. Contacts are typed as names, comma
separated: each must name one contact (full name, nickname, first name or a
unique start); a name several contacts share is refused with their names.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Input, Label, Select, Static, TextArea

from devhub_tui.core.dates import DateWordError, ms_to_date, parse_when, when_examples
from devhub_tui.core.quicklog import ContactIndex
from devhub_tui.core.tracks import (
    KIND_LABELS,
    KINDS,
    Goal,
    Stages,
    parse_amount,
    parse_goals,
    validate_currency,
    validate_links,
    validate_title,
)
from devhub_tui.core.validation import MAX_NOTE_LEN, ValidationError, clean_text
from devhub_tui.services.session import Session
from devhub_tui.storage.tracks import Track
from devhub_tui.tui.screens.saving import SavingScreen

__all__ = ["NextStep", "NextStepForm", "TrackData", "TrackForm", "resolve_contacts"]


@dataclass
class TrackData:
    kind: str
    title: str
    contact_ids: list[str]
    stage: str
    next_step: str
    next_due: _dt.date | None
    amount_minor: int | None
    currency: str | None
    links: list[str]
    notes: str
    goals: list[Goal] = field(default_factory=list)


def resolve_contacts(text: str, index: ContactIndex,
                     known: dict[str, str] | None = None) -> list[str]:
    """The ids of the contacts named in `text` (comma separated). `known` maps
    names the form was opened with to their ids (two contacts may share one)."""
    known = known or {}
    ids: list[str] = []
    for raw in text.split(","):
        name = " ".join(raw.split())
        if not name:
            continue
        if name in known:
            ids.append(known[name])
            continue
        hits = index.best_exact(name) or index.prefix(name, 6)
        if len(hits) == 1:
            ids.append(hits[0].id)
            continue
        shown = name if len(name) <= 30 else name[:27] + "..."
        if hits:
            names = ", ".join(h.name for h in hits[:5])
            raise ValidationError(f"'{shown}' could be {names}: type more of the name")
        raise ValidationError(f"no contact matches '{shown}'")
    if not ids:
        raise ValidationError("who is it with? name at least one contact")
    return list(dict.fromkeys(ids))


def _row(label: str, *widgets: Any, error: str | None = None, row_id: str | None = None
         ) -> Horizontal:
    children: list[Any] = list(widgets)
    if error:
        err = Static("", id=error, classes="field-error")
        children.append(err)
    return Horizontal(Label(label, classes="form-label"),
                      Vertical(*children, classes="form-field"), classes="form-row", id=row_id)


class TrackForm(SavingScreen[object]):
    """Add (track None) or edit a track; returns the saved track's id, or None."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="track-form.save", tooltip="Save the track"),
        Binding("escape", "cancel", "Cancel", id="track-form.cancel",
                tooltip="Close without saving"),
    ]
    AUTO_FOCUS = "#tf-title"

    def __init__(self, session: Session, save: Callable[[TrackData], str],
                 stages: dict[str, Stages], *, kind: str = "job", track: Track | None = None,
                 contacts: str = "") -> None:
        """`session`: today's date and the contact index names are matched against
        (built in a worker); `save` runs in the form's worker."""
        super().__init__()
        self.session = session
        self._save_fn = save
        self.stages = stages
        self.track = track
        self.kind = track.kind if track else kind
        self.today = ms_to_date(session.clock())
        self.index: ContactIndex | None = None
        self.initial_contacts = contacts
        #: names the form opened with -> ids (same-name contacts stay who they were)
        self.known = {name: cid for cid, name in (track.contacts if track else [])}

    def compose(self) -> ComposeResult:
        t = self.track
        amount = ""
        if t and t.amount_minor is not None and t.currency:
            from devhub_tui.core.tracks import amount_text

            amount = amount_text(t.amount_minor, t.currency)
        with Vertical(classes="modal-card form-card", id="track-form"):
            title = "Edit track" if t else "New track"
            yield Static(Text(title, style="bold"), classes="modal-title")
            with VerticalScroll(id="form-body"):
                yield _row("Kind", Select([(KIND_LABELS[k], k) for k in KINDS],
                                          value=self.kind, allow_blank=False, id="tf-kind",
                                          compact=True, disabled=t is not None))
                yield _row("Title", Input(t.title if t else "", id="tf-title", compact=True,
                                          placeholder="Staff engineer @ Acme"),
                           error="te-title")
                names = ", ".join(n for _, n in t.contacts) if t else self.initial_contacts
                yield _row("With", Input(names, id="tf-contacts", compact=True,
                                         placeholder="Ada Lovelace, Grace Hopper"),
                           error="te-contacts")
                yield _row("Stage", Select(self._stage_options(self.kind),
                                           value=t.stage if t else self.stages[self.kind].all[0],
                                           allow_blank=False, id="tf-stage", compact=True))
                yield _row("Next step", Input(t.next_step if t else "", id="tf-next",
                                              compact=True, placeholder="send references"),
                           error="te-next")
                yield _row(f"Due ({when_examples(self.today, future=True)})",
                           Input(t.next_due or "" if t else "", id="tf-due", compact=True,
                                 placeholder="next fri"), error="te-due")
                yield _row("Amount", Horizontal(
                    Input(amount, id="tf-amount", compact=True, placeholder="120000"),
                    Input(t.currency or "" if t else "", id="tf-currency", compact=True,
                          placeholder="EUR", max_length=3),
                    id="tf-money"), error="te-amount")
                yield _row("Links", TextArea("\n".join(t.links) if t else "", id="tf-links",
                                             soft_wrap=True), error="te-links")
                yield _row("Goals", TextArea(
                    "\n".join(f"{g.goal} | {g.progress}" if g.progress else g.goal
                              for g in t.goals) if t else "", id="tf-goals", soft_wrap=True),
                    error="te-goals", row_id="tf-goals-row")
                yield _row("Notes", TextArea(t.notes if t else "", id="tf-notes",
                                             soft_wrap=True), error="te-notes")
            yield Static("", id="form-error", classes="form-error")
            yield self.dialog_buttons()

    def _stage_options(self, kind: str) -> list[tuple[str, str]]:
        stages = self.stages[kind]
        options = [(s + (" (closes it)" if stages.is_terminal(s) else ""), s)
                   for s in stages.all]
        t = self.track
        if t is not None and t.kind == kind and t.stage not in stages.all:
            options.append((t.stage, t.stage))  # a stage another device's settings had
        return options

    def on_mount(self) -> None:
        self.query_one("#tf-goals-row").display = self.kind == "mentorship"
        self.query_one("#tf-goals", TextArea).border_subtitle = "GOAL | PROGRESS, one a line"
        self._load_index()

    @work(thread=True, exclusive=True, exit_on_error=False, group="track-form-index")
    def _load_index(self) -> None:
        index = self.session.contact_index()
        self.app.call_from_thread(self._index_loaded, index)

    def _index_loaded(self, index: ContactIndex) -> None:
        self.index = index

    @on(Select.Changed, "#tf-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        if self.track is not None or not isinstance(event.value, str):
            return
        self.kind = event.value
        stage = self.query_one("#tf-stage", Select)
        stage.set_options(self._stage_options(self.kind))
        stage.value = self.stages[self.kind].all[0]
        self.query_one("#tf-goals-row").display = self.kind == "mentorship"

    # -- checking ------------------------------------------------------------------
    def _error(self, widget_id: str, message: str) -> None:
        self.query_one(f"#{widget_id}", Static).update(Text(message))

    def collect(self) -> TrackData | None:
        ok = True

        def check(error_id: str, fn: Callable[[], Any]) -> Any:
            nonlocal ok
            try:
                value = fn()
            except (ValidationError, DateWordError) as exc:
                self._error(error_id, str(exc))
                ok = False
                return None
            self._error(error_id, "")
            return value

        title = check("te-title", lambda: validate_title(self.query_one("#tf-title", Input).value))
        contacts: list[str] | None = None
        if self.index is None:
            self._error("te-contacts", "loading contacts… try again in a moment")
            ok = False
        else:
            index = self.index
            contacts = check("te-contacts", lambda: resolve_contacts(
                self.query_one("#tf-contacts", Input).value, index, self.known))
        step = check("te-next", lambda: clean_text(self.query_one("#tf-next", Input).value,
                                                   max_len=500, multiline=False,
                                                   field="next step"))
        due_raw = self.query_one("#tf-due", Input).value.strip()
        due = check("te-due", lambda: parse_when(due_raw, self.today, future=True)
                    if due_raw else None)
        if ok and step and due is None:
            self._error("te-due", "when is the next step due? e.g. next fri")
            ok = False
        if ok and due is not None and not step:
            self._error("te-next", "what is due? name the next step")
            ok = False
        raw_amount = self.query_one("#tf-amount", Input).value.strip()
        raw_currency = self.query_one("#tf-currency", Input).value.strip()

        def money() -> tuple[int | None, str | None]:
            if not raw_amount and not raw_currency:
                return None, None
            if not raw_currency:
                raise ValidationError("an amount needs a currency (EUR, USD, GBP...)")
            code = validate_currency(raw_currency)
            if not raw_amount:
                raise ValidationError("a currency needs an amount")
            return parse_amount(raw_amount, code), code

        amount = check("te-amount", money)
        links = check("te-links", lambda: validate_links(
            [x for x in self.query_one("#tf-links", TextArea).text.splitlines() if x.strip()]))
        goals = check("te-goals", lambda: parse_goals(self.query_one("#tf-goals", TextArea).text)
                      if self.kind == "mentorship" else [])
        notes = check("te-notes", lambda: clean_text(self.query_one("#tf-notes", TextArea).text,
                                                     max_len=MAX_NOTE_LEN, multiline=True,
                                                     field="notes"))
        if not ok or amount is None:
            return None
        stage = self.query_one("#tf-stage", Select).value
        return TrackData(self.kind, title, contacts or [], str(stage), step or "", due,
                         amount[0], amount[1], links or [], notes or "", goals or [])

    def action_save(self) -> None:
        data = self.collect()
        if data is None:
            return
        self.query_one("#form-error", Static).update(Text("saving…"))
        save = self._save_fn
        self.save_in_worker(lambda: save(data), self.dismiss, self._failed)

    def _failed(self, message: str) -> None:
        self.query_one("#form-error", Static).update(Text(f"not saved: {message}"))

    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass
class NextStep:
    step: str
    due: _dt.date | None


class NextStepForm(SavingScreen[object]):
    """A track's next step (empty step and date: none). Returns a `NextStep` once
    saved, or None."""

    AUTO_FOCUS = "#ns-step"

    def __init__(self, title: str, today: _dt.date, save: Callable[[NextStep], None], *,
                 step: str = "", due: str = "", done: str | None = None) -> None:
        super().__init__()
        self.track_title = title
        self.today = today
        self._save_fn = save
        self.initial = (step, due)
        #: the step just completed (the form then asks for the next one)
        self.done = done

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card", id="next-step-card"):
            head = Text()
            if self.done is not None:
                head.append("✓ done: ", style="bold green")
                head.append(self.done or "the next step")
                head.append("\n")
                head.append("What's next for ", style="bold")
            else:
                head.append("Next step for ", style="bold")
            head.append(self.track_title, style="bold")
            head.append("?" if self.done is not None else "")
            yield Static(head, classes="modal-title")
            yield Label("Next step (leave both empty for none)")
            yield Input(self.initial[0], id="ns-step", placeholder="send references")
            yield Static("", id="ns-step-error", classes="field-error")
            yield Label(f"Due ({when_examples(self.today, future=True)})")
            yield Input(self.initial[1], id="ns-due", placeholder="next fri")
            yield Static("", id="ns-due-error", classes="field-error")
            yield Static("", id="modal-error", classes="form-error")
            yield self.dialog_buttons()

    def action_save(self) -> None:
        step_raw = self.query_one("#ns-step", Input).value
        due_raw = self.query_one("#ns-due", Input).value.strip()
        ok = True
        try:
            step = clean_text(step_raw, max_len=500, multiline=False, field="next step")
            self.query_one("#ns-step-error", Static).update("")
        except ValidationError as exc:
            self.query_one("#ns-step-error", Static).update(Text(str(exc)))
            return
        due = None
        if due_raw:
            try:
                due = parse_when(due_raw, self.today, future=True)
                self.query_one("#ns-due-error", Static).update("")
            except DateWordError as exc:
                self.query_one("#ns-due-error", Static).update(Text(str(exc)))
                ok = False
        if ok and step and due is None:
            self.query_one("#ns-due-error", Static).update(
                Text("when is it due? e.g. next fri"))
            ok = False
        if ok and due is not None and not step:
            self.query_one("#ns-step-error", Static).update(Text("what is due?"))
            ok = False
        if not ok:
            return
        value = NextStep(step, due)
        save = self._save_fn
        self.query_one("#modal-error", Static).update(Text("saving…"))
        self.save_in_worker(lambda: save(value), lambda _: self.dismiss(value), self._failed)

    def _failed(self, message: str) -> None:
        self.query_one("#modal-error", Static).update(Text(f"not saved: {message}"))

    def action_cancel(self) -> None:
        self.dismiss(None)

