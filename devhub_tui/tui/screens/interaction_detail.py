"""One interaction, read only, with its whole note (Enter on a timeline or list row).

Lists show a note's first line (an ellipsis says there is more); this view shows
all of it, scrollable however long it is. From here `e` edits it and `x` deletes it
(asks first); escape closes. The interaction editor (`interaction_editor.py`) opens
it, for the contact screen's timeline and the interactions screen alike.
"""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from devhub_tui.core.dates import humanize_ago, ms_to_date
from devhub_tui.services.session import Session
from devhub_tui.storage.store import Interaction
from devhub_tui.tui.screens.saving import key_label


def note_preview(notes: str) -> Text:
    """A note as one list cell: its first line, and " …" when there are more lines.

    A first line too long for its column is cut with an ellipsis where it is drawn
    (`overflow="ellipsis"`); either way the list shows that there is more to read."""
    first, _, rest = notes.strip().partition("\n")
    first = " ".join(first.split())
    if rest.strip():
        first = f"{first} …" if first else "…"
    return Text(first, no_wrap=True, overflow="ellipsis")


#: Rows of the view that are not the note: borders, title, date, buttons, margins.
CHROME = 9


class InteractionDetail(ModalScreen[str | None]):
    """Dismisses with "edit", "delete" or None (closed)."""

    BINDINGS = [
        Binding("escape,enter", "close", "Close", id="detail.close", tooltip="Close"),
        Binding("e", "choose('edit')", "Edit", id="detail.edit", tooltip="Edit this interaction"),
        Binding("x", "choose('delete')", "Delete", id="detail.delete",
                tooltip="Delete this interaction (asks first)"),
    ]
    AUTO_FOCUS = "#detail-notes"

    def __init__(self, session: Session, ix: Interaction) -> None:
        super().__init__()
        self.session = session
        self.ix = ix
        self.now_ms = session.clock()

    def compose(self) -> ComposeResult:
        ix = self.ix
        with Vertical(classes="modal-card", id="detail-card"):
            title = Text(ix.type, style="bold")
            title.append(" with ")
            title.append(ix.contact_name, style="bold")
            yield Static(title, classes="modal-title")
            when = Text(ms_to_date(ix.date).isoformat())
            when.append(f" ({humanize_ago(ix.date, self.now_ms)})")
            if ix.updated_at > ix.created_at:
                when.append(f" · edited {ms_to_date(ix.updated_at).isoformat()}", style="dim")
            yield Static(when, id="detail-when", classes="summary")
            with VerticalScroll(id="detail-notes"):
                notes = ix.notes.strip()
                yield Static(Text(notes) if notes else Text("No notes.", style="dim"),
                             id="detail-text")
                yield Static("", id="detail-links")  # tracks, resources (issue 19)
            with Horizontal(classes="modal-buttons"):
                yield Button(key_label("Edit", "e"), id="detail-edit", variant="primary",
                             action="screen.choose('edit')", compact=True)
                yield Button(key_label("Delete", "x"), id="detail-delete", variant="error",
                             action="screen.choose('delete')", compact=True)
                yield Button(key_label("Close", "esc"), id="detail-close",
                             action="screen.close", compact=True)

    def on_mount(self) -> None:
        from devhub_tui.tui.screens.interaction_links import show_links

        show_links(self, self.session, self.ix.id)

    def on_resize(self, event: events.Resize) -> None:
        # the note scrolls in what the screen leaves it: the buttons always show
        notes = self.query_one("#detail-notes")
        notes.styles.max_height = max(2, event.size.height - CHROME)

    def action_choose(self, what: str) -> None:
        self.dismiss(what)

    def action_close(self) -> None:
        self.dismiss(None)
