"""What needs me: the due window, birthdays, the weekly review, done and snooze."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from netcrm.domain.errors import BadInput, NotFound
from netcrm.services.clock import Clock
from netcrm.services.contact_detail import show_contact
from netcrm.services.contacts import add_contact
from netcrm.services.conversations import add_follow_up, log_conversation
from netcrm.services.due import review as review_module
from netcrm.services.due.follow_ups import mark_done, snooze
from netcrm.services.due.items import (
    as_datetime,
    connection_run,
    due_between,
    next_birthday,
    sqlite_run,
)
from netcrm.services.due.review import weekly_review
from netcrm.services.history import undo_last
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.trash import trash_contact
from netcrm.store.copy import copy_store
from netcrm.store.engine import Store, open_store
from netcrm.store.sqlite import SqliteReader, open_at_head


def add(store: Store, clock: Clock, name: str, **fields) -> int:
    return add_contact(store, ContactInput(name=name, **fields), clock).id


def log(store: Store, clock: Clock, *names: str, **fields):
    return log_conversation(store, ConversationInput(names=list(names), **fields), clock)


def follow(store: Store, clock: Clock, name: str, due: date, title: str, every=None) -> int:
    return add_follow_up(store, name, due.isoformat(), title, clock, every)


# --- the due window ------------------------------------------------------------------------------


@pytest.fixture
def agenda(store: Store, today: date) -> Store:
    long_ago = Clock(today - timedelta(days=60))
    for name in ("Budi Santoso", "Siti Rahmawati", "Ayu Lestari", "Dewi Anggraini"):
        add(store, long_ago, name)
    follow(store, long_ago, "Budi", today - timedelta(days=3), "Send the recording")
    follow(store, long_ago, "Siti", today, "Ask about hiring")
    follow(store, long_ago, "Ayu", today + timedelta(days=6), "Coffee again")
    follow(store, long_ago, "Ayu", today + timedelta(days=7), "Just outside a week")
    follow(store, long_ago, "Dewi", today - timedelta(days=30), "Long overdue")
    add(store, Clock(today - timedelta(days=16)), "Made Wirawan", every="every 2 weeks")
    birthday = (today + timedelta(days=2)).replace(year=1990).isoformat()
    add(store, long_ago, "Putri Maharani", birthday=birthday)
    return store


def test_due_lists_overdue_and_the_window_sorted_by_due_date(agenda: Store, today: date) -> None:
    items = due_between(agenda, today, 7)
    assert [(i.kind, i.contact, i.due, i.overdue_days, i.title) for i in items] == [
        ("follow-up", "Dewi Anggraini", date(2026, 10, 26), 30, "Long overdue"),
        ("follow-up", "Budi Santoso", date(2026, 11, 22), 3, "Send the recording"),
        ("keep-in-touch", "Made Wirawan", date(2026, 11, 23), 2, "Keep in touch (every 2 weeks)"),
        ("follow-up", "Siti Rahmawati", today, 0, "Ask about hiring"),
        ("birthday", "Putri Maharani", date(2026, 11, 27), 0, "Birthday (36)"),
        ("follow-up", "Ayu Lestari", date(2026, 12, 1), 0, "Coffee again"),
    ]
    assert all(i.id is not None for i in items if i.kind == "follow-up")
    assert all(i.id is None for i in items if i.kind != "follow-up")
    dues = [i.due for i in items]
    assert dues == sorted(dues)


def test_the_window_is_n_days_from_today(agenda: Store, today: date) -> None:
    assert len(due_between(agenda, today, 8)) == 7
    assert [i.title for i in due_between(agenda, today, 1)] == [
        "Long overdue",
        "Send the recording",
        "Keep in touch (every 2 weeks)",
        "Ask about hiring",
    ]


@pytest.mark.parametrize("days", [0, -1, 100_000])
def test_a_silly_window_is_refused(agenda: Store, today: date, days: int) -> None:
    with pytest.raises(BadInput, match="window"):
        due_between(agenda, today, days)


def test_done_and_trashed_do_not_show(agenda: Store, today: date, clock: Clock) -> None:
    budi = next(i for i in due_between(agenda, today) if i.contact == "Budi Santoso")
    mark_done(agenda, budi.id, clock)
    trash_contact(agenda, "Dewi Anggraini", clock)
    contacts = {i.contact for i in due_between(agenda, today)}
    assert "Budi Santoso" not in contacts
    assert "Dewi Anggraini" not in contacts


# --- birthdays -----------------------------------------------------------------------------------


def test_birthdays_across_the_new_year(store: Store) -> None:
    today = date(2026, 12, 28)
    add(store, Clock(today), "Wayan", birthday="1990-01-02")
    add(store, Clock(today), "Nadia", birthday="1991-12-30")
    add(store, Clock(today), "Fajar", birthday="1992-12-20")  # already past this year
    items = due_between(store, today, 7)
    assert [(i.contact, i.due, i.title) for i in items] == [
        ("Nadia", date(2026, 12, 30), "Birthday (35)"),
        ("Wayan", date(2027, 1, 2), "Birthday (37)"),
    ]


def test_a_29_february_birthday(store: Store) -> None:
    add(store, Clock(date(2026, 1, 1)), "Intan", birthday="2000-02-29")
    [item] = due_between(store, date(2027, 2, 25), 7)
    assert (item.due, item.title) == (date(2027, 2, 28), "Birthday (27)")
    [item] = due_between(store, date(2028, 2, 25), 7)
    assert (item.due, item.title) == (date(2028, 2, 29), "Birthday (28)")
    assert due_between(store, date(2028, 3, 1), 7) == []


def test_a_whole_year_window_holds_every_birthday(store: Store) -> None:
    add(store, Clock(date(2026, 1, 1)), "Chen", birthday="1988-03-01")
    add(store, Clock(date(2026, 1, 1)), "Sophie", birthday="1988-11-24")
    items = due_between(store, date(2026, 11, 25), 366)
    assert [(i.contact, i.due) for i in items] == [
        ("Chen", date(2027, 3, 1)),
        ("Sophie", date(2027, 11, 24)),
    ]


def test_the_sqlite3_reader_lists_what_sqlalchemy_lists(store: Store) -> None:
    """``netcrm due`` reads a SQLite store at head through sqlite3 alone: same items, any window."""
    if not store.is_sqlite:
        pytest.skip("the sqlite3 reader is for SQLite stores")
    start = Clock(date(2026, 1, 1))
    for name, birthday in (
        ("Wayan", "1990-01-02"),
        ("Nadia", "1991-12-30"),
        ("Intan", "2000-02-29"),
        ("Chen", "1988-02-28"),
        ("Sophie", "1990-05-17"),
        ("Gone", "1980-11-26"),
    ):
        add(store, start, name, birthday=birthday, every="every 3 weeks")
        follow(store, start, name, date(2026, 11, 20), f"Call {name}")
        follow(store, start, name, date(2027, 1, 3), f"Write to {name}", every="every month")
    mark_done(store, follow(store, start, "Nadia", date(2026, 11, 24), "Done already"), start)
    trash_contact(store, "Gone", start)
    with store.engine.begin() as connection:  # a birthday known without its year, as imported
        connection.exec_driver_sql(
            "UPDATE contact SET birthday = '1604-05-17' WHERE name = 'Sophie'"
        )
    reader = open_at_head(store.path)
    assert reader is not None
    kinds = set()
    try:
        for today in (date(2026, 11, 25), date(2026, 12, 28), date(2027, 2, 25), date(2028, 2, 25)):
            for days in (1, 7, 61, 62, 200, 365, 366):
                items = due_between(store, today, days)
                assert items, (today, days)
                assert due_between(reader, today, days) == items
                assert all(type(i.due) is date for i in items)
                kinds |= {i.kind for i in items}
    finally:
        reader.close()
    assert kinds == {"follow-up", "keep-in-touch", "birthday"}


def test_due_dates_are_dates_on_every_backend(agenda: Store, today: date) -> None:
    """SQLite reads dates back as text and PostgreSQL as dates: the items hold dates either way."""
    items = due_between(agenda, today, 366)
    assert {i.kind for i in items} == {"follow-up", "keep-in-touch", "birthday"}
    assert all(type(i.due) is date for i in items)


@pytest.mark.parametrize(
    ("birthday", "today", "expected"),
    [
        (date(1990, 5, 1), date(2026, 5, 1), date(2026, 5, 1)),
        (date(1990, 5, 1), date(2026, 5, 2), date(2027, 5, 1)),
        (date(1996, 2, 29), date(2026, 3, 1), date(2027, 2, 28)),
        (date(1996, 2, 29), date(2027, 3, 1), date(2028, 2, 29)),
        (date(1990, 12, 31), date(2026, 12, 31), date(2026, 12, 31)),
    ],
)
def test_next_birthday(birthday: date, today: date, expected: date) -> None:
    assert next_birthday(birthday, today) == expected


# --- the weekly review ---------------------------------------------------------------------------


@pytest.fixture
def network(store: Store, today: date) -> Store:
    start = Clock(today - timedelta(days=200))
    # followers, never talked to
    for name in ("Nadia Putri", "Fajar Nugroho", "Intan Permata", "Sophie Laurent"):
        add(store, start, name)
    # talked, but they don't know my strengths
    for name, days_ago in (("Rizky Pratama", 10), ("Omar Haddad", 5)):
        add(store, start, name)
        log(store, Clock(today - timedelta(days=days_ago)), name, learned=["fundraising"])
    # strong ties, fading
    for name in ("Hannah Müller", "Yusuf Hakim"):
        add(store, start, name)
        for days_ago in (150, 120, 100):
            log(store, Clock(today - timedelta(days=days_ago)), name, shared=["Python"])
    # a close, recent tie: nothing to suggest
    add(store, start, "Budi Santoso")
    log(store, Clock(today - timedelta(days=2)), "Budi", learned=["UX"], shared=["Python"])
    # someone with a follow-up due is not suggested again
    add(store, start, "Agus Setiawan")
    follow(store, start, "Agus", today + timedelta(days=1), "Share the roadmap")
    return store


def test_the_weekly_review(network: Store, clock: Clock, today: date) -> None:
    review = weekly_review(network, clock)
    assert (review.today, review.until) == (today, today + timedelta(days=6))
    assert [(i.contact, i.title) for i in review.due] == [("Agus Setiawan", "Share the roadmap")]
    kinds: dict[str, list[str]] = {}
    for suggestion in review.suggestions:
        kinds.setdefault(suggestion.kind, []).append(suggestion.contact)
        assert suggestion.reason.endswith(".")
    assert sorted(kinds["fading"]) == ["Hannah Müller", "Yusuf Hakim"]
    assert kinds["doesnt-know-you"] == ["Omar Haddad", "Rizky Pratama"]  # most recent first
    assert len(kinds["never-talked"]) == 3
    assert set(kinds["never-talked"]) <= {
        "Nadia Putri",
        "Fajar Nugroho",
        "Intan Permata",
        "Sophie Laurent",
        "Agus Setiawan",
    }
    assert "Agus Setiawan" not in kinds["never-talked"]
    ids = [s.contact_id for s in review.suggestions]
    assert len(ids) == len(set(ids))
    assert not set(ids) & {i.contact_id for i in review.due}
    assert "Budi Santoso" not in {s.contact for s in review.suggestions}
    fading = next(s for s in review.suggestions if s.contact == "Hannah Müller")
    assert "3 conversations" in fading.reason and "14 weeks ago" in fading.reason


@contextmanager
def sqlite_reader(store: Store, folder: Path) -> Iterator[SqliteReader]:
    """The store read through ``sqlite3``: its own file, or a SQLite copy of a PostgreSQL one."""
    path = store.path
    if path is None:
        path = folder / "copy.db"
        target = open_store(str(path))
        try:
            copy_store(store, target)
        finally:
            target.close()
    reader = open_at_head(path)
    assert reader is not None
    try:
        yield reader
    finally:
        reader.close()


@pytest.mark.parametrize("page", [review_module.SUGGESTION_PAGE, 1])
def test_the_sqlite3_reader_reviews_what_sqlalchemy_reviews(
    network: Store,
    clock: Clock,
    today: date,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    page: int,
) -> None:
    """``netcrm review`` reads a SQLite store at head through sqlite3 alone: the same review as
    the TUI's, read through SQLAlchemy (pages of one row read every suggestion query deep)."""
    monkeypatch.setattr(review_module, "SUGGESTION_PAGE", page)
    start = Clock(today - timedelta(days=200))
    add(network, start, "Made Wirawan", every="every 2 weeks")
    birthday = (today + timedelta(days=2)).replace(year=1990).isoformat()
    add(network, start, "Putri Maharani", birthday=birthday)
    follow(network, start, "Rizky", today - timedelta(days=3), "Send the recording")
    expected = weekly_review(network, clock)
    with sqlite_reader(network, tmp_path) as reader:
        review = weekly_review(reader, clock)
    assert review == expected
    assert {i.kind for i in review.due} == {"follow-up", "keep-in-touch", "birthday"}
    assert {s.kind for s in review.suggestions} == {"fading", "doesnt-know-you", "never-talked"}
    for read in (review, expected):
        assert all(type(i.due) is date for i in read.due)
    fading = next(s for s in review.suggestions if s.contact == "Hannah Müller")
    assert "3 conversations" in fading.reason and "14 weeks ago" in fading.reason


