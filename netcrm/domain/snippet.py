"""A stretch of text around a search match, as search shows it: ``…about the zeppelin over…``.

Search compares folded text (``domain.text.fold``: case, accents and runs of whitespace do not
count) but shows the text as it was typed, so the match is found in the fold and mapped back to
the original characters. The window is cut to a fixed number of terminal cells, at whole words
where it can, with "…" on each side that was cut. Line breaks and tabs become spaces (a
snippet is one line); every other character is kept, and escaping what could drive a terminal
is left to the output (``domain.display``).
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

from netcrm.domain.display import ELLIPSIS, cell_width, char_width

#: Cells a snippet takes at most, its "…" included.
SNIPPET_WIDTH = 40

_FLAT = str.maketrans("\n\r\t", "   ")


def fold_char(ch: str) -> str:
    """What one character folds to (``fold`` works character by character, then collapses
    whitespace): "É" → "e", "ß" → "ss", a combining accent → ""."""
    if ch.isascii():
        return ch.lower()
    decomposed = unicodedata.normalize("NFKD", ch.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def folded_offsets(text: str) -> tuple[str, list[int]]:
    """``fold(text)``, and for each of its characters the index in ``text`` it comes from (a
    space standing for a run of whitespace comes from the run's first character)."""
    if text.isascii() and text.isprintable() and "  " not in text and text.strip() == text:
        return text.lower(), list(range(len(text)))  # the common case: one to one
    out: list[str] = []
    origin: list[int] = []
    gap: int | None = None  # where a run of whitespace began, once something came before it
    for index, ch in enumerate(text):
        for c in fold_char(ch):
            if c.isspace():
                if out and gap is None:
                    gap = index
                continue
            if gap is not None:
                out.append(" ")
                origin.append(gap)
                gap = None
            out.append(c)
            origin.append(index)
    return "".join(out), origin


def match_span(text: str, key: str) -> tuple[int, int] | None:
    """Where in ``text`` the first match of the folded ``key`` lies, as ``(start, end)``
    indexes of ``text``; ``None`` when its fold does not hold ``key``."""
    if not key:
        return None
    if text.isascii() and text.isprintable() and "  " not in text and text.strip() == text:
        at = text.lower().find(key)
        return None if at == -1 else (at, at + len(key))
    folded, origin = folded_offsets(text)
    at = folded.find(key)
    if at == -1:
        return None
    start, end = origin[at], origin[at + len(key) - 1] + 1
    while end < len(text) and unicodedata.combining(text[end]):
        end += 1  # the accents of the last matched letter belong to it
    return start, end


class Window(NamedTuple):
    """The part of a snippet's line that is shown: ``line[start:end]``, and which sides were
    cut (and so end in "…")."""

    line: str
    start: int
    end: int
    cut_before: bool
    cut_after: bool

    def text(self) -> str:
        before = ELLIPSIS if self.cut_before else ""
        after = ELLIPSIS if self.cut_after else ""
        return f"{before}{self.line[self.start : self.end]}{after}"


def _cells(text: str, start: int, end: int) -> int:
    return cell_width(text[start:end])


def _grow_left(line: str, start: int, floor: int, budget: int) -> int:
    """How far left of ``start`` (not past ``floor``) the window may begin within ``budget``
    cells, moved on to the start of a word when it would begin inside one."""
    left, used = start, 0
    while left > floor:
        cells = char_width(line[left - 1])
        if used + cells > budget:
            break
        used += cells
        left -= 1
    if left > floor and not line[left - 1].isspace():
        space = line.find(" ", left, start)
        if space != -1:
            left = space + 1
    while left < start and (line[left] == " " or unicodedata.combining(line[left])):
        left += 1
    return left


def _grow_right(line: str, end: int, ceiling: int, budget: int) -> int:
    """How far right of ``end`` (not past ``ceiling``) the window may reach within ``budget``
    cells, moved back to the end of a word when it would end inside one."""
    right, used = end, 0
    while right < ceiling:
        cells = char_width(line[right])
        if used + cells > budget:
            break
        used += cells
        right += 1
    if right < ceiling and line[right] != " " and line[right - 1] != " ":
        space = line.rfind(" ", end, right)
        if space != -1:
            right = space
    while right > end and line[right - 1] == " ":
        right -= 1
    return right


def window(text: str, key: str, width: int = SNIPPET_WIDTH) -> Window | None:
    """The window of :func:`snippet`, or ``None`` when ``text`` does not match ``key``.

    Widths under 3 cells count as 3 (the match's first letter between two "…")."""
    span = match_span(text, key)
    width = max(width, 3)
    if span is None:
        return None
    line = text.translate(_FLAT)
    floor = len(line) - len(line.lstrip(" "))
    ceiling = len(line.rstrip(" "))
    start, end = max(span[0], floor), min(span[1], ceiling)
    if _cells(line, floor, ceiling) <= width:
        return Window(line, floor, ceiling, False, False)
    lead = 1 if start > floor else 0
    if _cells(line, start, end) > width - lead - 1:
        # The match alone is too wide: it is shown from its start, cut.
        right, used = start, 0
        while right < end and used + char_width(line[right]) <= width - lead - 1:
            used += char_width(line[right])
            right += 1
        while right > start and line[right - 1] == " ":
            right -= 1
        return Window(line, start, right, bool(lead), True)
    match = _cells(line, start, end)
    spare = width - match - 2  # the cells around the match, one "…" kept aside on each side
    left = _grow_left(line, start, floor, spare // 2)
    if left == floor:
        spare += 1  # nothing cut before: no "…" there
    right = _grow_right(line, end, ceiling, spare - _cells(line, left, start))
    if right == ceiling and left > floor:
        # Nothing cut after: the cells the end did not need go before the match.
        more = _grow_left(line, start, floor, width - _cells(line, start, right) - 1)
        left = min(left, more)
    return Window(line, left, right, left > floor, right < ceiling)


def snippet(text: str | None, key: str, width: int = SNIPPET_WIDTH) -> str | None:
    """The stretch of ``text`` around the first match of ``key`` (already folded), at most
    ``width`` cells, with "…" where it was cut; ``None`` when ``text`` does not match."""
    if not text:
        return None
    found = window(text, key, width)
    return None if found is None else found.text()


def narrower(shown: str, key: str, width: int) -> str:
    """A snippet (or any one-line text) cut again to ``width`` cells around ``key``: keeps the
    "…" it already had on either side."""
    if cell_width(shown) <= width:
        return shown
    before = shown.startswith(ELLIPSIS)
    after = shown.endswith(ELLIPSIS) and len(shown) > 1
    inner = shown[1 if before else 0 : len(shown) - 1 if after else len(shown)]
    room = width - (1 if before else 0) - (1 if after else 0)
    found = window(inner, key, room) if room > 0 else None
    if found is None:  # no match to centre on: cut the end
        kept, used = [], 0
        for ch in shown:
            if used + char_width(ch) > width - 1:
                break
            kept.append(ch)
            used += char_width(ch)
        return "".join(kept) + ELLIPSIS
    return (
        (ELLIPSIS if before or found.cut_before else "")
        + found.line[found.start : found.end]
        + (ELLIPSIS if after or found.cut_after else "")
    )
