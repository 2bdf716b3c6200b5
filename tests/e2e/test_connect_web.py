"""The sign-up form over real HTTP on 127.0.0.1 (aiohttp server + client, real SQLite)."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

import pytest
from aiohttp import ClientSession, CookieJar

from devhub_tui.connect import github
from devhub_tui.connect.server import MAX_BODY, ConnectServer, ConnectServerError
from devhub_tui.connect.store import ConnectStore, IssuedToken, NewContact, Profile
from devhub_tui.connect.tokens import HOUR_MS
from devhub_tui.storage.auth import Auth
from devhub_tui.storage.db import Database
from devhub_tui.storage.store import Store
from tests.connect_support import (
    FakeGitHub,
    closed_port_url,
    csrf_from,
    get_form,
    post_form,
    sign_up,
)


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000_000
        self.mono = 1000.0

    def __call__(self) -> int:
        return self.now

    def monotonic(self) -> float:
        return self.mono


@dataclass
class Env:
    db: Database
    user_id: str
    other_id: str
    clock: Clock
    server: ConnectServer
    connect: ConnectStore
    token: IssuedToken
    url: str
    contacts: list[NewContact] = field(default_factory=list)
    prefilled: list[tuple[str, list[str]]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    def link(self, token: IssuedToken) -> str:
        return self.server.link(token.secret)

    def names(self, user_id: str | None = None) -> list[str]:
        return [c.name for c in Store(self.db, user_id or self.user_id).list_contacts()]


@pytest.fixture(autouse=True)
def offline_github(monkeypatch: pytest.MonkeyPatch) -> None:
    """No test ever asks the real GitHub: default to a closed local port."""
    monkeypatch.setenv(github.ENV_API, closed_port_url())


async def make_env(db: Database, auth: Auth, **server_kwargs: object) -> Env:
    clock = Clock()
    user = auth.create_user("ada", "password1")
    other = auth.create_user("bob", "password1")
    connect = ConnectStore(db, user.id, clock=clock)
    connect.save_profile(Profile(name="Ada Lovelace"))
    token = connect.create_token(
        connect.event_for("PyCon DE 2026", "Berlin", "Hallway"), ttl_ms=24 * HOUR_MS
    )
    env = Env(db, user.id, other.id, clock, None, connect, token, "")  # type: ignore[arg-type]
    server = ConnectServer(
        db,
        host="127.0.0.1",
        port=0,
        owner="Ada Lovelace",
        clock=clock,
        monotonic=clock.monotonic,
        on_contact=env.contacts.append,
        on_prefilled=lambda new, fields: env.prefilled.append((new.contact_id, fields)),
        on_notice=env.notices.append,
        **server_kwargs,  # type: ignore[arg-type]
    )
    await server.start()
    env.server = server
    env.url = server.link(token.secret)
    assert env.url.startswith("http://127.0.0.1:")
    return env


@pytest.fixture
async def env(db: Database, auth: Auth) -> AsyncIterator[Env]:
    e = await make_env(db, auth)
    yield e
    await e.server.stop()


@pytest.fixture
async def http() -> AsyncIterator[ClientSession]:
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as s:
        yield s


async def test_form_page_is_mobile_friendly_private_and_locked_down(
    env: Env, http: ClientSession
) -> None:
    async with http.get(env.url) as resp:
        assert resp.status == 200
        html = await resp.text()
        headers = resp.headers
        cookie = resp.cookies["devhub_csrf"]
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    for name in ("name", "email", "github", "talk", "csrf"):
        assert f'name="{name}"' in html
    assert "Connect with Ada Lovelace" in html
    assert "PyCon DE 2026 · Berlin · Hallway" in html
    # the privacy notice says what is stored and where
    assert "What happens to this" in html
    assert "saved in Ada Lovelace's own devhub contacts file" in html
    assert "not sent to any cloud service" in html
    csp = headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "form-action 'self'" in csp
    assert "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cache-Control"] == "no-store"
    assert headers["Server"] == "devhub"
    assert cookie["httponly"] and cookie["samesite"] == "Strict" and cookie["path"] == "/c/"


async def test_submission_creates_tagged_contact_with_met_at_interaction(
    env: Env, http: ClientSession
) -> None:
    status, body = await sign_up(
        http, env.url, name="Grace Hopper", email="grace@example.com", github="",
        talk="COBOL and compilers",
    )
    assert status == 200 and "Thanks, Grace Hopper!" in body
    [new] = env.contacts
    assert new.name == "Grace Hopper" and new.event_name == "PyCon DE 2026"
    store = Store(env.db, env.user_id)
    c = store.get_contact(new.contact_id)
    assert (c.email, c.tags) == ("grace@example.com", ["pycon-de-2026"])
    [ix] = store.list_interactions(contact_id=c.id)
    assert ix.type == "meetup" and ix.notes == "met at PyCon DE 2026\n\nCOBOL and compilers"
    assert env.names(env.other_id) == []  # only the link's owner gets the contact
    assert env.connect.token_uses(env.token.id) == 1


async def test_markup_in_names_is_escaped_on_pages_and_stored_as_typed(
    env: Env, http: ClientSession
) -> None:
    evil = '<script>alert(1)</script>[bold]x[/bold]"><img src=x>'
    status, body = await sign_up(http, env.url, name=evil, email="", github="", talk="")
    assert status == 200
    assert "<script>" not in body and "<img" not in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;[bold]x[/bold]&quot;&gt;&lt;img src=x&gt;" in body
    assert env.names() == [evil]
    # a rejected form shows what was typed, escaped
    status, html, csrf = await get_form(http, env.url)
    status, page, _ = await post_form(
        http, env.url, {"csrf": csrf, "name": "<b onmouseover=x>", "email": "not-an-email"}
    )
    assert status == 400
    assert "<b onmouseover" not in page and 'value="&lt;b onmouseover=x&gt;"' in page
    assert "is not a valid email address" in page
    assert env.names() == [evil]


async def test_forged_csrf_is_refused_and_stores_nothing(
    env: Env, http: ClientSession
) -> None:
    _, html, csrf = await get_form(http, env.url)
    assert csrf
    nonce, issued, mac = csrf.split(".")
    other = env.connect.create_token(None, ttl_ms=HOUR_MS)
    _, _, other_csrf = await get_form(http, env.link(other))  # also replaces the cookie
    _, _, csrf = await get_form(http, env.url)  # back to this page's cookie
    assert csrf
    nonce, issued, mac = csrf.split(".")
    forged = [
        {},  # no CSRF value at all
        {"csrf": f"{nonce}.{issued}.{'f' * len(mac)}"},  # made-up signature
        {"csrf": f"{nonce}.{int(issued) + 1}.{mac}"},  # tampered timestamp
        {"csrf": other_csrf},  # a value from another link's page
    ]
    for extra in forged:
        status, page, _ = await post_form(http, env.url, {"name": "Mallory", **extra})
        assert status == 403, extra
        assert "Please reload the form" in page and "Nothing was saved" in page
    # right value, but no cookie (a cross-site form post carries none)
    async with ClientSession() as stranger:
        status, page, _ = await post_form(stranger, env.url, {"csrf": csrf, "name": "Mallory"})
        assert status == 403
    # right value and cookie, but posted from another site
    status, _, _ = await post_form(
        http, env.url, {"csrf": csrf, "name": "Mallory"},
        headers={"Origin": "http://evil.example"},
    )
    assert status == 403
    assert env.names() == [] and env.contacts == []
    assert env.connect.token_uses(env.token.id) == 0


async def test_expired_link_gets_a_clear_page_and_stores_nothing(
    env: Env, http: ClientSession
) -> None:
    _, _, csrf = await get_form(http, env.url)
    env.clock.now = env.token.expires_at  # the moment it expires
    async with http.get(env.url) as resp:
        assert resp.status == 410
        page = await resp.text()
    assert "This link has expired" in page and 'name="csrf"' not in page
    status, page, _ = await post_form(http, env.url, {"csrf": csrf, "name": "Late Larry"})
    assert status == 410 and "expired" in page and "Nothing was saved" in page
    assert env.names() == []


async def test_used_up_link(env: Env, http: ClientSession) -> None:
    once = env.connect.create_token(None, ttl_ms=HOUR_MS, max_uses=1)
    url = env.link(once)
    _, _, first = await get_form(http, url)
    async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as phone2:
        _, _, second = await get_form(phone2, url)
        status, _, _ = await post_form(http, url, {"csrf": first, "name": "First"})
        assert status == 200
        status, page, _ = await post_form(phone2, url, {"csrf": second, "name": "Second"})
        assert status == 410 and "used up" in page
    async with http.get(url) as resp:
        assert resp.status == 410
    assert env.names() == ["First"]


async def test_unknown_and_malformed_links(env: Env, http: ClientSession) -> None:
    base = env.server.base_url()
    for path in ("/c/" + "A" * 32, "/c/%3Cscript%3Ealert(1)%3C%2Fscript%3E", "/", "/c/"):
        async with http.get(base + path) as resp:
            page = await resp.text()
            assert resp.status == 404, path
            assert "This link isn&#x27;t valid" in page and "<script>" not in page
            assert resp.headers["X-Frame-Options"] == "DENY"
    status, page, _ = await post_form(http, base + "/c/" + "B" * 32, {"name": "x"})
    assert status == 404 and env.names() == []
    async with http.put(env.url, data="x") as resp:
        assert resp.status == 405


async def test_oversized_body_is_refused(env: Env, http: ClientSession) -> None:
    _, _, csrf = await get_form(http, env.url)
    big = {"csrf": csrf, "name": "Big Bertha", "talk": "x" * (MAX_BODY + 1024)}
    status, page, _ = await post_form(http, env.url, big)
    assert status == 413 and "too much text" in page

    async def chunks():  # type: ignore[no-untyped-def]
        # no Content-Length: the limit applies while reading
        for _ in range(20):
            yield b"talk=" + b"y" * 2048 + b"&"

    status, page, _ = await post_form(
        http, env.url, chunks(),  # type: ignore[arg-type]
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert status == 413
    assert env.names() == []


async def test_only_form_posts_are_accepted(env: Env, http: ClientSession) -> None:
    _, _, csrf = await get_form(http, env.url)
    async with http.post(env.url, json={"csrf": csrf, "name": "Json"}) as resp:
        assert resp.status == 415
    assert env.names() == []


async def test_rate_limit_per_client(db: Database, auth: Auth) -> None:
    e = await make_env(db, auth, post_limit=(3, 60.0), get_limit=(100, 60.0))
    try:
        async with ClientSession(cookie_jar=CookieJar(unsafe=True)) as http:
            for _ in range(3):
                status, _, _ = await post_form(http, e.url, {"name": "x"})
                assert status == 403  # counted, then refused for the missing CSRF value
            status, page, headers = await post_form(http, e.url, {"name": "x"})
            assert status == 429 and "Slow down" in page
            assert int(headers["Retry-After"]) >= 1
            e.clock.mono += 61  # a minute later (injected clock, no sleeping)
            status, _ = await sign_up(http, e.url, name="Patient Pat")
            assert status == 200
        assert e.names() == ["Patient Pat"]
    finally:
        await e.server.stop()


async def test_the_same_form_cannot_be_sent_twice(env: Env, http: ClientSession) -> None:
    _, _, csrf = await get_form(http, env.url)
    status, _, _ = await post_form(http, env.url, {"csrf": csrf, "name": "Once"})
    assert status == 200
    # the thanks page drops the cookie; a replay with the old cookie and value is refused
    http.cookie_jar.update_cookies({"devhub_csrf": csrf.split(".")[0]})
    status, page, _ = await post_form(http, env.url, {"csrf": csrf, "name": "Once"})
    assert status == 409 and "Already sent" in page
    assert env.names() == ["Once"]


async def test_github_prefill_fills_empty_fields(
    env: Env, http: ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = await FakeGitHub().start()
    try:
        monkeypatch.setenv(github.ENV_API, fake.url)
        status, body = await sign_up(http, env.url, name="", github="octocat")
        assert status == 200 and "Thanks, octocat!" in body
        await env.server.wait_idle()
        assert fake.requests == ["octocat"]
        [new] = env.contacts
        c = Store(env.db, env.user_id).get_contact(new.contact_id)
        assert (c.name, c.company, c.location) == ("The Octocat", "github", "San Francisco")
        assert c.notes == "Website: https://github.blog"
        # the top repository languages became skills (issue 20)
        assert fake.repo_requests == ["octocat"] and c.skills == ["cpp", "css", "html"]
        assert env.prefilled == [(c.id, ["company", "location", "name", "notes", "skills"])]
        # a name typed into the form is never replaced
        await sign_up(http, env.url, name="Octo Typed", github="octocat")
        await env.server.wait_idle()
        typed = Store(env.db, env.user_id).get_contact(env.contacts[1].contact_id)
        assert typed.name == "Octo Typed" and typed.company == "github"
        assert env.notices == []
    finally:
        await fake.stop()


async def test_github_offline_saves_anyway_and_says_so_once(
    env: Env, http: ClientSession
) -> None:
    for name in ("Offline One", "Offline Two"):
        status, _ = await sign_up(http, env.url, name=name, github="octocat")
        assert status == 200
        await env.server.wait_idle()
    assert sorted(env.names()) == ["Offline One", "Offline Two"]
    assert len(env.notices) == 1 and "offline" in env.notices[0]
    assert "saved without it" in env.notices[0]


async def test_github_rate_limited_saves_anyway(
    env: Env, http: ClientSession, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = await FakeGitHub(mode="rate-limited").start()
    try:
        monkeypatch.setenv(github.ENV_API, fake.url)
        for name in ("Rate One", "Rate Two"):
            await sign_up(http, env.url, name=name, github="octocat")
            await env.server.wait_idle()
        assert sorted(env.names()) == ["Rate One", "Rate Two"]
        assert len(env.notices) == 1 and "rate limit" in env.notices[0]
        assert env.prefilled == []
    finally:
        await fake.stop()


async def test_busy_port_is_a_clear_error_or_falls_back(db: Database) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        server = ConnectServer(db, host="127.0.0.1", port=port)
        with pytest.raises(ConnectServerError, match=f"port {port} on 127.0.0.1 is already in use"):
            await server.start()
        await server.start(fallback_to_any_port=True)
        try:
            assert server.port not in (0, port)
        finally:
            await server.stop()


def test_csrf_value_parser_helper() -> None:
    assert csrf_from('<input type="hidden" name="csrf" value="a.1.b">') == "a.1.b"


async def test_requests_for_another_host_are_refused(env: Env, http: ClientSession) -> None:
    # a DNS-rebinding page would send its own host name
    async with http.get(env.url, headers={"Host": "evil.example"}) as resp:
        assert resp.status == 421 and "Wrong address" in await resp.text()


async def test_two_copies_sent_at_once_store_one_contact(
    env: Env, http: ClientSession
) -> None:
    import asyncio

    _, _, csrf = await get_form(http, env.url)
    results = await asyncio.gather(
        *(post_form(http, env.url, {"csrf": csrf, "name": "Double Tap"}) for _ in range(2))
    )
    assert sorted(status for status, _, _ in results) == [200, 409]
    assert env.names() == ["Double Tap"]
