"""Quick Connect storage: the user's own card, events and sign-up link tokens.

`ConnectStore(db, user_id)` is user-scoped like `Store`. The web form only has a
link token, so `check_token` / `record_submission` find the owner through the
token's hash (the token itself is never stored) and then write through
`Store(db, owner)`: a submission can only ever reach the account that made the link.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

from devhub_tui.connect.tokens import hash_token, new_token
from devhub_tui.core.events import event_tag
from devhub_tui.core.social import detect_platform, stored_links
from devhub_tui.core.validation import (
    ValidationError,
    clean_text,
    validate_email,
    validate_github,
    validate_name,
    validate_phone,
    validate_url,
)
from devhub_tui.storage import models
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import NotFoundError, StoreError
from devhub_tui.storage.ids import Clock, new_id, system_clock
from devhub_tui.storage.schema import column_list, insert_sql, upsert_sql
from devhub_tui.storage.scoped import UserScoped
from devhub_tui.storage.store import Store

#: The card fields a user can choose to share, in the order the card lists them.
SHAREABLE_FIELDS: tuple[str, ...] = (
    "name",
    "headline",
    "email",
    "phone",
    "github",
    "website",
    "social_links",
)
DEFAULT_SHARED: tuple[str, ...] = ("name", "headline", "email", "github", "website")
MAX_SOCIAL_LINKS = 10
MAX_HEADLINE_LEN = 200
#: The interaction type logged for someone who signs up through a link.
CONNECT_INTERACTION_TYPE = "meetup"
MAX_TALK_LEN = 2000


@dataclass
class Profile:
    """The user's own card."""

    name: str = ""
    headline: str = ""
    email: str = ""
    phone: str = ""
    github: str = ""
    website: str = ""
    social_links: list[dict[str, str]] = field(default_factory=list)
    shared: list[str] = field(default_factory=lambda: list(DEFAULT_SHARED))
    updated_at: int = 0

    def shared_values(self) -> dict[str, Any]:
        """The shared, non-empty fields (the name always counts as shared)."""
        out: dict[str, Any] = {}
        for name in SHAREABLE_FIELDS:
            if name != "name" and name not in self.shared:
                continue
            value = getattr(self, name)
            if value:
                out[name] = value
        return out


def profile_errors(p: Profile) -> dict[str, str]:
    """Field name -> one-line message, for every invalid field (empty when valid)."""
    errors: dict[str, str] = {}
    try:
        clean_profile(p, errors=errors)
    except ValidationError:
        pass
    return errors


def clean_profile(p: Profile, *, errors: dict[str, str] | None = None) -> Profile:
    """A validated, normalized copy. Raises ValidationError (the first problem)."""
    found: dict[str, str] = {} if errors is None else errors
    out = replace(p, social_links=[], shared=[])

    def check(name: str, fn: Any, value: str) -> str:
        try:
            return str(fn(value) or "")
        except ValidationError as exc:
            found.setdefault(name, str(exc))
            return value

    out.name = check("name", validate_name, p.name)
    out.headline = check(
        "headline",
        lambda v: clean_text(v, max_len=MAX_HEADLINE_LEN, multiline=False, field="headline"),
        p.headline,
    )
    out.email = check("email", validate_email, p.email)
    out.phone = check("phone", validate_phone, p.phone)
    out.github = check("github", validate_github, p.github)
    out.website = check("website", validate_url, p.website)
    links: list[dict[str, str]] = []
    for link in p.social_links:
        url = check("social_links", validate_url, link.get("url", ""))
        if not url:
            continue
        platform = check(
            "social_links",
            lambda v: clean_text(v, max_len=40, multiline=False, field="platform"),
            link.get("platform", ""),
        ) or detect_platform(url)
        links.append({"platform": platform, "url": url})
    if len(links) > MAX_SOCIAL_LINKS:
        found.setdefault("social_links", f"at most {MAX_SOCIAL_LINKS} social links")
    out.social_links = links
    out.shared = [f for f in SHAREABLE_FIELDS if f == "name" or f in p.shared]
    if found:
        raise ValidationError(next(iter(found.values())))
    return out


@dataclass(frozen=True)
class Event:
    id: str
    name: str
    location: str
    session: str
    starts_at: int | None
    ends_at: int | None
    created_at: int


@dataclass(frozen=True)
class IssuedToken:
    """A new link token: ``secret`` goes into the URL and is never stored."""

    id: str
    secret: str
    event: Event | None
    expires_at: int
    max_uses: int | None


@dataclass(frozen=True)
class TokenInfo:
    id: str
    user_id: str
    event_name: str
    event_location: str
    event_session: str
    expires_at: int
    uses: int
    max_uses: int | None


class TokenRejected(StoreError):
    """A link that can't be used: ``reason`` is ``unknown``, ``expired`` or ``used-up``."""

    def __init__(self, reason: str) -> None:
        messages = {
            "unknown": "this Quick Connect link is not valid",
            "expired": "this Quick Connect link has expired",
            "used-up": "this Quick Connect link has been used as often as allowed",
        }
        super().__init__(messages.get(reason, "this Quick Connect link can't be used"))
        self.reason = reason


