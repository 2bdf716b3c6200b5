"""Resilience: kill -9 mid-write, concurrent writers, bad files, read-only files, full disks.

Each test drives the real CLI in subprocesses on a store in the test's tmp dir and
checks the file afterwards with plain sqlite3: integrity, foreign keys, the search
index, and that everything a command acknowledged is there, exactly once.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import random
import resource
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import open_database
from devhub_tui.storage.session_file import save_secret
from devhub_tui.storage.store import Store
from tests.e2e.cli_helpers import assert_clean_error, run_cli

FAST = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)

#: Runs a CLI command many times in one process (fast: no interpreter start-up per
#: command). argv: START END ARG... where "{i}" in an ARG is the iteration number.
#: Prints "ACK i" once the command returned successfully, "ERR i code" otherwise.
LOOP = r"""
import gc, sys
from devhub_tui.cli.main import main
start, end, template = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3:]
for i in range(start, end):
    try:
        main([a.replace("{i}", f"{i:05d}") for a in template])
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else 1
    print(f"ACK {i}" if code == 0 else f"ERR {i} {code}", flush=True)
    gc.collect()
"""


def _make_store(path: Path, names: Sequence[str] = ("Ada Lovelace", "Grace Hopper")) -> str:
    db = open_database(path)
    try:
        auth = Auth(db, hasher=FAST)
        user = auth.create_user("ada", "password1")
        save_secret(path, auth.create_session(user.id), "ada")
        store = Store(db, user.id)
        for name in names:
            store.add_contact({"name": name})
        return user.id
    finally:
        db.close()


def _loop(start: int, end: int, *command: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-c", LOOP, str(start), str(end), *command],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
    )


def check_store(path: Path) -> sqlite3.Connection:
    """The file is sound: integrity, foreign keys, search index, derived columns."""
    c = sqlite3.connect(path)
    assert c.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert c.execute("PRAGMA foreign_key_check").fetchall() == []
    for table in ("interactions_fts", "contacts_fts"):
        c.execute(f"INSERT INTO {table}({table}) VALUES ('integrity-check')")
    assert (c.execute("SELECT count(*) FROM interactions_fts").fetchone()
            == c.execute("SELECT count(*) FROM interactions").fetchone())
    assert (c.execute("SELECT count(*) FROM contacts_fts").fetchone()
            == c.execute("SELECT count(*) FROM contacts").fetchone())
    # an interaction and its contact's last_contacted are written together
    assert c.execute(
        "SELECT count(*) FROM contacts k WHERE last_contacted IS NOT"
        " (SELECT max(date) FROM interactions WHERE contact_id = k.id)"
    ).fetchone()[0] == 0
    return c


def _notes(path: Path) -> list[str]:
    c = sqlite3.connect(path)
    try:
        return [r[0] for r in c.execute("SELECT notes FROM interactions")]
    finally:
        c.close()


# -- kill -9 ------------------------------------------------------------------
def test_kill_9_mid_logging_keeps_every_acknowledged_interaction(db_path: Path) -> None:
    """1,000 `devhub log` commands; the process is killed -9 three times mid-way."""
    _make_store(db_path)
    rng = random.Random(20260301)
    acked: set[int] = set()
    next_i, kills = 0, 0
    deadline = time.monotonic() + 50
    while next_i < 1000:
        assert time.monotonic() < deadline, "took too long"
        proc = _loop(next_i, 1000, "log", "ada", "coffee", "note-{i}")
        kill_after = rng.randrange(60, 260) if kills < 3 else None
        seen = 0
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.startswith("ERR"):
                proc.kill()
                pytest.fail(f"a log command failed: {line} {proc.stderr.read()}")  # type: ignore[union-attr]
            if not line.startswith("ACK "):
                continue
            i = int(line.split()[1])
            acked.add(i)
            next_i = i + 1
            seen += 1
            if kill_after is not None and seen >= kill_after:
                time.sleep(rng.random() * 0.004)  # land anywhere in the next command
                os.kill(proc.pid, signal.SIGKILL)
                kills += 1
                break
        proc.wait(timeout=30)
        check_store(db_path).close()
        notes = _notes(db_path)
        missing = [i for i in acked if f"note-{i:05d}" not in notes]
        assert missing == [], f"acknowledged but lost: {missing[:10]}"
    assert kills == 3
    assert acked == set(range(1000))
    notes = _notes(db_path)
    # only a command killed before it could answer may have been stored twice
    assert 1000 <= len(notes) <= 1000 + kills


# -- concurrent writers -------------------------------------------------------
def test_concurrent_cli_writers_never_see_locked_and_lose_nothing(db_path: Path) -> None:
    _make_store(db_path)
    procs = [
        _loop(0, 150, "log", "ada", "coffee", "A-{i}"),
        _loop(0, 150, "log", "grace", "call", "G-{i}"),
        _loop(0, 40, "due", "--json"),  # recomputes statuses: a write, too
        _loop(0, 40, "contact", "add", "Person {i}", "--tag", "load"),
    ]
    outs = [p.communicate(timeout=55) for p in procs]
    for proc, (out, err) in zip(procs, outs, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err, err
        assert "ERR" not in out, out[-500:]
    notes = _notes(db_path)
    assert sorted(n for n in notes if n.startswith("A-")) == [f"A-{i:05d}" for i in range(150)]
    assert sorted(n for n in notes if n.startswith("G-")) == [f"G-{i:05d}" for i in range(150)]
    c = check_store(db_path)
    assert c.execute("SELECT count(*) FROM contacts WHERE name LIKE 'Person %'").fetchone()[0] == 40
    c.close()


def test_two_processes_creating_a_new_store_at_once(tmp_path: Path) -> None:
    """The first open migrates the file; a second process racing it must not fail."""
    for n in range(4):
        path = tmp_path / f"new-{n}.db"
        procs = [
            subprocess.Popen(
                [sys.executable, "-m", "devhub_tui", "--db", str(path), "user", "add",
                 f"user{k}", "--password-stdin"],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                text=True, env=dict(os.environ),
            )
            for k in range(3)
        ]
        results = [p.communicate("password123\n", timeout=55) for p in procs]
        for p, (_, err) in zip(procs, results, strict=True):
            assert p.returncode == 0, err
        c = sqlite3.connect(path)
        assert c.execute("SELECT count(*) FROM users").fetchone()[0] == 3
        c.close()


#: One "app instance": its own process and Database, writing through the Store the
#: way the app's workers do. argv: DB USER_ID PREFIX N
INSTANCE = r"""
import sys
from devhub_tui.storage.db import open_database
from devhub_tui.storage.store import Store
path, uid, prefix, n = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
db = open_database(path)
store = Store(db, uid)
ada = store.list_contacts(search="ada")[0].id
for i in range(n):
    cid = store.add_contact({"name": f"{prefix} {i}"}, ["team"])
    store.log_interaction(ada, "message", None, f"{prefix}-{i:05d}")
    store.log_interaction(cid, "email", None, "")
    if i % 10 == 0:
        store.recompute_statuses()
        store.list_contacts(search=prefix, limit=50)
