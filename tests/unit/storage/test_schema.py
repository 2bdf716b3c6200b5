"""storage.models as the one schema description: what the store and the Quick
Connect store derive from it, and the one user-scoped select."""

from __future__ import annotations

from dataclasses import dataclass, fields

import pytest

from devhub_tui.connect import store as connect_store
from devhub_tui.core.backup import VIP_BACKGROUND, VIP_INFO
from devhub_tui.storage import models
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.schema import insert_sql, upsert_sql
from devhub_tui.storage.store import CONTACT_COLUMNS, CONTACT_FIELDS, Contact, Store, VipData
from devhub_tui.storage.store.rows import BACKGROUND_FIELDS, INFO_FIELDS, row_select


def test_the_row_types_are_read_from_the_models() -> None:
    assert {f.name for f in fields(Contact)} == {*CONTACT_COLUMNS, "tags", "skills"}
    assert set(CONTACT_COLUMNS) <= set(models.Contact.columns())
    assert "user_id" not in CONTACT_FIELDS and "status" not in CONTACT_FIELDS
    assert {f.name for f in fields(VipData)} == {*BACKGROUND_FIELDS, *INFO_FIELDS}
    assert connect_store.PROFILE_COLUMNS == (
        "name", "headline", "email", "phone", "github", "website", "social_links",
        "shared_fields", "updated_at")


def test_the_backups_vip_keys_are_the_vip_columns() -> None:
    assert VIP_BACKGROUND == BACKGROUND_FIELDS
    assert (*VIP_INFO, "social_links") == INFO_FIELDS


def test_sql_is_derived_from_the_models() -> None:
    assert insert_sql(models.Tag) == (
        "INSERT INTO tags (id, user_id, name, created_at) VALUES (?, ?, ?, ?)")
    assert upsert_sql(models.UserPref) == (
        "INSERT INTO user_prefs (user_id, key, value) VALUES (?, ?, ?)"
        " ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value")
    with pytest.raises(KeyError, match="no column"):
        models.Contact.columns(without=("nope",))

    @dataclass
    class Odd:
        id: str
        colour: str

    with pytest.raises(TypeError, match="colour is not a column of tags"):
        row_select(Odd, models.Tag, "t")


def test_select_own_reads_only_the_users_rows(db: Database, auth: Auth) -> None:
    ada = Store(db, auth.create_user("ada", "correct horse 1").id)
    bob = Store(db, auth.create_user("bob", "correct horse 2").id)
    ada.add_contact({"name": "Grace"})
    bob.add_contact({"name": "Linus"})
    bob.add_contact({"name": "Guido"})
    names = bob.select_own("SELECT name FROM contacts", "name LIKE ?", ("G%",),
                           tail="ORDER BY name").fetchall()
    assert names == [("Guido",)]
    assert [r[0] for r in ada.select_own("SELECT c.name FROM contacts c",
                                         owner="c.user_id")] == ["Grace"]
