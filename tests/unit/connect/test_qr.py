"""connect.qr: QR matrix -> half-block text, fitting, and a real decode (zbar)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devhub_tui.connect.qr import (
    MIN_QUIET,
    PREFERRED_QUIET,
    PayloadTooLargeError,
    best_fit,
    half_block_cells,
    half_block_lines,
    lines_to_matrix,
    qr_lines,
    qr_matrix,
    rendered_size,
    with_quiet_zone,
)
from tests.connect_support import same_payload, text_to_png, zbar_decode


def test_matrix_is_square_and_has_finder_patterns() -> None:
    m = qr_matrix("hello")
    assert len(m) == 21 and all(len(row) == 21 for row in m)  # version 1
    # top-left finder: a 7x7 dark ring with a 3x3 dark centre
    assert all(m[0][:7]) and all(m[6][:7])
    assert m[1][1] is False and m[2][2] is True


def test_quiet_zone_surrounds_the_code() -> None:
    m = qr_matrix("hello")
    framed = with_quiet_zone(m, 4)
    assert len(framed) == 29
    assert not any(framed[0]) and not any(framed[-1])
    assert all(not row[0] and not row[-1] for row in framed)
    assert framed[4][4:11] == m[0][:7]


def test_half_blocks_pair_rows_top_and_bottom() -> None:
    matrix = [[True, False, True, False], [True, True, False, False]]
    assert half_block_lines(matrix) == ["█▄▀ "]
    # odd number of rows: the last half-row is light
    assert half_block_lines([[True, False]]) == ["▀ "]
    # scale 2: each module is two columns and two half-rows (one text row)
    assert half_block_lines([[True, False]], scale=2) == ["██  "]
    assert half_block_cells([[True], [False]]) == [[(True, False)]]
    with pytest.raises(ValueError):
        half_block_lines(matrix, scale=0)


def test_lines_round_trip_to_matrix() -> None:
    framed = with_quiet_zone(qr_matrix("round trip"), 2)
    lines = half_block_lines(framed)
    back = lines_to_matrix(lines)
    assert back[: len(framed)] == framed


def test_best_fit_picks_largest_scale_then_larger_quiet_zone() -> None:
    # 25 modules: with a 4-module quiet zone 33, with 2 -> 29
    assert best_fit(25, 33, 17).scale == 1 and best_fit(25, 33, 17).quiet == PREFERRED_QUIET
    fit = best_fit(25, 30, 15)
    assert fit is not None and fit.scale == 1 and fit.quiet == MIN_QUIET
    assert best_fit(25, 28, 40) is None  # too narrow even with the minimum quiet zone
    big = best_fit(25, 200, 100)
    assert big is not None and big.scale == 6 and big.quiet == PREFERRED_QUIET
    cols, rows = rendered_size(25 + 2 * big.quiet, big.scale)
    assert cols <= 200 and rows <= 100


def test_too_much_data_is_a_clear_error() -> None:
    with pytest.raises(PayloadTooLargeError, match="too much to fit"):
        qr_matrix("x" * 4000)


@pytest.mark.parametrize("scale", [1, 2])
def test_printed_code_decodes_with_zbar(tmp_path: Path, scale: int) -> None:
    payload = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Zoë Ångström\r\nEND:VCARD\r\n"
    png = text_to_png(qr_lines(payload, scale=scale), tmp_path / "qr.png")
    decoded = zbar_decode(png)
    assert decoded and same_payload(decoded[0], payload)
