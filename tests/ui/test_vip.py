"""VIP details: the editor, activation that never loses data, and the VIP view."""

from __future__ import annotations

import datetime as _dt
import sqlite3
from pathlib import Path
from typing import Any

from textual.visual import Visual, visualize
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Input, Static

from devhub_tui.storage.store import Store, VipData
from devhub_tui.tui.screens.confirm import ConfirmScreen
from devhub_tui.tui.screens.contact import ContactScreen
from devhub_tui.tui.screens.contact_form import ContactForm
from devhub_tui.tui.screens.vip import VipScreen
from devhub_tui.tui.screens.vip_editor import LinkRow, VipEditor

from .conftest import SIZE, open_contact, settle

MARKUP_FAMILY = "[bold]x[/bold] and [@click=app.quit]quit[/]"


def rendered(widget: Widget) -> str:
    """What the widget shows on screen, one line per row (lines joined with spaces,
    runs of spaces collapsed, so wrapped text still reads as typed)."""
    if not widget.display:
        return ""
    width = widget.content_region.width or SIZE[0]
    visual = visualize(widget, widget.render())
    lines = Visual.to_strips(widget, visual, width, None, widget.visual_style)
    return " ".join(" ".join(line.text.split()) for line in lines).strip()


async def open_editor(pilot: Any, contact_id: str) -> VipEditor:
    await open_contact(pilot, contact_id)
    await pilot.press("v")
    await settle(pilot)
    editor = pilot.app.screen
    assert isinstance(editor, VipEditor)
    assert editor.loaded is not None
    return editor


def field(editor: VipEditor, name: str) -> Any:
    return editor.query_one(f"#vip-{name}")


def error_of(editor: VipEditor, name: str) -> str:
    widget = editor.query_one(f"#vip-e-{name}", Static)
    return rendered(widget) if widget.display else ""


async def test_edit_vip_details_saves_and_shows_read_only(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Ada Lovelace", "vip": True})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, cid)
        # the first field has focus: type into it with the keyboard
        assert editor.focused is field(editor, "family")
        await pilot.press(*"Married to William")
        field(editor, "likes_dislikes").text = "likes: flat whites\ndislikes: mornings"
        field(editor, "main_app").value = "Signal"
        field(editor, "email").value = "ada@Example.COM"
        field(editor, "phone_number").value = "+44 20 7946 0958"
        rows = list(editor.query(LinkRow))
        assert len(rows) == 1  # one empty row to start typing in
        rows[0].url_input.focus()
        await pilot.press(*"github.com/ada")
        await pilot.pause()
        assert "GitHub" in rendered(rows[0].query_one(".vip-link-platform", Static))
        # ctrl+n adds a link row and focuses it; the platform follows the URL as typed
        await pilot.press("ctrl+n")
        await settle(pilot)
        rows = list(editor.query(LinkRow))
        assert len(rows) == 2 and editor.focused is rows[1].url_input
        await pilot.press(*"https://hachyderm.io/@ada")
        await pilot.pause()
        assert "Mastodon" in rendered(rows[1].query_one(".vip-link-platform", Static))
        await pilot.press("ctrl+n")
        await settle(pilot)
        await pilot.press(*"https://x.com/ada")
        await pilot.pause()
        assert "X / Twitter" in rendered(
            list(editor.query(LinkRow))[2].query_one(".vip-link-platform", Static)
        )
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        vip = store.get_vip(cid)
        assert vip.family == "Married to William"
        assert vip.likes_dislikes == "likes: flat whites\ndislikes: mornings"
        assert vip.main_app == "Signal"
        assert vip.email == "ada@example.com"  # normalized: domain lowercased
        assert vip.phone_number == "+44 20 7946 0958"
        assert vip.social_links == [
            {"platform": "github", "url": "https://github.com/ada"},
            {"platform": "mastodon", "url": "https://hachyderm.io/@ada"},
            {"platform": "x", "url": "https://x.com/ada"},
        ]
        shown = rendered(app.screen.query_one("#contact-vip", Static))
        for text in (
            "Married to William",
            "flat whites",
            "Signal",
            "ada@example.com",
            "https://hachyderm.io/@ada",
            "edit with v",
        ):
            assert text in shown
        # opening the editor again shows what was saved, and nothing is "changed"
        await pilot.press("v")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, VipEditor)
        assert field(editor, "family").text == "Married to William"
        assert [r.url_input.value for r in editor.query(LinkRow)] == [
            "https://github.com/ada",
            "https://hachyderm.io/@ada",
            "https://x.com/ada",
        ]
        assert not editor.dirty
        await pilot.press("escape")  # nothing changed: closes without asking
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)


