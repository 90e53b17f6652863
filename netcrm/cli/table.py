"""The CLI's one table renderer: every long listing is laid out here, in rich's look.

A listing may have thousands of rows (a large network's due list), and ``netcrm due`` runs many
times a day, so the layout is done here for plain strings and nothing heavy is imported: rich's
heavy-headed box, its column-width rules, its word wrapping and folding, wide characters, the
ellipsis, and the ASCII box for outputs that cannot encode it; a test compares the result with
rich's. Text is printed as given (no markup), and styles become ANSI codes only on a terminal.
The few lines printed around a table (headings, hints) wrap here too, as rich wraps them.
"""

from __future__ import annotations

import itertools
import os
import re
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TextIO

from netcrm.domain.display import visible

# rich's box.HEAVY_HEAD, and box.ASCII for outputs that cannot encode it.
HEAVY_HEAD = ("┏━┳┓", "┃ ┃┃", "┡━╇┩", "│ ││", "└─┴┘")
ASCII = ("+--+", "| ||", "|-+|", "| ||", "+--+")
SGR = {"bold": "1", "dim": "2", "italic": "3", "red": "31"}
_WORD = re.compile(r"\s*\S+\s*")
PAD = 1  # spaces each side of a cell
SPACE = " " * PAD

#: A table's rows: each row's cells, and the row's style ("" for none).
Rows = Sequence[tuple[Sequence[str], str]]


@dataclass(frozen=True)
class Column:
    header: str
    justify: str = "left"  # or "right"
    no_wrap: bool = False
    overflow: str = "ellipsis"  # rich's default; "fold" wraps long words onto the next line
    style: str = ""


def printed(text: str) -> str:
    """``text`` as it may reach a terminal: every character that could drive it (control
    characters, escape sequences, bidirectional overrides) shown as a visible escape."""
    return text if text.isprintable() else visible(text)


# --- measuring and cutting text in terminal cells ---------------------------------------------


@lru_cache(maxsize=4096)
def _char_cells(character: str) -> int:
    code = ord(character)
    if (code and code < 32) or 0x7F <= code < 0xA0:
        return 0
    if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me"):
        return 0
    return 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1


def cell_len(text: str) -> int:
    if text.isascii() and text.isprintable():
        return len(text)
    return sum(map(_char_cells, text))


def set_cell_size(text: str, total: int) -> str:
    """Crop or pad with spaces to exactly ``total`` cells."""
    if text.isascii() and text.isprintable():
        return text + " " * (total - len(text)) if len(text) < total else text[:total]
    if total <= 0:
        return ""
    size = cell_len(text)
    if size <= total:
        return text + " " * (total - size)
    kept, used = [], 0
    for character in text:
        width = _char_cells(character)
        if used + width > total:
            break
        kept.append(character)
        used += width
    return "".join(kept) + " " * (total - used)


def chop_cells(text: str, width: int) -> list[str]:
    if text.isascii() and text.isprintable():
        return [text[index : index + width] for index in range(0, len(text), width)]
    lines: list[str] = []
    start = size = 0
    for index, character in enumerate(text):
        cells = _char_cells(character)
        if size + cells > width:
            lines.append(text[start:index])
            start, size = index, 0
        size += cells
    if size:
        lines.append(text[start:])
    return lines


def divide_line(text: str, width: int, fold: bool) -> list[int]:
    """Where to break ``text`` to fit ``width`` cells (rich's word wrap)."""
    measure = len if text.isascii() and text.isprintable() else cell_len
    breaks: list[int] = []
    offset = 0
    for match in _WORD.finditer(text):
        start, word = match.start(), match.group(0)
        length = measure(word.rstrip())
        if width - offset >= length:
            offset += measure(word)
        elif length > width:
            if fold:
                pieces = chop_cells(word, width)
                for number, piece in enumerate(pieces, 1):
                    if start:
                        breaks.append(start)
                    if number == len(pieces):
                        offset = measure(piece)
                    else:
                        start += len(piece)
            else:
                if start:
                    breaks.append(start)
                offset = measure(word)
        elif offset and start:
            breaks.append(start)
            offset = measure(word)
    return breaks


def _truncate(text: str, width: int, overflow: str, pad: bool = False) -> str:
    length = cell_len(text)
    if length > width:
        text = (
            set_cell_size(text, width - 1) + "…"
            if overflow == "ellipsis"
            else set_cell_size(text, width)
        )
    if pad and length < width:
        text += " " * (width - length)
    return text


