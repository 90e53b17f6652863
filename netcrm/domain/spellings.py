"""How a handle or an e-mail address spells a person's name: ``budi.santoso`` ~ "Budi Santoso".

People build usernames from their names in a few ways: the whole name run together
(``budisantoso``, ``budi.santoso``, ``budi_santoso``), first name and last initial
(``budi_s``, ``budis``), first initial and last name (``bsantoso``), last name first
(``santoso.budi``), with digits or a LinkedIn-style suffix after it (``budi.santoso92``,
``budi-santoso-4a1b2c``). Both sides are reduced to the same compact form, lowercase letters
and digits without accents, so that spelling comparisons are dictionary look-ups.
"""

from __future__ import annotations

import re
from functools import lru_cache

from netcrm.domain.text import fold

#: Shorter compact forms say too little to tie a handle to a name.
MIN_SPELLING = 4
_SEPARATORS = re.compile(r"[._\-+]+")
_NOT_ALPHANUMERIC = re.compile(r"[^0-9a-z]+")
#: Local parts of shared mailboxes, which spell a role, never a person.
ROLE_MAILBOXES = frozenset(
    [
        "admin",
        "contact",
        "hello",
        "hi",
        "info",
        "mail",
        "office",
        "sales",
        "support",
        "team",
        "noreply",
        "no-reply",
    ]
)


@lru_cache(maxsize=1 << 17)
def compact_name(name_key: str) -> str:
    """A folded name with separators as spaces: "budi.santoso" and "budi santoso" are one."""
    return " ".join(_SEPARATORS.sub(" ", name_key).split())


def _compact(text: str) -> str:
    return _NOT_ALPHANUMERIC.sub("", text)


@lru_cache(maxsize=1 << 17)
def name_spellings(name_key: str) -> tuple[frozenset[str], frozenset[str]]:
    """(whole-name spellings, initial spellings) of a folded name, compact.

    "budi santoso" → ({"budisantoso", "santosobudi"}, {"budis", "bsantoso"}); a one-word name
    has none.
    """
    words = compact_name(name_key).split()
    if not all(word.isascii() and word.isalnum() for word in words):
        words = [w for w in map(_compact, words) if w]
    if not words:
        return frozenset(), frozenset()
    if len(words) == 1:  # a first name alone is spelled by too many usernames to tell
        return frozenset(), frozenset()
    first, last = words[0], words[-1]
    whole = {first + last, last + first}
    middle = words[1:-1][:3]  # "min jun hidayat": minjunhidayat, minhidayat
    for mask in range(1, 1 << len(middle)):
        kept = [word for bit, word in enumerate(middle) if mask >> bit & 1]
        whole.add("".join([first, *kept, last]))
    initials = {first + last[0], first[0] + last}
    return (
        frozenset(s for s in whole if len(s) >= MIN_SPELLING),
        frozenset(s for s in initials if len(s) >= MIN_SPELLING) - whole,
    )


@lru_cache(maxsize=1 << 18)
def handle_spelling(username: str) -> str | None:
    """The compact name a username spells, or None when too short to say anything.

    Digits at the end and a final segment holding digits (``-4a1b2c``) are dropped:
    ``budi.santoso92`` and ``budi-santoso-4a1b2c`` both spell ``budisantoso``.
    """
    text = username.lstrip("@").partition("@")[0]
    if not text.isascii() or text != text.lower():
        text = fold(text)
    if text.isalnum() and text.isascii():  # the common case: "budisantoso92"
        compact = text.rstrip("0123456789")
    else:
        segments = [s.rstrip("0123456789") for s in _SEPARATORS.split(text)]
        segments = [s for s in segments if s]
        if len(segments) > 1 and any(ch.isdigit() for ch in segments[-1]):
            segments.pop()  # a generated suffix: "-4a1b2c"
        compact = _compact("".join(segments))
    return compact if len(compact) >= MIN_SPELLING else None


@lru_cache(maxsize=1 << 17)
def email_spelling(address_key: str) -> str | None:
    """The compact name an e-mail's local part spells (``budi.santoso@x.id``), if any."""
    local, at, _domain = address_key.partition("@")
    if not at or local in ROLE_MAILBOXES:
        return None
    return handle_spelling(local)
