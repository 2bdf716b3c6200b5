"""An interaction's tracks and shared resources in its view and its form (issue 19).

The view says which tracks the interaction is linked to and what it shared; the
form edits what it shared, one resource a line (`URL TITLE`), loaded in a worker
(the field is read-only until then, so nothing typed is lost or overwritten).
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import Label, Static, TextArea

from devhub_tui.core.track_words import parse_resources
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.errors import StoreError

__all__ = ["collect_resources", "load_resources", "resource_fields", "save_resources",
           "show_links"]


def _links(app: Any, interaction_id: str) -> tuple[list[Any], list[tuple[str, str]]]:
    from devhub_tui.storage.track_links import interaction_links
    from devhub_tui.storage.tracks import tracks_for

    return interaction_links(tracks_for(app.store), interaction_id)


def show_links(screen: Any, interaction_id: str) -> None:
    """Fill `#detail-links` with the interaction's tracks and resources."""
    app = screen.app

    def run() -> None:
        try:
            tracks, resources = _links(app, interaction_id)
        except StoreError:
            return
        app.call_from_thread(shown, tracks, resources)

    def shown(tracks: list[Any], resources: list[tuple[str, str]]) -> None:
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


def load_resources(form: Any, interaction_id: str) -> None:
    app = form.app

    def run() -> None:
        _, resources = _links(app, interaction_id)
        app.call_from_thread(loaded, resources)

    def loaded(resources: list[tuple[str, str]]) -> None:
        if not form.is_attached:
            return
        area = form.query_one("#ix-resources", TextArea)
        area.text = "\n".join(f"{url} {title}".rstrip() for url, title in resources)
        area.read_only = False
        form.loaded_resources = True

    form.run_worker(run, thread=True, exit_on_error=False, group="form-resources")


def collect_resources(form: Any, ok: bool) -> tuple[bool, list[tuple[str, str]] | None]:
    """(still ok, the resources as typed; None while they are still loading)."""
    error = form.query_one("#ix-resources-error", Static)
    if not getattr(form, "loaded_resources", False):
        return ok, None
    try:
        resources = parse_resources(form.query_one("#ix-resources", TextArea).text.splitlines())
    except ValidationError as exc:
        error.update(Text(str(exc)))
        return False, None
    error.update("")
    return ok, resources


def save_resources(store: Any, interaction_id: str, resources: list[tuple[str, str]]) -> None:
    from devhub_tui.storage.track_links import set_resources
    from devhub_tui.storage.tracks import tracks_for

    set_resources(tracks_for(store), interaction_id, resources)
