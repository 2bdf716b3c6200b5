"""vCard 2.1 / 3.0 / 4.0 read into records (and, re-exported, written back).

:mod:`~devhub_tui.core.vcard_lines` turns the file's bytes into content lines
(unfolding, parameters, charsets, quoted-printable); this module turns each
card's lines into an :class:`~devhub_tui.core.records.ImportRecord`, unescaping
every value the way its property needs (RFC 6350 section 3.4: structured values
split on unescaped ``;``, lists on unescaped ``,``; ``\\,`` ``\\;`` ``\\n`` ``\\"``
unescaped). What devhub has no place for is named per record ("PHOTO (photo not
stored)"), never dropped without a word.

A card is known again by its ``UID`` when it has one, and by a hash of its content
lines (names, parameters, values; order, folding, line ends and encodings left
out), so importing the same file again finds the contacts it made.

Pure: bytes or text in, records out.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import re
from collections.abc import Iterable

from devhub_tui.core.contact import validate_contact_field
from devhub_tui.core.records import FileFormatError, ImportRecord, ParsedFile, RecordBuilder
from devhub_tui.core.validation import ValidationError
from devhub_tui.core.vcard_lines import Prop, RawCard, iter_cards
from devhub_tui.core.vcard_write import VCARD_VERSIONS, contacts_to_vcard

__all__ = [
    "VCARD_VERSIONS",
    "FileFormatError",
    "contacts_to_vcard",
    "parse_vcard",
    "parse_vcard_bytes",
]

#: Metadata about the card itself, not about the person: read silently.
_SILENT = frozenset(
    "VERSION PRODID REV CLASS SOURCE NAME PROFILE MAILER SORT-STRING CLIENTPIDMAP X-ABLABEL "
    "X-ABUID X-ABSHOWAS X-ABADR X-ABPERSON X-ADDRESSBOOKSERVER-KIND KIND UID".split()
)
#: Properties devhub has no place for, and why (named in the report).
_NOT_STORED = {
    "PHOTO": "photo not stored",
    "LOGO": "logo not stored",
    "SOUND": "sound not stored",
    "KEY": "key not stored",
    "GEO": "coordinates not stored",
    "MEMBER": "group members not stored",
    "AGENT": "embedded card not stored",
    "FBURL": "calendar link not stored",
    "CALURI": "calendar link not stored",
    "CALADRURI": "calendar link not stored",
    "LANG": "language not stored",
    "XML": "XML not stored",
}
#: Kept in the notes' "Imported details" block under this label.
_KEEP_AS_DETAIL = {
    "ANNIVERSARY": "anniversary",
    "X-ANNIVERSARY": "anniversary",
    "X-EVOLUTION-ANNIVERSARY": "anniversary",
    "X-MS-ANNIVERSARY": "anniversary",
    "RELATED": "related",
    "X-ABRELATEDNAMES": "related",
    "X-EVOLUTION-SPOUSE": "spouse",
    "X-SPOUSE": "spouse",
    "X-MS-SPOUSE": "spouse",
    "X-ASSISTANT": "assistant",
    "X-EVOLUTION-ASSISTANT": "assistant",
    "X-MANAGER": "manager",
    "X-EVOLUTION-MANAGER": "manager",
    "ROLE": "role",
    "GENDER": "gender",
    "X-GENDER": "gender",
}
_X_LINKS = {
    "X-SOCIALPROFILE": "",
    "X-TWITTER": "twitter",
    "X-LINKEDIN": "linkedin",
    "X-MASTODON": "mastodon",
    "X-GITHUB": "github",
    "X-BLUESKY": "bluesky",
}
_X_IM = {
    "X-AIM": "aim", "X-ICQ": "icq", "X-JABBER": "xmpp", "X-MSN": "msn", "X-YAHOO": "yahoo",
    "X-SKYPE": "skype", "X-SKYPE-USERNAME": "skype", "X-GOOGLE-TALK": "gtalk",
    "X-GTALK": "gtalk", "X-QQ": "qq", "X-GADUGADU": "gadugadu", "X-SIP": "sip",
    "X-TELEGRAM": "telegram", "X-MATRIX": "matrix",
}
#: What devhub's own export writes beyond the standard (see vcard_write).
_DEVHUB_TEXT = {"X-DEVHUB-RELATIONSHIP": "relationship", "X-DEVHUB-INDUSTRY": "industry"}
_DEVHUB_VIP = {"X-DEVHUB-VIP-APP": "main_app", "X-DEVHUB-VIP-EMAIL": "email",
               "X-DEVHUB-VIP-PHONE": "phone_number"}
_DEVHUB_ID_RE = re.compile(r"[0-9a-f]{32}")
_APPLE_LABEL_RE = re.compile(r"_\$!<(.*)>!\$_")
_TRUE = ("true", "yes", "1")


# --------------------------------------------------------------------------- values


def split_value(value: str, sep: str | None = None) -> list[str]:
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
            elif nxt in ",;:\\\"":
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
    return split_value(value)[0]


def _components(value: str) -> list[str]:
    """A structured value (N, ADR): components split on unescaped ``;``, each one's
    values on unescaped ``,`` and joined with ``", "`` (escaped commas stay)."""
    out: list[str] = []
    for comp in _split_escaped(value, ";"):
        values = [" ".join(v.split()) for v in _split_escaped(comp, ",")]
        out.append(", ".join(_text(v) for v in values if v))
    return out


def _split_escaped(value: str, sep: str) -> list[str]:
    """Split on ``sep`` where it isn't escaped, keeping the escapes for later."""
    if sep not in value:
        return [value]
    out: list[str] = []
    start = i = 0
    n = len(value)
    while i < n:
        ch = value[i]
        if ch == "\\":
            i += 2
            continue
        if ch == sep:
            out.append(value[start:i])
            start = i + 1
        i += 1
    out.append(value[start:])
    return out


