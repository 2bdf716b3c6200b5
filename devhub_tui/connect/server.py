"""The Quick Connect sign-up form: a small aiohttp server for event mode.

``GET /c/<token>`` shows a mobile-friendly form (name, email, GitHub handle, what
we talked about) with a plain privacy notice; ``POST /c/<token>`` stores the
person as a contact of the link's owner, tagged with the event, with a
"met at EVENT" interaction. Expired, used-up and unknown links get a clear page
and store nothing.

Defences: a per-page CSRF value (HMAC-signed, bound to the link and to a
SameSite=Strict cookie; see `tokens.check_csrf`), a 16 KiB body limit
(``client_max_size``), a per-client rate limit, an Origin check, strict security
headers (CSP with a hashed inline style; no referrer leaves the page: the token is in
the URL) and
HTML escaping of everything a visitor typed.

The server runs on whatever event loop starts it (the app's, or the CLI's);
database work and the GitHub look-up run in threads (``asyncio.to_thread``).
"""

from __future__ import annotations

import asyncio
import base64
import collections
import contextlib
import errno
import hashlib
import html
import logging
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from ..storage.connect_store import (
    MAX_TALK_LEN,
    NewContact,
    TokenInfo,
    TokenRejected,
    check_token,
    clean_submission,
    record_submission,
)
from ..storage.db import Database
from ..storage.errors import StoreError
from ..storage.ids import Clock, system_clock
from . import github
from .lan import url_host
from .tokens import TOKEN_RE, check_csrf, hash_token, issue_csrf

log = logging.getLogger(__name__)

MAX_BODY = 16 * 1024
CSRF_COOKIE = "devhub_csrf"
CSRF_FIELD = "csrf"

_STYLE = """
*{box-sizing:border-box}
body{margin:0;font:17px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;
background:#f6f7f9;color:#16181d}
main{max-width:34rem;margin:0 auto;padding:1.25rem 1rem 2.5rem}
h1{font-size:1.45rem;margin:.2rem 0 .25rem}
.event{color:#4a5060;margin:0 0 1.2rem}
label{display:block;font-weight:600;margin:1rem 0 .3rem}
.hint{font-weight:400;color:#5a6070;font-size:.9rem}
input,textarea{width:100%;font:inherit;font-size:17px;padding:.7rem .75rem;
border:1px solid #b8bdc8;border-radius:.55rem;background:#fff;color:#16181d}
textarea{min-height:6.5rem;resize:vertical}
input:focus,textarea:focus{outline:3px solid #7aa7ff;border-color:#2f6fed}
button{margin-top:1.4rem;width:100%;padding:.9rem;font:inherit;font-weight:700;
border:0;border-radius:.6rem;background:#2f6fed;color:#fff}
.error{color:#b3261e;font-size:.95rem;margin:.3rem 0 0}
.notice{margin-top:1.8rem;padding:.9rem 1rem;background:#eef1f6;border-radius:.6rem;
font-size:.92rem;color:#3c4250}
.notice h2{font-size:1rem;margin:0 0 .4rem}
.big{font-size:1.1rem}
""".strip()
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; form-action 'self'; "
        "frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def h(value: Any) -> str:
    """HTML-escape anything for text and attribute values."""
    return html.escape(str(value), quote=True)


class ConnectServerError(Exception):
    """The server could not start (one line for the user)."""


class RateLimiter:
    """At most ``limit`` requests per ``window`` seconds per client (sliding window)."""

    def __init__(
        self,
        limit: int,
        window: float,
        *,
        monotonic: Callable[[], float] = time.monotonic,
        max_clients: int = 10_000,
    ) -> None:
        self.limit = limit
        self.window = window
        self.monotonic = monotonic
        self.max_clients = max_clients
        self._hits: dict[str, collections.deque[float]] = {}

    def check(self, client: str) -> float:
        """0 when allowed (and counted), else the seconds to wait."""
        now = self.monotonic()
        hits = self._hits.get(client)
        if hits is None:
            if len(self._hits) >= self.max_clients:
                self._prune(now)
            hits = self._hits[client] = collections.deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) >= self.limit:
            return max(0.001, hits[0] + self.window - now)
        hits.append(now)
        return 0.0

    def _prune(self, now: float) -> None:
        for key in [k for k, v in self._hits.items() if not v or v[-1] <= now - self.window]:
            del self._hits[key]
        if len(self._hits) >= self.max_clients:  # still full: forget the oldest
            oldest = min(self._hits, key=lambda k: self._hits[k][-1])
            del self._hits[oldest]


