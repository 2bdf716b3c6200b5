"""`devhub encrypt` / `devhub decrypt` (issue 21), run for real in subprocesses: every
feature on an encrypted store, no plain text in the files, wrong passphrases, and a
process killed at every step of a conversion losing nothing."""

from __future__ import annotations

import json
import os
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devhub_tui.storage import crypt, crypt_convert
from devhub_tui.storage.db import open_database
from devhub_tui.storage.store import Store, VipData

from .cli_helpers import assert_clean_error, run_cli

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PASS = "correct horse battery staple"
#: what must never be readable in the encrypted files
SECRETS = ["Zyxwvut Lovelace", "ada.secret@example.org", "Quuxbridge notes about rust",
           "Talked about the Frobnicator launch", "grace.hopper@navy.example",
           "Grace Hopperzz"]


def _env(**extra: str) -> dict[str, str]:
    env = dict(os.environ)
    env.pop("DEVHUB_PASSPHRASE", None)
    env.update(extra)
    return env


def _ok(*args: str, stdin: str | None = None, passphrase: str | None = PASS) -> str:
    env = _env(DEVHUB_PASSPHRASE=passphrase) if passphrase else _env()
    res = run_cli(*args, stdin=stdin, env=env)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return res.stdout


def _fill() -> None:
    _ok("user", "add", "ada", "--password-stdin", stdin="password1\n", passphrase=None)
    _ok("login", "ada", "--password-stdin", stdin="password1\n", passphrase=None)
    _ok("contact", "add", "Zyxwvut Lovelace", "--email", "ada.secret@example.org", "--vip",
        "--notes", "Quuxbridge notes about rust", "--cadence", "7", passphrase=None)
    _ok("log", "zyxwvut", "coffee", "Talked", "about", "the", "Frobnicator", "launch",
        "--date", "20d", passphrase=None)


def _names(passphrase: str | None = PASS) -> list[str]:
    return sorted(c["name"] for c in json.loads(_ok("contacts", "--json",
                                                    passphrase=passphrase)))


def _plain_text_in(*files: Path) -> list[str]:
    found = []
    for f in files:
        data = f.read_bytes() if f.exists() else b""
        for s in SECRETS:
            for enc in ("utf-8", "utf-16-le"):
                if s.encode(enc) in data or s.lower().encode(enc) in data:
                    found.append(f"{s!r} in {f.name}")
    return found