def test_datetimes_are_bound_and_read_back_alike_by_both_runs(
    network: Store, tmp_path: Path
) -> None:
    """A datetime parameter compares with a ``UTCDateTime`` column as SQLAlchemy's own column
    comparison does, to the microsecond and in any time zone, and values read back are aware
    UTC datetimes, whichever way the store is read."""
    from sqlalchemy import func, select

    from netcrm.store.tables import CONTACT

    c = CONTACT.c
    with network.connection() as connection:
        stamps = [t for (t,) in connection.execute(select(c.last_talked_at)).all() if t is not None]
    assert stamps and all(t.tzinfo is UTC for t in stamps)
    elsewhere = datetime.now().astimezone().tzinfo
    cutoffs = [
        (t + timedelta(microseconds=shift)).astimezone(zone)
        for t in stamps
        for shift in (-1, 0, 1)
        for zone in (UTC, elsewhere)
    ]
    count = "SELECT count(*) FROM contact WHERE last_talked_at < :cutoff"
    read = "SELECT last_talked_at FROM contact WHERE last_talked_at IS NOT NULL ORDER BY id"
    with network.connection() as connection, sqlite_reader(network, tmp_path) as reader:
        core = [
            connection.execute(select(func.count()).where(c.last_talked_at < t)).scalar_one()
            for t in cutoffs
        ]
        runs = {"sqlalchemy": connection_run(connection)}
        with reader.reading() as raw:
            runs["sqlite3"] = sqlite_run(raw)
            for name, run in runs.items():
                assert [run(count, {"cutoff": t})[0][0] for t in cutoffs] == core, name
                values = [as_datetime(v) for (v,) in run(read, {})]
                assert sorted(values) == sorted(stamps), name
                assert all(type(v) is datetime and v.tzinfo is UTC for v in values), name


