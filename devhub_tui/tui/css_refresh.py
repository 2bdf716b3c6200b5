"""The app re-reads its stylesheets only when something they depend on changed.

Textual calls `App.refresh_css()` (a full re-parse of every stylesheet, then a
restyle of every widget: 30-40 ms for devhub's) whenever a screen it shows has not
seen the latest stylesheet -- which a screen built a moment ago never has: the
first d, c or i, a sign-in, and every return to a mode after a theme change paid
for it, although a new screen is styled from the current stylesheet as it mounts.

An app with this mixin remembers what its stylesheet was last built from -- the CSS
variables (the theme's colours and the app's own), the app's classes (the theme's
`-dark-mode`...), the ANSI colour settings -- and a `refresh_css` with all of
these unchanged does nothing: its result would be the stylesheet the app has.
A theme change still restyles every screen, shown or not (Textual's refresh does
that). Public API only: `refresh_css` and `get_css_variables` are documented
methods of `App`.
"""

from __future__ import annotations

from typing import Any

from textual.app import App

__all__ = ["RefreshesCssWhenChanged"]


class RefreshesCssWhenChanged(App):
    """Mixin for the app: see the module docstring."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Textual built the stylesheet from these in App.__init__
        self.css_built_from: tuple[object, ...] = self.css_inputs()

    def css_inputs(self) -> tuple[object, ...]:
        """What the app's stylesheet is built from."""
        return (
            tuple(self.get_css_variables().items()),
            frozenset(self.classes),
            self.ansi_color,
            id(self.ansi_theme_dark),
            id(self.ansi_theme_light),
        )

    def refresh_css(self, animate: bool = True) -> None:
        inputs = self.css_inputs()
        if inputs == self.css_built_from:
            return  # re-parsing would give back the stylesheet the app has
        super().refresh_css(animate)
        self.css_built_from = inputs
