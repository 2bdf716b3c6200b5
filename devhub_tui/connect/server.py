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
HTML escaping of everything a visitor typed. Connection caps, header and idle
timeouts and quiet logs (`guard`) keep it answering when someone floods it.

The server runs on whatever event loop starts it (the app's, or the CLI's);
database work and the GitHub look-up run in threads (``asyncio.to_thread``).
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import secrets
import time
from collections.abc import Callable
from typing import Any

from aiohttp import web

from devhub_tui.connect import github
from devhub_tui.connect.guard import (
    BACKLOG,
    BODY_TIMEOUT_S,
    HEADER_TIMEOUT_S,
    IDLE_TIMEOUT_S,
    ConnectionGuard,
    QuietLog,
    RateLimiter,
    connection_limits,
    short,
)
from devhub_tui.connect.lan import url_host
from devhub_tui.connect.pages import (
    CSRF_FIELD,
    Page,
    form_page,
    h,
    message_page,
    rejected_page,
    render,
    secured,
)
from devhub_tui.connect.store import (
    NewContact,
    TokenInfo,
    TokenRejected,
    check_token,
    clean_submission,
    record_submission,
)
from devhub_tui.connect.tokens import TOKEN_RE, check_csrf, hash_token, issue_csrf
from devhub_tui.storage.db import Database
from devhub_tui.storage.errors import StoreError
from devhub_tui.storage.ids import Clock, system_clock

MAX_BODY = 16 * 1024
CSRF_COOKIE = "devhub_csrf"


class ConnectServerError(Exception):
    """The server could not start (one line for the user)."""


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
        header_timeout: float = HEADER_TIMEOUT_S,
        idle_timeout: float = IDLE_TIMEOUT_S,
        body_timeout: float = BODY_TIMEOUT_S,
        max_connections: tuple[int, int] | None = None,
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
        self._listener: asyncio.Server | None = None
        self.body_timeout = body_timeout
        total, per_client = max_connections or connection_limits()
        self.quiet = QuietLog()
        self.guard = ConnectionGuard(
            max_total=total,
            max_per_client=per_client,
            header_timeout=header_timeout,
            idle_timeout=idle_timeout,
            quiet=self.quiet,
        )
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
        assert runner.server is not None
        loop = asyncio.get_running_loop()
        # our own listener: each connection's protocol reports to the guard
        factory = self.guard.protocol_factory(runner.server, self._error_reply)
        port = self.requested_port

        async def listen(on_port: int) -> asyncio.Server:
            return await loop.create_server(
                factory, self.host, on_port, reuse_address=True, backlog=BACKLOG
            )

        try:
            try:
                listener = await listen(port)
            except OSError as exc:
                if exc.errno == errno.EADDRINUSE and fallback_to_any_port and port:
                    listener = await listen(0)
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
        sockets = listener.sockets
        self.port = int(sockets[0].getsockname()[1]) if sockets else port
        self._listener = listener
        self._runner = runner
        self.guard.start()

    async def stop(self) -> None:
        for task in list(self._tasks):
            task.cancel()
        for task in list(self._tasks):
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        if self._listener is not None:
            listener, self._listener = self._listener, None
            listener.close()
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()  # closes the open connections
            await self.guard.stop()

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
        with self.guard.handling(request.protocol):
            return secured(await self._respond(request, handler))

    async def _respond(self, request: web.Request, handler: Any) -> web.StreamResponse:
        try:
            if not self._host_ok(request):
                resp: web.StreamResponse = self._render(
                    message_page(421, "Wrong address", "Open the link from the QR code.")
                )
            else:
                resp = await handler(request)
        except web.HTTPRequestEntityTooLarge:
            resp = self._render(self._too_large())
        except web.HTTPMethodNotAllowed:
            resp = self._render(message_page(405, "Not allowed", "Use the form."))
            resp.headers["Allow"] = "GET, POST"
        except web.HTTPException as exc:
            if exc.status == 404:
                resp = self._render(rejected_page("unknown"))
            else:
                resp = self._render(message_page(exc.status, exc.reason, exc.reason))
        except Exception as exc:  # noqa: BLE001 - a page, never a traceback, for anyone
            if self.quiet.say(f"the sign-up form failed: {short(repr(exc))}"):
                from devhub_tui.settings.crashlog import write_crash_log

                await asyncio.to_thread(write_crash_log, exc)
            resp = self._error_reply(500)
        return resp

    def _error_reply(self, status: int) -> web.StreamResponse:
        """Our page for an error (also for requests aiohttp itself refuses)."""
        if status >= 500:
            page = message_page(
                status,
                "Something went wrong",
                f"{self.owner}'s devhub couldn't handle this. Nothing was saved; "
                "please try again.",
            )
        else:
            page = message_page(
                400 if status < 400 else status,
                "Bad request",
                "Your browser sent something this form can't read. Open the link from "
                "the QR code again. Nothing was saved.",
            )
        return secured(self._render(page))

    def _render(self, page: Page) -> web.Response:
        return render(page)

    def _too_large(self) -> Page:
        return message_page(
            413,
            "That was too much text",
            f"The form can take at most {self.max_body // 1024} KiB. Shorten your note and "
            "try again. Nothing was saved.",
        )

    def _limited(self, wait: float) -> web.Response:
        resp = self._render(
            message_page(
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
    def _form_page(self, info: TokenInfo, csrf: str, **kwargs: Any) -> Page:
        return form_page(self.owner, info, csrf, **kwargs)

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
                message_page(
                    415, "Use the form", "Send the form from the page. Nothing was saved."
                )
            )
        try:  # raises HTTPRequestEntityTooLarge past client_max_size
            async with asyncio.timeout(self.body_timeout):
                form = await request.post()
        except (UnicodeDecodeError, LookupError, ValueError) as exc:
            # undecodable bytes, or a charset= nobody knows: not something a browser sends
            self.quiet.say(f"refused a form from {short(request.remote, 60)}: {short(exc)}")
            return self._error_reply(400)
        except TimeoutError:
            return self._render(
                message_page(
                    408, "That took too long", "The form arrived too slowly. Nothing was "
                    "saved; please try again.",
                )
            )
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
                message_page(
                    403,
                    "Please reload the form",
                    "This form has expired or didn't come from this page. Open the link "
                    "again and resend it. Nothing was saved.",
                )
            )
        self._prune_nonces()
        if nonce in self._used_nonces:
            return self._render(
                message_page(
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
                    message_page(
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
        from devhub_tui.connect.store import ConnectStore

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
        try:  # the top repository languages become skills (issue 20)
            languages = await asyncio.to_thread(github.fetch_languages, new.github)
        except github.GithubUnavailable:
            languages = []  # the profile's fields are still worth filling in
        store = ConnectStore(self.db, new.user_id, clock=self.clock)
        try:
            changed = await asyncio.to_thread(store.fill_empty, new.contact_id, values)
            if languages and await asyncio.to_thread(store.add_skills, new.contact_id,
                                                     languages):
                changed = sorted([*changed, "skills"])
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
