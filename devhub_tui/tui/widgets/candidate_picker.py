"""`CandidatePicker`: the quick log's list of the people a name could mean.

One line per candidate (a `rich.text.Text`: user text is never markup), cut with an
ellipsis to the width, the highlighted one in the theme's block-cursor colours. The
quick log's line keeps the keys (↑↓ move the highlight from there), so the picker
never takes focus; a click on a candidate posts `CandidatePicker.Selected`.

It is drawn through Textual's line API (`render_line`) and is as tall as its
candidates (up to `max-height`, scrolled to keep the highlight in view). It replaced
an `OptionList`, which, when a new set of candidates changed its height, cleared its
caches on the resize that followed and painted the same lines again one frame later:
the answer to that key ended a frame late.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import ClassVar

from rich.segment import Segment
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["CandidatePicker"]


class CandidatePicker(ScrollView, can_focus=False):
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "candidate-picker--highlighted", "candidate-picker--hover"}
    DEFAULT_CSS = """
    CandidatePicker {
        height: auto;
        max-height: 10;
        overflow: hidden hidden;
        background: $panel;
        color: $foreground;
        & > .candidate-picker--highlighted {
            background: $block-cursor-background;
            color: $block-cursor-foreground;
            text-style: $block-cursor-text-style;
        }
        & > .candidate-picker--hover {
            background: $block-hover-background;
        }
    }
    """

    class Selected(Message):
        """A candidate was clicked (`index`: its place in the list)."""

        def __init__(self, picker: CandidatePicker, index: int) -> None:
            super().__init__()
            self.picker = picker
            self.index = index

        @property
        def control(self) -> CandidatePicker:
            return self.picker

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._options: list[Text] = []
        self._highlighted: int | None = None
        self._hover: int | None = None

    # -- what the quick log uses ------------------------------------------------
    @property
    def options(self) -> list[Text]:
        """The candidates' lines, in order."""
        return list(self._options)

    @property
    def option_count(self) -> int:
        return len(self._options)

    def set_options(self, options: Iterable[Text]) -> None:
        """The candidates become these (no highlight)."""
        self._options = list(options)
        self._highlighted = None
        self._hover = None
        # as tall as the candidates (`height: auto` reads the virtual size)
        self.virtual_size = Size(0, len(self._options))
        self.scroll_to(y=0, animate=False, force=True)
        self.refresh()

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None and not 0 <= index < len(self._options):
            index = None
        before, self._highlighted = self._highlighted, index
        if index is not None:  # in view (when there are more than fit)
            top, shown = int(self.scroll_offset.y), self.scrollable_content_region.height
            if shown and not top <= index < top + shown:
                self.scroll_to(y=index if index < top else index - shown + 1,
                               animate=False, force=True)
                self.refresh()
                return
        self._refresh_option(before)
        self._refresh_option(index)

    # -- drawing ------------------------------------------------------------------
    def _refresh_option(self, index: int | None) -> None:
        if index is not None:
            self.refresh_line(index)  # a line of the list (ScrollView takes the scroll off)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        base = self.rich_style
        index = int(self.scroll_offset.y) + y
        if index >= len(self._options):
            return Strip.blank(width, base)
        style = base
        if index == self._highlighted:
            style = base + self.get_component_rich_style("candidate-picker--highlighted")
        elif index == self._hover:
            style = base + self.get_component_rich_style("candidate-picker--hover")
        text = self._options[index]
        if text.cell_len > width - 2:
            text = text.copy()
            text.truncate(max(width - 2, 0), overflow="ellipsis")
        segments = [Segment(" "), *text.render(self.app.console), Segment(" ")]
        return Strip(Segment.apply_style(segments, style)).adjust_cell_length(width, style)

    # -- the mouse ----------------------------------------------------------------
    def _index_at(self, y: int) -> int | None:
        index = int(self.scroll_offset.y) + y
        return index if 0 <= y and index < len(self._options) else None

    def on_click(self, event: events.Click) -> None:
        index = self._index_at(event.y)
        if index is not None:
            self.highlighted = index
            self.post_message(self.Selected(self, index))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._index_at(event.y)
        if index != self._hover:
            before, self._hover = self._hover, index
            self._refresh_option(before)
            self._refresh_option(index)

    def on_leave(self, event: events.Leave) -> None:
        before, self._hover = self._hover, None
        self._refresh_option(before)
