"""The lean due table prints exactly what rich prints for the same table."""

from __future__ import annotations

import io
import random
from datetime import date, timedelta

import pytest
from rich.console import Console

from netcrm.cli import plain, render
from netcrm.services.due.items import DueItem
from netcrm.services.records import ContactRow

TODAY = date(2026, 11, 25)
WORDS = tuple(
    " ".join(
        (
            "Budi Santoso José Ñúñez Müller Øvergård 山田 太郎 Nguyễn Văn Siti Rahmawati coffee",
            "deck intro x the quarterly planning Łukasz Wiśniewski 🙂",
            "aVeryLongWordWithoutAnySpaceThatMustBeFoldedAcrossSeveralLines",
        )
    ).split()
)


def _items(rng: random.Random) -> list[DueItem]:
    def phrase(count: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(count))

    items = []
    for index in range(rng.randint(1, 10)):
        kind = rng.choice(("follow-up", "keep-in-touch", "birthday"))
        due = TODAY + timedelta(days=rng.randint(-400, 7))
        overdue = max(0, (TODAY - due).days) if kind != "birthday" else 0
        follow_up_id = rng.choice((None, rng.randint(1, 10 ** rng.randint(1, 7))))
        title = phrase(rng.randint(0, 12)) or "Coffee"
        items.append(
            DueItem(kind, index, phrase(rng.randint(1, 4)), due, overdue, title, follow_up_id)
        )
    return items


def _rich(items: list[DueItem], title: str, width: int) -> str:
    out = io.StringIO()
    console = Console(file=out, width=width, highlight=False, soft_wrap=False, emoji=False)
    console.print(render.due_table(items, TODAY, title))
    return out.getvalue()


def _plain(items: list[DueItem], title: str, width: int) -> str:
    rows = plain.due_rows(items, TODAY)
    return "\n".join(plain.table_lines(title, plain.DUE_COLUMNS, rows, width)) + "\n"


@pytest.mark.parametrize("seed", range(8))
def test_same_table_as_rich(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        items = _items(rng)
        width = rng.choice((80, 80, 100, 120, 200, 60, 45, 30, 20, 12))
        title = "Due in the next 7 days (3 overdue)"
        assert _plain(items, title, width) == _rich(items, title, width)


def test_ascii_box_when_the_output_cannot_encode_it() -> None:
    items = _items(random.Random(1))
    lines = plain.table_lines(
        "Due", plain.DUE_COLUMNS, plain.due_rows(items, TODAY), 80, ascii_only=True
    )
    assert lines[1].startswith("+-") and lines[-1].startswith("+-")
    assert {line[0] + line[-1] for line in lines[1:]} == {"++", "||"}
    assert all(line.isascii() for line in (lines[1], lines[3], lines[-1]))


def test_styles_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    overdue = DueItem("follow-up", 1, "Budi", TODAY - timedelta(days=3), 3, "Coffee", 7)
    lines = plain.table_lines(
        "Due", plain.DUE_COLUMNS, plain.due_rows([overdue], TODAY), 80, styled=True
    )
    assert "\x1b[1m" in lines[2]  # the header in bold
    assert "\x1b[1;31m" in lines[4] and "\x1b[2;1;31m" in lines[4]  # the overdue row, id dimmed
    monkeypatch.setenv("NO_COLOR", "1")
    lines = plain.table_lines(
        "Due", plain.DUE_COLUMNS, plain.due_rows([overdue], TODAY), 80, styled=True
    )
    assert "31" not in "".join(lines) and "\x1b[1m" in lines[4]


def test_width_follows_columns_then_the_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    assert plain.console_width({"COLUMNS": "132"}) == 132
    monkeypatch.setattr(plain.os, "get_terminal_size", _no_terminal)
    assert plain.console_width({}) == 80


def _no_terminal(_descriptor: int):
    raise OSError("not a terminal")


def _people(rng: random.Random) -> list[ContactRow]:
    def phrase(count: int) -> str:
        return " ".join(rng.choice(WORDS) for _ in range(count))

    return [
        ContactRow(
            id=index,
            name=phrase(rng.randint(1, 4)),
            company=rng.choice((None, phrase(rng.randint(1, 3)))),
            stage=rng.choice(("follower", "talked", "known", "mutual", "trusted")),
            score=rng.randint(0, 100),
            last_talked=rng.choice((None, TODAY - timedelta(days=rng.randint(0, 900)))),
            next_due=None,
            evidence=phrase(rng.randint(1, 8)),
        )
        for index in range(rng.randint(1, 10))
    ]


@pytest.mark.parametrize("seed", range(4))
def test_same_people_table_as_rich(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(40):
        rows, evidence = _people(rng), rng.random() < 0.5
        width = rng.choice((80, 80, 100, 120, 200, 60, 45, 30, 20))
        out = io.StringIO()
        console = Console(file=out, width=width, highlight=False, soft_wrap=False, emoji=False)
        console.print(render.rows_table(rows, TODAY, evidence))
        lines = plain.table_lines(
            None,
            plain.contact_columns(evidence),
            plain.contact_rows(rows, TODAY, evidence),
            width,
        )
        assert "\n".join(lines) + "\n" == out.getvalue()
