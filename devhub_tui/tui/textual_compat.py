"""The one place devhub reaches into Textual where it has no public route.

devhub uses Textual through its public API (tests/ui/test_textual_public_api.py
fails on any private member anywhere else). One thing has no public route:

**An exception in a handler.** Textual catches it, ends the app and, as it leaves,
prints a traceback with local variables on stderr. devhub's rule is that no
traceback ever reaches the user: one line, and the details in the crash log.
Textual has no public hook for that moment; its `App._handle_exception(error)` is
it. `ReportsCrashes` overrides it, guarded:

- it tells the app first (`crashed(error)`: devhub writes the crash log and the
  line the command line prints), then lets Textual end the app as usual;
- what Textual prints as it leaves goes to a console that discards it (swapping
  `App.error_console`, a public attribute) -- unless Textual's `debug` feature is
  on (`textual run --dev`), where a developer wants the traceback;
- if a Textual release renames or drops `_handle_exception`, nothing breaks at
  import or at run time: the override is simply never called and Textual's own
  handling (a traceback) comes back. `crash_hook_available()` says which it is,
  and the canary (tests/ui/test_textual_compat.py) fails loudly on such a release,
  run by `make test-latest` against the newest Textual.
"""

from __future__ import annotations

import io
from typing import Any

from rich.console import Console
from textual.app import App

__all__ = ["HANDLE_EXCEPTION", "ReportsCrashes", "crash_hook_available"]

#: Textual's private hook for an exception raised in a handler (textual/app.py)
HANDLE_EXCEPTION = "_handle_exception"


def crash_hook_available(app_class: type[App[Any]] = App) -> bool:
    """Whether Textual still calls the hook `ReportsCrashes` overrides."""
    return callable(getattr(app_class, HANDLE_EXCEPTION, None))


class ReportsCrashes(App):
    """Mixin for the app: an exception in a handler calls `crashed(error)`, and
    nothing is printed as the app leaves (see the module docstring)."""

    def crashed(self, error: Exception) -> None:
        """An exception ended the app (called once per exception, before it ends)."""

    def _handle_exception(self, error: Exception) -> None:
        try:
            self.crashed(error)
        finally:
            if "debug" not in self.features:
                # Textual prints its traceback to this console as the app leaves
                self.error_console = Console(file=io.StringIO(), markup=False,
                                             highlight=False)
            original = getattr(super(), HANDLE_EXCEPTION, None)
            if callable(original):
                original(error)
            else:  # pragma: no cover - a Textual without the hook never calls this
                self.exit(return_code=1)
