"""Command palette (ctrl+p): jump to any contact by fuzzy name; run any action.

The contact index is built in a thread (kept by the session). Names are shown as
plain text: a contact called `[bold]x` is displayed as typed. `system_commands`
lists the app's actions (`DevhubApp.get_system_commands`).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.app import SystemCommand
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content

from devhub_tui.core.quicklog import ContactIndex, ContactRef, normalize_key
from devhub_tui.tui.messages import OpenContact
from devhub_tui.tui.session_ui import HasSession

if TYPE_CHECKING:
    from textual.app import App
    from textual.command import Matcher

#: What the palette offers when signed in, after the navigation keys: (action
#: name, title, help); actions the app has no `action_NAME` for are left out.
APP_COMMANDS: list[tuple[str, str, str]] = [
    ("goto('dashboard')", "Dashboard", "Who needs attention (d)"),
    ("goto('contacts')", "Contacts", "All contacts (c)"),
    ("goto('interactions')", "Interactions", "Everything logged (i)"),
    ("goto('tracks')", "Tracks", "Jobs, clients, mentorships, collabs (b)"),
    ("goto('events')", "Events", "Who you met where, follow up all, conference mode (E)"),
    ("leave_conference", "Leave conference mode", "Stop tagging new people with the event"),
    ("match", "Who knows…", "Who in your network knows a technology (w)"),
    ("stack", "Tech stack", "The technologies across your network, as a chart (g)"),
    ("contacts_filter", "Contacts by skill, industry, relationship",
     "Filter the contacts (c, then f); or search skill:rust topic:wasm"),
    ("quick_log", "Quick log", "Log an interaction (l)"),
    ("new_contact", "New contact", "Add a contact (n)"),
    ("quick_connect", "Quick Connect", "Show your QR code (r)"),
    ("vips", "VIPs", "Your VIPs and their cadence"),
    ("settings", "Settings", "Reminder cadence defaults, reachable hours, track stages"),
    ("settings", "Reachable hours", "When contacts are reachable, their local time (Settings)"),
    ("import", "Import contacts", "vCard, CSV or a devhub JSON backup"),
    ("profile", "My card", "Edit what Quick Connect shares"),
    ("sync_now", "Sync now", "Push and pull the synced replica (Turso or libSQL)"),
    ("sync_status", "Sync status", "Last sync, changes waiting, errors"),
    ("refresh", "Refresh", "Reload from the store (changes by the CLI or another devhub)"),
    ("recompute", "Recompute statuses", "Re-apply reminder rules now"),
    ("logout", "Log out", "End this session"),
]
#: ...and always
ALWAYS_COMMANDS: list[tuple[str, str, str]] = [
    ("toggle_theme", "Toggle theme", "Dark / light (ctrl+t)"),
    ("help", "Keys", "Show every key (?)"),
    ("quit", "Quit", "Leave devhub (q)"),
]


def system_commands(app: App[Any], signed_in: bool) -> Iterator[SystemCommand]:
    """The app's actions as palette entries."""
    for action, title, help_text in (APP_COMMANDS if signed_in else []) + ALWAYS_COMMANDS:
        name, _, arg = action.partition("(")
        method = getattr(app, f"action_{name}", None)
        if callable(method):
            call = partial(method, arg.strip("')")) if arg else method
            yield SystemCommand(title, help_text, call)

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
        if not isinstance(app, HasSession) or not app.session.signed_in:
            return
        self.index = await asyncio.to_thread(app.session.contact_index)

    def _open(self, ref: ContactRef) -> None:
        self.app.post_message(OpenContact(ref.id))

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
