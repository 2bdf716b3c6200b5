"""connect.server building blocks: the per-client rate limiter and page escaping."""

from __future__ import annotations

from devhub_tui.connect.guard import RateLimiter
from devhub_tui.connect.pages import SECURITY_HEADERS, h, rejected_page


class Mono:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_rate_limiter_sliding_window_per_client() -> None:
    mono = Mono()
    rl = RateLimiter(2, 60.0, monotonic=mono)
    assert rl.check("a") == 0 and rl.check("a") == 0
    wait = rl.check("a")
    assert 59 < wait <= 60
    assert rl.check("b") == 0  # other clients are not affected
    mono.t += 30
    assert rl.check("a") > 0
    mono.t += 30.5
    assert rl.check("a") == 0


def test_rate_limiter_memory_is_bounded() -> None:
    mono = Mono()
    rl = RateLimiter(1, 60.0, monotonic=mono, max_clients=3)
    for n in range(10):
        mono.t += 1
        rl.check(f"client-{n}")
    assert len(rl._hits) <= 3


def test_pages_escape_everything() -> None:
    assert h('<a href="x">&\'') == "&lt;a href=&quot;x&quot;&gt;&amp;&#x27;"
    page = rejected_page("expired")
    assert page.status == 410 and "expired" in page.body
    assert rejected_page("whatever").status == 404


def test_csp_allows_no_scripts() -> None:
    csp = SECURITY_HEADERS["Content-Security-Policy"]
    assert "script-src" not in csp and "default-src 'none'" in csp
