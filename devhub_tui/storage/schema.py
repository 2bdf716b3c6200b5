"""The machinery behind `storage.models`, the one description of every table.

A table is a class whose annotations are its columns, in order::

    class FollowUp(Table, name="follow_ups"):
        id: str = Field(primary_key=True)
        due: str
        done_at: int | None = None

Importing it costs microseconds (no ORM: the CLI starts fast), and the query code
derives its column lists and upserts from it (`columns`, `insert_sql`, `upsert_sql`)
instead of spelling them again. A test checks the migrated file against it: every
table, column, primary key, NOT NULL and foreign key (tests/unit/storage/test_schema.py).
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from typing import Any, ClassVar, Union, get_args, get_origin


@dataclass(frozen=True)
class FieldInfo:
    primary_key: bool = False
    foreign_key: str | None = None  # "table.column"
    unique: bool = False
    default: Any = None


def Field(  # (capitalised like the SQLModel Field it replaces)
    *, primary_key: bool = False, foreign_key: str | None = None, unique: bool = False,
    default: Any = None,
) -> Any:
    """Column options (a plain default needs no Field: ``notes: str = ""``)."""
    return FieldInfo(primary_key, foreign_key, unique, default)


@dataclass(frozen=True)
class Column:
    name: str
    type: type
    nullable: bool
    primary_key: bool = False
    foreign_key: str | None = None
    unique: bool = False


#: Every table described, by name, in the order the classes were defined.
TABLES: dict[str, type[Table]] = {}


def _column(name: str, annotation: Any, value: Any) -> Column:
    args = get_args(annotation)
    nullable = (get_origin(annotation) in (Union, types.UnionType)
                and type(None) in args)
    base = next((a for a in args if a is not type(None)), annotation) if args else annotation
    info = value if isinstance(value, FieldInfo) else FieldInfo()
    return Column(name, base, nullable, info.primary_key, info.foreign_key, info.unique)


class Table:
    """Subclass with ``name="table"``; the annotations become ``__columns__``."""

    __tablename__: ClassVar[str]
    __columns__: ClassVar[tuple[Column, ...]]

    def __init_subclass__(cls, *, name: str, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls.__tablename__ = name
        cls.__columns__ = tuple(
            _column(col, annotation, cls.__dict__.get(col))
            for col, annotation in cls.__dict__.get("__annotations__", {}).items()
            if not col.startswith("__")
        )
        if any(c.name == "columns" for c in cls.__columns__):
            raise TypeError(f"{name}: a column can't be called 'columns'")
        if name in TABLES:
            raise TypeError(f"table {name!r} is described twice")
        TABLES[name] = cls

    @classmethod
    def columns(cls, *, without: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The column names in order, less `without` (each must be a column)."""
        names = tuple(c.name for c in cls.__columns__)
        unknown = set(without) - set(names)
        if unknown:
            raise KeyError(f"{cls.__tablename__} has no column {sorted(unknown)}")
        return tuple(n for n in names if n not in without)



def column_list(names: tuple[str, ...] | list[str], alias: str = "") -> str:
    """``a, b, c`` (``x.a, x.b, x.c`` with an alias)."""
    prefix = f"{alias}." if alias else ""
    return ", ".join(prefix + n for n in names)


def insert_sql(table: type[Table], columns: tuple[str, ...] | None = None) -> str:
    """``INSERT INTO t (every column) VALUES (?, ...)`` (or just `columns`)."""
    cols = columns or table.columns()
    return (f"INSERT INTO {table.__tablename__} ({column_list(cols)})"
            f" VALUES ({', '.join('?' * len(cols))})")


def upsert_sql(table: type[Table]) -> str:
    """Insert every column; on a clash of the primary key, update all the others."""
    key = tuple(c.name for c in table.__columns__ if c.primary_key)
    rest = [c for c in table.columns() if c not in key]
    sets = ", ".join(f"{c} = excluded.{c}" for c in rest)
    return f"{insert_sql(table)} ON CONFLICT({', '.join(key)}) DO UPDATE SET {sets}"
