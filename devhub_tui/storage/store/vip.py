"""VIP data: the background and contact info kept for the people who matter most,
and the VIP list."""

from __future__ import annotations

import json

from devhub_tui.core.social import stored_links
from devhub_tui.core.validation import MAX_NOTE_LEN, clean_text
from devhub_tui.storage import models
from devhub_tui.storage.schema import column_list, upsert_sql
from devhub_tui.storage.store.contacts import ContactsMixin
from devhub_tui.storage.store.rows import (
    BACKGROUND_FIELDS,
    CONTACT_COLUMNS,
    INFO_FIELDS,
    Contact,
    VipData,
)
from devhub_tui.storage.store.search import SORTS

#: VIP data, one row per contact: (contact_id, family, company, likes_dislikes,
#: misc_notes, updated_at) and (contact_id, main_app, email, phone_number,
#: social_links JSON, updated_at). Shared with imports.
UPSERT_BACKGROUND = upsert_sql(models.Background)
UPSERT_CONTACT_INFO = upsert_sql(models.ContactInfo)


class VipMixin(ContactsMixin):
    """A VIP's background and contact info; who is a VIP."""

    def get_vip(self, contact_id: str) -> VipData:
        c = self.db.conn()
        self._own(c, contact_id)
        data = VipData()
        bg = c.execute(
            f"SELECT {column_list(BACKGROUND_FIELDS)} FROM background WHERE contact_id = ?",
            (contact_id,),
        ).fetchone()
        if bg:
            data.family, data.company, data.likes_dislikes, data.misc_notes = bg
        info = c.execute(
            f"SELECT {column_list(INFO_FIELDS)} FROM contact_info WHERE contact_id = ?",
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

    def list_vips(self) -> list[tuple[Contact, str | None, str]]:
        """Every VIP of the user, most urgent first, in one query:
        ``(contact, next open follow-up due date or None, main app or "")``."""
        rows = self.select_own(
            f"SELECT {column_list(CONTACT_COLUMNS, 'c')},"
            " (SELECT group_concat(cs.skill, char(31)) FROM contact_skills cs"
            "  WHERE cs.contact_id = c.id),"
            " (SELECT group_concat(t.name, char(31)) FROM contact_tags ct JOIN tags t"
            "  ON t.id = ct.tag_id WHERE ct.contact_id = c.id),"
            " (SELECT min(f.due) FROM follow_ups f WHERE f.contact_id = c.id"
            "  AND f.done_at IS NULL),"
            " coalesce((SELECT ci.main_app FROM contact_info ci WHERE ci.contact_id = c.id), '')"
            " FROM contacts c",
            "c.vip = 1", owner="c.user_id", tail=f"ORDER BY {SORTS['status']}",
        ).fetchall()
        return [(Contact.from_select(r), r[-2], str(r[-1])) for r in rows]

    def toggle_vip(self, contact_id: str, on: bool) -> None:
        """Make a contact a VIP or not. Their background and contact info are kept
        either way (only deleting the contact removes them)."""
        self.update_contact(contact_id, {"vip": bool(on)})
