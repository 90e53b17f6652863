"""Facebook's "Download your information" export, JSON format: the friends list.

Current exports hold ``connections/friends/your_friends.json``, older ones
``friends_and_followers/friends.json`` or ``friends/friends.json``::

    {"friends_v2": [{"name": "Jos\\u00c3\\u00a9 Garc\\u00c3\\u00ada", "timestamp": 1600000000}]}

(the oldest say ``"friends"`` instead of ``"friends_v2"``, and some entries carry
``"contact_info"``, an e-mail address). Meta writes every UTF-8 byte of a name as its own
``\\u00XX`` escape; names are repaired. Facebook gives no username or profile link, so
friends come without a handle.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from typing import Any

from netcrm.importers.reading import date_from_timestamp, fix_mojibake, load_json, read_each
from netcrm.importers.records import ImportedPerson, ImportFormatError, one_line

SOURCE = "facebook"
_FILES = ("your_friends.json", "friends.json")


def _wanted(name: str) -> bool:
    return PurePosixPath(name).name in _FILES


def read_people(path: Path) -> list[ImportedPerson]:
    """Friends from ``your_friends.json``/``friends.json``, the export folder or its ``.zip``."""
    return read_each(path, _wanted, "Facebook your_friends.json file", parse)


def parse(data: bytes, name: str) -> list[ImportedPerson]:
    document = load_json(data, name)
    entries = None
    if isinstance(document, dict):
        entries = document.get("friends_v2", document.get("friends"))
    if not isinstance(entries, list):
        raise ImportFormatError(name, 'is not a Facebook friends file (no "friends_v2" list)')
    return [_person(entry, name, number) for number, entry in enumerate(entries, start=1)]


def _person(entry: Any, name: str, number: int) -> ImportedPerson:
    def fail(problem: str) -> ImportFormatError:
        return ImportFormatError(name, problem, record=number)

    if not isinstance(entry, dict):
        raise fail("entry is not an object")
    raw = entry.get("name")
    full_name = one_line(fix_mojibake(raw)) if isinstance(raw, str) else None
    if full_name is None:
        raise fail("friend has no name")
    since = None
    stamp = entry.get("timestamp")
    if stamp is not None and stamp != 0:
        try:
            since = date_from_timestamp(stamp)
        except ValueError as exc:
            raise fail(str(exc)) from None
    contact = entry.get("contact_info")
    emails = [contact.strip()] if isinstance(contact, str) and "@" in contact else []
    return ImportedPerson(full_name, emails=emails, source=SOURCE, since=since, record=number)
