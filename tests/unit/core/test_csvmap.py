"""CSV layouts (Google, LinkedIn, plain), decoding and format detection (core.csvmap)."""

from __future__ import annotations

import datetime as _dt
from pathlib import Path

import pytest

from devhub_tui.core.csvmap import (
    FileFormatError,
    ImportRecord,
    contacts_to_csv,
    decode_bytes,
    detect_format,
    parse_csv,
    tagify,
)

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TODAY = _dt.date(2026, 1, 1)


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _by_name(records: list[ImportRecord]) -> dict[str, ImportRecord]:
    return {r.name: r for r in records if r.name}


def test_google_contacts_export() -> None:
    parsed = parse_csv(_read("google_contacts.csv"), today=TODAY)
    assert parsed.kind == "Google Contacts CSV"
    people = _by_name(parsed.records)
    ada = people["Ada Lovelace"]
    assert ada.fields["email"] == "ada@engines.example"  # "* Work" = primary
    assert ada.emails == ["ada@engines.example", "ada.home@example.org"]
    assert ada.fields["company"] == "Analytical Engines Ltd."
    assert ada.fields["birthday"] == "1815-12-10"
    assert ada.fields["location"] == "London, United Kingdom"
    assert ada.fields["notes"].startswith("Met at PyCon, talked about looms.")
    assert ada.tags == ["friends", "pycon-2024"]  # "* myContacts" is Google's, not a tag
    assert ada.fields["github"] == "ada-l"
    linus = people["Linus Torvalds"]
    assert linus.fields["birthday"] == "--12-28"
    # two numbers in one cell, separated by " ::: "
    assert linus.phones == ["+1 503 555 0100", "+1 503 555 0101"]
    assert linus.labels == {"+1 503 555 0100": "mobile", "+1 503 555 0101": "work",
                            "linus@kernel.example": "work"}
    assert "notes" not in linus.fields  # nothing had to go to the notes
    assert linus.tags == []  # "* starred" is a system label too
    # a company-only contact is named by its company
    assert people["Initech"].fields["email"] == "info@initech.example"
    # a row with no name, company or email is skipped with the reason
    nameless = [r for r in parsed.records if r.problem]
    assert len(nameless) == 1 and nameless[0].source == "row 4 (line 7)"
    assert "no name" in (nameless[0].problem or "")
    # values devhub can't store are kept in the notes, with a warning each
    dennis = people["Dennis Ritchie"]
    assert "birthday" not in dennis.fields
    assert "birthday: 1941-02-30" in dennis.fields["notes"]
    assert "phone (work): call the front desk" in dennis.fields["notes"]
    assert len(dennis.warnings) == 2


def test_google_legacy_layout() -> None:
    text = (
        "Name,Given Name,Family Name,Birthday,Group Membership,E-mail 1 - Type,E-mail 1 - Value,"
        "Phone 1 - Type,Phone 1 - Value,Organization 1 - Name,Organization 1 - Title\n"
        "Ada Lovelace,Ada,Lovelace,--04-15,* My Contacts ::: Coworkers,* Work,ada@example.com,"
        "Mobile,+44 20 7946 0018,Engines,Programmer\n"
    )
    parsed = parse_csv(text, today=TODAY)
    assert parsed.kind == "Google Contacts CSV"
    (ada,) = parsed.records
    assert ada.name == "Ada Lovelace"
    assert ada.fields["birthday"] == "--04-15"
    assert ada.fields["company"] == "Engines" and ada.fields["title"] == "Programmer"
    assert ada.fields["phone"] == "+44 20 7946 0018"
    assert ada.tags == ["coworkers"]


def test_linkedin_connections_with_notes_preamble() -> None:
    parsed = parse_csv(_read("linkedin_connections.csv"), today=TODAY)
    assert parsed.kind == "LinkedIn connections CSV"
    assert [r.name for r in parsed.records] == [
        "Grace Hopper",
        "Margaret Hamilton",
        "Barbara Liskov",
    ]
    grace, margaret, _ = parsed.records
    assert grace.source == "row 1 (line 5)"
    assert "email" not in grace.fields  # LinkedIn often hides it
    assert grace.social_links == [
        {"platform": "linkedin", "url": "https://www.linkedin.com/in/gracehopper"}
    ]
    assert grace.fields["title"] == "Rear Admiral"
    assert "connected on LinkedIn: 12 Mar 2024" in grace.fields["notes"]
    assert margaret.fields["company"] == "MIT Instrumentation Laboratory, Apollo"
    assert margaret.fields["email"] == "margaret@mit.example"


def test_linkedin_older_layout_without_url() -> None:
    text = (
        "Notes:\n\"Some notes, with a comma\"\n\n"
        "First Name,Last Name,Email Address,Company,Position,Connected On\n"
        "Ken,Thompson,ken@bell.example,Bell Labs,Researcher,01 Jan 2020\n"
    )
    (ken,) = parse_csv(text).records
    assert ken.name == "Ken Thompson" and ken.fields["email"] == "ken@bell.example"