def test_nobody_appears_twice_even_when_every_rule_matches(store: Store, today: date) -> None:
    start = Clock(today - timedelta(days=300))
    add(store, start, "Kenji Watanabe", every="monthly")
    for days_ago in (200, 100):
        log(store, Clock(today - timedelta(days=days_ago)), "Kenji")
    follow(store, start, "Kenji", today, "Say hi")
    review = weekly_review(store, Clock(today))
    assert {i.kind for i in review.due} == {"follow-up", "keep-in-touch"}
    assert review.suggestions == ()


def test_an_empty_store_has_an_empty_review(store: Store, clock: Clock) -> None:
    review = weekly_review(store, clock)
    assert review.due == () and review.suggestions == () and review.overdue == ()


# --- done and snooze -----------------------------------------------------------------------------


@pytest.fixture
def dewi(store: Store) -> Store:
    add(store, Clock(date(2027, 1, 1)), "Dewi Anggraini")
    return store


def test_done_rolls_a_monthly_follow_up_from_31_january_to_28_february(dewi: Store) -> None:
    jan31 = date(2027, 1, 31)
    first = follow(dewi, Clock(date(2027, 1, 1)), "Dewi", jan31, "Monthly data chat", "monthly")
    result = mark_done(dewi, first, Clock(jan31))
    assert (result.follow_up_id, result.contact) == (first, "Dewi Anggraini")
    assert result.next_due == date(2027, 2, 28)
    [item] = due_between(dewi, date(2027, 2, 28), 1)
    assert (item.id, item.due, item.title, item.recurrence) == (
        result.next_follow_up_id,
        date(2027, 2, 28),
        "Monthly data chat",
        "every month",
    )
    statuses = {f.id: f.status for f in show_contact(dewi, "Dewi", Clock(jan31)).follow_ups}
    assert statuses == {first: "done", result.next_follow_up_id: "open"}


