"""The relationship ladder on one line, with the contact's rung marked by shape and words:
``● follower ─ ● talked ─ ◉ KNOWN ─ ○ mutual ─ ○ trusted``."""

from __future__ import annotations

from rich.text import Text

from netcrm.domain.ladder import Stage


def ladder_text(stage: str) -> Text:
    """Rungs reached are ●, the current one ◉ in capitals, the ones above ○."""
    order = [s.value for s in Stage.ordered()]
    current = order.index(stage) if stage in order else 0
    text = Text()
    for index, rung in enumerate(order):
        if index:
            text.append(" ─ ", style="dim")
        if index < current:
            text.append(f"● {rung}")
        elif index == current:
            text.append(f"◉ {rung.upper()}", style="bold reverse")
        else:
            text.append(f"○ {rung}", style="dim")
    return text
