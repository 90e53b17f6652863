"""One person marked different from several others: one change, one undo, pairs kept once."""

from __future__ import annotations

import pytest

from netcrm.domain.errors import BadInput, Unchanged
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact
from netcrm.services.duplicates import duplicate_groups
from netcrm.services.history import recent_changes, undo_last
from netcrm.services.merging import mark_not_same, mark_not_same_as_others
from netcrm.services.records import ContactInput
from netcrm.services.settings import set_setting
from netcrm.store.engine import Store
from tests.services.test_undo import dump


@pytest.fixture
def budis(store: Store, clock: Clock) -> Store:
    set_setting(store, "phone-region", "ID")
    add_contact(
        store,
        ContactInput(name="Budi Santoso", company="Gojek", handles=["linkedin:budi-santoso"]),
        clock,
    )
    add_contact(store, ContactInput(name="Budi", phones=["0812-555-1234"]), clock)
    add_contact(
        store,
        ContactInput(
            name="budi.santoso", handles=["instagram:budi.santoso"], phones=["+62 812 5551234"]
        ),
        clock,
    )
    return store


def group_ids(store: Store) -> list[list[int]]:
    return [sorted(p.id for p in group.people) for group in duplicate_groups(store)]


def test_one_person_is_marked_against_each_other_in_one_change(budis: Store, clock: Clock):
    assert group_ids(budis) == [[1, 2, 3]]
    before = dump(budis)
    one, others = mark_not_same_as_others(budis, "#2", ["#1", "#3"], clock)
    assert (one, others) == ("Budi", ("Budi Santoso", "budi.santoso"))
    assert group_ids(budis) == [[1, 3]]
    change = recent_changes(budis, 1)[0]
    assert change.summary == (
        "Marked Budi as a different person from Budi Santoso and budi.santoso"
    )
    undo_last(budis, clock)
    assert dump(budis) == before
    assert group_ids(budis) == [[1, 2, 3]]


def test_pairs_already_marked_are_kept_once_and_all_marked_is_unchanged(budis: Store, clock: Clock):
    mark_not_same(budis, "#2", "#1", clock)
    mark_not_same_as_others(budis, "#2", ["#1", "#3"], clock)
    assert len(dump(budis)["not_same"]) == 4  # two pairs, each kept from both sides
    with pytest.raises(Unchanged, match="already marked as a different person"):
        mark_not_same_as_others(budis, "#2", ["#3", "#1"], clock)


def test_naming_the_person_among_the_others_is_refused(budis: Store, clock: Clock):
    with pytest.raises(BadInput, match="are both Budi"):
        mark_not_same_as_others(budis, "#2", ["#1", "#2"], clock)
    with pytest.raises(BadInput, match="at least one"):
        mark_not_same_as_others(budis, "#2", [], clock)
