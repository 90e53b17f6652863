"""Cleaning what people type, and folding text for matching.

Names and notes are kept exactly as typed (emoji, right-to-left and combining characters
included); only surrounding whitespace goes. Folding is for comparison only.
"""

from __future__ import annotations

import unicodedata

from netcrm.domain.errors import BadInput

MAX_NAME_LENGTH = 200
MAX_NOTE_LENGTH = 100_000
_ALLOWED_CONTROLS = {"\n", "\t"}


class _WithoutMarks(dict[int, int | None]):
    """A ``str.translate`` table dropping combining marks, filled as characters are met."""

    def __missing__(self, code: int) -> int | None:
        kept = None if unicodedata.combining(chr(code)) else code
        self[code] = kept
        return kept


_WITHOUT_MARKS = _WithoutMarks()


def fold(text: str) -> str:
    """Case- and accent-insensitive key: "José Ñúñez" → "jose nunez"."""
    if text.isascii():  # the common case: no Unicode decomposition needed
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join(decomposed.translate(_WITHOUT_MARKS).split())


def fold_all(texts: list[str]) -> list[str]:
    """``[fold(text) for text in texts]``, quicker for many: the ASCII texts are folded in one
    go, joined by a character that is not whitespace and so survives folding."""
    if not texts:
        return []
    plain = [text for text in texts if text.isascii()]
    bulk = "\x00".join(plain)
    if bulk.count("\x00") != len(plain) - 1:  # a text holds the separator itself
        return [fold(text) for text in texts]
    folded = list(map(str.strip, " ".join(bulk.lower().split()).split("\x00")))
    if len(plain) == len(texts):
        return folded
    each = iter(folded)
    return [next(each) if text.isascii() else fold(text) for text in texts]


def _refuse_controls(text: str, what: str) -> None:
    for ch in text:
        if ch not in _ALLOWED_CONTROLS and unicodedata.category(ch) == "Cc":
            raise BadInput(f"The {what} contains a control character ({ch!r}); remove it.")


def clean_name(text: str | None, what: str = "name") -> str:
    """A required one-line field: not blank, no control characters, a sane length."""
    value = (text or "").strip()
    if not value:
        raise BadInput(f"The {what} cannot be blank.")
    if "\n" in value or "\t" in value:
        raise BadInput(f"The {what} must fit on one line.")
    _refuse_controls(value, what)
    if len(value) > MAX_NAME_LENGTH:
        raise BadInput(f"The {what} is longer than {MAX_NAME_LENGTH} characters.")
    return value


def clean_optional(text: str | None, what: str) -> str | None:
    """An optional one-line field: blank becomes None."""
    if text is None or not text.strip():
        return None
    return clean_name(text, what)


def clean_note(text: str | None, what: str = "note") -> str | None:
    """Free text (summaries, notes): multi-line allowed, bounded in size."""
    if text is None or not text.strip():
        return None
    value = text.strip()
    _refuse_controls(value, what)
    if len(value) > MAX_NOTE_LENGTH:
        raise BadInput(
            f"The {what} is {len(value):,} characters long; the limit is {MAX_NOTE_LENGTH:,}."
        )
    return value
