"""Reading a file to import: its bytes (size-capped), its encoding and its format.

A vCard is read from its bytes (encodings decided per line, ``CHARSET=`` per
value); CSV and JSON are decoded first (:func:`~devhub_tui.core.filetext.decode_text`).
``encoding`` (``devhub import --encoding``) decodes the whole file with that codec.
"""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

from devhub_tui.core.backup import parse_backup
from devhub_tui.core.csvmap import FORMATS, parse_csv
from devhub_tui.core.filetext import FileFormatError, decode_text, detect_format, quote, sniff_bytes
from devhub_tui.core.records import ParsedFile
from devhub_tui.core.vcard import parse_vcard, parse_vcard_bytes
from devhub_tui.storage.transfer.report import TransferError

__all__ = ["MAX_IMPORT_BYTES", "parse_data", "parse_text", "read_file_bytes",
           "read_import_file"]

#: Largest file `devhub import` reads (a 10,000-card vCard with photos fits easily).
MAX_IMPORT_BYTES = 512 * 1024 * 1024


def read_file_bytes(path: Path | str) -> bytes:
    """The bytes of a file to import; TransferError (one line) when it can't be read."""
    p = Path(path).expanduser()
    shown = quote(str(p), 120)
    try:
        if p.is_dir():
            raise TransferError(f"{shown} is a folder, not a file")
        size = p.stat().st_size
        if size > MAX_IMPORT_BYTES:
            raise TransferError(f"{shown} is too big to import ({size // 2**20} MiB; the "
                                f"limit is {MAX_IMPORT_BYTES // 2**20} MiB)")
        with p.open("rb") as fh:
            data = fh.read(MAX_IMPORT_BYTES + 1)
    except FileNotFoundError:
        raise TransferError(f"can't read {shown}: no such file") from None
    except PermissionError:
        raise TransferError(f"can't read {shown}: permission denied") from None
    except IsADirectoryError:
        raise TransferError(f"{shown} is a folder, not a file") from None
    except OSError as exc:
        raise TransferError(f"can't read {shown}: {exc.strerror or exc}") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise TransferError(f"{shown} is too big to import")
    return data


def read_import_file(path: Path | str) -> tuple[str, list[str]]:
    """The text of a file to import, and warnings (lines read as Windows-1252)."""
    return decode_text(read_file_bytes(path))


def _check_format(fmt: str | None) -> None:
    if fmt is not None and fmt not in FORMATS:
        raise FileFormatError(f"unknown format '{quote(fmt, 20)}' (use vcard, csv or json)")


def parse_data(
    data: bytes,
    fmt: str | None = None,
    *,
    today: _dt.date | None = None,
    encoding: str | None = None,
) -> ParsedFile:
    """Read a file's bytes as ``fmt`` (or the format its content shows)."""
    _check_format(fmt)
    if fmt is None:
        if encoding:
            head, _ = decode_text(data[:4096].rsplit(b"\n", 1)[0] or data[:4096], encoding)
        else:
            head = sniff_bytes(data)
        fmt = detect_format(head)
    if fmt == "vcard":
        return parse_vcard_bytes(data, today=today, encoding=encoding)
    text, warnings = decode_text(data, encoding)
    parsed = parse_csv(text, today=today) if fmt == "csv" else parse_backup(text, today=today)
    parsed.warnings[:0] = warnings
    return parsed


def parse_text(text: str, fmt: str | None = None, *, today: _dt.date | None = None) -> ParsedFile:
    """Read a file's (decoded) text as ``fmt`` (or the format its content shows)."""
    _check_format(fmt)
    fmt = fmt or detect_format(text)
    if fmt == "vcard":
        return parse_vcard(text, today=today)
    if fmt == "csv":
        return parse_csv(text, today=today)
    return parse_backup(text, today=today)
