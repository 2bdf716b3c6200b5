"""A contact's local time (issue 21): the time and UTC offset where they are, whether
they are reachable now, and a guess of their zone from `location`.

- `local_time(zone, now_ms, hours)`: "14:02 there · UTC+01:00 · reachable"; None
  for no zone or a name this machine can't load (an import may have kept a vCard
  `TZ:-05:00`: nothing is shown for it rather than a wrong time).
- `ReachableHours`: the window of their day when you may call, 08:00–21:00 by
  default, a per-account preference (`user_prefs.reachable_hours`, "08:00-21:00");
  a window may wrap midnight ("22-06" for a night owl).
- `LocalTimes`: the same for many rows at one instant (the attention queue, `devhub
  due` at 100k contacts), worked out once per zone, not once per row.
- `guess_zone(location)`: the zone of a common city named in `location` ("Berlin,
  Germany" -> Europe/Berlin). Only ever a suggestion: the app asks before it sets it.

Pure: the caller passes the instant (UTC epoch milliseconds) and the window.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass

from devhub_tui.core.validation import ValidationError

__all__ = [
    "CITY_ZONES",
    "DEFAULT_HOURS",
    "PREF_KEY",
    "LocalTime",
    "LocalTimes",
    "ReachableHours",
    "ZoneGuess",
    "guess_zone",
    "hours_from_pref",
    "local_time",
    "offset_text",
    "parse_reachable_hours",
]

#: The `user_prefs` key of the reachable window ("08:00-21:00").
PREF_KEY = "reachable_hours"
_DAY_MIN = 24 * 60


@dataclass(frozen=True)
class ReachableHours:
    """From `start` to `end`, minutes after local midnight (`end` 1440 = midnight);
    `start > end` wraps midnight (22:00-06:00)."""

    start: int = 8 * 60
    end: int = 21 * 60

    def contains(self, minute: int) -> bool:
        """Whether `minute` (after local midnight) is inside the window; the start is
        in, the end is out (08:00-21:00: 20:59 yes, 21:00 no)."""
        if self.start < self.end:
            return self.start <= minute < self.end
        return minute >= self.start or minute < self.end

    @property
    def wraps(self) -> bool:
        return self.start > self.end

    @property
    def start_text(self) -> str:
        """"08:00"."""
        return _hhmm(self.start)

    @property
    def end_text(self) -> str:
        """"21:00" ("24:00" for a window that runs to midnight)."""
        return _hhmm(self.end)

    def text(self, dash: str = "-") -> str:
        """"08:00-21:00" (what the preference stores), or with `dash="–"` for people."""
        return f"{self.start_text}{dash}{self.end_text}"


DEFAULT_HOURS = ReachableHours()


def _hhmm(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


_TIME = r"(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?"
_WINDOW = re.compile(rf"^{_TIME}\s*(?:-|–|—|to|until)\s*{_TIME}$")


def _minute(hour: str, minute: str | None, half: str | None, *, end: bool) -> int:
    h, m = int(hour), int(minute or 0)
    shown = f"{hour}:{minute or '00'}{' ' + half if half else ''}"
    if half:  # 12-hour clock: 12am is midnight, 12pm noon
        if not 1 <= h <= 12 or m > 59:
            raise ValidationError(f"'{shown}' is not a time of day: use 1 to 12 with am/pm")
        h = h % 12 + (12 if half.startswith("p") else 0)
        return h * 60 + m or (_DAY_MIN if end else 0)  # "to 12am": to midnight
    if m > 59 or h > 24 or (h == 24 and (m or not end)):
        raise ValidationError(
            f"'{shown}' is not a time of day: use 00:00 to 23:59 (24 as an end)"
        )
    return h * 60 + m


def parse_reachable_hours(text: str | None) -> ReachableHours:
    """"8-21", "08:00-21:00", "9:30 to 18", "9am-5:30pm", "22-6" (wraps midnight) as a
    window, or ValidationError with one line. Empty is the default (08:00-21:00)."""
    raw = " ".join((text or "").split())
    if not raw or raw.lower() == "default":
        return DEFAULT_HOURS
    match = _WINDOW.match(raw.lower())
    if match is None:
        shown = raw if len(raw) <= 30 else raw[:27] + "..."
        raise ValidationError(
            f"'{shown}' is not a window of hours: write START-END, like 8-21 or 09:30-18:00"
        )
    start = _minute(match[1], match[2], match[3], end=False)
    end = _minute(match[4], match[5], match[6], end=True)
    if start == end:
        raise ValidationError("the window is empty: its start and end are the same time")
    return ReachableHours(start, end)


def hours_from_pref(value: str | None) -> ReachableHours:
    """The stored preference as a window: the default when unset or unreadable (a
    backup from elsewhere, a hand edit) rather than an error on every screen."""
    try:
        return parse_reachable_hours(value)
    except ValidationError:
        return DEFAULT_HOURS


def offset_text(offset: _dt.timedelta | None) -> str:
    """"UTC+05:30", "UTC-03:00", "UTC+00:00"."""
    minutes = int((offset or _dt.timedelta()).total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    minutes = abs(minutes)
    return f"UTC{sign}{minutes // 60:02d}:{minutes % 60:02d}"


#: Outside the window, a local time in these hours reads "asleep" (else "off hours").
_NIGHT = ReachableHours(22 * 60, 7 * 60)


@dataclass(frozen=True)
class LocalTime:
    """What the time is where a contact is, at one instant."""

    zone: str
    at: _dt.datetime  # aware, in `zone`
    offset: str  # "UTC+05:30"
    reachable: bool
    hours: ReachableHours = DEFAULT_HOURS

    @property
    def clock(self) -> str:
        """"02:14"."""
        return self.at.strftime("%H:%M")

    @property
    def there(self) -> str:
        """"02:14 there"."""
        return f"{self.clock} there"

    @property
    def word(self) -> str:
        """"reachable", "asleep" (outside the window at night) or "off hours"."""
        if self.reachable:
            return "reachable"
        minute = self.at.hour * 60 + self.at.minute
        return "asleep" if _NIGHT.contains(minute) else "off hours"

    @property
    def iso(self) -> str:
        """ISO 8601 with the offset, to the second: "2026-11-25T20:30:00+05:30"."""
        return self.at.isoformat(timespec="seconds")

    def line(self) -> str:
        """"14:02 there · UTC+01:00 · reachable"."""
        return f"{self.there} · {self.offset} · {self.word}"


@functools.lru_cache(maxsize=1024)
def _zone(name: str) -> zoneinfo.ZoneInfo | None:
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return None  # not an IANA name this machine has (an imported "TZ:-05:00")


def local_time(zone: str | None, now_ms: int,
               hours: ReachableHours = DEFAULT_HOURS) -> LocalTime | None:
    """The local time in `zone` at `now_ms` (UTC epoch ms); None when there is no zone
    or it can't be loaded."""
    if not zone:
        return None
    tz = _zone(zone.strip())
    if tz is None:
        return None
    at = _dt.datetime.fromtimestamp(now_ms / 1000, tz=_dt.UTC).astimezone(tz)
    at = at.replace(microsecond=0)
    return LocalTime(zone=zone.strip(), at=at, offset=offset_text(at.utcoffset()),
                     reachable=hours.contains(at.hour * 60 + at.minute), hours=hours)


