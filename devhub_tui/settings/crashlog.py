"""Unexpected errors are written to a log file, never shown as a traceback."""

from __future__ import annotations

import time
import traceback
from pathlib import Path

from devhub_tui.settings import paths


def write_crash_log(exc: BaseException) -> Path:
    target = paths.state_dir() / "crash.log"
    text = "".join(traceback.format_exception(exc))
    stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime())
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.write(f"--- {stamp} UTC\n{text}\n")
        target.chmod(0o600)
    except OSError:
        pass
    return target
