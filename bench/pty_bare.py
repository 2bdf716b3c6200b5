"""The bare Textual app of the real-terminal benchmarks: one Static, nothing else.

    python bench/pty_bare.py

`bench/bench_terminal.py` times it from spawn to its text on the terminal, as the
floor any Textual app pays (interpreter, Textual's import, the first frame).
"""

from textual.app import App, ComposeResult
from textual.widgets import Static

#: what the bench looks for in the terminal output
TEXT = "bare-textual-app-ready"


class Bare(App[None]):
    def compose(self) -> ComposeResult:
        yield Static(TEXT)


if __name__ == "__main__":
    Bare().run()
