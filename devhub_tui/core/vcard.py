"""vCard 2.1 / 3.0 / 4.0 in and out, on top of the `vobject` library.

Reading uses vobject's content-line layer: ``vobject.base.getLogicalLines`` unfolds
folded lines and joins quoted-printable soft line breaks, ``vobject.base.parseLine``
splits each line into group, name, parameters (quoted ones included) and value, and
``vobject.base.ContentLine`` decodes QUOTED-PRINTABLE values with their CHARSET
(built only for those lines: it is the slow part of vobject). Values are then
unescaped here, per property (RFC 6350 section 3.4), instead of by vobject's
``Behavior.decode``, because that decoder keeps only the text before the first
unescaped comma (``NOTE:Met at PyCon, nice chat`` -> ``Met at PyCon``) and eagerly
base64-decodes photos (so one broken photo would lose the card). Photos, logos,
sounds and keys are skipped without being decoded.

Writing uses vobject's serializer (escaping, 75-octet folding, CRLF): vCard 3.0 by
default (what phones import best), 4.0 on request.

Pure: text in, :class:`~devhub_tui.core.csvmap.ImportRecord` out; contacts in,
text out.
"""

from __future__ import annotations

import base64
import binascii
import datetime as _dt
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import vobject
from vobject.base import ContentLine, ParseError, getLogicalLines, parseLine

from .csvmap import FileFormatError, ImportRecord, ParsedFile, RecordBuilder

__all__ = ["VCARD_VERSIONS", "contacts_to_vcard", "parse_vcard"]

VCARD_VERSIONS: tuple[str, ...] = ("3.0", "4.0")

_SKIPPED = {"PHOTO", "LOGO", "SOUND", "KEY"}
_IGNORED = {
    "VERSION",
    "PRODID",
    "REV",
    "CLASS",
    "SOURCE",
    "NAME",
    "PROFILE",
    "MAILER",
    "SORT-STRING",
    "LABEL",
    "GEO",
    "CLIENTPIDMAP",
    "X-ABLABEL",
    "X-ABUID",
    "X-ABSHOWAS",
}
_KEEP_AS_DETAIL = {
    "ANNIVERSARY": "anniversary",
    "RELATED": "related",
    "X-ABRELATEDNAMES": "related",
    "ROLE": "role",
    "IMPP": "im",
    "X-ANDROID-CUSTOM": None,
    "GENDER": "gender",
}
_X_LINKS = {
    "X-SOCIALPROFILE": "",
    "X-TWITTER": "twitter",
    "X-LINKEDIN": "linkedin",
    "X-MASTODON": "mastodon",
    "X-GITHUB": "github",
    "X-BLUESKY": "bluesky",
}
_DEVHUB_ID_RE = re.compile(r"[0-9a-f]{32}")
_APPLE_LABEL_RE = re.compile(r"_\$!<(.*)>!\$_")


# --------------------------------------------------------------------------- values


def _split(value: str, sep: str | None = None) -> list[str]:
    """Unescape a vCard text value; with ``sep``, split on unescaped ``sep`` too."""
    if "\\" not in value and (sep is None or sep not in value):
        return [value]
    out: list[str] = []
    cur: list[str] = []
    i, n = 0, len(value)
    while i < n:
        ch = value[i]
        if ch == "\\" and i + 1 < n:
            nxt = value[i + 1]
            if nxt in "nN":
                cur.append("\n")
            elif nxt in ",;:\\":
                cur.append(nxt)
            else:
                cur.append(ch + nxt)
            i += 2
            continue
        if sep is not None and ch == sep:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
        i += 1
    out.append("".join(cur))
    return out


def _text(value: str) -> str:
    return _split(value)[0]


@dataclass(slots=True)
class _Prop:
    """One property line: what vobject's parseLine found, value still escaped."""

    name: str
    group: str | None
    value: str
    line: int
    params: dict[str, list[str]] = field(default_factory=dict)
    singletonparams: list[str] = field(default_factory=list)


def _types(cl: _Prop) -> list[str]:
    found: list[str] = []
    for raw in cl.params.get("TYPE", []):
        found.extend(t.strip().lower() for t in str(raw).split(",") if t.strip())
    found.extend(str(s).lower() for s in cl.singletonparams)
    return found


