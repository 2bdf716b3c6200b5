"""The service object screens and commands use: every query is scoped to one user.

`Store(db, user_id)` is the only way to reach contacts, interactions, follow-ups,
tags and VIP data. Each method is a short, blocking call (the app runs them in
thread workers) that takes this thread's connection from the `Database`.

Statuses are applied with one set-based UPDATE over the user's contacts, whose
rules mirror `core.status.compute_status` exactly (a test cross-checks them).
"""

from __future__ import annotations

import datetime as _dt
import itertools
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from devhub_tui.core.dates import (
    DAY_MS,
    DateWordError,
    check_interaction_date,
    date_to_ms,
    ms_to_date,
)
from devhub_tui.core.fts import fts_query, fts_tokens
from devhub_tui.core.quicklog import BUILTIN_TYPES, ContactRef
from devhub_tui.core.social import stored_links
from devhub_tui.core.status import (
    AttentionItem,
    CadenceDefaults,
    Status,
    attention_for_birthday,
    attention_for_follow_up,
    attention_for_statuses,
    order_attention,
)
from devhub_tui.core.validation import (
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_tag,
    validate_type_name,
)
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import ConflictError, NotFoundError
from devhub_tui.storage.ids import Clock, new_id, stable_id, system_clock

#: Editable contact columns (everything but ids, status and the derived fields).
CONTACT_FIELDS = (
    "name",
    "nickname",
    "relationship",
    "industry",
    "company",
    "title",
    "location",
    "timezone",
    "birthday",
    "github",
    "email",
    "phone",
    "notes",
    "vip",
    "importance",
    "cadence_days",
    "snoozed_until",
    "archived",
)
CONTACT_COLUMNS = (
    "id",
    *CONTACT_FIELDS,
    "status",
    "last_contacted",
    "created_at",
    "updated_at",
)
SORTS = {
    "name": "c.name COLLATE NOCASE ASC, c.id",
    "last_contacted": "c.last_contacted IS NULL, c.last_contacted DESC, c.id",
    "status": (
        "CASE c.status WHEN 'overdue' THEN 0 WHEN 'needs-attention' THEN 1"
        " WHEN 'due-soon' THEN 2 WHEN 'ok' THEN 3 WHEN 'snoozed' THEN 4 ELSE 5 END,"
        " c.name COLLATE NOCASE, c.id"
    ),
    "created": "c.created_at DESC, c.id",
}
#: Search words this long (or longer) also search interaction notes.
NOTES_SEARCH_MIN_CHARS = 3
#: A notes search walks the contacts in name order only when half its matching notes
#: (the walk's budget, in contacts) is at least this many.
WALK_MIN_BUDGET = 1000
#: How far (in contacts, name order) a one- or two-letter search walks before it
#: falls back to sorting every match.
SHORT_WALK_BUDGET = 10_000
#: A contact's cadence in SQL (PRODUCT.md §2; mirrors core.status.effective_cadence):
#: its own `cadence_days` (0 = off -> NULL), else the defaults bound as :vip, :high,
#: :low and :normal (see `_cadence_params`).
CADENCE_SQL = (
    "CASE WHEN cadence_days IS NOT NULL THEN"
    " (CASE WHEN cadence_days > 0 THEN cadence_days END)"
    " WHEN vip = 1 THEN :vip WHEN importance = 'high' THEN :high"
    " WHEN importance = 'low' THEN :low ELSE :normal END"
)
#: Where a contact's clock starts (mirrors core.status.anchor_ms).
ANCHOR_SQL = "max(coalesce(last_contacted, created_at), coalesce(snoozed_until, 0))"


#: Statuses whose queue items rank before any birthday (order_attention's tiers 1-2).
_AHEAD_OF_BIRTHDAYS = frozenset({Status.OVERDUE, Status.NEEDS_ATTENTION})


def _cadence_params(d: CadenceDefaults) -> dict[str, int | None]:
    # a default of 0 switches reminders off: NULL cadence -> paused
    return {"vip": d.vip or None, "high": d.high or None, "low": d.low or None,
            "normal": d.normal or None}


#: VIP data, one row per contact: (contact_id, family, company, likes_dislikes,
#: misc_notes, updated_at) and (contact_id, main_app, email, phone_number,
#: social_links JSON, updated_at). Shared with imports.
UPSERT_BACKGROUND = (
    "INSERT INTO background (contact_id, family, company, likes_dislikes, misc_notes,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(contact_id) DO UPDATE SET"
    " family = excluded.family, company = excluded.company,"
    " likes_dislikes = excluded.likes_dislikes, misc_notes = excluded.misc_notes,"
    " updated_at = excluded.updated_at"
)
UPSERT_CONTACT_INFO = (
    "INSERT INTO contact_info (contact_id, main_app, email, phone_number, social_links,"
    " updated_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(contact_id) DO UPDATE SET"
    " main_app = excluded.main_app, email = excluded.email,"
    " phone_number = excluded.phone_number, social_links = excluded.social_links,"
    " updated_at = excluded.updated_at"
)
PREF_KEYS = {
    "cadence_vip": "vip",
    "cadence_high": "high",
    "cadence_normal": "normal",
    "cadence_low": "low",
}


