"""Search per keystroke and "who can help with X".

The folded search texts of live contacts are loaded once per store revision and kept in memory,
joined into one string per part, so each keystroke is a C-speed ``str.find`` over them (Python
only sees the matches) plus, when the matches are few, a rapidfuzz pass; the rows shown are read
once per revision and reused by the following keystrokes.

With ``details=True`` (the CLI's ``netcrm search`` and the contacts screen's filter), contacts
whose conversations, strengths, exchanges, follow-ups or long notes hold the words come after
the name matches (``services.search_details``), and every row matched beyond its name says
where and shows the text around the match.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import Row, func, select

from netcrm.domain.errors import BadInput
from netcrm.domain.text import fold
from netcrm.services.clock import Clock
from netcrm.services.contact_rows import ROW_COLUMNS, contact_row, tags_of
from netcrm.services.records import ContactRow
from netcrm.services.search_details import (
    Hit,
    details_built,
    details_index,
    details_matching,
    explain_details,
    explain_tail,
    find_details,
)
from netcrm.services.search_text import split_search_text
from netcrm.store.engine import Store
from netcrm.store.ids import id_of
from netcrm.store.revision import read_revision
from netcrm.store.tables import CONTACT, CONTACT_TAG, TAG
from netcrm.store.trash import live

FUZZY_CUTOFF = 75  # lets two swapped letters through ("bdui" finds Budi), not one shared syllable
#: Typo matches only fill a short list: below a screenful of exact matches they are noise,
#: and the fuzzy pass is the one part of a keystroke that reads every contact.
FUZZY_FILLS_UP_TO = 20
#: Match quality: a name (prefix, word, inside), the search text's tail, details, typos.
TAIL_QUALITY, DETAILS_QUALITY, FUZZY_BEST = 75, 74, 73


JOIN = "\n"  # never in a folded text, nor in a folded query


@dataclass
class SearchIndex:
    revision: int
    ids: list[int]
    identities: list[str]
    # ``identities`` and the tails joined by JOIN, and where each one starts (plus the end).
    identity_text: str = ""
    identity_starts: list[int] = field(default_factory=list)
    tail_text: str = ""
    tail_starts: list[int] = field(default_factory=list)
    rows: dict[int, Row[Any]] = field(default_factory=dict)  # contact id -> row, as shown
    tags: dict[int, tuple[str, ...]] = field(default_factory=dict)
    # Rows as shown, scored on ``shown_on``: the score decays by the day, not by the keystroke.
    shown: dict[int, ContactRow] = field(default_factory=dict)
    shown_on: date | None = None
    _positions: dict[int, int] | None = None

    def position_of(self, contact_id: int) -> int | None:
        """Where a live contact is in ``ids`` (``None`` for one not live at this revision)."""
        if self._positions is None:
            self._positions = {cid: position for position, cid in enumerate(self.ids)}
        return self._positions.get(contact_id)


def _joined(parts: list[str]) -> tuple[str, list[int]]:
    starts, offset = [], 0
    for part in parts:
        starts.append(offset)
        offset += len(part) + 1
    starts.append(offset)
    return JOIN.join(parts) + JOIN, starts


def _matches(text: str, starts: list[int], key: str):
    """(position, offset of the first occurrence of ``key`` in that part), positions ascending."""
    at = text.find(key)
    while at != -1:
        position = bisect_right(starts, at) - 1
        yield position, at - starts[position]
        at = text.find(key, starts[position + 1])


def _index(store: Store) -> SearchIndex:
    # Through SQLAlchemy Core: `netcrm search` starts without importing the ORM.
    with store.connection() as connection:
        revision = read_revision(connection)
        cached: SearchIndex | None = store.cache.get("search")
        if cached is not None and cached.revision == revision:
            return cached
        rows = connection.execute(
            select(CONTACT.c.id, CONTACT.c.search_text).where(live(CONTACT.c))
        ).all()
    ids: list[int] = []
    identities: list[str] = []
    tails: list[str] = []
    for cid, text in rows:
        identity, tail = split_search_text(text)
        ids.append(cid)
        identities.append(identity)
        tails.append(tail)
    index = SearchIndex(revision, ids, identities)
    index.identity_text, index.identity_starts = _joined(identities)
    index.tail_text, index.tail_starts = _joined(tails)
    store.cache["search"] = index
    return index


def search(
    store: Store,
    query: str,
    clock: Clock,
    limit: int = 50,
    tag: str | None = None,
    details: bool = False,
    once: bool = False,
) -> list[ContactRow]:
    """Names and handles first (prefix, then substring, then fuzzy), then companies and notes.

    With ``tag``, only contacts carrying that tag are considered. With ``details``, contacts
    matched only in their conversations, strengths, exchanges, follow-ups or long notes come
    after the name matches, and each row matched beyond its name has ``where`` and ``snippet``.
    ``once`` says no keystroke will follow (``netcrm search``): the details that may match are
    read for this query alone, instead of all of them for the next keystrokes too.
    """
    key = fold(query or "")
    if not key:
        raise BadInput("Type something to search for.")
    index = _index(store)
    allowed = _tagged(store, tag) if tag else None
    ranked: dict[int, tuple[int, str]] = {}
    text, starts = index.identity_text, index.identity_starts
    perfect = 0
    for position, at in _matches(text, starts, key):
        if allowed is not None and index.ids[position] not in allowed:
            continue
        if at == 0:
            ranked[position] = (100, "name")
            perfect += 1
            if perfect == limit * 2:  # the best 2 * limit are found: nothing later can beat them
                break
        else:
            ranked[position] = (95 if text[starts[position] + at - 1] == " " else 85, "name")
    if len(ranked) < limit:
        for position, _ in _matches(index.tail_text, index.tail_starts, key):
            if allowed is not None and index.ids[position] not in allowed:
                continue
            if position not in ranked:
                ranked[position] = (TAIL_QUALITY, "details")
    hits: dict[int, Hit] = {}
    if details and len(ranked) < limit:
        hits = _detail_hits(store, index, key, limit * 2 - len(ranked), ranked, allowed, once)
        for cid in hits:
            position = index.position_of(cid)
            if position is not None:
                ranked[position] = (DETAILS_QUALITY, "details")
    room = min(limit, FUZZY_FILLS_UP_TO) - len(ranked)
    if room > 0 and len(key) >= 3:
        # partial_ratio: the typed words against the best-matching stretch of a name, so a
        # misspelt "andi budi suatntoo" finds Andi Budi Sutanto first (WRatio ranked people
        # who share one word higher), and it costs less than WRatio.
        for _, score, position in process.extract(
            key,
            index.identities,
            scorer=fuzz.partial_ratio,
            limit=room + len(ranked),  # some of the best are exact matches, already in
            score_cutoff=FUZZY_CUTOFF,
        ):
            if position not in ranked and (allowed is None or index.ids[position] in allowed):
                ranked[position] = (min(int(score * 0.8), FUZZY_BEST), "fuzzy")
    best = sorted(ranked.items(), key=lambda kv: -kv[1][0])[: limit * 2]
    ranked_ids = [(index.ids[p], how, score) for p, (score, how) in best]
    rows = _rows(store, index, ranked_ids, clock, limit)
    found = _explained(store, index, rows, key, hits, clock) if details else {}
    return [
        _shown_as(row, matched=how, where=found[row.id][0], snippet=found[row.id][1])
        if row.id in found
        else _shown_as(row, matched=how)
        for row, how in rows
    ]


def details_ready(store: Store) -> bool:
    """Whether a search with details would find them at once, the details of the store's
    current revision being read already. On a large network reading them takes a while
    (seconds at 100k contacts): the contacts screen shows the name matches first, meanwhile."""
    with store.connection() as connection:
        revision = read_revision(connection)
    return details_built(store, revision)


def prepare_details(store: Store) -> None:
    """Read the details of the store's current revision, for the searches that follow."""
    details_index(store, _index(store).revision)


