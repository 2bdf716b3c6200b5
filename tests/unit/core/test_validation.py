"""Tests for devhub_tui.core.validation."""

from __future__ import annotations

import pytest

from devhub_tui.core.validation import (
    MAX_NAME_LEN,
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_cadence,
    validate_email,
    validate_github,
    validate_importance,
    validate_name,
    validate_password,
    validate_phone,
    validate_tag,
    validate_type_name,
    validate_url,
    validate_username,
)


def test_constants() -> None:
    assert MAX_NOTE_LEN == 100_000
    assert MAX_NAME_LEN == 200
    assert issubclass(ValidationError, ValueError)


def assert_error(func, value, fragment: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        func(value)
    message = str(info.value)
    assert fragment in message
    assert "\n" not in message
    assert len(message) < 200


# --------------------------------------------------------------------------- clean_text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("hello", "hello"),
        ("  padded  ", "padded"),
        ("a\x00b", "ab"),
        ("a\x07b\x08c", "abc"),
        ("tab\there", "tab here"),
        ("two\nlines", "two lines"),
        ("cr\r\nlf", "cr  lf"),
        ("\x1b[31mred\x1b[0m", "[31mred[0m"),  # ESC removed, the rest stays as typed
        ("del\x7fc1\x9bx", "delc1x"),
        ("[bold]markup[/bold]", "[bold]markup[/bold]"),
        ("Zoë 李小龙 🙂", "Zoë 李小龙 🙂"),
        ("\u202eRTL", "\u202eRTL"),  # not a control char: kept as typed
        ("", ""),
    ],
)
def test_clean_text_single_line(raw: str, expected: str) -> None:
    assert clean_text(raw, max_len=1000, multiline=False) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("line1\nline2", "line1\nline2"),
        ("a\r\nb\rc", "a\nb\nc"),
        ("keep\ttabs", "keep\ttabs"),
        ("\n\n   \nfirst\n\n\nlast\n\n  ", "first\n\n\nlast"),
        ("    indented code\n  more", "    indented code\n  more"),
        ("nul\x00 esc\x1b[1m bell\x07 vt\x0b ff\x0c", "nul esc[1m bell vt ff"),
        ("trailing spaces   ", "trailing spaces"),
        ("\x00\x01\x02", ""),
    ],
)
def test_clean_text_multiline(raw: str, expected: str) -> None:
    assert clean_text(raw, max_len=1000, multiline=True) == expected


def test_clean_text_length_limit() -> None:
    assert (
        clean_text("x" * MAX_NOTE_LEN, max_len=MAX_NOTE_LEN, multiline=True) == "x" * MAX_NOTE_LEN
    )
    with pytest.raises(ValidationError) as info:
        clean_text("x" * (MAX_NOTE_LEN + 1), max_len=MAX_NOTE_LEN, multiline=True, field="notes")
    assert str(info.value) == "notes is too long (100,001 characters; the limit is 100,000)"
    # control characters removed before measuring
    assert clean_text("ab\x00\x00", max_len=2, multiline=False) == "ab"


# --------------------------------------------------------------------------- name


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Ada Lovelace", "Ada Lovelace"),
        ("  Ada   Lovelace  ", "Ada Lovelace"),
        ("Ada\tLovelace\n", "Ada Lovelace"),
        ("李 小龙", "李 小龙"),
        ("[bold]x", "[bold]x"),
        ("x" * 200, "x" * 200),
    ],
)
def test_validate_name_ok(raw: str, expected: str) -> None:
    assert validate_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "name is required"),
        ("   ", "name is required"),
        ("\x00\x1b", "name is required"),
        ("x" * 201, "name is too long (201 characters; the limit is 200)"),
        ("x" * 5000, "name is too long"),
    ],
)
def test_validate_name_errors(raw: str, fragment: str) -> None:
    assert_error(validate_name, raw, fragment)


# --------------------------------------------------------------------------- email


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        ("   ", None),
        ("ada@example.com", "ada@example.com"),
        ("Ada.Lovelace@Example.COM", "Ada.Lovelace@example.com"),
        ("  ada+crm@sub.example.co.uk ", "ada+crm@sub.example.co.uk"),
        ("mailto:ada@example.com", "ada@example.com"),
        ("MAILTO:ada@example.com", "ada@example.com"),
        ("x@münchen.de", "x@münchen.de"),
        ("josé@example.com", "josé@example.com"),
        ("o'brien@example.ie", "o'brien@example.ie"),
        ("a@xn--p1ai.xn--p1ai", "a@xn--p1ai.xn--p1ai"),
    ],
)
def test_validate_email_ok(raw: str, expected: str | None) -> None:
    assert validate_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "ada",
        "ada@",
        "@example.com",
        "ada@example",
        "a b@example.com",
        "ada@@example.com",
        "ada@ex ample.com",
        "a..b@example.com",
        ".ada@example.com",
        "ada.@example.com",
        "ada@-example.com",
        "ada@example-.com",
        "ada@example..com",
        "ada@example.com.",
        "ada@1.2.3.4",
        '"ada"@example.com',
        "<ada@example.com>",
        "ada@exa_mple.com",
        "a" * 65 + "@example.com",
        "a@" + "b" * 250 + ".com",
    ],
)
def test_validate_email_errors(raw: str) -> None:
    assert_error(validate_email, raw, "is not a valid email address")


