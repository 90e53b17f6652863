"""The UID a contact carries in netcrm's CSV and vCard exports, so importing them back finds the
same people, whatever the file now calls them.

``urn:netcrm:contact:<id>:<created>``: the contact's id in its store and the moment the
contact was created there, in UTC to the microsecond (``20261125T120000.000000Z``). Ids alone
repeat from one store to the next (every store has a contact 1), and a store keeps no
identifier of its own; the creation moment tells two stores' contact 1 apart, as it already
tells people apart when a backup is restored (same name and creation time). Neither part ever
changes: not when the contact is renamed or edited, nor when the store is copied with
``db copy`` or restored from a backup into an empty store, which keep both.

A UID that is not of this form, names no live contact, or names one created at another moment
(someone else's store, or a restored store that gave the person a new id) is no UID of this
store: the import then matches the record as it matches any other.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import NamedTuple

PREFIX = "urn:netcrm:contact:"
#: The largest id a store can hold (a signed 64-bit integer): larger ones name no one.
MAX_ID = 2**63 - 1
_STAMP = "%Y%m%dT%H%M%S.%fZ"
_UID = re.compile(r"urn:netcrm:contact:(\d{1,19}):(\d{8}T\d{6})(?:\.(\d{1,6}))?Z", re.IGNORECASE)


class ContactUid(NamedTuple):
    contact_id: int
    created: datetime  # aware, UTC


def contact_uid(contact_id: int, created: datetime) -> str:
    """``urn:netcrm:contact:42:20261125T120000.000000Z``; a naive ``created`` is UTC."""
    moment = created.replace(tzinfo=UTC) if created.tzinfo is None else created.astimezone(UTC)
    return f"{PREFIX}{contact_id}:{moment.strftime(_STAMP)}"


def parse_contact_uid(text: str | None) -> ContactUid | None:
    """The id and creation moment a netcrm UID names; None for any other text."""
    if not text:
        return None
    match = _UID.fullmatch(text.strip())
    if match is None or not 0 < int(match[1]) <= MAX_ID:
        return None
    whole, fraction = match[2].upper(), (match[3] or "").ljust(6, "0")
    try:
        created = datetime.strptime(f"{whole}.{fraction}Z", _STAMP).replace(tzinfo=UTC)
    except ValueError:  # digits that make no date, such as a 13th month
        return None
    return ContactUid(int(match[1]), created)
