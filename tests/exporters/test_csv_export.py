"""The CSV export: one row per live contact, read back with the csv module."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcrm.exporters import render_export
from netcrm.exporters.csv_export import BOM, FORMULA_STARTS, HEADER, SEPARATOR, neutralise

from .conftest import BUDI, GONE, LONG_NOTE, MOHAMED, TARO, ZOE, Network


def read_rows(text: str) -> dict[str, dict[str, str]]:
    assert text.startswith(BOM)
    reader = csv.DictReader(io.StringIO(text.removeprefix(BOM), newline=""))
    assert tuple(reader.fieldnames) == HEADER
    rows = list(reader)
    by_name = {row["Name"]: row for row in rows}
    assert len(by_name) == len(rows)
    return by_name


def cells(row: dict[str, str], column: str) -> list[str]:
    return row[column].split(SEPARATOR) if row[column] else []


def test_one_row_per_live_contact_with_everything_intact(network: Network) -> None:
    rows = read_rows(render_export("csv", network.store, network.clock))

    assert set(rows) == {TARO, ZOE, MOHAMED, BUDI}
    assert GONE not in rows
    taro = rows[TARO]
    assert taro["Company"] == "Acme; Co, Ltd"
    assert taro["Role"] == "CTO, founder"
    assert taro["Location"] == "Tokyo, Japan"
    assert cells(taro, "Emails") == ["taro@example.jp"]
    assert cells(taro, "Handles") == ["instagram:taro.yamada", "mastodon:taro@mastodon.social"]
    assert cells(taro, "Tags") == ["friends, close", "🎉 party; tokyo"]
    assert cells(taro, "Strengths") == ["Chinese literature, poetry", "ラーメン作り"]
    assert taro["Stage"] == "known"
    assert 0 < int(taro["Score"]) <= 100
    assert taro["Last talked"] == "2026-11-24"
    assert taro["Next due"] == "2026-12-08"
    assert taro["Birthday"] == "1990-05-17"
    assert taro["Notes"] == LONG_NOTE

    assert rows[ZOE]["Stage"] == "mutual"
    assert cells(rows[ZOE], "Emails") == ["zoe@example.com", "zoe.unal@work.example"]
    assert cells(rows[ZOE], "Strengths") == ["public speaking; negotiation"]
    assert rows[MOHAMED]["Location"] == "القاهرة، مصر"
    assert cells(rows[MOHAMED], "Tags") == ["عمل"]

    budi = rows[BUDI]
    assert (budi["Stage"], budi["Score"], budi["Last talked"], budi["Next due"]) == (
        "follower",
        "0",
        "",
        "",
    )


def test_formula_looking_cells_are_neutralised(network: Network) -> None:
    rows = read_rows(render_export("csv", network.store, network.clock))

    zoe = rows[ZOE]
    assert zoe["Role"] == "'" + '=HYPERLINK("http://evil.example","click")'
    assert zoe["Company"] == "'-2+3"
    assert zoe["Notes"] == "'@SUM(1+1) is not a formula here"
    assert cells(rows[TARO], "Phones") == ["'+81 3-1234-5678", "090 1234 5678"]
    for row in rows.values():
        for value in row.values():
            assert not value.startswith(FORMULA_STARTS)


def test_every_cell_is_quoted_so_a_semicolon_spreadsheet_cannot_split_one(
    network: Network,
) -> None:
    text = render_export("csv", network.store, network.clock).removeprefix(BOM)
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=";"):
        for value in row:
            assert not value.startswith(FORMULA_STARTS)
    first_line = text.split("\r\n", 1)[0]
    assert first_line == ",".join(f'"{name}"' for name in HEADER)


def test_exports_of_the_same_store_are_identical(network: Network) -> None:
    first = render_export("csv", network.store, network.clock)
    assert render_export("csv", network.store, network.clock) == first


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_neutralise_each_dangerous_start(start: str) -> None:
    assert neutralise(f"{start}cmd|' /C calc'!A0") == f"'{start}cmd|' /C calc'!A0"


@pytest.mark.parametrize("safe", ["", "Budi", "'quoted", " =spaced", "a=b", "😀=1"])
def test_neutralise_leaves_safe_cells_alone(safe: str) -> None:
    assert neutralise(safe) == safe


@given(st.text())
def test_neutralised_cells_never_start_a_formula_and_lose_nothing(text: str) -> None:
    cell = neutralise(text)
    assert not cell.startswith(FORMULA_STARTS)
    assert cell in (text, "'" + text)
