"""RowList: the dashboard's lists, drawn line by line (widgets/row_list.py)."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events
from textual.app import App, ComposeResult

from devhub_tui.tui.widgets.row_list import RowList

WIDTH, HEIGHT = 40, 8


class _ListApp(App[None]):
    CSS = "RowList { height: 1fr; } #short { height: auto; }"

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows
        self.chosen: list[str] = []

    def compose(self) -> ComposeResult:
        yield RowList("", "Name", "Why", max_widths=(1, 8, None), id="list")

    def on_mount(self) -> None:
        table = self.query_one(RowList)
        for n in range(self.rows):
            table.add_row(Text("●", style="red"), Text(f"[bold]N{n}[/bold] x"),
                          Text(f"reason {n} " + "long " * 10), key=f"k{n}")
        table.focus()

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        self.chosen.append(event.key)


def _lines(table: RowList) -> list[str]:
    return [table.render_line(y).text for y in range(table.size.height)]


async def test_rows_are_drawn_in_columns_as_typed_and_cut_to_fit() -> None:
    app = _ListApp(3)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)
        lines = _lines(table)
        assert lines[0].rstrip() == "    Name      Why"
        # markup stays text; a column is as wide as its widest cell, up to its limit
        assert lines[1].startswith(" ●  [bold]N…  reason 0 long")
        assert lines[1].endswith("… ") and len(lines[1]) == WIDTH
        assert lines[4:] == [" " * WIDTH] * (HEIGHT - 4)
        assert table.row_count == 3 and str(table.get_row_at(2)[1]) == "[bold]N2[/bold] x"
        table.add_row(Text("●"), Text("Multi\nline"), Text("a note\nover  lines"), key="m")
        await pilot.pause()
        assert _lines(table)[4].startswith(" ●  Multi l…  a note over lines ")


async def test_keys_move_the_cursor_keep_it_in_view_and_enter_chooses() -> None:
    app = _ListApp(30)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)
        await pilot.press("down", "down", "down")
        assert table.cursor_row == 3
        await pilot.press("j", "j", "k")  # vim keys too
        assert table.cursor_row == 4
        await pilot.press("end")
        assert table.cursor_row == 29
        assert _lines(table)[-1].startswith(" ●  [bold]N…  reason 29")  # scrolled to it
        await pilot.press("pageup")
        assert table.cursor_row == 29 - (HEIGHT - 1)
        await pilot.press("home", "enter")
        await pilot.pause()
        assert table.cursor_row == 0 and app.chosen == ["k0"]
        assert _lines(table)[1].startswith(" ●  [bold]N…  reason 0")


async def test_a_click_chooses_its_row_and_the_cursor_shows_focus() -> None:
    app = _ListApp(5)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)

        def cursor_bg(y: int) -> Any:
            return table.render_line(y)._segments[0].style.bgcolor

        focused = cursor_bg(1)
        await pilot.click(RowList, offset=(5, 3))  # the third row
        await pilot.pause()
        assert table.cursor_row == 2 and app.chosen == ["k2"]
        await pilot.click(RowList, offset=(5, 0))  # the header: nothing
        await pilot.pause()
        assert app.chosen == ["k2"]
        assert cursor_bg(3) == focused != cursor_bg(2)
        table.blur()
        await pilot.pause()
        assert cursor_bg(3) not in (focused, cursor_bg(2))  # faint while blurred


class _AutoApp(App[None]):
    def compose(self) -> ComposeResult:
        table = RowList("When", "Name", id="short")
        table.styles.height = "auto"
        yield table

    def on_mount(self) -> None:
        table = self.query_one(RowList)
        for n in range(4):
            table.add_row(Text("today"), Text(f"P{n}"), key=str(n))


async def test_with_an_automatic_height_a_list_is_as_tall_as_its_rows() -> None:
    app = _AutoApp()
    async with app.run_test(size=(WIDTH, HEIGHT + 10)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)
        assert table.size.height == 5  # the header and four rows
        table.clear()
        table.add_row(Text("today"), Text("Solo"), key="s")
        await pilot.pause()
        assert table.size.height == 2 and table.cursor_row == 0


class _LimitedApp(App[None]):
    def compose(self) -> ComposeResult:
        yield RowList("Name", "Note", max_widths=(None, 6))

    def on_mount(self) -> None:
        self.query_one(RowList).add_row(Text("Ada"), Text("send the slides"), key="a")


async def test_the_last_column_stops_at_its_limit_even_with_room_to_spare() -> None:
    app = _LimitedApp()
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        line = app.query_one(RowList).render_line(1).text
        assert line == " Ada   send …" + " " * (WIDTH - 13)


# -- the long lists: FittedList (a RowList with a scrollbar, fitted columns) ----
class _LongApp(App[None]):
    CSS = "FittedList { height: 10; }"

    def __init__(self, rows: int) -> None:
        super().__init__()
        self.rows = rows
        self.chosen: list[str] = []
        self.highlighted: list[int] = []

    def compose(self) -> ComposeResult:
        from devhub_tui.tui.widgets.fitted_list import ColumnSpec, FittedList

        yield FittedList((ColumnSpec("name", "Name", 10, 20, 0),))

    def on_mount(self) -> None:
        from devhub_tui.tui.widgets.fitted_list import FittedList

        table = self.query_one(FittedList)
        table.add_items((f"k{n}", {"name": Text(f"Row {n}")}) for n in range(self.rows))
        table.focus()

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        self.chosen.append(event.key)

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self.highlighted.append(event.index)


async def test_a_long_list_scrolls_under_its_header_the_wheel_scrolls_keys_move() -> None:
    app = _LongApp(40)
    async with app.run_test(size=(WIDTH, 14)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)
        assert table.show_vertical_scrollbar  # 40 rows in 9 lines
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.cursor_row == 39 and app.highlighted[-1] == 39
        lines = _lines(table)
        assert lines[0].startswith(" Name") and lines[-1].startswith(" Row 39")
        await pilot.press("ctrl+home", "down", "down")
        await pilot.pause()
        assert table.cursor_row == 2 and table.top_row == 0
        assert app.highlighted[-3:] == [0, 1, 2]
        # the wheel scrolls what is shown (as DataTable's), the cursor stays
        for _ in range(2):
            table.post_message(events.MouseScrollDown(table, 3, 3, 0, 1, 0, False, False,
                                                      False))
        await pilot.pause()
        assert table.top_row > 0 and table.cursor_row == 2
        assert _lines(table)[1].startswith(f" Row {table.top_row} ")
        await pilot.press("down")  # a key brings the cursor back into view
        await pilot.pause()
        assert table.cursor_row == 3 and table.top_row == 3


async def test_in_a_long_list_a_click_highlights_and_a_click_on_the_cursor_opens() -> None:
    app = _LongApp(5)
    async with app.run_test(size=(WIDTH, 14)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)
        await pilot.click(RowList, offset=(3, 3))  # the third row
        await pilot.pause()
        assert table.cursor_row == 2 and app.chosen == []
        await pilot.click(RowList, offset=(3, 3))
        await pilot.pause()
        assert app.chosen == ["k2"]


async def test_the_row_under_the_mouse_is_highlighted_until_it_leaves() -> None:
    app = _LongApp(5)
    async with app.run_test(size=(WIDTH, 14)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)

        def background(y: int) -> object:
            return list(table.render_line(y))[-1].style.bgcolor  # type: ignore[union-attr]

        plain = background(3)
        await pilot.hover(RowList, offset=(3, 3))
        await pilot.pause()
        assert background(3) != plain
        await pilot.hover(RowList, offset=(3, 11))  # below the rows: none hovered
        await pilot.pause()
        assert background(3) == plain


async def test_without_a_scrollbar_the_wheel_moves_the_cursor() -> None:
    app = _ListApp(30)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)
        assert not table.show_vertical_scrollbar  # the dashboard's lists: no scrollbar
        table.post_message(events.MouseScrollDown(table, 3, 3, 0, 1, 0, False, False, False))
        await pilot.pause()
        assert table.cursor_row > 0


async def test_a_resize_that_changes_nothing_painted_paints_nothing_again() -> None:
    """At start-up the first layout paints every list and then hands each its Resize:
    painting them all again delayed the dashboard's first frame. A change that does
    alter the paint (focus, width) still repaints."""
    app = _ListApp(5)
    async with app.run_test(size=(WIDTH, HEIGHT)) as pilot:
        await pilot.pause()
        table = app.query_one(RowList)
        assert table.has_focus
        repaints: list[object] = []
        refresh = table.refresh

        def counted(*args: Any, **kwargs: Any) -> Any:
            repaints.append(args)
            return refresh(*args, **kwargs)

        table.refresh = counted  # type: ignore[method-assign]
        table.post_message(events.Resize(table.size, table.virtual_size, table.container_size))
        await pilot.pause()
        assert repaints == []
        cursor = table.render_line(1)
        app.set_focus(None)  # the cursor's style changes
        await pilot.pause()
        assert repaints and table.render_line(1) != cursor
        # wider: Textual paints the list again at its new size (then the Resize
        # arrives, and finds that paint already made)
        await pilot.resize_terminal(WIDTH + 10, HEIGHT)
        await pilot.pause()
        line = _lines(table)[1]
        assert len(line) == WIDTH + 10 and line.startswith(" ●  [bold]N…  reason 0 long")
