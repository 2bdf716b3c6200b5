"""Keys typed in a burst right after a screen opens reach that screen.

`l`, then at once `ada coffee`: Textual hands each key to the focused widget of the
screen on top when the app takes it from its queue. Right after a screen is pushed,
that screen has not mounted its widgets yet: nothing there has focus, so the keys are
dropped (or run the bindings of the screen below). An app with this mixin holds the
keys that arrive while the screen on top is still mounting, and hands them out in the
order typed once it has mounted (and its AUTO_FOCUS widget has focus).

A key bound to a non-priority binding is only acted on once it has travelled back up
from the focused widget, after the keys behind it were handed out: a key that opens
a screen the keys after it are meant for (the quick log's `l`) is a priority binding.
"""

from __future__ import annotations

import time

from textual import events
from textual.app import App

#: Keys wait for a mounting screen this long at most, then go where Textual sends them.
KEY_HOLD_MAX_S = 2.0


class HoldsEarlyKeys(App):
    """Mixin for the app: see the module docstring."""

    _held_keys: list[events.Key] | None = None
    _keys_held_at = 0.0

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key) and not event.is_forwarded and (
            self._held_keys or not self._top_screen_ready()
        ):
            if not self._held_keys:
                self._held_keys = []
                self._keys_held_at = time.monotonic()
                self.set_timer(0.01, self._release_keys)
            self._held_keys.append(event)
            return
        await super().on_event(event)

    def _top_screen_ready(self) -> bool:
        stack = self.screen_stack
        return not stack or stack[-1].is_mounted

    async def _release_keys(self) -> None:
        waited = time.monotonic() - self._keys_held_at
        while self._held_keys:
            if not self._top_screen_ready() and waited < KEY_HOLD_MAX_S:  # a key opened one
                self.set_timer(0.01, self._release_keys)
                return
            await super().on_event(self._held_keys.pop(0))
