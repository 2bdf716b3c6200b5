"""Helpers for driving the real app with Pilot: the app and its stores (signed in,
on a clock of the test's own, a replica), and waiting for what the app does.

- `make_app(**kwargs)`: the app on the test's store (`clock=FixedClock(...)`,
  `sync_url=...`); `store_at(clock)`: user 'ada' signed in, her store on that clock
  (`signed_in_store` with the system clock); `sign_in_ada(db_path, sync=...)` for
  a store the test opens itself (a replica).
- `settle`, `wait_for_screen`, `wait_for(predicate)`, `open_contact`, `click_button`.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from argon2 import PasswordHasher

from devhub_tui.storage import auth as auth_module
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import SyncConfig, open_database
from devhub_tui.storage.ids import Clock, system_clock
from devhub_tui.storage.session_file import save_secret
from devhub_tui.storage.store import Store
from devhub_tui.tui.app import DevhubApp
from devhub_tui.tui.screens.contact import ContactScreen

SIZE = (120, 40)
#: argon2id at its lowest cost: UI tests are about screens, not hashing
CHEAP_HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_hashing(monkeypatch: pytest.MonkeyPatch) -> None:
    """UI tests are about screens, not argon2 cost: use tiny parameters."""
    monkeypatch.setattr(auth_module, "default_hasher", lambda: CHEAP_HASHER)


@pytest.fixture
def make_app(db_path: Path) -> Callable[..., DevhubApp]:
    def factory(**kwargs: object) -> DevhubApp:
        return DevhubApp(db_path=db_path, **kwargs)  # type: ignore[arg-type]

    return factory


def sign_in_ada(db_path: Path, *, sync: SyncConfig | None = None,
                clock: Clock = system_clock) -> Store:
    """User 'ada' with a saved session in the store at `db_path` (a replica with
    `sync`): the app opens signed in, the CLI acts as her. Returns her store (its
    `db` stays open: close it when the app should have the file to itself)."""
    db = open_database(db_path, sync=sync)
    auth = Auth(db, hasher=CHEAP_HASHER)
    user = auth.create_user("ada", "password1")
    save_secret(db_path, auth.create_session(user.id), "ada")
    return Store(db, user.id, clock=clock)


@pytest.fixture
def store_at(db_path: Path) -> Iterator[Callable[[Clock], Store]]:
    """`store_at(clock)`: like `signed_in_store`, on the test's own clock (a
    FixedClock: the statuses and dates the test expects)."""
    stores: list[Store] = []

    def make(clock: Clock) -> Store:
        stores.append(sign_in_ada(db_path, clock=clock))
        return stores[-1]

    yield make
    for store in stores:
        store.db.close()


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


async def wait_for(pilot: Any, predicate: Callable[[], object], timeout: float = 10.0) -> float:
    """Let the app run until `predicate()` holds (workers, timers, a server on the
    side); returns the seconds it took."""
    t0 = time.monotonic()
    while not predicate():
        assert time.monotonic() - t0 < timeout, "condition not met in time"
        await pilot.pause(0.05)
    return time.monotonic() - t0


async def open_contact(pilot: Any, contact_id: str) -> ContactScreen:
    """The contact's screen, as Enter on a row opens it, once it shows the contact
    (after what the app was doing: signing in, loading a list)."""
    await settle(pilot)
    pilot.app.open_contact(contact_id)
    screen = await wait_for_screen(pilot, ContactScreen)
    await settle(pilot)
    assert isinstance(screen, ContactScreen)
    return screen
