"""Import a generated 10,000-card vCard file into an empty store; print the time.

Run: ``.venv/bin/python bench/bench_import.py [CARDS]`` (or ``python -m bench.bench_import``).
Prints seconds and cards/s for reading the file, for the whole import (parse, plan,
one transaction) and for importing the same file again (every card matched, nothing
added), plus the share of the time spent parsing.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from argon2 import PasswordHasher

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from devhub_tui.storage.auth import Auth  # noqa: E402
from devhub_tui.storage.db import open_database  # noqa: E402
from devhub_tui.storage.store import Store  # noqa: E402
from devhub_tui.storage.transfer import import_file, parse_text, read_import_file  # noqa: E402

FIRST = ["Ada", "Grace", "Linus", "Margaret", "Ken", "Barbara", "Dennis", "Katherine", "Alan"]
LAST = ["Lovelace", "Hopper", "Torvalds", "Hamilton", "Thompson", "Liskov", "Ritchie", "Turing"]
TAGS = ["python", "rust", "go", "conference", "friends", "work", "oss", "meetup"]
PHOTO = (
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


def make_vcards(n: int, seed: int = 7) -> str:
    """``n`` realistic vCard 3.0 cards (some with photos, folded notes, no-year birthdays)."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(n):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        lines = [
            "BEGIN:VCARD",
            "VERSION:3.0",
            f"N:{last};{first};;;",
            f"FN:{first} {last} {i}",
            f"ORG:Company {i % 700}\\, Inc.",
            "TITLE:Engineer",
            f"EMAIL;TYPE=INTERNET,WORK;TYPE=pref:{first.lower()}.{i}@example.com",
            f"EMAIL;TYPE=INTERNET,HOME:{first.lower()}{i}@home.example",
            f"TEL;TYPE=CELL:+1 555 {i // 10000:03d} {i % 10000:04d}",
            f"BDAY:{'--' if i % 3 else '1980-'}{1 + i % 12:02d}{'' if i % 3 else '-'}"
            f"{1 + i % 28:02d}",
            f"CATEGORIES:{','.join(rng.sample(TAGS, 2))}",
            f"URL:https://github.com/user{i}",
            f"X-SOCIALPROFILE;TYPE=twitter:https://twitter.com/user{i}",
            "NOTE:Met at a meetup\\, talked about parsers and databases and the wea",
            " ther; a long note that vCard folds onto a second line.",
        ]
        if i % 10 == 0:
            lines.append(f"PHOTO;ENCODING=b;TYPE=PNG:{PHOTO}")
        lines.append("END:VCARD")
        out.append("\r\n".join(lines) + "\r\n")
    return "".join(out)


def main(cards: int = 10_000) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cards.vcf"
        path.write_text(make_vcards(cards), encoding="utf-8", newline="")
        db = open_database(Path(tmp) / "bench.db")
        auth = Auth(db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        store = Store(db, auth.create_user("bench", "password1").id)
        size = path.stat().st_size / 2**20
        t0 = time.perf_counter()
        text, _ = read_import_file(path)
        parsed = parse_text(text)
        parse_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        report = import_file(store, path)
        total_s = time.perf_counter() - t0
        assert report.added == cards, report.summary()
        t0 = time.perf_counter()
        again = import_file(store, path)
        again_s = time.perf_counter() - t0
        assert again.added == 0 and again.merged == 0, again.summary()
        assert store.count_contacts() == cards
        db.close()
    print(f"file: {cards:,} vCard 3.0 cards, {size:.1f} MiB, {len(parsed.records):,} records")
    print(f"parse only:            {parse_s:6.2f} s  {cards / parse_s:8,.0f} cards/s")
    print(f"import (empty store):  {total_s:6.2f} s  {cards / total_s:8,.0f} cards/s")
    print(f"re-import (all match): {again_s:6.2f} s  {cards / again_s:8,.0f} cards/s")
    print(f"parse share of import: {parse_s / total_s:6.0%}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
