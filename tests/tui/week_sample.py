"""A small network with something in every part of the review on Wednesday 25 Nov 2026.

Built through the services only, as a user would build it; tests, snapshots and the
screenshots in docs/tui.md all use it.
"""

from __future__ import annotations

from datetime import date

from netcrm.services import contacts, conversations, me
from netcrm.services.clock import Clock
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.store.engine import Store

TODAY = date(2026, 11, 25)
WIDE = (120, 40)
SMALL = (80, 24)


def fill_week(store: Store, clock: Clock) -> None:
    """A small network with something in every part of the review on 25 Nov 2026."""

    def add(name: str, **fields) -> None:
        contacts.add_contact(store, ContactInput(name=name, **fields), clock)

    def log(names: list[str], on: date, **fields) -> None:
        conversations.log_conversation(
            store, ConversationInput(names=names, when=on.isoformat(), **fields), Clock(on)
        )

    add("Budi Santoso", company="Tokopedia", role="Engineering manager", tags=["python"])
    add("Sari Wulandari", company="Gojek", role="Product designer")
    add("Priya Nair", company="Razorpay", role="Founder")
    add("Tom Becker", company="Berlin.js", location="Berlin")
    add("Dewi Lestari", role="Writer", every="every 2 weeks")
    add("Ayu Pratiwi", company="Traveloka", every="monthly")
    add("Rizky Ramadhan", birthday="1992-11-28")
    add("Lucas Martin", company="Doctolib")
    add("Maya Chen", company="Shopee", location="Singapore")
    add("Eko Prasetyo", handles=["instagram:eko.travels"])
    me.add_my_strength(store, "Python", clock)
    me.add_my_strength(store, "Public speaking", clock)

    log(
        ["Priya Nair"],
        date(2026, 11, 1),
        via="video",
        note="Seed round plans",
        learned=["Fundraising"],
        follow_up="2026-11-15",
        about="Share the fundraising deck",
    )
    log(
        ["Budi Santoso"],
        date(2026, 11, 10),
        via="in-person",
        note="Workshop on data pipelines",
        learned=["Python"],
        shared=["Public speaking"],
        follow_up="2026-11-22",
        about="Send the workshop outline",
    )
    log(
        ["Tom Becker"],
        date(2026, 11, 20),
        via="call",
        note="Berlin meetup talk",
        follow_up="2026-11-25",
        about="Reply about the meetup talk",
    )
    log(
        ["Sari Wulandari"],
        date(2026, 11, 18),
        via="message",
        note="Design role at Gojek",
        learned=["UX research"],
        follow_up="2026-11-27",
        about="Introduce her to Maya",
    )
    log(["Dewi Lestari"], date(2026, 10, 20), via="event", note="Book launch in Bandung")
    log(["Ayu Pratiwi"], date(2026, 10, 28), via="in-person", note="Coffee in Kemang")
    log(["Lucas Martin"], date(2026, 6, 1), via="in-person", note="Met at PyCon")
    log(
        ["Lucas Martin"],
        date(2026, 8, 15),
        via="video",
        note="Health-tech ideas",
        learned=["Health tech"],
    )
    log(["Maya Chen"], date(2026, 11, 12), via="dm", note="Hiring in Singapore")


async def settle(pilot) -> None:
    """Let workers finish (a newer one may have replaced an older one) and the screen catch up."""
    from textual.worker import WorkerCancelled

    await pilot.pause()
    for _ in range(5):
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            continue
        break
    await pilot.pause()
