"""The CLI's date bounds, same-name contacts and contact ids, run for real in a subprocess.

Interactions are dated 1900-01-01 to today (a future one points at `follow-up`);
birthdays can't be in the future; a second contact with a name already taken is
added with a warning; every CONTACT argument also takes the contact's id.
"""

from __future__ import annotations

import datetime as _dt
import json
import re
from pathlib import Path

from devhub_tui.storage.store import Store

from .cli_helpers import assert_clean_error, run_cli


def _today() -> _dt.date:
    return _dt.datetime.now(_dt.UTC).date()


def _ids(name: str) -> list[str]:
    """The ids `contacts --json` shows for contacts called `name`, oldest first."""
    res = run_cli("contacts", "--json", "--sort", "name")
    assert res.returncode == 0, res.stderr
    rows = [c for c in json.loads(res.stdout) if c["name"] == name]
    return [c["id"] for c in sorted(rows, key=lambda c: (c["created_at"], c["id"]))]


def test_a_future_interaction_date_is_refused_and_points_to_a_follow_up(
    signed_in_store: Store,
) -> None:
    store = signed_in_store
    linus = store.add_contact({"name": "Linus Torvalds", "nickname": "linus"})
    tomorrow = _today() + _dt.timedelta(days=1)
    res = run_cli("log", "linus", "call", "--date", "tomorrow")
    assert_clean_error(res, f"{tomorrow.isoformat()} is in the future: log what happened")
    assert "to plan it: devhub follow-up 'Linus Torvalds' --due tomorrow" in res.stderr
    assert_clean_error(run_cli("log", "linus", "call", "--date", "2999-03-01"),
                       "2999-03-01 is in the future")
    assert_clean_error(run_cli("log", "linus", "call", "kernel", "@tomorrow"),
                       f"devhub follow-up 'Linus Torvalds' --due {tomorrow.isoformat()}")
    assert store.list_interactions() == []
    assert store.get_contact(linus).last_contacted is None
    # the suggested command works as printed
    res = run_cli("follow-up", "Linus Torvalds", "--due", "tomorrow")
    assert res.returncode == 0, res.stderr
    [fu] = store.list_follow_ups(contact_id=linus)
    assert fu.due == tomorrow.isoformat()
    # today and the past are fine
    assert run_cli("log", "linus", "call", "--date", "today").returncode == 0
    assert run_cli("log", "linus", "call", "--date", "1900-01-01").returncode == 0
    assert len(store.list_interactions()) == 2


def test_dates_before_1900_are_refused_with_one_line(signed_in_store: Store) -> None:
    signed_in_store.add_contact({"name": "Ada Lovelace"})
    for when in ("0001-01-01", "1899-12-31", "99999d"):
        res = run_cli("log", "ada", "call", "--date", when)
        assert_clean_error(res, "is before 1900-01-01: interactions are dated from 1900 to today")
    assert_clean_error(run_cli("log", "ada", "call", "--date", "99999999999d"), "too far away")
    assert signed_in_store.list_interactions() == []


def test_a_huge_limit_is_one_clear_line_not_a_crash(signed_in_store: Store, tmp_path: Path) -> None:
    signed_in_store.add_contact({"name": "Ada Lovelace"})
    res = run_cli("contacts", "--limit", "99999999999999999999")
    assert_clean_error(res, "--limit can be at most 1,000,000,000")
    assert "unexpected" not in res.stderr
    assert not list(tmp_path.rglob("crash.log"))
    res = run_cli("contacts", "--limit", "1000000000", "--json")
    assert res.returncode == 0, res.stderr
    assert [c["name"] for c in json.loads(res.stdout)] == ["Ada Lovelace"]


def test_a_future_birthday_is_refused(signed_in_store: Store) -> None:
    tomorrow = (_today() + _dt.timedelta(days=1)).isoformat()
    assert_clean_error(run_cli("contact", "add", "Baby", "--birthday", "9999-12-31"),
                       "birthday '9999-12-31' is in the future")
    assert_clean_error(run_cli("contact", "add", "Baby", "--birthday", tomorrow),
                       "is in the future")
    assert signed_in_store.count_contacts() == 0
    res = run_cli("contact", "add", "Baby", "--birthday", _today().isoformat())
    assert res.returncode == 0, res.stderr
    assert run_cli("contact", "add", "Noyear", "--birthday", "12-31").returncode == 0


