"""Command palette (ctrl+p): jump to any contact by fuzzy name; run any action.

The contact index is built in a thread (cached on the app). Names are shown as
plain text: a contact called `[bold]x` is displayed as typed.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from devhub_tui.core.quicklog import ContactIndex, ContactRef, normalize_key

if TYPE_CHECKING:
    from textual.command import Matcher

#: Fuzzy-match every name only for modest address books; beyond, use the index.
FUZZY_ALL_LIMIT = 5_000


def fold(text: str) -> str:
    """`text` with accents folded the way search and the quick log fold them ("Sofía" ->
    "sofia"), one character for one, so offsets in it are offsets in `text`."""
    out = []
    for ch in text:
        key = normalize_key(ch)
        out.append(key if len(key) == 1 else ch)
    return "".join(out)


def plain_highlight(matcher: Matcher, text: str) -> Content:
    """`text` as typed, the characters the query matched (accents folded) underlined."""
    content = Content(text)
    _score, offsets = matcher.fuzzy_search.match(matcher.query, fold(text))
    for offset in offsets:
        if offset < len(text) and not text[offset].isspace():
            content = content.stylize("bold underline", offset, offset + 1)
    return content


class ContactsProvider(Provider):
    """Open any contact: type part of a name or nickname."""

    index: ContactIndex | None = None

    async def startup(self) -> None:
        app = self.app
        if getattr(app, "store", None) is None:
            return
        self.index = await asyncio.to_thread(app.contact_index)  # type: ignore[attr-defined]

    def _open(self, ref: ContactRef) -> None:
        self.app.open_contact(ref.id)  # type: ignore[attr-defined]

    def _label(self, ref: ContactRef) -> str:
        return f"{ref.name} ({ref.nickname})" if ref.nickname else ref.name

    async def search(self, query: str) -> Hits:
        if self.index is None:
            return
        matcher = self.matcher(fold(query))
        seen: set[str] = set()
        candidates: list[ContactRef] = []
        words = query.split()
        if words:
            candidates.extend(self.index.exact(query))
            candidates.extend(self.index.prefix(query, limit=40))
            candidates.extend(self.index.prefix(words[0], limit=200))
        if len(self.index) <= FUZZY_ALL_LIMIT:
            candidates.extend(self.index)
        for ref in candidates:
            if ref.id in seen:
                continue
            seen.add(ref.id)
            label = self._label(ref)
            score = matcher.match(fold(label))
            if score > 0:
                yield Hit(score, plain_highlight(matcher, label), partial(self._open, ref),
                          text=label, help="open contact")

    async def discover(self) -> Hits:
        if self.index is None:
            return
        for n, ref in enumerate(self.index):
            if n >= 10:
                break
            yield DiscoveryHit(Content(self._label(ref)), partial(self._open, ref),
                               text=self._label(ref), help="open contact")
