"""The address other people on the same network can reach this machine at.

Found without sending a single packet: the addresses of this machine's own
network interfaces (Linux ``SIOCGIFADDR`` ioctl on each interface, which only asks
the kernel) and what the host name resolves to locally. A private-range IPv4
address (192.168/16, 10/8, 172.16/12) wins; 127.0.0.1 is the fallback.
``DEVHUB_CONNECT_HOST`` (or ``--host``) overrides the choice.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import socket
import struct
import sys

FALLBACK = "127.0.0.1"
ENV_HOST = "DEVHUB_CONNECT_HOST"
ENV_PORT = "DEVHUB_CONNECT_PORT"
DEFAULT_PORT = 8765
_SIOCGIFADDR = 0x8915
_RFC1918 = tuple(
    ipaddress.IPv4Network(n) for n in ("192.168.0.0/16", "10.0.0.0/8", "172.16.0.0/12")
)


def _interface_addresses() -> list[str]:
    if not sys.platform.startswith("linux"):
        return []
    try:
        import fcntl
    except ImportError:  # pragma: no cover - not on Linux
        return []
    out: list[str] = []
    try:
        names = [name for _, name in socket.if_nameindex()]
    except OSError:
        return []
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
        for name in names:
            with contextlib.suppress(OSError):
                req = struct.pack("256s", name[:15].encode())
                res = fcntl.ioctl(s.fileno(), _SIOCGIFADDR, req)
                out.append(socket.inet_ntoa(res[20:24]))
    return out


def _hostname_addresses() -> list[str]:
    try:
        infos = socket.getaddrinfo(socket.gethostname(), None, socket.AF_INET)
    except (OSError, UnicodeError):
        return []
    return [str(info[4][0]) for info in infos]


def pick_address(candidates: list[str]) -> str:
    """The best LAN address among ``candidates`` (pure; for tests)."""
    usable: list[ipaddress.IPv4Address] = []
    for text in candidates:
        try:
            addr = ipaddress.IPv4Address(text)
        except ValueError:
            continue
        if addr.is_loopback or addr.is_link_local or addr.is_unspecified or addr.is_multicast:
            continue
        if addr not in usable:
            usable.append(addr)
    for addr in usable:
        if any(addr in net for net in _RFC1918):
            return str(addr)
    return str(usable[0]) if usable else FALLBACK


def detect_lan_address() -> str:
    return pick_address(_interface_addresses() + _hostname_addresses())


def connect_host(explicit: str | None = None) -> str:
    """``--host``, else ``DEVHUB_CONNECT_HOST``, else the detected LAN address."""
    for value in (explicit, os.environ.get(ENV_HOST)):
        if value and value.strip():
            return value.strip()
    return detect_lan_address()


def connect_port(explicit: int | None = None) -> int:
    """``--port``, else ``DEVHUB_CONNECT_PORT``, else 8765 (0 = any free port)."""
    if explicit is not None:
        return explicit
    raw = os.environ.get(ENV_PORT, "").strip()
    if raw.isdigit() and int(raw) <= 65535:
        return int(raw)
    return DEFAULT_PORT


def url_host(host: str) -> str:
    """``host`` as it goes into a URL (IPv6 in brackets)."""
    return f"[{host}]" if ":" in host and not host.startswith("[") else host
