"""The canary of tui/textual_compat.py: what devhub takes from Textual without a
public route still works in the Textual installed (`make test-latest` runs it
against the newest release). A failure here means: a Textual release renamed or
changed `App._handle_exception`; update textual_compat.py before upgrading."""

from __future__ import annotations

import inspect

from textual.app import App, ComposeResult
from textual.widgets import Static

from devhub_tui.tui import textual_compat
from devhub_tui.tui.textual_compat import ReportsCrashes, crash_hook_available

RENAMED = ("Textual no longer has App.{name}(error): devhub's crash hook "
           "(devhub_tui/tui/textual_compat.py) is not called; a bug would show the user "
           "a traceback. Find Textual's new hook and move the override there.")


def test_textual_still_has_the_exception_hook_devhub_overrides() -> None:
    name = textual_compat.HANDLE_EXCEPTION
    assert crash_hook_available(), RENAMED.format(name=name)
    params = list(inspect.signature(getattr(App, name)).parameters)
    assert params == ["self", "error"], RENAMED.format(name=name) + f" (now {params})"
    assert hasattr(App(), "error_console"), "App.error_console is gone (textual_compat.py)"


class _Buggy(ReportsCrashes, App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.crashes: list[Exception] = []

    def compose(self) -> ComposeResult:
        yield Static("buggy")

    def crashed(self, error: Exception) -> None:
        self.crashes.append(error)

    def key_b(self) -> None:
        raise RuntimeError("kaboom in a key handler")


def test_a_bug_in_a_handler_reaches_the_hook_ends_the_app_and_prints_nothing(
    capfd,  # type: ignore[no-untyped-def]
) -> None:
    """Run for real (not Pilot's run_test, which re-raises): the hook sees the error
    once, the app ends with return code 1, and nothing reaches stderr or stdout."""
    app = _Buggy()

    async def press(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("b")
        await pilot.pause(0.5)
        if not app.crashes:  # the bug did not end the app
            pilot.app.exit()

    app.run(headless=True, auto_pilot=press)
    out, err = capfd.readouterr()
    assert [str(e) for e in app.crashes] == ["kaboom in a key handler"]
    assert app.return_code == 1
    assert "Traceback" not in out + err and "kaboom" not in out + err


def test_in_textual_debug_mode_the_traceback_is_shown(capfd, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """`textual run --dev` (the debug feature): a developer sees Textual's traceback."""
    monkeypatch.setenv("TEXTUAL", "debug")
    app = _Buggy()
    assert "debug" in app.features

    async def press(pilot) -> None:  # type: ignore[no-untyped-def]
        await pilot.press("b")
        await pilot.pause(0.5)
        pilot.app.exit()

    app.run(headless=True, auto_pilot=press)
    _out, err = capfd.readouterr()
    assert len(app.crashes) == 1 and "kaboom in a key handler" in err
