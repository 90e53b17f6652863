"""The X (Twitter) archive: ``data/follower.js`` and ``data/following.js``.

Each file is a JavaScript assignment of a JSON list::

    window.YTD.follower.part0 = [
      {"follower": {"accountId": "123", "userLink": "https://twitter.com/intent/user?user_id=123"}}
    ]

(``following`` likewise; a large archive splits a list into ``follower-part1.js``… with
``part1``…). The archive holds no username or display name, only the numeric account id,
so a person is named ``X account 123`` until the user renames them.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath
from typing import Any

from netcrm.importers.reading import decode, export_files, gathered, load_json
from netcrm.importers.records import (
    FOLLOWS_ME,
    I_FOLLOW,
    MUTUAL,
    ImportedHandle,
    ImportedPerson,
    ImportFormatError,
)

SOURCE = "x"
_FILE = re.compile(r"(follower|following)(-part\d+)?\.js")
_ASSIGNMENT = re.compile(r"\s*window\.YTD\.(follower|following)\.part\d+\s*=\s*")
_DIRECTIONS = {"follower": FOLLOWS_ME, "following": I_FOLLOW}


def _wanted(name: str) -> bool:
    return _FILE.fullmatch(PurePosixPath(name).name) is not None


def read_people(path: Path) -> list[ImportedPerson]:
    """People from ``follower.js``/``following.js``, the archive folder, or its ``.zip``."""
    return gathered(export_files(path, _wanted, "X follower.js or following.js file"), _collect)


def parse(data: bytes, name: str) -> list[ImportedPerson]:
    """People from the bytes of one follower or following file."""
    return gathered([(name, data)], _collect)


def _collect(people: dict[str, ImportedPerson], name: str, data: bytes) -> None:
    text = decode(data, name)
    match = _ASSIGNMENT.match(text)
    if match is None:
        raise ImportFormatError(
            name, "does not start with window.YTD.follower or window.YTD.following"
        )
    kind = match[1]
    entries = load_json(text[match.end() :], name)
    if not isinstance(entries, list):
        raise ImportFormatError(name, "does not hold a list of accounts")
    direction = _DIRECTIONS[kind]
    for number, entry in enumerate(entries, start=1):
        account_id, link = _entry(entry, kind, name, number)
        person = people.get(account_id)
        if person is None:
            handle = ImportedHandle(SOURCE, account_id, url=link, direction=direction)
            people[account_id] = ImportedPerson(
                f"X account {account_id}", handles=[handle], source=SOURCE, record=number
            )
        elif person.handles[0].direction != direction:
            person.handles[0].direction = MUTUAL


def _entry(entry: Any, kind: str, name: str, number: int) -> tuple[str, str]:
    inner = entry.get(kind) if isinstance(entry, dict) else None
    if not isinstance(inner, dict):
        raise ImportFormatError(name, f'entry has no "{kind}" object', record=number)
    account_id = inner.get("accountId")
    if isinstance(account_id, int) and not isinstance(account_id, bool):
        account_id = str(account_id)
    if not isinstance(account_id, str) or not (
        account_id.strip().isascii() and account_id.strip().isdigit()
    ):
        raise ImportFormatError(name, "entry has no numeric accountId", record=number)
    account_id = account_id.strip()
    link = inner.get("userLink")
    if not isinstance(link, str) or not link.strip():
        link = f"https://twitter.com/intent/user?user_id={account_id}"
    return account_id, link.strip()
