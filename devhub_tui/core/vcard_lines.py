"""vCard content lines from a file's bytes: unfolding, parameters, encodings.

One pass over the bytes, linear in their size (a 50 MB file of folded lines takes
about a second), and lenient where real exporters are sloppy:

* line ends CRLF, LF, lone CR (old Mac) and CR CR LF (iPhone);
* folded lines (a leading space or tab), quoted-printable soft line breaks
  (``=`` at the end), values continued after a lone trailing backslash (old
  Android), base64 photos whose lines aren't indented and have no blank line
  after them (vCard 2.1), ``#`` comment lines, blank lines;
* encodings per line: a value's own ``CHARSET=`` (any codec Python knows, any
  case), quoted-printable (``ENCODING=QUOTED-PRINTABLE`` or the bare 2.1 form,
  any case), base64 text values; else UTF-8, else Windows-1252 for that line only
  (a line that is neither asks for ``--encoding``). A UTF-16 file or an explicit
  ``--encoding`` decodes the whole file first;
* a line that can't be read (no ``NAME:``), a card without ``END:VCARD``, lines
  outside any card: reported with their line number, the rest is read;
* photos, logos, sounds and keys are never decoded, and a value longer than
  :data:`MAX_VALUE_BYTES` is not kept (reported), so a hostile file costs little
  memory.

Pure: bytes in, :class:`RawCard` objects out.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from devhub_tui.core.filetext import (
    EncodingUnknownError,
    FileFormatError,
    check_codec,
    decode_line,
    iter_lines,
    quote,
    unknown_encoding,
    whole_file_codec,
)

__all__ = ["MAX_VALUE_BYTES", "NOT_DECODED", "Prop", "RawCard", "iter_cards", "read_cards"]

#: The longest value kept (a note is at most 100,000 characters; 4 bytes a
#: character, then quoted-printable's 3 bytes a byte, fits).
MAX_VALUE_BYTES = 2 * 1024 * 1024
#: Properties whose values are never decoded or kept (binary data).
NOT_DECODED = frozenset({"PHOTO", "LOGO", "SOUND", "KEY"})
_KNOWN = frozenset(
    (
        "BEGIN END VERSION FN N NICKNAME PHOTO BDAY ADR LABEL TEL EMAIL MAILER TZ GEO TITLE "
        "ROLE LOGO AGENT ORG CATEGORIES NOTE PRODID REV SORT-STRING SOUND UID URL CLASS KEY "
        "IMPP KIND GENDER ANNIVERSARY RELATED MEMBER LANG XML SOURCE CLIENTPIDMAP FBURL "
        "CALADRURI CALURI NAME PROFILE"
    ).split()
)
_NAME_RE = re.compile(r"(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)")
_PROP_START_RE = re.compile(rb"\s*(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)[;:]")
_HEAD_RE = re.compile(rb"[ \t]*(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)((?:;[^:;\"]*)*)[ \t]*:")
_B64_LINE_RE = re.compile(rb"[ \t]*[A-Za-z0-9+/=]+[ \t]*")


@dataclass(slots=True)
class Prop:
    """One content line: name and parameters parsed, value decoded to text but still
    vCard-escaped (each property unescapes its own way)."""

    name: str
    group: str | None
    value: str
    line: int
    params: dict[str, list[str]] = field(default_factory=dict)
    singles: list[str] = field(default_factory=list)

    def types(self) -> list[str]:
        found: list[str] = []
        for raw in self.params.get("TYPE", []):
            found.extend(t.strip().lower() for t in raw.split(",") if t.strip())
        found.extend(s.lower() for s in self.singles)
        return found


@dataclass
class RawCard:
    line: int
    props: list[Prop] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


@dataclass
class _Pending:
    """A logical line being put together from physical lines."""

    line: int
    value_start: bytes
    name: str
    group: str | None
    params: dict[str, list[str]]
    singles: list[str]
    qp: bool
    b64: bool
    keep: bool
    pieces: list[bytes] = field(default_factory=list)
    size: int = 0
    tail: bytes = b""

    def add(self, piece: bytes) -> None:
        self.size += len(piece)
        self.tail = piece
        if self.keep and self.size <= MAX_VALUE_BYTES:
            self.pieces.append(piece)

    def last(self) -> bytes:
        return self.tail


def _split_outside_quotes(text: str, sep: str) -> list[str]:
    if '"' not in text:
        return text.split(sep)
    out, cur, quoted = [], [], False
    for ch in text:
        if ch == '"':
            quoted = not quoted
            cur.append(ch)
        elif ch == sep and not quoted:
            out.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    out.append("".join(cur))
    return out


def _colon(line: bytes) -> int:
    """Where the value starts: the first ``:`` outside double quotes, or -1."""
    at = line.find(b":")
    if at < 0 or b'"' not in line[:at]:
        return at
    quoted = False
    for i, ch in enumerate(line):
        if ch == 0x22:
            quoted = not quoted
        elif ch == 0x3A and not quoted:
            return i
    return -1


def _start(line: bytes, number: int) -> _Pending | None:
    fast = _HEAD_RE.match(line)
    if fast is not None:  # no quoted parameter (the common case): one regex
        at = fast.end() - 1
        group = fast.group(1).decode() if fast.group(1) else None
        name = fast.group(2).decode().upper()
        raw_params = fast.group(3).decode("utf-8", errors="replace")
        parts = raw_params[1:].split(";") if raw_params else []
    else:
        at = _colon(line)
        if at < 0:
            return None
        head = line[:at].decode("utf-8", errors="replace").strip()
        pieces = _split_outside_quotes(head, ";")
        m = _NAME_RE.fullmatch(pieces[0].strip())
        if not m:
            return None
        group, name, parts = m.group(1), m.group(2).upper(), pieces[1:]
    params: dict[str, list[str]] = {}
    singles: list[str] = []
    for raw in parts:
        raw = raw.strip()
        if not raw:
            continue
        if "=" in raw:
            pname, pvalue = raw.split("=", 1)
            values = [v.strip().strip('"') for v in _split_outside_quotes(pvalue, ",")]
            params.setdefault(pname.strip().upper(), []).extend(values)
        else:
            singles.append(raw.strip('"'))
    qp = b64 = False
    if params or singles:
        encodings = {v.upper() for v in params.get("ENCODING", [])} | {
            x.upper() for x in singles}
        qp, b64 = "QUOTED-PRINTABLE" in encodings, bool(encodings & {"B", "BASE64"})
    value = line[at + 1 :]
    return _Pending(line=number, value_start=value, name=name, group=group, params=params,
                    singles=singles, qp=qp, b64=b64, keep=name not in NOT_DECODED,
                    size=len(value), tail=value)


def _ends_with_lone_backslash(piece: bytes) -> bool:
    stripped = piece.rstrip(b" \t")
    count = len(stripped) - len(stripped.rstrip(b"\\"))
    return count % 2 == 1


def _looks_like_property(line: bytes) -> bool:
    m = _PROP_START_RE.match(line)
    if not m:
        return False
    name = m.group(1).decode("ascii").upper()
    return name in _KNOWN or name.startswith("X-")


class _Reader:
    def __init__(self, transcoded: bool, fallback: str | None) -> None:
        self.transcoded = transcoded  # the bytes are UTF-8 made from the whole file
        self.fallback = fallback  # --encoding, for quoted-printable without CHARSET
        self.cp1252_lines: list[int] = []

    def _decode_plain(self, raw: bytes, line: int) -> str:
        try:
            text, fell = decode_line(raw)
        except EncodingUnknownError:
            raise unknown_encoding(line) from None
        if fell:
            self.cp1252_lines.append(line)
        return text

    def _charset(self, p: _Pending) -> str | None:
        if not p.params and not p.singles:
            return None
        values = p.params.get("CHARSET") or [s[8:] for s in p.singles
                                            if s.upper().startswith("CHARSET=")]
        return values[0].strip() if values else None

    def decode(self, p: _Pending, problems: list[str]) -> str | None:
        raw = p.value_start + b"".join(p.pieces) if p.pieces else p.value_start
        charset = self._charset(p)
        codec: str | None = None
        if charset:
            try:
                codec = codecs.lookup(charset).name
            except LookupError:
                problems.append(f"line {p.line}: unknown CHARSET '{quote(charset, 30)}'; "
                                "read as UTF-8 or Windows-1252")
        if p.qp or p.b64:
            try:
                data = binascii.a2b_qp(raw) if p.qp else base64.b64decode(
                    b"".join(raw.split()), validate=False)
            except (binascii.Error, ValueError):
                problems.append(f"line {p.line}: {p.name}'s encoded value can't be decoded; "
                                "skipped")
                return None
            codec = codec or self.fallback
            if codec:
                try:
                    return data.decode(codec)
                except UnicodeDecodeError:
                    problems.append(f"line {p.line}: its CHARSET didn't match the text; "
                                    "read as UTF-8 or Windows-1252")
            return self._decode_plain(data, p.line)
        if self.transcoded:
            return raw.decode("utf-8", errors="replace")
        if codec:
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                problems.append(f"line {p.line}: its CHARSET didn't match the text; "
                                "read as UTF-8 or Windows-1252")
        return self._decode_plain(raw, p.line)

    def props(self, data: bytes, problems: list[tuple[int, str]]) -> Iterator[Prop | None]:
        """Every content line in order (None for a line that couldn't be read, whose
        problem is in ``problems`` with its line number)."""
        cur: _Pending | None = None
        for number, line in enumerate(iter_lines(data), start=1):
            if cur is not None:
                last = cur.last()
                if cur.qp and last.endswith(b"="):  # a soft line break
                    cur.add(b"\n" + (line[1:] if line[:1] in (b" ", b"\t") else line))
                    continue
                if line[:1] in (b" ", b"\t"):
                    cur.add(line[1:])
                    continue
                if cur.b64 and line and _B64_LINE_RE.fullmatch(line):
                    cur.add(line)
                    continue
                if (line and last.endswith(b"\\") and _ends_with_lone_backslash(last)
                        and not cur.qp and not _looks_like_property(line)):
                    cur.add(b"n" + line)  # "\" + newline: a line break in the value
                    continue
                yield from self._emit(cur, problems)
                cur = None
            if not line.strip() or line.lstrip()[:1] == b"#":
                continue
            if line[:1] in (b" ", b"\t"):
                problems.append((number, f"line {number}: '{quote(line.strip())}' continues "
                                         "nothing; skipped"))
                yield None
                continue
            cur = _start(line, number)
            if cur is None:
                problems.append((number, f"line {number}: can't read '{quote(line)}' (a vCard "
                                         "line is NAME:value); skipped"))
                yield None
        if cur is not None:
            yield from self._emit(cur, problems)

    def _emit(self, p: _Pending, problems: list[tuple[int, str]]) -> Iterator[Prop | None]:
        if p.keep and p.size > MAX_VALUE_BYTES:
            problems.append((p.line, f"line {p.line}: {p.name} is too long ({p.size:,} bytes; "
                                     f"devhub keeps values up to {MAX_VALUE_BYTES:,}); skipped"))
            yield Prop(p.name, p.group, "", p.line, p.params, p.singles)
            return
        if not p.keep:
            yield Prop(p.name, p.group, "", p.line, p.params, p.singles)
            return
        found: list[str] = []
        value = self.decode(p, found)
        for message in found:
            problems.append((p.line, message))
        if value is None:
            yield None
            return
        yield Prop(p.name, p.group, value, p.line, p.params, p.singles)


def _prepare(data: bytes, encoding: str | None) -> tuple[bytes, bool, str | None]:
    """(UTF-8 or raw bytes with LF line ends, whether the whole file was decoded,
    the codec quoted-printable falls back to)."""
    codec = check_codec(encoding) if encoding else None
    whole = codec or whole_file_codec(data)
    if whole == "utf-8-sig":
        return data[3:], False, codec
    if whole is not None:
        try:
            text = data.decode(whole)
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise FileFormatError(
                f"line {line}: the file is not {encoding or whole} (byte "
                f"0x{data[exc.start]:02x})"
            ) from None
        return text.lstrip("\ufeff").encode("utf-8"), True, codec
    return data, False, None


def read_cards(data: bytes, *, encoding: str | None = None) -> tuple[list[RawCard], list[str]]:
    """The cards of a vCard file and the file's own warnings (lines outside cards,
    lines read as Windows-1252). Raises FileFormatError when no card is found."""
    warnings: list[str] = []
    cards = list(iter_cards(data, warnings, encoding=encoding))
    return cards, warnings


def iter_cards(data: bytes, warnings: list[str], *, encoding: str | None = None
               ) -> Iterator[RawCard]:
    """The cards of a vCard file one at a time (so each can be let go of as soon as
    it is read); the file's own warnings are added to ``warnings`` as they are found.
    Raises FileFormatError when no card is found."""
    raw, transcoded, fallback = _prepare(data, encoding)
    del data
    reader = _Reader(transcoded, fallback)
    problems: list[tuple[int, str]] = []
    found = 0
    current: RawCard | None = None
    depth = 0
    skipping: str | None = None  # inside BEGIN:VCALENDAR ... END:VCALENDAR

    def flush_problems() -> None:
        for _, message in problems:
            (current.problems if current is not None else warnings).append(message)
        problems.clear()

    for prop in reader.props(raw, problems):
        if prop is None:
            flush_problems()
            continue
        value = prop.value.strip().upper()
        if skipping is not None:
            if prop.name == "END" and value == skipping:
                skipping = None
            problems.clear()
            continue
        if prop.name == "BEGIN":
            if value != "VCARD":
                if current is None:
                    warnings.append(f"line {prop.line}: BEGIN:{quote(value, 30)} is not a "
                                    "vCard; skipped to its END")
                    skipping = value
                else:
                    depth += 1
            elif current is None:
                current, depth = RawCard(prop.line), 1
            elif current.props and current.props[-1].name == "AGENT" and (
                    not current.props[-1].value.strip()):
                depth += 1  # a vCard 2.1 AGENT's embedded card: not a contact of its own
            else:
                current.problems.append(f"line {current.line}: the card has no END:VCARD "
                                        f"(a new card starts at line {prop.line})")
                found += 1
                yield current
                current, depth = RawCard(prop.line), 1
            flush_problems()
            continue
        if prop.name == "END":
            if current is None:
                warnings.append(f"line {prop.line}: END:{quote(value, 30)} without a "
                                "BEGIN:VCARD before it; skipped")
            elif depth > 1:
                depth -= 1
            else:
                flush_problems()
                found += 1
                yield current
                current, depth = None, 0
            flush_problems()
            continue
        if current is None:
            warnings.append(f"line {prop.line}: '{quote(prop.name + ':' + prop.value)}' is "
                            "outside BEGIN:VCARD ... END:VCARD; skipped")
        elif depth == 1:
            current.props.append(prop)
        flush_problems()
    if current is not None:
        current.problems.append(f"line {current.line}: the card has no END:VCARD (read to the "
                                "end of the file)")
        found += 1
        yield current
    if not found:
        for number, line in enumerate(iter_lines(raw), start=1):
            if line.strip() and line.lstrip()[:1] != b"#":
                raise FileFormatError(
                    f"line {number}: '{quote(line)}' is not BEGIN:VCARD: this is not a "
                    "vCard file"
                )
        raise FileFormatError("no BEGIN:VCARD ... END:VCARD card in the file")
    if reader.cp1252_lines:
        nums = reader.cp1252_lines
        shown = ", ".join(str(n) for n in nums[:5]) + (
            f" and {len(nums) - 5} more" if len(nums) > 5 else "")
        warnings.append(f"line{'s' if len(nums) > 1 else ''} {shown}: not UTF-8; read as "
                        "Windows-1252")
