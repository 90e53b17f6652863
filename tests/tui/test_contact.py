"""One contact: header, tabs, edit, cadence, delete and undo, follow-ups, strengths."""

from __future__ import annotations

from datetime import date

from screens_harness import FROZEN_TODAY, ScreensHarness, cell_texts, until
from textual.screen import Screen
from textual.widgets import DataTable, Input, Sparkline, Static, TabbedContent, TextArea

from netcrm.services import contact_detail, contacts
from netcrm.services.clock import Clock
from netcrm.store.engine import Store
from netcrm.tui.dialogs.contact_form import ContactForm
from netcrm.tui.dialogs.text_prompt import TextPrompt
from netcrm.tui.screens.contact import ContactScreen

CLOCK = Clock(FROZEN_TODAY)
SIZE = (120, 40)
BUDI, EKO = 1, 5


class Home(Screen):
    """Something to go back to."""


def harness(store: Store, contact_id: int = BUDI) -> ScreensHarness:
    app = ScreensHarness(store, CLOCK, Home)
    app.call_later(lambda: app.push_screen(ContactScreen(contact_id)))
    return app


async def opened(pilot) -> ContactScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, ContactScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.detail is not None)
    return screen


def text_of(screen: Screen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return str(getattr(content, "plain", content))


async def reloaded(pilot, screen: ContactScreen, condition) -> None:
    await until(pilot, lambda: screen.detail is not None and condition(screen.detail))


async def test_header_shows_stage_why_and_warmth_trend(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert text_of(screen, "#contact-name") == "Budi Santoso"
        assert text_of(screen, "#contact-work") == "Engineering manager · Tokopedia · Jakarta"
        ladder = text_of(screen, "#contact-ladder")
        assert "◉ TRUSTED" in ladder
        assert "● follower" in ladder
        assert text_of(screen, "#contact-why").startswith("Why: trusted: support has flowed")
        assert "46" in text_of(screen, "#contact-score")
        assert screen.query_one(Sparkline).data == list(screen.detail.score_history)
        assert "12 weeks: up from 16" in text_of(screen, "#contact-trend-caption")
        tabs = screen.query_one(TabbedContent)
        labels = [str(tabs.get_tab(pane).label) for pane in ("timeline", "strengths", "details")]
        assert labels == ["Timeline 3", "Strengths 2", "Details"]


async def test_timeline_is_newest_first_with_channel_and_others(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        timeline = screen.query_one("#contact-timeline", Static)
        lines = [line.rstrip() for line in _lines(timeline)]
        first = next(i for i, line in enumerate(lines) if "7 days ago" in line)
        second = next(i for i, line in enumerate(lines) if "2 months ago" in line)
        assert first < second
        joined = "\n".join(lines)
        assert "call · they reached out" in joined
        assert "with Citra Dewi" in joined
        assert "He offered an intro to his CTO" in joined


def _lines(widget: Static) -> list[str]:
    from rich.console import Console

    console = Console(width=110, record=True)
    console.print(widget.content)
    return console.export_text().splitlines()


async def test_tabs_show_strengths_disclosures_exchanges_and_details(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("2")
        assert screen.query_one(TabbedContent).active == "strengths"
        strengths = "\n".join(_lines(screen.query_one("#contact-strengths", Static)))
        assert "Python" in strengths and "6 months ago" in strengths
        assert 'in "Met at the Python meetup"' in strengths
        await pilot.press("3")
        knows = "\n".join(_lines(screen.query_one("#contact-knows", Static)))
        assert "Public speaking" in knows
        await pilot.press("4")
        exchanges = "\n".join(_lines(screen.query_one("#contact-exchanges", Static)))
        assert "you got" in exchanges and "to the Tokopedia CTO" in exchanges
        await pilot.press("6")
        details = "\n".join(_lines(screen.query_one("#contact-details", Static)))
        for expected in (
            "instagram:budi.codes",
            "budi@example.com",
            "+62 811 555 0101",
            "Wed 14 Mar 1990",
            "PyCon APAC 2025",
            "every 2 weeks · due in 7 days",
            "Runs the Jakarta Python meetup.",
        ):
            assert expected in details


async def test_edit_saves_through_the_form(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ContactForm))
        form = pilot.app.screen
        form.query_one("#form-company", Input).value = "GoTo"
        tags = form.query_one("#form-tags", Input)
        assert tags.value == "jakarta, python"  # what is recorded is there to edit
        tags.value += ", mentor"
        form.query_one("#form-notes", TextArea).text = "Runs the meetup. Likes kopi."
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pilot.app.screen is screen)
        await reloaded(pilot, screen, lambda d: d.company == "GoTo")
        saved = contact_detail.get_contact(store, BUDI, CLOCK)
        assert saved.company == "GoTo"
        assert saved.tags == ("jakarta", "mentor", "python")
        assert saved.notes == "Runs the meetup. Likes kopi."
        assert saved.cadence == "every 2 weeks"  # untouched fields stay
        assert "Engineering manager · GoTo" in text_of(screen, "#contact-work")


async def erase(pilot, field: Input, count: int | None = None) -> None:
    """Delete the whole field, or the last ``count`` characters, with the keyboard."""
    field.focus()
    await pilot.pause()
    if count is None:
        await pilot.press("home", "ctrl+k")
    else:
        await pilot.press("end", *["backspace"] * count)


async def test_edit_removes_what_is_deleted_and_clears_emptied_fields(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ContactForm))
        form = pilot.app.screen
        handles = form.query_one("#form-handles", Input)
        assert handles.value == "instagram:budi.codes, linkedin:budisantoso"
        await erase(pilot, handles, len(", linkedin:budisantoso"))
        await erase(pilot, form.query_one("#form-tags", Input), len(", python"))
        for field_id in ("emails", "phones", "company", "location", "every", "birthday"):
            await erase(pilot, form.query_one(f"#form-{field_id}", Input))
        form.query_one("#form-notes", TextArea).text = ""
        await pilot.press("ctrl+s")
        await until(pilot, lambda: pilot.app.screen is screen)
        await reloaded(pilot, screen, lambda d: d.company is None)
        saved = contact_detail.get_contact(store, BUDI, CLOCK)
        assert [h.label for h in saved.handles] == ["instagram:budi.codes"]
        assert saved.tags == ("jakarta",)
        assert saved.emails == () and saved.phones == ()
        assert (saved.company, saved.location, saved.notes) == (None, None, None)
        assert (saved.cadence, saved.next_touch_due, saved.birthday) == (None, None, None)
        assert saved.role == "Engineering manager"  # untouched fields stay
        assert saved.how_met == "PyCon APAC 2025"
        assert text_of(screen, "#contact-work") == "Engineering manager"


async def test_edit_shows_bad_input_inline_and_saves_nothing(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("e")
        await until(pilot, lambda: isinstance(pilot.app.screen, ContactForm))
        form = pilot.app.screen
        form.query_one("#form-company", Input).value = "Somewhere else"
        form.query_one("#form-birthday", Input).value = "the day after never"
        await pilot.pause()
        assert "✗" in text_of(form, "#form-birthday-preview")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert pilot.app.screen is form
        assert "Fix the fields marked ✗" in text_of(form, "#form-error")
        form.query_one("#form-birthday", Input).value = "1990-03-14"
        form.query_one("#form-emails", Input).value = "not-an-email"
        await pilot.press("ctrl+s")
        await until(pilot, lambda: "not an email address" in text_of(form, "#form-error"))
        assert pilot.app.screen is form
        assert contact_detail.get_contact(store, BUDI, CLOCK).company == "Tokopedia"
        await pilot.press("escape")
        assert not isinstance(pilot.app.screen, ContactForm)


async def test_k_sets_the_keep_in_touch_cadence(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
        prompt = pilot.app.screen
        prompt.query_one(Input).value = "every fortnight-ish"
        await pilot.press("enter")
        assert pilot.app.screen is prompt  # not understood: stays, says why
        assert "✗" in text_of(prompt, ".prompt-preview")
        prompt.query_one(Input).value = "every 3 weeks"
        await pilot.pause()
        assert "every 3 weeks" in text_of(prompt, ".prompt-preview")
        await pilot.press("enter")
        await reloaded(pilot, screen, lambda d: d.cadence == "every 3 weeks")
        assert contact_detail.get_contact(store, BUDI, CLOCK).next_touch_due == date(2026, 12, 9)


async def test_delete_moves_to_the_trash_and_u_brings_back(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("delete")
        await reloaded(pilot, screen, lambda d: d.trashed)
        assert screen.has_class("-trashed")
        assert "in the trash" in text_of(screen, "#contact-banner")
        assert all(row.name != "Budi Santoso" for row in contacts.list_contacts(store, CLOCK))
        await pilot.press("e")  # a trashed contact cannot be edited
        assert pilot.app.screen is screen
        await pilot.press("u")
        await reloaded(pilot, screen, lambda d: not d.trashed)
        assert any(row.name == "Budi Santoso" for row in contacts.list_contacts(store, CLOCK))


async def test_follow_ups_done_and_snooze_from_the_contact(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("d")  # not on the follow-ups tab: nothing happens
        assert screen.detail.follow_ups[0].status == "open"
        await pilot.press("5")
        table = screen.query_one("#contact-follow-ups", DataTable)
        assert cell_texts(table)[0][:2] == ["due in 3 days", "Send the workshop outline"]
        await pilot.press("s")
        await until(pilot, lambda: pilot.app.screen is not screen)
        await pilot.press("3")  # a week after it was due (28 Nov), not a week from today
        await reloaded(pilot, screen, lambda d: d.follow_ups[0].due == date(2026, 12, 5))
        assert "snoozed from" in cell_texts(table)[0][3]
        await pilot.press("d")
        await reloaded(pilot, screen, lambda d: d.follow_ups[0].status == "done")
        assert cell_texts(table)[0][3] == "done"


async def test_a_adds_a_strength_on_the_strengths_tab(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("a")
        assert pilot.app.screen is screen  # only on the strengths tab
        await pilot.press("2", "a")
        await until(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
        await pilot.press(*"Mentoring", "enter")
        await reloaded(pilot, screen, lambda d: "Mentoring" in [s.name for s in d.strengths])
        assert "noted by hand" in "\n".join(_lines(screen.query_one("#contact-strengths", Static)))


async def test_l_logs_with_this_person_and_escape_goes_back(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        await opened(pilot)
        await pilot.press("l")
        assert pilot.app.logged == [["Budi Santoso"]]
        await pilot.press("escape")
        assert isinstance(pilot.app.screen, Home)


async def test_someone_never_talked_to_gets_empty_states_that_say_what_to_do(
    store: Store,
) -> None:
    async with harness(store, EKO).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        assert "◉ FOLLOWER" in text_of(screen, "#contact-ladder")
        assert "Next step: Log a conversation" in text_of(screen, "#contact-why")
        assert "Press l to log one" in "\n".join(_lines(screen.query_one("#contact-timeline")))
        assert screen.has_class("-no-follow-ups")


async def test_a_contact_that_no_longer_exists_says_so(store: Store) -> None:
    async with harness(store, 999).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(pilot.app.screen, ContactScreen))
        screen = pilot.app.screen
        await until(pilot, lambda: "no longer exists" in text_of(screen, "#contact-name"))
        await pilot.press("e", "delete")
        assert pilot.app.screen is screen
        assert pilot.app.errors == []


async def test_at_80_by_24_the_tabs_still_fit(store: Store) -> None:
    async with harness(store).run_test(size=(80, 24)) as pilot:
        screen = await opened(pilot)
        await pilot.pause()
        assert screen.has_class("-narrow")
        tabs = screen.query_one(TabbedContent)
        assert tabs.region.height >= 8


async def test_x_corrects_one_item_of_the_tab_edit_then_delete(store: Store) -> None:
    from netcrm.tui.dialogs.confirm import ConfirmScreen
    from netcrm.tui.dialogs.correct_item import CorrectItemScreen

    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        before = [s.name for s in screen.detail.strengths]
        await pilot.press("2", "x")
        await until(pilot, lambda: isinstance(pilot.app.screen, CorrectItemScreen))
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
        prompt = pilot.app.screen.query_one(Input)
        assert prompt.value == before[0]
        prompt.value = ""
        await pilot.press(*"Workshop design", "enter")
        await reloaded(pilot, screen, lambda d: "Workshop design" in [s.name for s in d.strengths])
        assert before[0] not in [s.name for s in screen.detail.strengths]

        talks = len(screen.detail.conversations)
        await pilot.press("1", "x")
        await until(pilot, lambda: isinstance(pilot.app.screen, CorrectItemScreen))
        await pilot.press("x")
        await until(pilot, lambda: isinstance(pilot.app.screen, ConfirmScreen))
        assert "Delete the conversation of" in pilot.app.screen.question
        await pilot.press("y")
        await reloaded(pilot, screen, lambda d: len(d.conversations) == talks - 1)


async def test_x_on_the_details_tab_does_nothing(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("6", "x")
        assert pilot.app.screen is screen
