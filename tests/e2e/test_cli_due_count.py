"""`devhub due --count`: the fast path agrees with `devhub due`, imports nothing heavy,
and says clearly when there is no store or nobody is logged in."""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import platformdirs
import pytest
from argon2 import PasswordHasher

from devhub_tui.cli import due_count
from devhub_tui.core.dates import DAY_MS, date_to_ms, ms_to_date
from devhub_tui.core.status import BIRTHDAY_WINDOW_DAYS, CadenceDefaults
from devhub_tui.settings import paths
from devhub_tui.storage import status_rules
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import open_database
from devhub_tui.storage.ids import system_clock
from devhub_tui.storage.session_file import save_secret
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import tracks_for
from tests.clock_support import FixedClock

from .cli_helpers import assert_clean_error, run_cli

#: 2028-02-20 09:30 UTC: a leap year, so Feb 29 birthdays fall in the window
T0 = date_to_ms(_dt.date(2028, 2, 20)) + 9 * 3_600_000 + 30 * 60_000


def _ro(db_path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)


def _fill(store: Store, clock: FixedClock) -> None:
    """Every kind of queue item, with statuses that lapse at different times."""
    today = ms_to_date(clock())
    ids = []
    for n, cadence in enumerate([3, 7, 10, 14, 30, 45, 90, 0]):
        for back in (0, 2, 6, 9, 13, 20, 29, 40, 61, 100):
            cid = store.add_contact({"name": f"P{n}-{back}", "cadence_days": cadence,
                                     "vip": back % 3 == 0,
                                     "importance": ["low", "normal", "high"][back % 3]})
            store.log_interaction(cid, "call", clock() - back * DAY_MS - n * 3_600_000)
            ids.append(cid)
    defaults = [store.add_contact({"name": f"D{k}", "importance": imp})
                for k, imp in enumerate(["low", "normal", "high"])]
    store.update_contact(ids[5], {"archived": True})
    store.snooze(ids[7], clock() + 3 * DAY_MS)
    store.snooze(ids[17], clock() + 20 * DAY_MS)
    for k, cid in enumerate(ids[:12]):
        fid = store.add_follow_up(cid, today + _dt.timedelta(days=k - 6), f"note {k}")
        if k == 2:
            store.update_follow_up(fid, done=True)
    tracks = tracks_for(store)
    tracks.add("job", "Acme", [ids[0]], next_step="call", next_due=today)
    tracks.add("client", "Beta", [ids[1]], next_step="invoice",
               next_due=today + _dt.timedelta(days=4))
    tracks.add("job", "Gamma", [], next_step="apply", next_due=today - _dt.timedelta(days=9))
    for k, birthday in enumerate(["--02-20", "--02-29", "1990-03-05", "2000-02-29",
                                  "--03-06", "--03-07", "1980-02-19", "--12-31"]):
        cid = store.add_contact({"name": f"B{k}", "birthday": birthday, "cadence_days": 0})
        if k == 3:
            store.update_contact(defaults[0], {"birthday": birthday})
    arch = store.add_contact({"name": "Archived Bday", "birthday": "--02-21"})
    store.update_contact(arch, {"archived": True})


def _queue_len(db_path: Path, uid: str, now: int) -> int:
    """What `devhub due` lists at `now`: statuses refreshed, then the queue."""
    db = open_database(db_path)
    try:
        store = Store(db, uid, clock=FixedClock(now))
        store.refresh_statuses()
        return len(store.attention_queue())
    finally:
        db.close()


def test_count_equals_the_queue_as_time_passes(signed_in_store: Store, db_path: Path) -> None:
    """Counted before `due` refreshes the statuses (they are stale: status_until has
    passed for many), the number is the length of the queue `due` then lists."""
    clock = FixedClock(T0)
    store = Store(signed_in_store.db, signed_in_store.user_id, clock=clock)
    _fill(store, clock)
    store.recompute_statuses()
    uid = store.user_id
    seen = set()
    for days in (0, 0.3, 1, 2.5, 4, 8, 9, 15, 23, 40, 75, 200, 366):
        now = T0 + int(days * DAY_MS)
        with _ro(db_path) as conn:
            counted = due_count.count_due(conn, uid, now)
        assert counted == _queue_len(db_path, uid, now), days
        seen.add(counted)
    assert len(seen) > 5  # the test did move through different queues


def test_lapsed_statuses_are_counted_with_the_rules_not_the_stored_value(
    signed_in_store: Store, db_path: Path,
) -> None:
    clock = FixedClock(T0)
    store = Store(signed_in_store.db, signed_in_store.user_id, clock=clock)
    cid = store.add_contact({"name": "Ok Otto", "cadence_days": 10})
    with _ro(db_path) as conn:
        assert due_count.count_due(conn, store.user_id, T0) == 0
        # 8 days on: still stored 'ok', but due soon by the rules
        assert due_count.count_due(conn, store.user_id, T0 + 8 * DAY_MS) == 1
        stored = conn.execute("SELECT status FROM contacts WHERE id = ?", (cid,)).fetchone()
    assert stored == ("ok",)


