"""An interaction's tracks and shared resources in its view and its form (issue 19).

The view says which tracks the interaction is linked to and what it shared; the
form edits what it shared, one resource a line (`URL TITLE`), loaded in a worker
(the field is read-only until then, so nothing typed is lost or overwritten).
Both read through the session's store; the form's save writes them with the rest
of the interaction (`InteractionData.save_to`).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Label, Static, TextArea

from devhub_tui.core.track_words import TrackRef, parse_resources
from devhub_tui.core.validation import ValidationError
from devhub_tui.services.session import Session
from devhub_tui.storage.errors import StoreError

__all__ = ["collect_resources", "links_of", "load_resources", "resource_fields",
           "save_resources", "show_links"]

Resources = list[tuple[str, str]]


def links_of(session: Session, interaction_id: str) -> tuple[list[TrackRef], Resources]:
    """The tracks `interaction_id` is linked to and what it shared (call in a worker)."""
    from devhub_tui.storage.tracks import tracks_for
    from devhub_tui.storage.tracks.links import interaction_links

    return interaction_links(tracks_for(session.store), interaction_id)


def show_links(screen: Screen[Any], session: Session, interaction_id: str) -> None:
    """Fill the screen's `#detail-links` with the interaction's tracks and resources."""
    app = screen.app

    def run() -> None:
        try:
            tracks, resources = links_of(session, interaction_id)
        except StoreError:
            return
        app.call_from_thread(shown, tracks, resources)

    def shown(tracks: list[TrackRef], resources: Resources) -> None:
        if not screen.is_attached:
            return
        text = Text()
        for t in tracks:
            text.append("\ntrack: ", style="dim")
            text.append(t.title, style="bold")
            text.append(f" (+{t.slug}, {t.stage})", style="dim")
        for url, title in resources:
            text.append("\nshared: ", style="dim")
            if title:
                text.append(title, style="bold")
                text.append(" ")
            text.append(url)
        screen.query_one("#detail-links", Static).update(text)

    screen.run_worker(run, thread=True, exit_on_error=False, group="detail-links")


def resource_fields() -> ComposeResult:
    yield Label("Shared resources (one a line: URL then its title)")
    area = TextArea("", id="ix-resources", soft_wrap=True, read_only=True)
    yield area
    yield Static("", id="ix-resources-error", classes="field-error")


def load_resources(form: Screen[Any], load: Callable[[], Resources],
                   loaded_hook: Callable[[], None]) -> None:
    """Fill the form's `#ix-resources` with `load()` (run in a worker), then make it
    editable and call `loaded_hook`."""
    app = form.app

    def run() -> None:
        resources = load()
        app.call_from_thread(loaded, resources)

    def loaded(resources: Resources) -> None:
        if not form.is_attached:
            return
        area = form.query_one("#ix-resources", TextArea)
        area.text = "\n".join(f"{url} {title}".rstrip() for url, title in resources)
        area.read_only = False
        loaded_hook()

    form.run_worker(run, thread=True, exit_on_error=False, group="form-resources")


def collect_resources(form: Screen[Any], ok: bool, loaded: bool) -> tuple[bool, Resources | None]:
    """(still ok, the resources as typed; None while they are still `loaded` False)."""
    error = form.query_one("#ix-resources-error", Static)
    if not loaded:
        return ok, None
    try:
        resources = parse_resources(form.query_one("#ix-resources", TextArea).text.splitlines())
    except ValidationError as exc:
        error.update(Text(str(exc)))
        return False, None
    error.update("")
    return ok, resources


def save_resources(store: Any, interaction_id: str, resources: Resources) -> None:
    """Replace what the interaction shared (inside the form's save transaction)."""
    from devhub_tui.storage.tracks import tracks_for
    from devhub_tui.storage.tracks.links import set_resources

    set_resources(tracks_for(store), interaction_id, resources)
