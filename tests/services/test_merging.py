"""One person, one record: duplicates found in the store, merged with all their history,
unmerged exactly, and pairs said to differ kept apart. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import select

from netcrm.domain.errors import Ambiguous, BadInput, NotFound, Unchanged
from netcrm.exporters.backup_json import render_backup
from netcrm.importers.records import ImportedHandle, ImportedPerson
from netcrm.services.clock import Clock
from netcrm.services.contact_detail import show_contact
from netcrm.services.contacts import add_contact, list_contacts
from netcrm.services.conversations import add_strength, log_conversation
from netcrm.services.duplicates import duplicate_groups
from netcrm.services.history import recent_changes, undo_last
from netcrm.services.importing import import_people
from netcrm.services.me import add_my_strength
from netcrm.services.merging import mark_not_same, merge_people, unmerge
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.settings import set_setting
from netcrm.services.trash import trash_contact
from netcrm.store.engine import Store
from netcrm.store.tables import metadata

from .test_undo import dump


def add(store: Store, clock: Clock, name: str, **fields) -> int:
    return add_contact(store, ContactInput(name=name, **fields), clock, duplicate=True).id


def imported(store: Store, clock: Clock, name: str, source: str) -> None:
    import_people(store, [ImportedPerson(name=name, source=source)], clock, source=source)


def log(store: Store, clock: Clock, *names: str, **fields) -> None:
    log_conversation(store, ConversationInput(names=list(names), **fields), clock)


def groups(store: Store, **options) -> list[list[str]]:
    return [[p.name for p in g.people] for g in duplicate_groups(store, **options)]


def reasons(store: Store, min_score: int = 50) -> list[set[str]]:
    return [{r.kind for r in g.reasons} for g in duplicate_groups(store, min_score=min_score)]


@pytest.fixture(autouse=True)
def _no_locale_region(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("LC_ALL", "LC_TELEPHONE", "LANG"):
        monkeypatch.delenv(variable, raising=False)


# --- finding them --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("first", "second", "kind"),
    [
        ({"emails": ["Budi@Example.com"]}, {"emails": ["budi@example.COM"]}, "email"),
        ({"phones": ["+62 812-555-1234"]}, {"phones": ["+628125551234"]}, "phone"),
        ({"handles": ["instagram:budisantoso"]}, {"handles": ["tiktok:budisantoso"]}, "username"),
        ({"handles": ["linkedin:budi-santoso-4a1b2c"]}, {}, "handle-spells-name"),
        ({"company": "Gojek"}, {"company": "GOJEK"}, "company"),
        ({"location": "Jakarta, Indonesia"}, {"location": "jakarta"}, "city"),
    ],
)
def test_each_reason_is_found_in_the_store(store, clock, first, second, kind) -> None:
    add(store, clock, "Ana", **first)
    add(store, clock, "Budi Santoso", **second)
    if kind in ("company", "city"):  # they count with a similar name only
        add(store, clock, "Ana Putri", **first)
    found = reasons(store, min_score=1)
    assert any(kind in r for r in found), found


def test_accents_and_case_are_ignored(store, clock) -> None:
    imported(store, clock, "José Núñez", "linkedin")
    imported(store, clock, "jose nunez", "instagram")
    assert groups(store) == [["José Núñez", "jose nunez"]]


def test_a_national_number_is_matched_through_the_phone_region(store, clock) -> None:
    add(store, clock, "Budi", phones=["0812-555-1234"])
    add(store, clock, "Budi S", phones=["+62 812 555 1234"])
    assert groups(store) == []  # no region: 0812... is no number of any country
    set_setting(store, "phone-region", "id")
    assert groups(store) == [["Budi", "Budi S"]]
    assert {"phone", "similar-name"} <= reasons(store)[0]


def test_unrelated_people_trashed_people_and_pairs_said_to_differ_are_left_out(
    store, clock
) -> None:
    add(store, clock, "Ana Putri", emails=["ana@x.id"])
    add(store, clock, "Joko Widodo", emails=["joko@x.id"])
    add(store, clock, "Ana Putri", emails=["ana@x.id"])
    add(store, clock, "Ana Putri", emails=["ana@x.id"])
    trash_contact(store, "#4", clock)
    assert groups(store) == [["Ana Putri", "Ana Putri"]]
    mark_not_same(store, "#1", "#3", clock)
    assert groups(store) == []
    with pytest.raises(Unchanged):
        mark_not_same(store, "#3", "#1", clock)
    with pytest.raises(BadInput, match="name two people"):
        mark_not_same(store, "#1", "#1", clock)


def test_min_score_filters_and_is_checked(store, clock) -> None:
    imported(store, clock, "Budi", "vcard")
    imported(store, clock, "Budi", "csv")
    assert groups(store) == []
    assert groups(store, min_score=20) == [["Budi", "Budi"]]
    with pytest.raises(BadInput):
        duplicate_groups(store, min_score=101)


# --- merging -----------------------------------------------------------------------------


@pytest.fixture
def budis(store: Store, clock: Clock) -> Store:
    """Budi Santoso typed by hand, and Budi from the phone with a history of his own."""
    add(
        store,
        clock,
        "Budi Santoso",
        company="Gojek",
        emails=["budi@gojek.com"],
        handles=["linkedin:budi-santoso-4a1b2c"],
        tags=["work"],
        notes="Met at a design meetup.",
    )
    add(
        store,
        clock,
        "Budi",
        phones=["0812-555-1234"],
        emails=["BUDI@gojek.com", "budi@home.id"],
        handles=["instagram:budi.santoso", "linkedin:budi-santoso-4a1b2c-x"],
        tags=["work", "church"],
        location="Bandung",
        birthday="1990-05-17",
        notes="Sings in the choir.",
        company="Tokopedia",
    )
    add(store, clock, "Siti Rahma")
    add_my_strength(store, "data work", clock)
    add_strength(store, "Budi Santoso", "Go", clock)
    log(store, clock, "Budi Santoso", "#2", "Siti", note="team lunch", when="2026-11-01")
    log(
        store,
        clock,
        "#2",
        note="coffee",
        when="2026-11-20",
        learned=["Go", "UI"],
        shared=["data work"],
        exchanges=["gave: an intro to Rina"],
        follow_up="in 2 weeks",
        about="send the deck",
    )
    return store


def test_a_merge_moves_everything_and_counts_shared_conversations_once(budis, clock) -> None:
    result = merge_people(budis, "Budi Santoso", ["#2"], clock)
    assert result.merged == ("Budi (#2)",)
    assert "1 conversation" in result.moved and "location: Bandung" in result.moved

    [only] = [r for r in list_contacts(budis, clock) if r.name.startswith("Budi")]
    detail = show_contact(budis, "Budi Santoso", clock)
    assert detail.id == only.id == 1
    assert detail.company == "Gojek"  # KEEP's own value wins
    assert detail.location == "Bandung" and detail.birthday == date(1990, 5, 17)
    assert detail.notes == "Met at a design meetup.\n\nSings in the choir."
    assert detail.phones == ("0812-555-1234",)
    assert sorted(detail.emails) == ["budi@gojek.com", "budi@home.id"]
    assert {h.label for h in detail.handles} == {
        "linkedin:budi-santoso-4a1b2c",
        "linkedin:budi-santoso-4a1b2c-x",
        "instagram:budi.santoso",
    }
    assert sorted(detail.tags) == ["church", "work"]
    assert len(detail.conversations) == 2  # the lunch once, and Budi's coffee
    assert {s.name for s in detail.strengths} == {"Go", "UI"}
    go = next(s for s in detail.strengths if s.name == "Go")
    assert go.conversation_id is not None  # the evidence came with the merge
    assert [d.strength for d in detail.knows_mine] == ["data work"]
    assert len(detail.exchanges) == 1 and len(detail.follow_ups) == 1
    assert detail.stage != "follower" and detail.last_talked == date(2026, 11, 20)
    with pytest.raises(NotFound):
        show_contact(budis, "#2", clock)
    assert recent_changes(budis)[0].action == "merge"


def test_a_dry_run_says_the_same_and_writes_nothing(budis, clock) -> None:
    before = dump(budis)
    preview = merge_people(budis, "Budi Santoso", ["#2"], clock, dry_run=True)
    assert dump(budis) == before
    assert preview.dry_run
    assert preview.moved == merge_people(budis, "Budi Santoso", ["#2"], clock).moved


def test_merge_then_unmerge_gives_back_the_same_backup(budis, clock) -> None:
    before = json.loads(render_backup(budis))
    rows = dump(budis)
    merge_people(budis, "Budi Santoso", ["#2", "Siti"], clock)
    assert json.loads(render_backup(budis)) != before
    restored = unmerge(budis, "Budi Santoso", clock)
    assert restored.restored == ("Budi (#2)", "Siti Rahma (#3)")
    after = json.loads(render_backup(budis))
    after.pop("exported_at", None), before.pop("exported_at", None)
    assert after == before
    assert dump(budis) == rows  # ids and aggregates too


def test_undo_takes_back_a_merge_too(budis, clock) -> None:
    rows = dump(budis)
    merge_people(budis, "Budi Santoso", ["#2"], clock)
    assert undo_last(budis, clock).action == "merge"
    assert dump(budis) == rows


def test_unmerge_after_changes_to_other_people_is_still_exact(budis, clock) -> None:
    merge_people(budis, "Budi Santoso", ["#2"], clock)
    merged = dump(budis)
    add(budis, clock, "Eko Prasetyo", phones=["+62 811 000"])
    log(budis, clock, "Siti", note="call")
    unmerge(budis, "Budi Santoso", clock)
    names = {r.name for r in list_contacts(budis, clock)}
    assert {"Budi", "Budi Santoso", "Eko Prasetyo", "Siti Rahma"} == names
    assert merged != dump(budis)


def test_unmerge_is_refused_once_the_merged_person_changed(budis, clock) -> None:
    merge_people(budis, "Budi Santoso", ["#2"], clock)
    log(budis, clock, "Budi Santoso", note="call after the merge")
    with pytest.raises(BadInput, match="undo those first"):
        unmerge(budis, "Budi Santoso", clock)
    undo_last(budis, clock)
    assert unmerge(budis, "Budi", clock).keep == "Budi Santoso"  # found by the merged name
    with pytest.raises(NotFound):
        unmerge(budis, "Budi Santoso", clock)


def test_pairs_said_to_differ_follow_the_merge(budis, clock) -> None:
    imported(budis, clock, "Budi Santoso", "linkedin")  # #4: another Budi Santoso

    def together() -> bool:
        return any({1, 4} <= {p.id for p in g.people} for g in duplicate_groups(budis))

    assert together()
    mark_not_same(budis, "#2", "#4", clock)
    merge_people(budis, "#1", ["#2"], clock)
    assert not together()  # "#2 is not #4" became "#1 is not #4"


@pytest.mark.parametrize(
    ("keep", "others", "error", "words"),
    [
        ("Budi Santoso", ["Budi Santoso"], BadInput, "themselves"),
        ("Budi Santoso", ["#2", "#2"], BadInput, "named twice"),
        ("Budi Santoso", ["Nobody Here"], NotFound, "No contact"),
        ("Budi Santoso", ["Gone"], BadInput, "in the trash"),
        ("Budi Santoso", [], BadInput, "at least one"),
    ],
)
def test_merge_errors_say_what_is_wrong_and_write_nothing(
    budis, clock, keep, others, error, words
) -> None:
    add(budis, clock, "Gone")
    trash_contact(budis, "Gone", clock)
    before = dump(budis)
    with pytest.raises(error, match=words):
        merge_people(budis, keep, others, clock)
    assert dump(budis) == before


def test_an_ambiguous_name_lists_the_candidates(budis, clock) -> None:
    add(budis, clock, "Budi Hartono")
    with pytest.raises(Ambiguous) as caught:
        merge_people(budis, "Siti", ["Bud"], clock)
    assert len(caught.value.candidates) >= 2


# --- imports link people ---------------------------------------------------------------------


def test_an_import_links_by_phone_in_another_notation(store, clock) -> None:
    set_setting(store, "phone-region", "ID")
    add(store, clock, "Budi", phones=["0812-555-1234"])
    report = import_people(
        store,
        [ImportedPerson(name="Budi Santoso", phones=["+62 812 5551234"], company="Gojek")],
        clock,
        source="vcard",
    )
    assert (report.created, report.updated) == (0, 1)
    detail = show_contact(store, "Budi", clock)
    assert detail.phones == ("0812-555-1234",) and detail.company == "Gojek"


def test_an_import_reports_the_duplicates_it_brings(store, clock) -> None:
    add(store, clock, "Budi Santoso", company="Gojek")
    people = [
        ImportedPerson(name="Budi", handles=[ImportedHandle("instagram", "budi.santoso")]),
        ImportedPerson(name="Siti Rahma", handles=[ImportedHandle("instagram", "siti")]),
    ]
    preview = import_people(store, people, clock, source="instagram", dry_run=True)
    assert [[(p.name, p.id < 0) for p in g.people] for g in preview.duplicates or ()] == [
        [("Budi", True), ("Budi Santoso", False)]  # the one with a handle first: best to keep
    ]
    report = import_people(store, people, clock, source="instagram")
    [group] = report.duplicates or ()
    assert [p.id for p in group.people] == [2, 1]
    assert "handle-spells-name" in {r.kind for r in group.reasons}


def test_not_same_pairs_survive_a_backup_restore(store, clock, tmp_path) -> None:
    from netcrm.services.importing import import_file
    from netcrm.store.engine import open_store

    add(store, clock, "Ana Putri", emails=["ana@x.id"])
    add(store, clock, "Ana Putri", emails=["ana@x.id"])
    mark_not_same(store, "#1", "#2", clock)
    backup = tmp_path / "backup.json"
    backup.write_text(render_backup(store), encoding="utf-8")
    other = open_store(str(tmp_path / "other.db"))
    try:
        import_file(other, "json", backup, clock)
        assert groups(other) == []
        with other.connection() as connection:
            assert len(connection.execute(select(metadata.tables["not_same"])).all()) == 2
    finally:
        other.close()
