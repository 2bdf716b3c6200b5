"""Forms that save in a thread worker and close only when the save worked.

Every editing modal (contact, snooze, follow-up, interaction, settings, VIP, quick
log) saves the same way: the store call runs in a thread worker (the UI never
waits on SQLite, a hash or a sync server), the form closes with the result when it
worked, and when it did not, it stays open with everything typed and says why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from textual import work
from textual.screen import ModalScreen

from ..core.validation import ValidationError
from ..storage.errors import StoreError

ResultT = TypeVar("ResultT")

#: What a failed save reports in the form (anything else is a bug: crash log).
SAVE_ERRORS: tuple[type[Exception], ...] = (StoreError, ValidationError)


class SavingScreen(ModalScreen[ResultT]):
    def save_in_worker(
        self,
        save: Callable[[], Any],
        done: Callable[[Any], object],
        failed: Callable[[str], None],
        *,
        errors: tuple[type[Exception], ...] = SAVE_ERRORS,
    ) -> None:
        """Run `save()` in a thread worker, then `done(result)` or `failed(message)`
        on the UI thread."""
        self._run_save(save, done, failed, errors)

    @work(thread=True, exclusive=True, exit_on_error=False, group="form-save")
    def _run_save(
        self,
        save: Callable[[], Any],
        done: Callable[[Any], object],
        failed: Callable[[str], None],
        errors: tuple[type[Exception], ...],
    ) -> None:
        try:
            result = save()
        except errors as exc:
            self.app.call_from_thread(failed, str(exc))
            return
        self.app.call_from_thread(done, result)