db.close()
print("done", flush=True)
"""


def test_app_instances_and_cli_write_together(db_path: Path) -> None:
    """Two app instances (each its own process and Database, writing through the Store
    as the app's workers do) and a CLI loop, all writing to one file at once."""
    uid = _make_store(db_path)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", INSTANCE, str(db_path), uid, prefix, "80"],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ),
        )
        for prefix in ("North", "South")
    ]
    procs.append(_loop(0, 120, "log", "grace", "call", "C-{i}"))
    for proc in procs:
        out, err = proc.communicate(timeout=55)
        assert proc.returncode == 0, err
        assert "locked" not in err.lower() and "Traceback" not in err, err
        assert "ERR" not in out
    notes = _notes(db_path)
    for prefix, n in (("North", 80), ("South", 80), ("C", 120)):
        assert sorted(x for x in notes if x.startswith(prefix + "-")) == [
            f"{prefix}-{i:05d}" for i in range(n)
        ]
    c = check_store(db_path)
    assert c.execute("SELECT count(*) FROM contact_tags").fetchone()[0] == 160
    c.close()


# -- files that can't be used -------------------------------------------------
def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _other_files(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir() if p.name.startswith(path.name + "-"))


@pytest.mark.parametrize("kind", ["png", "text", "other-sqlite", "truncated", "zeros"])
def test_a_file_that_is_not_a_store_is_refused_and_left_untouched(
    tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "store.db"
    if kind == "png":
        path.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5000))
    elif kind == "text":
        path.write_text("name,email\nAda,ada@example.com\n" * 50)
    elif kind == "zeros":
        path.write_bytes(bytes(8192))
    elif kind == "other-sqlite":
        c = sqlite3.connect(path)
        c.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
        c.execute("INSERT INTO notes (body) VALUES ('precious')")
        c.commit()
        c.close()
    else:  # a devhub store cut short (a bad copy)
        good = tmp_path / "good.db"
        _make_store(good)
        path.write_bytes(good.read_bytes()[:12288])
    before = _digest(path)
    for args in (["contacts"], ["contact", "add", "Someone"], ["log", "ada", "coffee"],
                 ["user", "add", "newbie", "--password-stdin"]):
        res = run_cli("--db", str(path), *args, stdin="password123\n")
        assert_clean_error(res, str(path))
        assert "unexpected" not in res.stderr
        assert ("not a devhub" in res.stderr or "damaged" in res.stderr), res.stderr
    assert _digest(path) == before
    assert _other_files(path) == [] or kind == "truncated"


