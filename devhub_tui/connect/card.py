"""My card as a vCard 3.0 (RFC 2426): what the Quick Connect QR code encodes.

Pure: builds text from a `Profile`. Text values are escaped per RFC 2426 §4
(backslash, comma, semicolon, newline); URIs are not text and are written as they
are. Lines are folded at 75 octets (CRLF + one space) without splitting a UTF-8
character, and end with CRLF.

A QR code carries bytes without a MIME charset, and phone scanners (Android's
contacts importer among them) read a vCard without one as Latin-1, so "Zoë ·
Rustacean" came out as "ZoÃ« Â· Rustacean". Every text property holding
anything but ASCII says ``CHARSET=UTF-8``, as vCard 2.1 readers expect and 3.0
readers accept (an unknown parameter is ignored).
"""

from __future__ import annotations

from typing import Any

from devhub_tui.connect.store import Profile
from devhub_tui.core.names import split_name as _split_parts

CRLF = "\r\n"
MAX_LINE_OCTETS = 75


def escape_text(value: str) -> str:
    """RFC 2426 text escaping: ``\\`` ``,`` ``;`` and line breaks."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    )


def fold(line: str) -> list[str]:
    """Split one content line into physical lines of at most 75 octets (continuations
    start with a space, which counts towards their 75)."""
    out: list[str] = []
    current = ""
    size = 0
    limit = MAX_LINE_OCTETS
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > limit:
            out.append(current)
            current, size, limit = " ", 1, MAX_LINE_OCTETS
        current += ch
        size += n
    out.append(current)
    return out


def split_name(full: str) -> tuple[str, str, str, str, str]:
    """(family, given, additional, prefix, suffix) for the N property (titles and
    suffixes like "Jr." apart, "van der Berg" kept whole)."""
    return _split_parts(full)


def _text_prop(name: str, value: str) -> str:
    """``NAME:value`` (escaped), declaring UTF-8 when the value needs it."""
    charset = "" if value.isascii() else ";CHARSET=UTF-8"
    return f"{name}{charset}:{escape_text(value)}"


def github_url(handle: str) -> str:
    return f"https://github.com/{handle}"


def vcard(profile: Profile) -> str:
    """The shared fields of ``profile`` as a vCard 3.0 (FN and N are always present)."""
    values: dict[str, Any] = {
        k: v.strip() if isinstance(v, str) else v for k, v in profile.shared_values().items()
    }
    name = str(values.get("name") or "").strip() or "devhub contact"
    parts = split_name(name)
    charset = "" if name.isascii() else ";CHARSET=UTF-8"
    props = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        f"N{charset}:" + ";".join(escape_text(p) for p in parts),
        _text_prop("FN", name),
    ]
    if values.get("headline"):
        props.append(_text_prop("TITLE", values["headline"]))
    if values.get("email"):
        props.append(f"EMAIL;TYPE=INTERNET:{escape_text(values['email'])}")
    if values.get("phone"):
        props.append(f"TEL;TYPE=CELL:{escape_text(values['phone'])}")
    if values.get("website"):
        props.append(f"URL:{values['website']}")
    if values.get("github"):
        props.append(f"URL;TYPE=github:{github_url(values['github'])}")
    for link in values.get("social_links", []):
        platform = "".join(ch for ch in link.get("platform", "") if ch.isalnum() or ch == "-")
        kind = f";TYPE={platform.lower()}" if platform else ""
        props.append(f"URL{kind}:{link['url']}")
    props.append("END:VCARD")
    lines: list[str] = []
    for prop in props:
        lines.extend(fold(prop))
    return CRLF.join(lines) + CRLF


def unfold(text: str) -> list[str]:
    """Content lines of a vCard (for display and tests): undo folding."""
    out: list[str] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.startswith((" ", "\t")) and out:
            out[-1] += raw[1:]
        elif raw:
            out.append(raw)
    return out
