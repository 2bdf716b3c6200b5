"""`Database.store_changed()`: writes by others count, this store's own don't."""

from __future__ import annotations

from pathlib import Path

from devhub_tui.storage.db import open_database


def _add(db: object, name: str) -> None:
    with db.write() as c:  # type: ignore[attr-defined]
        c.execute("INSERT INTO login_attempts (username_key, failures, last_failure_at)"
                  " VALUES (?, 1, 0)", (name,))


def test_only_other_writers_count(db_path: Path) -> None:
    mine = open_database(db_path)
    other = open_database(db_path)
    try:
        assert mine.store_changed() is False  # nothing since it opened
        _add(mine, "own")
        assert mine.store_changed() is False  # its own write
        _add(other, "theirs")
        assert mine.store_changed() is True
        assert mine.store_changed() is False  # said once
        # someone else writes, then we do before anyone looks: still noticed
        _add(other, "theirs-2")
        _add(mine, "own-2")
        assert mine.store_changed() is True
        assert other.store_changed() is True  # for the other one, ours were theirs
    finally:
        mine.close()
        other.close()
