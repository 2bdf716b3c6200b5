"""Settings' track stages (issue 19): each kind's stages, editable, as
`lead, applied, offer | accepted, declined` (open stages, `|`, the stages that
close a track). A stage tracks are in can't be removed: the save says which."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, Static

from devhub_tui.core.status import CadenceDefaults
from devhub_tui.core.tracks import KIND_LABELS, KINDS, Stages, parse_stages
from devhub_tui.core.validation import ValidationError

__all__ = ["collect_stages", "load_stages", "save_settings", "stages_rows"]


def stages_rows(stages: dict[str, Stages]) -> ComposeResult:
    yield Static(Text("Track stages", style="bold"), classes="modal-title")
    yield Static(Text("The open stages, then | and the stages that close a track (no more "
                      "reminders for its next step)."), classes="modal-detail")
    for kind in KINDS:
        with Horizontal(classes="form-row"):
            yield Label(KIND_LABELS[kind], classes="form-label")
            with Vertical(classes="form-field"):
                yield Input(stages[kind].text(), id=f"set-stages-{kind}", compact=True)
                yield Static("", id=f"set-stages-{kind}-error", classes="field-error")


def collect_stages(screen: Any) -> dict[str, Stages] | None:
    """Every kind's stages as typed, or None (the errors shown next to the fields)."""
    out: dict[str, Stages] = {}
    ok = True
    for kind in KINDS:
        error = screen.query_one(f"#set-stages-{kind}-error", Static)
        try:
            out[kind] = parse_stages(screen.query_one(f"#set-stages-{kind}", Input).value)
            error.update("")
        except ValidationError as exc:
            error.update(Text(str(exc)))
            ok = False
    return out if ok else None


def load_stages(store: Any) -> dict[str, Stages]:
    """Every kind's stages (in the settings' worker)."""
    from devhub_tui.storage.tracks import tracks_for

    return tracks_for(store).stages()


def save_settings(store: Any, defaults: CadenceDefaults,
                  stages: dict[str, Stages] | None, hours: Any = None) -> None:
    """Cadence defaults, reachable hours (issue 21; None: left as they are) and track
    stages, in one transaction (all or nothing); run through `Session.write` (in the
    form's worker)."""
    from devhub_tui.core.localtime import DEFAULT_HOURS
    from devhub_tui.storage.tracks import tracks_for

    tracks = tracks_for(store)
    with store.db.write():
        store.set_cadence_defaults(defaults)
        if hours is not None:
            store.set_reachable_hours(None if hours == DEFAULT_HOURS else hours)
        if stages is not None:
            current = tracks.stages()
            for kind, value in stages.items():
                if value != current[kind]:
                    tracks.set_stages(kind, value)