async def test_remove_links_with_keyboard_and_button(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Grace", "vip": True})
    store.save_vip(
        cid,
        VipData(
            social_links=[
                {"platform": "github", "url": "https://github.com/grace"},
                {"platform": "bluesky", "url": "https://bsky.app/profile/grace.bsky.social"},
                {"platform": "website", "url": "https://grace.dev"},
            ]
        ),
    )
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, cid)
        rows = list(editor.query(LinkRow))
        assert [r.platform for r in rows] == ["github", "bluesky", "website"]
        rows[0].url_input.focus()
        await pilot.press("ctrl+r")  # remove the link being edited
        await settle(pilot)
        rows = list(editor.query(LinkRow))
        assert [r.platform for r in rows] == ["bluesky", "website"]
        assert editor.focused is rows[0].url_input  # focus stays in the list
        await pilot.click(rows[1].query_one(".vip-link-remove"))
        await settle(pilot)
        assert [r.platform for r in editor.query(LinkRow)] == ["bluesky"]
        assert editor.dirty
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert store.get_vip(cid).social_links == [
            {"platform": "bluesky", "url": "https://bsky.app/profile/grace.bsky.social"}
        ]


async def test_validation_errors_show_next_to_fields_and_save_nothing(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Linus", "vip": True})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, cid)
        field(editor, "family").text = "two kids"
        field(editor, "email").value = "[b]not-an-email"
        field(editor, "phone_number").value = "call me maybe"
        row = editor.query_one(LinkRow)
        row.url_input.value = "javascript:alert(1)"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor  # still open
        assert "[b]not-an-email' is not a valid email address" in error_of(editor, "email")
        assert "not a valid phone number" in error_of(editor, "phone_number")
        link_error = row.query_one(".vip-link-error", Static)
        assert link_error.display and "javascript:alert(1)' is not a valid link" in rendered(
            link_error
        )
        assert "fix the fields marked above" in rendered(editor.query_one("#vip-error", Static))
        assert editor.focused is field(editor, "email")  # the first bad field
        assert store.get_vip(cid).is_empty()
        # leaving a field checks it; fixing a field clears its error as you type
        field(editor, "email").value = "ada@example.com"
        await pilot.pause()
        assert error_of(editor, "email") == ""
        field(editor, "phone_number").value = "+1 555 0100 22"
        row.url_input.value = "example.com/ada"
        await pilot.pause()
        assert not row.query_one(".vip-link-error", Static).display
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        vip = store.get_vip(cid)
        assert (vip.family, vip.email, vip.phone_number) == (
            "two kids",
            "ada@example.com",
            "+1 555 0100 22",
        )
        assert vip.social_links == [{"platform": "website", "url": "https://example.com/ada"}]


async def test_blur_validates_a_field(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    cid = signed_in_store.add_contact({"name": "Margaret", "vip": True})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, cid)
        field(editor, "email").focus()
        await pilot.press(*"nope@")
        await pilot.press("tab")
        await pilot.pause()
        assert "not a valid email address" in error_of(editor, "email")


async def test_escape_with_unsaved_changes_asks_first(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Barbara", "vip": True})
    store.save_vip(cid, VipData(family="one sister"))
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, cid)
        assert field(editor, "family").text == "one sister"
        await pilot.press("end", *" and a dog")
        assert editor.dirty
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")  # keep editing
        await settle(pilot)
        assert app.screen is editor
        assert field(editor, "family").text == "one sister and a dog"
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")  # discard
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert store.get_vip(cid).family == "one sister"


async def test_failed_save_keeps_the_editor_open_with_everything_typed(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Katherine", "vip": True})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, cid)
        field(editor, "misc_notes").text = "met at PyCon"
        field(editor, "main_app").value = "Telegram"
        # the contact disappears behind the editor's back (another process, a sync...)
        store.delete_contact(cid)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is editor
        assert "not saved: that contact no longer exists" in rendered(
            editor.query_one("#vip-error", Static)
        )
        assert field(editor, "misc_notes").text == "met at PyCon"
        assert field(editor, "main_app").value == "Telegram"
        assert not editor.query_one("#save").disabled  # can try again


async def test_deactivate_then_reactivate_keeps_vip_data(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store, db_path: Path
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Hedy Lamarr", "vip": True})
    details = VipData(
        family="three children",
        company="inventor",
        likes_dislikes="chess",
        misc_notes="frequency hopping",
        main_app="Signal",
        email="hedy@example.com",
        phone_number="+1 555 0100",
        social_links=[{"platform": "website", "url": "https://hedy.example"}],
    )
    store.save_vip(cid, details)
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, cid)
        assert "three children" in rendered(screen.query_one("#contact-vip", Static))
        # V on the contact screen: no longer a VIP, the details are kept (and hidden)
        await pilot.press("V")
        await settle(pilot)
        assert store.get_contact(cid).vip is False
        assert store.get_vip(cid) == details
        shown = rendered(screen.query_one("#contact-vip", Static))
        assert "Not a VIP any more" in shown and "three children" not in shown
        # the VIP view no longer lists them
        app.action_vips()
        await settle(pilot)
        vips = app.screen
        assert isinstance(vips, VipScreen)
        assert vips.query_one("#vips-table", DataTable).row_count == 0
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        # V again: a VIP again, with every detail back
        await pilot.press("V")
        await settle(pilot)
        assert store.get_contact(cid).vip is True
        assert "three children" in rendered(screen.query_one("#contact-vip", Static))
        # switch it off and on through the edit form too
        for on in (False, True):
            await pilot.press("e")
            await settle(pilot)
            form = app.screen
            assert isinstance(form, ContactForm)
            form.query_one("#f-vip", Checkbox).value = on
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen is screen
            assert store.get_contact(cid).vip is on
            assert store.get_vip(cid) == details
        shown = rendered(screen.query_one("#contact-vip", Static))
        for text in (
            "three children",
            "inventor",
            "chess",
            "frequency hopping",
            "Signal",
            "hedy@example.com",
            "+1 555 0100",
            "https://hedy.example",
        ):
            assert text in shown
        # deleting the contact is the only thing that removes the details
        await pilot.press("x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
    conn = sqlite3.connect(db_path)
    try:
        for table in ("background", "contact_info"):
            n = conn.execute(
                f"SELECT count(*) FROM {table} WHERE contact_id = ?", (cid,)
            ).fetchone()[0]
            assert n == 0, table
    finally:
        conn.close()


async def test_editing_a_non_vip_says_the_details_are_kept(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "Alan"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_contact(pilot, cid)
        assert "Make them one with V" in rendered(screen.query_one("#contact-vip", Static))
        await pilot.press("v")
        await settle(pilot)
        editor = app.screen
        assert isinstance(editor, VipEditor)
        assert "Not a VIP right now" in rendered(editor.query_one("#vip-inactive", Static))
        field(editor, "family").text = "a brother"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert store.get_vip(cid).family == "a brother"
        assert "Not a VIP any more" in rendered(screen.query_one("#contact-vip", Static))


async def test_user_text_that_looks_like_markup_shows_as_typed(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    cid = store.add_contact({"name": "[red]Eve[/red]", "vip": True})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        editor = await open_editor(pilot, cid)
        assert "[red]Eve[/red]" in rendered(editor.query_one("#vip-title", Static))
        field(editor, "family").text = MARKUP_FAMILY
        field(editor, "main_app").value = "[blink]Signal[/blink]"
        row = editor.query_one(LinkRow)
        row.url_input.value = "[link=https://evil.example]x[/link]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        # the bad link's error repeats the text as typed
        assert "[link=https://evil.example]x[/link]" in rendered(
            row.query_one(".vip-link-error", Static)
        )
        row.url_input.value = "https://eve.example/[b]"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.is_running
        screen = app.screen
        assert isinstance(screen, ContactScreen)
        assert store.get_vip(cid).family == MARKUP_FAMILY
        shown = rendered(screen.query_one("#contact-vip", Static))
        assert MARKUP_FAMILY in shown
        assert "[blink]Signal[/blink]" in shown
        assert "https://eve.example/[b]" in shown
        app.action_vips()
        await settle(pilot)
        table = app.screen.query_one("#vips-table", DataTable)
        cells = [str(getattr(cell, "plain", cell)) for cell in table.get_row(cid)]
        assert cells[0] == "[red]Eve[/red]"
        assert cells[4] == "[blink]Signal[/blink]"
        assert app.is_running


async def test_vip_view_lists_vips_and_sets_the_vip_cadence(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    store = signed_in_store
    ada = store.add_contact({"name": "Ada", "vip": True})
    bob = store.add_contact({"name": "Bob", "vip": True})
    store.add_contact({"name": "Carol"})  # not a VIP
    today = _dt.date.today()
    store.add_follow_up(ada, today + _dt.timedelta(days=9), "later")
    soon = store.add_follow_up(ada, today + _dt.timedelta(days=3), "done already")
    store.update_follow_up(soon, done=True)
    store.add_follow_up(ada, today + _dt.timedelta(days=5), "next")
    store.log_interaction(ada, "coffee")
    store.save_vip(ada, VipData(main_app="Signal"))
    before = store.cadence_defaults()
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_vips()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VipScreen)
        table = screen.query_one("#vips-table", DataTable)
        assert table.row_count == 2
        row = [str(getattr(c, "plain", c)) for c in table.get_row(ada)]
        assert row[0] == "Ada"
        assert "ok" in row[1]
        assert row[2] == "today"
        assert row[3] == (today + _dt.timedelta(days=5)).isoformat()  # the next open one
        assert row[4] == "Signal"
        bob_row = [str(getattr(c, "plain", c)) for c in table.get_row(bob)]
        assert bob_row[2] == "never" and bob_row[3] == "none" and bob_row[4] == ""
        assert "2 VIPs" in rendered(screen.query_one("#vips-summary", Static))
        assert "every 14 days" in rendered(screen.query_one("#vips-summary", Static))
        cadence = screen.query_one("#vips-cadence", Input)
        assert cadence.value == "14"
        # validated next to the field: nothing saved
        for bad in ("abc", "4000", ""):
            cadence.value = bad
            cadence.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert rendered(screen.query_one("#vips-cadence-error", Static))
            assert store.cadence_defaults() == before
        cadence.value = "21"
        await pilot.click("#vips-cadence-save")
        await settle(pilot)
        assert rendered(screen.query_one("#vips-cadence-error", Static)) == ""
        after = store.cadence_defaults()
        assert after.vip == 21
        assert (after.high, after.normal, after.low) == (before.high, before.normal, before.low)
        assert "every 21 days" in rendered(screen.query_one("#vips-summary", Static))
        assert cadence.value == "21"
        # a cadence of 0 switches VIP reminders off: VIPs without their own cadence pause
        cadence.value = "0"
        cadence.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert store.cadence_defaults().vip == 0
        assert store.get_contact(bob).status == "paused"
        assert "off" in rendered(screen.query_one("#vips-summary", Static))
        # v edits the highlighted VIP; Enter opens them
        table.focus()
        table.move_cursor(row=table.get_row_index(ada))
        await pilot.press("v")
        await settle(pilot)
        assert isinstance(app.screen, VipEditor) and app.screen.contact.id == ada
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen) and app.screen.contact_id == ada
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, VipScreen)


async def test_vip_view_empty_state(  # type: ignore[no-untyped-def]
    make_app, signed_in_store: Store
) -> None:
    signed_in_store.add_contact({"name": "Not Special"})
    app = make_app()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.action_vips()
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, VipScreen)
        empty = screen.query_one("#vips-empty", Static)
        assert empty.display and "No VIPs yet" in rendered(empty)
        assert "0 VIPs" in rendered(screen.query_one("#vips-summary", Static))
