"""Tests for devhub_tui.core.quicklog (the quick-log grammar)."""

from __future__ import annotations

import time
from datetime import date

import pytest

from devhub_tui.core.quicklog import (
    BUILTIN_TYPES,
    CANDIDATE_LIMIT,
    QUICK_LOG_USAGE,
    QUICK_LOG_USAGE_FIXED,
    ContactIndex,
    ContactRef,
    QuickLog,
    normalize_key,
    parse_quick_log,
    resolve_type,
)
from devhub_tui.core.quicklog_tab import complete, completions

TODAY = date(2026, 11, 25)  # Wednesday
TYPES = BUILTIN_TYPES

ADA = ContactRef("c-ada", "Ada Lovelace", "countess")
ALAN = ContactRef("c-alan", "Alan Kay")
ALICE = ContactRef("c-alice", "Alice Liddell")
ALBA = ContactRef("c-alba", "Alba Rossi")
ZOE = ContactRef("c-zoe", "Zoë Ærø")
BRUCE = ContactRef("c-bruce", "李 小龙", "Bruce")
MARKUP = ContactRef("c-markup", "[bold]x")
GRACE = ContactRef("c-grace", "Grace Brewster Murray Hopper", "Amazing Grace")
MIA_C = ContactRef("c-mia-c", "Mia Coffee")
MIA_J = ContactRef("c-mia-j", "Mia Jones")
LINUS = ContactRef("c-linus", "Linus")
LINUS_T = ContactRef("c-linus-t", "Linus Torvalds")

ALL = [ADA, ALAN, ALICE, ALBA, ZOE, BRUCE, MARKUP, GRACE, MIA_C, MIA_J, LINUS, LINUS_T]


@pytest.fixture(scope="module")
def index() -> ContactIndex:
    return ContactIndex(ALL)


def parse(text: str, index: ContactIndex, **kw: object) -> QuickLog:
    return parse_quick_log(text, index, TYPES, TODAY, **kw)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- normalize / types


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Ada  Lovelace", "ada lovelace"),
        ("  ADA\tlovelace ", "ada lovelace"),
        ("Zoë", "zoe"),
        ("Zoe\u0308", "zoe"),  # decomposed diaeresis
        ("Ærø", "ærø"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),
        ("李 小龙", "李 小龙"),
        ("ＡＤＡ", "ada"),  # full-width letters (NFKC)
        ("José Núñez", "jose nunez"),
        ("Ǆ", "dz"),  # NFKC + casefold, then the caron is folded
    ],
)
def test_normalize_key(text: str, key: str) -> None:
    assert normalize_key(text) == key


def test_normalize_key_keeps_marks_of_non_european_scripts() -> None:
    assert normalize_key("が") != normalize_key("か")
    assert normalize_key("हिन्दी") == "हिन्दी"


@pytest.mark.parametrize(
    ("token", "resolved", "candidates"),
    [
        ("call", "call", []),
        ("CALL", "call", []),
        ("coffee", "coffee", []),
        ("cof", "coffee", []),
        ("vid", "video-call", []),
        ("v", "video-call", []),
        ("c", None, ["call", "coffee", "conference", "code-review"]),
        ("co", None, ["coffee", "conference", "code-review"]),
        ("me", None, ["meeting", "message", "meetup", "mentoring"]),
        ("meet", None, ["meeting", "meetup"]),
        ("meeting", "meeting", []),
        ("xyz", None, []),
        ("", None, []),
    ],
)
def test_resolve_type(token: str, resolved: str | None, candidates: list[str]) -> None:
    assert resolve_type(token, TYPES) == (resolved, candidates)


def test_resolve_type_exact_beats_longer_prefix() -> None:
    assert resolve_type("call", ["call", "callback"]) == ("call", [])
    assert resolve_type("Standup", ["standup", "standup-long"]) == ("standup", [])


# --------------------------------------------------------------------------- ContactIndex


