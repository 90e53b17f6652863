"""One person's full record, as ``show`` and the contact screen present it."""

from __future__ import annotations

from sqlmodel import Session, col, select

from netcrm.domain.errors import NetcrmError, NotFound
from netcrm.domain.ladder import LadderFacts, ladder_stage
from netcrm.domain.score import engagement_score, score_history
from netcrm.services.clock import Clock
from netcrm.services.contact_rows import tags_of, talk_aggregate
from netcrm.services.records import (
    ContactDetail,
    ConversationRecord,
    DisclosureRecord,
    ExchangeRecord,
    FollowUpRecord,
    HandleRecord,
    StrengthRecord,
)
from netcrm.services.resolving import resolve_contact
from netcrm.store.engine import Store
from netcrm.store.models import (
    Contact,
    Conversation,
    Disclosure,
    Email,
    Exchange,
    FollowUp,
    Handle,
    MyStrength,
    Participant,
    Strength,
)


def show_contact(store: Store, name: str, clock: Clock) -> ContactDetail:
    """The live person ``name`` names; failing that, one in the trash (the detail says so)."""
    with store.session() as session:
        try:
            contact = resolve_contact(session, name)
        except NotFound as missing:
            try:
                contact = resolve_contact(session, name, trashed=True)
            except NetcrmError:
                raise missing from None
        return contact_detail(session, contact, clock)


def get_contact(store: Store, contact_id: int, clock: Clock) -> ContactDetail:
    with store.session() as session:
        contact = session.get(Contact, contact_id)
        if contact is None:
            raise NotFound(f"No contact with id {contact_id}.")
        return contact_detail(session, contact, clock)


def _stored(row_id: int | None) -> int:
    """The id of a row read from the store, which always has one."""
    assert row_id is not None
    return row_id


def contact_detail(session: Session, contact: Contact, clock: Clock) -> ContactDetail:
    now = clock.now()
    tz = now.tzinfo
    cid = _stored(contact.id)
    conversations = session.exec(
        select(Conversation)
        .join(Participant, col(Participant.conversation_id) == Conversation.id)
        .where(Participant.contact_id == cid)
        .order_by(col(Conversation.at).desc(), col(Conversation.id).desc())
    ).all()
    conv_ids = [_stored(c.id) for c in conversations]
    participants: dict[int, list[str]] = {}
    if conv_ids:
        for conv_id, pname in session.exec(
            select(Participant.conversation_id, Contact.name)
            .join(Contact, col(Contact.id) == Participant.contact_id)
            .where(col(Participant.conversation_id).in_(conv_ids))
        ).all():
            participants.setdefault(conv_id, []).append(pname)
    summaries = {c.id: c.summary for c in conversations}
    strengths = session.exec(
        select(Strength).where(Strength.contact_id == cid).order_by(col(Strength.noted_at))
    ).all()
    disclosures = session.exec(
        select(MyStrength.name, Disclosure.at)
        .join(MyStrength, col(MyStrength.id) == Disclosure.my_strength_id)
        .where(Disclosure.contact_id == cid)
        .order_by(col(Disclosure.at))
    ).all()
    exchanges = session.exec(
        select(Exchange).where(Exchange.contact_id == cid).order_by(col(Exchange.at).desc())
    ).all()
    follow_ups = session.exec(
        select(FollowUp)
        .where(FollowUp.contact_id == cid)
        .order_by(col(FollowUp.status).desc(), col(FollowUp.due))
    ).all()
    handles = session.exec(
        select(Handle).where(Handle.contact_id == cid).order_by(col(Handle.platform))
    ).all()
    emails = session.exec(
        select(Email.address).where(Email.contact_id == cid).order_by(col(Email.id))
    ).all()
    verdict = ladder_stage(
        LadderFacts(
            contact.conversation_count,
            contact.strength_count,
            contact.disclosure_count,
            contact.exchange_count,
        )
    )
    score = engagement_score(talk_aggregate(contact), now)
    talks = [(c.at, c.channel, c.initiated) for c in conversations]
    return ContactDetail(
        id=cid,
        name=contact.name,
        company=contact.company,
        role=contact.role,
        location=contact.location,
        emails=tuple(emails),
        phones=tuple(contact.phones or ()),
        birthday=contact.birthday,
        how_met=contact.how_met,
        source=contact.source,
        since=contact.since,
        notes=contact.notes,
        tags=tags_of(session, [cid]).get(cid, ()),
        cadence=contact.cadence,
        next_touch_due=contact.next_touch_due,
        stage=verdict.stage.value,
        stage_why=verdict.why,
        next_step=verdict.next_step,
        score=score.value,
        score_why=score.why,
        score_history=tuple(score_history(talks, now)),
        last_talked=contact.last_talked_at.astimezone(tz).date()
        if contact.last_talked_at
        else None,
        handles=tuple(
            HandleRecord(h.platform, h.username, h.url, h.direction, h.since) for h in handles
        ),
        conversations=tuple(
            ConversationRecord(
                cvid,
                c.at.astimezone(tz),
                c.has_time,
                c.channel,
                c.summary,
                c.place,
                c.initiated,
                tuple(sorted(participants.get(cvid, ()))),
            )
            for cvid, c in zip(conv_ids, conversations, strict=True)
        ),
        strengths=tuple(
            StrengthRecord(
                s.name,
                s.noted_at.astimezone(tz).date(),
                s.conversation_id,
                summaries.get(s.conversation_id),
            )
            for s in strengths
        ),
        knows_mine=tuple(DisclosureRecord(n, at.astimezone(tz).date()) for n, at in disclosures),
        exchanges=tuple(
            ExchangeRecord(
                _stored(e.id), e.direction, e.kind, e.description, e.at.astimezone(tz).date()
            )
            for e in exchanges
        ),
        follow_ups=tuple(
            FollowUpRecord(
                _stored(f.id),
                cid,
                contact.name,
                f.title,
                f.due,
                f.recurrence,
                f.status,
                f.snoozed_from,
            )
            for f in follow_ups
        ),
        trashed=contact.trashed_at is not None,
    )
