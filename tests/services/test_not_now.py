"""Saying "not now": keep-in-touch snoozed, birthdays and suggestions put off, all persisted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from netcrm.domain.errors import BadInput
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact
from netcrm.services.conversations import add_follow_up, log_conversation
from netcrm.services.due.dismissals import not_now, snooze_keep_in_touch
from netcrm.services.due.follow_ups import snooze
from netcrm.services.due.items import due_between
from netcrm.services.due.review import weekly_review
from netcrm.services.history import undo_last
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.store.engine import Store

TODAY = date(2026, 11, 25)
CLOCK = Clock(TODAY)


@pytest.fixture
def ana(store: Store) -> Store:
    add_contact(store, ContactInput(name="Ana", every="weekly", birthday="1990-11-27"), CLOCK)
    log_conversation(store, ConversationInput(names=["Ana"], when="2 weeks ago"), CLOCK)
    add_contact(store, ContactInput(name="Eko"), CLOCK)  # a follower: suggested to say hello
    return store


def kinds(store: Store, days: int = 7, clock: Clock = CLOCK) -> list[tuple[str, date]]:
    return [(i.kind, i.due) for i in due_between(store, clock.today(), days)]


def test_a_snoozed_keep_in_touch_waits_until_its_day(ana: Store) -> None:
    assert ("keep-in-touch", date(2026, 11, 18)) in kinds(ana)
    assert snooze_keep_in_touch(ana, "ana", "in 3 days", CLOCK) == ("Ana", date(2026, 11, 28))
    assert ("keep-in-touch", date(2026, 11, 28)) in kinds(ana)
    snooze_keep_in_touch(ana, "Ana", "in 2 weeks", CLOCK)
    assert [k for k, _ in kinds(ana)] == ["birthday"]
    later = Clock(TODAY + timedelta(days=14))
    assert ("keep-in-touch", date(2026, 12, 9)) in kinds(ana, clock=later)
    a_week_on = Clock(TODAY + timedelta(days=21))  # overdue from the snooze day, not before
    [(_, day)] = [k for k in kinds(ana, clock=a_week_on) if k[0] == "keep-in-touch"]
    assert day == date(2026, 12, 9)


def test_logging_a_conversation_ends_the_snooze(ana: Store) -> None:
    snooze_keep_in_touch(ana, "Ana", "in 2 weeks", CLOCK)
    log_conversation(ana, ConversationInput(names=["Ana"]), CLOCK)
    assert ("keep-in-touch", date(2026, 12, 2)) in kinds(ana, 8)


def test_a_birthday_put_off_is_left_out_until_after_it(ana: Store) -> None:
    assert ("birthday", date(2026, 11, 27)) in kinds(ana)
    assert not_now(ana, "Ana", "birthday", CLOCK) == ("Ana", date(2026, 11, 28))
    assert "birthday" not in [k for k, _ in kinds(ana)]
    assert "birthday" not in [i.kind for i in weekly_review(ana, CLOCK).due]


def test_a_suggestion_put_off_is_not_suggested_until_its_day(ana: Store) -> None:
    assert "Eko" in [s.contact for s in weekly_review(ana, CLOCK).suggestions]
    assert not_now(ana, "Eko", "suggestion", CLOCK) == ("Eko", TODAY + timedelta(days=30))
    assert "Eko" not in [s.contact for s in weekly_review(ana, CLOCK).suggestions]
    month_later = Clock(TODAY + timedelta(days=30))
    assert "Eko" in [s.contact for s in weekly_review(ana, month_later).suggestions]
    undo_last(ana, CLOCK)
    assert "Eko" in [s.contact for s in weekly_review(ana, CLOCK).suggestions]


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda s: snooze_keep_in_touch(s, "Eko", "in 3 days", CLOCK), "no keep-in-touch"),
        (lambda s: snooze_keep_in_touch(s, "Ana", "today", CLOCK), "after today"),
        (lambda s: not_now(s, "Eko", "birthday", CLOCK), "no birthday"),
        (lambda s: not_now(s, "Eko", "suggestion", CLOCK, "yesterday"), "after today"),
        (lambda s: not_now(s, "Eko", "follow-up", CLOCK), "birthday or a suggestion"),
    ],
)
def test_not_now_refuses_what_it_cannot_do(ana: Store, call, message: str) -> None:
    with pytest.raises(BadInput, match=message):
        call(ana)


def test_a_snooze_never_brings_a_follow_up_earlier(ana: Store) -> None:
    follow_up = add_follow_up(ana, "Ana", "in 10 days", "deck", CLOCK)
    with pytest.raises(BadInput, match="later, not earlier"):
        snooze(ana, follow_up, "in 3 days", CLOCK)
    assert snooze(ana, follow_up, "in 11 days", CLOCK).due == date(2026, 12, 6)


def test_a_keep_in_touch_snooze_never_brings_it_earlier(store: Store) -> None:
    add_contact(store, ContactInput(name="Budi", every="monthly"), CLOCK)
    log_conversation(store, ConversationInput(names=["Budi"]), CLOCK)
    with pytest.raises(BadInput, match="later, not earlier"):
        snooze_keep_in_touch(store, "Budi", "in 3 days", CLOCK)


def test_the_contact_list_next_due_is_the_earliest_of_all_three(store: Store) -> None:
    from netcrm.services.contacts import list_contacts

    add_contact(store, ContactInput(name="Follow", every="monthly"), CLOCK)
    log_conversation(store, ConversationInput(names=["Follow"]), CLOCK)  # touch due 25 Dec
    add_follow_up(store, "Follow", "in 3 days", "deck", CLOCK)
    add_contact(store, ContactInput(name="Born", birthday="1990-12-01"), CLOCK)
    add_contact(store, ContactInput(name="Touch", every="weekly"), CLOCK)
    log_conversation(store, ConversationInput(names=["Touch"], when="10 days ago"), CLOCK)
    add_contact(store, ContactInput(name="Nobody"), CLOCK)
    due = {row.name: row.next_due for row in list_contacts(store, CLOCK)}
    assert due == {
        "Follow": date(2026, 11, 28),
        "Born": date(2026, 12, 1),
        "Touch": date(2026, 11, 22),
        "Nobody": None,
    }
    snooze_keep_in_touch(store, "Touch", "in 4 days", CLOCK)
    assert {row.name: row.next_due for row in list_contacts(store, CLOCK)}["Touch"] == date(
        2026, 11, 29
    )
