"""`RowList`: a list of one-line rows under a header, drawn line by line by one widget.

The dashboard's attention queue is the first thing devhub shows, and the contacts
list is refilled on every key of a search. As `DataTable`s they cost ~15 ms of every
start (a table's reactives, nine component styles, per-cell caches) and ~40 ms of
every search key (each cell laid out by Rich). This widget keeps the rows and draws
only the lines on screen, through Textual's public line API (`ScrollView` +
`render_line`): the header, then each visible row, the cursor row in the theme's
block-cursor colours (faint while the list has no focus). Cells are
`rich.text.Text` (user text is never markup); a cell wider than its column ends in an
ellipsis, and text typed over several lines is joined into one.

Columns are as wide as their widest cell up to a limit (the last one takes the rest
of the line). A limit is a number of cells, or (cells, share): at least `cells`, or
that share of the list's width when it is wider -- so a wide terminal shows more of
each name; a limit of 0 hides its column (the dashboard's "Their time" while
nobody in the queue has a time zone). `FittedList` (widgets/fitted_list.py) fits
columns to the width instead.

- up/down, page up/down, home/end (ctrl+home/end too) move the cursor and keep it
  in view; the mouse wheel moves the cursor, or scrolls when the list shows a
  scrollbar (`overflow-y: auto` in its CSS, as the long lists do);
- enter, or a click on a row, posts `RowList.Selected` with its key; with
  `select_on_click=False` the first click highlights the row and a click on the
  highlighted row selects it (as `DataTable` does). Moving the cursor posts
  `RowList.Highlighted`;
- `zebra=True` stripes every other row; the row under the mouse is highlighted;
- `row_count`, `cursor_row`, `get_row_at`, `add_row`, `clear`, `move_cursor` read
  like `DataTable`'s.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.geometry import Region, Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

__all__ = ["Limit", "RowList"]

#: A column's limit: cells, (at least cells, or this share of the width), or None.
Limit = int | tuple[int, float] | None


@dataclass(frozen=True)
class _Paint:
    """What every line of one paint shares (worked out once, not per line)."""

    width: int
    #: painted with focus (the cursor's style)
    focused: bool
    base: Style
    header: Style
    cursor: Style
    cursor_post: Style
    even: Style
    hover: Style


def one_line(cell: Text) -> Text:
    """A cell as one line: text typed over several lines is joined up."""
    if "\n" not in cell.plain:
        return cell
    return Text(" ".join(cell.plain.split()), style=cell.style, no_wrap=cell.no_wrap,
                overflow=cell.overflow)


class RowList(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        # j/k as in vim, less and most list UIs (no screen binds them where a list is)
        Binding("up,k", "cursor(-1)", "Up", show=False),
        Binding("down,j", "cursor(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "cursor(-1_000_000_000)", "First", show=False),
        Binding("end", "cursor(1_000_000_000)", "Last", show=False),
        Binding("ctrl+home", "cursor(-1_000_000_000)", "First", show=False),
        Binding("ctrl+end", "cursor(1_000_000_000)", "Last", show=False),
        Binding("enter", "select", "Select", show=False),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"row-list--even-row", "row-list--hover"}
    DEFAULT_CSS = """
    RowList {
        height: 1fr;
        background: $surface;
        color: $foreground;
        overflow: hidden hidden;
        &:focus {
            background-tint: $foreground 5%;
        }
        & > .row-list--even-row {
            background: $surface-lighten-1 50%;
        }
        &:dark > .row-list--even-row {
            background: $surface-darken-1 40%;
        }
        & > .row-list--hover {
            background: $block-hover-background;
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

    class Highlighted(Message):
        """The cursor moved to another row (`index`, with its `key`)."""

        def __init__(self, row_list: RowList, key: str, index: int) -> None:
            super().__init__()
            self.row_list = row_list
            self.key = key
            self.index = index

        @property
        def control(self) -> RowList:
            return self.row_list

    def __init__(self, *labels: str, max_widths: tuple[Limit, ...] = (),
                 zebra: bool = False, select_on_click: bool = True,
                 **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.labels = labels
        #: cells wider than this are cut with an ellipsis (None: no limit); the last
        #: column takes what is left of the line, up to its limit
        self.max_widths: tuple[Limit, ...] = max_widths or (None,) * len(labels)
        self.zebra = zebra
        self.select_on_click = select_on_click
        self._rows: list[tuple[str, tuple[Text, ...]]] = []
        self._index: dict[str, int] = {}
        #: each column's widest cell (the label included), before its limit
        self._widths: list[int] = [len(label) for label in labels]
        self.cursor_row = 0
        self._hover_row: int | None = None
        self._paint: _Paint | None = None
        self._column_widths: tuple[int, list[int]] | None = None  # (line width, widths)

    # -- DataTable-like API --------------------------------------------------
    @property
    def row_count(self) -> int:
        return len(self._rows)

    def get_row_at(self, index: int) -> list[Text]:
        return list(self._rows[index][1])

    def key_at(self, index: int) -> str:
        return self._rows[index][0]

    def index_of(self, key: str) -> int | None:
        """The row of `key`, if the list has it."""
        return self._index.get(key)

    def __contains__(self, key: object) -> bool:
        return key in self._index

    @property
    def current_key(self) -> str | None:
        """The key of the row under the cursor (None for an empty list)."""
        return self._rows[self.cursor_row][0] if self._rows else None

    def clear(self) -> None:
        self._forget_rows()
        self._rows_changed()

    def _forget_rows(self) -> None:
        self._rows = []
        self._index = {}
        self._widths = [len(label) for label in self.labels]
        self.cursor_row = 0
        self._hover_row = None
        self.scroll_to(y=0, animate=False, force=True)

    def add_row(self, *cells: Text, key: str) -> None:
        self._append(key, cells)
        self._rows_changed()

    def add_rows(self, rows: Iterable[tuple[str, tuple[Text, ...]]]) -> None:
        """Many rows at once: (key, cells) each; a key the list has already is skipped."""
        for key, cells in rows:
            if key not in self._index:
                self._append(key, cells)
        self._rows_changed()

    def replace_rows(self, rows: Iterable[tuple[str, tuple[Text, ...]]]) -> None:
        """`clear` then `add_rows`, in one change: a list refilled with as many rows
        as before (a search, a key at a time) keeps its size, so Textual repaints
        it without laying the screen out again."""
        self._forget_rows()
        self.add_rows(rows)

    def _append(self, key: str, cells: tuple[Text, ...]) -> None:
        cells = tuple(one_line(c) for c in cells)
        self._index[key] = len(self._rows)
        self._rows.append((key, cells))
        widths = self._widths
        for n, cell in enumerate(cells[:len(widths)]):
            if cell.cell_len > widths[n]:
                widths[n] = cell.cell_len

    def _rows_changed(self) -> None:
        # the scrollable height: the header and every row
        self.virtual_size = Size(0, 1 + len(self._rows))
        self._column_widths = None
        self.refresh()

    def _refresh_row(self, index: int | None) -> None:
        if index is not None:
            self.refresh_line(index + 1)  # the header is line 0

    def move_cursor(self, *, row: int) -> None:
        last = len(self._rows) - 1
        before = self.cursor_row
        self.cursor_row = max(0, min(row, last))
        top = self.top_row
        self._scroll_to_cursor()
        if self.top_row != top:
            self.refresh()
        else:  # only the two rows whose looks changed
            self._refresh_row(before)
            self._refresh_row(self.cursor_row)
        if self._rows and self.cursor_row != before:
            self.post_message(self.Highlighted(self, self.key_at(self.cursor_row),
                                               self.cursor_row))

    @property
    def rows_shown(self) -> int:
        """How many rows fit under the header."""
        return max(1, self.scrollable_content_region.height - 1)

    @property
    def top_row(self) -> int:
        """The row drawn right under the header."""
        return round(self.scroll_y)

    def _scroll_to_cursor(self) -> None:
        top, shown = self.top_row, self.rows_shown
        if self.cursor_row < top:
            top = self.cursor_row
        elif self.cursor_row >= top + shown:
            top = self.cursor_row - shown + 1
        if top != self.top_row:
            self.scroll_to(y=top, animate=False, force=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        return 1 + len(self._rows)  # for `height: auto`: the header and every row

    # -- drawing ---------------------------------------------------------------
    def _limit(self, n: int, width: int) -> int | None:
        limit = self.max_widths[n]
        if isinstance(limit, tuple):
            cells, share = limit
            return max(cells, int(width * share))
        return limit

    def column_widths(self, width: int) -> list[int]:
        """The width of each column's text on a line `width` cells wide (each column
        also takes a cell either side); a column of width 0 or less is not drawn."""
        widths: list[int] = []
        used = 0
        last = len(self._widths) - 1
        for n, widest in enumerate(self._widths):
            limit = self._limit(n, width)
            column = widest if limit is None else min(widest, limit)
            if n == last:  # what is left of the line, up to the column's limit
                rest = width - used - 2
                column = rest if limit is None else min(rest, limit)
            widths.append(column)
            if column > 0:  # a column limited to 0 is hidden, and takes no room
                used += column + 2
        return widths

    def header_cells(self) -> tuple[Text, ...]:
        return tuple(Text(label) for label in self.labels)

    def row_cells(self, index: int) -> tuple[Text, ...]:
        """The cells drawn for row `index`."""
        return self._rows[index][1]

    def _blend(self, color: Color) -> Style:
        """A background of `color` over the list's own (for translucent colours)."""
        return Style(bgcolor=(self.background_colors[1] + color).rich_color)

    def _cursor_style(self) -> Style:
        """The theme's block cursor, as `DataTable` shows it: strong while the list
        has focus, faint (blended over the list's background) otherwise."""
        theme = self.app.theme_variables
        if self.has_focus:
            back = Color.parse(theme["block-cursor-background"])
            return Style(color=back.get_contrast_text(0.87).rich_color,
                         bgcolor=back.rich_color, bold=True)
        return self._blend(Color.parse(theme["block-cursor-blurred-background"]))

    def _paint_styles(self) -> _Paint:
        """The styles of this paint: worked out again after a style, focus or size
        change (`notify_style_update`, Textual's hook for cached styles)."""
        if self._paint is None:
            base = self.rich_style
            cursor = self._cursor_style()
            panel = Color.parse(self.app.theme_variables["panel"])
            self._paint = _Paint(
                width=self.scrollable_content_region.width,
                focused=self.has_focus,
                base=base,
                # styled like DataTable's header: bold on the panel colour
                header=base + Style(bold=True) + self._blend(panel),
                # its colour wins over the cells' (as DataTable's)
                cursor=base + cursor,
                cursor_post=Style(color=cursor.color, bold=cursor.bold),
                even=base + self._blend(
                    self.get_component_styles("row-list--even-row").background),
                hover=base + self._blend(
                    self.get_component_styles("row-list--hover").background),
            )
        return self._paint

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._paint = None

    def _widths_for(self, width: int) -> list[int]:
        cached = self._column_widths
        if cached is None or cached[0] != width:
            cached = self._column_widths = (width, self.column_widths(width))
        return cached[1]

    def _line(self, cells: tuple[Text, ...], widths: list[int], width: int, style: Style,
              post: Style | None = None) -> Strip:
        console = self.app.console
        segments: list[Segment] = []
        for cell, column in zip(cells, widths, strict=False):
            if column <= 0:
                continue
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
        strip = Strip(Segment.apply_style(segments, style, post))
        return strip.adjust_cell_length(width, style)

    def render_lines(self, crop: Region) -> list[Strip]:
        # the scrollbar's room changes the width without a resize
        paint = self._paint
        if paint is not None and paint.width != self.scrollable_content_region.width:
            self._paint = None
        return super().render_lines(crop)

    def render_line(self, y: int) -> Strip:
        paint = self._paint_styles()
        width = paint.width
        widths = self._widths_for(width)
        if y == 0:
            return self._line(self.header_cells(), widths, width, paint.header)
        index = self.top_row + y - 1
        if index >= len(self._rows):
            return Strip.blank(width, paint.base)
        cells = self.row_cells(index)
        if index == self.cursor_row:
            return self._line(cells, widths, width, paint.cursor, paint.cursor_post)
        if index == self._hover_row:
            return self._line(cells, widths, width, paint.hover)
        if self.zebra and index % 2 == 0:
            return self._line(cells, widths, width, paint.even)
        return self._line(cells, widths, width, paint.base)

    def _repaint(self) -> None:
        """Paint again after a focus or size change, unless the last paint was made in
        this state already: at start-up the first layout paints every list, then
        hands each its Resize; painting the dashboard's lists all over again (a 15 KB
        frame) held its first frame back by ~5 ms in a real terminal."""
        paint = self._paint
        if (paint is not None and paint.focused == self.has_focus
                and paint.width == self.scrollable_content_region.width):
            return
        self._paint = None
        self.refresh()

    def on_focus(self) -> None:
        self._repaint()

    def on_blur(self) -> None:
        self._repaint()

    def on_resize(self, event: events.Resize) -> None:
        self._scroll_to_cursor()
        self._repaint()

    # -- input ---------------------------------------------------------------
    def action_cursor(self, step: int) -> None:
        self._refresh_row(self._hover_row)
        self._hover_row = None
        if self._rows:
            self.move_cursor(row=self.cursor_row + step)

    def action_page(self, pages: int) -> None:
        self.action_cursor(pages * self.rows_shown)

    def action_select(self) -> None:
        if self._rows:
            self.post_message(self.Selected(self, self.key_at(self.cursor_row)))

    def _row_at(self, y: int) -> int | None:
        index = self.top_row + y - 1  # the header is line 0
        return index if y >= 1 and index < len(self._rows) else None

    def on_click(self, event: events.Click) -> None:
        index = self._row_at(event.y)
        if index is None:
            return
        select = self.select_on_click or index == self.cursor_row
        self.move_cursor(row=index)
        if select:
            self.post_message(self.Selected(self, self.key_at(index)))

    def on_mouse_move(self, event: events.MouseMove) -> None:
        index = self._row_at(event.y)
        if index != self._hover_row:
            self._refresh_row(self._hover_row)
            self._hover_row = index
            self._refresh_row(index)

    def on_leave(self, event: events.Leave) -> None:
        if self._hover_row is not None:
            self._refresh_row(self._hover_row)
            self._hover_row = None

    def on_mouse_scroll_down(self, event: events.MouseScrollDown) -> None:
        if not self.allow_vertical_scroll:  # else the wheel scrolls (Textual's own)
            self.action_cursor(1)

    def on_mouse_scroll_up(self, event: events.MouseScrollUp) -> None:
        if not self.allow_vertical_scroll:
            self.action_cursor(-1)
