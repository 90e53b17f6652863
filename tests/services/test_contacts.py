"""Contacts on a real SQLite store: add, edit, trash and restore, and resolving names."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safety.helpers import count_contacts

from netcrm.domain.errors import Ambiguous, BadInput, NotFound
from netcrm.services.clock import Clock
from netcrm.services.contact_detail import get_contact, show_contact
from netcrm.services.contacts import add_contact, edit_contact, list_contacts
from netcrm.services.conversations import log_conversation
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.resolving import resolve_contact
from netcrm.services.trash import empty_trash, list_trash, restore_contact, trash_contact
from netcrm.store.engine import Store


def add(store: Store, clock: Clock, name: str, **fields) -> int:
    duplicate = fields.pop("duplicate", False)
    return add_contact(store, ContactInput(name=name, **fields), clock, duplicate=duplicate).id


def resolve(store: Store, name: str, trashed: bool = False) -> str:
    with store.session() as session:
        return resolve_contact(session, name, trashed=trashed).name


# --- add -----------------------------------------------------------------------------------------


def test_add_keeps_every_field(store: Store, clock: Clock, today: date) -> None:
    detail = add_contact(
        store,
        ContactInput(
            name="  Budi Santoso ",
            company="Gojek",
            role="Design lead",
            location="Jakarta",
            emails=["budi@example.com"],
            phones=["+62 812 0000"],
            handles=["instagram:@budisan", "twitter:budi_s"],
            tags=["design", "jakarta"],
            how_met="Jakarta UX meetup",
            every="every 2 weeks",
            birthday="1990-02-14",
            notes="Loves kopi tubruk.\nTwo kids.",
        ),
        clock,
    )
    assert detail.name == "Budi Santoso"
    assert (detail.company, detail.role, detail.location) == ("Gojek", "Design lead", "Jakarta")
    assert detail.emails == ("budi@example.com",)
    assert detail.phones == ("+62 812 0000",)
    assert {h.label for h in detail.handles} == {"instagram:budisan", "x:budi_s"}
    assert detail.tags == ("design", "jakarta")
    assert detail.how_met == "Jakarta UX meetup"
    assert detail.cadence == "every 2 weeks"
    assert detail.next_touch_due == today + timedelta(weeks=2)
    assert detail.birthday == date(1990, 2, 14)
    assert detail.notes == "Loves kopi tubruk.\nTwo kids."
    assert detail.stage == "follower"
    assert detail.score == 0
    assert detail.conversations == ()
    assert show_contact(store, "Budi Santoso", clock) == detail


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"name": "   "}, "blank"),
        ({"name": ""}, "blank"),
        ({"name": "Two\nlines"}, "one line"),
        ({"name": "Bell\x07"}, "control character"),
        ({"name": "x" * 201}, "longer than"),
        ({"name": "Ok", "every": "every -2 weeks"}, "positive"),
        ({"name": "Ok", "every": "every 0 days"}, "at least"),
        ({"name": "Ok", "every": "sometimes"}, "interval"),
        ({"name": "Ok", "birthday": "next year"}, "future"),
        ({"name": "Ok", "birthday": "31/12"}, "ambiguous"),
        ({"name": "Ok", "birthday": "2026-02-30"}, "does not exist"),
        ({"name": "Ok", "emails": ["not-an-email"]}, "email"),
        ({"name": "Ok", "handles": ["budisan"]}, "PLATFORM:USER"),
        ({"name": "Ok", "handles": ["instagram:"]}, "PLATFORM:USER"),
        ({"name": "Ok", "tags": ["  "]}, "blank"),
    ],
)
def test_add_refuses_bad_input_and_writes_nothing(
    store: Store, clock: Clock, counts, fields: dict, message: str
) -> None:
    add(store, clock, "Someone Else")
    before = counts()
    with pytest.raises(BadInput, match=message):
        add_contact(store, ContactInput(**fields), clock)
    assert counts() == before


def test_a_handle_belongs_to_one_person(store: Store, clock: Clock, counts) -> None:
    add(store, clock, "Budi Santoso", handles=["instagram:budisan"])
    before = counts()
    with pytest.raises(BadInput, match="already belongs to Budi Santoso"):
        add(store, clock, "Budi Impostor", handles=["ig:BudiSan"])
    assert counts() == before


def test_same_name_twice_is_allowed_but_then_ambiguous(store: Store, clock: Clock) -> None:
    first = add(store, clock, "Budi", company="Gojek")
    second = add(store, clock, "Budi", company="Tokopedia", duplicate=True)
    assert first != second
    with pytest.raises(Ambiguous) as caught:
        resolve(store, "Budi")
    assert caught.value.candidates == [f"Budi (#{first}, Gojek)", f"Budi (#{second}, Tokopedia)"]
    assert resolve(store, f"#{second}") == "Budi"


# --- edit ----------------------------------------------------------------------------------------


def test_edit_changes_only_what_is_given(store: Store, clock: Clock, today: date) -> None:
    add(store, clock, "Siti", company="Tokopedia", tags=["jakarta"], every="monthly")
    later = Clock(today + timedelta(days=3))
    detail = edit_contact(
        store,
        "siti",
        ContactInput(name="Siti Rahmawati", role="Engineering manager", tags=["hiring"]),
        later,
    )
    assert detail.name == "Siti Rahmawati"
    assert (detail.company, detail.role) == ("Tokopedia", "Engineering manager")
    assert detail.tags == ("hiring", "jakarta")
    assert detail.cadence == "every month"
    assert resolve(store, "siti rahmawati") == "Siti Rahmawati"


def test_edit_sets_and_clears_the_cadence(store: Store, clock: Clock, today: date) -> None:
    add(store, clock, "Ayu")
    detail = edit_contact(store, "Ayu", ContactInput(every="quarterly"), clock)
    assert (detail.cadence, detail.next_touch_due) == ("every 3 months", date(2027, 2, 25))
    detail = edit_contact(store, "Ayu", ContactInput(every=""), clock)
    assert (detail.cadence, detail.next_touch_due) == (None, None)


def test_a_failed_edit_writes_nothing(store: Store, clock: Clock, counts) -> None:
    add(store, clock, "Ayu Lestari", company="Kopi Kenangan")
    before = counts()
    with pytest.raises(BadInput):
        edit_contact(
            store, "Ayu", ContactInput(name="Ayu L.", company="X", every="every -1 weeks"), clock
        )
    with pytest.raises(BadInput):
        edit_contact(store, "Ayu", ContactInput(tags=["fine"], emails=["nope"]), clock)
    assert counts() == before
    detail = show_contact(store, "Ayu Lestari", clock)
    assert (detail.name, detail.company, detail.tags) == ("Ayu Lestari", "Kopi Kenangan", ())


def test_editing_an_unknown_person(store: Store, clock: Clock) -> None:
    with pytest.raises(NotFound):
        edit_contact(store, "Nobody", ContactInput(company="X"), clock)


# --- trash ---------------------------------------------------------------------------------------


def test_trash_restore_and_empty(store: Store, clock: Clock, counts) -> None:
    budi = add(store, clock, "Budi Santoso")
    add(store, clock, "Siti Rahmawati")
    log_conversation(store, ConversationInput(names=["Budi"], note="alone"), clock)
    log_conversation(store, ConversationInput(names=["Budi", "Siti"], note="together"), clock)

    assert trash_contact(store, "budi", clock) == "Budi Santoso"
    assert count_contacts(store) == 1
    assert [r.name for r in list_contacts(store, clock)] == ["Siti Rahmawati"]
    with pytest.raises(NotFound):
        resolve(store, "Budi Santoso")
    trash = list_trash(store)
    assert [(r.id, r.name, r.conversations) for r in trash] == [(budi, "Budi Santoso", 2)]
    assert trash[0].trashed_at == clock.now()
    assert get_contact(store, budi, clock).trashed

    assert restore_contact(store, "budi", clock) == "Budi Santoso"
    assert list_trash(store) == []
    assert len(show_contact(store, "Budi", clock).conversations) == 2

    trash_contact(store, "Budi Santoso", clock)
    assert empty_trash(store, clock) == 1
    assert empty_trash(store, clock) == 0
    after = counts()
    assert after["contact"] == 1
    # The conversation only Budi was in is gone; the one Siti shared stays hers.
    assert after["conversation"] == 1
    assert [c.summary for c in show_contact(store, "Siti", clock).conversations] == ["together"]


def test_restore_needs_someone_in_the_trash(store: Store, clock: Clock) -> None:
    add(store, clock, "Budi Santoso")
    with pytest.raises(NotFound):
        restore_contact(store, "Budi Santoso", clock)


def test_a_trashed_namesake_does_not_make_a_name_ambiguous(store: Store, clock: Clock) -> None:
    add(store, clock, "Made Wirawan", company="Old")
    trash_contact(store, "Made Wirawan", clock)
    add(store, clock, "Made Wirawan", company="New", duplicate=True)
    assert show_contact(store, "made wirawan", clock).company == "New"
    assert resolve(store, "Made Wirawan", trashed=True) == "Made Wirawan"


# --- resolving names -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def people(make_store, tmp_path_factory) -> Iterator[Store]:
    """Filled once for the module: resolving names only reads."""
    store = make_store(tmp_path_factory.mktemp("people") / "netcrm.db")
    for name in (
        "José Núñez",
        "Budi Santoso",
        "Siti Rahmawati",
        "Siti Nurhaliza",
        "Dewi Anggraini",
        "Hannah Müller",
    ):
        add(store, Clock(date(2026, 11, 25)), name)
    yield store
    store.close()


@pytest.mark.parametrize(
    ("typed", "found"),
    [
        ("José Núñez", "José Núñez"),  # exact
        ("jose nunez", "José Núñez"),  # case- and accent-insensitive
        ("JOSÉ   NÚÑEZ", "José Núñez"),
        ("  jose nunez  ", "José Núñez"),
        ("hannah muller", "Hannah Müller"),
        ("budi", "Budi Santoso"),  # unique word prefix
        ("santoso", "Budi Santoso"),
        ("b sant", "Budi Santoso"),
        ("rahma", "Siti Rahmawati"),
        ("siti nur", "Siti Nurhaliza"),
        ("Budi Santso", "Budi Santoso"),  # a typo, close enough to be sure
        ("Dewi Angraini", "Dewi Anggraini"),
    ],
)
def test_names_resolve(people: Store, typed: str, found: str) -> None:
    assert resolve(people, typed) == found


def test_a_decomposed_accent_resolves_to_the_composed_name(people: Store) -> None:
    assert resolve(people, unicodedata.normalize("NFD", "José Núñez")) == "José Núñez"


def test_an_ambiguous_name_lists_the_candidates(people: Store) -> None:
    with pytest.raises(Ambiguous) as caught:
        resolve(people, "siti")
    names = sorted(label.split(" (#")[0] for label in caught.value.candidates)
    assert names == ["Siti Nurhaliza", "Siti Rahmawati"]
    assert "Siti Nurhaliza" in str(caught.value) and "Siti Rahmawati" in str(caught.value)
    assert isinstance(caught.value, BadInput)


def test_an_unknown_name_suggests_close_matches(people: Store) -> None:
    with pytest.raises(NotFound) as caught:
        resolve(people, "Budiman Sentosa")
    assert caught.value.suggestions[0] == "Budi Santoso"
    assert "Did you mean Budi Santoso" in str(caught.value)


def test_an_unknown_name_with_nothing_close(people: Store) -> None:
    with pytest.raises(NotFound) as caught:
        resolve(people, "Zzyzx Qwerty")
    assert caught.value.suggestions == []
    assert str(caught.value) == 'No contact called "Zzyzx Qwerty".'


@pytest.mark.parametrize("typed", ["", "   ", "\t"])
def test_a_blank_name_is_bad_input(people: Store, typed: str) -> None:
    with pytest.raises(BadInput, match="blank"):
        resolve(people, typed)


@pytest.mark.parametrize("typed", ["\u0301", "\u0301\u0308", "\u200d"])
def test_a_name_with_nothing_to_compare_is_not_found(people: Store, typed: str) -> None:
    with pytest.raises(NotFound):
        resolve(people, typed)


def test_an_exact_name_wins_over_an_id(store: Store, clock: Clock) -> None:
    add(store, clock, "Budi Santoso")
    add(store, clock, "1")
    assert resolve(store, "1") == "1"
    assert resolve(store, "#1") == "Budi Santoso"


# --- text kept exactly ---------------------------------------------------------------------------

UNUSUAL_NAMES = [
    "Ayu 🌺 Lestari",
    "👩🏽‍💻 Dewi",  # skin tone and zero-width joiner
    "عمر حداد",  # Arabic, right to left
    "Omar حداد",  # mixed direction
    "José Núñez".replace("é", "e\u0301").replace("ú", "u\u0301"),  # decomposed accents
    "Ñandú",
    "Zoë O'Brien-Smith",
    "李小龍",
    "Nguyễn Thị Minh Khai",
]


@pytest.mark.parametrize("name", UNUSUAL_NAMES)
def test_unusual_names_and_notes_are_kept_exactly(store: Store, clock: Clock, name: str) -> None:
    notes = f"Met {name} 🎉 — قابلته في جاكرتا\nsecond line e\u0301"
    detail = add_contact(store, ContactInput(name=name, notes=notes), clock)
    again = show_contact(store, name, clock)
    assert again.name == name == detail.name
    assert again.notes == notes
    log_conversation(store, ConversationInput(names=[name], note=notes), clock)
    assert show_contact(store, name, clock).conversations[0].summary == notes


printable_names = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co", "Cn")),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(name=printable_names)
def test_any_printable_name_round_trips(store: Store, clock: Clock, name: str) -> None:
    detail = add_contact(store, ContactInput(name=name), clock, duplicate=True)
    assert detail.name == name.strip()
    assert get_contact(store, detail.id, clock).name == name.strip()
    # The same store serves every example: move this one out of the way by id.
    assert resolve(store, f"#{detail.id}") == name.strip()
    trash_contact(store, f"#{detail.id}", clock)
