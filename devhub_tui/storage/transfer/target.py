"""A contact an import lands in (`Target`), and the keys records and contacts are
matched by (emails, phones, profile links, names)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

__all__ = ["Detail", "Target", "detail_key", "digits", "link_key", "name_key"]

Detail = tuple[str, str, str]  # (kind, label, value)


def digits(phone: str | None) -> str:
    return re.sub(r"\D", "", phone or "")


def name_key(name: str | None) -> str:
    return " ".join((name or "").casefold().split())


def link_key(url: str) -> str:
    """A profile link compared loosely: no scheme, no www., no trailing slash, any case."""
    text = url.strip().lower().split("://", 1)[-1]
    text = text.removeprefix("www.").removeprefix("m.")
    return text.rstrip("/")


def detail_key(kind: str, value: str) -> str:
    if kind == "email":
        return value.lower()
    if kind == "phone":
        return digits(value)
    if kind == "link":
        return link_key(value)
    return " ".join(value.casefold().split())


@dataclass
class Target:
    """A contact a record lands in: one already in the store, or one being added."""

    id: str
    new: bool
    fields: dict[str, Any]
    tags: set[str]
    vip: dict[str, str]
    links: list[dict[str, str]]  # VIP contact info's social links
    details: list[Detail] = field(default_factory=list)
    sources: set[str] = field(default_factory=set)
    source: str = ""
    changed: set[str] = field(default_factory=set)
    new_tags: set[str] = field(default_factory=set)
    #: skills the contact has / the import adds (issue 20)
    skills: set[str] = field(default_factory=set)
    new_skills: set[str] = field(default_factory=set)
    new_details: list[Detail] = field(default_factory=list)
    new_sources: set[str] = field(default_factory=set)
    vip_changed: bool = False
    has_background: bool = False
    has_info: bool = False
    file_uid: str | None = None  # the id the file gave a contact being added
    times: dict[str, Any] = field(default_factory=dict)

    def emails(self) -> list[str]:
        return [e for e in [self.fields.get("email")] if e] + [
            v for k, _, v in self.details if k == "email"]

    def phones(self) -> list[str]:
        return [p for p in [self.fields.get("phone")] if p] + [
            v for k, _, v in self.details if k == "phone"]

    def has(self, kind: str, value: str) -> bool:
        k = detail_key(kind, value)
        return any(d[0] == kind and detail_key(kind, d[2]) == k for d in self.details)

    def add_detail(self, kind: str, label: str, value: str) -> None:
        self.details.append((kind, label, value))
        self.new_details.append((kind, label, value))
