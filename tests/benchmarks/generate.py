"""A seeded synthetic network for benchmarks.

    python tests/benchmarks/generate.py --db PATH --contacts N [--seed S] [--today DATE] [--force]

N contacts with handles (and some emails, phones, tags, birthdays and notes), about ten
conversations each spread over the two years before ``today`` (a few with two participants),
strengths learned in those conversations, my strengths disclosed to some, a few exchanges of
support, one open follow-up each due within the next 120 days (some overdue) plus some done ones,
and keep-in-touch cadences on a third of the contacts. About one in ten contacts is a follower
never talked to, and one in a hundred is in the trash.

The store is created by ``open_store`` (so the schema comes from the migrations), then filled
with ``executemany`` inside one transaction. The maintained aggregates of ``Contact`` are
computed with the very functions the services use (``aggregate_talks``, ``ladder_stage``,
``touch_due``, ``search_text_for``, ``fold``), over the same rows in the same order, so
they are exactly what ``refresh_history``/``refresh_search_text`` would write;
``test_generate.py`` proves it. The same seed and today give the same store, byte for byte in
its rows.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import sys
import time
from bisect import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from functools import cache
from itertools import accumulate
from pathlib import Path

from sqlalchemy import Table

from netcrm.domain.intervals import parse_interval
from netcrm.domain.ladder import LadderFacts, ladder_stage
from netcrm.domain.score import aggregate_talks
from netcrm.domain.text import fold
from netcrm.domain.vocabulary import EXCHANGE_KINDS
from netcrm.services.aggregates import touch_due
from netcrm.services.search_text import search_text_for
from netcrm.store import tables
from netcrm.store.engine import open_store

DEFAULT_SEED = 42
HISTORY_DAYS = 730


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


FOLLOW_UP_WINDOW = (-10, 119)  # days from today: about one in thirteen is overdue
CADENCE_SHARE = 0.37  # of the contacts talked to (nine in ten): a third of everyone

FIRST_NAMES = _words(
    "Budi Siti Agus Dewi Rina Andi Putri Eko Wulan Fajar Sari Hendra Indah Joko Kartika Lestari "
    "Made Nyoman Ketut Wayan Rizky Ayu Bayu Citra Dimas Fitri Gilang Hana Irfan Yoga Nadia "
    "Ahmad Aisyah Reza Maya Teguh Anisa Arief Dian Ratna Surya Tari Yusuf Zahra Bima Intan "
    "James Mary John Patricia Robert Jennifer Michael Linda David Elizabeth William Susan "
    "Richard Jessica Joseph Sarah Thomas Karen Charles Nancy Daniel Lisa Matthew Emma Olivia "
    "Noah Liam Sophia Lucas Mia Ethan Chloé Léa Zoë Hugo Théo Inès Manon Louis Jules Anaïs "
    "José María Lucía Sofía Martín Mateo Valentina Camila Joaquín Tomás Álvaro Nuñez "
    "Søren Åsa Björn Jürgen Müge Ömer Çağla Şebnem Ewa Łukasz Zoltán Dagný Kenji Yuki Haruto "
    "Aiko Wei Mei Jun Min-jun Ji-woo Arjun Priya Rahul Ananya Vikram Kavya Nguyen Linh Thanh "
    "Amara Chidi Ngozi Kwame Ama Kofi Fatima Omar Layla Youssef Amir Leila Dmitri Anastasia"
)
LAST_NAMES = _words(
    "Santoso Wijaya Pratama Saputra Hidayat Kusuma Nugroho Setiawan Siregar Nasution Lubis "
    "Hutapea Simanjuntak Gunawan Halim Tanoto Salim Sutanto Wibowo Susanto Rahman Hakim "
    "Utomo Purnomo Suharto Harahap Tanjung Syahputra Permana Firmansyah Ramadhan Maulana "
    "Smith Johnson Williams Brown Jones Garcia Miller Davis Rodriguez Martinez Hernández "
    "López González Wilson Anderson Taylor Thomas Moore Jackson Martin Lee Thompson White "
    "Harris Clark Lewis Robinson Walker Young Allen King Wright Scott Hill Green Adams "
    "Dubois Lefèvre Moreau Laurent Bernard Rousseau Fontaine Girard Müller Schäfer Köhler "
    "Weiß Groß Øvergård Sørensen Nieminen Kowalski Wiśniewski Dvořák Szabó Yılmaz Öztürk "
    "Tanaka Suzuki Takahashi Watanabe Yamamoto Kim Park Choi Chen Wang Li Zhang Liu Tran "
    "Pham Nguyen Sharma Patel Gupta Iyer Reddy Okafor Mensah Diallo Haddad Nasser Petrov Ivanova"
)
COMPANIES = (
    "Gojek",
    "Tokopedia",
    "Traveloka",
    "Bukalapak",
    "Shopee",
    "Grab",
    "Xendit",
    "Ruangguru",
    "Kopi Kenangan",
    "Bank Central Asia",
    "Telkom Indonesia",
    "Pertamina",
    "Acme Studio",
    "Northwind",
    "Globex",
    "Initech",
    "Umbrella Labs",
    "Stark Design",
    "Wayne Ventures",
    "Hooli",
    "Pied Piper",
    "Vandelay Imports",
    "Soylent Foods",
    "Blue Bottle",
    "Canva",
    "Atlassian",
    "Spotify",
    "Shopify",
    "Freelance",
    "Universitas Indonesia",
    "ITB",
    "Binus",
)
ROLES = (
    "Founder",
    "Co-founder",
    "CEO",
    "CTO",
    "Product manager",
    "Design lead",
    "UX researcher",
    "Software engineer",
    "Data scientist",
    "Marketing lead",
    "Growth hacker",
    "Photographer",
    "Content creator",
    "Investor",
    "Recruiter",
    "Lecturer",
    "Student",
    "Consultant",
    "Journalist",
    "Community manager",
)
LOCATIONS = (
    "Jakarta",
    "Bandung",
    "Surabaya",
    "Yogyakarta",
    "Denpasar",
    "Medan",
    "Makassar",
    "Singapore",
    "Kuala Lumpur",
    "Bangkok",
    "Tokyo",
    "Seoul",
    "Sydney",
    "Berlin",
    "Paris",
    "London",
    "Amsterdam",
    "New York",
    "San Francisco",
    "Lagos",
)
SKILLS = (
    "UX research",
    "design systems",
    "fundraising",
    "public speaking",
    "copywriting",
    "SEO",
    "data engineering",
    "machine learning",
    "Python",
    "Go",
    "Kubernetes",
    "product strategy",
    "hiring",
    "negotiation",
    "photography",
    "video editing",
    "community building",
    "event organising",
    "sales",
    "B2B partnerships",
    "accounting",
    "tax law",
    "contract law",
    "branding",
    "illustration",
    "Figma",
    "iOS development",
    "Android development",
    "DevOps",
    "security",
    "growth marketing",
    "TikTok content",
    "podcasting",
    "coaching",
    "mentoring",
    "supply chain",
    "coffee roasting",
    "real estate",
    "investing",
    "Bahasa Indonesia",
)
MY_STRENGTHS = ("Python", "public speaking", "product strategy", "data visualisation", "writing")
SKILL_KEYS = {skill: fold(skill) for skill in SKILLS}
TAGS = (
    "founder",
    "jakarta",
    "design",
    "investor",
    "engineering",
    "marketing",
    "media",
    "alumni",
    "community",
    "mentor",
)
TOPICS = (
    "the new product launch",
    "hiring a designer",
    "fundraising plans",
    "a possible collaboration",
    "their move to a new city",
    "the meetup next month",
    "career advice",
    "pricing strategy",
    "a podcast idea",
    "the coffee business",
    "an open-source project",
    "their startup's growth",
    "a speaking slot",
    "family and holidays",
    "a book recommendation",
)
PLACES = ("Kopi Kenangan", "their office", "a coworking space", "the meetup", "a conference")
CADENCES = ("every 2 weeks", "every month", "every 3 months", "every 6 months")
CADENCE_DAYS = {"every 2 weeks": 14, "every month": 30, "every 3 months": 91, "every 6 months": 182}
CHANNEL_WEIGHTS = (
    ("in-person", 30),
    ("call", 15),
    ("video", 12),
    ("message", 20),
    ("dm", 12),
    ("email", 6),
    ("event", 4),
    ("other", 1),
)
NOTE_BITS = (
    "Met through a friend of a friend.",
    "Loves good coffee and long walks.",
    "Working on something in climate tech.",
    "Has two kids; ask about them.",
    "Wants an intro to investors in Singapore.",
    "Very responsive on WhatsApp, slow on email.",
    "Runs a monthly meetup for designers.",
    "Might be hiring next quarter.",
    "Speaks Bahasa, English and some Japanese.",
    "Follow their newsletter for industry news.",
)
FOLLOW_UP_TITLES = (
    "Send the deck to {name}",
    "Introduce {name} to a designer",
    "Ask {name} about the meetup",
    "Share the article with {name}",
    "Check in with {name} about the launch",
    "Coffee with {name}",
)


def fmt_dt(at: datetime) -> str:
    """How ``UTCDateTime`` stores an aware UTC datetime in SQLite (naive, microseconds shown)."""
    return f"{at.isoformat(' ')[:19]}.{at.microsecond:06d}"


def fmt_date(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def ascii_key(text: str) -> str:
    return "".join(ch for ch in fold(text) if ch.isascii() and ch.isalnum())


@dataclass
class Person:
    """One contact as generated, with what the aggregates are computed from."""

    id: int
    name: str
    company: str | None
    role: str | None
    location: str | None
    notes: str | None
    cadence: str | None
    cadence_set_on: date | None
    created_at: datetime
    talks: list[tuple[datetime, str, str | None]] = field(default_factory=list)
    conversation_ids: list[int] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)
    emails: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    strengths: int = 0
    disclosures: int = 0
    exchanges: int = 0
    last_talked_at: datetime | None = None
    next_touch_due: date | None = None


@dataclass
class Stats:
    contacts: int = 0
    conversations: int = 0
    participants: int = 0
    handles: int = 0
    strengths: int = 0
    disclosures: int = 0
    exchanges: int = 0
    follow_ups: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        return (
            f"{self.contacts} contacts, {self.conversations} conversations "
            f"({self.participants} participants), {self.handles} handles, "
            f"{self.strengths} strengths, {self.disclosures} disclosures, "
            f"{self.exchanges} exchanges, {self.follow_ups} follow-ups "
            f"in {self.seconds:.1f} s"
        )


class _Rows:
    """Row buffers, one per table, in insertion order."""

    def __init__(self) -> None:
        self.contact: list[tuple] = []
        self.email: list[tuple] = []
        self.handle: list[tuple] = []
        self.contact_tag: list[tuple] = []
        self.conversation: list[tuple] = []
        self.participant: list[tuple] = []
        self.strength: list[tuple] = []
        self.disclosure: list[tuple] = []
        self.exchange: list[tuple] = []
        self.follow_up: list[tuple] = []


def generate(
    db: str | Path,
    contacts: int,
    *,
    seed: int = DEFAULT_SEED,
    today: date | None = None,
    force: bool = False,
) -> Stats:
    """Create the store at ``db`` and fill it; refuses an existing file unless ``force``."""
    started = time.perf_counter()
    if contacts < 1:
        raise ValueError("--contacts must be at least 1")
    path = Path(db)
    if path.exists():
        if not force:
            raise FileExistsError(f"{path} exists; remove it or pass --force")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    today = today or date.today()
    store = open_store(str(path))
    store.close()

    rows = _Rows()
    rng = random.Random(seed)
    people = _build(rng, contacts, today, rows)
    now = datetime.combine(today, clock_time(12, 0), tzinfo=UTC)
    _contact_rows(rng, people, today, now, rows)
    _write(path, rows, today, now)
    return Stats(
        contacts=len(rows.contact),
        conversations=len(rows.conversation),
        participants=len(rows.participant),
        handles=len(rows.handle),
        strengths=len(rows.strength),
        disclosures=len(rows.disclosure),
        exchanges=len(rows.exchange),
        follow_ups=len(rows.follow_up),
        seconds=time.perf_counter() - started,
    )


def _build(rng: random.Random, count: int, today: date, rows: _Rows) -> list[Person]:
    now = datetime.combine(today, clock_time(12, 0), tzinfo=UTC)
    channels = [c for c, _ in CHANNEL_WEIGHTS]
    cumulative = list(accumulate(w for _, w in CHANNEL_WEIGHTS))
    people: list[Person] = []
    for cid in range(1, count + 1):
        first = rng.choice(FIRST_NAMES)
        last = rng.choice(LAST_NAMES)
        name = (
            f"{first} {rng.choice(FIRST_NAMES)} {last}" if rng.random() < 0.3 else f"{first} {last}"
        )
        follower = rng.random() < 0.10
        cadence = rng.choice(CADENCES) if not follower and rng.random() < CADENCE_SHARE else None
        notes = None
        if rng.random() < 0.35:
            notes = " ".join(rng.sample(NOTE_BITS, rng.randint(1, 3)))
            if rng.random() < 0.1:
                notes = " ".join([notes] * rng.randint(6, 15))
        person = Person(
            id=cid,
            name=name,
            company=rng.choice(COMPANIES) if rng.random() < 0.7 else None,
            role=rng.choice(ROLES) if rng.random() < 0.6 else None,
            location=rng.choice(LOCATIONS) if rng.random() < 0.6 else None,
            notes=notes,
            cadence=parse_interval(cadence).text if cadence else None,
            cadence_set_on=today - timedelta(days=rng.randint(20, HISTORY_DAYS))
            if cadence
            else None,
            created_at=now - timedelta(days=HISTORY_DAYS + rng.randint(0, 365)),
        )
        base = ascii_key(first + last) or "user"
        person.handles.append(f"{base}{cid}")
        if not follower and rng.random() < 0.3:
            person.handles.append(f"{base}-{cid}")
        if not follower and rng.random() < 0.5:
            person.emails.append(
                f"{ascii_key(first) or 'hello'}.{ascii_key(last) or 'x'}{cid}@example.com"
            )
        if rng.random() < 0.4:
            picked = sorted(rng.sample(range(len(TAGS)), rng.randint(1, 2)))
            person.tags.extend(TAGS[i] for i in picked)
            rows.contact_tag.extend((cid, i + 1) for i in picked)
        # Conversation times for this contact (each conversation gets its own id later).
        times: list[int] = []
        if not follower:
            for _ in range(rng.randint(2, 21)):
                times.append(rng.randint(0, HISTORY_DAYS * 86_400))  # seconds before now
            if cadence:
                times[0] = rng.randint(0, int(CADENCE_DAYS[cadence] * 1.2 * 86_400))
            times.sort(reverse=True)  # oldest first
        for ago in times:
            at = now - timedelta(seconds=ago - ago % 60)
            channel = channels[bisect(cumulative, rng.random() * cumulative[-1])]
            initiated = rng.choice(("me", "me", "them", "them", None))
            conversation_id = len(rows.conversation) + 1
            rows.conversation.append(
                (
                    conversation_id,
                    fmt_dt(at),
                    int(rng.random() < 0.4),
                    channel,
                    rng.choice(PLACES) if channel == "in-person" and rng.random() < 0.5 else None,
                    f"Talked about {rng.choice(TOPICS)}." if rng.random() < 0.8 else None,
                    initiated,
                    fmt_dt(min(at + timedelta(hours=2), now)),
                )
            )
            _attend(rows, person, conversation_id, at, channel, initiated)
            if people and rng.random() < 0.05:  # a group conversation: someone met earlier too
                other = people[rng.randrange(len(people))]
                _attend(rows, other, conversation_id, at, channel, initiated)
        people.append(person)
    for person in people:
        _history(rng, person, today, now, rows)
    return people


def _attend(
    rows: _Rows, person: Person, conversation_id: int, at: datetime, channel: str, initiated
) -> None:
    rows.participant.append((conversation_id, person.id))
    person.talks.append((at, channel, initiated))
    person.conversation_ids.append(conversation_id)


def _history(rng: random.Random, person: Person, today: date, now: datetime, rows: _Rows) -> None:
    """Strengths, disclosures, exchanges and follow-ups, born from the person's conversations."""
    cid = person.id
    talks = list(zip(person.conversation_ids, person.talks, strict=True))
    if talks and rng.random() < 0.6:
        for skill in rng.sample(SKILLS, rng.randint(1, 3)):
            conv_id, (at, _, _) = rng.choice(talks)
            rows.strength.append(
                (len(rows.strength) + 1, cid, skill, SKILL_KEYS[skill], conv_id, fmt_dt(at))
            )
            person.strengths += 1
    elif not talks and rng.random() < 0.03:  # noted from their profile, never talked
        skill = rng.choice(SKILLS)
        noted = fmt_dt(now - timedelta(days=rng.randint(1, 300)))
        rows.strength.append((len(rows.strength) + 1, cid, skill, SKILL_KEYS[skill], None, noted))
        person.strengths += 1
    if talks and rng.random() < 0.45:
        for mine in rng.sample(range(1, len(MY_STRENGTHS) + 1), rng.randint(1, 2)):
            conv_id, (at, _, _) = rng.choice(talks)
            rows.disclosure.append((len(rows.disclosure) + 1, cid, mine, conv_id, fmt_dt(at)))
            person.disclosures += 1
    if talks and rng.random() < 0.10:
        for _ in range(rng.randint(1, 2)):
            conv_id, (at, _, _) = rng.choice(talks)
            kind = rng.choice(EXCHANGE_KINDS)
            direction = rng.choice(("gave", "got"))
            rows.exchange.append(
                (
                    len(rows.exchange) + 1,
                    cid,
                    direction,
                    kind,
                    f"{kind} {'to' if direction == 'gave' else 'from'} {person.name}",
                    conv_id,
                    fmt_dt(at),
                )
            )
            person.exchanges += 1
    last_conv = person.conversation_ids[-1] if talks else None
    due = today + timedelta(days=rng.randint(*FOLLOW_UP_WINDOW))
    created = now - timedelta(days=rng.randint(1, 60))
    title = rng.choice(FOLLOW_UP_TITLES).format(name=person.name)
    recurrence = "every month" if rng.random() < 0.05 else None
    rows.follow_up.append(
        (
            len(rows.follow_up) + 1,
            cid,
            title,
            due.isoformat(),
            recurrence,
            "open",
            None,
            None,
            last_conv,
            fmt_dt(created),
        )
    )
    if talks and rng.random() < 0.3:
        old_due = today - timedelta(days=rng.randint(15, 400))
        done_at = datetime.combine(old_due, clock_time(9, 30), tzinfo=UTC)
        rows.follow_up.append(
            (
                len(rows.follow_up) + 1,
                cid,
                rng.choice(FOLLOW_UP_TITLES).format(name=person.name),
                old_due.isoformat(),
                None,
                "done",
                None,
                fmt_dt(done_at),
                rng.choice(talks)[0],
                fmt_dt(done_at - timedelta(days=14)),
            )
        )


