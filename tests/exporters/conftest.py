"""A small network built through the services, full of what exports get wrong: non-Latin and
right-to-left names, emoji, commas and semicolons inside fields, cells that look like
spreadsheet formulas, long multi-line notes, a trashed contact and a finished follow-up."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact
from netcrm.services.conversations import add_follow_up, log_conversation
from netcrm.services.due.follow_ups import mark_done
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.trash import trash_contact
from netcrm.store.engine import Store, open_store

TODAY = date(2026, 11, 25)
TARO = "山田 太郎"
ZOE = "Zoë Ünal-Brontë"
MOHAMED = "محمد الأحمد"
BUDI = "Budi Santoso"
GONE = "Gone Person"
LONG_NOTE = (
    "Met at the Tokyo meetup; loves ramen, jazz, and long walks 🍜🎷.\n"
    "Second line — with a backslash \\ and a very long tail that goes well past the "
    "seventy-five octet limit of a vCard line: 日本語のテキストも入っています。"
)


@dataclass
class Network:
    store: Store
    clock: Clock
    ids: dict[str, int]
    follow_ups: dict[str, int]


def build_network(path: Path) -> Network:
    store = open_store(str(path))
    clock = Clock(TODAY)
    earlier = Clock(date(2026, 11, 1))
    ids: dict[str, int] = {}

    def add(**fields) -> None:
        ids[fields["name"]] = add_contact(store, ContactInput(**fields), clock).id

    add(
        name=TARO,
        company="Acme; Co, Ltd",
        role="CTO, founder",
        location="Tokyo, Japan",
        emails=["taro@example.jp"],
        phones=["+81 3-1234-5678", "090 1234 5678"],
        handles=["instagram:taro.yamada", "mastodon:taro@mastodon.social"],
        tags=["friends, close", "🎉 party; tokyo"],
        every="2 weeks",
        birthday="1990-05-17",
        notes=LONG_NOTE,
    )
    add(
        name=ZOE,
        company="-2+3",
        role='=HYPERLINK("http://evil.example","click")',
        emails=["zoe@example.com", "zoe.unal@work.example"],
        handles=["x:zoe_u", "linkedin:zoe-unal"],
        tags=["design"],
        notes="@SUM(1+1) is not a formula here",
    )
    add(name=MOHAMED, location="القاهرة، مصر", handles=["telegram:mohamed_a"], tags=["عمل"])
    add(name=BUDI, handles=["instagram:budi.s"])
    add(name=GONE, emails=["gone@example.com"], handles=["x:gone"], tags=["design"])

    deck = log_conversation(
        store,
        ConversationInput(
            names=[TARO],
            when="yesterday",
            via="coffee",
            initiated="them",
            learned=["Chinese literature, poetry", "ラーメン作り"],
            follow_up="in 2 weeks",
            about="send the deck, v2; final",
        ),
        clock,
    )
    log_conversation(
        store,
        ConversationInput(
            names=[ZOE],
            when="2026-11-10",
            via="video",
            initiated="me",
            learned=["public speaking; negotiation"],
            shared=["python"],
        ),
        clock,
    )
    follow_ups = {
        "overdue": add_follow_up(store, MOHAMED, "in 3 days", "ask about Cairo 🌆", earlier),
        "default": add_follow_up(store, ZOE, "in 3 days", None, clock),
        "monthly": add_follow_up(store, BUDI, "2026-12-15", "say hello", clock, every="1 month"),
        "done": add_follow_up(store, BUDI, "tomorrow", "already done", clock),
        "trashed": add_follow_up(store, GONE, "tomorrow", "never shown", clock),
    }
    follow_ups["deck"] = deck.follow_up_id
    mark_done(store, follow_ups["done"], clock)
    trash_contact(store, GONE, clock)
    return Network(store, clock, ids, follow_ups)


@pytest.fixture(scope="session")
def _network_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Network]:
    """The network built once per session; each test gets its own copy of the file."""
    path = tmp_path_factory.mktemp("exports") / "x.db"
    built = build_network(path)
    built.store.close()
    return path.read_bytes(), built


@pytest.fixture
def network(tmp_path: Path, _network_template: tuple[bytes, Network]) -> Iterator[Network]:
    data, template = _network_template
    path = tmp_path / "x.db"
    path.write_bytes(data)
    path.chmod(0o600)
    store = open_store(str(path))
    try:
        yield Network(store, template.clock, dict(template.ids), dict(template.follow_ups))
    finally:
        store.close()
