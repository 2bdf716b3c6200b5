"""Tab in the quick-log bar: what the word being typed can become.

Tab, Tab... cycles through :func:`completions` (whole new lines): the types the word
starts while typing the type, the names it can mean while typing the contact.
"""

from __future__ import annotations

from collections.abc import Sequence

from devhub_tui.core.quicklog import (
    CANDIDATE_LIMIT,
    MAX_CONTACT_WORDS,
    ContactIndex,
    ContactRef,
    join_words,
    normalize_key,
    resolve_type,
    type_key,
    word_tokens,
)

__all__ = ["complete", "completions"]


def _type_lines(before: str, token: str, types: Sequence[str]) -> list[str]:
    """``before`` + each type ``token`` starts (an exact match first) + a space."""
    key = normalize_key(token)
    if not key:
        return []
    starts = [t for t in types if type_key(t).startswith(key)]
    starts.sort(key=lambda t: type_key(t) != key)  # stable: exact first
    return [f"{before}{t} " for t in starts]


def _name_lines(index: ContactIndex, phrase: str) -> list[str]:
    """Each name ``phrase`` can mean (the best exact group, then prefix matches), once."""
    refs = index.best_exact(phrase) + index.prefix(phrase, CANDIDATE_LIMIT)
    return list(dict.fromkeys(f"{r.name} " for r in refs))[:CANDIDATE_LIMIT]


def completions(
    text: str,
    index: ContactIndex,
    types: Sequence[str],
    *,
    default_contact: ContactRef | None = None,
) -> list[str]:
    """What Tab offers, in order (Tab, Tab... cycles through them): whole new lines.

    * Typing the type (the words before the last one name a contact exactly, or
      uniquely by prefix while the whole line names nobody): the line with the last
      word replaced by each type it starts (an exact match first).
    * Typing the contact (the whole line is a contact phrase): each full name it
      can mean, once (identical names are told apart by the bar's picker, not Tab).
    * With ``default_contact``: the first word completes to the types it starts, then
      to the names it starts; after a type, nothing completes.
    * Anything else (the note, the date): nothing.
    """
    toks = word_tokens(text)
    if not toks:
        return []
    partial = not text[-1].isspace()
    if default_contact is not None:
        if len(toks) == 1 and partial:
            lines = _type_lines(text[: toks[0].start], toks[0].text, types)
            return lines + [x for x in _name_lines(index, toks[0].text) if x not in lines]
        if resolve_type(toks[0].text, types)[0] is not None:
            return []

    if partial and len(toks) >= 2 and len(toks) - 1 <= MAX_CONTACT_WORDS:
        before = join_words(toks[:-1])
        whole = join_words(toks)
        is_type_slot = bool(index.best_exact(before)) or (
            len(index.prefix(before, 2)) == 1 and not index.prefix(whole, 1)
        )
        if is_type_slot:
            lines = _type_lines(text[: toks[-1].start], toks[-1].text, types)
            if lines:
                return lines

    if len(toks) > MAX_CONTACT_WORDS:
        return []
    return _name_lines(index, join_words(toks))


def complete(
    text: str,
    index: ContactIndex,
    types: Sequence[str],
    *,
    default_contact: ContactRef | None = None,
) -> str | None:
    """Tab completion: the first of :func:`completions`, or ``None`` when there is
    nothing to complete or it would not change the line."""
    lines = completions(text, index, types, default_contact=default_contact)
    return None if not lines or lines[0] == text else lines[0]
