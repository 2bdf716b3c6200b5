"""The search-as-you-type field: an Input whose typing repaints only itself.

Textual's Input stores the text's width as its virtual size, and on Widget that
reactive asks for a layout of the whole screen: every keystroke re-arranged and
re-rendered the screen (the contacts table included) before the filtered list
could even be drawn. The field's size never depends on its text (its width comes
from CSS, its height is one line), so the new width needs a repaint, not a layout;
scrolling long text still reads the same virtual size.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.reactive import Reactive
from textual.widgets import Input


class SearchInput(Input):
    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False)
