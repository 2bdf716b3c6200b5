"""Tests for devhub_tui.core.social."""

from __future__ import annotations

import pytest

from devhub_tui.core.social import PLATFORMS, detect_platform


@pytest.mark.parametrize(
    ("url", "platform"),
    [
        # github
        ("https://github.com/ada", "github"),
        ("http://www.github.com/ada/", "github"),
        ("github.com/ada", "github"),
        ("HTTPS://GITHUB.COM/Ada", "github"),
        ("https://gist.github.com/ada/123", "github"),
        # gitlab
        ("https://gitlab.com/ada", "gitlab"),
        ("https://gitlab.example.org/ada", "gitlab"),
        # mastodon
        ("https://mastodon.social/@ada", "mastodon"),
        ("mastodon.social/@ada", "mastodon"),
        ("https://hachyderm.io/@ada", "mastodon"),
        ("https://fosstodon.org/users/ada", "mastodon"),  # well-known server, any path
        ("https://example.social/@ada", "mastodon"),  # any server with a /@user path
        ("https://toot.example.org/@ada/", "mastodon"),
        ("https://example.social/@ada@other.server", "mastodon"),
        ("@ada@fosstodon.org", "mastodon"),
        ("ada@hachyderm.io", "mastodon"),
        # bluesky
        ("https://bsky.app/profile/ada.bsky.social", "bluesky"),
        ("bsky.app/profile/ada.dev", "bluesky"),
        ("https://ada.bsky.social", "bluesky"),
        # linkedin
        ("https://www.linkedin.com/in/ada", "linkedin"),
        ("https://uk.linkedin.com/in/ada", "linkedin"),
        ("linkedin.com/in/ada", "linkedin"),
        ("https://lnkd.in/abc", "linkedin"),
        # x
        ("https://twitter.com/ada", "x"),
        ("https://mobile.twitter.com/ada", "x"),
        ("https://x.com/ada", "x"),
        ("x.com/ada", "x"),
        # big hosts with /@user paths are not mastodon
        ("https://medium.com/@ada", "website"),
        ("https://www.youtube.com/@ada", "website"),
        ("https://www.tiktok.com/@ada", "website"),
        ("https://www.threads.net/@ada", "website"),
        # websites
        ("https://ada.dev", "website"),
        ("https://example.org/about", "website"),
        ("https://example.social/ada", "website"),  # no /@ path
        ("https://notgithub.com/ada", "website"),
        ("https://github.com.evil.example/ada", "website"),
        ("https://ada.github.io", "website"),
        ("https://mygitlab.com/ada", "website"),
        ("https://x.company.com", "website"),
        # junk never raises
        ("", "website"),
        ("   ", "website"),
        ("http://[::1", "website"),
        ("not a url", "website"),
        ("javascript:alert(1)", "website"),
    ],
)
def test_detect_platform(url: str, platform: str) -> None:
    assert detect_platform(url) == platform


def test_platforms_constant() -> None:
    assert PLATFORMS == ("github", "gitlab", "mastodon", "bluesky", "linkedin", "x", "website")
    samples = [
        "github.com/a",
        "gitlab.com/a",
        "mastodon.social/@a",
        "bsky.app/profile/a",
        "linkedin.com/in/a",
        "x.com/a",
        "example.com",
    ]
    assert [detect_platform(u) for u in samples] == list(PLATFORMS)
