"""Recognize which platform a social link belongs to."""

from __future__ import annotations

import json
import re
from urllib.parse import urlsplit

__all__ = ["PLATFORMS", "detect_platform", "stored_links"]

#: Every value :func:`detect_platform` can return.
PLATFORMS: tuple[str, ...] = ("github", "gitlab", "mastodon", "bluesky", "linkedin", "x", "website")

_HOSTS: dict[str, str] = {
    "github.com": "github",
    "gist.github.com": "github",
    "gitlab.com": "gitlab",
    "bsky.app": "bluesky",
    "linkedin.com": "linkedin",
    "lnkd.in": "linkedin",
    "twitter.com": "x",
    "x.com": "x",
    # well-known Mastodon servers (any other server is recognized by its /@user paths)
    "mastodon.social": "mastodon",
    "mastodon.online": "mastodon",
    "mstdn.social": "mastodon",
    "fosstodon.org": "mastodon",
    "hachyderm.io": "mastodon",
    "infosec.exchange": "mastodon",
    "mas.to": "mastodon",
    "techhub.social": "mastodon",
    "chaos.social": "mastodon",
}

# Big sites that also use /@user paths but are not Mastodon.
_NOT_MASTODON = (
    "medium.com",
    "youtube.com",
    "tiktok.com",
    "threads.net",
    "threads.com",
    "substack.com",
    "dev.to",
    "hashnode.com",
    "npmjs.com",
    "figma.com",
    "vimeo.com",
    "pinterest.com",
    "instagram.com",
    "facebook.com",
    "reddit.com",
    "github.io",
)

_MASTODON_PATH_RE = re.compile(r"/@[\w.-]+(?:@[\w.-]+)?/?", re.ASCII)
_FEDI_HANDLE_RE = re.compile(r"@?[\w.-]+@[\w-]+(?:\.[\w-]+)+", re.ASCII)


def _is_under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def detect_platform(url: str) -> str:
    """One of :data:`PLATFORMS` for a link (never raises; unknown -> ``"website"``).

    * ``github.com`` -> github; ``gitlab.com`` or a ``gitlab.*`` host -> gitlab;
    * ``bsky.app`` or ``*.bsky.social`` -> bluesky; ``linkedin.com`` (any
      subdomain), ``lnkd.in`` -> linkedin; ``twitter.com`` / ``x.com`` -> x;
    * mastodon: a well-known server, or a ``/@user`` (``/@user@server``) path on a
      host that is not one of the big sites using such paths (Medium, YouTube,
      TikTok, Threads...); a bare fediverse handle ``@user@server.tld`` as well;
    * a scheme-less ``example.com/x`` is read as ``https://``.
    """
    text = url.strip()
    if not text:
        return "website"
    if " " not in text and "/" not in text and _FEDI_HANDLE_RE.fullmatch(text):
        return "mastodon"
    if "://" not in text:
        text = "https://" + text.lstrip("/")
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower().rstrip(".")
    except ValueError:
        return "website"
    for prefix in ("www.", "m.", "mobile."):
        if host.startswith(prefix):
            host = host[len(prefix) :]
            break
    if not host:
        return "website"
    if host in _HOSTS:
        return _HOSTS[host]
    if _is_under(host, "linkedin.com"):
        return "linkedin"
    if _is_under(host, "bsky.social"):
        return "bluesky"
    if host.startswith("gitlab."):
        return "gitlab"
    if _MASTODON_PATH_RE.fullmatch(parts.path) and not any(
        _is_under(host, big) for big in _NOT_MASTODON
    ):
        return "mastodon"
    return "website"


def stored_links(text: str | None) -> list[dict[str, str]]:
    """Social links as stored (a JSON list of {platform, url}); anything unreadable
    in the column reads as no links, an odd entry is skipped."""
    try:
        raw = json.loads(text or "[]")
    except ValueError:
        return []
    if not isinstance(raw, list):
        return []
    return [
        {"platform": str(x.get("platform", "")), "url": str(x.get("url", ""))}
        for x in raw
        if isinstance(x, dict)
    ]
