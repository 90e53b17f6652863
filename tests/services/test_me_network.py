"""My own strengths and who knows them; the ladder funnel; the network's rhythm."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from netcrm.domain.errors import BadInput, Unchanged
from netcrm.domain.text import fold
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact
from netcrm.services.conversations import add_strength, log_conversation
from netcrm.services.me import add_my_strength, my_strength_names, my_strengths
from netcrm.services.network import ladder_counts, network_stats
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.trash import trash_contact
from netcrm.store.engine import Store
from netcrm.store.tables import MY_STRENGTH


def add(store: Store, clock: Clock, name: str) -> None:
    add_contact(store, ContactInput(name=name), clock)


def log(store: Store, clock: Clock, *names: str, **fields) -> None:
    log_conversation(store, ConversationInput(names=list(names), **fields), clock)


def find_my_strength(store: Store, name: str) -> str | None:
    """My strength stored under the folded ``name``, as it was first written."""
    with store.connection() as connection:
        return connection.execute(
            select(MY_STRENGTH.c.name).where(MY_STRENGTH.c.name_key == fold(name))
        ).scalar()


# --- me ------------------------------------------------------------------------------------------


def test_my_strengths_with_who_knows_each_and_who_not_yet(store: Store, clock: Clock) -> None:
    assert add_my_strength(store, "  public speaking ", clock) == "public speaking"
    with pytest.raises(Unchanged, match="public speaking is already one of your strengths"):
        add_my_strength(store, "Public Speaking", clock)  # no duplicate
    add_my_strength(store, "product strategy", clock)
    for name in ("Budi Santoso", "Siti Rahmawati", "Dewi Anggraini", "Nadia Putri"):
        add(store, clock, name)
    log(store, clock, "Budi", learned=["UX"], shared=["Python", "public speaking"])
    log(store, clock, "Siti", learned=["hiring"], shared=["python"])
    log(store, clock, "Dewi", learned=["SQL"])  # known, knows nothing of mine
    # Nadia stays a follower: not a close tie, never in "not yet".

    records = {r.name: r for r in my_strengths(store)}
    assert list(records) == ["product strategy", "public speaking", "Python"]
    assert records["Python"].known_by == ("Budi Santoso", "Siti Rahmawati")
    assert set(records["Python"].not_yet) == {"Dewi Anggraini"}
    assert records["public speaking"].known_by == ("Budi Santoso",)
    assert set(records["public speaking"].not_yet) == {"Siti Rahmawati", "Dewi Anggraini"}
    assert records["product strategy"].known_by == ()
    assert set(records["product strategy"].not_yet) == {
        "Budi Santoso",
        "Siti Rahmawati",
        "Dewi Anggraini",
    }
    assert my_strength_names(store) == ["product strategy", "public speaking", "Python"]
    assert find_my_strength(store, "PYTHON") == "Python"
    assert find_my_strength(store, "cooking") is None


def test_someone_in_the_trash_knows_nothing(store: Store, clock: Clock) -> None:
    add(store, clock, "Budi")
    log(store, clock, "Budi", shared=["Python"])
    trash_contact(store, "Budi", clock)
    [record] = my_strengths(store)
    assert record.known_by == ()


def test_no_strengths_yet(store: Store, clock: Clock) -> None:
    assert my_strengths(store) == []


@pytest.mark.parametrize("name", ["", "  ", "a\nb"])
def test_a_blank_strength_is_refused(store: Store, clock: Clock, counts, name: str) -> None:
    before = counts()
    with pytest.raises(BadInput):
        add_my_strength(store, name, clock)
    assert counts() == before


# --- the ladder ----------------------------------------------------------------------------------


def test_ladder_counts_every_rung(store: Store, today: date) -> None:
    old = Clock(today - timedelta(days=90))
    clock = Clock(today)
    for name in ("F1", "F2", "F3", "T1", "T2", "K1", "M1", "R1", "Gone"):
        add(store, old, name)
    log(store, old, "T1")
    log(store, clock, "T2")
    log(store, clock, "K1", learned=["x"])
    log(store, clock, "M1", learned=["x"], shared=["y"])
    log(store, clock, "R1", learned=["x"], shared=["y"], exchanges=["gave: an intro"])
    log(store, clock, "Gone", learned=["x"], shared=["y"])
    trash_contact(store, "Gone", clock)
    add_strength(store, "F3", "drawing", clock)  # a strength alone keeps a follower

    counts = ladder_counts(store, clock)
    assert counts.counts == {"follower": 3, "talked": 2, "known": 1, "mutual": 1, "trusted": 1}
    assert list(counts.counts) == ["follower", "talked", "known", "mutual", "trusted"]
    assert counts.total == 8
    # T1 reached "talked" 90 days ago; the others this month.
    assert counts.moved_up_30_days == {
        "follower": 0,
        "talked": 1,
        "known": 1,
        "mutual": 1,
        "trusted": 1,
    }


def test_an_empty_ladder(store: Store, clock: Clock) -> None:
    counts = ladder_counts(store, clock)
    assert counts.counts == dict.fromkeys(("follower", "talked", "known", "mutual", "trusted"), 0)
    assert counts.total == 0


def test_network_stats(store: Store, today: date) -> None:
    add(store, Clock(today - timedelta(days=100)), "Budi")
    add(store, Clock(today - timedelta(days=100)), "Siti")
    log(store, Clock(today), "Budi", initiated="me")
    log(store, Clock(today - timedelta(days=1)), "Siti", initiated="them")
    log(store, Clock(today - timedelta(days=8)), "Budi", "Siti")
    log(store, Clock(today - timedelta(days=95)), "Budi")  # before the 12 weeks
    stats = network_stats(store, Clock(today))
    weeks = dict(stats.conversations_per_week)
    assert len(weeks) == 12
    this_monday = today - timedelta(days=today.weekday())
    assert weeks[this_monday] == 2
    assert weeks[this_monday - timedelta(weeks=1)] == 1
    assert sum(weeks.values()) == 3
    assert (stats.initiated_me, stats.initiated_them, stats.initiated_unknown) == (1, 1, 2)
    assert stats.ladder.total == 2