def test_index_len_iter_get(index: ContactIndex) -> None:
    assert len(index) == len(ALL)
    assert list(index) == ALL
    assert index.get("c-ada") is ADA
    assert index.get("nope") is None
    assert len(ContactIndex([])) == 0


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("Ada Lovelace", [ADA]),
        ("ada lovelace", [ADA]),
        ("ada   LOVELACE", [ADA]),
        ("ada", [ADA]),  # first name
        ("countess", [ADA]),  # nickname
        ("lovelace", []),  # last name alone is a prefix match, not exact
        ("ad", []),
        ("zoe", [ZOE]),
        ("ZOË ÆRØ", [ZOE]),
        ("李", [BRUCE]),
        ("bruce", [BRUCE]),
        ("[bold]x", [MARKUP]),
        ("amazing grace", [GRACE]),
        ("mia", [MIA_C, MIA_J]),
        ("linus", [LINUS, LINUS_T]),  # full-name match first, then first-name match
        ("", []),
    ],
)
def test_index_exact(index: ContactIndex, phrase: str, expected: list[ContactRef]) -> None:
    assert index.exact(phrase) == expected


def test_index_best_exact_prefers_full_name(index: ContactIndex) -> None:
    assert index.best_exact("linus") == [LINUS]
    assert index.best_exact("mia") == [MIA_C, MIA_J]
    assert index.best_exact("countess") == [ADA]
    assert index.best_exact("nobody") == []


@pytest.mark.parametrize(
    ("phrase", "expected"),
    [
        ("a", [ADA, ALAN, ALBA, ALICE, GRACE]),  # "amazing grace" nickname
        ("al", [ALAN, ALBA, ALICE]),
        ("AL", [ALAN, ALBA, ALICE]),
        ("ali", [ALICE]),
        ("lov", [ADA]),  # a later name word
        ("ada lov", [ADA]),  # full-name prefix with a space
        ("ada  lov", [ADA]),
        ("count", [ADA]),  # nickname prefix
        ("hop", [GRACE]),
        ("murray h", [GRACE]),
        ("zo", [ZOE]),
        ("ær", [ZOE]),
        ("李", [BRUCE]),
        ("小", [BRUCE]),
        ("[b", [MARKUP]),
        ("zed", []),
        ("", []),
        ("   ", []),
    ],
)
def test_index_prefix(index: ContactIndex, phrase: str, expected: list[ContactRef]) -> None:
    assert index.prefix(phrase, limit=None) == expected


def test_index_prefix_limit(index: ContactIndex) -> None:
    assert len(index.prefix("a", limit=2)) == 2
    assert index.prefix("a", limit=0) == []
    assert set(index.prefix("a", limit=2)) <= set(index.prefix("a", limit=None))


def test_index_handles_duplicates_and_odd_names() -> None:
    twins = [ContactRef("1", "Sam Smith"), ContactRef("2", "Sam Smith"), ContactRef("3", "  ")]
    ix = ContactIndex(twins)
    assert [r.id for r in ix.exact("sam smith")] == ["1", "2"]
    assert [r.id for r in ix.prefix("sam")] == ["1", "2"]
    assert ix.exact("") == []


def test_index_speed_with_100k_contacts() -> None:
    refs = [
        ContactRef(f"id{i}", f"Person{i % 997} Sur{i:06d}", f"nick{i}" if i % 3 == 0 else None)
        for i in range(100_000)
    ]
    start = time.perf_counter()
    ix = ContactIndex(refs)
    build = time.perf_counter() - start
    assert len(ix) == 100_000
    assert build < 10.0  # generous: built once, not per keystroke

    start = time.perf_counter()
    for i in range(100):
        assert ix.exact(f"person{i}")  # ~100 people share each first name
        assert ix.prefix(f"sur{i * 7:06d}", limit=10)
        assert ix.prefix("p", limit=10)
    lookups = time.perf_counter() - start
    assert lookups < 0.5

    start = time.perf_counter()
    for i in range(100):
        result = parse_quick_log(f"sur{i * 991:06d} call lunch @yesterday", ix, TYPES, TODAY)
        assert result.ok, result.error
        assert result.contact is not None and result.contact.id == f"id{i * 991}"
    assert time.perf_counter() - start < 1.0


