"""The import merge rules, as a matrix: what each kind of incoming record does to the store."""

from __future__ import annotations

from datetime import date

import pytest

from netcrm.importers.records import FOLLOWS_ME, I_FOLLOW, MUTUAL, ImportedHandle, ImportedPerson
from netcrm.services.contact_detail import show_contact
from netcrm.services.contacts import add_contact, list_contacts
from netcrm.services.import_matching import merge_direction
from netcrm.services.importing import import_people
from netcrm.services.records import ContactInput
from tests.conftest import table_counts


def follower(username: str, direction: str = FOLLOWS_ME, **extra) -> ImportedPerson:
    return ImportedPerson(
        name=username,
        handles=[
            ImportedHandle(
                "instagram",
                username,
                f"https://www.instagram.com/{username}",
                direction,
                date(2024, 3, 1),
            )
        ],
        source="instagram",
        **extra,
    )


@pytest.mark.parametrize(
    ("old", "new", "merged"),
    [
        (None, FOLLOWS_ME, FOLLOWS_ME),
        (FOLLOWS_ME, None, FOLLOWS_ME),
        (FOLLOWS_ME, FOLLOWS_ME, FOLLOWS_ME),
        (FOLLOWS_ME, I_FOLLOW, MUTUAL),
        (I_FOLLOW, FOLLOWS_ME, MUTUAL),
        (MUTUAL, FOLLOWS_ME, MUTUAL),
    ],
)
def test_directions_merge(old, new, merged) -> None:
    assert merge_direction(old, new) == merged


def test_new_followers_land_as_followers_with_source_and_since(store, clock) -> None:
    report = import_people(store, [follower("budi"), follower("sari")], clock)
    assert (report.created, report.updated, report.skipped) == (2, 0, 0)
    detail = show_contact(store, "budi", clock)
    assert detail.stage == "follower"
    assert detail.source == "instagram"
    assert detail.handles[0].direction == FOLLOWS_ME
    assert detail.handles[0].since == date(2024, 3, 1)


def test_reimport_changes_nothing(store, clock) -> None:
    people = [follower("budi"), follower("sari", tags=["pycon"])]
    import_people(store, people, clock)
    before = table_counts(store)
    report = import_people(store, people, clock)
    assert (report.created, report.updated, report.skipped) == (0, 0, 2)
    assert table_counts(store) == before


def test_follower_and_following_in_one_file_are_one_mutual_person(store, clock) -> None:
    report = import_people(store, [follower("budi"), follower("budi", I_FOLLOW)], clock)
    assert report.created == 1
    assert show_contact(store, "budi", clock).handles[0].direction == MUTUAL


def test_following_imported_later_makes_the_handle_mutual(store, clock) -> None:
    import_people(store, [follower("budi")], clock)
    report = import_people(store, [follower("budi", I_FOLLOW)], clock)
    assert (report.created, report.updated, report.skipped) == (0, 1, 0)
    assert show_contact(store, "budi", clock).handles[0].direction == MUTUAL


def test_same_email_is_the_same_person_and_typed_fields_are_never_overwritten(store, clock) -> None:
    add_contact(
        store, ContactInput(name="Budi Santoso", company="Gojek", emails=["budi@example.id"]), clock
    )
    incoming = ImportedPerson(
        name="B. Santoso",
        emails=["BUDI@example.id"],
        company="Grab",
        role="Designer",
        phones=["+62 811 111"],
        source="google",
    )
    report = import_people(store, [incoming], clock)
    assert (report.created, report.updated) == (0, 1)
    detail = show_contact(store, "Budi Santoso", clock)
    assert detail.name == "Budi Santoso"
    assert detail.company == "Gojek"  # typed by the user: kept
    assert detail.role == "Designer"  # empty before: filled
    assert detail.phones == ("+62 811 111",)


def test_same_handle_matches_a_contact_added_by_hand(store, clock) -> None:
    add_contact(store, ContactInput(name="Budi Santoso", handles=["instagram:budi"]), clock)
    report = import_people(store, [follower("budi")], clock)
    assert report.created == 0
    assert [row.name for row in list_contacts(store, clock)] == ["Budi Santoso"]


def test_same_name_alone_is_reported_never_merged(store, clock) -> None:
    add_contact(store, ContactInput(name="José García", emails=["jose@a.es"]), clock)
    report = import_people(store, [ImportedPerson(name="José García", source="facebook")], clock)
    assert report.created == 1
    assert [[p.name for p in g.people] for g in report.duplicates or ()] == [["José García"] * 2]
    assert [r.text for r in (report.duplicates or ())[0].reasons] == ["same name"]
    assert len(list_contacts(store, clock)) == 2


