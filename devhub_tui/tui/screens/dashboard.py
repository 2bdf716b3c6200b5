"""Dashboard (`d`, the first screen after login): who needs attention, and why.

One worker brings statuses up to date (set-based SQL, only contacts whose time has
come) and loads the queue, stats, the weekly chart, follow-ups, recent
interactions, VIPs and the next steps of open tracks (issue 19); at start-up that
data comes from the start-up thread (startup.py), usually in time for the first
frame. Nothing blocks the UI. The lists are `RowList`s: drawn line by line, cheap
to build on every start.
"""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from devhub_tui.core.birthdays import MONTHS
from devhub_tui.core.dates import humanize_ago, humanize_ago_short
from devhub_tui.core.localtime import LocalTimes
from devhub_tui.core.quicklog import ContactRef
from devhub_tui.core.status import STATUS_LABELS, Status
from devhub_tui.services.dashboard import QUEUE_ROWS, DashboardData, load_dashboard
from devhub_tui.services.session import Session
from devhub_tui.services.startup import Preopen
from devhub_tui.storage.store import Stats
from devhub_tui.tui.messages import FirstDataShown, OpenContact, OpenQuickLog, OpenTrack
from devhub_tui.tui.screens.base import MainScreen
from devhub_tui.tui.screens.dashboard_tracks import show_next_steps, track_in_key
from devhub_tui.tui.screens.local_time import QUEUE_TIME_WIDTH, their_time_cell
from devhub_tui.tui.widgets.row_list import RowList
from devhub_tui.tui.widgets.status_badge import status_badge

#: One-cell markers (no emoji: their width varies between terminals).
KIND_MARK = {"status": ("●", "bold red"), "follow-up": ("↩", "bold cyan"),
             "birthday": ("✦", "bold magenta"), "next-step": ("→", "bold cyan")}


def stats_text(stats: Stats) -> Text:
    def plural(n: int, word: str) -> str:
        return f" {word}{'' if n == 1 else 's'}"

    t = Text()
    t.append(f"{stats.contacts:,}", style="bold")
    t.append(plural(stats.contacts, "contact") + "   ")
    t.append(f"{stats.vips:,}", style="bold magenta")
    t.append(plural(stats.vips, "VIP") + "   ")
    t.append(f"{stats.interactions_this_month:,}", style="bold")
    t.append(plural(stats.interactions_this_month, "interaction") + " this month")
    # like with like: month to date against the same days of last month
    diff = stats.interactions_this_month - stats.interactions_last_month
    arrow = "▲" if diff > 0 else "▼" if diff < 0 else "="
    until = stats.last_month_until
    days = (f" {MONTHS[until.month - 1]} 1–{until.day}" if until is not None
            else " last month")
    t.append(f" ({arrow} vs {stats.interactions_last_month:,} in{days})   ",
             style="green" if diff > 0 else "red" if diff < 0 else "")
    active = sum(v for k, v in stats.status_counts.items() if k != "paused")
    if active:
        t.append(f"{stats.ok_share:.0%}", style="bold green")
        t.append(" of active contacts ok")
    return t


def distribution_text(stats: Stats) -> Text:
    """`○ ok  65,618  ◐ due soon  2,527  …`: one line at 120 columns even at 100k."""
    t = Text()
    for i, status in enumerate(Status):
        if i:
            t.append("  ")
        t.append_text(status_badge(status.value))
        t.append(f" {stats.status_counts.get(status.value, 0):,}")
    return t


#: Cells a name may take in the right column's lists (then an ellipsis), or this
#: share of the list's width when that is more (a wide terminal shows whole names).
SIDE_NAME = 16
SIDE_NAME_LIMIT = (SIDE_NAME, 0.3)


