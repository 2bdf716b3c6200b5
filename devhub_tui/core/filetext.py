"""The bytes of a file to import as text: encodings, line ends, the format, and
file content quoted safely in messages.

Pure: bytes in, text out. Encodings are decided **per line**, not per file: a file
is UTF-8 (with or without a byte-order mark) or UTF-16/32 with a BOM (Outlook,
Excel), or UTF-16 without one (told by its zero bytes); a line that isn't valid
UTF-8 is read as Windows-1252 (a superset of Latin-1) on its own, so one stray
Latin-1 byte garbles no other line. When the non-UTF-8 lines don't look like
Windows-1252 text either (bytes it doesn't define, words made mostly of high
bytes: Shift_JIS, GBK, KOI8-R...), :class:`EncodingUnknownError` asks for
``--encoding``. With an explicit encoding the whole file is decoded with it.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator

from devhub_tui.core.validation import ValidationError

__all__ = [
    "EncodingUnknownError",
    "FileFormatError",
    "check_codec",
    "decode_line",
    "decode_text",
    "detect_format",
    "normalize_newlines",
    "quote",
    "safe_line",
]

#: How much of a file's content a message quotes.
QUOTE_CHARS = 80

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Bytes Windows-1252 leaves undefined: a file holding them is not Windows-1252.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
_WORD_RE = re.compile(rb"[^\s,;:\"'()<>\[\]/|=.-]+")
# C0 and C1 controls (ESC, OSC starters, CSI) and DEL; tab/newline shown as spaces
_UNSAFE_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


class FileFormatError(ValidationError):
    """The file can't be read as the format it claims; the message names the line/record."""


class EncodingUnknownError(FileFormatError):
    """The text encoding can't be told from the bytes: the user names it."""


# --------------------------------------------------------------------------- quoting


def safe_line(text: str) -> str:
    """Text fit for one terminal line: control characters (ESC, OSC, C1 CSI...),
    bidi overrides and line breaks become spaces or ``?``."""
    return _UNSAFE_RE.sub(lambda m: " " if m.group() in "\t\n\r" else "?", text)


def quote(text: str | bytes, limit: int = QUOTE_CHARS) -> str:
    """File content quoted in a message: at most ``limit`` characters (an ellipsis
    says it was cut), no control characters, decoded leniently when bytes."""
    if isinstance(text, bytes):
        text = text[: limit * 4].decode("utf-8", errors="replace")
    cut = len(text) > limit
    text = safe_line(text[: limit + 1])
    return text[:limit] + "…" if cut else text


# --------------------------------------------------------------------------- encodings


def check_codec(name: str) -> str:
    """A codec name Python knows (``shift_jis``, ``latin-1``, ``UTF-16``), normalized;
    FileFormatError otherwise."""
    try:
        return codecs.lookup(name.strip()).name
    except (LookupError, ValueError):
        raise FileFormatError(
            f"unknown encoding '{quote(name, 40)}' (try utf-8, cp1252, latin-1, utf-16, "
            "shift_jis, gb18030...)"
        ) from None


def _looks_cp1252(line: bytes) -> bool:
    """Could this non-UTF-8 line be Windows-1252 text? Not when it holds a byte
    Windows-1252 leaves undefined, nor a word of 3+ high bytes that are most of it
    (Cyrillic, Greek, CJK double-byte text read as Latin letters)."""
    if any(b in _CP1252_UNDEFINED for b in line):
        return False
    for m in _WORD_RE.finditer(line):
        word = m.group()
        high = sum(1 for b in word if b >= 0x80)
        if high >= 3 and high * 5 > len(word) * 3:
            return False
    return True


def _cp1252_bytes(exc: UnicodeError) -> tuple[str, int]:
    """Codec error handler: bytes that aren't UTF-8 read as Windows-1252, one run at a
    time, so the valid UTF-8 around them keeps its accents."""
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("cp1252", errors="replace"), exc.end


codecs.register_error("devhub-cp1252", _cp1252_bytes)


def decode_line(line: bytes) -> tuple[str, bool]:
    """One line: UTF-8 where it is, and the bytes that aren't read as Windows-1252
    (one stray Latin-1 byte garbles nothing around it). Returns ``(text,
    fell_back)``; raises :class:`EncodingUnknownError` when the line doesn't look
    like Windows-1252 either."""
    try:
        return line.decode("utf-8"), False
    except UnicodeDecodeError:
        pass
    if not _looks_cp1252(line):
        raise EncodingUnknownError("")
    return line.decode("utf-8", errors="devhub-cp1252"), True


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 written without a byte-order mark: every other byte of ASCII is zero."""
    sample = data[:4096]
    if len(sample) < 4 or sample.count(0) * 3 < len(sample):
        return None
    even_zero = sample[0::2].count(0)
    odd_zero = sample[1::2].count(0)
    if odd_zero > even_zero * 4:
        return "utf-16-le"
    if even_zero > odd_zero * 4:
        return "utf-16-be"
    return None


def whole_file_codec(data: bytes) -> str | None:
    """The codec the whole file is in when its bytes say so (BOM or UTF-16's zero
    bytes); None for UTF-8 / per-line decoding."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return codec
    return _utf16_without_bom(data)


