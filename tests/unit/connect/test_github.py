"""connect.github against a local fake API on 127.0.0.1 (recorded responses)."""

from __future__ import annotations

import asyncio

import pytest

from devhub_tui.connect import github
from tests.connect_support import FakeGitHub, closed_port_url


async def test_fetches_public_profile_from_configured_base(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    fake = await FakeGitHub().start()
    try:
        monkeypatch.setenv(github.ENV_API, fake.url + "/")
        p = await asyncio.to_thread(github.fetch_profile, "octocat")
        assert p == github.GithubProfile(
            login="octocat",
            name="The Octocat",
            company="@github",
            blog="https://github.blog",
            location="San Francisco",
            bio="",
        )
        assert fake.requests == ["octocat"]
        assert await asyncio.to_thread(github.fetch_profile, "nobody-here") is None
    finally:
        await fake.stop()


async def test_rate_limit_and_server_errors_are_unavailable() -> None:
    fake = await FakeGitHub(mode="rate-limited").start()
    try:
        with pytest.raises(github.GithubUnavailable, match="rate limit"):
            await asyncio.to_thread(github.fetch_profile, "octocat", base=fake.url)
        fake.mode = "broken"
        with pytest.raises(github.GithubUnavailable, match="500"):
            await asyncio.to_thread(github.fetch_profile, "octocat", base=fake.url)
    finally:
        await fake.stop()


def test_offline_is_unavailable() -> None:
    with pytest.raises(github.GithubUnavailable, match="offline"):
        github.fetch_profile("octocat", base=closed_port_url(), timeout=2)


def test_bad_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(github.ENV_API, "file:///etc/passwd")
    with pytest.raises(github.GithubUnavailable, match="http"):
        github.fetch_profile("octocat")


def test_prefill_values_map_and_sanitize() -> None:
    p = github.parse_profile(
        "x",
        {
            "login": "x",
            "name": "X Person",
            "company": "@acme",
            "blog": "x.dev",
            "location": "Oslo",
            "bio": "Hi\u001b[31m there",
        },
    )
    assert github.prefill_values(p) == {
        "name": "X Person",
        "company": "acme",
        "location": "Oslo",
        "notes": "Hi[31m there\nWebsite: https://x.dev",
    }
    unsafe = github.parse_profile("y", {"blog": "javascript:alert(1)", "name": 5})
    assert github.prefill_values(unsafe) == {}
    with pytest.raises(github.GithubUnavailable):
        github.parse_profile("z", ["not", "a", "dict"])


async def test_hostile_profile_text_is_cleaned_and_kept_as_text() -> None:
    fake = await FakeGitHub().start()
    try:
        p = await asyncio.to_thread(github.fetch_profile, "markup-dev", base=fake.url)
    finally:
        await fake.stop()
    assert p is not None
    values = github.prefill_values(p)
    # markup stays text (the UI never renders it as markup), the terminal escape is gone,
    # and a javascript: "blog" is not kept as a link
    assert values["name"] == "<img src=x onerror=alert(1)> [bold]Mallory[/bold]"
    assert values["location"] == "[@click=app.quit]Nowhere"
    assert "\x1b" not in values["notes"] and "javascript" not in values["notes"]


def test_top_languages_count_own_repos_and_normalise() -> None:
    repos = [
        {"language": "C++", "fork": False, "stargazers_count": 1},
        {"language": "C++", "fork": False, "stargazers_count": 1},
        {"language": "Rust", "fork": False, "stargazers_count": 50},
        {"language": "Go", "fork": False, "stargazers_count": 3},
        {"language": "Rust", "fork": True, "stargazers_count": 900},  # a fork: not theirs
        {"language": None, "fork": False},
        {"language": "<b>", "fork": False},
        "junk",
    ]
    # C++ twice; Rust and Go once each, Rust has more stars
    assert github.top_languages(repos) == ["cpp", "rust", "go"]
    assert github.top_languages(repos, limit=1) == ["cpp"]
    assert github.top_languages([]) == []
    with pytest.raises(github.GithubUnavailable):
        github.top_languages({"message": "nope"})


async def test_fetch_languages_through_the_api_base(monkeypatch: pytest.MonkeyPatch) -> None:
    fake = await FakeGitHub().start()
    try:
        monkeypatch.setenv(github.ENV_API, fake.url)
        langs = await asyncio.to_thread(github.fetch_languages, "octocat")
        none = await asyncio.to_thread(github.fetch_languages, "markup-dev")
    finally:
        await fake.stop()
    assert langs == ["cpp", "html", "css"]  # C++ x2; then by stars; forks left out
    assert none == []
    assert fake.repo_requests == ["octocat", "markup-dev"]