@dataclass(frozen=True)
class Submission:
    """What someone typed into the sign-up form (validated by `clean_submission`)."""

    name: str
    email: str | None = None
    github: str | None = None
    talk: str = ""


@dataclass(frozen=True)
class NewContact:
    user_id: str
    contact_id: str
    name: str
    event_name: str
    github: str | None


def clean_submission(
    name: str, email: str, github: str, talk: str
) -> tuple[Submission | None, dict[str, str]]:
    """Validate form input. Returns (submission, {}) or (None, field -> message).

    The name may be left empty when a GitHub handle is given (the public profile,
    or the handle itself, fills it in).
    """
    errors: dict[str, str] = {}
    gh: str | None = None
    mail: str | None = None
    clean_name = ""
    try:
        gh = validate_github(github or "")
    except ValidationError as exc:
        errors["github"] = str(exc)
    try:
        mail = validate_email(email or "")
    except ValidationError as exc:
        errors["email"] = str(exc)
    if (name or "").strip() or not gh:
        try:
            clean_name = validate_name(name or "")
        except ValidationError as exc:
            errors["name"] = (
                "please tell us your name (or a GitHub username)"
                if not (name or "").strip()
                else str(exc)
            )
    try:
        clean_talk = clean_text(talk or "", max_len=MAX_TALK_LEN, multiline=True, field="note")
    except ValidationError as exc:
        errors["talk"] = str(exc)
        clean_talk = ""
    if errors:
        return None, errors
    return Submission(name=clean_name or (gh or ""), email=mail, github=gh, talk=clean_talk), {}


_TOKEN_SELECT = (
    "SELECT t.id, t.user_id, coalesce(e.name, ''), coalesce(e.location, ''),"
    " coalesce(e.session, ''), t.expires_at, t.uses, t.max_uses"
    " FROM connect_tokens t LEFT JOIN events e ON e.id = t.event_id"
    " WHERE t.token_hash = ?"
)


def _token_row(c: Any, token_hash: str) -> TokenInfo | None:
    row = c.execute(_TOKEN_SELECT, (token_hash,)).fetchone()
    return TokenInfo(*row) if row else None


def _usable(info: TokenInfo | None, now: int) -> TokenInfo:
    if info is None:
        raise TokenRejected("unknown")
    if info.expires_at <= now:
        raise TokenRejected("expired")
    if info.max_uses is not None and info.uses >= info.max_uses:
        raise TokenRejected("used-up")
    return info


def check_token(db: Database, token_hash: str, *, clock: Clock = system_clock) -> TokenInfo:
    """The token's details when it can be used now; raises TokenRejected otherwise."""
    return _usable(_token_row(db.conn(), token_hash), clock())


def record_submission(
    db: Database, token_hash: str, sub: Submission, *, clock: Clock = system_clock
) -> NewContact:
    """Use the link once and create the contact, tag and "met at" interaction.

    One transaction: a link that is (or just became) expired, used up or unknown
    raises TokenRejected and nothing is stored.
    """
    with db.write() as c:
        now = clock()
        info = _usable(_token_row(c, token_hash), now)
        cur = c.execute(
            "UPDATE connect_tokens SET uses = uses + 1 WHERE id = ? AND expires_at > ?"
            " AND (max_uses IS NULL OR uses < max_uses)",
            (info.id, now),
        )
        if cur.rowcount != 1:
            raise TokenRejected("used-up")
        store = Store(db, info.user_id, clock=clock)
        data: dict[str, Any] = {"name": sub.name}
        if sub.email:
            data["email"] = sub.email
        if sub.github:
            data["github"] = sub.github
        contact_id = store.add_contact(data)
        event = info.event_name or "Quick Connect"
        if info.event_name:
            store.add_tag(contact_id, event_tag(info.event_name))
        notes = f"met at {event}"
        if sub.talk:
            notes += f"\n\n{sub.talk}"
        store.log_interaction(contact_id, CONNECT_INTERACTION_TYPE, now, notes)
    return NewContact(info.user_id, contact_id, sub.name, event, sub.github)


#: The card's columns as `get_profile` reads them, and its upsert (`save_profile`;
#: a backup's profile comes back through it too).
PROFILE_COLUMNS = models.Profile.columns(without=("user_id",))
UPSERT_PROFILE = upsert_sql(models.Profile)
#: An `Event` row (its fields in order) and the columns a new event is written with.
EVENT_COLUMNS = column_list(models.Event.columns(without=("user_id",)))
INSERT_EVENT = insert_sql(models.Event, models.Event.columns(without=("ends_at",)))


