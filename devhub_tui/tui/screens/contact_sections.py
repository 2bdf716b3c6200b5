"""The contact screen's sections as rich renderables (issue 17: out of contact.py):
the details table, "What we talk about" with the skills it suggests (issue 20), the
VIP table, a follow-up's cells, and the local-time line under the name with the zone
a location suggests (issue 21). Plain functions of a `ContactView`; user text is
always `Text`, never markup."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from devhub_tui.core.birthdays import birthday_text
from devhub_tui.core.dates import humanize_ago, ms_to_date
from devhub_tui.core.localtime import ZoneGuess, guess_zone, local_time
from devhub_tui.storage.store import FollowUp
from devhub_tui.tui.screens.contact_view import ContactView
from devhub_tui.tui.screens.local_time import guess_line, local_time_line
from devhub_tui.tui.widgets.status_badge import status_badge

__all__ = [
    "DETAIL_AFTER", "DETAIL_KINDS", "FIELD_LABELS", "TOPICS_SHOWN", "details_table",
    "follow_up_cells", "their_time_text", "topics_text", "vip_table",
]


FIELD_LABELS = [
    ("nickname", "Nickname"), ("company", "Company"), ("title", "Title"),
    ("email", "Email"), ("github", "GitHub"), ("phone", "Phone"), ("birthday", "Birthday"),
    ("location", "Location"), ("timezone", "Timezone"), ("relationship", "Relationship"),
    ("industry", "Industry"), ("importance", "Importance"),
]


#: what the other details of a contact (contact_details.kind) are called
DETAIL_KINDS = {"email": "Email", "phone": "Phone", "address": "Address", "link": "Link"}
#: ...and the field they are listed after
DETAIL_AFTER = {"email": "email", "phone": "phone", "address": "location", "link": "github"}


def _labelled(label: str, kind: str | None) -> Text:
    """"Phone (cell)": a field's name and, when the file said, its type."""
    text = Text(label)
    if kind:
        text.append(f" ({kind.lower()})", style="not bold")
    return text


def details_table(view: ContactView, now_ms: int) -> Table:
    c = view.contact
    today = ms_to_date(now_ms)
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    status = status_badge(c.status, archived=c.archived)
    if c.snoozed_until and c.status == "snoozed":
        status.append(f"  until {ms_to_date(c.snoozed_until).isoformat()}")
    table.add_row("Status", status)
    table.add_row("Last contacted", Text(humanize_ago(c.last_contacted, now_ms)))
    cadence = f"every {view.cadence} days" if view.cadence else "off (no reminders)"
    if c.cadence_days is None and view.cadence:
        cadence += " (default)"
    table.add_row("Cadence", Text(cadence))
    extras = view.extras
    kinds = {"email": extras.email_label, "phone": extras.phone_label}
    # what an import kept beside them: other emails after the email, and so on
    others: dict[str, list[tuple[str, str, str]]] = {}
    for detail in extras.details:
        others.setdefault(DETAIL_AFTER.get(detail[0], "importance"), []).append(detail)
    for key, label in FIELD_LABELS:
        value = getattr(c, key)
        if value and key == "birthday":
            value = birthday_text(value, today)
        if value:
            table.add_row(_labelled(label, kinds.get(key)), Text(str(value)))
        for kind, kind_label, detail_value in others.get(key, ()):
            table.add_row(_labelled(DETAIL_KINDS.get(kind, kind.capitalize()), kind_label),
                          Text(detail_value))
    table.add_row("Tags", Text(", ".join(c.tags) if c.tags else "none (add with e)"))
    table.add_row("Skills", Text(", ".join(c.skills) if c.skills else "none (add with e)"))
    if c.archived:
        table.add_row("Archived", Text("yes: no reminders (a to unarchive)"))
    if c.notes:
        table.add_row("Notes", Text(c.notes))
    return table


#: Most topics "What we talk about" lists.
TOPICS_SHOWN = 12


def topics_text(view: ContactView) -> Text:
    """"What we talk about": the #topics of their notes with counts, and the topics
    talked about twice or more that are not skills yet, offered with +."""
    if not view.topics:
        return Text("No #topics yet: write “talked about #rust” in a note.", style="dim")
    text = Text()
    for n, (topic, count) in enumerate(view.topics[:TOPICS_SHOWN]):
        if n:
            text.append(" · ", style="dim")
        text.append(topic, style="bold" if topic in view.contact.skills else "")
        text.append(f" ×{count}", style="dim")
    if len(view.topics) > TOPICS_SHOWN:
        text.append(f" · +{len(view.topics) - TOPICS_SHOWN} more", style="dim")
    suggested = view.suggested_skills
    if suggested:
        text.append("\nAdd as skills? ", style="bold")
        text.append(", ".join(suggested))
        text.append("  (+ adds them)", style="dim italic")
    return text


def vip_table(view: ContactView) -> Text | Table:
    if not view.contact.vip:
        if view.vip.is_empty():
            return Text("Not a VIP. Make them one with V (shift+v) or in the edit form (e).",
                        style="dim")
        return Text("Not a VIP any more: their VIP details are kept and show again when "
                    "they are one (V). Edit with v.", style="dim")
    v = view.vip
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    rows = [
        ("Family", v.family), ("Company", v.company), ("Likes & dislikes", v.likes_dislikes),
        ("Notes", v.misc_notes), ("Main app", v.main_app), ("Email", v.email),
        ("Phone", v.phone_number),
    ]
    for label, value in rows:
        if value:
            table.add_row(label, Text(value))
    for link in v.social_links:
        table.add_row(Text(link.get("platform") or "link"), Text(link.get("url", "")))
    table.add_row("", Text("edit with v", style="dim italic"))
    return table


def follow_up_cells(fu: FollowUp, today: str) -> tuple[Text, Text, Text]:
    """Due, state, note: a done follow-up reads `✓ done` and is dimmed as a whole."""
    if fu.done_at:
        return (Text(fu.due, style="dim"), Text("✓ done", style="dim green"),
                Text(fu.note, style="dim"))
    if fu.due < today:
        state = Text("overdue", style="bold red")
    elif fu.due == today:
        state = Text("due today", style="bold dark_orange")
    else:
        state = Text("open")
    return Text(fu.due), state, Text(fu.note)


def their_time_text(view: ContactView, now_ms: int) -> tuple[Text | None, ZoneGuess | None]:
    """The line under the name (issue 21) and the zone guess z would set.

    With a zone: their local time ("14:02 there · UTC+01:00 · reachable"), or why it
    can't be shown. Without one: the zone their location suggests, if any (then the
    guess too). Otherwise (None, None): no line."""
    if view.contact.timezone:
        here = local_time(view.contact.timezone, now_ms, view.hours)
        text = local_time_line(here) if here is not None else Text(
            f"time zone '{view.contact.timezone}' is not one this machine knows:"
            " e changes it (an IANA name like Europe/Berlin)", style="dim")
        return text, None
    guess = guess_zone(view.contact.location)
    return (guess_line(guess) if guess is not None else None), guess
