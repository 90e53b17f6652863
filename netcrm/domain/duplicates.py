"""Which people in a network are likely one person, and why: pure, no store.

Each person is described by :class:`PersonFacts` (folded name, company, city, e-mails, phones
in E.164, handles). Two people are compared only when a *blocking key* brings them together:
a shared e-mail, phone, handle or username, a handle or e-mail that spells the other's name,
the same folded name, or a first or last name shared with the same company or city. That keeps
the work near-linear in the size of the network instead of comparing all pairs, and it is also
why unrelated people are never paired: without something in common there is no comparison.

A compared pair gets :class:`Reason` s, each with a weight (0-100, how strongly it alone says
"same person"); the pair's score combines them as independent evidence,
``100 * (1 - Π(1 - weight/100))``. Pairs at or above the minimum score are gathered into groups,
strongest pair first, never putting two people said to be different into one group.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import combinations

from rapidfuzz import fuzz

from netcrm.domain.spellings import compact_name, email_spelling, handle_spelling, name_spellings

DEFAULT_MIN_SCORE = 50
#: A blocking key shared by more people than this says nothing about any two of them
#: (a family's landline, one name shared by many): it is skipped.
BLOCK_LIMIT = 50
#: The same for a first or last name at one company or in one city, weaker still: "Budi" at
#: a large employer names many people.
WEAK_BLOCK_LIMIT = 12
#: Usernames shorter than this are too common to tie two platforms' accounts together.
MIN_SHARED_USERNAME = 4
SIMILAR_NAME = 88  # rapidfuzz ratio of two folded names for "similar"

WEIGHTS = {
    "handle": 95,  # the same account, on the same platform
    "email": 90,
    "phone": 90,
    "username": 60,  # the same username on two platforms
    "handle-spells-name": 55,
    "handle-spells-initials": 40,
    "email-spells-name": 45,
    "name": 50,  # the same full name, from different sources
    "name-same-source": 40,  # one platform's export lists distinct accounts
    "first-name": 25,  # the same one-word name
    "similar-name": 25,
    "company": 35,  # with a similar name
    "city": 20,  # with a similar name
}
_PLATFORM_LABELS = {
    "linkedin": "LinkedIn",
    "x": "X",
    "tiktok": "TikTok",
    "github": "GitHub",
    "whatsapp": "WhatsApp",
    "youtube": "YouTube",
}


def platform_label(platform: str) -> str:
    return _PLATFORM_LABELS.get(platform, platform.capitalize())


@dataclass(frozen=True, slots=True)
class PersonFacts:
    """What identifies one person, folded for comparison (see :func:`netcrm.domain.text.fold`)."""

    id: int
    name_key: str
    source: str | None = None
    company_key: str | None = None
    city_key: str | None = None
    emails: frozenset[str] = frozenset()  # address keys, case-folded
    phones: frozenset[str] = frozenset()  # E.164
    handles: frozenset[tuple[str, str]] = frozenset()  # (platform, folded username)


@dataclass(frozen=True, slots=True)
class Reason:
    kind: str  # a key of WEIGHTS
    text: str  # "same e-mail budi@example.com"
    weight: int


@dataclass(frozen=True, slots=True)
class Pair:
    first: int
    second: int
    score: int
    reasons: tuple[Reason, ...]


@dataclass(frozen=True, slots=True)
class Group:
    """People likely to be one: ``ids`` in order, the best pair's score, every pair's reasons."""

    ids: tuple[int, ...]
    score: int
    reasons: tuple[Reason, ...]


def combined_score(reasons: Iterable[Reason]) -> int:
    doubt = 1.0
    for reason in reasons:
        doubt *= 1 - reason.weight / 100
    return round(100 * (1 - doubt))


def _reason(kind: str, text: str) -> Reason:
    return Reason(kind, text, WEIGHTS[kind])


def _name_words(name_key: str) -> list[str]:
    return name_key.split()


def names_similar(first: str, second: str) -> bool:
    """Different folded names that may be one person's: "budi" ~ "budi santoso", typos."""
    if first == second or not first or not second:
        return False
    short, long = sorted((_name_words(first), _name_words(second)), key=len)
    remaining = list(long)
    for word in short:  # every word of the shorter starts a distinct word of the longer
        match = next((w for w in remaining if w.startswith(word.rstrip("."))), None)
        if match is None:
            break
        remaining.remove(match)
    else:
        return short[0][:1] == long[0][:1]
    return fuzz.ratio(first, second) >= SIMILAR_NAME


