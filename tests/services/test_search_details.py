"""Search beyond names: conversations, places, strengths, exchanges, follow-ups and notes, each
row saying where it matched and showing the text around the match as typed."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import date

import pytest

from netcrm.domain.display import ELLIPSIS
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact, edit_contact
from netcrm.services.conversations import add_follow_up, add_strength, log_conversation
from netcrm.services.due.follow_ups import mark_done
from netcrm.services.records import ContactInput, ContactRow, ConversationInput
from netcrm.services.search import search
from netcrm.services.search_text import NOTES_IN_SEARCH
from netcrm.services.trash import restore_contact, trash_contact
from netcrm.store.engine import Store


def add(store: Store, clock: Clock, name: str, **fields) -> int:
    return add_contact(store, ContactInput(name=name, **fields), clock).id


def talk(store: Store, clock: Clock, *names: str, **fields) -> None:
    log_conversation(store, ConversationInput(names=list(names), **fields), clock)


def find(store: Store, clock: Clock, query: str, **options) -> list[ContactRow]:
    return search(store, query, clock, details=True, **options)


def matches(rows: list[ContactRow]) -> list[tuple[str, str | None, str | None]]:
    return [(row.name, row.where, row.snippet) for row in rows]


@pytest.fixture
def network(store: Store, clock: Clock) -> Store:
    for name in ("Budi Santoso", "Dewi Lestari", "Eko Prasetyo", "Fajar Nugroho"):
        add(store, clock, name)
    talk(
        store,
        clock,
        "Budi Santoso",
        when="2026-11-12",
        note="Long lunch. He wants to fly in a Zeppelin over Lake Constance next summer.",
        place="Kopi Kenangan Senopati",
    )
    talk(store, clock, "Dewi Lestari", when="2026-10-02", learned=["Figma"])
    talk(store, clock, "Eko Prasetyo", when="2026-09-20", exchanges=["gave: intro to a lawyer"])
    talk(
        store,
        clock,
        "Fajar Nugroho",
        when="2026-11-20",
        follow_up="in 2 weeks",
        about="send the deck",
    )
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (
            "zeppelin",
            (
                "Budi Santoso",
                "conversation on 12 Nov",
                "…to fly in a Zeppelin over Lake…",
            ),
        ),
        ("senopati", ("Budi Santoso", "conversation on 12 Nov", "Kopi Kenangan Senopati")),
        ("figma", ("Dewi Lestari", "strength", "Figma")),
        ("lawyer", ("Eko Prasetyo", "exchange", "intro to a lawyer")),
        ("send the DECK", ("Fajar Nugroho", "follow-up", "send the deck")),
    ],
)
def test_a_word_in_the_details_finds_the_person_and_says_where(
    network: Store, clock: Clock, query: str, expected: tuple[str, str, str]
) -> None:
    rows = find(network, clock, query)
    assert matches(rows) == [expected]
    assert rows[0].matched == "details"


def test_without_details_only_the_search_text_is_searched(network: Store, clock: Clock) -> None:
    """The name pickers keep to names: a word said in a conversation picks nobody."""
    assert search(network, "zeppelin", clock) == []
    [budi] = search(network, "budi", clock)
    assert (budi.where, budi.snippet) == (None, None)


def test_name_matches_come_first_and_say_nothing(network: Store, clock: Clock) -> None:
    add(network, clock, "Zeppelin Rahardjo")
    rows = find(network, clock, "zeppelin")
    assert [(r.name, r.matched, r.where) for r in rows] == [
        ("Zeppelin Rahardjo", "name", None),
        ("Budi Santoso", "details", "conversation on 12 Nov"),
    ]


def test_a_done_follow_up_is_found_too(store: Store, clock: Clock) -> None:
    add(store, clock, "Gita Maharani")
    follow_up = add_follow_up(store, "Gita", "in 3 days", "return the tripod", clock)
    assert matches(find(store, clock, "tripod")) == [
        ("Gita Maharani", "follow-up", "return the tripod")
    ]
    mark_done(store, follow_up, clock)
    assert matches(find(store, clock, "tripod")) == [
        ("Gita Maharani", "done follow-up", "return the tripod")
    ]


def test_notes_say_note_with_the_words_around(store: Store, clock: Clock) -> None:
    short = "Collects vintage cameras and restores a Zeppelin model in the garage on weekends."
    add(store, clock, "Hana Wijaya", notes=short)
    [row] = find(store, clock, "zeppelin")
    assert (row.where, row.snippet) == (
        "note",
        f"{ELLIPSIS}and restores a Zeppelin model in the{ELLIPSIS}",
    )
    # Past the part of the notes kept in the search text, the whole note is searched.
    long = "Met at a conference. " * (NOTES_IN_SEARCH // 20) + "Ask about the airship museum."
    add(store, clock, "Indra Kusuma", notes=long)
    [row] = find(store, clock, "airship")
    assert row.where == "note"
    assert row.snippet == f"{ELLIPSIS}Ask about the airship museum."


@pytest.mark.parametrize(
    ("fields", "query", "where", "shown"),
    [
        ({"company": "Gojek"}, "gojek", "company", "Gojek"),
        ({"role": "Head of Design"}, "design", "role", "Head of Design"),
        ({"location": "Jakarta Selatan"}, "selatan", "location", "Jakarta Selatan"),
        ({"emails": ["ana@zalando.example"]}, "zalando", "email", "ana@zalando.example"),
        ({"tags": ["climbing"]}, "climb", "tag", "climbing"),
    ],
)
def test_the_search_text_tail_says_which_field(
    store: Store, clock: Clock, fields: dict, query: str, where: str, shown: str
) -> None:
    add(store, clock, "Ana Lim", **fields)
    assert matches(find(store, clock, query)) == [("Ana Lim", where, shown)]


def test_the_text_is_shown_as_typed(store: Store, clock: Clock) -> None:
    add(store, clock, "Jonas Weber")
    talk(store, clock, "Jonas", note="Im ZEPPELIN  über den\nBodensee [bold]!")
    [row] = find(store, clock, "uber den bodensee")
    assert row.snippet == "Im ZEPPELIN  über den Bodensee [bold]!"  # one line, as typed


def test_the_latest_matching_conversation_is_the_one_shown(store: Store, clock: Clock) -> None:
    add(store, clock, "Budi Santoso")
    talk(store, clock, "Budi", when="2026-03-01", note="Zeppelin idea, first time")
    talk(store, clock, "Budi", when="2026-11-01", note="Zeppelin idea again")
    talk(store, clock, "Budi", when="2026-06-01", note="Zeppelin idea, second time")  # logged last
    talk(store, clock, "Budi", when="2026-11-20", note="Nothing about airships")
    [row] = find(store, clock, "zeppelin")
    assert (row.where, row.snippet) == ("conversation on 01 Nov", "Zeppelin idea again")


def test_another_year_is_named(store: Store, clock: Clock) -> None:
    add(store, clock, "Budi Santoso")
    talk(store, clock, "Budi", when="2025-12-30", note="Zeppelin museum")
    [row] = find(store, clock, "zeppelin")
    assert row.where == "conversation on 30 Dec 2025"


@pytest.fixture
def in_jakarta() -> Iterator[None]:
    """Local time is Jakarta's (UTC+7) for the test."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "Asia/Jakarta"
    time.tzset()
    try:
        yield
    finally:
        if before is None:
            del os.environ["TZ"]
        else:
            os.environ["TZ"] = before
        time.tzset()