def _drop_dac_caps() -> None:
    """In the child: even root must respect file permissions from here on."""
    libc = ctypes.CDLL(None, use_errno=True)
    pr_capbset_drop = 24
    for cap in (1, 2, 3):  # CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER
        if libc.prctl(pr_capbset_drop, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _run_limited(args: Sequence[str], preexec: Callable[[], None] | None,
                 ) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devhub_tui", *args], capture_output=True, text=True,
        timeout=60, env=dict(os.environ), preexec_fn=preexec, stdin=subprocess.DEVNULL,
    )


def test_a_read_only_store_gives_one_clear_error_and_stays_untouched(db_path: Path) -> None:
    _make_store(db_path)
    os.chmod(db_path, 0o400)  # read-only (and private: devhub makes an open store private)
    before = _digest(db_path)
    preexec = _drop_dac_caps if os.geteuid() == 0 else None
    try:
        for args in (["contact", "add", "Someone"], ["log", "ada", "coffee", "hi"],
                     ["follow-up", "ada", "--due", "tomorrow"]):
            res = _run_limited(["--db", str(db_path), *args], preexec)
            assert_clean_error(res, "read-only")
            assert "unexpected" not in res.stderr
        # reading still works, `due` too while no status has to be brought up to now
        res = _run_limited(["--db", str(db_path), "contacts"], preexec)
        assert res.returncode == 0, res.stderr
        assert "Ada Lovelace" in res.stdout
        res = _run_limited(["--db", str(db_path), "due", "--json"], preexec)
        assert res.returncode == 0, res.stderr
        assert json.loads(res.stdout)["count"] == 0
    finally:
        os.chmod(db_path, 0o600)
    assert _digest(db_path) == before
    # a status whose time has come must be written before `due` can answer: one
    # clear error, never an answer from stale statuses
    conn = sqlite3.connect(db_path)
    conn.execute("UPDATE contacts SET status_until = 0")
    conn.commit()
    conn.close()
    os.chmod(db_path, 0o400)  # read-only (and private: devhub makes an open store private)
    before = _digest(db_path)
    try:
        res = _run_limited(["--db", str(db_path), "due", "--json"], preexec)
        assert_clean_error(res, "read-only")
        assert "unexpected" not in res.stderr
    finally:
        os.chmod(db_path, 0o600)
    assert _digest(db_path) == before


def _fsize_limit(limit: int) -> Callable[[], None]:
    def preexec() -> None:
        # a real full disk fails the write with ENOSPC; past RLIMIT_FSIZE the write
        # fails with EFBIG once SIGXFSZ (which would kill the process) is ignored
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return preexec


def _dump(path: Path) -> list[tuple[object, ...]]:
    c = sqlite3.connect(path)
    try:
        rows: list[tuple[object, ...]] = []
        for table in ("users", "contacts", "interactions", "tags", "contact_tags",
                      "follow_ups"):
            rows += [(table, *r) for r in c.execute(f"SELECT * FROM {table} ORDER BY 1")]
        return rows
    finally:
        c.close()


@pytest.mark.parametrize("limit", [16 * 1024, 96 * 1024, 192 * 1024])
def test_a_full_disk_gives_one_clear_error_and_saves_nothing_half(
    db_path: Path, limit: int
) -> None:
    _make_store(db_path)
    before = _dump(db_path)
    big = "lorem ipsum dolor " * 5500  # ~99,000 characters: many pages
    res = _run_limited(
        ["--db", str(db_path), "contact", "add", "Big Note", "--notes", big, "--tag", "huge"],
        _fsize_limit(limit),
    )
    assert res.returncode == 1, res.stdout
    assert "Traceback" not in res.stderr and "unexpected" not in res.stderr, res.stderr
    lines = [x for x in res.stderr.splitlines() if x.strip()]
    assert len(lines) == 1 and str(db_path) in lines[0], res.stderr
    assert "full" in lines[0] or "disk" in lines[0] or "I/O" in lines[0], res.stderr
    c = check_store(db_path)
    c.close()
    assert _dump(db_path) == before  # the data is exactly as it was
    # and once there is room again, the same command works
    ok = _run_limited(["--db", str(db_path), "contact", "add", "Big Note", "--notes", big],
                      None)
    assert ok.returncode == 0, ok.stderr
