"""Likely same-person groups: each reason, the blocking that keeps it near-linear held to
comparing every pair, and people with nothing in common never paired."""

from __future__ import annotations

from itertools import combinations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from netcrm.domain.duplicates import (
    DEFAULT_MIN_SCORE,
    PersonFacts,
    combined_score,
    compare,
    find_duplicates,
    names_similar,
    related_pairs,
)
from netcrm.domain.spellings import email_spelling, handle_spelling, name_spellings


def person(pid: int, name: str, **facts) -> PersonFacts:
    for key in ("emails", "phones", "handles"):
        if key in facts:
            facts[key] = frozenset(facts[key])
    return PersonFacts(pid, name, **facts)


def kinds(a: PersonFacts, b: PersonFacts) -> set[str]:
    return {r.kind for r in compare(a, b)}


@pytest.mark.parametrize(
    ("a", "b", "kind"),
    [
        (person(1, "ana", emails={"a@x.id"}), person(2, "putri", emails={"a@x.id"}), "email"),
        (person(1, "ana", phones={"+62812"}), person(2, "b", phones={"+62812"}), "phone"),
        (
            person(1, "ana", handles={("instagram", "ana.p")}),
            person(2, "b", handles={("instagram", "ana.p")}),
            "handle",
        ),
        (
            person(1, "ana", handles={("instagram", "anaputri")}),
            person(2, "b", handles={("tiktok", "anaputri")}),
            "username",
        ),
        (
            person(1, "ana", handles={("linkedin", "budi-santoso-4a1b2c")}),
            person(2, "budi santoso"),
            "handle-spells-name",
        ),
        (
            person(1, "ana", handles={("instagram", "budi_s")}),
            person(2, "budi santoso"),
            "handle-spells-initials",
        ),
        (
            person(1, "x", emails={"budi.santoso@gmail.com"}),
            person(2, "budi santoso"),
            "email-spells-name",
        ),
        (
            person(1, "budi santoso", source="instagram"),
            person(2, "budi santoso", source="linkedin"),
            "name",
        ),
        (person(1, "budi.santoso"), person(2, "budi santoso"), "name"),
        (
            person(1, "budi santoso", source="linkedin"),
            person(2, "budi santoso", source="linkedin"),
            "name-same-source",
        ),
        (
            person(1, "budi", company_key="gojek"),
            person(2, "budi santoso", company_key="gojek"),
            "company",
        ),
        (
            person(1, "budi", city_key="jakarta"),
            person(2, "budi santoso", city_key="jakarta"),
            "city",
        ),
    ],
)
def test_each_reason(a: PersonFacts, b: PersonFacts, kind: str) -> None:
    assert kind in kinds(a, b)
    assert kinds(a, b) == kinds(b, a)


def test_the_five_platforms_of_one_person_become_one_group() -> None:
    people = [
        person(1, "budi santoso", source="instagram", handles={("instagram", "budi.santoso")}),
        person(2, "budi santoso", source="linkedin", handles={("linkedin", "budi-santoso-4a1b2c")}),
        person(3, "budi", source="vcard", phones={"+628125551234"}),
        person(4, "budi santoso", source="whatsapp", phones={"+628125551234"}),
        person(5, "budi santoso", source="telegram", phones={"+628125551234"}),
        person(6, "siti rahma", source="vcard"),
    ]
    groups = find_duplicates(people)
    assert [g.ids for g in groups] == [(1, 2, 3, 4, 5)]
    assert groups[0].score >= 90


def test_a_handle_spelling_its_owners_own_name_adds_nothing() -> None:
    """Every Budi Santoso's budisantoso spells every other Budi Santoso's name."""
    a = person(1, "budi santoso", source="instagram", handles={("instagram", "budisantoso7")})
    b = person(2, "budi santoso", source="linkedin")
    assert kinds(a, b) == {"name"}


def test_a_first_name_alone_is_weak() -> None:
    a, b = person(1, "budi"), person(2, "budi")
    assert combined_score(compare(a, b)) < DEFAULT_MIN_SCORE
    assert name_spellings("budi") == (frozenset(), frozenset())


