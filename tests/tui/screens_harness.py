"""A small stand-in for the app shell, so screen tests do not depend on it.

It is a :class:`netcrm.tui.shell.Shell`, what the screens rely on: ``store``, ``clock``,
``settings``, a reactive ``revision``, ``refresh_data()``, ``open_contact()``, ``action_log()``
and ``notify_error()``.
It also builds a small sample network through the services.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from textual.app import App
from textual.reactive import reactive
from textual.screen import Screen
from week_sample import TODAY

import netcrm.tui
from netcrm.services import contacts, conversations, me
from netcrm.services.clock import Clock
from netcrm.services.records import ClosingFollowUp, ContactInput, ConversationInput
from netcrm.services.watch import store_revision
from netcrm.store.engine import Store
from netcrm.tui.settings import Settings

FROZEN_TODAY = TODAY


SHELL_CSS = Path(netcrm.tui.__file__).with_name("app.tcss")


class ScreensHarness(App):
    """Shows one screen over a store; records what it was asked to do."""

    CSS_PATH = SHELL_CSS if SHELL_CSS.exists() else None

    revision: reactive[int] = reactive(0)

    def __init__(self, store: Store, clock: Clock, first: Callable[[], Screen]) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.settings = Settings()
        self._first = first
        self.logged: list[list[str] | None] = []
        self.adding = 0
        self.errors: list[str] = []

    def on_mount(self) -> None:
        self.revision = store_revision(self.store)
        self.push_screen(self._first())

    def refresh_data(self) -> None:
        self.revision += 1

    def open_contact(self, contact_id: int) -> None:
        from netcrm.tui.screens.contact import ContactScreen

        self.push_screen(ContactScreen(contact_id))

    def action_log(
        self,
        names: list[str] | None = None,
        *,
        known: dict[str, int] | None = None,
        closing: ClosingFollowUp | None = None,
    ) -> None:
        self.logged.append(names)
        self.notify(f"log with {', '.join(names or [])}")

    def action_add_person(self) -> None:
        self.adding += 1

    def notify_error(self, error: BaseException) -> None:
        self.errors.append(str(error))
        self.notify(str(error), title="Error", severity="error")


def fill_sample(store: Store, clock: Clock) -> None:
    """A small network on every rung, with strengths, disclosures, exchanges and follow-ups."""

    def add(name: str, **fields) -> None:
        contacts.add_contact(store, ContactInput(name=name, **fields), clock)

    def log(names: list[str], when: str, at: Clock = clock, **fields) -> None:
        conversations.log_conversation(
            store, ConversationInput(names=names, when=when, **fields), at
        )

    add(
        "Budi Santoso",
        company="Tokopedia",
        role="Engineering manager",
        location="Jakarta",
        emails=["budi@example.com"],
        phones=["+62 811 555 0101"],
        handles=["instagram:budi.codes", "linkedin:budisantoso"],
        tags=["python", "jakarta"],
        how_met="PyCon APAC 2025",
        every="every 2 weeks",
        birthday="1990-03-14",
        notes="Runs the Jakarta Python meetup.",
    )
    add("Ana Lim", company="Grab", role="Designer", tags=["design"], every="monthly")
    add("Citra Dewi", company="Gojek", role="Data scientist", tags=["python", "data"])
    add("Dewi Lestari", company="Freelance", role="Writer", tags=["writing"])
    add("Eko Prasetyo", handles=["instagram:eko.travels"], tags=["travel"])
    add("Fajar Nugroho", handles=["x:fajarn"])
    add("Gita Maharani", company="Bukalapak", role="Product lead", tags=["product"])
    me.add_my_strength(store, "Python", clock)
    me.add_my_strength(store, "Public speaking", clock)
    me.add_my_strength(store, "Fundraising", clock)
    log(
        ["Budi Santoso"],
        "2026-06-02",
        via="in-person",
        note="Met at the Python meetup",
        initiated="them",
        learned=["Python"],
    )
    log(
        ["Budi Santoso", "Citra Dewi"],
        "2026-09-15",
        via="video",
        note="Planned a workshop on data pipelines",
        initiated="me",
        learned=["Data engineering"],
        shared=["Public speaking"],
    )
    log(
        ["Budi Santoso"],
        "2026-11-18",
        via="call",
        note="He offered an intro to his CTO",
        initiated="them",
        exchanges=["got: intro: to the Tokopedia CTO"],
        follow_up="2026-11-28",
        about="Send the workshop outline",
    )
    log(
        ["Ana Lim"],
        "2026-10-01",
        via="in-person",
        note="Coffee about the redesign",
        initiated="me",
        learned=["UX research"],
    )
    log(
        ["Ana Lim"],
        "2026-11-20",
        via="message",
        note="Sent the portfolio link",
        initiated="them",
        shared=["Python"],
    )
    log(
        ["Citra Dewi"],
        "2026-08-20",
        via="email",
        note="Asked about the ML course",
        learned=["Machine learning", "Python"],
    )
    log(["Dewi Lestari"], "2026-04-10", via="event", note="Book launch in Bandung")
    log(
        ["Gita Maharani"],
        "2026-11-10",
        Clock(date(2026, 11, 10)),
        via="in-person",
        note="Roadmap chat",
        initiated="me",
        learned=["Product strategy"],
        follow_up="2026-11-20",
        about="Share the pricing deck",
    )
    conversations.add_follow_up(store, "Citra Dewi", "2026-12-10", "Ask how the course went", clock)


def fill_many(store: Store, clock: Clock, count: int) -> None:
    """``count`` bare contacts (a large imported follower list)."""
    for number in range(count):
        contacts.add_contact(
            store, ContactInput(name=f"Follower {number:05d}", tags=["imported"]), clock
        )


async def until(pilot, condition: Callable[[], object], timeout: float = 10.0) -> None:
    """Let the app run (workers are threads) until ``condition()`` holds."""
    waited = 0.0
    while not condition():
        if waited >= timeout:
            raise AssertionError("the screen did not get there in time")
        await pilot.pause(0.02)
        waited += 0.02
    await pilot.pause()


def cell_texts(table) -> list[list[str]]:
    """Every row of a DataTable as plain strings, in display order."""
    return [
        [str(getattr(cell, "plain", cell)) for cell in table.get_row_at(index)]
        for index in range(table.row_count)
    ]
