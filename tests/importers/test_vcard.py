"""vCard 2.1 (quoted-printable), 3.0 and 4.0 files with many cards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from netcrm.importers import ImportedHandle, ImportFormatError, read_people, vcard
from netcrm.importers.records import YEARLESS
from netcrm.importers.vcard import parse


def card(*lines: str, version: str = "3.0") -> str:
    return "\r\n".join(["BEGIN:VCARD", f"VERSION:{version}", *lines, "END:VCARD"]) + "\r\n"


def test_android_2_1_quoted_printable(fixtures: Path) -> None:
    elodie, layla, jose = read_people("vcard", fixtures / "vcard" / "android-2.1.vcf")
    assert elodie.name == "Élodie Dupont"
    assert elodie.phones == ["+33612345678"]
    assert elodie.emails == ["elodie@example.fr"]
    # =0D=0A is a line break; "=" at a line end is a soft break; commas are kept whole
    assert elodie.notes == (
        "Rencontrée à Paris, café crème\n"
        "Deuxième ligne, assez longue pour une coupure douce du quoted-printable."
    )
    assert layla.name == "ليلى حسن"
    assert layla.phones == ["+971501234567", "+97142223333"]
    assert layla.birthday == date(1988, 2, 29)
    assert layla.tags == ["Dubai", "Design"]
    assert jose.name == "José García"  # ISO-8859-1 bytes, with and without CHARSET
    assert jose.company == "Telefonica"
    assert [p.record for p in (elodie, layla, jose)] == [1, 2, 3]


def test_apple_3_0(fixtures: Path) -> None:
    budi, taro = read_people("vcard", fixtures / "vcard" / "apple-3.0.vcf")
    assert budi.name == "Budi Santoso 🚀"
    assert budi.emails == ["budi@maju.co.id", "budi.santoso@gmail.com"]
    assert budi.phones == ["+62 811-1234-567"]
    assert (budi.company, budi.role) == ("PT Maju Jaya, Tbk", "CTO")
    assert budi.location == "Jakarta Selatan, Indonesia"
    assert budi.birthday == date(1990, 5, 17)
    assert budi.tags == ["Friends", "Tech, Startups"]
    assert budi.notes == "Met at JSConf Asia, Jakarta.\nLikes kopi tubruk; hates long meetings."
    assert budi.urls == ["https://budi.dev"]
    assert budi.handles == [
        ImportedHandle("github", "budis", url="https://github.com/budis"),
        ImportedHandle("x", "budisan", url="https://twitter.com/budisan"),
        ImportedHandle("instagram", "budi.santoso"),
    ]
    assert budi.source == "vcard"
    assert taro.name == "山田 太郎"
    assert (taro.company, taro.role) == ("株式会社サンプル", "エンジニア")
    assert taro.notes == (
        "東京で会った。This note is long enough that the exporter folded it across two lines."
    )
    assert taro.birthday == date(YEARLESS, 12, 24)  # X-APPLE-OMIT-YEAR=1604


def test_4_0(fixtures: Path) -> None:
    siti, andi, omar = read_people("vcard", fixtures / "vcard" / "contacts-4.0.vcf")
    assert siti.name == "Siti Nurhaliza"
    assert siti.phones == ["+62-812-3456-7890"]  # tel: URI
    assert siti.birthday == date(YEARLESS, 7, 8)  # --0708
    assert siti.tags == ["Bandung", "Alumni ITB"]
    assert siti.handles == [
        ImportedHandle(
            "linkedin", "siti-nurhaliza", url="https://www.linkedin.com/in/siti-nurhaliza"
        )
    ]
    assert andi.name == "🎸 Andi Wijaya"
    assert andi.birthday is None
    assert andi.notes == "Birthday: circa 1985"  # a text birthday is kept, not lost
    assert andi.handles == [
        ImportedHandle("mastodon", "andiw@mastodon.social", url="https://mastodon.social/@andiw")
    ]
    assert omar.name == "عمر الفاروق"
    assert omar.birthday == date(1975, 1, 2)
    assert omar.location == "Abu Dhabi, United Arab Emirates"


def test_fn_falls_back_to_n() -> None:
    [person] = parse(card("N:Tanaka;Yuki;;;").encode(), "c.vcf")
    assert person.name == "Yuki Tanaka"


def test_no_name_at_all_falls_back_to_the_email() -> None:
    [person] = parse(card("EMAIL:x@y.id").encode(), "c.vcf")
    assert person.name == "x@y.id"


def test_social_profiles_by_type_and_x_properties() -> None:
    text = card(
        "X-SOCIALPROFILE;TYPE=twitter:budi",
        "X-SOCIALPROFILE;TYPE=linkedin:https://www.linkedin.com/in/budi-s",
        "X-INSTAGRAM:@budi.ig",
        "FN:Budi",
    )
    [budi] = parse(text.encode(), "c.vcf")
    assert [(h.platform, h.username) for h in budi.handles] == [
        ("x", "budi"),
        ("linkedin", "budi-s"),
        ("instagram", "budi.ig"),
    ]


def test_lf_line_endings_and_lowercase_names() -> None:
    text = "begin:vcard\nversion:3.0\nfn:Dewi\nemail:dewi@x.id\nend:vcard\n"
    [dewi] = parse(text.encode(), "c.vcf")
    assert (dewi.name, dewi.emails) == ("Dewi", ["dewi@x.id"])


def test_a_card_left_open_at_the_end() -> None:
    text = card("FN:A") + card("FN:B") + "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:C\r\n"
    with pytest.raises(ImportFormatError) as caught:
        parse(text.encode(), "contacts.vcf")
    assert str(caught.value) == (
        "contacts.vcf, record 3: the card is not closed (no END:VCARD; the file may be cut short)."
    )


def test_a_malformed_card_mid_file_names_the_record() -> None:
    text = card("FN:A") + card("FN:B") + card("this line has no colon") + card("FN:D")
    with pytest.raises(
        ImportFormatError, match=r"^contacts.vcf, record 3: the card cannot be read"
    ):
        parse(text.encode(), "contacts.vcf")


def test_text_outside_cards_names_the_line() -> None:
    text = card("FN:A") + "garbage\r\n"
    with pytest.raises(ImportFormatError) as caught:
        parse(text.encode(), "contacts.vcf")
    assert str(caught.value).startswith("contacts.vcf, line 5: text outside")


def test_not_a_vcard_file() -> None:
    with pytest.raises(ImportFormatError, match="is not a vCard file"):
        parse(b"", "contacts.vcf")


def test_the_uid_is_read_as_written() -> None:
    uid = "urn:netcrm:contact:3:20261125T120000.000000Z"
    [ours, theirs, none] = parse(
        (
            card(f"UID:{uid}", "FN:A", version="4.0")
            + card("UID:4f1c2e1a-2b7b-4a55-8d1e-6d4b8a2c9f10", "FN:B")
            + card("FN:C")
        ).encode(),
        "c.vcf",
    )
    assert (ours.uid, theirs.uid, none.uid) == (uid, "4f1c2e1a-2b7b-4a55-8d1e-6d4b8a2c9f10", None)


def test_escapes_are_undone_in_every_field() -> None:
    text = card(
        r"FN:Budi\, Jr.\: the \;one\nand only",
        r"ORG:Acme\, Inc.\: Asia;Sales\;East",
        r"TITLE:Head\, Sales\: APAC\nand Oceania",
        r"NOTE:Line one\, with\: colon\; semi\nLine two\NLine three",
        r"ADR;type=WORK:;;Jl. A\, No. 1;Jakarta\, Selatan\: Kota;;12190;Indonesia\: ID",
        r"EMAIL;type=INTERNET:mailto\:budi@acme.co.id",
        r"TEL;VALUE=uri:tel\:+62-812-555-1234",
        r"URL:https\://budi.example.com/a\,b",
        r"CATEGORIES:Friends,Tech\, Startups,Ops\: 24\\7",
        version="4.0",
    )
    [budi] = parse(text.encode(), "c.vcf")
    assert budi.name == "Budi, Jr.: the ;one and only"  # a line break in a name is a space
    assert (budi.company, budi.role) == ("Acme, Inc.: Asia", "Head, Sales: APAC and Oceania")
    assert budi.notes == "Line one, with: colon; semi\nLine two\nLine three"
    assert budi.location == "Jakarta, Selatan: Kota, Indonesia: ID"
    assert (budi.emails, budi.phones) == (["budi@acme.co.id"], ["+62-812-555-1234"])
    assert budi.urls == ["https://budi.example.com/a,b"]
    assert budi.tags == ["Friends", "Tech, Startups", "Ops: 24\\7"]


def test_escapes_in_the_parts_of_n() -> None:
    [person] = parse(card(r"N:Santoso\, Jr.\: Sr;Budi\;Bud;;;").encode(), "c.vcf")
    assert person.name == "Budi;Bud Santoso, Jr.: Sr"


def test_what_vobject_unescapes_is_not_unescaped_twice() -> None:
    text = card(r"FN:A", r"NOTE:C:\\Users\\budi\, and \\n is no line break\; nor is a\\:b")
    [person] = parse(text.encode(), "c.vcf")
    assert person.notes == r"C:\Users\budi, and \n is no line break; nor is a\:b"


def test_a_lone_comma_in_org_is_part_of_the_company() -> None:
    [person] = parse(card("FN:A", "ORG:PT Maju Jaya, Tbk;Engineering").encode(), "c.vcf")
    assert person.company == "PT Maju Jaya, Tbk"


def test_icloud_groups_are_not_people_and_tag_their_members(fixtures: Path) -> None:
    budi, ana, toko = read_people("vcard", fixtures / "vcard" / "icloud-3.0.vcf")
    assert [p.name for p in (budi, ana, toko)] == ["Budi Santoso", "Ana Putri", "Toko Sinar Jaya"]
    assert [p.record for p in (budi, ana, toko)] == [1, 3, 4]  # cards 2 and 5 are groups
    # members are named urn:uuid:<UID>, in any case; an escaped comma in the group's name
    assert budi.tags == ["Keluarga", "Tim Sales, Jakarta"]
    assert ana.tags == ["Keluarga"]
    assert toko.tags == []  # a company card (X-ABShowAs:COMPANY) is a card like any other


def test_4_0_kind_group_and_member(fixtures: Path) -> None:
    rina, arif, office = read_people("vcard", fixtures / "vcard" / "groups-4.0.vcf")
    assert (rina.name, arif.name) == ("Rina Kartika", "Arif Hidayat")
    assert rina.tags == arif.tags == ["Klub Lari Senayan"]
    assert (office.name, office.company) == ("Klub Lari Senayan (sekretariat)", "Klub Lari Senayan")
    assert office.tags == []  # KIND:org is a card to keep; a mailto: member matches no UID


def test_a_member_is_found_with_or_without_urn_uuid() -> None:
    text = (
        card("FN:A", "UID:urn:uuid:6F1B3C2D-AAAA-4BBB-8CCC-0123456789AB", version="4.0")
        + card("FN:B", "UID:0f5e2a1b-1111-4222-8333-444455556666")
        + card("KIND:group", "FN:Tetangga", "MEMBER:6f1b3c2d-aaaa-4bbb-8ccc-0123456789ab")
        + card("KIND:group", "N:Arisan;;;;", "MEMBER:urn:uuid:0F5E2A1B-1111-4222-8333-444455556666")
    )
    a, b = parse(text.encode(), "c.vcf")
    assert (a.tags, b.tags) == (["Tetangga"], ["Arisan"])  # the group's FN, else its N


def test_a_file_of_only_groups_imports_nobody() -> None:
    text = card(
        "N:Keluarga",
        "FN:Keluarga",
        "X-ADDRESSBOOKSERVER-KIND:group",
        "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:8A4D2B1E-5C3F-4E6A-9B7D-1F2E3C4D5A6B",
    ) + card("KIND:group", "MEMBER:urn:uuid:03a0e51f-d1aa-4385-8a53-e29025acd8af", version="4.0")
    assert parse(text.encode(), "c.vcf") == []  # even a group with no name is no error


def test_a_group_lists_a_member_as_a_category_would() -> None:
    text = card("FN:A", "UID:a-1", "CATEGORIES:keluarga,Teman") + card(
        "X-ADDRESSBOOKSERVER-KIND:GROUP", "FN:Keluarga", "X-ADDRESSBOOKSERVER-MEMBER:urn:uuid:A-1"
    )
    [a] = parse(text.encode(), "c.vcf")
    assert a.tags == ["keluarga", "Teman"]  # the tag is there already, in another case


def test_apple_labels_are_kept_in_the_notes(fixtures: Path) -> None:
    budi, ana, toko = read_people("vcard", fixtures / "vcard" / "icloud-3.0.vcf")
    # the values themselves stay clean: phone matching needs bare numbers
    assert budi.emails == ["budi@acme.co.id", "budi.santoso@gmail.com"]
    assert budi.phones == ["+62 812-555-1234", "+62 21 555 0100"]
    assert budi.notes is not None
    assert budi.notes.splitlines()[:3] == [
        "Kenal di JSConf Asia, Jakarta.",
        "Suka kopi tubruk; laptopnya penuh stiker.",
        # a TYPE parameter (type=HOME, type=CELL) is no label; Apple's own labels are words
        "Labels: Kantor: budi@acme.co.id; Kantor pusat: +62 21 555 0100; "
        "homepage: https://budi.example.com; Instagram: https://example.com/budi",
    ]
    assert ana.notes is not None
    assert "\nLabels: other: ana.putri@icloud.com; WhatsApp: +62 813-555-9876\n" in ana.notes
    assert toko.notes is None  # type=MAIN is a TYPE, not a label


def test_a_label_naming_a_platform_makes_a_username_a_handle(fixtures: Path) -> None:
    budi = read_people("vcard", fixtures / "vcard" / "icloud-3.0.vcf")[0]
    assert budi.handles == [
        ImportedHandle("instagram", "budi.ig"),  # item5.URL:budi.ig, labelled Instagram
        ImportedHandle("linkedin", "budi-santoso", url="https://www.linkedin.com/in/budi-santoso"),
    ]
    # a link to another site stays a link, whatever its label says
    assert budi.urls == ["https://budi.example.com", "https://example.com/budi"]


def test_labels_of_phones_and_social_profiles() -> None:
    text = card(
        "FN:Sari",
        "ITEM2.X-ABLabel:_$!<Mobile>!$_",  # before its value, in another case
        "item2.TEL;type=pref:+62 812-555-1234",
        "item3.X-SOCIALPROFILE:@sari.dewi",
        "item3.X-ABLabel:Instagram",
        "item4.X-SOCIALPROFILE:https://www.flickr.com/photos/saridewi",
        "item4.X-ABLabel:Flickr",
        "item5.URL:https://github.com/saridewi",
        "item5.X-ABLabel:GitHub",
        "item6.URL:sari_dewi",
        "item6.X-ABLabel:Twitter",
        "item7.EMAIL:sari@kantor.id",
        "item7.X-ABLabel:Kantor, Pusat",  # a lone comma in a label is text
        "item8.X-ABLabel:Not used",  # labels nothing that is kept
    )
    [sari] = parse(text.encode(), "c.vcf")
    assert (sari.phones, sari.emails) == (["+62 812-555-1234"], ["sari@kantor.id"])
    assert [(h.platform, h.username) for h in sari.handles] == [
        ("github", "saridewi"),
        ("x", "sari_dewi"),
        ("instagram", "sari.dewi"),
    ]
    assert sari.urls == ["https://www.flickr.com/photos/saridewi"]  # a profile on no platform
    assert sari.notes == (
        "Labels: Kantor, Pusat: sari@kantor.id; mobile: +62 812-555-1234; "
        "Flickr: https://www.flickr.com/photos/saridewi"
    )


def test_the_labels_kept_in_the_notes_are_capped() -> None:
    emails = [f"item{i}.EMAIL:p{i}@x.id\r\nitem{i}.X-ABLabel:Alamat {i}" for i in range(60)]
    [person] = parse(card("FN:P", *emails).encode(), "c.vcf")
    assert len(person.emails) == 60
    assert person.notes is not None
    labels, more = person.notes.splitlines()
    assert labels.count("; ") == vcard.MAX_DETAILS - 1
    assert labels.endswith("Alamat 49: p49@x.id")
    assert more == "(10 more not kept)"


def test_apple_related_names_and_dates_are_kept_in_the_notes(fixtures: Path) -> None:
    budi, ana, _ = read_people("vcard", fixtures / "vcard" / "icloud-3.0.vcf")
    assert budi.notes is not None
    assert budi.notes.splitlines()[3:] == [
        "Related: Ana Putri (spouse)",
        "Related: Raka Santoso (child)",
        "Anniversary: 2015-06-01",
        "Ulang tahun kantor: --08-17",  # X-APPLE-OMIT-YEAR=1604: no year
    ]
    assert budi.birthday == date(1988, 3, 4)  # BDAY is still the birthday, not a note
    assert ana.notes == (
        "Alamat lama: Jl. Braga, Bandung.\n"
        "\n"
        "Suka teh melati, bukan kopi. Pernah kerja di Singapura.\n"
        "Labels: other: ana.putri@icloud.com; WhatsApp: +62 813-555-9876\n"
        "Related: Budi Santoso (spouse)\n"
        "Related: Sari (Sahabat)"
    )


def test_4_0_related_and_anniversary(fixtures: Path) -> None:
    rina, arif, office = read_people("vcard", fixtures / "vcard" / "groups-4.0.vcf")
    # a urn:uuid names the card of that UID (in any case); one not in the file is left out
    assert rina.notes == (
        "Related: Arif Hidayat (spouse)\nRelated: Dewi Lestari (friend)\nAnniversary: 2015-06-01"
    )
    assert arif.notes == "Related: Rina Kartika (spouse)\nAnniversary: --06-01"
    assert office.notes is None


def test_related_and_dates_as_other_writers_spell_them() -> None:
    text = card(
        "FN:Dewi",
        "BDAY;VALUE=text:sekitar 1990",
        "NOTE:Teman kuliah.",
        "RELATED;TYPE=co-worker,friend;VALUE=text:Putu, Made",  # a lone comma is text
        "RELATED:https://example.com/people/wayan.vcf",  # a URI other than urn:uuid, as written
        r"RELATED;TYPE=co-worker,friend;VALUE=text:Putu\, Made",  # the same, escaped: once
        "ANNIVERSARY:20150601T103000Z",
        "ANNIVERSARY;VALUE=text:musim hujan 2010",
        "item1.X-ABRELATEDNAMES:Komang",  # no label
        "item2.X-ABDATE:2019-02-03",  # no label
        "item3.X-ABDATE:2020-07-08",
        "item3.X-ABLabel:_$!<Other>!$_",
        version="4.0",
    )
    [dewi] = parse(text.encode(), "c.vcf")
    assert dewi.notes == (
        "Teman kuliah.\n"
        "Birthday: sekitar 1990\n"
        "Related: Putu, Made (co-worker, friend)\n"
        "Related: https://example.com/people/wayan.vcf\n"
        "Related: Komang\n"
        "Anniversary: 2015-06-01\n"
        "Anniversary: musim hujan 2010\n"
        "Date: 2019-02-03\n"
        "other: 2020-07-08"
    )


def test_related_names_count_towards_the_cap() -> None:
    names = [f"RELATED;VALUE=text:Orang {i}" for i in range(45)]
    labels = [f"item{i}.TEL:+62 21 555 {i:04}\r\nitem{i}.X-ABLabel:Nomor {i}" for i in range(10)]
    [person] = parse(card("FN:P", *names, *labels, version="4.0").encode(), "c.vcf")
    assert person.notes is not None
    lines = person.notes.splitlines()
    assert lines[0].startswith("Labels: Nomor 0: +62 21 555 0000; ")
    assert lines[1:3] == ["Related: Orang 0", "Related: Orang 1"]
    assert lines[-2:] == ["Related: Orang 39", "(5 more not kept)"]
