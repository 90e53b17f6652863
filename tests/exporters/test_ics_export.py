"""The ics export, read back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from dateutil.rrule import rrulestr
from hypothesis import given
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Event, vDuration

from netcrm.domain.dates import YEARLESS
from netcrm.exporters import render_export
from netcrm.exporters.ics import (
    CALENDAR_NAME,
    PRODID,
    agenda_ics,
    description,
    item_uid,
    recurrence,
    sequence,
    start,
    summary,
)
from netcrm.services.clock import Clock
from netcrm.services.contacts import edit_contact
from netcrm.services.conversations import log_conversation
from netcrm.services.due.follow_ups import mark_done, snooze
from netcrm.services.due.items import DueItem
from netcrm.services.exporting import AgendaItem, export_agenda
from netcrm.services.records import ContactInput, ConversationInput

from .conftest import BUDI, MOHAMED, TARO, ZOE, Network

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)


def read_events(text: str) -> dict[str, Event]:
    calendar = Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert "netcrm" in str(calendar["PRODID"])
    events = calendar.walk("VEVENT")
    by_uid = {str(event["UID"]): event for event in events}
    assert len(by_uid) == len(events)
    assert not calendar.walk("VTODO")  # calendars such as Google's and Outlook's skip to-dos
    return by_uid


def export_events(network: Network, clock: Clock | None = None) -> dict[str, Event]:
    return read_events(render_export("ics", network.store, clock or network.clock))


def test_follow_ups_keep_in_touch_dues_and_birthdays_become_events(network: Network) -> None:
    events = export_events(network)
    f = network.follow_ups
    taro = network.ids[TARO]

    expected = {
        f"followup-{f['overdue']}@netcrm": (
            date(2026, 11, 4),
            f"Follow up with {MOHAMED}: ask about Cairo 🌆",
        ),
        f"followup-{f['default']}@netcrm": (date(2026, 11, 28), f"Follow up with {ZOE}"),
        f"touch-{taro}@netcrm": (
            date(2026, 12, 8),
            f"Follow up with {TARO}: Keep in touch (every 2 weeks)",
        ),
        f"followup-{f['deck']}@netcrm": (
            date(2026, 12, 9),
            f"Follow up with {TARO}: send the deck, v2; final",
        ),
        f"followup-{f['monthly']}@netcrm": (
            date(2026, 12, 15),
            f"Follow up with {BUDI}: say hello",
        ),
        f"birthday-{taro}@netcrm": (date(1990, 5, 17), f"Birthday: {TARO}"),
    }
    assert {uid: (e.decoded("DTSTART"), str(e["SUMMARY"])) for uid, e in events.items()} == (
        expected
    )
    # done follow-ups and the trashed contact's follow-up stay out
    assert f"followup-{f['done']}@netcrm" not in events
    assert f"followup-{f['trashed']}@netcrm" not in events


def test_every_event_is_a_free_all_day_event_with_an_alarm_at_nine(network: Network) -> None:
    events = export_events(network)
    for event in events.values():
        first, end = event.decoded("DTSTART"), event.decoded("DTEND")
        for day, prop in ((first, "DTSTART"), (end, "DTEND")):
            assert isinstance(day, date) and not isinstance(day, datetime)
            assert event[prop].params.get("VALUE") == "DATE"
        assert end == first + timedelta(days=1)
        assert str(event["TRANSP"]) == "TRANSPARENT"
        assert event.decoded("DTSTAMP") == network.clock.now().astimezone(UTC)
        assert isinstance(event.decoded("SEQUENCE"), int)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(hours=9)
        assert alarms[0]["TRIGGER"].params.get("RELATED", "START") == "START"
        assert str(alarms[0]["DESCRIPTION"]) == str(event["SUMMARY"])
    only_birthdays = {uid for uid, e in events.items() if "RRULE" in e}
    assert only_birthdays == {f"birthday-{network.ids[TARO]}@netcrm"}


def test_descriptions_say_what_to_do(network: Network) -> None:
    events = export_events(network)
    monthly_id = network.follow_ups["monthly"]
    monthly = events[f"followup-{monthly_id}@netcrm"]
    assert str(monthly["DESCRIPTION"]) == (
        f"say hello\nRepeats every month.\nWhen it is done: netcrm done {monthly_id}"
    )
    touch = events[f"touch-{network.ids[TARO]}@netcrm"]
    assert "Logging a conversation" in str(touch["DESCRIPTION"])
    birthday = events[f"birthday-{network.ids[TARO]}@netcrm"]
    assert str(birthday["DESCRIPTION"]) == "Born on 1990-05-17."


def test_a_birthday_repeats_every_year_from_the_birth_date(network: Network) -> None:
    birthday = export_events(network)[f"birthday-{network.ids[TARO]}@netcrm"]
    assert birthday["RRULE"].to_ical() == b"FREQ=YEARLY"
    assert "Birthday (" not in str(birthday["SUMMARY"])  # no age: it changes every year
    rule = rrulestr(birthday["RRULE"].to_ical().decode(), dtstart=datetime(1990, 5, 17))
    assert rule.after(datetime(2026, 11, 25)) == datetime(2027, 5, 17)


def _birthday(born: date, created: date = date(2026, 11, 1)) -> AgendaItem:
    item = DueItem("birthday", 8, "Leap Person", date(2027, 2, 28), 0, "Birthday (34)")
    return AgendaItem(item, created, NOW, born)


def _occurrences(event: Event, years: range) -> list[date]:
    first = event.decoded("DTSTART")
    rule = rrulestr(
        event["RRULE"].to_ical().decode(), dtstart=datetime(first.year, first.month, first.day)
    )
    window = rule.between(datetime(years.start, 1, 1), datetime(years.stop, 1, 1), inc=True)
    return [moment.date() for moment in window]


def test_a_29_february_birthday_shows_on_the_last_day_of_february_in_other_years() -> None:
    written = agenda_ics([_birthday(date(1992, 2, 29))], NOW)
    assert "\r\nRRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1\r\n" in written
    (event,) = Calendar.from_ical(written).walk("VEVENT")
    assert event.decoded("DTSTART") == date(1992, 2, 29)
    assert dict(event["RRULE"]) == {"FREQ": ["YEARLY"], "BYMONTH": [2], "BYMONTHDAY": [-1]}
    assert _occurrences(event, range(2026, 2030)) == [
        date(2026, 2, 28),
        date(2027, 2, 28),
        date(2028, 2, 29),
        date(2029, 2, 28),
    ]


def test_a_birthday_without_its_year_starts_on_the_first_after_the_contact_was_added() -> None:
    cases = {
        date(YEARLESS, 5, 17): (date(2027, 5, 17), "Born on 17 May; the year is not known."),
        date(YEARLESS, 11, 1): (date(2026, 11, 1), "Born on 1 November; the year is not known."),
        date(YEARLESS, 2, 29): (date(2027, 2, 28), "Born on 29 February; the year is not known."),
    }
    for born, (first, said) in cases.items():
        entry = _birthday(born)
        (event,) = Calendar.from_ical(agenda_ics([entry], NOW)).walk("VEVENT")
        assert event.decoded("DTSTART") == first == start(entry)
        assert str(event["DESCRIPTION"]) == said
        assert str(YEARLESS) not in agenda_ics([entry], NOW)
    leap = _birthday(date(YEARLESS, 2, 29))
    assert recurrence(leap) == "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=-1"
    (event,) = Calendar.from_ical(agenda_ics([leap], NOW)).walk("VEVENT")
    assert _occurrences(event, range(2027, 2029)) == [date(2027, 2, 28), date(2028, 2, 29)]


def test_uids_are_stable_so_a_resubscribed_calendar_updates_instead_of_doubling(
    network: Network,
) -> None:
    first = export_events(network)
    assert export_events(network).keys() == first.keys()

    log_conversation(network.store, ConversationInput(names=[TARO], via="call"), network.clock)
    mark_done(network.store, network.follow_ups["default"], network.clock)
    mark_done(network.store, network.follow_ups["monthly"], network.clock)
    second = export_events(network)

    touch = f"touch-{network.ids[TARO]}@netcrm"
    assert first[touch].decoded("DTSTART") == date(2026, 12, 8)
    assert second[touch].decoded("DTSTART") == date(2026, 12, 9)  # moved, same UID
    assert f"followup-{network.follow_ups['default']}@netcrm" not in second
    rolled = set(second) - set(first)
    assert len(rolled) == 1  # the monthly follow-up rolled over to a new one
    assert second[rolled.pop()].decoded("DTSTART") == date(2027, 1, 15)
    assert set(first) - set(second) == {
        f"followup-{network.follow_ups['default']}@netcrm",
        f"followup-{network.follow_ups['monthly']}@netcrm",
    }


def _sequences(network: Network, clock: Clock | None = None) -> dict[str, int]:
    return {uid: e.decoded("SEQUENCE") for uid, e in export_events(network, clock).items()}


def test_sequence_stays_while_nothing_changes_and_grows_when_an_event_moves_later(
    network: Network,
) -> None:
    before = _sequences(network)
    later = Clock(date(2026, 11, 27))
    assert _sequences(network, later) == before  # another day, another DTSTAMP, same sequences

    deck = f"followup-{network.follow_ups['deck']}@netcrm"
    snooze(network.store, network.follow_ups["deck"], "2026-12-20", network.clock)
    snoozed = _sequences(network)
    assert snoozed[deck] == before[deck] + 11  # moved 11 days later
    assert {uid: n for uid, n in snoozed.items() if uid != deck} == {
        uid: n for uid, n in before.items() if uid != deck
    }

    log_conversation(network.store, ConversationInput(names=[TARO], via="call"), later)
    talked = _sequences(network, later)
    touch = f"touch-{network.ids[TARO]}@netcrm"
    assert talked[touch] > snoozed[touch]  # moved to its new date
    assert talked[deck] > snoozed[deck]  # the contact changed


def test_sequence_grows_when_a_title_changes(network: Network) -> None:
    before = _sequences(network)
    later = Clock(date(2026, 11, 26))
    edit_contact(network.store, BUDI, ContactInput(name="Budi S."), later)
    renamed = export_events(network, later)
    monthly = f"followup-{network.follow_ups['monthly']}@netcrm"
    assert str(renamed[monthly]["SUMMARY"]) == "Follow up with Budi S.: say hello"
    assert renamed[monthly].decoded("SEQUENCE") > before[monthly]

    edit_contact(network.store, TARO, ContactInput(every="1 month"), Clock(date(2026, 11, 27)))
    touch = f"touch-{network.ids[TARO]}@netcrm"
    recadenced = export_events(network, later)[touch]
    assert str(recadenced["SUMMARY"]) == f"Follow up with {TARO}: Keep in touch (every month)"
    assert recadenced.decoded("SEQUENCE") > before[touch]


def test_sequence_grows_with_every_day_an_item_moves_later() -> None:
    created = date(2026, 11, 1)
    item = DueItem("follow-up", 3, "Budi", date(2026, 12, 1), 0, "say hello", 7)
    numbers = [
        sequence(AgendaItem(item._replace(due=created + timedelta(days=n)), created, NOW))
        for n in range(-40, 400)
    ]
    assert numbers == sorted(set(numbers))
    assert all(0 <= n < 2**31 for n in numbers)  # an RFC 5545 INTEGER


def test_same_store_and_day_give_the_same_file(network: Network) -> None:
    first = render_export("ics", network.store, network.clock)
    assert render_export("ics", network.store, network.clock) == first
    assert first.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in first.split("\r\n"))


def test_an_empty_store_gives_an_empty_calendar(tmp_path) -> None:
    from netcrm.store.engine import open_store

    store = open_store(str(tmp_path / "empty.db"))
    try:
        assert read_events(render_export("ics", store, Clock(date(2026, 11, 25)))) == {}
    finally:
        store.close()


def reference_calendar(entries: list[AgendaItem], now: datetime) -> Calendar:
    """The calendar the export should be, built with the icalendar library."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("name", CALENDAR_NAME)
    calendar.add("x-wr-calname", CALENDAR_NAME)
    twelve_hours = vDuration(timedelta(hours=12))
    calendar.add("refresh-interval", twelve_hours, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")  # as Outlook writes it: no VALUE parameter
    for entry in entries:
        item = entry.item
        first = start(entry)
        event = Event()
        event.add("uid", item_uid(item))
        event.add("dtstamp", now.astimezone(UTC))
        event.add("sequence", sequence(entry))
        event.add("dtstart", first)
        event.add("dtend", first + timedelta(days=1))
        if item.kind == "birthday":
            born = entry.born or item.due
            rule = {"freq": "yearly"}
            if (born.month, born.day) == (2, 29):
                rule |= {"bymonth": 2, "bymonthday": -1}
            event.add("rrule", rule)
        event.add("summary", summary(item))
        event.add("transp", "TRANSPARENT")
        event.add("categories", ["netcrm", item.kind])
        event.add("description", description(entry))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(item))
        alarm.add("trigger", timedelta(hours=9))
        event.add_component(alarm)
        calendar.add_component(event)
    return calendar


