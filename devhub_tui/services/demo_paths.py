"""Where `devhub --demo` keeps its throwaway store: a new private temp dir, deleted
on exit. Light on purpose (no storage imports): `devhub --demo` picks the path before
Textual is imported, and the store is built in the start-up thread (`startup.py`)."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

DEMO_DIR_PREFIX = "devhub-demo-"
#: the demo account (`demo_data.py` builds its cast)
DEMO_USER = "demo"


def make_demo_path() -> Path:
    """Where `devhub --demo` puts its throwaway store: a new private temp dir."""
    return Path(tempfile.mkdtemp(prefix=DEMO_DIR_PREFIX)) / "demo.db"


def is_demo_path(path: Path) -> bool:
    """Made by `make_demo_path` (its folder carries the prefix)."""
    return Path(path).parent.name.startswith(DEMO_DIR_PREFIX)


def remove_demo_store(path: Path) -> None:
    """Forget the demo session and delete the temp dir made by `make_demo_path`."""
    from devhub_tui.storage.session_file import clear_secret

    path = Path(path)
    clear_secret(path)
    if is_demo_path(path):  # never anything else
        shutil.rmtree(path.parent, ignore_errors=True)
