"""`devhub digest`: what each section holds (storage/digest.py) and how the three
formats show it (core/digest.py), on a store with an injected clock."""

from __future__ import annotations

import datetime as _dt
import json

from devhub_tui.core.dates import DAY_MS, date_to_ms
from devhub_tui.core.digest import (
    Digest,
    FollowUpRow,
    InteractionRow,
    md_escape,
    render_markdown,
    render_text,
    section,
    to_json,
)
from devhub_tui.storage.digest import build_digest
from devhub_tui.storage.store import Store
from devhub_tui.storage.tracks import tracks_for
from tests.clock_support import FixedClock

TODAY = _dt.date(2026, 12, 5)  # a Saturday
T0 = date_to_ms(TODAY) + 10 * 3_600_000


def _day(n: int) -> _dt.date:
    return TODAY + _dt.timedelta(days=n)


def _at(n: float) -> int:
    return T0 + int(n * DAY_MS)


def _fill(signed_in_store: Store) -> tuple[Store, dict[str, str]]:
    clock = FixedClock(_at(-60))
    store = Store(signed_in_store.db, signed_in_store.user_id, clock=clock)
    ids: dict[str, str] = {}

    def person(key: str, name: str, cadence: int | None = None, **more: object) -> str:
        data: dict[str, object] = {"name": name, **more}
        if cadence is not None:
            data["cadence_days"] = cadence
        ids[key] = store.add_contact(data)
        return ids[key]

    person("olga", "Overdue *Olga*", 10)
    person("sam", "Soon Sam", 30)
    person("lu", "Later Lu", 30)
    person("zed", "Snoozed Zed", 10)
    person("pat", "Paused Pat", 0)
    person("bea", "Back Bea", 14)
    person("rae", "Regular Rae", 14)
    person("nico", "Never Nico")  # added 60 days ago, first contact yesterday
    person("bday1", "Bday Ben", 0, birthday="--12-07")
    person("bday2", "Bday Bo", 0, birthday="1990-12-12")
    person("bday3", "Bday Far", 0, birthday="--12-20")
    clock.now = T0
    log = store.log_interaction
    log(ids["olga"], "call", _at(-25))
    log(ids["sam"], "call", _at(-25))
    log(ids["lu"], "call", _at(-20))
    log(ids["zed"], "call", _at(-30))
    log(ids["bea"], "call", _at(-40))
    log(ids["bea"], "coffee", _at(-2), "caught up; new job\nat Acme")
    log(ids["rae"], "call", _at(-10))
    log(ids["rae"], "email", _at(-3))
    log(ids["nico"], "email", _at(-1))
    log(ids["pat"], "call", _at(-9))
    store.snooze(ids["zed"], _at(3))
    ids["fu_late"] = store.add_follow_up(ids["olga"], _day(-2), "send the slides")
    ids["fu_soon"] = store.add_follow_up(ids["sam"], _day(3), "intro to Lee")
    store.add_follow_up(ids["sam"], _day(10), "too far")
    done = store.add_follow_up(ids["sam"], _day(1), "done")
    store.update_follow_up(done, done=True)
    ids["track"] = tracks_for(store).add("job", "Acme", [ids["bea"]], next_step="send CV",
                                         next_due=_day(1))
    ids["new"] = person("new", "New Nia")
    log(ids["new"], "meetup", _at(0))
    store.recompute_statuses()
    return store, ids


def test_sections_hold_what_the_digest_promises(signed_in_store: Store) -> None:
    store, ids = _fill(signed_in_store)
    d = build_digest(store, days=7, now=T0)
    assert (d.ahead_from, d.ahead_to, d.behind_from, d.behind_to) == (
        TODAY, _day(7), _day(-7), TODAY)
    # Rae (due in 11 days), Lu (in 10), Bea and Nico (just contacted): not yet
    assert [(r.contact_id, r.status) for r in d.due.items] == [
        (ids["olga"], "overdue"), (ids["sam"], "due-soon")]
    assert d.due.items[0].days_late == 15 and d.due.items[1].days_late == -5
    assert [r.follow_up_id for r in d.follow_ups.items] == [ids["fu_late"], ids["fu_soon"]]
    assert [(r.contact_id, r.date, r.age) for r in d.birthdays.items] == [
        (ids["bday1"], _day(2), None), (ids["bday2"], _day(7), 36)]
    assert [(r.track_id, r.step, r.name) for r in d.next_steps.items] == [
        (ids["track"], "send CV", "Back Bea")]
    # Bea's coffee, Rae's email, Nico's email, Nia's meetup today; Pat's call 9 days ago
    # and every earlier one are outside
    assert d.interactions.count == 4
    assert d.by_type == {"coffee": 1, "email": 2, "meetup": 1}
    assert [r.contact_id for r in d.reconnected.items] == [ids["nico"], ids["bea"]]
    nico, bea = d.reconnected.items
    assert (nico.gap_days, nico.cadence_days, nico.date) == (59, 30, _day(-1))
    assert (bea.gap_days, bea.cadence_days, bea.date) == (38, 14, _day(-2))
    # a longer window reaches further both ways
    wide = build_digest(store, days=15, now=T0)
    assert {ids["lu"], ids["rae"]} <= {r.contact_id for r in wide.due.items}
    assert wide.follow_ups.count == 3 and wide.birthdays.count == 3


