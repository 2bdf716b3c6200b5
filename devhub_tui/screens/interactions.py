"""Interactions (`i`)."""

from __future__ import annotations

from .placeholder import PlaceholderScreen


class InteractionsScreen(PlaceholderScreen):
    heading = "Interactions"
    coming = "Everything you logged will be listed here."
