"""``netcrm search`` finds words said, learned, exchanged and promised, and says where."""

from __future__ import annotations

import pytest

from tests.cli.test_cli import ok

SEARCH_KEYS = {
    "id",
    "name",
    "stage",
    "score",
    "company",
    "last_talked",
    "next_due",
    "tags",
    "matched",
    "where",
    "snippet",
}


@pytest.fixture
def met(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "150")
    ok(cli("add", "Budi Santoso", "--tag", "design"))
    ok(cli("add", "Dewi Lestari"))
    ok(cli("add", "Zeppelin Rahardjo"))
    ok(
        cli(
            "log",
            "budi",
            "--when",
            "2026-11-12",
            "--note",
            "Long lunch: he wants to fly in a [bold]Zeppelin[/bold] over\nLake Constance",
        )
    )
    ok(cli("log", "dewi", "--learned", "Figma", "--follow-up", "in 2 weeks", "--about", "deck"))


@pytest.mark.usefixtures("met")
def test_the_table_says_where_each_person_matched(cli) -> None:
    out = ok(cli("search", "zeppelin")).stdout
    lines = out.splitlines()
    assert "matched" in lines[1]
    zeppelin = next(line for line in lines if "Zeppelin Rahardjo" in line)
    assert zeppelin.split("│")[-2].strip() == ""  # a name match: nothing in "matched"
    budi = "\n".join(line for line in lines if "│" in line and "Zeppelin R" not in line)
    assert "Budi Santoso" in budi
    # The text as typed, on one line, its markup printed as text.
    assert "conversation on 12 Nov: …fly in a [bold]Zeppelin[/bold] over…" in budi
    assert lines.index(zeppelin) < next(i for i, line in enumerate(lines) if "Budi" in line)


@pytest.mark.usefixtures("met")
def test_a_strength_and_a_follow_up_are_found(cli) -> None:
    assert "strength: Figma" in ok(cli("search", "figma")).stdout
    assert "follow-up: deck" in ok(cli("search", "deck")).stdout


@pytest.mark.usefixtures("met")
def test_no_matched_column_when_every_row_matched_by_name(cli) -> None:
    out = ok(cli("search", "dewi")).stdout
    assert "Dewi Lestari" in out and "matched" not in out


@pytest.mark.usefixtures("met")
def test_json_gains_where_and_snippet(cli) -> None:
    rows = ok(cli("search", "zeppelin", "--json")).json()
    assert [set(row) for row in rows] == [SEARCH_KEYS, SEARCH_KEYS]
    name, budi = rows
    assert (name["name"], name["matched"], name["where"], name["snippet"]) == (
        "Zeppelin Rahardjo",
        "name",
        None,
        None,
    )
    assert (budi["name"], budi["matched"], budi["where"]) == (
        "Budi Santoso",
        "details",
        "conversation on 12 Nov",
    )
    assert budi["snippet"] == "…fly in a [bold]Zeppelin[/bold] over…"
    [tagged] = ok(cli("search", "design", "--json")).json()
    assert (tagged["where"], tagged["snippet"]) == ("tag", "design")


@pytest.mark.usefixtures("met")
def test_trashed_people_are_not_found_by_their_details(cli) -> None:
    ok(cli("rm", "Budi Santoso"))
    assert [r["name"] for r in ok(cli("search", "zeppelin", "--json")).json()] == [
        "Zeppelin Rahardjo"
    ]


def test_the_matched_cell_cannot_drive_the_terminal() -> None:
    """Text imported with escape sequences shows them as visible escapes, on one line."""
    from netcrm.cli.render import matched_text
    from netcrm.services.records import ContactRow

    row = ContactRow(
        1,
        "Ana",
        None,
        "talked",
        10,
        None,
        None,
        where="note",
        snippet="\x1b]0;pwned\x07 zeppelin\u202e [red]x[/red]",
    )
    assert matched_text(row) == "note: \\x1b]0;pwned\\x07 zeppelin\\u202e [red]x[/red]"
    assert matched_text(ContactRow(2, "Bo", None, "follower", 0, None, None)) == ""