@cache
def _stage(conversations: int, strengths: int, disclosures: int, exchanges: int) -> str:
    return ladder_stage(LadderFacts(conversations, strengths, disclosures, exchanges)).stage.value


class _SearchView:
    """The attributes ``search_text_for`` reads."""

    __slots__ = ("company", "location", "name", "notes", "role")


def _contact_rows(
    rng: random.Random, people: Sequence[Person], today: date, now: datetime, rows: _Rows
) -> None:
    view = _SearchView()
    for person in people:
        cid = person.id
        handle_rows = []
        for index, username in enumerate(person.handles):
            platform = "instagram" if index == 0 else "linkedin"
            url = (
                f"https://www.instagram.com/{username}"
                if platform == "instagram"
                else f"https://www.linkedin.com/in/{username}"
            )
            direction = (
                "follows-me" if not person.talks else rng.choice(("mutual", "i-follow", None))
            )
            since = today - timedelta(days=rng.randint(30, 2000))
            handle_rows.append(
                (cid, platform, username, fold(username), url, direction, since.isoformat())
            )
        rows.handle.extend(handle_rows)
        rows.email.extend((cid, address, address.lower()) for address in person.emails)

        agg = aggregate_talks(person.talks)
        first = min((t[0] for t in person.talks), default=None)
        stage = _stage(agg.count, person.strengths, person.disclosures, person.exchanges)
        next_due = touch_due(person.cadence, person.cadence_set_on, agg.last_talked)
        view.name, view.company, view.role = person.name, person.company, person.role
        view.location, view.notes = person.location, person.notes
        search_text = search_text_for(view, person.handles, person.emails, person.tags)
        birthday = None
        if rng.random() < 0.3:
            birthday = date(rng.randint(1960, 2004), 1, 1) + timedelta(days=rng.randint(0, 365))
        phones = (
            [f"+62 8{rng.randint(10, 99)} {rng.randint(1000, 9999)} {rng.randint(1000, 9999)}"]
            if rng.random() < 0.4
            else []
        )
        trashed = now - timedelta(days=rng.randint(1, 30)) if rng.random() < 0.01 else None
        created = min(person.created_at, first) if first else person.created_at
        since = created.date()
        rows.contact.append(
            (
                cid,
                person.name,
                fold(person.name),
                person.company,
                person.role,
                person.location,
                json.dumps(phones),
                fmt_date(birthday),
                birthday.strftime("%m-%d") if birthday else None,
                rng.choice(("a meetup", "a conference", "through a friend", None)),
                "instagram" if not person.talks else rng.choice((None, "linkedin", "instagram")),
                since.isoformat(),
                person.notes,
                person.cadence,
                fmt_date(person.cadence_set_on),
                fmt_dt(created),
                fmt_dt(max(created, agg.last_talked or created)),
                fmt_dt(trashed) if trashed else None,
                search_text,
                agg.count,
                fmt_dt(first) if first else None,
                fmt_dt(agg.last_talked) if agg.last_talked else None,
                agg.initiated_me,
                agg.initiated_them,
                agg.mass,
                person.strengths,
                person.disclosures,
                person.exchanges,
                stage,
                (first.date() if first else created.date()).isoformat(),
                fmt_date(next_due),
            )
        )


