"""Per-machine preferences (theme), kept in the platformdirs config dir."""

from __future__ import annotations

import json
from typing import Any

from devhub_tui.settings import paths


def load_prefs() -> dict[str, Any]:
    try:
        data = json.loads(paths.prefs_file().read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_pref(key: str, value: Any) -> None:
    data = load_prefs()
    data[key] = value
    paths.write_private(paths.prefs_file(), json.dumps(data, indent=2))
