"""The vCard 4.0 export, read back with vobject."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

import vobject
from hypothesis import given
from hypothesis import strategies as st

from netcrm.domain.uids import parse_contact_uid
from netcrm.exporters import render_export
from netcrm.exporters.contentlines import MAX_OCTETS, escape, fold
from netcrm.exporters.vcard import param, profile_url, split_name
from netcrm.importers.records import YEARLESS
from netcrm.services.conversations import log_conversation
from netcrm.services.records import ConversationInput, HandleRecord

from .conftest import BUDI, GONE, LONG_NOTE, MOHAMED, TARO, ZOE, Network


def read_cards(text: str) -> dict[str, vobject.base.Component]:
    cards = list(vobject.readComponents(text, validate=True))
    by_name = {card.fn.value: card for card in cards}
    assert len(by_name) == len(cards)
    return by_name


def values(card, prop: str) -> list:
    return [line.value for line in card.contents.get(prop.lower(), [])]


def socials(card) -> dict[str, tuple[str, str]]:
    return {
        line.params["TYPE"][0]: (line.params["X-USER"][0], line.value)
        for line in card.contents.get("x-socialprofile", [])
    }


def test_every_live_contact_round_trips_through_vobject(network: Network) -> None:
    cards = read_cards(render_export("vcard", network.store, network.clock))

    assert set(cards) == {TARO, ZOE, MOHAMED, BUDI}
    assert GONE not in cards
    taro = cards[TARO]
    assert taro.version.value == "4.0"
    assert (taro.n.value.family, taro.n.value.given) == ("山田", "太郎")
    assert values(taro, "ORG") == [["Acme; Co, Ltd"]]
    assert values(taro, "TITLE") == ["CTO, founder"]
    assert taro.adr.value.city == "Tokyo, Japan"
    assert values(taro, "EMAIL") == ["taro@example.jp"]
    assert values(taro, "TEL") == ["+81 3-1234-5678", "090 1234 5678"]
    assert taro.bday.value == "19900517"
    assert taro.note.value == LONG_NOTE
    assert values(taro, "CATEGORIES") == [["friends, close", "🎉 party; tokyo"]]
    assert values(taro, "EXPERTISE") == ["Chinese literature, poetry", "ラーメン作り"]
    assert socials(taro) == {
        "instagram": ("taro.yamada", "https://www.instagram.com/taro.yamada"),
        "mastodon": ("taro@mastodon.social", "https://mastodon.social/@taro"),
    }
    assert values(taro, "URL") == [
        "https://www.instagram.com/taro.yamada",
        "https://mastodon.social/@taro",
    ]

    zoe = cards[ZOE]
    assert (zoe.n.value.family, zoe.n.value.given) == ("Ünal-Brontë", "Zoë")
    assert values(zoe, "TITLE") == ['=HYPERLINK("http://evil.example","click")']
    assert values(zoe, "EMAIL") == ["zoe@example.com", "zoe.unal@work.example"]
    assert values(zoe, "EXPERTISE") == ["public speaking; negotiation"]
    assert socials(zoe) == {
        "linkedin": ("zoe-unal", "https://www.linkedin.com/in/zoe-unal"),
        "x": ("zoe_u", "https://x.com/zoe_u"),
    }
    mohamed = cards[MOHAMED]
    assert mohamed.adr.value.city == "القاهرة، مصر"
    assert values(mohamed, "CATEGORIES") == [["عمل"]]
    assert socials(mohamed) == {"telegram": ("mohamed_a", "https://t.me/mohamed_a")}
    assert "bday" not in cards[BUDI].contents


def test_uids_are_stable_and_name_each_contact_of_this_store(network: Network) -> None:
    first = read_cards(render_export("vcard", network.store, network.clock))
    log_conversation(network.store, ConversationInput(names=[BUDI], learned=["SEO"]), network.clock)
    second = read_cards(render_export("vcard", network.store, network.clock))

    uids = {name: card.uid.value for name, card in first.items()}
    assert uids == {name: card.uid.value for name, card in second.items()}
    assert len(set(uids.values())) == len(uids)
    for name, uid in uids.items():
        named = parse_contact_uid(uid)
        assert named is not None and named.contact_id == network.ids[name]
        assert named.created == network.clock.now()  # the fixture's contacts were made now
    assert values(second[BUDI], "EXPERTISE") == ["SEO"]


def test_rev_is_a_utc_timestamp(network: Network) -> None:
    cards = read_cards(render_export("vcard", network.store, network.clock))
    for card in cards.values():
        assert re.fullmatch(r"\d{8}T\d{6}Z", card.rev.value)


def test_lines_are_crlf_and_folded_at_75_octets_on_character_boundaries(
    network: Network,
) -> None:
    text = render_export("vcard", network.store, network.clock)
    assert text.endswith("END:VCARD\r\n")
    physical = text.encode("utf-8").split(b"\r\n")
    assert b"\n" not in b"".join(physical)
    assert any(line.startswith(b" ") for line in physical)  # the long note was folded
    for line in physical:
        assert len(line) <= MAX_OCTETS
        line.decode("utf-8")  # no character cut in half


def test_names_split_for_n() -> None:
    assert split_name("Budi Santoso") == ("Santoso", "Budi")
    assert split_name("Anna Maria van Dijk") == ("Dijk", "Anna Maria van")
    assert split_name("Madonna") == ("", "Madonna")
    assert split_name("山田 太郎") == ("山田", "太郎")
    assert split_name("김 민준") == ("김", "민준")


def test_profile_urls() -> None:
    assert profile_url(HandleRecord("github", "octo cat")) == "https://github.com/octo%20cat"
    assert profile_url(HandleRecord("tiktok", "@dancer")) == "https://www.tiktok.com/@dancer"
    assert profile_url(HandleRecord("whatsapp", "+62 812-3456")) == "https://wa.me/628123456"
    assert profile_url(HandleRecord("website", "budi.dev")) == "https://budi.dev"
    assert profile_url(HandleRecord("x", "a", url="https://x.com/a;b,c")) == (
        "https://x.com/a%3Bb%2Cc"
    )
    assert profile_url(HandleRecord("other", "someone")) is None
    assert profile_url(HandleRecord("mastodon", "no-host")) is None


def test_handles_without_a_profile_url_keep_their_username() -> None:
    from netcrm.exporters.vcard import person_vcard
    from netcrm.services.exporting import ExportPerson

    person = ExportPerson(
        id=7,
        name="Ada",
        company=None,
        role=None,
        location=None,
        emails=(),
        phones=(),
        birthday=date(1815, 12, 10),
        notes=None,
        tags=(),
        handles=(HandleRecord("signal", 'ada;"lovelace"'),),
        strengths=(),
        stage="follower",
        score=0,
        last_talked=None,
        next_due=None,
    )
    from datetime import UTC, datetime

    card = vobject.readOne(person_vcard(person, datetime(2026, 11, 25, tzinfo=UTC)))
    assert socials(card) == {"signal": ("ada;'lovelace'", 'ada;"lovelace"')}
    assert "url" not in card.contents
    assert card.bday.value == "18151210"
    assert card.rev.value == "20261125T000000Z"

    yearless = replace(person, birthday=date(YEARLESS, 2, 29))
    card = vobject.readOne(person_vcard(yearless, datetime(2026, 11, 25, tzinfo=UTC)))
    assert card.bday.value == "--0229"


def unfold(text: str) -> str:
    return text.replace("\r\n ", "")


@given(st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=400))
def test_folding_loses_nothing_and_respects_the_limit(text: str) -> None:
    line = "NOTE:" + escape(text)
    folded = fold(line)
    assert unfold(folded) == line
    for physical in folded.split("\r\n"):
        assert len(physical.encode("utf-8")) <= MAX_OCTETS
        trailing = len(physical) - len(physical.rstrip("\\"))
        assert trailing % 2 == 0  # an escape such as \\n is never cut in two


@given(st.text(alphabet=st.characters(exclude_categories=["Cs", "Cc"]), min_size=1, max_size=80))
def test_any_text_survives_vobject(text: str) -> None:
    card = (
        "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:x\r\n"
        + fold(f"NOTE:{escape(text)}")
        + "\r\n"
        + fold(f"X-SOCIALPROFILE;TYPE={param(text)}:u")
        + "\r\nEND:VCARD\r\n"
    )
    parsed = vobject.readOne(card)
    assert parsed.note.value == text
    assert parsed.contents["x-socialprofile"][0].params["TYPE"] == [text.replace('"', "'")]


def test_netcrm_reads_its_own_cards_back(network: Network) -> None:
    from netcrm.importers.vcard import parse

    people = {
        p.name: p for p in parse(render_export("vcard", network.store, network.clock).encode(), "x")
    }
    assert set(people) == {TARO, ZOE, MOHAMED, BUDI}
    taro = people[TARO]
    assert (taro.company, taro.role, taro.location) == (
        "Acme; Co, Ltd",
        "CTO, founder",
        "Tokyo, Japan",
    )
    assert taro.emails == ["taro@example.jp"]
    assert taro.phones == ["+81 3-1234-5678", "090 1234 5678"]
    assert taro.tags == ["friends, close", "🎉 party; tokyo"]
    assert taro.birthday == date(1990, 5, 17)
    assert taro.notes == LONG_NOTE
    assert [(h.platform, h.username) for h in taro.handles] == [
        ("instagram", "taro.yamada"),
        ("mastodon", "taro@mastodon.social"),
    ]
    assert people[ZOE].role == '=HYPERLINK("http://evil.example","click")'
