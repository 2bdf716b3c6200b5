"""`FittedList`: a `RowList` whose columns fit its width, for the long paged lists.

The contacts and interactions lists hold every column's cell of each row
(`add_item`) and show the columns that fit (`fit_columns`): a narrow terminal drops
the least important columns instead of pushing the important ones out of sight, and
the width left over widens the columns that stay. A resize fits them again; the
rows are not rebuilt (each row keeps every cell; only the columns drawn change), so
the cursor stays on its row. The list shows a scrollbar, and always keeps its room,
so the columns do not move when it comes and goes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual import events

from devhub_tui.tui.widgets.row_list import RowList

__all__ = ["ColumnSpec", "FittedList", "fit_columns"]


@dataclass(frozen=True)
class ColumnSpec:
    """A column that may narrow, widen or go, with the width a list has.

    `drop`: the lower, the more it matters -- when the list is too narrow for every
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


class FittedList(RowList):
    """A zebra-striped `RowList` with a scrollbar whose columns fit its width (see the
    module); a click highlights a row, a click on the highlighted row opens it."""

    DEFAULT_CSS = """
    FittedList {
        overflow-y: auto;
        scrollbar-gutter: stable;
    }
    """

    def __init__(self, specs: Sequence[ColumnSpec], **kwargs: Any) -> None:
        super().__init__(*(s.label for s in specs), zebra=True, select_on_click=False,
                         **kwargs)
        self.specs = tuple(specs)
        #: the columns shown: (key, width) each
        self.shown: tuple[tuple[str, int], ...] = ()
        self._shown_at: tuple[int, ...] = ()  # their places in `specs`
        self._fitted_width = -1

    def fit(self, width: int) -> None:
        """Choose the columns for a line `width` cells wide."""
        if width == self._fitted_width:
            return
        self._fitted_width = width
        fitted = fit_columns(self.specs, width)
        self.shown = tuple((spec.key, w) for spec, w in fitted)
        self._shown_at = tuple(self.specs.index(spec) for spec, _ in fitted)
        self.refresh()

    def set_specs(self, specs: Sequence[ColumnSpec]) -> None:
        """Other columns (refill the rows after: they hold a cell per column)."""
        self.specs = tuple(specs)
        self.labels = tuple(s.label for s in self.specs)
        self.max_widths = (None,) * len(self.labels)
        self.clear()
        self._fitted_width = -1
        self._fit_now()

    def _fit_now(self) -> None:
        self.fit(self.scrollable_content_region.width or self.app.size.width - 2)

    def on_mount(self) -> None:
        self._fit_now()

    def on_resize(self, event: events.Resize) -> None:
        self._fit_now()

    def add_item(self, key: str, cells: dict[str, Text]) -> None:
        """A row: the cell of every column in `specs`, by key."""
        self.add_row(*(cells[s.key] for s in self.specs), key=key)

    def add_items(self, items: Iterable[tuple[str, dict[str, Text]]]) -> None:
        """Many rows at once (a key the list has already is skipped)."""
        self.add_rows((key, tuple(cells[s.key] for s in self.specs)) for key, cells in items)

    def replace_items(self, items: Iterable[tuple[str, dict[str, Text]]]) -> None:
        """The list's rows become these (see `RowList.replace_rows`)."""
        self.replace_rows((key, tuple(cells[s.key] for s in self.specs))
                          for key, cells in items)

    @property
    def shown_labels(self) -> list[str]:
        """The labels of the columns shown, in order."""
        return [self.specs[n].label for n in self._shown_at]

    def column_widths(self, width: int) -> list[int]:
        self.fit(width)
        return [w for _, w in self.shown]

    def header_cells(self) -> tuple[Text, ...]:
        return tuple(Text(label) for label in self.shown_labels)

    def row_cells(self, index: int) -> tuple[Text, ...]:
        cells = super().row_cells(index)
        return tuple(cells[n] for n in self._shown_at)

    def get_row_at(self, index: int) -> list[Text]:
        """The cells of the columns shown (as `DataTable` gives them)."""
        return list(self.row_cells(index))
