"""`devhub contacts --vip --json` carries the VIP details, through deactivation too."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from devhub_tui.storage.db import open_database
from devhub_tui.storage.store import Store, VipData

from .cli_helpers import run_cli

DETAILS = VipData(
    family="[bold]two[/bold] kids, Zoë & Max",
    company="Analytical Engines — CTO",
    likes_dislikes="likes: tea\ndislikes: [@click=app.quit]",
    misc_notes="met at PyCon 2026",
    main_app="Signal",
    email="ada@example.com",
    phone_number="+44 20 7946 0958",
    social_links=[
        {"platform": "github", "url": "https://github.com/ada"},
        {"platform": "mastodon", "url": "https://hachyderm.io/@ada"},
    ],
)


def _ok(*args: str, stdin: str | None = None) -> str:
    res = run_cli(*args, stdin=stdin)
    assert res.returncode == 0, res.stderr
    assert "Traceback" not in res.stderr
    return res.stdout


def _sign_up(name: str) -> None:
    _ok("user", "add", name, "--password-stdin", stdin="password1\n")
    _ok("login", name, "--password-stdin", stdin="password1\n")


def _store(db_path: Path, username: str) -> Store:
    db = open_database(db_path)
    row = db.conn().execute("SELECT id FROM users WHERE username = ?", (username,)).fetchone()
    return Store(db, row[0])


def _vips_json() -> list[dict[str, Any]]:
    data = json.loads(_ok("contacts", "--vip", "--json"))
    assert isinstance(data, list)
    return data


def test_contacts_vip_json_carries_vip_data_through_deactivation(db_path: Path) -> None:
    _sign_up("ada")
    _ok("contact", "add", "Ada Lovelace", "--vip")
    _ok("contact", "add", "Charles Babbage")
    store = _store(db_path, "ada")
    ada = next(c for c in store.list_contacts() if c.name == "Ada Lovelace")
    store.save_vip(ada.id, DETAILS)

    vips = _vips_json()
    assert [c["name"] for c in vips] == ["Ada Lovelace"]
    assert vips[0]["vip"] is True
    assert vips[0]["vip_data"] == DETAILS.to_dict()  # markup-like text exactly as typed
    assert set(vips[0]["vip_data"]) == {
        "family",
        "company",
        "likes_dislikes",
        "misc_notes",
        "main_app",
        "email",
        "phone_number",
        "social_links",
    }

    # the plain listing marks the VIP
    plain = _ok("contacts", "--vip")
    assert "★ Ada Lovelace" in plain and "Babbage" not in plain

    # deactivated: no longer listed, but nothing is lost
    store.toggle_vip(ada.id, False)
    assert _vips_json() == []
    everyone = json.loads(_ok("contacts", "--json"))
    assert {c["name"]: c["vip"] for c in everyone} == {
        "Ada Lovelace": False,
        "Charles Babbage": False,
    }
    assert all("vip_data" not in c for c in everyone)  # only --vip adds it

    # re-activated: the same details come back
    store.toggle_vip(ada.id, True)
    vips = _vips_json()
    assert [c["name"] for c in vips] == ["Ada Lovelace"]
    assert vips[0]["vip_data"] == DETAILS.to_dict()
    store.db.close()


def test_vip_without_details_has_empty_vip_data(db_path: Path) -> None:
    _sign_up("ada")
    _ok("contact", "add", "Grace Hopper", "--vip")
    vips = _vips_json()
    assert len(vips) == 1
    assert vips[0]["vip_data"] == VipData().to_dict()
    assert vips[0]["vip_data"]["social_links"] == []


def test_vip_data_of_another_user_is_never_listed(db_path: Path) -> None:
    _sign_up("ada")
    _ok("contact", "add", "Ada's VIP", "--vip")
    store = _store(db_path, "ada")
    ada_vip = store.list_contacts()[0]
    store.save_vip(ada_vip.id, DETAILS)
    store.db.close()
    _sign_up("bob")
    assert _vips_json() == []
    _ok("contact", "add", "Bob's VIP", "--vip")
    vips = _vips_json()
    assert [c["name"] for c in vips] == ["Bob's VIP"]
    assert vips[0]["vip_data"] == VipData().to_dict()


def test_export_json_carries_vip_data_even_when_deactivated(db_path: Path) -> None:
    _sign_up("ada")
    _ok("contact", "add", "Ada Lovelace", "--vip")
    _ok("contact", "add", "Former VIP", "--vip")
    _ok("contact", "add", "Never VIP")
    store = _store(db_path, "ada")
    by_name = {c.name: c for c in store.list_contacts()}
    store.save_vip(by_name["Ada Lovelace"].id, DETAILS)
    kept = VipData(family="kept after deactivation", main_app="Matrix")
    store.save_vip(by_name["Former VIP"].id, kept)
    store.toggle_vip(by_name["Former VIP"].id, False)
    store.db.close()
    backup = json.loads(_ok("export", "--format", "json"))
    contacts = {c["name"]: c for c in backup["contacts"]}
    assert contacts["Ada Lovelace"]["vip"] is True
    assert contacts["Ada Lovelace"]["vip_data"] == DETAILS.to_dict()
    assert contacts["Former VIP"]["vip"] is False
    assert contacts["Former VIP"]["vip_data"] == kept.to_dict()
    assert not contacts["Never VIP"]["vip_data"]
