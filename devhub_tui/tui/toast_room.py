"""Notifications never cover the quick-log bar or a QR code.

Textual draws notifications ("toasts") in a rack on the current screen, in the
bottom right corner: right over the quick-log bar (docked at the bottom) and, at most
sizes, over the QR code. On those screens the rack is moved into the free space:

* quick log: the toasts stack from the top, in the rows above the bar (never lower);
* Quick Connect: the toasts are as narrow as the text column beside the code; when
  that column is hidden (`t`), there is no room, and notifications wait until there
  is again or the screen closes, then show.

The rack is reached through the public DOM (a query for its CSS type, `ToastRack`,
styled like any widget), the layout through the screen's layout-refresh signal and
the app's screen-change signal.
"""

from __future__ import annotations

import sys
from typing import Any
from weakref import WeakSet

from textual.app import App
from textual.notifications import SeverityLevel
from textual.screen import Screen

#: A toast beside a QR code is this wide (app.tcss: `QuickConnectScreen Toast`).
QR_TOAST_COLUMNS = 44
#: Rows a one-line toast needs (its margin and padding included).
TOAST_ROWS = 4


class ToastRoom:
    """Keeps an app's toasts off what must stay readable; holds them while there is
    no room (`hold` answers whether a new notification must wait)."""

    def __init__(self, app: App[Any]) -> None:
        self.app = app
        self.holding = False
        self.held: list[tuple[str, dict[str, Any]]] = []
        self._watched: WeakSet[Screen[Any]] = WeakSet()

    def start(self) -> None:
        self.app.screen_change_signal.subscribe(self.app, self._screen_changed)

    def hold(self, message: str, **options: Any) -> bool:
        """Keep this notification for later when there is no room now."""
        if not self.holding:
            return False
        self.held.append((message, options))
        return True

    def _screen_changed(self, screen: Screen[Any]) -> None:
        if _room(screen) is not None and screen not in self._watched:
            self._watched.add(screen)
            screen.screen_layout_refresh_signal.subscribe(self.app, self._laid_out)
        self.fit(screen)

    def _laid_out(self, screen: Screen[Any]) -> None:
        if screen is self.app.screen:
            self.fit(screen)

    def fit(self, screen: Screen[Any]) -> None:
        """Bound the screen's toasts to the free space; hold or release notifications."""
        room = _room(screen)
        self.holding = room is not None and not room[1]
        limit = None if room is None else (room[0] if room[1] else 0)
        for rack in screen.query("ToastRack"):
            if rack.styles.max_height != limit:
                rack.styles.max_height = limit
        if not self.holding and self.held:
            held, self.held = self.held, []
            for message, options in held:
                App.notify(self.app, message, **options)


class HoldsToasts(App):
    """Mixin for the app: `notify` waits while its ToastRoom (`toast_room`) has no room."""

    toast_room: ToastRoom

    def notify(self, message: str, *, title: str = "", severity: SeverityLevel = "information",
               timeout: float | None = None, markup: bool = True) -> None:
        if not self.toast_room.hold(message, title=title, severity=severity, timeout=timeout,
                                    markup=markup):
            super().notify(message, title=title, severity=severity, timeout=timeout,
                           markup=markup)


def _room(screen: Screen[Any]) -> tuple[int, bool] | None:
    """(rows the rack may take, whether a toast fits) on a screen with something to
    keep clear, else None (toasts go anywhere)."""
    # not imported at start-up for this: a screen of a module not loaded yet isn't one
    quick_log = sys.modules.get("devhub_tui.tui.screens.quick_log")
    quick_connect = sys.modules.get("devhub_tui.tui.screens.quick_connect")
    if quick_log is not None and isinstance(screen, quick_log.QuickLogScreen):
        above = next(iter(screen.query("#quicklog-card")), None)
        rows = above.region.y if above is not None and above.region.height else 0
        return rows, rows >= TOAST_ROWS
    if quick_connect is not None and isinstance(screen, quick_connect.QuickConnectScreen):
        qr = next(iter(screen.query("#qc-qr")), None)
        beside = screen.size.width - qr.region.right if qr is not None else 0
        return screen.size.height, bool(qr and qr.region.width) and beside >= QR_TOAST_COLUMNS
    return None