def test_cli_count_is_the_length_of_due_json(signed_in_store: Store) -> None:
    """The real entry point, at the real time: the same number as the items of
    `devhub due --json` (and `--count --json` is `{"count": N}`)."""
    clock = FixedClock(signed_in_store.clock() - 3 * DAY_MS)
    store = Store(signed_in_store.db, signed_in_store.user_id, clock=clock)
    _fill(store, clock)
    res = run_cli("due", "--count")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    items = json.loads(run_cli("due", "--json").stdout)["items"]
    assert res.stdout == f"{len(items)}\n"
    assert len(items) > 20
    as_json = run_cli("due", "--json", "--count")
    assert as_json.returncode == 0 and json.loads(as_json.stdout) == {"count": len(items)}
    # the click command answers the same (the fallback: a synced store, another schema)
    from click.testing import CliRunner

    from devhub_tui.cli.main import cli

    out = CliRunner().invoke(cli, ["due", "--count"])
    assert out.exit_code == 0 and out.output == f"{len(items)}\n"
    out = CliRunner().invoke(cli, ["due", "--count", "--json"])
    assert json.loads(out.output) == {"count": len(items)}


def _imports(*args: str) -> tuple[subprocess.CompletedProcess[str], set[str]]:
    res = subprocess.run([sys.executable, "-X", "importtime", "-m", "devhub_tui", *args],
                         capture_output=True, text=True, env=dict(os.environ), timeout=60)
    mods = {line.rsplit("|", 1)[1].strip() for line in res.stderr.splitlines()
            if line.startswith("import time:") and "|" in line}
    return res, mods


def test_count_imports_no_click_textual_or_store(signed_in_store: Store, db_path: Path) -> None:
    signed_in_store.add_contact({"name": "Ada", "cadence_days": 1})
    res, mods = _imports("--db", str(db_path), "due", "--count")
    assert res.returncode == 0, res.stderr
    assert res.stdout == "0\n"
    for heavy in ("click", "textual", "rich", "argon2", "platformdirs",
                  "devhub_tui.storage.store", "devhub_tui.storage.db",
                  "devhub_tui.cli.main", "devhub_tui.cli.launch", "devhub_tui.core.status"):
        assert heavy not in mods, heavy
    assert "devhub_tui.cli.due_count" in mods
    # anything else goes the usual way
    res, mods = _imports("due", "--count", "--verbose")
    assert "click" in mods and res.returncode != 0


