"""The command palette (ctrl+p): every screen and action by name, and any person by name.

People are found with the search service in a thread, so typing in the palette never waits
on the store.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider

from netcrm.services import search
from netcrm.services.records import ContactRow
from netcrm.tui.registry import PALETTE
from netcrm.tui.shell import Navigator, navigator_of

PEOPLE_SHOWN = 5
Command = tuple[str, str, Callable[[], object]]


class NetcrmCommands(Provider):
    """Screens, the actions of the current screen, and people."""

    @property
    def netcrm(self) -> Navigator:
        return navigator_of(self.app)

    def commands(self) -> list[Command]:
        app = self.netcrm
        found: list[Command] = [
            (command.name, command.help, partial(command.run, app)) for command in PALETTE
        ]
        screen = self.screen
        screen_name = getattr(screen, "TITLE", None) or type(screen).__name__
        for binding in Binding.make_bindings(getattr(type(screen), "BINDINGS", [])):
            if not binding.description or binding.system:
                continue
            if screen.check_action(binding.action, ()) is not True:
                continue
            help_text = binding.tooltip or binding.description
            found.append(
                (
                    f"{screen_name}: {binding.description}",
                    f"{help_text} ({binding.key})",
                    partial(screen.run_action, binding.action),
                )
            )
        return found

    async def discover(self) -> Hits:
        for name, help_text, command in self.commands():
            yield DiscoveryHit(name, command, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for name, help_text, command in self.commands():
            score = matcher.match(name)
            if score > 0:
                yield Hit(score, matcher.highlight(name), command, help=help_text)
        wanted, person = person_query(query)
        if len(person) < 2:
            return
        app = self.netcrm
        try:
            rows = await asyncio.to_thread(
                search.search, app.store, person, app.clock, PEOPLE_SHOWN
            )
        except Exception:  # the palette offers what it can; the screens report errors
            return
        for rank, row in enumerate(rows):
            score = max(0.2, 0.9 - rank * 0.1)
            if wanted in ("open", "any"):
                yield Hit(
                    score,
                    Text(f"Open {row.name}"),
                    partial(app.open_contact, row.id),
                    text=f"Open {row.name}",
                    help=_person_help(row),
                )
            if wanted in ("log", "any"):
                yield Hit(
                    score - 0.05 if wanted == "any" else score,
                    Text(f"Log with {row.name}"),
                    partial(app.action_log, [row.name], known={row.name: row.id}),
                    text=f"Log with {row.name}",
                    help="Log a conversation with them",
                )


def person_query(query: str) -> tuple[str, str]:
    """ "log with budi" → ("log", "budi"); "open sari" → ("open", "sari"); "budi" → ("any", ...)."""
    words = query.strip()
    lowered = words.lower()
    for prefix, wanted in (("log with ", "log"), ("log ", "log"), ("open ", "open")):
        if lowered.startswith(prefix):
            return wanted, words[len(prefix) :].strip()
    return "any", words


def _person_help(row: ContactRow) -> str:
    parts = [row.stage, f"score {row.score}"]
    if row.company:
        parts.append(row.company)
    return " · ".join(parts)