def _pieces(line: str, width: int, overflow: str, no_wrap: bool) -> list[str]:
    """``line`` cut where rich breaks it, each piece without its spaces past the edge."""
    if no_wrap:
        return [line]
    cuts = [0, *divide_line(line, width, overflow == "fold"), len(line)]
    pieces = []
    for start, end in itertools.pairwise(cuts):
        piece = line[start:end]
        if len(piece) > width:  # rich counts characters here, not cells
            piece = piece[: max(len(piece.rstrip()), width)]
        pieces.append(piece)
    return pieces


@lru_cache(maxsize=16384)
def wrap(text: str, width: int, justify: str, overflow: str, no_wrap: bool) -> tuple[str, ...]:
    """The lines rich prints for ``text`` in ``width`` cells, each exactly ``width`` cells.

    Cached: a due list repeats the same "when" and "what" cells hundreds of times.
    """
    if width < 1:  # a terminal too narrow for the table: the cell keeps its padding only
        return ("",)
    if text.isprintable():  # one line, no control characters
        size = len(text) if text.isascii() else cell_len(text)
        if size <= width:  # fits: no break, nothing to crop (the common case, kept fast)
            if justify == "right":
                text = text.rstrip()
                return (" " * (width - cell_len(text)) + text,)
            return (text + " " * (width - size),)
        if text.isascii():
            return wrap_ascii(text, width, justify, overflow, no_wrap)
        return wrap_any(text, width, justify, overflow, no_wrap)
    return wrap_any(printed(text), width, justify, overflow, no_wrap)


def wrap_any(text: str, width: int, justify: str, overflow: str, no_wrap: bool) -> tuple[str, ...]:
    """``wrap`` for any text: several lines, wide, zero-width and control characters."""
    lines: list[str] = []
    for line in text.split("\n"):
        for piece in _pieces(line, width, overflow, no_wrap):
            if justify == "right":
                piece = _truncate(piece.rstrip(), width, overflow)
                piece = " " * (width - cell_len(piece)) + piece
            else:
                piece = _truncate(piece, width, overflow, pad=True)
            lines.append(set_cell_size(_truncate(piece, width, overflow), width))
    return tuple(lines)


def wrap_ascii(
    text: str, width: int, justify: str, overflow: str, no_wrap: bool
) -> tuple[str, ...]:
    """``wrap_any`` for a line of printable ASCII, where a character is a cell: the long titles
    of a big due list take this path, which keeps ``netcrm due`` as quick as it was before the
    renderer served every listing. A test holds the two to the same lines."""
    lines = []
    for piece in _pieces(text, width, overflow, no_wrap):
        if justify == "right":
            piece = piece.rstrip()
        if len(piece) > width:
            piece = piece[: width - 1] + "…" if overflow == "ellipsis" else piece[:width]
        pad = " " * (width - len(piece))
        lines.append(pad + piece if justify == "right" else piece + pad)
    return tuple(lines)


# --- rich's column widths ----------------------------------------------------------------------


def _raw_measure(text: str) -> tuple[int, int]:
    """rich's ``Text.__rich_measure__``: the longest word and the longest line, in cells."""
    if "\n" not in text and text.isascii() and text.isprintable():
        words = text.split()
        return (max(map(len, words)) if words else len(text)), len(text)
    if not text.isprintable():
        text = printed(text)
    lines = text.splitlines()
    high = max((cell_len(line) for line in lines), default=0)
    words = text.split()
    return max((cell_len(word) for word in words), default=high), high


def _measure_column(raw: Sequence[tuple[int, int]], width: int) -> tuple[int, int]:
    """rich's measure of a column of padded cells, within ``width`` cells.

    Each cell measures (min(low, width) + 2, min(high, width) + 2) capped at ``width`` (a cell
    too narrow for its padding takes the whole width); both are monotonic, so the column's
    bounds come from the largest low and the largest high.
    """
    if width < 1:
        return 0, 0
    if width - 2 * PAD < 1:
        return width, width
    low = max((r[0] for r in raw), default=None)
    high = max((r[1] for r in raw), default=None)
    if low is None or high is None:
        return 1, width
    low = min(min(low, width) + 2 * PAD, width)
    high = min(min(high, width) + 2 * PAD, width)
    return min(low, high), high


def _ratio_reduce(
    total: int, ratios: list[int], maximums: list[int], values: list[int]
) -> list[int]:
    ratios = [ratio if maximum else 0 for ratio, maximum in zip(ratios, maximums, strict=True)]
    total_ratio = sum(ratios)
    if not total_ratio:
        return values[:]
    remaining, result = total, []
    for ratio, maximum, value in zip(ratios, maximums, values, strict=True):
        if ratio and total_ratio > 0:
            distributed = min(maximum, round(ratio * remaining / total_ratio))
            result.append(value - distributed)
            remaining -= distributed
            total_ratio -= ratio
        else:
            result.append(value)
    return result


