"""One phone number, however it is written."""

from __future__ import annotations

import phonenumbers
import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.phones import e164, phone_digits, phone_key, region_from_locale, same_phone

NUMBERS = st.text(alphabet="0123456789", min_size=8, max_size=12).filter(lambda d: d[0] != "0")
SEPARATORS = st.sampled_from(["", " ", "-", ".", " - "])


def written(digits: str, separator: str, cut: int) -> str:
    return digits[:cut] + separator + digits[cut:]


@given(NUMBERS, SEPARATORS, st.integers(1, 7))
def test_punctuation_never_changes_the_number(digits: str, separator: str, cut: int) -> None:
    assert same_phone(digits, written(digits, separator, cut))
    assert same_phone(f"+62 {digits}", f"(0){written(digits, separator, cut)}")


@given(NUMBERS)
def test_a_national_number_is_the_international_one(digits: str) -> None:
    assert same_phone(f"0{digits}", f"+62 {digits}")
    assert same_phone(f"+62{digits}", f"0{digits}")


def test_different_numbers_and_non_numbers_differ() -> None:
    assert not same_phone("0812 555 1234", "0812 555 1235")
    assert not same_phone("555 1234", "+62 812 555 1234")  # too few digits in common
    assert not same_phone("budi", "budi")
    assert phone_digits("budi.santoso") is None
    assert phone_digits("12345") is None
    assert phone_digits("+62 (812) 555-1234") == "628125551234"


# --- E.164 and the one key per number ------------------------------------------------------


KINDS = (
    phonenumbers.PhoneNumberType.FIXED_LINE,
    phonenumbers.PhoneNumberType.MOBILE,
    phonenumbers.PhoneNumberType.TOLL_FREE,
)


def _examples():
    for region in sorted(phonenumbers.SUPPORTED_REGIONS):
        for kind in KINDS:
            number = phonenumbers.example_number_for_type(region, kind)
            if number is not None:
                yield region, number


@pytest.mark.parametrize("region", ["ID", "SG", "GB", "US", "DE", "IT", "JP", "BR"])
def test_e164_reads_national_numbers_with_the_region(region: str) -> None:
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    assert e164(national, region) == expected
    assert phone_key(national, region) == expected


def test_the_quick_key_of_international_numbers_is_their_e164() -> None:
    """phone_key reads "+country ..." without the numbering plan: it must say what e164 says,
    for every region's example numbers, however they are punctuated."""
    checked = 0
    for _region, number in _examples():
        expected = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
        international = phonenumbers.format_number(
            number, phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
        for written in (international, international.replace(" ", "-"), expected):
            if "(" in written:
                continue
            assert e164(written) == expected, written
            assert phone_key(written) == expected, written
            checked += 1
    assert checked > 500


def test_indonesian_notations_are_one_key() -> None:
    keys = {
        phone_key(text, "ID")
        for text in ("0812-555-1234", "+62 812 5551234", "(0812) 555 1234", "+62-812-555-1234")
    }
    assert keys == {"+628125551234"}
    assert phone_key("0812-555-1234") == "digits:08125551234"  # no region: only itself
    assert phone_key("not a number") is None


def test_the_region_comes_from_the_locale() -> None:
    assert region_from_locale("id_ID.UTF-8") == "ID"
    assert region_from_locale("en_GB@euro") == "GB"
    assert region_from_locale("C.UTF-8") is None
    assert region_from_locale(None) is None