@dataclass
class Page:
    status: int
    title: str
    body: str


def _layout(title: str, body: str) -> str:
    return (
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"robots\" content=\"noindex\">"
        f"<title>{h(title)}</title><style>{_STYLE}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _message_page(status: int, title: str, text: str) -> Page:
    return Page(status, title, f"<h1>{h(title)}</h1><p class=\"big\">{h(text)}</p>")


REJECTED_PAGES = {
    "unknown": (
        404,
        "This link isn't valid",
        "This Quick Connect link doesn't exist. Ask for the QR code again. Nothing was saved.",
    ),
    "expired": (
        410,
        "This link has expired",
        "This Quick Connect link has expired. Ask for a fresh QR code. Nothing was saved.",
    ),
    "used-up": (
        410,
        "This link has been used up",
        "This Quick Connect link has been used as often as allowed. Ask for a fresh QR "
        "code. Nothing was saved.",
    ),
}


def rejected_page(reason: str) -> Page:
    status, title, text = REJECTED_PAGES.get(reason, REJECTED_PAGES["unknown"])
    return _message_page(status, title, text)


class ConnectServer:
    """The sign-up form for one store. Start with `start()`, end with `stop()`."""

    def __init__(
        self,
        db: Database,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
        owner: str = "",
        clock: Clock = system_clock,
        monotonic: Callable[[], float] = time.monotonic,
        on_contact: Callable[[NewContact], None] | None = None,
        on_prefilled: Callable[[NewContact, list[str]], None] | None = None,
        on_notice: Callable[[str], None] | None = None,
        github_lookup: bool = True,
        post_limit: tuple[int, float] = (10, 60.0),
        get_limit: tuple[int, float] = (60, 60.0),
        max_body: int = MAX_BODY,
    ) -> None:
        self.db = db
        self.host = host
        self.requested_port = port
        self.owner = owner or "the person you met"
        self.clock = clock
        self.monotonic = monotonic
        self.on_contact = on_contact
        self.on_prefilled = on_prefilled
        self.on_notice = on_notice
        self.github_lookup = github_lookup
        self.max_body = max_body
        self.post_limiter = RateLimiter(*post_limit, monotonic=monotonic)
        self.get_limiter = RateLimiter(*get_limit, monotonic=monotonic)
        self._key = secrets.token_bytes(32)
        self._used_nonces: dict[str, float] = {}
        self._github_failure_said = False
        self._tasks: set[asyncio.Task[None]] = set()
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- life cycle --------------------------------------------------------
    def make_app(self) -> web.Application:
        app = web.Application(client_max_size=self.max_body, middlewares=[self._middleware])
        app.router.add_get("/c/{token}", self.handle_get)
        app.router.add_post("/c/{token}", self.handle_post)
        return app

    async def start(self, *, fallback_to_any_port: bool = False) -> None:
        runner = web.AppRunner(self.make_app(), access_log=None)
        await runner.setup()
        port = self.requested_port
        try:
            site = web.TCPSite(runner, self.host, port, reuse_address=True)
            try:
                await site.start()
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE and fallback_to_any_port and port:
                    site = web.TCPSite(runner, self.host, 0, reuse_address=True)
                    await site.start()
                else:
                    raise
        except OSError as exc:
            await runner.cleanup()
            if exc.errno == errno.EADDRINUSE:
                raise ConnectServerError(
                    f"port {port} on {self.host} is already in use: pick another with --port"
                ) from exc
            if exc.errno in (errno.EADDRNOTAVAIL, errno.EAFNOSUPPORT):
                raise ConnectServerError(
                    f"{self.host} is not an address of this machine: pass --host "
                    "(or set DEVHUB_CONNECT_HOST)"
                ) from exc
            raise ConnectServerError(
                f"can't listen on {self.host}:{port}: {exc.strerror or exc}"
            ) from exc
        addresses = runner.addresses
        self.port = int(addresses[0][1]) if addresses else port
        self._runner = runner

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    @property
    def running(self) -> bool:
        return self._runner is not None

    def base_url(self) -> str:
        return f"http://{url_host(self.host)}:{self.port}"

    def link(self, secret: str) -> str:
        """The URL the QR code encodes for a link token."""
        return f"{self.base_url()}/c/{secret}"

    # -- plumbing ----------------------------------------------------------
    def _host_ok(self, request: web.Request) -> bool:
        """Only requests addressed to this server (defeats DNS rebinding)."""
        if self.host in ("0.0.0.0", "::", ""):
            return True
        return request.host == f"{url_host(self.host)}:{self.port}"

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            if not self._host_ok(request):
                resp: web.StreamResponse = self._render(
                    _message_page(421, "Wrong address", "Open the link from the QR code.")
                )
            else:
                resp = await handler(request)
        except web.HTTPRequestEntityTooLarge:
            resp = self._render(self._too_large())
        except web.HTTPMethodNotAllowed:
            resp = self._render(_message_page(405, "Not allowed", "Use the form."))
            resp.headers["Allow"] = "GET, POST"
        except web.HTTPException as exc:
            if exc.status == 404:
                resp = self._render(rejected_page("unknown"))
            else:
                resp = self._render(_message_page(exc.status, exc.reason, exc.reason))
        except Exception:  # noqa: BLE001 - a page, never a traceback, for the visitor
            log.exception("Quick Connect: the sign-up form failed")
            resp = self._render(
                _message_page(
                    500,
                    "Something went wrong",
                    f"{self.owner}'s devhub couldn't handle this. Nothing was saved; "
                    "please try again.",
                )
            )
        for name, value in SECURITY_HEADERS.items():
            resp.headers[name] = value
        resp.headers["Server"] = "devhub"
        return resp

    def _render(self, page: Page) -> web.Response:
        return web.Response(
            status=page.status,
            text=_layout(page.title, page.body),
            content_type="text/html",
            charset="utf-8",
        )

    def _too_large(self) -> Page:
        return _message_page(
            413,
            "That was too much text",
            f"The form can take at most {self.max_body // 1024} KiB. Shorten your note and "
            "try again. Nothing was saved.",
        )

    def _limited(self, wait: float) -> web.Response:
        resp = self._render(
            _message_page(
                429,
                "Slow down",
                "Too many requests from your device. Wait a minute and try again. "
                "Nothing was saved.",
            )
        )
        resp.headers["Retry-After"] = str(max(1, int(wait + 0.999)))
        return resp

    @staticmethod
    def _client(request: web.Request) -> str:
        return request.remote or "unknown"

    async def _token(self, request: web.Request) -> tuple[str, TokenInfo | str]:
        """(token hash, info) or (hash, rejection reason)."""
        raw = request.match_info.get("token", "")
        if not TOKEN_RE.fullmatch(raw):
            return "", "unknown"
        token_hash = hash_token(raw)
        try:
            info = await asyncio.to_thread(check_token, self.db, token_hash, clock=self.clock)
        except TokenRejected as exc:
            return token_hash, exc.reason
        return token_hash, info

    # -- pages -------------------------------------------------------------
    def _form_page(
        self,
        info: TokenInfo,
        csrf: str,
        *,
        values: dict[str, str] | None = None,
        errors: dict[str, str] | None = None,
        status: int = 200,
    ) -> Page:
        values = values or {}
        errors = errors or {}
        owner = h(self.owner)
        where = " · ".join(
            x for x in (info.event_name, info.event_location, info.event_session) if x
        )

        def err(name: str) -> str:
            if name not in errors:
                return ""
            return f'<p class="error" id="{name}-error">{h(errors[name])}</p>'

        def val(name: str) -> str:
            return h(values.get(name, ""))

        body = (
            f"<h1>Connect with {owner}</h1>"
            + (f'<p class="event">{h(where)}</p>' if where else "")
            + ('<p class="error" id="form-error">Please check the fields below.</p>'
               if errors else "")
            + '<form method="post" autocomplete="on" novalidate>'
            f'<input type="hidden" name="{CSRF_FIELD}" value="{h(csrf)}">'
            '<label for="name">Your name</label>'
            '<input id="name" name="name" autocomplete="name" maxlength="200"'
            f' value="{val("name")}">'
            f"{err('name')}"
            '<label for="email">Email <span class="hint">(optional)</span></label>'
            '<input id="email" name="email" type="email" inputmode="email" autocomplete="email"'
            f' autocapitalize="none" spellcheck="false" maxlength="254" value="{val("email")}">'
            f"{err('email')}"
            '<label for="github">GitHub username <span class="hint">(optional)</span></label>'
            '<input id="github" name="github" autocomplete="username" autocapitalize="none"'
            f' spellcheck="false" maxlength="100" value="{val("github")}">'
            f"{err('github')}"
            '<label for="talk">What we talked about <span class="hint">(optional)</span>'
            "</label>"
            f'<textarea id="talk" name="talk" maxlength="{MAX_TALK_LEN}">{val("talk")}</textarea>'
            f"{err('talk')}"
            f'<button type="submit" id="send">Send my details to {owner}</button>'
            "</form>"
            '<section class="notice" id="privacy"><h2>What happens to this</h2>'
            f"<p>What you type here (name, email, GitHub username and note) is sent only to "
            f"{owner}'s laptop on this network and saved in {owner}'s own devhub contacts "
            "file there. It is not sent to any cloud service or shared with anyone else. "
            "If you give a GitHub username, devhub looks up your public GitHub profile "
            "(name, company, blog, location, bio) to fill in the blanks. The only cookie "
            "protects this form against forgery; nothing tracks you. To have your details "
            f"removed, ask {owner}.</p></section>"
        )
        return Page(status, f"Connect with {self.owner}", body)

    def _thanks_page(self, name: str) -> Page:
        return Page(
            200,
            "Thanks!",
            f'<h1 id="thanks">Thanks, {h(name)}!</h1>'
            f'<p class="big">{h(self.owner)} now has your details. See you around.</p>',
        )

    # -- handlers ----------------------------------------------------------
    async def handle_get(self, request: web.Request) -> web.StreamResponse:
        wait = self.get_limiter.check(self._client(request))
        if wait:
            return self._limited(wait)
        token_hash, info = await self._token(request)
        if isinstance(info, str):
            return self._render(rejected_page(info))
        csrf, nonce = issue_csrf(self._key, token_hash, self.clock())
        resp = self._render(self._form_page(info, csrf))
        self._set_cookie(resp, request, nonce)
        return resp

    def _set_cookie(self, resp: web.Response, request: web.Request, nonce: str) -> None:
        resp.set_cookie(
            CSRF_COOKIE,
            nonce,
            max_age=2 * 60 * 60,
            path="/c/",
            httponly=True,
            samesite="Strict",
            secure=request.secure,
        )

    def _origin_ok(self, request: web.Request) -> bool:
        """A browser's Origin, when it sends a real one, must be this server."""
        origin = request.headers.get("Origin")
        if origin is None or origin == "null":
            return True  # old or privacy-minded browsers: the CSRF check decides
        return origin == f"{request.scheme}://{request.host}"

    async def handle_post(self, request: web.Request) -> web.StreamResponse:
        wait = self.post_limiter.check(self._client(request))
        if wait:
            return self._limited(wait)
        if (request.content_length or 0) > self.max_body:
            return self._render(self._too_large())
        token_hash, info = await self._token(request)
        if isinstance(info, str):
            return self._render(rejected_page(info))
        if request.content_type != "application/x-www-form-urlencoded":
            return self._render(
                _message_page(
                    415, "Use the form", "Send the form from the page. Nothing was saved."
                )
            )
        form = await request.post()  # raises HTTPRequestEntityTooLarge past client_max_size
        fields = {k: str(form.get(k, "")) for k in ("name", "email", "github", "talk")}
        nonce = check_csrf(
            self._key,
            token_hash,
            str(form.get(CSRF_FIELD, "")),
            request.cookies.get(CSRF_COOKIE),
            self.clock(),
        )
        if nonce is None or not self._origin_ok(request):
            return self._render(
                _message_page(
                    403,
                    "Please reload the form",
                    "This form has expired or didn't come from this page. Open the link "
                    "again and resend it. Nothing was saved.",
                )
            )
        self._prune_nonces()
        if nonce in self._used_nonces:
            return self._render(
                _message_page(
                    409,
                    "Already sent",
                    "This form was already sent; your details are saved. Nothing new was "
                    "saved.",
                )
            )
        sub, errors = clean_submission(
            fields["name"], fields["email"], fields["github"], fields["talk"]
        )
        if sub is None:
            csrf = str(form.get(CSRF_FIELD, ""))
            return self._render(
                self._form_page(info, csrf, values=fields, errors=errors, status=400)
            )
        # reserve the form before saving, so two copies sent at once store one contact
        self._used_nonces[nonce] = self.monotonic() + 3 * 60 * 60
        try:
            new = await asyncio.to_thread(
                record_submission, self.db, token_hash, sub, clock=self.clock
            )
        except BaseException as exc:
            self._used_nonces.pop(nonce, None)
            if isinstance(exc, TokenRejected):
                return self._render(rejected_page(exc.reason))
            if isinstance(exc, StoreError):
                return self._render(
                    _message_page(
                        500,
                        "Couldn't save",
                        f"{self.owner}'s devhub couldn't save this just now. Please try again.",
                    )
                )
            raise
        self._emit(self.on_contact, new)
        if new.github and self.github_lookup:
            task = asyncio.get_running_loop().create_task(self._prefill(new))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        resp = self._render(self._thanks_page(new.name))
        resp.del_cookie(CSRF_COOKIE, path="/c/")
        return resp

    def _prune_nonces(self) -> None:
        now = self.monotonic()
        for nonce in [n for n, until in self._used_nonces.items() if until <= now]:
            self._used_nonces.pop(nonce, None)

    def _emit(self, callback: Callable[..., None] | None, *args: Any) -> None:
        if callback is None:
            return
        with contextlib.suppress(Exception):
            callback(*args)

    async def _prefill(self, new: NewContact) -> None:
        """Fill the new contact's empty fields from the public GitHub profile."""
        from ..storage.connect_store import ConnectStore

        assert new.github
        try:
            profile = await asyncio.to_thread(github.fetch_profile, new.github)
        except github.GithubUnavailable as exc:
            if not self._github_failure_said:
                self._github_failure_said = True
                self._emit(
                    self.on_notice,
                    f"No GitHub prefill: {exc}; contacts are saved without it",
                )
            return
        if profile is None:
            return
        values = github.prefill_values(profile)
        store = ConnectStore(self.db, new.user_id, clock=self.clock)
        try:
            changed = await asyncio.to_thread(store.fill_empty, new.contact_id, values)
        except StoreError:
            return
        if changed:
            self._emit(self.on_prefilled, new, changed)

    async def wait_idle(self, timeout: float | None = None) -> None:
        """Wait for pending GitHub look-ups (at most ``timeout`` seconds)."""
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                while self._tasks:
                    await asyncio.gather(*list(self._tasks), return_exceptions=True)
