"""netcrm's own CSV and vCard exports, imported back: each person is found by the UID the file
gives them, so nobody is created twice, even renamed in the file."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netcrm.domain.uids import contact_uid, parse_contact_uid
from netcrm.exporters import render_export
from netcrm.services.clock import Clock
from netcrm.services.contact_detail import show_contact
from netcrm.services.contacts import add_contact
from netcrm.services.exporting import export_people
from netcrm.services.importing import import_file
from netcrm.services.records import ContactInput
from netcrm.store.engine import open_store

from .conftest import BUDI, GONE, TARO, Network

FORMATS = ["csv", "vcard"]
#: Known by name alone: no handle, no e-mail, so only the UID can find her again.
NAMELESS = "Sari Only"
SUFFIX = {"csv": "csv", "vcard": "vcf"}


def _names(network: Network) -> list[str]:
    return [p.name for p in export_people(network.store, network.clock)]


def _export(network: Network, fmt: str, path: Path) -> Path:
    target = path / f"export.{SUFFIX[fmt]}"
    target.write_text(render_export(fmt, network.store, network.clock), encoding="utf-8")
    return target


def _with_nameless(network: Network) -> int:
    person = ContactInput(name=NAMELESS, every="1 month", notes="only a name")
    return add_contact(network.store, person, network.clock).id


def _rename(text: str, fmt: str, old: str, new: str) -> str:
    """The file with a person renamed: the CSV's Name cell, the vCard's FN and N."""
    if fmt == "csv":
        return text.replace(f'"{old}"', f'"{new}"')
    family, given = old.split()[-1], " ".join(old.split()[:-1])
    new_family, new_given = new.split()[-1], " ".join(new.split()[:-1])
    return text.replace(f"FN:{old}", f"FN:{new}").replace(
        f"N:{family};{given};", f"N:{new_family};{new_given};"
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_importing_an_export_back_finds_everyone_and_creates_no_one(
    network: Network, tmp_path: Path, fmt: str
) -> None:
    _with_nameless(network)
    before = _names(network)
    text = render_export(fmt, network.store, network.clock)
    exported = _export(network, fmt, tmp_path)

    report = import_file(network.store, fmt, exported, network.clock)

    assert report.created == 0
    assert report.updated + report.skipped == len(before)
    if fmt == "csv":
        assert (report.updated, report.skipped) == (0, len(before))
    else:  # the cards spell out the profile links of handles the store keeps without one
        assert set(report.updated_names) == {p for p in before if p != NAMELESS}
    assert report.duplicates == ()
    assert _names(network) == before
    # not a phone, handle, tag or source added: the next export is the same file
    assert render_export(fmt, network.store, network.clock) == text
    assert show_contact(network.store, NAMELESS, network.clock).source is None
    again = import_file(network.store, fmt, exported, network.clock)
    assert (again.created, again.updated, again.skipped) == (0, 0, len(before))


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_person_renamed_in_the_file_is_still_found_by_uid(
    network: Network, tmp_path: Path, fmt: str
) -> None:
    nameless = _with_nameless(network)
    before = _names(network)
    exported = _export(network, fmt, tmp_path)
    text = _rename(exported.read_text(), fmt, NAMELESS, "Sari Wulandari")
    text = _rename(text, fmt, BUDI, "Budi Hartono")
    assert "Sari Wulandari" in text and "Budi Hartono" in text
    exported.write_text(text, encoding="utf-8")

    report = import_file(network.store, fmt, exported, network.clock)

    assert report.created == 0
    assert report.updated + report.skipped == len(before)
    assert report.duplicates == ()
    assert _names(network) == before  # an import never renames anyone
    assert show_contact(network.store, NAMELESS, network.clock).id == nameless


def test_news_in_the_file_fills_the_contact_its_uid_names(network: Network, tmp_path: Path) -> None:
    nameless = _with_nameless(network)
    uid = contact_uid(nameless, network.clock.now())
    path = tmp_path / "edited.csv"
    path.write_text(f"Name,Company,Emails,UID\nSari W.,Kopi Nusantara,sari@kopi.id,{uid}\n")

    report = import_file(network.store, "csv", path, network.clock)

    assert (report.created, report.updated, report.updated_names) == (0, 1, (NAMELESS,))
    sari = show_contact(network.store, NAMELESS, network.clock)
    assert (sari.company, sari.emails) == ("Kopi Nusantara", ("sari@kopi.id",))


def _csv_with_uid(path: Path, name: str, uid: str) -> Path:
    path.write_text(f"Name,UID\n{name},{uid}\n")
    return path


@pytest.mark.parametrize(
    "case", ["another store", "unknown id", "trashed contact", "not netcrm's", "no uid"]
)
def test_a_uid_that_names_no_live_contact_of_this_store_counts_for_nothing(
    network: Network, tmp_path: Path, case: str
) -> None:
    nameless = _with_nameless(network)
    now = network.clock.now()
    uid = {
        "another store": contact_uid(nameless, now.replace(microsecond=1)),
        "unknown id": contact_uid(9999, now),
        "trashed contact": contact_uid(network.ids[GONE], now),
        "not netcrm's": "urn:uuid:0d0f3f8e-8a5a-5c43-9b65-8ab0e2b6a1f4",
        "no uid": "",
    }[case]
    before = _names(network)

    report = import_file(
        network.store, "csv", _csv_with_uid(tmp_path / "x.csv", NAMELESS, uid), network.clock
    )

    # a record with only a name matches nobody from another source: a new person, reported
    assert (report.created, report.updated, report.skipped) == (1, 0, 0)
    assert [[p.name for p in g.people] for g in report.duplicates or ()] == [[NAMELESS] * 2]
    assert len(_names(network)) == len(before) + 1


def test_another_stores_export_lands_on_nobody_of_this_one(
    network: Network, tmp_path: Path
) -> None:
    other = open_store(str(tmp_path / "other.db"))
    try:
        # the other store's first contact has the same id as this store's first (Taro)
        elsewhere = Clock(date(2026, 10, 1))
        stranger = add_contact(other, ContactInput(name="Stranger"), elsewhere).id
        assert stranger == network.ids[TARO]
        path = tmp_path / "other.vcf"
        path.write_text(render_export("vcard", other, elsewhere), encoding="utf-8")
    finally:
        other.close()

    report = import_file(network.store, "vcard", path, network.clock)

    assert (report.created, report.created_names) == (1, ("Stranger",))
    assert show_contact(network.store, TARO, network.clock).name == TARO


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_exported_person_carries_the_uid_of_their_contact(network: Network, fmt: str) -> None:
    from netcrm.importers import csv_generic, vcard

    reader = {"csv": csv_generic.parse, "vcard": vcard.parse}[fmt]
    people = reader(render_export(fmt, network.store, network.clock).encode(), "export")
    named = {p.name: parse_contact_uid(p.uid) for p in people}
    assert {name: uid.contact_id for name, uid in named.items() if uid} == {
        name: cid for name, cid in network.ids.items() if name != GONE
    }
