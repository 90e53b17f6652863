"""Who can help? A strength in, the people who have it out, best ties first, with evidence."""

from __future__ import annotations

from datetime import date

from screens_harness import FROZEN_TODAY, ScreensHarness, cell_texts, until
from textual.widgets import Input, Static

from netcrm.services.clock import Clock
from netcrm.services.records import ContactRow
from netcrm.store.engine import Store
from netcrm.tui.screens.contact import ContactScreen
from netcrm.tui.screens.who_can import WhoCanScreen, evidence_text
from netcrm.tui.widgets.contact_table import ContactTable

CLOCK = Clock(FROZEN_TODAY)
SIZE = (120, 40)


def harness(store: Store) -> ScreensHarness:
    return ScreensHarness(store, CLOCK, WhoCanScreen)


async def ready(pilot) -> WhoCanScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, WhoCanScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.known_strengths)
    return screen


def empty_text(screen: WhoCanScreen) -> str:
    return str(screen.query_one("#who-empty", Static).content)


async def test_before_typing_it_lists_the_strengths_you_know_of(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        assert screen.query_one("#who-skill", Input).has_focus
        assert "Type a strength" in empty_text(screen)
        assert "Python" in empty_text(screen)


async def test_typing_a_skill_finds_the_best_ties_first_with_evidence(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press(*"python")
        table = screen.query_one(ContactTable)
        await until(pilot, lambda: table.row_count == 2)
        rows = cell_texts(table)
        assert [row[0] for row in rows] == ["Budi Santoso", "Citra Dewi"]
        assert rows[0][1] == "trusted"
        assert rows[0][3] == 'Python · learned 6 months ago in "Met at the Python meetup"'
        status = str(screen.query_one("#who-status", Static).content)
        assert status.startswith('2 people good at "python"')


async def test_enter_goes_to_the_results_and_opens_a_contact(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press(*"product")
        await until(pilot, lambda: screen.query_one(ContactTable).row_count == 1)
        await pilot.press("enter")
        assert screen.query_one(ContactTable).has_focus
        await pilot.press("L")
        assert pilot.app.logged == [["Gita Maharani"]]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ContactScreen))
        assert pilot.app.screen.contact_id == 7


async def test_a_skill_nobody_has_says_how_to_note_one(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await ready(pilot)
        await pilot.press(*"welding")
        await until(pilot, lambda: screen.skill == "welding")
        assert screen.has_class("-empty")
        assert 'Nobody you know is noted for "welding" yet.' in empty_text(screen)
        assert "learned" in empty_text(screen)
        await pilot.press(*["backspace"] * 7)
        await until(pilot, lambda: "Type a strength" in empty_text(screen))


def test_evidence_reads_as_when_you_learned_it() -> None:
    row = ContactRow(
        1,
        "Ana",
        None,
        "known",
        10,
        None,
        None,
        matched="Design",
        evidence='Design, noted 2026-11-18 ("Coffee, design talk")',
        noted_on=date(2026, 11, 18),
        evidence_talk="Coffee, design talk",
    )
    assert evidence_text(row, FROZEN_TODAY).plain == (
        'Design · learned 7 days ago in "Coffee, design talk"'
    )
    bare = ContactRow(
        1,
        "Ana",
        None,
        "known",
        10,
        None,
        None,
        matched="Design",
        evidence="Design, noted 2026-01-02",
        noted_on=date(2026, 1, 2),
    )
    assert evidence_text(bare, FROZEN_TODAY).plain == "Design · learned 11 months ago"
    undated = ContactRow(1, "Ana", None, "known", 10, None, None, matched="Design")
    assert evidence_text(undated, FROZEN_TODAY).plain == "Design"


async def test_w_in_the_app_opens_who_can_help(store: Store) -> None:
    from netcrm.tui.app import NetcrmApp

    app = NetcrmApp(store, CLOCK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        screen = await ready(pilot)
        await pilot.press(*"python")
        await until(pilot, lambda: screen.query_one(ContactTable).row_count == 2)