def test_a_second_contact_with_a_name_is_added_with_a_warning(signed_in_store: Store) -> None:
    res = run_cli("contact", "add", "Grace Hopper", "--email", "grace@navy.mil")
    assert res.returncode == 0 and res.stderr == "", res.stderr
    res = run_cli("contact", "add", "grace hopper", "--company", "Navy")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("added grace hopper (")
    assert res.stderr.splitlines() == [
        "devhub: warning: there is already a contact named Grace Hopper (grace@navy.mil);"
        " added anyway"
    ]
    res = run_cli("contact", "add", "Grace Hopper", "--json")
    assert res.returncode == 0, res.stderr
    assert json.loads(res.stdout)["name"] == "Grace Hopper"  # stdout stays JSON
    assert "there are already 2 contacts named Grace Hopper (grace@navy.mil; Navy)" in (
        res.stderr)
    assert signed_in_store.count_contacts() == 3
    res = run_cli("contact", "add", "Grace Kelly")
    assert res.stderr == ""  # another name: no warning


def test_same_names_are_told_apart_by_id(signed_in_store: Store) -> None:
    store = signed_in_store
    navy = store.add_contact({"name": "Grace Hopper", "email": "grace@navy.mil"})
    yale = store.add_contact({"name": "Grace Hopper", "company": "Yale"})
    plain = store.add_contact({"name": "Grace Hopper"})
    assert set(_ids("Grace Hopper")) == {navy, yale, plain}  # contacts --json shows ids
    for args in (["log", "grace", "hopper", "call"], ["log", "Grace Hopper", "call"]):
        res = run_cli(*args)
        assert_clean_error(res, "'grace hopper' matches 3 contacts" if "grace" in args
                           else "'Grace Hopper' matches 3 contacts")
        assert f"Grace Hopper (grace@navy.mil, id {navy[:8]})" in res.stderr
        assert f"Grace Hopper (Yale, id {yale[:8]})" in res.stderr
        assert f"Grace Hopper (id {plain[:8]})" in res.stderr
        assert "to pick one, use its id: devhub log " in res.stderr
        assert res.stderr.rstrip().endswith(" call")
    res = run_cli("follow-up", "grace", "hopper", "--due", "fri")
    assert_clean_error(res, f"Grace Hopper (Yale, id {yale[:8]})")
    assert "devhub follow-up " in res.stderr and "--due fri" in res.stderr
    assert store.list_interactions() == [] and store.list_follow_ups() == []
    # the full id, or its first 8 characters as the messages show it
    res = run_cli("log", yale, "coffee", "talked", "about", "COBOL")
    assert res.returncode == 0, res.stderr
    res = run_cli("log", navy[:8], "call", "@yesterday")
    assert res.returncode == 0, res.stderr
    res = run_cli("follow-up", plain[:8], "--due", "tomorrow", "send", "the", "slides")
    assert res.returncode == 0, res.stderr
    by_contact = {ix.contact_id: (ix.type, ix.notes) for ix in store.list_interactions()}
    assert by_contact == {yale: ("coffee", "talked about COBOL"), navy: ("call", "")}
    [fu] = store.list_follow_ups()
    assert (fu.contact_id, fu.note) == (plain, "send the slides")
    # a future date's hint names the contact by id when its name is shared
    res = run_cli("log", "grace", "hopper", "call", "--date", "tomorrow")
    assert_clean_error(res, "matches 3 contacts")
    res = run_cli("log", yale[:8], "call", "--date", "tomorrow")
    assert_clean_error(res, f"to plan it: devhub follow-up {yale[:8]} --due tomorrow")
    # too short to be an id, and an id nobody has
    assert_clean_error(run_cli("log", yale[:5], "call"), f"no contact matches '{yale[:5]}'")
    assert_clean_error(run_cli("log", "0" * 32, "call"), "no contact matches")
    alan, alice = store.add_contact({"name": "Alan Kay"}), store.add_contact(
        {"name": "Alice Liddell"})
    with store.db.write() as c:  # two ids that start alike: ask for more of it
        c.execute("UPDATE contacts SET id = 'abcdef0011' WHERE id = ?", (alan,))
        c.execute("UPDATE contacts SET id = 'abcdef0022' WHERE id = ?", (alice,))
    assert_clean_error(run_cli("log", "abcdef00", "call"),
                       "'abcdef00' starts the id of several contacts: give more of it")
    assert run_cli("log", "abcdef002", "call").returncode == 0
    assert {ix.contact_name for ix in store.list_interactions()} >= {"Alice Liddell"}


