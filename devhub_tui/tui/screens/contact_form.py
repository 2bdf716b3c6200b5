"""New (`n`) and edit (`e`) contact: a modal form with validation next to each field.

The form saves itself in a thread worker and closes only when the save worked, so
a failed save (locked file, offline replica) keeps everything typed.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable
from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.suggester import Suggester
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from devhub_tui.core.contact import ContactErrors, validate_contact, validate_contact_field
from devhub_tui.core.dates import ms_to_date
from devhub_tui.core.skills import SKILL_ALIASES
from devhub_tui.core.timezones import zone_names
from devhub_tui.core.validation import IMPORTANCES, ValidationError
from devhub_tui.services.session import Session
from devhub_tui.storage.lookup import contacts_named
from devhub_tui.storage.store import Contact
from devhub_tui.tui.screens.saving import SavingScreen

#: (field, label, placeholder); each field's rule is core.contact's.
FIELDS: list[tuple[str, str, str]] = [
    ("name", "Name *", "Ada Lovelace"),
    ("nickname", "Nickname", "ada"),
    ("company", "Company", "Analytical Engines Ltd"),
    ("title", "Title", "Staff engineer"),
    ("email", "Email", "ada@example.com"),
    ("github", "GitHub", "handle or https://github.com/handle"),
    ("phone", "Phone", "+44 20 7946 0958"),
    ("birthday", "Birthday", "YYYY-MM-DD, or MM-DD when you don't know the year"),
    ("location", "Location", "London"),
    ("timezone", "Timezone", "Europe/London"),
    ("relationship", "Relationship", "friend, colleague, mentor…"),
    ("industry", "Industry", "fintech"),
    ("skills", "Skills", "comma separated: rust, k8s, python"),
    ("cadence_days", "Cadence (days)", "default; 0 or off = no reminders"),
    ("tags", "Tags", "comma separated: rust, pycon-2026, oss"),
]


class TagSuggester(Suggester):
    """Completes the tag being typed (after the last comma) from existing tags."""

    def __init__(self, tags: list[str]) -> None:
        super().__init__(use_cache=False, case_sensitive=False)
        self.tags = sorted(tags)

    async def get_suggestion(self, value: str) -> str | None:
        head, _, last = value.rpartition(",")
        stem = last.lstrip().lower()
        if not stem:
            return None
        for tag in self.tags:
            if tag.startswith(stem) and tag != stem:
                prefix = f"{head}, " if head else ""
                return f"{prefix}{tag}"
        return None


#: The IANA names the form completes: those of a region, and UTC (the old aliases
#: such as US/Eastern still validate, they are just not offered).
ZONE_PREFIXES = ("Africa/", "America/", "Antarctica/", "Arctic/", "Asia/", "Atlantic/",
                 "Australia/", "Europe/", "Indian/", "Pacific/", "UTC")


class ZoneSuggester(Suggester):
    """Completes an IANA time zone name in any case, spaces as `_` ("america/new y"
    -> America/New_York), from the names `zoneinfo` knows (core.timezones)."""

    def __init__(self) -> None:
        super().__init__(use_cache=True, case_sensitive=False)
        self.names = [(name.casefold(), name) for name in zone_names()
                      if name.startswith(ZONE_PREFIXES)]

    async def get_suggestion(self, value: str) -> str | None:
        key = value.strip().replace(" ", "_").casefold()
        if not key:
            return None
        for folded, name in self.names:
            if folded.startswith(key):
                return name if folded != key else None
        return None


class ContactForm(SavingScreen[str | None]):
    """Returns the saved contact's id, or None when cancelled."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="form.save", tooltip="Save the contact"),
        Binding("escape", "cancel", "Cancel", id="form.cancel", tooltip="Close without saving"),
    ]
    AUTO_FOCUS = "#f-name"

    def __init__(
        self,
        save: Callable[[dict[str, Any], list[str]], str],
        *,
        contact: Contact | None = None,
        known_tags: list[str] | None = None,
        load_tags: Callable[[], list[str]] | None = None,
        title: str | None = None,
        session: Session | None = None,
    ) -> None:
        """`load_tags` (run in a thread worker) fills the tag suggestions once the
        form shows: the form opens at once, so keys typed right after `n` reach it.
        `session`: today's date and the contacts a new name is checked against."""
        super().__init__()
        self._save_fn = save
        self.session = session
        self.contact = contact
        self.known_tags = known_tags or []
        self._load_tags = load_tags
        self.form_title = title or ("Edit contact" if contact else "New contact")
        #: The name the user said to save although other contacts have it.
        self._same_name_ok: str | None = None

    @classmethod
    def for_session(cls, session: Session, contact: Contact | None = None) -> ContactForm:
        """The form that saves through `session`: a new contact, or `contact`."""

        def tags() -> list[str]:
            return [name for name, _ in session.store.all_tags()]

        return cls(partial(session.save_contact, contact), contact=contact, load_tags=tags,
                   session=session)

    def on_mount(self) -> None:
        if self._load_tags is not None:
            self._fetch_tags(self._load_tags)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-tags")
    def _fetch_tags(self, load: Callable[[], list[str]]) -> None:
        tags = load()
        self.app.call_from_thread(self._tags_loaded, tags)

    def _tags_loaded(self, tags: list[str]) -> None:
        self.known_tags = tags
        suggester = self.query_one("#f-tags", Input).suggester
        if isinstance(suggester, TagSuggester):
            suggester.tags = sorted(tags)

    def _initial(self, name: str) -> str:
        c = self.contact
        if c is None:
            return ""
        if name == "tags":
            return ", ".join(c.tags)
        if name == "skills":
            return ", ".join(c.skills)
        value = getattr(c, name)
        return "" if value is None else str(value)

    def _suggester(self, name: str) -> Suggester | None:
        if name == "tags":
            return TagSuggester(self.known_tags)
        if name == "skills":  # the one names of the alias table (k8s → kubernetes)
            return TagSuggester(sorted(set(SKILL_ALIASES.values())))
        if name == "timezone":  # issue 21
            return ZoneSuggester()
        return None

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card form-card"):
            yield Static(Text(self.form_title, style="bold"), classes="modal-title")
            with VerticalScroll(id="form-body"):
                for name, label, placeholder in FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        with Vertical(classes="form-field"):
                            yield Input(
                                self._initial(name),
                                placeholder=placeholder,
                                id=f"f-{name}",
                                suggester=self._suggester(name),
                                compact=True,
                            )
                            error = Static("", id=f"e-{name}", classes="field-error")
                            error.display = False
                            yield error
                with Horizontal(classes="form-row"):
                    yield Label("Importance", classes="form-label")
                    yield Select(
                        [(i, i) for i in IMPORTANCES],
                        value=self.contact.importance if self.contact else "normal",
                        allow_blank=False,
                        id="f-importance",
                        compact=True,
                    )
                with Horizontal(classes="form-row"):
                    yield Label("VIP", classes="form-label")
                    yield Checkbox(
                        "keep background and contact info (v)",
                        value=bool(self.contact and self.contact.vip),
                        id="f-vip",
                    )
                with Horizontal(classes="form-row"):
                    yield Label("Notes", classes="form-label")
                    with Vertical(classes="form-field"):
                        yield TextArea(
                            (self.contact.notes or "") if self.contact else "",
                            id="f-notes",
                            soft_wrap=True,
                        )
                        yield Static("", id="e-notes", classes="field-error")
            yield Static("", id="form-error", classes="form-error")
            yield self.dialog_buttons()

    # -- validation --------------------------------------------------------
    def _today(self) -> _dt.date:
        if self.session is not None:
            return ms_to_date(self.session.clock())
        return _dt.datetime.now(_dt.UTC).date()

    def _show_error(self, name: str, message: str | None) -> None:
        error = self.query_one(f"#e-{name}", Static)
        error.update(Text(message or ""))
        if name != "notes":
            error.display = bool(message)

    def _check(self, name: str) -> tuple[bool, Any]:
        raw = self.query_one(f"#f-{name}", Input).value
        try:
            value = validate_contact_field(name, raw, today=self._today())
        except ValidationError as exc:
            self._show_error(name, str(exc))
            return False, None
        self._show_error(name, None)
        return True, value

    @on(Input.Blurred)
    def _field_left(self, event: Input.Blurred) -> None:
        if event.input.id and event.input.id.startswith("f-") and event.input.value:
            self._check(event.input.id[2:])

    def collect(self) -> tuple[dict[str, Any], list[str]] | None:
        raw: dict[str, Any] = {name: self.query_one(f"#f-{name}", Input).value
                               for name, *_ in FIELDS}
        raw["notes"] = self.query_one("#f-notes", TextArea).text
        raw["importance"] = self.query_one("#f-importance", Select).value
        raw["vip"] = self.query_one("#f-vip", Checkbox).value
        try:
            data, tags = validate_contact(raw, today=self._today())
        except ContactErrors as exc:
            for name in [*(f for f, *_ in FIELDS), "notes"]:
                self._show_error(name, exc.errors.get(name))
            self.query_one("#form-error", Static).update(
                Text("fix the fields marked above, then save again")
            )
            return None
        for name in [*(f for f, *_ in FIELDS), "notes"]:
            self._show_error(name, None)
        return data, tags

    # -- actions -----------------------------------------------------------
    def action_save(self) -> None:
        collected = self.collect()
        if collected is None:
            return
        self.query_one("#save", Button).disabled = True
        self.query_one("#form-error", Static).update(Text("saving…"))
        name = collected[0]["name"]
        session = self.session
        store = session.store if session is not None and session.signed_in else None
        renamed = self.contact is None or " ".join(self.contact.name.casefold().split()) != (
            " ".join(name.casefold().split()))
        if store is None or not renamed or name == self._same_name_ok:
            self._save(collected)
            return
        exclude = self.contact.id if self.contact else None
        self.save_in_worker(partial(contacts_named, store, name, exclude_id=exclude, limit=4),
                            partial(self._ask_if_taken, collected), self._failed)

    def _ask_if_taken(self, collected: tuple[dict[str, Any], list[str]],
                      same: list[Contact]) -> None:
        """A second contact with a name already taken: save only when the user says so."""
        from devhub_tui.tui.screens.modals import SameNameScreen

        if not same:
            self._save(collected)
            return

        def answered(save_anyway: bool | None) -> None:
            if save_anyway:
                self._same_name_ok = collected[0]["name"]
                self._save(collected)
                return
            self.query_one("#save", Button).disabled = False
            self.query_one("#form-error", Static).update(
                Text("not saved yet: change the name, or save again to add a second one")
            )
            self.query_one("#f-name", Input).focus()

        self.query_one("#form-error", Static).update("")
        self.app.push_screen(SameNameScreen(collected[0]["name"], same), answered)

    def _save(self, collected: tuple[dict[str, Any], list[str]]) -> None:
        self.save_in_worker(partial(self._save_fn, *collected), self.dismiss, self._failed)

    def _failed(self, message: str) -> None:
        self.query_one("#save", Button).disabled = False
        self.query_one("#form-error", Static).update(Text(f"not saved: {message}"))

    def action_cancel(self) -> None:
        self.dismiss(None)
