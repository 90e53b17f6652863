"""LinkedIn's Connections.csv: notes preamble, BOM, quoted commas, missing e-mails."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest

from netcrm.importers import ImportedHandle, ImportFormatError, read_people
from netcrm.importers.linkedin import parse

HEADER = "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n"


def test_connections_after_the_notes_preamble(fixtures: Path) -> None:
    people = read_people("linkedin", fixtures / "linkedin" / "Connections.csv")
    assert [p.name for p in people] == ["Budi Santoso", "Sari Dewi", "ゆき 田中", "Layla Hassan"]
    budi = people[0]
    assert budi.emails == ["budi@maju.co.id"]
    assert budi.company == "PT Maju Jaya, Tbk"
    assert budi.role == "Chief Technology Officer"
    assert budi.since == date(2024, 3, 12)
    assert budi.source == "linkedin"
    assert budi.handles == [
        ImportedHandle(
            "linkedin",
            "budisantoso",
            url="https://www.linkedin.com/in/budisantoso",
            direction="mutual",
            since=date(2024, 3, 12),
        )
    ]
    assert budi.urls == []
    assert budi.record == 5  # the line in the file, counting the preamble


def test_missing_emails_and_quoted_commas(fixtures: Path) -> None:
    sari = read_people("linkedin", fixtures / "linkedin" / "Connections.csv")[1]
    assert sari.emails == []
    assert sari.role == "Product Manager, Payments"
    assert sari.since == date(2023, 1, 3)
    assert sari.handles[0].username == "sari-dewi-7a1b2c3"


def test_a_percent_encoded_profile_slug_is_decoded(fixtures: Path) -> None:
    yuki = read_people("linkedin", fixtures / "linkedin" / "Connections.csv")[2]
    assert yuki.handles[0].username == "田中-ゆき"
    assert yuki.company == "株式会社メルカリ"


def test_a_row_blanked_by_linkedin_is_skipped(fixtures: Path) -> None:
    people = read_people("linkedin", fixtures / "linkedin" / "Connections.csv")
    assert [p.record for p in people] == [5, 6, 7, 9]


def test_a_row_with_only_a_profile_url_is_named_after_it() -> None:
    data = (HEADER + ",,https://www.linkedin.com/in/anon-42,,,,01 Feb 2024\n").encode()
    [person] = parse(data, "Connections.csv")
    assert person.name == "anon-42"


def test_without_preamble_or_bom_and_with_crlf() -> None:
    data = (HEADER + "Dewi,Lestari,https://www.linkedin.com/in/dewi,,,,7 Aug 2019\n").replace(
        "\n", "\r\n"
    )
    [dewi] = parse(data.encode(), "Connections.csv")
    assert (dewi.name, dewi.since) == ("Dewi Lestari", date(2019, 8, 7))


def test_the_older_header_without_url() -> None:
    data = b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
    data += b"Ani,Y,a@y.id,,,1 Jan 2015\n"
    [ani] = parse(data, "Connections.csv")
    assert (ani.name, ani.emails, ani.handles) == ("Ani Y", ["a@y.id"], [])


def test_the_export_zip(tmp_path: Path, fixtures: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(fixtures / "linkedin" / "Connections.csv", "Connections.csv")
        archive.writestr("Profile.csv", "First Name,Last Name\nMe,Myself\n")
    path = tmp_path / "Basic_LinkedInDataExport_11-01-2024.zip"
    path.write_bytes(buffer.getvalue())
    assert len(read_people("linkedin", path)) == 4


def test_a_bad_date_mid_file_names_the_line() -> None:
    rows = "".join(f"P{i},Q,,,,,{i} Jan 2020\n" for i in range(1, 5))
    data = HEADER + rows + "Bad,Row,,,,,31 Feb 2020\n" + "Z,Z,,,,,1 Jan 2020\n"
    with pytest.raises(ImportFormatError) as caught:
        parse(data.encode(), "Connections.csv")
    assert str(caught.value) == (
        'Connections.csv, line 6: Connected On: the date "31 Feb 2020" does not exist.'
    )


def test_a_file_without_the_header() -> None:
    with pytest.raises(ImportFormatError, match="has no header line First Name,Last Name"):
        parse(b"Name,Email\nBudi,b@x.id\n", "Connections.csv")
