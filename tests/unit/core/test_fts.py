"""Tests for devhub_tui.core.fts, including real FTS5 queries on in-memory SQLite."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator

import pytest

from devhub_tui.core.fts import MAX_FTS_TOKENS, fts_query, fts_tokens


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ada", '"ada"*'),
        ("Ada Lovelace", '"Ada"* "Lovelace"*'),
        ("  ada   love  ", '"ada"* "love"*'),
        ('he said "hi"', '"he"* "said"* "hi"*'),
        ("NEAR(a b)", '"NEAR"* "a"* "b"*'),
        ("a OR b", '"a"* "OR"* "b"*'),
        ("NOT x AND y", '"NOT"* "x"* "AND"* "y"*'),
        ("-x", '"x"*'),
        ("^start", '"start"*'),
        ("name:ada", '"name"* "ada"*'),
        ("c++ c#", '"c"* "c"*'),
        ("foo_bar", '"foo"* "bar"*'),
        ("Zoë 李小龙", '"Zoë"* "李小龙"*'),
        ("Zoe\u0308", '"Zoë"*'),  # NFC-normalized
        ("2026 pycon", '"2026"* "pycon"*'),
    ],
)
def test_fts_query(text: str, expected: str) -> None:
    assert fts_query(text) == expected


@pytest.mark.parametrize("text", ["", "   ", "*", '"', '""', "()", "-", "^", "+-*/", ":", "🙂"])
def test_fts_query_without_words(text: str) -> None:
    assert fts_query(text) is None


def test_fts_tokens() -> None:
    assert fts_tokens("Ada, Lovelace! (1815)") == ["Ada", "Lovelace", "1815"]
    assert fts_tokens("") == []


def test_token_limit() -> None:
    query = fts_query(" ".join(f"w{i}" for i in range(100)))
    assert query is not None
    assert query.count("*") == MAX_FTS_TOKENS
    small = fts_query("a b c d", max_tokens=2)
    assert small == '"a"* "b"*'


@pytest.fixture
def db() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE VIRTUAL TABLE docs USING fts5(name, notes, tokenize='unicode61')")
    rows = [
        ("Ada Lovelace", "analytical engine notes; met at PyCon"),
        ("Alan Kay", "smalltalk OR objects near the NEAR keyword"),
        ("Zoë Ærø", "rust and c++ at the meetup"),
        ("李 小龙", "功夫 martial arts"),
        ("Grace Hopper", 'said "it is easier to ask forgiveness"'),
    ]
    conn.executemany("INSERT INTO docs(name, notes) VALUES (?, ?)", rows)
    yield conn
    conn.close()


def search(conn: sqlite3.Connection, text: str) -> list[str]:
    query = fts_query(text)
    if query is None:
        return []
    cur = conn.execute("SELECT name FROM docs WHERE docs MATCH ? ORDER BY rowid", (query,))
    return [row[0] for row in cur.fetchall()]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ada", ["Ada Lovelace"]),
        ("lov", ["Ada Lovelace"]),  # prefix match
        ("ADA lov", ["Ada Lovelace"]),
        ("ada smalltalk", []),  # AND: both words must appear
        ("engine pycon", ["Ada Lovelace"]),
        ("OR", ["Alan Kay"]),  # operators are plain words
        ("NEAR", ["Alan Kay"]),
        ("NEAR(ada kay)", []),
        ("zoë", ["Zoë Ærø"]),
        ("ærø", ["Zoë Ærø"]),
        ("c++", ["Zoë Ærø"]),
        ("李", ["李 小龙"]),
        ("功夫", ["李 小龙"]),
        ('"it is easier"', ["Grace Hopper"]),
        # not a column filter (which would find Ada): two plain words, "name" is in no row
        ("name:ada", []),
        ("notes ada", ["Ada Lovelace"]),
        ("a", ["Ada Lovelace", "Alan Kay", "Zoë Ærø", "李 小龙", "Grace Hopper"]),
    ],
)
def test_queries_run_against_fts5(db: sqlite3.Connection, text: str, expected: list[str]) -> None:
    assert search(db, text) == expected


HOSTILE = [
    '"',
    '""',
    '"unterminated',
    "*",
    "**",
    "a*",
    "*a",
    "NEAR(",
    "NEAR(a b, 2)",
    "a OR",
    "OR",
    "AND NOT",
    "-",
    "-a",
    "^",
    "^a",
    "a:b",
    "notes:",
    "{name notes}: ada",
    "(a",
    ")",
    "a + b",
    "'; DROP TABLE docs; --",
    "\x00",
    "\x1b[31m",
    "🙂 🙂",
    "x" * 5000,
    " ".join(["OR"] * 200),
]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_input_never_raises(db: sqlite3.Connection, text: str) -> None:
    result = search(db, text)  # would raise sqlite3.OperationalError on bad syntax
    assert isinstance(result, list)
    assert db.execute("SELECT count(*) FROM docs").fetchone()[0] == 5
    query = fts_query(text)
    if query is not None:
        # every term is a quoted string followed by *, nothing else
        for term in query.split(" "):
            assert term.startswith('"') and term.endswith('"*')
