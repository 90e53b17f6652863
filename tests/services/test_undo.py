"""Undo: every change the services make is journaled, and undoing it restores the store exactly."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from netcrm.domain.errors import NotFound, Unchanged
from netcrm.importers.records import ImportedHandle, ImportedPerson
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact, edit_contact
from netcrm.services.conversations import add_follow_up, add_strength, log_conversation
from netcrm.services.due.follow_ups import mark_done, snooze
from netcrm.services.history import can_undo, recent_changes, undo_last
from netcrm.services.importing import import_people
from netcrm.services.me import add_my_strength
from netcrm.services.merging import mark_not_same, merge_people
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.trash import empty_trash, restore_contact, trash_contact
from netcrm.store.engine import Store
from netcrm.store.tables import metadata

TODAY = date(2026, 11, 25)
LATER = Clock(TODAY + timedelta(days=3))


def dump(store: Store) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every data table, in a stable order."""
    with store.connection() as connection:
        return {
            table.name: sorted((tuple(row) for row in connection.execute(select(table))), key=repr)
            for table in metadata.sorted_tables
            if table.name not in ("meta", "journal")
        }


def log(store: Store, clock: Clock, *names: str, **fields: Any):
    return log_conversation(store, ConversationInput(names=list(names), **fields), clock)


@pytest.fixture
def network(store: Store, clock: Clock) -> Store:
    add_contact(
        store,
        ContactInput(
            name="Ana Putri",
            company="Acme",
            emails=["ana@example.com"],
            handles=["instagram:ana.putri"],
            tags=["design"],
            every="monthly",
        ),
        clock,
    )
    add_contact(store, ContactInput(name="Budi Santoso", phones=["0812 555"]), clock)
    add_contact(store, ContactInput(name="Citra Dewi"), clock)
    log(
        store,
        clock,
        "Ana",
        "Budi",
        note="coffee about Figma",
        learned=["Figma"],
        shared=["data work"],
        exchanges=["gave: an intro to Rina"],
        follow_up="in 2 weeks",
        about="send the deck",
    )
    log(store, clock, "Citra", note="call", via="call")
    add_follow_up(store, "Budi", "in 1 week", "monthly chat", clock, every="monthly")
    trash_contact(store, "Citra", clock)
    return store


def follow_up_ids(store: Store) -> list[int]:
    from netcrm.store.tables import FOLLOW_UP

    with store.connection() as connection:
        return list(connection.execute(select(FOLLOW_UP.c.id).order_by(FOLLOW_UP.c.id)).scalars())


