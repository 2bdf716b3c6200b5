"""The import plan written: contacts, tags, details, sources, VIP data and the
rest of a backup, in the caller's transaction (``executemany`` throughout).
"""

from __future__ import annotations

import json
from typing import Any

from devhub_tui.core.backup import PROFILE_TEXT, VIP_BACKGROUND, VIP_INFO
from devhub_tui.storage import models
from devhub_tui.storage.ids import stable_id
from devhub_tui.storage.schema import insert_sql, upsert_sql
from devhub_tui.storage.store import UPSERT_BACKGROUND, UPSERT_CONTACT_INFO
from devhub_tui.storage.store.skills import TOPIC_INSERT, topic_rows
from devhub_tui.storage.transfer.planner import STORED_FIELDS, Planner
from devhub_tui.storage.transfer.target import detail_key

__all__ = ["apply"]


def _db_value(key: str, value: Any) -> Any:
    if key in ("vip", "archived"):
        return 1 if value else 0
    return value


def apply(p: Planner) -> None:
    """Write the plan in the caller's transaction."""
    c = p.c
    uid = p.uid
    new = [t for t in p.targets.values() if t.new]
    cols = ("id", "user_id", *STORED_FIELDS, "last_contacted", "created_at", "updated_at")
    c.executemany(
        f"INSERT INTO contacts ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
        [
            (
                t.id,
                uid,
                *(_db_value(k, t.fields.get(k)) for k in STORED_FIELDS),
                t.times.get("last_contacted"),
                t.times["created_at"],
                t.times["updated_at"],
            )
            for t in new
        ],
    )
    for t in p.targets.values():
        if t.new or not t.changed:
            continue
        keys = sorted(t.changed)
        sets = ", ".join(f"{k} = ?" for k in keys)
        c.execute(
            f"UPDATE contacts SET {sets}, updated_at = ? WHERE id = ? AND user_id = ?",
            [*(_db_value(k, t.fields[k]) for k in keys), p.now, t.id, uid],
        )
    touched = [t for t in p.targets.values() if not t.new and not t.changed and (
        t.new_tags or t.new_skills or t.vip_changed or t.new_details)]
    c.executemany(
        "UPDATE contacts SET updated_at = ? WHERE id = ? AND user_id = ?",
        [(p.now, t.id, uid) for t in touched],
    )
    # tags
    tag_ids = dict(c.execute("SELECT name, id FROM tags WHERE user_id = ?", (uid,)).fetchall())
    missing = p.extra_rows.get("new_tags", [])
    for name in missing:
        tag_ids[name] = stable_id("tag", uid, name)  # same row on every synced device
    c.executemany(
        insert_sql(models.Tag),
        [(tag_ids[name], uid, name, p.now) for name in missing],
    )
    c.executemany(
        "INSERT OR IGNORE INTO contact_tags (contact_id, tag_id) VALUES (?, ?)",
        [
            (t.id, tag_ids[tag])
            for t in p.targets.values()
            for tag in sorted(t.new_tags)
        ],
    )
    # skills (issue 20)
    c.executemany(
        "INSERT OR IGNORE INTO contact_skills (contact_id, skill, user_id) VALUES (?, ?, ?)",
        [(t.id, skill, uid) for t in p.targets.values() for skill in sorted(t.new_skills)],
    )
    # VIP data
    vip_targets = [t for t in p.targets.values() if t.vip_changed]
    c.executemany(
        UPSERT_BACKGROUND,
        [
            (t.id, *(t.vip.get(k, "") for k in VIP_BACKGROUND), p.now)
            for t in vip_targets
            if t.has_background or any(t.vip.get(k) for k in VIP_BACKGROUND)
        ],
    )
    c.executemany(
        UPSERT_CONTACT_INFO,
        [
            (
                t.id,
                *(t.vip.get(k, "") for k in VIP_INFO),
                json.dumps(t.links, ensure_ascii=False),
                p.now,
            )
            for t in vip_targets
            if t.has_info or t.links or any(t.vip.get(k) for k in VIP_INFO)
        ],
    )
    _apply_details(p)
    _apply_backup(p)
    from devhub_tui.storage.transfer.tracks import apply_tracks  # issue 19

    apply_tracks(p)


