"""`devhub due --count`: one number for a shell prompt, without click or the Store.

A prompt runs this before every command line, so it must cost little more than
starting Python: `cli/entry.py` sends exactly `[--db PATH] due --count [--json]`
here before anything else is imported. This module imports only the standard
library's `os`, `sys`, `sqlite3`, `time` and `stat` (not json, hashlib, calendar or
platformdirs: milliseconds each, on a budget of a few tens) and
`storage/status_rules.py` (SQL text, no imports); it opens the store read-only,
finds the logged-in user from the saved session the way the CLI does, and counts
with one query what `devhub due` lists:

- contacts whose status puts them in the queue (overdue, needs attention, due
  soon) and whose cadence is on. A stored status is exact until its
  `status_until`; the rows whose `status_until` has passed are counted with the
  status rules evaluated in SQL at this instant (`STATUS_SQL`, the very text the
  recompute writes with), which is what `devhub due` finds after it refreshes
  them. So the count never goes stale and never writes;
- open follow-ups due today or earlier; due next steps of open tracks;
- birthdays in the next 14 days (checked in Python on the few candidate rows,
  Feb 29 on Feb 28 in other years, as core.dates does).

Whenever the answer needs more than this (a synced replica, a store of another
schema version, a file sqlite3 can't open read-only), `run` returns None and the
normal CLI answers instead: slower, never wrong.
"""

from __future__ import annotations

import os
import sqlite3
import sys

from devhub_tui.storage.small_file import read_small_regular_file
from devhub_tui.storage.status_rules import (
    DAY_MS,
    PREF_KEYS,
    QUEUE_STATUSES,
    STATUS_SQL,
)

#: core.status.CadenceDefaults() (a test holds them equal).
DEFAULT_CADENCES = {"vip": 14, "high": 14, "normal": 30, "low": 90}
#: core.status.BIRTHDAY_WINDOW_DAYS
BIRTHDAY_WINDOW_DAYS = 14
APP_NAME = "devhub"
#: storage.session_file.MAX_BYTES
SESSION_MAX_BYTES = 4096


class Fallback(Exception):
    """The fast path can't answer: the normal CLI does."""


class CountError(Exception):
    """One line for stderr (exit status 1)."""


def parse(args: list[str]) -> tuple[str | None, bool] | None:
    """`(--db value or None, --json)` when `args` are exactly `[--db PATH] due --count
    [--json]` (the flags in any order), else None."""
    db: str | None = None
    i = 0
    while i < len(args) and args[i].startswith("--db"):
        if args[i] == "--db" and i + 1 < len(args):
            db = args[i + 1]
            i += 2
        elif args[i].startswith("--db="):
            db = args[i][5:]
            i += 1
        else:
            return None
    if db == "":
        return None
    rest = args[i:]
    if not rest or rest[0] != "due":
        return None
    flags = sorted(rest[1:])
    if flags == ["--count"]:
        return db, False
    if flags == ["--count", "--json"]:
        return db, True
    return None


# -- where things are (platformdirs' answers on Linux, without importing it) --------
def _xdg(var: str, default: str) -> str:
    value = os.environ.get(var, "")
    if not os.path.isabs(value):
        home = os.environ.get("HOME")
        if home is not None and not os.path.isabs(home):
            raise Fallback("a relative HOME")
        value = os.path.expanduser(default)
        if not os.path.isabs(value):
            raise Fallback("no home directory")
    return os.path.join(value, APP_NAME)


def _dirs() -> tuple[str, str, str]:
    """(data dir, state dir, config dir): what settings.paths gets from platformdirs
    (a test compares them), computed directly on Linux; elsewhere from platformdirs."""
    if sys.platform.startswith("linux"):
        return (_xdg("XDG_DATA_HOME", "~/.local/share"),
                _xdg("XDG_STATE_HOME", "~/.local/state"),
                _xdg("XDG_CONFIG_HOME", "~/.config"))
    import platformdirs

    return (platformdirs.user_data_dir(APP_NAME, appauthor=False),
            platformdirs.user_state_dir(APP_NAME, appauthor=False),
            platformdirs.user_config_dir(APP_NAME, appauthor=False))


def store_path(db: str | None) -> str:
    """`--db`, else `DEVHUB_DB`, else devhub.db in the data dir (launch.app_target)."""
    chosen = db or os.environ.get("DEVHUB_DB") or None
    if chosen is None:
        return os.path.join(_dirs()[0], "devhub.db")
    return os.path.expanduser(chosen)


