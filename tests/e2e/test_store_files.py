"""The store file's surroundings (issue 23, items 9 and 11): a store other users
may read is made private with a note; a store in a read-only folder still answers
read-only commands and says exactly why it can't save."""

from __future__ import annotations

import json
import os
import sqlite3
import stat
from pathlib import Path

from devhub_tui.storage.db import open_database
from devhub_tui.storage.errors import ReadOnlyError
from tests.e2e.cli_helpers import assert_clean_error, run_cli
from tests.e2e.test_resilience import _drop_dac_caps, _make_store, _run_limited, check_store


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_store_others_can_read_is_made_private_with_a_note(db_path: Path) -> None:
    _make_store(db_path)
    os.chmod(db_path, 0o644)
    res = run_cli("--db", str(db_path), "contacts")
    assert res.returncode == 0, res.stderr
    assert "Ada Lovelace" in res.stdout
    assert res.stderr.strip() == (
        f"devhub: note: {db_path} was open to other users (mode 0644): devhub made it "
        "private (mode 0600)"
    )
    assert _mode(db_path) == 0o600
    # said once: the next command has nothing to say
    res = run_cli("--db", str(db_path), "contacts")
    assert res.returncode == 0 and res.stderr == ""


def test_loose_wal_and_shm_files_are_made_private_too(db_path: Path) -> None:
    _make_store(db_path)
    holder = sqlite3.connect(db_path)  # keeps -wal and -shm on disk while it's open
    holder.execute("SELECT count(*) FROM contacts").fetchone()
    try:
        for suffix in ("", "-wal", "-shm"):
            os.chmod(f"{db_path}{suffix}", 0o664)
        db = open_database(db_path)
        db.close()
        for suffix in ("", "-wal", "-shm"):
            assert _mode(Path(f"{db_path}{suffix}")) == 0o600, suffix
        assert len(db.notes) == 1 and "mode 0664" in db.notes[0]
    finally:
        holder.close()


def test_a_store_devhub_cant_make_private_gets_a_warning(db_path: Path) -> None:
    _make_store(db_path)
    os.chmod(db_path, 0o666)
    os.chown(db_path, 65534, 65534)  # someone else's file (the tests run as root)
    res = _run_limited(["--db", str(db_path), "contacts"], _drop_dac_caps)
    assert res.returncode == 0, res.stderr
    [line] = res.stderr.splitlines()
    assert line.startswith(f"devhub: note: {db_path} is open to other users (mode 0666)")
    assert f"run `chmod 600 {db_path}`" in line
    assert _mode(db_path) == 0o666


def test_a_read_only_folder_still_reads_and_says_why_it_cant_save(tmp_path: Path) -> None:
    folder = tmp_path / "shelf"
    folder.mkdir()
    db_path = folder / "devhub.db"
    _make_store(db_path)
    os.chmod(folder, 0o555)
    try:
        res = _run_limited(["--db", str(db_path), "contacts"], _drop_dac_caps)
        assert res.returncode == 0, res.stderr
        assert "Ada Lovelace" in res.stdout and res.stderr == ""
        res = _run_limited(["--db", str(db_path), "due", "--json"], _drop_dac_caps)
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout)["count"] == 0
        for args in (["contact", "add", "Someone"], ["log", "ada", "coffee", "hi"]):
            res = _run_limited(["--db", str(db_path), *args], _drop_dac_caps)
            assert_clean_error(res, f"the folder {folder} is read-only")
            assert "devhub.db-wal" in res.stderr and "make the folder writable" in res.stderr
            assert "locked" not in res.stderr and "read-only file" not in res.stderr
        assert sorted(p.name for p in folder.iterdir()) == ["devhub.db"]
    finally:
        os.chmod(folder, 0o755)
    conn = check_store(db_path)
    assert conn.execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
    conn.close()


def test_the_read_only_store_refuses_writes_before_sqlite_sees_them(tmp_path: Path) -> None:
    from devhub_tui.storage.db import _open_read_only

    db_path = tmp_path / "devhub.db"
    _make_store(db_path)
    db = _open_read_only(db_path, backup=True)
    try:
        assert not db.writable and db.offline_reason == f"the folder {tmp_path} is read-only"
        assert db.conn().execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
        try:
            with db.write() as c:
                c.execute("DELETE FROM contacts")
        except ReadOnlyError as exc:
            assert "can't save to" in str(exc)
        else:
            raise AssertionError("the write went through")
    finally:
        db.close()
    assert sqlite3.connect(db_path).execute("SELECT count(*) FROM contacts").fetchone()[0] == 2
