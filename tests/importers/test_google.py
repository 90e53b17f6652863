"""Google Contacts: the current and the older Google CSV, and the Outlook CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netcrm.importers import ImportedHandle, ImportFormatError, read_people
from netcrm.importers.google import parse
from netcrm.importers.records import YEARLESS


def test_the_current_google_csv(fixtures: Path) -> None:
    people = read_people("google", fixtures / "google" / "contacts.csv")
    assert [p.name for p in people] == [
        "Budi Santoso",
        "ゆき 田中",
        "Kopi Kenangan",
        "someone@example.com",
        "Siti Nurhaliza 🌺",
    ]
    budi = people[0]
    assert budi.emails == ["budi@maju.co.id", "budi.santoso@gmail.com"]  # " ::: " inside a cell
    assert budi.phones == ["+62 811-1234-567", "+62 21 555 0101"]
    assert (budi.company, budi.role) == ("PT Maju Jaya, Tbk", "CTO")
    assert budi.birthday == date(1990, 5, 17)
    assert budi.notes == "Met at JSConf Asia.\nLikes kopi tubruk."
    assert budi.location == "Jakarta Selatan, Indonesia"
    assert budi.tags == ["Friends", "starred"]  # "* myContacts" dropped
    assert budi.handles == [ImportedHandle("x", "budisan", url="https://twitter.com/budisan")]
    assert budi.urls == ["https://budi.dev"]
    assert budi.source == "google"
    assert budi.record == 2


def test_a_birthday_without_year_and_labels(fixtures: Path) -> None:
    yuki = read_people("google", fixtures / "google" / "contacts.csv")[1]
    assert yuki.birthday == date(YEARLESS, 11, 3)
    assert yuki.tags == ["Japan Trip 2024", "Friends"]
    assert yuki.record == 6  # Budi's notes span two lines


def test_nameless_contacts_fall_back_to_company_then_email(fixtures: Path) -> None:
    people = read_people("google", fixtures / "google" / "contacts.csv")
    kopi, someone = people[2], people[3]
    assert (kopi.name, kopi.company, kopi.phones, kopi.tags) == (
        "Kopi Kenangan",
        "Kopi Kenangan",
        ["+62 21 5000 123"],
        [],
    )
    assert someone.emails == ["someone@example.com"]


def test_a_website_that_is_a_profile_becomes_a_handle(fixtures: Path) -> None:
    siti = read_people("google", fixtures / "google" / "contacts.csv")[4]
    assert siti.handles == [
        ImportedHandle(
            "linkedin", "siti-nurhaliza", url="https://www.linkedin.com/in/siti-nurhaliza"
        )
    ]
    assert siti.location == "Bandung, Indonesia"


def test_the_older_google_csv(fixtures: Path) -> None:
    ahmad, layla = read_people("google", fixtures / "google" / "contacts-legacy.csv")
    assert ahmad.name == "Ahmad Fauzi"
    assert (ahmad.company, ahmad.role) == ("Tokopedia", "Data Scientist")
    assert ahmad.emails == ["ahmad@tokopedia.example"]
    assert ahmad.phones == ["0812-3333-4444"]
    assert ahmad.birthday == date(1985, 8, 17)
    assert ahmad.location == "Surabaya"
    assert ahmad.tags == ["Coworkers"]  # "* My Contacts" dropped
    assert ahmad.handles == [
        ImportedHandle("github", "ahmadfauzi", url="https://github.com/ahmadfauzi")
    ]
    assert layla.tags == ["starred"]
    assert layla.notes == "Designer, Dubai"


def test_the_outlook_csv(fixtures: Path) -> None:
    rina, tom = read_people("google", fixtures / "google" / "outlook.csv")
    assert rina.name == "Rina Kartika"  # the "Title" column (Dr.) is a prefix, not a role
    assert rina.role == "Researcher"
    assert rina.company == "Universitas Indonesia"
    assert rina.emails == ["rina@ui.ac.id", "rina.k@gmail.com"]
    assert rina.phones == ["+62 813 9999 0000"]  # not the assistant's, not the fax
    assert rina.birthday == date(1988, 5, 6)  # month first
    assert rina.tags == ["Research", "Jakarta"]
    assert rina.location == "Depok, Indonesia"
    assert rina.handles == [
        ImportedHandle("instagram", "rina.kartika", url="https://www.instagram.com/rina.kartika/")
    ]
    assert tom.birthday is None  # 0/0/00
    assert tom.phones == ["+44 20 7946 0000"]


def test_a_bad_birthday_mid_file_names_the_line() -> None:
    data = (
        b"First Name,Last Name,Birthday,Labels\r\n"
        b"A,B,1990-01-01,* myContacts\r\n"
        b"C,D,1990-13-01,* myContacts\r\n"
    )
    with pytest.raises(ImportFormatError) as caught:
        parse(data, "contacts.csv")
    assert str(caught.value) == 'contacts.csv, line 3: the date "1990-13-01" does not exist.'


def test_a_windows_1252_file_with_bom_less_accents() -> None:
    data = "First Name,Last Name,Labels\r\nJosé,Pérez,* myContacts ::: Amigos\r\n".encode("cp1252")
    [jose] = parse(data, "contacts.csv")
    assert (jose.name, jose.tags) == ("José Pérez", ["Amigos"])
