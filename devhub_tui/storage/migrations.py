"""Ordered schema migrations, tracked with `PRAGMA user_version`.

Migrations are append-only: never edit one that has shipped, add the next.
`storage.db` copies the file to a timestamped backup before any of them runs.
`storage.models` describes the same schema, once (a test checks that the migrated
file and the models agree: tables, columns, keys, NOT NULL, foreign keys).
"""

from __future__ import annotations

MIGRATION_1 = """
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    username TEXT NOT NULL,
    username_key TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);

CREATE TABLE login_attempts (
    username_key TEXT PRIMARY KEY,
    failures INTEGER NOT NULL DEFAULT 0,
    last_failure_at INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE sessions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    expires_at INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_sessions_user ON sessions(user_id);

CREATE TABLE user_prefs (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (user_id, key)
);

CREATE TABLE contacts (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    nickname TEXT,
    relationship TEXT,
    industry TEXT,
    company TEXT,
    title TEXT,
    location TEXT,
    timezone TEXT,
    birthday TEXT,
    github TEXT,
    email TEXT,
    phone TEXT,
    notes TEXT,
    vip INTEGER NOT NULL DEFAULT 0,
    importance TEXT NOT NULL DEFAULT 'normal' CHECK (importance IN ('low', 'normal', 'high')),
    cadence_days INTEGER,
    snoozed_until INTEGER,
    status TEXT NOT NULL DEFAULT 'ok',
    last_contacted INTEGER,
    archived INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_contacts_user_name ON contacts(user_id, name COLLATE NOCASE);
CREATE INDEX ix_contacts_user_status ON contacts(user_id, status);
CREATE INDEX ix_contacts_user_last ON contacts(user_id, last_contacted);
CREATE INDEX ix_contacts_user_email ON contacts(user_id, email);
CREATE INDEX ix_contacts_user_github ON contacts(user_id, github);
CREATE INDEX ix_contacts_user_birthday ON contacts(user_id, birthday) WHERE birthday IS NOT NULL;

CREATE TABLE interaction_types (
    id TEXT PRIMARY KEY,
    user_id TEXT REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE UNIQUE INDEX ux_interaction_types ON interaction_types(coalesce(user_id, ''), name);

CREATE TABLE interactions (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    type TEXT NOT NULL,
    date INTEGER NOT NULL,
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_interactions_contact_date ON interactions(contact_id, date);
CREATE INDEX ix_interactions_user_date ON interactions(user_id, date);

CREATE TABLE follow_ups (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    due TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    done_at INTEGER,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_follow_ups_user_due ON follow_ups(user_id, done_at, due);
CREATE INDEX ix_follow_ups_contact ON follow_ups(contact_id);

CREATE TABLE tags (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, name)
);

CREATE TABLE contact_tags (
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    tag_id TEXT NOT NULL REFERENCES tags(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, tag_id)
);
CREATE INDEX ix_contact_tags_tag ON contact_tags(tag_id);

CREATE TABLE background (
    contact_id TEXT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    family TEXT NOT NULL DEFAULT '',
    company TEXT NOT NULL DEFAULT '',
    likes_dislikes TEXT NOT NULL DEFAULT '',
    misc_notes TEXT NOT NULL DEFAULT '',
    updated_at INTEGER NOT NULL
);

CREATE TABLE contact_info (
    contact_id TEXT PRIMARY KEY REFERENCES contacts(id) ON DELETE CASCADE,
    main_app TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone_number TEXT NOT NULL DEFAULT '',
    social_links TEXT NOT NULL DEFAULT '[]',
    updated_at INTEGER NOT NULL
);

CREATE TABLE events (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    location TEXT NOT NULL DEFAULT '',
    session TEXT NOT NULL DEFAULT '',
    starts_at INTEGER,
    ends_at INTEGER,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_events_user ON events(user_id);

CREATE TABLE connect_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    event_id TEXT REFERENCES events(id) ON DELETE SET NULL,
    expires_at INTEGER NOT NULL,
    uses INTEGER NOT NULL DEFAULT 0,
    max_uses INTEGER,
    created_at INTEGER NOT NULL
);
"""

