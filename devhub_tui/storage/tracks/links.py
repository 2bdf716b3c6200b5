"""What ties tracks and resources to interactions and contacts (issue 19), scoped to
one user like everything in storage.

- an interaction can be linked to tracks (the quick log's `+words`) and carry
  resources it shared (URL + title);
- a contact's screen shows their open tracks, the stage changes of their tracks
  (in the timeline) and what you shared with them;
- a search for a URL or a title finds everyone you shared it with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.track_words import MAX_RESOURCES, TrackRef
from devhub_tui.core.validation import ValidationError, clean_text, validate_url
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.ids import new_id
from devhub_tui.storage.tracks.rows import INSERT_RESOURCE, SELECT_TRACKS, Track, TrackEvent
from devhub_tui.storage.tracks.store import TrackStore, tracks_for

__all__ = ["ContactTracks", "Resource", "TrackInteraction", "contact_tracks",
           "interaction_links", "link_interaction", "log_with_links", "search_shared",
           "set_resources", "track_interactions"]


@dataclass
class Resource:
    """A resource shared in an interaction, and with whom."""

    id: str
    interaction_id: str
    url: str
    title: str
    date: int  # the interaction's date (UTC ms)
    contact_id: str
    contact_name: str


@dataclass
class TrackInteraction:
    id: str
    contact_id: str
    contact_name: str
    type: str
    date: int
    notes: str


@dataclass
class ContactTracks:
    """What a contact's screen shows of tracks and resources."""

    open: list[Track] = field(default_factory=list)
    #: stage changes of every track they are on (for the timeline), newest first
    events: list[TrackEvent] = field(default_factory=list)
    shared: list[Resource] = field(default_factory=list)


