"""LinkedIn's data export: ``Connections.csv``.

The file may open with a few lines of notes before its header::

    Notes:
    "When exporting your connection data, you may notice that some of the email addresses
    are missing. ..."

    First Name,Last Name,URL,Email Address,Company,Position,Connected On
    Budi,Santoso,https://www.linkedin.com/in/budisantoso,,"PT Maju, Tbk",CTO,12 Mar 2024

E-mail addresses are only there for members who allow it. Rows whose name and profile URL
are both blank (LinkedIn blanks members who restrict their data) carry nothing to import and
are skipped. A connection is two-way, so the handle's direction is "mutual".
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from netcrm.importers.reading import column_key, csv_rows, decode, parse_date, read_each
from netcrm.importers.records import (
    MUTUAL,
    ImportedPerson,
    ImportFormatError,
    handle_from_url,
    one_line,
)

SOURCE = "linkedin"
_COLUMNS = {
    "firstname": "first",
    "lastname": "last",
    "url": "url",
    "profileurl": "url",
    "emailaddress": "email",
    "company": "company",
    "position": "position",
    "connectedon": "connected",
}
_REQUIRED = {"first", "last", "connected"}


def _wanted(name: str) -> bool:
    return PurePosixPath(name).name.lower() == "connections.csv"


def read_people(path: Path) -> list[ImportedPerson]:
    """People from ``Connections.csv`` or the export's folder or ``.zip``."""
    return read_each(path, _wanted, "LinkedIn Connections.csv", parse)


def parse(data: bytes, name: str) -> list[ImportedPerson]:
    columns: dict[str, int] | None = None
    people: list[ImportedPerson] = []
    for line, row in csv_rows(decode(data, name), name, delimiter=","):
        if columns is None:
            found = {_COLUMNS[k]: i for i, c in enumerate(row) if (k := column_key(c)) in _COLUMNS}
            if found.keys() >= _REQUIRED:
                columns = found
            continue  # the header itself, or a line of the notes before it
        person = _person(row, columns, name, line)
        if person is not None:
            people.append(person)
    if columns is None:
        raise ImportFormatError(
            name, "has no header line First Name,Last Name,URL,...,Connected On"
        )
    return people


def _person(row: list[str], columns: dict[str, int], name: str, line: int) -> ImportedPerson | None:
    def cell(field: str) -> str | None:
        index = columns.get(field)
        return one_line(row[index]) if index is not None and index < len(row) else None

    full_name = one_line(f"{cell('first') or ''} {cell('last') or ''}")
    url = cell("url")
    handle = handle_from_url(url, direction=MUTUAL) if url else None
    if handle is not None and handle.platform != SOURCE:
        handle = None
    if full_name is None:
        if handle is None:
            return None
        full_name = handle.username
    since = None
    if connected := cell("connected"):
        try:
            since = parse_date(connected)
        except ValueError as exc:
            raise ImportFormatError(
                name, f"Connected On: {exc}", record=line, unit="line"
            ) from None
    if handle is not None:
        handle.since = since
    email = cell("email")
    return ImportedPerson(
        full_name,
        emails=[email] if email else [],
        company=cell("company"),
        role=cell("position"),
        handles=[handle] if handle else [],
        urls=[url] if url and handle is None else [],
        source=SOURCE,
        since=since,
        record=line,
    )