def test_name_only_records_from_the_same_source_are_not_duplicated_on_reimport(
    store, clock
) -> None:
    friends = [ImportedPerson(name="Ayu Lestari", source="facebook", since=date(2020, 1, 2))]
    import_people(store, friends, clock)
    report = import_people(store, friends, clock)
    assert (report.created, report.skipped) == (0, 1)
    assert len(list_contacts(store, clock)) == 1


def test_dry_run_reports_and_writes_nothing(store, clock) -> None:
    add_contact(store, ContactInput(name="Budi", emails=["budi@example.id"]), clock)
    before = table_counts(store)
    report = import_people(
        store,
        [follower("sari"), ImportedPerson(name="Budi", emails=["budi@example.id"], role="PM")],
        clock,
        dry_run=True,
    )
    assert (report.created, report.updated, report.dry_run) == (1, 1, True)
    assert report.created_names == ("sari",)
    assert table_counts(store) == before


def test_tags_from_an_import_are_added_once(store, clock) -> None:
    people = [ImportedPerson(name="Sari", emails=["sari@x.id"], tags=["Friends", "friends"])]
    import_people(store, people, clock)
    import_people(store, people, clock)
    assert show_contact(store, "Sari", clock).tags == ("Friends",)


def test_imported_people_are_searchable_and_suggested(store, clock) -> None:
    from netcrm.services.due.review import weekly_review
    from netcrm.services.search import search

    import_people(store, [follower("kopi.kenangan")], clock)
    assert [r.name for r in search(store, "kenangan", clock)] == ["kopi.kenangan"]
    suggestions = weekly_review(store, clock).suggestions
    assert [(s.kind, s.contact) for s in suggestions] == [("never-talked", "kopi.kenangan")]


def test_progress_is_reported_up_to_the_total(store, clock) -> None:
    seen: list[tuple[int, int]] = []
    people = [follower(f"user{i}") for i in range(12_000)]
    import_people(store, people, clock, progress=lambda done, total: seen.append((done, total)))
    assert seen[-1] == (12_000, 12_000)
    assert all(done <= total for done, total in seen)
    assert len(list_contacts(store, clock)) == 12_000


def test_a_dry_run_reports_progress_evenly_to_the_total(store, clock) -> None:
    """A dry run only checks: no writing half, so no jump from half way to the end."""
    seen: list[int] = []
    people = [follower(f"user{i}") for i in range(12_000)]
    import_people(store, people, clock, dry_run=True, progress=lambda done, _: seen.append(done))
    assert seen == [5_000, 10_000, 12_000]


def test_websites_are_kept_but_never_merge_two_people(store, clock) -> None:
    colleagues = [
        ImportedPerson(
            name="Ana", emails=["ana@acme.id"], urls=["https://acme.id"], source="vcard"
        ),
        ImportedPerson(name="Bo", emails=["bo@acme.id"], urls=["https://acme.id"], source="vcard"),
    ]
    report = import_people(store, colleagues, clock)
    assert report.created == 2
    assert [h.label for h in show_contact(store, "Ana", clock).handles] == ["website:acme.id"]
    assert import_people(store, colleagues, clock).skipped == 2


def test_birthdays_without_a_year_show_no_age(store, clock) -> None:
    from netcrm.domain.dates import YEARLESS
    from netcrm.services.due.items import due_between

    person = ImportedPerson(name="Sari", emails=["s@x.id"], birthday=date(YEARLESS, 11, 27))
    import_people(store, [person], clock)
    [item] = due_between(store, clock.today(), 7)
    assert (item.kind, item.title, item.due) == ("birthday", "Birthday", date(2026, 11, 27))


def test_netcrm_csv_export_reads_back_through_the_csv_importer(store, clock, tmp_path) -> None:
    from netcrm.exporters import render_export
    from netcrm.importers import read_people
    from netcrm.store.engine import open_store

    add_contact(
        store,
        ContactInput(
            name="=1+2 Ana",
            tags=["friends, close", "work"],
            phones=["+62 811 2222"],
            emails=["ana@x.id"],
        ),
        clock,
    )
    path = tmp_path / "export.csv"
    path.write_text(render_export("csv", store, clock), encoding="utf-8")
    other = open_store(str(tmp_path / "other.db"))
    import_people(other, read_people("csv", path), clock)
    detail = show_contact(other, "=1+2 Ana", clock)
    assert (detail.name, detail.tags, detail.phones, detail.emails) == (
        "=1+2 Ana",
        ("friends, close", "work"),
        ("+62 811 2222",),
        ("ana@x.id",),
    )
    other.close()
