"""The CLI's table renderer prints exactly what rich prints for the same cells and columns."""

from __future__ import annotations

import io
import random
import string
from collections.abc import Sequence
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from netcrm.cli import render, table
from netcrm.cli.table import Column
from netcrm.domain.display import visible
from netcrm.services.due.items import DueItem
from netcrm.services.records import ContactRow

TODAY = date(2026, 11, 25)
WORDS = (
    *" ".join(
        (
            "Budi Santoso José Ñúñez Müller Øvergård 山田 太郎 Nguyễn Văn Siti Rahmawati coffee",
            "deck intro x the quarterly planning Łukasz Wiśniewski 🙂",
            "aVeryLongWordWithoutAnySpaceThatMustBeFoldedAcrossSeveralLines",
        )
    ).split(),
    # control characters: rich drops these, netcrm shows them as visible escapes (\x0d), so
    # rich is given the escaped text to compare with
    "carriage\rreturn",
    "bell\x07",
    "vertical\x0btab",
    "back\x08space",
    "form\x0cfeed",
)
WIDTHS = (80, 80, 100, 120, 200, 60, 45, 30, 20, 12)


def _console(out: io.StringIO, width: int) -> Console:
    return Console(file=out, width=width, highlight=False, soft_wrap=False, emoji=False)


def rich_table(title: str | None, columns: Sequence[Column], rows: table.Rows) -> Table:
    """The same table built with rich, as the CLI used to print its listings."""
    built = Table(title=title, title_justify="left")
    for column in columns:
        built.add_column(
            column.header,
            justify=column.justify,
            no_wrap=column.no_wrap,
            overflow=column.overflow,
            style=column.style or None,
        )
    for cells, style in rows:
        built.add_row(*(Text(visible(cell)) for cell in cells), style=style or None)
    return built


def assert_same_as_rich(
    title: str | None, columns: Sequence[Column], rows: table.Rows, width: int
) -> None:
    out = io.StringIO()
    _console(out, width).print(rich_table(title, columns, rows))
    assert "\n".join(table.table_lines(title, columns, rows, width)) + "\n" == out.getvalue()


def _phrase(rng: random.Random, count: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(count))


def _items(rng: random.Random) -> list[DueItem]:
    items = []
    for index in range(rng.randint(1, 10)):
        kind = rng.choice(("follow-up", "keep-in-touch", "birthday"))
        due = TODAY + timedelta(days=rng.randint(-400, 7))
        overdue = max(0, (TODAY - due).days) if kind != "birthday" else 0
        follow_up_id = rng.choice((None, rng.randint(1, 10 ** rng.randint(1, 7))))
        title = _phrase(rng, rng.randint(0, 12)) or "Coffee"
        items.append(
            DueItem(kind, index, _phrase(rng, rng.randint(1, 4)), due, overdue, title, follow_up_id)
        )
    return items


