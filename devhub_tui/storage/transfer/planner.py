"""Which contact each imported record is, and what it adds: the import plan.

A record matches, in this order: the same devhub id (a vCard UID or backup id
devhub wrote); the same record imported before (its content key: unchanged since,
so it is skipped as it is); the same source (its vCard UID or LinkedIn profile,
remembered per contact); the same email (any of the record's and the contact's);
the same GitHub handle; the same social profile; the exact same name with the same
phone number; the exact same name and company. Records earlier in the same file
count as contacts too.

A match is *merged*: empty fields are filled (``overwrite``: replaced), and
nothing the record carries is dropped: other emails, phones, addresses and links
are added beside the contact's, notes that aren't there yet are appended, and a
value that differs from the contact's is named in the report. Anything else is
*added*. Nothing here writes: :mod:`.writer` does, from the same targets.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from devhub_tui.core.backup import VIP_BACKGROUND, VIP_INFO
from devhub_tui.core.names import parts_fit
from devhub_tui.core.records import ImportRecord, ParsedFile
from devhub_tui.core.social import stored_links
from devhub_tui.core.validation import MAX_NOTE_LEN
from devhub_tui.storage.ids import new_id
from devhub_tui.storage.store import CONTACT_FIELDS, Store
from devhub_tui.storage.transfer.report import ImportReport, PlanItem
from devhub_tui.storage.transfer.target import (
    Detail,
    Target,
    detail_key,
    digits,
    link_key,
    name_key,
)

__all__ = ["LABEL_FIELDS", "STORED_FIELDS", "Planner", "Target", "link_key"]

#: The types of the contact's email and phone (migration 5).
LABEL_FIELDS = ("email_label", "phone_label")
STORED_FIELDS = (*CONTACT_FIELDS, *LABEL_FIELDS)


def _empty(key: str, value: Any) -> bool:
    if key == "importance":
        return value in (None, "", "normal")
    if key == "vip":
        return not value
    if key == "archived":
        return False  # archiving is never "filling a gap"
    return value is None or value == ""


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 'es' if word.endswith('ss') else 's'}"


class Planner:
    """Matches records to contacts; :mod:`.writer` then writes the plan."""

    def __init__(self, store: Store, conn: Any, *, overwrite: bool) -> None:
        self.store = store
        self.c = conn
        self.uid = store.user_id
        self.overwrite = overwrite
        self.now = store.clock()
        self.targets: dict[str, Target] = {}
        self.by_email: dict[str, str] = {}
        self.by_github: dict[str, str] = {}
        self.by_name_phone: dict[tuple[str, str], str] = {}
        self.by_link: dict[str, str] = {}
        self.by_name_company: dict[tuple[str, str], str] = {}
        self.by_source: dict[str, str] = {}
        self.remap: dict[str, str] = {}
        self.items: list[PlanItem] = []
        self.others: dict[str, int] = {}
        self.warnings: list[str] = []
        self.extra_rows: dict[str, list[Any]] = {}
        self._load()

    # -- the store as it is ---------------------------------------------------
    def _load(self) -> None:
        cols = ("id", *STORED_FIELDS, "last_contacted", "created_at", "updated_at")
        c, uid = self.c, self.uid
        rows = c.execute(
            f"SELECT {', '.join(cols)} FROM contacts WHERE user_id = ? ORDER BY created_at, id",
            (uid,),
        ).fetchall()
        tags: dict[str, set[str]] = {}
        for cid, name in c.execute(
            "SELECT ct.contact_id, t.name FROM contact_tags ct JOIN tags t ON t.id = ct.tag_id"
            " WHERE t.user_id = ?",
            (uid,),
        ):
            tags.setdefault(cid, set()).add(name)
        skills: dict[str, set[str]] = {}
        for cid, skill in c.execute(
            "SELECT contact_id, skill FROM contact_skills WHERE user_id = ?", (uid,)
        ):
            skills.setdefault(cid, set()).add(skill)
        background = {
            r[0]: r[1:]
            for r in c.execute(
                "SELECT b.contact_id, b.family, b.company, b.likes_dislikes, b.misc_notes"
                " FROM background b JOIN contacts c ON c.id = b.contact_id WHERE c.user_id = ?",
                (uid,),
            )
        }
        info = {
            r[0]: r[1:]
            for r in c.execute(
                "SELECT i.contact_id, i.main_app, i.email, i.phone_number, i.social_links"
                " FROM contact_info i JOIN contacts c ON c.id = i.contact_id WHERE c.user_id = ?",
                (uid,),
            )
        }
        details: dict[str, list[Detail]] = {}
        for cid, kind, label, value in c.execute(
            "SELECT contact_id, kind, label, value FROM contact_details WHERE user_id = ?"
            " ORDER BY contact_id, kind, position",
            (uid,),
        ):
            details.setdefault(cid, []).append((kind, label, value))
        sources: dict[str, set[str]] = {}
        for fingerprint, cid in c.execute(
            "SELECT fingerprint, contact_id FROM import_sources WHERE user_id = ?", (uid,)
        ):
            sources.setdefault(cid, set()).add(fingerprint)
        for row in rows:
            data = dict(zip(cols, row, strict=True))
            cid = data.pop("id")
            vip: dict[str, str] = {}
            links: list[dict[str, str]] = []
            bg = background.get(cid)
            if bg:
                vip.update(zip(VIP_BACKGROUND, bg, strict=True))
            inf = info.get(cid)
            if inf:
                vip.update(zip(VIP_INFO, inf[:3], strict=True))
                links = stored_links(inf[3])
            target = Target(
                id=cid,
                new=False,
                fields=data,
                tags=tags.get(cid, set()),
                skills=skills.get(cid, set()),
                vip=vip,
                links=links,
                details=details.get(cid, []),
                sources=sources.get(cid, set()),
                has_background=bg is not None,
                has_info=inf is not None,
            )
            self.targets[cid] = target
            self._index(target)

    def _index(self, t: Target) -> None:
        for email in t.emails():
            self.by_email.setdefault(email.lower(), t.id)
        if t.fields.get("github"):
            self.by_github.setdefault(str(t.fields["github"]).lower(), t.id)
        name = name_key(t.fields.get("name"))
        for phone in t.phones():
            d = digits(phone)
            if name and d:
                self.by_name_phone.setdefault((name, d), t.id)
        for link in [*t.links, *({"platform": lab, "url": v} for k, lab, v in t.details
                                 if k == "link")]:
            if link.get("platform") != "website" and link.get("url"):
                self.by_link.setdefault(link_key(link["url"]), t.id)
        company = name_key(t.fields.get("company"))
        if name and company:
            self.by_name_company.setdefault((name, company), t.id)
        for fingerprint in t.sources:
            self.by_source.setdefault(fingerprint, t.id)

    # -- matching ---------------------------------------------------------------
    def _match(self, rec: ImportRecord) -> tuple[Target | None, str]:
        if rec.uid:
            for cid in (self.remap.get(rec.uid, rec.uid), self.alt_id(rec.uid)):
                t = self.targets.get(cid)
                if t is not None:
                    return t, "same id"

        def usable(cid: str | None) -> Target | None:
            if cid is None:
                return None
            t = self.targets.get(cid)
            # two records of one file that carry different ids are two people
            if t is not None and t.new and rec.uid and t.file_uid and t.file_uid != rec.uid:
                return None
            return t

        if rec.content_key:
            t = usable(self.by_source.get(rec.content_key))
            if t:  # with overwrite, the file's values still replace the contact's
                return t, "same record as imported before" if self.overwrite else "unchanged"
        if rec.fingerprint:
            t = usable(self.by_source.get(rec.fingerprint))
            if t:
                kind = rec.fingerprint.split(":", 1)[0]
                return t, {"uid": "same vCard UID", "linkedin": "same linkedin profile"}.get(
                    kind, "same source record")
        for email in rec.emails:
            t = usable(self.by_email.get(email.lower()))
            if t:
                return t, "same email"
        github = rec.fields.get("github")
        if github:
            t = usable(self.by_github.get(str(github).lower()))
            if t:
                return t, "same GitHub handle"
        for link in [*rec.social_links, *rec.vip_links]:
            if link.get("platform") != "website":
                t = usable(self.by_link.get(link_key(link["url"])))
                if t:
                    return t, f"same {link['platform']} profile"
        name = name_key(rec.fields.get("name"))
        for phone in rec.phones:
            t = usable(self.by_name_phone.get((name, digits(phone))))
            if t:
                return t, "same name and phone"
        company = name_key(rec.fields.get("company"))
        if name and company:
            t = usable(self.by_name_company.get((name, company)))
            if t:
                return t, "same name and company"
        return None, ""

    # -- merging ------------------------------------------------------------------
    def _fill(self, t: Target, key: str, value: Any, changes: list[str],
              notes: list[str]) -> None:
        current = t.fields.get(key)
        if current == value:
            return
        if _empty(key, current) or self.overwrite:
            t.fields[key] = value
            t.changed.add(key)
            changes.append(key.replace("_", " "))
        elif key not in ("name", "archived") and value not in (None, "", False) and not (
                key == "importance" and value == "normal"):
            shown = str(value) if len(str(value)) <= 40 else str(value)[:39] + "…"
            notes.append(f"keeps its {key.replace('_', ' ')}; the file has '{shown}' "
                         "(--overwrite takes the file's)")

    def _merge_notes(self, t: Target, text: str, changes: list[str], notes: list[str]) -> None:
        current = str(t.fields.get("notes") or "")
        if not current or self.overwrite:
            if current != text:
                t.fields["notes"] = text
                t.changed.add("notes")
                changes.append("notes")
            return
        squash = " ".join(current.split())
        if " ".join(text.split()) in squash:
            return
        merged = f"{current}\n\n{text}"
        if len(merged) > MAX_NOTE_LEN:
            notes.append("its notes don't fit beside the contact's; not merged")
            return
        t.fields["notes"] = merged
        t.changed.add("notes")
        changes.append("notes")

    def _merge_values(self, t: Target, rec: ImportRecord, changes: list[str]) -> None:
        """Emails, phones, addresses, links and name parts the contact doesn't have."""
        counts: dict[str, int] = {}
        for kind, values in (("email", rec.emails), ("phone", rec.phones)):
            primary = "email" if kind == "email" else "phone"
            for value in values:
                key = detail_key(kind, value)
                label = rec.labels.get(value, "")
                if not t.fields.get(primary):
                    t.fields[primary] = value
                    t.changed.add(primary)
                    counts[kind] = counts.get(kind, 0) + 1
                    if label and not t.fields.get(f"{primary}_label"):
                        t.fields[f"{primary}_label"] = label
                        t.changed.add(f"{primary}_label")
                    continue
                if detail_key(kind, str(t.fields[primary])) == key:
                    if label and not t.fields.get(f"{primary}_label"):
                        t.fields[f"{primary}_label"] = label
                        t.changed.add(f"{primary}_label")
                        changes.append(f"{kind} type")
                    continue
                if not t.has(kind, value):
                    t.add_detail(kind, label, value)
                    counts[kind] = counts.get(kind, 0) + 1
        for label, text in rec.addresses:
            if not t.has("address", text):
                t.add_detail("address", label, text)
                counts["address"] = counts.get("address", 0) + 1
        vip_urls = {link_key(x["url"]) for x in t.links}
        github = str(t.fields.get("github") or "").lower()
        for link in rec.social_links:
            k = link_key(link["url"])
            if k in vip_urls or t.has("link", link["url"]) or (
                    github and k == f"github.com/{github}"):
                continue
            t.add_detail("link", link.get("platform") or "website", link["url"])
            counts["link"] = counts.get("link", 0) + 1
        if rec.name_parts and not any(d[0] == "name" for d in t.details) and parts_fit(
                rec.name_parts, str(t.fields.get("name") or "")):
            t.add_detail("name", "", json.dumps(rec.name_parts, ensure_ascii=False))
            changes.append("name parts")
        for kind in ("email", "phone", "address", "link"):
            if counts.get(kind):
                changes.append(_plural(counts[kind], kind))

    def _merge_vip(self, t: Target, rec: ImportRecord, changes: list[str]) -> None:
        if not (t.fields.get("vip") or rec.extra.get("has_vip_data")):
            return
        urls = {link_key(link["url"]) for link in t.links}
        added = [link for link in rec.vip_links if link_key(link["url"]) not in urls]
        if added:
            t.links.extend(added)
            t.vip_changed = True
            changes.append(f"{len(added)} VIP link{'s' if len(added) > 1 else ''}")
        for key, value in rec.vip.items():
            if not value or t.vip.get(key) == value:
                continue
            if not t.vip.get(key) or self.overwrite:
                t.vip[key] = value
                t.vip_changed = True
                changes.append(f"VIP {key.replace('_', ' ')}")

    def merge(self, t: Target, rec: ImportRecord) -> tuple[list[str], list[str]]:
        """Add what the record brings; returns (what changed, notes for the report)."""
        changes: list[str] = []
        notes: list[str] = []
        for key, value in rec.fields.items():
            if value is None or value == "" or key in ("email", "phone", "notes") or (
                    key in LABEL_FIELDS) or key not in STORED_FIELDS:
                continue
            self._fill(t, key, value, changes, notes)
        self._merge_values(t, rec, changes)
        if rec.fields.get("notes"):
            self._merge_notes(t, str(rec.fields["notes"]), changes, notes)
        added_tags = [tag for tag in rec.tags if tag not in t.tags]
        if added_tags:
            t.tags.update(added_tags)
            t.new_tags.update(added_tags)
            changes.append(f"{len(added_tags)} tag{'s' if len(added_tags) > 1 else ''}")
        added_skills = [s for s in rec.skills if s not in t.skills]
        if added_skills:
            t.skills.update(added_skills)
            t.new_skills.update(added_skills)
            changes.append(f"{len(added_skills)} skill{'s' if len(added_skills) > 1 else ''}")
        self._merge_vip(t, rec, changes)
        if changes:
            t.times["updated_at"] = self.now
        return changes, notes

    # -- adding -------------------------------------------------------------------
    def alt_id(self, rid: str) -> str:
        """The id this user's copy of a row gets when another account already uses
        ``rid`` (the same every time, so importing the backup again matches it)."""
        return hashlib.sha256(f"{self.uid}:{rid}".encode()).hexdigest()[:32]

    def id_taken(self, cid: str) -> bool:
        if cid in self.targets:
            return True
        return self.c.execute("SELECT 1 FROM contacts WHERE id = ?", (cid,)).fetchone() is not None

    def _new_target(self, rec: ImportRecord) -> Target:
        cid = new_id()
        if rec.uid:
            for candidate in (rec.uid, self.alt_id(rec.uid)):
                if not self.id_taken(candidate):
                    cid = candidate
                    break
        if rec.uid and cid != rec.uid:
            self.remap[rec.uid] = cid
        fields: dict[str, Any] = {key: None for key in STORED_FIELDS}
        fields.update(vip=False, importance="normal", archived=False)
        fields.update({k: v for k, v in rec.fields.items() if k in STORED_FIELDS})
        keep_vip = bool(rec.fields.get("vip") or rec.extra.get("has_vip_data"))
        t = Target(
            id=cid,
            new=True,
            fields=fields,
            tags=set(rec.tags),
            vip={k: v for k, v in rec.vip.items() if v} if keep_vip else {},
            links=list(rec.vip_links) if keep_vip else [],
            source=rec.source,
            file_uid=rec.uid,
        )
        for kind, values in (("email", rec.emails[1:]), ("phone", rec.phones[1:])):
            for value in values:
                t.add_detail(kind, rec.labels.get(value, ""), value)
        for label, text in rec.addresses:
            t.add_detail("address", label, text)
        for link in rec.social_links:
            t.add_detail("link", link.get("platform") or "website", link["url"])
        if rec.name_parts:
            t.add_detail("name", "", json.dumps(rec.name_parts, ensure_ascii=False))
        t.new_tags = set(rec.tags)
        t.skills = set(rec.skills)
        t.new_skills = set(rec.skills)
        t.vip_changed = bool(t.vip or t.links or rec.extra.get("has_vip_data"))
        # a backup's VIP block comes back as both VIP rows, even when empty
        t.has_background = t.has_info = bool(rec.extra.get("has_vip_data"))
        t.times = {
            "created_at": rec.extra.get("created_at", self.now),
            "updated_at": rec.extra.get("updated_at", self.now),
            "last_contacted": rec.extra.get("last_contacted"),
        }
        self.targets[cid] = t
        return t

    def _remember(self, t: Target, rec: ImportRecord) -> None:
        """The record's fingerprints, so the next import of the file finds the contact."""
        keys: list[str] = list(rec.extra.get("sources") or [])
        if not rec.uid:  # a devhub id is found again by the id itself
            keys += [k for k in (rec.fingerprint, rec.content_key) if k]
        for key in keys:
            if key not in t.sources:
                t.sources.add(key)
                t.new_sources.add(key)
            self.by_source.setdefault(key, t.id)

    # -- the plan -------------------------------------------------------------------
    def plan(self, parsed: ParsedFile) -> None:
        self.warnings.extend(parsed.warnings)
        for rec in parsed.records:
            self._plan_record(rec)
        if parsed.backup is not None:
            from devhub_tui.storage.transfer.backup_plan import plan_backup

            plan_backup(self, parsed.backup)
        have_tags = {
            r[0] for r in self.c.execute("SELECT name FROM tags WHERE user_id = ?", (self.uid,))
        }
        wanted = {tag for t in self.targets.values() for tag in t.new_tags}
        wanted.update(self.extra_rows.get("tags", []))
        self.extra_rows["new_tags"] = sorted(wanted - have_tags)
        self.others["tags"] = len(self.extra_rows["new_tags"])

    def _item(self, action: str, rec: ImportRecord, reason: str, cid: str | None,
              notes: Sequence[str] = ()) -> None:
        self.items.append(PlanItem(action, rec.source, rec.name or "(no name)", reason, cid,
                                   [*rec.warnings, *notes], list(rec.skipped)))

    def _plan_record(self, rec: ImportRecord) -> None:
        if rec.problem:
            self._item("skip", rec, rec.problem, None)
            return
        target, why = self._match(rec)
        if target is None:
            t = self._new_target(rec)
            self._remember(t, rec)
            self._index(t)
            self._item("add", rec, "", t.id)
            if rec.uid:
                self.remap.setdefault(rec.uid, t.id)
            return
        if rec.uid:
            self.remap.setdefault(rec.uid, target.id)
        who = (f"{target.source} of this file" if target.new
               else f"'{target.fields.get('name')}'")
        self._remember(target, rec)
        if why == "unchanged":
            reason = (f"duplicate of {who}" if target.new else
                      f"already imported as {who} (the record is unchanged since)")
            self._item("skip", rec, reason, target.id)
            return
        changes, notes = self.merge(target, rec)
        self._index(target)
        if changes:
            reason = f"matches {who} ({why}); adds {', '.join(changes)}"
            self._item("merge", rec, reason, target.id, notes)
        elif target.new:
            self._item("skip", rec, f"duplicate of {who} ({why})", target.id, notes)
        else:
            self._item("skip", rec, f"already in devhub as {who} ({why}); nothing new",
                       target.id, notes)

    def report(self, parsed: ParsedFile, *, dry_run: bool) -> ImportReport:
        return ImportReport(
            parsed.format, parsed.kind, self.items, self.warnings, dict(self.others),
            dry_run=dry_run,
        )
