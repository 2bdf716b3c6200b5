"""Tracks' pure rules (issue 19): kinds, stages, slugs, amounts, next steps, and
`+words` in the quick log."""

from __future__ import annotations

import datetime as dt

import pytest

from devhub_tui.core.quicklog import BUILTIN_TYPES, ContactIndex, ContactRef, parse_quick_log
from devhub_tui.core.status import attention_for_follow_up, order_attention
from devhub_tui.core.track_words import (
    TrackRef,
    blank_track_words,
    note_links,
    parse_resources,
    resolve_track_word,
)
from devhub_tui.core.tracks import (
    DEFAULT_STAGES,
    amount_text,
    attention_for_next_step,
    format_amount,
    parse_amount,
    parse_goals,
    parse_stages,
    resolve_kind,
    resolve_stage,
    slugify,
    unique_slug,
    validate_currency,
)
from devhub_tui.core.validation import ValidationError

TODAY = dt.date(2026, 11, 25)


def test_default_stages_and_which_close_a_track() -> None:
    job = DEFAULT_STAGES["job"]
    assert job.all == ("lead", "applied", "interviewing", "offer", "accepted", "declined",
                       "closed")
    assert job.is_terminal("declined") and not job.is_terminal("offer")
    assert job.step("lead", 1) == "applied" and job.step("lead", -1) is None
    assert job.step("closed", 1) is None and job.step("nope", 1) is None
    assert DEFAULT_STAGES["client"].terminal == ("paid", "closed")
    assert DEFAULT_STAGES["mentorship"].all == ("active", "paused", "ended")
    assert DEFAULT_STAGES["collab"].all == ("idea", "in progress", "published", "dropped")


def test_kinds_are_named_or_a_unique_start() -> None:
    assert resolve_kind("Mentor") == "mentorship" and resolve_kind("JOB") == "job"
    with pytest.raises(ValidationError, match=r"unknown kind 'gig' \(kinds: job, client, "
                                              r"mentorship, collab\)"):
        resolve_kind("gig")


def test_stages_name_the_choices_and_the_other_kind() -> None:
    assert resolve_stage("interv", "job", DEFAULT_STAGES) == "interviewing"
    assert resolve_stage("In-Progress", "collab", DEFAULT_STAGES) == "in progress"
    with pytest.raises(ValidationError) as exc:
        resolve_stage("paid", "job", DEFAULT_STAGES)
    assert str(exc.value) == ("'paid' is a client stage, not a job one (job stages: lead, "
                              "applied, interviewing, offer, accepted, declined, closed)")
    with pytest.raises(ValidationError, match=r"unknown stage 'later' \(mentorship stages"):
        resolve_stage("later", "mentorship", DEFAULT_STAGES)
    with pytest.raises(ValidationError, match="'a' could be applied, accepted"):
        resolve_stage("a", "job", DEFAULT_STAGES)


def test_stages_as_typed_in_settings() -> None:
    got = parse_stages(" Lead, Pitch ,  Signed  |  Paid, Lost ")
    assert (got.open, got.terminal) == (("lead", "pitch", "signed"), ("paid", "lost"))
    assert parse_stages(got.text()) == got
    for bad, fragment in [("lead, applied", "then |"), ("| done", "at least one open"),
                          ("lead |", "after the |"), ("lead, lead | done", "named twice"),
                          ("lead,, x | done", "can't be empty"),
                          ("[bold] | done", "letters, digits"),
                          (", ".join(f"s{n}" for n in range(12)) + " | done", "at most 12")]:
        with pytest.raises(ValidationError, match=fragment):
            parse_stages(bad)


def test_slugs() -> None:
    assert slugify("Staff engineer @ Acme") == "staff-engineer-acme"
    assert slugify("Café Zoë — talk") == "cafe-zoe-talk"
    assert slugify("!!!") == "track"
    long = slugify("word " * 30)
    assert len(long) <= 40 and not long.endswith("-")
    assert unique_slug("acme", {"acme", "acme-2"}) == "acme-3"
    assert unique_slug("acme", set()) == "acme"


def test_amounts_in_iso_4217_currencies() -> None:
    assert parse_amount("120000", "eur") == 12_000_000
    assert parse_amount("120,000.50", "USD") == 12_000_050
    assert parse_amount("1 000", "JPY") == 1000
    assert parse_amount("1.234", "KWD") == 1234
    assert amount_text(12_000_000, "EUR") == "120000.00"
    assert amount_text(1000, "JPY") == "1000"
    assert format_amount(12_000_050, "USD") == "120,000.50 USD"
    assert format_amount(None, None) == ""
    for text, currency, fragment in [
        ("12x", "EUR", "'12x' is not an amount"),
        ("-5", "EUR", "not an amount"),
        ("1.5", "JPY", "JPY takes no decimals"),
        ("1.234", "EUR", "at most 2 decimals"),
        ("99999999999999", "EUR", "too large"),
        ("5", "EURO", "unknown currency 'EURO' (use an ISO 4217 code"),
        ("5", "XAU", "unknown currency"),
    ]:
        with pytest.raises(ValidationError) as exc:
            parse_amount(text, currency)
        assert fragment in str(exc.value)
    assert validate_currency(" gbp ") == "GBP"