def _encrypt(*extra: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return run_cli("encrypt", "--passphrase-stdin", *extra, stdin=PASS + "\n",
                   env=env if env is not None else _env())


def test_every_feature_works_on_an_encrypted_store_and_nothing_is_plain(
    db_path: Path, tmp_path: Path
) -> None:
    _fill()
    assert _plain_text_in(db_path)  # the check finds them in a plain store
    res = _encrypt()
    assert res.returncode == 0, res.stderr
    assert "encrypted" in res.stdout and "forgetting it loses the data" in res.stdout
    header = crypt.header_path(db_path)
    assert stat.S_IMODE(header.stat().st_mode) == 0o600
    info = json.loads(header.read_text())
    assert info["kdf"] == "argon2id" and len(bytes.fromhex(info["salt"])) == 16
    assert {"time_cost", "memory_cost", "parallelism", "version"} <= set(info)
    assert not db_path.read_bytes().startswith(b"SQLite format 3")
    assert _plain_text_in(db_path) == []
    # no plain copy left behind, no half-made file
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith("devhub.db.")
                 and p.name != "devhub.db.crypt"]
    assert leftovers == []

    # without a passphrase (no terminal): one line saying how to give it
    assert_clean_error(run_cli("contacts", env=_env()), "is encrypted")
    # a wrong one: one line, never "not a database"
    res = run_cli("contacts", env=_env(DEVHUB_PASSPHRASE="nope"))
    assert_clean_error(res, f"wrong passphrase for {db_path}")
    assert "not a database" not in res.stderr and "damaged" not in res.stderr

    # every feature, with the passphrase
    assert _names() == ["Zyxwvut Lovelace"]
    _ok("contact", "add", "Grace Hopperzz", "--email", "grace.hopper@navy.example")
    assert _ok("log", "grace", "call", "compilers").strip()
    found = json.loads(_ok("contacts", "--search", "quuxbridge", "--json"))
    assert [c["name"] for c in found] == ["Zyxwvut Lovelace"]  # search (notes, FTS5)
    found = json.loads(_ok("contacts", "--search", "frobnicator", "--json"))
    assert [c["name"] for c in found] == ["Zyxwvut Lovelace"]  # interaction notes
    due = json.loads(_ok("due", "--json"))
    assert [i["name"] for i in due["items"]] == ["Zyxwvut Lovelace"]  # 20 days > cadence 7
    # the prompt's count: the fast path steps aside at once for the full CLI
    assert _ok("due", "--count").strip() == "1"
    assert_clean_error(run_cli("due", "--count", env=_env(DEVHUB_PASSPHRASE="nope")),
                       "wrong passphrase")
    vips = json.loads(_ok("contacts", "--vip", "--json"))
    assert [c["name"] for c in vips] == ["Zyxwvut Lovelace"]
    _ok("follow-up", "zyxwvut", "send the slides", "--due", "tomorrow")
    _ok("import", str(FIXTURES / "contacts_v3.vcf"))
    exported = tmp_path / "out.json"
    _ok("export", "-o", str(exported))
    data = json.loads(exported.read_text())
    assert "Zyxwvut Lovelace" in json.dumps(data, ensure_ascii=False)
    assert len(_names()) == 5
    assert "BEGIN:VCARD" in _ok("qr")  # Quick Connect reads the profile from the store

    # a store opened in this process too: the -wal (while it exists) is encrypted
    key = crypt.unlock_key(db_path, PASS)
    db = open_database(db_path, key=key)
    try:
        uid = db.conn().execute("SELECT id FROM users").fetchone()[0]
        store = Store(db, uid)
        cid = next(c.id for c in store.list_contacts() if c.name.startswith("Zyx"))
        store.save_vip(cid, VipData(family="Grace Hopperzz is family", email="x@y.z"))
        store.log_interaction(cid, "email", store.clock(), "Grace Hopperzz says hi")
        wal = db_path.with_name(db_path.name + "-wal")
        assert wal.exists() and wal.stat().st_size > 0
        assert _plain_text_in(db_path, wal) == []
    finally:
        db.close()
    assert _plain_text_in(db_path) == []
    # the session file holds neither the passphrase nor the key
    state = Path(os.environ["XDG_STATE_HOME"])
    for f in state.rglob("*"):
        if f.is_file():
            text = f.read_bytes()
            assert PASS.encode() not in text and key.raw.hex().encode() not in text
            assert key.raw not in text

    # decrypt: plain again, everything there, the key file gone
    res = run_cli("decrypt", "--passphrase-stdin", stdin=PASS + "\n", env=_env())
    assert res.returncode == 0, res.stderr
    assert not header.exists()
    assert db_path.read_bytes().startswith(b"SQLite format 3")
    assert len(_names(passphrase=None)) == 5
    assert "not encrypted" in _ok("decrypt", "--passphrase-stdin", stdin=PASS + "\n")


def test_encrypt_keep_backup_json_and_already(db_path: Path) -> None:
    _fill()
    res = _encrypt("--keep-backup", "--json")
    assert res.returncode == 0, res.stderr
    report = json.loads(res.stdout)
    assert report["action"] == "encrypted" and report["already"] is False
    assert report["rows"] > 0 and report["tables"] > 10
    bak = crypt.backup_path(db_path)
    assert report["backup"] == str(bak)
    assert stat.S_IMODE(bak.stat().st_mode) == 0o600
    assert bak.read_bytes().startswith(b"SQLite format 3")  # the plain original, as asked
    again = _encrypt()
    assert again.returncode == 0 and "already encrypted" in again.stdout


