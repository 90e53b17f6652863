"""The relationship ladder: how deep a relationship is, derived from facts, never typed in.

follower → talked (a conversation) → known (I know one of their strengths) → mutual (they
know one of mine) → trusted (support has flowed). A contact stands on the highest rung
whose condition holds *and* whose lower rungs all hold: someone whose strength I noted but
never talked to is still a follower, and the explanation says what is missing.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from enum import StrEnum


class Stage(StrEnum):
    FOLLOWER = "follower"
    TALKED = "talked"
    KNOWN = "known"
    MUTUAL = "mutual"
    TRUSTED = "trusted"

    @classmethod
    def ordered(cls) -> list[Stage]:
        """Every stage, shallowest first."""
        return list(cls)

    @property
    def rank(self) -> int:
        """0 for follower up to 4 for trusted."""
        return Stage.ordered().index(self)


@dataclass(frozen=True)
class LadderFacts:
    """Counts about one contact: conversations logged, their strengths I recorded, my
    strengths disclosed to them, and exchanges of support either way."""

    conversations: int
    strengths: int
    disclosures: int
    exchanges: int

    def __post_init__(self) -> None:
        for field in fields(self):
            if getattr(self, field.name) < 0:
                raise ValueError(f"LadderFacts.{field.name} cannot be negative")


@dataclass(frozen=True)
class StageVerdict:
    """The stage, a human explanation of it, and what would move the contact up."""

    stage: Stage
    why: str
    next_step: str | None


def _count(n: int, singular: str, plural: str | None = None) -> str:
    return f"{n} {singular if n == 1 else (plural or singular + 's')}"


def _has(facts: LadderFacts, stage: Stage) -> str:
    """What the facts say about the rung ``stage`` (which holds)."""
    if stage is Stage.TALKED:
        return f"{_count(facts.conversations, 'conversation')} logged"
    if stage is Stage.KNOWN:
        return f"you know {facts.strengths} of their strengths"
    if stage is Stage.MUTUAL:
        return (
            f"you know {facts.strengths} of their strengths "
            f"and they know {facts.disclosures} of yours"
        )
    if stage is Stage.TRUSTED:
        return (
            f"support has flowed between you ({_count(facts.exchanges, 'exchange')}), "
            f"you know {facts.strengths} of their strengths "
            f"and they know {facts.disclosures} of yours"
        )
    return "no conversation logged yet"  # pragma: no cover - follower is never "had"


_MISSING = {
    Stage.TALKED: "no conversation logged yet",
    Stage.KNOWN: "you have not noted any of their strengths",
    Stage.MUTUAL: "they do not know any of your strengths",
    Stage.TRUSTED: "no support has flowed between you",
}

_TO_MOVE_UP = {
    Stage.TALKED: "log a conversation",
    Stage.KNOWN: "note one of their strengths",
    Stage.MUTUAL: "tell them one of your strengths",
    Stage.TRUSTED: "record an exchange of support",
}

_NEXT_STEP = {
    Stage.FOLLOWER: "Log a conversation with them.",
    Stage.TALKED: "Ask what they are good at and note it.",
    Stage.KNOWN: "Tell them what you are good at.",
    Stage.MUTUAL: "Offer help, an intro or a referral.",
}


def _holds(facts: LadderFacts) -> dict[Stage, bool]:
    return {
        Stage.TALKED: facts.conversations >= 1,
        Stage.KNOWN: facts.strengths >= 1,
        Stage.MUTUAL: facts.disclosures >= 1,
        Stage.TRUSTED: facts.exchanges >= 1,
    }


def _already(facts: LadderFacts, blocked: Stage) -> list[str]:
    """Facts recorded for rungs above ``blocked`` that cannot count yet."""
    notes = []
    if blocked.rank < Stage.KNOWN.rank and facts.strengths:
        notes.append(f"you already noted {facts.strengths} of their strengths")
    if blocked.rank < Stage.MUTUAL.rank and facts.disclosures:
        notes.append(f"they already know {facts.disclosures} of your strengths")
    if blocked.rank < Stage.TRUSTED.rank and facts.exchanges:
        noun = "exchange is" if facts.exchanges == 1 else "exchanges are"
        notes.append(f"{facts.exchanges} {noun} recorded")
    return notes


def _join(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def ladder_stage(facts: LadderFacts) -> StageVerdict:
    """The contact's rung, a one-sentence ``why`` (what holds, what is missing, and any
    facts that cannot count yet) and a suggested ``next_step`` (None once trusted)."""
    holds = _holds(facts)
    stage = Stage.FOLLOWER
    for rung in Stage.ordered()[1:]:
        if not holds[rung]:
            break
        stage = rung
    if stage is Stage.TRUSTED:
        return StageVerdict(stage, f"trusted: {_has(facts, stage)}.", None)

    blocked = Stage.ordered()[stage.rank + 1]
    if stage is Stage.FOLLOWER:
        why = f"follower: {_MISSING[blocked]}"
    else:
        why = f"{stage}: {_has(facts, stage)}; not {blocked} yet: {_MISSING[blocked]}"
    already = _already(facts, blocked)
    if already:
        why += f" ({_join(already)} — {_TO_MOVE_UP[blocked]} to move them up)"
    return StageVerdict(stage, why + ".", _NEXT_STEP[stage])