@pytest.mark.parametrize("seed", range(8))
def test_same_due_table_as_rich(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        rows = render.due_rows(_items(rng), TODAY)
        title = "Due in the next 7 days (3 overdue)"
        assert_same_as_rich(title, render.DUE_COLUMNS, rows, rng.choice(WIDTHS))


def _people(rng: random.Random) -> list[ContactRow]:
    return [
        ContactRow(
            id=index,
            name=_phrase(rng, rng.randint(1, 4)),
            company=rng.choice((None, _phrase(rng, rng.randint(1, 3)))),
            stage=rng.choice(("follower", "talked", "known", "mutual", "trusted")),
            score=rng.randint(0, 100),
            last_talked=rng.choice((None, TODAY - timedelta(days=rng.randint(0, 900)))),
            next_due=None,
            evidence=_phrase(rng, rng.randint(1, 8)),
        )
        for index in range(rng.randint(1, 10))
    ]


@pytest.mark.parametrize("seed", range(4))
def test_same_people_table_as_rich(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        evidence = rng.random() < 0.5
        rows = render.contact_rows(_people(rng), TODAY, evidence)
        assert_same_as_rich(None, render.contact_columns(evidence), rows, rng.choice(WIDTHS))


LISTINGS = {
    "review's suggestions": ("Reconnect", render.RECONNECT_COLUMNS),
    "me": ("Your strengths", render.ME_COLUMNS),
    "trash": ("Trash (netcrm restore NAME brings one back)", render.TRASH_COLUMNS),
    "show's follow-ups": ("Follow-ups", render.FOLLOW_UP_COLUMNS),
    "show's timeline": ("Timeline", render.TIMELINE_COLUMNS),
}


@pytest.mark.parametrize("listing", LISTINGS)
def test_every_listing_lays_out_as_rich(listing: str) -> None:
    title, columns = LISTINGS[listing]
    rng = random.Random(listing)
    for _ in range(40):
        rows = [
            (tuple(_phrase(rng, rng.randint(0, 6)) for _ in columns), "")
            for _ in range(rng.randint(1, 6))
        ]
        assert_same_as_rich(title, columns, rows, rng.choice(WIDTHS))


@pytest.mark.parametrize("seed", range(4))
def test_text_around_the_tables_wraps_as_rich(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(60):
        spans = [
            (
                rng.choice(("", "       "))
                + _phrase(rng, rng.randint(0, 8))
                + rng.choice(("", "   ")),
                "",
            )
            for _ in range(rng.randint(1, 3))
        ]
        width = rng.choice(WIDTHS)
        out = io.StringIO()
        _console(out, width).print(Text(visible("".join(text for text, _ in spans))))
        assert "\n".join(table.text_lines(spans, width)) + "\n" == out.getvalue()


def test_text_in_colour_keeps_each_span_style(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    spans = [("This week", "bold"), ("  Wed 25 Nov", "")]
    assert table.text_lines(spans, 80, color=True) == ["\x1b[1mThis week\x1b[0m  Wed 25 Nov"]
    assert table.text_lines(spans, 8, color=True) == [
        "\x1b[1mThis \x1b[0m",
        "\x1b[1mweek\x1b[0m  ",
        "Wed 25 ",
        "Nov",
    ]


@settings(max_examples=500, deadline=None)
@given(
    text=st.text(alphabet=string.ascii_letters + string.digits + string.punctuation + "    "),
    width=st.integers(1, 30),
    justify=st.sampled_from(("left", "right")),
    overflow=st.sampled_from(("fold", "ellipsis")),
    no_wrap=st.booleans(),
)
def test_the_ascii_wrap_is_the_general_wrap(
    text: str, width: int, justify: str, overflow: str, no_wrap: bool
) -> None:
    """The fast path for printable ASCII gives exactly the general path's lines."""
    layout = (width, justify, overflow, no_wrap)
    assert table.wrap_ascii(text, *layout) == table.wrap_any(text, *layout)


def test_ascii_box_when_the_output_cannot_encode_it() -> None:
    rows = render.due_rows(_items(random.Random(1)), TODAY)
    lines = table.table_lines("Due", render.DUE_COLUMNS, rows, 80, ascii_only=True)
    assert lines[1].startswith("+-") and lines[-1].startswith("+-")
    assert {line[0] + line[-1] for line in lines[1:]} == {"++", "||"}
    assert all(line.isascii() for line in (lines[1], lines[3], lines[-1]))


def test_styles_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    overdue = DueItem("follow-up", 1, "Budi", TODAY - timedelta(days=3), 3, "Coffee", 7)
    rows = render.due_rows([overdue], TODAY)
    lines = table.table_lines("Due", render.DUE_COLUMNS, rows, 80, color=True)
    assert "\x1b[1m" in lines[2]  # the header in bold
    assert "\x1b[1;31m" in lines[4] and "\x1b[2;1;31m" in lines[4]  # the overdue row, id dimmed
    monkeypatch.setenv("NO_COLOR", "1")
    lines = table.table_lines("Due", render.DUE_COLUMNS, rows, 80, color=True)
    assert "31" not in "".join(lines) and "\x1b[1m" in lines[4]


def test_text_is_printed_as_typed_not_as_markup() -> None:
    """Names and notes are never read as rich markup or emoji codes."""
    rows = [(("Budi [work]", "[bold]deck :coffee: [/]"), "")]
    lines = table.table_lines("Reconnect", render.RECONNECT_COLUMNS, rows, 80)
    assert "Budi [work]" in lines[4] and "[bold]deck :coffee: [/]" in lines[4]


def test_width_follows_columns_then_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert table.console_width({"COLUMNS": "132"}) == 132
    monkeypatch.setattr(table.os, "get_terminal_size", _no_terminal)
    assert table.console_width({}) == 80


def _no_terminal(_descriptor: int):
    raise OSError("not a terminal")
