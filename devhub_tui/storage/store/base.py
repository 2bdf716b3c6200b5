"""What every part of `Store` shares: the user's scope, ownership checks, the
user's cadence defaults and the status recompute that every write to a contact runs."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from devhub_tui.core.status import CadenceDefaults
from devhub_tui.storage.errors import NotFoundError
from devhub_tui.storage.scoped import UserScoped
from devhub_tui.storage.store import status_sql


class StoreBase(UserScoped):
    """`db`, `user_id`, `clock` (from UserScoped) and the helpers the aggregates use."""

    def _own(self, c: Any, contact_id: str) -> None:
        """Raise NotFoundError unless `contact_id` is one of this user's contacts."""
        if not self.select_own("SELECT 1 FROM contacts", "id = ?", (contact_id,),
                               conn=c).fetchone():
            raise NotFoundError("that contact no longer exists")

    def _packed(self, columns: str, sql: str, params: Any) -> list[Any]:
        """The rows of `sql` (result columns named `columns`) fetched as ONE row: SQLite
        packs them into a JSON array. Python's sqlite3 hands the GIL over and back on
        every row, and while another thread is busy (the dashboard loads at start-up
        while the UI thread imports Textual) each hand-over can wait a switch interval:
        2,500 rows took 8 s that way, packed they take milliseconds. No order is
        promised: callers sort."""
        (text,) = self.db.conn().execute(
            f"SELECT json_group_array(json_array({columns})) FROM ({sql})", params
        ).fetchone()
        return json.loads(text) if text else []

    # -- preferences (read by every status recompute) -----------------------
    def cadence_defaults(self) -> CadenceDefaults:
        rows = self.select_own(
            "SELECT key, value FROM user_prefs", "key LIKE 'cadence_%'"
        ).fetchall()
        values: dict[str, int] = {}
        for key, value in rows:
            if key in status_sql.PREF_KEYS:
                try:
                    values[status_sql.PREF_KEYS[key]] = int(value)
                except ValueError:
                    continue
        return CadenceDefaults(**values)

    def _recompute(
        self, c: Any, contact_ids: Sequence[str] | None, *, lapsed_only: bool = False
    ) -> int:
        """The statuses of these contacts (None: all the user's) brought up to date in
        `c`'s transaction (`status_sql.recompute`). Rows changed."""
        return status_sql.recompute(c, self.user_id, self.cadence_defaults(), self.clock(),
                                    contact_ids, lapsed_only=lapsed_only)
