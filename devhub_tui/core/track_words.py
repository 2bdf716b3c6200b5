"""`+word` in the quick log links the interaction to a track (issue 19), and the
links typed in its note become resources shared with the contact.

    ada interview second round +acme

A `+word` is a token of `+` and word characters (letters, digits, `-`, `_`, `.`)
with at least one letter, so `+1` stays in the note. It names a track by its slug
(exactly), or by the start of its slug or of a word of its title; when that fits
several tracks, the open ones are the candidates. One track is the answer; none,
or several, is an error the preview shows, and Enter saves nothing: a `+word` is
never guessed. The `+words` are taken out of the note.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from devhub_tui.core.quicklog import QuickLog, normalize_key
from devhub_tui.core.validation import ValidationError, validate_url

__all__ = ["MAX_RESOURCES", "TrackRef", "blank_track_words", "link_tracks", "match_tracks",
           "note_links", "parse_resource", "parse_resources", "resolve_track_word"]

#: A track shown in a message: this many, then "...".
_SHOWN = 4
_WORD_RE = re.compile(r"(?<!\S)\+[\w.-]+(?!\S)")
_URL_RE = re.compile(r"(?<!\S)https?://\S+", re.IGNORECASE)


@dataclass(frozen=True)
class TrackRef:
    """What the quick log needs to know of a track."""

    id: str
    slug: str
    title: str
    kind: str = "job"
    stage: str = ""
    open: bool = True


def _is_track_word(token: str) -> bool:
    body = token[1:]
    return any(unicodedata.category(ch).startswith("L") for ch in body)


def blank_track_words(text: str) -> tuple[str, list[str]]:
    """`text` with each `+word` replaced by spaces (so positions in it stay those of
    `text`), and the words without their `+`, in order."""
    words: list[str] = []

    def blank(m: re.Match[str]) -> str:
        if not _is_track_word(m.group()):
            return m.group()
        words.append(m.group()[1:])
        return " " * len(m.group())

    return _WORD_RE.sub(blank, text), words


def _title_keys(ref: TrackRef) -> list[str]:
    title = normalize_key(ref.title)
    return [w for w in re.split(r"[\W_]+", title) if w]


def _label(ref: TrackRef) -> str:
    return f"{ref.title} (+{ref.slug})"


def _list(refs: Sequence[TrackRef]) -> str:
    shown = ", ".join(_label(r) for r in refs[:_SHOWN])
    return shown + (", ..." if len(refs) > _SHOWN else "")


def match_tracks(word: str, refs: Sequence[TrackRef]) -> list[TrackRef]:
    """The tracks `word` can name: the one whose slug it is; else those whose slug
    or a title word it starts (the open ones, when some are)."""
    key = normalize_key(word).strip(".-_+")
    if not key:
        return []
    exact = [r for r in refs if r.slug == key]
    if len(exact) == 1:
        return exact
    hits = exact or [
        r for r in refs
        if r.slug.startswith(key) or any(w.startswith(key) for w in _title_keys(r))
        or normalize_key(r.title).replace(" ", "-").startswith(key)
    ]
    if len(hits) > 1:
        open_hits = [r for r in hits if r.open]
        if open_hits:
            hits = open_hits
    return hits


def resolve_track_word(word: str, refs: Sequence[TrackRef]) -> tuple[TrackRef | None, str | None]:
    """(the track `word` names, None) or (None, why not: one line naming the
    candidates or some tracks to choose from)."""
    if not normalize_key(word).strip(".-_"):
        return None, f"'+{word}' names no track"
    hits = match_tracks(word, refs)
    if len(hits) == 1:
        return hits[0], None
    if hits:
        return None, (f"'+{word}' matches {len(hits)} tracks: {_list(hits)}; "
                      "type more of the slug")
    if not refs:
        return None, f"no track matches '+{word}' (you have no tracks yet: b opens them)"
    mine = [r for r in refs if r.open] or list(refs)
    return None, f"no track matches '+{word}' (tracks: {_list(mine)})"


def note_links(note: str) -> list[str]:
    """The http(s) links in a note, checked, each once, in order."""
    out: list[str] = []
    for m in _URL_RE.finditer(note):
        try:
            url = validate_url(m.group().rstrip(".,;:!?)]}'\""))
        except ValidationError:
            continue
        if url and url not in out:
            out.append(url)
    return out


def link_tracks(result: QuickLog, words: Sequence[str], refs: Sequence[TrackRef]) -> QuickLog:
    """`result` (parsed with its `+words` blanked out) with the tracks they name,
    the links in its note, and the first `+word` problem as its error when the
    line has no other one."""
    tracks: list[TrackRef] = []
    problem: str | None = None
    for word in words:
        ref, why = resolve_track_word(word, refs)
        if ref is None:
            problem = problem or why
        elif ref not in tracks:
            tracks.append(ref)
    result.tracks = tracks
    result.track_error = problem
    if words:  # the spaces left where they were
        result.note = re.sub(r" {2,}", " ", result.note).strip()
    result.resources = note_links(result.note)
    if problem and result.error is None:
        result.error = problem
    return result


#: most resources one interaction carries
MAX_RESOURCES = 20


def parse_resource(line: str) -> tuple[str, str] | None:
    """`URL [TITLE...]` -> (the checked link, the title; may be empty); None for a
    blank line. ValidationError for a link that isn't one."""
    from devhub_tui.core.validation import clean_text

    text = clean_text(line or "", max_len=10_000, multiline=False, field="resource")
    if not text:
        return None
    url, _, title = text.partition(" ")
    link = validate_url(url)
    if link is None:
        return None
    return link, clean_text(title, max_len=300, multiline=False, field="title")


def parse_resources(lines: Sequence[str]) -> list[tuple[str, str]]:
    """Resources as typed, one a line (or a CLI option each): `URL [TITLE...]`;
    a link given twice is kept once (with the first title that says something)."""
    out: dict[str, str] = {}
    for line in lines:
        got = parse_resource(line)
        if got is None:
            continue
        url, title = got
        if not out.get(url):
            out[url] = title
    if len(out) > MAX_RESOURCES:
        raise ValidationError(f"at most {MAX_RESOURCES} resources an interaction")
    return list(out.items())