def _insert(
    db: sqlite3.Connection, table: Table, rows: list[tuple], without: tuple[str, ...] = ()
) -> None:
    """Insert ``rows``, holding every column of ``table`` in order but those ``without``."""
    names = [column.name for column in table.columns if column.name not in without]
    marks = ", ".join("?" * len(names))
    db.executemany(f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({marks})", rows)


def _write(path: Path, rows: _Rows, today: date, now: datetime) -> None:
    db = sqlite3.connect(path, isolation_level=None)
    try:
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = OFF")
        db.execute("BEGIN")
        created = fmt_dt(now - timedelta(days=HISTORY_DAYS + 400))
        mine = [(i, name, fold(name), created) for i, name in enumerate(MY_STRENGTHS, start=1)]
        _insert(db, tables.MY_STRENGTH, mine)
        _insert(db, tables.TAG, [(i, n, fold(n)) for i, n in enumerate(TAGS, start=1)])
        _insert(db, tables.CONTACT, rows.contact)
        _insert(db, tables.EMAIL, rows.email, without=("id",))
        _insert(db, tables.HANDLE, rows.handle, without=("id",))
        _insert(db, tables.CONTACT_TAG, rows.contact_tag)
        _insert(db, tables.CONVERSATION, rows.conversation)
        _insert(db, tables.PARTICIPANT, rows.participant)
        _insert(db, tables.STRENGTH, rows.strength)
        _insert(db, tables.DISCLOSURE, rows.disclosure)
        _insert(db, tables.EXCHANGE, rows.exchange)
        _insert(db, tables.FOLLOW_UP, rows.follow_up, without=("anchor",))
        db.execute("UPDATE meta SET value = '1' WHERE key = 'revision'")
        db.execute("COMMIT")
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        db.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="path of the store to create")
    parser.add_argument("--contacts", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, metavar="S")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=None,
        metavar="YYYY-MM-DD",
        help="the day the network is placed around (default: today)",
    )
    parser.add_argument("--force", action="store_true", help="replace an existing file")
    args = parser.parse_args(argv)
    try:
        stats = generate(args.db, args.contacts, seed=args.seed, today=args.today, force=args.force)
    except (FileExistsError, ValueError) as error:
        print(f"generate: {error}", file=sys.stderr)
        return 2
    print(f"{args.db}: {stats.line()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
