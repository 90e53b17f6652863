"""One person, one record: folding duplicates into the one kept, undoing that, and "not the same".

A merge moves everything of each OTHER to KEEP in one journaled transaction: handles (their
directions combined), e-mails, phones, tags, conversations (a conversation both took part in
counts for KEEP once), strengths and disclosures (with their evidence), exchanges, follow-ups,
put-offs, the pairs said to be different, and the fields still empty on KEEP; KEEP's own
values win, and notes that differ are appended. Then OTHER is deleted and KEEP's counts,
stage, score and keep-in-touch are recomputed. Nothing is created with an id, so the
journal's before-image puts both people back exactly (``unmerge``, or ``undo``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import delete, select, update
from sqlmodel import Session

from netcrm.domain.errors import BadInput, NotFound, Unchanged
from netcrm.domain.name_list import names_in_words
from netcrm.domain.phones import phone_key
from netcrm.domain.text import fold
from netcrm.services.aggregates import refresh_history, refresh_search_text
from netcrm.services.clock import Clock
from netcrm.services.import_matching import merge_direction
from netcrm.services.records import MergeResult, UnmergeResult
from netcrm.services.resolving import named_exactly, resolve_contact
from netcrm.services.settings import phone_region_of
from netcrm.store.engine import Store
from netcrm.store.journal import Journal, overlaps, put_back
from netcrm.store.models import Contact, NotSame
from netcrm.store.revision import bump_revision
from netcrm.store.settings import read_settings
from netcrm.store.tables import (
    CONTACT_TAG,
    DISCLOSURE,
    DISMISSAL,
    EMAIL,
    EXCHANGE,
    FOLLOW_UP,
    HANDLE,
    JOURNAL,
    NOT_SAME,
    PARTICIPANT,
    STRENGTH,
)
from netcrm.store.trash import live, trashed

MERGE = "merge"
#: Fields a merge fills on KEEP when KEEP has none (``notes`` are appended instead).
FILLED = ("company", "role", "location", "how_met", "source", "since", "birthday", "cadence")


@dataclass
class _Moved:
    """What a merge moved, counted as it goes, said as lines for the dry run and the report."""

    counts: dict[str, int] = field(default_factory=dict)
    fields: list[str] = field(default_factory=list)

    def add(self, what: str, count: int) -> None:
        if count:
            self.counts[what] = self.counts.get(what, 0) + count

    def lines(self) -> tuple[str, ...]:
        counted = [
            f"{n} {what if n != 1 else what.removesuffix('s')}" for what, n in self.counts.items()
        ]
        return tuple(counted + self.fields)


def _live_person(
    session: Session, name: str, otherwise: str = " or leave them out of the merge"
) -> Contact:
    """The live contact NAME means; someone in the trash is refused with what to do.

    A name (or id) that is exactly someone's in the trash means them, even when the name
    also resembles people who are not in the trash."""
    gone = named_exactly(session, name, trashed(Contact))
    if gone is not None and named_exactly(session, name, live(Contact)) is None:
        raise BadInput(
            f"{gone.name} is in the trash; restore them first "
            f'(netcrm restore "#{gone.id}"){otherwise}.'
        )
    return resolve_contact(session, name)


def merge_people(
    store: Store, keep_name: str, other_names: Sequence[str], clock: Clock, *, dry_run: bool = False
) -> MergeResult:
    """Fold the people ``other_names`` name into the one ``keep_name`` names."""
    if not other_names:
        raise BadInput("Name at least one person to merge into the one kept.")
    with store.writing() as session:
        journal = Journal(session)
        keep = _live_person(session, keep_name)
        others: list[Contact] = []
        for name in other_names:
            other = _live_person(session, name)
            if other.id == keep.id:
                raise BadInput(f"{keep.name} cannot be merged with themselves; name someone else.")
            if any(o.id == other.id for o in others):
                raise BadInput(f"{other.name} is named twice; name each person once.")
            others.append(other)
        other_ids = [o.id for o in others]
        third_parties = session.execute(
            select(NOT_SAME.c.contact_id).where(NOT_SAME.c.other_id.in_(other_ids))
        ).scalars()
        journal.keep_contacts([keep.id, *other_ids, *third_parties])
        region = phone_region_of(read_settings(session))
        moved = _Moved()
        merged = []
        for other in others:
            merged.append(f"{other.name} (#{other.id})")
            _fold_into(session, keep, other, moved, region)
        now = clock.now()
        keep.updated_at = now
        session.flush()
        refresh_search_text(session, keep)
        refresh_history(session, keep, clock.today())
        result = MergeResult(keep.id or 0, keep.name, tuple(merged), moved.lines(), dry_run)
        if dry_run:
            session.rollback()
            return result
        about = {"into": keep.id, "merged": [{"id": o.id, "name": o.name} for o in others]}
        journal.commit(MERGE, f"Merged {', '.join(merged)} into {keep.name}", now, about)
        return result


def _fold_into(
    session: Session, keep: Contact, other: Contact, moved: _Moved, region: str | None
) -> None:
    keep_id, other_id = keep.id, other.id
    session.flush()
    moved.add("conversations", _move_participation(session, keep_id, other_id))
    moved.add("handles", _move_handles(session, keep_id, other_id))
    moved.add("e-mails", _move_unique(session, EMAIL, "address_key", keep_id, other_id))
    moved.add("tags", _move_unique(session, CONTACT_TAG, "tag_id", keep_id, other_id))
    moved.add(
        "strengths", _move_evidence(session, STRENGTH, "name_key", "noted_at", keep_id, other_id)
    )
    moved.add(
        "disclosures",
        _move_evidence(session, DISCLOSURE, "my_strength_id", "at", keep_id, other_id),
    )
    for table, what in (
        (EXCHANGE, "exchanges"),
        (FOLLOW_UP, "follow-ups"),
        (DISMISSAL, "put-offs"),
    ):
        moved.add(what, _move_all(session, table, keep_id, other_id))
    _move_not_same(session, keep_id, other_id)
    known = {phone_key(p, region) or p for p in keep.phones}
    new_phones = [p for p in other.phones if (phone_key(p, region) or p) not in known]
    if new_phones:
        keep.phones = [*keep.phones, *new_phones]
        moved.add("phones", len(new_phones))
    _fill_fields(keep, other, moved)
    session.delete(other)
    session.flush()


def _move_all(session: Session, table: Any, keep_id: Any, other_id: Any) -> int:
    rows = session.connection().execute(
        update(table).where(table.c.contact_id == other_id).values(contact_id=keep_id)
    )
    return rows.rowcount or 0


def _move_participation(session: Session, keep_id: Any, other_id: Any) -> int:
    """OTHER's conversations become KEEP's; one both took part in counts for KEEP once."""
    both = select(PARTICIPANT.c.conversation_id).where(PARTICIPANT.c.contact_id == keep_id)
    theirs = (PARTICIPANT.c.contact_id == other_id) & PARTICIPANT.c.conversation_id.not_in(both)
    statement = update(PARTICIPANT).where(theirs).values(contact_id=keep_id)
    moved = session.connection().execute(statement).rowcount
    session.execute(delete(PARTICIPANT).where(PARTICIPANT.c.contact_id == other_id))
    return moved or 0


def _move_unique(session: Session, table: Any, key: str, keep_id: Any, other_id: Any) -> int:
    """Move OTHER's rows of ``table`` whose ``key`` KEEP does not have; drop the rest."""
    kept = select(table.c[key]).where(table.c.contact_id == keep_id)
    theirs = (table.c.contact_id == other_id) & table.c[key].not_in(kept)
    statement = update(table).where(theirs).values(contact_id=keep_id)
    moved = session.connection().execute(statement).rowcount
    session.execute(delete(table).where(table.c.contact_id == other_id))
    return moved or 0