def _apply_details(p: Planner) -> None:
    """Details (positions after the contact's last) and source fingerprints. Ids come
    from what the row is, so two synced devices adding the same one write one row."""
    c, uid = p.c, p.uid
    rows = []
    for t in p.targets.values():
        if not t.new_details:
            continue
        start = len(t.details) - len(t.new_details)
        for n, (kind, label, value) in enumerate(t.new_details):
            rows.append((stable_id("detail", t.id, kind, detail_key(kind, value)), uid, t.id,
                         kind, label, value, start + n, p.now))
    c.executemany(
        "INSERT OR IGNORE INTO contact_details (id, user_id, contact_id, kind, label, value,"
        " position, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    c.executemany(
        "INSERT INTO import_sources (id, user_id, fingerprint, contact_id, created_at)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT(user_id, fingerprint) DO UPDATE SET"
        " contact_id = excluded.contact_id",
        [(stable_id("source", uid, key), uid, key, t.id, p.now)
         for t in p.targets.values() for key in sorted(t.new_sources)],
    )


def _apply_backup(p: Planner) -> None:
    c, uid = p.c, p.uid
    rows = p.extra_rows
    c.executemany(
        insert_sql(models.InteractionType),
        [(stable_id("type", uid, name), uid, name, p.now)
         for name in rows.get("types", [])],
    )
    interactions = rows.get("interactions", [])
    c.executemany(
        insert_sql(models.Interaction),
        [
            (r["id"], uid, r["contact_id"], r["type"], r["date"], r["notes"],
             r["created_at"], r["updated_at"])
            for r in interactions
        ],
    )
    # topics are derived from the notes (issue 20): written beside them, not restored
    c.executemany(TOPIC_INSERT, topic_rows(
        (r["id"], uid, r["contact_id"], r["notes"]) for r in interactions))
    c.executemany(
        insert_sql(models.FollowUp),
        [
            (r["id"], uid, r["contact_id"], r["due"], r["note"], r["done_at"],
             r["created_at"], r["updated_at"])
            for r in rows.get("follow_ups", [])
        ],
    )
    c.executemany(
        insert_sql(models.Event),
        [
            (r["id"], uid, r["name"], r["location"], r["session"], r["starts_at"],
             r["ends_at"], r["created_at"])
            for r in rows.get("events", [])
        ],
    )
    c.executemany(
        "INSERT INTO user_prefs (user_id, key, value) VALUES (?, ?, ?)"
        " ON CONFLICT(user_id, key) DO UPDATE SET value = excluded.value",
        [(uid, k, v) for k, v in rows.get("prefs", [])],
    )
    for prof in rows.get("profile", []):
        defaults = {
            "social_links": "[]",
            "shared_fields": '["name","headline","email","github","website"]',
        }
        values = [prof[k] for k in PROFILE_TEXT]
        for key in ("social_links", "shared_fields"):
            values.append(
                json.dumps(prof[key], ensure_ascii=False) if prof[key] is not None
                else defaults[key]
            )
        c.execute(upsert_sql(models.Profile), (uid, *values, prof["updated_at"]))
    if "interactions" in rows:
        # last_contacted is derived: the newest interaction of each contact (the
        # backup's own value is not trusted: an interaction may have been skipped)
        c.execute(
            "UPDATE contacts SET last_contacted = (SELECT max(date) FROM interactions i"
            " WHERE i.contact_id = contacts.id) WHERE user_id = ?1 AND last_contacted IS NOT"
            " (SELECT max(date) FROM interactions i WHERE i.contact_id = contacts.id)",
            (uid,),
        )
