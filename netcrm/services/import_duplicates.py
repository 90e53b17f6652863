"""The likely duplicates an import brings: its new people who may be someone already here.

The new people are described in memory, with provisional ids (-1, -2, ...) until they are
written, so that a dry run (the import preview) finds the same groups as the import itself.
Matching looks at the whole network, so above :data:`MAX_CHECKED` people the report leaves it
to ``netcrm duplicates``, rather than making a large import wait for it.
"""

from __future__ import annotations

from typing import Any

from netcrm.domain.duplicates import PersonFacts, find_duplicates
from netcrm.domain.text import fold
from netcrm.services.duplicates import (
    best_to_keep,
    city_key,
    describe_groups,
    different_pairs,
    read_facts,
)
from netcrm.services.import_matching import WEBSITE, KnownContacts, NewContact
from netcrm.services.records import DuplicateGroup, DuplicatePerson

MAX_CHECKED = 20_000
SHOWN = 20


def new_facts(known: KnownContacts, new: list[NewContact]) -> list[PersonFacts]:
    facts = []
    for index, item in enumerate(new, 1):
        person = item.person
        facts.append(
            PersonFacts(
                -index,
                item.name_key,
                person.source or None,
                fold(person.company) if person.company else None,
                city_key(person.location),
                frozenset(item.emails),
                frozenset(known.number_keys(person.phones)),
                frozenset(key for key in item.handles if key[0] != WEBSITE),
            )
        )
    return facts


def import_duplicates(
    connection: Any, known: KnownContacts, new: list[NewContact]
) -> tuple[DuplicateGroup, ...] | None:
    """Groups holding at least one of ``new`` (by provisional id: -1 for the first), with
    people already here. None when the network is too large to look at here."""
    if not new:
        return ()
    if len(known.fields) + len(new) > MAX_CHECKED:
        return None
    people = read_facts(connection) + new_facts(known, new)
    groups = [
        g
        for g in find_duplicates(people, different=different_pairs(connection))
        if any(pid < 0 for pid in g.ids)
    ][:SHOWN]
    described = describe_groups(connection, groups)
    newcomers = {
        -index: DuplicatePerson(
            -index,
            item.person.name,
            item.person.source or None,
            item.person.company,
            item.person.location,
            handles=tuple(f"{p}:{h.username}" for (p, _k), h in item.handles.items()),
        )
        for index, item in enumerate(new, 1)
    }
    result = []
    for group, record in zip(groups, described, strict=True):
        people_in = [*record.people, *(newcomers[pid] for pid in group.ids if pid < 0)]
        people_in.sort(key=best_to_keep)
        result.append(DuplicateGroup(tuple(people_in), record.score, record.reasons))
    return tuple(result)
