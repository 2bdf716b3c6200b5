"""`devhub qr`: the Quick Connect QR code in the terminal (no textual).

Without ``--event`` it prints my card (vCard 3.0) as a QR code and the text it
encodes. With ``--event`` it makes a link token, serves the sign-up form on the
LAN address (or ``--host`` / ``DEVHUB_CONNECT_HOST``) until Ctrl-C, SIGTERM, SIGHUP
or its terminal goes away, prints the QR code of the link and one line per sign-up.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime as _dt
import os
import shutil
import signal
import sys
from dataclasses import dataclass
from typing import Any

import click

from devhub_tui.connect.card import unfold, vcard
from devhub_tui.connect.lan import ENV_PORT, connect_host, connect_port
from devhub_tui.connect.qr import (
    PREFERRED_QUIET,
    Fit,
    best_fit,
    half_block_lines,
    qr_matrix,
    with_quiet_zone,
)
from devhub_tui.connect.store import ConnectStore, NewContact
from devhub_tui.connect.tokens import format_duration, parse_duration, parse_max_uses
from devhub_tui.services.terminal import TerminalWatch, leave_signals

#: Black on bright white, so the code is dark-on-light whatever the terminal theme.
ANSI_QR = "\x1b[30;107m"
ANSI_RESET = "\x1b[0m"


@dataclass(frozen=True)
class QrOptions:
    event: str | None = None
    location: str = ""
    session: str = ""
    expires: str | None = None
    max_uses: int | None = None
    host: str | None = None
    port: int | None = None


def render_qr(payload: str, *, tty: bool, reserve_rows: int = 0) -> list[str]:
    """The QR code as printable lines: sized to the terminal when there is one."""
    matrix = qr_matrix(payload)
    fit: Fit | None = None
    if tty:
        size = shutil.get_terminal_size((80, 24))
        fit = best_fit(len(matrix), size.columns, max(1, size.lines - reserve_rows))
    if fit is None:
        fit = Fit(scale=1, quiet=PREFERRED_QUIET)
    lines = half_block_lines(with_quiet_zone(matrix, fit.quiet), fit.scale)
    if tty:
        return [f"{ANSI_QR}{line}{ANSI_RESET}" for line in lines]
    return lines


def _echo(text: str = "", *, err: bool = False) -> None:
    click.echo(text, err=err)
    with contextlib.suppress(Exception):
        (sys.stderr if err else sys.stdout).flush()


def run_qr(obj: Any, opts: QrOptions) -> None:
    """The body of `devhub qr` (obj is the CLI's Ctx)."""
    from devhub_tui.core.validation import ValidationError

    user = obj.current_user()
    db = obj.open_db()
    store = ConnectStore(db, user.id)
    tty = sys.stdout.isatty()
    if opts.event is None:
        if opts.expires is not None or opts.max_uses is not None:
            raise ValidationError("--expires and --max-uses go with --event")
        _print_card(store, user.username, tty)
        return
    ttl = parse_duration(opts.expires or "24h")
    max_uses = parse_max_uses(opts.max_uses)
    event = store.event_for(opts.event, opts.location, opts.session)
    profile = store.get_profile(default_name=user.username)
    token = store.create_token(event, ttl_ms=ttl, max_uses=max_uses)
    fallback = opts.port is None and not os.environ.get(ENV_PORT, "").strip()
    try:
        asyncio.run(
            _serve_event(
                db,
                host=connect_host(opts.host),
                port=connect_port(opts.port),
                fallback=fallback,
                owner=profile.name,
                secret=token.secret,
                expires_at=token.expires_at,
                where=" · ".join(x for x in (event.name, event.location, event.session) if x),
                tty=tty,
            )
        )
    finally:
        store.revoke_token(token.id)


def _print_card(store: ConnectStore, username: str, tty: bool) -> None:
    profile = store.get_profile(default_name=username)
    payload = vcard(profile)
    content = unfold(payload)
    _echo(f"Quick Connect · my card (vCard 3.0): scan to add {profile.name} as a contact")
    _echo()
    for line in render_qr(payload, tty=tty, reserve_rows=len(content) + 4):
        _echo(line)
    _echo()
    for line in content:
        _echo(line)
    if not store.has_profile():
        _echo(
            "devhub: tip: fill in your card in the app (press r, then p) to share more "
            "than your name",
            err=True,
        )


async def _serve_event(
    db: Any,
    *,
    host: str,
    port: int,
    fallback: bool,
    owner: str,
    secret: str,
    expires_at: int,
    where: str,
    tty: bool,
) -> None:
    from devhub_tui.connect.server import ConnectServer

    signups = 0

    def on_contact(new: NewContact) -> None:
        nonlocal signups
        signups += 1
        _echo(f"new contact: {new.name} (met at {new.event_name})")

    def on_prefilled(new: NewContact, fields: list[str]) -> None:
        _echo(f"  {new.name}: filled in {', '.join(fields)} from GitHub")

    def on_notice(message: str) -> None:
        _echo(f"devhub: {message}", err=True)

    server = ConnectServer(
        db,
        host=host,
        port=port,
        owner=owner,
        on_contact=on_contact,
        on_prefilled=on_prefilled,
        on_notice=on_notice,
    )
    await server.start(fallback_to_any_port=fallback)
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    # Ctrl-C, SIGTERM, SIGHUP (unless ignored: `nohup` keeps serving) and a terminal
    # that goes away (a closed window: see terminal.py) all stop the form.
    signals = [signal.SIGINT, *leave_signals()]
    for sig in signals:
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(sig, stop.set)
    watch = TerminalWatch(lambda _status: loop.call_soon_threadsafe(stop.set), signals=False)
    watch.start()
    try:
        url = server.link(secret)
        expiry = _dt.datetime.fromtimestamp(expires_at / 1000, tz=_dt.UTC)
        left = format_duration(expires_at - int(_dt.datetime.now(tz=_dt.UTC).timestamp() * 1000))
        _echo(f"Quick Connect · {where}: scan to open the sign-up form")
        _echo()
        for line in render_qr(url, tty=tty, reserve_rows=8):
            _echo(line)
        _echo()
        _echo(url)
        _echo(
            f"Serving the sign-up form until Ctrl-C; the link expires in {left} "
            f"({expiry:%Y-%m-%d %H:%M} UTC)."
        )
        await stop.wait()
    finally:
        watch.stop()
        for sig in signals:
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(sig)
        await server.wait_idle(2.0)
        await server.stop()
    _echo(f"stopped: {signups} sign-up{'s' if signups != 1 else ''}; the link no longer works")
