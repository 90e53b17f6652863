"""Snippets: the stretch of a text around a search match, as typed, cut at whole words."""

from __future__ import annotations

from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from netcrm.domain.display import ELLIPSIS, cell_width
from netcrm.domain.snippet import (
    SNIPPET_WIDTH,
    folded_offsets,
    match_span,
    narrower,
    snippet,
    window,
)
from netcrm.domain.text import fold

LONG = (
    "Met at the Kopi Kenangan by the station; we talked about the zeppelin museum in "
    "Friedrichshafen and whether her team would sponsor the next meetup in March."
)

# Words, spaces and line breaks, with accents, wide and zero-width characters mixed in.
WORDS = st.lists(
    st.sampled_from(
        [*"abcdefghijklmnopqrstuvwxyzABCDEZ", "é", "É", "ß", "ñ", "字", "😀", "e\u0301", "ı"]
    ),
    min_size=1,
    max_size=12,
).map("".join)
GAPS = st.sampled_from([" ", " ", " ", "  ", "\n", "\t", " \n "])
TEXTS = st.lists(st.tuples(WORDS, GAPS), min_size=1, max_size=30).map(
    lambda parts: "".join(word + gap for word, gap in parts)
)
ANY_TEXT = st.text(max_size=200)


def test_a_short_text_is_shown_whole() -> None:
    assert snippet("Figma", "figma") == "Figma"
    assert snippet("  send the deck\n", "deck") == "send the deck"


def test_a_long_text_is_cut_around_the_match_at_whole_words() -> None:
    shown = snippet(LONG, "zeppelin")
    assert shown is not None
    assert shown.startswith(ELLIPSIS) and shown.endswith(ELLIPSIS)
    assert "zeppelin" in shown
    assert cell_width(shown) <= SNIPPET_WIDTH
    inner = shown[1:-1]
    assert inner in LONG
    assert LONG[LONG.index(inner) - 1] == " "  # began at a word
    assert LONG[LONG.index(inner) + len(inner)] == " "  # ended at one


def test_the_match_is_found_folded_and_shown_as_typed() -> None:
    assert snippet("Dinner with JOSÉ Ñúñez", "jose nunez") == "Dinner with JOSÉ Ñúñez"
    shown = snippet("x " * 40 + "Straße der Pariser Kommune " + "y " * 40, "strasse")
    assert shown is not None and "Straße" in shown


def test_no_match_and_no_text() -> None:
    assert snippet("Talked about pricing", "zeppelin") is None
    assert snippet(None, "zeppelin") is None
    assert snippet("", "zeppelin") is None
    assert snippet("anything", "") is None


def test_near_the_start_no_leading_ellipsis_and_the_room_goes_after() -> None:
    shown = snippet(LONG, "met at")
    assert shown is not None and shown.startswith("Met at the Kopi") and shown.endswith(ELLIPSIS)


def test_near_the_end_the_room_goes_before() -> None:
    shown = snippet(LONG, "march")
    assert shown is not None and shown.endswith("March.") and shown.startswith(ELLIPSIS)
    assert cell_width(shown) >= SNIPPET_WIDTH - 12  # the room was used, not left empty


def test_a_match_wider_than_the_snippet_is_shown_from_its_start() -> None:
    word = "a" * 10 + "zeppelin" * 10
    shown = snippet(f"one two {word} three", fold(word), 20)
    assert shown is not None and cell_width(shown) <= 20
    assert shown.startswith(ELLIPSIS + "aaaa") and shown.endswith(ELLIPSIS)


def test_line_breaks_become_spaces_and_other_controls_are_left_for_display() -> None:
    assert snippet("first line\nzeppelin\tsecond", "zeppelin") == "first line zeppelin second"
    assert snippet("x\x1b[31m zeppelin", "zeppelin") == "x\x1b[31m zeppelin"


def test_wide_characters_count_two_cells() -> None:
    text = "字" * 30 + " zeppelin " + "字" * 30
    shown = snippet(text, "zeppelin", 20)
    assert shown is not None and "zeppelin" in shown and cell_width(shown) <= 20


@given(ANY_TEXT)
@example("a\u00a8b")  # a compatibility decomposition holding a space
@example("ǅx  \u2028y")
def test_folded_offsets_fold_exactly_like_fold(text: str) -> None:
    folded, origin = folded_offsets(text)
    assert folded == fold(text)
    assert len(origin) == len(folded)
    assert origin == sorted(origin)
    assert all(0 <= index < len(text) for index in origin)


@given(ANY_TEXT, st.data())
def test_match_span_holds_the_match(text: str, data: st.DataObject) -> None:
    folded = fold(text)
    assume(folded)
    start = data.draw(st.integers(0, len(folded) - 1))
    end = data.draw(st.integers(start + 1, len(folded)))
    key = folded[start:end].strip()
    assume(key)
    span = match_span(text, key)
    assert span is not None
    assert key in fold(text[span[0] : span[1]])


@settings(max_examples=300)
@given(TEXTS, st.integers(3, 80), st.data())
def test_snippet_properties(text: str, width: int, data: st.DataObject) -> None:
    folded = fold(text)
    words = folded.split()
    first = data.draw(st.integers(0, len(words) - 1))
    count = data.draw(st.integers(1, min(3, len(words) - first)))
    key = " ".join(words[first : first + count])
    if data.draw(st.booleans()) and len(key) > 2:  # part of a word, too
        key = key[1:-1].strip() or key
    found = window(text, key, width)
    assert found is not None
    shown = found.text()
    line = text.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    core = line[found.start : found.end]
    # At most the width, the core as typed (a line of the text), "…" exactly where it was cut.
    assert cell_width(shown) <= width
    assert shown == (ELLIPSIS if found.cut_before else "") + core + (
        ELLIPSIS if found.cut_after else ""
    )
    assert found.cut_before == bool(line[: found.start].strip(" "))
    assert found.cut_after == bool(line[found.end :].strip(" "))
    assert core == core.strip(" ")
    span = match_span(text, key)
    assert span is not None
    if cell_width(line.strip(" ")) <= width:
        assert core == line.strip(" ")
    elif cell_width(line[span[0] : span[1]]) <= width - 2:
        # The whole match is shown...
        assert key in fold(core)
        # ...and the cuts fall between words, unless the match's own word reaches the edge.
        if found.cut_before:
            assert line[found.start - 1] == " " or " " not in line[found.start : span[0]]
        if found.cut_after:
            assert line[found.end] == " " or " " not in line[span[1] : found.end]
    else:  # shown from the start of the match
        assert found.start == span[0] and found.cut_after


@given(TEXTS)
def test_a_text_that_fits_is_shown_whole(text: str) -> None:
    line = text.replace("\n", " ").replace("\t", " ").strip(" ")
    assume(cell_width(line) <= SNIPPET_WIDTH)
    key = fold(text).split()[0]
    assert snippet(text, key) == line


@given(TEXTS, st.integers(8, 30))
def test_narrower_keeps_the_match_within_the_width(text: str, width: int) -> None:
    key = fold(text).split()[-1]
    shown = snippet(text, key)
    assert shown is not None
    again = narrower(shown, key, width)
    assert cell_width(again) <= max(width, 3)
    if cell_width(shown) <= width:
        assert again == shown
    elif cell_width(key) <= width - 4:
        assert key in fold(again)
        # What was cut before stays marked as cut.
        assert again.startswith(ELLIPSIS) or not shown.startswith(ELLIPSIS)
        assert again.endswith(ELLIPSIS) or not shown.endswith(ELLIPSIS)
