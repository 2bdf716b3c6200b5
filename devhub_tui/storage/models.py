"""Every table in PRODUCT.md §1, described once: the schema's single source.

The schema itself is created by the ordered migrations in `storage.migrations`
(so a file written by any released version can be upgraded); a test checks that
the migrated schema and these classes agree: columns, keys, NOT NULL, foreign keys.
Query code uses plain parameterised SQL on the per-thread DB-API connection for
speed and so that every driver (stdlib sqlite3, Turso Sync, libSQL) runs the same
statements; its column lists and upserts are derived from these classes
(`storage.schema`), in the store, the Quick Connect store and imports alike.
"""

# (no `from __future__ import annotations`: schema.Table reads the real types)
from devhub_tui.storage.schema import Field, Table


class User(Table, name="users"):
    id: str = Field(primary_key=True)
    username: str
    username_key: str = Field(unique=True)
    password_hash: str
    created_at: int
    updated_at: int


class LoginAttempt(Table, name="login_attempts"):
    username_key: str = Field(primary_key=True)
    failures: int = 0
    last_failure_at: int = 0


class Session(Table, name="sessions"):
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    token_hash: str = Field(unique=True)
    expires_at: int
    created_at: int


class UserPref(Table, name="user_prefs"):
    user_id: str = Field(foreign_key="users.id", primary_key=True)
    key: str = Field(primary_key=True)
    value: str


class Contact(Table, name="contacts"):
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    name: str
    nickname: str | None = None
    relationship: str | None = None
    industry: str | None = None
    company: str | None = None
    title: str | None = None
    location: str | None = None
    timezone: str | None = None
    birthday: str | None = None
    github: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None
    vip: bool = False
    importance: str = "normal"
    cadence_days: int | None = None
    snoozed_until: int | None = None
    status: str = "ok"
    last_contacted: int | None = None
    archived: bool = False
    created_at: int
    updated_at: int
    #: when `status` next changes by time alone (None: not before the data changes;
    #: 0: not computed yet) and when the contact is due; kept by Store._recompute
    status_until: int | None = 0
    due_at: int | None = None
    #: the types of `email` and `phone` as imported ("work", "cell"...)
    email_label: str | None = None
    phone_label: str | None = None


class InteractionType(Table, name="interaction_types"):
    id: str = Field(primary_key=True)
    user_id: str | None = Field(default=None, foreign_key="users.id")
    name: str
    created_at: int


class Interaction(Table, name="interactions"):
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    contact_id: str = Field(foreign_key="contacts.id")
    type: str
    date: int
    notes: str = ""
    created_at: int
    updated_at: int


class FollowUp(Table, name="follow_ups"):
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    contact_id: str = Field(foreign_key="contacts.id")
    due: str
    note: str = ""
    done_at: int | None = None
    created_at: int
    updated_at: int


class Tag(Table, name="tags"):
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    name: str
    created_at: int


class ContactTag(Table, name="contact_tags"):
    contact_id: str = Field(foreign_key="contacts.id", primary_key=True)
    tag_id: str = Field(foreign_key="tags.id", primary_key=True)


class Background(Table, name="background"):
    contact_id: str = Field(foreign_key="contacts.id", primary_key=True)
    family: str = ""
    company: str = ""
    likes_dislikes: str = ""
    misc_notes: str = ""
    updated_at: int


class ContactInfo(Table, name="contact_info"):
    contact_id: str = Field(foreign_key="contacts.id", primary_key=True)
    main_app: str = ""
    email: str = ""
    phone_number: str = ""
    social_links: str = "[]"  # JSON list of {"platform": ..., "url": ...}
    updated_at: int


class Event(Table, name="events"):
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    name: str
    location: str = ""
    session: str = ""
    starts_at: int | None = None
    ends_at: int | None = None
    created_at: int


class ConnectToken(Table, name="connect_tokens"):
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    token_hash: str = Field(unique=True)
    event_id: str | None = Field(default=None, foreign_key="events.id")
    expires_at: int
    uses: int = 0
    max_uses: int | None = None
    created_at: int


class Profile(Table, name="profiles"):
    user_id: str = Field(foreign_key="users.id", primary_key=True)
    name: str = ""
    headline: str = ""
    email: str = ""
    phone: str = ""
    github: str = ""
    website: str = ""
    social_links: str = "[]"
    shared_fields: str = '["name","headline","email","github","website"]'
    updated_at: int


class ContactDetail(Table, name="contact_details"):
    """A contact's other emails/phones, postal addresses, links, IM handles and a
    card's own name parts (migration 5)."""

    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    contact_id: str = Field(foreign_key="contacts.id")
    kind: str  # email | phone | address | link | name
    label: str = ""
    value: str
    position: int = 0
    created_at: int


class ImportSource(Table, name="import_sources"):
    """Where an imported contact came from: a record's fingerprint (migration 5)."""

    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    fingerprint: str
    contact_id: str = Field(foreign_key="contacts.id")
    created_at: int


# -- tracks (issue 19, migration 6) ---------------------------------------------
class Track(Table, name="tracks"):
    """A job opportunity, client project, mentorship or collaboration."""

    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    kind: str  # job | client | mentorship | collab
    title: str
    slug: str
    stage: str
    open: bool = True  # False once the stage is terminal
    stage_at: int
    next_step: str = ""
    next_due: str | None = None  # YYYY-MM-DD
    amount_minor: int | None = None
    currency: str | None = None  # ISO 4217
    links: str = "[]"  # JSON list of URLs
    notes: str = ""
    created_at: int
    updated_at: int


class TrackContact(Table, name="track_contacts"):
    track_id: str = Field(foreign_key="tracks.id", primary_key=True)
    contact_id: str = Field(foreign_key="contacts.id", primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    position: int = 0


class TrackEvent(Table, name="track_events"):
    """A stage change (`kind` "stage") or a next step done (`kind` "step")."""

    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    track_id: str = Field(foreign_key="tracks.id")
    kind: str
    from_stage: str | None = None
    stage: str | None = None
    note: str = ""
    at: int


class TrackGoal(Table, name="track_goals"):
    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    track_id: str = Field(foreign_key="tracks.id")
    goal: str
    progress: str = ""
    position: int = 0
    updated_at: int


class InteractionTrack(Table, name="interaction_tracks"):
    interaction_id: str = Field(foreign_key="interactions.id", primary_key=True)
    track_id: str = Field(foreign_key="tracks.id", primary_key=True)
    user_id: str = Field(foreign_key="users.id")


class InteractionResource(Table, name="interaction_resources"):
    """A resource (URL + title) shared in an interaction."""

    id: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    interaction_id: str = Field(foreign_key="interactions.id")
    url: str
    title: str = ""
    position: int = 0
    created_at: int


# -- skills and topics (issue 20, migration 7) ----------------------------------
class ContactSkill(Table, name="contact_skills"):
    contact_id: str = Field(foreign_key="contacts.id", primary_key=True)
    skill: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")


class InteractionTopic(Table, name="interaction_topics"):
    """A `#topic` of an interaction's note (core.skills.extract_topics)."""

    interaction_id: str = Field(foreign_key="interactions.id", primary_key=True)
    topic: str = Field(primary_key=True)
    user_id: str = Field(foreign_key="users.id")
    contact_id: str = Field(foreign_key="contacts.id")
