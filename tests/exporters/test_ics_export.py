"""The ics export, read back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st
from icalendar import Alarm, Calendar, Todo, vDuration

from netcrm.exporters import render_export
from netcrm.exporters.ics import CALENDAR_NAME, PRODID, agenda_ics, description, item_uid, summary
from netcrm.services.conversations import log_conversation
from netcrm.services.due.follow_ups import mark_done
from netcrm.services.due.items import DueItem
from netcrm.services.exporting import export_agenda
from netcrm.services.records import ConversationInput

from .conftest import BUDI, MOHAMED, TARO, ZOE, Network


def read_todos(text: str) -> dict[str, object]:
    calendar = Calendar.from_ical(text)
    assert calendar.name == "VCALENDAR"
    assert str(calendar["VERSION"]) == "2.0"
    assert "netcrm" in str(calendar["PRODID"])
    todos = calendar.walk("VTODO")
    by_uid = {str(todo["UID"]): todo for todo in todos}
    assert len(by_uid) == len(todos)
    assert not calendar.walk("VEVENT")
    return by_uid


def test_open_follow_ups_and_keep_in_touch_dues_become_todos(network: Network) -> None:
    todos = read_todos(render_export("ics", network.store, network.clock))
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
    }
    assert {uid: (t.decoded("DUE"), str(t["SUMMARY"])) for uid, t in todos.items()} == expected
    # done follow-ups and the trashed contact's follow-up stay out
    assert f"followup-{f['done']}@netcrm" not in todos
    assert f"followup-{f['trashed']}@netcrm" not in todos


def test_due_is_an_all_day_date_with_an_alarm(network: Network) -> None:
    todos = read_todos(render_export("ics", network.store, network.clock))
    for todo in todos.values():
        due = todo.decoded("DUE")
        assert isinstance(due, date) and not isinstance(due, datetime)
        assert todo["DUE"].params.get("VALUE") == "DATE"
        assert todo.decoded("DTSTAMP") == network.clock.now().astimezone(UTC)
        assert str(todo["STATUS"]) == "NEEDS-ACTION"
        alarms = todo.walk("VALARM")
        assert len(alarms) == 1
        assert str(alarms[0]["ACTION"]) == "DISPLAY"
        assert alarms[0].decoded("TRIGGER") == timedelta(hours=9)
        assert alarms[0]["TRIGGER"].params["RELATED"] == "END"
        assert str(alarms[0]["DESCRIPTION"]) == str(todo["SUMMARY"])


def test_descriptions_say_what_to_do(network: Network) -> None:
    todos = read_todos(render_export("ics", network.store, network.clock))
    monthly_id = network.follow_ups["monthly"]
    monthly = todos[f"followup-{monthly_id}@netcrm"]
    assert str(monthly["DESCRIPTION"]) == (
        f"say hello\nRepeats every month.\nWhen it is done: netcrm done {monthly_id}"
    )
    touch = todos[f"touch-{network.ids[TARO]}@netcrm"]
    assert "Logging a conversation" in str(touch["DESCRIPTION"])


def test_uids_are_stable_so_a_resubscribed_calendar_updates_instead_of_doubling(
    network: Network,
) -> None:
    first = read_todos(render_export("ics", network.store, network.clock))
    assert read_todos(render_export("ics", network.store, network.clock)).keys() == first.keys()

    log_conversation(network.store, ConversationInput(names=[TARO], via="call"), network.clock)
    mark_done(network.store, network.follow_ups["default"], network.clock)
    mark_done(network.store, network.follow_ups["monthly"], network.clock)
    second = read_todos(render_export("ics", network.store, network.clock))

    touch = f"touch-{network.ids[TARO]}@netcrm"
    assert first[touch].decoded("DUE") == date(2026, 12, 8)
    assert second[touch].decoded("DUE") == date(2026, 12, 9)  # moved, same UID
    assert f"followup-{network.follow_ups['default']}@netcrm" not in second
    rolled = set(second) - set(first)
    assert len(rolled) == 1  # the monthly follow-up rolled over to a new one
    assert second[rolled.pop()].decoded("DUE") == date(2027, 1, 15)
    assert set(first) - set(second) == {
        f"followup-{network.follow_ups['default']}@netcrm",
        f"followup-{network.follow_ups['monthly']}@netcrm",
    }


def test_same_store_and_day_give_the_same_file(network: Network) -> None:
    first = render_export("ics", network.store, network.clock)
    assert render_export("ics", network.store, network.clock) == first
    assert first.startswith("BEGIN:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in first.split("\r\n"))


def test_an_empty_store_gives_an_empty_calendar(tmp_path) -> None:
    from netcrm.services.clock import Clock
    from netcrm.store.engine import open_store

    store = open_store(str(tmp_path / "empty.db"))
    try:
        assert read_todos(render_export("ics", store, Clock(date(2026, 11, 25)))) == {}
    finally:
        store.close()


def reference_calendar(items: list[DueItem], now: datetime) -> Calendar:
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
    for item in items:
        todo = Todo()
        todo.add("uid", item_uid(item))
        todo.add("dtstamp", now.astimezone(UTC))
        todo.add("summary", summary(item))
        todo.add("due", item.due)
        todo.add("status", "NEEDS-ACTION")
        todo.add("categories", ["netcrm", item.kind])
        todo.add("description", description(item))
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", summary(item))
        alarm.add("trigger", timedelta(hours=9), parameters={"RELATED": "END"})
        todo.add_component(alarm)
        calendar.add_component(todo)
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
    now = datetime(2026, 11, 25, 12, tzinfo=UTC)
    item = DueItem("follow-up", 3, name, date(2026, 12, 1), 0, title, 7, recurrence)
    written = agenda_ics([item], now)
    assert all(len(line.encode()) <= 75 for line in written.split("\r\n"))
    (todo,) = Calendar.from_ical(written).walk("VTODO")
    assert str(todo["SUMMARY"]) == summary(item)
    assert str(todo["DESCRIPTION"]) == description(item)
    assert normalised(written) == normalised(reference_calendar([item], now).to_ical())