class ConnectStore(UserScoped):
    """One user's card, events and Quick Connect links."""

    # -- the card ----------------------------------------------------------
    def get_profile(self, *, default_name: str = "") -> Profile:
        row = self.select_own(f"SELECT {column_list(PROFILE_COLUMNS)} FROM profiles").fetchone()
        if row is None:
            return Profile(name=default_name)
        p = Profile(
            name=row[0],
            headline=row[1],
            email=row[2],
            phone=row[3],
            github=row[4],
            website=row[5],
            updated_at=int(row[8]),
        )
        p.social_links = stored_links(row[6])
        try:
            shared = json.loads(row[7] or "[]")
        except ValueError:
            shared = list(DEFAULT_SHARED)
        p.shared = [f for f in SHAREABLE_FIELDS if f in shared or f == "name"]
        return p

    def has_profile(self) -> bool:
        return self.select_own("SELECT 1 FROM profiles").fetchone() is not None

    def save_profile(self, profile: Profile) -> Profile:
        p = clean_profile(profile)
        p.updated_at = self.clock()
        with self.db.write() as c:
            c.execute(
                UPSERT_PROFILE,
                (
                    self.user_id,
                    p.name,
                    p.headline,
                    p.email,
                    p.phone,
                    p.github,
                    p.website,
                    json.dumps(p.social_links, ensure_ascii=False),
                    json.dumps(p.shared),
                    p.updated_at,
                ),
            )
        return p

    # -- events ------------------------------------------------------------
    def event_for(self, name: str, location: str = "", session: str = "") -> Event:
        """The user's event with this name, location and session (created when new)."""
        name = validate_name(name).strip()
        location = clean_text(location or "", max_len=200, multiline=False, field="location")
        session = clean_text(session or "", max_len=200, multiline=False, field="session")
        with self.db.write() as c:
            row = self.select_own(
                f"SELECT {EVENT_COLUMNS} FROM events",
                "name = ? COLLATE NOCASE AND location = ? AND session = ?",
                (name, location, session), tail="ORDER BY created_at LIMIT 1", conn=c,
            ).fetchone()
            if row:
                return Event(*row)
            eid, now = new_id(), self.clock()
            c.execute(INSERT_EVENT, (eid, self.user_id, name, location, session, now, now))
        return Event(eid, name, location, session, now, None, now)

    def list_events(self) -> list[Event]:
        rows = self.select_own(f"SELECT {EVENT_COLUMNS} FROM events",
                               tail="ORDER BY created_at DESC, id")
        return [Event(*r) for r in rows]

    # -- links -------------------------------------------------------------
    def create_token(
        self, event: Event | None, *, ttl_ms: int, max_uses: int | None = None
    ) -> IssuedToken:
        if ttl_ms <= 0:
            raise ValidationError("a Quick Connect link needs a lifetime")
        secret = new_token()
        now = self.clock()
        tid = new_id()
        with self.db.write() as c:
            if event is not None and not self.select_own(
                "SELECT 1 FROM events", "id = ?", (event.id,), conn=c
            ).fetchone():
                raise NotFoundError("that event no longer exists")
            c.execute(
                "INSERT INTO connect_tokens (id, user_id, token_hash, event_id, expires_at,"
                " uses, max_uses, created_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?)",
                (
                    tid,
                    self.user_id,
                    hash_token(secret),
                    event.id if event else None,
                    now + ttl_ms,
                    max_uses,
                    now,
                ),
            )
        return IssuedToken(tid, secret, event, now + ttl_ms, max_uses)

    def token_uses(self, token_id: str) -> int:
        row = self.select_own("SELECT uses FROM connect_tokens", "id = ?", (token_id,)).fetchone()
        if row is None:
            raise NotFoundError("that Quick Connect link no longer exists")
        return int(row[0])

    def revoke_token(self, token_id: str) -> None:
        """End a link now (it then shows as expired)."""
        now = self.clock()
        with self.db.write() as c:
            c.execute(
                "UPDATE connect_tokens SET expires_at = min(expires_at, ?)"
                " WHERE id = ? AND user_id = ?",
                (now, token_id, self.user_id),
            )

    def add_skills(self, contact_id: str, skills: list[str]) -> list[str]:
        """Add skills (a GitHub profile's languages) to the ones the contact has;
        returns those added (none removed)."""
        store = Store(self.db, self.user_id, clock=self.clock)
        before = set(store.contact_skills(contact_id))
        after = store.change_skills(contact_id, add=skills)
        return [s for s in after if s not in before]

    def fill_empty(self, contact_id: str, values: dict[str, str]) -> list[str]:
        """Set the given contact fields only where they are still empty (one
        transaction, so nothing typed meanwhile is overwritten). Returns the fields set.
        ``name`` is replaced only while it still equals the contact's GitHub handle."""
        store = Store(self.db, self.user_id, clock=self.clock)
        with self.db.write():
            current = store.get_contact(contact_id)
            updates: dict[str, Any] = {}
            for key, value in values.items():
                if not value:
                    continue
                now_value = getattr(current, key)
                if key == "name":
                    if current.github and now_value == current.github:
                        updates[key] = value
                elif not now_value:
                    updates[key] = value
            if updates:
                store.update_contact(contact_id, updates)
        return sorted(updates)
