"""connect.lan: picking the LAN address (without sending packets)."""

from __future__ import annotations

import ipaddress

import pytest

from devhub_tui.connect import lan


def test_pick_prefers_private_non_loopback() -> None:
    assert lan.pick_address(["127.0.0.1", "203.0.113.9", "192.168.1.20"]) == "192.168.1.20"
    assert lan.pick_address(["127.0.0.1", "10.0.0.5"]) == "10.0.0.5"
    assert lan.pick_address(["169.254.3.3", "8.8.4.4"]) == "8.8.4.4"
    assert lan.pick_address(["127.0.1.1", "169.254.1.1", "nonsense"]) == "127.0.0.1"
    assert lan.pick_address([]) == lan.FALLBACK


def test_detect_returns_an_ipv4_address() -> None:
    ipaddress.IPv4Address(lan.detect_lan_address())


def test_host_override_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(lan.ENV_HOST, "127.0.0.1")
    assert lan.connect_host() == "127.0.0.1"
    assert lan.connect_host("127.0.0.2") == "127.0.0.2"
    monkeypatch.delenv(lan.ENV_HOST)
    monkeypatch.setattr(lan, "detect_lan_address", lambda: "192.168.9.9")
    assert lan.connect_host() == "192.168.9.9"


def test_port_override_order(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(lan.ENV_PORT, raising=False)
    assert lan.connect_port() == lan.DEFAULT_PORT
    monkeypatch.setenv(lan.ENV_PORT, "9000")
    assert lan.connect_port() == 9000
    assert lan.connect_port(0) == 0
    monkeypatch.setenv(lan.ENV_PORT, "junk")
    assert lan.connect_port() == lan.DEFAULT_PORT


def test_url_host_brackets_ipv6() -> None:
    assert lan.url_host("::1") == "[::1]"
    assert lan.url_host("10.0.0.1") == "10.0.0.1"