class LocalTimes:
    """`local_time` for many rows at one instant: worked out once per zone."""

    def __init__(self, now_ms: int, hours: ReachableHours = DEFAULT_HOURS) -> None:
        self.now_ms = now_ms
        self.hours = hours
        self._seen: dict[str, LocalTime | None] = {}

    def get(self, zone: str | None) -> LocalTime | None:
        if not zone:
            return None
        try:
            return self._seen[zone]
        except KeyError:
            found = self._seen[zone] = local_time(zone, self.now_ms, self.hours)
            return found


# -- guessing a zone from a location ---------------------------------------

#: Common cities (and a few of their other names) -> IANA zone. Only the places a
#: developer's contacts are likely to name; a name that is several places at once
#: (Cambridge, Portland ME / OR...) is left out or given its best-known one.
CITY_ZONES: dict[str, str] = {
    # Europe
    "london": "Europe/London", "manchester": "Europe/London", "edinburgh": "Europe/London",
    "glasgow": "Europe/London", "bristol": "Europe/London", "belfast": "Europe/London",
    "dublin": "Europe/Dublin", "lisbon": "Europe/Lisbon", "lisboa": "Europe/Lisbon",
    "porto": "Europe/Lisbon", "madrid": "Europe/Madrid", "barcelona": "Europe/Madrid",
    "valencia": "Europe/Madrid", "paris": "Europe/Paris", "lyon": "Europe/Paris",
    "amsterdam": "Europe/Amsterdam", "rotterdam": "Europe/Amsterdam",
    "brussels": "Europe/Brussels", "bruxelles": "Europe/Brussels",
    "luxembourg": "Europe/Luxembourg", "berlin": "Europe/Berlin", "munich": "Europe/Berlin",
    "munchen": "Europe/Berlin", "hamburg": "Europe/Berlin", "frankfurt": "Europe/Berlin",
    "cologne": "Europe/Berlin", "koln": "Europe/Berlin", "stuttgart": "Europe/Berlin",
    "zurich": "Europe/Zurich", "geneva": "Europe/Zurich", "basel": "Europe/Zurich",
    "vienna": "Europe/Vienna", "wien": "Europe/Vienna", "milan": "Europe/Rome",
    "milano": "Europe/Rome", "rome": "Europe/Rome", "roma": "Europe/Rome",
    "turin": "Europe/Rome", "copenhagen": "Europe/Copenhagen", "stockholm": "Europe/Stockholm",
    "gothenburg": "Europe/Stockholm", "oslo": "Europe/Oslo", "helsinki": "Europe/Helsinki",
    "tallinn": "Europe/Tallinn", "riga": "Europe/Riga", "vilnius": "Europe/Vilnius",
    "warsaw": "Europe/Warsaw", "krakow": "Europe/Warsaw", "wroclaw": "Europe/Warsaw",
    "prague": "Europe/Prague", "praha": "Europe/Prague", "brno": "Europe/Prague",
    "budapest": "Europe/Budapest", "bratislava": "Europe/Bratislava",
    "ljubljana": "Europe/Ljubljana", "zagreb": "Europe/Zagreb", "belgrade": "Europe/Belgrade",
    "bucharest": "Europe/Bucharest", "sofia": "Europe/Sofia", "athens": "Europe/Athens",
    "istanbul": "Europe/Istanbul", "kyiv": "Europe/Kyiv", "kiev": "Europe/Kyiv",
    "lviv": "Europe/Kyiv", "minsk": "Europe/Minsk", "moscow": "Europe/Moscow",
    "saint petersburg": "Europe/Moscow", "st petersburg": "Europe/Moscow",
    "reykjavik": "Atlantic/Reykjavik",
    # Africa and the Middle East
    "cairo": "Africa/Cairo", "lagos": "Africa/Lagos", "abuja": "Africa/Lagos",
    "accra": "Africa/Accra", "nairobi": "Africa/Nairobi", "kampala": "Africa/Kampala",
    "kigali": "Africa/Kigali", "addis ababa": "Africa/Addis_Ababa",
    "johannesburg": "Africa/Johannesburg", "cape town": "Africa/Johannesburg",
    "casablanca": "Africa/Casablanca", "tunis": "Africa/Tunis", "dakar": "Africa/Dakar",
    "tel aviv": "Asia/Jerusalem", "jerusalem": "Asia/Jerusalem", "amman": "Asia/Amman",
    "beirut": "Asia/Beirut", "dubai": "Asia/Dubai", "abu dhabi": "Asia/Dubai",
    "doha": "Asia/Qatar", "riyadh": "Asia/Riyadh", "tehran": "Asia/Tehran",
    # Asia and Oceania
    "karachi": "Asia/Karachi", "lahore": "Asia/Karachi", "islamabad": "Asia/Karachi",
    "mumbai": "Asia/Kolkata", "bombay": "Asia/Kolkata", "delhi": "Asia/Kolkata",
    "new delhi": "Asia/Kolkata", "bengaluru": "Asia/Kolkata", "bangalore": "Asia/Kolkata",
    "hyderabad": "Asia/Kolkata", "chennai": "Asia/Kolkata", "pune": "Asia/Kolkata",
    "kolkata": "Asia/Kolkata", "kathmandu": "Asia/Kathmandu", "colombo": "Asia/Colombo",
    "dhaka": "Asia/Dhaka", "bangkok": "Asia/Bangkok", "hanoi": "Asia/Bangkok",
    "ho chi minh city": "Asia/Ho_Chi_Minh", "saigon": "Asia/Ho_Chi_Minh",
    "kuala lumpur": "Asia/Kuala_Lumpur", "singapore": "Asia/Singapore",
    "jakarta": "Asia/Jakarta", "manila": "Asia/Manila", "hong kong": "Asia/Hong_Kong",
    "shenzhen": "Asia/Shanghai", "shanghai": "Asia/Shanghai", "beijing": "Asia/Shanghai",
    "hangzhou": "Asia/Shanghai", "taipei": "Asia/Taipei", "seoul": "Asia/Seoul",
    "tokyo": "Asia/Tokyo", "osaka": "Asia/Tokyo", "kyoto": "Asia/Tokyo",
    "sydney": "Australia/Sydney", "melbourne": "Australia/Melbourne",
    "brisbane": "Australia/Brisbane", "perth": "Australia/Perth",
    "adelaide": "Australia/Adelaide", "canberra": "Australia/Sydney",
    "auckland": "Pacific/Auckland", "wellington": "Pacific/Auckland",
    # the Americas
    "new york": "America/New_York", "new york city": "America/New_York",
    "nyc": "America/New_York", "brooklyn": "America/New_York", "boston": "America/New_York",
    "philadelphia": "America/New_York", "washington dc": "America/New_York",
    "washington d c": "America/New_York", "atlanta": "America/New_York",
    "miami": "America/New_York", "pittsburgh": "America/New_York",
    "detroit": "America/Detroit", "toronto": "America/Toronto",
    "montreal": "America/Toronto", "ottawa": "America/Toronto", "chicago": "America/Chicago",
    "austin": "America/Chicago", "dallas": "America/Chicago", "houston": "America/Chicago",
    "minneapolis": "America/Chicago", "denver": "America/Denver",
    "boulder": "America/Denver", "salt lake city": "America/Denver",
    "phoenix": "America/Phoenix", "calgary": "America/Edmonton",
    "vancouver": "America/Vancouver", "seattle": "America/Los_Angeles",
    "portland": "America/Los_Angeles", "san francisco": "America/Los_Angeles",
    "sf": "America/Los_Angeles", "bay area": "America/Los_Angeles",
    "oakland": "America/Los_Angeles", "san jose": "America/Los_Angeles",
    "palo alto": "America/Los_Angeles", "mountain view": "America/Los_Angeles",
    "los angeles": "America/Los_Angeles", "la": "America/Los_Angeles",
    "san diego": "America/Los_Angeles", "honolulu": "Pacific/Honolulu",
    "anchorage": "America/Anchorage", "mexico city": "America/Mexico_City",
    "cdmx": "America/Mexico_City", "guadalajara": "America/Mexico_City",
    "bogota": "America/Bogota", "medellin": "America/Bogota", "lima": "America/Lima",
    "quito": "America/Guayaquil", "caracas": "America/Caracas",
    "santiago": "America/Santiago", "buenos aires": "America/Argentina/Buenos_Aires",
    "montevideo": "America/Montevideo", "sao paulo": "America/Sao_Paulo",
    "rio de janeiro": "America/Sao_Paulo",
    "florianopolis": "America/Sao_Paulo", "st john's": "America/St_Johns",
}

