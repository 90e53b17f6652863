"""The engagement score as a text bar, ``███▌   62``: the bar and the number carry the meaning,
colour only underlines it."""

from __future__ import annotations

from rich.text import Text

EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 5


def score_bar(score: int, width: int = BAR_WIDTH) -> str:
    """A bar of ``width`` cells filled in eighths for a score 0–100, then the number."""
    score = max(0, min(100, int(score)))
    eighths = round(score * width * 8 / 100)
    if score and not eighths:
        eighths = 1  # warm at all: a sliver, so 1 never looks like 0
    full, part = divmod(eighths, 8)
    bar = "█" * full + (EIGHTHS[part] if part else "")
    return f"{bar:<{width}} {score:>3}"


def score_text(score: int, width: int = BAR_WIDTH) -> Text:
    """:func:`score_bar` as rich text, the bar tinted by warmth."""
    return Text(score_bar(score, width), style=_rich_style(score))


def _rich_style(score: int) -> str:
    if score >= 60:
        return "bold green"
    if score >= 30:
        return "green"
    if score > 0:
        return "yellow"
    return "dim"
