"""Any CSV with a header row: columns are recognised by name.

Header cells are compared without case, spaces, punctuation or digits ("E-mail 2",
"email", "EMAIL" are the same column), through synonyms: *name/full name/display name* or
*first name + last name*, *email/e-mail/mail*, *phone/mobile/tel*, *company/organization*,
*role/title/position/job title*, *tags/labels/groups*, *notes*, *birthday*, *location/city*,
*since/connected on*, *website/url*, *uid* (netcrm's own export names each person with it),
and handle columns: *handle/username* (written as ``platform:user``, a profile URL or a bare
name) or one per platform (*instagram*, *twitter*, *x*, *linkedin*, *github*, ... optionally
followed by handle/username/url). The delimiter (``,`` ``;`` or tab) is sniffed from the
header.

A cell that starts with ``'`` followed by ``=`` ``+`` ``-`` ``@`` (or a tab or carriage
return) is read without the ``'``: that is how netcrm's CSV export, and the OWASP advice it
follows, keep a spreadsheet from running the cell as a formula, so ``'+62 812…`` is the phone
number ``+62 812…``.

Google Contacts' CSV goes through the same table reader (see ``google.py``), with its own
label clean-up and date order.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from netcrm.domain.errors import BadInput
from netcrm.domain.vocabulary import KNOWN_PLATFORMS
from netcrm.importers.reading import column_key, csv_rows, decode, parse_date, read_bytes
from netcrm.importers.records import (
    ImportedHandle,
    ImportedPerson,
    ImportFormatError,
    add_handle,
    add_unique,
    handle_from_text,
    handle_from_url,
    multi_line,
    one_line,
)

SOURCE = "csv"

# Field → column keys, most specific first: a single-valued field takes the first
# non-empty cell in this order.
_SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "fullname", "displayname", "contactname", "contact", "person"),
    "first": ("firstname", "givenname", "first", "forename"),
    "middle": ("middlename", "additionalname"),
    "last": ("lastname", "familyname", "surname", "last"),
    "nickname": ("nickname", "nick", "alias"),
    "fileas": ("fileas",),
    "email": ("email", "emailaddress", "emailvalue", "mail", "emails", "mailaddress"),
    "phone": (
        "phone",
        "phonevalue",
        "phonenumber",
        "mobilephone",
        "homephone",
        "businessphone",
        "primaryphone",
        "otherphone",
        "carphone",
        "phones",
        "mobile",
        "mobilenumber",
        "cell",
        "tel",
        "telephone",
        "whatsapp",
    ),
    "company": (
        "company",
        "companyname",
        "organizationname",
        "organization",
        "organisation",
        "org",
        "employer",
    ),
    "role": ("jobtitle", "organizationtitle", "position", "role", "occupation", "job", "title"),
    "location": ("location", "city", "town", "addresscity", "homecity", "businesscity", "address"),
    "country": ("country", "addresscountry", "homecountryregion", "countryregion"),
    "birthday": ("birthday", "bday", "birthdate", "dateofbirth", "dob"),
    "notes": ("notes", "note", "comments", "comment", "description", "bio"),
    "tags": ("tags", "tag", "labels", "label", "groups", "group", "categories", "groupmembership"),
    "since": ("since", "connectedon", "connected", "followedsince", "dateadded", "added"),
    "url": ("url", "website", "websitevalue", "web", "webpage", "personalwebpage", "homepage"),
    "handle": ("handle", "handles", "username", "socialhandle", "social"),
    "uid": ("uid",),
}
_PLATFORM_ALIASES = {"twitter": "x", "ig": "instagram", "fb": "facebook"}
_PLATFORM_SUFFIXES = ("", "handle", "username", "url", "profile")
_MULTI = {"email", "phone", "tags", "notes", "url", "handle"}
_SPLIT = {
    "email": r":::|[,;]",
    "phone": r":::",
    "url": r":::|\s+",
    "handle": r":::|,",
}
_NAME_FIELDS = ("name", "first", "last")
#: What a spreadsheet would run as a formula; exports put a ``'`` before such a cell.
_FORMULA_STARTS = frozenset("=+-@\t\r")
_UNDERSTOOD = "name, full name, display name, or first name and last name"


def _column_table() -> dict[str, tuple[str, int, str | None]]:
    table: dict[str, tuple[str, int, str | None]] = {}
    for fld, keys in _SYNONYMS.items():
        for rank, key in enumerate(keys):
            table[key] = (fld, rank, None)
    for platform in (*KNOWN_PLATFORMS, *_PLATFORM_ALIASES):
        canonical = _PLATFORM_ALIASES.get(platform, platform)
        if canonical == "website":
            continue
        for suffix in _PLATFORM_SUFFIXES:
            table.setdefault(platform + suffix, ("handle", 0, canonical))
    return table


_COLUMNS = _column_table()


@dataclass(frozen=True)
class Column:
    index: int
    field: str
    rank: int
    platform: str | None = None


@dataclass(frozen=True)
class TableStyle:
    """How one kind of CSV differs: its source name, date order, labels, ignored columns."""

    source: str = SOURCE
    date_order: str | None = None
    tag_separators: str = r":::|[,;]"
    clean_tags: Callable[[list[str]], list[str]] = field(default=lambda tags: tags)
    ignore: frozenset[str] = frozenset()


def read_people(path: Path) -> list[ImportedPerson]:
    return parse(read_bytes(path), path.name)


def parse(data: bytes, name: str) -> list[ImportedPerson]:
    return parse_table(decode(data, name), name, TableStyle())


def map_columns(header: list[str], style: TableStyle) -> list[Column]:
    columns = []
    for index, cell in enumerate(header):
        key = column_key(cell)
        if key in style.ignore or key not in _COLUMNS:
            continue
        fld, rank, platform = _COLUMNS[key]
        columns.append(Column(index, fld, rank, platform))
    return columns


def parse_table(text: str, name: str, style: TableStyle) -> list[ImportedPerson]:
    """People from CSV text whose first row is a header."""
    rows = csv_rows(text, name)
    try:
        _, header = next(rows)
    except StopIteration:
        raise BadInput(f"{name} is empty: a header row is needed.") from None
    columns = map_columns(header, style)
    fields = {c.field for c in columns}
    if not fields & set(_NAME_FIELDS):
        found = ", ".join(h.strip() for h in header if h.strip())[:300] or "none"
        understood = ", ".join(header[c.index].strip() for c in columns) or "none"
        raise BadInput(
            f"{name} has no name column (netcrm reads {_UNDERSTOOD}); it found the columns "
            f"{found}, of which it understood: {understood}."
        )
    columns.sort(key=lambda c: (c.rank, c.index))
    people = []
    for line, row in rows:
        person = _person(row, columns, name, line, style)
        if person is not None:
            people.append(person)
    return people


def _person(
    row: list[str], columns: Iterable[Column], name: str, line: int, style: TableStyle
) -> ImportedPerson | None:
    single: dict[str, str] = {}
    multi: dict[str, list[str]] = {f: [] for f in _MULTI}
    handles: list[ImportedHandle] = []
    for column in columns:
        raw = _unneutralised(row[column.index]) if column.index < len(row) else ""
        if column.field == "notes":
            if note := multi_line(raw):
                multi["notes"].append(note)
            continue
        if not raw.strip():
            continue
        if column.field == "handle":
            for part in _split(raw, _SPLIT["handle"]):
                handle = handle_from_text(part, column.platform)
                if handle is None:
                    add_unique(multi["url"], part)  # a link that names no profile
                add_handle(handles, handle)
        elif column.field in _MULTI:
            separators = style.tag_separators if column.field == "tags" else _SPLIT[column.field]
            for part in _split(raw, separators):
                add_unique(multi[column.field], part)
        elif column.field not in single and (value := one_line(raw)):
            single[column.field] = value

    def fail(problem: str) -> ImportFormatError:
        return ImportFormatError(name, problem, record=line, unit="line")

    urls: list[str] = []
    for url in multi["url"]:
        handle = handle_from_url(url)
        if handle is None:
            urls.append(url)
        else:
            add_handle(handles, handle)
    full_name = _name(single, multi, handles)
    if full_name is None:
        raise fail("row has no name")
    location = single.get("location")
    if country := single.get("country"):
        location = country if location is None else f"{location}, {country}"
    return ImportedPerson(
        full_name,
        emails=multi["email"],
        phones=multi["phone"],
        company=single.get("company"),
        role=single.get("role"),
        location=location,
        birthday=_date(single.get("birthday"), style, fail),
        notes="\n".join(multi["notes"]) or None,
        tags=style.clean_tags(multi["tags"]),
        handles=handles,
        urls=urls,
        source=style.source,
        since=_date(single.get("since"), style, fail),
        uid=single.get("uid"),
        record=line,
    )


def _name(
    single: dict[str, str], multi: dict[str, list[str]], handles: list[ImportedHandle]
) -> str | None:
    if "name" in single:
        return single["name"]
    parts = [single[f] for f in ("first", "middle", "last") if f in single]
    if parts:
        return " ".join(parts)
    for fallback in ("nickname", "fileas", "company"):
        if fallback in single:
            return single[fallback]
    for fallback in ("email", "phone"):
        if multi[fallback]:
            return multi[fallback][0]
    return handles[0].username if handles else None


def _date(value: str | None, style: TableStyle, fail: Callable[[str], Exception]) -> date | None:
    if value is None or not value.strip("0/.- "):
        return None  # Outlook writes 0/0/00 for "no date"
    try:
        return parse_date(value, style.date_order)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _unneutralised(cell: str) -> str:
    """``'=1+2`` → ``=1+2``: the quote a CSV export puts before a formula-looking cell."""
    if cell.startswith("'") and cell[1:2] in _FORMULA_STARTS:
        return cell[1:]
    return cell


def _split(raw: str, separators: str) -> list[str]:
    """Google's ``:::`` wins when present: then commas belong to the values themselves."""
    return raw.split(":::") if ":::" in raw else re.split(separators, raw)
