"""The footer every screen shows: the active keys, drawn as one line by one widget.

Textual's `Footer` is a scrolling container holding one widget per key (a dozen
here), each styled, laid out and painted on its own, and rebuilt whenever a screen
says its bindings may have changed: ~20 ms of devhub's ~250 ms start-up went to
it. This footer shows the same thing -- each key and what it does, dimmed while
disabled, binding groups with their label, the command palette key on the right,
a highlight and the binding's tooltip under the mouse, a click presses the key --
as one line of text, repainted (not re-laid out) only when what it shows changes.

When the line is too narrow for every key, the least important go first (the
palette key, then the keys a screen lists in `FOOTER_LAST` -- the key that leads to
the screen you are on -- then QR, New, the screen's own keys from its last, the
navigation keys, Log), and `?` help and `q` quit always stay.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

__all__ = ["Footer"]

#: Never dropped from a narrow footer.
KEEP = frozenset({"app.help", "app.quit"})
#: How much an app key matters (higher stays longer); a screen's own keys rank from
#: SCREEN_RANK down, in the order it declares them; keys without a rank: 0.
RANKS = {"nav.log": 60.0, "nav.dashboard": 40.0, "nav.contacts": 40.0,
         "nav.interactions": 40.0, "nav.new": 30.0, "nav.qr": 20.0, "app.theme": 10.0,
         "nav.tracks": 35.0, "nav.match": 15.0, "nav.stack": 14.0}
SCREEN_RANK = 50.0
#: The rank of a key a screen names in `FOOTER_LAST` (it goes first).
LAST_RANK = -1.0


@dataclass(frozen=True)
class _Item:
    """One clickable key of the footer, and where it is drawn."""

    key: str
    display: str
    description: str
    enabled: bool
    tooltip: str
    start: int = 0
    end: int = 0
    #: dropped lowest first from a narrow footer (inf: never)
    rank: float = 0.0

    @property
    def width(self) -> int:
        """Cells the key takes in the footer."""
        return len(self.display) + 2 + (len(self.description) + 1 if self.description else 0)


class Footer(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {
        "footer--key",
        "footer--description",
        "footer--hover",
        "footer--palette",
    }
    DEFAULT_CSS = """
    Footer {
        dock: bottom;
        height: 1;
        width: 1fr;
        color: $footer-foreground;
        background: $footer-background;
        .footer--key {
            color: $footer-key-foreground;
            background: $footer-key-background;
            text-style: bold;
        }
        .footer--description {
            color: $footer-description-foreground;
            background: $footer-description-background;
        }
        .footer--hover {
            background: $block-hover-background;
        }
        .footer--palette {
            color: $foreground 20%;
        }
    }
    """

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._items: list[_Item] = []
        self._groups: list[tuple[int, str]] = []  # (after item n, group label)
        self._palette: _Item | None = None
        self._signature: tuple[Any, ...] | None = None
        self._hover: _Item | None = None
        #: the keys as last drawn, with their columns (for the mouse)
        self._placed: list[_Item] = []

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)
        self._read_bindings()

    def _bindings_changed(self, screen: Screen[Any]) -> None:
        if self.is_attached and screen is self.screen:
            self._read_bindings()

    def _read_bindings(self) -> None:
        """Take the screen's active keys; repaint only when they changed."""
        app = self.app
        screen = self.screen
        active = screen.active_bindings
        first: dict[str, tuple[Binding, bool, str]] = {}
        ranks: dict[str, float] = {}
        last = getattr(screen, "FOOTER_LAST", ())
        own = 0
        for node, binding, enabled, tooltip in active.values():
            if binding.show and binding.action not in first:  # one key per action
                first[binding.action] = (binding, enabled, tooltip)
                if binding.id in KEEP:
                    rank = float("inf")
                elif binding.id in last:
                    rank = LAST_RANK
                elif node is screen:
                    rank, own = SCREEN_RANK - own, own + 1
                else:
                    rank = RANKS.get(binding.id or "", 0.0)
                ranks[binding.action] = rank
        palette: tuple[Binding, bool, str] | None = None
        if app.ENABLE_COMMAND_PALETTE and app.COMMAND_PALETTE_BINDING in active:
            _node, binding, enabled, tooltip = active[app.COMMAND_PALETTE_BINDING]
            palette = (binding, enabled, binding.tooltip or binding.description)
        signature = (
            tuple((b.key, app.get_key_display(b), b.description, b.group, enabled, tooltip,
                   ranks[b.action]) for b, enabled, tooltip in first.values()),
            None if palette is None else (palette[0].key, palette[1]),
        )
        if signature == self._signature:
            return
        self._signature = signature
        items: list[_Item] = []
        groups: list[tuple[int, str]] = []
        for group, members in groupby(first.values(), key=lambda m: m[0].group):
            members_list = list(members)
            grouped = group is not None and len(members_list) > 1
            for binding, enabled, tooltip in members_list:
                items.append(_Item(
                    binding.key, app.get_key_display(binding),
                    "" if grouped else binding.description, enabled,
                    tooltip or (binding.description if grouped else ""),
                    rank=ranks[binding.action]))
            if grouped:
                assert group is not None
                groups.append((len(items), group.description))
        self._items, self._groups = items, groups
        self._palette = None if palette is None else _Item(
            palette[0].key, app.get_key_display(palette[0]), palette[0].description,
            palette[1], palette[2])
        self._hover = None
        self.refresh()

    # -- drawing -----------------------------------------------------------
    def _fitting(self, width: int) -> list[_Item]:
        """The keys that fit `width` cells: the least important dropped first."""
        items = list(self._items)
        labels = dict(self._groups)
        total = sum(item.width for item in items)
        total += sum(len(label) + 1 for label in labels.values())
        while total > width:
            droppable = [item for item in items if item.rank != float("inf")]
            if not droppable:
                break
            # the lowest rank goes; of equals, the one drawn last
            worst = min(reversed(droppable), key=lambda item: item.rank)
            items.remove(worst)
            total -= worst.width
        return items

    def render(self) -> Text:
        key_style = self.get_component_rich_style("footer--key")
        text_style = self.get_component_rich_style("footer--description")
        # the hover background is translucent: blended over the footer's own
        hover = self.background_colors[1] + self.get_component_styles("footer--hover").background
        hover_style = Style(bgcolor=hover.rich_color)
        dim = Style(dim=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        placed: list[_Item] = []

        def add(item: _Item) -> None:
            start = line.cell_len
            extra = dim if not item.enabled else Style()
            if self._hover is not None and self._hover.key == item.key:
                extra += hover_style
            line.append(f" {item.display} ", key_style + extra)
            if item.description:
                line.append(f"{item.description} ", text_style + extra)
            placed.append(_Item(item.key, item.display, item.description, item.enabled,
                                item.tooltip, start, line.cell_len, item.rank))

        labels = dict(self._groups)
        shown = self._fitting(self.size.width)
        for n, item in enumerate(self._items, 1):
            if item in shown:
                add(item)
            if n in labels:
                line.append(f"{labels[n]} ", text_style)
        palette = self._palette
        if palette is not None:
            tail = 4 + len(palette.display) + len(palette.description)
            gap = self.size.width - line.cell_len - tail
            if gap >= 1:
                line.append(" " * gap)
                line.append("▏", self.get_component_rich_style("footer--palette"))
                add(palette)
        self._placed = placed
        return line

    # -- mouse -------------------------------------------------------------
    def _item_at(self, x: int) -> _Item | None:
        return next((i for i in self._placed if i.start <= x < i.end), None)

    def on_mouse_move(self, event: events.MouseMove) -> None:
        item = self._item_at(event.x)
        if item != self._hover:
            self._hover = item
            self.tooltip = item.tooltip if item is not None and item.tooltip else None
            self.refresh()

    def on_leave(self, event: events.Leave) -> None:
        if self._hover is not None:
            self._hover = None
            self.tooltip = None
            self.refresh()

    def on_mouse_down(self, event: events.MouseDown) -> None:
        item = self._item_at(event.x)
        if item is None:
            return
        if item.enabled:
            self.app.simulate_key(item.key)
        else:
            self.app.bell()
