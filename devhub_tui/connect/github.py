"""Public GitHub profile look-up, to fill in blanks on a new contact.

Blocking (urllib, 5 s timeout): call it from a thread. The API base URL comes
from ``DEVHUB_GITHUB_API`` (default https://api.github.com), so tests point it at
a local fake server.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from devhub_tui.core.skills import normalize_skill
from devhub_tui.core.validation import ValidationError, clean_text, validate_url

DEFAULT_API = "https://api.github.com"
ENV_API = "DEVHUB_GITHUB_API"
TIMEOUT_S = 5.0
MAX_BYTES = 256 * 1024


class GithubUnavailable(Exception):
    """GitHub could not be asked (offline, timed out, rate-limited, bad answer)."""


@dataclass(frozen=True)
class GithubProfile:
    login: str
    name: str = ""
    company: str = ""
    blog: str = ""
    location: str = ""
    bio: str = ""


def api_base() -> str:
    base = os.environ.get(ENV_API, "").strip() or DEFAULT_API
    if urllib.parse.urlsplit(base).scheme not in ("http", "https"):
        raise GithubUnavailable(f"{ENV_API} must be an http(s) URL")
    return base.rstrip("/")


def _text(data: dict[str, Any], key: str, limit: int) -> str:
    value = data.get(key)
    if not isinstance(value, str):
        return ""
    try:
        return clean_text(value, max_len=limit, multiline=key == "bio")
    except ValidationError:
        return ""


def parse_profile(handle: str, data: Any) -> GithubProfile:
    if not isinstance(data, dict):
        raise GithubUnavailable("GitHub sent an answer devhub doesn't understand")
    return GithubProfile(
        login=_text(data, "login", 39) or handle,
        name=_text(data, "name", 200),
        company=_text(data, "company", 200),
        blog=_text(data, "blog", 500),
        location=_text(data, "location", 200),
        bio=_text(data, "bio", 1000),
    )


#: How many of a profile's repository languages become skills.
TOP_LANGUAGES = 3
#: Repositories read for the languages (one page, the most recently pushed).
REPOS_PAGE = 100
#: A page of 100 repositories is ~0.5 MB of JSON.
REPOS_MAX_BYTES = 4 * 1024 * 1024


def fetch_profile(
    handle: str, *, base: str | None = None, timeout: float = TIMEOUT_S
) -> GithubProfile | None:
    """The public profile of ``handle``; None when there is no such user.

    Raises GithubUnavailable (one clear line) when GitHub can't be asked.
    """
    url = f"{(base or api_base()).rstrip('/')}/users/{urllib.parse.quote(handle, safe='')}"
    data = _get_json(url, timeout)
    return None if data is None else parse_profile(handle, data)


def fetch_languages(
    handle: str, *, base: str | None = None, timeout: float = TIMEOUT_S
) -> list[str]:
    """The top languages of ``handle``'s own public repositories, as skills
    (`top_languages`); [] when there is no such user.

    Raises GithubUnavailable (one clear line) when GitHub can't be asked.
    """
    url = (f"{(base or api_base()).rstrip('/')}/users/{urllib.parse.quote(handle, safe='')}"
           f"/repos?type=owner&sort=pushed&per_page={REPOS_PAGE}")
    data = _get_json(url, timeout, REPOS_MAX_BYTES)
    return [] if data is None else top_languages(data)


def top_languages(repos: Any, limit: int = TOP_LANGUAGES) -> list[str]:
    """The languages of the most repositories (forks left out; a tie goes to the one
    with more stars, then the name), normalised as skills (`C++` → `cpp`)."""
    if not isinstance(repos, list):
        raise GithubUnavailable("GitHub sent an answer devhub doesn't understand")
    counts: dict[str, list[int]] = {}
    for repo in repos:
        if not isinstance(repo, dict) or repo.get("fork") is True:
            continue
        language = repo.get("language")
        if not isinstance(language, str) or not language.strip():
            continue
        try:
            skill = normalize_skill(language)
        except ValidationError:
            continue
        stars = repo.get("stargazers_count")
        entry = counts.setdefault(skill, [0, 0])
        entry[0] += 1
        entry[1] += stars if isinstance(stars, int) and not isinstance(stars, bool) else 0
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    return [skill for skill, _ in ranked[:limit]]


def _get_json(url: str, timeout: float, max_bytes: int = MAX_BYTES) -> Any:
    """The JSON GitHub answers at `url` (at most `max_bytes`); None for a 404."""
    req = urllib.request.Request(
        url,
        headers={
            "Accept": "application/vnd.github+json",
            "User-Agent": "devhub-quick-connect",
            "X-GitHub-Api-Version": "2022-11-28",
        },
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - http(s) only
            body = resp.read(max_bytes + 1)
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return None
        remaining = exc.headers.get("X-RateLimit-Remaining") if exc.headers else None
        if exc.code == 429 or (exc.code == 403 and remaining == "0"):
            raise GithubUnavailable("GitHub's rate limit is reached, try later") from exc
        raise GithubUnavailable(f"GitHub answered {exc.code}") from exc
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        raise GithubUnavailable("can't reach GitHub (offline?)") from exc
    if len(body) > max_bytes:
        raise GithubUnavailable("GitHub sent an unexpectedly large answer")
    try:
        return json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError) as exc:
        raise GithubUnavailable("GitHub sent an answer devhub doesn't understand") from exc


def prefill_values(profile: GithubProfile) -> dict[str, str]:
    """Contact fields a profile can fill in (only where the contact's are empty)."""
    values: dict[str, str] = {}
    if profile.name:
        values["name"] = profile.name
    if profile.company:
        values["company"] = profile.company.lstrip("@").strip() or profile.company
    if profile.location:
        values["location"] = profile.location
    notes: list[str] = []
    if profile.bio:
        notes.append(profile.bio)
    if profile.blog:
        try:
            blog = validate_url(profile.blog)
        except ValidationError:
            blog = None
        if blog:
            notes.append(f"Website: {blog}")
    if notes:
        values["notes"] = "\n".join(notes)
    return values
