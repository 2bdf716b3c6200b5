"""Dialogs: the keys and buttons every dialog shares, and forms that save in a worker.

`DialogScreen` is what makes every dialog behave the same: ctrl+s saves (or says
yes), so does Enter in a one-line field, escape cancels, and the buttons come in
one order -- the main one first, then Cancel -- each showing its key
("Save ctrl+s", "Cancel esc"). A dialog implements `action_save` (and
`action_cancel` when cancelling returns something other than None) and composes
`dialog_buttons()`; it does not handle `Input.Submitted` or those buttons itself
(they would run twice: Textual calls every class's handler).

Every editing modal (contact, snooze, follow-up, interaction, settings, VIP, quick
log) saves the same way, through `SavingScreen.save_in_worker`: the store call runs
in a thread worker (the UI never waits on SQLite, a hash or a sync server), the form
closes with the result when it worked, and when it did not, it stays open with
everything typed and says why. A save already under way is not started again (a
second ctrl+s, or Enter then ctrl+s, saves once).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from textual import on, work
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, Input

from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.errors import StoreError

ResultT = TypeVar("ResultT")

#: What a failed save reports in the form (anything else is a bug: crash log).
SAVE_ERRORS: tuple[type[Exception], ...] = (StoreError, ValidationError)


def key_label(label: str, key: str) -> Content:
    """A button's label with its key after it, drawn lighter: "Save ctrl+s"."""
    return Content.assemble(label, "  ", (key, "not bold italic"))


def dialog_buttons(
    save_label: str = "Save",
    *,
    save_key: str = "ctrl+s",
    save_id: str = "save",
    cancel_id: str = "cancel",
    variant: str = "primary",
    disabled: bool = False,
) -> Horizontal:
    """The row of buttons every dialog ends with: the main button, then Cancel.

    The buttons run the screen's `save` and `cancel` actions (the same as their keys),
    so they post no `Button.Pressed` for the screen to handle."""
    return Horizontal(
        Button(key_label(save_label, save_key), id=save_id, variant=variant,  # type: ignore[arg-type]
               action="screen.save", disabled=disabled),
        Button(key_label("Cancel", "esc"), id=cancel_id, action="screen.cancel"),
        classes="modal-buttons",
    )


class DialogScreen(ModalScreen[ResultT]):
    """A dialog: ctrl+s and Enter (in a one-line field) save, escape cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="dialog.save", tooltip="Save"),
        Binding("escape", "cancel", "Cancel", id="dialog.cancel",
                tooltip="Close without saving"),
    ]

    def action_save(self) -> None:
        """Save (or say yes): each dialog does its own."""

    def action_cancel(self) -> None:
        self.dismiss(None)

    @on(Input.Submitted)
    def _enter_saves(self, event: Input.Submitted) -> None:
        self.action_save()

    def dialog_buttons(self, save_label: str = "Save", **kwargs: Any) -> Horizontal:
        return dialog_buttons(save_label, **kwargs)


class SavingScreen(DialogScreen[ResultT]):
    #: a save is under way (a second request waits for its outcome instead)
    saving = False

    def save_in_worker(
        self,
        save: Callable[[], Any],
        done: Callable[[Any], object],
        failed: Callable[[str], None],
        *,
        errors: tuple[type[Exception], ...] = SAVE_ERRORS,
    ) -> None:
        """Run `save()` in a thread worker, then `done(result)` or `failed(message)`
        on the UI thread. Ignored while an earlier save is still running."""
        if self.saving:
            return
        self.saving = True
        self._run_save(save, done, failed, errors)

    def _save_ended(self, then: Callable[[Any], object], value: Any) -> None:
        self.saving = False
        then(value)

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
            self.app.call_from_thread(self._save_ended, failed, str(exc))
            return
        except BaseException:
            self.app.call_from_thread(setattr, self, "saving", False)
            raise
        self.app.call_from_thread(self._save_ended, done, result)
