"""Command palette (ctrl+p): tracks by title or slug, and everyone you shared a link
or a title with (issue 19).

Typing part of a link (`rust-lang.org/book`) or of a resource's title lists each
person you shared it with; Enter opens that contact. Track titles open the track.
Everything is read in threads; titles and names are shown as typed (never markup).
"""

from __future__ import annotations

import asyncio
from functools import partial

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from devhub_tui.core.track_words import TrackRef
from devhub_tui.services.session import Session
from devhub_tui.tui.messages import OpenContact, OpenTrack
from devhub_tui.tui.palette import fold, plain_highlight
from devhub_tui.tui.session_ui import HasSession

__all__ = ["TracksProvider"]

#: people a resource search lists at most
SHARED_HITS = 20


class TracksProvider(Provider):
    """Open a track by title or slug; find who you shared a link or title with."""

    refs: list[TrackRef] | None = None
    session: Session | None = None

    async def startup(self) -> None:
        app = self.app
        if not isinstance(app, HasSession) or not app.session.signed_in:
            return
        from devhub_tui.storage.tracks import tracks_for

        session = self.session = app.session
        self.refs = await asyncio.to_thread(lambda: tracks_for(session.store).refs())

    def _open_track(self, ref: TrackRef) -> None:
        self.app.post_message(OpenTrack(ref.id))

    def _open_contact(self, contact_id: str) -> None:
        self.app.post_message(OpenContact(contact_id))

    async def search(self, query: str) -> Hits:
        if self.refs is None:
            return
        matcher = self.matcher(fold(query))
        for ref in self.refs:
            label = f"{ref.title} (+{ref.slug})"
            score = matcher.match(fold(label))
            if score > 0:
                yield Hit(score, plain_highlight(matcher, label), partial(self._open_track, ref),
                          text=label, help=f"open track · {ref.kind}, {ref.stage}")
        session = self.session
        if len(query.strip()) < 3 or session is None or not session.signed_in:
            return
        from devhub_tui.storage.tracks import tracks_for
        from devhub_tui.storage.tracks.links import search_shared

        found = await asyncio.to_thread(
            lambda: search_shared(tracks_for(session.store), query, limit=SHARED_HITS))
        for r in found:
            label = f"{r.contact_name}: {r.title or r.url}"
            yield Hit(0.9, Content(label), partial(self._open_contact, r.contact_id),
                      text=label, help=f"shared {r.url}")

    async def discover(self) -> Hits:
        for ref in (self.refs or [])[:10]:
            if ref.open:
                label = f"{ref.title} (+{ref.slug})"
                yield DiscoveryHit(Content(label), partial(self._open_track, ref), text=label,
                                   help="open track")
