"""Field validation: each function returns the normalized value or raises
:class:`ValidationError` whose message is one clear sentence for the user.

Optional fields (email, url, github, phone, cadence) return ``None`` for empty input.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import urlsplit

__all__ = [
    "IMPORTANCES",
    "MAX_CADENCE_DAYS",
    "MAX_NAME_LEN",
    "MAX_NOTE_LEN",
    "MAX_TAG_LEN",
    "ValidationError",
    "clean_text",
    "validate_cadence",
    "validate_email",
    "validate_github",
    "validate_importance",
    "validate_name",
    "validate_password",
    "validate_phone",
    "validate_tag",
    "validate_type_name",
    "validate_url",
    "validate_username",
]

MAX_NOTE_LEN = 100_000
MAX_NAME_LEN = 200
MAX_TAG_LEN = 40
MAX_CADENCE_DAYS = 3650
MAX_EMAIL_LEN = 254
MAX_URL_LEN = 2048
MAX_PASSWORD_LEN = 1024
MIN_PASSWORD_LEN = 8
IMPORTANCES: tuple[str, ...] = ("low", "normal", "high")


class ValidationError(ValueError):
    """Invalid user input; ``str(err)`` is a one-line message for the user."""


def _clip(text: str, width: int = 60) -> str:
    """User text shortened for a one-line message."""
    return text if len(text) <= width else text[: width - 3] + "..."


# --------------------------------------------------------------------------- text

# C0 controls, DEL and C1 controls (C1 includes 0x9b, a one-byte CSI for terminals).
_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_CONTROL_KEEP_ML_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")  # keeps \t and \n
_SINGLE_LINE_SPACE_RE = re.compile(r"[\t\n\r\v\f]")
# lone surrogates (invalid UTF-8 bytes in argv or a file decode to these) can't be stored
_SURROGATE_RE = re.compile("[\ud800-\udfff]")


def clean_text(s: str, *, max_len: int, multiline: bool, field: str = "text") -> str:
    """User text kept as typed, minus the characters a terminal or database chokes on.

    * Removed: NUL and every other C0 control character, DEL and C1 controls.
      That includes ESC (``\\x1b``), so ANSI escape sequences lose their ESC and
      can't drive the terminal (their printable remainder stays, as typed).
    * ``multiline=True``: ``\\r\\n`` and ``\\r`` become ``\\n``; ``\\n`` and ``\\t``
      are kept; leading blank lines and trailing whitespace are dropped.
    * ``multiline=False``: tabs and line breaks become spaces; the result is stripped.
    * Longer than ``max_len`` characters afterwards -> :class:`ValidationError`
      (nothing is silently truncated). ``field`` names the field in that message.
    * Lone surrogates (undecodable bytes) become U+FFFD.
    """
    s = _SURROGATE_RE.sub("\ufffd", s)
    if multiline:
        s = s.replace("\r\n", "\n").replace("\r", "\n")
        s = _CONTROL_KEEP_ML_RE.sub("", s)
        lines = s.split("\n")
        first = 0
        while first < len(lines) and not lines[first].strip():
            first += 1
        s = "\n".join(lines[first:]).rstrip()
    else:
        s = _SINGLE_LINE_SPACE_RE.sub(" ", s)
        s = _CONTROL_RE.sub("", s).strip()
    if len(s) > max_len:
        raise ValidationError(
            f"{field} is too long ({len(s):,} characters; the limit is {max_len:,})"
        )
    return s


# Bidi embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): in a name
# they make text display in another order than it is stored ("Eve\u202egnp.exe").
_BIDI_CONTROL_RE = re.compile("[\u202a-\u202e\u2066-\u2069]")
# Fillers that draw as blank without being whitespace (Hangul fillers, braille blank).
_BLANK_LOOKING = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def _visible(ch: str) -> bool:
    """False for whitespace, format characters (zero-width space, joiners, BOM...),
    combining marks and blank-looking fillers: a name needs one visible character."""
    return not (
        ch.isspace() or ch in _BLANK_LOOKING or unicodedata.category(ch) in ("Cf", "Mn", "Me")
    )


def validate_name(s: str) -> str:
    """A contact's name: required, one line, inner whitespace collapsed, <= 200 chars.
    Bidi control characters are removed; a name of invisible characters only (zero-
    width spaces and the like) is refused."""
    text = _BIDI_CONTROL_RE.sub("", clean_text(s, max_len=len(s), multiline=False))
    name = " ".join(text.split())
    if not name:
        raise ValidationError("name is required")
    if not any(_visible(ch) for ch in name):
        raise ValidationError("name has no visible characters")
    if len(name) > MAX_NAME_LEN:
        raise ValidationError(f"name is too long ({len(name)} characters; the limit is 200)")
    return name


# --------------------------------------------------------------------------- contact fields

_EMAIL_LOCAL_RE = re.compile(r"[^\s@\"(),:;<>\[\]\\]+")


def _valid_domain(domain: str) -> bool:
    labels = domain.split(".")
    if len(labels) < 2 or len(domain) > 253:
        return False
    for label in labels:
        if not 1 <= len(label) <= 63 or label[0] == "-" or label[-1] == "-":
            return False
        if not all(ch == "-" or ch.isalnum() for ch in label):
            return False
    return not labels[-1].isdigit()


def validate_email(s: str) -> str | None:
    """An email address, or ``None`` when empty. A leading ``mailto:`` is dropped;
    the domain is lowercased (the local part is kept as typed). Checks: one ``@``,
    a sane local part (no spaces, quotes or brackets; no leading/trailing/double
    dots) and a domain with at least two labels (international letters allowed)."""
    text = clean_text(s, max_len=10 * MAX_EMAIL_LEN, multiline=False, field="email")
    if text.lower().startswith("mailto:"):
        text = text[7:].strip()
    if not text:
        return None
    bad = ValidationError(f"'{_clip(text)}' is not a valid email address")
    if len(text) > MAX_EMAIL_LEN or text.count("@") != 1:
        raise bad
    local, domain = text.split("@")
    if (
        not local
        or len(local) > 64
        or not _EMAIL_LOCAL_RE.fullmatch(local)
        or local.startswith(".")
        or local.endswith(".")
        or ".." in local
    ):
        raise bad
    domain = domain.lower()
    if not _valid_domain(domain):
        raise bad
    return f"{local}@{domain}"


_BARE_DOMAIN_RE = re.compile(r"[\w-]+(?:\.[\w-]+)+(?::\d{1,5})?(?:[/?#]\S*)?")
_IPV4_RE = re.compile(r"\d{1,3}(?:\.\d{1,3}){3}")


def validate_url(s: str) -> str | None:
    """An ``http(s)`` link, or ``None`` when empty.

    ``example.com/x`` gets ``https://`` in front. Other schemes (``javascript:``,
    ``ftp:``, ``mailto:``...) are refused. The link needs a host that is a domain
    name with a dot, an IPv4 / bracketed IPv6 address, or ``localhost``; no spaces.
    The scheme is lowercased, the rest is kept as typed.
    """
    text = clean_text(s, max_len=10 * MAX_URL_LEN, multiline=False, field="link")
    if not text:
        return None
    if len(text) > MAX_URL_LEN:
        raise ValidationError(f"link is too long (the limit is {MAX_URL_LEN} characters)")
    if any(ch.isspace() for ch in text):
        raise ValidationError(f"'{_clip(text)}' is not a valid link (it contains spaces)")
    if "://" not in text:
        if _BARE_DOMAIN_RE.fullmatch(text):
            text = "https://" + text
        else:
            raise ValidationError(f"'{_clip(text)}' is not a valid link (use http:// or https://)")
    scheme, rest = text.split("://", 1)
    if scheme.lower() not in ("http", "https"):
        raise ValidationError(f"'{_clip(text)}' is not allowed: only http and https links are")
    text = f"{scheme.lower()}://{rest}"
    try:
        parts = urlsplit(text)
        host = parts.hostname
        _ = parts.port
    except ValueError:
        raise ValidationError(f"'{_clip(text)}' is not a valid link") from None
    if not host or not (
        host == "localhost" or _IPV4_RE.fullmatch(host) or ":" in host or _valid_domain(host)
    ):
        raise ValidationError(
            f"'{_clip(text)}' is not a valid link (it needs a host like example.com)"
        )
    return text


_GITHUB_HANDLE_RE = re.compile(r"[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9]))*")
_GITHUB_URL_RE = re.compile(
    r"(?:https?://)?(?:www\.)?github\.com/([^/?#]+)/?(?:[?#].*)?", re.IGNORECASE
)


def validate_github(s: str) -> str | None:
    """A GitHub username from ``handle``, ``@handle`` or a profile URL
    (``https://github.com/handle``, ``github.com/handle/``), or ``None`` when empty.

    GitHub's rules: 1-39 characters, ASCII letters, digits and single hyphens, not
    starting or ending with a hyphen. The handle's case is kept as typed.
    """
    text = clean_text(s, max_len=1000, multiline=False, field="GitHub username")
    if not text:
        return None
    m = _GITHUB_URL_RE.fullmatch(text)
    if m:
        handle = m.group(1)
    elif "/" in text or ":" in text:
        raise ValidationError(f"'{_clip(text)}' is not a GitHub profile link (use github.com/NAME)")
    else:
        handle = text[1:] if text.startswith("@") else text
    if not handle:
        raise ValidationError("GitHub username is empty")
    if len(handle) > 39 or not _GITHUB_HANDLE_RE.fullmatch(handle):
        raise ValidationError(
            f"'{_clip(handle)}' is not a valid GitHub username (up to 39 letters, digits or "
            "single hyphens, not at the start or end)"
        )
    return handle


_PHONE_RE = re.compile(r"\+?[0-9 ().\-/]+")


def validate_phone(s: str) -> str | None:
    """A phone number, or ``None`` when empty. Allowed: digits, spaces, ``( ) . - /``
    and one leading ``+``; 5 to 20 digits. A leading ``tel:`` is dropped; inner
    whitespace is collapsed; otherwise kept as typed."""
    text = " ".join(clean_text(s, max_len=1000, multiline=False, field="phone number").split())
    if text.lower().startswith("tel:"):
        text = text[4:].strip()
    if not text:
        return None
    if not _PHONE_RE.fullmatch(text):
        raise ValidationError(
            f"'{_clip(text)}' is not a valid phone number (use digits, spaces, + - ( ) . /)"
        )
    digits = sum(ch.isdigit() for ch in text)
    if not 5 <= digits <= 20:
        raise ValidationError(f"'{_clip(text)}' is not a valid phone number (5 to 20 digits)")
    return text


# --------------------------------------------------------------------------- settings

_CADENCE_RE = re.compile(r"(\d+)\s*(d|days?|w|weeks?)?", re.ASCII)
_CADENCE_OFF = ("0", "off", "never")
_CADENCE_DEFAULT = ("", "default")


def validate_cadence(s: str | int | None) -> int | None:
    """A cadence in days.

    ``None``, ``""`` or ``"default"`` -> ``None`` (use the default cadence);
    ``0``, ``"0"``, ``"off"``, ``"never"`` -> ``0`` (reminders switched off);
    ``1``..``3650`` (also ``"30"``, ``"30d"``, ``"2w"``, ``"2 weeks"``) -> that many days.
    """
    bad = ValidationError(
        f"cadence must be 1 to {MAX_CADENCE_DAYS} days, or off (0) to switch reminders off"
    )
    if s is None:
        return None
    if isinstance(s, bool):
        raise bad
    if isinstance(s, int):
        days = s
    else:
        text = " ".join(s.split()).lower()
        if text in _CADENCE_DEFAULT:
            return None
        if text in _CADENCE_OFF:
            return 0
        m = _CADENCE_RE.fullmatch(text)
        if not m or len(m.group(1)) > 6:
            raise bad
        days = int(m.group(1)) * (7 if (m.group(2) or "d").startswith("w") else 1)
    if days == 0:
        return 0
    if not 1 <= days <= MAX_CADENCE_DAYS:
        raise bad
    return days


def validate_importance(s: str | None) -> str:
    """``low`` / ``normal`` / ``high`` (case-insensitive; empty -> ``normal``;
    ``medium`` is accepted as ``normal``)."""
    text = (s or "").strip().lower()
    if not text:
        return "normal"
    if text == "medium":
        return "normal"
    if text not in IMPORTANCES:
        raise ValidationError(f"importance must be low, normal or high, not '{_clip(str(s))}'")
    return text


_SLUG_EXTRA = "-_.+#"


def _slug(s: str, what: str) -> str:
    text = "-".join(clean_text(s, max_len=10_000, multiline=False, field=what).lower().split())
    if not text:
        raise ValidationError(f"{what} can't be empty")
    if len(text) > MAX_TAG_LEN:
        raise ValidationError(
            f"{what} '{text[:MAX_TAG_LEN]}...' is too long (the limit is {MAX_TAG_LEN} characters)"
        )
    for ch in text:
        if ch in _SLUG_EXTRA:
            continue
        if unicodedata.category(ch)[0] not in "LNM":
            raise ValidationError(
                f"{what} '{_clip(text)}' can't contain '{ch}' (use letters, digits and - _ . + #)"
            )
    return text


def validate_tag(s: str) -> str:
    """A tag: lowercased, trimmed, inner whitespace runs become ``-``; 1-40 characters
    of letters, digits (any script) and ``- _ . + #`` (so ``c++``, ``c#``, ``.net``)."""
    return _slug(s, "tag")


def validate_type_name(s: str) -> str:
    """A custom interaction type name: the same rules as :func:`validate_tag`."""
    return _slug(s, "type")


# --------------------------------------------------------------------------- accounts

_USERNAME_RE = re.compile(r"[A-Za-z0-9_.-]{3,32}")


def validate_username(s: str) -> str:
    """An account name: 3-32 ASCII letters, digits, ``_ . -`` (trimmed; case kept --
    uniqueness is case-insensitive in the store)."""
    text = s.strip()
    if not _USERNAME_RE.fullmatch(text):
        if not 3 <= len(text) <= 32:
            raise ValidationError("username must be 3 to 32 characters long")
        raise ValidationError("username can only use letters, digits, _ . and -")
    return text


def validate_password(s: str) -> str:
    """A password, returned unchanged (spaces count): 8-1024 characters, no NUL."""
    if len(s) < MIN_PASSWORD_LEN:
        raise ValidationError(f"password must be at least {MIN_PASSWORD_LEN} characters")
    if len(s) > MAX_PASSWORD_LEN:
        raise ValidationError(f"password must be at most {MAX_PASSWORD_LEN} characters")
    if "\x00" in s:
        raise ValidationError("password can't contain a NUL character")
    return s
