"""The import corpus (tests/fixtures/corpus, made by make_corpus.py): files in the
shapes of Android, iOS, macOS, Outlook, Thunderbird, Google, Evolution and LinkedIn
exports, in UTF-8 (with and without BOM), UTF-16, Windows-1252 and Shift_JIS, with
CRLF, LF, CR and CR CR LF line ends. Each imports, names what it skips, and
importing it again adds nobody (issue 16)."""

from __future__ import annotations

from pathlib import Path

import pytest

from devhub_tui.core.filetext import EncodingUnknownError
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from devhub_tui.storage.transfer import export_backup, export_text, import_file, parse_text
from devhub_tui.storage.transfer import run_import as run
from tests.clock_support import FixedClock

CORPUS = Path(__file__).resolve().parents[2] / "fixtures" / "corpus"
NOW = 1_795_600_000_000  # 2026-11-25

#: file -> (kind, added, skipped, notes the dry run must say)
EXPECTED: dict[str, tuple[str, int, int, list[str]]] = {
    "android_21_qp.vcf": ("vCard 2.1", 2, 0, ["Jürgen Müller: skipped: PHOTO (photo not stored)"]),
    "android_21_shift_jis.vcf": ("vCard 2.1", 2, 0, []),
    "android_old_backslash.vcf": ("vCard 3.0", 2, 0, []),
    "evolution_30.vcf": ("vCard 3.0", 1, 0,
                         ["skipped: X-EVOLUTION-FILE-AS (custom field not stored)"]),
    "excel_semicolon_cp1252.csv": ("CSV", 2, 0, ["lines 2, 3: not UTF-8; read as Windows-1252"]),
    "google_30.vcf": ("vCard 3.0", 2, 0, []),
    "google_utf16.csv": ("Google Contacts CSV", 4, 1,
                         ["skip   row 4 (line 7)  Alan Kay: duplicate of row 3 (line 6)"]),
    "google_utf8_bom.csv": ("Google Contacts CSV", 4, 1, []),
    "iphone_30_crcrlf.vcf": ("vCard 3.0", 3, 0, [
        "skipped: PHOTO (photo not stored), X-PHONETIC-LAST-NAME (custom field not stored)"]),
    "linkedin_connections.csv": ("LinkedIn connections CSV", 4, 0, []),
    "macos_30_bom.vcf": ("vCard 3.0", 3, 0, []),
    "mixed_encoding.csv": ("CSV", 3, 0, ["line 3: not UTF-8; read as Windows-1252"]),
    "name_only.vcf": ("vCard 3.0", 3, 0, []),
    "outlook_21_cp1252.vcf": ("vCard 2.1", 1, 0, [
        "skipped: LABEL (printed form of the address; the address is kept from ADR), "
        "X-MS-OL-DEFAULT-POSTAL-ADDRESS (custom field not stored), X-MS-OL-DESIGN"]),
    "outlook_cp1252.csv": ("Outlook CSV", 3, 0, []),
    "outlook_utf16_tabs.csv": ("Outlook CSV", 3, 0, []),
    "sloppy.vcf": ("vCard 3.0", 2, 0, [
        "Barbara Liskov: line 5: can't read 'this line makes no sense'",
        "Donald Knuth: line 9: the card has no END:VCARD",
        "warning: line 1: can't read 'junk before the first card'"]),
    "thunderbird.csv": ("Thunderbird CSV", 2, 0,
                        ["Dennis Ritchie: skipped: Custom 1 (no place for this column)"]),
    "thunderbird_40.vcf": ("vCard 4.0", 1, 0, ["skipped: X-MOZILLA-HTML"]),
    "utf16_30.vcf": ("vCard 3.0", 2, 0, []),
}


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def store(db: Database, auth: Auth, clock: FixedClock) -> Store:
    return Store(db, auth.create_user("ada", "password1").id, clock=clock)


def test_the_corpus_lists_every_file() -> None:
    files = {p.name for p in CORPUS.iterdir() if p.suffix in (".vcf", ".csv")}
    assert files == {*EXPECTED, "shift_jis_no_bom.csv"}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_file_imports_once_and_again_adds_nobody(store: Store, name: str) -> None:
    kind, added, skipped, notes = EXPECTED[name]
    dry = import_file(store, CORPUS / name, dry_run=True)
    assert dry.kind == kind
    text = "\n".join(dry.lines())
    for note in notes:
        assert note in text, text
    report = import_file(store, CORPUS / name)
    assert (report.added, report.merged, report.skipped) == (added, 0, skipped), text
    assert store.count_contacts() == added
    before = export_backup(store, now=0)
    again = import_file(store, CORPUS / name)
    assert (again.added, again.merged) == (0, 0), "\n".join(again.lines())
    assert store.count_contacts() == added
    assert export_backup(store, now=0) == before
    # and what went in comes out: export -> import elsewhere -> the same export
    for fmt in ("vcard", "csv"):
        out = export_text(store, fmt)
        back = run(store, parse_text(out))
        assert (back.added, back.merged) == (0, 0), "\n".join(back.lines())


def _contact(store: Store, name: str) -> dict:  # type: ignore[type-arg]
    (c,) = [c for c in export_backup(store, now=0)["contacts"] if c["name"] == name]
    return c


