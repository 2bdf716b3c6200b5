"""Encryption at rest (issue 21): the same store encrypted (`devhub encrypt`: SQLCipher
4, argon2id key handed over raw) vs plain, for the app's cold start and for search.

The work copy is encrypted afresh each run (the time that takes is reported) and
opened with DEVHUB_PASSPHRASE, as a user's shell would; the plain baseline is the
same copy rewritten by `VACUUM INTO` (`encrypt` writes a compact file: against the
fragmented original, an encrypted store can read faster than the plain one).
Cold start: the real app headless through `bench.harness` (`launch.build_app`: the
key is derived and the store opened in the start-up thread while Textual imports),
from spawn to the dashboard painted with its data; plain and encrypted runs
alternate. Search: `list_contacts` per keystroke (as `bench_search.py`: every prefix
of a few queries, median of 3) on both stores in one process. Ratios are encrypted /
plain (target under 1.5x). Shown without a target: `devhub due --json`, a CLI
command, where the argon2id derivation (~0.1-0.2 s, once per process) is most of
the difference.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .common import (
    OUT,
    ROOT,
    Context,
    Result,
    ensure_session,
    env,
    median,
    ms,
    run_harness,
    timed,
)

PASSPHRASE = "correct horse battery staple (bench)"
RUNS = {"10k": 7, "100k": 7}
TARGET = 1.5
QUERIES = ("maria garcia", "rust", "berlin", "staff eng", "kim")
REPS = 3


def run(ctx: Context) -> list[Result]:
    return ctx.per_scale(_scale)


def _side_files(path: Path) -> list[Path]:
    return [path.with_name(path.name + s) for s in
            ("", "-wal", "-shm", ".crypt", ".crypt.new", ".crypt-lock", ".bak",
             ".encrypting", ".decrypting")]


def _copies(ctx: Context, scale: str) -> tuple[Path, Path, float]:
    """(plain, encrypted, seconds `encrypt` took). `encrypt` writes a compact copy (it
    exports table by table), so the plain baseline is the work copy rewritten the same
    way (`VACUUM INTO`): the two files differ only in the encryption."""
    import sqlite3

    from devhub_tui.storage.crypt_convert import encrypt_store

    tag = os.environ.get("BENCH_WORK_TAG", "")
    stem = f"work-{scale}{'-' + tag if tag else ''}"
    plain, enc = OUT / f"{stem}-compact.db", OUT / f"{stem}-encrypted.db"
    for f in _side_files(plain) + _side_files(enc):
        f.unlink(missing_ok=True)
    src = sqlite3.connect(ctx.work[scale])
    try:
        src.execute("VACUUM INTO ?", (str(plain),))
    finally:
        src.close()
    ensure_session(plain)
    shutil.copyfile(plain, enc)
    ensure_session(enc)  # the saved sign-in, while it is plain
    t0 = time.perf_counter()
    encrypt_store(enc, PASSPHRASE)
    return plain, enc, time.perf_counter() - t0


def _cold_start(scale: str, plain: Path, enc: Path) -> list[Result]:
    run_harness("app", plain)  # warm the page cache and .pyc files
    run_harness("app", enc)
    plain_t: list[float] = []
    enc_t: list[float] = []
    plain_first: list[float] = []
    enc_first: list[float] = []
    for _ in range(RUNS.get(scale, 5)):
        ready, data = run_harness("app", plain)
        plain_t.append(ready)
        plain_first.append(data["first_paint_s"])
        ready, data = run_harness("app", enc)
        enc_t.append(ready)
        enc_first.append(data["first_paint_s"])
    return [
        Result("encrypted: cold start → dashboard with data", scale,
               "encrypted store", "same store plain", ms(median(enc_t)), ms(median(plain_t)),
               target=TARGET, target_scales=None,
               notes=[f"runs (ms): encrypted {[round(ms(x)) for x in enc_t]}, "
                      f"plain {[round(ms(x)) for x in plain_t]}"]),
        Result("encrypted: cold start → dashboard first frame", scale,
               "encrypted store", "same store plain", ms(median(enc_first)),
               ms(median(plain_first)), target=TARGET, target_scales=None),
    ]


def _search(ctx: Context, scale: str, plain: Path, enc: Path) -> Result:
    from devhub_tui.storage.crypt import unlock_key
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.store import Store

    uid = ctx.user(plain)
    t0 = time.perf_counter()
    key = unlock_key(enc, PASSPHRASE)
    derive_ms = ms(time.perf_counter() - t0)
    dbs = [open_database(plain), open_database(enc, key=key)]
    try:
        stores = [Store(db, uid) for db in dbs]
        per_key: list[tuple[str, float, float]] = []
        for query in QUERIES:
            for n in range(1, len(query) + 1):
                text = query[:n]
                if text.endswith(" "):
                    continue
                times = [0.0, 0.0]
                # each store goes first every other key (the first one warms the
                # machine's caches for the second)
                order = (0, 1) if len(per_key) % 2 == 0 else (1, 0)
                for i in order:
                    def one(s: Store = stores[i], t: str = text) -> None:
                        s.list_contacts(search=t, sort="name", limit=200, offset=0)

                    one()  # warm
                    times[i] = median([timed(one) * 1000 for _ in range(REPS)])
                per_key.append((text, times[0], times[1]))
    finally:
        for db in dbs:
            db.close()
    worst = sorted(per_key, key=lambda k: -k[2] / max(k[1], 1e-6))[:3]
    return Result(
        "encrypted: search per keystroke (store)", scale, "encrypted store",
        "same store plain", median([e for _, _, e in per_key]),
        median([p for _, p, _ in per_key]), target=TARGET, target_scales=None,
        notes=[f"{len(per_key)} keystrokes; largest ratios: "
               + ", ".join(f"'{t}' {e:.1f} vs {p:.1f} ms" for t, p, e in worst),
               f"key derivation (argon2id, t=3 m=64 MiB p=4), once per process: "
               f"{derive_ms:.0f} ms"],
    )


def _cli_due(plain: Path, enc: Path) -> Result:
    e = env()
    e["DEVHUB_PASSPHRASE"] = PASSPHRASE

    def once(db: Path) -> float:
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-m", "devhub_tui", "--db", str(db), "due", "--json"],
                       env=e, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        return time.perf_counter() - t0

    once(plain), once(enc)  # warm
    plain_t, enc_t = [], []
    for _ in range(5):
        plain_t.append(once(plain))
        enc_t.append(once(enc))
    return Result("encrypted: `devhub due --json` (CLI, whole process)", "100k",
                  "encrypted store", "same store plain", ms(median(enc_t)),
                  ms(median(plain_t)), target=None,
                  notes=["the difference is mostly the argon2id derivation, once per "
                         "process (DEVHUB_PASSPHRASE or the prompt)"])


def _scale(ctx: Context, scale: str) -> list[Result]:
    plain, enc, encrypt_s = _copies(ctx, scale)
    old = os.environ.get("DEVHUB_PASSPHRASE")
    os.environ["DEVHUB_PASSPHRASE"] = PASSPHRASE  # the harness's app reads it (env())
    try:
        results = _cold_start(scale, plain, enc)
        results.append(_search(ctx, scale, plain, enc))
        due = _cli_due(plain, enc)
        due.scale = scale
        results.append(due)
    finally:
        if old is None:
            os.environ.pop("DEVHUB_PASSPHRASE", None)
        else:
            os.environ["DEVHUB_PASSPHRASE"] = old
        size = enc.stat().st_size
        for f in _side_files(enc) + _side_files(plain):
            f.unlink(missing_ok=True)
    results.append(Result("encrypted: `devhub encrypt` of the store", scale,
                          "encrypt (export, verify, backup, swap)", "–", ms(encrypt_s),
                          float("nan"), target=None,
                          notes=[f"store size {size / 1e6:.0f} MB"]))
    return results