#: Migration 2: the user's own card for Quick Connect.
MIGRATION_2 = """
CREATE TABLE profiles (
    user_id TEXT PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL DEFAULT '',
    headline TEXT NOT NULL DEFAULT '',
    email TEXT NOT NULL DEFAULT '',
    phone TEXT NOT NULL DEFAULT '',
    github TEXT NOT NULL DEFAULT '',
    website TEXT NOT NULL DEFAULT '',
    social_links TEXT NOT NULL DEFAULT '[]',
    shared_fields TEXT NOT NULL DEFAULT '["name","headline","email","github","website"]',
    updated_at INTEGER NOT NULL
);
"""

#: Migration 3: indexes for the dashboard at 100k contacts (issue 8): the status
#: counts read only the index (status + vip), and the VIP list finds VIPs directly.
MIGRATION_3 = """
DROP INDEX IF EXISTS ix_contacts_user_status;
CREATE INDEX ix_contacts_user_status ON contacts(user_id, status, vip);
CREATE INDEX ix_contacts_user_vip ON contacts(user_id, vip);
"""

#: Migration 4: launch work independent of the store's size (issue 8).
#: - `status_until`: when the contact's status next changes by time alone (NULL: not
#:   before its data changes; 0: unknown, recompute). Launch and day change recompute
#:   only rows with `status_until <= now`, through the index, not every contact.
#: - `due_at`: when the contact is due (its clock's start + cadence; NULL: no
#:   cadence), so the attention queue reads each tier in due order from an index.
#: - interactions by date alone: on a store with one account the dashboard's counts
#:   walk this narrow index (3x faster than the (user_id, date) one).
#: Both columns are kept by `Store._recompute`; rows from older versions start at
#: `status_until = 0`, so the first launch fills them in.
MIGRATION_4 = """
ALTER TABLE contacts ADD COLUMN status_until INTEGER DEFAULT 0;
ALTER TABLE contacts ADD COLUMN due_at INTEGER;
CREATE INDEX ix_contacts_user_status_until ON contacts(user_id, status_until);
CREATE INDEX ix_contacts_user_status_due ON contacts(user_id, status, due_at);
CREATE INDEX ix_interactions_date ON interactions(date);
"""

#: Migration 5: imports keep every field a file carries, and know where each
#: contact came from (issue 16).
#: - `email_label` / `phone_label`: the types of the contact's email and phone
#:   ("work", "cell"...), so exports say them back;
#: - `contact_details`: a contact's other emails and phones (with their types),
#:   postal addresses, links and IM handles, and a card's own name parts (`kind`
#:   email | phone | address | link | name; `label` the type or the link's
#:   platform). Ids are derived from contact, kind and value, so two devices adding
#:   the same detail write the same row;
#: - `import_sources`: each imported record's fingerprint (its vCard UID, LinkedIn
#:   profile, or a hash of its content) and the contact it became, so importing
#:   the same file again matches every record, whatever fields it has.
#: Both tables carry `user_id` like every table a user's data lives in.
MIGRATION_5 = """
ALTER TABLE contacts ADD COLUMN email_label TEXT;
ALTER TABLE contacts ADD COLUMN phone_label TEXT;
CREATE TABLE contact_details (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    label TEXT NOT NULL DEFAULT '',
    value TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_contact_details_contact ON contact_details(contact_id, kind, position);
CREATE INDEX ix_contact_details_user ON contact_details(user_id, kind);
CREATE TABLE import_sources (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    fingerprint TEXT NOT NULL,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    created_at INTEGER NOT NULL,
    UNIQUE (user_id, fingerprint)
);
CREATE INDEX ix_import_sources_contact ON import_sources(contact_id);
"""

