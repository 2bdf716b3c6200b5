"""Converting a store between plain SQLite and SQLCipher (issue 21): `encrypt_store`,
`decrypt_store` and `recover`, with the conversion lock and the checks of the copy.
The header file, the keys and the connections are `crypt.py`'s.

`encrypt_store` and `decrypt_store` never touch the original until its converted
copy is verified, and the swap is ordered so that a crash at any instant leaves the
store openable, in its old or its new form, with all its data (see `_encrypt` and
`_decrypt`); `recover` (run by `open_database` when a conversion left files behind)
finishes or cleans up what an interrupted run left. A test hook
(`DEVHUB_CRYPT_TEST_STEP`) stops or pauses the process at each step.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from devhub_tui.storage.crypt import (
    DEFAULT_PARAMS,
    SALT_BYTES,
    CryptHeader,
    StoreKey,
    connect,
    derive_key,
    driver,
    driver_errors,
    key_check,
    read_header,
    unlock_key,
)
from devhub_tui.storage.crypt_files import (
    backup_path,
    file_form,
    header_path,
    needs_recovery,
)
from devhub_tui.storage.crypt_files import lock_path as _lock_path
from devhub_tui.storage.crypt_files import new_header_path as _new_header_path
from devhub_tui.storage.crypt_files import side as _side
from devhub_tui.storage.crypt_files import temp_path as _temp_path
from devhub_tui.storage.errors import LockedError, NotADatabaseError, StoreError

#: test hook: stop (`exit`, the default) or `pause` the process at this step
TEST_STEP_ENV = "DEVHUB_CRYPT_TEST_STEP"
TEST_ACTION_ENV = "DEVHUB_CRYPT_TEST_ACTION"

ENCRYPT_STEPS = ("header", "export", "verify", "backup", "swap", "header-rename", "cleanup")
DECRYPT_STEPS = ("export", "verify", "backup", "swap", "header-remove", "cleanup")


# -- durable files -------------------------------------------------------------------
def _fsync_dir(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


def _write_private(dest: Path, data: bytes) -> None:
    tmp = dest.with_name(dest.name + ".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, data)
        os.fsync(fd)
    finally:
        os.close(fd)
    os.chmod(tmp, 0o600)
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


# -- converting -----------------------------------------------------------------------
@dataclass
class ConvertReport:
    path: Path
    action: str  # "encrypted" | "decrypted"
    already: bool = False
    tables: int = 0
    rows: int = 0
    backup: Path | None = None
    notes: list[str] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"store": str(self.path), "action": self.action, "already": self.already,
                "tables": self.tables, "rows": self.rows,
                "backup": str(self.backup) if self.backup else None,
                "notes": list(self.notes or [])}


def _step(name: str) -> None:
    """The crash-safety tests' hook: stop (as a SIGKILL would: no clean-up runs) or
    pause at step `name`."""
    if os.environ.get(TEST_STEP_ENV) != name:
        return
    if os.environ.get(TEST_ACTION_ENV) == "pause":
        sys.stderr.write(f"devhub: paused at {name}\n")
        sys.stderr.flush()
        time.sleep(3600)
    os._exit(99)


@contextlib.contextmanager
def conversion_lock(path: Path) -> Iterator[None]:
    """Only one encrypt/decrypt/recover of a store at a time (a file lock, released by
    the kernel if the process dies)."""
    import fcntl

    lock = _lock_path(path)
    for _ in range(20):
        try:
            fd = os.open(lock, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise StoreError(f"can't create {lock}: {exc.strerror or exc}") from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            raise LockedError(f"{path} is being encrypted or decrypted by another devhub; "
                              "try again when it has finished") from exc
        try:  # the holder before us removed the file as it let go: take the new one
            same = os.stat(lock).st_ino == os.fstat(fd).st_ino
        except FileNotFoundError:
            same = False
        if same:
            break
        os.close(fd)
    else:  # pragma: no cover - 20 holders in a row
        raise LockedError(f"{path} is being encrypted or decrypted by another devhub")
    try:
        yield
    finally:
        _unlink(lock)  # removed while held (see the check above)
        os.close(fd)


def _unlink(*paths: Path) -> None:
    for p in paths:
        with contextlib.suppress(FileNotFoundError):
            p.unlink()


def _leftovers(path: Path, kind: str) -> list[Path]:
    tmp = _temp_path(path, kind)
    return [tmp, _side(tmp, "-journal"), _side(tmp, "-wal"), _side(tmp, "-shm")]


def recover(path: Path) -> list[str]:
    """Finish or undo what an interrupted encrypt/decrypt left; returns notes. The
    store file itself is always complete (it is only ever replaced atomically by a
    verified copy): this puts the header file in line with the store's form and
    removes the half-made copies (a half-made decrypted copy is plain text)."""
    path = Path(path)
    if not needs_recovery(path):
        return []
    notes: list[str] = []
    with conversion_lock(path):
        form = file_form(path)
        new_header = _new_header_path(path)
        if form == "encrypted":
            if new_header.exists():  # encrypt swapped the file, then stopped
                os.replace(new_header, header_path(path))
                _fsync_dir(path.parent)
                notes.append(f"finished encrypting {path} (an earlier run was interrupted)")
        elif form == "plain":
            if header_path(path).exists():  # decrypt swapped the file, then stopped
                _unlink(header_path(path))
                notes.append(f"finished decrypting {path} (an earlier run was interrupted)")
            _unlink(new_header)
        _unlink(*_leftovers(path, "encrypting"), *_leftovers(path, "decrypting"))
    return notes


def _table_counts(conn: Any, schema: str = "main") -> dict[str, int]:
    """Rows per table. Full-text indexes are counted through their shadow tables
    (counting the virtual table itself would walk the whole index)."""
    names = [r[0] for r in conn.execute(
        f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND "
        "coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL%' ORDER BY name")]
    return {n: int(conn.execute(f'SELECT count(*) FROM {schema}."{n}"').fetchone()[0])
            for n in names}


def _hold_exclusive(conn: Any, path: Path) -> None:
    """Fold the -wal into the file, leave WAL mode and keep an exclusive lock until the
    connection closes: nobody writes (or reads) the store while it is converted."""
    try:
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if str(mode).lower() != "delete":
            raise LockedError(f"{path} is open in another program: close devhub there and "
                              "try again")
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")
    except driver_errors() as exc:
        msg = str(exc).lower()
        if "locked" in msg or "busy" in msg:
            raise LockedError(f"{path} is in use (is devhub open?): close it and try "
                              "again") from exc
        raise


def _verify_copy(copy: Any, copy_path: Path, want: dict[str, int]) -> None:
    ok = copy.execute("PRAGMA integrity_check").fetchall()
    if [r[0] for r in ok] != ["ok"]:
        raise StoreError(f"the converted copy {copy_path} failed its integrity check; "
                         "the store was left untouched")
    got = _table_counts(copy)
    if got != want:
        diff = sorted(n for n in set(got) | set(want) if got.get(n) != want.get(n))
        raise StoreError(f"the converted copy {copy_path} differs from the store "
                         f"({', '.join(diff[:5])}); the store was left untouched")


def _copy_private(src: Path, dest: Path) -> None:
    import shutil

    tmp = dest.with_name(dest.name + ".tmp")
    _unlink(tmp)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    shutil.copyfile(src, tmp)
    os.chmod(tmp, 0o600)
    _fsync_file(tmp)
    os.replace(tmp, dest)
    _fsync_dir(dest.parent)


def check_convertible(path: Path) -> None:
    """Refuse what must not be converted: no store, a sync replica."""
    from devhub_tui.storage.db import is_turso_replica

    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if not path.exists():
        raise StoreError(f"{path} does not exist")
    if is_turso_replica(path) or path.with_name(path.name + "-client_wal_index").exists():
        raise StoreError(f"{path} is a sync replica: replicas stay unencrypted (the sync "
                         "clients can't read SQLCipher files); encrypt a local store")


@contextlib.contextmanager
def _stopped_cleanly(path: Path, verb: str) -> Iterator[None]:
    """A driver or file error mid-way: one line. Whatever the step, the store still
    opens (see `recover`), and running the command again finishes the job."""
    caught: tuple[type[BaseException], ...] = (*driver_errors(), OSError)
    try:
        yield
    except StoreError:
        raise
    except caught as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StoreError(f"{verb} {path} stopped: {reason}; the store still opens as it "
                         f"was or {verb}ed (run the command again to finish)") from exc


def _export_verified(src: Any, path: Path, tmp: Path, kind: str,
                     key: StoreKey | None) -> dict[str, int]:
    """Copy the store `src` holds (locked here) into `tmp`, a new 0600 file, with
    sqlcipher_export: encrypted with `key`, or plain when it is None; the copy keeps
    the store's user_version and application_id, is flushed to disk, and must pass
    the integrity check with the same row count in every table (`_verify_copy`).
    `kind` ("encrypting" / "decrypting") names the leftovers of an earlier run.
    Returns the row count of each table."""
    _hold_exclusive(src, path)
    want = _table_counts(src)
    user_version = int(src.execute("PRAGMA user_version").fetchone()[0])
    app_id = int(src.execute("PRAGMA application_id").fetchone()[0])
    _unlink(*_leftovers(path, kind))
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    if key is None:
        src.execute("ATTACH DATABASE ? AS conv KEY ''", (str(tmp),))
    else:
        src.execute(f"ATTACH DATABASE ? AS conv KEY \"x'{key.raw.hex()}'\"", (str(tmp),))
        for pragma in key.pragmas("conv"):
            src.execute(pragma)
    src.execute("SELECT sqlcipher_export('conv')")
    src.execute(f"PRAGMA conv.user_version = {user_version}")
    src.execute(f"PRAGMA conv.application_id = {app_id}")
    src.execute("DETACH DATABASE conv")
    _fsync_file(tmp)
    _step("export")
    copy = connect(tmp, key) if key is not None else sqlite3.connect(tmp)
    try:
        _verify_copy(copy, tmp, want)
    finally:
        copy.close()
    _step("verify")
    return want


def encrypt_store(path: Path | str, passphrase: str, *, keep_backup: bool = False,
                  params: dict[str, int] | None = None) -> ConvertReport:
    """Turn the plain store at `path` into an SQLCipher one keyed by `passphrase`."""
    path = Path(path).expanduser()
    with _stopped_cleanly(path, "encrypt"):
        return _encrypt(path, passphrase, keep_backup, params)


def decrypt_store(path: Path | str, passphrase: str, *,
                  keep_backup: bool = False) -> ConvertReport:
    """Turn the encrypted store at `path` back into a plain SQLite file."""
    path = Path(path).expanduser()
    with _stopped_cleanly(path, "decrypt"):
        return _decrypt(path, passphrase, keep_backup)


def _encrypt(path: Path, passphrase: str, keep_backup: bool,
             params: dict[str, int] | None) -> ConvertReport:
    from devhub_tui.storage.db import open_database

    if not passphrase:
        raise StoreError("the passphrase is empty")
    check_convertible(path)
    notes = recover(path)
    if file_form(path) == "encrypted":
        return ConvertReport(path, "encrypted", already=True, notes=notes)
    open_database(path).close()  # a devhub store, at the latest schema (or one line why)
    p = {**DEFAULT_PARAMS, **(params or {})}
    with conversion_lock(path):
        header = CryptHeader(os.urandom(SALT_BYTES), p["time_cost"], p["memory_cost"],
                             p["parallelism"])
        raw = derive_key(passphrase, header)
        header = CryptHeader(header.salt, header.time_cost, header.memory_cost,
                             header.parallelism, check=key_check(raw))
        key = StoreKey(raw, header.hmac, header.page_size)
        new_header = _new_header_path(path)
        _write_private(new_header, header.to_json().encode())
        _step("header")
        tmp = _temp_path(path, "encrypting")
        src = driver().connect(str(path), isolation_level=None)
        swapped = False
        try:
            want = _export_verified(src, path, tmp, "encrypting", key)
            bak = backup_path(path)
            _copy_private(path, bak)  # the plain original, complete (checkpointed, locked)
            _step("backup")
            os.replace(tmp, path)
            swapped = True
            _fsync_dir(path.parent)
            _step("swap")
            os.replace(new_header, header_path(path))
            _fsync_dir(path.parent)
            _step("header-rename")
        except Exception:
            if not swapped:  # the store is as it was: take away what this run made
                _unlink(new_header, *_leftovers(path, "encrypting"))
            raise
        finally:
            src.close()
    db = open_database(path, key=key)  # opens in place (back in WAL mode)
    db.close()
    kept: Path | None = bak
    if not keep_backup:
        _unlink(bak)
        kept = None
    _step("cleanup")
    return ConvertReport(path, "encrypted", tables=len(want), rows=sum(want.values()),
                         backup=kept, notes=notes)


def _decrypt(path: Path, passphrase: str, keep_backup: bool) -> ConvertReport:
    from devhub_tui.storage.db import open_database

    check_convertible(path)
    notes = recover(path)
    if file_form(path) != "encrypted" or not header_path(path).exists():
        if file_form(path) == "encrypted":  # no key file: can't be ours to decrypt
            read_header(path)
        return ConvertReport(path, "decrypted", already=True, notes=notes)
    key = unlock_key(path, passphrase)
    open_database(path, key=key).close()  # readable, at the latest schema
    with conversion_lock(path):
        tmp = _temp_path(path, "decrypting")
        try:
            src = connect(path, key, isolation_level=None)
        except driver_errors() as exc:
            raise NotADatabaseError(f"{path} can't be read with its key: damaged?") from exc
        swapped = False
        try:
            want = _export_verified(src, path, tmp, "decrypting", None)
            bak = backup_path(path)
            _copy_private(path, bak)  # the encrypted original, and its key file
            _copy_private(header_path(path), header_path(bak))
            _step("backup")
            os.replace(tmp, path)
            swapped = True
            _fsync_dir(path.parent)
            _step("swap")
            _unlink(header_path(path))
            _fsync_dir(path.parent)
            _step("header-remove")
        except Exception:
            if not swapped:  # never leave a half-made plain copy behind
                _unlink(*_leftovers(path, "decrypting"))
            raise
        finally:
            src.close()
    open_database(path).close()
    kept: Path | None = bak
    if not keep_backup:
        _unlink(bak, header_path(bak))
        kept = None
    _step("cleanup")
    return ConvertReport(path, "decrypted", tables=len(want), rows=sum(want.values()),
                         backup=kept, notes=notes)
