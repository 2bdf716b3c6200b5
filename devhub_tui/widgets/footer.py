"""The footer every screen shows: Textual's, minus the rebuilds that change nothing.

Textual's Footer rebuilds all its keys whenever a screen says its bindings may have
changed (focus moves, a reactive with bindings=True changes, ...): five times in
the first half second of devhub, each time mounting and styling a dozen widgets
for an identical row of keys. This one rebuilds only when what it would show (keys,
labels, enabled state, the palette key) is different from what it shows.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer as _TextualFooter


class Footer(_TextualFooter):
    _shown: tuple[Any, ...] | None = None

    def _signature(self) -> tuple[Any, ...]:
        app = self.app
        keys = tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action,
             enabled, tooltip, binding.group)
            for (_, binding, enabled, tooltip) in self.screen.active_bindings.values()
            if binding.show
        )
        return (keys, self.show_command_palette, self.compact, app.ENABLE_COMMAND_PALETTE)

    def compose(self) -> ComposeResult:
        shown = 0
        for child in super().compose():  # yielded one by one: `with KeyGroup()` nests
            shown += 1
            yield child
        # an empty first compose (bindings not known yet) must not count as shown
        self._shown = self._signature() if shown else None

    async def recompose(self) -> None:
        if self.is_attached and self._shown is not None and self._signature() == self._shown:
            return
        await super().recompose()