def test_a_monthly_follow_up_keeps_its_day_of_month(dewi: Store) -> None:
    first = follow(dewi, Clock(date(2027, 1, 1)), "Dewi", date(2027, 1, 31), "Chat", "monthly")
    second = mark_done(dewi, first, Clock(date(2027, 1, 31)))
    third = mark_done(dewi, second.next_follow_up_id, Clock(date(2027, 2, 28)))
    assert third.next_due == date(2027, 3, 31)


def test_done_late_rolls_past_today(dewi: Store) -> None:
    weekly = follow(dewi, Clock(date(2027, 1, 1)), "Dewi", date(2027, 1, 4), "Standup", "weekly")
    result = mark_done(dewi, weekly, Clock(date(2027, 1, 20)))
    assert result.next_due == date(2027, 1, 25)  # Mondays stay Mondays


def test_done_once_is_enough(dewi: Store, counts) -> None:
    once = follow(dewi, Clock(date(2027, 1, 1)), "Dewi", date(2027, 1, 5), "Once")
    result = mark_done(dewi, once, Clock(date(2027, 1, 5)))
    assert (result.next_follow_up_id, result.next_due) == (None, None)
    before = counts()
    with pytest.raises(BadInput, match="already done"):
        mark_done(dewi, once, Clock(date(2027, 1, 5)))
    with pytest.raises(NotFound, match="No follow-up with id 999"):
        mark_done(dewi, 999, Clock(date(2027, 1, 5)))
    assert counts() == before