def compare(a: PersonFacts, b: PersonFacts) -> list[Reason]:
    """Every reason to think ``a`` and ``b`` are one person (empty when none); symmetric."""
    reasons: list[Reason] = []
    for address in sorted(a.emails & b.emails):
        reasons.append(_reason("email", f"same e-mail {address}"))
    for number in sorted(a.phones & b.phones):
        reasons.append(_reason("phone", f"same phone {number}"))
    shared_handles = a.handles & b.handles
    for platform, username in sorted(shared_handles):
        reasons.append(_reason("handle", f"same {platform_label(platform)} account {username}"))
    platforms: tuple[defaultdict[str, set[str]], defaultdict[str, set[str]]] = (
        defaultdict(set),
        defaultdict(set),
    )
    for side, facts in zip(platforms, (a, b), strict=True):
        for platform, username in facts.handles - shared_handles:
            if len(username) >= MIN_SHARED_USERNAME:
                side[username].add(platform)
    for username in sorted(platforms[0].keys() & platforms[1].keys()):
        mine, theirs = platforms[0][username], platforms[1][username]
        if any(p != q for p in mine for q in theirs):
            where = " and ".join(sorted(platform_label(p) for p in mine | theirs))
            reasons.append(_reason("username", f"same username {username} on {where}"))
    reasons += _spelling_reasons(a, b) + _spelling_reasons(b, a)
    reasons += _name_reasons(a, b)
    return reasons


def _spelling_reasons(owner: PersonFacts, named: PersonFacts) -> list[Reason]:
    """Reasons from ``owner``'s handles and e-mails spelling ``named``'s name.

    A handle that spells its owner's own name says nothing the names do not already say
    (every Budi Santoso's ``budisantoso`` spells every other's name): it is not counted.
    """
    whole, initials = name_spellings(named.name_key)
    if not whole and not initials:
        return []
    own_whole, own_initials = name_spellings(owner.name_key)
    own = own_whole | own_initials
    best: Reason | None = None
    for platform, username in sorted(owner.handles):
        spelled = handle_spelling(username)
        if spelled is None or spelled in own:
            continue
        if spelled in whole:
            kind = "handle-spells-name"
        elif spelled in initials:
            kind = "handle-spells-initials"
        else:
            continue
        candidate = _reason(kind, f"{platform_label(platform)} {username} spells the name")
        if best is None or candidate.weight > best.weight:
            best = candidate
    if best is None:
        for address in sorted(owner.emails):
            spelled = email_spelling(address)
            if spelled in whole and spelled not in own:
                best = _reason("email-spells-name", f"e-mail {address} spells the name")
                break
    return [best] if best else []


def _name_reasons(a: PersonFacts, b: PersonFacts) -> list[Reason]:
    compact = compact_name(a.name_key)
    if compact and compact == compact_name(b.name_key):
        if " " not in compact:
            reasons = [_reason("first-name", "same name")]
        elif a.source and a.source == b.source:
            reasons = [_reason("name-same-source", f"same name, both from {a.source}")]
        else:
            reasons = [_reason("name", "same name")]
    elif names_similar(a.name_key, b.name_key):
        reasons = [_reason("similar-name", "similar names")]
    else:
        return []
    if a.company_key and a.company_key == b.company_key:
        reasons.append(_reason("company", "same company"))
    if a.city_key and a.city_key == b.city_key:
        reasons.append(_reason("city", "same city"))
    return reasons


