"""Screens whose full version arrives in a later issue say what is coming."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.widgets import Static

from .base import MainScreen


class PlaceholderScreen(MainScreen):
    heading = ""
    coming = ""

    def compose_body(self) -> ComposeResult:
        with Middle(), Center():
            yield Static(Text(self.heading, style="bold"), classes="placeholder-title")
            yield Static(Text(self.coming), classes="placeholder-body")