class DashboardScreen(MainScreen):
    #: the footer drops this key first when narrow (it leads here)
    FOOTER_LAST = ("nav.dashboard",)
    #: keys the lists handle themselves, for the help (`?`)
    HELP_KEYS = [("tab", "the next list: follow-ups, recent interactions, VIPs")]
    BINDINGS = [
        Binding("enter", "open", "Open", id="dash.open", tooltip="Open the highlighted contact"),
        Binding("l", "log", "Log", id="dash.log",
                tooltip="Quick log with the highlighted contact"),
        Binding("V", "app.vips", "VIPs", id="dash.vips", tooltip="The VIP view"),
        Binding("S", "app.settings", "Settings", id="dash.settings", show=False,
                tooltip="Reminder cadence defaults, reachable hours, track stages"),
    ]

    def __init__(self, session: Session, *, preopen: Preopen | None = None) -> None:
        super().__init__(session)
        self.data: DashboardData | None = None
        self._names: dict[str, str] = {}
        self.first_load = True
        #: the start-up thread loading the first data (see startup.py), if any
        self._preopen = preopen
        #: the minute the queue's local times were worked out at (issue 21)
        self._minute = -1

    def compose_body(self) -> ComposeResult:
        yield Static(Text("Loading…", style="dim"), id="dash-stats", classes="dash-stats")
        yield Static("", id="dash-dist", classes="dash-dist")
        with Horizontal(id="dash-chart-row"):
            yield Static(Text("interactions / week, last 26 weeks", style="dim"),
                         id="dash-chart-label")
            yield Sparkline([], id="dash-chart")
        with Horizontal(id="dash-main"):
            with Vertical(id="dash-left"):
                yield Static(Text("Needs attention", style="bold"), classes="section-title")
                # "Their time" (issue 21) shows only while someone listed has a zone
                yield RowList("", "Name", "Their time", "Why",
                              max_widths=(1, (30, 0.3), 0, None), id="dash-queue")
                yield Static("", id="dash-queue-empty", classes="empty")
                # issue 19: the next steps of open tracks (Enter opens the track)
                yield Static(Text("Next steps (b for tracks)", style="bold"),
                             classes="section-title", id="dash-steps-title")
                yield RowList("Due", "Track", "Next step", max_widths=(None, (30, 0.3), None),
                              id="dash-steps")
            with Vertical(id="dash-right"):
                yield Static(Text("Upcoming follow-ups", style="bold"), classes="section-title")
                yield RowList("Due", "Name", "Note", max_widths=(None, SIDE_NAME_LIMIT, None),
                              id="dash-followups")
                yield Static(Text("Recent interactions", style="bold"), classes="section-title")
                yield RowList("When", "Name", "Type", max_widths=(None, SIDE_NAME_LIMIT, None),
                              id="dash-recent")
                yield Static(Text("VIPs (V for all)", style="bold"), classes="section-title")
                yield RowList("Name", "Status", "Last",
                              max_widths=(SIDE_NAME_LIMIT, None, None), id="dash-vips")

    def on_mount(self) -> None:
        self.query_one("#dash-queue", RowList).focus()
        # "02:14 there" moves on with the clock: look every few seconds, redraw the
        # queue (a hundred rows, no query) only when the minute has changed
        self.set_interval(5, self.refresh_local_times, name="local-times")
        pre = self._preopen
        if pre is not None and pre.dashboard_ready():
            data = pre.wait_dashboard()  # loaded while Textual imported: no wait
            if data is not None:  # shown in the very first frame
                self._preopen = None
                self.seen_version = self.session.version
                self._show(data)
                return
        self.reload()

    def stale(self) -> bool:
        """Back on the dashboard: reload after a write, or when what it says ("overdue
        by N days") may have aged; not while the first load is still under way."""
        if self.data is None:
            return False
        aged = self.session.clock() - self.data.now > 60_000
        return aged or super().stale()

    @work(thread=True, exclusive=True, exit_on_error=False, group="dashboard")
    def load(self) -> None:
        if not self.session.signed_in:
            return
        pre, self._preopen = self._preopen, None
        data = pre.wait_dashboard() if pre is not None else None  # still loading: join it
        if data is None:
            data = load_dashboard(self.session.store, recompute=self.first_load)
        self.app.call_from_thread(self._show, data)

    def _show(self, data: DashboardData) -> None:
        if self.data is None:  # the first data: once it is painted, start-up is over
            self.call_after_refresh(self.post_message, FirstDataShown())
        self.first_load = False
        self.data = data
        #: every listed contact's full name (cells may show it cut short)
        self._names = {item.contact_id: item.name for item in data.queue}
        self._names.update((f.contact_id, f.contact_name) for f in data.follow_ups)
        self._names.update((i.contact_id, i.contact_name) for i in data.recent)
        self._names.update((c.id, c.name) for c in data.vips)
        self.query_one("#dash-stats", Static).update(stats_text(data.stats))
        self.query_one("#dash-dist", Static).update(distribution_text(data.stats))
        self.query_one("#dash-chart", Sparkline).data = [float(n) for n in data.stats.weekly]
        label = Text("interactions / week, last 26 weeks ", style="dim")
        label.append(f"(total {sum(data.stats.weekly):,})", style="dim")
        self.query_one("#dash-chart-label", Static).update(label)

        self._fill_queue(data)
        empty = self.query_one("#dash-queue-empty", Static)
        if data.stats.contacts == 0:
            empty.update(Text("Welcome! Add your first contact with n, or import your "
                              "address book from the command palette (ctrl+p → Import)."))
        elif not data.queue:
            empty.update(Text("Nobody needs attention right now. Nice work."))
        elif len(data.queue) >= QUEUE_ROWS:
            attention = sum(data.stats.status_counts.get(k, 0)
                            for k in ("overdue", "needs-attention", "due-soon"))
            empty.update(Text(f"The {QUEUE_ROWS} most urgent of about {attention:,} people: "
                              "filter the contacts by status (c, s) or run `devhub due`.",
                              style="dim"))
        else:
            empty.update("")
        empty.display = not data.queue or len(data.queue) >= QUEUE_ROWS

        # the right column is narrow (2/5 of the screen): long names and notes end
        # in an ellipsis instead of pushing a column out of sight
        fus = self.query_one("#dash-followups", RowList)
        fus.clear()
        for fu in data.follow_ups:
            fus.add_row(Text(fu.due), Text(fu.contact_name), Text(fu.note),
                        key=f"f:{fu.id}:{fu.contact_id}")
        recent = self.query_one("#dash-recent", RowList)
        recent.clear()
        for ix in data.recent:
            recent.add_row(Text(humanize_ago(ix.date, data.now)),
                           Text(ix.contact_name), Text(ix.type),
                           key=f"r:{ix.id}:{ix.contact_id}")
        self._names.update(show_next_steps(self.query_one("#dash-steps", RowList),
                                           self.query_one("#dash-steps-title"), data))
        vips = self.query_one("#dash-vips", RowList)
        vips.clear()
        for c in data.vips:
            vips.add_row(Text(c.name), status_badge(c.status, archived=c.archived),
                         Text(humanize_ago_short(c.last_contacted, data.now)),
                         key=f"v:{c.id}")

    def _fill_queue(self, data: DashboardData) -> None:
        queue = self.query_one("#dash-queue", RowList)
        cursor = queue.cursor_row
        now = self.session.clock()
        self._minute = now // 60_000
        # issue 21: their local time, for the rows of contacts with a time zone
        times = LocalTimes(now, data.hours) if data.zones else None
        widths = queue.max_widths
        queue.max_widths = (*widths[:2], QUEUE_TIME_WIDTH if times else 0, *widths[3:])
        rows = []
        for n, item in enumerate(data.queue):
            mark, style = KIND_MARK.get(item.kind, ("", ""))
            if item.kind == "status" and item.status is not None:
                style = {"overdue": "bold red", "needs-attention": "bold dark_orange",
                         "due-soon": "bold yellow"}.get(item.status.value, style)
            track = f"t:{item.track_id}:" if item.track_id else ""  # issue 19
            there = their_time_cell(times.get(data.zones.get(item.contact_id))
                                    if times else None)
            rows.append((f"{n}:{track}{item.contact_id}",
                         (Text(mark, style=style), Text(item.name), there, Text(item.reason))))
        queue.replace_rows(rows)  # one change: the minute's redraw keeps the list's size
        if data.queue:
            queue.move_cursor(row=min(cursor, len(data.queue) - 1))

    def refresh_local_times(self) -> None:
        """Redraw the queue when the minute has changed since its local times were
        worked out (its "Their time" column); nothing without a zone in it."""
        data = self.data
        if data is None or not data.zones or self.session.clock() // 60_000 == self._minute:
            return
        queue = self.query_one("#dash-queue", RowList)
        top = queue.top_row
        self._fill_queue(data)
        if queue.top_row != top:  # the same rows: keep them where the user scrolled
            queue.scroll_to(y=top, animate=False, force=True)

    # -- actions -----------------------------------------------------------
    def _highlighted_contact(self) -> tuple[str, str] | None:
        focused = self.focused
        if not isinstance(focused, RowList) or not focused.row_count:
            return None
        contact_id = focused.key_at(focused.cursor_row).rsplit(":", 1)[-1]
        if not contact_id:  # a track with nobody on it (issue 19)
            return None
        return contact_id, self._names.get(contact_id, "")

    @on(RowList.Selected)
    def _selected(self, event: RowList.Selected) -> None:
        track_id = track_in_key(event.key)
        if track_id:  # a track's next step opens the track (issue 19)
            self.post_message(OpenTrack(track_id))
            return
        self.post_message(OpenContact(event.key.rsplit(":", 1)[-1]))

    def action_open(self) -> None:
        focused = self.focused
        if isinstance(focused, RowList) and focused.row_count:
            track_id = track_in_key(focused.key_at(focused.cursor_row))
            if track_id:  # issue 19
                self.post_message(OpenTrack(track_id))
                return
        target = self._highlighted_contact()
        if target:
            self.post_message(OpenContact(target[0]))

    def quick_log_request(self) -> OpenQuickLog:
        """`l`: the quick log with the highlighted contact (`messages.OffersQuickLog`)."""
        target = self._highlighted_contact()
        return OpenQuickLog(ContactRef(target[0], target[1]) if target else None)

    def action_log(self) -> None:
        self.post_message(self.quick_log_request())


__all__ = ["DashboardScreen", "STATUS_LABELS"]
