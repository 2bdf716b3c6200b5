"""QRView: a QR code drawn with half-block characters, as large as fits.

Every cell is an upper half block whose foreground is the top module and whose
background is the bottom one. Fixed colours, never theme colours: black modules
on white with a quiet zone of at least 2 modules (4 when it fits at the same size), so phones
scan it on dark and light themes alike.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from devhub_tui.connect.qr import (
    MIN_QUIET,
    Fit,
    Matrix,
    PayloadTooLargeError,
    best_fit,
    half_block_cells,
    half_block_lines,
    qr_matrix,
    with_quiet_zone,
)

DARK = "#000000"
LIGHT = "#ffffff"
#: The style of each (top dark, bottom dark) cell, all drawn as an upper half block.
CELL_STYLES = {
    (top, bottom): Style(color=DARK if top else LIGHT, bgcolor=DARK if bottom else LIGHT)
    for top in (False, True)
    for bottom in (False, True)
}
UPPER_HALF = "▀"


class QRView(Widget):
    """Shows ``payload`` as a QR code, re-scaled whenever the widget resizes."""

    DEFAULT_CSS = """
    QRView {
        width: 1fr;
        height: 1fr;
        content-align: center middle;
    }
    QRView.-too-small {
        color: $warning;
    }
    """

    payload: reactive[str] = reactive("", layout=True)

    def __init__(
        self,
        payload: str = "",
        *,
        name: str | None = None,
        id: str | None = None,  # noqa: A002 - textual API
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self._matrix: Matrix | None = None
        self._error: str | None = None
        self.fit: Fit | None = None
        self.lines: list[str] = []
        self.set_reactive(QRView.payload, payload)
        self._build(payload)

    def _build(self, payload: str) -> None:
        self._matrix, self._error = None, None
        if not payload:
            return
        try:
            self._matrix = qr_matrix(payload)
        except PayloadTooLargeError as exc:
            self._error = str(exc)

    def watch_payload(self, payload: str) -> None:
        self._build(payload)
        self.refresh(layout=True)

    @property
    def modules(self) -> int:
        """Modules per side, quiet zone excluded (0 without a code)."""
        return len(self._matrix) if self._matrix else 0

    def render(self) -> Text:
        self.lines = []
        self.fit = None
        if self._error:
            self.add_class("-too-small")
            return Text(self._error)
        if self._matrix is None:
            return Text("")
        width, height = self.content_size
        fit = best_fit(len(self._matrix), width, height)
        if fit is None:
            self.add_class("-too-small")
            need = len(self._matrix) + 2 * MIN_QUIET
            return Text(
                f"Make the terminal larger to show the QR code "
                f"(it needs {need} columns by {(need + 1) // 2} rows here)."
            )
        self.remove_class("-too-small")
        self.fit = fit
        framed = with_quiet_zone(self._matrix, fit.quiet)
        self.lines = half_block_lines(framed, fit.scale)
        text = Text(no_wrap=True, end="")
        for n, row in enumerate(half_block_cells(framed, fit.scale)):
            if n:
                text.append("\n")
            start = 0
            for i in range(1, len(row) + 1):
                if i == len(row) or row[i] != row[start]:
                    text.append(UPPER_HALF * (i - start), CELL_STYLES[row[start]])
                    start = i
        return text