# --------------------------------------------------------------------------- parse: success


@pytest.mark.parametrize(
    ("text", "contact", "type_", "note", "when"),
    [
        ("ada call", ADA, "call", "", TODAY),
        ("Ada call", ADA, "call", "", TODAY),
        ("ADA CALL", ADA, "call", "", TODAY),
        ("ada lovelace call", ADA, "call", "", TODAY),
        ("Ada Lovelace coffee talked about engines", ADA, "coffee", "talked about engines", TODAY),
        ("countess email re: notes", ADA, "email", "re: notes", TODAY),
        ("lov meetup", ADA, "meetup", "", TODAY),
        ("ada call @yesterday", ADA, "call", "", date(2026, 11, 24)),
        ("ada call hi there @3d", ADA, "call", "hi there", date(2026, 11, 22)),
        ("ada call @fri", ADA, "call", "", date(2026, 11, 20)),
        ("ada call @wed", ADA, "call", "", TODAY),  # today is Wednesday
        ("ada call @2026-11-20", ADA, "call", "", date(2026, 11, 20)),
        ("ada call @TODAY", ADA, "call", "", TODAY),
        ("  ada    call   lots   of   space  ", ADA, "call", "lots   of   space", TODAY),
        ("ada\tcall\tnote", ADA, "call", "note", TODAY),
        ("ada cof long chat", ADA, "coffee", "long chat", TODAY),  # unique type prefix
        ("ada video-call", ADA, "video-call", "", TODAY),
        ("ada vid", ADA, "video-call", "", TODAY),
        ("alan coffee", ALAN, "coffee", "", TODAY),
        ("alic call", ALICE, "call", "", TODAY),
        ("zoë call", ZOE, "call", "", TODAY),
        ("zoe call", ZOE, "call", "", TODAY),
        ("ZOË ÆRØ coffee x", ZOE, "coffee", "x", TODAY),
        ("李 call", BRUCE, "call", "", TODAY),
        ("李 小龙 call 功夫", BRUCE, "call", "功夫", TODAY),
        ("bruce call", BRUCE, "call", "", TODAY),
        ("[bold]x email [red]hi[/red]", MARKUP, "email", "[red]hi[/red]", TODAY),
        ("grace brewster murray hopper pairing", GRACE, "pairing", "", TODAY),
        ("amazing grace mentoring", GRACE, "mentoring", "", TODAY),
        ("hopper code-review", GRACE, "code-review", "", TODAY),
        ("mia coffee coffee", MIA_C, "coffee", "", TODAY),  # longest phrase first
        ("mia jones coffee", MIA_J, "coffee", "", TODAY),
        ("linus call", LINUS, "call", "", TODAY),  # full name "Linus" beats first name
        ("linus torvalds call", LINUS_T, "call", "", TODAY),
        ("torv call", LINUS_T, "call", "", TODAY),
        ("ada call email me @ home", ADA, "call", "email me @ home", TODAY),  # '@' alone mid-note
        ("ada call mail bob@example.com", ADA, "call", "mail bob@example.com", TODAY),
    ],
)
def test_parse_ok(
    index: ContactIndex, text: str, contact: ContactRef, type_: str, note: str, when: date
) -> None:
    result = parse(text, index)
    assert result.error is None, result.error
    assert result.ok
    assert result.contact == contact
    assert result.type == type_
    assert result.note == note
    assert result.when == when
    assert result.candidates == []


def test_parse_keeps_note_spacing_and_markup(index: ContactIndex) -> None:
    result = parse("ada call  a  [b]c[/b]   d  @yesterday", index)
    assert result.ok and result.note == "a  [b]c[/b]   d"


def test_custom_types(index: ContactIndex) -> None:
    types = ["call", "Standup", "hack-night"]
    result = parse_quick_log("ada standup sprint", index, types, TODAY)
    assert result.ok and result.type == "Standup" and result.note == "sprint"
    result = parse_quick_log("ada hack", index, types, TODAY)
    assert result.ok and result.type == "hack-night"
    result = parse_quick_log("ada coffee", index, types, TODAY)
    assert not result.ok
    assert result.error == "unknown type 'coffee' (types: call, Standup, hack-night)"