#: Migration 6: tracks (issue 19): job opportunities, client projects, mentorships
#: and collaborations, each with its stage, a next step, contacts and history; and
#: resources (URL + title) shared in an interaction.
#: - `tracks.open` is 0 once the stage is terminal (the kind's stages are a user
#:   preference, `track_stages:KIND`); `next_due` is a date (YYYY-MM-DD) and the
#:   queue reads the due next steps of open tracks from `ix_tracks_user_due`;
#:   `stage_at` is when the track entered its stage; `links` a JSON list of URLs;
#:   `amount_minor` the amount in the currency's minor units (cents).
#: - `track_events`: every stage change (`kind` 'stage', from `from_stage` to
#:   `stage`) and every next step done (`kind` 'step', its text in `note`), dated.
#: - slugs are unique per user by the app, not by the schema: two synced devices
#:   adding a track with the same title must not break each other's sync.
#: Every table carries `user_id`, like every table a user's data lives in.
MIGRATION_6 = """
CREATE TABLE tracks (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    slug TEXT NOT NULL,
    stage TEXT NOT NULL,
    open INTEGER NOT NULL DEFAULT 1,
    stage_at INTEGER NOT NULL,
    next_step TEXT NOT NULL DEFAULT '',
    next_due TEXT,
    amount_minor INTEGER,
    currency TEXT,
    links TEXT NOT NULL DEFAULT '[]',
    notes TEXT NOT NULL DEFAULT '',
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_tracks_user_kind ON tracks(user_id, kind, open, stage);
CREATE INDEX ix_tracks_user_due ON tracks(user_id, open, next_due);
CREATE INDEX ix_tracks_user_slug ON tracks(user_id, slug);
CREATE TABLE track_contacts (
    track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    position INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (track_id, contact_id)
);
CREATE INDEX ix_track_contacts_contact ON track_contacts(contact_id);
CREATE TABLE track_events (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    from_stage TEXT,
    stage TEXT,
    note TEXT NOT NULL DEFAULT '',
    at INTEGER NOT NULL
);
CREATE INDEX ix_track_events_track ON track_events(track_id, at);
CREATE TABLE track_goals (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    goal TEXT NOT NULL,
    progress TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    updated_at INTEGER NOT NULL
);
CREATE INDEX ix_track_goals_track ON track_goals(track_id, position);
CREATE TABLE interaction_tracks (
    interaction_id TEXT NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    track_id TEXT NOT NULL REFERENCES tracks(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, track_id)
);
CREATE INDEX ix_interaction_tracks_track ON interaction_tracks(track_id);
CREATE TABLE interaction_resources (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    interaction_id TEXT NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    url TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    position INTEGER NOT NULL DEFAULT 0,
    created_at INTEGER NOT NULL
);
CREATE INDEX ix_interaction_resources_interaction ON interaction_resources(interaction_id);
CREATE INDEX ix_interaction_resources_user ON interaction_resources(user_id);
"""

#: Skills and topics (issue 20):
#: - `contact_skills`: a contact's skills, each normalised by core.skills
#:   (`k8s` → `kubernetes`); one row per contact and skill.
#: - `interaction_topics`: the `#topics` of an interaction's note, normalised the
#:   same way, with the contact (what you talk about with whom, without a join).
MIGRATION_7 = """
CREATE TABLE contact_skills (
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    skill TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, skill)
);
CREATE INDEX ix_contact_skills_user_skill ON contact_skills(user_id, skill);
CREATE TABLE interaction_topics (
    interaction_id TEXT NOT NULL REFERENCES interactions(id) ON DELETE CASCADE,
    topic TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    contact_id TEXT NOT NULL REFERENCES contacts(id) ON DELETE CASCADE,
    PRIMARY KEY (interaction_id, topic)
);
CREATE INDEX ix_interaction_topics_user_topic ON interaction_topics(user_id, topic);
CREATE INDEX ix_interaction_topics_contact ON interaction_topics(contact_id, topic);
"""

#: Ordered list: index 0 brings a file from version 0 to version 1, and so on.
MIGRATIONS: tuple[str, ...] = (
    MIGRATION_1, MIGRATION_2, MIGRATION_3, MIGRATION_4, MIGRATION_5, MIGRATION_6,
    MIGRATION_7,
)

