"""Tracks (issue 19): job opportunities, client projects, mentorships, collaborations.

Pure rules, no I/O: the four kinds and their default stages, which stages are
terminal (a track there is closed: its next step no longer reminds), stage lists
as a user edits them in Settings, slugs, amounts with an ISO 4217 currency, links,
goals, and the attention item of a due next step.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass, replace

from devhub_tui.core.currencies import COMMON_CURRENCIES, CURRENCY_DIGITS
from devhub_tui.core.status import AttentionItem, attention_for_follow_up
from devhub_tui.core.validation import (
    MAX_NOTE_LEN,
    ValidationError,
    clean_text,
    validate_url,
)

__all__ = [
    "DEFAULT_STAGES",
    "KINDS",
    "KIND_LABELS",
    "MAX_LINKS",
    "MAX_TITLE_LEN",
    "Goal",
    "Stages",
    "amount_text",
    "attention_for_next_step",
    "format_amount",
    "next_step_reason",
    "parse_amount",
    "parse_goals",
    "parse_stages",
    "resolve_kind",
    "resolve_stage",
    "slugify",
    "unique_slug",
    "validate_currency",
    "validate_links",
    "validate_stage_name",
    "validate_title",
]

KINDS: tuple[str, ...] = ("job", "client", "mentorship", "collab")
KIND_LABELS = {"job": "Job", "client": "Client", "mentorship": "Mentorship",
               "collab": "Collab"}
MAX_TITLE_LEN = 200
MAX_SLUG_LEN = 40
MAX_LINKS = 20
MAX_GOALS = 30
MAX_STAGES = 12
MAX_STAGE_LEN = 30
#: the largest amount, in whole units (a salary, a rate, an invoice)
MAX_AMOUNT = 10**13

_STAGE_RE = re.compile(r"[^\W_](?:[\w -]*[^\W_])?")


def _clip(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def _key(text: str) -> str:
    """How stage and kind names compare: case, hyphens, underscores and runs of
    spaces don't matter (`In-Progress` is `in progress`)."""
    return " ".join(text.replace("-", " ").replace("_", " ").casefold().split())


@dataclass(frozen=True)
class Stages:
    """A kind's stages in order: the open ones, then the terminal ones."""

    open: tuple[str, ...]
    terminal: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.open, *self.terminal)

    def is_terminal(self, stage: str) -> bool:
        return stage in self.terminal

    def step(self, stage: str, by: int) -> str | None:
        """The stage `by` places after (before, when negative) `stage`; None past
        either end or for a stage the list doesn't have."""
        stages = self.all
        if stage not in stages:
            return None
        i = stages.index(stage) + by
        return stages[i] if 0 <= i < len(stages) else None

    def text(self) -> str:
        """As Settings shows it: `lead, applied, offer | accepted, declined`."""
        return f"{', '.join(self.open)} | {', '.join(self.terminal)}"


DEFAULT_STAGES: dict[str, Stages] = {
    "job": Stages(("lead", "applied", "interviewing", "offer"),
                  ("accepted", "declined", "closed")),
    "client": Stages(("lead", "proposal", "active", "invoiced"), ("paid", "closed")),
    "mentorship": Stages(("active", "paused"), ("ended",)),
    "collab": Stages(("idea", "in progress"), ("published", "dropped")),
}


def resolve_kind(text: str) -> str:
    """A kind from what was typed: the name or a unique start of it."""
    key = _key(text or "")
    hits = [k for k in KINDS if k == key] or [k for k in KINDS if key and k.startswith(key)]
    if len(hits) != 1:
        raise ValidationError(
            f"unknown kind '{_clip(clean_text(text or '', max_len=10**6, multiline=False))}'"
            f" (kinds: {', '.join(KINDS)})")
    return hits[0]