def _label(types: list[str]) -> str:
    plain = [
        t
        for t in types
        if t not in ("internet", "pref", "x400", "quoted-printable", "base64", "b")
        and not t.startswith(("charset", "encoding"))
    ]
    return ",".join(plain)


def _preferred(cl: Prop, types: list[str]) -> bool:
    return "pref" in types or "PREF" in cl.params


def _uid(card: RawCard) -> str | None:
    for prop in card.props:
        if prop.name == "UID" and prop.value.strip():
            return "uid:" + _text(prop.value).strip().lower()
    return None


def _content_key(card: RawCard) -> str:
    """A hash of the card's content lines."""
    items = []
    for p in card.props:
        if p.name in ("VERSION", "PRODID", "REV") or p.name in _NOT_STORED:
            continue
        params = sorted(
            f"{k}={','.join(sorted(v.lower() for v in vals))}"
            for k, vals in p.params.items() if k not in ("ENCODING", "CHARSET")
        ) + sorted(s.lower() for s in p.singles if s.upper() not in (
            "QUOTED-PRINTABLE", "BASE64") and not s.upper().startswith("CHARSET"))
        items.append(f"{p.name}\x1f{';'.join(params)}\x1f{' '.join(p.value.split())}")
    items.sort()
    return "vcard:" + hashlib.sha256("\x1e".join(items).encode()).hexdigest()[:40]


# --------------------------------------------------------------------------- cards

#: Google's own groups, written into CATEGORIES by its vCard export: not the user's.
_GOOGLE_SYSTEM_GROUPS = frozenset({"mycontacts", "starred"})


def _android_custom(b: RecordBuilder, raw: str) -> None:
    """Android's X-ANDROID-CUSTOM:vnd.android.cursor.item/KIND;value;type;..."""
    parts = split_value(raw, ";")
    kind = parts[0].rsplit("/", 1)[-1].lower()
    value = parts[1].strip() if len(parts) > 1 else ""
    if kind == "nickname":
        b.set_text("nickname", value)
    elif kind == "relation":
        b.keep("related", value)
    elif kind == "contact_event":
        b.keep("date", value)
    else:
        b.keep(kind or "android", value or raw)


def _is_vip_copy(cl: Prop) -> bool:
    """A line devhub's export writes for other apps beside its X-DEVHUB-VIP-* line."""
    return any("vip" in v.lower() for v in cl.params.get("X-DEVHUB", []))


def _devhub_prop(b: RecordBuilder, name: str, raw: str, types: list[str]) -> bool:
    """devhub's own X- properties (a round trip keeps what they say)."""
    value = _text(raw).strip()
    if name == "X-DEVHUB-VIP":
        b.record.fields["vip"] = value.lower() in _TRUE
    elif name == "X-DEVHUB-IMPORTANCE":
        try:
            b.record.fields["importance"] = validate_contact_field("importance", value)
        except ValidationError as exc:
            b.keep("importance", value, str(exc))
    elif name == "X-DEVHUB-CADENCE":
        try:
            b.record.fields["cadence_days"] = validate_contact_field("cadence_days", value)
        except ValidationError as exc:
            b.keep("cadence", value, str(exc))
    elif name in _DEVHUB_TEXT:
        b.set_text(_DEVHUB_TEXT[name], value)
    elif name in _DEVHUB_VIP:
        b.set_vip(_DEVHUB_VIP[name], value)
    elif name == "X-DEVHUB-VIP-LINK":
        b.add_vip_link(value, types[0] if types else "")
    else:
        return False
    return True


def _address(b: RecordBuilder, raw: str, label: str) -> None:
    parts = _components(raw) + [""] * 7
    box, ext, street, city, region, code, country = parts[:7]
    place = ", ".join(x for x in (city, region, country) if x)
    full = ", ".join(x for x in (box, ext, street, city, region, code, country) if x)
    current = b.record.fields.get("location")
    if place and not current:
        b.set_text("location", place)
        current = b.record.fields.get("location")
    if full and (full != place or current != place):
        b.add_address(label, full)