# --------------------------------------------------------------------------- parse: errors


def test_empty(index: ContactIndex) -> None:
    for text in ["", "   ", "\t"]:
        result = parse(text, index)
        assert not result.ok
        assert result.error == QUICK_LOG_USAGE == "type: CONTACT TYPE [NOTE] [@WHEN]"
        assert result.contact is None and result.type is None and result.when == TODAY


def test_only_a_date(index: ContactIndex) -> None:
    result = parse("@yesterday", index)
    assert not result.ok and result.error == QUICK_LOG_USAGE
    assert result.when == date(2026, 11, 24)


def test_ambiguous_prefix(index: ContactIndex) -> None:
    result = parse("al call", index)
    assert not result.ok
    assert result.error == "'al' matches 3 contacts: Alan Kay, Alba Rossi, Alice Liddell"
    assert result.candidates == [ALAN, ALBA, ALICE]
    assert result.contact is None


def test_ambiguous_while_typing(index: ContactIndex) -> None:
    result = parse("al", index)
    assert not result.ok
    assert result.candidates == [ALAN, ALBA, ALICE]
    assert result.error is not None and result.error.startswith("'al' matches 3 contacts")


def test_ambiguous_exact_first_names(index: ContactIndex) -> None:
    result = parse("mia call", index)
    assert not result.ok
    assert result.error == "'mia' matches 2 contacts: Mia Coffee, Mia Jones"
    assert result.candidates == [MIA_C, MIA_J]


def test_whole_line_naming_one_contact_waits_for_type(index: ContactIndex) -> None:
    # "mia" alone is ambiguous, but "mia coffee" is exactly Mia Coffee's name
    result = parse("mia coffee", index)
    assert result.contact == MIA_C and result.type is None and not result.ok
    assert result.error is not None and result.error.startswith("missing type (types: meeting,")


def test_many_matches_are_capped() -> None:
    refs = [ContactRef(str(i), f"Sam{i:02d} Smith") for i in range(30)]
    ix = ContactIndex(refs)
    result = parse_quick_log("sam call", ix, TYPES, TODAY)
    assert not result.ok
    assert len(result.candidates) == CANDIDATE_LIMIT
    assert result.error is not None
    assert result.error.startswith(f"'sam' matches more than {CANDIDATE_LIMIT} contacts: Sam00")
    assert result.error.endswith(", ...")


def test_many_exact_matches_are_counted() -> None:
    refs = [ContactRef(str(i), f"Sam Smith{i}") for i in range(12)]
    ix = ContactIndex(refs)
    result = parse_quick_log("sam call", ix, TYPES, TODAY)
    assert result.error is not None and result.error.startswith("'sam' matches 12 contacts: ")
    assert len(result.candidates) == CANDIDATE_LIMIT


def test_duplicate_names_are_ambiguous() -> None:
    ix = ContactIndex([ContactRef("1", "Sam Smith"), ContactRef("2", "Sam Smith")])
    result = parse_quick_log("sam smith call", ix, TYPES, TODAY)
    assert not result.ok
    assert result.error == "'sam smith' matches 2 contacts: Sam Smith, Sam Smith"
    assert [c.id for c in result.candidates] == ["1", "2"]


