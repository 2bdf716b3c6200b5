"""The import screen: pick a file, preview, confirm -- driven with Pilot."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Checkbox, DataTable, Input, Static

from devhub_tui.storage.store import Store
from devhub_tui.tui.screens.import_screen import ImportScreen

from .conftest import SIZE, settle

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def _text(screen: ImportScreen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


def _rows(screen: ImportScreen) -> list[list[str]]:
    table = screen.query_one(DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def _open(pilot, path: str) -> ImportScreen:  # type: ignore[no-untyped-def]
    app = pilot.app
    await settle(pilot)
    app.action_import()
    await settle(pilot)
    screen = app.screen
    assert isinstance(screen, ImportScreen)
    assert screen.focused is screen.query_one("#import-path", Input)
    screen.query_one("#import-path", Input).value = path
    await pilot.press("enter")
    await settle(pilot)
    return screen


async def test_preview_then_import(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    store = signed_in_store
    store.add_contact({"name": "Ada Lovelace", "email": "ada@engines.example"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, str(FIXTURES / "google_contacts.csv"))
        summary = _text(screen, "#import-summary")
        assert "google_contacts.csv (Google Contacts CSV)" in summary
        assert "3 to add, 1 to merge, 1 to skip" in summary
        rows = _rows(screen)
        # skipped first, each with its reason; then merges; then additions
        assert rows[0][:3] == ["skip", "row 4 (line 7)", "(no name)"]
        assert "no name" in rows[0][3]
        assert rows[1][0] == "merge" and "same email" in rows[1][3]
        assert [r[0] for r in rows[2:]] == ["add", "add", "add"]
        assert any("kept in the notes" in r[3] for r in rows)
        # the highlighted row's whole reason is shown under the table
        assert "row 4 (line 7) · (no name): no name (nor a company or email" in _text(
            screen, "#import-detail"
        )
        assert store.count_contacts() == 1  # the preview saved nothing
        confirm = screen.query_one("#import-confirm", Button)
        assert not confirm.disabled
        await pilot.click("#import-confirm")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert store.count_contacts() == 4
        assert any("3 added, 1 merged, 1 skipped" in str(n.message) for n in app._notifications)
        # the same file again: nothing to do, and the Import button says so by staying off
        screen = await _open(pilot, str(FIXTURES / "google_contacts.csv"))
        assert "0 to add, 0 to merge, 5 to skip" in _text(screen, "#import-summary")
        assert screen.query_one("#import-confirm", Button).disabled
        assert "Nothing to import" in _text(screen, "#import-error")
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert store.count_contacts() == 4


async def test_broken_file_and_bad_path(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    store = signed_in_store
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, "")
        assert "type the path" in _text(screen, "#import-path-error")
        screen.query_one("#import-path", Input).value = str(FIXTURES / "broken.json")
        await pilot.click("#import-preview")
        await settle(pilot)
        assert "line 9, column 5: not valid JSON" in _text(screen, "#import-path-error")
        assert screen.query_one("#import-confirm", Button).disabled
        path = screen.query_one("#import-path", Input)
        path.value = str(FIXTURES / "nope.vcf")
        path.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "no such file" in _text(screen, "#import-path-error")
        assert store.count_contacts() == 0


async def test_markup_is_text_and_overwrite_replans(make_app, signed_in_store: Store) -> None:  # type: ignore[no-untyped-def]
    store = signed_in_store
    cid = store.add_contact({"name": "Ken Thompson", "email": "ken@bell.example",
                             "company": "Old Labs"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, str(FIXTURES / "plain.csv"))
        names = [r[2] for r in _rows(screen)]
        assert "[bold]Mallory[/bold]" in names  # shown as typed
        assert app.is_running  # and "[@click=app.quit]" did nothing
        ken = next(r for r in _rows(screen) if r[2] == "Ken Thompson")
        assert ken[0] == "merge" and "adds birthday, github, notes, 1 tag;" in ken[3]
        assert "keeps its company; the file has 'Bell Labs'" in ken[3]
        screen.query_one("#import-overwrite", Checkbox).value = True
        await settle(pilot)
        ken = next(r for r in _rows(screen) if r[2] == "Ken Thompson")
        assert ken[0] == "merge" and "adds company, birthday" in ken[3]
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, ImportScreen)
        assert store.get_contact(cid).company == "Bell Labs"
        mallory = store.list_contacts(search="mallory")[0]
        assert mallory.name == "[bold]Mallory[/bold]"


CORPUS = FIXTURES / "corpus"


async def test_encoding_field_and_skipped_properties(make_app, signed_in_store: Store,  # type: ignore[no-untyped-def]
                                                     tmp_path: Path) -> None:
    """A file whose encoding can't be told asks for it in the Encoding field; what a
    record carries that devhub doesn't store is named in its row (issue 16)."""
    store = signed_in_store
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open(pilot, str(CORPUS / "shift_jis_no_bom.csv"))
        said = _text(screen, "#import-path-error")
        assert "can't tell the file's text encoding" in said
        assert "type it in the Encoding field" in said and "--encoding" not in said
        assert screen.query_one("#import-confirm", Button).disabled
        screen.query_one("#import-encoding", Input).value = "shift_jis"
        await pilot.click("#import-preview")
        await settle(pilot)
        assert "2 to add" in _text(screen, "#import-summary")
        assert {r[2] for r in _rows(screen)} == {"山田太郎", "鈴木花子"}
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.count_contacts() == 2
        screen = await _open(pilot, str(CORPUS / "iphone_30_crcrlf.vcf"))
        ada = next(r for r in _rows(screen) if r[2].startswith("Countess"))
        assert "skipped: PHOTO (photo not stored), X-PHONETIC-LAST-NAME (custom field" in ada[3]
        app.save_screenshot(str(tmp_path / "import.svg"))
