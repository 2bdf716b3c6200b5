"""What the contact screen shows, loaded in one go (issue 17: out of contact.py):
the `ContactView` dataclass and `load_contact_view`, run by the screen's thread
worker (it queries the store; no textual here)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.localtime import DEFAULT_HOURS, ReachableHours
from devhub_tui.core.skills import suggest_skills
from devhub_tui.core.status import effective_cadence
from devhub_tui.storage.store import Contact, ContactExtras, FollowUp, Interaction, VipData
from devhub_tui.tui.screens.contact_tracks import load_contact_tracks

__all__ = ["ContactView", "load_contact_view"]


@dataclass
class ContactView:
    contact: Contact
    interactions: list[Interaction]
    follow_ups: list[FollowUp]
    vip: VipData
    cadence: int | None
    types: list[str]
    extras: ContactExtras = field(default_factory=ContactExtras)
    #: open tracks, stage changes, resources shared (issue 19: contact_tracks.py)
    tracks: Any = None
    #: what you talk about: each #topic of their notes with its count, most first
    topics: list[tuple[str, int]] = field(default_factory=list)

    #: the account's reachable hours (issue 21)
    hours: ReachableHours = DEFAULT_HOURS

    @property
    def suggested_skills(self) -> list[str]:
        """Topics talked about twice or more that are not skills yet (issue 20)."""
        return suggest_skills(self.topics, self.contact.skills)


def load_contact_view(store: Any, contact_id: str) -> ContactView:
    """Everything the screen shows about one contact (in a thread worker: it queries).

    Raises the store's NotFoundError when the contact is gone."""
    contact = store.get_contact(contact_id)
    return ContactView(
        contact=contact,
        interactions=store.list_interactions(contact_id=contact_id, limit=500),
        follow_ups=store.list_follow_ups(contact_id=contact_id),
        vip=store.get_vip(contact_id),
        cadence=effective_cadence(contact.cadence_days, contact.vip, contact.importance,
                                  store.cadence_defaults()),
        types=store.types(),
        extras=store.contact_extras(contact_id),
        tracks=load_contact_tracks(store, contact_id),  # issue 19
        topics=store.contact_topics(contact_id),  # issue 20
        hours=store.reachable_hours() if contact.timezone else DEFAULT_HOURS,
    )