def normalised(ical: bytes | str) -> bytes:
    return Calendar.from_ical(ical).to_ical()


def test_the_export_is_what_icalendar_itself_would_build(network: Network) -> None:
    items = export_agenda(network.store, network.clock)
    written = render_export("ics", network.store, network.clock)
    reference = reference_calendar(items, network.clock.now()).to_ical()
    assert normalised(written) == normalised(reference)


_TEXT = st.text(
    alphabet=st.characters(exclude_categories=["Cs", "Cc"], include_characters="\n\t"),
    min_size=1,
    max_size=120,
)


@given(name=_TEXT, title=_TEXT, recurrence=st.none() | _TEXT)
def test_any_text_survives_icalendar(name: str, title: str, recurrence: str | None) -> None:
    item = DueItem("follow-up", 3, name, date(2026, 12, 1), 0, title, 7, recurrence)
    entries = [
        AgendaItem(item, date(2026, 11, 20), NOW),
        AgendaItem(item._replace(kind="birthday"), date(2026, 11, 20), NOW, date(1992, 2, 29)),
    ]
    written = agenda_ics(entries, NOW)
    assert all(len(line.encode()) <= 75 for line in written.split("\r\n"))
    follow_up, birthday = Calendar.from_ical(written).walk("VEVENT")
    assert str(follow_up["SUMMARY"]) == summary(item)
    assert str(follow_up["DESCRIPTION"]) == description(entries[0])
    assert str(birthday["SUMMARY"]) == f"Birthday: {name}"
    assert normalised(written) == normalised(reference_calendar(entries, NOW).to_ical())
