"""Telling that two ways of writing a phone number are the same number, without a network.

People write one number many ways: ``+62 812-555-1234``, ``0812 555 1234``, ``(0812) 5551234``.
Only digits count; a national number (leading ``0``, or no prefix) is the same as the
international one that ends with it, once at least eight digits agree. Full E.164 parsing with a
default region (:func:`e164`, with Google's libphonenumber data) is what duplicate detection
and imports compare.
"""

from __future__ import annotations

import re

import phonenumbers

_PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().\-/]+$")
MIN_DIGITS = 6
MIN_SHARED_DIGITS = 8


def phone_digits(text: str) -> str | None:
    """The digits of ``text`` if it reads as a phone number (digits and punctuation only,
    at least six digits), else None."""
    candidate = text.strip()
    if not candidate or not _PHONE_CHARACTERS.match(candidate):
        return None
    digits = "".join(ch for ch in candidate if ch.isdigit())
    return digits if len(digits) >= MIN_DIGITS else None


def same_phone(first: str, second: str) -> bool:
    """Whether two written numbers are one number (see the module's rule)."""
    a, b = phone_digits(first), phone_digits(second)
    if a is None or b is None:
        return False
    if a == b:
        return True
    a, b = a.lstrip("0"), b.lstrip("0")  # 0812… nationally, 62812… from abroad
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= MIN_SHARED_DIGITS and longer.endswith(shorter)


_NOT_DIGITS = re.compile(r"\D+")
_INTERNATIONAL = re.compile(r"^\+[1-9][\d\s.\-/]+$")


def phone_key(text: str, region: str | None = None) -> str | None:
    """One key per number however it is written: E.164 (:func:`e164`) where it can be read
    so, else ``digits:`` and its digits (two numbers the plan does not know, written alike).

    A number written internationally without a trunk ``(0)`` is its own E.164 once the
    punctuation goes; reading only the others with the numbering plan keeps this quick for
    a whole network (the tests hold it to :func:`e164` for every region's example numbers).
    """
    candidate = text.strip()
    if _INTERNATIONAL.match(candidate):
        digits = _NOT_DIGITS.sub("", candidate)
        if 8 <= len(digits) <= 15:
            return "+" + digits
    number = e164(candidate, region)
    if number:
        return number
    digits = phone_digits(candidate) or ""
    return f"digits:{digits}" if digits else None


def e164(text: str, region: str | None = None) -> str | None:
    """The number in E.164 (``+628125551234``), or None when it is not a possible number.

    A number written without its country code (``0812-555-1234``) is read as a number of
    ``region`` (ISO 3166 code such as ``ID``); without a region only international numbers
    (``+62 ...``, ``0062 ...`` is not guessed) are understood.
    """
    if phone_digits(text) is None:
        return None
    try:
        number = phonenumbers.parse(text, region.upper() if region else None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def region_from_locale(locale_name: str | None) -> str | None:
    """``id_ID.UTF-8`` → ``ID``; None for ``C``, ``POSIX`` or a locale naming no country."""
    if not locale_name:
        return None
    territory = locale_name.split(".")[0].split("@")[0].partition("_")[2]
    return territory.upper() if is_region(territory) else None


def is_region(code: str) -> bool:
    """Whether ``code`` is a region phonenumbers knows the numbering plan of (``ID``, ``GB``)."""
    return code.upper() in phonenumbers.SUPPORTED_REGIONS
