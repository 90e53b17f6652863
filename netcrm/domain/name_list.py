"""People named in a sentence: "Budi", "Ana and Budi", "Ana, Budi and Citra"."""

from __future__ import annotations

from collections.abc import Sequence


def names_in_words(names: Sequence[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return f"{', '.join(names[:-1])} and {names[-1]}"
