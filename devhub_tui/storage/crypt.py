"""Encryption at rest: the local store as an SQLCipher database (issue 21).

An encrypted store is the store file encrypted by SQLCipher (every page, the -wal's
too) plus a small header file beside it, ``STORE.crypt`` (mode 0600, JSON): the
per-store random salt, the argon2id parameters, a format version and a check value
(an HMAC of the key, so a wrong passphrase is told apart from a damaged file before
SQLite reads a page). The key is derived once per process from the passphrase
(argon2id, `derive_key`) and handed to SQLCipher raw (``PRAGMA key = "x'...'"``):
SQLCipher then runs no PBKDF2 of its own when a connection opens, so every thread's
connection costs what a plain one does. Neither the passphrase nor the key is
written anywhere.

Which form a store is in is told by its first bytes: a plain SQLite file starts
with "SQLite format 3"; an SQLCipher file starts with random bytes. The header file
says how to derive the key, nothing else.

This module holds the header file, the keys and the connections. Converting a store
from one form to the other (`encrypt_store`, `decrypt_store`, `recover`) is
`crypt_convert.py`'s; the cheap file checks every open runs are `crypt_files.py`'s.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devhub_tui.storage.crypt_files import (
    SQLITE_MAGIC as SQLITE_MAGIC,
)
from devhub_tui.storage.crypt_files import (
    backup_path,
    file_form,
    header_path,
    is_encrypted,
    needs_recovery,
)
from devhub_tui.storage.crypt_files import new_header_path as _new_header_path
from devhub_tui.storage.errors import (
    PassphraseNeededError,
    StoreError,
    WrongPassphraseError,
)

HEADER_VERSION = 1
KEY_BYTES = 32
SALT_BYTES = 16
#: argon2id, RFC 9106's second recommended option (64 MiB, 3 passes, 4 lanes):
#: ~0.14 s on a laptop core, once per process
DEFAULT_PARAMS = {"time_cost": 3, "memory_cost": 65536, "parallelism": 4}
#: SQLCipher's page HMAC. SHA-256 rather than SQLCipher 4's default SHA-512: as strong
#: a MAC here, and CPUs with SHA extensions hash it 2-3x faster (a full scan of a
#: 90 MB table: 0.65 s with SHA-512, 0.43 s with SHA-256, 0.25 s plain)
DEFAULT_HMAC = "HMAC_SHA256"
HMAC_ALGORITHMS = ("HMAC_SHA1", "HMAC_SHA256", "HMAC_SHA512")
DEFAULT_PAGE_SIZE = 4096
#: SQLite's page cache for an encrypted store's connections (KiB, filled only as pages
#: are read). A plain store's pages come back from the OS cache for a memcpy; an
#: encrypted one's must be decrypted (and their HMAC checked) again each time SQLite
#: reads them, so a larger cache saves the work: `devhub due` at 100k contacts spends
#: 250 ms in SQL with SQLCipher's 8 MiB default, 170 ms with 32 MiB (plain: 145 ms)
CACHE_KIB = 32768
#: bounds on what a header file may ask for (a tampered file can't make us allocate
#: gigabytes or spin for minutes)
MAX_MEMORY_KIB = 4 * 1024 * 1024
MAX_TIME_COST = 64
CHECK_LABEL = b"devhub store key check v1"
#: the environment variable the CLI and the app read a passphrase from
PASSPHRASE_ENV = "DEVHUB_PASSPHRASE"

__all__ = ["backup_path", "file_form", "header_path", "is_encrypted", "needs_recovery"]


# -- the header file -------------------------------------------------------------------
@dataclass(frozen=True)
class CryptHeader:
    salt: bytes
    time_cost: int
    memory_cost: int
    parallelism: int
    check: str = ""
    version: int = HEADER_VERSION
    hmac: str = DEFAULT_HMAC
    page_size: int = DEFAULT_PAGE_SIZE

    def to_json(self) -> str:
        return json.dumps({
            "format": "devhub-sqlcipher", "version": self.version, "kdf": "argon2id",
            "salt": self.salt.hex(), "time_cost": self.time_cost,
            "memory_cost": self.memory_cost, "parallelism": self.parallelism,
            "key_check": self.check,
            "cipher": {"hmac": self.hmac, "page_size": self.page_size},
        }, indent=2) + "\n"


def read_header(path: Path, header: Path | None = None) -> CryptHeader:
    """The store's header file, checked; one clear line when it is unusable."""
    hp = header or header_path(path)
    try:
        raw = hp.read_bytes()[:65536]
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict) or data.get("kdf") != "argon2id":
            raise ValueError("not a devhub key file")
        version = int(data["version"])
        if version > HEADER_VERSION:
            raise StoreError(f"{hp} was written by a newer devhub (key file version "
                             f"{version}); upgrade devhub")
        cipher = data.get("cipher") or {"hmac": "HMAC_SHA512", "page_size": 4096}
        out = CryptHeader(
            salt=bytes.fromhex(str(data["salt"])),
            time_cost=int(data["time_cost"]), memory_cost=int(data["memory_cost"]),
            parallelism=int(data["parallelism"]), check=str(data.get("key_check", "")),
            version=version, hmac=str(cipher["hmac"]), page_size=int(cipher["page_size"]),
        )
    except FileNotFoundError as exc:
        raise StoreError(f"{path} is encrypted but its key file {hp.name} is missing: "
                         "restore it from your backup") from exc
    except OSError as exc:
        raise StoreError(f"can't read {hp}: {exc.strerror or exc}") from exc
    except (ValueError, KeyError, TypeError, UnicodeDecodeError) as exc:
        raise StoreError(f"{hp} (the key file of {path.name}) is damaged: restore it from "
                         "your backup") from exc
    if (len(out.salt) < 8 or not 1 <= out.time_cost <= MAX_TIME_COST
            or not 8 * out.parallelism <= out.memory_cost <= MAX_MEMORY_KIB
            or not 1 <= out.parallelism <= 64 or out.hmac not in HMAC_ALGORITHMS
            or out.page_size not in (1024, 2048, 4096, 8192, 16384, 32768, 65536)):
        raise StoreError(f"{hp} (the key file of {path.name}) has settings devhub won't "
                         "use: restore it from your backup")
    return out