def _blocks(
    people: Iterable[PersonFacts],
) -> tuple[list[list[int]], set[tuple[int, int]], set[tuple[int, int]]]:
    """(groups of people with one compact name, pairs sharing a name's word and a company or
    city, pairs sharing anything else): see the module's docstring for the keys. A handle or
    e-mail spelling its owner's own name is no key."""
    by_email: defaultdict[str, list[int]] = defaultdict(list)
    by_phone: defaultdict[str, list[int]] = defaultdict(list)
    by_handle: defaultdict[tuple[str, str], list[int]] = defaultdict(list)
    by_username: defaultdict[str, list[int]] = defaultdict(list)
    weak: defaultdict[str, list[int]] = defaultdict(list)  # a name's word with company or city
    same_name: defaultdict[str, list[int]] = defaultdict(list)
    spelled_by: defaultdict[str, list[int]] = defaultdict(list)  # compact spelling → owners
    own_spellings: list[tuple[int, frozenset[str]]] = []
    for person in people:
        pid = person.id
        whole, initials = name_spellings(person.name_key)
        own = whole | initials
        own_spellings.append((pid, own))
        for address in person.emails:
            by_email[address].append(pid)
            spelled = email_spelling(address)
            if spelled and spelled not in own:
                spelled_by[spelled].append(pid)
        for number in person.phones:
            by_phone[number].append(pid)
        for handle in person.handles:
            by_handle[handle].append(pid)
            username = handle[1]
            if len(username) >= MIN_SHARED_USERNAME:
                by_username[username].append(pid)
            spelled = handle_spelling(username)
            if spelled and spelled not in own:
                spelled_by[spelled].append(pid)
        compact = compact_name(person.name_key)
        if compact:
            same_name[compact].append(pid)
            words = compact.split()
            for word in {words[0], words[-1]}:
                if person.company_key:
                    weak[f"{word}\x00{person.company_key}"].append(pid)
                if person.city_key:
                    weak[f"{word}\x01{person.city_key}"].append(pid)
    names: defaultdict[str, list[int]] = defaultdict(list)  # a spelled name → its people
    for pid, own in own_spellings:
        for spelling in own:
            if spelling in spelled_by:
                names[spelling].append(pid)
    pairs: set[tuple[int, int]] = set()
    for lists in (by_email.values(), by_phone.values(), by_handle.values(), by_username.values()):
        for ids in lists:
            if 1 < len(ids) <= BLOCK_LIMIT:
                pairs.update(combinations(sorted(set(ids)), 2))
    weak_pairs: set[tuple[int, int]] = set()
    for ids in weak.values():
        if 1 < len(ids) <= WEAK_BLOCK_LIMIT:
            weak_pairs.update(combinations(sorted(set(ids)), 2))
    for spelling, named in names.items():
        owners = spelled_by[spelling]
        if len(named) <= BLOCK_LIMIT and len(owners) <= BLOCK_LIMIT:
            pairs.update((min(o, n), max(o, n)) for o in set(owners) for n in named if o != n)
    name_blocks = [sorted(ids) for ids in same_name.values() if 1 < len(ids) <= BLOCK_LIMIT]
    return name_blocks, weak_pairs, pairs


def _same_name_pairs(
    blocks: list[list[int]], by_id: dict[int, PersonFacts], skip: set[tuple[int, int]]
) -> Iterable[Pair]:
    """What :func:`compare` says of two people with one compact name and nothing else in
    common (no shared e-mail, phone or handle: those pairs are in ``skip``), without it:
    only the name, the source, the company and the city can differ."""
    scored: dict[tuple[bool, str | None, bool, bool], tuple[int, tuple[Reason, ...]]] = {}
    for ids in blocks:
        one_word = " " not in compact_name(by_id[ids[0]].name_key)
        for first, second in combinations(ids, 2):
            if (first, second) in skip:
                continue
            a, b = by_id[first], by_id[second]
            key = (
                one_word,
                a.source if a.source and a.source == b.source else None,
                bool(a.company_key and a.company_key == b.company_key),
                bool(a.city_key and a.city_key == b.city_key),
            )
            known = scored.get(key)
            if known is None:
                template = _scored(first, second, _name_reasons(a, b))
                known = scored[key] = (template.score, template.reasons)
            yield Pair(first, second, *known)


