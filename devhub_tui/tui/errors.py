"""No traceback ever reaches the user: how the app turns errors into one line.

A worker that fails (a store call, a sync, an import) becomes one notification; the
store failing to open becomes the fatal screen (and, on exit, one line from the
CLI); a bug in a handler is written to the crash log and the app leaves with one
line (`fatal_error`) instead of Textual's traceback.
"""

from __future__ import annotations

from textual.app import App
from textual.worker import Worker, WorkerState

from devhub_tui.storage.errors import StoreError


class ReportsErrors(App):
    """Mixin for the app: see the module docstring."""

    #: why the app can't go on (the CLI prints it when the app has left)
    fatal_error: str | None = None

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state != WorkerState.ERROR:
            return
        error = event.worker.error
        message = (
            str(error)
            if isinstance(error, StoreError)
            else (f"unexpected {type(error).__name__}: {error}")
        )
        if event.worker.group == "open":
            from devhub_tui.tui.screens.fatal import FatalScreen

            self.fatal_error = message
            # after the start screen has settled (a store can fail to open within
            # milliseconds, while its header is still mounting)
            self.call_after_refresh(self.push_screen, FatalScreen(message))
            return
        self.notify(message, title="Error", severity="error", markup=False, timeout=8)

    def crashed(self, error: Exception) -> None:
        """A bug in a handler (textual_compat.ReportsCrashes): keep the details in the
        crash log; the CLI prints `fatal_error` as one line."""
        from devhub_tui.settings.crashlog import write_crash_log

        where = write_crash_log(error)
        self.fatal_error = f"unexpected {type(error).__name__}: {error} (details in {where})"

    def action_quit(self) -> None:  # type: ignore[override]
        self.exit(return_code=1 if self.fatal_error else 0)