@pytest.mark.parametrize(
    ("text", "message", "candidates"),
    [
        ("zed call", "no contact matches 'zed'", [ZOE]),  # nearest prefix "z"
        ("zed", "no contact matches 'zed'", [ZOE]),
        ("qq call", "no contact matches 'qq'", []),
        ("nobody here call hi", "no contact matches 'nobody here'", []),
        ("xyz", "no contact matches 'xyz'", []),
        ("alx call", "no contact matches 'alx'", [ALAN, ALBA, ALICE]),
    ],
)
def test_unknown_contact(
    index: ContactIndex, text: str, message: str, candidates: list[ContactRef]
) -> None:
    result = parse(text, index)
    assert not result.ok
    assert result.contact is None
    assert result.error == message
    assert result.candidates == candidates


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ada cofee", "unknown type 'cofee' (did you mean coffee?)"),
        ("ada colf", "unknown type 'colf' (did you mean coffee?)"),
        ("ada emial", "unknown type 'emial' (did you mean email?)"),
        ("ada xyzzy notes", "unknown type 'xyzzy' (types: " + ", ".join(BUILTIN_TYPES) + ")"),
        ("ada c", "'c' could be call, coffee, conference, code-review"),
        ("ada meet", "'meet' could be meeting, meetup"),
        ("ada", "missing type (types: " + ", ".join(BUILTIN_TYPES) + ")"),
        ("ada lovelace", "missing type (types: " + ", ".join(BUILTIN_TYPES) + ")"),
    ],
)
def test_type_problems(index: ContactIndex, text: str, message: str) -> None:
    result = parse(text, index)
    assert not result.ok
    assert result.contact == ADA
    assert result.type is None
    assert result.error == message


def test_bad_date(index: ContactIndex) -> None:
    result = parse("ada call hi @blah", index)
    assert not result.ok
    assert result.contact == ADA and result.type == "call" and result.note == "hi"
    assert result.error == "can't read date '@blah' (try today, yesterday, 3d, fri, 2026-11-20)"
    assert result.when == TODAY

    result = parse("ada call @2026-02-30", index)
    assert result.error == "'2026-02-30' is not a real date"

    result = parse("ada call @", index)
    assert not result.ok and result.error is not None and "no date given" in result.error


def test_contact_error_shown_before_date_error(index: ContactIndex) -> None:
    result = parse("zed call @blah", index)
    assert result.error == "no contact matches 'zed'"


def test_future_dates_are_parsed_in_past_mode(index: ContactIndex) -> None:
    assert parse("ada call @fri", index).when == date(2026, 11, 20)
    assert parse("ada call @3d", index).when == date(2026, 11, 22)


def test_messages_are_clipped(index: ContactIndex) -> None:
    result = parse("z" * 500 + " call", index)
    assert result.error is not None and len(result.error) < 80
    result = parse("ada " + "q" * 500, index)
    assert result.error is not None and len(result.error) < 300


def test_parse_never_raises_on_junk(index: ContactIndex) -> None:
    junk = ["@", "@@", "\x00", "\x1b[31m", "call", "call ada", "@fri ada", "a" * 10_000, "🙂 call"]
    junk += [" ".join(["ada"] * 100), "ada call " + "x " * 5000]
    for text in junk:
        result = parse(text, index)
        assert isinstance(result, QuickLog)
        assert result.ok == (result.error is None and result.contact is not None)


# --------------------------------------------------------------------------- fixed contact


@pytest.mark.parametrize(
    ("text", "type_", "note", "when", "error"),
    [
        ("call", "call", "", TODAY, None),
        ("CALL talked @yesterday", "call", "talked", date(2026, 11, 24), None),
        ("cof  long   chat", "coffee", "long   chat", TODAY, None),
        ("", None, "", TODAY, QUICK_LOG_USAGE_FIXED),
        ("@fri", None, "", date(2026, 11, 20), QUICK_LOG_USAGE_FIXED),
        ("cofee x", None, "x", TODAY, "unknown type 'cofee' (did you mean coffee?)"),
        ("c", None, "", TODAY, "'c' could be call, coffee, conference, code-review"),
        (
            "call @nope",
            "call",
            "",
            TODAY,
            "can't read date '@nope' (try today, yesterday, 3d, fri, 2026-11-20)",
        ),
    ],
)
def test_fixed_contact(
    index: ContactIndex,
    text: str,
    type_: str | None,
    note: str,
    when: date,
    error: str | None,
) -> None:
    result = parse(text, index, default_contact=ALAN)
    assert result.contact == ALAN
    assert result.type == type_
    assert result.note == note
    assert result.when == when
    assert result.error == error
    assert result.ok == (error is None)