#: Where a location splits into parts ("Berlin, Germany", "Remote (Lisbon)").
_SPLIT = re.compile(r"[,;/|()\[\]]+|\s+-\s+")
_NOT_WORD = re.compile(r"[^\w' ]+")


@dataclass(frozen=True)
class ZoneGuess:
    zone: str
    #: the words of `location` that named it, as typed ("München")
    city: str


def _key(text: str) -> str:
    """Casefolded, accents off ("São Paulo" -> "sao paulo"), dots and hyphens as
    spaces ("St. Petersburg", "Saint-Petersburg"), one space between words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    plain = plain.replace("ß", "ss").replace("’", "'")
    return " ".join(_NOT_WORD.sub(" ", plain.replace(".", " ").replace("-", " ")).split())


@functools.cache
def _table() -> dict[str, str]:
    return {_key(city): zone for city, zone in CITY_ZONES.items()}


def guess_zone(location: str | None) -> ZoneGuess | None:
    """The zone of the first common city `location` names, or None. Each part
    between commas (or slashes, brackets) is tried whole first ("New York, NY"),
    then its runs of up to three words ("downtown Berlin"), longest first."""
    if not location:
        return None
    table = _table()
    parts = [p.strip() for p in _SPLIT.split(location[:200]) if p.strip()]
    for part in parts:
        zone = table.get(_key(part))
        if zone:
            return ZoneGuess(zone, " ".join(part.split()))
    for part in parts:
        words = part.split()
        keys = [_key(w) for w in words]
        for size in (3, 2, 1):
            for i in range(len(words) - size + 1):
                zone = table.get(" ".join(k for k in keys[i:i + size] if k))
                # one- and two-letter words ("LA", "SF") only when they are a whole part
                if zone and len("".join(keys[i:i + size])) > 2:
                    return ZoneGuess(zone, " ".join(words[i:i + size]))
    return None