def _clean_resources(resources: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out: dict[str, str] = {}
    for url, title in resources:
        link = validate_url(url)
        if link and not out.get(link):
            out[link] = clean_text(title or "", max_len=300, multiline=False, field="title")
    if len(out) > MAX_RESOURCES:
        raise ValidationError(f"at most {MAX_RESOURCES} resources an interaction")
    return list(out.items())


def _own_interaction(t: TrackStore, c: Any, interaction_id: str) -> None:
    if not c.execute("SELECT 1 FROM interactions WHERE id = ? AND user_id = ?",
                     (interaction_id, t.user_id)).fetchone():
        raise NotFoundError("that interaction no longer exists")


def _link(t: TrackStore, c: Any, interaction_id: str, track_ids: Sequence[str]) -> None:
    for track_id in dict.fromkeys(track_ids):
        if not c.execute("SELECT 1 FROM tracks WHERE id = ? AND user_id = ?",
                         (track_id, t.user_id)).fetchone():
            raise NotFoundError("that track no longer exists")
        c.execute("INSERT OR IGNORE INTO interaction_tracks (interaction_id, track_id, user_id)"
                  " VALUES (?, ?, ?)", (interaction_id, track_id, t.user_id))


def _add_resources(t: TrackStore, c: Any, interaction_id: str,
                   resources: list[tuple[str, str]], start: int = 0) -> None:
    now = t.clock()
    c.executemany(
        INSERT_RESOURCE,
        [(new_id(), t.user_id, interaction_id, url, title, start + n, now)
         for n, (url, title) in enumerate(resources)])


def log_with_links(
    store: Any, contact_id: str, type_: str, date_ms: int | None, notes: str, *,
    track_ids: Sequence[str] = (), resources: Sequence[tuple[str, str]] = (),
) -> str:
    """Log an interaction linked to tracks and carrying resources, all in one
    transaction (all or nothing). Returns the interaction's id."""
    t = tracks_for(store)
    clean = _clean_resources(resources)
    with store.db.write() as c:
        iid: str = store.log_interaction(contact_id, type_, date_ms, notes)
        _link(t, c, iid, track_ids)
        _add_resources(t, c, iid, clean)
    return iid


def link_interaction(t: TrackStore, interaction_id: str, track_id: str) -> None:
    with t.db.write() as c:
        _own_interaction(t, c, interaction_id)
        _link(t, c, interaction_id, [track_id])


def set_resources(t: TrackStore, interaction_id: str,
                  resources: Sequence[tuple[str, str]]) -> None:
    """Replace what an interaction shared."""
    clean = _clean_resources(resources)
    with t.db.write() as c:
        _own_interaction(t, c, interaction_id)
        c.execute("DELETE FROM interaction_resources WHERE interaction_id = ? AND user_id = ?",
                  (interaction_id, t.user_id))
        _add_resources(t, c, interaction_id, clean)


def interaction_links(t: TrackStore, interaction_id: str
                      ) -> tuple[list[TrackRef], list[tuple[str, str]]]:
    """The tracks an interaction is linked to, and the resources it carries."""
    conn = t.db.conn()
    tracks = [TrackRef(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in conn.execute(
        "SELECT t.id, t.slug, t.title, t.kind, t.stage, t.open FROM interaction_tracks it"
        " JOIN tracks t ON t.id = it.track_id WHERE it.interaction_id = ? AND it.user_id = ?"
        " ORDER BY t.title", (interaction_id, t.user_id))]
    resources = [(r[0], r[1]) for r in conn.execute(
        "SELECT url, title FROM interaction_resources WHERE interaction_id = ? AND user_id = ?"
        " ORDER BY position, url", (interaction_id, t.user_id))]
    return tracks, resources


def track_interactions(t: TrackStore, track_id: str, limit: int = 200) -> list[TrackInteraction]:
    """The interactions linked to a track, newest first."""
    rows = t.db.conn().execute(
        "SELECT i.id, i.contact_id, c.name, i.type, i.date, i.notes FROM interaction_tracks it"
        " JOIN interactions i ON i.id = it.interaction_id JOIN contacts c ON c.id = i.contact_id"
        " WHERE it.track_id = ? AND it.user_id = ? ORDER BY i.date DESC, i.id LIMIT ?",
        (track_id, t.user_id, limit)).fetchall()
    return [TrackInteraction(*r) for r in rows]


_RESOURCE_SELECT = (
    "SELECT r.id, r.interaction_id, r.url, r.title, i.date, i.contact_id, c.name"
    " FROM interaction_resources r JOIN interactions i ON i.id = r.interaction_id"
    " JOIN contacts c ON c.id = i.contact_id"
)


def contact_tracks(t: TrackStore, contact_id: str) -> ContactTracks:
    """A contact's open tracks, the stage changes of all their tracks, and the
    resources you shared with them (newest first)."""
    conn = t.db.conn()
    ids = [r[0] for r in conn.execute(
        "SELECT track_id FROM track_contacts WHERE contact_id = ? AND user_id = ?",
        (contact_id, t.user_id))]
    out = ContactTracks()
    if ids:
        marks = ", ".join("?" * len(ids))
        out.open = [x for x in _tracks_by_id(t, ids[:500]) if x.open]
        out.events = [TrackEvent(*r) for r in conn.execute(
            "SELECT e.id, e.track_id, e.kind, e.from_stage, e.stage, e.note, e.at, tr.title"
            " FROM track_events e JOIN tracks tr ON tr.id = e.track_id"
            f" WHERE e.user_id = ? AND e.kind = 'stage' AND e.track_id IN ({marks})"
            " ORDER BY e.at DESC, e.rowid DESC LIMIT 500", (t.user_id, *ids))]
    out.shared = [Resource(*r) for r in conn.execute(
        f"{_RESOURCE_SELECT} WHERE r.user_id = ? AND i.contact_id = ?"
        " ORDER BY i.date DESC, r.position LIMIT 200", (t.user_id, contact_id))]
    return out


def _tracks_by_id(t: TrackStore, ids: list[str]) -> list[Track]:
    marks = ", ".join("?" * len(ids))
    rows = t.db.conn().execute(
        f"{SELECT_TRACKS} WHERE t.user_id = ? AND t.id IN ({marks})"
        " ORDER BY t.next_due IS NULL, t.next_due, t.title", (t.user_id, *ids)).fetchall()
    return t.fill([Track.from_row(r) for r in rows])


def _like(word: str) -> str:
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def search_shared(t: TrackStore, query: str, limit: int = 50) -> list[Resource]:
    """Resources whose link or title holds the query (every word of it, case-
    insensitive for ASCII letters): who you shared it with, newest first. An empty
    query: everything shared."""
    text = clean_text(query or "", max_len=2000, multiline=False, field="search")
    where = ["r.user_id = ?"]
    params: list[Any] = [t.user_id]
    for word in text.split()[:8]:
        where.append("(r.url LIKE ? ESCAPE '\\' OR r.title LIKE ? ESCAPE '\\')")
        params += [_like(word)] * 2
    rows = t.db.conn().execute(
        f"{_RESOURCE_SELECT} WHERE {' AND '.join(where)} ORDER BY i.date DESC, r.id LIMIT ?",
        [*params, limit]).fetchall()
    return [Resource(*r) for r in rows]
