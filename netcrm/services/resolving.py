"""Which contact a NAME the user typed means: one contact, or an error that says why not.

Tried in order: the exact name; an id as the lists show it (``12`` or ``#12``); a handle
(``instagram:budi.santoso``, ``@budi.santoso``, or ``budi.santoso`` alone, on any platform);
a phone number in any notation (``0812 555 1234`` finds ``+62 812-555-1234``); the name
without case or accents; every typed word starting a word of the name ("b sant" → "Budi
Santoso"); a fuzzy match, taken only when it clearly beats the others. Several equally good
answers raise ``Ambiguous`` with their labels; none raises ``NotFound`` with suggestions.
"""

from __future__ import annotations

from collections.abc import Sequence

from rapidfuzz import fuzz, process
from sqlalchemy import ColumnElement, String, cast
from sqlmodel import Session, col, select

from netcrm.domain.errors import Ambiguous, BadInput, NotFound
from netcrm.domain.phones import phone_digits, same_phone
from netcrm.domain.text import fold
from netcrm.domain.vocabulary import KNOWN_PLATFORMS, normalize_platform
from netcrm.store.models import Contact, Handle
from netcrm.store.trash import live
from netcrm.store.trash import trashed as in_trash

FUZZY_ACCEPT = 90
FUZZY_SUGGEST = 60


def resolve_contact(session: Session, name: str, *, trashed: bool = False) -> Contact:
    """Exactly, then case- and accent-insensitively, then fuzzily; never a silent guess."""
    query = (name or "").strip()
    if not query:
        raise BadInput("The name cannot be blank.")
    among = in_trash(Contact) if trashed else live(Contact)
    key = fold(query)
    # The same name has the same folded key (always stored as fold(name)): the key's index
    # finds it, where comparing names alone would read every contact.
    exact = session.exec(
        select(Contact).where(among, Contact.name_key == key, Contact.name == query)
    ).all()
    if len(exact) == 1:
        return exact[0]
    contact_id = typed_id(query)
    if contact_id is not None:
        found = session.exec(select(Contact).where(among, Contact.id == contact_id)).first()
        if found:
            return found
    if not exact:
        owner = _by_handle(session, query, among) or _by_phone(session, query, among)
        if owner is not None:
            return owner
    folded = exact or session.exec(select(Contact).where(among, Contact.name_key == key)).all()
    if len(folded) == 1:
        return folded[0]
    if len(folded) > 1:
        raise _ambiguous(query, folded)
    return _resolve_fuzzily(session, query, key, among)


def typed_id(query: str) -> int | None:
    """The id ``query`` is, written as the lists show it (``12`` or ``#12``), if it is one."""
    digits = query.strip().removeprefix("#")
    return int(digits) if digits.isascii() and digits.isdigit() and len(digits) <= 18 else None


def named_exactly(session: Session, query: str, among: ColumnElement[bool]) -> Contact | None:
    """Someone ``among`` called exactly ``query``, or with that id: no looser match."""
    query = query.strip()
    exactly = (col(Contact.name_key) == fold(query)) & (col(Contact.name) == query)
    contact_id = typed_id(query)
    if contact_id is not None:
        exactly = exactly | (col(Contact.id) == contact_id)
    return session.exec(select(Contact).where(among, exactly)).first()


def _by_handle(session: Session, query: str, among: ColumnElement[bool]) -> Contact | None:
    """The one person whose handle ``query`` names; None when it names no handle."""
    platform, sep, username = query.partition(":")
    platforms: tuple[str, ...]
    if sep and normalize_platform(platform) in KNOWN_PLATFORMS:
        platforms, username = (normalize_platform(platform),), username.strip().lstrip("@")
    elif query.startswith("@") or not any(ch.isspace() for ch in query):
        # Any platform, each looked up in the (platform, username) index.
        platforms, username = KNOWN_PLATFORMS, query.lstrip("@")
    else:
        return None
    if not username:
        return None
    # Ids, not whole rows, made distinct: PostgreSQL cannot compare the JSON phones column.
    owner_ids = session.exec(
        select(Handle.contact_id)
        .join(Contact, col(Contact.id) == Handle.contact_id)
        .where(among, col(Handle.platform).in_(platforms), Handle.username_key == fold(username))
        .distinct()
    ).all()
    owners = [_read(session, cid) for cid in sorted(owner_ids)]
    if len(owners) > 1:
        raise _ambiguous(query, owners)
    return owners[0] if owners else None


def _by_phone(session: Session, query: str, among: ColumnElement[bool]) -> Contact | None:
    """The one person with the phone number ``query``, however either is written."""
    if phone_digits(query) is None:
        return None
    rows = session.exec(
        select(Contact.id, Contact.phones).where(among, cast(Contact.phones, String) != "[]")
    ).all()
    owners = [cid for cid, phones in rows if any(same_phone(query, p) for p in phones or ())]
    if len(owners) > 1:
        raise _ambiguous(query, [_read(session, cid) for cid in owners])
    return _read(session, owners[0]) if owners else None


def _ambiguous(query: str, contacts: Sequence[Contact]) -> Ambiguous:
    labels = [_label(c) for c in contacts[:8]]
    return Ambiguous(f'"{query}" matches several contacts: {"; ".join(labels)}.', labels)


def _label(contact: Contact) -> str:
    extra = f", {contact.company}" if contact.company else ""
    return f"{contact.name} (#{contact.id}{extra})"


def _resolve_fuzzily(session: Session, query: str, key: str, among: ColumnElement[bool]) -> Contact:
    tokens = key.split()
    if not tokens:  # only accents or invisible marks: nothing to compare
        raise NotFound(f'No contact called "{query}".')
    # LIKE wildcards typed in a name are literal characters.
    first = tokens[0].replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    # Every typed word starts a word of the name: "budi" → "Budi Santoso", "b sant" too.
    name_key = col(Contact.name_key)
    prefix = session.exec(
        select(Contact)
        .where(
            among,
            name_key.like(f"{first}%", escape="\\") | name_key.like(f"% {first}%", escape="\\"),
        )
        .limit(200)
    ).all()
    by_words = [c for c in prefix if _words_prefix(tokens, c.name_key.split())]
    if len(by_words) == 1:
        return by_words[0]
    if len(by_words) > 1:
        raise _ambiguous(query, by_words)
    rows = session.exec(select(Contact.id, Contact.name_key).where(among)).all()
    matches = process.extract(
        key, {cid: nk for cid, nk in rows}, scorer=fuzz.WRatio, limit=5, score_cutoff=FUZZY_SUGGEST
    )
    strong = [m for m in matches if m[1] >= FUZZY_ACCEPT]
    if len(strong) == 1 or (strong and strong[0][1] - strong[1][1] >= 5):
        return _read(session, strong[0][2])
    if len(strong) > 1:
        raise _ambiguous(query, [_read(session, m[2]) for m in strong])
    suggestions = [_read(session, m[2]).name for m in matches[:3]]
    hint = f" Did you mean {', '.join(suggestions)}?" if suggestions else ""
    raise NotFound(f'No contact called "{query}".{hint}', suggestions)


def _read(session: Session, contact_id: int | None) -> Contact:
    """A contact whose id the same session has just read: it is there."""
    contact = session.get(Contact, contact_id)
    assert contact is not None
    return contact


def _words_prefix(query_words: list[str], name_words: list[str]) -> bool:
    remaining = list(name_words)
    for word in query_words:
        for index, candidate in enumerate(remaining):
            if candidate.startswith(word):
                del remaining[index]
                break
        else:
            return False
    return True
