"""The contacts search syntax: `key:value` filters combined (AND) with free text.

    skill:rust topic:wasm industry:fintech relationship:mentor event:"PyCon 2026" ada

- ``skill:X``  the contact has skill X (normalised: ``skill:k8s`` finds kubernetes);
  repeat for several (all of them).
- ``topic:X``  an interaction note with the contact carries ``#X`` (normalised the
  same way); repeat for several (all of them).
- ``industry:X`` / ``relationship:X``  the field equals X (any case).
- ``event:X``  the contact carries the event's tag (``event_slug``: ``PyCon DE
  2026`` → ``pycon-de-2026``, the tag Quick Connect puts on everyone met there).
- Everything else is free text (the full-text search: every word must match). A
  value with spaces goes in double quotes (``industry:"developer tools"``, ``event:"PyCon
  2026"``; an unclosed quote runs to the end); ``key:`` with no value is ignored.
- A word whose key is not one of the above (``http://x``, ``12:30``, ``foo:bar``)
  is free text, as typed: the syntax never turns a search into an error.
- A value that can't be a skill or topic (``skill:!!``) matches nobody
  (`Query.impossible`), and `Query.errors` says why for a caller that wants to show it.

Pure: no I/O. The store turns a `Query` into SQL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from devhub_tui.core.events import event_tag
from devhub_tui.core.skills import normalize_skill
from devhub_tui.core.validation import ValidationError

__all__ = ["QUERY_KEYS", "Query", "event_slug", "parse_query"]

#: The keys the syntax knows (and their aliases).
QUERY_KEYS: dict[str, str] = {
    "skill": "skill", "skills": "skill", "tech": "skill",
    "topic": "topic", "topics": "topic",
    "industry": "industry",
    "relationship": "relationship", "rel": "relationship",
    "event": "event",
}

#: A token: `key:"quoted value"`, `key:value`, a "quoted phrase" or a plain word.
_TOKEN = re.compile(
    r'(?P<key>[A-Za-z]+):"(?P<qval>[^"]*)"?'
    r'|(?P<key2>[A-Za-z]+):(?P<val>\S*)'
    r'|"(?P<phrase>[^"]*)"?'
    r'|(?P<word>\S+)'
)

#: The tag put on everyone met at an event (core.events: ``PyCon DE 2026`` →
#: ``pycon-de-2026``): what ``event:NAME`` looks for.
event_slug = event_tag


@dataclass
class Query:
    """A parsed search: the free text and the filters (all must hold)."""

    text: str = ""
    skills: list[str] = field(default_factory=list)
    topics: list[str] = field(default_factory=list)
    industry: str | None = None
    relationship: str | None = None
    events: list[str] = field(default_factory=list)
    #: values that can't match anything (``skill:!!``), with why
    errors: list[str] = field(default_factory=list)

    @property
    def impossible(self) -> bool:
        return bool(self.errors)

    @property
    def has_filters(self) -> bool:
        return bool(self.skills or self.topics or self.industry or self.relationship
                    or self.events or self.errors)

    def __bool__(self) -> bool:
        return bool(self.text) or self.has_filters


def parse_query(text: str | None) -> Query:
    """`text` read as the search syntax (see the module)."""
    q = Query()
    words: list[str] = []
    for m in _TOKEN.finditer(text or ""):
        key = m.group("key") or m.group("key2")
        if key is not None:
            value = m.group("qval") if m.group("key") else m.group("val")
            kind = QUERY_KEYS.get(key.lower())
            if kind is None:
                words.append(m.group(0))
                continue
            value = " ".join((value or "").split())
            if not value:
                continue
            _add(q, kind, value)
        elif m.group("phrase") is not None:
            if m.group("phrase").strip():
                words.append(" ".join(m.group("phrase").split()))
        else:
            words.append(m.group("word"))
    q.text = " ".join(words)
    return q


def _add(q: Query, kind: str, value: str) -> None:
    if kind in ("skill", "topic"):
        try:
            name = normalize_skill(value)
        except ValidationError as exc:
            q.errors.append(f"{kind}:{value}: {exc}")
            return
        target = q.skills if kind == "skill" else q.topics
        if name not in target:
            target.append(name)
    elif kind == "industry":
        q.industry = value
    elif kind == "relationship":
        q.relationship = value
    else:  # event
        slug = event_slug(value)
        if slug not in q.events:
            q.events.append(slug)