def _label(types: Iterable[str]) -> str:
    plain = [
        t
        for t in types
        if t not in ("internet", "pref", "voice", "x400", "quoted-printable", "base64", "b")
        and not t.startswith("charset")
        and not t.startswith("encoding")
    ]
    return ",".join(plain)


def _preferred(cl: _Prop, types: list[str]) -> bool:
    return "pref" in types or "PREF" in cl.params


def _decode_base64_text(cl: _Prop) -> str | None:
    """A text value some apps write as ENCODING=b / BASE64 (not a photo)."""
    encoding = [str(e).lower() for e in cl.params.get("ENCODING", [])]
    singles = [str(s).lower() for s in cl.singletonparams]
    if not ({"b", "base64"} & set(encoding) or "base64" in singles):
        return None
    charset = str(cl.params.get("CHARSET", ["utf-8"])[0])
    try:
        return base64.b64decode("".join(str(cl.value).split())).decode(charset)
    except (binascii.Error, ValueError, LookupError):
        return ""


# --------------------------------------------------------------------------- reading


class _Lines:
    """Physical line numbers: vobject reports a line after a blank one as the blank."""

    def __init__(self, text: str) -> None:
        self.blank = [not ln.strip() for ln in text.splitlines()]

    def fix(self, n: int) -> int:
        n = max(n, 1)
        while n <= len(self.blank) and self.blank[n - 1]:
            n += 1
        return n


def _is_qp(params: list[list[str]]) -> bool:
    for p in params:
        if len(p) == 1 and p[0].upper() == "QUOTED-PRINTABLE":
            return True
        if p[0].upper() == "ENCODING" and any(v.upper() == "QUOTED-PRINTABLE" for v in p[1:]):
            return True
    return False


def _content_line(line: str, n: int, warnings: list[str]) -> _Prop:
    """One logical line, its QUOTED-PRINTABLE value decoded (with its CHARSET) by vobject."""
    try:
        name, raw_params, value, group = parseLine(line, n)
    except ParseError:
        raise FileFormatError(
            f"line {n}: can't read '{line[:40]}' (a vCard line is NAME:value)"
        ) from None
    params: Any = raw_params  # a list of [name, value...] lists (the stubs say dict)
    if _is_qp(params):
        try:
            cl = ContentLine(name, params, value, group, encoded=True, lineNumber=n)
        except (UnicodeDecodeError, LookupError):
            # a wrong or unknown CHARSET: read the bytes as Latin-1 rather than fail
            fixed: Any = [p for p in params if p and p[0].upper() != "CHARSET"]
            fixed.append(["CHARSET", "latin-1"])
            warnings.append(f"line {n}: its CHARSET didn't match the text; read as Latin-1")
            cl = ContentLine(name, fixed, value, group, encoded=True, lineNumber=n)
        return _Prop(
            cl.name, cl.group, str(cl.value), n, dict(cl.params), list(cl.singletonparams)
        )
    prop = _Prop(str(name).upper(), group, str(value), n)
    for p in params:
        if len(p) == 1:
            prop.singletonparams.append(p[0])
        else:
            prop.params.setdefault(p[0].upper(), []).extend(p[1:])
    return prop


def _cards(text: str, warnings: list[str]) -> list[tuple[int, list[_Prop]]]:
    lines = _Lines(text)
    cards: list[tuple[int, list[_Prop]]] = []
    current: list[_Prop] | None = None
    begin = 0
    depth = 0
    for raw, reported in getLogicalLines(io.StringIO(text), True):
        n = lines.fix(reported)
        if not raw.strip():
            continue
        cl = _content_line(raw, n, warnings)
        value = str(cl.value).strip().upper()
        if cl.name == "BEGIN":
            if current is None:
                if value != "VCARD":
                    raise FileFormatError(f"line {n}: expected BEGIN:VCARD, found BEGIN:{value}")
                current, begin, depth = [], n, 1
            else:
                depth += 1  # an embedded card (vCard 2.1 AGENT): ignored
            continue
        if cl.name == "END":
            if current is None:
                raise FileFormatError(f"line {n}: END:{value} without a BEGIN:VCARD before it")
            depth -= 1
            if depth == 0:
                cards.append((begin, current))
                current = None
            continue
        if current is None:
            raise FileFormatError(f"line {n}: '{raw[:40]}' is outside BEGIN:VCARD ... END:VCARD")
        if depth == 1:
            current.append(cl)
    if current is not None:
        raise FileFormatError(f"line {begin}: the card starting here has no END:VCARD")
    return cards


