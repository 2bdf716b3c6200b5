"""Which form a store file is in (plain SQLite or SQLCipher) and the files an
encrypted store keeps beside it: the cheap checks every open runs (a few stat calls
and one 16-byte read), kept apart from `crypt.py` so a plain store never imports it.
"""

from __future__ import annotations

from pathlib import Path

from devhub_tui.storage.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"


# -- files beside the store ------------------------------------------------------------
def header_path(path: Path) -> Path:
    return path.with_name(path.name + ".crypt")


def new_header_path(path: Path) -> Path:
    return path.with_name(path.name + ".crypt.new")


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".crypt-lock")


def temp_path(path: Path, kind: str) -> Path:
    return path.with_name(f"{path.name}.{kind}")


def backup_path(path: Path) -> Path:
    return path.with_name(path.name + ".bak")


def side(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def file_form(path: Path) -> str:
    """'missing', 'empty', 'plain' (an SQLite file) or 'encrypted' (anything else
    that is non-empty: SQLCipher files start with random bytes)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except FileNotFoundError:
        return "missing"
    except IsADirectoryError:
        return "plain"  # open_database says "a folder"
    except PermissionError as exc:
        raise StoreError(f"can't read {path}: permission denied") from exc
    if not head:
        return "empty"
    return "plain" if head == SQLITE_MAGIC else "encrypted"


def is_encrypted(path: Path) -> bool:
    """Whether opening `path` needs a passphrase: it has a header file (or one an
    interrupted `encrypt` left) and is not a plain SQLite file."""
    path = Path(path)
    if not (header_path(path).exists() or new_header_path(path).exists()):
        return False
    return file_form(path) == "encrypted"


def needs_recovery(path: Path) -> bool:
    """Whether an interrupted encrypt/decrypt left files to finish or clean up (a few
    stat calls: cheap enough for every open)."""
    if any(side(path, s).exists() for s in (".crypt.new", ".encrypting", ".decrypting")):
        return True
    return header_path(path).exists() and file_form(path) == "plain"
