"""Logging a conversation from the keyboard: the basic case, the details, and every error."""

from __future__ import annotations

from safety.helpers import count_contacts
from week_sample import SMALL, WIDE, settle

from netcrm.services import contact_detail
from netcrm.tui.dialogs.confirm import ConfirmScreen
from netcrm.tui.dialogs.log import LogConversationScreen
from netcrm.tui.screens.review import ReviewScreen
from netcrm.tui.widgets.contact_picker import ContactPicker


def timeline(store, clock, name: str) -> list[str | None]:
    return [c.summary for c in contact_detail.show_contact(store, name, clock).conversations]


def notifications(app) -> list[str]:
    return [n.message for n in app._notifications]


def record_notifications(app) -> list[str]:
    """Every message notified from now on, even ones that expire before a slow test looks."""
    seen: list[str] = []
    original = app.notify

    def notify(message, *args, **kwargs):
        seen.append(str(message))
        return original(message, *args, **kwargs)

    app.notify = notify
    return seen


async def open_log(pilot) -> LogConversationScreen:
    # The app-wide action, as "l" is on every screen and "Log a conversation" in the palette.
    pilot.app.action_log()
    await settle(pilot)
    assert isinstance(pilot.app.screen, LogConversationScreen)
    return pilot.app.screen


async def test_the_basic_case_name_tab_summary_ctrl_s(week_store, make_app, frozen):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press(*"budi")
        await settle(pilot)
        picker = app.screen.query_one(ContactPicker)
        assert picker.is_open
        await pilot.press("tab")  # takes "Budi Santoso", moves to the summary
        assert picker.value == "Budi Santoso"
        assert app.focused.id == "log-summary"
        await pilot.press(*"Talked about the PyCon keynote", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert timeline(week_store, frozen, "Budi Santoso")[0] == "Talked about the PyCon keynote"
        assert any(m.startswith("Logged with Budi Santoso") for m in notifications(app))


async def test_everything_a_conversation_can_carry(week_store, make_app, frozen):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = await open_log(pilot)
        await pilot.press(*"sari", "tab", *"Portfolio review", "tab")
        await pilot.press(*"last friday 3pm")
        preview = str(screen.query_one("#log-when .when-preview").render())
        assert preview == "→ Fri 20 Nov 2026, 15:00 · 5 days ago"
        screen.query_one("#log-via").value = "video"
        screen.query_one("#log-initiated").value = "them"
        screen.query_one("#log-place").value = "Zoom"
        screen.query_one("#log-learned").input.focus()
        await pilot.press(*"ux", "enter", *"Illustration", "tab")  # a known one, then a new one
        await pilot.press(*"pyth", "tab")
        await pilot.press(*"gave: intro to Maya; got: referral: a designer", "tab")
        await pilot.press(*"in 2 weeks", "tab", *"Send the case study")
        seen = record_notifications(app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        detail = contact_detail.show_contact(week_store, "Sari Wulandari", frozen)
        talk = detail.conversations[0]
        assert (talk.summary, talk.channel, talk.place, talk.initiated) == (
            "Portfolio review",
            "video",
            "Zoom",
            "them",
        )
        assert talk.at.day == 20 and talk.at.hour == 15
        assert {s.name for s in detail.strengths} >= {"UX research", "Illustration"}
        assert [d.strength for d in detail.knows_mine] == ["Python"]
        assert sorted((e.direction, e.kind) for e in detail.exchanges) == [
            ("gave", "intro"),
            ("got", "referral"),
        ]
        assert "Send the case study" in [f.title for f in detail.follow_ups]
        assert detail.stage == "trusted"
        message = next(m for m in seen if m.startswith("Logged"))
        assert "now trusted" in message and "follow-up set" in message


async def test_several_people_in_one_conversation(week_store, make_app, frozen):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press(*"budi")
        await settle(pilot)
        await pilot.press("enter")  # takes Budi, stays for the next name
        await pilot.press(*"tom b")
        await settle(pilot)
        await pilot.press("tab", *"Planned the Berlin workshop", "ctrl+s")
        await settle(pilot)
        assert timeline(week_store, frozen, "Tom Becker")[0] == "Planned the Berlin workshop"
        assert timeline(week_store, frozen, "Budi Santoso")[0] == "Planned the Berlin workshop"
        assert any("Budi Santoso and Tom Becker" in m for m in notifications(app))


async def test_a_new_person_is_created_only_when_chosen(week_store, make_app, frozen):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press(*"Nadia Putri")
        await settle(pilot)
        picker = app.screen.query_one(ContactPicker)
        assert picker.suggestions.highlighted_option.id == "create"
        await pilot.press("tab")  # tab never creates anybody
        await pilot.press(*"Met at the Jakarta meetup", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        message = str(app.screen.query_one("#log-who-message").render())
        assert 'No contact called "Nadia Putri"' in message and "New contact" in message
        assert "--create" not in message
        assert count_contacts(week_store) == 10
        picker.input.focus()
        await pilot.press("end", "backspace", "i")
        await settle(pilot)
        await pilot.press("enter")  # the "+ New contact" option
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert timeline(week_store, frozen, "Nadia Putri") == ["Met at the Jakarta meetup"]
        assert any("new contact: Nadia Putri" in m for m in notifications(app))


async def test_a_typo_next_to_a_new_person_saves_nothing(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press(*"Nadia Putri")
        await settle(pilot)
        await pilot.press("enter", *"Xyzzy Qwerty")
        await settle(pilot)
        await pilot.press("tab", *"Lunch", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        assert "Xyzzy Qwerty" in str(app.screen.query_one("#log-who-message").render())
        assert count_contacts(week_store) == 10


async def test_an_unreadable_date_is_explained_inline_and_nothing_is_saved(
    week_store, make_app, frozen
):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        before = timeline(week_store, frozen, "Budi Santoso")
        await pilot.press(*"budi")
        await settle(pilot)
        await pilot.press("tab", *"Lunch", "tab", *"last blursday", "ctrl+s")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LogConversationScreen)
        preview = str(screen.query_one("#log-when .when-preview").render())
        assert preview.startswith('✗ Cannot understand the date "last blursday"')
        assert app.focused is screen.query_one("#log-when").input
        await pilot.press("ctrl+u", *"in 3 days")
        preview = str(screen.query_one("#log-when .when-preview").render())
        assert "in the future" in preview
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        assert timeline(week_store, frozen, "Budi Santoso") == before


async def test_a_follow_up_in_the_past_or_about_without_when_is_refused(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = await open_log(pilot)
        screen.query_one("#log-who").value = "Budi Santoso"
        screen.query_one("#log-about").value = "Send the slides"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Say when to follow up" in str(screen.query_one("#log-error").render())
        screen.query_one("#log-follow-up").value = "yesterday"
        await pilot.pause()
        assert "today or later" in str(screen.query_one("#log-follow-up .when-preview").render())
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)


async def test_no_name_no_save(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = await open_log(pilot)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert "Say who you talked to" in str(screen.query_one("#log-who-message").render())


async def test_service_errors_show_inline(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        screen = await open_log(pilot)
        screen.query_one("#log-who").value = "Budi Santoso"
        screen.query_one("#log-support").value = "borrowed a book"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        assert 'An exchange reads "gave: TEXT"' in str(screen.query_one("#log-error").render())


async def test_escape_cancels_and_asks_first_when_something_was_typed(week_store, make_app, frozen):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        await open_log(pilot)
        await pilot.press(*"budi")
        await settle(pilot)
        await pilot.press("escape")  # closes the suggestions only
        assert isinstance(app.screen, LogConversationScreen)
        await pilot.press("tab", *"A long story", "escape")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert isinstance(app.screen, LogConversationScreen)
        await pilot.press("escape", "y")
        assert isinstance(app.screen, ReviewScreen)
        assert "A long story" not in timeline(week_store, frozen, "Budi Santoso")


async def test_the_stage_change_is_announced(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press(*"eko")
        await settle(pilot)
        await pilot.press("tab", *"First coffee", "ctrl+s")
        await settle(pilot)
        assert "Logged with Eko Prasetyo · now talked" in notifications(app)


async def test_the_log_fits_80x24(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=SMALL) as pilot:
        await settle(pilot)
        screen = await open_log(pilot)
        dialog = screen.query_one(".log-dialog")
        assert dialog.region.y >= 0 and dialog.region.bottom <= 24
        save = screen.query_one("#log-save")
        assert save.region.bottom <= dialog.region.bottom
        assert screen.query_one("#log-about").region.bottom <= save.region.y


async def test_closing_while_suggestions_are_on_their_way_is_harmless(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press("b", "u")
        app.screen.action_cancel()  # before the search for "bu" can answer
        await settle(pilot)
        assert isinstance(app.screen, ReviewScreen)
        assert app.is_running


async def test_the_name_list_comes_back_after_an_unknown_name(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press(*"Nadia Putri")
        await settle(pilot)
        picker = app.screen.query_one(ContactPicker)
        await pilot.press("tab", *"Met at the meetup", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        assert app.focused is picker.input  # back on the name, with the list again
        await settle(pilot)
        assert picker.is_open
        await pilot.press("escape")
        assert not picker.is_open
        await pilot.press("down")
        await settle(pilot)
        assert picker.is_open
        assert picker.suggestions.highlighted_option.id == "create"


async def test_a_name_taken_from_the_list_does_not_reopen_it(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await open_log(pilot)
        await pilot.press(*"budi")
        await settle(pilot)
        await pilot.press("tab")
        picker = app.screen.query_one(ContactPicker)
        picker.input.focus()
        await settle(pilot)
        assert not picker.is_open
