"""Search per keystroke and "who can help with X".

The folded search texts of live contacts are loaded once per store revision and kept in memory,
so each keystroke is a scan of 10k short strings plus a rapidfuzz pass, not a query.
"""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz, process
from sqlmodel import select

from netcrm.domain.errors import BadInput
from netcrm.domain.text import fold
from netcrm.services.aggregates import SEARCH_SEPARATOR, read_revision
from netcrm.services.clock import Clock
from netcrm.services.contacts import contact_row, tags_of
from netcrm.services.records import ContactRow
from netcrm.store.engine import Store
from netcrm.store.models import Contact, Conversation, Strength

FUZZY_CUTOFF = 70


@dataclass
class SearchIndex:
    revision: int
    ids: list[int]
    identities: list[str]
    tails: list[str]


def _index(store: Store) -> SearchIndex:
    with store.session() as session:
        revision = read_revision(session)
        cached: SearchIndex | None = store.cache.get("search")
        if cached is not None and cached.revision == revision:
            return cached
        rows = session.exec(
            select(Contact.id, Contact.search_text).where(Contact.trashed_at.is_(None))
        ).all()
    ids, identities, tails = [], [], []
    for cid, text in rows:
        identity, _, tail = text.partition(SEARCH_SEPARATOR)
        ids.append(cid)
        identities.append(identity)
        tails.append(tail)
    index = SearchIndex(revision, ids, identities, tails)
    store.cache["search"] = index
    return index


def search(store: Store, query: str, clock: Clock, limit: int = 50) -> list[ContactRow]:
    """Names and handles first (prefix, then substring, then fuzzy), then companies and notes."""
    key = fold(query or "")
    if not key:
        raise BadInput("Type something to search for.")
    index = _index(store)
    ranked: dict[int, tuple[int, str]] = {}
    for position, identity in enumerate(index.identities):
        at = identity.find(key)
        if at == 0:
            ranked[position] = (100, "name")
        elif at > 0:
            ranked[position] = (95 if identity[at - 1] == " " else 85, "name")
    if len(ranked) < limit:
        for position, tail in enumerate(index.tails):
            if position not in ranked and key in tail:
                ranked[position] = (75, "details")
    if len(ranked) < limit and len(key) >= 3:
        for _, score, position in process.extract(
            key, index.identities, scorer=fuzz.WRatio, limit=limit, score_cutoff=FUZZY_CUTOFF
        ):
            if position not in ranked:
                ranked[position] = (min(int(score * 0.8), 74), "fuzzy")
    best = sorted(ranked.items(), key=lambda kv: -kv[1][0])[: limit * 2]
    return _rows(store, [(index.ids[p], how, score) for p, (score, how) in best], clock, limit)


def _rows(
    store: Store, ranked: list[tuple[int, str, int]], clock: Clock, limit: int
) -> list[ContactRow]:
    if not ranked:
        return []
    now = clock.now()
    quality = {cid: score for cid, _, score in ranked}
    how = {cid: matched for cid, matched, _ in ranked}
    with store.session() as session:
        contacts = session.exec(select(Contact).where(Contact.id.in_(list(quality)))).all()
        tags = tags_of(session, list(quality))
    rows = [contact_row(c, now, tags.get(c.id, ()), matched=how[c.id]) for c in contacts]
    # Same match quality: warmer ties first.
    rows.sort(key=lambda r: (-quality[r.id], -r.score, r.name))
    return rows[:limit]


def who_can(store: Store, skill: str, clock: Clock, limit: int = 50) -> list[ContactRow]:
    """Contacts with a matching strength, best ties first, with the evidence."""
    key = fold(skill or "")
    if not key:
        raise BadInput("Say which strength you are looking for.")
    now = clock.now()
    with store.session() as session:
        names = session.exec(select(Strength.name_key).distinct()).all()
        wanted = {n for n in names if key in n}
        wanted |= {
            m[0] for m in process.extract(key, names, scorer=fuzz.WRatio, limit=20, score_cutoff=85)
        }
        if not wanted:
            return []
        rows = session.exec(
            select(Contact, Strength.name, Strength.noted_at, Conversation.summary)
            .join(Strength, Strength.contact_id == Contact.id)
            .outerjoin(Conversation, Conversation.id == Strength.conversation_id)
            .where(Contact.trashed_at.is_(None), Strength.name_key.in_(wanted))
        ).all()
        tags = tags_of(session, [c.id for c, *_ in rows])
    best: dict[int, ContactRow] = {}
    tz = now.tzinfo
    for contact, strength, noted_at, summary in rows:
        evidence = f"{strength}, noted {noted_at.astimezone(tz).date().isoformat()}"
        if summary:
            evidence += f' ("{summary[:60]}")'
        row = contact_row(
            contact, now, tags.get(contact.id, ()), matched=strength, evidence=evidence
        )
        if contact.id not in best:
            best[contact.id] = row
    stage_rank = {"trusted": 4, "mutual": 3, "known": 2, "talked": 1, "follower": 0}
    ordered = sorted(best.values(), key=lambda r: (-r.score, -stage_rank[r.stage], r.name))
    return ordered[:limit]


def strength_names(store: Store) -> list[str]:
    """Known strengths of contacts, most common first (for autocomplete)."""
    from sqlalchemy import func

    with store.session() as session:
        rows = session.exec(
            select(func.min(Strength.name), func.count())
            .group_by(Strength.name_key)
            .order_by(func.count().desc(), Strength.name_key)
            .limit(500)
        ).all()
    seen: dict[str, str] = {}
    for name, _ in rows:
        seen.setdefault(fold(name), name)
    return list(seen.values())