def test_plain_csv_maps_columns_by_name() -> None:
    parsed = parse_csv(_read("plain.csv"), today=TODAY)
    assert parsed.kind == "CSV"
    assert parsed.warnings == ["columns not imported: Favourite colour"]
    barbara, ken, nameless, mallory = parsed.records
    assert barbara.fields["phone"] == "+1 617 555 0142"
    assert barbara.tags == ["cs", "substitution"]
    assert barbara.fields["birthday"] == "1939-11-07"
    assert ken.fields["github"] == "kenthompson"
    assert ken.fields["birthday"] == "--02-04"
    assert ken.fields["notes"] == 'Wrote "B", co-created Unix'
    # a name is required in a plain CSV: the email is not a name there
    assert nameless.problem == "no name (the name is empty)"
    assert nameless.source == "row 3 (line 4)"
    # user text is data, never markup
    assert mallory.name == "[bold]Mallory[/bold]"
    assert mallory.fields["company"] == "[@click=app.quit]"


def test_plain_csv_other_shapes() -> None:
    text = (
        "First name;Last name;E-mail Address;Mobile;VIP;Cadence;Importance;Website;Tags\n"
        "Ada;Lovelace;ada@example.com;+44 20 7946 0018;yes;2w;high;ada.example;math\n"
        "Bo;;bo@example.com;;maybe;often;urgent;;\n"
    )
    ada, bo = parse_csv(text).records
    assert ada.name == "Ada Lovelace"
    assert ada.fields["vip"] is True
    assert ada.fields["cadence_days"] == 14
    assert ada.fields["importance"] == "high"
    assert ada.social_links == [{"platform": "website", "url": "https://ada.example"}]
    assert bo.name == "Bo" and len(bo.warnings) == 3
    assert "vip: maybe" in bo.fields["notes"]
    tabbed = parse_csv("name\temail\nAda\tada@example.com\n")
    assert tabbed.records[0].fields["email"] == "ada@example.com"


def test_plain_csv_without_a_name_column_is_refused() -> None:
    with pytest.raises(FileFormatError, match="line 1: no name column"):
        parse_csv("email,phone\nada@example.com,12345\n")


def test_a_row_the_csv_rules_cant_read_is_reported_and_the_rest_read() -> None:
    parsed = parse_csv('name,email\nAda,ada@example.com\n"Bo"x,bo@example.com\nCy,c@example.com\n'
                       '"Di,d@example.com\nEd,e@example.com\n')
    assert [r.name for r in parsed.records] == ["Ada", "Cy", "Ed"]
    assert parsed.warnings[0].startswith("line 3: not valid CSV")
    assert parsed.warnings[1].startswith("line 5: not valid CSV")


def test_row_with_extra_columns_is_skipped_with_reason() -> None:
    (ada, bo) = parse_csv("name,email\nAda,ada@example.com\nBo, Jr.,bo@example.com\n").records
    assert ada.problem is None
    assert bo.problem and "3 columns but the header has 2" in bo.problem


def test_decode_bytes() -> None:
    assert decode_bytes("\ufeffname\nAda".encode()) == ("name\nAda", None)
    assert decode_bytes("name\nRené".encode("utf-16")) == ("name\nRené", None)
    text, warning = decode_bytes("name\nAda\nRené".encode("cp1252"))
    assert text == "name\nAda\nRené"
    assert warning == "line 3: not UTF-8; read as Windows-1252"


def test_detect_format() -> None:
    assert detect_format("\ufeff\r\nbegin:vcard\r\n") == "vcard"
    assert detect_format('  {"format": "devhub-backup"}') == "json"
    assert detect_format("name,email\n") == "csv"
    with pytest.raises(FileFormatError, match="empty"):
        detect_format(" \n ")
    with pytest.raises(FileFormatError, match="binary"):
        detect_format("PK\x03\x04\x00\x00")


def test_tagify() -> None:
    assert tagify("Friends & Family") == "friends-family"
    assert tagify("C++") == "c++"
    assert tagify("  ") is None
    assert tagify("&&&") is None


def test_exported_csv_reads_back() -> None:
    contacts = [
        {
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "phone": "+44 20 7946 0018",
            "company": "Engines, Ltd.",
            "birthday": "--04-15",
            "github": "ada-l",
            "vip": True,
            "importance": "high",
            "cadence_days": 21,
            "notes": 'Line one, "quoted"\nline two',
            "tags": ["math", "c++"],
            "links": [{"platform": "x", "url": "https://x.com/ada"}],
        }
    ]
    text = contacts_to_csv(contacts)
    (rec,) = parse_csv(text).records
    f = rec.fields
    for key in ("name", "email", "phone", "company", "birthday", "github", "importance",
                "cadence_days", "notes"):
        assert f[key] == contacts[0][key], key
    assert f["vip"] is True
    assert rec.tags == ["math", "c++"]
    assert rec.social_links[0]["url"] == "https://x.com/ada"
