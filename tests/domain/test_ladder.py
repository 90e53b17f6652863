"""The relationship ladder: stage, explanation and next step from facts."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.ladder import LadderFacts, Stage, StageVerdict, ladder_stage


def test_stages_are_ordered_strings() -> None:
    assert Stage.ordered() == [
        Stage.FOLLOWER,
        Stage.TALKED,
        Stage.KNOWN,
        Stage.MUTUAL,
        Stage.TRUSTED,
    ]
    assert [stage.rank for stage in Stage.ordered()] == [0, 1, 2, 3, 4]
    assert [str(stage) for stage in Stage.ordered()] == [
        "follower",
        "talked",
        "known",
        "mutual",
        "trusted",
    ]
    assert Stage("mutual") is Stage.MUTUAL
    assert Stage.MUTUAL == "mutual"


CASES: list[tuple[tuple[int, int, int, int], Stage, str, str | None]] = [
    (
        (0, 0, 0, 0),
        Stage.FOLLOWER,
        "follower: no conversation logged yet.",
        "Log a conversation with them.",
    ),
    (
        (0, 1, 0, 0),
        Stage.FOLLOWER,
        "follower: no conversation logged yet (you already noted 1 of their strengths"
        " — log a conversation to move them up).",
        "Log a conversation with them.",
    ),
    (
        (0, 2, 1, 1),
        Stage.FOLLOWER,
        "follower: no conversation logged yet (you already noted 2 of their strengths,"
        " they already know 1 of your strengths and 1 exchange is recorded"
        " — log a conversation to move them up).",
        "Log a conversation with them.",
    ),
    (
        (1, 0, 0, 0),
        Stage.TALKED,
        "talked: 1 conversation logged; not known yet: you have not noted any of their strengths.",
        "Ask what they are good at and note it.",
    ),
    (
        (3, 0, 2, 0),
        Stage.TALKED,
        "talked: 3 conversations logged; not known yet: you have not noted any of their"
        " strengths (they already know 2 of your strengths — note one of their strengths"
        " to move them up).",
        "Ask what they are good at and note it.",
    ),
    (
        (2, 1, 0, 0),
        Stage.KNOWN,
        "known: you know 1 of their strengths; not mutual yet: they do not know any of"
        " your strengths.",
        "Tell them what you are good at.",
    ),
    (
        (2, 1, 0, 2),
        Stage.KNOWN,
        "known: you know 1 of their strengths; not mutual yet: they do not know any of"
        " your strengths (2 exchanges are recorded — tell them one of your strengths to"
        " move them up).",
        "Tell them what you are good at.",
    ),
    (
        (4, 2, 1, 0),
        Stage.MUTUAL,
        "mutual: you know 2 of their strengths and they know 1 of yours; not trusted yet:"
        " no support has flowed between you.",
        "Offer help, an intro or a referral.",
    ),
    (
        (5, 2, 1, 1),
        Stage.TRUSTED,
        "trusted: support has flowed between you (1 exchange), you know 2 of their"
        " strengths and they know 1 of yours.",
        None,
    ),
    (
        (9, 3, 2, 4),
        Stage.TRUSTED,
        "trusted: support has flowed between you (4 exchanges), you know 3 of their"
        " strengths and they know 2 of yours.",
        None,
    ),
]


@pytest.mark.parametrize(("counts", "stage", "why", "next_step"), CASES)
def test_ladder_stage(
    counts: tuple[int, int, int, int], stage: Stage, why: str, next_step: str | None
) -> None:
    assert ladder_stage(LadderFacts(*counts)) == StageVerdict(stage, why, next_step)


@pytest.mark.parametrize(
    ("counts", "stage"),
    [
        ((0, 0, 0, 1), Stage.FOLLOWER),
        ((0, 5, 5, 5), Stage.FOLLOWER),
        ((1, 0, 1, 1), Stage.TALKED),
        ((1, 1, 0, 1), Stage.KNOWN),
        ((1, 1, 1, 0), Stage.MUTUAL),
        ((1, 1, 1, 1), Stage.TRUSTED),
    ],
)
def test_every_lower_rung_must_hold(counts: tuple[int, int, int, int], stage: Stage) -> None:
    assert ladder_stage(LadderFacts(*counts)).stage is stage


def test_negative_facts_are_a_programming_error() -> None:
    with pytest.raises(ValueError, match="exchanges"):
        LadderFacts(conversations=1, strengths=0, disclosures=0, exchanges=-1)


counts = st.integers(0, 5)
facts = st.builds(LadderFacts, counts, counts, counts, counts)


@given(facts=facts, extra=st.tuples(counts, counts, counts, counts))
def test_adding_facts_never_lowers_the_stage(
    facts: LadderFacts, extra: tuple[int, int, int, int]
) -> None:
    more = LadderFacts(
        facts.conversations + extra[0],
        facts.strengths + extra[1],
        facts.disclosures + extra[2],
        facts.exchanges + extra[3],
    )
    assert ladder_stage(more).stage.rank >= ladder_stage(facts).stage.rank


@given(facts=facts)
def test_verdicts_are_consistent(facts: LadderFacts) -> None:
    verdict = ladder_stage(facts)
    assert verdict == ladder_stage(facts)
    assert verdict.why.startswith(f"{verdict.stage}: ")
    assert verdict.why.endswith(".")
    assert "\n" not in verdict.why
    assert (verdict.next_step is None) == (verdict.stage is Stage.TRUSTED)
    rungs = [facts.conversations, facts.strengths, facts.disclosures, facts.exchanges]
    rank = verdict.stage.rank
    assert all(n >= 1 for n in rungs[:rank])
    assert rank == 4 or rungs[rank] == 0
