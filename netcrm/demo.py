"""A realistic sample network for ``netcrm --demo``, written through the services.

Everything is placed relative to ``clock.today()`` and seeded, so the demo (and the snapshots
built on it) look the same for the same date.
"""

from __future__ import annotations

import atexit
import random
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact, edit_contact
from netcrm.services.conversations import add_follow_up, log_conversation
from netcrm.services.due.follow_ups import mark_done
from netcrm.services.history import forget_history
from netcrm.services.me import add_my_strength
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.stores import Store, open_store

MY_STRENGTHS = ("Python", "public speaking", "product strategy", "data visualisation")


@dataclass
class DemoPerson:
    name: str
    company: str | None = None
    role: str | None = None
    handles: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    met: str | None = None
    every: str | None = None
    strengths: list[str] = field(default_factory=list)
    talks: int = 0  # conversations over the last months
    last_days_ago: int = 0
    shared: list[str] = field(default_factory=list)
    exchange: str | None = None
    birthday_in_days: int | None = None


PEOPLE = [
    DemoPerson(
        "Budi Santoso",
        "Gojek",
        "Design lead",
        ["instagram:budisan", "linkedin:budi-santoso"],
        ["design", "jakarta"],
        "Jakarta UX meetup",
        "every 2 weeks",
        ["UX research", "design systems"],
        6,
        3,
        ["Python"],
        "gave: intro to a data engineer",
    ),
    DemoPerson(
        "Siti Rahmawati",
        "Tokopedia",
        "Engineering manager",
        ["x:sitirahma"],
        ["engineering", "jakarta"],
        "PyCon ID 2025",
        "monthly",
        ["hiring", "Go"],
        5,
        40,
        ["public speaking"],
        "got: referral: a senior backend role",
    ),
    DemoPerson(
        "Ayu Lestari",
        "Kopi Kenangan",
        "Marketing",
        ["instagram:ayulestari"],
        ["marketing"],
        "Friend of Budi",
        None,
        ["brand storytelling"],
        2,
        10,
    ),
    DemoPerson(
        "Made Wirawan",
        None,
        "Photographer",
        ["instagram:madewira"],
        ["bali", "creative"],
        "Ubud retreat",
        "quarterly",
        ["photography"],
        3,
        95,
        [],
        None,
        4,
    ),
    DemoPerson(
        "Dewi Anggraini",
        "Bank Jago",
        "Data scientist",
        ["linkedin:dewi-anggraini"],
        ["data"],
        "Data Science Indonesia",
        "every 3 weeks",
        ["machine learning", "SQL"],
        4,
        30,
        ["data visualisation"],
    ),
    DemoPerson(
        "Rizky Pratama",
        "Startup founder",
        "CEO",
        ["x:rizkyp", "instagram:rizkypratama"],
        ["founders"],
        "Demo day",
        None,
        ["fundraising"],
        3,
        20,
        [],
        "gave: feedback on his pitch deck",
    ),
    DemoPerson(
        "Putri Maharani",
        None,
        "Illustrator",
        ["instagram:putrimaharani"],
        ["creative"],
        None,
        None,
        [],
        1,
        60,
    ),
    DemoPerson(
        "Agus Setiawan",
        "Traveloka",
        "Product manager",
        ["linkedin:agus-setiawan"],
        ["product"],
        "Product talk",
        "monthly",
        ["roadmapping"],
        2,
        50,
    ),
    DemoPerson(
        "Hannah Müller",
        "Zalando",
        "Staff engineer",
        ["linkedin:hannah-mueller"],
        ["engineering", "berlin"],
        "EuroPython",
        None,
        ["distributed systems"],
        2,
        120,
        ["Python"],
    ),
    DemoPerson(
        "Kenji Watanabe",
        "Mercari",
        "Designer",
        ["x:kenjiw"],
        ["design", "tokyo"],
        "Config conference",
        None,
        ["typography"],
        1,
        75,
    ),
    DemoPerson(
        "Amara Okafor",
        "Flutterwave",
        "Head of growth",
        ["linkedin:amara-okafor"],
        ["growth"],
        "Remote panel",
        None,
        [],
        1,
        15,
    ),
    DemoPerson(
        "Lucía Fernández",
        "Freelance",
        "Copywriter",
        ["instagram:luciawrites"],
        ["creative"],
        None,
        None,
        [],
        0,
        0,
        [],
        None,
        2,
    ),
    DemoPerson(
        "Omar Haddad",
        "Careem",
        "Data engineer",
        ["linkedin:omar-haddad"],
        ["data"],
        "Intro from Budi",
        None,
        ["data pipelines"],
        1,
        5,
    ),
    DemoPerson("Wayan Sudarma", None, "Surf instructor", ["instagram:wayansurf"], ["bali"]),
    DemoPerson("Nadia Putri", None, None, ["instagram:nadiaputri.id"], ["follower"]),
    DemoPerson("Fajar Nugroho", None, None, ["instagram:fajarnug"], ["follower"]),
    DemoPerson("Intan Permata", None, None, ["x:intanpermata"], ["follower"]),
    DemoPerson("Chen Wei", "Shopee", "Analyst", ["linkedin:chen-wei"], []),
    DemoPerson("Sophie Laurent", None, "Author", ["instagram:sophielaurent"], ["follower"]),
    DemoPerson(
        "Yusuf Hakim",
        "GoTo",
        "Recruiter",
        ["linkedin:yusuf-hakim"],
        ["hiring"],
        "Career fair",
        None,
        ["tech recruiting"],
        2,
        140,
    ),
]