def _collapse(widths: list[int], wrapable: list[bool], max_width: int) -> list[int]:
    total = sum(widths)
    excess = total - max_width
    if any(wrapable):
        while total and excess > 0:
            largest = max(w for w, ok in zip(widths, wrapable, strict=True) if ok)
            second = max(
                w if ok and w != largest else 0 for w, ok in zip(widths, wrapable, strict=True)
            )
            ratios = [int(w == largest and ok) for w, ok in zip(widths, wrapable, strict=True)]
            if not any(ratios) or not largest - second:
                break
            reduce = [min(excess, largest - second)] * len(widths)
            widths = _ratio_reduce(excess, ratios, reduce, widths)
            total = sum(widths)
            excess = total - max_width
    return widths


def _column_measure(texts: Sequence[str]) -> list[tuple[int, int]]:
    """The largest ``_raw_measure`` of ``texts`` (as a one-cell column: only maximums count).

    Printable ASCII, most cells, is measured in bulk: its words are its words joined.
    """
    simple = [text for text in texts if text.isascii() and text.isprintable()]
    measures = [_raw_measure(text) for text in texts if not (text.isascii() and text.isprintable())]
    if simple:
        blank = max((len(text) for text in simple if not text.strip()), default=0)
        words = max(map(len, " ".join(simple).split()), default=0)
        measures.append((max(blank, words), max(map(len, simple))))
    return measures


def column_widths(
    columns: Sequence[Column], rows: Sequence[Sequence[str]], budget: int
) -> list[int]:
    cells = [
        _column_measure([column.header, *(row[i] for row in rows)])
        for i, column in enumerate(columns)
    ]
    widths = [_measure_column(c, budget)[1] or 1 for c in cells]
    if sum(widths) > budget:
        widths = _collapse(widths, [not column.no_wrap for column in columns], budget)
        if sum(widths) > budget:
            widths = _ratio_reduce(sum(widths) - budget, [1] * len(widths), widths, widths)
        widths = [_measure_column(c, w)[1] or 0 for c, w in zip(cells, widths, strict=True)]
    return widths


# --- printing ------------------------------------------------------------------------------------


def styled(text: str, style: str, on: bool = True) -> str:
    """``text`` in ANSI codes for ``style`` ("bold red"...) when ``on``; without red on NO_COLOR."""
    codes = [SGR[word] for word in style.split() if word in SGR]
    if not on or not codes or not text:
        return text
    if os.environ.get("NO_COLOR"):
        codes = [code for code in codes if code != SGR["red"]] or codes[:0]
        if not codes:
            return text
    return f"\x1b[{';'.join(codes)}m{text}\x1b[0m"


@lru_cache(maxsize=16384)
def _cell_lines(
    text: str, cell_width: int, justify: str, overflow: str, no_wrap: bool
) -> tuple[str, ...]:
    """A cell's lines with their padding, each exactly ``cell_width`` cells."""
    lines = wrap(text, cell_width - 2 * PAD, justify, overflow, no_wrap)
    if cell_width > 2 * PAD:  # the lines are exactly ``cell_width - 2 * PAD`` cells wide
        return tuple(f"{SPACE}{line}{SPACE}" for line in lines)
    return tuple(set_cell_size(SPACE + line + SPACE, cell_width) for line in lines)


def _column_blocks(texts: Sequence[str], column: Column, cell_width: int) -> list[tuple[str, ...]]:
    """``_cell_lines`` of a column's cells; printable ASCII that fits is laid out right here."""
    inner = cell_width - 2 * PAD
    layout = (column.justify, column.overflow, column.no_wrap)
    if inner < 1:
        return [_cell_lines(text, cell_width, *layout) for text in texts]
    right = column.justify == "right"
    return [
        (f"{SPACE}{text.rstrip().rjust(inner) if right else text.ljust(inner)}{SPACE}",)
        if len(text) <= inner and text.isascii() and text.isprintable()
        else _cell_lines(text, cell_width, *layout)
        for text in texts
    ]


