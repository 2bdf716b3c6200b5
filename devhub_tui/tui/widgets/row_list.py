"""`RowList`: a list of one-line rows under a header, drawn line by line by one widget.

The dashboard's attention queue is the first thing devhub shows. As a `DataTable`
it cost ~15 ms of every start (a table's reactives, nine component styles, a
scrollbar widget, per-cell caches) for what is a list of up to a hundred rows of
three short cells. This widget keeps the rows and draws only the lines on screen
(Textual's line API): the header, then each visible row, in columns as wide as
their widest cell up to a limit (the last one takes the rest; cut cells end in an
ellipsis), the cursor
row in the theme's block-cursor colours (faint while the list has no focus). A
limit is a number of cells, or (cells, share): at least `cells`, or that share of
the list's width when it is wider -- so a wide terminal shows more of each name.

- up/down, page up/down, home/end and the mouse wheel move the cursor and keep it
  in view; enter or a click on a row posts `RowList.Selected` with its key;
- cells are `rich.text.Text` (user text is never markup);
- `row_count`, `cursor_row`, `get_row_at`, `add_row`, `clear`, `move_cursor` read
  like `DataTable`'s.
"""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

__all__ = ["Limit", "RowList"]

#: A column's limit: cells, (at least cells, or this share of the width), or None.
Limit = int | tuple[int, float] | None


class RowList(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up", "cursor(-1)", "Up", show=False),
        Binding("down", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor(-1000000)", "First", show=False),
        Binding("end", "cursor(1000000)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]
    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    class Selected(Message):
        """A row was chosen (enter, or a click on it)."""

        def __init__(self, row_list: RowList, key: str) -> None:
            super().__init__()
            self.row_list = row_list
            self.key = key

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *labels: str, max_widths: tuple[Limit, ...] = (),
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.labels = labels
        #: cells wider than this are cut with an ellipsis (None: no limit); the last
        #: column takes what is left of the line, up to its limit
        self.max_widths: tuple[Limit, ...] = max_widths or (None,) * len(labels)
        self._rows: list[tuple[str, tuple[Text, ...]]] = []
        #: each column's widest cell (the label included), before its limit
        self._widths: list[int] = [len(label) for label in labels]
        self.cursor_row = 0
        self._top = 0  # the first row shown under the header

    # -- DataTable-like API --------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[Text]:
        return list(self._rows[index][1])

    def key_at(self, index: int) -> str:
        return self._rows[index][0]

    def clear(self) -> None:
        self._rows = []
        self._widths = [len(label) for label in self.labels]
        self.cursor_row = self._top = 0
        self.refresh()

    def add_row(self, *cells: Text, key: str) -> None:
        # a row is one line: text typed over several lines (a note) is joined up
        cells = tuple(Text(" ".join(c.plain.split()), style=c.style) if "\n" in c.plain
                      else c for c in cells)
        self._rows.append((key, cells))
        for n, cell in enumerate(cells):
            if cell.cell_len > self._widths[n]:
                self._widths[n] = cell.cell_len
        self.refresh(layout=self.styles.height is not None and self.styles.height.is_auto)

    def move_cursor(self, *, row: int) -> None:
        last = len(self._rows) - 1
        self.cursor_row = max(0, min(row, last))
        rows_shown = max(1, self.size.height - 1)
        if self.cursor_row < self._top:
            self._top = self.cursor_row
        elif self.cursor_row >= self._top + rows_shown:
            self._top = self.cursor_row - rows_shown + 1
        self.refresh()

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + len(self._rows)  # for `height: auto`: the header and every row

    # -- drawing ---------------------------------------------------------------
    def _limit(self, n: int, width: int) -> int | None:
        limit = self.max_widths[n]
        if isinstance(limit, tuple):
            cells, share = limit
            return max(cells, int(width * share))
        return limit

    def _cursor_style(self) -> Style:
        """The theme's block cursor, as `DataTable` shows it: strong while the list
        has focus, faint (blended over the list's background) otherwise."""
        theme = self.app.theme_variables
        if self.has_focus:
            back = Color.parse(theme["block-cursor-background"])
            return Style(color=back.get_contrast_text(0.87).rich_color,
                         bgcolor=back.rich_color, bold=True)
        back = self.background_colors[1] + Color.parse(
            theme["block-cursor-blurred-background"])
        return Style(bgcolor=back.rich_color)

    def _line(self, cells: tuple[Text, ...], width: int, style: Style,
              post: Style | None = None) -> Strip:
        console = self.app.console
        segments: list[Segment] = []
        used = 0
        last = len(cells) - 1
        for n, cell in enumerate(cells):
            limit = self._limit(n, width)
            column = self._widths[n] if limit is None else min(self._widths[n], limit)
            if n == last:  # what is left of the line, up to the column's limit
                rest = width - used - 2
                column = rest if limit is None else min(rest, limit)
            if column <= 0:
                break
            text = cell
            if text.cell_len > column:
                text = cell.copy()
                text.truncate(column, overflow="ellipsis")
            segments.append(Segment(" "))
            if cell.style:  # the Text's own style (render gives only its spans')
                segments.extend(Segment.apply_style(
                    text.render(console), console.get_style(cell.style, default="")))
            else:
                segments.extend(text.render(console))
            segments.append(Segment(" " * (column - text.cell_len + 1)))
            used += column + 2
        strip = Strip(Segment.apply_style(segments, style, post))
        return strip.adjust_cell_length(width, style)

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if y == 0:  # styled like DataTable's header: bold on the panel colour
            panel = self.background_colors[1] + Color.parse(self.app.theme_variables["panel"])
            header = tuple(Text(label) for label in self.labels)
            return self._line(header, width, base + Style(bold=True, bgcolor=panel.rich_color))
        index = self._top + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, base)
        if index != self.cursor_row:
            return self._line(self._rows[index][1], width, base)
        cursor = self._cursor_style()  # its colour wins over the cells' (as DataTable's)
        return self._line(self._rows[index][1], width, base + cursor,
                          Style(color=cursor.color, bold=cursor.bold))

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    def on_resize(self) -> None:
        self.move_cursor(row=self.cursor_row)

    # -- input ---------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        if self._rows:
            self.move_cursor(row=self.cursor_row + step)

    def action_page(self, pages: int) -> None:
        self.action_cursor(pages * max(1, self.size.height - 1))

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self.key_at(self.cursor_row)))

    def on_click(self, event: events.Click) -> None:
        index = self._top + event.y - 1  # the header is line 0
        if event.y >= 1 and index < len(self._rows):
            self.move_cursor(row=index)
            self.post_message(self.Selected(self, self.key_at(index)))

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        self.action_cursor(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        self.action_cursor(-1)
