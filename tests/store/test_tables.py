"""The generated Core tables are the models' tables: regenerating changes nothing, and both
describe the same tables, columns, types, keys, defaults and indexes, in both directions."""

from __future__ import annotations

import ast
from typing import Any

import pytest
from sqlalchemy import Column, ForeignKeyConstraint, String, Table, UniqueConstraint
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.schema import CreateIndex, CreateTable
from sqlmodel.sql.sqltypes import AutoString

from netcrm.store import generate_tables, tables
from netcrm.store.models import metadata as models

GENERATED = tables.metadata
DIALECTS = (sqlite.dialect(), postgresql.dialect())


def test_regenerating_changes_nothing() -> None:
    assert generate_tables.render() == generate_tables.TARGET.read_text(encoding="utf-8")
    assert generate_tables.main(["--check"]) == 0


def test_the_generated_module_imports_sqlalchemy_and_the_column_types_only() -> None:
    tree = ast.parse(generate_tables.TARGET.read_text(encoding="utf-8"))
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            imported.add(node.module)
    assert imported == {"sqlalchemy", "netcrm.store.types"}


def test_the_same_tables_both_ways() -> None:
    assert list(GENERATED.tables) == list(models.tables)
    assert {t.name for t in GENERATED.sorted_tables} == {t.name for t in models.sorted_tables}


def _type(column: Column) -> tuple[Any, ...]:
    """A column's type as SQLite and PostgreSQL see it: SQLModel's AutoString is a String."""
    kind = column.type
    if isinstance(kind, AutoString):
        kind = String(kind.impl.length)
    return (type(kind), repr(kind), *(str(kind.compile(dialect=d)) for d in DIALECTS))


def _column(column: Column) -> tuple[Any, ...]:
    default = column.default
    return (
        column.name,
        _type(column),
        column.nullable,
        column.primary_key,
        column.autoincrement,
        bool(column.index),
        bool(column.unique),
        getattr(default, "arg", default),
        sorted((fk.target_fullname, fk.ondelete, fk.onupdate) for fk in column.foreign_keys),
    )


def _constraints(table: Table) -> list[tuple[Any, ...]]:
    kinds = (UniqueConstraint, ForeignKeyConstraint)
    key = table.primary_key
    return [
        ("primary key", str(key.name), tuple(key.columns.keys())),
        *sorted(
            (type(c).__name__, str(c.name), tuple(col.name for col in c.columns))
            for c in table.constraints
            if isinstance(c, kinds)
        ),
    ]


def _indexes(table: Table) -> list[tuple[Any, ...]]:
    return sorted((str(i.name), tuple(c.name for c in i.columns), i.unique) for i in table.indexes)


@pytest.mark.parametrize("name", list(models.tables))
def test_the_same_columns_types_keys_and_indexes_both_ways(name: str) -> None:
    model, generated = models.tables[name], GENERATED.tables[name]
    assert [_column(c) for c in generated.columns] == [_column(c) for c in model.columns]
    assert _constraints(generated) == _constraints(model)
    assert _indexes(generated) == _indexes(model)


@pytest.mark.parametrize("dialect", DIALECTS, ids=lambda d: d.name)
@pytest.mark.parametrize("name", list(models.tables))
def test_the_same_ddl(name: str, dialect: Any) -> None:
    def ddl(table: Table) -> list[str]:
        indexes = sorted(table.indexes, key=lambda i: str(i.name))
        return [str(CreateTable(table).compile(dialect=dialect))] + [
            str(CreateIndex(index).compile(dialect=dialect)) for index in indexes
        ]

    assert ddl(GENERATED.tables[name]) == ddl(models.tables[name])
