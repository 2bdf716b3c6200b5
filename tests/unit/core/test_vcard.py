"""vCard 2.1 / 3.0 / 4.0 reading and 3.0 / 4.0 writing (core.vcard)."""

from __future__ import annotations

import base64
import datetime as _dt
from pathlib import Path

import pytest

from devhub_tui.core.csvmap import FileFormatError, ImportRecord
from devhub_tui.core.vcard import contacts_to_vcard, parse_vcard

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
TODAY = _dt.date(2026, 1, 1)


def _read(name: str) -> str:
    return (FIXTURES / name).read_text(encoding="utf-8")


def _by_name(records: list[ImportRecord]) -> dict[str, ImportRecord]:
    return {r.name: r for r in records}


def _line_of(name: str, needle: str) -> int:
    lines = (FIXTURES / name).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, start=1) if line.startswith(needle))


def test_fixtures_use_crlf_as_the_rfcs_require() -> None:
    for name in ("contacts_v3.vcf", "contacts_v4.vcf", "contacts_v21_android.vcf"):
        raw = (FIXTURES / name).read_bytes()
        assert b"\r\n" in raw and raw.count(b"\n") == raw.count(b"\r\n")


def test_vcard_30_apple_export() -> None:
    parsed = parse_vcard(_read("contacts_v3.vcf"), today=TODAY)
    assert parsed.format == "vcard" and parsed.kind == "vCard 3.0"
    assert "1 photo skipped (devhub keeps none)" in parsed.warnings
    people = _by_name(parsed.records)
    assert set(people) == {"Ada Lovelace", "Grace Hopper", "Linus Torvalds"}
    ada = people["Ada Lovelace"].fields
    assert ada["nickname"] == "Ada"
    assert ada["company"] == "Analytical Engines Ltd."
    assert ada["title"] == "Programmer"
    assert ada["email"] == "ada@engines.example"  # TYPE=pref wins
    assert people["Ada Lovelace"].emails == ["ada@engines.example", "ada.home@example.org"]
    assert ada["phone"] == "+44 20 7946 0018"  # the preferred cell
    assert ada["birthday"] == "1815-12-10"
    assert ada["github"] == "ada-l"
    assert ada["location"] == "London, United Kingdom"
    # folded lines, escaped comma and semicolon, \n, and a fold inside a word
    assert ada["notes"].startswith(
        "Met at the Difference Engine demo, 1833. Likes poetry; ask about Byron.\n"
        "Second line of the note — with an em dash and ümlauts that wrap across a fold."
    )
    # what has no field of its own is kept in the notes, never dropped
    assert "department: Research, Notes & Programs" in ada["notes"]
    # every email and phone is kept with its type (the others beside the contact's)
    assert people["Ada Lovelace"].labels["ada.home@example.org"] == "home"
    assert ada["email_label"] == "work" and ada["phone_label"] == "cell"
    assert people["Ada Lovelace"].phones == ["+44 20 7946 0018", "+44 (0)20 7946 0999"]
    assert "ada.home@example.org" not in ada["notes"]
    assert "phone (work): +44 (0)20 7946 0999 ext. 12" in ada["notes"]
    assert ada["notes"].count("7946 0999") == 1
    assert any("extension" in w for w in people["Ada Lovelace"].warnings)
    # CATEGORIES -> tags (a label with & becomes a valid tag), URL / X-SOCIALPROFILE -> links
    assert people["Ada Lovelace"].tags == ["math", "friends-family", "python"]
    # (the GitHub profile is the github field, not a second copy as a link)
    assert people["Ada Lovelace"].social_links == [
        {"platform": "website", "url": "https://ada.example"},
        {"platform": "x", "url": "https://twitter.com/ada"},
    ]
    # the postal address is kept whole; what has no place is named, not dropped
    assert people["Ada Lovelace"].addresses == [
        ("home", "12 St James's Square, London, SW1Y 4LB, United Kingdom")]
    assert people["Ada Lovelace"].skipped == ["PHOTO (photo not stored)"]
    # the photo was skipped, not decoded into any field
    assert "iVBOR" not in repr(parsed.records)
    # Apple's "no year" birthday and the ISO --MMDD one
    assert people["Grace Hopper"].fields["birthday"] == "--12-09"
    assert people["Linus Torvalds"].fields["birthday"] == "--12-28"
    assert people["Linus Torvalds"].fields["github"] == "torvalds"
    # sources name the card and the line of its BEGIN (a blank line precedes card 3)
    assert [r.source for r in parsed.records] == [
        "card 1 (line 1)",
        f"card 2 (line {_line_of('contacts_v3.vcf', 'N:Hopper') - 2})",
        f"card 3 (line {_line_of('contacts_v3.vcf', 'N:Torvalds') - 2})",
    ]


