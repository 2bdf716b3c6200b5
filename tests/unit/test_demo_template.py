"""`devhub --demo` copies the demo store built earlier the same day (issue 18)."""

from __future__ import annotations

import datetime as _dt
import sqlite3
import stat
from pathlib import Path

import pytest

from devhub_tui.core.dates import date_to_ms
from devhub_tui.services import demo as demo_module
from devhub_tui.services import demo_template
from devhub_tui.services.demo_paths import DEMO_USER, make_demo_path, remove_demo_store
from devhub_tui.services.session import Session
from devhub_tui.settings.paths import cache_dir

NOON = date_to_ms(_dt.date(2026, 12, 5)) + 12 * 3_600_000


def _clock(ms: int):
    return lambda: ms


def _open_demo(clock_ms: int) -> Session:
    session = Session(make_demo_path(), None, clock=_clock(clock_ms), demo=True)
    return session.open()


def _templates() -> list[Path]:
    return sorted(cache_dir().glob(f"{demo_template.TEMPLATE_PREFIX}*"))


def _forbid_building(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("the demo store was built, not copied")

    monkeypatch.setattr(demo_module, "fill_demo_store", refuse)


def _close(session: Session) -> None:
    path = session.db_path
    session.close()
    remove_demo_store(path)


def test_first_demo_builds_and_keeps_a_private_template_without_sessions() -> None:
    session = _open_demo(NOON)
    try:
        assert session.signed_in and session.user is not None
        assert session.user.username == DEMO_USER
        contacts = session.store.count_contacts()
    finally:
        _close(session)
    [template] = _templates()
    assert "2026-12-05" in template.name
    assert stat.S_IMODE(template.stat().st_mode) == 0o600
    conn = sqlite3.connect(template)
    try:
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM contacts").fetchone() == (contacts,)
    finally:
        conn.close()


def test_the_next_demo_of_the_day_copies_it_and_signs_in_with_a_new_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    first = _open_demo(NOON)
    first_contacts = first.store.count_contacts()
    first_path = first.db_path
    _close(first)
    _forbid_building(monkeypatch)
    second = _open_demo(NOON + 3_600_000)
    try:
        assert second.db_path != first_path and second.db_path.exists()
        assert second.signed_in and second.user is not None
        assert second.user.username == DEMO_USER
        assert second.store.count_contacts() == first_contacts >= 35
        assert stat.S_IMODE(second.db_path.stat().st_mode) == 0o600
    finally:
        _close(second)
    assert len(_templates()) == 1  # still the one template, unchanged


def test_a_template_from_another_day_is_not_used_and_is_replaced() -> None:
    _close(_open_demo(NOON))
    [old] = _templates()
    next_day = _open_demo(NOON + 86_400_000)
    _close(next_day)
    [new] = _templates()
    assert new != old and "2026-12-06" in new.name and not old.exists()


def test_a_damaged_template_is_deleted_and_the_store_built_again() -> None:
    _close(_open_demo(NOON))
    [template] = _templates()
    template.write_bytes(b"not a database at all" * 100)
    session = _open_demo(NOON)
    try:
        assert session.signed_in and session.store.count_contacts() >= 35
    finally:
        _close(session)
    [rebuilt] = _templates()  # built again and kept again
    conn = sqlite3.connect(rebuilt)
    try:
        assert conn.execute("SELECT count(*) FROM users").fetchone() == (1,)
    finally:
        conn.close()


def test_an_unwritable_cache_only_means_building_every_time(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
) -> None:
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))  # cache_dir() cannot be made
    session = _open_demo(NOON)
    try:
        assert session.signed_in and session.store.count_contacts() >= 35
    finally:
        _close(session)
