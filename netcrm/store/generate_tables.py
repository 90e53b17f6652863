"""Writes ``netcrm/store/tables.py``, the models' tables as SQLAlchemy Core.

    python -m netcrm.store.generate_tables          # rewrite the file
    python -m netcrm.store.generate_tables --check  # exit 1 if it is out of date

The models (``netcrm.store.models``) are the one hand-written description of the schema. The
paths that must start without SQLModel and pydantic use Core tables instead, so those are
rendered from the models' metadata, never edited by hand. Whatever the renderer cannot write
(a new column type, a server default...) stops it, rather than being left out silently. The
output is laid out as ``ruff format`` lays it out.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy import JSON, Boolean, Column, Date, Float, Integer, String, Table, UniqueConstraint
from sqlalchemy.types import TypeEngine
from sqlmodel.sql.sqltypes import AutoString

from netcrm.store.models import NAMING_CONVENTION, metadata
from netcrm.store.types import UTCDateTime

TARGET = Path(__file__).with_name("tables.py")
COMMAND = "python -m netcrm.store.generate_tables"
LINE_LENGTH = 100
INDENT = "    "
#: Types written as ``Name()``: they take no arguments in the models.
PLAIN_TYPES = (Integer, Float, Boolean, Date, JSON)

HEADER = f'''"""The models' tables as SQLAlchemy Core, for the paths that must not import SQLModel.

Generated from ``netcrm.store.models`` by ``{COMMAND}``: do not edit,
change the models and run it again. A test fails while this file is out of date.
"""
'''


def quoted(value: str) -> str:
    """A string literal as ruff writes it (names and patterns here need no escapes)."""
    if not value.isprintable() or any(mark in value for mark in "\\\"'"):
        raise ValueError(f"no rendering for the string {value!r}")
    return f'"{value}"'


def literal(value: object) -> str:
    if isinstance(value, str):
        return quoted(value)
    if isinstance(value, bool | int | float):
        return repr(value)
    raise ValueError(f"no rendering for the value {value!r}")


def type_source(column_type: TypeEngine) -> str:
    """How a column type is written in the generated module.

    SQLModel's ``AutoString`` is a ``String`` that picks a length on MySQL alone, so it is
    written as the ``String`` it is on SQLite and PostgreSQL.
    """
    if isinstance(column_type, AutoString):
        column_type = column_type.impl_instance
    if isinstance(column_type, String):
        length = column_type.length
        return f"String(length={length})" if length else "String()"
    if isinstance(column_type, UTCDateTime):
        return "UTCDateTime()"
    for kind in PLAIN_TYPES:
        if type(column_type) is kind and repr(column_type) == f"{kind.__name__}()":
            return f"{kind.__name__}()"
    raise ValueError(f"no rendering for the column type {column_type!r}")


def call(name: str, arguments: Iterable[str], indent: str, last: str = ",") -> list[str]:
    """``name(arguments)`` on one line if it fits, else one argument a line (as ruff keeps it)."""
    arguments = list(arguments)
    line = f"{indent}{name}({', '.join(arguments)}){last}"
    if len(line) <= LINE_LENGTH:
        return [line]
    inner = indent + INDENT
    return [
        f"{indent}{name}(",
        *(f"{inner}{argument}," for argument in arguments),
        f"{indent}){last}",
    ]


def column_source(column: Column) -> list[str]:
    where = f"{column.table.name}.{column.name}"
    unsupported = (column.server_default, column.onupdate, column.server_onupdate, column.comment)
    if any(option is not None for option in unsupported) or column.autoincrement != "auto":
        raise ValueError(f"{where}: a column option with no rendering")
    arguments = [quoted(column.name), type_source(column.type)]
    for key in sorted(column.foreign_keys, key=lambda fk: fk.target_fullname):
        options = [quoted(key.target_fullname)]
        options += [f"ondelete={quoted(key.ondelete)}"] if key.ondelete else []
        options += [f"onupdate={quoted(key.onupdate)}"] if key.onupdate else []
        arguments.append(f"ForeignKey({', '.join(options)})")
    if column.primary_key:
        arguments.append("primary_key=True")
    elif not column.nullable:
        arguments.append("nullable=False")
    if column.index:
        arguments.append("index=True")
    if column.unique:
        arguments.append("unique=True")
    if column.default is not None:
        if not column.default.is_scalar:
            raise ValueError(f"{where}: a computed default with no rendering")
        arguments.append(f"default={literal(column.default.arg)}")  # type: ignore[attr-defined]
    return call("Column", arguments, INDENT)


def _made_by_flag(columns: list[Column], flag: str) -> bool:
    """An index or unique constraint that the column's ``index=True``/``unique=True`` makes."""
    return len(columns) == 1 and bool(getattr(columns[0], flag))


def table_source(table: Table) -> list[str]:
    if table.comment is not None or table.dialect_kwargs:
        raise ValueError(f"{table.name}: a table option with no rendering")
    lines = [
        f"{table.name.upper()} = Table(",
        f"{INDENT}{quoted(table.name)},",
        f"{INDENT}metadata,",
    ]
    for column in table.columns:
        lines += column_source(column)
    uniques = [
        [column.name for column in constraint.columns]
        for constraint in table.constraints
        if isinstance(constraint, UniqueConstraint)
        and not _made_by_flag(list(constraint.columns), "unique")
    ]
    for names in sorted(uniques):
        lines += call("UniqueConstraint", map(quoted, names), INDENT)
    indexes = [i for i in table.indexes if not _made_by_flag(list(i.columns), "index")]
    for index in sorted(indexes, key=lambda i: str(i.name)):
        arguments = [quoted(str(index.name)), *(quoted(c.name) for c in index.columns)]
        lines += call("Index", [*arguments, *(["unique=True"] if index.unique else [])], INDENT)
    return [*lines, ")"]


def imports(body: str) -> list[str]:
    """The import lines for the names ``body`` uses, sorted as ruff sorts them."""
    names = (
        "JSON",
        "Boolean",
        "Column",
        "Date",
        "Float",
        "ForeignKey",
        "Index",
        "Integer",
        "MetaData",
        "String",
        "Table",
        "UniqueConstraint",
    )
    used = [name for name in names if f"{name}(" in body]
    line = f"from sqlalchemy import {', '.join(used)}"
    if len(line) <= LINE_LENGTH:
        lines = [line]
    else:
        lines = ["from sqlalchemy import (", *(f"{INDENT}{name}," for name in used), ")"]
    return [*lines, "", "from netcrm.store.types import UTCDateTime"]


def render() -> str:
    """The text of ``tables.py`` for the models as they are."""
    body = ["metadata = MetaData(", f"{INDENT}naming_convention={{"]
    body += [f"{INDENT * 2}{quoted(k)}: {quoted(v)}," for k, v in NAMING_CONVENTION.items()]
    body += [f"{INDENT}}}", ")"]
    for table in metadata.tables.values():
        body += ["", *table_source(table)]
    text = "\n".join(body)
    return "\n".join([HEADER, *imports(text), "", text, ""])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=COMMAND, description="Write netcrm/store/tables.py.")
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is stale")
    arguments = parser.parse_args(argv)
    text = render()
    current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
    if current == text:
        return 0
    if arguments.check:
        print(f"{TARGET} is out of date: run {COMMAND}", file=sys.stderr)
        return 1
    TARGET.write_text(text, encoding="utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