def test_limit_caps_items_not_counts(signed_in_store: Store) -> None:
    store, _ = _fill(signed_in_store)
    d = build_digest(store, days=7, limit=1, now=T0)
    assert d.due.count == 2 and len(d.due.items) == 1
    assert d.interactions.count == 4 and len(d.interactions.items) == 1
    assert d.interactions.items[0].type == "meetup"  # newest first
    text = render_text(d)
    assert "  … and 1 more" in text and "  … and 3 more" in text


def test_text_format(signed_in_store: Store) -> None:
    store, _ = _fill(signed_in_store)
    text = render_text(build_digest(store, days=7, now=T0))
    lines = text.splitlines()
    assert lines[0] == "devhub digest for 2026-12-05"
    assert "The 7 days ahead (2026-12-05 to 2026-12-12)" in lines
    assert "The 7 days behind (2026-11-28 to 2026-12-05)" in lines
    assert "Due to get in touch (2)" in lines
    assert "  Overdue *Olga* · overdue by 15 days" in lines
    assert "  Soon Sam · due in 5 days (Thu Dec 10)" in lines
    assert "  Thu Dec 03  Overdue *Olga*: send the slides (late)" in lines
    assert "  Mon Dec 07  Bday Ben" in lines and "  Sat Dec 12  Bday Bo (turns 36)" in lines
    assert "  Sun Dec 06  Acme: send CV (Back Bea)" in lines
    assert "Interactions logged (4): email 2, coffee 1, meetup 1" in lines
    assert "  Thu Dec 03  coffee with Back Bea: caught up; new job" in lines
    assert "  Back Bea: on Thu Dec 03, after 38 days (cadence 14)" in lines
    assert "\x1b" not in text  # plain: headings are styled only by the CLI on a TTY
    styled = render_text(build_digest(store, days=7, now=T0), heading=lambda s: f"<{s}>")
    assert "<Due to get in touch (2)>" in styled


def test_markdown_format(signed_in_store: Store) -> None:
    store, _ = _fill(signed_in_store)
    md = render_markdown(build_digest(store, days=7, now=T0))
    lines = md.splitlines()
    assert lines[0] == "# devhub digest for 2026-12-05"
    assert "## The 7 days ahead (2026-12-05 to 2026-12-12)" in lines
    assert "## The 7 days behind (2026-11-28 to 2026-12-05)" in lines
    assert "### Due to get in touch (2)" in lines and "### Reconnected (2)" in lines
    assert "- Overdue \\*Olga\\* · overdue by 15 days" in lines  # no emphasis
    assert "By type: email 2, coffee 1, meetup 1" in lines
    assert "### Next steps (1)" in lines
    assert all(not ln or ln.startswith(("#", "- ", "By type")) for ln in lines)


def test_json_format_is_the_documented_shape(signed_in_store: Store) -> None:
    store, ids = _fill(signed_in_store)
    data = json.loads(json.dumps(to_json(build_digest(store, days=7, now=T0))))
    assert sorted(data) == ["ahead", "behind", "days", "generated_at", "today"]
    assert (data["today"], data["days"], data["generated_at"]) == ("2026-12-05", 7, T0)
    ahead, behind = data["ahead"], data["behind"]
    assert sorted(ahead) == ["birthdays", "due", "follow_ups", "from", "next_steps", "to"]
    assert sorted(behind) == ["from", "interactions", "reconnected", "to"]
    assert ahead["due"]["items"][0] == {"contact_id": ids["olga"], "name": "Overdue *Olga*",
                                        "status": "overdue", "due": "2026-11-20",
                                        "days_late": 15}
    assert ahead["follow_ups"]["items"][1] == {
        "follow_up_id": ids["fu_soon"], "contact_id": ids["sam"], "name": "Soon Sam",
        "due": "2026-12-08", "note": "intro to Lee"}
    assert ahead["birthdays"]["items"][1] == {"contact_id": ids["bday2"], "name": "Bday Bo",
                                              "date": "2026-12-12", "age": 36}
    assert sorted(ahead["next_steps"]["items"][0]) == [
        "contact_id", "due", "name", "step", "title", "track_id"]
    inter = behind["interactions"]
    assert inter["count"] == 4 and inter["by_type"] == {"coffee": 1, "email": 2, "meetup": 1}
    assert sorted(inter["items"][0]) == ["contact_id", "date", "interaction_id", "name",
                                         "note", "type"]
    assert behind["reconnected"]["items"][1] == {
        "contact_id": ids["bea"], "name": "Back Bea", "date": "2026-12-03", "gap_days": 38,
        "cadence_days": 14}


def test_user_text_never_passes_control_characters() -> None:
    d = Digest(today=TODAY, days=7, generated_at=T0)
    d.follow_ups = section([FollowUpRow("f", "c", "Eve\x1b[31m\x07", TODAY, "a\x1b]0;x\x07\nb")],
                           None)
    d.interactions = section([InteractionRow("i", "c", "Mal\u009b2J", "call\x00", TODAY,
                                             "hi\rthere")], None)
    for out, shown in ((render_text(d), "Eve[31m"), (render_markdown(d), "Eve\\[31m")):
        assert not any(ch in out for ch in "\x1b\x07\x00\u009b\r"), out
        assert shown in out
    assert md_escape("[x](http://e) <b> `c` #h") == "\\[x\\](http://e) \\<b\\> \\`c\\` \\#h"
