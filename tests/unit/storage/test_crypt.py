"""storage/crypt.py and crypt_convert.py (issue 21): the key file, keys, opening an
encrypted store, what goes wrong said in one line, migration backups, recovery after a
crash."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pytest

from devhub_tui.services.session import Session
from devhub_tui.storage import crypt, crypt_convert
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import SyncConfig, open_database
from devhub_tui.storage.errors import (
    LockedError,
    NotADatabaseError,
    PassphraseNeededError,
    StoreError,
    WrongPassphraseError,
)
from devhub_tui.storage.store import Store
from devhub_tui.storage.upgrade import backup_file

PASS = "hunter2 but longer"
CHEAP = {"time_cost": 1, "memory_cost": 64, "parallelism": 1}


@pytest.fixture
def enc(db_path: Path, fast_hasher) -> Path:  # type: ignore[no-untyped-def]
    db = open_database(db_path)
    user = Auth(db, hasher=fast_hasher).create_user("ada", "password1")
    Store(db, user.id).add_contact({"name": "Secret Sauce", "email": "s@example.org"})
    db.close()
    crypt_convert.encrypt_store(db_path, PASS, params=CHEAP)
    return db_path


def test_the_key_file_is_private_json_without_the_key(enc: Path) -> None:
    header = crypt.header_path(enc)
    assert stat.S_IMODE(header.stat().st_mode) == 0o600
    data = json.loads(header.read_text())
    assert data["kdf"] == "argon2id" and data["version"] == crypt.HEADER_VERSION
    assert (data["time_cost"], data["memory_cost"], data["parallelism"]) == (1, 64, 1)
    key = crypt.unlock_key(enc, PASS)
    assert key.raw.hex() not in header.read_text() and PASS not in header.read_text()
    assert len(key.raw) == 32 and crypt.derive_key(PASS, crypt.read_header(enc)) == key.raw
    assert "raw=***" in repr(key) and key.raw.hex() not in repr(key)
    assert data["cipher"] == {"hmac": "HMAC_SHA256", "page_size": 4096}


def test_default_parameters_are_rfc_9106s(db_path: Path, fast_hasher) -> None:  # type: ignore[no-untyped-def]
    open_database(db_path).close()
    crypt_convert.encrypt_store(db_path, PASS)
    h = crypt.read_header(db_path)
    assert (h.time_cost, h.memory_cost, h.parallelism) == (3, 65536, 4)
    assert len(h.salt) == 16


def test_each_store_gets_its_own_salt(tmp_path: Path) -> None:
    salts = set()
    for name in ("a.db", "b.db"):
        open_database(tmp_path / name).close()
        crypt_convert.encrypt_store(tmp_path / name, PASS, params=CHEAP)
        salts.add(crypt.read_header(tmp_path / name).salt)
    assert len(salts) == 2


def test_opening_needs_the_key_and_a_wrong_one_is_one_line(enc: Path) -> None:
    assert crypt.is_encrypted(enc)
    with pytest.raises(PassphraseNeededError, match="is encrypted"):
        open_database(enc)
    for wrong in ("", "hunter2", PASS + " "):
        with pytest.raises(WrongPassphraseError) as info:
            crypt.unlock_key(enc, wrong)
        assert str(info.value) == f"wrong passphrase for {enc}"
    db = open_database(enc, key=crypt.unlock_key(enc, PASS))
    try:
        assert db.key is not None
        assert db.conn().execute("SELECT name FROM contacts").fetchall() == [("Secret Sauce",)]
        assert db.conn().execute("PRAGMA cipher_version").fetchone()[0]
    finally:
        db.close()


def test_a_plain_store_pays_nothing(db_path: Path) -> None:
    db = open_database(db_path, key=crypt.StoreKey(b"\x01" * 32))  # ignored: plain
    try:
        assert db.key is None
        assert type(db.conn()).__module__.startswith("sqlite3")
    finally:
        db.close()
    assert not crypt.is_encrypted(db_path) and not crypt.needs_recovery(db_path)


def test_a_damaged_file_with_the_right_passphrase_says_damaged(enc: Path) -> None:
    key = crypt.unlock_key(enc, PASS)
    data = bytearray(enc.read_bytes())
    for i in range(100, 4096):
        data[i] ^= 0xFF
    enc.write_bytes(bytes(data))
    with pytest.raises(NotADatabaseError) as info:
        open_database(enc, key=key)
    assert "damaged" in str(info.value) and "wrong passphrase" not in str(info.value)


@pytest.mark.parametrize("content, fragment", [
    ("{not json", "is damaged"),
    ('{"kdf": "argon2id", "version": 1, "salt": "00", "time_cost": 1, '
     '"memory_cost": 64, "parallelism": 1}', "won't use"),
    ('{"kdf": "argon2id", "version": 1, "salt": "0011223344556677", "time_cost": 1, '
     '"memory_cost": 999999999, "parallelism": 1}', "won't use"),
    ('{"kdf": "argon2id", "version": 9, "salt": "0011223344556677", "time_cost": 1, '
     '"memory_cost": 64, "parallelism": 1}', "newer devhub"),
])
def test_a_bad_key_file_is_one_line(enc: Path, content: str, fragment: str) -> None:
    crypt.header_path(enc).write_text(content)
    with pytest.raises(StoreError, match=fragment):
        crypt.unlock_key(enc, PASS)


def test_a_missing_key_file_is_named(enc: Path) -> None:
    crypt.header_path(enc).unlink()
    with pytest.raises(NotADatabaseError, match="devhub.db.crypt is missing"):
        open_database(enc)


def test_replicas_stay_unencrypted(enc: Path, tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="sync replicas stay unencrypted"):
        open_database(enc, sync=SyncConfig("http://127.0.0.1:9", "t"))
    plain = tmp_path / "replica.db"
    open_database(plain).close()
    plain.with_name("replica.db-info").write_text('{"client_unique_id": "x"}')
    with pytest.raises(StoreError, match="replicas stay unencrypted"):
        crypt_convert.encrypt_store(plain, PASS, params=CHEAP)


def test_a_migration_backup_of_an_encrypted_store_is_encrypted(enc: Path) -> None:
    key = crypt.unlock_key(enc, PASS)
    dest = backup_file(enc, 3, key)
    assert crypt.file_form(dest) == "encrypted" and b"Secret Sauce" not in dest.read_bytes()
    assert stat.S_IMODE(crypt.header_path(dest).stat().st_mode) == 0o600
    conn = crypt.connect(dest, crypt.unlock_key(dest, PASS))  # same passphrase opens it
    try:
        assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 1
    finally:
        conn.close()


def test_session_unlocks_in_memory_only(enc: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DEVHUB_PASSPHRASE", raising=False)
    session = Session(enc)
    assert session.needs_passphrase()
    with pytest.raises(PassphraseNeededError):
        session.open()
    with pytest.raises(WrongPassphraseError):
        session.unlock("nope")
    session.unlock(PASS)
    assert not session.needs_passphrase()
    session.open()
    user = session.sign_in(lambda auth: auth.authenticate("ada", "password1"))
    assert user.username == "ada"
    key = crypt.unlock_key(enc, PASS)
    for f in Path(os.environ["XDG_STATE_HOME"]).rglob("*"):
        if f.is_file():
            raw = f.read_bytes()
            assert PASS.encode() not in raw and key.raw not in raw
            assert key.raw.hex().encode() not in raw
    assert session.db is not None
    session.db.close()
    monkeypatch.setenv("DEVHUB_PASSPHRASE", PASS)  # or from the environment
    again = Session(enc).open()
    assert again.signed_in
    assert again.db is not None
    again.db.close()


def test_recovery_finishes_an_encrypt_that_swapped(enc: Path) -> None:
    header = crypt.header_path(enc)
    os.replace(header, enc.with_name("devhub.db.crypt.new"))  # as if killed before rename
    assert crypt.is_encrypted(enc) and crypt.needs_recovery(enc)
    db = open_database(enc, key=crypt.unlock_key(enc, PASS))
    try:
        assert any("finished encrypting" in n for n in db.notes)
    finally:
        db.close()
    assert header.exists() and not enc.with_name("devhub.db.crypt.new").exists()


def test_recovery_waits_for_a_running_conversion(enc: Path) -> None:
    leftover = enc.with_name("devhub.db.decrypting")
    leftover.write_bytes(b"half a plain copy")
    with crypt_convert.conversion_lock(enc), pytest.raises(LockedError, match="being encrypted"):
        crypt_convert.recover(enc)
    assert crypt_convert.recover(enc) == [] and not leftover.exists()  # removed once free


def test_decrypt_round_trip_keeps_every_row(enc: Path) -> None:
    report = crypt_convert.decrypt_store(enc, PASS)
    assert not report.already and report.rows > 0
    assert crypt.file_form(enc) == "plain" and not crypt.header_path(enc).exists()
    db = open_database(enc)
    try:
        assert db.conn().execute("SELECT name FROM contacts").fetchall() == [("Secret Sauce",)]
    finally:
        db.close()
    assert crypt_convert.decrypt_store(enc, PASS).already


def test_a_full_disk_mid_encrypt_is_one_line_and_loses_nothing(
    db_path: Path, fast_hasher, monkeypatch: pytest.MonkeyPatch  # type: ignore[no-untyped-def]
) -> None:
    import errno

    db = open_database(db_path)
    user = Auth(db, hasher=fast_hasher).create_user("ada", "password1")
    Store(db, user.id).add_contact({"name": "Kept Safe"})
    db.close()

    def full(src: Path, dest: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(crypt_convert, "_copy_private", full)
    with pytest.raises(StoreError, match="encrypt .* stopped: No space left on device"):
        crypt_convert.encrypt_store(db_path, PASS, params=CHEAP)
    monkeypatch.undo()
    assert crypt.file_form(db_path) == "plain" and not crypt.is_encrypted(db_path)
    db = open_database(db_path)  # the leftovers are cleaned up on open
    try:
        assert db.conn().execute("SELECT name FROM contacts").fetchall() == [("Kept Safe",)]
    finally:
        db.close()
    assert not db_path.with_name("devhub.db.encrypting").exists()
    assert not crypt_convert.encrypt_store(db_path, PASS, params=CHEAP).already
    assert crypt.is_encrypted(db_path)
