"""Folding text for matching: case, accents and extra whitespace do not count."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given
from hypothesis import strategies as st

from netcrm.domain.text import fold, fold_all

TEXTS = st.text(max_size=200)


@given(st.lists(st.one_of(TEXTS, st.text(alphabet=" \x00a\n\x1fB", max_size=8))))
@example(["a\x00b", "c"])
@example([" a ", "", "  ", "B  c"])
def test_fold_all_folds_each_text_as_fold_does(texts: list[str]) -> None:
    assert fold_all(texts) == [fold(text) for text in texts]


def _fold_by_hand(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return " ".join("".join(c for c in decomposed if not unicodedata.combining(c)).split())


@given(TEXTS)
@example("José Ñúñez \u0301\u0308 Straße ǅ")
def test_fold_drops_case_accents_and_extra_spaces(text: str) -> None:
    assert fold(text) == _fold_by_hand(text)
