"""connect.tokens: link secrets, durations, CSRF values."""

from __future__ import annotations

import pytest

from devhub_tui.connect.tokens import (
    CSRF_MAX_AGE_MS,
    DAY_MS,
    HOUR_MS,
    MINUTE_MS,
    TOKEN_RE,
    check_csrf,
    format_duration,
    hash_token,
    issue_csrf,
    new_token,
    parse_duration,
    parse_max_uses,
)
from devhub_tui.core.validation import ValidationError

KEY = b"k" * 32
HASH = hash_token("link-token-one-abcdef")


def test_tokens_are_random_urlsafe_and_hashed() -> None:
    a, b = new_token(), new_token()
    assert a != b and TOKEN_RE.fullmatch(a) and len(a) == 32
    assert hash_token(a) != a and len(hash_token(a)) == 64
    assert hash_token(a) == hash_token(a)


@pytest.mark.parametrize(
    ("text", "ms"),
    [
        ("24h", 24 * HOUR_MS),
        ("90m", 90 * MINUTE_MS),
        ("2d", 2 * DAY_MS),
        ("1w", 7 * DAY_MS),
        ("1h30m", 90 * MINUTE_MS),
        (" 3 h ", 3 * HOUR_MS),
        ("12", 12 * HOUR_MS),
    ],
)
def test_parse_duration(text: str, ms: int) -> None:
    assert parse_duration(text) == ms


@pytest.mark.parametrize("text", ["", "0m", "soon", "24x", "h24", "31d", "-5h", "5hh"])
def test_parse_duration_rejects(text: str) -> None:
    with pytest.raises(ValidationError, match="not a duration"):
        parse_duration(text)


def test_max_uses() -> None:
    assert parse_max_uses("") is None and parse_max_uses(None) is None
    assert parse_max_uses("5") == 5 and parse_max_uses(3) == 3
    for bad in ("0", "-1", "x", 0, 10**9):
        with pytest.raises(ValidationError):
            parse_max_uses(bad)  # type: ignore[arg-type]


def test_format_duration() -> None:
    assert format_duration(23 * HOUR_MS + 59 * MINUTE_MS) == "23h 59m"
    assert format_duration(2 * DAY_MS + 4 * HOUR_MS) == "2d 4h"
    assert format_duration(5 * MINUTE_MS) == "5m"
    assert format_duration(-1) == "0m"


def test_csrf_round_trip() -> None:
    value, nonce = issue_csrf(KEY, HASH, 1_000)
    assert check_csrf(KEY, HASH, value, nonce, 2_000) == nonce


def test_csrf_rejects_forgeries() -> None:
    value, nonce = issue_csrf(KEY, HASH, 1_000)
    n, issued, mac = value.split(".")
    forged_mac = f"{n}.{issued}.{'0' * len(mac)}"
    swap = "y" if n[0] == "x" else "x"  # another first letter (the nonce is random)
    other_nonce = f"{swap}{n[1:]}.{issued}.{mac}"
    cases = [
        (KEY, HASH, forged_mac, nonce),  # made-up signature
        (KEY, HASH, other_nonce, swap + nonce[1:]),  # nonce swapped in both places
        (KEY, HASH, value, None),  # no cookie
        (KEY, HASH, value, "not-the-nonce"),  # cookie from another page
        (KEY, hash_token("another-link-token"), value, nonce),  # for another link
        (b"z" * 32, HASH, value, nonce),  # signed by another server
        (KEY, HASH, "", nonce),
        (KEY, HASH, "a.b", nonce),
        (KEY, HASH, f"{n}.notanumber.{mac}", nonce),
        (KEY, HASH, "x" * 400, nonce),
    ]
    for key, token_hash, form_value, cookie in cases:
        assert check_csrf(key, token_hash, form_value, cookie, 2_000) is None


def test_csrf_expires() -> None:
    value, nonce = issue_csrf(KEY, HASH, 1_000)
    assert check_csrf(KEY, HASH, value, nonce, 1_000 + CSRF_MAX_AGE_MS) == nonce
    assert check_csrf(KEY, HASH, value, nonce, 1_001 + CSRF_MAX_AGE_MS) is None
    assert check_csrf(KEY, HASH, value, nonce, 999) is None  # from the future
