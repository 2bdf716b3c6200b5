"""`FastTable`: a `DataTable` whose one-line `Text` cells paint without Rich layout.

The contacts list is cleared and refilled on every keystroke of a search. A plain
`DataTable` renders each cell through Rich (`Padding` + `Console.render_lines`, ~150 µs
a cell) and, on idle, measures every cell of every new row even when the columns have
fixed widths: ~40 ms to repaint a screenful of 35 rows. `FastTable` keeps everything
of `DataTable` (rows, keys, cursor, scrolling, mouse, messages, header, styles) and
changes two things:

- a data cell holding a `rich.text.Text` (one line, row height 1) is cropped, or
  ellipsised when the `Text` says `overflow="ellipsis"`, to its column and turned
  into segments directly, with the same styles `DataTable` would apply (the cell's
  own style and spans, the row/cursor/hover component styles, the row/column meta
  that mouse clicks read). Any other cell (a `str`, which `DataTable` reads as
  markup, the header, labels, fixed rows/columns) goes the `DataTable` way;
- when every column has a fixed width and no row has a label or an automatic
  height, new rows are not measured (nothing about them can change the layout):
  only the virtual size is updated.

`fit_columns` picks the columns (and their widths) that fit a table's width, so a
narrow terminal drops the least important columns instead of pushing the important
ones out of sight.

Both hooks go into `DataTable` methods that are private (`_render_cell`,
`_update_dimensions`); textual is pinned (pyproject) and tests/ui/test_contacts.py
checks what the table paints, so a change there shows up as a failing test.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

__all__ = ["ColumnSpec", "FastTable", "FittedTable", "fit_columns"]


class FastTable(DataTable[Any]):
    """A `DataTable` for one-line `Text` cells in fixed-width columns (see the module)."""

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> list[list[Segment]]:
        if (
            row_index < self.fixed_rows
            or column_index < self.fixed_columns
            or row_index < 0
            or column_index < 0
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor,
                                        hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        if row_key is None or column_key is None:
            return super()._render_cell(row_index, column_index, base_style, width, cursor,
                                        hover)
        value = self._data.get(row_key, {}).get(column_key)
        row = self.rows.get(row_key)
        if (
            not isinstance(value, Text)
            or row is None
            or row.height != 1
            or "\n" in value.plain
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor,
                                        hover)
        # the same cache and key as DataTable's own cells
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cache = self._cell_render_cache
        if cache_key in cache:
            return cache[cache_key]
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        pre_style = (base_style + Style.from_meta({"row": row_index, "column": column_index})
                     + component_style)
        padding = self.cell_padding
        content_width = max(0, width - 2 * padding)
        text = value
        if text.cell_len > content_width:
            text = value.copy()
            text.truncate(content_width, overflow=value.overflow or "crop")
        console = self.app.console
        segments = [Segment(" " * padding)] if padding else []
        if value.style:  # the Text's own style (Text.render gives only the spans')
            segments.extend(Segment.apply_style(
                text.render(console), console.get_style(value.style, default="")))
        else:
            segments.extend(text.render(console))
        fill = width - padding - text.cell_len
        if fill > 0:
            segments.append(Segment(" " * fill))
        lines = [list(Segment.apply_style(segments, pre_style, post_style))]
        cache[cache_key] = lines
        return lines

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        new_rows = list(new_rows)
        plain = not self._labelled_row_exists and all(
            not column.auto_width for column in self.columns.values()
        )
        if plain:
            for row_key in new_rows:
                row = self.rows.get(row_key)
                if row is not None and (row.label is not None or row.auto_height):
                    plain = False
                    break
        if not plain:
            super()._update_dimensions(new_rows)
            return
        header_height = self.header_height if self.show_header else 0
        self.virtual_size = Size(
            sum(column.get_render_width(self) for column in self.columns.values())
            + self._row_label_column_width,
            self._total_row_height + header_height,
        )


@dataclass(frozen=True)
class ColumnSpec:
    """A column that may narrow, widen or go, with the width a table has.

    `drop`: the lower, the more it matters -- when the table is too narrow for every
    column at its `min` width, the columns with the highest `drop` go first; the
    width left over widens the columns that stay, lowest `drop` first, each up to its
    `max`."""

    key: str
    label: str
    min: int
    max: int
    drop: int


def fit_columns(specs: Sequence[ColumnSpec], width: int,
                padding: int = 1) -> list[tuple[ColumnSpec, int]]:
    """The columns that fit `width` cells (each also takes `padding` on both sides),
    in their given order, with their widths. The most important column always stays."""
    kept = list(specs)

    def needed(columns: Sequence[ColumnSpec]) -> int:
        return sum(c.min + 2 * padding for c in columns)

    while len(kept) > 1 and needed(kept) > width:
        kept.remove(max(kept, key=lambda c: c.drop))
    widths = {c.key: c.min for c in kept}
    spare = width - needed(kept)
    for c in sorted(kept, key=lambda c: c.drop):
        if spare <= 0:
            break
        grow = min(spare, c.max - c.min)
        widths[c.key] += grow
        spare -= grow
    return [(c, widths[c.key]) for c in kept]


class FittedTable(FastTable):
    """A `FastTable` whose columns fit its width (`fit_columns`), again on every resize.

    Rows come in as every column's cell by key (`add_item`); the table shows the cells
    of the columns that fit, and draws the rows again, keeping the cursor on its row,
    when a resize changes which columns fit or how wide they are."""

    #: cells kept free for the vertical scrollbar (so it coming and going changes nothing)
    SCROLLBAR = 2

    def __init__(self, specs: Sequence[ColumnSpec], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.specs = tuple(specs)
        #: the columns shown: (key, width) each
        self.shown: tuple[tuple[str, int], ...] = ()
        self._items: dict[str, dict[str, Text]] = {}

    def fit(self, width: int) -> None:
        fitted = fit_columns(self.specs, width - self.SCROLLBAR, self.cell_padding)
        shown = tuple((spec.key, w) for spec, w in fitted)
        if shown == self.shown:
            return
        self.shown = shown
        current = self.current_key()
        super().clear(columns=True)
        for spec, w in fitted:
            self.add_column(spec.label, width=w, key=spec.key)
        for key, cells in self._items.items():
            super().add_row(*(cells[k] for k, _ in shown), key=key)
        if current is not None and current in self.rows:
            self.move_cursor(row=self.get_row_index(current))

    def on_mount(self) -> None:
        self.fit(self.size.width or self.app.size.width)

    def on_resize(self, event: events.Resize) -> None:
        self.fit(event.size.width)

    def add_item(self, key: str, cells: dict[str, Text]) -> None:
        """A row: the cell of every column in `specs`, by key."""
        if not self.shown:
            self.fit(self.size.width or self.app.size.width)
        self._items[key] = cells
        super().add_row(*(cells[k] for k, _ in self.shown), key=key)

    def clear(self, columns: bool = False) -> FittedTable:
        self._items = {}
        if columns:
            self.shown = ()
        super().clear(columns)
        return self

    def current_key(self) -> str | None:
        """The key of the row under the cursor, if any."""
        if not self.row_count or self.cursor_row < 0:
            return None
        try:
            return self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value
        except Exception:  # noqa: BLE001 - cursor outside the table
            return None
