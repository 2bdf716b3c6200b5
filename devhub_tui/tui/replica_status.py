"""A synced store in the app: the header's sync state, "Sync now", "Sync status", and
the read-only notice before a form opens on a replica that can't write right now.

The session runs the sync (`services/session.py`, `services/sync.py`); this mixin
shows it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from devhub_tui.services.session import Session
    from devhub_tui.services.sync import SyncState


class ReplicaStatus(App):
    """Mixin for the app: see the module docstring."""

    session: Session
    store_label: str

    def _sync_changed(self, state: SyncState) -> None:
        from devhub_tui.tui.widgets.sync_status import sync_label

        user = self.session.user
        if user is not None:
            label = sync_label(state, self.session.clock(), writable=self.session.writable)
            self.sub_title = f"{user.username} · {self.store_label} · {label}"

    def action_sync_now(self) -> None:
        manager = self.session.sync_manager
        if manager is None:
            self.notify("This store is not synced: see `devhub --help` for TURSO_DATABASE_URL",
                        markup=False)
            return
        manager.request(manual=True)

    def action_sync_status(self) -> None:
        manager, db = self.session.sync_manager, self.session.db
        if manager is None or db is None:
            self.notify("This store is local only (not synced)", markup=False)
            return
        from devhub_tui.services.sync import server_label
        from devhub_tui.tui.widgets.sync_status import sync_details

        text = sync_details(manager.state, self.session.clock(), server_label(db),
                            manager.interval_s, writable=self.session.writable)
        self.notify(text, title="Sync status", markup=False, timeout=12,
                    severity="error" if manager.state.kind == "error" else "information")

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """Before any editing form opens on a read-only replica, say so (not after)."""
        if not self.session.writable and self._is_editor(screen):
            db = self.session.db
            reason = getattr(db, "offline_reason", None) or "the sync server is offline"
            self.notify(f"{reason}: you can look, but changes can't be saved now",
                        title="Read-only", severity="warning", markup=False, timeout=8)
        return super().push_screen(screen, *args, **kwargs)

    @staticmethod
    def _is_editor(screen: Any) -> bool:
        from devhub_tui.tui.screens.contact_form import ContactForm
        from devhub_tui.tui.screens.modals import FormScreen
        from devhub_tui.tui.screens.quick_log import QuickLogScreen
        from devhub_tui.tui.screens.settings import SettingsScreen
        from devhub_tui.tui.screens.track_form import NextStepForm, TrackForm
        from devhub_tui.tui.screens.vip_editor import VipEditor

        editors = (ContactForm, FormScreen, SettingsScreen, QuickLogScreen, VipEditor,
                   TrackForm, NextStepForm)
        return isinstance(screen, editors)