def _move_handles(session: Session, keep_id: Any, other_id: Any) -> int:
    """Move OTHER's handles; one KEEP has too combines its direction, URL and date into KEEP's."""
    theirs = session.execute(select(HANDLE).where(HANDLE.c.contact_id == other_id)).all()
    ours = {
        (row.platform, row.username_key): row
        for row in session.execute(select(HANDLE).where(HANDLE.c.contact_id == keep_id)).all()
    }
    moved = 0
    for row in theirs:
        same = ours.get((row.platform, row.username_key))
        if same is None:
            session.execute(update(HANDLE).where(HANDLE.c.id == row.id).values(contact_id=keep_id))
            moved += 1
            continue
        since = min(filter(None, (same.since, row.since)), default=None)
        session.execute(
            update(HANDLE)
            .where(HANDLE.c.id == same.id)
            .values(
                direction=merge_direction(same.direction, row.direction),
                url=same.url or row.url,
                since=since,
            )
        )
        session.execute(delete(HANDLE).where(HANDLE.c.id == row.id))
    return moved


def _move_evidence(
    session: Session, table: Any, key: str, moment: str, keep_id: Any, other_id: Any
) -> int:
    """Move OTHER's strengths (or disclosures); one KEEP has too keeps the earlier moment and
    takes OTHER's evidence (the conversation) when KEEP's has none."""
    ours = {
        row[key]: row
        for row in session.execute(select(table).where(table.c.contact_id == keep_id)).mappings()
    }
    moved = 0
    for row in (
        session.execute(select(table).where(table.c.contact_id == other_id)).mappings().all()
    ):
        same = ours.get(row[key])
        if same is None:
            session.execute(update(table).where(table.c.id == row["id"]).values(contact_id=keep_id))
            moved += 1
            continue
        session.execute(delete(table).where(table.c.id == row["id"]))
        session.execute(
            update(table)
            .where(table.c.id == same["id"])
            .values(
                {
                    moment: min(same[moment], row[moment]),
                    "conversation_id": same["conversation_id"] or row["conversation_id"],
                }
            )
        )
    return moved


