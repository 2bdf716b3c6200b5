"""Command palette (ctrl+p): tracks by title or slug, and everyone you shared a link
or a title with (issue 19).

Typing part of a link (`rust-lang.org/book`) or of a resource's title lists each
person you shared it with; Enter opens that contact. Track titles open the track.
Everything is read in threads; titles and names are shown as typed (never markup).
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import Any

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from devhub_tui.core.track_words import TrackRef
from devhub_tui.tui.palette import fold, plain_highlight

__all__ = ["TracksProvider"]

#: people a resource search lists at most
SHARED_HITS = 20


class TracksProvider(Provider):
    refs: list[TrackRef] | None = None

    async def startup(self) -> None:
        store = getattr(self.app, "store", None)
        if store is None:
            return
        from devhub_tui.storage.tracks import tracks_for

        self.refs = await asyncio.to_thread(lambda: tracks_for(store).refs())

    def _open_track(self, ref: TrackRef) -> None:
        self.app.open_track(ref.id)  # type: ignore[attr-defined]

    def _open_contact(self, contact_id: str) -> None:
        self.app.open_contact(contact_id)  # type: ignore[attr-defined]

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
        if len(query.strip()) < 3:
            return
        store: Any = getattr(self.app, "store", None)
        if store is None:
            return
        from devhub_tui.storage.track_links import search_shared
        from devhub_tui.storage.tracks import tracks_for

        found = await asyncio.to_thread(
            lambda: search_shared(tracks_for(store), query, limit=SHARED_HITS))
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