# --------------------------------------------------------------------------- url


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        ("https://example.com", "https://example.com"),
        ("http://example.com/a?b=1#c", "http://example.com/a?b=1#c"),
        ("HTTPS://Example.com/Path", "https://Example.com/Path"),
        ("example.com", "https://example.com"),
        ("ada.dev/blog/post-1", "https://ada.dev/blog/post-1"),
        ("sub.example.co.uk:8443/x", "https://sub.example.co.uk:8443/x"),
        ("http://localhost:8080/x", "http://localhost:8080/x"),
        ("http://127.0.0.1:5000", "http://127.0.0.1:5000"),
        ("http://[::1]:80/", "http://[::1]:80/"),
        ("https://münchen.de", "https://münchen.de"),
        ("  https://example.com  ", "https://example.com"),
    ],
)
def test_validate_url_ok(raw: str, expected: str | None) -> None:
    assert validate_url(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("javascript:alert(1)", "not a valid link (use http:// or https://)"),
        ("JaVaScRiPt://alert(1)", "only http and https links are"),
        ("ftp://example.com", "only http and https links are"),
        ("file:///etc/passwd", "only http and https links are"),
        ("data:text/html,<b>x</b>", "not a valid link"),
        ("mailto:a@b.com", "not a valid link"),
        ("http://", "needs a host"),
        ("https:///path", "needs a host"),
        ("http://nodot", "needs a host"),
        ("http://-bad-.com", "needs a host"),
        ("http://[::1", "not a valid link"),
        ("http://example.com:99999", "not a valid link"),
        ("http://exa mple.com", "contains spaces"),
        ("localhost:8080", "use http:// or https://"),
        ("just words", "contains spaces"),
        ("word", "use http:// or https://"),
        ("https://" + "a" * 3000 + ".com", "too long"),
    ],
)
def test_validate_url_errors(raw: str, fragment: str) -> None:
    assert_error(validate_url, raw, fragment)


# --------------------------------------------------------------------------- github


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        ("ada", "ada"),
        ("@ada", "ada"),
        ("  @Ada-Lovelace ", "Ada-Lovelace"),
        ("a", "a"),
        ("a" * 39, "a" * 39),
        ("a1-b2-c3", "a1-b2-c3"),
        ("https://github.com/ada", "ada"),
        ("http://github.com/ada/", "ada"),
        ("https://www.github.com/Ada", "Ada"),
        ("github.com/ada", "ada"),
        ("GitHub.com/ada?tab=repositories", "ada"),
        ("https://github.com/ada#readme", "ada"),
    ],
)
def test_validate_github_ok(raw: str, expected: str | None) -> None:
    assert validate_github(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("-ada", "is not a valid GitHub username"),
        ("ada-", "is not a valid GitHub username"),
        ("a--b", "is not a valid GitHub username"),
        ("a_b", "is not a valid GitHub username"),
        ("a.b", "is not a valid GitHub username"),
        ("zoë", "is not a valid GitHub username"),
        ("a" * 40, "is not a valid GitHub username"),
        ("@", "GitHub username is empty"),
        ("https://github.com/ada/repo", "is not a GitHub profile link"),
        ("https://gitlab.com/ada", "is not a GitHub profile link"),
        ("https://evil.com/github.com/ada", "is not a GitHub profile link"),
        ("ada lovelace", "is not a valid GitHub username"),
    ],
)
def test_validate_github_errors(raw: str, fragment: str) -> None:
    assert_error(validate_github, raw, fragment)