def _sha256_hex(text: str) -> str:
    """hashlib.sha256(...).hexdigest(), without hashlib's OpenSSL start-up (~2 ms)."""
    try:
        from _sha256 import sha256  # CPython 3.11
    except ImportError:
        try:
            from _sha2 import sha256  # CPython 3.12+
        except ImportError:
            from hashlib import sha256
    return str(sha256(text.encode()).hexdigest())


def session_file(db_path: str) -> str:
    """settings.paths.session_file, without creating the state dir."""
    key = _sha256_hex(os.path.realpath(db_path))[:16]
    return os.path.join(_dirs()[1], f"session-{key}")


def _synced() -> bool:
    """Sync is set up (flags aside): the environment or the sync config file."""
    if os.environ.get("TURSO_DATABASE_URL", "").strip():
        return True
    override = os.environ.get("DEVHUB_SYNC_CONFIG", "").strip()
    config = (os.path.expanduser(override) if override
              else os.path.join(_dirs()[2], "sync.toml"))
    return os.path.lexists(config)


def _secret(db_path: str) -> str | None:
    """storage.session_file.load_secret."""
    raw = read_small_regular_file(session_file(db_path), SESSION_MAX_BYTES)
    if raw is None:
        return None
    # what save_secret writes, json.dumps({"secret": token_urlsafe, ...}), read without
    # importing json (its scanner compiles regexes: ~3 ms); anything else: json
    head = b'{"secret": "'
    end = raw.find(b'"', len(head))
    token = raw[len(head):end]
    plain = token.replace(b"-", b"").replace(b"_", b"")
    if raw.startswith(head) and end > 0 and plain and plain.isalnum():
        return token.decode("ascii")
    import json

    try:
        data = json.loads(raw.decode("utf-8"))
    except ValueError:
        return None
    secret = data.get("secret") if isinstance(data, dict) else None
    return secret if isinstance(secret, str) else None


def _login_hint(conn: sqlite3.Connection) -> str:
    """cli.main._login_hint, from the same query as Auth.usernames."""
    names = [r[0] for r in conn.execute(
        "SELECT username FROM users ORDER BY created_at, id LIMIT 2")]
    if not names:
        return "create an account with `devhub user add NAME`, then `devhub login NAME`"
    if len(names) == 1:
        return f"run `devhub login {names[0]}`"
    return "run `devhub login NAME` with your username"


# -- the count ------------------------------------------------------------------------
def _cadence_params(conn: sqlite3.Connection, uid: str) -> dict[str, int | None]:
    """Store.cadence_defaults + status_sql.cadence_params."""
    values = dict(DEFAULT_CADENCES)
    for key, value in conn.execute(
        "SELECT key, value FROM user_prefs WHERE user_id = ? AND key LIKE 'cadence_%'",
        (uid,),
    ):
        if key in PREF_KEYS:
            try:
                values[PREF_KEYS[key]] = int(value)
            except ValueError:
                continue
    return {k: (v or None) for k, v in values.items()}


def _birthday_window(day0: int) -> dict[str, tuple[int, int]]:
    """"MM-DD" -> (days from today, year) for today (`day0`, days since the epoch) and
    the next BIRTHDAY_WINDOW_DAYS days: the month-days the queue looks for, from
    `time.gmtime`."""
    import time

    window: dict[str, tuple[int, int]] = {}
    for n in range(BIRTHDAY_WINDOW_DAYS + 1):
        t = time.gmtime((day0 + n) * 86_400)
        window.setdefault(f"{t.tm_mon:02d}-{t.tm_mday:02d}", (n, t.tm_year))
    return window


def _leap(year: int) -> bool:
    """calendar.isleap, without importing calendar."""
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _birthday_soon(birthday: str, window: dict[str, tuple[int, int]]) -> bool:
    """core.status.attention_for_birthday is not None, for a stored (normalised)
    birthday, `YYYY-MM-DD` (1800-9999, a real date) or `--MM-DD`, whose month-day
    is one of the window's (or Feb 29): it comes round within the window, Feb 29 on
    Feb 28 in the years without one (core.dates.next_birthday)."""
    if len(birthday) == 7 and birthday.startswith("--"):
        year = None
    elif len(birthday) == 10 and birthday[4] == "-" and birthday[:4].isdigit():
        year = int(birthday[:4])
        if not 1800 <= year <= 9999:
            return False
    else:
        raise Fallback("a birthday in an unusual form: core.dates reads it")
    month_day = birthday[-5:]
    if month_day != "02-29":
        # the window holds real dates only: a month-day in it is a real date
        return month_day in window
    if year is not None and not _leap(year):
        return False  # not a real date (core.dates refuses it)
    if month_day in window:
        return True
    feb28 = window.get("02-28")
    return feb28 is not None and not _leap(feb28[1])


