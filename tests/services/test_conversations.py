"""Logging a conversation: one transaction carrying participants, strengths, disclosures,
exchanges and a follow-up, which moves people up the ladder and resets keep-in-touch."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from netcrm.domain.errors import Ambiguous, BadInput, NotFound
from netcrm.services.clock import Clock, local_timezone
from netcrm.services.contact_detail import show_contact
from netcrm.services.contacts import add_contact
from netcrm.services.conversations import add_follow_up, add_strength, log_conversation
from netcrm.services.due.items import due_between
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.store.engine import Store


def add(store: Store, clock: Clock, name: str, **fields) -> None:
    add_contact(store, ContactInput(name=name, **fields), clock)


def log(store: Store, clock: Clock, *names: str, **fields):
    return log_conversation(store, ConversationInput(names=list(names), **fields), clock)


@pytest.fixture
def budi(store: Store, clock: Clock) -> Store:
    add(store, clock, "Budi Santoso", handles=["instagram:budisan"])
    add(store, clock, "Siti Rahmawati")
    return store


def test_one_log_carries_everything(budi: Store, clock: Clock, today: date, counts) -> None:
    before = counts()
    result = log(
        budi,
        clock,
        "budi",
        "siti",
        when="yesterday 3pm",
        via="coffee",
        note="Design systems at Gojek",
        place="Kopi Kenangan, Sudirman",
        initiated="them",
        learned=["UX research", "design systems", "ux research"],
        shared=["Python"],
        exchanges=["gave: intro: to a data engineer", "got: referral: a designer"],
        follow_up="in 2 weeks",
        about="Send the talk recording",
    )
    assert result.contacts == ("Budi Santoso", "Siti Rahmawati")
    assert result.created == ()
    assert result.follow_up_due == today + timedelta(weeks=2)
    assert result.follow_up_title == "Send the talk recording"
    assert set(result.stage_changes) == {
        ("Budi Santoso", "follower", "trusted"),
        ("Siti Rahmawati", "follower", "trusted"),
    }
    after = counts()
    assert after["conversation"] == before["conversation"] + 1
    assert after["participant"] == before["participant"] + 2
    assert after["strength"] == before["strength"] + 4  # two each, the repeat folded away
    assert after["my_strength"] == before["my_strength"] + 1
    assert after["disclosure"] == before["disclosure"] + 2
    assert after["exchange"] == before["exchange"] + 4
    assert after["follow_up"] == before["follow_up"] + 1
    assert after["revision"] == before["revision"] + 1  # one transaction, one write

    detail = show_contact(budi, "Budi Santoso", clock)
    [talk] = detail.conversations
    assert talk.id == result.conversation_id
    assert talk.at == datetime.combine(today - timedelta(days=1), time(15), local_timezone())
    assert talk.has_time
    assert (talk.channel, talk.summary, talk.place, talk.initiated) == (
        "in-person",
        "Design systems at Gojek",
        "Kopi Kenangan, Sudirman",
        "them",
    )
    assert talk.participants == ("Budi Santoso", "Siti Rahmawati")
    assert [(s.name, s.conversation_id) for s in detail.strengths] == [
        ("UX research", result.conversation_id),
        ("design systems", result.conversation_id),
    ]
    assert detail.strengths[0].evidence == "Design systems at Gojek"
    assert [d.strength for d in detail.knows_mine] == ["Python"]
    assert {(e.direction, e.kind, e.description) for e in detail.exchanges} == {
        ("gave", "intro", "to a data engineer"),
        ("got", "referral", "a designer"),
    }
    [follow_up] = detail.follow_ups
    assert (follow_up.id, follow_up.title, follow_up.due, follow_up.status) == (
        result.follow_up_id,
        "Send the talk recording",
        today + timedelta(weeks=2),
        "open",
    )
    assert detail.last_talked == today - timedelta(days=1)
    assert detail.stage == "trusted"
    assert detail.score > 0


def test_defaults_now_in_person_and_a_default_title(budi: Store, clock: Clock) -> None:
    result = log(budi, clock, "Budi Santoso", follow_up="friday")
    detail = show_contact(budi, "Budi", clock)
    [talk] = detail.conversations
    assert talk.at == clock.now()
    assert talk.channel == "in-person"
    assert not talk.has_time
    assert result.follow_up_title == "Follow up with Budi Santoso"
    assert result.follow_up_due == date(2026, 11, 27)  # the coming Friday


def test_the_same_person_twice_is_one_participant(budi: Store, clock: Clock, counts) -> None:
    before = counts()
    result = log(budi, clock, "Budi Santoso", "budi", ["instagram", "budi"][1])
    assert result.contacts == ("Budi Santoso",)
    assert counts()["participant"] == before["participant"] + 1


def test_create_adds_the_missing_people(budi: Store, clock: Clock) -> None:
    result = log(budi, clock, "Budi", "Wayan Sudarma", create_missing=True)
    assert result.created == ("Wayan Sudarma",)
    assert show_contact(budi, "Wayan Sudarma", clock).stage == "talked"


def test_a_strength_known_before_any_talk_keeps_a_follower(budi: Store, clock: Clock) -> None:
    add_strength(budi, "Siti", "hiring", clock)
    detail = show_contact(budi, "Siti", clock)
    assert detail.stage == "follower"
    assert "already noted 1 of their strengths" in detail.stage_why
    assert detail.strengths[0].conversation_id is None
    assert log(budi, clock, "Siti").stage_changes == (("Siti Rahmawati", "follower", "known"),)


def test_the_ladder_one_rung_at_a_time(budi: Store, today: date) -> None:
    days = iter(range(40, 0, -5))

    def step(**fields):
        when = today - timedelta(days=next(days))
        return log(budi, Clock(when), "Budi", **fields).stage_changes

    assert show_contact(budi, "Budi", Clock(today)).stage == "follower"
    assert step() == (("Budi Santoso", "follower", "talked"),)
    assert step() == ()
    assert step(learned=["UX research"]) == (("Budi Santoso", "talked", "known"),)
    assert step(learned=["ux RESEARCH"]) == ()
    assert step(shared=["Python"]) == (("Budi Santoso", "known", "mutual"),)
    assert step(exchanges=["got: help: reviewed my deck"]) == (
        ("Budi Santoso", "mutual", "trusted"),
    )
    detail = show_contact(budi, "Budi", Clock(today))
    assert detail.stage == "trusted"
    assert detail.next_step is None
    assert len(detail.conversations) == 6
    assert [s.name for s in detail.strengths] == ["UX research"]


# --- nothing is written on error -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("names", "fields", "error", "message"),
    [
        (["Budi", "Nobody Atall"], {}, NotFound, 'No contact called "Nobody Atall"'),
        (["Budi"], {"follow_up": "someday soon"}, BadInput, "Cannot understand the date"),
        (["Budi"], {"follow_up": "yesterday"}, BadInput, "today or later"),
        (["Budi"], {"when": "2026-02-30"}, BadInput, "does not exist"),
        (["Budi"], {"when": "next week"}, BadInput, "future"),
        (["Budi"], {"when": "12/03"}, BadInput, "ambiguous"),
        (["Budi"], {"via": "pigeon"}, BadInput, "Unknown channel"),
        (["Budi"], {"initiated": "both"}, BadInput, "me"),
        (["Budi"], {"exchanges": ["lent: a book"]}, BadInput, "gave"),
        (["Budi"], {"learned": ["UX", "  "]}, BadInput, "blank"),
        (["Budi"], {"shared": ["two\nlines"]}, BadInput, "one line"),
        (["Budi"], {"about": "a promise", "follow_up": None}, BadInput, "--follow-up"),
        (["Budi"], {"note": "bell \x07"}, BadInput, "control"),
        (["   "], {}, BadInput, "who you talked to"),
        ([], {}, BadInput, "who you talked to"),
    ],
)
def test_an_error_writes_nothing(
    budi: Store, clock: Clock, counts, names, fields, error, message
) -> None:
    everything = {
        "learned": ["UX research"],
        "shared": ["Python"],
        "exchanges": ["gave: an intro"],
        "follow_up": "in 2 weeks",
        "note": "coffee",
    }
    before = counts()
    shown = show_contact(budi, "Budi", clock)
    with pytest.raises(error, match=message):
        log(budi, clock, *names, **{**everything, **fields})
    assert counts() == before
    assert show_contact(budi, "Budi", clock) == shown


def test_an_error_after_a_new_contact_was_created_writes_nothing(
    budi: Store, clock: Clock, counts
) -> None:
    add(budi, clock, "Siti Nurhaliza")
    before = counts()
    # Wayan is created inside the transaction, then "siti" turns out to be ambiguous.
    with pytest.raises(Ambiguous):
        log(budi, clock, "Wayan Sudarma", "siti", learned=["surfing"], create_missing=True)
    assert counts() == before
    with pytest.raises(NotFound):
        show_contact(budi, "Wayan Sudarma", clock)


def test_a_database_failure_mid_way_rolls_everything_back(
    budi: Store, clock: Clock, counts, monkeypatch: pytest.MonkeyPatch
) -> None:
    import netcrm.services.conversations as conversations

    def broken(*_args, **_kwargs):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(conversations, "refresh_history", broken)
    before = counts()
    with pytest.raises(RuntimeError):
        log(budi, clock, "Budi", "Siti", learned=["x"], shared=["y"], follow_up="tomorrow")
    assert counts() == before


# --- keep in touch -------------------------------------------------------------------------------


def test_keep_in_touch_goes_overdue_and_a_conversation_resets_it(store: Store) -> None:
    start = date(2026, 11, 1)
    add(store, Clock(start), "Ayu Lestari", every="every 2 weeks")
    assert show_contact(store, "Ayu", Clock(start)).next_touch_due == date(2026, 11, 15)

    # Before the due day: nothing in a one-day window.
    assert due_between(store, date(2026, 11, 10), 1) == []

    later = date(2026, 11, 25)
    [item] = due_between(store, later, 7)
    assert (item.kind, item.contact, item.due, item.overdue_days) == (
        "keep-in-touch",
        "Ayu Lestari",
        date(2026, 11, 15),
        10,
    )
    assert item.title == "Keep in touch (every 2 weeks)"

    log(store, Clock(later), "Ayu", when="today")
    assert due_between(store, later, 7) == []
    assert show_contact(store, "Ayu", Clock(later)).next_touch_due == date(2026, 12, 9)
    [item] = due_between(store, date(2026, 12, 10), 7)
    assert (item.due, item.overdue_days) == (date(2026, 12, 9), 1)


def test_a_conversation_logged_late_counts_from_when_it_happened(store: Store) -> None:
    add(store, Clock(date(2026, 10, 1)), "Dewi", every="monthly")
    log(store, Clock(date(2026, 11, 25)), "Dewi", when="2026-11-20")
    assert show_contact(store, "Dewi", Clock(date(2026, 11, 25))).next_touch_due == date(
        2026, 12, 20
    )
    # An older conversation logged afterwards does not move the due date back.
    log(store, Clock(date(2026, 11, 25)), "Dewi", when="2026-11-01")
    assert show_contact(store, "Dewi", Clock(date(2026, 11, 25))).next_touch_due == date(
        2026, 12, 20
    )


def test_setting_a_cadence_counts_from_the_last_conversation(store: Store) -> None:
    from netcrm.services.contacts import edit_contact

    add(store, Clock(date(2026, 9, 1)), "Rizky")
    log(store, Clock(date(2026, 9, 1)), "Rizky", when="today")
    detail = edit_contact(store, "Rizky", ContactInput(every="weekly"), Clock(date(2026, 11, 25)))
    assert detail.next_touch_due == date(2026, 9, 8)


def test_conversation_times_are_stored_utc_and_shown_local(budi: Store, clock: Clock) -> None:
    log(budi, clock, "Budi", when="2026-11-24T08:00Z")
    [talk] = show_contact(budi, "Budi", clock).conversations
    assert talk.at.tzinfo is not None
    assert talk.at == datetime(2026, 11, 24, 8, 0, tzinfo=UTC)


# --- follow-ups without a conversation -----------------------------------------------------------


def test_add_follow_up(budi: Store, clock: Clock, today: date, counts) -> None:
    before = counts()
    follow_id = add_follow_up(budi, "Siti", "next tuesday", "Ask about hiring", clock, "monthly")
    [item] = due_between(budi, today, 7)
    assert (item.id, item.kind, item.contact, item.due, item.title, item.recurrence) == (
        follow_id,
        "follow-up",
        "Siti Rahmawati",
        date(2026, 12, 1),
        "Ask about hiring",
        "every month",
    )
    assert counts()["follow_up"] == before["follow_up"] + 1
    with pytest.raises(BadInput):
        add_follow_up(budi, "Siti", "whenever", None, clock)
    with pytest.raises(BadInput):
        add_follow_up(budi, "Siti", "tomorrow", None, clock, "every -1 days")
    with pytest.raises(NotFound):
        add_follow_up(budi, "Nobody Atall", "tomorrow", None, clock)
    assert counts()["follow_up"] == before["follow_up"] + 1


@pytest.fixture
def jakarta(monkeypatch: pytest.MonkeyPatch):
    """The local timezone is UTC+7, as for a user in Jakarta."""
    import time as time_module

    monkeypatch.setenv("TZ", "Asia/Jakarta")
    time_module.tzset()
    yield
    monkeypatch.undo()
    time_module.tzset()


@pytest.mark.usefixtures("jakarta")
def test_an_early_morning_talk_counts_on_its_local_day(store: Store, today: date) -> None:
    clock = Clock(today)
    assert clock.now().utcoffset() == timedelta(hours=7)
    add(store, clock, "Budi", every="weekly")
    # 06:00 in Jakarta is still the previous day in UTC.
    log(store, clock, "Budi", when="yesterday 6am")
    detail = show_contact(store, "Budi", clock)
    assert detail.last_talked == today - timedelta(days=1)
    assert detail.next_touch_due == today - timedelta(days=1) + timedelta(weeks=1)