@pytest.mark.parametrize(
    ("text", "contact", "type_", "used_default"),
    [
        ("call hi", ALAN, "call", True),  # a type first: the default contact
        ("ada call", ADA, "call", False),  # another contact's name first: that contact
        ("Ada Lovelace coffee @yesterday", ADA, "coffee", False),
        ("gr", GRACE, None, False),  # already reads as Grace (the type is to come)
        ("c", ALAN, None, True),  # the start of several types: still the type
        ("cofee x", ALAN, None, True),  # a typo names nobody: explained as a type
        ("xyz hello", ALAN, None, True),  # nobody, no type: explained as a type
    ],
)
def test_default_contact(
    index: ContactIndex, text: str, contact: ContactRef, type_: str | None, used_default: bool
) -> None:
    result = parse(text, index, default_contact=ALAN)
    assert (result.contact, result.type, result.used_default) == (contact, type_, used_default)
    assert result.ok == (type_ is not None)


def test_default_contact_gives_way_to_several_names_and_to_a_new_name(
    index: ContactIndex,
) -> None:
    result = parse("mia call", index, default_contact=ALAN)
    assert result.contact is None and result.ambiguous and not result.used_default
    assert result.candidates == [MIA_C, MIA_J]
    result = parse("barbara coffee chat", index, default_contact=ALAN)
    assert result.contact is None and result.new_name == "barbara"
    assert (result.type, result.note) == ("coffee", "chat")


@pytest.mark.parametrize("when", ["@2027-03-01", "@tomorrow", "@2026-11-26"])
def test_a_future_date_is_refused_and_points_to_a_follow_up(
    index: ContactIndex, when: str
) -> None:
    for result in (parse(f"ada call hi {when}", index),
                   parse(f"call hi {when}", index, default_contact=ADA)):
        assert not result.ok and result.future_date
        assert (result.contact, result.type, result.note) == (ADA, "call", "hi")
        assert result.error is not None and result.error == result.date_error
        assert "is in the future" in result.error and "follow-up" in result.error


def test_a_date_before_1900_is_refused(index: ContactIndex) -> None:
    result = parse("ada call @1899-12-31", index)
    assert not result.ok and not result.future_date
    assert result.error == ("1899-12-31 is before 1900-01-01: interactions are dated from"
                            " 1900 to today")
    assert parse("ada call @1900-01-01", index).ok
    assert parse("ada call @2026-11-25", index).ok  # today


def test_ambiguity_has_a_headline_without_the_names(index: ContactIndex) -> None:
    text = "al  coffee hello"
    result = parse(text, index)
    assert result.ambiguous and result.headline == "'al' matches 3 contacts"
    assert result.error == "'al' matches 3 contacts: Alan Kay, Alba Rossi, Alice Liddell"
    assert text[result.name_end :].strip() == "coffee hello"
    twins = ContactIndex([ContactRef("1", "Sam Smith"), ContactRef("2", "Sam Smith")])
    result = parse_quick_log("sam smith call", twins, TYPES, TODAY)
    assert result.ambiguous and result.headline == "'sam smith' matches 2 contacts"
    assert not parse("zed call", index).ambiguous  # nearest names are not an ambiguity


def test_an_unknown_name_in_front_of_a_type_can_be_created(index: ContactIndex) -> None:
    text = "Barbara  Liskov coffee talked @yesterday"
    result = parse(text, index)
    assert not result.ok and result.contact is None
    assert result.error == "no contact matches 'Barbara Liskov'"
    assert result.new_name == "Barbara Liskov"
    assert (result.type, result.note, result.when) == ("coffee", "talked", date(2026, 11, 24))
    assert text[: result.name_end] == "Barbara  Liskov"
    assert parse("barbara", index).new_name is None  # no type yet: where does the name end?
    result = parse("barbara call @2027-01-01", index)
    assert result.new_name == "barbara" and result.future_date
    assert result.error == "no contact matches 'barbara'"  # the contact first


def test_quicklog_ok_property() -> None:
    assert QuickLog(ADA, "call", "", TODAY).ok
    assert not QuickLog(ADA, None, "", TODAY).ok
    assert not QuickLog(None, "call", "", TODAY).ok
    assert not QuickLog(ADA, "call", "", TODAY, [], "bad date").ok