def test_follow_up_takes_unquoted_names_and_the_rest_is_the_note(
    signed_in_store: Store,
) -> None:
    store = signed_in_store
    hopper = store.add_contact({"name": "Grace Hopper"})
    kelly = store.add_contact({"name": "Grace Kelly"})
    ada = store.add_contact({"name": "Ada Lovelace", "nickname": "ada"})
    res = run_cli("follow-up", "grace", "hopper", "--due", "tomorrow", "send", "the", "slides")
    assert res.returncode == 0, res.stderr
    assert res.stdout.startswith("follow-up with Grace Hopper due ")
    res = run_cli("follow-up", "grace", "kel", "--due", "in 3 days", "film night")
    assert res.returncode == 0, res.stderr
    res = run_cli("follow-up", "ada", "--due", "next fri", "prize  draft\tv2")
    assert res.returncode == 0, res.stderr
    res = run_cli("follow-up", "Ada Lovelace", "--due", "tomorrow")
    assert res.returncode == 0, res.stderr
    notes = {(f.contact_id, f.note) for f in store.list_follow_ups()}
    assert notes == {(hopper, "send the slides"), (kelly, "film night"),
                     (ada, "prize  draft\tv2"), (ada, "")}
    res = run_cli("follow-up", "grace", "--due", "tomorrow", "call", "her")
    assert_clean_error(res, "'grace' matches 2 contacts")
    assert_clean_error(run_cli("follow-up", "zed", "--due", "tomorrow"),
                       "no contact matches 'zed'")
    assert len(store.list_follow_ups()) == 4


def test_log_names_its_missing_type_argument(signed_in_store: Store) -> None:
    signed_in_store.add_contact({"name": "Ada Lovelace"})
    res = run_cli("log", "ada")
    assert res.returncode != 0
    assert "Missing argument 'TYPE'." in res.stderr and "TYPE_" not in res.stderr
    assert "CONTACT TYPE [NOTE]" in run_cli("log", "--help").stdout


def test_date_hints_suggest_future_words_for_plans_and_past_words_for_logs(
    signed_in_store: Store,
) -> None:
    signed_in_store.add_contact({"name": "Ada Lovelace"})
    ahead = (_today() + _dt.timedelta(days=16)).isoformat()
    res = run_cli("follow-up", "ada", "--due", "someday")
    assert_clean_error(res, f"(try tomorrow, in 3 days, next fri, {ahead})")
    assert "yesterday" not in res.stderr and " 3d" not in res.stderr
    res = run_cli("log", "ada", "call", "--date", "someday")
    assert_clean_error(res, "(try today, yesterday, 3d, fri, 2026-11-20)")
    helptext = run_cli("follow-up", "--help").stdout
    assert "tomorrow, in 3 days, next fri" in helptext
    assert not re.search(r"\bfri,", helptext.replace("next fri,", ""))


def test_the_not_logged_in_hint_names_the_account() -> None:
    assert_clean_error(run_cli("contacts"), "not logged in: create an account with"
                       " `devhub user add NAME`, then `devhub login NAME`")
    res = run_cli("user", "add", "grace", "--password-stdin", stdin="password1\n")
    assert res.returncode == 0, res.stderr
    assert "now run `devhub login grace`" in res.stdout
    assert_clean_error(run_cli("contacts"), "not logged in: run `devhub login grace`")
    run_cli("user", "add", "alan", "--password-stdin", stdin="password1\n")
    assert_clean_error(run_cli("contacts"), "not logged in: run `devhub login NAME`")
