"""The session file is read only when it is a small regular file (issue 23, item 8):
a FIFO in its place can't hang a command, a link to /dev/zero can't fill memory."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import pytest

from devhub_tui.settings import paths
from devhub_tui.storage.session_file import MAX_BYTES, load_secret, save_secret
from devhub_tui.storage.store import Store
from tests.e2e.cli_helpers import assert_clean_error


def _one_gib_of_memory() -> None:
    """In the CLI's process: at most 1 GiB of address space."""
    resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))


def _contacts(db_path: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "devhub_tui", "--db", str(db_path), "contacts"],
        capture_output=True, text=True, timeout=30, env=dict(os.environ),
        preexec_fn=_one_gib_of_memory, stdin=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("kind", ["dev-zero", "fifo", "huge", "directory"])
def test_a_session_file_that_is_not_a_small_regular_file_reads_as_no_session(
    signed_in_store: Store, db_path: Path, kind: str
) -> None:
    target = paths.session_file(db_path)
    target.unlink()
    if kind == "dev-zero":
        target.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(target, 0o600)
    elif kind == "huge":
        target.write_text('{"secret": "' + "x" * (8 << 20) + '"}')
    else:
        target.mkdir()
    # the CLI says "not logged in" at once, within 1 GiB, without a traceback (first:
    # in a process of its own, where a hang or a memory blow-up harms nothing else)
    res = _contacts(db_path)
    assert_clean_error(res, "not logged in")
    start = time.monotonic()
    assert load_secret(db_path) is None
    assert time.monotonic() - start < 1.0


def test_a_symlink_to_a_real_session_file_still_works(
    signed_in_store: Store, db_path: Path, tmp_path: Path
) -> None:
    target = paths.session_file(db_path)
    elsewhere = tmp_path / "elsewhere"
    target.rename(elsewhere)
    target.symlink_to(elsewhere)
    assert load_secret(db_path)
    res = _contacts(db_path)
    assert res.returncode == 0, res.stderr


def test_the_size_limit_fits_a_real_session(db_path: Path) -> None:
    save_secret(db_path, "s" * 43, "u" * 32)
    assert paths.session_file(db_path).stat().st_size < MAX_BYTES // 8
    assert load_secret(db_path) == "s" * 43
