"""The relationship ladder as a funnel: one centred bar per rung, its count in digits, and how
many moved up to it in the last 30 days."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from netcrm.domain.ladder import Stage
from netcrm.services.records import LadderCounts

LABEL_WIDTH = 10
COUNT_WIDTH = 8
MOVED_WIDTH = 16


def funnel_lines(ladder: LadderCounts, width: int) -> Text:
    """Rungs from follower down to trusted; a bar is never empty when its count is not."""
    bar_room = max(6, width - LABEL_WIDTH - COUNT_WIDTH - MOVED_WIDTH - 2)
    widest = max(ladder.counts.values(), default=0) or 1
    text = Text(no_wrap=True, overflow="crop")
    for index, stage in enumerate(Stage.ordered()):
        count = ladder.counts.get(stage.value, 0)
        moved = ladder.moved_up_30_days.get(stage.value, 0)
        cells = round(bar_room * count / widest)
        if count and not cells:
            cells = 1
        left = (bar_room - cells) // 2
        if index:
            text.append("\n")
        text.append(f"{stage.value:<{LABEL_WIDTH}}")
        text.append(" " * left)
        text.append("█" * cells, style=f"{_shade(index)}")
        text.append(" " * (bar_room - cells - left))
        text.append(f"{count:>{COUNT_WIDTH - 1},} ")
        if stage is not Stage.FOLLOWER and moved:
            text.append(f"+{moved:,} in 30 days", style="bold")
        elif stage is not Stage.FOLLOWER:
            text.append("—", style="dim")
    return text


def _shade(index: int) -> str:
    return ("grey50", "cyan", "dodger_blue2", "green3", "gold1")[index % 5]


class LadderFunnel(Widget):
    DEFAULT_CSS = """
    LadderFunnel { height: 5; }
    """

    ladder: reactive[LadderCounts | None] = reactive(None)

    def render(self) -> Text:
        if self.ladder is None:
            return Text("…", style="dim")
        return funnel_lines(self.ladder, self.size.width)
