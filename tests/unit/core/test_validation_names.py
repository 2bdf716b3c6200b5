"""Names that look like something else: invisible-only names and bidi controls."""

from __future__ import annotations

import pytest

from devhub_tui.core.validation import ValidationError, validate_name


@pytest.mark.parametrize(
    "raw",
    [
        "\u200b",  # zero-width space
        "\u200b\u200c\u200d\u2060\ufeff",  # ZWSP, ZWNJ, ZWJ, word joiner, BOM
        " \u200b \u200b ",
        "\u3164\u115f",  # Hangul fillers
        "\u202e\u200b",  # a bidi override and nothing to show
        "\u0301",  # a combining accent on nothing
    ],
)
def test_a_name_of_invisible_characters_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError, match="name (has no visible characters|is required)"):
        validate_name(raw)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Eve \u202egnp.exe\u202c", "Eve gnp.exe"),  # RLO ... PDF
        ("\u202aA\u202b\u202dB\u202e", "AB"),  # LRE, RLE, LRO, RLO
        ("\u2066Mallory\u2069 \u2067x\u2068", "Mallory x"),  # isolates
        ("Ada \u202e Lovelace", "Ada Lovelace"),  # no double space left behind
    ],
)
def test_bidi_controls_are_stripped_from_names(raw: str, expected: str) -> None:
    assert validate_name(raw) == expected


@pytest.mark.parametrize(
    "raw", ["José", "e\u0301", "👩\u200d💻", "محمد", "Zoë\u200dX", "李 小龙"]
)
def test_real_names_keep_their_joiners_and_marks(raw: str) -> None:
    assert validate_name(raw) == raw
