"""What the store's reads return: one dataclass per kind of row, and the column
lists that fill them, derived from `storage.models`."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from devhub_tui.storage import models
from devhub_tui.storage.schema import Table, column_list

#: Contact columns only the store itself reads: the owner, the status bookkeeping
#: (migration 4) and the imported labels (`Store.contact_extras`).
CONTACT_INTERNAL = ("user_id", "status_until", "due_at", "email_label", "phone_label")
#: Contact columns a caller can't set: the id, the status and the derived times.
CONTACT_DERIVED = ("id", "status", "last_contacted", "created_at", "updated_at")
#: The columns a `Contact` is read from.
CONTACT_COLUMNS = models.Contact.columns(without=CONTACT_INTERNAL)
#: Editable contact columns (everything but ids, status and the derived fields).
CONTACT_FIELDS = tuple(c for c in CONTACT_COLUMNS if c not in CONTACT_DERIVED)
#: A contact's columns, then its skills and its tags (each joined with U+001F), over
#: `contacts c`. `Contact.from_select` reads a row of it (columns a caller adds come
#: after); tags stay last, so `Contact.from_row(row[:-1], row[-1])` reads one too.
SELECT_CONTACT = (
    f"SELECT {column_list(CONTACT_COLUMNS, 'c')},"
    " (SELECT group_concat(cs.skill, char(31)) FROM contact_skills cs"
    "  WHERE cs.contact_id = c.id) AS skills,"
    " (SELECT group_concat(t.name, char(31)) FROM contact_tags ct JOIN tags t"
    "  ON t.id = ct.tag_id WHERE ct.contact_id = c.id) AS tags"
    " FROM contacts c"
)
#: How many columns of a SELECT_CONTACT row `Contact.from_select` reads.
CONTACT_SELECT_WIDTH = len(CONTACT_COLUMNS) + 2
#: VIP data: the background and the VIP contact info, one row each per contact.
BACKGROUND_FIELDS = models.Background.columns(without=("contact_id", "updated_at"))
INFO_FIELDS = models.ContactInfo.columns(without=("contact_id", "updated_at"))


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
    #: normalised (core.skills), sorted
    skills: list[str] = field(default_factory=list)

    @classmethod
    def from_row(cls, row: Sequence[Any], tags: str | None = None,
                 skills: str | None = None) -> Contact:
        """The contact's columns in `row` (a SELECT_CONTACT row without its tags: its
        skills then follow the columns), its tags and skills joined with U+001F."""
        n = len(CONTACT_COLUMNS)
        if skills is None and len(row) > n:
            skills = row[n]
        data = dict(zip(CONTACT_COLUMNS, row[:n], strict=True))
        data["vip"] = bool(data["vip"])
        data["archived"] = bool(data["archived"])
        c = cls(**data)
        c.tags = sorted(tags.split("\x1f")) if tags else []
        c.skills = sorted(skills.split("\x1f")) if skills else []
        return c

    @classmethod
    def from_select(cls, row: Sequence[Any]) -> Contact:
        """A row of SELECT_CONTACT (columns a caller added after it are ignored)."""
        n = len(CONTACT_COLUMNS)
        return cls.from_row(row[:n], row[n + 1], row[n])


def row_select(row: type, table: type[Table], alias: str, **exprs: str) -> str:
    """The SELECT list that fills the dataclass `row` positionally: each field is
    the column of `table` with its name (checked here: a field the table lacks is
    an error at import), or the SQL expression given for it in `exprs`."""
    known = set(table.columns())
    out = []
    for f in fields(row):
        if f.name in exprs:
            out.append(exprs[f.name])
        elif f.name in known:
            out.append(f"{alias}.{f.name}")
        else:
            raise TypeError(f"{row.__name__}.{f.name} is not a column of {table.__tablename__}")
    return ", ".join(out)


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


#: `Interaction` / `FollowUp` rows over `interactions i` / `follow_ups f` joined
#: with their contact `c`.
INTERACTION_SELECT = row_select(Interaction, models.Interaction, "i", contact_name="c.name")
FOLLOW_UP_SELECT = row_select(FollowUp, models.FollowUp, "f", contact_name="c.name")


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
