"""Text on its way to a terminal: shown exactly as stored, but never able to drive the terminal.

Names, notes and titles are kept as data exactly as typed or imported. On output, every
control character (C0, DEL, C1, which is how ANSI CSI and OSC sequences begin) and every
bidirectional override becomes a visible escape such as ``\\x1b`` or ``\\u202e``, so an
imported ``"\\x1b]0;pwned\\x07"`` prints as those characters instead of retitling the
window. Markup characters (``[``, ``]``, ``\\``) are left alone here: the renderers print text
as text, never as markup.

Widths count terminal cells (wide CJK and most emoji take two, combining marks none), so that
tables stay aligned and cut text ends in "…".
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

ELLIPSIS = "…"

#: Bidirectional embeddings, overrides and isolates: they reorder what follows on screen.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def _escape_char(ch: str) -> str:
    code = ord(ch)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _is_unsafe(ch: str, keep: str) -> bool:
    if ch in keep:
        return False
    code = ord(ch)
    return code < 0x20 or 0x7F <= code <= 0x9F or ch in _BIDI_CONTROLS


def visible(text: str, *, keep: str = "\n") -> str:
    """``text`` with every character that could drive a terminal shown as a visible escape.

    ``keep`` names the harmless controls allowed through: line breaks in multi-line notes by
    default; pass ``keep=""`` for one-line cells.
    """
    if text.isascii() and text.isprintable():
        return text
    return "".join(_escape_char(ch) if _is_unsafe(ch, keep) else ch for ch in text)


def without_controls(text: str) -> str:
    """``text`` with every character that could drive a terminal left out (for output that is
    already laid out in cells, where a visible escape would not fit)."""
    if text.isprintable():
        return text
    return "".join(ch for ch in text if not _is_unsafe(ch, ""))


def one_line(text: str) -> str:
    """``text`` for a single line: line breaks and tabs become spaces, the rest as ``visible``."""
    if "\n" in text or "\t" in text or "\r" in text:
        text = " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
        text = text.replace("\t", " ")
    return visible(text, keep="")


@lru_cache(maxsize=4096)
def char_width(ch: str) -> int:
    """Terminal cells one character takes: 0 for combining and format marks, 2 for wide."""
    if ch.isascii():
        return 1 if ch.isprintable() else 0
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes."""
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(char_width(ch) for ch in text)


def cut(text: str, width: int) -> str:
    """``text`` in at most ``width`` cells, ending in "…" when it had to be cut."""
    if width <= 0:
        return ""
    if cell_width(text) <= width:
        return text
    kept: list[str] = []
    used = 0
    for ch in text:
        cells = char_width(ch)
        if used + cells > width - 1:
            break
        kept.append(ch)
        used += cells
    return "".join(kept) + ELLIPSIS


def pad(text: str, width: int, *, right: bool = False) -> str:
    """``text`` cut to ``width`` cells, then padded with spaces to exactly ``width``."""
    text = cut(text, width)
    gap = " " * max(0, width - cell_width(text))
    return gap + text if right else text + gap
