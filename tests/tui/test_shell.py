"""The contract between the app and its screens: both apps keep it, and nothing else passes."""

from __future__ import annotations

import pytest
from screens_harness import ScreensHarness
from textual.app import App
from textual.screen import Screen
from week_sample import WIDE, settle

from netcrm.tui.commands import NetcrmCommands
from netcrm.tui.shell import Navigator, Shell, navigator_of, shell_of


def test_the_app_is_a_shell_that_moves_between_screens(week_store, make_app):
    app = make_app(week_store)
    assert isinstance(app, Shell) and isinstance(app, Navigator)
    assert navigator_of(app) is app


def test_the_stand_in_of_the_screen_tests_is_a_shell(week_store, frozen):
    harness = ScreensHarness(week_store, frozen, Screen)
    assert shell_of(harness) is harness
    with pytest.raises(TypeError, match="not the netcrm app"):
        navigator_of(harness)


def test_a_screen_in_any_other_app_is_told_at_once():
    with pytest.raises(TypeError, match="App is not a netcrm shell"):
        shell_of(App())


async def test_the_palette_moves_between_screens(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        commands = {name: run for name, _, run in NetcrmCommands(app.screen).commands()}
        commands["Network"]()
        await settle(pilot)
        assert app.current_mode == "network"
        commands["Import people…"]()
        await settle(pilot)
        assert app.current_mode == "import"
        commands["Review this week"]()
        await settle(pilot)
        assert app.current_mode == "review"
        commands["Keys"]()
        await settle(pilot)
        assert type(app.screen).__name__ == "HelpScreen"
