"""One row per live contact, for a spreadsheet.

Cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``, tab
or carriage return) get a leading ``'``, as the OWASP guidance on CSV injection advises, and
every cell is quoted so a spreadsheet splitting on ``;`` (common outside English locales)
cannot start a new cell inside one. Several values in one cell (emails, phones, handles, tags,
strengths) are joined with `` ::: ``, as Google Contacts does, so ``netcrm import csv`` reads
them back. The text starts with a UTF-8 byte order mark, which Excel needs to show non-Latin
names correctly. The last column is the contact's UID (:mod:`netcrm.domain.uids`): importing
the file back into the same store finds each person by it, even renamed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import date

from netcrm.services.clock import Clock
from netcrm.services.exporting import ExportPerson, export_people
from netcrm.store.engine import Store

HEADER = (
    "Name",
    "Company",
    "Role",
    "Location",
    "Emails",
    "Phones",
    "Handles",
    "Tags",
    "Stage",
    "Score",
    "Last talked",
    "Next due",
    "Strengths",
    "Birthday",
    "Notes",
    "UID",
)
SEPARATOR = " ::: "
BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(cell: str) -> str:
    """``=1+2`` → ``'=1+2``: shown as text by spreadsheets instead of being evaluated."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def render_csv(store: Store, clock: Clock) -> str:
    return people_csv(export_people(store, clock))


def people_csv(people: Iterable[ExportPerson]) -> str:
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows([neutralise(cell) for cell in _cells(person)] for person in people)
    return out.getvalue()


def _cells(p: ExportPerson) -> tuple[str, ...]:
    return (
        p.name,
        p.company or "",
        p.role or "",
        p.location or "",
        SEPARATOR.join(p.emails),
        SEPARATOR.join(p.phones),
        SEPARATOR.join(f"{h.platform}:{h.username}" for h in p.handles),
        SEPARATOR.join(p.tags),
        p.stage,
        str(p.score),
        _day(p.last_talked),
        _day(p.next_due),
        SEPARATOR.join(p.strengths),
        _day(p.birthday),
        p.notes or "",
        p.uid or "",
    )


def _day(value: date | None) -> str:
    return value.isoformat() if value else ""