@pytest.mark.usefixtures("in_jakarta")
def test_the_day_is_the_local_day(store: Store, today: date) -> None:
    """02:00 in Jakarta on 12 Nov is still 11 Nov in UTC: the label says the local day."""
    clock = Clock(today)
    add(store, clock, "Budi Santoso")
    talk(store, clock, "Budi", when="2026-11-12 02:00", note="Zeppelin at dawn")
    [row] = find(store, clock, "zeppelin")
    assert row.where == "conversation on 12 Nov"


def test_everyone_in_a_group_conversation_is_found(store: Store, clock: Clock) -> None:
    for name in ("Budi Santoso", "Dewi Lestari", "Eko Prasetyo"):
        add(store, clock, name)
    talk(store, clock, "Budi", "Dewi", note="Planned the zeppelin trip together")
    rows = find(store, clock, "zeppelin")
    assert sorted(r.name for r in rows) == ["Budi Santoso", "Dewi Lestari"]
    assert {r.where for r in rows} == {"conversation on 25 Nov"}


def test_trashed_contacts_are_never_found(network: Store, clock: Clock) -> None:
    for name, word in [
        ("Budi", "zeppelin"),
        ("Budi", "senopati"),
        ("Dewi", "figma"),
        ("Eko", "lawyer"),
        ("Fajar", "deck"),
    ]:
        trash_contact(network, name, clock)
        assert find(network, clock, word) == [], word
        restore_contact(network, name, clock)
        assert len(find(network, clock, word)) == 1, word


