"""connect.card: the vCard 3.0 my QR code encodes (RFC 2426 escaping and folding)."""

from __future__ import annotations

from devhub_tui.connect.card import escape_text, fold, split_name, unfold, vcard
from devhub_tui.connect.store import Profile


def test_escape_text_per_rfc_2426() -> None:
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    assert escape_text("x\r\ny\rz") == "x\\ny\\nz"


def test_full_card_lists_shared_fields_only() -> None:
    p = Profile(
        name="Ada King Lovelace",
        headline="Analyst; engines, notes",
        email="ada@example.com",
        phone="+44 20 7946 0000",
        github="ada",
        website="https://ada.dev",
        social_links=[{"platform": "mastodon", "url": "https://hachyderm.io/@ada"}],
        shared=["name", "headline", "email", "github", "website", "social_links"],
    )
    text = vcard(p)
    assert text.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert text.endswith("END:VCARD\r\n")
    lines = unfold(text)
    assert "N:Lovelace;Ada;King;;" in lines
    assert "FN:Ada King Lovelace" in lines
    assert "TITLE:Analyst\\; engines\\, notes" in lines
    assert "EMAIL;TYPE=INTERNET:ada@example.com" in lines
    assert "URL:https://ada.dev" in lines
    assert "URL;TYPE=github:https://github.com/ada" in lines
    assert "URL;TYPE=mastodon:https://hachyderm.io/@ada" in lines
    assert not any(line.startswith("TEL") for line in lines)  # phone not shared


def test_name_is_always_on_the_card() -> None:
    p = Profile(name="Grace", email="g@example.com", shared=[])
    lines = unfold(vcard(p))
    assert "FN:Grace" in lines and "N:;Grace;;;" in lines
    assert not any(line.startswith("EMAIL") for line in lines)


def test_markup_and_separators_in_names_are_escaped_not_interpreted() -> None:
    p = Profile(name="[bold]x[/bold]; DROP,TABLE")
    lines = unfold(vcard(p))
    assert "FN:[bold]x[/bold]\\; DROP\\,TABLE" in lines


def test_long_lines_fold_at_75_octets_without_splitting_characters() -> None:
    headline = "Ünïcödé " * 30
    text = vcard(Profile(name="Zoë", headline=headline))
    for physical in text.split("\r\n"):
        assert len(physical.encode("utf-8")) <= 75
    physical_lines = text.split("\r\n")
    assert any(line.startswith(" ") for line in physical_lines)
    assert f"TITLE;CHARSET=UTF-8:{escape_text(headline.strip())}" in unfold(text)
    # every folded piece is valid UTF-8 on its own
    for piece in fold("X:" + "é" * 100):
        piece.encode("utf-8").decode("utf-8")


def test_split_name() -> None:
    assert split_name("Ada Lovelace") == ("Lovelace", "Ada", "", "", "")
    assert split_name("Prince") == ("", "Prince", "", "", "")
    assert split_name("Dr. Martin Luther King Jr.") == ("King", "Martin", "Luther", "Dr.", "Jr.")
    assert split_name("Ludwig van Beethoven") == ("van Beethoven", "Ludwig", "", "", "")


def test_non_ascii_text_declares_utf8_for_phone_scanners() -> None:
    """Issue 15: phones read a QR vCard without a charset as Latin-1 ("Â·")."""
    p = Profile(name="Zoë Müller", headline="Rustacean · speaker", email="zoe@example.com",
                shared=["name", "headline", "email"])
    lines = unfold(vcard(p))
    assert "N;CHARSET=UTF-8:Müller;Zoë;;;" in lines
    assert "FN;CHARSET=UTF-8:Zoë Müller" in lines
    assert "TITLE;CHARSET=UTF-8:Rustacean · speaker" in lines
    assert "EMAIL;TYPE=INTERNET:zoe@example.com" in lines  # ASCII: nothing to declare
    # and a reader that honours it (devhub's own) gets the text back
    from devhub_tui.core.vcard import parse_vcard_bytes

    (rec,) = parse_vcard_bytes(vcard(p).encode("utf-8")).records
    assert rec.name == "Zoë Müller" and rec.fields["title"] == "Rustacean · speaker"
