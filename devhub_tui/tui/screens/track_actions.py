"""What the Tracks screen and a track's screen do to a track (issue 19): add, edit,
move to another stage, set or complete the next step (completing asks for the
next one), delete (asks first). Every store call runs in a thread worker through
the session (`Session.write`), whose change signal then reloads what is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import App

from devhub_tui.core.dates import ms_to_date
from devhub_tui.core.tracks import Stages
from devhub_tui.services.session import Session
from devhub_tui.storage.tracks import Card, Track, TrackStore, tracks_for
from devhub_tui.tui.screens.track_form import NextStep, NextStepForm, TrackData, TrackForm

__all__ = ["add_track", "complete_step", "delete_track", "edit_track", "move_track",
           "next_step", "tracks_of"]


def tracks_of(session: Session) -> TrackStore:
    """The signed-in user's tracks."""
    return tracks_for(session.store)


def _in_worker(app: App[Any], session: Session, fn: Callable[[], Any],
               then: Callable[[Any], None] | None = None) -> None:
    """The write `fn()` through the session in an app-level thread worker (it outlives
    the screen that asked), then `then(result)` on the UI thread; a failure is the
    app's error notification (its Worker.StateChanged handler)."""

    def run() -> None:
        result = session.write(fn)
        if then is not None:
            app.call_from_thread(then, result)

    app.run_worker(run, name="write", group="write", thread=True, exit_on_error=False)


def add_track(app: App[Any], session: Session, stages: dict[str, Stages], kind: str,
              done: Callable[[str], None] | None = None, *, contacts: str = "") -> None:
    tracks = tracks_of(session)

    def save(d: TrackData) -> str:
        return session.write(
            tracks.add, d.kind, d.title, d.contact_ids, stage=d.stage, next_step=d.next_step,
            next_due=d.next_due, amount_minor=d.amount_minor, currency=d.currency,
            links=d.links, notes=d.notes, goals=d.goals)

    def saved(track_id: object) -> None:
        if isinstance(track_id, str):
            app.notify("Track added", markup=False)
            if done is not None:
                done(track_id)

    app.push_screen(TrackForm(session, save, stages, kind=kind, contacts=contacts), saved)


def edit_track(app: App[Any], session: Session, track: Track, stages: dict[str, Stages]) -> None:
    tracks = tracks_of(session)

    def write(d: TrackData) -> str:
        with tracks.db.write():  # all or nothing
            tracks.update(track.id, title=d.title, contact_ids=d.contact_ids,
                          amount=(d.amount_minor, d.currency), links=d.links, notes=d.notes,
                          goals=d.goals if track.kind == "mentorship" else None)
            if d.stage != track.stage:
                tracks.move(track.id, d.stage)
            tracks.set_next(track.id, d.next_step, d.next_due)
        return track.id

    def save(d: TrackData) -> str:
        return session.write(write, d)

    def saved(track_id: object) -> None:
        if isinstance(track_id, str):
            app.notify("Track saved", markup=False)

    app.push_screen(TrackForm(session, save, stages, track=track), saved)


def move_track(app: App[Any], session: Session, track_id: str, title: str, stage: str) -> None:
    """Move a track to `stage` (recorded with today's date), then say so."""
    tracks = tracks_of(session)

    def moved(result: tuple[str, str]) -> None:
        before, after = result
        app.notify(f"{title}: {before} → {after}", markup=False)

    _in_worker(app, session, lambda: tracks.move(track_id, stage), moved)


def next_step(app: App[Any], session: Session, track: Track, *, done: str | None = None) -> None:
    """The next-step form (after `done` was completed, it asks what's next)."""
    tracks = tracks_of(session)

    def save(value: NextStep) -> None:
        session.write(tracks.set_next, track.id, value.step, value.due)

    def saved(value: object) -> None:
        if isinstance(value, NextStep):
            app.notify(f"Next step due {value.due.isoformat()}" if value.due
                       else "No next step", markup=False)

    keep = done is None
    app.push_screen(NextStepForm(track.title, ms_to_date(session.clock()), save,
                                 step=track.next_step if keep else "",
                                 due=(track.next_due or "") if keep else "", done=done), saved)


def complete_step(app: App[Any], session: Session, track_id: str) -> None:
    """`space`: the next step is done (recorded); then the form asks for the next one."""
    tracks = tracks_of(session)

    def run() -> tuple[str, Track] | None:
        track = tracks.get(track_id)
        if not track.next_step:
            return None
        return tracks.complete_next(track_id), tracks.get(track_id)

    def completed(result: tuple[str, Track] | None) -> None:
        if result is None:
            app.notify("No next step to complete: f sets one", markup=False)
            return
        step, track = result
        next_step(app, session, track, done=step)

    _in_worker(app, session, run, completed)


def delete_track(app: App[Any], session: Session, track: Track | Card,
                 confirmed: Callable[[], None] | None = None) -> None:
    """Ask, then delete `track`; `confirmed` runs on yes, before the write (a track's
    screen closes first: the write then reloads the list under it, not the screen)."""
    from devhub_tui.tui.screens.confirm import ConfirmScreen

    tracks = tracks_of(session)

    def answered(yes: bool | None) -> None:
        if not yes:
            return
        if confirmed is not None:
            confirmed()

        def deleted(_: object) -> None:
            app.notify(f"Deleted {track.title}", markup=False)

        _in_worker(app, session, lambda: tracks.delete(track.id), deleted)

    app.push_screen(ConfirmScreen(
        f"Delete the track {track.title}?",
        "Its stage history and next step go too; its contacts and interactions stay."),
        answered)
