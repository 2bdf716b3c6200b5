"""The sync state as one short line for the header, and the details on demand.

The app shows `sync_label(...)` in its sub-title (every screen's Header shows it):

    synced 3 min ago · syncing… · offline · 2 changes waiting · sync error (ctrl+p: Sync status)

"Sync status" in the command palette shows `sync_details(...)`. Neither ever holds
the auth token: states carry the storage layer's messages, which never include it.
"""

from __future__ import annotations

from devhub_tui.services.sync import SyncState

MINUTE_MS = 60_000


def ago(then_ms: int, now_ms: int) -> str:
    """'just now', '5 min ago', '3 h ago', '2 d ago'."""
    minutes = max(0, now_ms - then_ms) // MINUTE_MS
    if minutes < 1:
        return "just now"
    if minutes < 60:
        return f"{minutes} min ago"
    if minutes < 48 * 60:
        return f"{minutes // 60} h ago"
    return f"{minutes // (24 * 60)} d ago"


def _waiting(n: int) -> str:
    return f"{n} local change{'s' if n != 1 else ''} waiting"


def sync_label(state: SyncState, now_ms: int, *, writable: bool = True) -> str:
    """One line for the header. `writable=False`: a libSQL replica that can't save
    while its server is away (writes go to the server)."""
    if state.kind == "syncing":
        return "syncing…"
    if state.kind == "offline" and not writable:
        return "offline · read-only: changes can't be saved now"
    if state.kind == "offline":
        return "offline · " + (_waiting(state.pending) if state.pending else "all saved locally")
    if state.kind == "error":
        return "sync error (ctrl+p: Sync status)"
    if state.synced_at is None:
        return "not synced yet"
    label = f"synced {ago(state.synced_at, now_ms)}"
    if state.pending:
        label += f" · {state.pending} waiting"
    return label


def sync_details(
    state: SyncState, now_ms: int, server: str, interval_s: float, *, writable: bool = True
) -> str:
    """A few lines for the 'Sync status' notification."""
    lines = [f"Server: {server}"]
    if state.synced_at is not None:
        lines.append(f"Last sync: {ago(state.synced_at, now_ms)}")
    else:
        lines.append("Last sync: not yet")
    lines.append(_waiting(state.pending) if state.pending else "Nothing waiting to be pushed")
    if state.kind == "offline" and not writable:
        lines.append(f"{state.detail}. You can read everything; changes can't be saved "
                     "until the libSQL server is back (it receives every write).")
    elif state.kind == "offline":
        lines.append(f"{state.detail}. Keep working: changes are kept and pushed later.")
    elif state.kind == "error":
        lines.append(f"Error: {state.detail}")
    elif state.kind == "syncing":
        lines.append("Syncing now…")
    minutes = interval_s / 60
    every = f"{minutes:g} min" if minutes >= 1 else f"{interval_s:g} s"
    lines.append(f"Syncs on launch, after changes and every {every}.")
    return "\n".join(lines)
