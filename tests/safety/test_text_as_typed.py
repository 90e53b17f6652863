"""Any text, typed or imported, is shown as it is and can never drive the terminal.

Hypothesis writes names, notes and follow-up titles made of markup brackets, backslashes,
escape sequences (CSI colours, OSC titles and hyperlinks, C1 controls), emoji, right-to-left
text with overrides, combining marks and wide CJK, then reads them back through every command
that shows text and through the app's screens. Nothing crashes, the data comes back exactly
as stored (JSON), and what reaches the terminal holds no character that could drive it.
"""

from __future__ import annotations

import json
from datetime import date
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netcrm.domain.display import visible
from netcrm.domain.errors import NetcrmError
from netcrm.importers.records import ImportedPerson
from netcrm.services.clock import Clock
from netcrm.services.conversations import add_follow_up, log_conversation
from netcrm.services.importing import import_people
from netcrm.services.records import ConversationInput
from netcrm.store.engine import Store, open_store
from safety.helpers import cli

pytestmark = pytest.mark.slow

CLOCK = Clock(date(2026, 11, 25))
PIECES = (
    "[bold red]",
    "[/]",
    "[/link]",
    "\\",
    "\x1b[31m",
    "\x1b]0;pwned\x07",
    "\x1b]8;;https://evil.example\x1b\\",
    "\x9b2J",
    "\x07",
    "\r",
    "\u202e",
    "\u2066",
    "مرحبا",
    "שלום",
    "e\u0301",
    "山田太郎",
    "🙂",
    "👩\u200d💻",
    "Ana",
    " ",
)
TEXT = st.lists(st.sampled_from(PIECES), min_size=1, max_size=5).map("".join)
#: What may never reach the terminal from stored text. (The app's own output holds ESC [
#: sequences for colours and cursor moves, so only what it never writes itself is looked for.)
DRIVES_THE_TERMINAL = ("\x1b]", "\x9b", "\x07", "\u202e", "\u2066", "\r")
COMMANDS = (
    ("show", "{ref}"),
    ("search", "Ana"),
    ("review",),
    ("due", "--days", "30"),
    ("me",),
    ("history",),
    ("trash",),
)


@pytest.fixture(scope="module")
def shared_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    path = tmp_path_factory.mktemp("text-as-typed") / "netcrm.db"
    return open_store(str(path))


def _write(store: Store, name: str, text: str, serial: int) -> int:
    """A person called ``name`` (imported: nothing is refused on the way in), a conversation
    and a follow-up about ``text``; the person's id."""
    person = f"P{serial} {name}"
    import_people(store, [ImportedPerson(name=person, notes=text, company=text)], CLOCK)
    ref = f"#{_id_of(store, person)}"
    for typed in (text, visible(text, keep="")):  # typed control characters are refused
        try:
            log_conversation(store, ConversationInput(names=[ref], note=typed, place=typed), CLOCK)
            add_follow_up(store, ref, "in 3 days", typed, CLOCK)
        except NetcrmError as refused:
            assert "control character" in str(refused) or "blank" in str(refused), refused
        else:
            break
    return _id_of(store, person)


def _id_of(store: Store, name: str) -> int:
    from sqlalchemy import select

    from netcrm.store.tables import CONTACT

    with store.connection() as connection:
        return connection.execute(
            select(CONTACT.c.id).where(CONTACT.c.name == name).order_by(CONTACT.c.id.desc())
        ).scalar_one()


def _name_of(store: Store, contact_id: int) -> str:
    from sqlalchemy import select

    from netcrm.store.tables import CONTACT

    with store.connection() as connection:
        return connection.execute(
            select(CONTACT.c.name).where(CONTACT.c.id == contact_id)
        ).scalar_one()


SERIALS = count()


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(name=TEXT, text=TEXT)
def test_every_command_shows_any_text_as_typed(shared_store: Store, name: str, text: str) -> None:
    db = str(shared_store.url.database)
    try:
        contact_id = _write(shared_store, name, text, next(SERIALS))
    except NetcrmError:  # a name that is blank once cleaned: refused in one sentence
        return
    shown = json.loads(cli("show", f"#{contact_id}", "--json", db=db).stdout)
    assert shown["name"] == _name_of(shared_store, contact_id)  # the data, exactly as stored
    for command in COMMANDS:
        args = [part.format(ref=f"#{contact_id}") for part in command]
        ran = cli(*args, db=db)
        assert ran.returncode in (0, 1), (args, ran.stderr)
        assert "unexpected error" not in ran.stderr, (args, ran.stderr)
        for output in (ran.stdout, ran.stderr):
            for sequence in DRIVES_THE_TERMINAL:
                assert sequence not in output, (args, sequence, output)
            assert "\x1b" not in output, (args, output)  # not on a terminal: no styles at all
    human = cli("show", f"#{contact_id}", db=db).stdout
    stored_name = shown["name"]
    assert visible(stored_name, keep="").split()[0] in human


def test_the_app_never_writes_stored_control_characters_to_the_terminal(
    tmp_path: Path,
) -> None:
    """The contact screen and the review of someone whose every text is hostile."""
    import asyncio

    from netcrm.tui.app import NetcrmApp

    store = open_store(str(tmp_path / "netcrm.db"))
    hostile = "".join(PIECES)
    contact_id = _write(store, hostile, hostile, 0)

    async def drive() -> list[str]:
        app = NetcrmApp(store, CLOCK)
        frames = []
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause(0.5)
            frames.append(
                app.screen._compositor.render_update(full=True).render_segments(app.console)
            )
            app.open_contact(contact_id)
            await pilot.pause(0.5)
            app.notify(hostile)
            await pilot.pause(0.2)
            frames.append(
                app.screen._compositor.render_update(full=True).render_segments(app.console)
            )
        return frames

    frames = asyncio.run(drive())
    for frame in frames:
        for sequence in DRIVES_THE_TERMINAL:
            assert sequence not in frame, sequence
    assert "山田太郎" in frames[-1]  # the text itself is there
    store.close()
