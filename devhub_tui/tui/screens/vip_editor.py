"""The VIP editor (`v` on a contact's screen, `v` on the VIP view).

`VipEditor` edits a contact's Background (family, company, likes & dislikes, notes)
and Contact info (main app, email, phone, social links with the platform detected
from the URL as it is typed). It loads and saves through the session in thread
workers and closes only when the save worked: a failed save keeps everything
typed. Escape with unsaved changes asks first.

VIP details outlive the VIP flag: switching it off hides them, switching it back on
shows them again; only deleting the contact removes them.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.suggester import SuggestFromList
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Static, TextArea

from devhub_tui.core.social import detect_platform
from devhub_tui.core.validation import (
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_email,
    validate_phone,
    validate_url,
)
from devhub_tui.services.session import Session
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.store import Contact, VipData
from devhub_tui.tui.screens.saving import SavingScreen

#: (VipData field, label, placeholder) -- multi-line text areas.
BACKGROUND_FIELDS: list[tuple[str, str, str]] = [
    ("family", "Family", "partner, kids, pets, parents…"),
    ("company", "Company", "role, team, what they are building…"),
    ("likes_dislikes", "Likes & dislikes", "flat whites; not early mornings…"),
    ("misc_notes", "Notes", "anything else worth remembering"),
]
PLATFORM_LABELS: dict[str, str] = {
    "github": "GitHub",
    "gitlab": "GitLab",
    "mastodon": "Mastodon",
    "bluesky": "Bluesky",
    "linkedin": "LinkedIn",
    "x": "X / Twitter",
    "website": "Website",
}
MAIN_APPS = [
    "Signal",
    "WhatsApp",
    "Telegram",
    "iMessage",
    "Discord",
    "Slack",
    "Matrix",
    "Email",
    "Phone",
    "SMS",
    "LinkedIn",
    "Mastodon",
    "Bluesky",
    "X",
]
MAX_MAIN_APP_LEN = 100
MAX_LINKS = 50


def platform_label(platform: str) -> str:
    return PLATFORM_LABELS.get(platform, platform or "link")


def _main_app(value: str) -> str:
    return clean_text(value, max_len=MAX_MAIN_APP_LEN, multiline=False, field="main app")


def _email(value: str) -> str:
    return validate_email(value) or ""


def _phone(value: str) -> str:
    return validate_phone(value) or ""


#: (VipData field, label, placeholder, validator) -- one-line inputs.
INFO_FIELDS: list[tuple[str, str, str, Any]] = [
    ("main_app", "Main app", "Signal, WhatsApp, Telegram, email…", _main_app),
    ("email", "Email", "ada@example.com", _email),
    ("phone_number", "Phone", "+44 20 7946 0958", _phone),
]


class LinkRow(Vertical):
    """One social link: the platform (detected as the URL is typed), the URL, remove."""

    class Remove(Message):
        def __init__(self, row: LinkRow) -> None:
            super().__init__()
            self.row = row

    def __init__(self, url: str = "") -> None:
        super().__init__(classes="vip-link")
        self.initial_url = url

    def compose(self) -> ComposeResult:
        with Horizontal(classes="vip-link-row"):
            yield Static(self._platform(self.initial_url), classes="vip-link-platform")
            yield Input(
                self.initial_url,
                placeholder="https://github.com/ada, bsky.app/profile/…",
                classes="vip-link-url",
                compact=True,
            )
            yield Button(
                "✕", classes="vip-link-remove", compact=True, tooltip="Remove this link (ctrl+r)"
            )
        error = Static("", classes="field-error vip-link-error")
        error.display = False
        yield error

    @staticmethod
    def _platform(url: str) -> Text:
        if not url.strip():
            return Text("link", style="dim")
        return Text(platform_label(detect_platform(url)))

    @property
    def url_input(self) -> Input:
        return self.query_one(".vip-link-url", Input)

    @property
    def platform(self) -> str:
        """The platform shown for the current URL."""
        return detect_platform(self.url_input.value)

    def check(self) -> tuple[bool, dict[str, str] | None]:
        """(valid, link or None when empty); shows or clears the error under the row."""
        error = self.query_one(".vip-link-error", Static)
        try:
            url = validate_url(self.url_input.value)
        except ValidationError as exc:
            error.update(Text(str(exc)))
            error.display = True
            return False, None
        error.update("")
        error.display = False
        if url is None:
            return True, None
        return True, {"platform": detect_platform(url), "url": url}

    @on(Input.Changed, ".vip-link-url")
    def _typed(self, event: Input.Changed) -> None:
        self.query_one(".vip-link-platform", Static).update(self._platform(event.value))
        if self.query_one(".vip-link-error", Static).display:
            self.check()

    @on(Input.Blurred, ".vip-link-url")
    def _left(self, event: Input.Blurred) -> None:
        if event.value.strip():
            self.check()

    @on(Button.Pressed, ".vip-link-remove")
    def _remove(self, event: Button.Pressed) -> None:
        event.stop()
        self.post_message(self.Remove(self))


class VipEditor(SavingScreen[bool | None]):
    """`v`: a contact's VIP background and contact info. Returns True once saved."""

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="vip.save", tooltip="Save the VIP details"),
        Binding("ctrl+n", "add_link", "Add link", id="vip.add_link", tooltip="Add a social link"),
        Binding(
            "ctrl+r",
            "remove_link",
            "Remove link",
            id="vip.remove_link",
            tooltip="Remove the social link being edited",
        ),
        Binding(
            "escape",
            "cancel",
            "Cancel",
            id="vip.cancel",
            tooltip="Close (asks first when something changed)",
        ),
    ]

    def __init__(self, session: Session, contact: Contact) -> None:
        super().__init__()
        self.session = session
        self.contact = contact
        self.loaded: VipData | None = None
        self._baseline: tuple[Any, ...] | None = None
        self._saving = False

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card form-card", id="vip-card"):
            title = Text("VIP details · ", style="bold")
            title.append(self.contact.name)
            yield Static(title, classes="modal-title", id="vip-title")
            yield Static(
                Text("ctrl+n add a link · ctrl+r remove the link"),
                id="vip-keys",
            )
            if not self.contact.vip:
                yield Static(
                    Text(
                        "Not a VIP right now: these details are kept, and show on their "
                        "screen once they are a VIP again (V on their screen)."
                    ),
                    id="vip-inactive",
                    classes="vip-note",
                )
            with VerticalScroll(id="vip-body", disabled=True):
                yield Static(Text("Background", style="bold"), classes="section-title")
                for name, label, placeholder in BACKGROUND_FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        with Vertical(classes="form-field"):
                            area = TextArea(
                                id=f"vip-{name}",
                                soft_wrap=True,
                                classes="vip-text",
                                placeholder=placeholder,
                            )
                            yield area
                            yield self._error_widget(name)
                yield Static(Text("Contact info", style="bold"), classes="section-title")
                for name, label, placeholder, _ in INFO_FIELDS:
                    with Horizontal(classes="form-row"):
                        yield Label(label, classes="form-label")
                        with Vertical(classes="form-field"):
                            yield Input(
                                placeholder=placeholder,
                                id=f"vip-{name}",
                                compact=True,
                                suggester=(
                                    SuggestFromList(MAIN_APPS, case_sensitive=False)
                                    if name == "main_app"
                                    else None
                                ),
                            )
                            yield self._error_widget(name)
                with Horizontal(classes="form-row"):
                    yield Label("Social links", classes="form-label")
                    with Vertical(classes="form-field"):
                        yield Vertical(id="vip-links")
                        yield Button("+ Add link (ctrl+n)", id="vip-add-link", compact=True)
            yield Static(Text("loading…"), id="vip-error", classes="form-error")
            yield self.dialog_buttons(disabled=True)

    @staticmethod
    def _error_widget(name: str) -> Static:
        error = Static("", id=f"vip-e-{name}", classes="field-error")
        error.display = False
        return error

    # -- loading -----------------------------------------------------------
    def on_mount(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, exit_on_error=False, group="vip-load")
    def _load(self) -> None:
        try:
            data = self.session.store.get_vip(self.contact.id)
        except Exception as exc:  # shown in the form; saving stays off (it would overwrite)
            self.app.call_from_thread(self._load_failed, exc)
            return
        self.app.call_from_thread(self.call_later, self._loaded, data)

    def _load_failed(self, exc: Exception) -> None:
        if isinstance(exc, NotFoundError):
            self.app.notify(str(exc), severity="warning", markup=False)
            self.dismiss(None)
            return
        self.query_one("#vip-error", Static).update(Text(f"can't load the VIP details: {exc}"))

    async def _loaded(self, data: VipData) -> None:
        self.loaded = data
        for name, *_ in BACKGROUND_FIELDS:
            self.query_one(f"#vip-{name}", TextArea).load_text(getattr(data, name))
        for name, *_ in INFO_FIELDS:
            self.query_one(f"#vip-{name}", Input).value = getattr(data, name)
        urls = [link.get("url", "") for link in data.social_links] or [""]
        await self.query_one("#vip-links", Vertical).mount_all(LinkRow(url) for url in urls)
        self._baseline = self._state()
        self.query_one("#vip-body").disabled = False
        self.query_one("#save", Button).disabled = False
        self.query_one("#vip-error", Static).update("")
        self.query_one(f"#vip-{BACKGROUND_FIELDS[0][0]}", TextArea).focus()

    # -- state -------------------------------------------------------------
    def _state(self) -> tuple[Any, ...]:
        """What is typed, to tell whether anything changed (blank link rows don't count)."""
        texts = tuple(
            self.query_one(f"#vip-{n}", TextArea).text.rstrip() for n, *_ in BACKGROUND_FIELDS
        )
        infos = tuple(self.query_one(f"#vip-{n}", Input).value.strip() for n, *_ in INFO_FIELDS)
        links = tuple(v for row in self.query(LinkRow) if (v := row.url_input.value.strip()))
        return texts, infos, links

    @property
    def dirty(self) -> bool:
        return self._baseline is not None and self._state() != self._baseline

    def _show_error(self, name: str, message: str) -> None:
        error = self.query_one(f"#vip-e-{name}", Static)
        error.update(Text(message))
        error.display = bool(message)

    # -- validation --------------------------------------------------------
    def _check_info(self, name: str) -> tuple[bool, str]:
        validator = next(v for n, _, _, v in INFO_FIELDS if n == name)
        try:
            value = validator(self.query_one(f"#vip-{name}", Input).value)
        except ValidationError as exc:
            self._show_error(name, str(exc))
            return False, ""
        self._show_error(name, "")
        return True, str(value)

    @on(Input.Blurred)
    def _field_left(self, event: Input.Blurred) -> None:
        wid = event.input.id or ""
        if wid.startswith("vip-") and event.value.strip():
            self._check_info(wid[4:])

    @on(Input.Changed)
    def _field_changed(self, event: Input.Changed) -> None:
        wid = event.input.id or ""
        if wid.startswith("vip-") and self.query_one(f"#vip-e-{wid[4:]}", Static).display:
            self._check_info(wid[4:])  # clear the error as soon as the value is right

    def collect(self) -> VipData | None:
        """The typed details, validated; None (with errors shown) when something is wrong."""
        data = VipData()
        first_bad: Widget | None = None
        for name, label, _ in BACKGROUND_FIELDS:
            area = self.query_one(f"#vip-{name}", TextArea)
            try:
                setattr(
                    data,
                    name,
                    clean_text(
                        area.text, max_len=MAX_NOTE_LEN, multiline=True, field=label.lower()
                    ),
                )
                self._show_error(name, "")
            except ValidationError as exc:
                self._show_error(name, str(exc))
                first_bad = first_bad or area
        for name, *_ in INFO_FIELDS:
            good, value = self._check_info(name)
            if good:
                setattr(data, name, value)
            else:
                first_bad = first_bad or self.query_one(f"#vip-{name}", Input)
        seen: set[str] = set()
        for row in self.query(LinkRow):
            good, link = row.check()
            if not good:
                first_bad = first_bad or row.url_input
            elif link is not None and link["url"] not in seen:
                seen.add(link["url"])
                data.social_links.append(link)
        if len(data.social_links) > MAX_LINKS:
            self.query_one("#vip-error", Static).update(
                Text(f"at most {MAX_LINKS} social links, please")
            )
            return None
        if first_bad is not None:
            self.query_one("#vip-error", Static).update(
                Text("fix the fields marked above, then save again")
            )
            first_bad.focus()
            return None
        return data

    # -- actions -----------------------------------------------------------
    def action_save(self) -> None:
        if self.loaded is None or self._saving:
            return
        data = self.collect()
        if data is None:
            return
        self._saving = True
        self.query_one("#save", Button).disabled = True
        self.query_one("#vip-error", Static).update(Text("saving…"))
        # any failure: stay open with everything typed
        session = self.session
        self.save_in_worker(partial(session.write, session.store.save_vip, self.contact.id, data),
                            self._saved, self._failed, errors=(Exception,))

    def _saved(self, _: object = None) -> None:
        self._saving = False
        self.dismiss(True)

    def _failed(self, message: str) -> None:
        self._saving = False
        self.query_one("#save", Button).disabled = False
        self.query_one("#vip-error", Static).update(Text(f"not saved: {message}"))

    async def action_add_link(self) -> None:
        if self.loaded is None:
            return
        row = LinkRow()
        await self.query_one("#vip-links", Vertical).mount(row)
        row.url_input.focus()
        row.scroll_visible()

    def _focused_row(self) -> LinkRow | None:
        if self.focused is None:
            return None
        for node in self.focused.ancestors_with_self:
            if isinstance(node, LinkRow):
                return node
        return None

    async def action_remove_link(self) -> None:
        row = self._focused_row()
        if row is not None:
            await self._remove_row(row)

    @on(LinkRow.Remove)
    async def _remove_requested(self, event: LinkRow.Remove) -> None:
        await self._remove_row(event.row)

    async def _remove_row(self, row: LinkRow) -> None:
        rows = list(self.query(LinkRow))
        index = rows.index(row)
        await row.remove()
        rest = [r for r in rows if r is not row]
        if rest:
            rest[min(index, len(rest) - 1)].url_input.focus()
        else:
            self.query_one("#vip-add-link", Button).focus()

    def action_cancel(self) -> None:
        from devhub_tui.tui.screens.confirm import ConfirmScreen

        if self._saving:
            return
        if not self.dirty:
            self.dismiss(None)
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Discard your changes?",
                f"You changed {self.contact.name}'s VIP details and haven't saved them "
                "(ctrl+s saves).",
                yes_label="Discard",
            ),
            answer,
        )

    @on(Button.Pressed, "#vip-add-link")
    async def _add_link_pressed(self) -> None:
        await self.action_add_link()
