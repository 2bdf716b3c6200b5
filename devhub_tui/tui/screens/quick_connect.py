"""Quick Connect (`r`): my card as a QR code, and event mode's sign-up link.

My card: the QR code encodes a vCard 3.0 of the shared fields of my profile,
so a phone adds me as a contact with no network needed.

Event mode (`e`): devhub makes a link token (random, stored hashed, 24 h by
default, optional max uses), serves the sign-up form on the LAN address with an
aiohttp server on the app's own event loop (an app-level async worker, so it
keeps serving while you look at other screens and stops with `s`, or when the
app quits), and the QR code encodes ``http://ADDRESS:PORT/c/TOKEN``. Each sign-up
is stored by the server (in a thread) and announced here with a notification.
"""

from __future__ import annotations

import asyncio
import weakref
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, Static
from textual.worker import Worker

from devhub_tui.connect.card import unfold, vcard
from devhub_tui.connect.lan import ENV_PORT, connect_host, connect_port
from devhub_tui.connect.server import ConnectServer, ConnectServerError
from devhub_tui.connect.store import Event, IssuedToken, NewContact, Profile
from devhub_tui.connect.tokens import (
    DEFAULT_TTL_MS,
    format_duration,
    parse_duration,
    parse_max_uses,
)
from devhub_tui.core.validation import ValidationError, clean_text, validate_name
from devhub_tui.services.session import Session
from devhub_tui.tui.screens.profile import edit_profile
from devhub_tui.tui.screens.saving import dialog_buttons
from devhub_tui.tui.widgets.footer import Footer
from devhub_tui.tui.widgets.header import Header
from devhub_tui.tui.widgets.qr_view import QRView


@dataclass(frozen=True)
class EventRequest:
    name: str
    location: str = ""
    session: str = ""
    ttl_ms: int = DEFAULT_TTL_MS
    max_uses: int | None = None


@dataclass
class LiveEvent:
    """The running sign-up form of one app (at most one at a time)."""

    session: Session
    user_id: str
    event: Event
    token: IssuedToken
    owner: str
    server: ConnectServer | None = None
    worker: Worker[None] | None = None
    url: str = ""
    signups: int = 0
    error: str = ""


_LIVE: weakref.WeakKeyDictionary[App[Any], LiveEvent] = weakref.WeakKeyDictionary()
SERVER_GROUP = "quick-connect-server"


def live_event(app: App[Any]) -> LiveEvent | None:
    """The app's running event mode, if any (for the screen and tests)."""
    return _LIVE.get(app)


def _refresh_screens(app: App[Any]) -> None:
    screen = app.screen
    if isinstance(screen, QuickConnectScreen):
        screen.update_view()


def _signed_in_as(session: Session, user_id: str) -> bool:
    return session.user is not None and session.user.id == user_id


def _on_contact(app: App[Any], live: LiveEvent, new: NewContact) -> None:
    """The sign-up form stored someone: say so; the lists refresh (a local write)."""
    live.signups += 1
    if _signed_in_as(live.session, new.user_id):
        app.notify(f"New contact: {new.name}", title="Quick Connect", markup=False, timeout=8)
        live.session.changed()
    _refresh_screens(app)


def _on_prefilled(app: App[Any], live: LiveEvent, new: NewContact, fields: list[str]) -> None:
    if not _signed_in_as(live.session, new.user_id):
        return
    app.notify(
        f"{new.name}: filled in {', '.join(fields)} from their GitHub profile",
        title="Quick Connect",
        markup=False,
    )
    live.session.changed()


def _on_notice(app: App[Any], message: str) -> None:
    app.notify(message, title="Quick Connect", severity="warning", markup=False, timeout=10)


async def _serve(app: App[Any], live: LiveEvent, server: ConnectServer, fallback: bool) -> None:
    """The app-level worker that owns the server: runs until cancelled."""
    try:
        await server.start(fallback_to_any_port=fallback)
    except Exception as exc:  # noqa: BLE001 - said on screen; the link is ended
        live.error = (
            str(exc)
            if isinstance(exc, ConnectServerError)
            else f"the sign-up form could not start: {type(exc).__name__}: {exc}"
        )
        if _LIVE.get(app) is live:
            del _LIVE[app]
        app.notify(live.error, title="Quick Connect", severity="error", markup=False, timeout=10)
        await asyncio.to_thread(_revoke, live)
        _refresh_screens(app)
        return
    live.server = server
    live.url = server.link(live.token.secret)
    _refresh_screens(app)
    try:
        await asyncio.Event().wait()
    finally:
        await server.stop()


def _revoke(live: LiveEvent) -> None:
    if live.session.db is not None:
        live.session.connect_store(live.user_id).revoke_token(live.token.id)


def stop_event(app: App[Any]) -> LiveEvent | None:
    """Stop the running sign-up form and end its link. Returns what was stopped."""
    live = _LIVE.pop(app, None)
    if live is None:
        return None
    if live.worker is not None:
        live.worker.cancel()
    app.run_worker(lambda: _revoke(live), thread=True, exit_on_error=False,
                   group="quick-connect-revoke")
    return live