def iter_lines(data: bytes) -> Iterator[bytes]:
    """Physical lines without their line end (linear, no copy of the whole file):
    LF, CRLF and CR CR LF end a line; so does a lone CR in a file without LF (old
    Mac)."""
    if b"\n" not in data and b"\r" in data:
        data = data.replace(b"\r", b"\n")
    pos, n = 0, len(data)
    while pos < n:
        end = data.find(b"\n", pos)
        if end < 0:
            yield data[pos:].rstrip(b"\r")
            return
        yield data[pos:end].rstrip(b"\r")
        pos = end + 1


def normalize_newlines(data: bytes) -> bytes:
    """CR CR LF (iPhone), CRLF and lone CR (old Mac) all become LF."""
    if b"\r" not in data:
        return data
    return data.replace(b"\r\r\n", b"\n").replace(b"\r\n", b"\n").replace(b"\r", b"\n")


def _describe_lines(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:5])
    more = len(numbers) - 5
    return f"lines {shown} and {more} more" if more > 0 else (
        f"line {shown}" if len(numbers) == 1 else f"lines {shown}")


def unknown_encoding(line: int) -> EncodingUnknownError:
    return EncodingUnknownError(
        f"line {line}: can't tell the file's text encoding (it is not UTF-8, UTF-16 or "
        "Windows-1252); name it with --encoding, e.g. --encoding shift_jis"
    )


def decode_text(data: bytes, encoding: str | None = None) -> tuple[str, list[str]]:
    """The text of a whole file with ``\\n`` line ends, and warnings (lines read as
    Windows-1252). See the module docstring for the rules."""
    if encoding:
        codec = check_codec(encoding)
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise FileFormatError(
                f"line {line}: the file is not {encoding} (byte 0x{data[exc.start]:02x})"
            ) from None
        return _text_newlines(text.lstrip("\ufeff")), []
    whole = whole_file_codec(data)
    if whole is not None:
        try:
            return _text_newlines(data.decode(whole).lstrip("\ufeff")), []
        except UnicodeDecodeError:
            raise FileFormatError(
                f"the file looks like {whole.upper()} but isn't; name its encoding with "
                "--encoding"
            ) from None
    data = normalize_newlines(data)
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    out: list[str] = []
    fell_back: list[int] = []
    for number, raw in enumerate(iter_lines(data), start=1):
        try:
            text, fell = decode_line(raw)
        except EncodingUnknownError:
            raise unknown_encoding(number) from None
        if fell:
            fell_back.append(number)
        out.append(text)
    text = "\n".join(out)
    if data.endswith(b"\n"):
        text += "\n"
    warning = f"{_describe_lines(fell_back)}: not UTF-8; read as Windows-1252"
    return text, [warning]


def _text_newlines(text: str) -> str:
    if "\r" not in text:
        return text
    return text.replace("\r\r\n", "\n").replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- format


def _first_content(head: str) -> str:
    """The first line that is neither blank nor a ``#`` comment."""
    for line in head.splitlines():
        stripped = line.strip().lstrip("\ufeff")
        if stripped and not stripped.startswith("#"):
            return stripped
    return ""


def detect_format(text: str) -> str:
    """``"vcard"``, ``"json"`` or ``"csv"`` from the start of the content; a file that
    is none of them raises FileFormatError."""
    head = text[:4096]
    first = _first_content(head)
    if not first:
        raise FileFormatError("the file is empty")
    if first[:11].upper() == "BEGIN:VCARD" or any(
        line.lstrip()[:11].upper() == "BEGIN:VCARD" for line in head.splitlines()[:20]
    ):
        return "vcard"  # (an exporter may put a line of its own before the first card)
    if first.startswith(("{", "[")):
        return "json"
    controls = sum(1 for ch in head if ch < " " and ch not in "\t\n\r")
    if "\x00" in head or controls * 20 > len(head):
        raise FileFormatError("this is a binary file, not vCard, CSV or JSON")
    return "csv"


def sniff_bytes(data: bytes) -> str:
    """A decoded head of the file, good enough to detect its format."""
    codec = whole_file_codec(data)
    head = data[:4096]
    if codec is not None:
        return head.decode(codec, errors="ignore").lstrip("\ufeff")
    return head.decode("utf-8", errors="replace")
