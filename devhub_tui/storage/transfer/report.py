"""What an import did (or would do): one :class:`PlanItem` a record, and the report.

Every text in a report may come from the file: it is made safe for a terminal
(no control characters, escape sequences or bidi overrides) when shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from devhub_tui.core.filetext import safe_line
from devhub_tui.storage.errors import StoreError

__all__ = ["ImportReport", "PlanItem", "TransferError"]


class TransferError(StoreError):
    """A file can't be read or written (one line for the user)."""


@dataclass
class PlanItem:
    """What happens (or would happen) to one record."""

    action: str  # "add" | "merge" | "skip"
    source: str  # "card 3 (line 27)", "row 5 (line 6)", "contacts[2]"
    name: str
    reason: str = ""
    contact_id: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: what the record carries that devhub doesn't store ("PHOTO (photo not stored)")
    skipped: list[str] = field(default_factory=list)


@dataclass
class ImportReport:
    format: str
    kind: str
    items: list[PlanItem]
    warnings: list[str] = field(default_factory=list)
    others: dict[str, int] = field(default_factory=dict)
    dry_run: bool = False

    def count(self, action: str) -> int:
        return sum(1 for item in self.items if item.action == action)

    @property
    def added(self) -> int:
        return self.count("add")

    @property
    def merged(self) -> int:
        return self.count("merge")

    @property
    def skipped(self) -> int:
        return self.count("skip")

    def summary(self) -> str:
        """``"12 added, 3 merged, 2 skipped"`` (future tense for a dry run)."""
        if self.dry_run:
            text = f"{self.added} to add, {self.merged} to merge, {self.skipped} to skip"
        else:
            text = f"{self.added} added, {self.merged} merged, {self.skipped} skipped"
        extra = ", ".join(
            f"{n} {what[:-1] if n == 1 and what.endswith('s') else what}"
            for what, n in self.others.items()
            if n
        )
        return f"{text} (plus {extra})" if extra else text

    def lines(self, *, merges: bool | None = None) -> list[str]:
        """The report as text: the summary, then each skipped record with its reason
        (and each merge on a dry run), then notes per record (properties devhub
        doesn't store, values kept in the notes), then warnings. Safe to print."""
        show_merges = self.dry_run if merges is None else merges
        out = [self.summary()]
        for item in self.items:
            if item.action == "skip" or (item.action == "merge" and show_merges):
                out.append(f"  {item.action:<5}  {item.source}  {item.name}: {item.reason}")
        for item in self.items:
            if item.skipped:
                out.append(f"  note   {item.source}  {item.name}: skipped: "
                           + ", ".join(item.skipped))
            for warning in item.warnings:
                out.append(f"  note   {item.source}  {item.name}: {warning}")
        out.extend(f"warning: {w}" for w in self.warnings)
        return [safe_line(line) for line in out]

    def to_dict(self) -> dict[str, Any]:
        return _safe({
            "format": self.format,
            "kind": self.kind,
            "dry_run": self.dry_run,
            "added": self.added,
            "merged": self.merged,
            "skipped": self.skipped,
            "others": dict(self.others),
            "warnings": list(self.warnings),
            "items": [
                {
                    "action": i.action,
                    "source": i.source,
                    "name": i.name,
                    "reason": i.reason,
                    "contact_id": i.contact_id,
                    "warnings": list(i.warnings),
                    "skipped": list(i.skipped),
                }
                for i in self.items
            ],
        })


def _safe(value: Any) -> Any:
    """Every text of a report without control characters (JSON escapes C0 ones, not
    the C1 ones some terminals obey)."""
    if isinstance(value, str):
        return safe_line(value)
    if isinstance(value, list):
        return [_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: _safe(v) for k, v in value.items()}
    return value
