"""The review (home) screen: what is due this week, and the actions on a row."""

from __future__ import annotations

from datetime import timedelta

from week_sample import SMALL, TODAY, WIDE, settle

from netcrm.services import contacts, conversations, trash
from netcrm.services.due.items import DueItem, due_between
from netcrm.services.records import ContactInput, Suggestion
from netcrm.tui.dialogs.confirm import ConfirmScreen
from netcrm.tui.dialogs.log import LogConversationScreen
from netcrm.tui.dialogs.snooze import SnoozeScreen
from netcrm.tui.screens.review import ReviewScreen
from netcrm.tui.widgets.review_list import ReviewList, kind_label, when_label


def entries(app) -> list[DueItem | Suggestion]:
    return [e for e in app.screen._entries if e is not None]


async def highlight(pilot, contact: str) -> None:
    """Move the cursor to the row of ``contact`` by keyboard."""
    screen = pilot.app.screen
    listing = screen.query_one(ReviewList)
    await pilot.press("home")
    for _ in range(len(screen._entries)):
        entry = screen._entries[listing.highlighted]
        if entry is not None and entry.contact == contact:
            return
        await pilot.press("down")
    raise AssertionError(f"no row for {contact}")


def open_follow_ups(store, contact: str) -> list[DueItem]:
    return [
        i for i in due_between(store, TODAY, 60) if i.contact == contact and i.kind == "follow-up"
    ]


async def test_the_week_in_order_overdue_first_then_due_cadences_birthdays_reconnect(
    week_store, make_app
):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        rows = [(e.kind, e.contact) for e in entries(app)]
        assert rows == [
            ("follow-up", "Priya Nair"),
            ("follow-up", "Budi Santoso"),
            ("follow-up", "Tom Becker"),
            ("follow-up", "Sari Wulandari"),
            ("keep-in-touch", "Dewi Lestari"),
            ("keep-in-touch", "Ayu Pratiwi"),
            ("birthday", "Rizky Ramadhan"),
            ("fading", "Lucas Martin"),
            ("doesnt-know-you", "Maya Chen"),
            ("never-talked", "Eko Prasetyo"),
        ]
        summary = str(app.screen.query_one("#review-summary").render())
        assert "2 overdue" in summary and "1 birthday" in summary
        # The cursor starts on the first thing to do, and the detail line explains it.
        assert app.screen._selected().contact == "Priya Nair"
        detail = str(app.screen.query_one("#review-detail").render())
        assert "10 days overdue" in detail and "Share the fundraising deck" in detail


def test_rows_say_what_they_are_in_words_not_colour():
    item = DueItem("follow-up", 1, "Budi", TODAY - timedelta(days=3), 3, "Send it", 7)
    assert kind_label(item) == "! follow-up"
    assert when_label(item, TODAY) == "3 days overdue"
    soon = DueItem("follow-up", 1, "Budi", TODAY + timedelta(days=2), 0, "Send it", 7)
    assert kind_label(soon) == "→ follow-up"
    assert when_label(soon, TODAY) == "due Fri 27 Nov"
    assert when_label(DueItem("follow-up", 1, "B", TODAY, 0, "x", 1), TODAY) == "due today"
    assert kind_label(DueItem("birthday", 1, "B", TODAY, 0, "Birthday")) == "✦ birthday"
    assert kind_label(Suggestion("never-talked", 1, "B", "say hello")) == "♡ say hello"


