"""Quick Connect secrets: link tokens, their hashes, lifetimes and CSRF values.

Pure functions (no I/O). A link token is random (192 bits, URL-safe) and only its
SHA-256 is stored; the QR code and the URL carry the token itself.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets

from devhub_tui.core.validation import ValidationError

MINUTE_MS = 60_000
HOUR_MS = 60 * MINUTE_MS
DAY_MS = 24 * HOUR_MS
DEFAULT_TTL_MS = 24 * HOUR_MS
MIN_TTL_MS = MINUTE_MS
MAX_TTL_MS = 30 * DAY_MS
MAX_USES_LIMIT = 100_000

#: What a token in a URL looks like (token_urlsafe output); anything else is unknown.
TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{16,128}")

_UNITS = {"m": MINUTE_MS, "h": HOUR_MS, "d": DAY_MS, "w": 7 * DAY_MS}
_DURATION_RE = re.compile(r"(?:(\d{1,6})\s*([mhdw]))", re.ASCII)


def new_token() -> str:
    """A fresh link token (32 URL-safe characters)."""
    return secrets.token_urlsafe(24)


def hash_token(token: str) -> str:
    """The stored form of a token: hex SHA-256."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def parse_duration(text: str) -> int:
    """``24h``, ``90m``, ``2d``, ``1w``, ``1h30m`` -> milliseconds (1 minute to 30 days).

    A bare number is hours. Raises ValidationError with one clear line.
    """
    raw = "".join((text or "").split()).lower()
    bad = ValidationError(
        f"'{text}' is not a duration: use for example 30m, 24h, 2d or 1w (1 minute to 30 days)"
    )
    if not raw:
        raise bad
    if raw.isdigit():
        raw += "h"
    pos = 0
    total = 0
    for m in _DURATION_RE.finditer(raw):
        if m.start() != pos:
            raise bad
        total += int(m.group(1)) * _UNITS[m.group(2)]
        pos = m.end()
    if pos != len(raw):
        raise bad
    if not MIN_TTL_MS <= total <= MAX_TTL_MS:
        raise bad
    return total


def parse_max_uses(value: str | int | None) -> int | None:
    """Empty/None -> unlimited; otherwise 1..100000."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if not value:
            return None
        if not value.isdigit():
            raise ValidationError(f"max uses must be a whole number, not '{value[:20]}'")
        value = int(value)
    if not 1 <= value <= MAX_USES_LIMIT:
        raise ValidationError(f"max uses must be 1 to {MAX_USES_LIMIT:,} (or empty: no limit)")
    return value


def format_duration(ms: int) -> str:
    """A short human duration: ``23h 59m``, ``2d 4h``, ``5m``."""
    minutes = max(0, ms) // MINUTE_MS
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    if days:
        return f"{days}d {hours}h" if hours else f"{days}d"
    if hours:
        return f"{hours}h {mins}m" if mins else f"{hours}h"
    return f"{mins}m"


# -- CSRF --------------------------------------------------------------------------
#
# Each form page gets a random nonce. The page carries ``nonce.issued.signature``
# in a hidden field, where the signature is an HMAC (server secret) over the link
# token's hash, the nonce and the issue time; the nonce also goes in an HttpOnly,
# SameSite=Strict cookie. A POST must bring both, matching, signed by this server,
# for this link, and younger than ``CSRF_MAX_AGE_MS``.

CSRF_MAX_AGE_MS = 2 * HOUR_MS


def _csrf_mac(key: bytes, token_hash: str, nonce: str, issued: int) -> str:
    msg = f"{token_hash}|{nonce}|{issued}".encode()
    return hmac.new(key, msg, hashlib.sha256).hexdigest()


def issue_csrf(key: bytes, token_hash: str, now_ms: int) -> tuple[str, str]:
    """A (form value, cookie nonce) pair for one form page."""
    nonce = secrets.token_urlsafe(18)
    return f"{nonce}.{now_ms}.{_csrf_mac(key, token_hash, nonce, now_ms)}", nonce


def check_csrf(
    key: bytes,
    token_hash: str,
    form_value: str | None,
    cookie_nonce: str | None,
    now_ms: int,
    *,
    max_age_ms: int = CSRF_MAX_AGE_MS,
) -> str | None:
    """The nonce when the pair is genuine, fresh and for this link; otherwise None."""
    if not form_value or not cookie_nonce or len(form_value) > 300:
        return None
    parts = form_value.split(".")
    if len(parts) != 3 or not parts[1].isdigit():
        return None
    nonce, issued_s, mac = parts
    issued = int(issued_s)
    expected = _csrf_mac(key, token_hash, nonce, issued)
    if not hmac.compare_digest(mac.encode(), expected.encode()):
        return None
    if not hmac.compare_digest(nonce.encode(), cookie_nonce.encode()):
        return None
    if not 0 <= now_ms - issued <= max_age_ms:
        return None
    return nonce
