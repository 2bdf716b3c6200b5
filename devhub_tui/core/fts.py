"""Safe SQLite FTS5 queries from free user text."""

from __future__ import annotations

import unicodedata

__all__ = ["MAX_FTS_TOKENS", "fts_query", "fts_tokens"]

#: Most words used from one search (keeps a pasted paragraph from becoming a huge query).
MAX_FTS_TOKENS = 16


def _is_word_char(ch: str) -> bool:
    # letters, marks and numbers of any script (FTS5's unicode61 token characters,
    # plus marks so a decomposed accent doesn't split a word)
    return unicodedata.category(ch)[0] in "LMN"


def fts_tokens(user_text: str) -> list[str]:
    """The words of ``user_text`` (NFC-normalized runs of letters, marks and digits)."""
    words: list[str] = []
    current: list[str] = []
    for ch in unicodedata.normalize("NFC", user_text):
        if _is_word_char(ch):
            current.append(ch)
        elif current:
            words.append("".join(current))
            current = []
    if current:
        words.append("".join(current))
    return words


def fts_query(user_text: str, *, max_tokens: int = MAX_FTS_TOKENS) -> str | None:
    """A safe FTS5 ``MATCH`` expression for what the user typed, or ``None`` if it
    has no words.

    Every word becomes a quoted string with a prefix star (``"ada"* "love"*``); the
    words are joined by spaces, which FTS5 reads as AND. Only letters, marks and
    digits reach the expression, and always inside double quotes (any ``"`` would
    be doubled), so operators (``OR``, ``NOT``, ``NEAR(``), column filters
    (``name:``), ``^``, ``-``, ``*`` and quotes in the input are plain text, never
    syntax. At most ``max_tokens`` words are used.
    """
    words = fts_tokens(user_text)[:max_tokens]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)
