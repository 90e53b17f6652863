"""Any CSV with a header: columns by name, sniffed delimiter."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from netcrm.domain.errors import BadInput
from netcrm.importers import ImportedHandle, ImportFormatError, read_people
from netcrm.importers.csv_generic import parse


def test_a_semicolon_file(fixtures: Path) -> None:
    budi, dewi, kenji = read_people("csv", fixtures / "csv" / "people-semicolon.csv")
    assert budi.name == "Budi Santoso"
    assert budi.emails == ["budi@maju.co.id"]
    assert budi.phones == ["+62 811 1234 567"]
    assert (budi.company, budi.role, budi.location) == ("PT Maju Jaya", "CTO", "Jakarta")
    assert budi.tags == ["friends", "tech"]
    assert budi.notes == "Met at JSConf; likes kopi"
    assert budi.birthday == date(1990, 5, 17)
    assert budi.since == date(2024, 3, 12)
    assert budi.handles == [
        ImportedHandle("instagram", "budi.santoso"),
        ImportedHandle("x", "budisan", url="https://x.com/budisan"),
    ]
    assert budi.source == "csv"
    assert dewi.emails == ["dewi@example.id", "dewi.l@gmail.com"]
    assert dewi.birthday == date(1992, 8, 17)  # 17.08.1992, day first
    assert dewi.handles == [ImportedHandle("instagram", "dewi.lestari")]
    assert kenji.name == "Kenji Sato 🍣"
    assert kenji.tags == ["japan", "ramen"]
    assert kenji.since == date(2021, 3, 12)
    assert [p.record for p in (budi, dewi, kenji)] == [2, 3, 4]


def test_tab_separated_with_first_and_last_name() -> None:
    data = b"First Name\tLast Name\tE-Mail\tGitHub\nAni\tYudhoyono\tani@x.id\tani-y\n"
    [ani] = parse(data, "people.tsv")
    assert (ani.name, ani.emails) == ("Ani Yudhoyono", ["ani@x.id"])
    assert ani.handles == [ImportedHandle("github", "ani-y")]


def test_a_generic_handle_column() -> None:
    data = b"name,handle\nA,instagram:@a.a\nB,https://www.tiktok.com/@bee\nC,@cee\n"
    a, b, c = parse(data, "people.csv")
    assert (a.handles[0].platform, a.handles[0].username) == ("instagram", "a.a")
    assert (b.handles[0].platform, b.handles[0].username) == ("tiktok", "bee")
    assert (c.handles[0].platform, c.handles[0].username) == ("other", "cee")


def test_no_name_column_lists_what_was_understood_and_found() -> None:
    with pytest.raises(BadInput) as caught:
        parse(b"Email,Phone,Favourite Food\nx@y.id,1,rendang\n", "people.csv")
    assert str(caught.value) == (
        "people.csv has no name column (netcrm reads name, full name, display name, or first "
        "name and last name); it found the columns Email, Phone, Favourite Food, of which it "
        "understood: Email, Phone."
    )


def test_a_row_without_any_name_mid_file() -> None:
    data = b"name,tags\nA,x\nB,y\n,z\nD,w\n"
    with pytest.raises(ImportFormatError) as caught:
        parse(data, "people.csv")
    assert str(caught.value) == "people.csv, line 4: row has no name."


def test_a_name_falls_back_to_the_email() -> None:
    [person] = parse(b"name,email\n,x@y.id\n", "people.csv")
    assert person.name == "x@y.id"


def test_an_ambiguous_date_is_refused() -> None:
    with pytest.raises(ImportFormatError, match='line 2: the date "05/06/1990" is ambiguous'):
        parse(b"name,birthday\nA,05/06/1990\n", "people.csv")


def test_an_unambiguous_slashed_date() -> None:
    [a] = parse(b"name,birthday\nA,17/05/1990\n", "people.csv")
    assert a.birthday == date(1990, 5, 17)


def test_blank_rows_are_skipped_and_quoted_newlines_kept() -> None:
    data = b'name,notes\n\nA,"two\nlines"\n,\nB,\n'
    a, b = parse(data, "people.csv")
    assert (a.notes, a.record, b.record) == ("two\nlines", 3, 6)


def test_an_empty_file() -> None:
    with pytest.raises(BadInput, match=re.escape("people.csv is empty")):
        parse(b"", "people.csv")


def test_a_uid_column_is_read_as_written() -> None:
    data = b"Name,UID\nA,urn:netcrm:contact:3:20261125T120000.000000Z\nB,\nC,  some-other-id \n"
    a, b, c = parse(data, "people.csv")
    assert (a.uid, b.uid, c.uid) == (
        "urn:netcrm:contact:3:20261125T120000.000000Z",
        None,
        "some-other-id",
    )


def test_the_quote_that_neutralises_a_formula_is_dropped() -> None:
    data = (
        "Name,Phones,Company,Notes\n'@ana,'+62 812 ::: +62 813,'=1+2,\"'quoted, not a formula\"\n"
    )
    [ana] = parse(data.encode(), "people.csv")
    assert ana.name == "@ana"
    assert ana.phones == ["+62 812", "+62 813"]  # only a cell's start is neutralised
    assert ana.company == "=1+2"
    assert ana.notes == "'quoted, not a formula"
