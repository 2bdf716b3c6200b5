"""core.match: the order of a small hand-built network, the reasons, --near."""

from __future__ import annotations

import pytest

from devhub_tui.core.match import (
    Candidate,
    Near,
    parse_near,
    parse_technologies,
    proximity,
    rank,
    reasons_text,
)
from devhub_tui.core.validation import ValidationError

DAY = 86_400_000
NOW = 1_795_600_000_000 + 15 * 3_600_000  # 2026-11-25 15:00 UTC (Berlin UTC+1, London UTC+0)
ASKED = ["rust", "webassembly"]

NETWORK = [
    Candidate("e", "Eve", ("rust",)),
    Candidate("a", "Ada", ("rust", "webassembly"), (), 6, NOW - 3 * DAY, "Europe/Berlin"),
    Candidate("z", "Zed"),  # nothing asked (a store never returns them, rank drops them)
    Candidate("b", "Bob", ("rust",), ("webassembly",), 12, NOW - 10 * DAY, "Europe/Paris"),
    Candidate("d", "Dee", (), ("rust",), 3, NOW - 100 * DAY, None, "Berlin, DE"),
    Candidate("c", "Cy", ("rust", "webassembly"), (), 0, None, "Europe/London"),
    Candidate("abe", "abe", ("rust",)),
    Candidate("y", "Yas", ("rust",), (), 1, NOW - 400 * DAY, "Asia/Tokyo", "Tokyo"),
]


def names(matches: list) -> list[str]:
    return [m.name for m in matches]


def test_order_without_near() -> None:
    ranked = rank(NETWORK, ASKED, None, NOW)
    # Ada 40+40 + 6 talks (12) + last 3 days (10) = 102; Bob 40 + 20 (talked about
    # wasm) + 12 talks (24) + 10 = 94; Cy 80; Yas 40 + 2 (a talk, old: no recency);
    # abe and Eve 40 (a tie: by name, case-folded); Dee 20 + 6 + 3 = 29
    assert names(ranked) == ["Ada", "Bob", "Cy", "Yas", "abe", "Eve", "Dee"]
    assert [m.score for m in ranked] == [102, 94, 80, 42, 40, 40, 29]


def test_order_near_a_time_zone() -> None:
    ranked = rank(NETWORK, ASKED, parse_near("Europe/Berlin"), NOW)
    # Ada +15 (same zone), Bob +12 (Paris: same offset now), Cy +6 (London: 1 h),
    # Dee +15 (lives in Berlin), Yas nothing (Tokyo: 8 h)
    assert names(ranked) == ["Ada", "Bob", "Cy", "Dee", "Yas", "abe", "Eve"]
    assert [m.score for m in ranked] == [117, 106, 86, 44, 42, 40, 40]
    by = {m.name: m for m in ranked}
    assert reasons_text(by["Ada"]) == (
        "rust, webassembly · 6 talks this year · last talked 3 days ago · same time zone")
    assert reasons_text(by["Bob"]) == (
        "rust · talked about webassembly · 12 talks this year · last talked 10 days ago"
        " · same UTC offset")
    assert by["Cy"].reasons == ("rust, webassembly", "no talks this year", "1 h apart")
    assert by["Dee"].reasons == ("talked about rust", "3 talks this year", "in Berlin, DE")
    assert by["Bob"].skills == ("rust",) and by["Bob"].topics == ("webassembly",)


def test_near_a_place_text_and_a_city() -> None:
    ranked = rank(NETWORK, ASKED, parse_near("tokyo"), NOW)
    assert parse_near("tokyo") == Near("tokyo", "Asia/Tokyo")
    assert ranked[3].name == "Yas" and ranked[3].reasons[-1] == "in Tokyo"
    lisbon = parse_near("Bay Area")
    assert lisbon.zone is None
    assert proximity(lisbon, "America/Los_Angeles", "SF Bay Area", NOW) == (15, "in SF Bay Area")
    assert proximity(lisbon, "America/Los_Angeles", None, NOW) == (0, None)
    # whole words only: "a" is no place in "Lagos", "york" is one in "New York"
    assert proximity(parse_near("a"), None, "Lagos", NOW) == (0, None)
    assert proximity(parse_near("york"), None, "New York, NY", NOW) == (15, "in New York, NY")
    assert proximity(parse_near("sao paulo"), None, "São Paulo", NOW)[0] == 15


def test_ties_are_deterministic_whatever_the_input_order() -> None:
    twins = [Candidate(cid, "Sam", ("rust",)) for cid in ("3", "1", "2")]
    assert [m.contact_id for m in rank(twins, ["rust"], None, NOW)] == ["1", "2", "3"]
    assert [m.contact_id for m in rank(list(reversed(twins)), ["rust"], None, NOW)] == [
        "1", "2", "3"]


def test_limit_and_talks_are_capped() -> None:
    busy = Candidate("x", "Busy", ("rust",), (), 500, NOW)
    [m] = rank([busy], ["rust"], None, NOW, limit=1)
    assert m.score == 40 + 24 + 10  # 12 talks at most count
    assert m.reasons == ("rust", "500 talks this year", "last talked today")
    assert rank(NETWORK, ASKED, None, NOW, limit=2)[1].name == "Bob"


def test_parse_technologies_normalises() -> None:
    assert parse_technologies("Rust wasm, k8s  rust") == ["rust", "webassembly", "kubernetes"]
    assert parse_technologies(["golang", "ts,js"]) == ["go", "typescript", "javascript"]
    with pytest.raises(ValidationError, match="name a technology"):
        parse_technologies("  , ")
    with pytest.raises(ValidationError):
        parse_technologies("rust $$$")


def test_parse_near() -> None:
    assert parse_near("europe/berlin") == Near("europe/berlin", "Europe/Berlin")
    assert parse_near("UTC").zone == "UTC"
    assert parse_near("new york").zone == "America/New_York"
    assert parse_near("Somewhere Else") == Near("Somewhere Else", None)
    with pytest.raises(ValidationError):
        parse_near("   ")


def test_offsets_follow_daylight_saving() -> None:
    july = 1_783_000_000_000  # 2026-07-02: London UTC+1, Lisbon UTC+1, Berlin UTC+2
    berlin = parse_near("Europe/Berlin")
    assert proximity(berlin, "Europe/London", None, july) == (6, "1 h apart")
    assert proximity(parse_near("Europe/London"), "Europe/Lisbon", None, july) == (
        12, "same UTC offset")
    assert proximity(berlin, "America/New_York", None, july) == (0, None)
    assert proximity(parse_near("Asia/Kolkata"), "Asia/Dubai", None, NOW) == (
        6, "1.5 h apart")
