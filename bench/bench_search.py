"""Search per keystroke in the contacts list.

Store level: what `ContactsScreen` runs for each key (`list_contacts(search=...,
limit=200)`: the first page, sorted by name, with tags; no count while searching),
timed for every prefix of a few queries, vs the minimum raw work to show that page:
one FTS5 query on the contacts index, the matching rows sorted by name, LIMIT 200.
From the third letter the list also matches interaction notes, so the "same answer"
raw baseline (FTS5 on both indexes) is shown as well.

UI level: the real app, headless, contacts screen, each key sent as the terminal
driver sends it and timed until the end of the first frame that repainted the
contacts table after it was refilled for that key (max over all keys; target
50 ms). Also shown: the time until everything settled (no worker left and the frame
after that painted), which includes the scrollbar thumb that Textual repaints one
frame later when the number of rows changed.
"""

from __future__ import annotations

from .common import Context, Result, median, raw_connect, run_harness, timed

QUERIES = ("maria garcia", "rust", "berlin", "staff eng", "sqlite in prod", "kim")
UI_QUERIES = ("maria garcia", "rust", "kim")
REPS = 3
KEY_LIMIT_MS = 50.0
CONTACTS_Q = (
    "SELECT c.id, c.name FROM contacts c WHERE c.rowid IN (SELECT rowid FROM contacts_fts"
    " WHERE contacts_fts MATCH ?) ORDER BY c.name COLLATE NOCASE LIMIT 200"
)
NOTES_Q = (
    "SELECT i.contact_id FROM interactions_fts f CROSS JOIN interactions i"
    " ON i.rowid = f.rowid WHERE interactions_fts MATCH ?"
)


def run(ctx: Context) -> list[Result]:
    return ctx.per_scale(_scale)


def _store_keys(ctx: Context, scale: str) -> tuple[list[tuple[str, float]], list[float],
                                                   list[float]]:
    from devhub_tui.core.fts import fts_query
    from devhub_tui.storage.db import open_database
    from devhub_tui.storage.store import Store

    path = ctx.work[scale]
    db = open_database(path)
    raw = raw_connect(path)
    app_keys: list[tuple[str, float]] = []
    base_keys: list[float] = []
    same_keys: list[float] = []
    try:
        store = Store(db, ctx.user(path))

        def app(text: str) -> None:
            store.list_contacts(search=text, sort="name", limit=200, offset=0)

        def base(match: str | None) -> None:
            raw.execute(CONTACTS_Q, (match,)).fetchall()

        def same(match: str | None) -> None:
            raw.execute(CONTACTS_Q, (match,)).fetchall()
            raw.execute(NOTES_Q, (match,)).fetchall()

        for query in QUERIES:
            for n in range(1, len(query) + 1):
                text = query[:n]
                if text.endswith(" "):
                    continue  # the same words as the key before
                match = fts_query(text)
                app(text)  # warm
                app_keys.append((text, median([timed(app, text) * 1000
                                               for _ in range(REPS)])))
                base_keys.append(median([timed(base, match) * 1000
                                         for _ in range(REPS)]))
                same_keys.append(median([timed(same, match) * 1000
                                         for _ in range(REPS)]))
    finally:
        raw.close()
        db.close()
    return app_keys, base_keys, same_keys


def _scale(ctx: Context, scale: str) -> list[Result]:
    app_keys, base_keys, same_keys = _store_keys(ctx, scale)
    worst = sorted(app_keys, key=lambda k: -k[1])[:3]
    app_med = median([a for _, a in app_keys])
    store_r = Result(
        "search per keystroke (store)", scale, "list_contacts (first page)",
        "raw FTS5 query + first page by name", app_med, median(base_keys),
        notes=[
            f"{len(app_keys)} keystrokes; slowest: "
            + ", ".join(f"'{t}' {a:.0f} ms" for t, a in worst),
            f"vs the same-answer raw baseline (FTS5 on contacts + interaction notes, "
            f"median {median(same_keys):.2f} ms): {app_med / median(same_keys):.2f}x",
            f"keys over {KEY_LIMIT_MS:.0f} ms: "
            f"{sum(1 for _, a in app_keys if a > KEY_LIMIT_MS)} of {len(app_keys)}",
        ],
    )
    # the real UI, one run
    _, data = run_harness("keys", ctx.work[scale], UI_QUERIES, timeout=600)
    keys = data["keys"]
    ui = [k["ms"] for k in keys]
    settled = [k["settled_ms"] for k in keys]
    slow = sorted(keys, key=lambda k: -k["ms"])[:3]
    by_key = dict(app_keys)
    ui_r = Result(
        "search keystroke → list repainted (UI, max)", scale, "devhub contacts screen",
        "store-level time, same key", max(ui),
        by_key.get(slow[0]["query"].rstrip(), float("nan")),
        target=None, abs_limit=KEY_LIMIT_MS,
        notes=[
            f"{len(ui)} keys; median {median(ui):.1f} ms; slowest: "
            + ", ".join(f"'{k['query']}' {k['ms']:.0f} ms" for k in slow),
            "until everything settled (also the scrollbar thumb Textual repaints a frame "
            f"later when the row count changed): max {max(settled):.1f} ms, median "
            f"{median(settled):.1f} ms",
        ],
    )
    return [store_r, ui_r]