def _move_not_same(session: Session, keep_id: Any, other_id: Any) -> None:
    """ "X is not OTHER" becomes "X is not KEEP", from both sides; "KEEP is not OTHER" goes."""
    pairs = session.execute(
        select(NOT_SAME.c.other_id).where(NOT_SAME.c.contact_id == keep_id)
    ).scalars()
    already = set(pairs) | {keep_id}
    session.execute(
        update(NOT_SAME)
        .where(NOT_SAME.c.contact_id == other_id, NOT_SAME.c.other_id.not_in(already))
        .values(contact_id=keep_id)
    )
    session.execute(
        update(NOT_SAME)
        .where(NOT_SAME.c.other_id == other_id, NOT_SAME.c.contact_id.not_in(already))
        .values(other_id=keep_id)
    )
    session.execute(
        delete(NOT_SAME).where(
            (NOT_SAME.c.contact_id == other_id) | (NOT_SAME.c.other_id == other_id)
        )
    )


def _fill_fields(keep: Contact, other: Contact, moved: _Moved) -> None:
    for name in FILLED:
        value = getattr(other, name)
        if value not in (None, "") and getattr(keep, name) in (None, ""):
            setattr(keep, name, value)
            moved.fields.append(f"{name.replace('_', ' ')}: {value}")
            if name == "birthday":
                keep.birthday_md = other.birthday_md
            elif name == "cadence":
                keep.cadence_set_on = other.cadence_set_on
    extra = (other.notes or "").strip()
    if extra and extra not in (keep.notes or ""):
        if keep.notes:
            keep.notes = f"{keep.notes.rstrip()}\n\n{extra}"
            moved.fields.append("notes appended")
        else:
            keep.notes = other.notes
            moved.fields.append("notes")


# --- unmerge ---------------------------------------------------------------------------------