def resolve_stage(text: str, kind: str, stages: dict[str, Stages]) -> str:
    """A stage of `kind` from what was typed (the name or a unique start of it).

    Refused with one line that names the kind's stages, and says which kind a
    stage of another kind belongs to (`'paid' is a client stage, not a job one`)."""
    mine = stages[kind].all
    key = _key(text or "")
    hits = [s for s in mine if _key(s) == key]
    if not hits and key:
        hits = [s for s in mine if _key(s).startswith(key)]
    if len(hits) == 1:
        return hits[0]
    shown = _clip(clean_text(text or "", max_len=10**6, multiline=False))
    choices = f"{kind} stages: {', '.join(mine)}"
    if len(hits) > 1:
        raise ValidationError(f"'{shown}' could be {', '.join(hits)} ({choices})")
    others = [k for k in KINDS if k != kind and any(_key(s) == key for s in stages[k].all)]
    if others:
        raise ValidationError(
            f"'{shown}' is a {' and '.join(others)} stage, not a {kind} one ({choices})")
    if not key:
        raise ValidationError(f"no stage given ({choices})")
    raise ValidationError(f"unknown stage '{shown}' ({choices})")


def validate_stage_name(raw: str) -> str:
    """One stage's name: lowercase, 1-30 letters, digits, spaces or -."""
    name = " ".join(raw.split()).lower()
    if not name:
        raise ValidationError("a stage name can't be empty (two commas in a row?)")
    if len(name) > MAX_STAGE_LEN:
        raise ValidationError(
            f"stage '{_clip(name)}' is too long (the limit is {MAX_STAGE_LEN} characters)")
    if not _STAGE_RE.fullmatch(name):
        raise ValidationError(
            f"stage '{_clip(name)}' can only use letters, digits, spaces and -")
    return name


def parse_stages(text: str) -> Stages:
    """Stages as typed in Settings: `lead, applied, offer | accepted, declined`
    (open stages, `|`, terminal stages). At least one of each, at most 12 in all,
    each named once."""
    text = clean_text(text or "", max_len=2000, multiline=False, field="stages")
    if text.count("|") != 1:
        raise ValidationError(
            "write the open stages, then | and the stages that close a track: "
            "lead, applied | accepted, declined")
    before, after = text.split("|")
    open_ = tuple(validate_stage_name(s) for s in before.split(",")) if before.strip() else ()
    terminal = (tuple(validate_stage_name(s) for s in after.split(",")) if after.strip()
                else ())
    if not open_:
        raise ValidationError("name at least one open stage before the |")
    if not terminal:
        raise ValidationError("name at least one stage after the | (it closes a track)")
    seen: set[str] = set()
    for stage in (*open_, *terminal):
        if _key(stage) in seen:
            raise ValidationError(f"stage '{_clip(stage)}' is named twice")
        seen.add(_key(stage))
    if len(seen) > MAX_STAGES:
        raise ValidationError(f"at most {MAX_STAGES} stages")
    return Stages(open_, terminal)


# --------------------------------------------------------------------------- text
def validate_title(text: str) -> str:
    title = clean_text(text or "", max_len=MAX_TITLE_LEN, multiline=False, field="title")
    if not title:
        raise ValidationError("a track needs a title")
    return title


def slugify(title: str) -> str:
    """`Staff engineer @ Acme` -> `staff-engineer-acme`: lowercase words joined by
    hyphens (accents dropped, other scripts kept), at most 40 characters, cut at a
    word. Never empty (`track` when the title has no letters or digits)."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = [w for w in re.split(r"[\W_]+", text) if w]
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_LEN:
            if not slug:
                slug = word[:MAX_SLUG_LEN]
            break
        slug = candidate
    return slug or "track"


def unique_slug(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3`... the first one not in `taken`."""
    if base not in taken:
        return base
    n = 2
    while f"{base}-{n}" in taken:
        n += 1
    return f"{base}-{n}"


def validate_links(urls: list[str]) -> list[str]:
    """http(s) links, each checked, duplicates dropped, order kept."""
    out: list[str] = []
    for raw in urls:
        url = validate_url(raw)
        if url and url not in out:
            out.append(url)
    if len(out) > MAX_LINKS:
        raise ValidationError(f"at most {MAX_LINKS} links")
    return out


@dataclass(frozen=True)
class Goal:
    """A mentorship goal and where it stands."""

    goal: str
    progress: str = ""


def parse_goals(text: str) -> list[Goal]:
    """Goals as typed, one a line: `GOAL | PROGRESS NOTE` (the note optional)."""
    goals: list[Goal] = []
    for line in clean_text(text or "", max_len=MAX_NOTE_LEN, multiline=True,
                           field="goals").splitlines():
        if not line.strip():
            continue
        goal, _, progress = line.partition("|")
        goal = clean_text(goal, max_len=500, multiline=False, field="goal")
        if not goal:
            raise ValidationError(f"a goal is missing before the | in '{_clip(line.strip())}'")
        goals.append(Goal(goal, clean_text(progress, max_len=2000, multiline=False,
                                           field="progress")))
    if len(goals) > MAX_GOALS:
        raise ValidationError(f"at most {MAX_GOALS} goals")
    return goals


