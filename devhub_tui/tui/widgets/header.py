"""The header every screen shows: the palette icon and the title, as one widget.

Textual's `Header` is four widgets (itself, the icon, the title, the clock's space)
to mount, style and lay out on every screen. This one draws the same line --
`⭘` on the left (a click opens the command palette), "title — subtitle" centred,
cut with an ellipsis when it does not fit -- by itself, and repaints when the app's
or the screen's title or subtitle change. Titles are shown as typed, never markup.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual import events
from textual.widget import Widget

__all__ = ["Header"]

#: Cells on the left for the icon (Textual's HeaderIcon), and kept free on the right
#: (its clock space), so the title is centred on the screen.
ICON_CELLS = 8
RIGHT_CELLS = 10


class Header(Widget, can_focus=False):
    ALLOW_SELECT = False
    COMPONENT_CLASSES = {"header--icon-hover", "header--sub-title"}
    DEFAULT_CSS = """
    Header {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
        .header--icon-hover {
            background: $foreground 10%;
        }
        .header--sub-title {
            color: $foreground-muted;
        }
    }
    """
    icon = "⭘"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._icon_hover = False

    def on_mount(self) -> None:
        for node in (self.app, self.screen):
            self.watch(node, "title", self._titles_changed, init=False)
            self.watch(node, "sub_title", self._titles_changed, init=False)

    def _titles_changed(self) -> None:
        self.refresh()

    @property
    def screen_title(self) -> str:
        title = self.screen.title
        return title if title is not None else self.app.title

    @property
    def screen_sub_title(self) -> str:
        sub_title = self.screen.sub_title
        return sub_title if sub_title is not None else self.app.sub_title

    def render(self) -> Text:
        width = self.size.width
        line = Text(no_wrap=True, overflow="crop", end="")
        icon_style = Style()
        if self._icon_hover:
            over = self.background_colors[1] + self.get_component_styles(
                "header--icon-hover").background
            icon_style = Style(bgcolor=over.rich_color)
        line.append(f" {self.icon}".ljust(ICON_CELLS), icon_style)
        title = Text(self.screen_title, no_wrap=True, overflow="ellipsis", end="")
        if self.screen_sub_title:
            sub_style = self.get_component_rich_style("header--sub-title", partial=True)
            title.append(" — ", sub_style)
            title.append(self.screen_sub_title, sub_style)
        room = max(0, width - 2 * max(ICON_CELLS, RIGHT_CELLS))
        if title.cell_len > room:
            title.truncate(room, overflow="ellipsis")
        left = max(ICON_CELLS, (width - title.cell_len) // 2)
        line.append(" " * (left - line.cell_len))
        line.append_text(title)
        return line

    def on_mouse_move(self, event: events.MouseMove) -> None:
        over = event.x < ICON_CELLS and self.app.ENABLE_COMMAND_PALETTE
        if over != self._icon_hover:
            self._icon_hover = over
            self.refresh()
        # the app may say what a click on the title does (conference mode: leave it)
        self.tooltip = ("Open the command palette" if over
                        else getattr(self.app, "header_click_tooltip", None))

    def on_leave(self, event: events.Leave) -> None:
        if self._icon_hover:
            self._icon_hover = False
            self.tooltip = None
            self.refresh()

    async def on_click(self, event: events.Click) -> None:
        if event.x < ICON_CELLS and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
        elif getattr(self.app, "header_click_tooltip", None):
            event.stop()
            await self.run_action("app.header_clicked")
