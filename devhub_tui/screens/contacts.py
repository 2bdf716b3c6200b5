"""Contacts (`c`)."""

from __future__ import annotations

from .placeholder import PlaceholderScreen


class ContactsScreen(PlaceholderScreen):
    heading = "Contacts"
    coming = "Your contacts will be listed here."