# --------------------------------------------------------------------------- completion


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ad", "Ada Lovelace "),
        ("ada", "Ada Lovelace "),
        ("ada ", "Ada Lovelace "),
        ("ADA LOV", "Ada Lovelace "),
        ("Ada Lovelace ", None),  # already complete
        ("al", "Alan Kay "),  # first candidate when ambiguous
        ("lov", "Ada Lovelace "),
        ("zo", "Zoë Ærø "),
        ("李", "李 小龙 "),
        ("count", "Ada Lovelace "),
        ("ada c", "ada call "),  # typing the type: first type with that prefix
        ("ada cof", "ada coffee "),
        ("ada vid", "ada video-call "),
        ("Ada Lovelace me", "Ada Lovelace meeting "),
        ("ada call", "ada call "),
        ("ada call ", None),  # the note: nothing to complete
        ("ada call hel", None),
        ("ada call @ye", None),
        ("zed", None),
        ("ada zz", None),
        ("", None),
        ("   ", None),
        ("linus", "Linus "),
        ("linus t", "Linus Torvalds "),  # "linus t..." names Linus Torvalds, not a type
        ("linus torvalds c", "linus torvalds call "),
    ],
)
def test_complete(index: ContactIndex, text: str, expected: str | None) -> None:
    assert complete(text, index, TYPES) == expected


def test_complete_result_parses(index: ContactIndex) -> None:
    text = complete("ad", index, TYPES)
    assert text is not None
    text = complete(text + "co", index, TYPES)
    assert text == "Ada Lovelace coffee "
    result = parse(text + "chat", index)
    assert result.ok and result.contact == ADA and result.type == "coffee"


@pytest.mark.parametrize(
    ("text", "expected"),
    [("c", "call "), ("cof", "coffee "), ("CALL", "call "), ("call ", None), ("zz", None)],
)
def test_complete_fixed_contact(index: ContactIndex, text: str, expected: str | None) -> None:
    assert complete(text, index, TYPES, default_contact=ADA) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("al", ["Alan Kay ", "Alba Rossi ", "Alice Liddell "]),
        ("linus", ["Linus ", "Linus Torvalds "]),  # the exact name first
        ("ada c", ["ada call ", "ada coffee ", "ada conference ", "ada code-review "]),
        ("ada call", ["ada call "]),
        ("ada call hi", []),
        ("zed", []),
    ],
)
def test_completions_cycle(index: ContactIndex, text: str, expected: list[str]) -> None:
    assert completions(text, index, TYPES) == expected


def test_completions_list_identical_names_once() -> None:
    twins = ContactIndex([ContactRef("1", "Sam Smith"), ContactRef("2", "Sam Smith")])
    assert completions("sam", twins, TYPES) == ["Sam Smith "]


def test_completions_with_a_default_contact(index: ContactIndex) -> None:
    # the first word: the types it starts, then the names (Ada is "countess")
    assert completions("co", index, TYPES, default_contact=ALAN) == [
        "coffee ", "conference ", "code-review ", "Ada Lovelace ", "Mia Coffee "]
    assert completions("call hi", index, TYPES, default_contact=ALAN) == []
    assert completions("ada c", index, TYPES, default_contact=ALAN)[0] == "ada call "


def test_a_line_normalises_the_types_once_not_at_every_word(
    index: ContactIndex, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every word that may be the type is held against every type: the types' keys are
    remembered (`type_key`), or a line cost ~190 normalisations (65 us at 100k)."""
    from devhub_tui.core import quicklog

    calls: list[str] = []

    def counted(text: str) -> str:
        calls.append(text)
        return normalize_key(text)

    monkeypatch.setattr(quicklog, "normalize_key", counted)
    line = "grace brewster murray hopper coffee talked about compilers yesterday"
    assert parse(line, index).contact == GRACE  # the first line: each type once
    calls.clear()
    first = parse(line, index)
    assert first.contact == GRACE and first.type == "coffee"
    assert len(calls) < len(TYPES), calls  # the words only, not the types again
