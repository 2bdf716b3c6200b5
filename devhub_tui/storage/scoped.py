"""The one user-scoped select: what every per-user query of the stores goes through.

`UserScoped(db, user_id, clock=...)` is the base of `Store` and `ConnectStore`.
`select_own` runs a SELECT restricted to that user's rows, so the
``WHERE user_id = ?`` plumbing (and its parameter) is written once.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from devhub_tui.storage.db import Connection, Database
from devhub_tui.storage.ids import Clock, system_clock


class UserScoped:
    """One signed-in user's view of a `Database`."""

    def __init__(self, db: Database, user_id: str, *, clock: Clock = system_clock) -> None:
        self.db = db
        self.user_id = user_id
        self.clock = clock

    def select_own(
        self,
        select: str,
        where: str = "",
        params: Sequence[Any] = (),
        *,
        owner: str = "user_id",
        tail: str = "",
        conn: Connection | None = None,
    ) -> Any:
        """The cursor of ``{select} WHERE {owner} = <this user> [AND {where}] [{tail}]``.

        `select` is ``SELECT ... FROM ...`` (joins included; no placeholders),
        `owner` the column that holds the user's id (``c.user_id`` with an alias),
        `params` those of `where` and `tail` (ORDER BY / GROUP BY / LIMIT) in order,
        `conn` a transaction's connection (default: this thread's).
        """
        sql = f"{select} WHERE {owner} = ?"
        if where:
            sql += f" AND {where}"
        if tail:
            sql += f" {tail}"
        c = self.db.conn() if conn is None else conn
        return c.execute(sql, (self.user_id, *params))
