"""One phone number, however it is written."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.phones import phone_digits, same_phone

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