def sign_ups(n: int) -> str:
    """`1 sign-up`, `3 sign-ups`."""
    return f"{n} sign-up{'' if n == 1 else 's'}"


class EventForm(ModalScreen[EventRequest | None]):
    """Start event mode: event name, location, session, lifetime and max uses."""

    AUTO_FOCUS = "#ev-name"
    BINDINGS = [
        Binding("ctrl+s", "save", "Start", id="event.start", tooltip="Start event mode"),
        Binding("escape", "cancel", "Cancel", id="event.cancel", tooltip="Close"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="modal-card", id="event-card"):
            yield Static(Text("Event mode", style="bold"), classes="modal-title")
            yield Static(
                Text(
                    "People scan the code and add themselves with a short form served "
                    "from this laptop on your network. They get tagged with the event."
                ),
                classes="modal-detail",
            )
            for field, label, placeholder, value in (
                ("name", "Event", "e.g. PyCon DE 2026", ""),
                ("location", "Location", "optional, e.g. Berlin", ""),
                ("session", "Session", "optional, e.g. hallway track", ""),
                ("expires", "Expires in", "e.g. 24h, 90m, 2d", "24h"),
                ("max_uses", "Max sign-ups", "empty: no limit", ""),
            ):
                with Horizontal(classes="profile-row"):
                    yield Label(label, classes="profile-label")
                    with Vertical(classes="profile-field"):
                        yield Input(value=value, placeholder=placeholder, id=f"ev-{field}",
                                    max_length=200)
                        yield Label("", id=f"ev-{field}-error", classes="field-error")
            yield dialog_buttons("Start", save_id="ev-start", cancel_id="ev-cancel")

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def action_save(self) -> None:
        self.submit()

    def _value(self, field: str) -> str:
        return self.query_one(f"#ev-{field}", Input).value

    def submit(self) -> None:
        errors: dict[str, str] = {}
        values: dict[str, Any] = {}
        checks: list[tuple[str, Any]] = [
            ("name", validate_name),
            ("location", lambda v: clean_text(v, max_len=200, multiline=False, field="location")),
            ("session", lambda v: clean_text(v, max_len=200, multiline=False, field="session")),
            ("expires", parse_duration),
            ("max_uses", parse_max_uses),
        ]
        for field, check in checks:
            try:
                values[field] = check(self._value(field))
            except ValidationError as exc:
                errors[field] = str(exc)
        for field, _ in checks:
            self.query_one(f"#ev-{field}-error", Label).update(Text(errors.get(field, "")))
        if errors:
            self.query_one(f"#ev-{next(iter(errors))}", Input).focus()
            return
        self.dismiss(
            EventRequest(
                name=values["name"],
                location=values["location"],
                session=values["session"],
                ttl_ms=values["expires"],
                max_uses=values["max_uses"],
            )
        )


class QuickConnectScreen(Screen[None]):
    """The QR code at the largest size that fits, and what it encodes beside it."""

    BINDINGS = [
        Binding("escape", "close", "Back", id="qr.back", tooltip="Back to where you were"),
        Binding("p", "profile", "My card", id="qr.profile", tooltip="Edit what your card shares"),
        Binding("e", "start_event", "Event mode", id="qr.event",
                tooltip="Let people add themselves with a sign-up form"),
        Binding("s", "stop_event", "Stop", id="qr.stop", tooltip="Stop the sign-up form"),
        Binding("m", "toggle_mode", "Card/Event", id="qr.mode",
                tooltip="Show my card or the event link"),
        Binding("t", "toggle_text", "Text", id="qr.text", show=False,
                tooltip="Hide or show the text beside the code"),
    ]

    def __init__(self, session: Session, event: str | None = None) -> None:
        """`event`: conference mode's event: its sign-up link is shown (made when no
        form is running yet)."""
        super().__init__()
        self.session = session
        self.profile: Profile | None = None
        self.card_payload = ""
        self.mode = "card"
        self.conference = event

    # -- layout ------------------------------------------------------------
    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="qc-body"):
            yield QRView(id="qc-qr")
            with VerticalScroll(id="qc-side"):
                yield Static("", id="qc-title")
                yield Static("", id="qc-status")
                yield Static("", id="qc-payload")
                yield Static("", id="qc-hint")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Quick Connect"
        live = live_event(self.app)
        if live is not None:
            self.mode = "event"
        if self.conference and live is None:
            self.create_link(EventRequest(name=self.conference))
        elif self.conference and live is not None and live.event.name != self.conference:
            self.notify(f"The sign-up form for {live.event.name} is running: s stops it,"
                        " then r shows the conference's", markup=False)
        self.load_profile()
        self.set_interval(30, self.update_view)

    def on_screen_resume(self) -> None:
        live = live_event(self.app)
        if live is not None and not _signed_in_as(self.session, live.user_id):
            stop_event(self.app)  # another account signed in meanwhile
        self.update_view()

    @work(thread=True, exclusive=True, exit_on_error=False, group="qc-profile")
    def load_profile(self) -> None:
        user = self.session.user
        assert user is not None
        profile = self.session.connect_store().get_profile(default_name=user.username)
        self.app.call_from_thread(self.show_profile, profile)

    def show_profile(self, profile: Profile) -> None:
        self.profile = profile
        self.card_payload = vcard(profile)
        self.update_view()

    # -- what is shown -----------------------------------------------------
    @property
    def payload(self) -> str:
        live = live_event(self.app)
        if self.mode == "event" and live is not None and live.url:
            return live.url
        return self.card_payload

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Dim the keys that do nothing right now."""
        live = live_event(self.app) is not None
        if action in ("stop_event", "toggle_mode"):
            return True if live else None
        if action == "start_event":
            return None if live else True
        return True

    def update_view(self) -> None:
        if not self.is_mounted:
            return
        live = live_event(self.app)
        if live is None:
            self.mode = "card"
        self.refresh_bindings()
        showing_event = self.mode == "event" and live is not None
        self.query_one("#qc-qr", QRView).payload = self.payload
        title = self.query_one("#qc-title", Static)
        status = self.query_one("#qc-status", Static)
        shown = self.query_one("#qc-payload", Static)
        hint = self.query_one("#qc-hint", Static)
        if showing_event and live is not None:
            where = " · ".join(
                x for x in (live.event.name, live.event.location, live.event.session) if x
            )
            title.update(Text.assemble(("Event mode", "bold"), " · ", where))
            status.update(self._event_status(live))
            shown.update(Text(live.url or "starting…"))
            hint.update(
                Text("Scan to add yourself. s stops the form · m shows my card · p edits it")
            )
        else:
            title.update(Text.assemble(("My card", "bold"), " · vCard 3.0"))
            line = "Scan to add me as a contact: no network needed."
            if live is not None:
                line += f"\nEvent mode is on ({sign_ups(live.signups)}): m shows its link."
            status.update(Text(line))
            shown.update(Text("\n".join(unfold(self.card_payload))))
            hint.update(Text("p edits my card · e starts event mode (sign-up form)"))

    def _event_status(self, live: LiveEvent) -> Text:
        now = self.session.clock()
        left = live.token.expires_at - now
        lines = [
            "Sign-up form:" if live.url else "Starting the sign-up form…",
            f"Expires in {format_duration(left)}" if left > 0 else "The link has expired.",
            f"{sign_ups(live.signups)} so far"
            + (f" (max {live.token.max_uses})" if live.token.max_uses else ""),
        ]
        return Text("\n".join(lines))

    # -- actions -----------------------------------------------------------
    def action_close(self) -> None:
        self.dismiss()

    def action_toggle_text(self) -> None:
        side = self.query_one("#qc-side")
        side.display = not side.display

    def action_toggle_mode(self) -> None:
        if live_event(self.app) is None:
            self.notify("Event mode is off: press e to start it", markup=False)
            return
        self.mode = "card" if self.mode == "event" else "event"
        self.update_view()

    def action_profile(self) -> None:
        edit_profile(self.app, self.session, self._profile_saved)

    def _profile_saved(self, profile: Profile) -> None:
        self.show_profile(profile)

    def action_start_event(self) -> None:
        if live_event(self.app) is not None:
            self.notify("Event mode is already on: press s to stop it first", markup=False)
            return

        def done(req: EventRequest | None) -> None:
            if req is not None:
                self.create_link(req)

        self.app.push_screen(EventForm(), done)

    def action_stop_event(self) -> None:
        live = stop_event(self.app)
        if live is None:
            self.notify("Event mode is not on", markup=False)
            return
        self.notify(
            f"Stopped the sign-up form for {live.event.name} ({sign_ups(live.signups)})",
            markup=False,
        )
        self.mode = "card"
        self.update_view()

    @work(thread=True, exclusive=True, exit_on_error=False, group="qc-link")
    def create_link(self, req: EventRequest) -> None:
        user = self.session.user
        assert user is not None
        store = self.session.connect_store()
        event = store.event_for(req.name, req.location, req.session)
        token = store.create_token(event, ttl_ms=req.ttl_ms, max_uses=req.max_uses)
        owner = store.get_profile(default_name=user.username).name
        self.app.call_from_thread(self._launch, user.id, event, token, owner)

    def _launch(self, user_id: str, event: Event, token: IssuedToken, owner: str) -> None:
        import os

        app, session = self.app, self.session
        assert session.db is not None
        live = LiveEvent(session=session, user_id=user_id, event=event, token=token,
                         owner=owner)
        server = ConnectServer(
            session.db,
            host=connect_host(),
            port=connect_port(),
            owner=owner,
            clock=session.clock,
            on_contact=lambda new: _on_contact(app, live, new),
            on_prefilled=lambda new, fields: _on_prefilled(app, live, new, fields),
            on_notice=lambda message: _on_notice(app, message),
        )
        _LIVE[app] = live
        fallback = not os.environ.get(ENV_PORT, "").strip()
        live.worker = app.run_worker(
            _serve(app, live, server, fallback),
            name="quick-connect-server",
            group=SERVER_GROUP,
            exclusive=True,
            exit_on_error=False,
        )
        self.mode = "event"
        self.update_view()
