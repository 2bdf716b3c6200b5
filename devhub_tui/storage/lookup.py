"""Finding a user's contacts by exact name or by id.

For telling same-name contacts apart: the warning (CLI) or question (app) before a
second "Grace Hopper" is saved, and the CLI's contact arguments, which take an id
wherever they take a name. Every query is scoped to the store's user.
"""

from __future__ import annotations

import re

from devhub_tui.storage.store import SELECT_CONTACT, Contact, Store

#: Fewest leading characters of an id that the CLI accepts for the whole id
#: (what `devhub contact add` prints and ambiguity messages show).
ID_PREFIX_MIN = 8
_ID_PREFIX_RE = re.compile(rf"[0-9a-f]{{{ID_PREFIX_MIN},}}", re.ASCII)
#: Above every character an id can hold: the end of an id prefix's range.
_ID_RANGE_END = "\U0010ffff"


def short_id(contact_id: str) -> str:
    """The id as shown in messages: its first characters."""
    return contact_id[:ID_PREFIX_MIN]


def contacts_named(
    store: Store, name: str, *, exclude_id: str | None = None, limit: int = 5
) -> list[Contact]:
    """The contacts called exactly `name` (letter case aside), archived ones too,
    oldest first; at most `limit`."""
    rows = store.select_own(
        SELECT_CONTACT, "c.name = ? COLLATE NOCASE AND c.id != ?",
        (name.strip(), exclude_id or "", limit), owner="c.user_id",
        tail="ORDER BY c.created_at, c.id LIMIT ?",
    ).fetchall()
    return [Contact.from_select(r) for r in rows]


def contacts_by_id(store: Store, word: str, *, limit: int = 2) -> list[Contact]:
    """The contact whose id is `word`; else, when `word` is at least
    `ID_PREFIX_MIN` hex digits, the contacts whose id starts with it (at most
    `limit`: more than one means `word` is too short to tell them apart)."""
    word = word.strip()
    if not word:
        return []
    row = store.select_own(SELECT_CONTACT, "c.id = ?", (word,), owner="c.user_id").fetchone()
    if row is not None:
        return [Contact.from_select(row)]
    prefix = word.lower()
    if not _ID_PREFIX_RE.fullmatch(prefix):
        return []
    rows = store.select_own(
        SELECT_CONTACT, "c.id >= ? AND c.id < ?", (prefix, prefix + _ID_RANGE_END, limit),
        owner="c.user_id", tail="ORDER BY c.id LIMIT ?",
    ).fetchall()
    return [Contact.from_select(r) for r in rows]


def detail(contact: Contact) -> str:
    """What tells a contact from others with the same name: the email, else the
    company, else the id."""
    return contact.email or contact.company or f"id {short_id(contact.id)}"