def test_wrong_passphrase_for_decrypt_and_empty_stdin(db_path: Path) -> None:
    _fill()
    assert _encrypt().returncode == 0
    res = run_cli("decrypt", "--passphrase-stdin", stdin="wrong\n", env=_env())
    assert_clean_error(res, f"wrong passphrase for {db_path}")
    assert_clean_error(run_cli("decrypt", env=_env()), "use --passphrase-stdin")
    assert _names() == ["Zyxwvut Lovelace"]


def test_replicas_stay_unencrypted(db_path: Path) -> None:
    _fill()
    res = run_cli("encrypt", "--passphrase-stdin", stdin=PASS + "\n",
                  env=_env(TURSO_DATABASE_URL="http://127.0.0.1:9"))
    assert_clean_error(res, "sync replicas stay unencrypted")
    # a Turso replica file (its metadata beside it) is refused too
    db_path.with_name(db_path.name + "-info").write_text('{"client_unique_id": "x"}')
    assert_clean_error(_encrypt(), "replicas stay unencrypted")
    assert db_path.read_bytes().startswith(b"SQLite format 3")


def _state_after_crash(db_path: Path) -> str:
    """The store opens, in one form or the other, with all its data."""
    form = crypt.file_form(db_path)
    assert form in ("plain", "encrypted")
    assert _names() == ["Zyxwvut Lovelace"]
    return form


@pytest.mark.parametrize("step", crypt_convert.ENCRYPT_STEPS)
def test_encrypt_killed_at_each_step_loses_nothing(db_path: Path, step: str) -> None:
    _fill()
    res = _encrypt(env=_env(DEVHUB_CRYPT_TEST_STEP=step))
    assert res.returncode == 99, res.stderr  # died there (os._exit: no clean-up ran)
    form = _state_after_crash(db_path)
    assert form == ("plain" if step in ("header", "export", "verify", "backup")
                    else "encrypted")
    res = _encrypt()
    assert res.returncode == 0, res.stderr
    assert crypt.file_form(db_path) == "encrypted"
    assert _plain_text_in(db_path) == []
    assert _names() == ["Zyxwvut Lovelace"]
    left = {p.name for p in db_path.parent.iterdir()}
    assert not {"devhub.db.encrypting", "devhub.db.crypt.new"} & left
    if step in ("swap", "header-rename"):  # the plain copy of the killed run: said
        assert "NOT encrypted" in res.stderr


@pytest.mark.parametrize("step", crypt_convert.DECRYPT_STEPS)
def test_decrypt_killed_at_each_step_loses_nothing(db_path: Path, step: str) -> None:
    _fill()
    assert _encrypt().returncode == 0
    res = run_cli("decrypt", "--passphrase-stdin", stdin=PASS + "\n",
                  env=_env(DEVHUB_CRYPT_TEST_STEP=step))
    assert res.returncode == 99, res.stderr
    form = _state_after_crash(db_path)
    assert form == ("encrypted" if step in ("export", "verify", "backup") else "plain")
    # a half-made plain copy never outlives the next open
    assert not db_path.with_name("devhub.db.decrypting").exists()
    res = run_cli("decrypt", "--passphrase-stdin", stdin=PASS + "\n", env=_env())
    assert res.returncode == 0, res.stderr
    assert crypt.file_form(db_path) == "plain"
    assert not crypt.header_path(db_path).exists()
    assert _names(passphrase=None) == ["Zyxwvut Lovelace"]


