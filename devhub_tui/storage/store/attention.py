"""Who needs attention: the cadence defaults, statuses brought up to date, snoozing,
and the attention queue (statuses, follow-ups due, birthdays soon)."""

from __future__ import annotations

import datetime as _dt
from typing import Any

from devhub_tui.core.dates import DAY_MS, ms_to_date
from devhub_tui.core.status import (
    AttentionItem,
    CadenceDefaults,
    Status,
    attention_for_birthday,
    attention_for_follow_up,
    attention_for_statuses,
    order_attention,
)
from devhub_tui.core.validation import ValidationError
from devhub_tui.storage.store.contacts import ContactsMixin
from devhub_tui.storage.store.status_sql import (
    ANCHOR_SQL,
    CADENCE_SQL,
    PREF_KEYS,
    cadence_params,
)

#: Statuses whose queue items rank before any birthday (order_attention's tiers 1-2).
_AHEAD_OF_BIRTHDAYS = frozenset({Status.OVERDUE, Status.NEEDS_ATTENTION})


class AttentionMixin(ContactsMixin):
    """Statuses, snoozes and the attention queue (PRODUCT.md §2)."""

    def set_cadence_defaults(self, defaults: CadenceDefaults) -> None:
        with self.db.write() as c:
            for key, attr in PREF_KEYS.items():
                value = int(getattr(defaults, attr))
                if value < 0 or value > 3650:
                    raise ValidationError(f"{attr} cadence must be 0 (off) to 3650 days")
                c.execute(
                    "INSERT INTO user_prefs (user_id, key, value) VALUES (?, ?, ?)"
                    " ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value",
                    (self.user_id, key, str(value)),
                )
            self._recompute(c, None)

    def recompute_statuses(self) -> int:
        """Recompute every status of this user (settings changed, an import, the
        palette's "Recompute statuses"). Rows changed."""
        with self.db.write() as c:
            return self._recompute(c, None)

    def refresh_statuses(self) -> int:
        """Bring statuses up to now (on launch, at day change, after a sync): only the
        contacts whose status can have changed since they were computed, found through
        the `status_until` index; no write at all when there are none. Every write to
        a contact recomputes it, so this gives what `recompute_statuses` would. Rows
        changed."""
        lapsed = self.select_own("SELECT 1 FROM contacts", "status_until <= ?",
                                 (self.clock(),), tail="LIMIT 1").fetchone()
        if lapsed is None:
            return 0
        with self.db.write() as c:
            return self._recompute(c, None, lapsed_only=True)

    def snooze(self, contact_id: str, until_ms: int | None) -> None:
        """Snooze until a time (None = unsnooze)."""
        self.update_contact(contact_id, {"snoozed_until": until_ms})

    def attention_queue(
        self, *, today: _dt.date | None = None, limit: int | None = None
    ) -> list[AttentionItem]:
        """Who needs attention: statuses, open follow-ups due by today, birthdays soon.

        With `limit`, only the `limit` most urgent items (exactly the head of the full
        queue): each status tier is read most-late-first from SQL with that limit, so
        a dashboard at 100k contacts never builds tens of thousands of items.
        """
        now = self.clock()
        today = today or ms_to_date(now)
        items = attention_for_statuses(self._attention_status_rows(limit), now_ms=now)
        # overdue and needs-attention statuses, and every follow-up due by today, rank
        # before birthdays and due-soon statuses (core.status.order_attention)
        ahead = sum(1 for item in items if item.status in _AHEAD_OF_BIRTHDAYS)
        sql = (
            "SELECT f.id AS fid, f.contact_id AS cid, c.name AS name, f.due AS due,"
            " f.note AS note FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
            " WHERE f.user_id = :uid AND f.done_at IS NULL AND f.due <= :today"
        )
        if limit is not None:
            # the earlier due, the more urgent: the `limit` first, and any tied with them
            sql += (
                " AND f.due <= coalesce((SELECT due FROM follow_ups WHERE user_id = :uid"
                " AND done_at IS NULL AND due <= :today ORDER BY due"
                " LIMIT 1 OFFSET :offset), :today)"
            )
        follow_ups = self._packed(
            "fid, cid, name, due, note", sql,
            {"uid": self.user_id, "today": today.isoformat(),
             "offset": max(0, (limit or 1) - 1)},
        )
        # issue 19: the due next steps of open tracks rank as follow-ups do
        from devhub_tui.storage.tracks import next_step_items

        steps = next_step_items(self, today, limit)
        items.extend(steps)
        ahead += len(follow_ups) + len(steps)
        for row in follow_ups:
            try:
                due = _dt.date.fromisoformat(row[3])
            except ValueError:
                continue
            fitem = attention_for_follow_up(
                contact_id=row[1],
                name=row[2],
                due=due,
                note=row[4],
                today=today,
                follow_up_id=row[0],
            )
            if fitem:
                items.append(fitem)
        # birthdays: compare month-day strings over the next 15 days (wraps the year);
        # not needed when `limit` items already rank before every birthday
        md = [(today + _dt.timedelta(days=n)).strftime("%m-%d") for n in range(15)]
        if "02-28" in md:
            md.append("02-29")
        marks = ", ".join("?" * len(md))
        birthdays = [] if limit is not None and ahead >= limit else self._packed(
            "id, name, birthday",
            "SELECT id, name, birthday FROM contacts WHERE user_id = ? AND archived = 0"
            f" AND birthday IS NOT NULL AND substr(birthday, -5) IN ({marks})",
            (self.user_id, *md),
        )
        for row in birthdays:
            bitem = attention_for_birthday(
                contact_id=row[0], name=row[1], birthday=row[2], today=today
            )
            if bitem:
                items.append(bitem)
        ordered = order_attention(items)
        return ordered if limit is None else ordered[:limit]

    def _attention_status_rows(self, limit: int | None) -> list[Any]:
        """`(id, name, status, due_ms)` of the contacts whose status puts them in the
        queue and whose cadence is on (with `limit`: at most `limit` of each status,
        earliest due first, read in order from the (user_id, status, due_at) index).
        Rows an older devhub wrote (no `due_at` yet) get theirs computed here, exactly
        like core.status: anchor_ms plus the effective cadence in days."""
        tiers = ("overdue", "needs-attention", "due-soon")
        cadence = f"({CADENCE_SQL})"
        # (a cadence switched off since the last recompute takes a contact out at once)
        select = ("SELECT id, name, status, due_at FROM contacts WHERE user_id = :uid"
                  f" AND due_at IS NOT NULL AND {cadence} > 0")
        if limit is None:
            parts = [f"{select} AND status IN {tiers!r}"]
        else:
            parts = [
                f"SELECT * FROM ({select} AND status = '{status}' ORDER BY due_at"
                " LIMIT :limit)"
                for status in tiers
            ]
        parts.append(
            f"SELECT id, name, status, {ANCHOR_SQL} + {cadence} * {DAY_MS} FROM contacts"
            f" WHERE user_id = :uid AND status IN {tiers!r} AND due_at IS NULL"
            f" AND {cadence} > 0"
        )
        args: dict[str, Any] = {"uid": self.user_id, "limit": limit,
                                **cadence_params(self.cadence_defaults())}
        return self._packed("id, name, status, due_at", " UNION ALL ".join(parts), args)
