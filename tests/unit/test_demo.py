"""The demo store (`devhub --demo`) and the scale-data generator (`devhub_tui.services.demo`)."""

from __future__ import annotations

import datetime as _dt
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.core.dates import DAY_MS, ms_to_date
from devhub_tui.core.skills import extract_topics
from devhub_tui.core.status import Status
from devhub_tui.services.demo import (
    DEMO_PASSWORD,
    DEMO_USER,
    build_demo_store,
    generate,
    make_demo_path,
    remove_demo_store,
)
from devhub_tui.services.demo_data import FOLLOW_UPS, PEOPLE
from devhub_tui.storage import auth as auth_module
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import open_database
from devhub_tui.storage.session_file import load_secret
from devhub_tui.storage.store import Store

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


def _ms(y: int, m: int, d: int, h: int = 0, minute: int = 0) -> int:
    t = _dt.datetime(y, m, d, h, minute, tzinfo=_dt.UTC)
    return int(t.timestamp() * 1000)


#: before noon UTC, after noon UTC, a year end (birthdays wrap), late February
CLOCKS = [
    _ms(2026, 3, 10, 0, 30),
    _ms(2026, 3, 10, 23, 30),
    _ms(2027, 12, 24, 9),
    _ms(2028, 2, 20, 15),
]


def _open(path: Path, now: int | None = None) -> tuple[Store, Auth]:
    db = open_database(path)
    uid = db.conn().execute("SELECT id FROM users WHERE username = ?", (DEMO_USER,)).fetchone()[0]
    if now is None:
        return Store(db, uid), Auth(db, hasher=FAST)
    return Store(db, uid, clock=lambda: now), Auth(db, hasher=FAST, clock=lambda: now)


@pytest.mark.parametrize("now", CLOCKS)
def test_demo_store_lands_every_person_in_the_designed_status(tmp_path: Path, now: int) -> None:
    path = tmp_path / "demo.db"
    build_demo_store(path, lambda: now, hasher=FAST)
    store, _ = _open(path, now)
    contacts = {c.name: c for c in store.list_contacts(limit=None)}
    assert 35 <= len(contacts) <= 45
    wrong = {p.name: (contacts[p.name].status, p.expect) for p in PEOPLE
             if contacts[p.name].status != p.expect}
    assert wrong == {}
    assert {c.status for c in contacts.values()} == {s.value for s in Status}
    assert store.recompute_statuses() == 0  # already up to date at "now"
    store.db.close()


@pytest.mark.parametrize("now", CLOCKS)
def test_demo_store_has_the_whole_story(tmp_path: Path, now: int) -> None:
    path = tmp_path / "demo.db"
    build_demo_store(path, lambda: now, hasher=FAST)
    store, auth = _open(path, now)
    today = ms_to_date(now)
    queue = store.attention_queue(today=today)
    kinds = [item.kind for item in queue]
    assert kinds.count("birthday") >= 4  # birthdays in the next 14 days, also across the year
    overdue_fus = [i for i in queue if i.kind == "follow-up"]
    assert len(overdue_fus) == sum(1 for _, due, _, done in FOLLOW_UPS if due <= 0 and not done)
    assert any(f.due > today.isoformat() for f in store.list_follow_ups(open_only=True))
    # VIPs with background and contact info
    vips = store.list_contacts(vip=True, limit=None)
    assert len(vips) >= 5
    for vip in vips:
        data = store.get_vip(vip.id)
        assert data.family or data.likes_dislikes
        assert data.main_app and data.phone_number
    # a year of interactions, none in the future, last_contacted derived from them
    dates = [i.date for i in store.list_interactions(limit=None)]
    assert len(dates) >= 150
    assert max(dates) <= now
    assert now - min(dates) >= 300 * DAY_MS
    conn = store.db.conn()
    assert conn.execute(
        "SELECT count(*) FROM contacts c WHERE last_contacted IS NOT (SELECT max(date)"
        " FROM interactions WHERE contact_id = c.id)"
    ).fetchone()[0] == 0
    assert len(store.all_tags()) >= 20
    assert store.list_contacts(search="kubecon")  # the search index is filled
    # the saved session opens the store signed in; the password works
    user = auth.resume_session(load_secret(path) or "")
    assert user is not None and user.username == DEMO_USER
    assert auth.authenticate(DEMO_USER, DEMO_PASSWORD).id == user.id
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    store.db.close()


