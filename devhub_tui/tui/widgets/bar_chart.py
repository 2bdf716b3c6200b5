"""`BarChart`: a horizontal bar chart drawn with the terminal's own characters, one
line a bar, through Textual's line API (`ScrollView` + `render_line`).

Each bar is a name, a bar as long as its value (the longest bar takes the room the
line has; eighth blocks ▏▎▍▌▋▊▉ end it, so small differences show), and the
columns of figures after it: the value, its share, and a part of it (the tech
stack: of the contacts with a skill, those you talked to lately). The part is
drawn in the theme's `$accent`, the rest of the bar in `$accent-muted`, so the
chart reads in dark and light themes, and the figures say the same in text. The
bars scale with the width: 80 columns hold a 30-cell bar, 160 columns a far longer one.

Up/down (page up/down, home/end) move the cursor; enter or a click posts
`BarChart.Selected` with the bar's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["Bar", "BarChart", "bar_cells", "layout"]

#: a bar's last cell, by eighths filled (0: nothing)
EIGHTHS = " ▏▎▍▌▋▊▉"
FULL = "█"


@dataclass(frozen=True)
class Bar:
    name: str
    value: int
    #: how much of `value` is drawn in the strong colour
    part: int
    #: the share column, as shown ("67%")
    share: str


@dataclass(frozen=True)
class Layout:
    name: int
    bar: int
    value: int
    share: int
    part: int


def layout(width: int, bars: Sequence[Bar], headers: tuple[str, str, str, str]) -> Layout:
    """Column widths for a line `width` cells wide: the figures as wide as they need,
    the name up to 24 cells (less when narrow), the bar what is left (at least 4)."""
    longest = max((cell_len(b.name) for b in bars), default=4)
    value = max([len(headers[1])] + [len(f"{b.value:,}") for b in bars])
    share = max([len(headers[2])] + [len(b.share) for b in bars])
    part = max([len(headers[3])] + [len(f"{b.part:,}") for b in bars])
    figures = value + share + part + 2 + 2  # two spaces between figure columns
    name = min(max(longest, len(headers[0]), 4), 24)
    # space: a cell before the name, between name and bar, bar and value, and after
    fixed = 1 + 1 + 1 + figures + 1
    if width - fixed - name < 12:  # narrow: the name gives way to the bar
        name = max(6, min(name, width - fixed - 12))
    bar = max(4, width - fixed - name)
    return Layout(name, bar, value, share, part)


def bar_cells(value: int, part: int, longest: int, width: int) -> tuple[str, str]:
    """A bar for `value` when `longest` takes `width` cells, as (strong, rest): the
    strong text draws `part` of it, the rest the remainder, ended by an eighth
    block. Together at most `width` cells; a value above 0 shows at least ▏."""
    if longest <= 0 or value <= 0:
        return "", ""
    eighths = max(1, round(value / longest * width * 8))
    strong_eighths = round(min(part, value) / longest * width * 8) if part > 0 else 0
    full, rest = divmod(eighths, 8)
    text = FULL * full + (EIGHTHS[rest] if rest else "")
    strong_cells = min(len(text), strong_eighths // 8)
    if strong_eighths >= eighths:
        strong_cells = len(text)
    return text[:strong_cells], text[strong_cells:]


class BarChart(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor(-1000000)", "First", show=False),
        Binding("end", "cursor(1000000)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bar-chart--part", "bar-chart--rest", "bar-chart--header", "bar-chart--figures",
    }
    DEFAULT_CSS = """
    BarChart {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow-x: hidden;
        overflow-y: auto;
        scrollbar-gutter: stable;
        & > .bar-chart--part {
            color: $accent;
        }
        & > .bar-chart--rest {
            color: $accent-muted;
        }
        & > .bar-chart--header {
            text-style: bold;
            color: $text-muted;
        }
        & > .bar-chart--figures {
            color: $foreground;
        }
    }
    """

    class Selected(Message):
        """A bar was chosen (enter, or a click on it)."""

        def __init__(self, chart: BarChart, bar_name: str) -> None:
            super().__init__()
            self.chart = chart
            self.bar_name = bar_name

        @property
        def control(self) -> BarChart:
            return self.chart

    def __init__(self, headers: tuple[str, str, str, str] = ("name", "value", "share", "part"),
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.headers = headers
        self.bars: list[Bar] = []
        self.cursor_row = 0
        self._styles: dict[str, Style] | None = None

    # -- data ----------------------------------------------------------------
    def show(self, bars: Sequence[Bar], headers: tuple[str, str, str, str] | None = None,
             keep: str | None = None) -> None:
        """Draw these bars (the cursor stays on `keep` when it is still there)."""
        if headers is not None:
            self.headers = headers
        self.bars = list(bars)
        names = [b.name for b in self.bars]
        self.cursor_row = names.index(keep) if keep in names else 0
        self.virtual_size = Size(0, 1 + len(self.bars))
        self._scroll_to_cursor()
        self.refresh()

    @property
    def current(self) -> Bar | None:
        return self.bars[self.cursor_row] if self.bars else None

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + len(self.bars)

    # -- drawing ---------------------------------------------------------------
    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles = None

    def _paint_styles(self) -> dict[str, Style]:
        if self._styles is None:
            base = self.rich_style
            theme = self.app.theme_variables
            back = Color.parse(theme["block-cursor-background"])
            if self.has_focus:
                cursor = Style(color=back.get_contrast_text(0.87).rich_color,
                               bgcolor=back.rich_color, bold=True)
            else:
                blurred = Color.parse(theme["block-cursor-blurred-background"])
                cursor = Style(bgcolor=(self.background_colors[1] + blurred).rich_color)
            self._styles = {
                "base": base,
                "part": base + self.get_component_rich_style("bar-chart--part"),
                "rest": base + self.get_component_rich_style("bar-chart--rest"),
                "header": base + self.get_component_rich_style("bar-chart--header"),
                "figures": base + self.get_component_rich_style("bar-chart--figures"),
                "cursor": base + cursor,
            }
        return self._styles

    @property
    def top_row(self) -> int:
        return round(self.scroll_y)

    @property
    def rows_shown(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_to_cursor(self) -> None:
        top, shown = self.top_row, self.rows_shown
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row >= top + shown:
            top = self.cursor_row - shown + 1
        if top != self.top_row:
            self.scroll_to(y=top, animate=False, force=True)

    @staticmethod
    def _fit(text: str, width: int) -> str:
        """`text` in exactly `width` cells (wide characters count two), cut with …"""
        text = " ".join(text.split())
        if cell_len(text) <= width:
            return set_cell_size(text, width)
        return set_cell_size(text, max(0, width - 1)) + "…"

    def line_text(self, y: int) -> Text:
        """Line `y` of the chart (0: the header) as styled text, `width` cells."""
        styles = self._paint_styles()
        width = self.scrollable_content_region.width
        lay = layout(width, self.bars, self.headers)
        h = self.headers
        line = Text(no_wrap=True, overflow="crop")
        if y == 0:
            line.append(" " + self._fit(h[0], lay.name) + " " + " " * lay.bar + " "
                        + h[1].rjust(lay.value) + "  " + h[2].rjust(lay.share) + "  "
                        + h[3].rjust(lay.part) + " ", styles["header"])
            return line
        index = self.top_row + y - 1
        if index >= len(self.bars):
            return line
        bar = self.bars[index]
        longest = max(b.value for b in self.bars)
        strong, rest = bar_cells(bar.value, bar.part, longest, lay.bar)
        label_style = styles["cursor"] if index == self.cursor_row else styles["figures"]
        line.append(" " + self._fit(bar.name, lay.name) + " ", label_style)
        line.append(strong, styles["part"])
        line.append(rest, styles["rest"])
        line.append(" " * (lay.bar - len(strong) - len(rest)) + " ", styles["base"])
        line.append(f"{bar.value:,}".rjust(lay.value) + "  " + bar.share.rjust(lay.share)
                    + "  " + f"{bar.part:,}".rjust(lay.part) + " ", label_style)
        return line

    def render_line(self, y: int) -> Strip:
        styles = self._paint_styles()
        width = self.scrollable_content_region.width
        text = self.line_text(y)
        segments = list(text.render(self.app.console))
        strip = Strip(Segment.apply_style(segments, styles["base"]))
        return strip.crop_extend(0, width, styles["base"])

    def on_focus(self) -> None:
        self._styles = None
        self.refresh()

    def on_blur(self) -> None:
        self._styles = None
        self.refresh()

    def on_resize(self, event: events.Resize) -> None:
        self._styles = None
        self._scroll_to_cursor()
        self.refresh()

    # -- input ---------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        if not self.bars:
            return
        self.cursor_row = max(0, min(len(self.bars) - 1, self.cursor_row + step))
        self._scroll_to_cursor()
        self.refresh()

    def action_page(self, pages: int) -> None:
        self.action_cursor(pages * self.rows_shown)

    def action_select(self) -> None:
        if self.bars:
            self.post_message(self.Selected(self, self.bars[self.cursor_row].name))

    def on_click(self, event: events.Click) -> None:
        index = self.top_row + event.y - 1
        if event.y >= 1 and index < len(self.bars):
            self.cursor_row = index
            self.refresh()
            self.post_message(self.Selected(self, self.bars[index].name))
