"""The contact screen's part of tracks (issue 19): their open tracks, what you
shared with them, and the stage changes of their tracks in the timeline (Enter on
one opens the track)."""

from __future__ import annotations

from typing import Any

from rich.text import Text

from devhub_tui.core.dates import ms_to_date
from devhub_tui.storage.tracks import tracks_for
from devhub_tui.storage.tracks.links import ContactTracks, contact_tracks
from devhub_tui.tui.screens.interaction_detail import note_preview

__all__ = ["EVENT_KEY", "event_track", "load_contact_tracks", "timeline_rows", "tracks_text"]

#: timeline rows that are a track's stage change have keys starting with this
EVENT_KEY = "track-event:"


def load_contact_tracks(store: Any, contact_id: str) -> ContactTracks:
    return contact_tracks(tracks_for(store), contact_id)


def event_track(key: str) -> str | None:
    """The track of a timeline row that is a stage change, else None."""
    if not key.startswith(EVENT_KEY):
        return None
    return key[len(EVENT_KEY):].split(":", 1)[0]


def timeline_rows(interactions: list[Any], tracks: ContactTracks | None
                  ) -> list[tuple[str, tuple[Text, Text, Text]]]:
    """The timeline newest first: interactions and their tracks' stage changes."""
    rows: list[tuple[int, str, tuple[Text, Text, Text]]] = [
        (ix.date, ix.id, (Text(ms_to_date(ix.date).isoformat()), Text(ix.type),
                          note_preview(ix.notes)))
        for ix in interactions]
    for e in tracks.events if tracks is not None else []:
        what = Text(e.title, style="bold")
        what.append(f": {e.from_stage} → {e.stage}" if e.from_stage else f": added in {e.stage}")
        rows.append((e.at, f"{EVENT_KEY}{e.track_id}:{e.id}",
                     (Text(ms_to_date(e.at).isoformat()), Text("stage", style="cyan"), what)))
    rows.sort(key=lambda r: -r[0])
    return [(key, cells) for _, key, cells in rows]


def tracks_text(tracks: ContactTracks | None, today: str) -> Text:
    """Their open tracks (stage, next step) and what you shared with them."""
    text = Text()
    if tracks is None:
        return text
    if tracks.open:
        for t in tracks.open:
            text.append("• ")
            text.append(t.title, style="bold")
            text.append(f"  {t.kind}, {t.stage}", style="dim")
            if t.next_step:
                late = t.next_due is not None and t.next_due < today
                text.append("\n    next: ")
                text.append(t.next_step)
                text.append(f" (due {t.next_due})", style="bold red" if late else "dim")
            text.append("\n")
    else:
        text.append("No open tracks (b: the Tracks board).\n", style="dim")
    text.append("\n")
    text.append("Shared with them", style="bold")
    if not tracks.shared:
        text.append("\nnothing yet (a link in a quick-log note is shared)", style="dim")
    for r in tracks.shared[:20]:
        text.append("\n")
        text.append(ms_to_date(r.date).isoformat(), style="dim")
        text.append("  ")
        if r.title:
            text.append(r.title, style="bold")
            text.append(" ")
        text.append(r.url)
    if len(tracks.shared) > 20:
        text.append(f"\n… {len(tracks.shared) - 20} more (devhub shared)", style="dim")
    return text
