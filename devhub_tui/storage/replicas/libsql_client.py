"""The libsql-experimental client: imported with its Rust logging off, and the
statements and rows it takes and gives (it can't bind named parameters)."""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

from devhub_tui.storage.upgrade import split_sql

__all__ = ["ClientConnection", "Rows", "bind", "libsql", "numbered"]


def _import_client() -> Any:
    """Import libsql_experimental with its Rust logging off (it reads RUST_LOG at import)."""
    before = os.environ.get("RUST_LOG")
    os.environ["RUST_LOG"] = os.environ.get("DEVHUB_LIBSQL_LOG") or "off"
    try:
        import libsql_experimental

        return libsql_experimental
    finally:
        if before is None:
            os.environ.pop("RUST_LOG", None)
        else:
            os.environ["RUST_LOG"] = before


#: The client module (imported once, quietly).
libsql = _import_client()


@functools.lru_cache(maxsize=512)
def numbered(sql: str) -> tuple[str, tuple[str, ...]]:
    """Rewrite `:name` / `@name` / `$name` parameters to `?N` (the client binds only
    sequences). Returns the SQL and the names in `?N` order. Quotes, brackets and
    comments are left alone."""
    out: list[str] = []
    names: list[str] = []
    i, n = 0, len(sql)
    while i < n:
        ch = sql[i]
        stop = -1
        if ch in "'\"`[":
            end = sql.find("]" if ch == "[" else ch, i + 1)
            stop = n if end == -1 else end + 1
        elif sql.startswith("--", i):
            end = sql.find("\n", i)
            stop = n if end == -1 else end + 1
        elif sql.startswith("/*", i):
            end = sql.find("*/", i + 2)
            stop = n if end == -1 else end + 2
        if stop != -1:  # a literal, quoted name or comment: copied as is
            out.append(sql[i:stop])
            i = stop
            continue
        if ch in ":@$" and i + 1 < n and (sql[i + 1].isalnum() or sql[i + 1] == "_"):
            j = i + 1
            while j < n and (sql[j].isalnum() or sql[j] == "_"):
                j += 1
            name = sql[i + 1 : j]
            if name not in names:
                names.append(name)
            out.append(f"?{names.index(name) + 1}")
            i = j
            continue
        out.append(ch)
        i += 1
    return "".join(out), tuple(names)


def value(v: Any) -> Any:
    return int(v) if isinstance(v, bool) else v


def bind(sql: str, params: Sequence[Any] | Mapping[str, Any]) -> tuple[str, tuple[Any, ...]]:
    if isinstance(params, Mapping):
        sql, names = numbered(sql)
        return sql, tuple(value(params[name]) for name in names)
    return sql, tuple(value(v) for v in params)


# --------------------------------------------------------------------------- connections


class Rows:
    """A statement's result, fetched at once (the client is never left mid-statement)."""

    def __init__(
        self, rows: list[Any], rowcount: int, lastrowid: int | None, description: Any
    ) -> None:
        self._rows = rows
        self._pos = 0
        self.rowcount = rowcount
        self.lastrowid = lastrowid
        self.description = description

    def fetchone(self) -> Any:
        if self._pos >= len(self._rows):
            return None
        row = self._rows[self._pos]
        self._pos += 1
        return row

    def fetchmany(self, size: int = 1) -> list[Any]:
        rows = self._rows[self._pos : self._pos + size]
        self._pos += len(rows)
        return rows

    def fetchall(self) -> list[Any]:
        rows = self._rows[self._pos :]
        self._pos = len(self._rows)
        return rows

    def __iter__(self) -> Iterator[Any]:
        while (row := self.fetchone()) is not None:
            yield row


class ClientConnection:
    """The one write connection, as code inside `db.write()` sees it (DB-API-like)."""

    def __init__(self, client: Any, on_error: Callable[[ValueError], Exception]) -> None:
        """`on_error` turns the client's errors (plain ValueErrors) into the store's."""
        self._client = client
        self._on_error = on_error

    @property
    def in_transaction(self) -> bool:
        return bool(self._client.in_transaction)

    def execute(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> Rows:
        sql, args = bind(sql, params)
        try:
            cur = self._client.execute(sql, args)
            rows = cur.fetchall() or []
        except ValueError as exc:
            raise self._on_error(exc) from exc
        return Rows(list(rows), cur.rowcount, cur.lastrowid, cur.description)

    def executemany(
        self, sql: str, seq: Iterable[Sequence[Any] | Mapping[str, Any]]
    ) -> Rows:
        rows = list(seq)
        if not rows:
            return Rows([], 0, None, None)
        bound = [bind(sql, p) for p in rows]
        try:
            cur = self._client.executemany(bound[0][0], [args for _, args in bound])
        except ValueError as exc:
            raise self._on_error(exc) from exc
        return Rows([], cur.rowcount, cur.lastrowid, None)

    def executescript(self, script: str) -> None:
        for statement in split_sql(script):
            self.execute(statement)
