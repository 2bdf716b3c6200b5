"""core/events.py: event tags, tag-only events, names, "met at" notes."""

from __future__ import annotations

import pytest

from devhub_tui.core.events import (
    clean_capture_notes,
    clean_event_name,
    event_tag,
    looks_like_event_tag,
    met_at_note,
    same_event,
)
from devhub_tui.core.validation import ValidationError


@pytest.mark.parametrize(("name", "tag"), [
    ("PyCon DE 2026", "pycon-de-2026"),
    ("  RustFest   Zürich ", "rustfest-zürich"),
    ("C++ Now!", "c++-now"),
    ("!!!", "event"),
])
def test_event_tag(name: str, tag: str) -> None:
    assert event_tag(name) == tag


@pytest.mark.parametrize(("tag", "event"), [
    ("pycon-2026", True), ("kubecon-eu-2025", True), ("fosdem.1999", True),
    ("rust", False), ("2026", False), ("team-2", False), ("pycon-3000", False),
])
def test_looks_like_event_tag(tag: str, event: bool) -> None:
    assert looks_like_event_tag(tag) is event


def test_same_event_by_name_tag_or_spacing() -> None:
    assert same_event("pycon  de 2026", "PyCon DE 2026", "pycon-de-2026")
    assert same_event("pycon-de-2026", "PyCon DE 2026", "pycon-de-2026")
    assert not same_event("pycon", "PyCon DE 2026", "pycon-de-2026")
    assert not same_event("  ", "PyCon DE 2026", "pycon-de-2026")


def test_names_and_notes() -> None:
    assert clean_event_name("  PyCon   2026 ") == "PyCon 2026"
    with pytest.raises(ValidationError, match="an event needs a name"):
        clean_event_name(" ")
    assert met_at_note("PyCon 2026") == "met at PyCon 2026"
    assert met_at_note("PyCon 2026", " wasm ") == "met at PyCon 2026\n\nwasm"
    assert clean_capture_notes("one\nline") == "one line"
    with pytest.raises(ValidationError):
        clean_capture_notes("x" * 501)


def test_date_span() -> None:
    from datetime import date

    from devhub_tui.core.events import date_span

    assert date_span(None, None) == ""
    assert date_span(date(2026, 4, 14), None) == "14 Apr 2026"
    assert date_span(date(2026, 4, 14), date(2026, 4, 14)) == "14 Apr 2026"
    assert date_span(date(2026, 4, 14), date(2026, 4, 17)) == "14–17 Apr 2026"
    assert date_span(date(2026, 4, 30), date(2026, 5, 2)) == "30 Apr–2 May 2026"
    assert date_span(date(2026, 12, 30), date(2027, 1, 2)) == "30 Dec 2026–2 Jan 2027"