def _card_record(
    number: int, line: int, props: list[_Prop], today: _dt.date | None
) -> tuple[ImportRecord, bool]:
    """The record of one card, and whether it had a photo (skipped)."""
    b = RecordBuilder(f"card {number} (line {line})")
    photo = False
    labels: dict[str, str] = {}
    for cl in props:
        if cl.name == "X-ABLABEL" and cl.group:
            m = _APPLE_LABEL_RE.fullmatch(str(cl.value))
            labels[cl.group.lower()] = (m.group(1) if m else _text(str(cl.value))).lower()
    for cl in props:
        name = cl.name
        if name in _SKIPPED:
            photo = photo or name == "PHOTO"
            continue
        if name in _IGNORED:
            continue
        raw = _decode_base64_text(cl)
        if raw is None:
            raw = str(cl.value)
        types = _types(cl)
        label = _label(types)
        if not label and cl.group:
            label = labels.get(cl.group.lower(), "")
        if name == "KIND" or name == "X-ADDRESSBOOKSERVER-KIND":
            kind = _text(raw).strip().lower()
            if kind == "group":
                b.record.problem = "a contact group, not a person"
        elif name == "FN":
            b.add_name(_text(raw))
        elif name == "N":
            parts = [" ".join(p.split()) for p in _split(raw, ";")] + [""] * 5
            family, given, additional, prefix, suffix = (
                p.replace(",", " ") for p in parts[:5]
            )
            b.add_name_parts(prefix, given, additional, family, suffix)
        elif name == "NICKNAME":
            b.set_text("nickname", _split(raw, ",")[0])
        elif name == "ORG":
            org = [p.strip() for p in _split(raw, ";")]
            b.set_text("company", org[0])
            units = ", ".join(u for u in org[1:] if u)
            if units:
                b.keep("department", units)
        elif name == "TITLE":
            b.set_text("title", _text(raw))
        elif name == "EMAIL":
            b.add_email(_text(raw), label, preferred=_preferred(cl, types))
        elif name == "TEL":
            b.add_phone(_text(raw), label, preferred=_preferred(cl, types))
        elif name == "BDAY":
            value = _text(raw).strip()
            omit = cl.params.get("X-APPLE-OMIT-YEAR")
            if omit and value.startswith(str(omit[0])):
                value = "--" + value[len(str(omit[0])) :].lstrip("-")
            b.set_birthday(value, today)
        elif name == "NOTE":
            b.add_note(_text(raw))
        elif name == "CATEGORIES":
            b.add_tags(_split(raw, ","))
        elif name == "URL":
            b.add_link(_text(raw), label)
        elif name in _X_LINKS:
            b.add_link(_text(raw), _X_LINKS[name] or label)
        elif name == "ADR":
            parts = [p.strip() for p in _split(raw, ";")] + [""] * 7
            box, ext, street, city, region, code, country = parts[:7]
            place = ", ".join(x.replace(",", " ").strip() for x in (city, region, country) if x)
            b.set_text("location", place)
            full = ", ".join(x for x in (box, ext, street, city, region, code, country) if x)
            if full and full != place:
                b.keep(f"address ({label})" if label else "address", full)
        elif name == "TZ":
            b.set_text("timezone", _text(raw))
        elif name == "UID":
            uid = _text(raw).strip().lower()
            if uid.startswith("urn:uuid:"):
                uid = uid[9:].replace("-", "")
            if _DEVHUB_ID_RE.fullmatch(uid):
                b.record.uid = uid
        elif name in _KEEP_AS_DETAIL:
            what = _KEEP_AS_DETAIL[name] or name.lower()
            b.keep(f"{what} ({label})" if label else what, _text(raw))
    rec = b.finish()
    if b.record.problem == "a contact group, not a person":
        rec.problem = b.record.problem
    return rec, photo