class _AsDict:
    """`to_dict()` for the row dataclasses (JSON output, exports)."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}  # type: ignore[arg-type]


@dataclass
class Contact(_AsDict):
    id: str
    name: str
    nickname: str | None = None
    relationship: str | None = None
    industry: str | None = None
    company: str | None = None
    title: str | None = None
    location: str | None = None
    timezone: str | None = None
    birthday: str | None = None
    github: str | None = None
    email: str | None = None
    phone: str | None = None
    notes: str | None = None
    vip: bool = False
    importance: str = "normal"
    cadence_days: int | None = None
    snoozed_until: int | None = None
    archived: bool = False
    status: str = "ok"
    last_contacted: int | None = None
    created_at: int = 0
    updated_at: int = 0
    tags: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: Sequence[Any], tags: str | None = None) -> Contact:
        data = dict(zip(CONTACT_COLUMNS, row, strict=False))
        data["vip"] = bool(data["vip"])
        data["archived"] = bool(data["archived"])
        c = cls(**data)
        c.tags = sorted(tags.split("\x1f")) if tags else []
        return c


@dataclass
class Interaction(_AsDict):
    id: str
    contact_id: str
    contact_name: str
    type: str
    date: int
    notes: str
    created_at: int
    updated_at: int


@dataclass
class FollowUp(_AsDict):
    id: str
    contact_id: str
    contact_name: str
    due: str
    note: str
    done_at: int | None
    created_at: int
    updated_at: int


@dataclass
class ContactExtras:
    """What an import kept beside a contact's own fields: the types of its email and
    phone, and its other emails, phones, addresses, links and IM handles, as
    (kind, label, value) in the file's order."""

    email_label: str | None = None
    phone_label: str | None = None
    details: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class VipData(_AsDict):
    family: str = ""
    company: str = ""
    likes_dislikes: str = ""
    misc_notes: str = ""
    main_app: str = ""
    email: str = ""
    phone_number: str = ""
    social_links: list[dict[str, str]] = field(default_factory=list)

    def is_empty(self) -> bool:
        return not any(getattr(self, f.name) for f in fields(self))


@dataclass
class Stats:
    contacts: int
    vips: int
    #: month to date (the 1st to today)...
    interactions_this_month: int
    #: ...against the same days of last month (the 1st to `last_month_until`)
    interactions_last_month: int
    status_counts: dict[str, int]
    weekly: list[int]  # interactions per week, oldest first (26 weeks)
    #: the last day of last month counted: today's day of the month, or the month's
    #: last day when it is shorter (31 March compares with 1-28 February)
    last_month_until: _dt.date | None = None

    @property
    def ok_share(self) -> float:
        active = sum(v for k, v in self.status_counts.items() if k not in ("paused",))
        return (self.status_counts.get("ok", 0) / active) if active else 0.0


_SELECT_CONTACT = (
    "SELECT " + ", ".join(f"c.{col}" for col in CONTACT_COLUMNS) + ","
    " (SELECT group_concat(t.name, char(31)) FROM contact_tags ct JOIN tags t"
    "  ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags"
    " FROM contacts c"
)


def _like(word: str) -> str:
    """A LIKE pattern matching `word` anywhere (escape character: backslash)."""
    return "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


#: Contact fields searched when the store has no FTS5 (sync replicas).
_LIKE_FIELDS = (
    "c.name LIKE ? ESCAPE '\\' OR c.nickname LIKE ? ESCAPE '\\'"
    " OR c.company LIKE ? ESCAPE '\\' OR c.title LIKE ? ESCAPE '\\'"
    " OR c.location LIKE ? ESCAPE '\\' OR c.notes LIKE ? ESCAPE '\\'"
    " OR c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
    " WHERE t.user_id = c.user_id AND t.name LIKE ? ESCAPE '\\')"
)
_LIKE_CONTACT_ONLY = f"({_LIKE_FIELDS})"
_LIKE_CONTACT = (
    f"({_LIKE_FIELDS} OR c.id IN (SELECT i.contact_id FROM interactions i"
    " WHERE i.user_id = c.user_id AND i.notes LIKE ? ESCAPE '\\'))"
)


def _month_start(d: _dt.date) -> _dt.date:
    return d.replace(day=1)


