"""Search per keystroke, and who can help with a skill."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta

import pytest

from netcrm.domain.errors import BadInput
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact, edit_contact
from netcrm.services.conversations import add_strength, log_conversation
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.search import search, strength_names, who_can
from netcrm.services.trash import trash_contact
from netcrm.store.engine import Store


def add(store: Store, clock: Clock, name: str, **fields) -> int:
    return add_contact(store, ContactInput(name=name, **fields), clock).id


TODAY = date(2026, 11, 25)


def names(rows) -> list[str]:
    return [r.name for r in rows]


def fill_people(store: Store, clock: Clock) -> Store:
    add(store, clock, "José Núñez", company="Mercado Libre", notes="Runs the Lima Python meetup")
    add(store, clock, "Budi Santoso", company="Gojek", handles=["instagram:budisan"])
    add(store, clock, "Siti Rahmawati", company="Tokopedia", tags=["hiring"])
    add(store, clock, "Hannah Müller", company="Zalando", emails=["hannah@zalando.example"])
    add(store, clock, "Ayu Lestari", role="Marketing", location="Jakarta Selatan")
    add(store, clock, "عمر حداد", company="Careem")
    return store


@pytest.fixture(scope="module")
def readonly_people(make_store, tmp_path_factory) -> Iterator[Store]:
    """The same people for every read-only test of this module, filled once."""
    store = make_store(tmp_path_factory.mktemp("people") / "netcrm.db")
    fill_people(store, Clock(TODAY))
    yield store
    store.close()


@pytest.fixture
def people(store: Store, clock: Clock) -> Store:
    return fill_people(store, clock)


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("José", "José Núñez"),
        ("jose", "José Núñez"),
        ("NUNEZ", "José Núñez"),
        ("núñez", "José Núñez"),
        ("muller", "Hannah Müller"),
        ("MÜLLER", "Hannah Müller"),
        ("budisan", "Budi Santoso"),  # a handle
        ("gojek", "Budi Santoso"),  # a company
        ("mercado libre", "José Núñez"),
        ("lima python", "José Núñez"),  # notes
        ("hiring", "Siti Rahmawati"),  # a tag
        ("zalando.example", "Hannah Müller"),  # an email
        ("selatan", "Ayu Lestari"),  # a location
        ("marketing", "Ayu Lestari"),  # a role
        ("حداد", "عمر حداد"),
        ("careem", "عمر حداد"),
    ],
)
def test_search_is_accent_and_case_insensitive(
    readonly_people: Store, clock: Clock, query: str, first: str
) -> None:
    rows = search(readonly_people, query, clock)
    assert rows and rows[0].name == first


def test_names_rank_before_details(store: Store, clock: Clock) -> None:
    add(store, clock, "Dewi Anggraini", notes="Introduced me to Budi")
    add(store, clock, "Budi Santoso")
    rows = search(store, "budi", clock)
    assert names(rows) == ["Budi Santoso", "Dewi Anggraini"]
    assert [r.matched for r in rows] == ["name", "details"]


@pytest.mark.parametrize(
    ("typo", "found"),
    [
        ("Budi Santso", "Budi Santoso"),
        ("rahmwati", "Siti Rahmawati"),
        ("hanah muler", "Hannah Müller"),
    ],
)
def test_typos_still_find_people(
    readonly_people: Store, clock: Clock, typo: str, found: str
) -> None:
    rows = search(readonly_people, typo, clock)
    assert found in names(rows)
    assert next(r for r in rows if r.name == found).matched == "fuzzy"


def test_a_misspelt_full_name_finds_that_person_first(store: Store, clock: Clock) -> None:
    for name in ("Andi Harahap", "Budi Tran", "Andi Budi Sutanto", "Lestari Sutanto"):
        add(store, clock, name)
    assert search(store, "andi budi suatntoo", clock)[0].name == "Andi Budi Sutanto"


def test_typo_matches_fill_a_short_list_only(store: Store, clock: Clock) -> None:
    """Hundreds of "Andi" share a syllable with "andi b": typo matches stop at a screenful."""
    for number in range(60):
        add(store, clock, f"Andi Putra {number:02d}")
    add(store, clock, "Andi Budi")
    add(store, clock, "Amara Okafor")  # shares "a-a-a" with "jakarta", nothing more
    rows = search(store, "andi b", clock, limit=500)
    assert rows[0].name == "Andi Budi"
    assert len(rows) == 20
    assert len(search(store, "andi", clock, limit=500)) == 61
    assert [r.name for r in search(store, "jakarta", clock)] == []


def test_nothing_matches(readonly_people: Store, clock: Clock) -> None:
    assert search(readonly_people, "zzzzqqq", clock) == []


@pytest.mark.parametrize("query", ["", "   ", "\u0301"])
def test_an_empty_search_is_bad_input(readonly_people: Store, clock: Clock, query: str) -> None:
    with pytest.raises(BadInput):
        search(readonly_people, query, clock)


def test_the_limit_holds(store: Store, clock: Clock) -> None:
    for number in range(30):
        add(store, clock, f"Putri {number:02d}")
    assert len(search(store, "putri", clock, limit=7)) == 7
    assert len(search(store, "putri", clock)) == 30


def test_the_cache_is_reused_and_invalidated_by_writes(people: Store, clock: Clock) -> None:
    assert search(people, "wayan", clock) == []
    cached = people.cache["search"]
    search(people, "budi", clock)
    assert people.cache["search"] is cached

    add(people, clock, "Wayan Sudarma")
    assert names(search(people, "wayan", clock)) == ["Wayan Sudarma"]
    edit_contact(people, "Wayan", ContactInput(company="Surf school Canggu"), clock)
    assert names(search(people, "canggu", clock)) == ["Wayan Sudarma"]
    trash_contact(people, "Wayan", clock)
    assert search(people, "wayan", clock) == []


def test_a_write_from_another_process_invalidates_the_cache(
    people: Store, clock: Clock, db_path
) -> None:
    from netcrm.store.engine import open_store

    assert search(people, "wayan", clock) == []
    other = open_store(str(db_path))
    try:
        add(other, clock, "Wayan Sudarma")
    finally:
        other.close()
    assert names(search(people, "wayan", clock)) == ["Wayan Sudarma"]


def test_search_rows_carry_stage_and_score(people: Store, clock: Clock) -> None:
    log_conversation(people, ConversationInput(names=["Budi"], learned=["UX"]), clock)
    [row] = search(people, "budi", clock)
    assert (row.stage, row.last_talked) == ("known", clock.today())
    assert row.score > 0


# --- who can -------------------------------------------------------------------------------------


@pytest.fixture
def skills(store: Store, today: date) -> Store:
    start = Clock(today - timedelta(days=200))
    for name in ("Budi Santoso", "Dewi Anggraini", "Omar Haddad", "Kenji Watanabe"):
        add(store, start, name)

    def talk(name: str, days_ago: int, **fields) -> None:
        log_conversation(
            store,
            ConversationInput(names=[name], **fields),
            Clock(today - timedelta(days=days_ago)),
        )

    # Budi: a warm, recent, two-way tie.
    for days_ago in (60, 30, 10):
        talk(name="Budi Santoso", days_ago=days_ago, initiated="them")
    talk("Budi Santoso", 2, learned=["UX research"], note="Walked me through his research ops")
    # Dewi: talked once, long ago.
    talk("Dewi Anggraini", 150, learned=["ux research", "SQL"])
    # Omar: noted without a conversation.
    add_strength(store, "Omar Haddad", "UX Research", Clock(today))
    # Kenji: a different skill.
    talk("Kenji Watanabe", 5, learned=["typography"])
    return store


def test_who_can_puts_the_best_ties_first_with_evidence(skills: Store, clock: Clock) -> None:
    rows = who_can(skills, "ux research", clock)
    assert names(rows) == ["Budi Santoso", "Dewi Anggraini", "Omar Haddad"]
    assert [r.score for r in rows] == sorted((r.score for r in rows), reverse=True)
    assert rows[0].evidence == (
        'UX research, noted 2026-11-23 ("Walked me through his research ops")'
    )
    assert rows[1].evidence == "ux research, noted 2026-06-28"
    assert rows[2].evidence == "UX Research, noted 2026-11-25"
    assert rows[2].stage == "follower"


def test_who_can_matches_part_of_a_skill_and_typos(skills: Store, clock: Clock) -> None:
    assert names(who_can(skills, "UX", clock))[0] == "Budi Santoso"
    assert names(who_can(skills, "typograpy", clock)) == ["Kenji Watanabe"]
    assert names(who_can(skills, "sql", clock)) == ["Dewi Anggraini"]


def test_who_can_finds_nobody(skills: Store, clock: Clock) -> None:
    assert who_can(skills, "underwater basket weaving", clock) == []
    with pytest.raises(BadInput):
        who_can(skills, "  ", clock)


def test_who_can_skips_the_trash(skills: Store, clock: Clock) -> None:
    trash_contact(skills, "Budi", clock)
    assert "Budi Santoso" not in names(who_can(skills, "ux research", clock))


def test_strength_names_most_common_first(skills: Store) -> None:
    assert strength_names(skills)[0].casefold() == "ux research"
    assert {s.casefold() for s in strength_names(skills)} == {"ux research", "sql", "typography"}


def test_equally_good_matches_show_warmer_ties_first(store: Store, today: date) -> None:
    for name in ("Putri Ayu", "Putri Maharani", "Putri Wulandari"):
        add(store, Clock(today - timedelta(days=100)), name)
    for days_ago in (30, 20, 10, 2):
        log_conversation(
            store,
            ConversationInput(names=["Putri Wulandari"]),
            Clock(today - timedelta(days=days_ago)),
        )
    log_conversation(store, ConversationInput(names=["Putri Maharani"]), Clock(today))
    rows = search(store, "putri", Clock(today))
    assert names(rows) == ["Putri Wulandari", "Putri Maharani", "Putri Ayu"]
    assert rows[0].score > rows[1].score > rows[2].score
