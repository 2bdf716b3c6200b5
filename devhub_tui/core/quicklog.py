"""The quick-log grammar: ``CONTACT TYPE [NOTE...] [@WHEN]`` (PRODUCT.md §4).

* ``CONTACT`` -- the leading words: a full name, first name, nickname or a unique
  prefix (of the full name, the nickname or any name word), case-insensitive and
  Unicode-aware (NFKC + casefold).
* ``TYPE`` -- an interaction type, exact (case-insensitive) or a unique prefix.
* ``NOTE`` -- everything between the type and the date, kept as typed (only
  trimmed). It is *not* sanitized here: validate it with
  ``validation.clean_text(note, max_len=MAX_NOTE_LEN, multiline=True)`` before saving.
* ``@WHEN`` -- the last token when it starts with ``@``: any :func:`parse_when` word,
  past mode (``@fri`` = the most recent Friday, today included). Default: today.
  An interaction records what happened: a date after today or before 1900 is refused
  (:func:`check_interaction_date`; ``QuickLog.future_date`` says it was in the future).
* A *default contact* (the bar opened on a contact) is used when the line starts
  with a type; a line that starts with a contact's name uses that contact instead.

Messages (``QuickLog.error``) contain contact names verbatim: escape them before
rendering them as markup.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.dates import (
    DateWordError,
    FutureDateError,
    check_interaction_date,
    parse_when,
)

__all__ = [
    "BUILTIN_TYPES",
    "CANDIDATE_LIMIT",
    "QUICK_LOG_USAGE",
    "QUICK_LOG_USAGE_FIXED",
    "ContactIndex",
    "ContactRef",
    "QuickLog",
    "normalize_key",
    "parse_quick_log",
    "ref_detail",
    "resolve_type",
    "type_key",
]

BUILTIN_TYPES: tuple[str, ...] = (
    "meeting",
    "call",
    "video-call",
    "email",
    "message",
    "coffee",
    "meetup",
    "conference",
    "pairing",
    "code-review",
    "mentoring",
    "interview",
    "intro",
    "resource-shared",
    "other",
)

QUICK_LOG_USAGE = "type: CONTACT TYPE [NOTE] [@WHEN]"
QUICK_LOG_USAGE_FIXED = "type: TYPE [NOTE] [@WHEN]"

#: Most candidates a lookup reports (the preview lists them).
CANDIDATE_LIMIT = 10
#: Most leading words tried as a contact phrase (bounds the work per keystroke).
MAX_CONTACT_WORDS = 12
#: Names shown inline in an "ambiguous" message.
_NAMES_IN_MESSAGE = 5

_TOKEN_RE = re.compile(r"\S+")

# exact-match ranks: a full-name match beats a nickname match beats a first-name match
_RANK_FULL, _RANK_NICK, _RANK_FIRST = 0, 1, 2


def _fold_accents(text: str) -> str:
    """Drop combining accents from Latin, Greek and Cyrillic letters ("Zoë" -> "Zoe").

    Marks on other scripts (Devanagari vowel signs, Japanese dakuten...) change
    the letter itself, so they are kept.
    """
    decomposed = unicodedata.normalize("NFD", text)
    if decomposed.isascii():
        return decomposed
    out: list[str] = []
    base_is_european = False
    for ch in decomposed:
        if unicodedata.combining(ch):
            if not base_is_european:
                out.append(ch)
            continue
        base_is_european = ord(ch) < 0x0530  # Latin, IPA, Greek, Cyrillic
        out.append(ch)
    return unicodedata.normalize("NFC", "".join(out))


def normalize_key(text: str) -> str:
    """Lookup key for names and types: NFKC, casefolded, accents folded on European
    letters ("Zoë" == "zoe"), whitespace collapsed to one space."""
    folded = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(_fold_accents(folded).split())


@functools.lru_cache(maxsize=1024)
def type_key(name: str) -> str:
    """`normalize_key` of an interaction type's name, remembered: a line is parsed at
    every key typed in the quick-log bar and on save, and each word that may be the
    type is held against every type (~190 normalisations per line at 28 types, 65 us
    of a 100k save's parse). There are only a few dozen types."""
    return normalize_key(name)


@dataclass(frozen=True)
class ContactRef:
    id: str
    name: str
    nickname: str | None = None
    #: "company · email", to tell apart people in a list ("" when both are empty;
    #: None when not loaded); not part of equality
    detail: str | None = field(default=None, compare=False)


def ref_detail(company: str | None, email: str | None) -> str:
    """A contact's `ContactRef.detail`: "company · email", either one alone, or ""."""
    return " · ".join(x for x in (company, email) if x)


class ContactIndex:
    """Name lookups over many contacts, cheap enough to run on every keystroke.

    Built once in O(n log n): a dict of exact keys (full name, nickname, first
    name) and a sorted list of prefix keys (every word-suffix of the full name and
    the nickname, so ``"lov"`` and ``"ada lov"`` both reach "Ada Lovelace"). A
    prefix lookup is a bisect plus a scan of at most a few keys per result.
    """

    def __init__(self, refs: Iterable[ContactRef]) -> None:
        self._refs: list[ContactRef] = list(refs)
        self._sort_keys: list[tuple[str, str]] = []
        exact: dict[str, list[tuple[int, int]]] = {}
        pairs: list[tuple[str, int]] = []
        by_id: dict[str, int] = {}
        for i, ref in enumerate(self._refs):
            by_id.setdefault(ref.id, i)
            name = normalize_key(ref.name)
            nick = normalize_key(ref.nickname) if ref.nickname else ""
            self._sort_keys.append((name, ref.id))
            words = name.split(" ") if name else []
            nick_words = nick.split(" ") if nick else []
            ranks: dict[str, int] = {}
            for key, rank in (
                (words[0] if words else "", _RANK_FIRST),
                (nick, _RANK_NICK),
                (name, _RANK_FULL),
            ):
                if key:
                    ranks[key] = min(rank, ranks.get(key, rank))
            for key, rank in ranks.items():
                exact.setdefault(key, []).append((rank, i))
            suffixes = {" ".join(words[j:]) for j in range(len(words))}
            suffixes.update(" ".join(nick_words[j:]) for j in range(len(nick_words)))
            pairs.extend((key, i) for key in suffixes)
        for bucket in exact.values():
            bucket.sort(key=lambda hit: (hit[0], self._sort_keys[hit[1]]))
        pairs.sort()
        self._keys = [key for key, _ in pairs]
        self._owners = [i for _, i in pairs]
        self._exact = exact
        self._by_id = by_id

    def __len__(self) -> int:
        return len(self._refs)

    def __iter__(self) -> Iterator[ContactRef]:
        return iter(self._refs)

    def get(self, contact_id: str) -> ContactRef | None:
        """The contact with this id, or ``None``."""
        i = self._by_id.get(contact_id)
        return None if i is None else self._refs[i]

    def _sorted(self, indices: Iterable[int]) -> list[ContactRef]:
        return [self._refs[i] for i in sorted(set(indices), key=self._sort_keys.__getitem__)]

    def exact(self, phrase: str) -> list[ContactRef]:
        """Contacts whose full name, nickname or first name equals ``phrase``.

        Ordered full-name matches first, then nickname, then first-name matches;
        by name within each group.
        """
        return [self._refs[i] for _, i in self._exact.get(normalize_key(phrase), [])]

    def best_exact(self, phrase: str) -> list[ContactRef]:
        """The best group of exact matches only: full-name matches if any, else
        nickname matches, else first-name matches (so "Ada" beats "Ada Lovelace")."""
        hits = self._exact.get(normalize_key(phrase), [])
        if not hits:
            return []
        best = hits[0][0]  # buckets are sorted by rank
        return [self._refs[i] for r, i in hits if r == best]

    def prefix(self, phrase: str, limit: int | None = CANDIDATE_LIMIT) -> list[ContactRef]:
        """Up to ``limit`` contacts whose full name, nickname or any name word starts
        with ``phrase`` (``limit=None``: all), ordered by name. Empty phrase -> ``[]``."""
        key = normalize_key(phrase)
        if not key or (limit is not None and limit <= 0):
            return []
        keys, owners = self._keys, self._owners
        seen: set[int] = set()
        i = bisect_left(keys, key)
        while i < len(keys) and keys[i].startswith(key):
            seen.add(owners[i])
            if limit is not None and len(seen) >= limit:
                break
            i += 1
        return self._sorted(seen)


def resolve_type(token: str, types: Sequence[str]) -> tuple[str | None, list[str]]:
    """Match ``token`` against ``types``: ``(type, [])`` on an exact (case-insensitive)
    match or a unique prefix, else ``(None, candidates)`` where ``candidates`` are the
    types it is a prefix of (in ``types`` order; empty if none)."""
    key = normalize_key(token)
    if not key:
        return None, []
    for t in types:
        if type_key(t) == key:
            return t, []
    starts = [t for t in types if type_key(t).startswith(key)]
    if len(starts) == 1:
        return starts[0], []
    return None, starts


@dataclass
class QuickLog:
    """The result of parsing one quick-log line (also the live preview).

    ``ok`` means Enter may save: a contact, a type and no error. ``candidates``
    lists the contacts to show when the contact is ambiguous or unknown.

    For a UI: ``headline`` is ``error`` without the candidates' names (when it lists
    the candidates itself); ``ambiguous`` says the contact words match several
    contacts; ``new_name`` is the name no contact has, typed in front of a type (a
    contact that could be created and logged with); ``name_end`` is where the contact
    words end in the line (0 when the line names nobody); ``date_error`` is the
    ``@WHEN`` problem even when another one is reported first, ``future_date`` says
    that date lies in the future; ``used_default`` says the default contact was used.
    """

    contact: ContactRef | None
    type: str | None
    note: str
    when: _dt.date
    candidates: list[ContactRef] = field(default_factory=list)
    error: str | None = None
    headline: str | None = None
    ambiguous: bool = False
    new_name: str | None = None
    name_end: int = 0
    date_error: str | None = None
    future_date: bool = False
    used_default: bool = False
    #: issue 19 (core.track_words): the tracks its `+words` name, the first `+word`
    #: that names none (or several), and the links in the note (shared resources)
    tracks: list[Any] = field(default_factory=list)
    track_error: str | None = None
    resources: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.error is None and self.contact is not None and self.type is not None


@dataclass
class WordToken:
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class _When:
    """The ``@WHEN`` of a line: the date (today when missing or unreadable; the date
    typed when it lies in the future) and its problem."""

    day: _dt.date
    error: str | None = None
    future: bool = False


def word_tokens(text: str) -> list[WordToken]:
    return [WordToken(m.start(), m.end(), m.group()) for m in _TOKEN_RE.finditer(text)]


def join_words(words: Sequence[WordToken]) -> str:
    return " ".join(w.text for w in words)


def _clip(text: str, width: int = 40) -> str:
    """``text`` shortened for a one-line message."""
    return text if len(text) <= width else text[: width - 3] + "..."


def _names(refs: Sequence[ContactRef], more: bool) -> str:
    shown = ", ".join(r.name for r in refs[:_NAMES_IN_MESSAGE])
    return shown + (", ..." if more or len(refs) > _NAMES_IN_MESSAGE else "")


def _ambiguous(phrase: str, refs: list[ContactRef], is_exact: bool) -> tuple[str, str]:
    """(error, headline) for ``refs`` from :func:`_lookup`: exact groups are complete,
    prefix lists capped."""
    phrase = _clip(phrase)
    if len(refs) > CANDIDATE_LIMIT and not is_exact:
        headline = f"'{phrase}' matches more than {CANDIDATE_LIMIT} contacts"
        return f"{headline}: {_names(refs, True)}", headline
    headline = f"'{phrase}' matches {len(refs)} contacts"
    return f"{headline}: {_names(refs, False)}", headline


def _type_list(types: Sequence[str]) -> str:
    return ", ".join(types) if types else "none defined"


def _type_error(token: str, types: Sequence[str], starts: list[str]) -> str:
    shown = _clip(token)
    if starts:
        return f"'{shown}' could be {', '.join(starts)}"
    import difflib  # only for a name that matches nobody (not at start-up)

    close = difflib.get_close_matches(
        normalize_key(token), [type_key(t) for t in types], n=1, cutoff=0.6
    )
    if close:
        suggestion = next(t for t in types if type_key(t) == close[0])
        return f"unknown type '{shown}' (did you mean {suggestion}?)"
    return f"unknown type '{shown}' (types: {_type_list(types)})"


def _lookup(index: ContactIndex, phrase: str) -> tuple[bool, list[ContactRef]]:
    """(is_exact, matches): the best exact group if any, else up to LIMIT+1 prefix matches."""
    exact = index.best_exact(phrase)
    if exact:
        return True, exact
    return False, index.prefix(phrase, CANDIDATE_LIMIT + 1)


def _nearest(index: ContactIndex, word: str) -> list[ContactRef]:
    """Candidates for an unknown name: prefix matches of the longest matching prefix."""
    for end in range(len(word) - 1, 0, -1):
        refs = index.prefix(word[:end], CANDIDATE_LIMIT)
        if refs:
            return refs
    return []


def _note(text: str, words: Sequence[WordToken]) -> str:
    return text[words[0].start : words[-1].end] if words else ""


def _read_when(toks: list[WordToken], today: _dt.date) -> tuple[list[WordToken], _When]:
    """Split a trailing ``@WHEN`` off the tokens; a date that can't date an
    interaction (unreadable, in the future, before 1900) is reported, not used."""
    if not toks or not toks[-1].text.startswith("@"):
        return toks, _When(today)
    try:
        day = parse_when(toks[-1].text, today)
        check_interaction_date(day, today)
    except FutureDateError as exc:  # the date typed is kept: a follow-up could take it
        return toks[:-1], _When(day, str(exc), True)
    except DateWordError as exc:
        return toks[:-1], _When(today, str(exc))
    return toks[:-1], _When(day)


def _result(
    contact: ContactRef | None,
    typ: str | None,
    note: str,
    when: _When,
    error: str | None = None,
    **extra: object,
) -> QuickLog:
    """A QuickLog carrying the date's problem: as the error when nothing else is wrong."""
    if error is None:
        error = when.error
    return QuickLog(
        contact, typ, note, when.day, error=error, date_error=when.error,
        future_date=when.future, **extra,  # type: ignore[arg-type]
    )


def parse_quick_log(
    text: str,
    index: ContactIndex,
    types: Sequence[str],
    today: _dt.date,
    *,
    default_contact: ContactRef | None = None,
    tracks: Sequence[Any] | None = None,
) -> QuickLog:
    """Parse a quick-log line; never raises.

    With ``tracks`` (``core.track_words.TrackRef`` objects), ``+words`` link the
    interaction to tracks (issue 19): see ``devhub_tui.core.track_words``.

    With ``default_contact`` (the bar opened on a contact) a line whose first word is
    a type -- or, while it is the only word, the start of several types -- is
    ``TYPE [NOTE] [@WHEN]`` for that contact. Any other line is read as a whole line
    when that names a contact (or several, or a new name in front of a type), and
    for the default contact otherwise.

    A whole line: the contact/type boundary is found by trying ``k`` leading words as
    the contact (longest first, at most :data:`MAX_CONTACT_WORDS`) where word
    ``k + 1`` is a type. Among splits whose contact phrase matches exactly one
    contact, the best is chosen by: exact name match before prefix match, then
    exact type before type prefix, then the longest contact phrase. ("Exact" means
    the best exact group: full name, else nickname, else first name -- so with
    contacts "Ada" and "Ada Lovelace", ``ada call`` is Ada.) If no split is
    unique: a line that is exactly one contact's name reports the missing type; an
    ambiguous split reports its candidates; otherwise the longest leading phrase
    that matches anything explains what is wrong.
    """
    if tracks is not None:
        from devhub_tui.core.track_words import blank_track_words, link_tracks

        blanked, words = blank_track_words(text)
        parsed = parse_quick_log(blanked, index, types, today, default_contact=default_contact)
        return link_tracks(parsed, words, tracks)
    toks, when = _read_when(word_tokens(text), today)
    if default_contact is None:
        return _parse_line(text, toks, index, types, when)
    fixed = _parse_fixed(text, toks, default_contact, types, when)
    if fixed.type is not None or not toks:
        return fixed
    if len(toks) == 1 and not text[toks[0].end :].strip() and text[-1:].strip():
        if resolve_type(toks[0].text, types)[1]:  # still typing one of several types
            return fixed
    line = _parse_line(text, toks, index, types, when)
    if line.contact is not None or line.ambiguous or line.new_name:
        return line
    return fixed


def _parse_line(
    text: str, toks: list[WordToken], index: ContactIndex, types: Sequence[str], when: _When
) -> QuickLog:
    if not toks:
        return _result(None, None, "", when, QUICK_LOG_USAGE)

    n = len(toks)
    # 1. unique contact + resolvable type, best split
    best: tuple[int, int, ContactRef, str] | None = None  # (tier, k, contact, type)
    ambiguous: tuple[int, list[ContactRef], bool] | None = None  # (k, refs, is_exact)
    for k in range(min(n - 1, MAX_CONTACT_WORDS), 0, -1):
        type_tok = toks[k].text
        typ, _ = resolve_type(type_tok, types)
        if typ is None:
            continue
        is_exact, refs = _lookup(index, join_words(toks[:k]))
        if not refs:
            continue
        if len(refs) == 1:
            type_exact = normalize_key(typ) == normalize_key(type_tok)
            tier = (0 if is_exact else 2) + (0 if type_exact else 1)
            if best is None or tier < best[0]:
                best = (tier, k, refs[0], typ)
        elif ambiguous is None or (is_exact and not ambiguous[2]):
            ambiguous = (k, refs, is_exact)
    if best is not None:
        _, k, contact, typ = best
        return _result(contact, typ, _note(text, toks[k + 1 :]), when, name_end=toks[k - 1].end)

    # 2. the whole line is exactly one contact: the type is still to come
    if n <= MAX_CONTACT_WORDS:
        whole = index.best_exact(join_words(toks))
        if len(whole) == 1:
            return _result(whole[0], None, "", when, f"missing type (types: "
                           f"{_type_list(types)})", name_end=toks[-1].end)

    # 3. an ambiguous contact in front of a type
    if ambiguous is not None:
        k, refs, is_exact = ambiguous
        return _several(toks[:k], refs, is_exact, when)

    # 4. the longest leading phrase that matches any contact
    for k in range(min(n, MAX_CONTACT_WORDS), 0, -1):
        is_exact, refs = _lookup(index, join_words(toks[:k]))
        if not refs:
            continue
        if len(refs) > 1:
            return _several(toks[:k], refs, is_exact, when)
        end = toks[k - 1].end
        if k == n:
            return _result(refs[0], None, "", when,
                           f"missing type (types: {_type_list(types)})", name_end=end)
        type_tok = toks[k].text
        _, starts = resolve_type(type_tok, types)
        return _result(refs[0], None, _note(text, toks[k + 1 :]), when,
                       _type_error(type_tok, types, starts), name_end=end)

    # 5. nobody matches: name the words in front of the first type, or the first word
    first_type = next(
        (k for k in range(1, n) if resolve_type(toks[k].text, types)[0] is not None), 0
    )
    words = toks[:first_type] if first_type else toks[:1]
    phrase = join_words(words)
    candidates = _nearest(index, normalize_key(phrase))
    error = f"no contact matches '{_clip(phrase)}'"
    if not first_type:
        return _result(None, None, "", when, error, candidates=candidates,
                       name_end=words[-1].end)
    typ = resolve_type(toks[first_type].text, types)[0]
    return _result(None, typ, _note(text, toks[first_type + 1 :]), when, error,
                   candidates=candidates, new_name=phrase, name_end=words[-1].end)


def _several(
    words: list[WordToken], refs: list[ContactRef], is_exact: bool, when: _When
) -> QuickLog:
    error, headline = _ambiguous(join_words(words), refs, is_exact)
    return _result(None, None, "", when, error, candidates=refs[:CANDIDATE_LIMIT],
                   headline=headline, ambiguous=True, name_end=words[-1].end)


def _parse_fixed(
    text: str, toks: list[WordToken], contact: ContactRef, types: Sequence[str], when: _When
) -> QuickLog:
    if not toks:
        return _result(contact, None, "", when, QUICK_LOG_USAGE_FIXED, used_default=True)
    typ, starts = resolve_type(toks[0].text, types)
    note = _note(text, toks[1:])
    error = None if typ is not None else _type_error(toks[0].text, types, starts)
    return _result(contact, typ, note, when, error, used_default=True)
