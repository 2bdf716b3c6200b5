"""A 50 MB vCard dry run: time and peak memory (issue 23: hostile files cost little).

Two generated files of 50 MiB: one card whose NOTE is folded over 700,000 lines
(what made unfolding quadratic: 20 MB took 194 s before), and 32,000 ordinary cards
with folded notes. Each is read and planned as `devhub import --dry-run` does
(`parse_data` + `run_import(dry_run=True)` against an empty store) in a fresh
process, which reports its wall time and peak RSS (ru_maxrss). The baseline is a
fresh process that reads the same file and splits it into lines with
`bytes.splitlines()`. Limits: 10 s and 300 MiB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, Context, Result, env, median

RUNS = 2
SIZE_MIB = 50
TIME_LIMIT_MS = 10_000.0
MEMORY_LIMIT_MIB = 300.0

BASELINE = (
    "import resource, sys, time\n"
    "t0 = time.perf_counter()\n"
    "data = open(sys.argv[1], 'rb').read()\n"
    "lines = data.splitlines()\n"
    "print(time.perf_counter() - t0, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)\n"
)


def write_folded(path: Path, mib: int = SIZE_MIB) -> None:
    """One card, its NOTE folded over lines of 74 characters up to ``mib`` MiB."""
    target = mib * 2**20
    line = b"\r\n " + b"x" * 73
    with path.open("wb") as fh:
        fh.write(b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Folded Note\r\nNOTE:start")
        fh.write(line * (target // len(line)))
        fh.write(b"\r\nEND:VCARD\r\n")


def write_cards(path: Path, mib: int = SIZE_MIB) -> int:
    """Ordinary cards (name, email, phone, a 1.5 KB folded note) up to ``mib`` MiB."""
    target = mib * 2**20
    note = b"\r\n ".join([b"y" * 74] * 20)
    size = n = 0
    with path.open("wb") as fh:
        while size < target:
            card = (b"BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Person %d\r\nN:%d;Person;;;\r\n"
                    b"EMAIL;TYPE=INTERNET:p%d@example.com\r\nTEL;TYPE=CELL:+1 555 %07d\r\n"
                    b"NOTE:" % (n, n, n, n) + note + b"\r\nEND:VCARD\r\n")
            fh.write(card)
            size += len(card)
            n += 1
    return n


def child(path: str) -> None:
    """Run in a fresh process: the dry run of one file; prints JSON."""
    import resource

    from argon2 import PasswordHasher

    from devhub_tui.storage.auth import Auth
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.store import Store
    from devhub_tui.storage.transfer import import_file

    with tempfile.TemporaryDirectory() as tmp:
        db = open_database(Path(tmp) / "bench.db")
        auth = Auth(db, hasher=PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
        store = Store(db, auth.create_user("bench", "password1").id)
        t0 = time.perf_counter()
        report = import_file(store, path, dry_run=True)
        seconds = time.perf_counter() - t0
        db.close()
    usage = resource.getrusage(resource.RUSAGE_SELF)
    print(json.dumps({"seconds": seconds, "records": len(report.items),
                      "cpu_seconds": usage.ru_utime + usage.ru_stime,
                      "maxrss_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "summary": report.summary()}))


def _spawn(args: list[str]) -> str:
    proc = subprocess.run([sys.executable, *args], env=env(), cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} failed: {proc.stderr.strip()[-400:]}")
    return proc.stdout


def measure(path: Path) -> tuple[list[float], list[float], list[float], list[float], str]:
    app_t, app_m, base_t, base_m = [], [], [], []
    summary = ""
    for _ in range(RUNS):
        data = json.loads(_spawn(["-m", "bench.bench_hostile_import", "--child", str(path)]))
        app_t.append(data["seconds"] * 1000)
        app_m.append(data["maxrss_kib"] / 1024)
        summary = (f"{data['records']:,} records: {data['summary']}; CPU time "
                   f"{data['cpu_seconds']:.1f} s (wall time grows with the machine's load)")
        seconds, rss = _spawn(["-c", BASELINE, str(path)]).split()
        base_t.append(float(seconds) * 1000)
        base_m.append(int(rss) / 1024)
    return app_t, app_m, base_t, base_m, summary


def run(ctx: Context) -> list[Result]:
    results: list[Result] = []
    with tempfile.TemporaryDirectory() as tmp:
        files: list[tuple[str, str, Path]] = []
        folded = Path(tmp) / "folded.vcf"
        write_folded(folded)
        files.append(("folded note", "one card, NOTE folded over 700k lines", folded))
        cards = Path(tmp) / "cards.vcf"
        n = write_cards(cards)
        files.append(("32k cards", f"{n:,} cards with folded notes", cards))
        for scale, label, path in files:
            app_t, app_m, base_t, base_m, summary = measure(path)
            notes = [f"{label}; {summary}"]
            for bench, unit, app, base, limit in (
                ("50 MB vCard dry run: time", "ms", app_t, base_t, TIME_LIMIT_MS),
                ("50 MB vCard dry run: peak memory", "MiB", app_m, base_m, MEMORY_LIMIT_MIB),
            ):
                r = Result(bench, scale, "devhub import --dry-run",
                           "read + bytes.splitlines()", median(app), median(base), unit=unit,
                           target=None, abs_limit=limit, notes=notes)
                results.append(r)
                ctx.log(r)
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        from .common import use_bench_env

        use_bench_env()
        ctx = Context(scales=[])
        run(ctx)