def table_lines(
    title: str | None,
    columns: Sequence[Column],
    rows: Rows,
    width: int,
    *,
    ascii_only: bool = False,
    color: bool = False,
) -> list[str]:
    """The table as lines of text (no newlines): ``rows`` are (cells, row style) pairs."""
    box = ASCII if ascii_only else HEAVY_HEAD
    extra = 2 + len(columns) - 1
    widths = column_widths(columns, [cells for cells, _ in rows], width - extra)
    table_width = sum(widths) + extra
    out: list[str] = []
    if title:
        for line in wrap(title, table_width, "left", "fold", False):
            out.append(styled(line, "italic", color))

    def row(blocks: Sequence[tuple[str, ...]], style: str, edge: str, header: bool) -> None:
        if color:
            blocks = [
                tuple(
                    styled(line, "bold" if header else f"{column.style} {style}".strip(), True)
                    for line in block
                )
                for block, column in zip(blocks, columns, strict=True)
            ]
        left, between, right = edge[0], edge[2], edge[3]
        height = max(map(len, blocks))
        if height == 1:  # most rows
            out.append(f"{left}{between.join([block[0] for block in blocks])}{right}")
            return
        padded = [
            # header cells sit at the bottom, as in rich
            (blank,) * (height - len(block)) + block
            if header
            else block + (blank,) * (height - len(block))
            for block, blank in zip(blocks, blanks, strict=True)
        ]
        out.extend(f"{left}{between.join(line)}{right}" for line in zip(*padded, strict=True))

    def rule(edge: str) -> None:
        out.append(edge[0] + edge[2].join(edge[1] * w for w in widths) + edge[3])

    blanks = [" " * w for w in widths]
    rule(box[0])
    header = [
        _cell_lines(c.header, w, c.justify, c.overflow, c.no_wrap)
        for c, w in zip(columns, widths, strict=True)
    ]
    row(header, "", box[1], header=True)
    rule(box[2])
    by_column = [
        _column_blocks([cells[index] for cells, _ in rows], column, cell_width)
        for index, (column, cell_width) in enumerate(zip(columns, widths, strict=True))
    ]
    for blocks, (_, style) in zip(zip(*by_column, strict=True), rows, strict=True):
        row(blocks, style, box[3], header=False)
    rule(box[4])
    return out


def console_width(environ: Mapping[str, str] | None = None) -> int:
    """The width rich would use: $COLUMNS, else the terminal on stdin, stdout or stderr, else 80."""
    columns = (os.environ if environ is None else environ).get("COLUMNS", "")
    if columns.isdigit() and int(columns):
        return int(columns)
    for descriptor in (0, 1, 2):
        try:
            width = os.get_terminal_size(descriptor).columns
        except (AttributeError, ValueError, OSError):
            continue
        return width or 80
    return 80


def wants_style(stream: TextIO) -> bool:
    if os.environ.get("FORCE_COLOR"):
        return True
    term = os.environ.get("TERM", "").lower()
    return stream.isatty() and term not in ("dumb", "unknown")


def _output(stream: TextIO | None) -> tuple[TextIO, bool, bool]:
    """The stream to print on, whether it cannot encode the box, and whether to use colour."""
    stream = stream or sys.stdout
    encoding = (getattr(stream, "encoding", None) or "utf-8").lower()
    return stream, not encoding.startswith("utf"), wants_style(stream)


def print_table(
    title: str | None,
    columns: Sequence[Column],
    rows: Rows,
    stream: TextIO | None = None,
) -> None:
    stream, ascii_only, color = _output(stream)
    lines = table_lines(title, columns, rows, console_width(), ascii_only=ascii_only, color=color)
    stream.write("\n".join(lines) + "\n")


# --- lines of text around the tables -------------------------------------------------------------


def text_lines(spans: Sequence[tuple[str, str]], width: int, *, color: bool = False) -> list[str]:
    """One paragraph of ``spans`` ((text, style) pairs) wrapped to ``width`` cells as rich wraps
    a printed line: broken between words, long words folded, no padding."""
    spans = [(printed(part), part_style) for part, part_style in spans]
    text = "".join(part for part, _ in spans)
    styles = [part_style for part, part_style in spans for _ in part]
    out = []
    offset = 0
    for line in text.split("\n"):
        starts = [0, *divide_line(line, max(width, 1), True)]
        for start, piece in zip(starts, _pieces(line, max(width, 1), "fold", False), strict=True):
            length = len(piece)
            if cell_len(piece) > width:
                piece = set_cell_size(piece, width)
            if color:
                first = offset + start
                runs = itertools.groupby(
                    enumerate(piece),
                    key=lambda pair: styles[first + pair[0]] if pair[0] < length else "",
                )
                piece = "".join(
                    styled("".join(character for _, character in run), run_style)
                    for run_style, run in runs
                )
            out.append(piece)
        offset += len(line) + 1
    return out


def print_text(*spans: tuple[str, str], stream: TextIO | None = None) -> None:
    """Print a paragraph as rich prints a line of text (wrapped, styled on a terminal)."""
    stream, _, color = _output(stream)
    stream.write("\n".join(text_lines(spans, console_width(), color=color)) + "\n")


def say(text: str, *, err: bool = False) -> None:
    """One line of a command's answer (or, with ``err``, its error), as :func:`printed` shows
    text: a name or title that holds an escape sequence cannot drive the terminal."""
    import click

    click.echo(printed(text), err=err)