def count_due(conn: sqlite3.Connection, uid: str, now: int) -> int:
    """How many items `devhub due` lists at `now` (epoch ms) for user `uid`."""
    import time

    day0 = now // DAY_MS
    today = time.strftime("%Y-%m-%d", time.gmtime(day0 * 86_400))
    tiers = ", ".join(f"'{s}'" for s in QUEUE_STATUSES)
    params: dict[str, object] = {"uid": uid, "now": now, "today": today,
                                 **_cadence_params(conn, uid)}
    sql = (
        # stored statuses, exact until their status_until (an index-only count)...
        "SELECT (SELECT count(*) FROM contacts WHERE user_id = :uid"
        f" AND status IN ({tiers}))"
        # ...but those whose status_until has passed (an index range) count as the
        # rules say now: what refresh_statuses writes before `devhub due` reads
        " - (SELECT count(*) FROM contacts WHERE user_id = :uid AND status_until <= :now"
        f" AND status IN ({tiers}))"
        " + (SELECT count(*) FROM contacts WHERE user_id = :uid AND status_until <= :now"
        f" AND ({STATUS_SQL}) IN ({tiers}))"
        " + (SELECT count(*) FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
        " WHERE f.user_id = :uid AND f.done_at IS NULL AND f.due <= :today)"
        " + (SELECT count(*) FROM tracks WHERE user_id = :uid AND open = 1"
        " AND next_due IS NOT NULL AND next_due <= :today)"
    )
    (total,) = conn.execute(sql, params).fetchone()
    window = _birthday_window(day0)
    md = [*window, "02-29"] if "02-28" in window and "02-29" not in window else [*window]
    marks = ", ".join("?" * len(md))
    for (birthday,) in conn.execute(
        "SELECT birthday FROM contacts WHERE user_id = ? AND archived = 0"
        f" AND birthday IS NOT NULL AND substr(birthday, -5) IN ({marks})", (uid, *md)
    ):
        if _birthday_soon(birthday, window):
            total += 1
    return int(total)


def _user(conn: sqlite3.Connection, db_path: str, now: int) -> str:
    secret = _secret(db_path)
    row = None
    if secret is not None:
        row = conn.execute(
            "SELECT u.id, s.expires_at FROM sessions s JOIN users u ON u.id = s.user_id"
            " WHERE s.token_hash = ?", (_sha256_hex(secret),)
        ).fetchone()
    if row is None or row[1] <= now:
        raise CountError(f"not logged in: {_login_hint(conn)}")
    return str(row[0])


def count_for(db: str | None, now: int) -> int:
    """The count for the logged-in user of the store `db` names (None: the default).
    Raises CountError (no store, not logged in) or Fallback."""
    if _synced():
        raise Fallback("a synced replica")
    path = store_path(db)
    if not os.path.exists(path):
        raise CountError(f"no store at {path}: create an account with `devhub user add NAME`"
                         " (or pick a store with --db / DEVHUB_DB)")
    if not os.path.isfile(path):
        raise Fallback("not a file")
    if os.path.exists(path + ".crypt"):  # storage.crypt_files.header_path: SQLCipher
        raise Fallback("an encrypted store: the CLI asks for its passphrase")
    try:
        uri = os.path.abspath(path).replace("%", "%25").replace("?", "%3f").replace("#", "%23")
        conn = sqlite3.connect(f"file:{uri}?mode=ro", uri=True, timeout=5.0)
    except sqlite3.Error as exc:
        raise Fallback(str(exc)) from exc
    try:
        # (string constants only: cheap) another version: the CLI answers (it migrates)
        from devhub_tui.storage.migrations import LATEST_VERSION

        if conn.execute("PRAGMA user_version").fetchone()[0] != LATEST_VERSION:
            raise Fallback("another schema version")
        return count_due(conn, _user(conn, path, now), now)
    except sqlite3.Error as exc:  # damaged, locked, not a devhub store: the CLI says so
        raise Fallback(str(exc)) from exc
    finally:
        conn.close()


def run(db: str | None, as_json: bool, now: int | None = None) -> int | None:
    """Print the count; the exit status, or None when the normal CLI must answer."""
    import time

    try:
        n = count_for(db, time.time_ns() // 1_000_000 if now is None else now)
    except Fallback:
        return None
    except CountError as exc:
        sys.stderr.write(f"devhub: error: {exc}\n")
        return 1
    sys.stdout.write(f'{{"count": {n}}}\n' if as_json else f"{n}\n")
    return 0
