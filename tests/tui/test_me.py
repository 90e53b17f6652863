"""Me: my strengths, who knows each, and whom to tell next."""

from __future__ import annotations

from screens_harness import FROZEN_TODAY, ScreensHarness, until
from textual.widgets import Input, Static

from netcrm.services import me
from netcrm.services.clock import Clock
from netcrm.services.records import MyStrengthRecord
from netcrm.store.engine import Store
from netcrm.tui.dialogs.text_prompt import TextPrompt
from netcrm.tui.screens.me import MeScreen, strength_card

CLOCK = Clock(FROZEN_TODAY)
SIZE = (120, 40)


def cards(screen: MeScreen) -> list[str]:
    return [str(card.content) for card in screen.query(".me-card").results(Static)]


async def shown(pilot) -> MeScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, MeScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.strengths is not None and screen.query("#me-list > *"))
    return screen


async def test_each_strength_says_who_knows_it_and_whom_to_tell(store: Store) -> None:
    async with ScreensHarness(store, CLOCK, MeScreen).run_test(size=SIZE) as pilot:
        screen = await shown(pilot)
        fundraising, speaking, python = cards(screen)
        assert fundraising.startswith("Fundraising   nobody knows it yet")
        assert "→ tell Budi Santoso about Fundraising" in fundraising
        assert "Knows it   Budi Santoso, Citra Dewi" in speaking
        assert "known by 1 person" in python
        assert "→ tell Budi Santoso about Python" in python
        assert "also not yet: Gita Maharani, Citra Dewi" in python


async def test_a_adds_one_of_my_strengths(store: Store) -> None:
    async with ScreensHarness(store, CLOCK, MeScreen).run_test(size=SIZE) as pilot:
        screen = await shown(pilot)
        await pilot.press("a")
        await until(pilot, lambda: isinstance(pilot.app.screen, TextPrompt))
        prompt = pilot.app.screen
        await pilot.press(*"python")
        assert "already one of yours" in str(prompt.query_one(".prompt-preview", Static).content)
        prompt.query_one(Input).value = "Design systems"
        await pilot.press("enter")
        await until(pilot, lambda: len(cards(screen)) == 4)
        assert "Design systems" in me.my_strength_names(store)
        assert any(card.startswith("Design systems") for card in cards(screen))


async def test_with_no_strengths_yet_it_says_how_to_start(empty_store: Store) -> None:
    async with ScreensHarness(empty_store, CLOCK, MeScreen).run_test(size=SIZE) as pilot:
        screen = await shown(pilot)
        message = str(screen.query_one("#me-empty", Static).content)
        assert "Press a to add one" in message


def test_a_strength_everyone_close_knows_needs_no_suggestion() -> None:
    card = strength_card(MyStrengthRecord(1, "Python", ("Ana", "Budi"), ()))
    assert "every close tie knows it" in card.plain
    lonely = strength_card(MyStrengthRecord(1, "Python", (), ()))
    assert "no close ties yet" in lonely.plain


async def test_m_in_the_app_opens_me(store: Store) -> None:
    from netcrm.tui.app import NetcrmApp

    app = NetcrmApp(store, CLOCK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("m")
        screen = await shown(pilot)
        assert len(cards(screen)) == 3