def _details(c: dict) -> list[tuple[str, str, str]]:  # type: ignore[type-arg]
    return [(d["kind"], d["label"], d["value"]) for d in c["details"]]


def test_what_the_files_carry_lands_in_its_place(store: Store) -> None:
    for name in ("android_21_qp.vcf", "android_21_shift_jis.vcf", "iphone_30_crcrlf.vcf",
                 "google_30.vcf", "outlook_cp1252.csv", "android_old_backslash.vcf",
                 "mixed_encoding.csv", "thunderbird_40.vcf"):
        import_file(store, CORPUS / name)
    juergen = _contact(store, "Jürgen Müller")
    assert juergen["notes"].startswith("Trifft sich gern im Café, spricht über Rust.")
    assert juergen["nickname"] == "Jürgi"  # X-ANDROID-CUSTOM nickname
    assert (juergen["phone"], juergen["phone_label"]) == ("+49 151 23456789", "cell")
    assert _details(juergen) == [("phone", "home", "030 1234567"),
                                 ("phone", "work,fax", "030 7654321")]
    taro = _contact(store, "山田太郎")  # CHARSET=SHIFT_JIS on a plain value
    assert taro["notes"] == "会議で会った・ラーメン好き"
    ada = _contact(store, "Countess of Ada Augusta Lovelace")
    assert ada["birthday"] == "--12-10"  # Apple's year 1604 = no year
    assert "date (anniversary): 1835-07-08" in ada["notes"]  # X-ABDATE
    assert 'ask about "Byron"' in ada["notes"]  # \" unescaped
    assert ("email", "poetry club", "ada@poetry.example") in _details(ada)
    assert ("link", "skype", "skype:ada.l") in _details(ada)
    assert ("link", "x", "https://x.com/adalovelace") in _details(ada)
    gabo = _contact(store, "Gabriel García Márquez")
    parts = [d for d in gabo["details"] if d["kind"] == "name"]
    assert parts and "García Márquez" in parts[0]["value"]
    vcard = export_text(store, "vcard")
    assert "N:García Márquez;Gabriel;José de la Concordia;;Jr." in vcard
    assert "TEL;TYPE=HOME:030 1234567" in vcard and "TEL;TYPE=WORK,FAX:030 7654321" in vcard
    assert "EMAIL;TYPE=INTERNET,\"poetry club\":ada@poetry.example" in vcard
    jose = _contact(store, "Dr. José Müller Jr.")
    assert jose["birthday"] == "1970-01-15" and jose["company"] == "Müller & Söhne"
    assert ("address", "work", "Hauptstraße 5, München, BY, 80331, Deutschland") in _details(
        jose)
    olga = _contact(store, "Olga Petrova")
    assert olga["notes"] == "First line of the note\nsecond line after a backslash\nthird line"
    # one Windows-1252 line garbles nothing else
    assert _contact(store, "Zoë Ñandú")["notes"] == "café con leche"
    assert _contact(store, "Björn Ångström")["notes"] == "Smörgåsbord"
    grace = _contact(store, "Grace Hopper")
    assert grace["notes"] == "Said \"it's easier to ask forgiveness\", famously."


def test_name_only_and_address_only_cards_are_found_again(store: Store) -> None:
    """The bug that started issue 16: a card with nothing but a name was added again."""
    import_file(store, CORPUS / "name_only.vcf")
    import_file(store, CORPUS / "macos_30_bom.vcf")
    assert store.count_contacts() == 6
    for name in ("name_only.vcf", "macos_30_bom.vcf"):
        again = import_file(store, CORPUS / name)
        assert again.added == 0 and all(
            "unchanged since" in i.reason or "(same id); nothing new" in i.reason  # UUID UIDs
            for i in again.items)
    assert store.count_contacts() == 6


def test_an_edited_record_merges_into_the_contact_it_made(store: Store) -> None:
    import_file(store, CORPUS / "linkedin_connections.csv")
    # a row LinkedIn wrapped whole in quotes is unwrapped, not one garbage name
    margaret = _contact(store, "Margaret Hamilton")
    assert (margaret["company"], margaret["title"]) == ("Hamilton, Inc.", "CEO")
    text = (CORPUS / "linkedin_connections.csv").read_text().replace(
        "US Navy,Rear Admiral", "US Navy,Admiral")
    report = run(store, parse_text(text), overwrite=True)
    (merge,) = [i for i in report.items if i.action == "merge"]
    assert merge.name == "Grace Hopper" and "same linkedin profile" in merge.reason
    assert report.added == 0 and store.count_contacts() == 4
    assert _contact(store, "Grace Hopper")["title"] == "Admiral"


def test_a_file_whose_encoding_cant_be_told_asks_for_it(store: Store) -> None:
    path = CORPUS / "shift_jis_no_bom.csv"
    with pytest.raises(EncodingUnknownError, match="line 2: can't tell .* --encoding"):
        import_file(store, path)
    assert store.count_contacts() == 0
    report = import_file(store, path, encoding="shift_jis")
    assert report.added == 2
    assert _contact(store, "山田太郎")["notes"] == "会議で会った"
