"""Telling that two ways of writing a phone number are the same number, without a network.

People write one number many ways: ``+62 812-555-1234``, ``0812 555 1234``, ``(0812) 5551234``.
Only digits count; a national number (leading ``0``, or no prefix) is the same as the
international one that ends with it, once at least eight digits agree. Full E.164 parsing with a
default region belongs to duplicate detection; this is enough to find whose number it is.
"""

from __future__ import annotations

import re

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
