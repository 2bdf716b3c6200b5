"""One raw value from a file turned into what devhub keeps: phone numbers, type
labels, IM handles, tags and profile links (pure; used by core.records)."""

from __future__ import annotations

import re

from devhub_tui.core.contact import validate_contact_field
from devhub_tui.core.validation import ValidationError, clean_text, validate_tag

__all__ = [
    "DEFAULT_LABELS",
    "HANDLE_RE",
    "HANDLE_URLS",
    "IM_SCHEMES",
    "PLATFORM_HINTS",
    "clean_label",
    "im_link",
    "normalize_phone",
    "tagify",
]

#: IM URI schemes kept as links (platform = the value): xmpp:alice@example.org
IM_SCHEMES: dict[str, str] = {
    "xmpp": "xmpp", "jabber": "xmpp", "skype": "skype", "aim": "aim", "msnim": "msn",
    "msn": "msn", "ymsgr": "yahoo", "yahoo": "yahoo", "icq": "icq", "gtalk": "gtalk",
    "qq": "qq", "sip": "sip", "irc": "irc", "ircs": "irc", "matrix": "matrix",
    "tg": "telegram", "telegram": "telegram", "signal": "signal", "im": "im",
    "facetime": "facetime", "gadugadu": "gadugadu", "wechat": "wechat", "line": "line",
}
_IM_URI_RE = re.compile(r"([A-Za-z][A-Za-z0-9+.-]{0,20}):(\S{1,500})")


_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2212\ufe63\uff0d"), "-")
_EXT_RE = re.compile(r"\s*(?:;\s*ext=|,?\s*(?:ext\.?|extension|x|#)\s*)(\d{1,8})\s*$", re.I)
_TAG_BAD_RE = re.compile(r"[^\w\-.+#]+")


def tagify(label: str) -> str | None:
    """A tag from a label another app uses ("Friends & Family" -> "friends-family");
    ``None`` when nothing usable is left."""
    text = "-".join(clean_text(label, max_len=10_000, multiline=False).lower().split())
    text = _TAG_BAD_RE.sub("-", text)
    text = re.sub(r"-{2,}", "-", text).strip("-")[:40].strip("-")
    if not text:
        return None
    try:
        return validate_tag(text)
    except ValidationError:
        return None


def normalize_phone(raw: str) -> tuple[str | None, bool]:
    """``(valid phone or None, had_extension)`` for what phones and exports write."""
    text = raw.translate(_DASHES).replace("\u00a0", " ").strip()
    if text.lower().startswith("tel:"):
        text = text[4:]
    ext = _EXT_RE.search(text)
    if ext:
        text = text[: ext.start()]
    try:
        return validate_contact_field("phone", text), bool(ext)
    except ValidationError:
        return None, bool(ext)


def clean_label(label: str) -> str:
    """A type label as stored: lower case, one line, types comma-separated."""
    text = clean_text(label, max_len=10_000, multiline=False).lower()
    parts = [" ".join(p.split()) for p in text.split(",")]
    return ",".join(p for p in parts if p)[:60]


def im_link(value: str, service: str = "") -> dict[str, str] | None:
    """An IM handle as a link: ``xmpp:alice@example.org`` (a URI), or a bare handle
    with its service ("skype", "X-JABBER"...). None when it can't be one."""
    text = " ".join(value.split())
    m = _IM_URI_RE.fullmatch(text)
    if m and m.group(1).lower() in IM_SCHEMES:
        return {"platform": IM_SCHEMES[m.group(1).lower()],
                "url": f"{m.group(1).lower()}:{m.group(2)}"}
    scheme = service.strip().lower()
    platform = IM_SCHEMES.get(scheme)
    if platform and text and " " not in text and len(text) <= 500:
        scheme = {"xmpp": "xmpp", "msn": "msnim", "yahoo": "ymsgr"}.get(platform, scheme)
        return {"platform": platform, "url": f"{scheme}:{text}"}
    return None


PLATFORM_HINTS = {
    "twitter": "x",
    "x": "x",
    "github": "github",
    "gitlab": "gitlab",
    "linkedin": "linkedin",
    "mastodon": "mastodon",
    "bluesky": "bluesky",
    "bsky": "bluesky",
}
HANDLE_URLS = {
    "x": "https://x.com/{}",
    "github": "https://github.com/{}",
    "gitlab": "https://gitlab.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "bluesky": "https://bsky.app/profile/{}",
}
HANDLE_RE = re.compile(r"@?([A-Za-z0-9][\w.-]{0,99})")
DEFAULT_LABELS = ("internet", "other", "x400", "pref", "voice")
