"""Helpers for driving the real app with Pilot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from argon2 import PasswordHasher

from devhub_tui.storage import auth as auth_module
from devhub_tui.tui.app import DevhubApp

SIZE = (120, 40)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """UI tests are about screens, not argon2 cost: use tiny parameters."""
    monkeypatch.setattr(
        auth_module,
        "default_hasher",
        lambda: PasswordHasher(time_cost=1, memory_cost=8, parallelism=1),
    )


@pytest.fixture
def make_app(db_path: Path) -> Callable[..., DevhubApp]:
    def factory(**kwargs: object) -> DevhubApp:
        return DevhubApp(db_path=db_path, **kwargs)  # type: ignore[arg-type]

    return factory


async def settle(pilot: object) -> None:
    """Let workers finish and the screen repaint.

    At least three rounds (a worker's result can start another worker: sign in ->
    dashboard load), then on while a worker is still pending or running, which a
    loaded machine (the full suite next to other work) can stretch past three."""
    from textual.worker import WorkerState

    app = pilot.app  # type: ignore[attr-defined]
    for n in range(40):
        await app.workers.wait_for_complete()
        await pilot.pause()  # type: ignore[attr-defined]
        busy = any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in app.workers)
        if n >= 2 and not busy:
            return


async def wait_for_screen(pilot: object, cls: type, timeout_s: float = 10.0) -> object:
    """Until the app shows a screen of `cls` that has mounted its children (a screen
    pushed from a worker's failure arrives a message or two later)."""
    app = pilot.app  # type: ignore[attr-defined]
    for _ in range(int(timeout_s / 0.05)):
        screen = app.screen
        if isinstance(screen, cls) and screen.is_mounted and screen.children:
            await pilot.pause()  # type: ignore[attr-defined]
            return screen
        await pilot.pause(0.05)  # type: ignore[attr-defined]
    raise AssertionError(f"no {cls.__name__} after {timeout_s} s (showing {app.screen!r})")


async def click_button(pilot: object, selector: str) -> None:
    """Click a button as a person would: not while it still shows the last click.

    Textual ignores a click on a button during its pressed effect (~0.2 s), so a
    test that fixes a field and submits again at machine speed would click into
    that window and nothing would happen."""
    app = pilot.app  # type: ignore[attr-defined]
    button = app.screen.query_one(selector)
    for _ in range(100):
        if not button.has_class("-active"):
            break
        await pilot.pause(0.01)  # type: ignore[attr-defined]
    await pilot.click(selector)  # type: ignore[attr-defined]