# --------------------------------------------------------------------------- phone


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("", None),
        ("+1 (555) 123-4567", "+1 (555) 123-4567"),
        ("  +44 20   7946 0958 ", "+44 20 7946 0958"),
        ("tel:+33-1-23-45-67-89", "+33-1-23-45-67-89"),
        ("555.123.4567", "555.123.4567"),
        ("12345", "12345"),
        ("1" * 20, "1" * 20),
        ("030/1234567", "030/1234567"),
    ],
)
def test_validate_phone_ok(raw: str, expected: str | None) -> None:
    assert validate_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("1234", "5 to 20 digits"),
        ("1" * 21, "5 to 20 digits"),
        ("+ - ( )", "5 to 20 digits"),
        ("555-CALL-NOW", "use digits, spaces"),
        ("12+345678", "use digits, spaces"),
        ("++12345678", "use digits, spaces"),
        ("١٢٣٤٥٦", "use digits, spaces"),
    ],
)
def test_validate_phone_errors(raw: str, fragment: str) -> None:
    assert_error(validate_phone, raw, fragment)


# --------------------------------------------------------------------------- cadence / importance


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (None, None),
        ("", None),
        ("  ", None),
        ("default", None),
        (0, 0),
        ("0", 0),
        ("off", 0),
        ("OFF", 0),
        ("never", 0),
        (1, 1),
        ("1", 1),
        ("30", 30),
        (" 30 ", 30),
        ("30d", 30),
        ("30 days", 30),
        ("2w", 14),
        ("2 weeks", 14),
        ("1 week", 7),
        (3650, 3650),
        ("3650", 3650),
    ],
)
def test_validate_cadence_ok(raw: str | int | None, expected: int | None) -> None:
    assert validate_cadence(raw) == expected


@pytest.mark.parametrize(
    "raw", [-1, 3651, "3651", "-5", "abc", "1.5", True, False, "9" * 50, "600w", "0x10"]
)
def test_validate_cadence_errors(raw: str | int) -> None:
    assert_error(validate_cadence, raw, "cadence must be 1 to 3650 days, or off (0)")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("low", "low"),
        ("normal", "normal"),
        ("high", "high"),
        (" HIGH ", "high"),
        ("", "normal"),
        ("medium", "normal"),
    ],
)
def test_validate_importance_ok(raw: str, expected: str) -> None:
    assert validate_importance(raw) == expected


def test_validate_importance_errors() -> None:
    assert_error(validate_importance, "urgent", "importance must be low, normal or high")


# --------------------------------------------------------------------------- tags / types


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Rust", "rust"),
        ("  machine   learning ", "machine-learning"),
        ("C++", "c++"),
        ("C#", "c#"),
        (".NET", ".net"),
        ("web_dev", "web_dev"),
        ("PyCon-2026", "pycon-2026"),
        ("Café", "café"),
        ("機械学習", "機械学習"),
        ("हिन्दी", "हिन्दी"),
        ("x" * 40, "x" * 40),
    ],
)
def test_validate_tag_ok(raw: str, expected: str) -> None:
    assert validate_tag(raw) == expected
    assert validate_type_name(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "tag can't be empty"),
        ("   ", "tag can't be empty"),
        ("x" * 41, "is too long (the limit is 40 characters)"),
        ("a/b", "can't contain '/'"),
        ("a,b", "can't contain ','"),
        ("🙂", "can't contain"),
        ("[bold]", "can't contain '['"),
        ("a:b", "can't contain ':'"),
    ],
)
def test_validate_tag_errors(raw: str, fragment: str) -> None:
    assert_error(validate_tag, raw, fragment)


def test_validate_type_name_errors_say_type() -> None:
    assert_error(validate_type_name, "", "type can't be empty")
    assert_error(validate_type_name, "a/b", "type 'a/b' can't contain '/'")


# --------------------------------------------------------------------------- accounts


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("ada", "ada"), (" Ada ", "Ada"), ("a.b-c_d", "a.b-c_d"), ("x" * 32, "x" * 32)],
)
def test_validate_username_ok(raw: str, expected: str) -> None:
    assert validate_username(raw) == expected


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("ab", "must be 3 to 32 characters"),
        ("", "must be 3 to 32 characters"),
        ("x" * 33, "must be 3 to 32 characters"),
        ("ada lovelace", "can only use letters, digits"),
        ("zoë", "can only use letters, digits"),
        ("a@b", "can only use letters, digits"),
    ],
)
def test_validate_username_errors(raw: str, fragment: str) -> None:
    assert_error(validate_username, raw, fragment)


@pytest.mark.parametrize(
    "raw", ["12345678", "  spaces count  ", "pässwörd-ünicode", "x" * 1024, "correct horse"]
)
def test_validate_password_ok(raw: str) -> None:
    assert validate_password(raw) == raw


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        ("", "at least 8 characters"),
        ("1234567", "at least 8 characters"),
        ("x" * 1025, "at most 1024 characters"),
        ("abc\x00defgh", "NUL"),
    ],
)
def test_validate_password_errors(raw: str, fragment: str) -> None:
    assert_error(validate_password, raw, fragment)
