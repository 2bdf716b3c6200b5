"""`?`: every key, where it works and what it does."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: list[tuple[str, str, str]] = [
    ("d  c  i", "anywhere", "dashboard, contacts, interactions"),
    ("l", "anywhere", "quick log (on a contact's screen or a dashboard row: that contact)"),
    ("n", "anywhere", "new contact"),
    ("r", "anywhere", "Quick Connect (QR)"),
    ("/", "lists", "search / filter"),
    ("ctrl+p", "anywhere", "command palette: jump to any contact, run any action"),
    ("?", "anywhere", "this help"),
    ("escape", "anywhere", "close the modal / go back"),
    ("q", "top-level screens", "quit"),
    ("e v f s x", "contact screen", "edit, VIP editor, follow-up, snooze, delete (asks first)"),
    ("V  a", "contact screen", "make VIP / not VIP (details kept), archive / unarchive"),
    ("V  S", "dashboard", "the VIP view, settings (cadence defaults)"),
    ("p e s m", "Quick Connect", "my card, event sign-up form, stop it, card / event link"),
    ("ctrl+t", "anywhere", "toggle dark / light theme (remembered)"),
]

QUICK_LOG = (
    "Quick log: CONTACT TYPE [NOTE...] [@WHEN]\n"
    "  e.g.  ada coffee talked about rust @yesterday\n"
    "  @WHEN: @today @yesterday @3d @2026-11-20 @fri (today or earlier; what is planned\n"
    "         is a follow-up: f on the contact's screen)\n"
    "  Opened on a contact, the bar shows it as a chip: type TYPE [NOTE...] for them, or\n"
    "         start with another name to log with that contact; ⌫ on an empty line\n"
    "         removes the chip\n"
    "  Tab / shift+tab  cycle through the names or types the word can become\n"
    "  ↑ ↓ then Enter   choose among contacts with the same name (company, email shown)\n"
    "  ctrl+n           an unknown name before a type: create that contact and log"
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]

    def compose(self) -> ComposeResult:
        table = Table(title="devhub keys", expand=True, show_lines=False)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("where")
        table.add_column("does")
        for key, where, does in KEYS:
            table.add_row(key, where, does)
        with VerticalScroll(id="help-body"):
            yield Static(table)
            yield Static(Text(QUICK_LOG), id="help-quicklog")
            yield Static(Text("escape to close", style="dim"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