async def test_done_closes_the_follow_up_offers_to_log_and_undo_reopens_it(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Budi Santoso")
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert "Log the conversation with Budi Santoso" in app.screen.question
        assert open_follow_ups(week_store, "Budi Santoso") == []
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert "Budi Santoso" not in [e.contact for e in entries(app)][:4]
        await pilot.press("u")
        await settle(pilot)
        assert [i.title for i in open_follow_ups(week_store, "Budi Santoso")] == [
            "Send the workshop outline"
        ]
        assert ("follow-up", "Budi Santoso") in [(e.kind, e.contact) for e in entries(app)]


async def test_done_then_yes_opens_the_log_with_that_person(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Tom Becker")
        await pilot.press("d")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        assert app.screen.query_one("#log-who").value == "Tom Becker"
        assert app.screen.focused.id == "log-summary"


async def test_snooze_three_days_moves_the_follow_up(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Priya Nair")
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        (item,) = open_follow_ups(week_store, "Priya Nair")
        assert item.due == TODAY + timedelta(days=3)
        # Highlight follows the row to its new place; undo puts it back.
        assert app.screen._selected().contact == "Priya Nair"
        await pilot.press("u")
        await settle(pilot)
        (item,) = open_follow_ups(week_store, "Priya Nair")
        assert item.overdue_days == 10


async def test_snooze_to_a_typed_date_and_a_bad_one_keeps_the_dialog(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Budi Santoso")
        await pilot.press("s")
        await settle(pilot)
        await pilot.press("tab", *"yesterday", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        preview = str(app.screen.query_one("#snooze-when .when-preview").render())
        assert preview.startswith("✗") and "after today" in preview
        await pilot.press("ctrl+u", *"next monday", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        (item,) = open_follow_ups(week_store, "Budi Santoso")
        assert item.due.isoformat() == "2026-11-30"


async def test_escape_leaves_the_snooze_untouched(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("s", "escape")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        (item,) = open_follow_ups(week_store, "Priya Nair")
        assert item.overdue_days == 10


async def test_done_on_a_keep_in_touch_row_means_logging_a_conversation(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Dewi Lestari")
        assert app.screen.check_action("snooze", ()) is True  # keep-in-touch can be snoozed too
        await pilot.press("d")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        await pilot.press(*"Caught up on the new book", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert ("keep-in-touch", "Dewi Lestari") not in [(e.kind, e.contact) for e in entries(app)]


async def test_enter_and_o_open_the_contact_l_logs_with_them(week_store, make_app):
    app = make_app(week_store)
    opened: list[int] = []
    app.open_contact = opened.append
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Maya Chen")
        maya = app.screen._selected().contact_id
        await pilot.press("enter")
        await pilot.press("o")
        assert opened == [maya, maya]
        assert app.screen.check_action("done", ()) is False
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        assert app.screen.query_one("#log-who").service_names() == [f"#{maya}"]
        dialog = app.screen.query_one(".log-dialog")
        assert dialog.border_title == "Log a conversation with Maya Chen"


async def test_an_empty_week_is_calm_and_says_what_to_do_next(empty_store, make_app):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        assert not app.screen.query_one(ReviewList).display
        message = str(app.screen.query_one("#review-empty").render())
        assert message.startswith("✓ Nothing due this week") and "press l" in message
        assert "Press i to import" in message
        assert entries(app) == []
        assert app.screen.check_action("done", ()) is False
        assert app.screen.check_action("log_selected", ()) is False
        await pilot.press("l")  # the plain log, for anyone
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        assert app.screen.query_one("#log-who").value == ""


async def test_the_review_fits_80x24(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ReviewList)
        assert listing.region.height >= 8
        assert listing.region.right <= 80
        assert app.screen.query_one("#review-detail").region.bottom <= 23


async def test_rows_that_arrive_into_an_empty_week_fit_the_list(empty_store, make_app):
    """The list is hidden while the week is empty: rows that arrive later follow its width."""
    app = make_app(empty_store)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        contacts.add_contact(empty_store, ContactInput(name="Budi Santoso"), app.clock)
        conversations.add_follow_up(
            empty_store, "Budi Santoso", "tomorrow", "send the deck", app.clock
        )
        app.refresh_data()
        await settle(pilot)
        await pilot.pause(0.1)
        listing = app.screen.query_one(ReviewList)
        assert listing.display
        width = listing.scrollable_content_region.width
        rows = [listing.get_option_at_index(i).prompt for i in range(listing.option_count)]
        assert any("Budi Santoso" in str(row) for row in rows)
        assert all(row.cell_length == width for row in rows if "Budi" in str(row))


async def test_a_change_made_elsewhere_appears_without_restarting(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = app.revision
        # As the CLI would, in another process: straight through the services.
        trash.trash_contact(week_store, "Eko Prasetyo", app.clock)
        for _ in range(30):
            await pilot.pause(0.1)
            if app.revision != before:
                break
        await settle(pilot)
        assert app.revision != before
        assert "Eko Prasetyo" not in [e.contact for e in entries(app)]


async def test_done_pressed_twice_closes_once_without_an_error(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("d", "d")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        assert not [n for n in app._notifications if n.severity != "information"]
        assert open_follow_ups(week_store, "Priya Nair") == []


def conversations_with(store, name: str) -> list[str | None]:
    from netcrm.services import contact_detail
    from netcrm.services.clock import Clock

    detail = contact_detail.show_contact(store, name, Clock(TODAY))
    return [c.summary for c in detail.conversations]


async def test_l_starts_empty_and_never_logs_on_the_highlighted_person(week_store, make_app):
    """The slip: "l" on a highlighted row once filled Who with that row and put the cursor in
    "Talked about", so "Rina Wijaya, coffee about Figma" was logged on the wrong person."""
    from netcrm.tui.widgets.contact_picker import ContactPicker

    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Priya Nair")
        before = conversations_with(week_store, "Priya Nair")
        await pilot.press("l")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        picker = app.screen.query_one(ContactPicker)
        assert picker.value == "" and app.focused is picker.input
        assert app.screen.query_one(".log-dialog").border_title == "Log a conversation"
        await pilot.press(*"Rina Wijaya")
        await settle(pilot)
        await pilot.press("enter")  # "+ New contact"
        app.screen.query_one("#log-summary").focus()
        await pilot.press(*"coffee about Figma", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert conversations_with(week_store, "Rina Wijaya") == ["coffee about Figma"]
        assert conversations_with(week_store, "Priya Nair") == before


async def log_with_highlighted(pilot, contact: str) -> DueItem:
    """Highlight ``contact``'s row, press ``L``: the row it logs from."""
    await settle(pilot)
    await highlight(pilot, contact)
    item = pilot.app.screen._selected()
    await pilot.press("L")
    await settle(pilot)
    return item


async def test_logging_from_an_overdue_follow_up_offers_to_close_it(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        item = await log_with_highlighted(pilot, "Priya Nair")
        assert item.kind == "follow-up" and item.overdue_days > 0
        dialog = app.screen
        assert isinstance(dialog, LogConversationScreen)
        offer = dialog.query_one("#log-close")
        assert offer.value is True and item.title in str(offer.label)
        assert "overdue" in str(offer.label)
        assert app.focused.id == "log-summary"
        await pilot.press(*"Caught up on the pitch", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert all(f.id != item.id for f in open_follow_ups(week_store, "Priya Nair"))
        assert conversations_with(week_store, "Priya Nair")[0] == "Caught up on the pitch"


async def test_the_offer_to_close_can_be_declined(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        item = await log_with_highlighted(pilot, "Priya Nair")
        app.screen.query_one("#log-close").value = False
        await pilot.press(*"Only said hello", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert any(f.id == item.id for f in open_follow_ups(week_store, "Priya Nair"))


async def test_u_undoes_a_change_made_with_the_cli_and_says_what_it_undid(week_store, make_app):
    from week_sample import TODAY as today

    from netcrm.services.clock import Clock
    from netcrm.services.history import recent_changes

    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        # Another process (the CLI) moves Tom Becker to the trash while the app is open.
        trash.trash_contact(week_store, "Tom Becker", Clock(today))
        app.refresh_data()
        await settle(pilot)
        assert "Tom Becker" not in [e.contact for e in entries(app)]
        await pilot.press("u")
        await settle(pilot)
        assert "Tom Becker" in [e.contact for e in entries(app)]
        assert "Undid: Moved Tom Becker to the trash." in [n.message for n in app._notifications]
        assert recent_changes(week_store, 1)[0].undone


async def test_snooze_presets_count_from_the_due_day_not_from_today(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Sari Wulandari")  # due Fri 27 Nov, two days from today
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("1")  # one day later than it was due: Saturday, not tomorrow
        await settle(pilot)
        (item,) = open_follow_ups(week_store, "Sari Wulandari")
        assert item.due == TODAY + timedelta(days=3)


async def test_s_snoozes_a_keep_in_touch_and_x_puts_a_suggestion_off(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Dewi Lestari")
        assert app.screen._selected().kind == "keep-in-touch"
        await pilot.press("s")
        await settle(pilot)
        assert isinstance(app.screen, SnoozeScreen)
        await pilot.press("2")  # three days from today: it was overdue
        await settle(pilot)
        [entry] = [
            e for e in entries(app) if isinstance(e, DueItem) and e.contact == "Dewi Lestari"
        ]
        assert (entry.kind, entry.due) == ("keep-in-touch", TODAY + timedelta(days=3))

        await highlight(pilot, "Eko Prasetyo")
        assert isinstance(app.screen._selected(), Suggestion)
        await pilot.press("x")
        await settle(pilot)
        assert "Eko Prasetyo" not in [e.contact for e in entries(app)]
        assert any("Not now" in n.message for n in app._notifications)
        await pilot.press("u")
        await settle(pilot)
        assert "Eko Prasetyo" in [e.contact for e in entries(app)]


async def test_x_puts_a_birthday_off_until_after_it(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await highlight(pilot, "Rizky Ramadhan")
        await pilot.press("x")
        await settle(pilot)
        birthdays = [e for e in entries(app) if isinstance(e, DueItem) and e.kind == "birthday"]
        assert "Rizky Ramadhan" not in [e.contact for e in birthdays]
