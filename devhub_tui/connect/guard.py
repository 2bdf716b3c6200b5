"""Keeping the sign-up form up when someone leans on it.

A phone on the LAN (or a script) can open connections and send nothing, trickle a
request in byte by byte, or send requests no browser sends. With the usual limit
of 1,024 open files, 1,100 idle connections used to take the form down for every
real visitor, and asyncio logged a traceback for each failed ``accept()``. Here:

* **Connection caps.** At most ``max_per_client`` connections per address and
  ``max_total`` in all (a quarter of the open-file limit, at most 256). A new
  connection over a cap closes the *oldest idle* connection (of that client, or
  of the client holding the most), so a real visitor's fresh connection is served
  while idle ones make room; when every connection is busy, the new one is closed.
  The caps stay well under the open-file limit, so ``accept()`` keeps working.
* **Timeouts.** A request's headers must arrive within ``header_timeout`` seconds
  (counted from the connection, or from the first byte after the last answer); a
  connection with nothing in flight is closed after ``idle_timeout`` seconds.
* **Quiet logs.** Bad requests, refused connections and failed ``accept()`` calls
  give one short line each (no traceback, nothing a client sent that could drive
  the terminal), at most ``QuietLog.burst`` lines per ``QuietLog.window`` seconds.
* aiohttp's own error replies (a request it can't parse) are our page, with the
  same security headers as every other page.

Everything here uses aiohttp's public API: `web.RequestHandler` (the protocol an
`AppRunner`'s server makes) subclassed, and plain asyncio.
"""

from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import re
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from aiohttp import web

log = logging.getLogger(__name__)

HEADER_TIMEOUT_S = 10.0
IDLE_TIMEOUT_S = 20.0
#: time to send a form's body (once its headers arrived)
BODY_TIMEOUT_S = 20.0
MAX_TOTAL = 256
MAX_PER_CLIENT = 32
#: how long aiohttp may read (and drop) the rest of a body nobody wanted
LINGER_S = 2.0
MAX_LINE = 4096
MAX_FIELD = 8190
MAX_HEADERS = 64
BACKLOG = 128

_UNPRINTABLE = re.compile(r"[^\x20-\x7e]+")


def short(text: object, width: int = 100) -> str:
    """One printable ASCII line of at most ``width`` characters (no escapes)."""
    line = " ".join(_UNPRINTABLE.sub("?", str(text)).split())
    return line if len(line) <= width else line[: width - 3] + "..."