def test_undo_done(dewi: Store, counts) -> None:
    monthly = follow(dewi, Clock(date(2027, 1, 1)), "Dewi", date(2027, 1, 31), "Chat", "monthly")
    before = counts()
    result = mark_done(dewi, monthly, Clock(date(2027, 1, 31)))
    assert result.follow_up_id == monthly
    undo_last(dewi, Clock(date(2027, 1, 31)))
    after = counts()
    bookkeeping = ("revision", "journal")
    assert {k: v for k, v in after.items() if k not in bookkeeping} == {
        k: v for k, v in before.items() if k not in bookkeeping
    }
    [item] = due_between(dewi, date(2027, 1, 31), 1)
    assert (item.id, item.due) == (monthly, date(2027, 1, 31))


def test_snooze_and_undo_snooze(dewi: Store) -> None:
    today = date(2027, 1, 10)
    chat = follow(dewi, Clock(date(2027, 1, 1)), "Dewi", date(2027, 1, 8), "Chat")
    result = snooze(dewi, chat, "next monday", Clock(today))
    assert (result.previous_due, result.due) == (date(2027, 1, 8), date(2027, 1, 11))
    assert due_between(dewi, today, 1) == []
    [item] = due_between(dewi, today, 2)
    assert (item.id, item.due, item.overdue_days) == (chat, date(2027, 1, 11), 0)
    again = snooze(dewi, chat, "in 1 week", Clock(today))
    follow_up = show_contact(dewi, "Dewi", Clock(today)).follow_ups[0]
    assert (follow_up.due, follow_up.snoozed_from) == (date(2027, 1, 17), date(2027, 1, 8))
    assert again.due == date(2027, 1, 17)
    undo_last(dewi, Clock(today))
    undo_last(dewi, Clock(today))
    follow_up = show_contact(dewi, "Dewi", Clock(today)).follow_ups[0]
    assert (follow_up.due, follow_up.snoozed_from) == (date(2027, 1, 8), None)


@pytest.mark.parametrize("when", ["today", "yesterday", "2027-01-01", "not a date"])
def test_snooze_needs_a_later_date(dewi: Store, counts, when: str) -> None:
    chat = follow(dewi, Clock(date(2027, 1, 1)), "Dewi", date(2027, 1, 8), "Chat")
    before = counts()
    with pytest.raises(BadInput):
        snooze(dewi, chat, when, Clock(date(2027, 1, 10)))
    assert counts() == before


def test_snoozing_a_recurring_follow_up_keeps_its_rhythm(dewi: Store) -> None:
    monthly = follow(dewi, Clock(date(2027, 1, 1)), "Dewi", date(2027, 1, 15), "Chat", "monthly")
    snooze(dewi, monthly, "2027-01-20", Clock(date(2027, 1, 15)))
    result = mark_done(dewi, monthly, Clock(date(2027, 1, 20)))
    assert result.next_due == date(2027, 2, 15)


def test_someone_who_knows_my_strengths_is_not_told_them_again(store: Store, today: date) -> None:
    # Talked and told about my strengths, but I never noted theirs: the ladder says "talked",
    # yet the suggestion "they don't know your strengths" would be false.
    add(store, Clock(today - timedelta(days=30)), "Hannah Müller")
    log(store, Clock(today - timedelta(days=3)), "Hannah", shared=["Python"])
    assert show_contact(store, "Hannah", Clock(today)).stage == "talked"
    review = weekly_review(store, Clock(today))
    assert [s for s in review.suggestions if s.kind == "doesnt-know-you"] == []
