"""The base of the screens that show the store: when it reads, what it shows, how it fails."""

from __future__ import annotations

import threading
from collections.abc import Callable

from screens_harness import FROZEN_TODAY, ScreensHarness, until
from textual.screen import Screen

from netcrm.services.clock import Clock
from netcrm.store.engine import Store
from netcrm.tui.live_screen import LiveScreen

CLOCK = Clock(FROZEN_TODAY)
SIZE = (80, 24)


class Counting(LiveScreen[int]):
    """Each read returns the next number; ``hold`` keeps a read waiting until it is set."""

    LOAD_GROUP = "counting"

    def __init__(self, fail: bool = False) -> None:
        super().__init__()
        self.reads = 0
        self.shown: list[int] = []
        self.fail = fail
        self.hold: threading.Event | None = None
        self.holding = threading.Event()  # a read is waiting for ``hold``

    def loader(self) -> Callable[[], int]:
        self.reads += 1
        number, hold = self.reads, self.hold

        def read() -> int:
            if hold is not None:
                self.holding.set()
                hold.wait(5)
            if self.fail:
                raise RuntimeError("disk I/O error")
            return number

        return read

    def show(self, result: int) -> None:
        self.shown.append(result)


class Other(Screen):
    """Something to put on top."""


async def test_it_reads_once_mounted_and_again_on_a_new_revision(empty_store: Store) -> None:
    screen = Counting()
    async with ScreensHarness(empty_store, CLOCK, lambda: screen).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: screen.shown == [1])
        pilot.app.refresh_data()
        await until(pilot, lambda: screen.shown == [1, 2])


async def test_out_of_sight_it_reads_when_it_is_back(empty_store: Store) -> None:
    """Textual counts the screen right under the top one as still in view (a dialog's): two
    screens on top hide it."""
    screen = Counting()
    async with ScreensHarness(empty_store, CLOCK, lambda: screen).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: screen.shown == [1])
        await pilot.app.push_screen(Other())
        await pilot.app.push_screen(Other())
        pilot.app.refresh_data()
        pilot.app.refresh_data()
        await pilot.pause(0.1)
        assert screen.reads == 1
        await pilot.app.pop_screen()
        await pilot.app.pop_screen()
        await until(pilot, lambda: screen.shown == [1, 2])
        await pilot.pause(0.1)
        assert screen.reads == 2  # once for both changes


async def test_a_read_replaced_meanwhile_is_not_shown(empty_store: Store) -> None:
    screen = Counting()
    async with ScreensHarness(empty_store, CLOCK, lambda: screen).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: screen.shown == [1])
        slow = screen.hold = threading.Event()
        screen.load()  # read 2 waits
        await until(pilot, screen.holding.is_set)
        screen.hold = None
        screen.load()  # read 3 replaces it
        await until(pilot, lambda: screen.shown == [1, 3])
        slow.set()
        await pilot.pause(0.2)
        assert screen.shown == [1, 3]


async def test_a_failed_read_is_one_sentence(empty_store: Store) -> None:
    screen = Counting(fail=True)
    async with ScreensHarness(empty_store, CLOCK, lambda: screen).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: pilot.app.errors)
        assert pilot.app.errors == ["Something went wrong reading the store: disk I/O error."]
        assert screen.shown == []