def connection_limits(soft_limit: int | None = None) -> tuple[int, int]:
    """(total, per client) connection caps for this process's open-file limit."""
    if soft_limit is None:
        try:
            import resource

            soft_limit = resource.getrlimit(resource.RLIMIT_NOFILE)[0]
            if soft_limit == resource.RLIM_INFINITY:
                soft_limit = 4 * MAX_TOTAL
        except (ImportError, OSError, ValueError):  # not on Unix
            soft_limit = 4 * MAX_TOTAL
    total = max(16, min(MAX_TOTAL, soft_limit // 4))
    return total, max(4, min(MAX_PER_CLIENT, total // 4))


class QuietLog:
    """Short warning lines, at most ``burst`` per ``window`` seconds. Lines held back
    are counted and mentioned in the next line that goes out."""

    def __init__(
        self,
        logger: logging.Logger = log,
        *,
        burst: int = 5,
        window: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.logger = logger
        self.burst = burst
        self.window = window
        self.clock = clock
        self.held = 0
        self._sent: list[float] = []

    def say(self, text: str) -> bool:
        """Log ``text`` unless the budget is spent. True when it was logged."""
        now = self.clock()
        self._sent = [t for t in self._sent if t > now - self.window]
        if len(self._sent) >= self.burst:
            self.held += 1
            return False
        if self.held:
            text += f" ({self.held} more like this held back)"
            self.held = 0
        self._sent.append(now)
        self.logger.warning("devhub: Quick Connect: %s", text)
        return True


class RateLimiter:
    """Requests: at most ``limit`` requests per ``window`` seconds per client (sliding window)."""

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


@dataclass(eq=False)
class _Conn:
    handler: GuardedHandler
    client: str
    #: when the connection last received bytes or finished a request
    last: float
    #: when the request now arriving started (the connection, or its first byte);
    #: None while a request is being handled or the connection is idle after one
    pending_since: float | None
    busy: int = 0


class ConnectionGuard:
    """Caps and timeouts for one server's connections (see the module docstring)."""

    def __init__(
        self,
        *,
        max_total: int,
        max_per_client: int,
        header_timeout: float = HEADER_TIMEOUT_S,
        idle_timeout: float = IDLE_TIMEOUT_S,
        quiet: QuietLog | None = None,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.max_total = max_total
        self.max_per_client = max_per_client
        self.header_timeout = header_timeout
        self.idle_timeout = idle_timeout
        self.quiet = quiet or QuietLog()
        self.clock = clock
        self._conns: dict[GuardedHandler, _Conn] = {}
        self._by_client: dict[str, dict[GuardedHandler, _Conn]] = {}
        #: what the guard did, for the log and for tests
        self.evicted = 0
        self.refused = 0
        self.timed_out = 0
        self._sweeper: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._prev_handler: Any = None
        self._handler: Any = None

    # -- the protocol factory ------------------------------------------------
    def protocol_factory(
        self, server: web.Server, error_reply: Callable[[int], web.StreamResponse]
    ) -> Callable[[], GuardedHandler]:
        """What `loop.create_server` calls for each accepted connection."""
        loop = asyncio.get_running_loop()

        def make() -> GuardedHandler:
            return GuardedHandler(
                server,
                loop=loop,
                guard=self,
                error_reply=error_reply,
                keepalive_timeout=self.idle_timeout,
                lingering_time=LINGER_S,
                max_line_size=MAX_LINE,
                max_field_size=MAX_FIELD,
                max_headers=MAX_HEADERS,
                logger=_QuietServerLogger(self.quiet),
                access_log=None,
            )

        return make

    @property
    def open_connections(self) -> int:
        return len(self._conns)

    # -- bookkeeping (called by GuardedHandler) ---------------------------------
    def admit(self, handler: GuardedHandler, client: str) -> bool:
        """Register a new connection, making room if needed. False: close it."""
        now = self.clock()
        mine = self._by_client.get(client, {})
        if len(mine) >= self.max_per_client and not self._evict(mine):
            return self._refuse(f"{client} holds {len(mine)} busy connections")
        if len(self._conns) >= self.max_total:
            biggest = max(self._by_client.values(), key=len)
            if not self._evict(biggest) and not self._evict(self._conns):
                return self._refuse(f"all {len(self._conns)} connections are busy")
        conn = _Conn(handler, client, last=now, pending_since=now)
        self._conns[handler] = conn
        self._by_client.setdefault(client, {})[handler] = conn
        return True

    def _refuse(self, why: str) -> bool:
        self.refused += 1
        self.quiet.say(f"refused a connection: {short(why)}")
        return False

    def _evict(self, group: dict[GuardedHandler, _Conn]) -> bool:
        """Close the connection of ``group`` idle the longest. False if all are busy."""
        idle = [c for c in group.values() if not c.busy]
        if not idle:
            return False
        victim = min(idle, key=lambda c: c.last)
        self.evicted += 1
        if self.evicted == 1 or self.evicted % 1000 == 0:
            self.quiet.say(
                f"too many connections (from {short(victim.client, 60)}): closing the idle "
                f"ones ({self.evicted} so far)"
            )
        self._close(victim)
        return True

    def _close(self, conn: _Conn) -> None:
        self.forget(conn.handler)
        conn.handler.force_close()

    def forget(self, handler: GuardedHandler) -> None:
        conn = self._conns.pop(handler, None)
        if conn is None:
            return
        mine = self._by_client.get(conn.client)
        if mine is not None:
            mine.pop(handler, None)
            if not mine:
                del self._by_client[conn.client]

    def activity(self, handler: GuardedHandler) -> None:
        conn = self._conns.get(handler)
        if conn is None:
            return
        conn.last = self.clock()
        if not conn.busy and conn.pending_since is None:
            conn.pending_since = conn.last

    @contextlib.contextmanager
    def handling(self, handler: object) -> Iterator[None]:
        """Around a request's handler: the connection is busy (never closed for
        being idle or slow) until the handler returns."""
        conn = self._conns.get(handler) if isinstance(handler, GuardedHandler) else None
        if conn is None:
            yield
            return
        conn.busy += 1
        conn.pending_since = None
        try:
            yield
        finally:
            conn.busy -= 1
            conn.last = self.clock()

    def sweep(self) -> None:
        """Close connections whose request is too slow to arrive, or idle too long."""
        now = self.clock()
        for conn in list(self._conns.values()):
            if conn.busy:
                continue
            if conn.pending_since is not None:
                if now - conn.pending_since >= self.header_timeout:
                    self.timed_out += 1
                    self._close(conn)
            elif now - conn.last >= self.idle_timeout:
                self.timed_out += 1
                self._close(conn)

    # -- life cycle --------------------------------------------------------
    def start(self) -> None:
        """Start sweeping, and quiet the loop's log of failed ``accept()`` calls."""
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._sweeper = loop.create_task(self._sweep_forever())
        self._prev_handler = loop.get_exception_handler()
        self._handler = self._loop_exception
        loop.set_exception_handler(self._handler)

    async def stop(self) -> None:
        loop, self._loop = self._loop, None
        if loop is not None and loop.get_exception_handler() is self._handler:
            loop.set_exception_handler(self._prev_handler)
        task, self._sweeper = self._sweeper, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _sweep_forever(self) -> None:
        tick = max(0.05, min(1.0, self.header_timeout / 4, self.idle_timeout / 4))
        while True:
            await asyncio.sleep(tick)
            self.sweep()

    def _loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        message = str(context.get("message", ""))
        ours = isinstance(context.get("protocol"), GuardedHandler)
        if ours or message.startswith("socket.accept() out of system resource"):
            exc = context.get("exception")
            detail = f": {short(exc, 80)}" if exc is not None else ""
            self.quiet.say(f"{short(message, 80)}{detail}")
            return
        if self._prev_handler is not None:
            self._prev_handler(loop, context)
        else:
            loop.default_exception_handler(context)


class GuardedHandler(web.RequestHandler):
    """aiohttp's protocol for one connection, reporting to a `ConnectionGuard`."""

    def __init__(
        self,
        manager: web.Server,
        *,
        guard: ConnectionGuard,
        error_reply: Callable[[int], web.StreamResponse],
        **kwargs: Any,
    ) -> None:
        super().__init__(manager, **kwargs)
        self.guard = guard
        self.error_reply = error_reply

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        super().connection_made(transport)
        peer = transport.get_extra_info("peername")
        client = str(peer[0]) if isinstance(peer, tuple) and peer else "unknown"
        if not self.guard.admit(self, client):
            self.force_close()

    def data_received(self, data: bytes) -> None:
        self.guard.activity(self)
        super().data_received(data)

    def connection_lost(self, exc: BaseException | None) -> None:
        self.guard.forget(self)
        super().connection_lost(exc)

    def handle_error(
        self,
        request: web.BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        """A request aiohttp couldn't parse (or a handler's escaped error): one short
        line, and our own page with the security headers; the connection closes."""
        what = (exc.__class__.__name__ if exc is not None else "") or "error"
        detail = message or (str(exc) if exc is not None else "")
        self.guard.quiet.say(
            f"answered {status} to a bad request from {short(request.remote, 60)}: "
            f"{what}: {short(detail, 80)}"
        )
        if request.writer.output_size > 0:
            raise ConnectionError("the response had already started")
        resp = self.error_reply(status)
        resp.force_close()
        return resp


class _QuietServerLogger(logging.Logger):
    """aiohttp's server logger for our handlers: anything it would log with a
    traceback becomes one short, rate-limited line; debug chatter is dropped."""

    def __init__(self, quiet: QuietLog) -> None:
        super().__init__("devhub_tui.connect.guard.aiohttp")
        self.quiet = quiet

    def _say(self, msg: object, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        try:
            text = str(msg) % args if args else str(msg)
        except (TypeError, ValueError):
            text = str(msg)
        exc = kwargs.get("exc_info")
        if isinstance(exc, BaseException):
            text += f": {exc.__class__.__name__}: {exc}"
        self.quiet.say(short(text, 160))

    def debug(self, msg: object, *args: Any, **kwargs: Any) -> None:
        return None

    def info(self, msg: object, *args: Any, **kwargs: Any) -> None:
        return None

    def warning(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self._say(msg, args, kwargs)

    def error(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self._say(msg, args, kwargs)

    def exception(self, msg: object, *args: Any, exc_info: Any = True, **kwargs: Any) -> None:
        self._say(msg, args, {**kwargs, "exc_info": exc_info})

    def critical(self, msg: object, *args: Any, **kwargs: Any) -> None:
        self._say(msg, args, kwargs)

    def log(self, level: int, msg: object, *args: Any, **kwargs: Any) -> None:
        if level >= logging.WARNING:
            self._say(msg, args, kwargs)
