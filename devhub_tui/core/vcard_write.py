"""Contacts written as vCard 3.0 (the default: what phones import best) or 4.0.

Pure: contacts in, text out. Text values are escaped (``\\`` ``,`` ``;`` line
breaks), lines folded at 75 octets without splitting a UTF-8 character, and end
with CRLF. What devhub knows is said as the standards allow:

* emails and phones with their types as stored (the first one marked ``PREF``
  when there are more), postal addresses, links (``URL``, ``X-SOCIALPROFILE``) and
  IM handles (``IMPP``);
* ``N`` with prefixes, suffixes and multi-word family names: the card's own parts
  when the contact was imported with them, else split from the name
  (:func:`~devhub_tui.core.names.split_name`);
* a birthday without a year: vCard 4.0 ``--MMDD``; vCard 3.0 has no such form, so
  it is written the way Apple's apps do, ``BDAY;X-APPLE-OMIT-YEAR=1604:1604-MM-DD``
  (a valid 3.0 date that iOS/macOS show without a year; devhub reads it back
  year-less; other apps may show the year 1604);
* devhub's own fields other apps have no property for (VIP, importance,
  relationship, industry, cadence) as ``X-DEVHUB-*`` properties, and a VIP's
  contact info as ``X-DEVHUB-VIP-*`` (its email, phone and links also as ordinary
  lines marked ``X-DEVHUB=vip``, so phones see them and devhub doesn't read them
  twice). A round trip through devhub gives back what went out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from devhub_tui.core.names import parts_fit, split_name

__all__ = ["VCARD_VERSIONS", "contacts_to_vcard", "escape_text", "fold"]

VCARD_VERSIONS: tuple[str, ...] = ("3.0", "4.0")
CRLF = "\r\n"
MAX_LINE_OCTETS = 75
_STANDARD_TYPES = frozenset(
    "home work cell fax pager voice text video internet pref msg bbs modem car isdn pcs "
    "intl postal parcel dom main iphone".split()
)
_PLAIN_PARAM_RE = re.compile(r"[A-Za-z0-9_-]+")


def escape_text(value: str) -> str:
    """RFC 6350/2426 text escaping: ``\\`` ``,`` ``;`` and line breaks."""
    value = value.replace("\r\n", "\n").replace("\r", "\n")
    return (
        value.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")
    )


def fold(line: str) -> list[str]:
    """One content line as physical lines of at most 75 octets (continuations start
    with a space, which counts towards their 75)."""
    if len(line) <= MAX_LINE_OCTETS and line.isascii():
        return [line]
    out: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        n = len(ch.encode("utf-8"))
        if size + n > MAX_LINE_OCTETS:
            out.append("".join(current))
            current, size = [" "], 1
        current.append(ch)
        size += n
    out.append("".join(current))
    return out


def _type_param(label: str, v4: bool, extra: Sequence[str] = ()) -> str:
    types = [t for t in (*extra, *label.split(",")) if t.strip()]
    if not types:
        return ""
    shown = []
    for t in types:
        t = t.strip().replace('"', "")
        if t.lower() in _STANDARD_TYPES:
            shown.append(t.lower() if v4 else t.upper())
        elif _PLAIN_PARAM_RE.fullmatch(t):
            shown.append(t)
        else:
            shown.append(f'"{t}"')
    return ";TYPE=" + ",".join(shown)


def _n_value(c: Mapping[str, Any]) -> str:
    name = str(c["name"])
    parts = c.get("name_parts")
    if not (isinstance(parts, Sequence) and parts_fit(list(parts), name)):
        parts = split_name(name)
    return ";".join(escape_text(str(p)) for p in parts)


def _bday(birthday: str, v4: bool) -> tuple[str, str]:
    """(parameters, value)."""
    if birthday.startswith("--"):
        month, day = birthday[2:4], birthday[5:7]
        if v4:
            return "", f"--{month}{day}"
        return ";X-APPLE-OMIT-YEAR=1604", f"1604-{month}-{day}"
    return "", birthday.replace("-", "") if v4 else birthday


def _link_line(link: Mapping[str, str], v4: bool, marker: str = "") -> str:
    platform = link.get("platform") or "website"
    url = str(link["url"])
    if platform == "website":
        return f"URL{marker}:{url}"
    if "://" not in url and ":" in url:
        return f"IMPP{_type_param(platform, v4)}{marker}:{url}"
    kind = "twitter" if platform == "x" else platform
    return f"X-SOCIALPROFILE{_type_param(kind, v4)}{marker}:{url}"


def _card(c: Mapping[str, Any], version: str) -> list[str]:
    v4 = version == "4.0"
    name = str(c["name"])
    props = [f"VERSION:{version}", f"UID:{c['id']}", f"FN:{escape_text(name)}",
             f"N:{_n_value(c)}"]
    if c.get("nickname"):
        props.append(f"NICKNAME:{escape_text(str(c['nickname']))}")
    if c.get("company"):
        props.append(f"ORG:{escape_text(str(c['company']))}")
    if c.get("title"):
        props.append(f"TITLE:{escape_text(str(c['title']))}")
    emails = [(str(c.get("email_label") or ""), str(c["email"]))] if c.get("email") else []
    emails += list(c.get("emails_extra") or [])
    for i, (label, value) in enumerate(emails):
        extra = [] if v4 else ["internet"]
        if i == 0 and len(emails) > 1:
            extra += ["pref"] if not v4 else []
        pref = ";PREF=1" if v4 and i == 0 and len(emails) > 1 else ""
        props.append(f"EMAIL{_type_param(label, v4, extra)}{pref}:{escape_text(value)}")
    phones = [(str(c.get("phone_label") or ""), str(c["phone"]))] if c.get("phone") else []
    phones += list(c.get("phones_extra") or [])
    for i, (label, value) in enumerate(phones):
        extra = [] if label else ["voice"]
        if i == 0 and len(phones) > 1 and not v4:
            extra.append("pref")
        pref = ";PREF=1" if v4 and i == 0 and len(phones) > 1 else ""
        props.append(f"TEL{_type_param(label, v4, extra)}{pref}:{escape_text(value)}")
    if c.get("birthday"):
        params, value = _bday(str(c["birthday"]), v4)
        props.append(f"BDAY{params}:{value}")
    if c.get("location"):
        props.append(f"ADR:;;;{escape_text(str(c['location']))};;;")
    for label, value in c.get("addresses") or []:
        props.append(f"ADR{_type_param(label, v4)}:;;{escape_text(value)};;;;")
    if c.get("timezone"):
        props.append(f"TZ:{escape_text(str(c['timezone']))}")
    if c.get("notes"):
        props.append(f"NOTE:{escape_text(str(c['notes']))}")
    tags = list(c.get("tags") or [])
    if tags:
        props.append("CATEGORIES:" + ",".join(escape_text(t) for t in tags))
    links = list(c.get("links") or [])
    if c.get("github"):
        props.append(f"X-SOCIALPROFILE{_type_param('github', v4)}:"
                     f"https://github.com/{c['github']}")
    props.extend(_link_line(link, v4) for link in links)
    props.extend(_devhub_lines(c, v4, emails, phones, links))
    return props


def _devhub_lines(c: Mapping[str, Any], v4: bool, emails: Sequence[tuple[str, str]],
                  phones: Sequence[tuple[str, str]], links: Sequence[Mapping[str, str]]
                  ) -> list[str]:
    props: list[str] = []
    if c.get("vip"):
        props.append("X-DEVHUB-VIP:TRUE")
    if c.get("importance") and c.get("importance") != "normal":
        props.append(f"X-DEVHUB-IMPORTANCE:{c['importance']}")
    for key, prop in (("relationship", "X-DEVHUB-RELATIONSHIP"),
                      ("industry", "X-DEVHUB-INDUSTRY")):
        if c.get(key):
            props.append(f"{prop}:{escape_text(str(c[key]))}")
    if c.get("cadence_days") is not None:
        props.append(f"X-DEVHUB-CADENCE:{int(c['cadence_days'])}")
    vip = c.get("vip_info") if c.get("vip") else None
    if not vip:
        return props
    marker = ";X-DEVHUB=vip"
    if vip.get("main_app"):
        props.append(f"X-DEVHUB-VIP-APP:{escape_text(str(vip['main_app']))}")
    email = str(vip.get("email") or "")
    if email:
        props.append(f"X-DEVHUB-VIP-EMAIL:{escape_text(email)}")
        if all(e.lower() != email.lower() for _, e in emails):
            props.append(f"EMAIL{_type_param('home', v4, [] if v4 else ['internet'])}{marker}:"
                         f"{escape_text(email)}")
    phone = str(vip.get("phone_number") or "")
    if phone:
        props.append(f"X-DEVHUB-VIP-PHONE:{escape_text(phone)}")
        if all(p != phone for _, p in phones):
            props.append(f"TEL{_type_param('home', v4)}{marker}:{escape_text(phone)}")
    known = {str(link["url"]) for link in links}
    for link in vip.get("links") or []:
        platform = str(link.get("platform") or "website")
        props.append(f"X-DEVHUB-VIP-LINK{_type_param(platform, v4)}:{link['url']}")
        if str(link["url"]) not in known:
            props.append(_link_line(link, v4, marker))
    return props


def contacts_to_vcard(contacts: Iterable[Mapping[str, Any]], version: str = "3.0") -> str:
    """vCards for contacts: mappings of contact fields plus ``tags``, ``links``,
    ``emails_extra`` / ``phones_extra`` / ``addresses`` (``(type, value)`` pairs),
    ``name_parts`` and, for a VIP, ``vip_info``."""
    if version not in VCARD_VERSIONS:
        raise ValueError(f"vCard version must be 3.0 or 4.0, not {version!r}")
    out: list[str] = []
    for c in contacts:
        out.append("BEGIN:VCARD" + CRLF)
        for prop in _card(c, version):
            out.append(CRLF.join(fold(prop)) + CRLF)
        out.append("END:VCARD" + CRLF)
    return "".join(out)