# -- keys -----------------------------------------------------------------------------
def derive_key(passphrase: str, header: CryptHeader) -> bytes:
    """argon2id(passphrase, salt): slow on purpose (call it in a thread in the app)."""
    from argon2.low_level import Type, hash_secret_raw

    return hash_secret_raw(passphrase.encode("utf-8"), header.salt, header.time_cost,
                           header.memory_cost, header.parallelism, KEY_BYTES, Type.ID)


def key_check(key: bytes) -> str:
    import hashlib
    import hmac

    return hmac.new(key, CHECK_LABEL, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class StoreKey:
    """An encrypted store's raw key and the SQLCipher settings it was written with.
    Held in memory only (its repr hides the key)."""

    raw: bytes
    hmac: str = DEFAULT_HMAC
    page_size: int = DEFAULT_PAGE_SIZE

    def __repr__(self) -> str:
        return f"StoreKey(hmac={self.hmac!r}, page_size={self.page_size}, raw=***)"

    def pragmas(self, schema: str = "") -> list[str]:
        where = f"{schema}." if schema else ""
        return [f"PRAGMA {where}cipher_hmac_algorithm = {self.hmac}",
                f"PRAGMA {where}cipher_page_size = {self.page_size}"]


def unlock_key(path: Path, passphrase: str) -> StoreKey:
    """The key of encrypted store `path` from its passphrase; WrongPassphraseError
    (one line) when it is not the right one."""
    path = Path(path)
    header = read_header(path, _current_header(path))
    if not passphrase:
        raise WrongPassphraseError(f"wrong passphrase for {path}")
    import hmac

    key = derive_key(passphrase, header)
    if header.check and not hmac.compare_digest(key_check(key), header.check):
        raise WrongPassphraseError(f"wrong passphrase for {path}")
    return StoreKey(key, header.hmac, header.page_size)


def _current_header(path: Path) -> Path:
    """The header of the store's current form: an `encrypt` that swapped the file but
    died before renaming its new header leaves it as ``.crypt.new``."""
    new = _new_header_path(path)
    return new if new.exists() else header_path(path)


def passphrase_needed(path: Path) -> PassphraseNeededError:
    return PassphraseNeededError(
        f"{path} is encrypted: type its passphrase, or set {PASSPHRASE_ENV}")


# -- connections ----------------------------------------------------------------------
def driver() -> Any:
    """The sqlcipher3 module (imported only for encrypted stores)."""
    try:
        import sqlcipher3  # type: ignore[import-not-found,unused-ignore]
    except ImportError as exc:  # pragma: no cover - a dependency of devhub
        raise StoreError("the store is encrypted but SQLCipher (sqlcipher3) is not "
                         "installed; reinstall devhub") from exc
    return sqlcipher3


def driver_errors() -> tuple[type[BaseException], ...]:
    return (sqlite3.Error, driver().Error)


def key_pragma(key: StoreKey, schema: str = "") -> str:
    where = f"{schema}." if schema else ""
    return f"PRAGMA {where}key = \"x'{key.raw.hex()}'\""


def connect(target: str | Path, key: StoreKey, **kwargs: Any) -> Any:
    """An SQLCipher connection to `target`, keyed with the raw key (no KDF runs)."""
    conn = driver().connect(str(target), **kwargs)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")  # errors are ours to word
        conn.execute(key_pragma(key))
        for pragma in key.pragmas():
            conn.execute(pragma)
        conn.execute(f"PRAGMA cache_size = -{CACHE_KIB}")
    except BaseException:
        conn.close()
        raise
    return conn