CHANGES: dict[str, Callable[[Store], Any]] = {
    "add": lambda s: add_contact(s, ContactInput(name="Dewi", tags=["design", "new"]), LATER),
    "edit": lambda s: edit_contact(
        s,
        "Ana",
        ContactInput(
            name="Ana P. Wijaya",
            company="Globex",
            remove_emails=["ana@example.com"],
            handles=["x:anap"],
            remove_tags=["design"],
            tags=["friends"],
        ),
        LATER,
    ),
    "log": lambda s: log(
        s,
        LATER,
        "Ana",
        "Rina",
        create_missing=True,
        learned=["Python", "Figma"],
        shared=["data work", "writing"],
        exchanges=["got: a book"],
        follow_up="in 1 month",
    ),
    "log closing a follow-up": lambda s: log(
        s, LATER, "Ana", note="sent it", close_follow_up=follow_up_ids(s)[0]
    ),
    "strength": lambda s: add_strength(s, "Budi", "Go", LATER),
    "follow-up": lambda s: add_follow_up(s, "Ana", "in 3 days", "ask", LATER),
    "done (recurring)": lambda s: mark_done(s, follow_up_ids(s)[1], LATER),
    "snooze": lambda s: snooze(s, follow_up_ids(s)[0], "in 1 month", LATER),
    "rm": lambda s: trash_contact(s, "Budi", LATER),
    "restore": lambda s: restore_contact(s, "Citra", LATER),
    "empty trash": lambda s: empty_trash(s, LATER),
    "me add": lambda s: add_my_strength(s, "public speaking", LATER),
    "merge": lambda s: merge_people(s, "Ana", ["Budi"], LATER),
    "not-same": lambda s: mark_not_same(s, "Ana", "Budi", LATER),
    "import": lambda s: import_people(
        s,
        [
            ImportedPerson(name="Ana Putri", company="Acme", handles=[ImportedHandle("x", "ap")]),
            ImportedPerson(name="Eko", handles=[ImportedHandle("instagram", "eko")]),
        ],
        LATER,
        source="instagram",
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_undo_puts_the_store_back_exactly(network: Store, change: str) -> None:
    before = dump(network)
    CHANGES[change](network)
    assert dump(network) != before
    undone = undo_last(network, LATER)
    assert undone.summary
    assert dump(network) == before
    assert recent_changes(network, 1)[0].undone


def test_undo_goes_back_one_change_at_a_time_across_store_openings(
    network: Store, db_url: str
) -> None:
    from netcrm.store.engine import open_store

    states = [dump(network)]
    for change in ("log", "edit", "done (recurring)", "rm"):
        CHANGES[change](network)
        states.append(dump(network))
    network.close()
    for expected in reversed(states[:-1]):
        reopened = open_store(db_url)
        undo_last(reopened, LATER)
        assert dump(reopened) == expected
        reopened.close()


def test_history_lists_changes_newest_first_and_marks_the_undone(network: Store) -> None:
    CHANGES["log"](network)
    undo_last(network, LATER)
    changes = recent_changes(network)
    assert [c.summary for c in changes[:3]] == [
        "Logged a conversation with Ana Putri and Rina",
        "Moved Citra Dewi to the trash",
        'Added the follow-up "monthly chat"',
    ]
    assert [c.undone for c in changes[:2]] == [True, False]
    assert [c.action for c in changes[:2]] == ["log", "rm"]


def test_undo_with_nothing_left_says_so(store: Store, clock: Clock) -> None:
    assert not can_undo(store)
    with pytest.raises(NotFound, match="Nothing to undo"):
        undo_last(store, clock)
    add_contact(store, ContactInput(name="Ana"), clock)
    assert can_undo(store)
    undo_last(store, clock)
    with pytest.raises(NotFound, match="Nothing to undo"):
        undo_last(store, clock)


def test_an_edit_that_changes_nothing_writes_nothing(network: Store) -> None:
    before, changes = dump(network), len(recent_changes(network, 100))
    with pytest.raises(Unchanged, match="Nothing changed"):
        edit_contact(network, "Ana", ContactInput(company="Acme", tags=["design"]), LATER)
    assert dump(network) == before
    assert len(recent_changes(network, 100)) == changes


def test_adding_a_strength_i_have_says_it_was_there(network: Store) -> None:
    with pytest.raises(Unchanged, match="already one of your strengths"):
        add_my_strength(network, "Data Work", LATER)


def test_undo_after_a_new_change_does_not_touch_older_undone_ones(network: Store) -> None:
    CHANGES["strength"](network)
    undo_last(network, LATER)  # the strength
    after_first_undo = dump(network)
    CHANGES["follow-up"](network)
    undo_last(network, LATER)  # the follow-up, not the strength again
    assert dump(network) == after_first_undo


def test_the_journal_keeps_a_bounded_number_of_changes(
    store: Store, clock: Clock, monkeypatch: pytest.MonkeyPatch
) -> None:
    from netcrm.store import journal

    monkeypatch.setattr(journal, "KEPT_CHANGES", 5)
    for index in range(8):
        add_contact(store, ContactInput(name=f"Person {index}"), clock)
    changes = recent_changes(store, 100)
    assert len(changes) == 5
    assert changes[-1].summary == "Added Person 3"


def test_undo_from_the_cli_says_what_it_undid(cli, tmp_path: Path) -> None:
    cli("add", "Ana Putri")
    cli("log", "Ana", "--note", "coffee")
    result = cli("undo")
    assert result.exit_code == 0
    assert result.stdout.startswith("Undid: Logged a conversation with Ana Putri (")
    history = cli("history", "--json")
    entries = __import__("json").loads(history.stdout)
    assert [(e["action"], e["undone"]) for e in entries] == [("log", True), ("add", False)]
    assert set(entries[0]) == {"id", "at", "action", "summary", "undone"}
    cli("undo")
    nothing = cli("undo")
    assert nothing.exit_code == 1
    assert nothing.stderr == "netcrm: Nothing to undo: no change is left in the history.\n"


def test_the_demo_starts_with_nothing_to_undo(tmp_path: Path) -> None:
    from netcrm.demo import fill_demo
    from netcrm.store.engine import open_store

    demo = open_store(str(tmp_path / "demo.db"))
    fill_demo(demo, Clock(TODAY))
    assert recent_changes(demo) == []
    with pytest.raises(NotFound):
        undo_last(demo, Clock(TODAY))
    demo.close()