def unmerge(store: Store, name: str, clock: Clock) -> UnmergeResult:
    """Undo the newest merge into the person ``name`` names, exactly, even after later
    changes to other people; refused when a later change touched the people it joined."""
    with store.writing() as session:
        merges = session.execute(
            select(JOURNAL)
            .where(JOURNAL.c.action == MERGE, JOURNAL.c.undone_at.is_(None))
            .order_by(JOURNAL.c.id.desc())
        ).all()
        entry = _merge_into(session, name, merges)
        later = session.execute(
            select(JOURNAL).where(JOURNAL.c.id > entry.id, JOURNAL.c.undone_at.is_(None))
        ).all()
        about = entry.before.get("about", {})
        keep_name = _kept_name(session, about)
        touched = [e for e in later if overlaps(entry.before, e.before)]
        if touched:
            newest = touched[-1].summary
            count = "1 later change" if len(touched) == 1 else f"{len(touched)} later changes"
            raise BadInput(
                f'{keep_name} has changed since the merge ({count}, the newest "{newest}"); '
                "undo those first (netcrm history lists them), then unmerge."
            )
        put_back(session, entry.before)
        session.execute(
            update(JOURNAL).where(JOURNAL.c.id == entry.id).values(undone_at=clock.now())
        )
        bump_revision(session)
        session.commit()
        restored = tuple(f"{m['name']} (#{m['id']})" for m in about.get("merged", []))
        return UnmergeResult(keep_name, restored)


def _kept_name(session: Session, about: dict[str, Any]) -> str:
    keep = session.get(Contact, about.get("into"))
    return keep.name if keep else "The person kept"


def _merge_into(session: Session, name: str, merges: Sequence[Any]) -> Any:
    """The newest merge into NAME; or, when NAME is someone merged away, the merge that took
    them (the name of a person who is no longer there finds nobody otherwise)."""
    try:
        person: Contact | None = resolve_contact(session, name)
    except NotFound:
        person = None
    if person is not None:
        for entry in merges:
            if entry.before.get("about", {}).get("into") == person.id:
                return entry
        raise NotFound(f"No merge into {person.name} is left to undo.")
    key = fold(name.strip().removeprefix("#"))
    for entry in merges:
        for merged in entry.before.get("about", {}).get("merged", []):
            if fold(merged["name"]) == key or str(merged["id"]) == key:
                return entry
    raise NotFound(f'No contact called "{name.strip()}", and no merge of anyone so called to undo.')


# --- not the same ----------------------------------------------------------------------------


def mark_not_same(store: Store, first: str, second: str, clock: Clock) -> tuple[str, str]:
    """Remember that two people are different: they are never offered as duplicates again."""
    name, (other,) = mark_not_same_as_others(store, first, [second], clock)
    return name, other


def mark_not_same_as_others(
    store: Store, person: str, others: Sequence[str], clock: Clock
) -> tuple[str, tuple[str, ...]]:
    """Remember that ``person`` is none of ``others``, in one change (one undo puts it back).

    Pairs already marked are left as they are; :class:`Unchanged` when every pair was.
    """
    if not others:
        raise BadInput("Name at least one person they are not.")
    with store.writing() as session:
        journal = Journal(session)
        one = _live_person(session, person, "")
        rest: list[Contact] = []
        for name in others:
            other = _live_person(session, name, "")
            if other.id == one.id:
                raise BadInput(
                    f'"{person.strip()}" and "{name.strip()}" are both {one.name}; name two people.'
                )
            if all(o.id != other.id for o in rest):
                rest.append(other)
        known = set(
            session.execute(
                select(NOT_SAME.c.other_id).where(NOT_SAME.c.contact_id == one.id)
            ).scalars()
        )
        new = [o for o in rest if o.id not in known]
        names = tuple(o.name for o in rest)
        if not new:
            raise Unchanged(
                f"{one.name} is already marked as a different person from {names_in_words(names)}."
            )
        journal.keep_contacts([one.id, *(o.id for o in new)])
        now = clock.now()
        assert one.id is not None  # read from the store
        for other in new:
            assert other.id is not None
            session.add(NotSame(contact_id=one.id, other_id=other.id, created_at=now))
            session.add(NotSame(contact_id=other.id, other_id=one.id, created_at=now))
        journal.commit(
            "not-same",
            f"Marked {one.name} as a different person from {names_in_words(names)}",
            now,
        )
        return one.name, names
