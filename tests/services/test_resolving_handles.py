"""NAME resolves through handles and phone numbers too, wherever a name is accepted."""

from __future__ import annotations

import pytest

from netcrm.domain.errors import Ambiguous, NotFound
from netcrm.services.clock import Clock
from netcrm.services.contact_detail import show_contact
from netcrm.services.contacts import add_contact
from netcrm.services.conversations import log_conversation
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.trash import trash_contact
from netcrm.store.engine import Store


@pytest.fixture
def people(store: Store, clock: Clock) -> Store:
    add_contact(
        store,
        ContactInput(
            name="Budi Santoso", handles=["instagram:budi.santoso"], phones=["+62 812-555-1234"]
        ),
        clock,
    )
    add_contact(store, ContactInput(name="Budi Hartono", handles=["x:budih"]), clock)
    add_contact(store, ContactInput(name="Sari", handles=["x:sari", "instagram:sari"]), clock)
    return store


@pytest.mark.parametrize(
    ("typed", "who"),
    [
        ("budi.santoso", "Budi Santoso"),
        ("@budi.santoso", "Budi Santoso"),
        ("instagram:budi.santoso", "Budi Santoso"),
        ("Instagram:@BUDI.SANTOSO", "Budi Santoso"),
        ("0812 555 1234", "Budi Santoso"),
        ("+628125551234", "Budi Santoso"),
        ("(0812) 555-1234", "Budi Santoso"),
        ("x:budih", "Budi Hartono"),
        ("budih", "Budi Hartono"),
        ("@sari", "Sari"),  # two handles of one person: still one person
    ],
)
def test_a_handle_or_a_phone_finds_its_owner(people: Store, clock: Clock, typed, who) -> None:
    assert show_contact(people, typed, clock).name == who


def test_logging_with_a_handle_lands_on_its_owner(people: Store, clock: Clock) -> None:
    result = log_conversation(people, ConversationInput(names=["@budih"], note="dm"), clock)
    assert result.contacts == ("Budi Hartono",)


def test_a_handle_on_another_platform_or_in_the_trash_finds_nobody(
    people: Store, clock: Clock
) -> None:
    with pytest.raises(NotFound):
        show_contact(people, "linkedin:budi.santoso", clock)
    trash_contact(people, "Budi Hartono", clock)
    with pytest.raises(NotFound):
        log_conversation(people, ConversationInput(names=["@budih"]), clock)


def test_a_handle_two_people_share_on_different_platforms_asks(people: Store, clock: Clock) -> None:
    add_contact(people, ContactInput(name="Sari Dewi", handles=["linkedin:sari"]), clock)
    with pytest.raises(Ambiguous, match="Sari"):
        show_contact(people, "@sari", clock)
    assert show_contact(people, "linkedin:sari", clock).name == "Sari Dewi"


def test_an_exact_name_still_wins_over_a_handle(people: Store, clock: Clock) -> None:
    add_contact(people, ContactInput(name="budih"), clock)
    assert show_contact(people, "budih", clock).name == "budih"