@pytest.mark.parametrize("step", ["export", "swap"])
def test_sigkill_mid_encrypt(db_path: Path, step: str) -> None:
    _fill()
    env = _env(DEVHUB_CRYPT_TEST_STEP=step, DEVHUB_CRYPT_TEST_ACTION="pause")
    proc = subprocess.Popen([sys.executable, "-m", "devhub_tui", "encrypt",
                             "--passphrase-stdin"], stdin=subprocess.PIPE,
                            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, env=env,
                            text=True)
    assert proc.stdin is not None and proc.stderr is not None
    proc.stdin.write(PASS + "\n")
    proc.stdin.close()
    line = proc.stderr.readline()
    assert f"paused at {step}" in line
    # while it holds the store, another devhub is told so (one line), nothing breaks
    if step == "export":
        res = run_cli("contacts", env=_env(DEVHUB_PASSPHRASE=PASS))
        assert res.returncode != 0 and "Traceback" not in res.stderr
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(10)
    time.sleep(0.1)
    _state_after_crash(db_path)
    res = _encrypt()
    assert res.returncode == 0, res.stderr
    assert crypt.file_form(db_path) == "encrypted"
    assert _names() == ["Zyxwvut Lovelace"]


def _in_terminal(args: list[str], answers: list[tuple[str, str]]) -> tuple[int, str]:
    """Run devhub with a pseudo-terminal as its controlling terminal, answering each
    prompt as it shows; returns (exit code, everything it printed)."""
    import select

    from .pty_support import _LOGIN

    master, slave = os.openpty()
    proc = subprocess.Popen([sys.executable, "-c", _LOGIN, sys.executable, "-m",
                             "devhub_tui", *args], stdin=slave, stdout=slave, stderr=slave,
                            env=_env(), close_fds=True)
    os.close(slave)
    out = b""

    def read_until(text: str | None, timeout: float = 60) -> None:
        nonlocal out
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (text is None or text.encode() not in out):
            ready, _, _ = select.select([master], [], [], 0.2)
            if ready:
                try:
                    chunk = os.read(master, 4096)
                except OSError:
                    return
                if not chunk:
                    return
                out += chunk
            elif text is None and proc.poll() is not None:
                return

    try:
        for prompt, answer in answers:
            read_until(prompt)
            assert prompt.encode() in out, out.decode(errors="replace")
            out = out.replace(prompt.encode(), b"<asked>", 1)
            os.write(master, (answer + "\n").encode())
        read_until(None)
        code = proc.wait(30)
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()
    return code, out.decode(errors="replace")


def test_the_passphrase_is_asked_hidden_in_a_terminal(db_path: Path) -> None:
    _fill()
    code, out = _in_terminal(["encrypt"], [("New passphrase for", PASS),
                                           ("Repeat for confirmation", PASS)])
    assert code == 0, out
    assert "encrypted" in out and PASS not in out  # typed, never echoed
    assert crypt.is_encrypted(db_path)
    code, out = _in_terminal(["contacts"], [("Passphrase for", PASS)])
    assert code == 0, out
    assert "Zyxwvut Lovelace" in out and PASS not in out
    code, out = _in_terminal(["contacts"], [("Passphrase for", "wrong one")])
    assert code == 1 and f"wrong passphrase for {db_path}" in out
    assert "Traceback" not in out and "not a database" not in out


def test_a_store_open_elsewhere_is_not_converted(db_path: Path) -> None:
    _fill()
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys\nfrom devhub_tui.storage.db import open_database\n"
         f"db = open_database({str(db_path)!r})\n"
         "db.conn().execute('SELECT count(*) FROM contacts').fetchall()\n"
         "print('holding', flush=True)\nsys.stdin.read()\n"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=_env())
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "holding"
        assert_clean_error(_encrypt(), "is in use (is devhub open?)")
    finally:
        holder.stdin.close()
        holder.wait(30)
    assert crypt.file_form(db_path) == "plain"
    assert sorted(p.name for p in db_path.parent.iterdir()
                  if p.name.startswith("devhub.db.")) == []  # nothing left behind
    assert _names(passphrase=None) == ["Zyxwvut Lovelace"]
    assert _encrypt().returncode == 0  # once it is closed
