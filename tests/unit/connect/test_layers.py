"""Quick Connect's non-UI code never imports textual (the CLI must start fast)."""

from __future__ import annotations

import subprocess
import sys


def test_connect_and_its_storage_do_not_import_textual() -> None:
    code = (
        "import sys;"
        "import devhub_tui.cli.qr, devhub_tui.connect.server,"
        " devhub_tui.connect.github, devhub_tui.connect.lan,"
        " devhub_tui.connect.store;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'));"
        "print(bad)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "[]"


def test_the_card_command_does_not_load_the_web_server() -> None:
    code = (
        "import sys; import devhub_tui.cli.qr;"
        "print('aiohttp' in sys.modules)"
    )
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert res.stdout.strip() == "False"
