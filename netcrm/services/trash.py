"""The trash: a removed contact keeps everything until the trash is emptied, so it can come back."""

from __future__ import annotations

from sqlalchemy import delete
from sqlmodel import col, select

from netcrm.services.clock import Clock
from netcrm.services.records import TrashRow
from netcrm.services.resolving import resolve_contact
from netcrm.store.engine import Store
from netcrm.store.ids import id_of
from netcrm.store.journal import Journal
from netcrm.store.models import Contact, Conversation, Participant
from netcrm.store.trash import trashed


def trash_contact(store: Store, name: str, clock: Clock) -> str:
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name)
        journal.keep_contacts([contact.id])
        contact.trashed_at = clock.now()
        journal.commit("rm", f"Moved {contact.name} to the trash", clock.now())
        return contact.name


def restore_contact(store: Store, name: str, clock: Clock) -> str:
    with store.writing() as session:
        journal = Journal(session)
        contact = resolve_contact(session, name, trashed=True)
        journal.keep_contacts([contact.id])
        contact.trashed_at = None
        journal.commit("restore", f"Restored {contact.name} from the trash", clock.now())
        return contact.name


def list_trash(store: Store) -> list[TrashRow]:
    with store.session() as session:
        rows = session.exec(
            select(Contact).where(trashed(Contact)).order_by(col(Contact.trashed_at).desc())
        ).all()
        return [_trash_row(c) for c in rows]


def _trash_row(contact: Contact) -> TrashRow:
    assert contact.trashed_at is not None  # listed from the trash
    return TrashRow(id_of(contact), contact.name, contact.trashed_at, contact.conversation_count)


def empty_trash(store: Store, clock: Clock) -> int:
    """Delete trashed contacts for good, with conversations nobody else took part in.

    "For good" as far as the trash goes: ``netcrm undo`` still brings the last emptying back.
    """
    with store.writing() as session:
        journal = Journal(session)
        ids = session.exec(select(Contact.id).where(trashed(Contact))).all()
        if not ids:
            return 0
        journal.keep_contacts(ids)
        conversation_ids = session.exec(
            select(Participant.conversation_id).where(col(Participant.contact_id).in_(ids))
        ).all()
        session.execute(delete(Contact).where(col(Contact.id).in_(ids)))
        orphans = session.exec(
            select(Conversation.id).where(
                col(Conversation.id).in_(conversation_ids),
                ~select(Participant.conversation_id)
                .where(Participant.conversation_id == Conversation.id)
                .exists(),
            )
        ).all()
        if orphans:
            session.execute(delete(Conversation).where(col(Conversation.id).in_(orphans)))
        who = "1 person" if len(ids) == 1 else f"{len(ids)} people"
        journal.commit("empty-trash", f"Emptied the trash ({who})", clock.now())
        return len(ids)
