"""My own strengths, and who knows each of them."""

from __future__ import annotations

from sqlmodel import col, select

from netcrm.domain.errors import Unchanged
from netcrm.domain.text import clean_name
from netcrm.services.clock import Clock
from netcrm.services.conversations import my_strength_in
from netcrm.services.records import MyStrengthRecord
from netcrm.store.engine import Store
from netcrm.store.ids import id_of
from netcrm.store.journal import Journal
from netcrm.store.models import Contact, Disclosure, MyStrength
from netcrm.store.trash import live

CLOSE_STAGES = ("known", "mutual", "trusted")
NOT_YET_SHOWN = 5


def add_my_strength(store: Store, name: str, clock: Clock) -> str:
    """Add one of my strengths; :class:`Unchanged` if it is already there (under any case)."""
    value = clean_name(name, "strength")
    with store.writing() as session:
        journal = Journal(session)
        mine = my_strength_in(session, value, clock.now())
        if journal.unchanged():
            raise Unchanged(f"{mine.name} is already one of your strengths.")
        journal.commit("me", f"Added your strength {mine.name}", clock.now())
        return mine.name


def my_strengths(store: Store) -> list[MyStrengthRecord]:
    """Each of my strengths with who knows it, and the close ties who don't yet."""
    with store.session() as session:
        strengths = session.exec(select(MyStrength).order_by(col(MyStrength.name_key))).all()
        knows = session.exec(
            select(Disclosure.my_strength_id, Contact.id, Contact.name)
            .join(Contact, col(Contact.id) == col(Disclosure.contact_id))
            .where(live(Contact))
            .order_by(col(Contact.name_key))
        ).all()
        close = session.exec(
            select(Contact.id, Contact.name)
            .where(live(Contact), col(Contact.stage).in_(CLOSE_STAGES))
            .order_by(col(Contact.warmth_mass).desc())
            .limit(200)
        ).all()
    known_by: dict[int, list[tuple[int | None, str]]] = {}
    for sid, cid, name in knows:
        known_by.setdefault(sid, []).append((cid, name))
    records = []
    for strength in strengths:
        who = known_by.get(id_of(strength), [])
        ids = {cid for cid, _ in who}
        not_yet = [name for cid, name in close if cid not in ids][:NOT_YET_SHOWN]
        records.append(
            MyStrengthRecord(
                id_of(strength), strength.name, tuple(n for _, n in who), tuple(not_yet)
            )
        )
    return records


def my_strength_names(store: Store) -> list[str]:
    with store.session() as session:
        return list(session.exec(select(MyStrength.name).order_by(col(MyStrength.name_key))).all())