SUMMARIES = [
    "Coffee after the meetup: swapped notes on {s}.",
    "Call about a possible collaboration; they walked me through {s}.",
    "Lunch near Sudirman, talked about career moves and {s}.",
    "Quick video catch-up, they asked how my talk went.",
    "Messages back and forth about a shared project.",
    "Met at a community event, talked about {s}.",
]
CHANNELS = ["in-person", "call", "video", "message", "in-person", "event"]


def fill_demo(store: Store, clock: Clock, seed: int = 7) -> None:
    """Fill an empty store with the sample network, as of ``clock.today()``."""
    rng = random.Random(seed)
    today = clock.today()
    for strength in MY_STRENGTHS:
        add_my_strength(store, strength, clock)
    for person in PEOPLE:
        birthday = None
        if person.birthday_in_days is not None:
            day = today + timedelta(days=person.birthday_in_days)
            birthday = day.replace(year=day.year - rng.randint(25, 45)).isoformat()
        add_contact(
            store,
            ContactInput(
                name=person.name,
                company=person.company,
                role=person.role,
                handles=person.handles,
                tags=person.tags,
                how_met=person.met,
                birthday=birthday,
            ),
            Clock(today - timedelta(days=200)),
        )
        _log_history(store, person, today, rng)
        if person.every:
            edit_contact(
                store,
                person.name,
                ContactInput(every=person.every),
                Clock(today - timedelta(days=person.last_days_ago + 1)),
            )
    _add_follow_ups(store, clock)
    forget_history(store)  # the sample's making is not the newcomer's to undo


def _log_history(store: Store, person: DemoPerson, today: date, rng: random.Random) -> None:
    if not person.talks:
        return
    days = sorted(
        {person.last_days_ago + rng.randint(0, 150) for _ in range(person.talks - 1)}, reverse=True
    )
    days.append(person.last_days_ago)
    topic = person.strengths[0] if person.strengths else "the ecosystem"
    for index, days_ago in enumerate(days):
        last = index == len(days) - 1
        when = today - timedelta(days=days_ago)
        log_conversation(
            store,
            ConversationInput(
                names=[person.name],
                when=when.isoformat(),
                via=rng.choice(CHANNELS),
                note=rng.choice(SUMMARIES).format(s=topic),
                initiated=rng.choice(["me", "them", "me"]),
                learned=person.strengths if last else [],
                shared=person.shared if last else [],
                exchanges=[person.exchange] if last and person.exchange else [],
            ),
            Clock(when),
        )


#: (who, due in so many days, what, how often): follow-ups written twenty days ago.
FOLLOW_UPS: tuple[tuple[str, int, str, str | None], ...] = (
    ("Budi Santoso", 2, "Send him the design-systems talk recording", None),
    ("Siti Rahmawati", -3, "Ask how the hiring round went", None),
    ("Rizky Pratama", 5, "Intro Rizky to Dewi (ML for his product)", None),
    ("Dewi Anggraini", 1, "Monthly data chat", "monthly"),
    ("Agus Setiawan", 12, "Share the roadmap template", None),
)


def _add_follow_ups(store: Store, clock: Clock) -> None:
    today = clock.today()
    past = Clock(today - timedelta(days=20))
    for name, days, title, every in FOLLOW_UPS:
        due = (today + timedelta(days=days)).isoformat()
        add_follow_up(store, name, due, title, past, every=every)
    done_id = add_follow_up(
        store,
        "Ayu Lestari",
        (today - timedelta(days=9)).isoformat(),
        "Thank her for the coffee intro",
        past,
    )
    mark_done(store, done_id, Clock(today - timedelta(days=8)))


def open_demo_store(clock: Clock) -> Store:
    """A throwaway store in a temporary folder, removed when the process ends."""
    folder = Path(tempfile.mkdtemp(prefix="netcrm-demo-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    store = open_store(str(folder / "demo.db"))
    fill_demo(store, clock)
    return store