class Store:
    """Everything one signed-in user can read and write."""

    def __init__(self, db: Database, user_id: str, *, clock: Clock = system_clock) -> None:
        self.db = db
        self.user_id = user_id
        self.clock = clock

    # -- preferences -------------------------------------------------------
    def cadence_defaults(self) -> CadenceDefaults:
        rows = (
            self.db.conn()
            .execute(
                "SELECT key, value FROM user_prefs WHERE user_id = ? AND key LIKE 'cadence_%'",
                (self.user_id,),
            )
            .fetchall()
        )
        values: dict[str, int] = {}
        for key, value in rows:
            if key in PREF_KEYS:
                try:
                    values[PREF_KEYS[key]] = int(value)
                except ValueError:
                    continue
        return CadenceDefaults(**values)

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

    # -- contacts ----------------------------------------------------------
    def _clean_contact(self, data: dict[str, Any]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in data.items():
            if key not in CONTACT_FIELDS:
                raise ValueError(f"unknown contact field {key!r}")
            if isinstance(value, str):
                multiline = key == "notes"
                limit = MAX_NOTE_LEN if multiline else 500
                value = clean_text(value, max_len=limit, multiline=multiline)
                if key != "name":
                    value = value or None
            if key in ("vip", "archived"):
                value = 1 if value else 0
            out[key] = value
        if "name" in out and not (out["name"] or "").strip():
            raise ValidationError("a contact needs a name")
        return out

    def add_contact(self, data: dict[str, Any], tags: Iterable[str] = ()) -> str:
        clean = self._clean_contact(data)
        if "name" not in clean:
            raise ValidationError("a contact needs a name")
        now = self.clock()
        cid = new_id()
        cols = ["id", "user_id", *clean.keys(), "created_at", "updated_at"]
        vals = [cid, self.user_id, *clean.values(), now, now]
        with self.db.write() as c:
            c.execute(
                f"INSERT INTO contacts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                vals,
            )
            for tag in tags:
                self._add_tag(c, cid, tag)
            self._recompute(c, [cid])
        return cid

    def update_contact(self, contact_id: str, data: dict[str, Any]) -> None:
        clean = self._clean_contact(data)
        if not clean:
            return
        sets = ", ".join(f"{k} = ?" for k in clean)
        with self.db.write() as c:
            cur = c.execute(
                f"UPDATE contacts SET {sets}, updated_at = ? WHERE id = ? AND user_id = ?",
                [*clean.values(), self.clock(), contact_id, self.user_id],
            )
            if cur.rowcount == 0:
                raise NotFoundError("that contact no longer exists")
            self._recompute(c, [contact_id])

    def delete_contact(self, contact_id: str) -> None:
        """Delete a contact with its interactions, follow-ups, tags links and VIP data."""
        with self.db.write() as c:
            cur = c.execute(
                "DELETE FROM contacts WHERE id = ? AND user_id = ?", (contact_id, self.user_id)
            )
            if cur.rowcount == 0:
                raise NotFoundError("that contact no longer exists")

    def get_contact(self, contact_id: str) -> Contact:
        row = (
            self.db.conn()
            .execute(
                _SELECT_CONTACT + " WHERE c.id = ? AND c.user_id = ?", (contact_id, self.user_id)
            )
            .fetchone()
        )
        if row is None:
            raise NotFoundError("that contact no longer exists")
        return Contact.from_row(row[:-1], row[-1])

    def _contact_filter(
        self,
        *,
        search: str | None,
        status: str | None,
        tag: str | None,
        vip: bool | None,
        archived: bool | None,
        for_walk: bool = False,
    ) -> tuple[str, list[Any]]:
        """The WHERE clause (over `contacts c`) and its parameters.

        `for_walk`: for a walk down the (user_id, name) index that stops at the page's
        end (`_walk_by_name`): the user_id condition stays usable by that index, and
        interaction notes are tested contact by contact (EXISTS over the contact's
        interactions against the notes matches) instead of collecting every matching
        note's contact first.
        """
        where = ["c.user_id = ?"]
        params: list[Any] = [self.user_id]
        if status:
            where.append("c.status = ?")
            params.append(status)
        if vip is not None:
            where.append("c.vip = ?")
            params.append(1 if vip else 0)
        if archived is not None:
            where.append("c.archived = ?")
            params.append(1 if archived else 0)
        if tag:
            where.append(
                "c.id IN (SELECT ct.contact_id FROM contact_tags ct JOIN tags t ON t.id ="
                " ct.tag_id WHERE t.user_id = ? AND t.name = ?)"
            )
            params.extend([self.user_id, tag.strip().lower()])
        if search and not self.db.fts:
            # replicas without FTS5: every word must appear in some searchable field
            words = fts_tokens(search)[:8]
            if not words:
                where.append("0")
            for word in words:
                if len(word) >= NOTES_SEARCH_MIN_CHARS:
                    where.append(_LIKE_CONTACT)
                    params.extend([_like(word)] * 8)
                else:
                    where.append(_LIKE_CONTACT_ONLY)
                    params.extend([_like(word)] * 7)
        elif search:
            match = fts_query(search)
            if match is None:
                where.append("0")
            else:
                # Drive from the FTS matches (CROSS JOIN fixes the join order, `+` keeps
                # the user_id index from driving): otherwise SQLite walks all the user's
                # interactions and probes FTS once per row (minutes at 1M interactions).
                where[0] = "+c.user_id = ?"
                notes = min(len(t) for t in fts_tokens(search)) >= NOTES_SEARCH_MIN_CHARS
                if for_walk:
                    where[0] = "c.user_id = ?"
                if notes and for_walk:
                    where.append(
                        "(c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)"
                        " OR EXISTS (SELECT 1 FROM interactions i WHERE i.contact_id = c.id"
                        " AND i.rowid IN (SELECT rowid FROM interactions_fts WHERE"
                        " interactions_fts MATCH ?)))"
                    )
                    params.extend([match, match])
                elif notes:
                    where.append(
                        "c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?"
                        " UNION SELECT c2.rowid FROM interactions_fts f CROSS JOIN"
                        " interactions i ON i.rowid = f.rowid CROSS JOIN contacts c2 ON"
                        " c2.id = i.contact_id WHERE interactions_fts MATCH ? AND"
                        " i.user_id = ?)"
                    )
                    params.extend([match, match, self.user_id])
                else:
                    # one or two letters: contact fields only (what you talked about joins
                    # in from the third letter; a one-letter prefix of a million notes
                    # costs a second per keystroke)
                    where.append(
                        "c.rowid IN (SELECT rowid FROM contacts_fts WHERE contacts_fts MATCH ?)"
                    )
                    params.append(match)
        return " AND ".join(where), params

    def list_contacts(
        self,
        *,
        search: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        vip: bool | None = None,
        archived: bool | None = None,
        sort: str = "name",
        limit: int | None = 200,
        offset: int = 0,
    ) -> list[Contact]:
        order = SORTS.get(sort, SORTS["name"])
        conn = self.db.conn()
        where, params = self._contact_filter(
            search=search, status=status, tag=tag, vip=vip, archived=archived
        )
        if limit is None or not self.db.fts:
            sql = f"{_SELECT_CONTACT} WHERE {where} ORDER BY {order}"
            if limit is not None:
                sql += " LIMIT ? OFFSET ?"
                params += [limit, offset]
        else:
            # The page first (only the sort keys go through the sorter), then its columns
            # and tags: a tags subquery in the sorted query would run for every match
            # (50,000 rows for "m" at 100k contacts), not for the page's 200.
            rowids = None
            if search and sort == "name" and not (tag or vip):  # (few VIPs, tagged: sparse)
                rowids = self._walk_by_name(search, status, archived, limit, offset)
            if rowids is None:
                page = (f"SELECT c.rowid FROM contacts c WHERE {where} ORDER BY {order}"
                        " LIMIT ? OFFSET ?")
                params += [limit, offset]
            elif not rowids:
                return []
            else:
                page = ", ".join("?" * len(rowids))
                params = list(rowids)
            sql = f"{_SELECT_CONTACT} WHERE c.rowid IN ({page}) ORDER BY {order}"
        rows = conn.execute(sql, params).fetchall()
        return [Contact.from_row(r[:-1], r[-1]) for r in rows]

    def _walk_by_name(
        self,
        search: str,
        status: str | None,
        archived: bool | None,
        limit: int,
        offset: int,
    ) -> list[int] | None:
        """The rowids of a page of a search in name order, found by walking the
        contacts in name order and stopping at the page's end; None when that walk
        would not pay (few notes match) or ran past its budget (few contacts match).
        Short words (contact fields only) are described below; for a notes search:

        Collecting every matching note's contact costs two lookups per note (~50 ms for
        "rust" at 1M interactions); the walk costs ~3 µs per contact passed, so it wins
        when matches are dense. Its budget: the contacts up to the name of the
        `budget`-th one, `budget` = half the matching notes (a walk that fails wastes at
        most ~half of what the full query costs).
        """
        words = fts_tokens(search)
        if not words:
            return None
        conn = self.db.conn()
        if min(len(t) for t in words) < NOTES_SEARCH_MIN_CHARS:
            # Contact fields only. One or two letters match a large share of the
            # contacts ("m": half of 100k): sorting every match by name costs ~15 ms;
            # the walk checks each contact passed against the matches (collected
            # once) for ~0.2 µs. A rare prefix runs past the budget (~2 ms) and falls
            # back to the sort, which is cheap for few matches.
            budget = max(SHORT_WALK_BUDGET, 4 * (offset + limit))
        else:
            (notes,) = conn.execute(
                "SELECT count(*) FROM interactions_fts WHERE interactions_fts MATCH ?",
                (fts_query(search),),
            ).fetchone()
            budget = int(notes) // 2
            if budget < WALK_MIN_BUDGET or budget < 4 * (offset + limit):
                return None
        row = conn.execute(
            "SELECT name FROM contacts WHERE user_id = ? ORDER BY name COLLATE NOCASE"
            " LIMIT 1 OFFSET ?",
            (self.user_id, budget),
        ).fetchone()
        where, params = self._contact_filter(
            search=search, status=status, tag=None, vip=None, archived=archived,
            for_walk=True,
        )
        if row is not None:  # else the walk can pass every contact
            where += " AND c.name <= ? COLLATE NOCASE"
            params.append(row[0])
        rowids = [
            int(r[0])
            for r in conn.execute(
                f"SELECT c.rowid FROM contacts c INDEXED BY ix_contacts_user_name WHERE {where}"
                f" ORDER BY {SORTS['name']} LIMIT ? OFFSET ?",
                [*params, limit, offset],
            )
        ]
        if len(rowids) < limit and row is not None:
            return None  # the walk stopped at its budget: not the whole page
        return rowids

    def count_contacts(
        self,
        *,
        search: str | None = None,
        status: str | None = None,
        tag: str | None = None,
        vip: bool | None = None,
        archived: bool | None = None,
    ) -> int:
        where, params = self._contact_filter(
            search=search, status=status, tag=tag, vip=vip, archived=archived
        )
        return int(
            self.db.conn()
            .execute(f"SELECT count(*) FROM contacts c WHERE {where}", params)
            .fetchone()[0]
        )

    def contact_refs(self) -> list[ContactRef]:
        rows = (
            self.db.conn()
            .execute(
                "SELECT id, name, nickname FROM contacts WHERE user_id = ? AND archived = 0",
                (self.user_id,),
            )
            .fetchall()
        )
        return [ContactRef(r[0], r[1], r[2]) for r in rows]

    def contact_refs_matching(self, word: str) -> list[ContactRef]:
        """Contacts with a name word or nickname starting with `word` (for the CLI's
        quick log: avoids loading every contact). ASCII case-insensitive."""
        w = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        rows = self.db.conn().execute(
            "SELECT id, name, nickname FROM contacts WHERE user_id = ?1 AND archived = 0 AND"
            " (name LIKE ?2 || '%' ESCAPE '\\' OR nickname LIKE ?2 || '%' ESCAPE '\\'"
            " OR name LIKE '% ' || ?2 || '%' ESCAPE '\\')",
            (self.user_id, w),
        ).fetchall()
        return [ContactRef(r[0], r[1], r[2]) for r in rows]

    # -- tags --------------------------------------------------------------
    def _tag_id(self, c: Any, name: str) -> str:
        tag = validate_tag(name)
        row = c.execute(
            "SELECT id FROM tags WHERE user_id = ? AND name = ?", (self.user_id, tag)
        ).fetchone()
        if row:
            return str(row[0])
        tid = stable_id("tag", self.user_id, tag)  # same row on every synced device
        c.execute(
            "INSERT INTO tags (id, user_id, name, created_at) VALUES (?, ?, ?, ?)",
            (tid, self.user_id, tag, self.clock()),
        )
        return tid

    def _add_tag(self, c: Any, contact_id: str, name: str) -> None:
        tid = self._tag_id(c, name)
        c.execute(
            "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)",
            (contact_id, tid),
        )

    def _own(self, c: Any, contact_id: str) -> None:
        if not c.execute(
            "SELECT 1 FROM contacts WHERE id = ? AND user_id = ?", (contact_id, self.user_id)
        ).fetchone():
            raise NotFoundError("that contact no longer exists")

    def add_tag(self, contact_id: str, name: str) -> None:
        with self.db.write() as c:
            self._own(c, contact_id)
            self._add_tag(c, contact_id, name)

    def remove_tag(self, contact_id: str, name: str) -> None:
        with self.db.write() as c:
            self._own(c, contact_id)
            c.execute(
                "DELETE FROM contact_tags WHERE contact_id = ? AND tag_id IN"
                " (SELECT id FROM tags WHERE user_id = ? AND name = ?)",
                (contact_id, self.user_id, name.strip().lower()),
            )

    def set_tags(self, contact_id: str, names: Iterable[str]) -> None:
        wanted = {validate_tag(n) for n in names if n.strip()}
        with self.db.write() as c:
            self._own(c, contact_id)
            current = {
                r[0]
                for r in c.execute(
                    "SELECT t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
                    " WHERE ct.contact_id = ?",
                    (contact_id,),
                )
            }
            for name in current - wanted:
                c.execute(
                    "DELETE FROM contact_tags WHERE contact_id = ? AND tag_id IN"
                    " (SELECT id FROM tags WHERE user_id = ? AND name = ?)",
                    (contact_id, self.user_id, name),
                )
            for name in sorted(wanted - current):
                self._add_tag(c, contact_id, name)

    def all_tags(self) -> list[tuple[str, int]]:
        """Every tag of the user with how many contacts carry it."""
        rows = (
            self.db.conn()
            .execute(
                "SELECT t.name, count(ct.contact_id) FROM tags t LEFT JOIN contact_tags ct"
                " ON ct.tag_id = t.id WHERE t.user_id = ? GROUP BY t.id ORDER BY t.name",
                (self.user_id,),
            )
            .fetchall()
        )
        return [(r[0], int(r[1])) for r in rows]

    # -- interaction types -------------------------------------------------
    def types(self) -> list[str]:
        custom = [
            r[0]
            for r in self.db.conn().execute(
                "SELECT name FROM interaction_types WHERE user_id = ? ORDER BY name",
                (self.user_id,),
            )
        ]
        return [*BUILTIN_TYPES, *(t for t in custom if t not in BUILTIN_TYPES)]

    def add_type(self, name: str) -> str:
        clean = validate_type_name(name)
        if clean in BUILTIN_TYPES:
            raise ConflictError(f"'{clean}' is already a built-in type")
        with self.db.write() as c:
            if c.execute(
                "SELECT 1 FROM interaction_types WHERE user_id = ? AND name = ?",
                (self.user_id, clean),
            ).fetchone():
                raise ConflictError(f"you already have a type called '{clean}'")
            c.execute(
                "INSERT INTO interaction_types (id, user_id, name, created_at) VALUES (?,?,?,?)",
                (stable_id("type", self.user_id, clean), self.user_id, clean, self.clock()),
            )
        return clean

    def _check_type(self, type_: str) -> str:
        t = type_.strip().lower()
        if t not in self.types():
            raise ValidationError(f"unknown interaction type '{type_}'")
        return t

    # -- interactions ------------------------------------------------------
    def _check_date(self, date_ms: int, now: int) -> int:
        """The last line of defence: an interaction is dated 1900-01-01 .. today."""
        try:
            check_interaction_date(ms_to_date(date_ms), ms_to_date(now))
        except (DateWordError, OverflowError) as exc:
            raise ValidationError(str(exc) or "that date is out of range") from None
        return date_ms

    def log_interaction(
        self, contact_id: str, type_: str, date_ms: int | None = None, notes: str = ""
    ) -> str:
        t = self._check_type(type_)
        notes = clean_text(notes or "", max_len=MAX_NOTE_LEN, multiline=True)
        now = self.clock()
        iid = new_id()
        with self.db.write() as c:
            self._own(c, contact_id)
            c.execute(
                "INSERT INTO interactions (id, user_id, contact_id, type, date, notes,"
                " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    iid,
                    self.user_id,
                    contact_id,
                    t,
                    self._check_date(date_ms, now) if date_ms is not None else now,
                    notes,
                    now,
                    now,
                ),
            )
            self._touch_last_contacted(c, contact_id)
        return iid

    def update_interaction(
        self,
        interaction_id: str,
        *,
        type_: str | None = None,
        date_ms: int | None = None,
        notes: str | None = None,
    ) -> None:
        sets: list[str] = []
        params: list[Any] = []
        if type_ is not None:
            sets.append("type = ?")
            params.append(self._check_type(type_))
        if date_ms is not None:
            sets.append("date = ?")
            params.append(self._check_date(date_ms, self.clock()))
        if notes is not None:
            sets.append("notes = ?")
            params.append(clean_text(notes, max_len=MAX_NOTE_LEN, multiline=True))
        with self.db.write() as c:
            row = c.execute(
                "SELECT contact_id FROM interactions WHERE id = ? AND user_id = ?",
                (interaction_id, self.user_id),
            ).fetchone()
            if row is None:
                raise NotFoundError("that interaction no longer exists")
            if sets:
                c.execute(
                    f"UPDATE interactions SET {', '.join(sets)}, updated_at = ? WHERE id = ?",
                    [*params, self.clock(), interaction_id],
                )
            self._touch_last_contacted(c, row[0])

    def delete_interaction(self, interaction_id: str) -> None:
        with self.db.write() as c:
            row = c.execute(
                "SELECT contact_id FROM interactions WHERE id = ? AND user_id = ?",
                (interaction_id, self.user_id),
            ).fetchone()
            if row is None:
                raise NotFoundError("that interaction no longer exists")
            c.execute("DELETE FROM interactions WHERE id = ?", (interaction_id,))
            self._touch_last_contacted(c, row[0])

    def _touch_last_contacted(self, c: Any, contact_id: str) -> None:
        c.execute(
            "UPDATE contacts SET last_contacted = (SELECT max(date) FROM interactions"
            " WHERE contact_id = ?1), updated_at = ?2 WHERE id = ?1",
            (contact_id, self.clock()),
        )
        self._recompute(c, [contact_id])

    def get_interaction(self, interaction_id: str) -> Interaction:
        rows = self._interactions("i.id = ?", [interaction_id], limit=1)
        if not rows:
            raise NotFoundError("that interaction no longer exists")
        return rows[0]

    def _interactions(
        self, where: str, params: list[Any], *, limit: int | None, offset: int = 0
    ) -> list[Interaction]:
        sql = (
            "SELECT i.id, i.contact_id, c.name, i.type, i.date, i.notes, i.created_at,"
            " i.updated_at FROM interactions i JOIN contacts c ON c.id = i.contact_id"
            f" WHERE i.user_id = ? AND {where} ORDER BY i.date DESC, i.id DESC"
        )
        args: list[Any] = [self.user_id, *params]
        if limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [limit, offset]
        return [Interaction(*r) for r in self.db.conn().execute(sql, args)]

    def list_interactions(
        self,
        *,
        contact_id: str | None = None,
        type_: str | None = None,
        since_ms: int | None = None,
        until_ms: int | None = None,
        search: str | None = None,
        limit: int | None = 200,
        offset: int = 0,
    ) -> list[Interaction]:
        where = ["1"]
        params: list[Any] = []
        if contact_id:
            where.append("i.contact_id = ?")
            params.append(contact_id)
        if type_:
            where.append("i.type = ?")
            params.append(type_.strip().lower())
        if since_ms is not None:
            where.append("i.date >= ?")
            params.append(since_ms)
        if until_ms is not None:
            where.append("i.date < ?")
            params.append(until_ms)
        if search and not self.db.fts:
            words = fts_tokens(search)[:8]
            if not words:
                where.append("0")
            for word in words:
                where.append("i.notes LIKE ? ESCAPE '\\'")
                params.append(_like(word))
        elif search:
            match = fts_query(search)
            if match is None:
                where.append("0")
            else:
                where.append(
                    "i.rowid IN (SELECT rowid FROM interactions_fts WHERE interactions_fts MATCH ?)"
                )
                params.append(match)
        return self._interactions(" AND ".join(where), params, limit=limit, offset=offset)

    # -- status ------------------------------------------------------------
    def _recompute(
        self, c: Any, contact_ids: Sequence[str] | None, *, lapsed_only: bool = False
    ) -> int:
        """Apply PRODUCT.md §2 to the user's contacts in one UPDATE (or to some of them):
        their status, when it next changes by time alone (`status_until`) and when they
        are due (`due_at`, see migration 4). With `lapsed_only`, only the contacts whose
        `status_until` has come (an index range, not every contact)."""
        d = self.cadence_defaults()
        now = self.clock()
        anchor = ANCHOR_SQL
        elapsed = f"((:now - {anchor}) / 86400000.0)"
        cad = f"({CADENCE_SQL})"
        soon = f"({cad} - min(7.0, {cad} / 4.0))"  # days after the anchor: due soon
        status = (
            f"CASE WHEN archived = 1 OR {cad} IS NULL THEN 'paused'"
            f" WHEN snoozed_until IS NOT NULL AND snoozed_until > :now THEN 'snoozed'"
            f" WHEN {elapsed} >= 2 * {cad} THEN 'overdue'"
            f" WHEN {elapsed} >= {cad} THEN 'needs-attention'"
            f" WHEN {elapsed} >= {soon} THEN 'due-soon'"
            f" ELSE 'ok' END"
        )
        # The first instant the CASE above gives another answer: each threshold in
        # milliseconds is exact (a cadence is whole days, `soon` a multiple of 1/4 day),
        # and `elapsed >= x` flips exactly at anchor + x days.
        until = (
            f"CASE WHEN archived = 1 OR {cad} IS NULL THEN NULL"
            f" WHEN snoozed_until IS NOT NULL AND snoozed_until > :now THEN snoozed_until"
            f" WHEN {elapsed} >= 2 * {cad} THEN NULL"
            f" WHEN {elapsed} >= {cad} THEN {anchor} + 2 * {cad} * {DAY_MS}"
            f" WHEN {elapsed} >= {soon} THEN {anchor} + {cad} * {DAY_MS}"
            f" ELSE {anchor} + CAST({soon} * {DAY_MS} AS INTEGER) END"
        )
        due = f"CASE WHEN {cad} IS NULL THEN NULL ELSE {anchor} + {cad} * {DAY_MS} END"
        params: dict[str, Any] = {**_cadence_params(d), "now": now, "uid": self.user_id}
        scope = "user_id = :uid"
        if lapsed_only:
            scope += " AND status_until <= :now"
        if contact_ids is not None:
            if not contact_ids:
                return 0
            keys = []
            for n, cid in enumerate(contact_ids):
                params[f"c{n}"] = cid
                keys.append(f":c{n}")
            scope += f" AND id IN ({', '.join(keys)})"
        # one statement, portable (no UPDATE ... FROM): only rows where something changes
        sql = (
            f"UPDATE contacts SET status = {status}, status_until = {until}, due_at = {due}"
            f" WHERE {scope} AND (status IS NOT {status} OR status_until IS NOT {until}"
            f" OR due_at IS NOT {due})"
        )
        return int(c.execute(sql, params).rowcount)

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
        lapsed = self.db.conn().execute(
            "SELECT 1 FROM contacts WHERE user_id = ? AND status_until <= ? LIMIT 1",
            (self.user_id, self.clock()),
        ).fetchone()
        if lapsed is None:
            return 0
        with self.db.write() as c:
            return self._recompute(c, None, lapsed_only=True)

    def snooze(self, contact_id: str, until_ms: int | None) -> None:
        """Snooze until a time (None = unsnooze)."""
        self.update_contact(contact_id, {"snoozed_until": until_ms})

    # -- follow-ups --------------------------------------------------------
    def _follow_ups(
        self, where: str, params: list[Any], limit: int | None = None
    ) -> list[FollowUp]:
        sql = (
            "SELECT f.id, f.contact_id, c.name, f.due, f.note, f.done_at, f.created_at,"
            " f.updated_at FROM follow_ups f JOIN contacts c ON c.id = f.contact_id"
            f" WHERE f.user_id = ? AND {where} ORDER BY f.done_at IS NOT NULL, f.due, f.id"
        )
        args: list[Any] = [self.user_id, *params]
        if limit is not None:
            sql += " LIMIT ?"
            args.append(limit)
        return [FollowUp(*r) for r in self.db.conn().execute(sql, args)]

    def add_follow_up(self, contact_id: str, due: _dt.date, note: str = "") -> str:
        note = clean_text(note or "", max_len=MAX_NOTE_LEN, multiline=True)
        now = self.clock()
        fid = new_id()
        with self.db.write() as c:
            self._own(c, contact_id)
            c.execute(
                "INSERT INTO follow_ups (id, user_id, contact_id, due, note, created_at,"
                " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                (fid, self.user_id, contact_id, due.isoformat(), note, now, now),
            )
        return fid

    def update_follow_up(
        self,
        follow_up_id: str,
        *,
        due: _dt.date | None = None,
        note: str | None = None,
        done: bool | None = None,
    ) -> None:
        sets: list[str] = []
        params: list[Any] = []
        if due is not None:
            sets.append("due = ?")
            params.append(due.isoformat())
        if note is not None:
            sets.append("note = ?")
            params.append(clean_text(note, max_len=MAX_NOTE_LEN, multiline=True))
        if done is not None:
            sets.append("done_at = ?")
            params.append(self.clock() if done else None)
        with self.db.write() as c:
            cur = c.execute(
                f"UPDATE follow_ups SET {', '.join([*sets, 'updated_at = ?'])}"
                " WHERE id = ? AND user_id = ?",
                [*params, self.clock(), follow_up_id, self.user_id],
            )
            if cur.rowcount == 0:
                raise NotFoundError("that follow-up no longer exists")

    def delete_follow_up(self, follow_up_id: str) -> None:
        with self.db.write() as c:
            cur = c.execute(
                "DELETE FROM follow_ups WHERE id = ? AND user_id = ?",
                (follow_up_id, self.user_id),
            )
            if cur.rowcount == 0:
                raise NotFoundError("that follow-up no longer exists")

    def list_follow_ups(
        self, *, contact_id: str | None = None, open_only: bool = False, limit: int | None = None
    ) -> list[FollowUp]:
        where = ["1"]
        params: list[Any] = []
        if contact_id:
            where.append("f.contact_id = ?")
            params.append(contact_id)
        if open_only:
            where.append("f.done_at IS NULL")
        return self._follow_ups(" AND ".join(where), params, limit)

    # -- imported details ----------------------------------------------------
    def contact_extras(self, contact_id: str) -> ContactExtras:
        c = self.db.conn()
        row = c.execute(
            "SELECT email_label, phone_label FROM contacts WHERE id = ? AND user_id = ?",
            (contact_id, self.user_id),
        ).fetchone()
        if row is None:
            raise NotFoundError("that contact no longer exists")
        details = c.execute(
            "SELECT kind, label, value FROM contact_details WHERE contact_id = ?"
            " AND user_id = ? AND kind != 'name' ORDER BY kind, position",
            (contact_id, self.user_id),
        ).fetchall()
        return ContactExtras(row[0], row[1], [tuple(d) for d in details])

    # -- VIP ---------------------------------------------------------------
    def get_vip(self, contact_id: str) -> VipData:
        c = self.db.conn()
        self._own(c, contact_id)
        data = VipData()
        bg = c.execute(
            "SELECT family, company, likes_dislikes, misc_notes FROM background"
            " WHERE contact_id = ?",
            (contact_id,),
        ).fetchone()
        if bg:
            data.family, data.company, data.likes_dislikes, data.misc_notes = bg
        info = c.execute(
            "SELECT main_app, email, phone_number, social_links FROM contact_info"
            " WHERE contact_id = ?",
            (contact_id,),
        ).fetchone()
        if info:
            data.main_app, data.email, data.phone_number = info[0], info[1], info[2]
            data.social_links = stored_links(info[3])
        return data

    def save_vip(self, contact_id: str, data: VipData) -> None:
        now = self.clock()

        def t(v: str, multiline: bool = True) -> str:
            return clean_text(v or "", max_len=MAX_NOTE_LEN, multiline=multiline)

        with self.db.write() as c:
            self._own(c, contact_id)
            c.execute(
                UPSERT_BACKGROUND,
                (
                    contact_id,
                    t(data.family),
                    t(data.company),
                    t(data.likes_dislikes),
                    t(data.misc_notes),
                    now,
                ),
            )
            links = json.dumps(
                [
                    {"platform": t(x["platform"], False), "url": t(x["url"], False)}
                    for x in data.social_links
                ],
                ensure_ascii=False,
            )
            c.execute(
                UPSERT_CONTACT_INFO,
                (
                    contact_id,
                    t(data.main_app, False),
                    t(data.email, False),
                    t(data.phone_number, False),
                    links,
                    now,
                ),
            )

    # -- attention queue and dashboard -------------------------------------
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
                                **_cadence_params(self.cadence_defaults())}
        return self._packed("id, name, status, due_at", " UNION ALL ".join(parts), args)

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

    def stats(self, *, today: _dt.date | None = None, weeks: int = 26) -> Stats:
        now = self.clock()
        today = today or ms_to_date(now)
        conn = self.db.conn()
        counts = {s.value: 0 for s in Status}
        total = vips = 0
        for status, n, v in conn.execute(
            "SELECT status, count(*), sum(vip) FROM contacts WHERE user_id = ? GROUP BY status",
            (self.user_id,),
        ):
            counts[status] = int(n)
            total += int(n)
            vips += int(v or 0)
        this_month = _month_start(today)
        last_month = _month_start(this_month - _dt.timedelta(days=1))
        # like with like: this month to date against the same days of last month
        last_until = min(last_month + _dt.timedelta(days=today.day - 1),
                         this_month - _dt.timedelta(days=1))
        # weeks end today (inclusive); week k covers [start + 7k, start + 7(k+1)) days.
        # The two months and the 26 weeks overlap: their edges cut the time line into
        # pieces, each piece is counted once, and every figure is a sum of pieces (each
        # interaction is read once, not twice for this and last month). Every piece is
        # a range count on a date index (a GROUP BY on the week number would sort half
        # a year of interactions instead), all in one statement: one round trip, not
        # 30 (at start-up this runs while the UI thread holds the GIL, and every round
        # trip waits for it).
        end = date_to_ms(today + _dt.timedelta(days=1))
        start = end - weeks * 7 * DAY_MS
        ranges = [(date_to_ms(this_month), end),
                  (date_to_ms(last_month), date_to_ms(last_until + _dt.timedelta(days=1)))]
        ranges += [(start + k * 7 * DAY_MS, start + (k + 1) * 7 * DAY_MS) for k in range(weeks)]
        edges = sorted({edge for r in ranges for edge in r})
        pieces = list(itertools.pairwise(edges))
        # With one account in the store every interaction is this user's: the counts
        # walk the narrow date index (3x faster at a million interactions).
        (accounts,) = conn.execute("SELECT count(*) FROM users").fetchone()
        args: list[Any]
        if accounts == 1:
            count = "(SELECT count(*) FROM interactions WHERE date >= ? AND date < ?)"
            args = [v for a, b in pieces for v in (a, b)]
        else:
            count = ("(SELECT count(*) FROM interactions WHERE user_id = ? AND date >= ?"
                     " AND date < ?)")
            args = [v for a, b in pieces for v in (self.user_id, a, b)]
        row = conn.execute("SELECT " + ", ".join([count] * len(pieces)), args).fetchone()
        in_piece = dict(zip(pieces, (int(n) for n in row), strict=True))
        counted = [sum(n for (a, b), n in in_piece.items() if lo <= a and b <= hi)
                   for lo, hi in ranges]
        return Stats(
            contacts=total,
            vips=vips,
            interactions_this_month=counted[0],
            interactions_last_month=counted[1],
            status_counts=counts,
            weekly=counted[2:],
            last_month_until=last_until,
        )

    def interaction_count(self) -> int:
        return int(
            self.db.conn()
            .execute("SELECT count(*) FROM interactions WHERE user_id = ?", (self.user_id,))
            .fetchone()[0]
        )

    # -- VIP view (issue 5) ------------------------------------------------
    def list_vips(self) -> list[tuple[Contact, str | None, str]]:
        """Every VIP of the user, most urgent first, in one query:
        ``(contact, next open follow-up due date or None, main app or "")``."""
        sql = (
            "SELECT " + ", ".join(f"c.{col}" for col in CONTACT_COLUMNS) + ","
            " (SELECT group_concat(t.name, char(31)) FROM contact_tags ct JOIN tags t"
            "  ON t.id = ct.tag_id WHERE ct.contact_id = c.id),"
            " (SELECT min(f.due) FROM follow_ups f WHERE f.contact_id = c.id"
            "  AND f.done_at IS NULL),"
            " coalesce((SELECT ci.main_app FROM contact_info ci WHERE ci.contact_id = c.id), '')"
            f" FROM contacts c WHERE c.user_id = ? AND c.vip = 1 ORDER BY {SORTS['status']}"
        )
        rows = self.db.conn().execute(sql, (self.user_id,)).fetchall()
        return [(Contact.from_row(r[:-3], r[-3]), r[-2], str(r[-1])) for r in rows]

    def toggle_vip(self, contact_id: str, on: bool) -> None:
        """Make a contact a VIP or not. Their background and contact info are kept
        either way (only deleting the contact removes them)."""
        self.update_contact(contact_id, {"vip": bool(on)})
