"""Screenshots of the contacts, contact, who can help, me and network screens over the demo
network, on a frozen day, at 120x40 and at 80x24.

Update with ``pytest tests/tui/test_screen_snapshots.py --snapshot-update`` and look at every
changed SVG before committing it.
"""

from __future__ import annotations

import pytest
from screens_harness import FROZEN_TODAY, ScreensHarness, until
from textual.screen import Screen
from textual.widgets import Input

from netcrm.services import contact_detail
from netcrm.services.clock import Clock
from netcrm.store.engine import Store
from netcrm.tui.screens.contact import ContactScreen
from netcrm.tui.screens.contacts import ContactsScreen
from netcrm.tui.screens.me import MeScreen
from netcrm.tui.screens.network import NetworkScreen
from netcrm.tui.screens.who_can import WhoCanScreen
from netcrm.tui.widgets.contact_table import ContactTable

CLOCK = Clock(FROZEN_TODAY)
WIDE = (120, 40)
SMALL = (80, 24)


def filtered(query: str):
    """The contacts screen shows ``query``'s rows, the details read and nothing left to do."""

    def ready(screen: Screen) -> bool:
        return (
            isinstance(screen, ContactsScreen)
            and screen._shown_query == query
            and not screen.details_pending
            and not screen._reading_details
        )

    return ready


def settled(ready):
    async def run_before(pilot) -> None:
        await until(pilot, lambda: ready(pilot.app.screen))
        await pilot.pause(0.1)

    return run_before


def contacts_loaded(screen: Screen) -> bool:
    return isinstance(screen, ContactsScreen) and screen.loaded_once


def contact_loaded(screen: Screen) -> bool:
    return isinstance(screen, ContactScreen) and screen.detail is not None


def network_loaded(screen: Screen) -> bool:
    return isinstance(screen, NetworkScreen) and screen.stats is not None


def me_loaded(screen: Screen) -> bool:
    """Every strength has its card (they are mounted after the data arrives)."""
    if not isinstance(screen, MeScreen) or not screen.strengths:
        return False
    return len(screen.query(".me-card")) == len(screen.strengths)


def who_can_ready(screen: Screen) -> bool:
    return isinstance(screen, WhoCanScreen) and bool(screen.known_strengths)


def who_can_found(skill: str):
    def found(screen: Screen) -> bool:
        if not isinstance(screen, WhoCanScreen) or screen.skill != skill or not screen.rows:
            return False
        table = screen.query_one(ContactTable)
        return table.row_count == len(screen.rows) and not table.filling

    return found


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_contacts(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    app = ScreensHarness(demo_store, CLOCK, ContactsScreen)
    assert snap_compare(app, terminal_size=size, run_before=settled(contacts_loaded))


def test_contacts_filtered(snap_compare, demo_store: Store) -> None:
    app = ScreensHarness(demo_store, CLOCK, ContactsScreen)

    async def run_before(pilot) -> None:
        await settled(contacts_loaded)(pilot)
        await pilot.press("slash", *"jakarta")
        screen = pilot.app.screen
        await until(pilot, lambda: filtered("jakarta")(screen))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_contacts_filtered_by_a_word_said(
    snap_compare, demo_store: Store, size: tuple[int, int]
) -> None:
    """What matched, in the last column: where (dim), then the words around the match."""
    app = ScreensHarness(demo_store, CLOCK, ContactsScreen)

    async def run_before(pilot) -> None:
        await settled(contacts_loaded)(pilot)
        await pilot.press("slash")
        screen = pilot.app.screen
        # Typed in one go: each letter typed alone may be searched, and the cursor stays on
        # the person it was on, who depends on how fast the letters came.
        screen.query_one("#contacts-filter", Input).insert_text_at_cursor("sudirman")
        await until(pilot, lambda: filtered("sudirman")(screen))
        await pilot.app.workers.wait_for_complete()
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_contact(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    budi = contact_detail.show_contact(demo_store, "Budi Santoso", CLOCK).id
    app = ScreensHarness(demo_store, CLOCK, lambda: ContactScreen(budi))
    assert snap_compare(app, terminal_size=size, run_before=settled(contact_loaded))


def test_contact_follow_ups(snap_compare, demo_store: Store) -> None:
    budi = contact_detail.show_contact(demo_store, "Budi Santoso", CLOCK).id
    app = ScreensHarness(demo_store, CLOCK, lambda: ContactScreen(budi))

    async def run_before(pilot) -> None:
        await settled(contact_loaded)(pilot)
        await pilot.press("5")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=WIDE, run_before=run_before)


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_network(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    app = ScreensHarness(demo_store, CLOCK, NetworkScreen)
    assert snap_compare(app, terminal_size=size, run_before=settled(network_loaded))


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_me(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    app = ScreensHarness(demo_store, CLOCK, MeScreen)
    assert snap_compare(app, terminal_size=size, run_before=settled(me_loaded))


def test_who_can_before_a_strength_is_typed(snap_compare, demo_store: Store) -> None:
    app = ScreensHarness(demo_store, CLOCK, WhoCanScreen)
    assert snap_compare(app, terminal_size=WIDE, run_before=settled(who_can_ready))


@pytest.mark.parametrize("size", [WIDE, SMALL], ids=["120x40", "80x24"])
def test_who_can(snap_compare, demo_store: Store, size: tuple[int, int]) -> None:
    app = ScreensHarness(demo_store, CLOCK, WhoCanScreen)

    async def run_before(pilot) -> None:
        await settled(who_can_ready)(pilot)
        await pilot.press(*"systems")  # design systems and distributed systems
        await settled(who_can_found("systems"))(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