def test_remove_demo_store_deletes_only_its_temp_dir(tmp_path: Path) -> None:
    path = make_demo_path()
    try:
        build_demo_store(path, hasher=FAST)
        assert load_secret(path)
    finally:
        remove_demo_store(path)
    assert not path.parent.exists()
    assert load_secret(path) is None
    # anything not made by make_demo_path is left alone
    other = tmp_path / "keep" / "devhub.db"
    other.parent.mkdir()
    other.write_bytes(b"x")
    remove_demo_store(other)
    assert other.exists()


# -- the generator -------------------------------------------------------------
NOW = _ms(2026, 6, 1, 12)


def _schema(path: Path) -> set[tuple[str, str, str]]:
    c = sqlite3.connect(path)
    try:
        return {(r[0], r[1], r[2]) for r in c.execute(
            "SELECT type, name, coalesce(sql, '') FROM sqlite_master")}
    finally:
        c.close()


def test_generate_builds_a_consistent_searchable_store(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh.db"
    open_database(fresh).close()
    path = tmp_path / "big.db"
    result = generate(path, 400, 5000, seed=3, clock=lambda: NOW, hasher=FAST)
    assert (result.contacts, result.interactions) == (400, 5000)
    # triggers and indexes are back exactly as the migrations made them
    assert _schema(path) == _schema(fresh)
    store, auth = _open(path, NOW)
    conn = store.db.conn()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert store.count_contacts() == 400
    assert store.interaction_count() == 5000
    assert conn.execute("SELECT count(*) FROM interactions_fts").fetchone()[0] == 5000
    assert conn.execute("SELECT count(*) FROM contacts_fts").fetchone()[0] == 400
    assert conn.execute(
        "SELECT count(*) FROM contacts c WHERE last_contacted IS NOT (SELECT max(date)"
        " FROM interactions WHERE contact_id = c.id)"
    ).fetchone()[0] == 0
    assert store.recompute_statuses() == 0  # statuses were computed at the end
    statuses = {c.status for c in store.list_contacts(limit=None)}
    assert {"ok", "overdue", "paused"} <= statuses
    # the index holds names, tags and notes
    someone = store.list_contacts(limit=1, sort="created")[0]
    assert someone.id in {c.id for c in store.list_contacts(search=someone.name, limit=None)}
    tag = store.all_tags()[0][0]
    assert store.list_contacts(search=tag, limit=5)
    # the FTS triggers work again for new writes
    cid = store.add_contact({"name": "Zyxwv Quokka"}, ["bench-tag"])
    store.log_interaction(cid, "coffee", NOW - DAY_MS, "talked about plinths")
    assert [c.id for c in store.list_contacts(search="zyxwv")] == [cid]
    assert [c.id for c in store.list_contacts(search="plinths")] == [cid]
    assert [c.id for c in store.list_contacts(search="bench-tag")] == [cid]
    assert auth.resume_session(load_secret(path) or "") is not None
    store.db.close()


def test_generate_gives_skills_and_note_topics(tmp_path: Path) -> None:
    """Issue 20: contacts carry 0-4 skills and notes some `#topics`, which the
    interaction_topics table holds exactly as the store would have written them."""
    path = tmp_path / "big.db"
    generate(path, 400, 5000, seed=3, clock=lambda: NOW, hasher=FAST)
    store, _ = _open(path, NOW)
    conn = store.db.conn()
    per = [n for (n,) in conn.execute(
        "SELECT count(s.skill) FROM contacts c LEFT JOIN contact_skills s"
        " ON s.contact_id = c.id GROUP BY c.id")]
    assert min(per) == 0 and max(per) <= 4 and sum(per) > 400
    stack = store.tech_stack()
    assert len(stack.rows) == 25 and stack.rows[0].contacts > stack.rows[-1].contacts
    expected = sorted(
        (iid, topic) for iid, notes in conn.execute("SELECT id, notes FROM interactions")
        for topic in extract_topics(notes))
    assert expected and sorted(conn.execute(
        "SELECT interaction_id, topic FROM interaction_topics")) == expected
    assert {r.name for r in store.tech_stack(topics=True).rows} >= {"rust", "postgresql",
                                                                    "webassembly"}
    store.db.close()


def test_generate_is_reproducible_from_the_seed(tmp_path: Path) -> None:
    rows = []
    for name in ("a.db", "b.db"):
        generate(tmp_path / name, 120, 800, seed=11, clock=lambda: NOW, hasher=FAST)
        c = sqlite3.connect(tmp_path / name)
        rows.append((
            c.execute("SELECT id, name, company, status FROM contacts ORDER BY id").fetchall(),
            c.execute("SELECT id, contact_id, date, notes FROM interactions ORDER BY id")
            .fetchall(),
            c.execute("SELECT contact_id, skill FROM contact_skills ORDER BY contact_id, skill")
            .fetchall(),
        ))
        c.close()
    assert rows[0] == rows[1]


def test_generate_100k_scale_path_is_fast(tmp_path: Path) -> None:
    """A tenth of the benchmark store: the bulk path, well under the budget."""
    result = generate(tmp_path / "s.db", 10_000, 100_000, seed=1, hasher=FAST)
    assert result.seconds < 30


def test_generate_failure_leaves_no_partial_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import devhub_tui.services.demo_generate as demo_generate

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(demo_generate, "_insert_interactions", boom)
    path = tmp_path / "half.db"
    with pytest.raises(RuntimeError):
        generate(path, 50, 100, hasher=FAST)
    c = sqlite3.connect(path)
    try:
        assert c.execute("SELECT count(*) FROM contacts").fetchone()[0] == 0
        assert c.execute("SELECT count(*) FROM tags").fetchone()[0] == 0
    finally:
        c.close()
    fresh = tmp_path / "fresh.db"
    open_database(fresh).close()
    assert _schema(path) == _schema(fresh)  # triggers and indexes restored by the rollback


# -- the command line --------------------------------------------------------
def _run(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devhub_tui.services.demo", *args], input=stdin, capture_output=True,
        text=True, timeout=60, env=dict(os.environ),
    )


def _cli(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devhub_tui", *args], input=stdin, capture_output=True,
        text=True, timeout=60, env=dict(os.environ),
    )


def test_generator_cli_builds_a_store_the_cli_can_use(tmp_path: Path) -> None:
    out = tmp_path / "gen.db"
    res = _run("--contacts", "60", "--interactions", "300", "--out", str(out))
    assert res.returncode == 0, res.stderr
    assert "60 contacts" in res.stdout
    listed = _cli("--db", str(out), "contacts", "--json")
    assert listed.returncode == 0, listed.stderr
    import json

    assert len(json.loads(listed.stdout)) == 60
    # an existing file is never replaced silently
    again = _run("--contacts", "5", "--out", str(out))
    assert again.returncode == 1
    assert again.stderr.count("\n") == 1 and "exists" in again.stderr
    assert "Traceback" not in again.stderr


def test_generator_cli_user_and_password_from_stdin(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "mine.db"
    res = _run("--contacts", "3", "--out", str(out), "--user", "grace",
               "--password-stdin", stdin="hopper-secret\n")
    assert res.returncode == 0, res.stderr
    login = _cli("--db", str(out), "login", "grace", "--password-stdin",
                 stdin="hopper-secret\n")
    assert login.returncode == 0, login.stderr
    bad = _run("--contacts", "-1", "--out", str(tmp_path / "x.db"))
    assert bad.returncode == 1 and "Traceback" not in bad.stderr


def test_generator_cli_demo_flag(tmp_path: Path) -> None:
    out = tmp_path / "demo.db"
    res = _run("--demo", "--out", str(out))
    assert res.returncode == 0, res.stderr
    due = _cli("--db", str(out), "due", "--json")
    assert due.returncode == 0, due.stderr
    assert '"kind": "birthday"' in due.stdout


# -- the app with --demo ------------------------------------------------------
async def test_app_demo_opens_signed_in_on_a_throwaway_store(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from devhub_tui.tui.app import DevhubApp
    from devhub_tui.tui.screens.dashboard import DashboardScreen

    monkeypatch.setattr(auth_module, "default_hasher", lambda: FAST)
    real = tmp_path / "real.db"
    app = DevhubApp(db_path=real, demo=True)
    demo_path = app.session.db_path
    assert demo_path != real and demo_path.parent.name.startswith("devhub-demo-")
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(50):
            await app.workers.wait_for_complete()
            await pilot.pause()
            if isinstance(app.screen, DashboardScreen):
                break
        assert isinstance(app.screen, DashboardScreen)
        assert app.session.user is not None and app.session.user.username == DEMO_USER
        assert "DEMO" in app.title
        assert "demo" in app.sub_title.lower()
        assert app.session.signed_in and app.session.store.count_contacts() >= 35
        assert demo_path.exists()
    assert not real.exists()  # the real store was never touched
    assert not demo_path.parent.exists()  # the throwaway store is gone
    assert load_secret(demo_path) is None


# -- the throwaway store's cheap hash, built while Textual imports -------------------
def test_throwaway_demo_account_hash_is_cheap_and_a_login_rehashes_it(
    tmp_path: Path,
) -> None:
    from argon2 import extract_parameters
    from argon2.profiles import RFC_9106_LOW_MEMORY

    path = make_demo_path()
    try:
        build_demo_store(path, throwaway=True)
        db = open_database(path)
        stored = db.conn().execute("SELECT password_hash FROM users").fetchone()[0]
        params = extract_parameters(stored)
        assert stored.startswith("$argon2id$")
        assert (params.time_cost, params.memory_cost, params.parallelism) == (1, 8, 1)
        # a password login on it (the real path) re-hashes with the real parameters
        Auth(db).authenticate(DEMO_USER, DEMO_PASSWORD)
        rehashed = db.conn().execute("SELECT password_hash FROM users").fetchone()[0]
        assert extract_parameters(rehashed) == RFC_9106_LOW_MEMORY
        db.close()
    finally:
        remove_demo_store(path)
    # never for a store that is kept: only under make_demo_path
    kept = tmp_path / "kept.db"
    with pytest.raises(ValueError, match="not a throwaway demo store"):
        build_demo_store(kept, throwaway=True)
    c = sqlite3.connect(kept)
    try:
        assert c.execute("SELECT count(*) FROM users").fetchone()[0] == 0
    finally:
        c.close()


def test_generator_demo_flag_keeps_the_real_hash(tmp_path: Path) -> None:
    """`python -m devhub_tui.services.demo --demo --out FILE` writes a store the user may keep."""
    from argon2 import extract_parameters
    from argon2.profiles import RFC_9106_LOW_MEMORY

    out = tmp_path / "demo.db"
    assert _run("--demo", "--out", str(out)).returncode == 0
    c = sqlite3.connect(out)
    try:
        stored = c.execute("SELECT password_hash FROM users").fetchone()[0]
    finally:
        c.close()
    assert extract_parameters(stored) == RFC_9106_LOW_MEMORY


async def test_devhub_demo_builds_its_store_before_the_app_runs(tmp_path: Path) -> None:
    """`devhub --demo` (launch.build_app) builds the throwaway store, demo data and
    all, in the start-up thread while Textual loads; the app opens on it."""
    from devhub_tui.cli.launch import Target, build_app
    from devhub_tui.tui.screens.dashboard import DashboardScreen

    real = tmp_path / "real.db"
    app = build_app(Target(real, None, None, "turso"), demo=True)
    demo_path = app.session.db_path
    try:
        pre = app.take_preopen()
        assert pre is not None and pre.db_path == demo_path
        assert demo_path.parent.name.startswith("devhub-demo-")
        opened = pre.wait_opened()  # built by the thread: the app never built anything
        assert opened.user is not None and opened.user.username == DEMO_USER
        async with app.run_test(size=(120, 40)) as pilot:
            for _ in range(50):
                await app.workers.wait_for_complete()
                await pilot.pause()
                if isinstance(app.screen, DashboardScreen) and app.screen.data is not None:
                    break
            assert isinstance(app.screen, DashboardScreen)
            assert app.screen.data is not None and app.screen.data.stats.contacts >= 35
            assert "DEMO" in app.title
        assert not demo_path.parent.exists()  # removed by the app on exit
        assert load_secret(demo_path) is None
    finally:
        remove_demo_store(demo_path)  # whatever failed above
    assert not real.exists()


async def test_quitting_while_the_demo_store_is_built_leaves_nothing_behind(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading
    import time

    import devhub_tui.services.demo_generate as demo_generate  # (makes the demo user)
    from devhub_tui.cli.launch import Target, build_app

    real_save_secret = demo_generate.save_secret
    building = threading.Event()

    def slow_save_secret(*args: object, **kwargs: object) -> Path:
        building.set()
        time.sleep(0.8)  # the app quits meanwhile
        return real_save_secret(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(demo_generate, "save_secret", slow_save_secret)
    app = build_app(Target(tmp_path / "real.db", None, None, "turso"), demo=True)
    demo_path = app.session.db_path
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            assert building.wait(10)
            await pilot.press("q")
        for thread in threading.enumerate():  # whatever it did after the app was gone
            if thread.name == "devhub-preopen":
                thread.join(10)
        assert not demo_path.parent.exists()
        assert load_secret(demo_path) is None  # the session saved after the quit is gone
    finally:
        remove_demo_store(demo_path)  # whatever failed above


def test_devhub_demo_starts_without_loading_the_command_line() -> None:
    script = (
        "import json, sys\n"
        "from devhub_tui.cli import launch\n"
        "seen = []\n"
        "launch.run_app = lambda target, demo=False: seen.append(demo)\n"
        "launch.main(['--demo'])\n"
        "print(json.dumps({'demo': seen, 'click': 'click' in sys.modules}))\n"
    )
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                         timeout=60, env=dict(os.environ))
    assert res.returncode == 0, res.stderr
    import json

    assert json.loads(res.stdout) == {"demo": [True], "click": False}
