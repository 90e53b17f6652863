"""The folded text a contact is searched by (``Contact.search_text``), and its layout.

The short identity part (name, handles) comes first, then the separator, then the long tail
(company, role, location, emails, tags, the start of the notes): search ranks a match in the
identity above one in the tail, and reads the two parts apart.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from netcrm.domain.text import fold

#: Between the identity part and the tail; never in a folded text.
SEARCH_SEPARATOR = "\x1f"
NOTES_IN_SEARCH = 500


def search_text_for(
    contact: Any, handles: Iterable[str], emails: Iterable[str], tags: Iterable[str]
) -> str:
    """The search text of ``contact``: anything with name, company, role, location and notes
    attributes (a row, or an imported person: building SQLModel instances in bulk is slow)."""
    identity = " ".join([contact.name, *handles])
    parts = [contact.company, contact.role, contact.location, *emails, *tags]
    if contact.notes:
        parts.append(contact.notes[:NOTES_IN_SEARCH])
    tail = " ".join([part for part in parts if part])
    return f"{fold(identity)}{SEARCH_SEPARATOR}{fold(tail) if tail else ''}"


def split_search_text(text: str) -> tuple[str, str]:
    """(identity, tail) of a search text."""
    identity, _, tail = text.partition(SEARCH_SEPARATOR)
    return identity, tail