def _shown_as(row: ContactRow, **changes: Any) -> ContactRow:
    """``dataclasses.replace(row, **changes)`` at a fifth of the cost (it checks its fields at
    every call): a keystroke on the contacts screen returns up to 500 rows. ``ContactRow`` has
    no ``__post_init__`` to skip."""
    copied = object.__new__(ContactRow)
    fields = copied.__dict__
    fields.update(row.__dict__)
    fields.update(changes)
    return copied


def _detail_hits(
    store: Store,
    index: SearchIndex,
    key: str,
    wanted: int,
    ranked: dict[int, tuple[int, str]],
    allowed: set[int] | None,
    once: bool,
) -> dict[int, Hit]:
    """Contacts not ranked yet whose details hold ``key``, with where."""

    def taken(contact_id: int) -> bool:
        position = index.position_of(contact_id)
        return (
            position is None  # not live at the search index's revision
            or position in ranked
            or (allowed is not None and contact_id not in allowed)
        )

    if once:
        found_in = details_matching(store, index.revision, key)
    else:
        found_in = details_index(store, index.revision)
    return find_details(found_in, key, wanted, taken)


def _explained(
    store: Store,
    index: SearchIndex,
    rows: list[tuple[ContactRow, str]],
    key: str,
    hits: dict[int, Hit],
    clock: Clock,
) -> dict[int, tuple[str, str | None]]:
    """Where each of ``rows`` matched beyond its name, and the text around the match."""
    in_details = {row.id: hits[row.id] for row, _ in rows if row.id in hits}
    in_tail = [row.id for row, how in rows if how == "details" and row.id not in hits]
    found = explain_tail(store, index.revision, in_tail, key, index.tags) if in_tail else {}
    if in_details:
        found.update(explain_details(store, index.revision, in_details, key, clock.now()))
    return found


