"""`TrackBoard`: the tracks of one kind as a board, one column a stage (issue 19).

One widget draws every column line by line (Textual's line API), so a board of
thousands of cards costs what the screen shows, not what the board holds. A card
is two lines (its title; its next step and due date, or its contact) and a gap.
The cursor is a (column, card) pair: left/right change column (the card keeps its
row as far as the column allows), up/down/page/home/end move in the column, and
each column scrolls on its own to keep its cursor in view. Cards are
`rich.text.Text` built from user text (never markup). The screen moves cards
between stages; the board only shows them and says which one is highlighted.
"""

from __future__ import annotations

import datetime as _dt
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.color import Color
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget

from devhub_tui.storage.tracks import Board, Card

__all__ = ["CARD_LINES", "TrackBoard"]

#: lines a card takes: title, detail, gap
CARD_LINES = 3
#: lines above the cards: the column titles and a rule
HEAD_LINES = 2


class TrackBoard(Widget, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "column(-1)", "Left", show=False),
        Binding("right", "column(1)", "Right", show=False),
        Binding("up", "card(-1)", "Up", show=False),
        Binding("down", "card(1)", "Down", show=False),
        Binding("pageup", "page(-1)", "Page up", show=False),
        Binding("pagedown", "page(1)", "Page down", show=False),
        Binding("home", "card(-1000000)", "First", show=False),
        Binding("end", "card(1000000)", "Last", show=False),
        Binding("enter", "select", "Open", show=False),
    ]
    DEFAULT_CSS = """
    TrackBoard {
        height: 1fr;
        background: $surface;
        color: $foreground;
        &:focus {
            background-tint: $foreground 5%;
        }
    }
    """

    class Selected(Message):
        """Enter (or a click) on a card."""

        def __init__(self, board: TrackBoard, card: Card) -> None:
            super().__init__()
            self.board = board
            self.card = card

        @property
        def control(self) -> TrackBoard:
            return self.board

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.board: Board | None = None
        self.today = _dt.date.today()
        self.column = 0
        self.rows: list[int] = []
        self.tops: list[int] = []
        #: (column, rows, tops) of the kinds not shown
        self._places: dict[str, tuple[int, list[int], list[int]]] = {}

    # -- data ---------------------------------------------------------------------
    def show(self, board: Board, today: _dt.date, *, keep: str | None = None) -> None:
        """Show `board`; the cursor goes to the card `keep` (a track id) when the
        board has it, else stays where it was as far as the board allows."""
        old = self.board
        self.board = board
        self.today = today
        n = len(board.columns)
        if old is not None and old.kind != board.kind:  # each kind keeps its place
            self._places[old.kind] = (self.column, self.rows, self.tops)
        if old is None or old.kind != board.kind or len(self.rows) != n:
            place = self._places.pop(board.kind, None)
            if place is not None and len(place[1]) == n:
                self.column, self.rows, self.tops = place[0], list(place[1]), list(place[2])
            else:  # the first stage with cards
                self.column = next((c for c, stage in enumerate(board.columns)
                                    if board.cards.get(stage)), 0)
                self.rows, self.tops = [0] * n, [0] * n
        if keep is not None:
            for c, stage in enumerate(board.columns):
                ids = [card.id for card in board.cards.get(stage, [])]
                if keep in ids:
                    self.column, self.rows[c] = c, ids.index(keep)
                    break
        self.column = min(self.column, max(0, n - 1))
        for c in range(n):
            self.rows[c] = max(0, min(self.rows[c], len(self._cards(c)) - 1))
        self._scroll_into_view()
        self.refresh()

    def _cards(self, column: int) -> list[Card]:
        if self.board is None or not 0 <= column < len(self.board.columns):
            return []
        return self.board.cards.get(self.board.columns[column], [])

    @property
    def stage(self) -> str | None:
        """The highlighted column's stage."""
        if self.board is None or not self.board.columns:
            return None
        return self.board.columns[self.column]

    @property
    def current(self) -> Card | None:
        """The highlighted card, if the column has any."""
        cards = self._cards(self.column)
        return cards[self.rows[self.column]] if cards else None

    # -- moving -----------------------------------------------------------------------
    def _visible_cards(self) -> int:
        return max(1, (self.size.height - HEAD_LINES) // CARD_LINES)

    def _scroll_into_view(self) -> None:
        if not self.rows:
            return
        c, shown = self.column, self._visible_cards()
        if self.rows[c] < self.tops[c]:
            self.tops[c] = self.rows[c]
        elif self.rows[c] >= self.tops[c] + shown:
            self.tops[c] = self.rows[c] - shown + 1

    def action_column(self, step: int) -> None:
        if self.board is None or not self.board.columns:
            return
        row = self.rows[self.column]
        self.column = max(0, min(self.column + step, len(self.board.columns) - 1))
        self.rows[self.column] = max(0, min(row, len(self._cards(self.column)) - 1))
        self._scroll_into_view()
        self.refresh()

    def action_card(self, step: int) -> None:
        cards = self._cards(self.column)
        if not cards:
            return
        self.rows[self.column] = max(0, min(self.rows[self.column] + step, len(cards) - 1))
        self._scroll_into_view()
        self.refresh()

    def action_page(self, pages: int) -> None:
        self.action_card(pages * self._visible_cards())

    def action_select(self) -> None:
        card = self.current
        if card is not None:
            self.post_message(self.Selected(self, card))

    def on_click(self, event: events.Click) -> None:
        if self.board is None or not self.board.columns or event.y < HEAD_LINES:
            return
        c = min(event.x // max(1, self._col_width()), len(self.board.columns) - 1)
        row = self.tops[c] + (event.y - HEAD_LINES) // CARD_LINES
        if row < len(self._cards(c)):
            self.column, self.rows[c] = c, row
            self.refresh()
            self.action_select()

    def on_resize(self) -> None:
        self._scroll_into_view()

    def on_focus(self) -> None:
        self.refresh()

    def on_blur(self) -> None:
        self.refresh()

    # -- drawing -------------------------------------------------------------------
    def _col_width(self) -> int:
        n = len(self.board.columns) if self.board else 1
        return max(8, self.size.width // max(1, n))

    def _cursor_style(self) -> Style:
        theme = self.app.theme_variables
        if self.has_focus:
            back = Color.parse(theme["block-cursor-background"])
            return Style(color=back.get_contrast_text(0.87).rich_color, bgcolor=back.rich_color,
                         bold=True)
        back = self.background_colors[1] + Color.parse(theme["block-cursor-blurred-background"])
        return Style(bgcolor=back.rich_color)

    def _head(self, column: int) -> Text:
        assert self.board is not None
        stage = self.board.columns[column]
        count = self.board.counts.get(stage, 0)
        shown = len(self._cards(column))
        terminal = stage in self.board.terminal
        text = Text(stage, style="bold dim" if terminal else "bold")
        text.append(f" {count:,}" if shown == count else f" {shown} of {count:,}",
                    style="dim")
        if column == self.column:
            text.stylize("underline", 0, len(stage))
        return text

    def _card_line(self, card: Card, line: int) -> Text:
        if line == 0:
            return Text(card.title, style="bold")
        if card.next_step and card.next_due:
            late = card.next_due < self.today.isoformat()
            today = card.next_due == self.today.isoformat()
            when = "today" if today else card.next_due[5:]
            text = Text("→ ", style="dim")
            text.append(when, style="bold red" if late else "bold dark_orange" if today else "")
            text.append(f" {card.next_step}")
            return text
        who = card.contact + (f" +{card.contacts - 1}" if card.contacts > 1 else "")
        return Text(who or "no contact", style="dim")

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        base = self.rich_style
        if self.board is None or not self.board.columns:
            return Strip.blank(width, base)
        col_w = self._col_width()
        console = self.app.console
        segments: list[Segment] = []
        cursor = self._cursor_style()
        for c in range(len(self.board.columns)):
            w = col_w if c < len(self.board.columns) - 1 else max(0, width - col_w * c)
            if w <= 0:
                break
            style = base
            if y == 0:
                cell = self._head(c)
            elif y == 1:
                cell = Text("─" * (w - 2), style="dim")
            else:
                index, line = divmod(y - HEAD_LINES, CARD_LINES)
                index += self.tops[c]
                cards = self._cards(c)
                cell = Text("")
                if index < len(cards) and line < CARD_LINES - 1:
                    cell = self._card_line(cards[index], line)
                    if c == self.column and index == self.rows[c]:
                        style = base + cursor
            cell = cell.copy()
            cell.truncate(max(0, w - 2), overflow="ellipsis")
            pad = w - 1 - cell.cell_len
            row = [Segment(" "), *cell.render(console), Segment(" " * max(0, pad - 1))]
            segments.extend(Segment.apply_style(row, style))
            segments.append(Segment("│" if c < len(self.board.columns) - 1 else " ",
                                    base + Style(dim=True)))
        return Strip(segments).adjust_cell_length(width, base)
