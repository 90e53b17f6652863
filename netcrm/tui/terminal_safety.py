"""Nothing a name, note or title holds can drive the terminal the app is drawn on.

Text imported from a platform export may carry control characters and escape sequences
(``ESC ] 0 ; title BEL`` retitles the window, ``ESC [ 31 m`` colours what follows, U+202E turns
it around). Textual lays such text out as it is and writes it to the terminal raw. This line
filter runs on every line of every widget (lists, tables, fields, notifications) just before it
is written, and leaves those characters out; what they spelled stays visible as plain text
(``]0;title``), the data in the store is untouched, and the line keeps its width in cells.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.segment import Segment
from textual.color import Color
from textual.filter import LineFilter

from netcrm.domain.display import without_controls


class TerminalControls(LineFilter):
    """Leaves out of the text of each segment what could drive the terminal."""

    def apply(self, segments: list[Segment], background: Color) -> list[Segment]:
        if all(segment.text.isprintable() for segment in segments):
            return segments
        safe = []
        for segment in segments:
            text = segment.text
            if segment.control or text.isprintable():
                safe.append(segment)
                continue
            cleaned = without_controls(text)
            gap = cell_len(text) - cell_len(cleaned)  # keep the line as wide as laid out
            safe.append(Segment(cleaned + " " * max(gap, 0), segment.style))
        return safe
