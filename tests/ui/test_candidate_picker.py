"""CandidatePicker: the quick log's candidates, drawn line by line
(widgets/candidate_picker.py)."""

from __future__ import annotations

from rich.text import Text
from textual.app import App, ComposeResult
from textual.geometry import Region

from devhub_tui.tui.widgets.candidate_picker import CandidatePicker


class _PickerApp(App[None]):
    def compose(self) -> ComposeResult:
        yield CandidatePicker()


async def test_more_candidates_than_fit_scroll_to_the_highlight_and_repaint_its_lines() -> None:
    """15 candidates in a picker 10 lines tall: highlighting the 13th scrolls it into
    view; moving the highlight then repaints the two lines that changed, where they
    are on screen."""
    app = _PickerApp()
    async with app.run_test(size=(40, 20)) as pilot:
        picker = app.query_one(CandidatePicker)
        picker.set_options(Text(f"Sam Smith {n}") for n in range(15))
        await pilot.pause()
        assert picker.size.height == 10 and picker.option_count == 15
        picker.highlighted = 12
        await pilot.pause()
        assert picker.scroll_offset.y == 3
        assert picker.render_line(9).text.strip() == "Sam Smith 12"
        repainted: list[Region] = []
        picker.refresh = lambda *regions, **kw: repainted.extend(regions)  # type: ignore[method-assign,assignment,misc]
        picker.highlighted = 11
        assert sorted(r.y for r in repainted) == [8, 9]  # screen lines of 11 and 12
        assert picker.highlighted == 11
        picker.highlighted = 99  # out of range: no highlight
        assert picker.highlighted is None