def test_the_index_follows_new_writes_in_the_same_process(network: Store, clock: Clock) -> None:
    assert find(network, clock, "hot air balloon") == []
    cached = network.cache["search-details"]
    find(network, clock, "zeppelin")
    assert network.cache["search-details"] is cached  # same revision: reused
    talk(network, clock, "Dewi", note="Wants to try a hot air balloon in Cappadocia")
    assert matches(find(network, clock, "hot air balloon")) == [
        ("Dewi Lestari", "conversation on 25 Nov", "…to try a hot air balloon in Cappadocia")
    ]
    assert network.cache["search-details"] is not cached
    add_strength(network, "Eko", "Hot air ballooning", clock)
    assert {r.name for r in find(network, clock, "hot air balloon")} == {
        "Dewi Lestari",
        "Eko Prasetyo",
    }
    edit_contact(network, "Fajar", ContactInput(notes="Flew a hot air balloon once"), clock)
    assert len(find(network, clock, "hot air balloon")) == 3


def test_the_tag_filter_holds_for_details(network: Store, clock: Clock) -> None:
    edit_contact(network, "Dewi", ContactInput(tags=["design"]), clock)
    talk(network, clock, "Dewi", note="Also into zeppelins")
    assert {r.name for r in find(network, clock, "zeppelin")} == {"Budi Santoso", "Dewi Lestari"}
    assert [r.name for r in find(network, clock, "zeppelin", tag="design")] == ["Dewi Lestari"]


def test_the_limit_holds_with_details(store: Store, clock: Clock) -> None:
    for number in range(12):
        add(store, clock, f"Putri {number:02d}")
        talk(store, clock, f"Putri {number:02d}", note="Talked about the zeppelin")
    assert len(find(store, clock, "zeppelin", limit=5)) == 5
    assert len(find(store, clock, "zeppelin")) == 12


ODD_TEXTS = [
    "Dinner with JOSÉ at Café Núñez",
    "Straße  der\tPariser\nKommune",
    "Saved 100% of the budget_plan",
    "Kopi di 字字 Jakarta",
    "Back\\slash and 'quotes' and \"double\"",
    "ﬁnal ﬂight",  # ligatures fold to fi, fl
    "THE ZEPPELIN",
]


@pytest.mark.parametrize(
    "query",
    [
        "jose",
        "cafe nunez",
        "strasse der pariser",
        "der pariser kommune",
        "100%",
        "budget_plan",
        "t_e",  # "_" is no wildcard: nobody
        "字字 jak",
        "back\\slash",
        "'quotes'",
        "final flight",
        "zeppelin",
        "the",
        "a",
    ],
)
def test_a_search_run_once_finds_what_the_index_finds(
    store: Store, clock: Clock, query: str
) -> None:
    """``netcrm search`` reads only the details that may match (a test in SQL); whatever the
    text, it finds the same people, in the same order, as the index kept for keystrokes."""
    for number, text in enumerate(ODD_TEXTS):
        name = f"Person {number:02d}"
        line = text.replace("\n", " ").replace("\t", " ")
        add(store, clock, name)
        talk(store, clock, name, note=text, place=line[::-1])
        add_strength(store, name, line[:20], clock)
        add_follow_up(store, name, "in 3 days", line, clock)
    talk(store, clock, "Person 00", "Person 01", "Person 02", note="The zeppelin group, 100%")
    add(store, clock, "Trashed Person")
    talk(store, clock, "Trashed Person", note="The zeppelin, JOSÉ and the final flight")
    trash_contact(store, "Trashed Person", clock)
    once = search(store, query, clock, details=True, once=True)
    assert "search-details" not in store.cache  # nothing built for keystrokes to come
    kept = search(store, query, clock, details=True)
    assert matches(once) == matches(kept)
    assert bool(once) == (query != "t_e")
