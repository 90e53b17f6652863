"""Network: the ladder funnel, conversations per week, who reaches out."""

from __future__ import annotations

from datetime import date, timedelta

from screens_harness import FROZEN_TODAY, ScreensHarness, until
from textual.widgets import Static

from netcrm.services.clock import Clock
from netcrm.services.records import LadderCounts, NetworkStats
from netcrm.store.engine import Store
from netcrm.tui.screens.network import NetworkScreen, reciprocity_lines
from netcrm.tui.widgets.ladder_funnel import LadderFunnel, funnel_lines
from netcrm.tui.widgets.week_chart import WeekChart, chart_lines

CLOCK = Clock(FROZEN_TODAY)
SIZE = (120, 40)


async def shown(pilot) -> NetworkScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, NetworkScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.stats is not None)
    await pilot.pause()
    return screen


def plain(screen: NetworkScreen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return str(getattr(content, "plain", content))


async def test_shows_the_funnel_the_weeks_and_who_reaches_out(store: Store) -> None:
    async with ScreensHarness(store, CLOCK, NetworkScreen).run_test(size=SIZE) as pilot:
        screen = await shown(pilot)
        funnel = screen.query_one(LadderFunnel).render().plain.splitlines()
        assert [line.split()[0] for line in funnel] == [
            "follower",
            "talked",
            "known",
            "mutual",
            "trusted",
        ]
        assert funnel[3].split("█")[-1].split() == ["2", "+2", "in", "30", "days"]
        assert "7 contacts · 5 past follower" in plain(screen, "#network-ladder-note")
        weeks = screen.query_one(WeekChart).weeks
        assert len(weeks) == 12 and weeks[-2] == (date(2026, 11, 16), 2)
        assert "5 conversations in 12 weeks" in plain(screen, "#network-weeks-note")
        reciprocity = plain(screen, "#network-reciprocity")
        assert "you reach out" in reciprocity and "38%" in reciprocity
        assert "Balanced" in reciprocity


async def test_an_empty_network_says_how_to_start(empty_store: Store) -> None:
    async with ScreensHarness(empty_store, CLOCK, NetworkScreen).run_test(size=SIZE) as pilot:
        screen = await shown(pilot)
        assert screen.has_class("-empty")
        assert "Your network is empty" in plain(screen, "#network-empty")


async def test_stacks_at_80_columns(store: Store) -> None:
    async with ScreensHarness(store, CLOCK, NetworkScreen).run_test(size=(80, 24)) as pilot:
        screen = await shown(pilot)
        assert screen.has_class("-narrow")
        ladder = screen.query_one("#network-ladder-section")
        reciprocity = screen.query_one("#network-reciprocity-section")
        assert reciprocity.region.y > ladder.region.y
        assert ladder.region.right <= 80


def ladder(**counts: int) -> LadderCounts:
    full = {"follower": 0, "talked": 0, "known": 0, "mutual": 0, "trusted": 0, **counts}
    return LadderCounts(full, {"talked": 3}, sum(full.values()))


def test_a_rung_with_anyone_on_it_always_shows_a_bar() -> None:
    lines = funnel_lines(ladder(follower=10_000, trusted=1), 80).plain.splitlines()
    assert "█" in lines[4] and lines[4].rstrip().endswith("1 —")
    assert "█" not in lines[1]
    assert lines[1].rstrip().endswith("0 +3 in 30 days")
    assert max(len(line) for line in lines) <= 80


def test_week_chart_puts_counts_and_mondays_under_the_bars() -> None:
    monday = date(2026, 9, 7)
    weeks = tuple((monday + timedelta(weeks=i), i % 3) for i in range(12))
    lines = chart_lines(weeks, 72, 6).plain.splitlines()
    assert len(lines) == 6
    assert lines[-1].split()[:2] == ["7", "Sep"]
    assert lines[-2].split()[:3] == ["0", "1", "2"]
    assert all(len(line) <= 72 for line in lines)
    assert "█" in lines[0]  # the highest week reaches the top


def test_reciprocity_with_nothing_recorded_asks_to_record_it() -> None:
    stats = NetworkStats(ladder(), (), 0, 0, 4)
    assert "initiated me/them" in reciprocity_lines(stats).plain
    lopsided = NetworkStats(ladder(), (), 9, 1, 0)
    assert "You start most conversations" in reciprocity_lines(lopsided).plain


async def test_n_in_the_app_opens_the_network(store: Store) -> None:
    from netcrm.tui.app import NetcrmApp

    app = NetcrmApp(store, CLOCK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        screen = await shown(pilot)
        assert screen.stats.ladder.total == 7
