"""Search beyond names: what was said, learned, exchanged and promised, and where it matched.

The per-keystroke search (``services.search``) reads each contact's folded ``search_text``
(names and handles, then company, role, location, e-mails, tags and the start of the notes).
This module adds the rest a person remembers someone by: conversation summaries and places,
strengths, exchanges, open and done follow-up titles, and notes too long for the search text.

As the search index does, it loads the folded texts once per store revision and joins them, one
string per kind, so that a keystroke is a C-speed ``str.find`` over each and Python only sees
the matches. A search run once (``netcrm search``) reads instead only the rows a cheap test in
SQL cannot rule out (:func:`details_matching`), and finds in them exactly as in the whole. The
texts as typed, to show around a match, are read only for the rows shown, and kept for the
revision. Everything is read through SQLAlchemy Core, like search.
"""

from __future__ import annotations

from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from itertools import accumulate
from operator import itemgetter
from threading import Lock
from typing import Any, NamedTuple

from sqlalchemy import ColumnElement, Connection, LargeBinary, Select, cast, func, or_, select

from netcrm.domain.snippet import SNIPPET_WIDTH, match_span, snippet
from netcrm.domain.text import fold_all
from netcrm.services.search_text import NOTES_IN_SEARCH
from netcrm.store.engine import Store
from netcrm.store.tables import (
    CONTACT,
    CONVERSATION,
    EMAIL,
    EXCHANGE,
    FOLLOW_UP,
    PARTICIPANT,
    STRENGTH,
)
from netcrm.store.trash import live, trashed

JOIN = "\n"  # never in a folded text, nor in a folded query

# The kinds of detail, in the order a contact's first match is looked for.
SUMMARY = "summary"
PLACE = "place"
STRENGTH_NAME = "strength"
EXCHANGE_TEXT = "exchange"
OPEN_FOLLOW_UP = "follow-up"
DONE_FOLLOW_UP = "done follow-up"
LONG_NOTE = "note"


@dataclass
class DetailPart:
    """The folded texts of one kind, joined by JOIN: item ``i`` starts at ``starts[i]``, is
    the row ``items[i]`` of its table, and belongs to the contact ``owners[i]``."""

    kind: str
    text: str
    starts: array[int]
    owners: array[int]
    items: array[int]

    def matches(self, key: str) -> Iterable[int]:
        """The items holding ``key``, in order, each once."""
        text, starts = self.text, self.starts
        at = text.find(key)
        while at != -1:
            item = bisect_right(starts, at) - 1
            yield item
            at = text.find(key, starts[item + 1])


@dataclass
class DetailsIndex:
    revision: int
    parts: tuple[DetailPart, ...]


class Hit(NamedTuple):
    """Where a contact matched: the kind of detail and the id of its row."""

    kind: str
    item: int


@dataclass
class ShownTexts:
    """The texts as typed (and conversation dates) read for shown rows, kept for a revision."""

    revision: int
    rows: dict[tuple[str, int], tuple[Any, ...]] = field(default_factory=dict)
    contacts: dict[int, tuple[Any, ...]] = field(default_factory=dict)  # company, role... notes
    emails: dict[int, tuple[str, ...]] = field(default_factory=dict)


class _PartBuilder:
    """A part built a batch of rows at a time, so that a large network's rows are never all
    held at once: each batch is folded, joined and let go."""

    def __init__(self, kind: str, column: int, folded: bool = False) -> None:
        self.kind, self.column, self.folded = kind, column, folded
        self.pieces: list[str] = []
        self.starts = array("q", [0])
        self.owners = array("q")
        self.items = array("q")

    def add(self, rows: Iterable[Sequence[Any]]) -> None:
        """Rows of (owner, item, ...), in order; those whose ``column`` holds no text are left."""
        column = self.column
        kept = [row for row in rows if row[column]]
        if not kept:
            return
        texts = [row[column] for row in kept]
        if not self.folded:
            texts = fold_all(texts)
        ends = accumulate(
            map(len, texts), lambda end, size: end + size + 1, initial=self.starts[-1]
        )
        next(ends)  # the first is where this batch starts, there already
        self.starts.extend(ends)
        self.pieces.append(JOIN.join(texts) + JOIN)
        self.owners.extend(map(itemgetter(0), kept))
        self.items.extend(map(itemgetter(1), kept))

    def part(self) -> DetailPart:
        return DetailPart(self.kind, "".join(self.pieces), self.starts, self.owners, self.items)


#: Rows read and folded at a time while the details are read whole.
BATCH = 20_000


