"""A Textual app of the dashboard's shape, with nothing of devhub's in it.

    python bench/pty_shape.py

What `bench/bench_terminal.py` sets beside devhub's cold start as a reference: the
same kind of screen -- a header, two stat lines, a sparkline with its label, five
tables of rows in two columns, a footer with eight keys -- built from Textual's own
widgets, its rows made up in `on_mount`: no store, no devhub module. Whatever
devhub takes beyond this app is devhub's; what this app takes beyond
`pty_bare.py` (one Static) is the price of that screen in Textual.
"""

from textual.app import App, ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Footer, Header, Sparkline, Static

#: what the bench looks for in the terminal output (the chart label, as devhub's)
TEXT = "(total 70,368)"


class Shape(App[None]):
    CSS = """
    .stats { padding: 1 2 0 2; height: auto; }
    #chart-row { height: 3; padding: 0 2; }
    #chart-label { width: 40; padding-top: 1; }
    #main { height: 1fr; }
    #left { width: 3fr; padding: 0 1; }
    #right { width: 2fr; padding: 0 1; }
    #right DataTable { height: auto; max-height: 8; }
    """
    BINDINGS = [(key, "bell", key) for key in "cdilnvbq"]

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("10,000 contacts   101 VIPs   12,758 interactions this month",
                     classes="stats")
        yield Static("ok 4,541   due soon 220   needs attention 974   overdue 3,568",
                     classes="stats")
        with Horizontal(id="chart-row"):
            yield Static(f"interactions / week {TEXT}", id="chart-label")
            yield Sparkline([float(n % 9) for n in range(26)])
        with Horizontal(id="main"):
            with Vertical(id="left"):
                yield Static("Needs attention")
                yield DataTable(id="queue")
                yield Static("Next steps")
                yield DataTable()
            with Vertical(id="right"):
                for title in ("Upcoming follow-ups", "Recent interactions", "VIPs"):
                    yield Static(title)
                    yield DataTable()
        yield Footer()

    def on_mount(self) -> None:
        for table in self.query(DataTable):
            table.add_columns("Name", "Why", "When")
            for n in range(40 if table.id == "queue" else 8):
                table.add_row(f"Person {n}", f"overdue by {n} days", "today")


if __name__ == "__main__":
    Shape().run()