def _scored(first: int, second: int, reasons: Iterable[Reason]) -> Pair:
    ordered = tuple(sorted(reasons, key=lambda r: (-r.weight, r.text)))
    return Pair(first, second, combined_score(ordered), ordered)


def related_pairs(
    people: Iterable[PersonFacts], *, different: frozenset[tuple[int, int]] = frozenset()
) -> list[Pair]:
    """Every candidate pair with at least one reason, whatever its score, strongest first."""
    by_id = {p.id: p for p in people}
    name_blocks, by_name_words, candidates = _blocks(by_id.values())
    candidates -= different
    pairs = []
    for first, second in candidates:
        found = compare(by_id[first], by_id[second])
        if found:
            pairs.append(_scored(first, second, found))
    # Pairs that share nothing but (part of) a name: compare() would find only name reasons.
    skip = candidates | different
    for pair in _same_name_pairs(name_blocks, by_id, skip):
        pairs.append(pair)
        by_name_words.discard((pair.first, pair.second))
    for first, second in by_name_words - skip:
        named = _name_reasons(by_id[first], by_id[second])
        if named:
            pairs.append(_scored(first, second, named))
    pairs.sort(key=lambda p: (-p.score, p.first, p.second))
    return pairs


def group_pairs(
    pairs: list[Pair],
    people: dict[int, PersonFacts],
    different: frozenset[tuple[int, int]] = frozenset(),
    related: set[tuple[int, int]] | None = None,
) -> list[Group]:
    """Join pairs into groups, strongest first.

    Two groups join only when every person of one has some reason to be every person of the
    other (no chain "A like B, B like C" makes A and C one), and never across two people said
    to be different.
    """
    related = related if related is not None else {(p.first, p.second) for p in pairs}
    root_of: dict[int, int] = {}
    members: dict[int, list[int]] = {}
    pairs_of: dict[int, list[Pair]] = {}
    for pair in pairs:
        left = root_of.setdefault(pair.first, pair.first)
        right = root_of.setdefault(pair.second, pair.second)
        if left == right:
            pairs_of[left].append(pair)
            continue
        left_members = members.get(left, [left])
        right_members = members.get(right, [right])
        if not _may_join(left_members, right_members, people, different, related):
            continue
        members[left] = left_members + right_members
        members.pop(right, None)
        for member in right_members:
            root_of[member] = left
        pairs_of[left] = pairs_of.get(left, []) + pairs_of.pop(right, []) + [pair]
    groups = []
    for root, found in pairs_of.items():
        reasons: dict[str, Reason] = {}
        for pair in found:
            for reason in pair.reasons:
                reasons.setdefault(reason.text, reason)
        groups.append(
            Group(
                tuple(sorted(members[root])),
                max(p.score for p in found),
                tuple(sorted(reasons.values(), key=lambda r: (-r.weight, r.text))),
            )
        )
    groups.sort(key=lambda g: (-g.score, g.ids))
    return groups


def _may_join(
    left: list[int],
    right: list[int],
    people: dict[int, PersonFacts],
    different: frozenset[tuple[int, int]],
    related: set[tuple[int, int]],
) -> bool:
    for x in left:
        for y in right:
            key = (min(x, y), max(x, y))
            if key in different:
                return False
            if key not in related and not compare(people[x], people[y]):
                return False
    return True


def find_duplicates(
    people: Iterable[PersonFacts],
    *,
    min_score: int = DEFAULT_MIN_SCORE,
    different: frozenset[tuple[int, int]] = frozenset(),
) -> list[Group]:
    """Likely same-person groups, best first (see the module's docstring)."""
    by_id = {p.id: p for p in people}
    related = related_pairs(by_id.values(), different=different)
    pairs = [p for p in related if p.score >= min_score]
    return group_pairs(pairs, by_id, different, {(p.first, p.second) for p in related})
