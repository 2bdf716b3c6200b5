"""`?`: the keys of the screen you are on, then every key, where it works and what
it does.

The first table is read from the screen itself (its bindings, shown in the footer
or not, with their tooltips, and the keys its lists handle, `HELP_KEYS`), so it
can't drift from what the keys do."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

KEYS: list[tuple[str, str, str]] = [
    ("d  c  i  b  E", "anywhere", "dashboard, contacts, interactions, tracks, events"),
    ("w  g", "anywhere", "who knows… (contacts ranked by a technology), the tech stack chart"),
    ("l", "anywhere", "quick log (on a contact's screen or a dashboard row: that contact)"),
    ("n", "anywhere", "new contact (conference mode: name, Tab, one line of notes, Enter)"),
    ("r", "anywhere", "Quick Connect (QR); conference mode: the event's sign-up QR"),
    ("/", "lists", "search / filter (contacts: also skill:rust topic:wasm industry:X"
     " relationship:X event:\"NAME\")"),
    ("ctrl+p", "anywhere", "command palette: jump to any contact, run any action"),
    ("?", "anywhere", "this help"),
    ("escape", "anywhere", "close the modal / go back"),
    ("q", "top-level screens", "quit"),
    ("e v f s x", "contact screen", "edit, VIP editor, follow-up, snooze, delete (asks first)"),
    ("V  a", "contact screen", "make VIP / not VIP (details kept), archive / unarchive"),
    ("z  +", "contact screen", "set the time zone their location suggests (when it does);"
     " add the #topics you often talk about as their skills"),
    ("f  G", "contacts", "filter by skill, industry or relationship; group by them"),
    ("V  S", "dashboard", "the VIP view, settings (cadence defaults, reachable hours, stages)"),
    ("[ ] k v a", "tracks", "move a card to the previous / next stage, kind, board / list, add"),
    ("space  f", "tracks, a track", "complete the next step (asks for the next one), set it"),
    ("enter f m a", "events", "who you met there, follow up all, conference mode on / off,"
     " add an event"),
    ("t  enter", "tech stack", "skills / topics discussed, the contacts behind a bar"),
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
    "  ctrl+n           an unknown name before a type: create that contact and log\n"
    "  +word            link it to a track (its slug, or the start of a title word);\n"
    "                   a link (https://...) in the note is a resource you shared"
)


#: Screens by class name, as the help names them (others: their HELP_TITLE).
TITLES = {"DashboardScreen": "Dashboard", "ContactsScreen": "Contacts",
          "InteractionsScreen": "Interactions", "ContactScreen": "Contact",
          "VipScreen": "VIPs", "QuickConnectScreen": "Quick Connect",
          "TracksScreen": "Tracks", "TrackScreen": "Track", "EventsScreen": "Events"}
#: Keys every list takes.
LIST_KEYS = ("↑ ↓ j k pgup pgdn",
             "move in a list; home / end: the first / last row (tab: the next list or field)")


def screen_keys(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(key, what it does) for the keys `screen` itself binds (devhub's: they carry an
    id), footer or not, then the keys its lists handle (its `HELP_KEYS`)."""
    app = screen.app
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for node, binding, _enabled, tooltip in screen.active_bindings.values():
        if node is not screen or not binding.id or binding.action in seen:
            continue  # (Textual's own screen keys, tab and copy, carry no id)
        seen.add(binding.action)
        keys = [k for k, b in screen.active_bindings.items()
                if b.node is screen and b.binding.action == binding.action]
        shown = "  ".join(app.get_key_display(screen.active_bindings[k].binding)
                          for k in keys)
        does = tooltip or binding.tooltip or binding.description
        rows.append((shown, does))
    rows.extend(getattr(screen, "HELP_KEYS", []))
    return rows


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close", id="help.close",
                tooltip="Close the help"),
    ]

    def __init__(self, screen: Screen[Any] | None = None) -> None:
        super().__init__()
        #: the screen the help was asked on
        self.for_screen = screen

    def _screen_table(self) -> Table | None:
        screen = self.for_screen
        if screen is None:
            return None
        rows = screen_keys(screen)
        if not rows:
            return None
        name = TITLES.get(type(screen).__name__) or getattr(screen, "HELP_TITLE", "")
        table = Table(title=f"Keys here{': ' + name if name else ''}", expand=True)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("does")
        for key, does in rows:
            table.add_row(Text(key), Text(does))
        table.add_row(Text(LIST_KEYS[0]), Text(LIST_KEYS[1]))
        return table

    def compose(self) -> ComposeResult:
        here = self._screen_table()
        table = Table(title="devhub keys", expand=True, show_lines=False)
        table.add_column("key", style="bold", no_wrap=True)
        table.add_column("where")
        table.add_column("does")
        for key, where, does in KEYS:
            table.add_row(key, where, does)
        with VerticalScroll(id="help-body"):
            if here is not None:
                yield Static(here, id="help-here")
            yield Static(table, id="help-all")
            yield Static(Text(QUICK_LOG), id="help-quicklog")
            yield Static(Text("escape to close"), classes="help-hint")

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
