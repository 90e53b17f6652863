"""Finding the people in the store who are likely one person (``netcrm duplicates``).

The store's identifying facts are read on one connection without the ORM (names, companies,
cities, phones, e-mails, handles, and the pairs said to be different), phones turned into
E.164 with the store's phone region, and handed to :mod:`netcrm.domain.duplicates`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from typing import Any

from sqlalchemy import String, cast, select

from netcrm.domain.duplicates import (
    DEFAULT_MIN_SCORE,
    Group,
    PersonFacts,
    find_duplicates,
)
from netcrm.domain.errors import BadInput
from netcrm.domain.phones import phone_key
from netcrm.domain.text import fold
from netcrm.services.records import DuplicateGroup, DuplicatePerson, DuplicateReason
from netcrm.services.settings import phone_region_of
from netcrm.services.stores import Store
from netcrm.store.settings import read_settings
from netcrm.store.tables import CONTACT, EMAIL, HANDLE, NOT_SAME
from netcrm.store.trash import live

WEBSITE = "website"  # a shared company site says nothing about who someone is


def city_key(location: str | None) -> str | None:
    """ "Jakarta, Indonesia" → "jakarta": the part before the first comma, folded."""
    if not location:
        return None
    return fold(location.split(",")[0]) or None


def read_facts(connection: Any) -> list[PersonFacts]:
    """Every live person's identifying facts."""
    region = phone_region_of(read_settings(connection))
    contact = select(
        CONTACT.c.id,
        CONTACT.c.name_key,
        CONTACT.c.source,
        CONTACT.c.company,
        CONTACT.c.location,
        cast(CONTACT.c.phones, String).label("phones"),  # decoded only when not "[]"
    ).where(live(CONTACT.c))
    rows = connection.execute(contact).all()
    emails: defaultdict[int, list[str]] = defaultdict(list)
    for cid, key in connection.execute(select(EMAIL.c.contact_id, EMAIL.c.address_key)).all():
        emails[cid].append(key)
    handles: defaultdict[int, list[tuple[str, str]]] = defaultdict(list)
    handle_rows = connection.execute(
        select(HANDLE.c.contact_id, HANDLE.c.platform, HANDLE.c.username_key).where(
            HANDLE.c.platform != WEBSITE
        )
    ).all()
    for cid, platform, key in handle_rows:
        handles[cid].append((platform, key))
    companies: dict[str, str] = {}  # few companies, many people: fold each once
    cities: dict[str, str | None] = {}
    nothing: frozenset[str] = frozenset()
    facts = []
    for cid, name_key, source, company, location, phone_text in rows:
        phones = nothing
        if phone_text and phone_text != "[]":
            keys = (phone_key(p, region) for p in json.loads(phone_text))
            phones = frozenset(k for k in keys if k)
        if company and company not in companies:
            companies[company] = fold(company)
        if location and location not in cities:
            cities[location] = city_key(location)
        found_emails = emails.get(cid)
        found_handles = handles.get(cid)
        facts.append(
            PersonFacts(
                cid,
                name_key,
                source or None,
                companies[company] if company else None,
                cities[location] if location else None,
                frozenset(found_emails) if found_emails else nothing,
                phones,
                frozenset(found_handles) if found_handles else frozenset(),
            )
        )
    return facts


def different_pairs(connection: Any) -> frozenset[tuple[int, int]]:
    rows = connection.execute(select(NOT_SAME.c.contact_id, NOT_SAME.c.other_id))
    return frozenset((min(a, b), max(a, b)) for a, b in rows)


def duplicate_groups(store: Store, *, min_score: int = DEFAULT_MIN_SCORE) -> list[DuplicateGroup]:
    """Likely same-person groups, best first."""
    if not 0 <= min_score <= 100:
        raise BadInput(f"The minimum score is between 0 and 100, not {min_score}.")
    with store.connection() as connection:
        groups = find_duplicates(
            read_facts(connection), min_score=min_score, different=different_pairs(connection)
        )
        return describe_groups(connection, groups)


def best_to_keep(person: DuplicatePerson) -> tuple[int, int, bool, int]:
    """The order of a group's people: most conversations, then most handles, then the
    longest here (people not yet imported, with provisional ids below 0, last)."""
    return (-person.conversation_count, -len(person.handles), person.id < 0, abs(person.id))


#: Describing more people than this reads every live person at once, not by ids.
READ_ALL_ABOVE = 5_000


def describe_groups(connection: Any, groups: list[Group]) -> list[DuplicateGroup]:
    """Groups as records: each person's name, source and history, most history first."""
    ids = sorted({pid for group in groups for pid in group.ids})
    chunks = [ids[i : i + 500] for i in range(0, len(ids), 500)]
    if len(ids) > READ_ALL_ABOVE:
        chunks = [[]]  # one read of everyone: quicker than a hundred IN lists
    people: dict[int, DuplicatePerson] = {}
    handles: defaultdict[int, list[str]] = defaultdict(list)
    columns = (
        CONTACT.c.id,
        CONTACT.c.name,
        CONTACT.c.source,
        CONTACT.c.company,
        CONTACT.c.location,
        CONTACT.c.stage,
        CONTACT.c.conversation_count,
    )
    for chunk in chunks:
        handle_query = select(HANDLE.c.contact_id, HANDLE.c.platform, HANDLE.c.username)
        contact_query = select(*columns)
        if chunk:
            handle_query = handle_query.where(HANDLE.c.contact_id.in_(chunk))
            contact_query = contact_query.where(CONTACT.c.id.in_(chunk))
        for cid, platform, username in connection.execute(handle_query.order_by(HANDLE.c.id)):
            handles[cid].append(f"{platform}:{username}")
        for cid, name, source, company, location, stage, talks in connection.execute(contact_query):
            people[cid] = DuplicatePerson(
                cid,
                name,
                source or None,
                company,
                location,
                stage,
                talks,
                tuple(handles.get(cid, ())),
            )
    records = []
    for group in groups:
        members = sorted((people[pid] for pid in group.ids if pid in people), key=best_to_keep)
        reasons = tuple(DuplicateReason(r.kind, r.text, r.weight) for r in group.reasons)
        records.append(DuplicateGroup(tuple(members), group.score, reasons))
    return records