def _card_record(number: int, card: RawCard, today: _dt.date | None) -> ImportRecord:
    b = RecordBuilder(f"card {number} (line {card.line})")
    for problem in card.problems:
        b.warn(problem)
    labels: dict[str, str] = {}
    has_adr = any(p.name == "ADR" for p in card.props)
    for cl in card.props:
        if cl.name == "X-ABLABEL" and cl.group:
            m = _APPLE_LABEL_RE.fullmatch(cl.value)
            labels[cl.group.lower()] = (m.group(1) if m else _text(cl.value)).lower()
    group_problem = False
    for cl in card.props:
        name, raw = cl.name, cl.value
        if name in _SILENT:
            if name in ("KIND", "X-ADDRESSBOOKSERVER-KIND") and _text(raw).strip().lower() == (
                    "group"):
                group_problem = True
            if name == "UID":
                uid = _text(raw).strip().lower().removeprefix("urn:uuid:").replace("-", "")
                if _DEVHUB_ID_RE.fullmatch(uid):
                    b.record.uid = uid
            continue
        if name in _NOT_STORED:
            b.skip(name, _NOT_STORED[name])
            continue
        if _is_vip_copy(cl):
            continue
        types = cl.types()
        label = _label(types)
        if not label and cl.group:
            label = labels.get(cl.group.lower(), "")
        if name.startswith("X-DEVHUB-") and _devhub_prop(b, name, raw, types):
            continue
        if name == "FN":
            b.add_name(_text(raw))
        elif name == "N":
            family, given, additional, prefix, suffix = (_components(raw) + [""] * 5)[:5]
            b.add_name_parts(prefix, given, additional, family, suffix)
        elif name == "NICKNAME":
            for nick in split_value(raw, ","):
                b.set_text("nickname", nick)
        elif name == "ORG":
            org = [p.strip() for p in split_value(raw, ";")]
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
            if omit and value.startswith(omit[0]):
                value = "--" + value[len(omit[0]):].lstrip("-")
            b.set_birthday(value, today)
        elif name == "X-ABDATE":
            value = _text(raw).strip()
            if value.startswith("1604"):
                value = "--" + value[4:].lstrip("-")
            b.keep(f"date ({label})" if label else "date", value)
        elif name == "NOTE":
            b.add_note(_text(raw))
        elif name == "CATEGORIES":
            b.add_tags(c for c in split_value(raw, ",")
                       if c.strip().lower() not in _GOOGLE_SYSTEM_GROUPS)
        elif name == "X-ANDROID-CUSTOM":
            _android_custom(b, raw)
        elif name == "URL":
            b.add_link(_text(raw), label)
        elif name in _X_LINKS:
            value = _text(raw).strip()
            user = (cl.params.get("X-USER") or [""])[0]
            hint = _X_LINKS[name] or label
            if "://" not in value and user:
                value = user
            b.add_link(value, hint)
        elif name == "IMPP":
            service = (cl.params.get("X-SERVICE-TYPE") or [label])[0]
            b.add_im(_text(raw), service)
        elif name in _X_IM:
            b.add_im(_text(raw), _X_IM[name])
        elif name == "ADR":
            _address(b, raw, label)
        elif name == "LABEL":
            if has_adr:
                b.skip("LABEL", "printed form of the address; the address is kept from ADR")
            else:
                b.add_address(label, _text(raw))
        elif name == "TZ":
            b.set_text("timezone", _text(raw))
        elif name in _KEEP_AS_DETAIL:
            what = _KEEP_AS_DETAIL[name] or name.lower()
            b.keep(f"{what} ({label})" if label else what, _text(raw))
        elif name.startswith("X-"):
            b.skip(name, "custom field not stored")
        else:
            b.skip(name, "not stored")
    rec = b.finish()
    rec.fingerprint = _uid(card)
    rec.content_key = _content_key(card)
    if group_problem:
        rec.problem = "a contact group, not a person"
    return rec


def _records(cards: Iterable[RawCard], warnings: list[str], today: _dt.date | None
             ) -> ParsedFile:
    records: list[ImportRecord] = []
    versions: set[str] = set()
    photos = 0
    for number, card in enumerate(cards, start=1):
        for cl in card.props:
            if cl.name == "VERSION":
                versions.add(cl.value.strip())
            photos += cl.name == "PHOTO"
        records.append(_card_record(number, card, today))
    if photos:
        warnings.append(f"{photos} photo{'s' if photos != 1 else ''} skipped (devhub keeps none)")
    kind = "vCard " + "/".join(sorted(v for v in versions if len(v) < 10)) if versions else "vCard"
    return ParsedFile("vcard", kind, records, warnings)


def parse_vcard_bytes(
    data: bytes, *, today: _dt.date | None = None, encoding: str | None = None
) -> ParsedFile:
    """Every card of a vCard 2.1/3.0/4.0 file's bytes (encodings decided per line)."""
    warnings: list[str] = []
    return _records(iter_cards(data, warnings, encoding=encoding), warnings, today)


def parse_vcard(text: str, *, today: _dt.date | None = None) -> ParsedFile:
    """Every card of a vCard text (already decoded: ``CHARSET`` applies to
    quoted-printable values only)."""
    warnings: list[str] = []
    data = text.encode("utf-8", errors="surrogatepass")
    return _records(iter_cards(data, warnings, encoding="utf-8"), warnings, today)