def test_count_never_writes_the_store(signed_in_store: Store, db_path: Path) -> None:
    signed_in_store.add_contact({"name": "Ada"})
    signed_in_store.db.close()
    before = (db_path.read_bytes(), db_path.stat().st_mtime_ns)
    res = run_cli("due", "--count")
    assert res.returncode == 0 and res.stdout == "0\n", res.stderr
    assert (db_path.read_bytes(), db_path.stat().st_mtime_ns) == before
    wal = db_path.with_name(db_path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # a reader's empty WAL at most


def test_not_logged_in_is_one_line_and_exit_1(db_path: Path, fast_hasher: PasswordHasher) -> None:
    db = open_database(db_path)
    Auth(db, hasher=fast_hasher).create_user("ada", "password1")
    db.close()
    res = run_cli("due", "--count")
    assert_clean_error(res, "not logged in: run `devhub login ada`")
    assert res.returncode == 1 and res.stdout == ""


def test_expired_session_is_not_logged_in(db_path: Path, fast_hasher: PasswordHasher) -> None:
    db = open_database(db_path)
    auth = Auth(db, hasher=fast_hasher, clock=FixedClock(system_clock() - 40 * DAY_MS))
    user = auth.create_user("ada", "password1")
    save_secret(db_path, auth.create_session(user.id), "ada")
    db.close()
    assert_clean_error(run_cli("due", "--count"), "not logged in")


def test_no_store_is_one_line_exit_1_and_creates_nothing(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere" / "crm.db"
    res = run_cli("--db", str(missing), "due", "--count")
    assert_clean_error(res, f"no store at {missing}")
    assert res.returncode == 1
    assert not missing.parent.exists()


@pytest.mark.parametrize(("args", "expected"), [
    (["due", "--count"], (None, False)),
    (["due", "--json", "--count"], (None, True)),
    (["--db", "x.db", "due", "--count"], ("x.db", False)),
    (["--db=x.db", "due", "--count", "--json"], ("x.db", True)),
    (["due"], None),
    (["due", "--count", "--count"], None),
    (["due", "--count", "x"], None),
    (["--sync-url", "u", "due", "--count"], None),
    (["contacts", "--count"], None),
    (["--db"], None),
    (["--db=", "due", "--count"], None),
])
def test_parse_recognises_exactly_due_count(args: list[str], expected: object) -> None:
    assert due_count.parse(args) == expected


@pytest.mark.parametrize("xdg", [True, False])
def test_paths_are_platformdirs_and_settings_paths(
    xdg: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if not xdg:
        for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CONFIG_HOME"):
            monkeypatch.delenv(var)
    data, state, config = due_count._dirs()
    assert data == platformdirs.user_data_dir("devhub", appauthor=False)
    assert state == platformdirs.user_state_dir("devhub", appauthor=False)
    assert config == platformdirs.user_config_dir("devhub", appauthor=False)
    monkeypatch.chdir(tmp_path)
    for db in (tmp_path / "a.db", Path("rel.db")):
        assert due_count.session_file(str(db)) == str(paths.session_file(db))
    monkeypatch.delenv("DEVHUB_DB")
    assert due_count.store_path(None) == os.path.join(data, "devhub.db")


def test_constants_match_the_ones_they_copy() -> None:
    d = CadenceDefaults()
    assert due_count.DEFAULT_CADENCES == {"vip": d.vip, "high": d.high, "normal": d.normal,
                                          "low": d.low}
    assert due_count.BIRTHDAY_WINDOW_DAYS == BIRTHDAY_WINDOW_DAYS
    assert status_rules.DAY_MS == DAY_MS
    from devhub_tui.storage.session_file import MAX_BYTES

    assert due_count.SESSION_MAX_BYTES == MAX_BYTES


def test_what_the_fast_path_leaves_to_the_cli(
    signed_in_store: Store, db_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A synced store, a store of another schema version, a file that is no SQLite
    store: the normal CLI answers (migrating, syncing, or saying what is wrong)."""
    signed_in_store.add_contact({"name": "Ada", "cadence_days": 1})
    now = signed_in_store.clock()
    assert due_count.count_for(str(db_path), now) == 0
    monkeypatch.setenv("TURSO_DATABASE_URL", "http://127.0.0.1:9")
    with pytest.raises(due_count.Fallback):
        due_count.count_for(str(db_path), now)
    monkeypatch.delenv("TURSO_DATABASE_URL")
    config = tmp_path / "sync.toml"
    config.write_text('TURSO_DATABASE_URL = "http://127.0.0.1:9"\n')
    monkeypatch.setenv("DEVHUB_SYNC_CONFIG", str(config))
    with pytest.raises(due_count.Fallback):
        due_count.count_for(str(db_path), now)
    monkeypatch.delenv("DEVHUB_SYNC_CONFIG")
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as conn:
        conn.execute("PRAGMA user_version = 3")
    with pytest.raises(due_count.Fallback):
        due_count.count_for(str(old), now)
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    with pytest.raises(due_count.Fallback):
        due_count.count_for(str(junk), now)
    res = run_cli("--db", str(junk), "due", "--count")  # the CLI's own clear line
    assert_clean_error(res, "junk.db")


def test_birthdays_counted_exactly_as_the_queue_does() -> None:
    """Every day of four years (a leap year among them, the year's turn, Feb 28/29)
    against core.status.attention_for_birthday, for awkward birthdays."""
    from devhub_tui.core.status import attention_for_birthday

    birthdays = ["--02-29", "2000-02-29", "1999-02-28", "--02-28", "--03-01", "1990-12-31",
                 "--01-01", "--01-14", "1985-06-15", "1800-01-10", "2001-02-29",
                 "--13-01", "1990-02-30"]
    day = _dt.date(2026, 12, 1)
    while day < _dt.date(2030, 3, 20):
        window = due_count._birthday_window(date_to_ms(day) // DAY_MS)
        md = set(window) | ({"02-29"} if "02-28" in window else set())
        for b in birthdays:
            expected = attention_for_birthday(contact_id="c", name="n", birthday=b,
                                              today=day) is not None
            got = b[-5:] in md and due_count._birthday_soon(b, window)
            assert got == expected, (day, b)
        day += _dt.timedelta(days=1)
    with pytest.raises(due_count.Fallback):
        due_count._birthday_soon("12-05", due_count._birthday_window(0))


def test_session_file_read_like_load_secret(db_path: Path) -> None:
    from devhub_tui.storage.session_file import load_secret

    target = paths.session_file(db_path)
    for text in ('{"secret": "abc-_DEF123", "username": "ada"}',
                 '{"username": "a\\"da", "secret": "s3cr\\u00e9t"}',
                 '{"secret": "unterminated', '{"secret": 5}', "[]", "not json", ""):
        paths.write_private(target, text)
        assert due_count._secret(str(db_path)) == load_secret(db_path), text
    target.unlink()
    assert due_count._secret(str(db_path)) is None
