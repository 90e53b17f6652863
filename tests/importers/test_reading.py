"""What every importer shares: the format dispatcher, text decoding, dates, handles."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from netcrm.domain.errors import BadInput
from netcrm.importers import FORMATS, ImportedHandle, ImportFormatError, read_people
from netcrm.importers.reading import (
    date_from_timestamp,
    decode,
    fix_mojibake,
    parse_date,
    sniff_delimiter,
)
from netcrm.importers.records import YEARLESS, handle_from_text, handle_from_url, one_line


def test_formats_are_the_cli_contract() -> None:
    assert list(FORMATS) == ["instagram", "linkedin", "x", "facebook", "google", "vcard", "csv"]
    assert all(FORMATS.values())


def test_an_unknown_format_lists_the_known_ones(tmp_path: Path) -> None:
    with pytest.raises(BadInput) as caught:
        read_people("myspace", tmp_path / "x")
    assert str(caught.value) == (
        'Unknown import format "myspace": use one of instagram, linkedin, x, facebook, '
        "google, vcard, csv, or json (a netcrm backup)."
    )


def test_format_names_ignore_case(fixtures: Path) -> None:
    assert read_people("VCard", fixtures / "vcard" / "contacts-4.0.vcf")


def test_importing_the_package_loads_no_format_module() -> None:
    code = (
        "import sys, netcrm.importers as i; "
        "print(sorted(m for m in sys.modules if m.startswith('netcrm.importers.')), "
        "'vobject' in sys.modules, 'zipfile' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "['netcrm.importers.records'] False False"


def test_a_folder_given_to_a_single_file_format(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="is a folder; give the export file itself"):
        read_people("vcard", tmp_path)


def test_import_format_error_message() -> None:
    error = ImportFormatError("followers_1.json", "entry has no username", record=17)
    assert str(error) == "followers_1.json, record 17: entry has no username."
    assert isinstance(error, BadInput) and error.exit_code == 2
    assert str(ImportFormatError("a.csv", "bad.", record=3, unit="line")) == "a.csv, line 3: bad."
    assert str(ImportFormatError("a.vcf", "is empty")) == "a.vcf: is empty."


@pytest.mark.parametrize(
    ("data", "text"),
    [
        (b"\xef\xbb\xbfName", "Name"),
        ("Zoë".encode("utf-16"), "Zoë"),
        ("Zoë".encode(), "Zoë"),
        ("Zoë €".encode("cp1252"), "Zoë €"),
        (b"\x81\x8d", "\x81\x8d"),  # not even Windows-1252: Latin-1
    ],
)
def test_decode(data: bytes, text: str) -> None:
    assert decode(data, "f") == text


@pytest.mark.parametrize(
    ("text", "fixed"),
    [
        ("Jos\u00c3\u00a9", "José"),
        ("\u00f0\u009f\u008c\u00b8", "🌸"),
        ("José", "José"),  # real Latin-1 text that is not mojibake stays
        ("田中", "田中"),
        ("plain", "plain"),
    ],
)
def test_fix_mojibake(text: str, fixed: str) -> None:
    assert fix_mojibake(text) == fixed


@pytest.mark.parametrize(
    ("line", "delimiter"),
    [
        ("a,b,c", ","),
        ("a;b;c", ";"),
        ("a\tb\tc", "\t"),
        ('"Name, full";Email;Phone', ";"),
        ("single", ","),
    ],
)
def test_sniff_delimiter(line: str, delimiter: str) -> None:
    assert sniff_delimiter(line) == delimiter


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1990-05-17", date(1990, 5, 17)),
        ("19900517", date(1990, 5, 17)),
        ("1990-05-17T00:00:00Z", date(1990, 5, 17)),
        ("--05-17", date(YEARLESS, 5, 17)),
        ("--0517", date(YEARLESS, 5, 17)),
        ("--02-29", date(YEARLESS, 2, 29)),
        ("12 Mar 2024", date(2024, 3, 12)),
        ("3 September 2021", date(2021, 9, 3)),
        ("Mar 12, 2024", date(2024, 3, 12)),
        ("17.05.1990", date(1990, 5, 17)),
        ("17/05/1990", date(1990, 5, 17)),
        ("05/17/1990", date(1990, 5, 17)),
    ],
)
def test_parse_date(text: str, expected: date) -> None:
    assert parse_date(text) == expected


def test_parse_date_order_and_errors() -> None:
    assert parse_date("5/6/1988", "mdy") == date(1988, 5, 6)
    assert parse_date("5/6/1988", "dmy") == date(1988, 6, 5)
    with pytest.raises(ValueError, match="ambiguous"):
        parse_date("5/6/1988")
    with pytest.raises(ValueError, match="does not exist"):
        parse_date("2023-02-29")
    with pytest.raises(ValueError, match="is not a date netcrm can read"):
        parse_date("next tuesday")


def test_date_from_timestamp() -> None:
    assert date_from_timestamp(1704067199) == date(2023, 12, 31)
    assert date_from_timestamp(1704067200.5) == date(2024, 1, 1)
    for bad in (True, "1", None, 10**30, float("nan")):
        with pytest.raises(ValueError):
            date_from_timestamp(bad)


@pytest.mark.parametrize(
    ("url", "platform", "username"),
    [
        ("https://www.instagram.com/budi/", "instagram", "budi"),
        ("https://instagram.com/_u/budi", "instagram", "budi"),
        ("https://twitter.com/budisan", "x", "budisan"),
        ("https://x.com/budisan/status/1", "x", "budisan"),
        ("https://twitter.com/intent/user?user_id=123", "x", "123"),
        ("https://www.linkedin.com/in/sari-dewi-7a1b2c3/", "linkedin", "sari-dewi-7a1b2c3"),
        ("https://www.facebook.com/profile.php?id=100004", "facebook", "100004"),
        ("https://www.facebook.com/jose.garcia", "facebook", "jose.garcia"),
        ("github.com/budis", "github", "budis"),
        ("https://www.tiktok.com/@bee", "tiktok", "bee"),
        ("https://bsky.app/profile/budi.bsky.social", "bluesky", "budi.bsky.social"),
        ("https://mastodon.social/@andiw", "mastodon", "andiw@mastodon.social"),
    ],
)
def test_handle_from_url(url: str, platform: str, username: str) -> None:
    handle = handle_from_url(url)
    assert handle is not None
    assert (handle.platform, handle.username, handle.url) == (platform, username, url)


@pytest.mark.parametrize(
    "url",
    [
        "https://budi.dev",
        "https://www.linkedin.com/company/gojek",
        "https://www.facebook.com/profile.php",
        "not a url",
        "https://",
    ],
)
def test_urls_that_name_no_profile(url: str) -> None:
    assert handle_from_url(url) is None


def test_handle_from_text() -> None:
    assert handle_from_text("@budi", "twitter") == ImportedHandle("x", "budi")
    assert handle_from_text("ig:budi") == ImportedHandle("instagram", "budi")
    assert handle_from_text("budi") == ImportedHandle("other", "budi")
    assert handle_from_text("  ") is None


def test_one_line_cleans_control_characters() -> None:
    assert one_line("  Budi\n\tSantoso\x00\x07 ") == "Budi Santoso"
    assert one_line("👩\u200d💻 Sari") == "👩\u200d💻 Sari"  # joiners in emoji stay
    assert one_line(" \n ") is None
