"""Who knows… and the tech stack, loaded in one go (no Textual here; issue 20).

The Match screen's and the Tech-stack screen's thread workers, `devhub match`,
`devhub stack` and `make bench` all run these: the store reads its candidates or
its aggregate in one statement, `core.match` ranks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from devhub_tui.core.match import Match, Near, parse_near, parse_technologies, rank

__all__ = ["MatchResult", "find_matches", "load_stack"]

#: rows the Match screen shows
SCREEN_LIMIT = 200


@dataclass(frozen=True)
class MatchResult:
    asked: list[str]
    near: Near | None
    matches: list[Match]
    #: candidates found (before the limit)
    found: int


def find_matches(store: Any, technologies: str, near: str | None = None,
                 limit: int | None = None) -> MatchResult:
    """The contacts who know `technologies` ("rust wasm"), best first; `near` a
    time zone or a place. ValidationError (one line) for a bad question."""
    asked = parse_technologies(technologies)
    where = parse_near(near) if near is not None and near.strip() else None
    candidates = store.match_candidates(asked)  # each has an asked skill or topic
    ranked = rank(candidates, asked, where, store.clock(), limit=limit)
    return MatchResult(asked, where, ranked, len(candidates))


def load_stack(store: Any, topics: bool = False) -> Any:
    """The tech stack (`Store.tech_stack`): skills, or topics discussed."""
    return store.tech_stack(topics=topics)
