"""How CLI commands find the contact they are given (no textual here).

A CONTACT argument is a contact's id (in full, or its first 8 or more characters:
what `devhub contact add` prints and ambiguity messages show) or its name words,
matched like the quick log does: full name, nickname, first name or a unique
prefix, case-insensitive. When a name fits several contacts, the error lists them
with their id and what tells them apart (email, else company).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from devhub_tui.cli.main import CLIError

#: Most leading words tried as a contact's name (as the quick log).
MAX_CONTACT_WORDS = 12
#: Most candidates an ambiguity message lists.
CANDIDATES_SHOWN = 5


def safe(text: str | None) -> str:
    """Plain output never passes terminal control characters through."""
    from devhub_tui.core.validation import clean_text

    if not text:
        return ""
    return clean_text(text, max_len=10**9, multiline=False)


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def by_id(store: Any, word: str) -> Any:
    """The contact (a `ContactRef`) whose id `word` is or starts, or None."""
    from devhub_tui.core.quicklog import ContactRef
    from devhub_tui.storage.lookup import contacts_by_id

    found = contacts_by_id(store, word)
    if len(found) > 1:
        raise CLIError(
            f"'{safe(_clip(word))}' starts the id of several contacts: give more of it"
            " (devhub contacts --json shows the ids)"
        )
    if not found:
        return None
    c = found[0]
    return ContactRef(c.id, c.name, c.nickname)


def label(store: Any, ref: Any) -> str:
    """'Grace Hopper (grace@navy.mil, id 2bcdefbf)'."""
    from devhub_tui.storage.errors import NotFoundError
    from devhub_tui.storage.lookup import short_id

    try:
        contact = store.get_contact(ref.id)
    except NotFoundError:
        return f"{safe(ref.name)} (id {short_id(ref.id)})"
    told_by = contact.email or contact.company
    extra = f"{safe(told_by)}, " if told_by else ""
    return f"{safe(contact.name)} ({extra}id {short_id(contact.id)})"


def candidates_error(store: Any, message: str, refs: Sequence[Any], example: str) -> CLIError:
    """One line: what went wrong, then the candidates with ids, then how to use an id.

    `message` may already end with the candidates' names (the quick-log parser's
    messages do): they are replaced by the labelled list. `example` is the command
    with ID where the contact goes."""
    from devhub_tui.storage.lookup import short_id

    head = message
    cut = message.find(": " + refs[0].name) if refs else -1
    if cut >= 0:
        head = message[:cut]
    shown = "; ".join(label(store, r) for r in refs[:CANDIDATES_SHOWN])
    more = "; …" if len(refs) > CANDIDATES_SHOWN else ""
    first = short_id(refs[0].id) if refs else "ID"
    return CLIError(f"{safe(head)}: {shown}{more}; to pick one, use its id: "
                    f"{example.replace('ID', first, 1)}")


def index_for(store: Any, name: str, empty_message: str) -> Any:
    """A quick-log index of the contacts `name` can mean: those with a name word
    starting like its first word (no need to load 100k contacts for one command),
    or everyone when none does (names that only match with accents folded)."""
    from devhub_tui.core.quicklog import ContactIndex

    words = name.split()
    if not words:
        raise CLIError(empty_message)
    return ContactIndex(store.contact_refs_matching(words[0]) or store.contact_refs())


def leading_contact(store: Any, args: Sequence[str], example: str) -> tuple[Any, str]:
    """The contact named by the leading words of `args`, and the text after it
    (kept as typed).

    Either the first word is an id, or the contact is the longest run of leading
    words that names contacts (exactly: full name, nickname, first name; else as
    the start of a name): one contact is the answer, several are an error that
    lists them. `example` is the command with ID, for that error.
    """
    text = " ".join(args)
    spans = [(m.start(), m.end()) for m in re.finditer(r"\S+", text)]
    words = [text[a:b] for a, b in spans]

    def rest(k: int) -> str:
        return text[spans[k][0]:].strip() if k < len(spans) else ""

    if not words:
        raise CLIError("name the contact (or give its id)")
    ref = by_id(store, words[0])
    if ref is not None:
        return ref, rest(1)
    index = index_for(store, words[0], "name the contact (or give its id)")
    for k in range(min(len(words), MAX_CONTACT_WORDS), 0, -1):
        phrase = " ".join(words[:k])
        exact = index.best_exact(phrase)
        matches = exact or index.prefix(phrase, limit=CANDIDATES_SHOWN + 1)
        if len(matches) == 1:
            return matches[0], rest(k)
        if matches:
            count = (f"{len(matches)}" if exact or len(matches) <= CANDIDATES_SHOWN
                     else f"more than {CANDIDATES_SHOWN}")
            raise candidates_error(
                store, f"'{_clip(phrase)}' matches {count} contacts", matches, example
            )
    raise CLIError(f"no contact matches '{safe(_clip(words[0]))}'")
