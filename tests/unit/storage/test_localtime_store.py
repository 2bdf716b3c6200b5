"""Local time (issue 21) in the store: the reachable hours are the account's
preference (per user, backed up), and the zones a list asks for come back scoped."""

from __future__ import annotations

import pytest

from devhub_tui.core.localtime import DEFAULT_HOURS, PREF_KEY, ReachableHours
from devhub_tui.services.dashboard import load_dashboard
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from devhub_tui.storage.transfer import export_text
from devhub_tui.storage.transfer.export import export_backup
from tests.clock_support import FixedClock

NOW = 1_796_385_600_000  # 2026-12-04 12:00 UTC
DAY_MS = 86_400_000


@pytest.fixture
def two_users(db: Database, auth: Auth) -> tuple[Store, Store]:
    clock = FixedClock(NOW)
    a = auth.create_user("alice", "password1")
    b = auth.create_user("bob", "password1")
    return Store(db, a.id, clock=clock), Store(db, b.id, clock=clock)


def test_reachable_hours_are_each_accounts_own(two_users: tuple[Store, Store],
                                                db: Database) -> None:
    a, b = two_users
    assert a.reachable_hours() == DEFAULT_HOURS
    a.set_reachable_hours(ReachableHours(22 * 60, 6 * 60))
    assert a.reachable_hours() == ReachableHours(1320, 360)
    assert b.reachable_hours() == DEFAULT_HOURS
    with db.read() as c:
        assert c.execute("SELECT value FROM user_prefs WHERE key = ?",
                         (PREF_KEY,)).fetchall() == [("22:00-06:00",)]
    a.set_reachable_hours(None)  # back to the default: no row left
    assert a.reachable_hours() == DEFAULT_HOURS
    with db.read() as c:
        assert c.execute("SELECT count(*) FROM user_prefs WHERE key = ?",
                         (PREF_KEY,)).fetchone() == (0,)


def test_a_window_that_does_not_read_is_the_default(two_users: tuple[Store, Store],
                                                    db: Database) -> None:
    a, _ = two_users
    with db.write() as c:  # a hand edit, a backup from who knows where
        c.execute("INSERT INTO user_prefs (user_id, key, value) VALUES (?, ?, ?)",
                  (a.user_id, PREF_KEY, "after lunch"))
    assert a.reachable_hours() == DEFAULT_HOURS


def test_the_zones_of_the_contacts_asked_for_and_only_this_users(
        two_users: tuple[Store, Store]) -> None:
    a, b = two_users
    ada = a.add_contact({"name": "Ada", "timezone": "Europe/London"})
    kim = a.add_contact({"name": "Kim"})
    raj = a.add_contact({"name": "Raj", "timezone": "Asia/Kolkata"})
    bobs = b.add_contact({"name": "Bo", "timezone": "Europe/Oslo"})
    assert a.contact_timezones([ada, kim, raj, bobs, ""]) == {ada: "Europe/London",
                                                             raj: "Asia/Kolkata"}
    assert a.contact_timezones() == {ada: "Europe/London", raj: "Asia/Kolkata"}
    assert b.contact_timezones([ada, bobs]) == {bobs: "Europe/Oslo"}
    # more ids than one statement takes
    many = [f"x{n}" for n in range(2500)] + [raj]
    assert a.contact_timezones(many) == {raj: "Asia/Kolkata"}


def test_the_dashboard_reads_the_zones_of_its_queue(two_users: tuple[Store, Store]) -> None:
    a, _ = two_users
    a.set_reachable_hours(ReachableHours(9 * 60, 17 * 60))
    late = a.add_contact({"name": "Late", "timezone": "Asia/Kolkata", "cadence_days": 7})
    a.log_interaction(late, "call", NOW - 30 * DAY_MS)
    fine = a.add_contact({"name": "Fine", "timezone": "Europe/Berlin", "cadence_days": 7})
    a.log_interaction(fine, "call", NOW - DAY_MS)
    data = load_dashboard(a, recompute=True)
    assert [item.contact_id for item in data.queue] == [late]
    assert data.zones == {late: "Asia/Kolkata"}  # not the contacts it doesn't list
    assert data.hours == ReachableHours(540, 1020)


def test_the_window_is_in_the_backup(two_users: tuple[Store, Store]) -> None:
    a, _ = two_users
    a.set_reachable_hours(ReachableHours(7 * 60, 23 * 60))
    assert export_backup(a)["preferences"][PREF_KEY] == "07:00-23:00"
    assert '"reachable_hours": "07:00-23:00"' in export_text(a, "json")


def test_the_window_comes_back_from_a_backup(two_users: tuple[Store, Store],
                                             tmp_path: object) -> None:
    from pathlib import Path

    from devhub_tui.storage.transfer import import_file

    a, b = two_users
    a.set_reachable_hours(ReachableHours(7 * 60, 23 * 60))
    path = Path(str(tmp_path)) / "backup.json"
    path.write_text(export_text(a, "json"))
    import_file(b, path)
    assert b.reachable_hours() == ReachableHours(420, 1380)