def _tagged(store: Store, tag: str) -> set[int]:
    with store.connection() as connection:
        return set(
            connection.execute(
                select(CONTACT_TAG.c.contact_id)
                .select_from(CONTACT_TAG.join(TAG, TAG.c.id == CONTACT_TAG.c.tag_id))
                .where(TAG.c.name_key == fold(tag))
            )
            .scalars()
            .all()
        )


def _rows(
    store: Store, index: SearchIndex, ranked: list[tuple[int, str, int]], clock: Clock, limit: int
) -> list[tuple[ContactRow, str]]:
    """The best ``limit`` of ``ranked`` as rows (kept for the day), each with how it matched."""
    if not ranked:
        return []
    now = clock.now()
    if index.shown_on != now.date():
        index.shown, index.shown_on = {}, now.date()
    quality = {cid: score for cid, _, score in ranked}
    how = {cid: matched for cid, matched, _ in ranked}
    missing = [cid for cid in quality if cid not in index.shown and cid not in index.rows]
    if missing:
        with store.connection() as connection:
            query = select(*ROW_COLUMNS).where(CONTACT.c.id.in_(missing))
            for row in connection.execute(query).all():
                index.rows[row.id] = row
            index.tags.update(tags_of(connection, missing))
    shown = index.shown
    for cid in quality:
        if cid not in shown and cid in index.rows:
            shown[cid] = contact_row(index.rows[cid], now, index.tags.get(cid, ()))
    # Same match quality: warmer ties first, then by name and id.
    best = sorted(
        (cid for cid in quality if cid in shown),
        key=lambda cid: (-quality[cid], -shown[cid].score, shown[cid].name, cid),
    )[:limit]
    return [(shown[cid], how[cid]) for cid in best]


def who_can(store: Store, skill: str, clock: Clock, limit: int = 50) -> list[ContactRow]:
    """Contacts with a matching strength, best ties first, with the evidence."""
    key = fold(skill or "")
    if not key:
        raise BadInput("Say which strength you are looking for.")
    from sqlmodel import col, select

    from netcrm.store.models import Contact, Conversation, Strength

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
            .join(Strength, col(Strength.contact_id) == col(Contact.id))
            .outerjoin(Conversation, col(Conversation.id) == col(Strength.conversation_id))
            .where(live(Contact), col(Strength.name_key).in_(wanted))
        ).all()
        tags = tags_of(session, [id_of(c) for c, *_ in rows])
    best: dict[int, ContactRow] = {}
    tz = now.tzinfo
    for contact, strength, noted_at, summary in rows:
        contact_id = id_of(contact)
        if contact_id in best:  # the first matching strength is the evidence
            continue
        evidence = f"{strength}, noted {noted_at.astimezone(tz).date().isoformat()}"
        if summary:
            evidence += f' ("{summary[:60]}")'
        best[contact_id] = contact_row(
            contact,
            now,
            tags.get(contact_id, ()),
            matched=strength,
            evidence=evidence,
            noted_on=noted_at.astimezone(tz).date(),
            evidence_talk=summary,
        )
    stage_rank = {"trusted": 4, "mutual": 3, "known": 2, "talked": 1, "follower": 0}
    ordered = sorted(best.values(), key=lambda r: (-r.score, -stage_rank[r.stage], r.name))
    return ordered[:limit]


def strength_names(store: Store) -> list[str]:
    """Known strengths of contacts, most common first (for autocomplete)."""
    from sqlmodel import col, select

    from netcrm.store.models import Strength

    with store.session() as session:
        rows = session.exec(
            select(func.min(Strength.name), func.count())
            .group_by(col(Strength.name_key))
            .order_by(func.count().desc(), col(Strength.name_key))
            .limit(500)
        ).all()
    seen: dict[str, str] = {}
    for name, _ in rows:
        seen.setdefault(fold(name), name)
    return list(seen.values())