def _batches(connection: Connection, statement: Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
    """The rows of ``statement`` as plain tuples, a batch at a time, through the driver's own
    cursor: for the 100k conversations of a large network, building SQLAlchemy's rows cost as
    much as the query. The statements here take no parameters (their few values are
    literals)."""
    sql = str(statement.compile(dialect=connection.dialect, compile_kwargs={"literal_binds": True}))
    cursor = connection.connection.cursor()
    try:
        cursor.execute(sql)
        while batch := cursor.fetchmany(BATCH):
            yield list(batch)
    finally:
        cursor.close()


def details_built(store: Store, revision: int) -> bool:
    """Whether the details of ``revision`` are read already (a search finds in them at once)."""
    cached: DetailsIndex | None = store.cache.get("search-details")
    return cached is not None and cached.revision == revision


def details_index(store: Store, revision: int) -> DetailsIndex:
    """The joined folded details of live contacts at ``revision``, built once per revision.

    One thread builds them at a time (the TUI may search in several): the others wait, then
    use what it built."""
    lock: Lock = store.cache.setdefault("search-details-lock", Lock())
    with lock:
        cached: DetailsIndex | None = store.cache.get("search-details")
        if cached is not None and cached.revision == revision:
            return cached
        with store.connection() as connection:
            index = DetailsIndex(revision, _read_parts(connection, None))
        store.cache["search-details"] = index
        return index


def details_matching(store: Store, revision: int, key: str) -> DetailsIndex:
    """The details that may hold ``key``, for a search run once (``netcrm search``): the same
    parts as :func:`details_index`, kept to the rows a cheap test in SQL cannot rule out, so
    that finding in them gives the same people in the same order. Not kept."""
    cached: DetailsIndex | None = store.cache.get("search-details")
    if cached is not None and cached.revision == revision:
        return cached
    with store.connection() as connection:
        return DetailsIndex(revision, _read_parts(connection, key))


def _may_hold(column: Any, key: str, dialect: str) -> ColumnElement[bool]:
    """A test, in SQL, that ``column`` may hold the folded ``key``: true of every text whose
    fold holds it. A text of plain ASCII folds by lower case and single spaces, so it holds
    ``key`` only if its words come in order (``ILIKE '%budi%santoso%'``); any other text is
    kept for Python to fold (its length in bytes is not its length in characters)."""
    sqlite = dialect == "sqlite"
    octets = func.length(cast(column, LargeBinary)) if sqlite else func.octet_length(column)
    beyond_ascii = func.length(column) != octets
    if not key.isascii():
        return beyond_ascii
    words = [
        word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        for word in key.split(" ")
    ]
    pattern = "%" + "%".join(words) + "%"
    # SQLite's LIKE ignores the case of ASCII letters already (netcrm never sets
    # case_sensitive_like); PostgreSQL's needs ILIKE.
    like = column.like(pattern, escape="\\") if sqlite else column.ilike(pattern, escape="\\")
    return or_(like, beyond_ascii)


#: Conversation ids asked about in one query (SQLite allowed 999 parameters before 3.32).
IDS_AT_ONCE = 900


def _talks_holding(connection: Connection, key: str, dialect: str) -> list[tuple[Any, ...]]:
    """(contact, conversation, summary, place) of the conversations that may hold ``key``,
    one row per live participant, newest first: the conversations are picked by a scan of
    their own table, then their people are read (joining first would read every
    conversation of every live contact)."""
    holding = or_(
        _may_hold(CONVERSATION.c.summary, key, dialect),
        _may_hold(CONVERSATION.c.place, key, dialect),
    )
    talks = list(
        connection.execute(
            select(
                CONVERSATION.c.id, CONVERSATION.c.summary, CONVERSATION.c.place, CONVERSATION.c.at
            ).where(holding)
        )
    )
    talks.sort(key=lambda talk: (talk[3], talk[0]), reverse=True)
    people: dict[int, list[int]] = {}
    ids = [talk[0] for talk in talks]
    for start in range(0, len(ids), IDS_AT_ONCE):
        # Not joined with the contacts: SQLite would then walk every live contact.
        for conversation_id, contact_id in connection.execute(
            select(PARTICIPANT.c.conversation_id, PARTICIPANT.c.contact_id)
            .where(PARTICIPANT.c.conversation_id.in_(ids[start : start + IDS_AT_ONCE]))
            .order_by(PARTICIPANT.c.conversation_id, PARTICIPANT.c.contact_id)
        ):
            people.setdefault(conversation_id, []).append(contact_id)
    everyone = sorted({contact_id for talked in people.values() for contact_id in talked})
    binned: set[int] = set()
    for start in range(0, len(everyone), IDS_AT_ONCE):
        binned.update(
            connection.execute(
                select(CONTACT.c.id).where(
                    trashed(CONTACT.c), CONTACT.c.id.in_(everyone[start : start + IDS_AT_ONCE])
                )
            ).scalars()
        )
    return [
        (contact_id, talk[0], talk[1], talk[2])
        for talk in talks
        for contact_id in people.get(talk[0], ())
        if contact_id not in binned
    ]


def _read_parts(connection: Connection, key: str | None) -> tuple[DetailPart, ...]:
    """Every part, read on ``connection``: whole, or (with ``key``) only the rows that may
    hold it."""
    alive = live(CONTACT.c)
    dialect = connection.dialect.name

    def holding(*columns: Any) -> list[ColumnElement[bool]]:
        if key is None:
            return []
        return [or_(*(_may_hold(column, key, dialect) for column in columns))]

    def batches(statement: Select[Any]) -> Iterator[list[tuple[Any, ...]]]:
        if key is None:
            return _batches(connection, statement)
        return iter([[tuple(row) for row in connection.execute(statement)]])

    summaries, places = _PartBuilder(SUMMARY, 2), _PartBuilder(PLACE, 3)
    strengths = _PartBuilder(STRENGTH_NAME, 2, folded=True)
    exchanges = _PartBuilder(EXCHANGE_TEXT, 2)
    open_follow_ups, done_follow_ups = (
        _PartBuilder(OPEN_FOLLOW_UP, 2),
        _PartBuilder(DONE_FOLLOW_UP, 2),
    )
    notes = _PartBuilder(LONG_NOTE, 2)
    # One row per participant: a group conversation is found for each of its people.
    # Newest first, so a contact's first match is their latest conversation that holds it.
    talks = (
        iter([_talks_holding(connection, key, dialect)])
        if key is not None
        else batches(
            select(
                PARTICIPANT.c.contact_id,
                CONVERSATION.c.id,
                CONVERSATION.c.summary,
                CONVERSATION.c.place,
            )
            .select_from(
                PARTICIPANT.join(
                    CONVERSATION, CONVERSATION.c.id == PARTICIPANT.c.conversation_id
                ).join(CONTACT, CONTACT.c.id == PARTICIPANT.c.contact_id)
            )
            .where(
                alive, or_(CONVERSATION.c.summary.is_not(None), CONVERSATION.c.place.is_not(None))
            )
            .order_by(CONVERSATION.c.at.desc(), CONVERSATION.c.id.desc(), PARTICIPANT.c.contact_id)
        )
    )
    for batch in talks:
        summaries.add(batch)
        places.add(batch)
    for batch in batches(
        select(STRENGTH.c.contact_id, STRENGTH.c.id, STRENGTH.c.name_key)
        .select_from(STRENGTH.join(CONTACT, CONTACT.c.id == STRENGTH.c.contact_id))
        .where(alive, *holding(STRENGTH.c.name_key))
        .order_by(STRENGTH.c.id)
    ):
        strengths.add(batch)
    for batch in batches(
        select(EXCHANGE.c.contact_id, EXCHANGE.c.id, EXCHANGE.c.description)
        .select_from(EXCHANGE.join(CONTACT, CONTACT.c.id == EXCHANGE.c.contact_id))
        .where(alive, *holding(EXCHANGE.c.description))
        .order_by(EXCHANGE.c.at.desc(), EXCHANGE.c.id.desc())
    ):
        exchanges.add(batch)
    for batch in batches(
        select(FOLLOW_UP.c.contact_id, FOLLOW_UP.c.id, FOLLOW_UP.c.title, FOLLOW_UP.c.status)
        .select_from(FOLLOW_UP.join(CONTACT, CONTACT.c.id == FOLLOW_UP.c.contact_id))
        .where(alive, *holding(FOLLOW_UP.c.title))
        .order_by(FOLLOW_UP.c.due, FOLLOW_UP.c.id)
    ):
        open_follow_ups.add([row for row in batch if row[3] == "open"])
        done_follow_ups.add([row for row in batch if row[3] != "open"])
    # Notes are in the search text up to NOTES_IN_SEARCH characters; longer ones are
    # searched whole here.
    for batch in batches(
        select(CONTACT.c.id, CONTACT.c.id, CONTACT.c.notes).where(
            alive, func.length(CONTACT.c.notes) > NOTES_IN_SEARCH, *holding(CONTACT.c.notes)
        )
    ):
        notes.add(batch)
    builders = (summaries, places, strengths, exchanges, open_follow_ups, done_follow_ups, notes)
    return tuple(builder.part() for builder in builders)


def find_details(
    index: DetailsIndex, key: str, wanted: int, taken: Callable[[int], bool]
) -> dict[int, Hit]:
    """Up to ``wanted`` contacts whose details hold ``key``, each with its first match (kinds
    in order, a contact's latest conversation first); contacts ``taken`` are passed over."""
    hits: dict[int, Hit] = {}
    if wanted <= 0:
        return hits
    for part in index.parts:
        owners, items, kind = part.owners, part.items, part.kind
        for position in part.matches(key):
            owner = owners[position]
            if owner in hits or taken(owner):
                continue
            hits[owner] = Hit(kind, items[position])
            if len(hits) >= wanted:
                return hits
    return hits


# --- saying where it matched -----------------------------------------------------------------


def _shown_texts(store: Store, revision: int) -> ShownTexts:
    cached: ShownTexts | None = store.cache.get("search-shown-texts")
    if cached is None or cached.revision != revision:
        cached = ShownTexts(revision)
        store.cache["search-shown-texts"] = cached
    return cached


_SOURCES: dict[str, tuple[Any, ...]] = {
    SUMMARY: (CONVERSATION, CONVERSATION.c.at, CONVERSATION.c.summary),
    PLACE: (CONVERSATION, CONVERSATION.c.at, CONVERSATION.c.place),
    STRENGTH_NAME: (STRENGTH, STRENGTH.c.name),
    EXCHANGE_TEXT: (EXCHANGE, EXCHANGE.c.description),
    OPEN_FOLLOW_UP: (FOLLOW_UP, FOLLOW_UP.c.title),
    DONE_FOLLOW_UP: (FOLLOW_UP, FOLLOW_UP.c.title),
    LONG_NOTE: (CONTACT, CONTACT.c.notes),
}


@lru_cache(maxsize=1024)
def day_text(day: date, today: date) -> str:
    """A day as the CLI prints one: "12 Nov", with the year when it is not this year's."""
    return f"{day:%d %b}" if day.year == today.year else f"{day:%d %b %Y}"


def explain_details(
    store: Store, revision: int, hits: dict[int, Hit], key: str, now: datetime
) -> dict[int, tuple[str, str | None]]:
    """For each contact of ``hits``: where it matched ("conversation on 12 Nov", "strength")
    and the text around the match, as typed."""
    shown = _shown_texts(store, revision)
    wanted: dict[str, list[int]] = {}
    for hit in hits.values():
        if (hit.kind, hit.item) not in shown.rows:
            wanted.setdefault(hit.kind, []).append(hit.item)
    if wanted:
        with store.connection() as connection:
            for kind, ids in wanted.items():
                table, *columns = _SOURCES[kind]
                for read in connection.execute(
                    select(table.c.id, *columns).where(table.c.id.in_(ids))
                ):
                    shown.rows[(kind, read[0])] = tuple(read[1:])
    today = now.date()
    out: dict[int, tuple[str, str | None]] = {}
    for contact_id, hit in hits.items():
        row = shown.rows.get((hit.kind, hit.item))
        if row is None:  # gone since the index was read
            continue
        text = row[-1]
        if hit.kind in (SUMMARY, PLACE):
            day = row[0].astimezone(now.tzinfo).date()
            where = f"conversation on {day_text(day, today)}"
        else:
            where = hit.kind
        out[contact_id] = (where, snippet(text, key, SNIPPET_WIDTH))
    return out


def explain_tail(
    store: Store,
    revision: int,
    contact_ids: Sequence[int],
    key: str,
    tags: dict[int, tuple[str, ...]],
) -> dict[int, tuple[str, str | None]]:
    """For contacts matched in their search text's tail: which field ("company", "note"...)
    and the text around the match. A match across two fields says nothing."""
    shown = _shown_texts(store, revision)
    missing = [cid for cid in contact_ids if cid not in shown.contacts]
    if missing:
        with store.connection() as connection:
            for row in connection.execute(
                select(
                    CONTACT.c.id,
                    CONTACT.c.company,
                    CONTACT.c.role,
                    CONTACT.c.location,
                    CONTACT.c.notes,
                ).where(CONTACT.c.id.in_(missing))
            ):
                shown.contacts[row[0]] = tuple(row[1:])
                shown.emails[row[0]] = ()
            emails: dict[int, list[str]] = {}
            for cid, address in connection.execute(
                select(EMAIL.c.contact_id, EMAIL.c.address)
                .where(EMAIL.c.contact_id.in_(missing))
                .order_by(EMAIL.c.id)
            ):
                emails.setdefault(cid, []).append(address)
            for cid, addresses in emails.items():
                shown.emails[cid] = tuple(addresses)
    out: dict[int, tuple[str, str | None]] = {}
    for cid in contact_ids:
        fields = shown.contacts.get(cid)
        if fields is None:
            continue
        company, role, location, notes = fields
        candidates: list[tuple[str, str | None]] = [
            ("company", company),
            ("role", role),
            ("location", location),
            *(("email", address) for address in shown.emails.get(cid, ())),
            *(("tag", tag) for tag in tags.get(cid, ())),
            ("note", notes[:NOTES_IN_SEARCH] if notes else None),
        ]
        for where, text in candidates:
            if text and match_span(text, key) is not None:
                out[cid] = (where, snippet(notes if where == "note" else text, key))
                break
    return out