def parse_vcard(text: str, *, today: _dt.date | None = None) -> ParsedFile:
    """Every card of a vCard 2.1/3.0/4.0 file. Raises FileFormatError naming the line."""
    warnings: list[str] = []
    if "\r" in text:  # CRLF (the standard) and old Mac CR line ends alike
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    cards = _cards(text, warnings)
    if not cards:
        raise FileFormatError("no BEGIN:VCARD ... END:VCARD card in the file")
    records: list[ImportRecord] = []
    versions: set[str] = set()
    photos = 0
    for number, (line, props) in enumerate(cards, start=1):
        for cl in props:
            if cl.name == "VERSION":
                versions.add(str(cl.value).strip())
        rec, photo = _card_record(number, line, props, today)
        photos += photo
        records.append(rec)
    if photos:
        warnings.append(f"{photos} photo{'s' if photos != 1 else ''} skipped (devhub keeps none)")
    kind = "vCard " + "/".join(sorted(versions)) if versions else "vCard"
    return ParsedFile("vcard", kind, records, warnings)


# --------------------------------------------------------------------------- writing


def _split_name(name: str) -> tuple[str, str]:
    """(family, given) for N: the last word is the family name."""
    words = name.split()
    if len(words) < 2:
        return "", name
    return words[-1], " ".join(words[:-1])


def _bday(birthday: str, version: str) -> str:
    if birthday.startswith("--"):
        month, day = birthday[2:4], birthday[5:7]
        return f"--{month}{day}" if version == "4.0" else f"--{month}-{day}"
    return birthday.replace("-", "") if version == "4.0" else birthday


def contacts_to_vcard(contacts: Iterable[Mapping[str, Any]], version: str = "3.0") -> str:
    """vCards for contacts (mappings of contact fields plus ``tags`` and
    ``social_links``; optional ``vip_email`` / ``vip_phone``)."""
    if version not in VCARD_VERSIONS:
        raise ValueError(f"vCard version must be 3.0 or 4.0, not {version!r}")
    v4 = version == "4.0"
    out: list[str] = []
    for c in contacts:
        card = vobject.vCard()
        card.add("version").value = version
        card.add("uid").value = str(c["id"])
        name = str(c["name"])
        card.add("fn").value = name
        family, given = _split_name(name)
        card.add("n").value = vobject.vcard.Name(family=family, given=given)
        if c.get("nickname"):
            card.add("nickname").value = str(c["nickname"])
        if c.get("company"):
            card.add("org").value = [str(c["company"])]
        if c.get("title"):
            card.add("title").value = str(c["title"])
        for key, prop, kind in (
            ("email", "email", "internet" if not v4 else "work"),
            ("vip_email", "email", "home"),
            ("phone", "tel", "cell"),
            ("vip_phone", "tel", "home"),
        ):
            value = c.get(key)
            if value:
                line = card.add(prop)
                line.value = str(value)
                line.type_param = kind if v4 else kind.upper()
        if c.get("birthday"):
            card.add("bday").value = _bday(str(c["birthday"]), version)
        if c.get("location"):
            card.add("adr").value = vobject.vcard.Address(city=str(c["location"]))
        if c.get("timezone"):
            card.add("tz").value = str(c["timezone"])
        if c.get("notes"):
            card.add("note").value = str(c["notes"])
        tags = list(c.get("tags") or [])
        if tags:
            card.add("categories").value = tags
        links = list(c.get("social_links") or [])
        if c.get("github") and not any(
            link.get("platform") == "github" for link in links
        ):
            links.insert(0, {"platform": "github", "url": f"https://github.com/{c['github']}"})
        for link in links:
            platform = link.get("platform") or "website"
            if platform == "website":
                card.add("url").value = link["url"]
            else:
                line = card.add("x-socialprofile")
                line.value = link["url"]
                line.type_param = "twitter" if platform == "x" else platform
        out.append(card.serialize())
    return "".join(out)