LATEST_VERSION = len(MIGRATIONS)

#: Derived, rebuildable full-text index (local only: never part of a synced schema).
SEARCH_INDEX_SQL = """
CREATE VIRTUAL TABLE IF NOT EXISTS contacts_fts USING fts5(
    name, nickname, company, title, location, notes, tags,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
CREATE VIRTUAL TABLE IF NOT EXISTS interactions_fts USING fts5(
    notes, tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER IF NOT EXISTS contacts_fts_ai AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts(rowid, name, nickname, company, title, location, notes, tags)
    VALUES (new.rowid, new.name, new.nickname, new.company, new.title, new.location,
            new.notes, '');
END;
CREATE TRIGGER IF NOT EXISTS contacts_fts_ad AFTER DELETE ON contacts BEGIN
    DELETE FROM contacts_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER IF NOT EXISTS contacts_fts_au AFTER UPDATE OF
    name, nickname, company, title, location, notes ON contacts BEGIN
    UPDATE contacts_fts SET name = new.name, nickname = new.nickname,
        company = new.company, title = new.title, location = new.location,
        notes = new.notes
    WHERE rowid = new.rowid;
END;
CREATE TRIGGER IF NOT EXISTS contact_tags_fts_ai AFTER INSERT ON contact_tags BEGIN
    UPDATE contacts_fts SET tags = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM contact_tags ct
        JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = new.contact_id)
    WHERE rowid = (SELECT rowid FROM contacts WHERE id = new.contact_id);
END;
CREATE TRIGGER IF NOT EXISTS contact_tags_fts_ad AFTER DELETE ON contact_tags BEGIN
    UPDATE contacts_fts SET tags = (
        SELECT coalesce(group_concat(t.name, ' '), '') FROM contact_tags ct
        JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = old.contact_id)
    WHERE rowid = (SELECT rowid FROM contacts WHERE id = old.contact_id);
END;
CREATE TRIGGER IF NOT EXISTS interactions_fts_ai AFTER INSERT ON interactions BEGIN
    INSERT INTO interactions_fts(rowid, notes) VALUES (new.rowid, new.notes);
END;
CREATE TRIGGER IF NOT EXISTS interactions_fts_ad AFTER DELETE ON interactions BEGIN
    DELETE FROM interactions_fts WHERE rowid = old.rowid;
END;
CREATE TRIGGER IF NOT EXISTS interactions_fts_au AFTER UPDATE OF notes ON interactions BEGIN
    UPDATE interactions_fts SET notes = new.notes WHERE rowid = new.rowid;
END;
"""

REBUILD_SEARCH_INDEX_SQL = """
DELETE FROM contacts_fts;
DELETE FROM interactions_fts;
INSERT INTO contacts_fts(rowid, name, nickname, company, title, location, notes, tags)
SELECT c.rowid, c.name, c.nickname, c.company, c.title, c.location, c.notes,
    coalesce((SELECT group_concat(t.name, ' ') FROM contact_tags ct
              JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '')
FROM contacts c;
INSERT INTO interactions_fts(rowid, notes) SELECT rowid, notes FROM interactions;
"""

#: Rebuild only the contacts part of the index (an index made before `prefix` existed).
REBUILD_CONTACTS_FTS_SQL = """
DROP TABLE IF EXISTS contacts_fts;
CREATE VIRTUAL TABLE contacts_fts USING fts5(
    name, nickname, company, title, location, notes, tags,
    tokenize = 'unicode61 remove_diacritics 2', prefix = '1 2 3'
);
INSERT INTO contacts_fts(rowid, name, nickname, company, title, location, notes, tags)
SELECT c.rowid, c.name, c.nickname, c.company, c.title, c.location, c.notes,
    coalesce((SELECT group_concat(t.name, ' ') FROM contact_tags ct
              JOIN tags t ON t.id = ct.tag_id WHERE ct.contact_id = c.id), '')
FROM contacts c;
"""
