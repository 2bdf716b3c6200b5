"""A full name into the parts of a vCard ``N`` (family; given; additional; prefix;
suffix) and back.

Pure. Used by the vCard export (devhub keeps one name field) and by import, which
remembers a card's own parts only when they differ from what :func:`split_name`
would guess (e.g. "García Márquez" as one family name).
"""

from __future__ import annotations

__all__ = ["join_name", "parts_fit", "split_name"]

_PREFIXES = frozenset(
    w.casefold()
    for w in ("Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Mx", "Mx.", "Dr", "Dr.", "Prof",
              "Prof.", "Sir", "Dame", "Rev", "Rev.", "Fr", "Fr.", "Hon", "Hon.")
)
_SUFFIXES = frozenset(
    w.casefold()
    for w in ("Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV", "V", "PhD", "Ph.D.", "MD", "M.D.",
              "Esq", "Esq.", "MBA", "CPA", "DDS", "RN", "OBE", "MBE", "KBE", "CBE")
)
#: Words that start a multi-word family name ("van der Berg", "de la Cruz").
_PARTICLES = frozenset(
    ("van", "von", "der", "den", "de", "del", "della", "da", "das", "dos", "du", "di", "la",
     "le", "ten", "ter", "bin", "binti", "al", "el", "st.", "mac", "zu", "af", "av")
)


def split_name(full: str) -> tuple[str, str, str, str, str]:
    """``(family, given, additional, prefix, suffix)`` guessed from a full name:
    titles in front and suffixes (``Jr.``, ``PhD``) behind are their own parts; the
    last word is the family name, with the particles before it (``van der Berg``);
    the first remaining word is the given name, the rest additional names."""
    words = full.split()
    prefix: list[str] = []
    suffix: list[str] = []
    while len(words) > 1 and words[0].casefold() in _PREFIXES:
        prefix.append(words.pop(0))
    while len(words) > 1 and words[-1].rstrip(",").casefold() in _SUFFIXES:
        suffix.insert(0, words.pop())
    if len(words) > 0 and words[-1].endswith(","):
        words[-1] = words[-1].rstrip(",")
    if len(words) < 2:
        return "", " ".join(words), "", " ".join(prefix), " ".join(suffix)
    family = [words.pop()]
    while len(words) > 1 and words[-1].casefold() in _PARTICLES:
        family.insert(0, words.pop())
    given = words.pop(0)
    return " ".join(family), given, " ".join(words), " ".join(prefix), " ".join(suffix)


def join_name(family: str, given: str, additional: str, prefix: str, suffix: str) -> str:
    """The full name the parts spell, in reading order."""
    return " ".join(
        " ".join(p.split()) for p in (prefix, given, additional, family, suffix) if p.strip()
    )


def parts_fit(parts: tuple[str, ...] | list[str], name: str) -> bool:
    """Do a card's N parts still describe ``name``: its family and given names (those
    it has) are in it? (The name may carry fewer parts: "Gabriel García Márquez"
    for "García Márquez;Gabriel;José de la Concordia;;".)"""
    if len(parts) != 5:
        return False
    family, given = str(parts[0]).strip(), str(parts[1]).strip()
    if not family and not given:
        return False
    text = " ".join(name.casefold().split())
    return all(" ".join(p.casefold().split()) in text for p in (family, given) if p)
