"""Everything the user can reach, listed once: the global keys, the screens, the palette.

The app binds the keys and builds the screens from here, the help screen lists them, and the
command palette offers them by name. Screens are named by module and class and imported on
first use, so reading this costs nothing and imports none of them.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType

if TYPE_CHECKING:
    from textual.screen import Screen

    from netcrm.tui.shell import Navigator

# The five main screens share one footer entry: "r c w m n Screens".
SCREENS = Binding.Group("Screens")

GLOBAL_BINDINGS: list[BindingType] = [
    Binding("l", "log", "Log", id="log", tooltip="Log a conversation"),
    Binding(
        "r", "go('review')", "Review", id="review", tooltip="This week: what is due", group=SCREENS
    ),
    Binding(
        "c", "go('contacts')", "Contacts", id="contacts", tooltip="Every contact", group=SCREENS
    ),
    Binding(
        "w", "go('who_can')", "Who can", id="who-can", tooltip="Who can help with…?", group=SCREENS
    ),
    Binding(
        "m", "go('me')", "Me", id="me", tooltip="My strengths, and who knows them", group=SCREENS
    ),
    Binding(
        "n",
        "go('network')",
        "Network",
        id="network",
        tooltip="The ladder and trends",
        group=SCREENS,
    ),
    Binding(
        "i",
        "import_people",
        "Import",
        id="import",
        tooltip="Import people from a platform export or a backup",
        show=False,
    ),
    Binding(
        "u",
        "undo",
        "Undo",
        id="undo",
        tooltip="Undo the last change, then the one before",
    ),
    Binding("question_mark", "help", "Keys", id="help", tooltip="Every key"),
    Binding("ctrl+q", "quit", "Quit", id="quit", tooltip="Quit netcrm", priority=True),
]
# While a dialog is open these keys belong to it, not to the shell.
SHELL_ACTIONS = frozenset(
    {"log", "go", "help", "import_people", "duplicates", "add_person", "undo"}
)


ScreenClass = Callable[..., "Screen[Any]"]


def import_screen(module_name: str, class_name: str) -> ScreenClass | None:
    """The screen class, or None when this build does not have it."""
    try:
        screen_class: ScreenClass = getattr(importlib.import_module(module_name), class_name)
    except (ImportError, AttributeError):
        return None
    return screen_class


@dataclass(frozen=True)
class ScreenEntry:
    """A screen built elsewhere in the tree."""

    title: str  # its section in the help
    module: str
    class_name: str
    label: str  # in "The … screen is not available in this build."

    def load(self) -> ScreenClass | None:
        return import_screen(self.module, self.class_name)


# The main screens other than the review (which the app imports itself): a mode each.
MODE_SCREENS: dict[str, ScreenEntry] = {
    "contacts": ScreenEntry(
        "Contacts", "netcrm.tui.screens.contacts", "ContactsScreen", label="Contacts"
    ),
    "who_can": ScreenEntry(
        "Who can help?", "netcrm.tui.screens.who_can", "WhoCanScreen", label="Who can help?"
    ),
    "me": ScreenEntry("Me", "netcrm.tui.screens.me", "MeScreen", label="Me"),
    "network": ScreenEntry(
        "Network", "netcrm.tui.screens.network", "NetworkScreen", label="Network"
    ),
    "import": ScreenEntry(
        "Import people", "netcrm.tui.screens.importing", "ImportScreen", label="Import"
    ),
    "duplicates": ScreenEntry(
        "Duplicates", "netcrm.tui.screens.duplicates", "DuplicatesScreen", label="Duplicates"
    ),
}
# Pushed over the others, for one person.
CONTACT_SCREEN = ScreenEntry(
    "One contact", "netcrm.tui.screens.contact", "ContactScreen", label="contact"
)
# The screens the help lists after the review and the dialogs, in this order.
OTHER_SCREENS: tuple[ScreenEntry, ...] = (
    MODE_SCREENS["contacts"],
    CONTACT_SCREEN,
    MODE_SCREENS["who_can"],
    MODE_SCREENS["me"],
    MODE_SCREENS["network"],
    MODE_SCREENS["import"],
    MODE_SCREENS["duplicates"],
)


@dataclass(frozen=True)
class PaletteCommand:
    name: str
    help: str
    run: Callable[[Navigator], object]


def _go(mode: str) -> Callable[[Navigator], object]:
    return lambda app: app.action_go(mode)


PALETTE: tuple[PaletteCommand, ...] = (
    PaletteCommand(
        "Log a conversation",
        "Who, when, what about, what you learned (l)",
        lambda app: app.action_log(),
    ),
    PaletteCommand(
        "Add a person…",
        "Name, work, handles, tags, keep-in-touch, birthday (a on Contacts)",
        lambda app: app.action_add_person(),
    ),
    PaletteCommand("Review this week", "What is due, and who to reconnect with (r)", _go("review")),
    PaletteCommand("Contacts", "Everyone, filtered as you type (c)", _go("contacts")),
    PaletteCommand("Who can help?", "People by strength, best ties first (w)", _go("who_can")),
    PaletteCommand("Me", "My strengths, and who knows them (m)", _go("me")),
    PaletteCommand(
        "Network", "The ladder, conversations per week, reciprocity (n)", _go("network")
    ),
    PaletteCommand(
        "Import people…",
        "From Instagram, LinkedIn, X, Facebook, Google, vCard, CSV or a backup (i)",
        lambda app: app.action_import_people(),
    ),
    PaletteCommand(
        "Duplicates…",
        "People who may be here twice: merge them, or say they are different",
        lambda app: app.action_duplicates(),
    ),
    PaletteCommand(
        "Undo the last change",
        "Log, edit, done, snooze, delete, import… one at a time, newest first (u)",
        lambda app: app.action_undo(),
    ),
    PaletteCommand("Keys", "Every key, screen by screen (?)", lambda app: app.action_help()),
)
