"""Google Contacts' export: "Google CSV", and the "Outlook CSV" it also offers.

Google CSV (current header)::

    First Name,Middle Name,Last Name,Phonetic First Name,...,Nickname,File As,
    Organization Name,Organization Title,Organization Department,Birthday,Notes,Photo,Labels,
    E-mail 1 - Label,E-mail 1 - Value,Phone 1 - Label,Phone 1 - Value,
    Address 1 - Label,Address 1 - Formatted,...,Address 1 - City,...,Address 1 - Country,...,
    Website 1 - Label,Website 1 - Value,...

and the older one: ``Name,Given Name,Additional Name,Family Name,...,Birthday,...,Location,
...,Occupation,...,Notes,Group Membership,E-mail 1 - Type,E-mail 1 - Value,...,
Organization 1 - Type,Organization 1 - Name,Organization 1 - Yomi Name,
Organization 1 - Title,...``. A cell holding several values separates them with ``" ::: "``.
Labels read like ``* myContacts ::: Friends ::: * starred``: ``* myContacts`` (every
contact has it) is dropped, ``* starred`` becomes the tag ``starred``, other labels are
tags. Birthdays are ``1990-05-17`` or, without a year, ``--05-17``.

Outlook CSV (``First Name,Middle Name,Last Name,Title,...,E-mail Address,...,Mobile Phone,
...,Job Title,...,Company,...,Birthday,...,Notes,...,Categories``) writes dates month first
(``5/17/1990``; ``0/0/00`` for none) and separates categories with ``;``; its ``Title``
column is a name prefix ("Dr."), not a job.

Both go through the generic table reader of ``csv_generic``.
"""

from __future__ import annotations

import re
from pathlib import Path

from netcrm.importers.csv_generic import TableStyle, parse_table
from netcrm.importers.reading import csv_rows, decode, read_bytes
from netcrm.importers.records import ImportedPerson

SOURCE = "google"
_SYSTEM_LABELS = {"mycontacts", "my contacts", "other contacts"}
_GOOGLE_HEADER = re.compile(r"(E-mail|Phone) \d+ - Value|Labels|Group Membership")


def _google_labels(labels: list[str]) -> list[str]:
    tags: list[str] = []
    for label in labels:
        if label.startswith("*"):
            label = label.lstrip("* ").strip()
            if label.casefold() in _SYSTEM_LABELS:
                continue
            if label.casefold() == "starred":
                label = "starred"
        if label and label not in tags:
            tags.append(label)
    return tags


GOOGLE = TableStyle(source=SOURCE, tag_separators=r":::", clean_tags=_google_labels)
OUTLOOK = TableStyle(
    source=SOURCE, date_order="mdy", tag_separators=r";", ignore=frozenset({"title"})
)


def read_people(path: Path) -> list[ImportedPerson]:
    return parse(read_bytes(path), path.name)


def parse(data: bytes, name: str) -> list[ImportedPerson]:
    text = decode(data, name)
    header = next(csv_rows(text, name), (0, []))[1]
    google = any(_GOOGLE_HEADER.fullmatch(cell.strip()) for cell in header)
    return parse_table(text, name, GOOGLE if google else OUTLOOK)
