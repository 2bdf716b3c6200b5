"""`devhub export --format csv`: one contact a row, in the plain layout the CSV
reader takes back (:data:`CSV_EXPORT_COLUMNS`).

Spreadsheets run a cell that starts with ``=``, ``+``, ``-`` or ``@`` (and tab or
CR, which some of them skip first) as a formula, so a stranger's sign-up named
``=HYPERLINK(...)`` would run on the user's machine. Such cells are written with a
``'`` in front (OWASP's CSV-injection guidance): the spreadsheet shows the text.
devhub's CSV import takes the ``'`` off again, so a round trip keeps the value;
the JSON and vCard exports are never changed.

Extra emails, phones and postal addresses are written ``type: value`` and
separated by `` ::: `` (Google's separator) in their own columns.

Pure: contacts in, text out.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

__all__ = ["CSV_EXPORT_COLUMNS", "contacts_to_csv", "protect_cell", "unprotect_cell"]

#: Columns of `devhub export --format csv` (the plain layout reads them back).
CSV_EXPORT_COLUMNS: tuple[str, ...] = (
    "id",
    "name",
    "nickname",
    "email",
    "email type",
    "phone",
    "phone type",
    "other emails",
    "other phones",
    "company",
    "title",
    "location",
    "addresses",
    "timezone",
    "birthday",
    "github",
    "relationship",
    "industry",
    "importance",
    "vip",
    "cadence_days",
    "tags",
    "links",
    "vip email",
    "vip phone",
    "vip app",
    "vip links",
    "notes",
)

_FORMULA_RE = re.compile(r"'*[=+\-@\t\r]")
_PROTECTED_RE = re.compile(r"'+[=+\-@\t\r]")


def protect_cell(value: str) -> str:
    """``'`` in front of a cell a spreadsheet would run as a formula (and in front of
    one that already starts with ``'`` before such a character, so that taking one
    ``'`` off on import gives the value back exactly)."""
    return "'" + value if _FORMULA_RE.match(value) else value


def unprotect_cell(value: str) -> str:
    """The value :func:`protect_cell` protected."""
    return value[1:] if _PROTECTED_RE.match(value) else value


def _labelled(items: Sequence[tuple[str, str]]) -> str:
    out = []
    for label, value in items:
        if label:
            out.append(f"{label}: {value}")
        elif re.fullmatch(r"[^:]{0,40}:\s.+", value, re.S):
            out.append(f": {value}")  # keeps a value that looks labelled as it is
        else:
            out.append(value)
    return " ::: ".join(out)


def _cell(c: Mapping[str, Any], col: str) -> str:
    vip = c.get("vip_info") or {}
    if col == "tags":
        return ", ".join(c.get("tags") or [])
    if col == "links":
        return " ".join(link["url"] for link in c.get("links") or [])
    if col == "vip links":
        return " ".join(link["url"] for link in vip.get("links") or [])
    if col == "vip":
        return "yes" if c.get("vip") else ""
    if col == "email type":
        return str(c.get("email_label") or "") if c.get("email") else ""
    if col == "phone type":
        return str(c.get("phone_label") or "") if c.get("phone") else ""
    if col == "other emails":
        return _labelled(c.get("emails_extra") or [])
    if col == "other phones":
        return _labelled(c.get("phones_extra") or [])
    if col == "addresses":
        return _labelled(c.get("addresses") or [])
    if col == "vip email":
        return str(vip.get("email") or "")
    if col == "vip phone":
        return str(vip.get("phone_number") or "")
    if col == "vip app":
        return str(vip.get("main_app") or "")
    value = c.get(col)
    return "" if value is None else str(value)


def contacts_to_csv(contacts: Iterable[Mapping[str, Any]]) -> str:
    """A plain CSV (header row, one contact a row) that the CSV reader takes back.

    Each mapping has contact fields plus ``tags`` (names), ``links`` (``{platform,
    url}``), ``emails_extra`` / ``phones_extra`` / ``addresses`` (``(type, value)``)
    and, for a VIP, ``vip_info`` (``email``, ``phone_number``, ``main_app``,
    ``links``). Formula cells are protected (see the module docstring).
    """
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_EXPORT_COLUMNS)
    for c in contacts:
        writer.writerow([protect_cell(_cell(c, col)) for col in CSV_EXPORT_COLUMNS])
    return out.getvalue()