def test_vcard_21_quoted_printable_android_export() -> None:
    parsed = parse_vcard(_read("contacts_v21_android.vcf"), today=TODAY)
    assert parsed.kind == "vCard 2.1"
    juergen, taro = parsed.records
    assert juergen.name == "Jürgen Müller"
    assert juergen.fields["phone"] == "+49 151 23456789"  # TEL;CELL;PREF
    assert juergen.fields["email"] == "juergen@example.de"
    # QP soft line break joined, =0D=0A decoded, CHARSET=UTF-8 honoured
    assert juergen.fields["notes"].startswith(
        "Trifft sich gern im Café, spricht über Rust.\nZweite Zeile."
    )
    assert juergen.phones == ["+49 151 23456789", "030 1234567"]
    assert juergen.labels == {"+49 151 23456789": "cell", "030 1234567": "home",
                              "juergen@example.de": "home"}
    assert juergen.fields["birthday"] == "--04-15"  # BDAY:--0415
    assert taro.name == "山田太郎"
    assert "1 photo skipped (devhub keeps none)" in parsed.warnings


def test_vcard_40() -> None:
    parsed = parse_vcard(_read("contacts_v4.vcf"), today=TODAY)
    assert parsed.kind == "vCard 4.0"
    margaret, katherine, group = parsed.records
    f = margaret.fields
    assert margaret.name == "Margaret Hamilton"
    assert f["email"] == "margaret@mit.example"
    assert f["phone"] == "+1-617-555-0100"  # tel: URI, TYPE="voice,cell", PREF=1
    assert f["birthday"] == "--08-17"
    assert f["timezone"] == "America/New_York"
    assert f["location"] == "Cambridge, MA, USA"
    assert f["notes"].startswith(
        'Wrote the Apollo guidance software, coined "software engineering".\n'
        "Ask about the priority displays."
    )
    assert "anniversary: 19580615" in f["notes"]
    assert "tel:+1-617-555-0199;ext=102" in f["notes"]
    assert margaret.tags == ["apollo", "software"]
    assert {link["platform"] for link in margaret.social_links} == {
        "website",
        "mastodon",
        "linkedin",
    }
    assert margaret.uid == "4fbe89710bc3424c9c2636c3e1eff6b1"  # urn:uuid: UID
    assert katherine.fields["birthday"] == "1918-08-26"  # BDAY:19180826
    assert group.problem == "a contact group, not a person"


def test_unescaped_comma_is_kept() -> None:
    """vobject's own text decoder would cut this note at the comma."""
    text = "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Ann\r\nNOTE:Met at PyCon, nice chat\r\nEND:VCARD\r\n"
    (rec,) = parse_vcard(text).records
    assert rec.fields["notes"] == "Met at PyCon, nice chat"


@pytest.mark.parametrize("order", [("--1209", "19061209"), ("19061209", "--1209")])
def test_the_birthday_with_a_year_wins(order: tuple[str, str]) -> None:
    text = "BEGIN:VCARD\nVERSION:4.0\nFN:Grace\nBDAY:{}\nBDAY:{}\nEND:VCARD\n".format(*order)
    assert parse_vcard(text).records[0].fields["birthday"] == "1906-12-09"


def test_a_broken_photo_does_not_lose_the_card() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nFN:Photo Person\nPHOTO;ENCODING=b;TYPE=JPEG:not*base64!\n"
        "EMAIL:p@example.com\nEND:VCARD\n"
    )
    (rec,) = parse_vcard(text).records
    assert rec.problem is None and rec.fields["email"] == "p@example.com"


def test_wrong_charset_is_read_not_fatal() -> None:
    text = (
        "BEGIN:VCARD\nVERSION:2.1\nFN;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:Ren=E9\n"
        "END:VCARD\n"
    )
    parsed = parse_vcard(text)
    assert parsed.records[0].name == "René"
    assert any("line 3" in w and "CHARSET" in w for w in parsed.records[0].warnings)


def test_base64_text_value_and_fallback_names() -> None:
    note = base64.b64encode("Grüße, Freunde".encode()).decode()
    text = (
        "BEGIN:VCARD\nVERSION:3.0\nN:Doe;Jane;;Dr.;\nNOTE;ENCODING=b:" + note + "\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nORG:Initech\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nEMAIL:only@example.com\nEND:VCARD\n"
        "BEGIN:VCARD\nVERSION:3.0\nNOTE:nothing to name it by\nEND:VCARD\n"
    )
    jane, org, email_only, nobody = parse_vcard(text).records
    assert jane.name == "Dr. Jane Doe" and jane.fields["notes"] == "Grüße, Freunde"
    assert org.name == "Initech"
    assert email_only.name == "only@example.com"
    assert nobody.problem and "no name" in nobody.problem


