"""Conversations per week as vertical bars drawn in eighths of a cell, a count under each bar
and the week's Monday under that, so the numbers carry the meaning, not the shading."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

EIGHTHS = " ▁▂▃▄▅▆▇█"
COLUMN_MOST = 8
COLUMN_LEAST = 4


def chart_lines(weeks: tuple[tuple[date, int], ...], width: int, height: int) -> Text:
    """``height`` lines: bars, then counts, then each week's Monday ("7 Sep")."""
    if not weeks:
        return Text("No weeks to show.", style="dim")
    column = max(COLUMN_LEAST, min(COLUMN_MOST, width // len(weeks)))
    bar = column - 1
    bar_rows = max(1, height - 2)
    highest = max(count for _, count in weeks) or 1
    levels = [round(count * bar_rows * 8 / highest) for _, count in weeks]
    levels = [
        max(level, 1) if count else 0 for level, (_, count) in zip(levels, weeks, strict=True)
    ]
    text = Text(no_wrap=True, overflow="crop")
    for row in range(bar_rows, 0, -1):
        floor = (row - 1) * 8
        for level in levels:
            eighths = max(0, min(8, level - floor))
            text.append((EIGHTHS[eighths] * bar).ljust(column), style="dodger_blue2")
        text.append("\n")
    for _, count in weeks:
        text.append(f"{count:^{bar}} ", style="bold" if count else "dim")
    text.append("\n")
    for monday, _ in weeks:
        text.append(f"{monday.day} {monday:%b}"[:bar].center(bar) + " ", style="dim")
    return text


class WeekChart(Widget):
    DEFAULT_CSS = """
    WeekChart { height: 10; }
    """

    weeks: reactive[tuple[tuple[date, int], ...]] = reactive(())

    def render(self) -> Text:
        return chart_lines(self.weeks, self.size.width, self.size.height)
