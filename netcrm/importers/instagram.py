"""Instagram's "Download your information" export, JSON format: followers and following.

The export holds ``connections/followers_and_following/followers_1.json``,
``followers_2.json``… (a top-level list of entries) and ``following.json``
(``{"relationships_following": [entries]}``); older exports had one ``followers.json``
shaped ``{"relationships_followers": [entries]}``. An entry is::

    {"title": "", "media_list_data": [],
     "string_list_data": [{"href": "https://www.instagram.com/budi", "value": "budi",
                           "timestamp": 1700000000}]}

Newer exports leave ``value`` out and put the username in ``title``, or only in the
``href`` (``https://www.instagram.com/_u/budi``). There is no display name.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import unquote

from netcrm.importers.reading import date_from_timestamp, export_files, gathered, load_json
from netcrm.importers.records import (
    FOLLOWS_ME,
    I_FOLLOW,
    MUTUAL,
    ImportedHandle,
    ImportedPerson,
    ImportFormatError,
)

SOURCE = "instagram"
_USERNAME = re.compile(r"[A-Za-z0-9._]{1,30}")
_FOLLOWERS_FILE = re.compile(r"followers(_\d+)?\.json")


def _wanted(name: str) -> bool:
    base = PurePosixPath(name).name
    return base == "following.json" or _FOLLOWERS_FILE.fullmatch(base) is not None


def read_people(path: Path) -> list[ImportedPerson]:
    """People from one export file, the unpacked export folder, or the export's ``.zip``."""
    files = export_files(path, _wanted, "Instagram followers_*.json or following.json file")
    return gathered(files, _collect)


def parse(data: bytes, name: str) -> list[ImportedPerson]:
    """People from the bytes of one followers or following file."""
    return gathered([(name, data)], _collect)


def _collect(people: dict[str, ImportedPerson], name: str, data: bytes) -> None:
    entries, direction = _entries(load_json(data, name), name)
    for number, entry in enumerate(entries, start=1):
        username, since = _entry(entry, name, number)
        key = username.lower()
        person = people.get(key)
        if person is None:
            url = f"https://www.instagram.com/{username}"
            handle = ImportedHandle(SOURCE, username, url, direction, since)
            people[key] = ImportedPerson(
                username, handles=[handle], source=SOURCE, since=since, record=number
            )
            continue
        handle = person.handles[0]
        if handle.direction != direction:
            handle.direction = MUTUAL
        if since is not None and (handle.since is None or since < handle.since):
            handle.since = person.since = since


def _entries(document: Any, name: str) -> tuple[list[Any], str]:
    if isinstance(document, list):
        return document, FOLLOWS_ME
    if isinstance(document, dict):
        for key, direction in (
            ("relationships_following", I_FOLLOW),
            ("relationships_followers", FOLLOWS_ME),
        ):
            entries = document.get(key)
            if isinstance(entries, list):
                return entries, direction
    raise ImportFormatError(name, "is not an Instagram followers or following file")


def _entry(entry: Any, name: str, number: int) -> tuple[str, date | None]:
    if not isinstance(entry, dict):
        raise ImportFormatError(name, "entry is not an object", record=number)
    items = entry.get("string_list_data")
    item = items[0] if isinstance(items, list) and items else {}
    if not isinstance(item, dict):
        raise ImportFormatError(name, "string_list_data holds no object", record=number)
    username = item.get("value")
    if not (isinstance(username, str) and _USERNAME.fullmatch(username)):
        username = _username(entry.get("title"), item.get("value"), item.get("href"))
        if username is None:
            raise ImportFormatError(name, "entry has no username", record=number)
        if not _USERNAME.fullmatch(username):
            problem = f'"{username[:40]}" is not an Instagram username'
            raise ImportFormatError(name, problem, record=number)
    stamp = item.get("timestamp")
    if stamp is None or stamp == 0:
        return username, None
    try:
        return username, date_from_timestamp(stamp)
    except ValueError as exc:
        raise ImportFormatError(name, str(exc), record=number) from None


def _username(title: Any, value: Any, href: Any) -> str | None:
    """The first username-like of value, title and href; else the first non-blank one."""
    candidates = [
        c.strip().lstrip("@")
        for c in (value, title, _from_href(href))
        if isinstance(c, str) and c.strip()
    ]
    return next(
        (c for c in candidates if _USERNAME.fullmatch(c)), candidates[0] if candidates else None
    )


def _from_href(href: Any) -> str | None:
    """``https://www.instagram.com/_u/budi`` or ``…/budi/?hl=en`` → ``budi``."""
    if not isinstance(href, str):
        return None
    path = href.partition("://")[2].partition("?")[0].partition("#")[0]
    segments = [unquote(s) for s in path.split("/")[1:] if s and s != "_u"]
    return segments[-1] if segments else None