def test_goals_one_a_line() -> None:
    goals = parse_goals("ship a PR | halfway there\n\nlearn rust\n")
    assert [(g.goal, g.progress) for g in goals] == [("ship a PR", "halfway there"),
                                                      ("learn rust", "")]
    with pytest.raises(ValidationError, match="missing before the |"):
        parse_goals(" | progress without a goal")


def test_a_next_step_joins_the_queue_on_its_due_day_like_a_follow_up() -> None:
    def step(due: dt.date) -> object:
        return attention_for_next_step(track_id="t1", title="Staff engineer @ Acme",
                                       step="send references", due=due, today=TODAY,
                                       contact_id="c1", name="Ada")

    assert step(TODAY + dt.timedelta(days=1)) is None
    late = step(TODAY - dt.timedelta(days=1))
    assert late is not None
    assert (late.kind, late.track_id, late.days) == ("next-step", "t1", 1)  # type: ignore[attr-defined]
    assert late.reason == ("next step for 'Staff engineer @ Acme': send references, "  # type: ignore[attr-defined]
                           "due yesterday")
    today = step(TODAY)
    assert today.reason.endswith("due today")  # type: ignore[union-attr]
    follow = attention_for_follow_up(contact_id="c2", name="Bob", due=TODAY - dt.timedelta(2),
                                     note="", today=TODAY)
    ordered = order_attention([today, late, follow])  # type: ignore[list-item]
    assert [i.kind for i in ordered] == ["follow-up", "next-step", "next-step"]
    assert ordered[1] is late


# --------------------------------------------------------------------------- +words
REFS = [
    TrackRef("t1", "staff-engineer-acme", "Staff engineer @ Acme", "job", "interviewing"),
    TrackRef("t2", "acme-website", "Acme website", "client", "paid", open=False),
    TrackRef("t3", "blog-post-on-rust", "Blog post on Rust", "collab", "idea"),
]


def test_plus_words_are_blanked_in_place() -> None:
    text, words = blank_track_words("ada call +acme went +1 well +blog-post")
    assert words == ["acme", "blog-post"]
    assert len(text) == len("ada call +acme went +1 well +blog-post")
    assert "+1" in text and "+acme" not in text


def test_a_plus_word_names_one_track_or_says_why_not() -> None:
    assert resolve_track_word("staff-engineer-acme", REFS)[0] == REFS[0]
    assert resolve_track_word("blog", REFS)[0] == REFS[2]
    assert resolve_track_word("rust", REFS)[0] == REFS[2]  # a title word
    # two match: the open one is the answer (the other is paid)
    assert resolve_track_word("acme", REFS)[0] == REFS[0]
    both_open = [*REFS, TrackRef("t4", "acme-talk", "Acme talk", "collab", "idea")]
    ref, why = resolve_track_word("acme", both_open)
    assert ref is None and why is not None
    assert why.startswith("'+acme' matches 2 tracks: Staff engineer @ Acme (+staff-engineer")
    ref, why = resolve_track_word("globex", REFS)
    assert ref is None and why == (
        "no track matches '+globex' (tracks: Staff engineer @ Acme (+staff-engineer-acme), "
        "Blog post on Rust (+blog-post-on-rust))")
    assert "no tracks yet" in (resolve_track_word("x", [])[1] or "")


def test_the_quick_log_links_tracks_and_never_guesses() -> None:
    index = ContactIndex([ContactRef("c1", "Ada Lovelace", "ada")])
    ok = parse_quick_log("ada interview second round +acme", index, BUILTIN_TYPES, TODAY,
                         tracks=REFS)
    assert ok.ok and ok.contact is not None and ok.contact.id == "c1"
    assert (ok.type, ok.note, [t.id for t in ok.tracks]) == ("interview", "second round",
                                                             ["t1"])
    bad = parse_quick_log("ada interview second round +globex", index, BUILTIN_TYPES, TODAY,
                          tracks=REFS)
    assert not bad.ok and bad.tracks == []
    assert bad.error is not None and bad.error.startswith("no track matches '+globex'")
    # a chip (the bar opened on a contact) and +word first
    fixed = parse_quick_log("+blog call draft ready @yesterday", index, BUILTIN_TYPES, TODAY,
                            default_contact=ContactRef("c1", "Ada Lovelace"), tracks=REFS)
    assert fixed.ok and fixed.note == "draft ready" and fixed.when == TODAY - dt.timedelta(1)
    assert [t.id for t in fixed.tracks] == ["t3"]
    # without tracks the line is read as before: +words stay in the note
    plain = parse_quick_log("ada call +acme", index, BUILTIN_TYPES, TODAY)
    assert plain.ok and plain.note == "+acme" and plain.tracks == []


def test_links_in_a_note_are_resources() -> None:
    assert note_links("see https://x.dev/a, and http://y.org/b. and https://x.dev/a") == [
        "https://x.dev/a", "http://y.org/b"]
    assert note_links("javascript:alert(1) ftp://x") == []
    assert parse_resources(["https://rust.book The Rust book", "", "rust.book/2"]) == [
        ("https://rust.book", "The Rust book"), ("https://rust.book/2", "")]
    with pytest.raises(ValidationError, match="is not a valid link"):
        parse_resources(["javascript:alert(1) bad"])