def test_a_chain_does_not_make_strangers_one_group() -> None:
    """A shares an e-mail with B, B a phone with C: A and C have nothing in common."""
    people = [
        person(1, "ana putri", emails={"shared@x.id"}),
        person(2, "sari dewi", emails={"shared@x.id"}, phones={"+62811"}),
        person(3, "joko widodo", phones={"+62811"}),
    ]
    groups = find_duplicates(people)
    assert all(not {1, 3} <= set(g.ids) for g in groups)


def test_a_pair_said_to_differ_never_comes_back_even_through_a_third() -> None:
    people = [person(i, "budi santoso", emails={"b@x.id"}) for i in (1, 2, 3)]
    groups = find_duplicates(people, different=frozenset({(1, 2)}))
    assert all(not {1, 2} <= set(g.ids) for g in groups)
    assert groups  # 3 still goes with one of them


def test_spellings() -> None:
    assert handle_spelling("budi.santoso92") == "budisantoso"
    assert handle_spelling("budi-santoso-4a1b2c") == "budisantoso"
    assert handle_spelling("@Budi_S") == "budis"
    assert handle_spelling("12345") is None
    assert email_spelling("info@gojek.com") is None
    whole, _initials = name_spellings("min-jun park")
    assert {"minjunpark", "minpark"} <= whole
    assert names_similar("budi", "budi santoso")
    assert names_similar("budi santoso", "budy santoso")
    assert not names_similar("ana putri", "joko widodo")


# --- properties -------------------------------------------------------------------------------

WORDS = ["ana", "budi", "sari", "joko", "putri", "santoso", "wijaya", "rahma", "kim", "lee"]
name_st = st.lists(st.sampled_from(WORDS), min_size=1, max_size=3).map(" ".join)
people_st = st.lists(
    st.builds(
        lambda name, source, company, city, emails, phones, handles: (
            name,
            source,
            company,
            city,
            emails,
            phones,
            handles,
        ),
        name_st,
        st.sampled_from([None, "instagram", "linkedin"]),
        st.sampled_from([None, "gojek", "acme"]),
        st.sampled_from([None, "jakarta", "bandung"]),
        st.sets(st.sampled_from(["a@x.id", "b@x.id", "budi.santoso@x.id"]), max_size=2),
        st.sets(st.sampled_from(["+62811", "+62812"]), max_size=1),
        st.sets(
            st.tuples(
                st.sampled_from(["instagram", "x", "linkedin"]),
                st.sampled_from(["budi.santoso", "anaputri", "sari_w", "kim.lee7", "zz"]),
            ),
            max_size=2,
        ),
    ),
    max_size=12,
)


def _facts(raw) -> list[PersonFacts]:
    return [
        person(i, n, source=s, company_key=c, city_key=t, emails=e, phones=p, handles=h)
        for i, (n, s, c, t, e, p, h) in enumerate(raw, 1)
    ]


@settings(max_examples=300, deadline=None)
@given(people_st)
def test_blocking_finds_what_comparing_every_pair_finds(raw) -> None:
    """The blocking keys are a fast path: they must miss no pair that scores."""
    people = _facts(raw)
    everything = {
        (a.id, b.id): combined_score(compare(a, b))
        for a, b in combinations(people, 2)
        if compare(a, b) and combined_score(compare(a, b)) >= DEFAULT_MIN_SCORE
    }
    found = related_pairs(people)
    assert {
        (p.first, p.second): p.score for p in found if p.score >= DEFAULT_MIN_SCORE
    } == everything


@settings(max_examples=200, deadline=None)
@given(people_st)
def test_comparing_is_symmetric(raw) -> None:
    for a, b in combinations(_facts(raw), 2):
        assert sorted(r.text for r in compare(a, b)) == sorted(r.text for r in compare(b, a))


@given(st.lists(st.integers(0, 10_000), min_size=2, max_size=30, unique=True))
def test_people_with_nothing_in_common_are_never_paired(numbers) -> None:
    letters = "bcdfghjklmnpqrstvwxz"

    def word(n: int, salt: int) -> str:  # distinct consonant words: nothing shared, nothing alike
        return "".join(letters[(n // 20**k + salt) % 20] for k in range(4)) + str(n)

    people = [
        person(
            n,
            f"{word(n, 1)} {word(n, 7)}",
            emails={f"{word(n, 3)}@x.id"},
            phones={f"+62{n:08d}"},
            handles={("instagram", word(n, 5))},
            company_key=f"c{n}",
        )
        for n in numbers
    ]
    assert find_duplicates(people, min_score=1) == []
