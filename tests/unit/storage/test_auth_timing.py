"""Login timing does not tell which usernames exist (issue 23, item 7).

Each measurement is a fresh process, as every `devhub login` is: a cost paid once
per process (like hashing a throwaway password for unknown names) shows up there,
and would hide in a loop inside one process.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
from pathlib import Path

from devhub_tui.storage.auth import Auth, default_hasher, dummy_hash
from devhub_tui.storage.db import open_database

#: One process: a wrong password for each name in argv, in that order (throttling
#: reset first); prints each name's times.
TIMED_LOGINS = r"""
import json, sys, time
from pathlib import Path
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import open_database
from devhub_tui.storage.errors import AuthError
db = open_database(Path(sys.argv[1]))
auth = Auth(db)
took = {}
for name in sys.argv[2:]:
    took.setdefault(name, [])
    with db.write() as c:
        c.execute("DELETE FROM login_attempts")
    start = time.perf_counter()
    try:
        auth.authenticate(name, "not the password")
    except AuthError:
        pass
    took[name].append(time.perf_counter() - start)
print(json.dumps(took))
"""


def test_unknown_and_known_usernames_take_the_same_time(db_path: Path) -> None:
    db = open_database(db_path)
    Auth(db).create_user("ada", "correct horse battery")  # the default argon2id costs
    db.close()
    known: list[float] = []
    unknown: list[float] = []
    for n in range(7):
        # both in each process (first, then second again: A B B A), so a busy moment
        # on the machine hits both alike
        a, b = ("ada", f"nobody{n}") if n % 2 else (f"nobody{n}", "ada")
        out = subprocess.run(
            [sys.executable, "-c", TIMED_LOGINS, str(db_path), a, b, b, a],
            capture_output=True, text=True, timeout=120, check=True,
        )
        took = json.loads(out.stdout)
        known += took["ada"]
        unknown += took[f"nobody{n}"]
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.8 <= ratio <= 1.25, (ratio, known, unknown)


def test_the_stand_in_hash_has_the_hashers_parameters() -> None:
    hasher = default_hasher()
    stand_in = dummy_hash(hasher)
    assert stand_in.startswith(
        f"$argon2id$v=19$m={hasher.memory_cost},t={hasher.time_cost},p={hasher.parallelism}$"
    )
    assert stand_in != dummy_hash(hasher)  # a fresh random salt each time
    assert not hasher.check_needs_rehash(stand_in)
