"""My own strengths, and who knows each of them."""

from __future__ import annotations

from sqlmodel import select

from netcrm.domain.text import clean_name, fold
from netcrm.services.aggregates import bump_revision
from netcrm.services.clock import Clock
from netcrm.services.conversations import my_strength_in
from netcrm.services.records import MyStrengthRecord
from netcrm.store.engine import Store
from netcrm.store.models import Contact, Disclosure, MyStrength

CLOSE_STAGES = ("known", "mutual", "trusted")
NOT_YET_SHOWN = 5


def add_my_strength(store: Store, name: str, clock: Clock) -> str:
    value = clean_name(name, "strength")
    with store.writing() as session:
        mine = my_strength_in(session, value, clock.now())
        bump_revision(session)
        session.commit()
        return mine.name


def my_strengths(store: Store) -> list[MyStrengthRecord]:
    """Each of my strengths with who knows it, and the close ties who don't yet."""
    with store.session() as session:
        strengths = session.exec(select(MyStrength).order_by(MyStrength.name_key)).all()
        knows = session.exec(
            select(Disclosure.my_strength_id, Contact.id, Contact.name)
            .join(Contact, Contact.id == Disclosure.contact_id)
            .where(Contact.trashed_at.is_(None))
            .order_by(Contact.name_key)
        ).all()
        close = session.exec(
            select(Contact.id, Contact.name)
            .where(Contact.trashed_at.is_(None), Contact.stage.in_(CLOSE_STAGES))
            .order_by(Contact.warmth_mass.desc())
            .limit(200)
        ).all()
    known_by: dict[int, list[tuple[int, str]]] = {}
    for sid, cid, name in knows:
        known_by.setdefault(sid, []).append((cid, name))
    records = []
    for strength in strengths:
        who = known_by.get(strength.id, [])
        ids = {cid for cid, _ in who}
        not_yet = [name for cid, name in close if cid not in ids][:NOT_YET_SHOWN]
        records.append(
            MyStrengthRecord(strength.id, strength.name, tuple(n for _, n in who), tuple(not_yet))
        )
    return records


def my_strength_names(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.exec(select(MyStrength.name).order_by(MyStrength.name_key)).all())


def find_my_strength(store: Store, name: str) -> str | None:
    with store.session() as session:
        row = session.exec(select(MyStrength.name).where(MyStrength.name_key == fold(name))).first()
        return row