# --------------------------------------------------------------------------- money
def validate_currency(text: str) -> str:
    """An ISO 4217 code (case-insensitive): `eur` -> `EUR`."""
    code = (text or "").strip().upper()
    if code not in CURRENCY_DIGITS:
        shown = _clip(clean_text(text or "", max_len=10**6, multiline=False), 20)
        raise ValidationError(
            f"unknown currency '{shown}' (use an ISO 4217 code such as "
            f"{', '.join(COMMON_CURRENCIES)})")
    return code


_AMOUNT_RE = re.compile(r"\d{1,3}(?:[,_ ]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|\.\d+")


def parse_amount(text: str, currency: str) -> int:
    """An amount in `currency`'s minor units (`120000` EUR -> 12000000 cents).

    Digits with an optional decimal point (no more places than the currency has)
    and optional thousands separators (`120,000`, `120_000`, `120 000`); not
    negative; up to 10^13."""
    from decimal import Decimal, InvalidOperation  # (not needed at start-up)

    code = validate_currency(currency)
    raw = " ".join((text or "").split())
    shown = _clip(clean_text(text or "", max_len=10**6, multiline=False), 30)
    if not _AMOUNT_RE.fullmatch(raw):
        raise ValidationError(f"'{shown}' is not an amount (write digits, like 120000 or 95.50)")
    try:
        value = Decimal(raw.replace(",", "").replace("_", "").replace(" ", ""))
    except InvalidOperation:
        raise ValidationError(f"'{shown}' is not an amount") from None
    digits = CURRENCY_DIGITS[code]
    scaled = value.scaleb(digits)
    if scaled != scaled.to_integral_value():
        places = "no decimals" if digits == 0 else f"at most {digits} decimals"
        raise ValidationError(f"'{shown}' has too many decimals ({code} takes {places})")
    if value > MAX_AMOUNT:
        raise ValidationError(f"'{shown}' is too large")
    return int(scaled)


def amount_text(minor: int, currency: str) -> str:
    """The exact amount as a decimal string: 12000000 EUR -> `120000.00`."""
    from decimal import Decimal

    digits = CURRENCY_DIGITS.get(currency, 2)
    return str(Decimal(minor).scaleb(-digits).quantize(Decimal(1).scaleb(-digits)))


def format_amount(minor: int | None, currency: str | None) -> str:
    """For people: `120,000.00 EUR` (empty without an amount)."""
    if minor is None or not currency:
        return ""
    from decimal import Decimal

    digits = CURRENCY_DIGITS.get(currency, 2)
    value = Decimal(minor).scaleb(-digits)
    return f"{value:,.{digits}f} {currency}"


# --------------------------------------------------------------------------- reminders
def _when(late: int) -> str:
    if late == 0:
        return "due today"
    if late == 1:
        return "due yesterday"
    if late > 1:
        return f"due {late} days ago"
    if late == -1:
        return "due tomorrow"
    return f"due in {-late} days"


def next_step_reason(title: str, step: str, due: _dt.date, today: _dt.date) -> str:
    """`next step for 'Staff engineer @ Acme': send references, due yesterday`."""
    step = " ".join(step.split())
    head = f"next step for '{' '.join(title.split())}'"
    return f"{head}: {step}, {_when((today - due).days)}" if step else (
        f"{head}, {_when((today - due).days)}")


def attention_for_next_step(
    *, track_id: str, title: str, step: str, due: _dt.date, today: _dt.date,
    contact_id: str, name: str,
) -> AttentionItem | None:
    """The queue item of an open track's next step from its due day on (None before):
    it ranks as a follow-up does (due today with needs-attention, later ones with
    overdue, the latest first)."""
    base = attention_for_follow_up(contact_id=contact_id, name=name, due=due, note="",
                                   today=today)
    if base is None:
        return None
    return replace(base, kind="next-step", reason=next_step_reason(title, step, due, today),
                   track_id=track_id)
