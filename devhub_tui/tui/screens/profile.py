"""My card: the profile Quick Connect shares, and which of its fields to share.

`ProfileEditor` is a form modal (`p` on the Quick Connect screen, "My card" in the
command palette). It validates every field next to it and returns the cleaned
`Profile`; `edit_profile(app, session, ...)` loads and saves it in thread workers.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, Static, TextArea

from devhub_tui.connect.store import Profile, clean_profile, profile_errors
from devhub_tui.core.social import detect_platform
from devhub_tui.core.validation import ValidationError
from devhub_tui.services.session import Session
from devhub_tui.tui.screens.saving import dialog_buttons

#: (field, label, placeholder, max length)
FIELDS: list[tuple[str, str, str, int]] = [
    ("name", "Name", "how people know you", 200),
    ("headline", "Headline", "e.g. Backend engineer at Acme · Rust, Postgres", 200),
    ("email", "Email", "you@example.com", 254),
    ("phone", "Phone", "+44 20 7946 0000", 40),
    ("github", "GitHub", "your GitHub username", 100),
    ("website", "Website", "https://example.com", 2048),
]


def parse_links(text: str) -> list[dict[str, str]]:
    """One link a line: ``URL`` or ``PLATFORM URL`` (the platform is detected when left out)."""
    links: list[dict[str, str]] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts:
            continue
        if len(parts) == 1:
            links.append({"platform": detect_platform(parts[0]), "url": parts[0]})
        else:
            links.append({"platform": parts[0], "url": " ".join(parts[1:])})
    return links


def format_links(links: list[dict[str, str]]) -> str:
    return "\n".join(f"{x.get('platform', '')} {x.get('url', '')}".strip() for x in links)


class ProfileEditor(ModalScreen[Profile | None]):
    """Edit my card; dismisses with the cleaned profile, or None on escape."""

    AUTO_FOCUS = "#pf-name"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="profile.cancel", tooltip="Close without saving"),
        Binding("ctrl+s", "save", "Save", id="profile.save", tooltip="Save my card"),
    ]

    def __init__(self, profile: Profile) -> None:
        super().__init__()
        self.profile = profile

    def compose(self) -> ComposeResult:
        p = self.profile
        with Vertical(classes="modal-card", id="profile-card"):
            yield Static(Text("My card", style="bold"), classes="modal-title")
            yield Static(
                Text(
                    "What your Quick Connect QR code shares. Tick what to include; your "
                    "name is always shared."
                ),
                classes="modal-detail",
            )
            with VerticalScroll(id="profile-body"):
                for name, label, placeholder, limit in FIELDS:
                    with Horizontal(classes="profile-row"):
                        yield Label(label, classes="profile-label")
                        with Vertical(classes="profile-field"):
                            yield Input(
                                value=str(getattr(p, name) or ""),
                                placeholder=placeholder,
                                id=f"pf-{name}",
                                max_length=limit,
                            )
                            yield Label("", id=f"pf-{name}-error", classes="field-error")
                        yield Checkbox(
                            "share",
                            value=name == "name" or name in p.shared,
                            id=f"share-{name}",
                            disabled=name == "name",
                            classes="profile-share",
                        )
                with Horizontal(classes="profile-row"):
                    yield Label("Social links", classes="profile-label")
                    with Vertical(classes="profile-field"):
                        yield TextArea(format_links(p.social_links), id="pf-social_links")
                        yield Label(
                            Text("one a line: URL, or PLATFORM URL"), classes="profile-hint"
                        )
                        yield Label("", id="pf-social_links-error", classes="field-error")
                    yield Checkbox(
                        "share",
                        value="social_links" in p.shared,
                        id="share-social_links",
                        classes="profile-share",
                    )
            yield dialog_buttons(save_id="pf-save", cancel_id="pf-cancel")

    def current(self) -> Profile:
        values: dict[str, Any] = {
            name: self.query_one(f"#pf-{name}", Input).value for name, *_ in FIELDS
        }
        links = parse_links(self.query_one("#pf-social_links", TextArea).text)
        shared = [
            name
            for name in (*(f[0] for f in FIELDS), "social_links")
            if self.query_one(f"#share-{name}", Checkbox).value
        ]
        return Profile(**values, social_links=links, shared=shared)

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        profile = self.current()
        errors = profile_errors(profile)
        for name in (*(f[0] for f in FIELDS), "social_links"):
            self.query_one(f"#pf-{name}-error", Label).update(Text(errors.get(name, "")))
        if errors:
            first = next(iter(errors))
            self.query_one(f"#pf-{first}").focus()
            return
        try:
            self.dismiss(clean_profile(profile))
        except ValidationError as exc:  # pragma: no cover - profile_errors said it's fine
            self.notify(str(exc), severity="error", markup=False)


def edit_profile(app: App[Any], session: Session,
                 on_saved: Callable[[Profile], None] | None = None) -> None:
    """Load my card, open the editor, save what comes back (all DB work in threads)."""
    user = session.user
    if user is None or not session.signed_in:
        return
    store = session.connect_store()

    def saved(profile: Profile) -> None:
        app.notify("Your card is saved", title="My card", markup=False)
        if on_saved is not None:
            on_saved(profile)

    def save(profile: Profile) -> None:
        result = store.save_profile(profile)
        app.call_from_thread(saved, result)

    def done(profile: Profile | None) -> None:
        if profile is not None:
            app.run_worker(
                lambda: save(profile),
                thread=True,
                exit_on_error=False,
                group="profile-save",
            )

    def load() -> None:
        profile = store.get_profile(default_name=user.username)
        app.call_from_thread(app.push_screen, ProfileEditor(profile), done)

    app.run_worker(load, thread=True, exclusive=True, exit_on_error=False, group="profile-open")
