"""Time zones: a contact's `timezone` is an IANA name (`Europe/Berlin`), checked
with `zoneinfo` (the `tzdata` package supplies the database where the system has
none)."""

from __future__ import annotations

import functools
import zoneinfo

from devhub_tui.core.validation import ValidationError

__all__ = ["validate_timezone", "zone_names"]


@functools.cache
def _by_key() -> dict[str, str]:
    names = zoneinfo.available_timezones()
    return {n.lower(): n for n in names}


def zone_names() -> list[str]:
    """Every IANA zone name this machine knows, sorted (for completion)."""
    return sorted(_by_key().values())


def validate_timezone(value: str | None) -> str | None:
    """The IANA name `value` spells (any case; spaces as `_`), None when empty, or
    ValidationError with one line."""
    text = (value or "").strip()
    if not text:
        return None
    key = text.replace(" ", "_").lower()
    if key in ("utc", "z", "gmt"):
        return "UTC"
    name = _by_key().get(key)
    if name is None:
        shown = text if len(text) <= 40 else text[:37] + "..."
        raise ValidationError(
            f"unknown time zone '{shown}': use an IANA name like Europe/Berlin or America/New_York"
        )
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(f"time zone '{name}' can't be loaded on this machine") from exc
    return name
