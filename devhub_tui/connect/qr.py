"""QR matrix -> half-block text lines (pure: no terminal, no textual).

Every text cell holds two modules stacked vertically. As plain text (for
``devhub qr``): ``█`` both dark, ``▀`` top dark, ``▄`` bottom dark, a space both
light, printed dark on light. In the app every cell is ``▀`` with the top module
as foreground and the bottom one as background colour (black or white, never
theme colours), so no cell depends on how a space is drawn. A quiet zone of
light modules surrounds the code, so it scans on dark and light themes alike.

At scale ``s`` every module is ``s`` columns wide and ``s`` half-rows tall (a
terminal cell is about twice as tall as it is wide, so modules stay square).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import qrcode
from qrcode.constants import ERROR_CORRECT_M
from qrcode.exceptions import DataOverflowError

from devhub_tui.core.validation import ValidationError

Matrix = list[list[bool]]
#: One text cell: (top module dark, bottom module dark).
Cell = tuple[bool, bool]

#: The smallest quiet zone drawn (modules on every side); 4 is used when it fits.
MIN_QUIET = 2
PREFERRED_QUIET = 4

FULL, UPPER, LOWER, EMPTY = "█", "▀", "▄", " "
_CELL = {(True, True): FULL, (True, False): UPPER, (False, True): LOWER, (False, False): EMPTY}
_DECODE = {FULL: (True, True), UPPER: (True, False), LOWER: (False, True), EMPTY: (False, False)}


class PayloadTooLargeError(ValidationError):
    """The text does not fit in any QR code version."""


def qr_matrix(data: str, *, error_correction: int = ERROR_CORRECT_M) -> Matrix:
    """The module matrix (True = dark) of the smallest QR code holding ``data``.

    No quiet zone: add one with :func:`with_quiet_zone`.
    """
    code = qrcode.QRCode(border=0, error_correction=error_correction)
    code.add_data(data.encode("utf-8"))
    try:
        code.make(fit=True)
    except (DataOverflowError, ValueError) as exc:
        raise PayloadTooLargeError(
            f"too much to fit in a QR code ({len(data.encode('utf-8'))} bytes): "
            "share fewer fields"
        ) from exc
    return [[bool(m) for m in row] for row in code.get_matrix()]


def with_quiet_zone(matrix: Sequence[Sequence[bool]], quiet: int) -> Matrix:
    """The matrix framed by ``quiet`` light modules on every side."""
    size = len(matrix) + 2 * quiet
    blank = [False] * size
    out: Matrix = [list(blank) for _ in range(quiet)]
    for row in matrix:
        out.append([False] * quiet + [bool(m) for m in row] + [False] * quiet)
    out.extend(list(blank) for _ in range(quiet))
    return out


def rendered_size(modules: int, scale: int) -> tuple[int, int]:
    """(columns, rows) of ``modules`` x ``modules`` (quiet zone included) at ``scale``."""
    half_rows = modules * scale
    return modules * scale, (half_rows + 1) // 2


@dataclass(frozen=True)
class Fit:
    scale: int
    quiet: int


def best_fit(modules: int, width: int, height: int) -> Fit | None:
    """The largest scale (then the larger quiet zone) at which a code of ``modules``
    (no quiet zone) fits in ``width`` columns by ``height`` rows; None when it can't."""
    best: Fit | None = None
    for quiet in (MIN_QUIET, PREFERRED_QUIET):
        total = modules + 2 * quiet
        scale = min(width // total, (2 * height) // total) if total else 0
        if scale >= 1 and (best is None or scale >= best.scale):
            best = Fit(scale, quiet)
    return best


def half_block_cells(matrix: Sequence[Sequence[bool]], scale: int = 1) -> list[list[Cell]]:
    """The matrix (quiet zone already added) at ``scale`` as text cells: each cell is
    (top dark, bottom dark). A cell row covers two module half-rows."""
    if scale < 1:
        raise ValueError("scale must be at least 1")
    rows: list[list[bool]] = []
    for row in matrix:
        wide = [bool(m) for m in row for _ in range(scale)]
        rows.extend(list(wide) for _ in range(scale))
    if len(rows) % 2:
        rows.append([False] * (len(rows[0]) if rows else 0))
    return [list(zip(rows[i], rows[i + 1], strict=True)) for i in range(0, len(rows), 2)]


def half_block_lines(matrix: Sequence[Sequence[bool]], scale: int = 1) -> list[str]:
    """Render a matrix (quiet zone already added) as half-block text at ``scale``:
    ``█`` ``▀`` ``▄`` mark dark modules, spaces light ones (print dark on light)."""
    return ["".join(_CELL[cell] for cell in row) for row in half_block_cells(matrix, scale)]


def qr_lines(data: str, *, scale: int = 1, quiet: int = PREFERRED_QUIET) -> list[str]:
    """``data`` as a QR code in half-block text lines (quiet zone included)."""
    return half_block_lines(with_quiet_zone(qr_matrix(data), quiet), scale)


def lines_to_matrix(lines: Sequence[str]) -> Matrix:
    """Back from half-block text to half-rows of modules (True = dark); for tests and
    for turning printed output into an image. Unknown characters count as light."""
    out: Matrix = []
    for line in lines:
        pairs = [_DECODE.get(ch, (False, False)) for ch in line]
        out.append([p[0] for p in pairs])
        out.append([p[1] for p in pairs])
    return out
