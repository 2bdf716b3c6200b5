"""The `devhub` console script (and `python -m devhub_tui`).

`devhub due --count` runs before every shell prompt that shows it, so it is
answered here without importing anything else (`due_count.py`); everything else
goes to `launch.main` (the app, or the click CLI).
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    if "--count" in args:
        from devhub_tui.cli import due_count

        wanted = due_count.parse(args)
        if wanted is not None:
            try:
                status = due_count.run(*wanted)
            except KeyboardInterrupt:
                sys.stderr.write("devhub: error: interrupted\n")
                sys.exit(1)
            except Exception:  # noqa: BLE001 - never a traceback: the full CLI answers
                status = None
            if status is not None:
                sys.exit(status)
    from devhub_tui.cli.launch import main as launch_main

    launch_main(args)
