"""Dashboard (`d`): who needs attention."""

from __future__ import annotations

from .placeholder import PlaceholderScreen


class DashboardScreen(PlaceholderScreen):
    heading = "Dashboard"
    coming = "Who needs attention, follow-ups and birthdays will show here."