@pytest.mark.parametrize(
    ("text", "names", "fragment"),
    [
        ("BEGIN:VCARD\nVERSION:3.0\nFN:A\n", ["A"],
         "line 1: the card has no END:VCARD (read to the end of the file)"),
        ("BEGIN:VCARD\nFN:A\nEND:VCARD\nBEGIN:VCARD\nFN B\nEMAIL:b@example.com\nEND:VCARD\n",
         ["A", "b@example.com"], "line 5: can't read 'FN B'"),
        ("FN:Stray\nBEGIN:VCARD\nFN:A\nEND:VCARD\n", ["A"], "line 1: 'FN:Stray' is outside"),
        ("BEGIN:VCARD\nFN:A\nEND:VCARD\n\n\nFN:B\n", ["A"], "line 6:"),
        ("BEGIN:VCARD\nFN:A\nBEGIN:VCARD\nFN:B\nEND:VCARD\n", ["A", "B"],
         "line 1: the card has no END:VCARD (a new card starts at line 3)"),
    ],
)
def test_a_line_that_cant_be_read_is_reported_and_the_rest_imported(
    text: str, names: list[str], fragment: str
) -> None:
    parsed = parse_vcard(text)
    assert [r.name for r in parsed.records] == names
    said = [*parsed.warnings, *(w for r in parsed.records for w in r.warnings)]
    assert any(fragment in w for w in said), said


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("BEGIN:VCALENDAR\nEND:VCALENDAR\n", "line 1: 'BEGIN:VCALENDAR' is not BEGIN:VCARD"),
        ("END:VCARD\n", "line 1: 'END:VCARD' is not BEGIN:VCARD"),
        ("Name,Email\nAda,ada@example.com\n", "this is not a vCard file"),
        ("\n\n", "no BEGIN:VCARD"),
    ],
)
def test_a_file_that_is_not_a_vcard_is_refused_whole(text: str, fragment: str) -> None:
    with pytest.raises(FileFormatError) as err:
        parse_vcard(text)
    assert fragment in str(err.value)


def test_broken_fixture_keeps_the_valid_card_and_names_the_bad_line() -> None:
    parsed = parse_vcard(_read("broken.vcf"))
    valid, broken = parsed.records
    assert valid.name == "Valid Person" and broken.name == "Broken Person"
    line = _line_of("broken.vcf", "this line")
    assert any(w.startswith(f"line {line}: can't read") for w in broken.warnings)


def _contact(**kw: object) -> dict[str, object]:
    base: dict[str, object] = {
        "id": "0123456789abcdef0123456789abcdef",
        "name": "Ada [bold]Lovelace[/bold]",
        "nickname": "Ada",
        "company": "Engines, Ltd.",
        "title": "Programmer; poet",
        "email": "ada@example.com",
        "phone": "+44 20 7946 0018",
        "birthday": "--04-15",
        "location": "London",
        "notes": "Line one, with comma; and semicolon\nLine two \\ backslash " + "é" * 80,
        "github": "ada-l",
        "tags": ["math", "c++"],
        "links": [
            {"platform": "x", "url": "https://x.com/ada"},
            {"platform": "website", "url": "https://ada.example"},
        ],
    }
    base.update(kw)
    return base


@pytest.mark.parametrize("version", ["3.0", "4.0"])
def test_written_cards_read_back_the_same(version: str) -> None:
    contact = _contact()
    text = contacts_to_vcard([contact, _contact(id="f" * 32, name="Bo", birthday="1990-02-03",
                                                 tags=[], links=[], notes=None)], version)
    assert text.count("BEGIN:VCARD") == 2
    assert f"VERSION:{version}\r\n" in text
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    (rec, bo) = parse_vcard(text, today=TODAY).records
    f = rec.fields
    assert rec.uid == contact["id"]
    assert f["name"] == contact["name"]
    for key in ("nickname", "company", "title", "email", "phone", "birthday", "location",
                "github"):
        assert f[key] == contact[key], key
    assert f["notes"] == contact["notes"]
    assert rec.tags == ["math", "c++"]
    assert {link["url"] for link in rec.social_links} == {
        "https://x.com/ada",
        "https://ada.example",
    }
    assert bo.fields["birthday"] == "1990-02-03"
    # the year-less birthday: Apple's 1604 form for 3.0 (which has no year-less
    # date), --MMDD for 4.0 (RFC 6350); both read back without a year
    assert ("BDAY;X-APPLE-OMIT-YEAR=1604:1604-04-15" if version == "3.0"
            else "BDAY:--0415") in text
    assert ("BDAY:1990-02-03" if version == "3.0" else "BDAY:19900203") in text


def test_unknown_version_is_refused() -> None:
    with pytest.raises(ValueError):
        contacts_to_vcard([_contact()], "2.1")


def test_old_mac_line_ends() -> None:
    text = "BEGIN:VCARD\rVERSION:3.0\rFN:Ann\rNOTE:one\r  two\rEND:VCARD\r"
    (rec,) = parse_vcard(text).records
    assert rec.name == "Ann" and rec.fields["notes"] == "one two"
