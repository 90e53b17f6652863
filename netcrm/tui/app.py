"""The app shell: modes for the main screens, global keys, live refresh, theme, palette.

It is the :class:`~netcrm.tui.shell.Shell` every screen uses. Its ``revision`` changes whenever
the data may have changed, from this app (``refresh_data()`` after a write) or from elsewhere
(the store's own revision, polled once a second in a thread). The keys and the screens it
offers are listed in :mod:`netcrm.tui.registry`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App
from textual.binding import BindingType
from textual.command import Provider
from textual.filter import LineFilter
from textual.keys import key_to_character
from textual.reactive import reactive
from textual.screen import Screen

from netcrm.domain.errors import BadInput, NetcrmError, NotFound, Unchanged
from netcrm.domain.name_list import names_in_words
from netcrm.services.clock import Clock
from netcrm.services.records import ChangeRecord, ClosingFollowUp, ContactDetail, LogResult
from netcrm.services.watch import store_revision
from netcrm.tui.registry import (
    CONTACT_SCREEN,
    GLOBAL_BINDINGS,
    MODE_SCREENS,
    SHELL_ACTIONS,
)
from netcrm.tui.screens.review import ReviewScreen
from netcrm.tui.settings import Settings, load_settings, save_settings
from netcrm.tui.terminal_safety import TerminalControls
from netcrm.tui.widgets.user_error import user_error

if TYPE_CHECKING:
    from textual.notifications import SeverityLevel
    from textual.widget import Widget

    from netcrm.services.stores import Store
    from netcrm.tui.shell import Navigator

POLL_SECONDS = 1.0
TERMINAL_CONTROLS = TerminalControls()
WARM_UP_AFTER = 0.3
WARM_MODULES = (
    "netcrm.tui.dialogs.log",
    "netcrm.tui.dialogs.confirm",
    "netcrm.tui.dialogs.snooze",
    "netcrm.tui.commands",
    "netcrm.tui.screens.importing",
)


def takes_typing(widget: Widget | None) -> bool:
    """A text field or a button has the focus: a letter typed there is not a command."""
    # Imported on the first key, not with the app: the review paints without a text area.
    from textual.widgets import Input, TextArea

    return isinstance(widget, (Input, TextArea)) or is_a_button(widget)


def is_a_button(widget: Widget | None) -> bool:
    from textual.widgets import Button, Checkbox, RadioButton

    return isinstance(widget, (Button, Checkbox, RadioButton))


def is_typed_character(key: str) -> bool:
    """``d``, ``L``, ``question_mark``…: a key that types a visible character."""
    character = key_to_character(key)
    return character is not None and character.isprintable() and not character.isspace()


def screenshot_folder() -> Path:
    """The user's Downloads folder, or the current folder where there is none."""
    from platformdirs import user_downloads_path

    downloads = user_downloads_path()
    return downloads if downloads.is_dir() else Path.cwd()


def commands_provider() -> type[Provider]:
    from netcrm.tui.commands import NetcrmCommands

    return NetcrmCommands


def logged_message(result: LogResult) -> str:
    """ "Logged with Budi Santoso · now mutual", and what else happened, in a line."""
    names = list(result.contacts)
    parts = [f"Logged with {names_in_words(names)}"]
    for name, _before, after in result.stage_changes:
        parts.append(f"now {after}" if len(names) == 1 else f"{name} now {after}")
    if result.created:
        parts.append("new contact: " + ", ".join(result.created))
    if result.closed_follow_up:
        parts.append(f'closed "{result.closed_follow_up}"')
    if result.follow_up_id is not None:
        parts.append("follow-up set")
    return " · ".join(parts)


class NetcrmApp(App[None]):
    """netcrm's Textual app over one open store, with the clock read once at start."""

    TITLE = "netcrm"
    CSS_PATH = "app.tcss"
    MODES: ClassVar[dict[str, str | Callable[[], Screen]]] = {"review": ReviewScreen}
    DEFAULT_MODE = "review"
    COMMANDS = App.COMMANDS | {commands_provider}
    NOTIFICATION_TIMEOUT = 6

    BINDINGS: ClassVar[list[BindingType]] = GLOBAL_BINDINGS

    revision: reactive[int] = reactive(0, init=False)
    """Grows whenever the data may have changed; screens watch it and reload."""

    def __init__(self, store: Store, clock: Clock) -> None:
        super().__init__()
        self.store = store
        self.clock = clock
        self.settings: Settings = load_settings()
        self._seen_store_revision: int | None = None
        self._added_modes: set[str] = {"review"}
        # The screens opened from elsewhere (import, duplicates): where esc takes you back to.
        self._came_from: dict[str, str] = {}
        self._undoing = False  # one undo at a time
        self._remember_theme = False
        self._warmed_up = False
        if self.settings.theme and self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        if self.settings.keymap:
            self.set_keymap(self.settings.keymap)

    def on_mount(self) -> None:
        self._remember_theme = True
        self._read_store_revision(bump=False)
        self.set_interval(POLL_SECONDS, self._poll)

    def on_review_screen_shown(self) -> None:
        """Import the dialogs once the review is painted, so the first ``l`` opens at once.

        Not sooner: the imports would hold the interpreter while the review is being drawn.
        """
        if not self._warmed_up:
            self._warmed_up = True
            self.set_timer(WARM_UP_AFTER, self._warm_up)

    @work(thread=True, group="warm-up", exit_on_error=False)
    def _warm_up(self) -> None:
        for module_name in WARM_MODULES:
            importlib.import_module(module_name)

    # --- keeping every screen current -----------------------------------------------------

    def refresh_data(self) -> None:
        """Call after any write from the UI: every screen reloads now."""
        self.revision += 1
        self._read_store_revision(bump=False)

    def _poll(self) -> None:
        self._read_store_revision(bump=True)

    @work(thread=True, exclusive=True, group="store-revision", exit_on_error=False)
    def _read_store_revision(self, bump: bool) -> None:
        try:
            current = store_revision(self.store)
        except Exception:  # busy or briefly unreadable: the next poll will tell
            return
        self.call_from_thread(self._saw_store_revision, current, bump)

    def _saw_store_revision(self, current: int, bump: bool) -> None:
        previous, self._seen_store_revision = self._seen_store_revision, current
        if bump and previous is not None and current != previous:
            self.revision += 1

    # --- the shell contract ---------------------------------------------------------------

    def open_contact(self, contact_id: int) -> None:
        screen_class = CONTACT_SCREEN.load()
        if screen_class is None:
            self.notify(
                f"The {CONTACT_SCREEN.label} screen is not available in this build.",
                severity="warning",
            )
            return
        self.push_screen(screen_class(contact_id))

    def action_log(
        self,
        names: list[str] | None = None,
        *,
        known: dict[str, int] | None = None,
        closing: ClosingFollowUp | None = None,
    ) -> None:
        """Open the log modal: empty, or with the people chosen (``known`` maps names to ids)
        and, from a follow-up, the offer to close it."""
        from netcrm.tui.dialogs.log import LogConversationScreen

        if isinstance(self.screen, LogConversationScreen):
            return
        self.push_screen(LogConversationScreen(names, known=known, closing=closing), self._logged)

    def action_add_person(self) -> None:
        from netcrm.tui.dialogs.contact_form import ContactForm

        if isinstance(self.screen, ContactForm):
            return
        self.push_screen(ContactForm(), self._added)

    def _added(self, detail: ContactDetail | None) -> None:
        if detail is None:
            return
        self.refresh_data()
        self.notify(f"Added {detail.name} as a {detail.stage}.", markup=False)
        self.open_contact(detail.id)

    def _logged(self, result: LogResult | None) -> None:
        if result is None:
            return
        self.refresh_data()
        self.notify(logged_message(result), markup=False)

    def get_line_filters(self) -> Sequence[LineFilter]:
        """Textual's filters, then the one that keeps stored text from driving the terminal."""
        return [*super().get_line_filters(), TERMINAL_CONTROLS]

    def action_undo(self) -> None:
        """Undo the newest change in the store's journal, whoever made it."""
        if not self._undoing:
            self._undoing = True
            self._undo_last()

    @work(thread=True, group="undo", exit_on_error=False)
    def _undo_last(self) -> None:
        from netcrm.services.history import undo_last

        try:
            change = undo_last(self.store, self.clock)
        except Exception as error:
            self.call_from_thread(self._undo_failed, error)
        else:
            self.call_from_thread(self._undid, change)

    def _undo_failed(self, error: BaseException) -> None:
        self._undoing = False
        self.notify_error(error)

    def _undid(self, change: ChangeRecord) -> None:
        self._undoing = False
        self.refresh_data()
        self.notify(f"Undid: {change.summary}.", title="Undo", markup=False)

    def notify_error(self, error: BaseException) -> None:
        """Show an error as the one sentence it carries; never a traceback."""
        problem = user_error(error)
        if isinstance(problem, Unchanged):
            self.notify(str(problem), title="Nothing changed", markup=False)
            return
        severity: SeverityLevel = (
            "warning" if isinstance(problem, (BadInput, NotFound)) else "error"
        )
        title = "Not found" if isinstance(problem, NotFound) else "Cannot do that"
        if not isinstance(error, NetcrmError):
            title = "Something went wrong"
        self.notify(str(problem), title=title, severity=severity, markup=False, timeout=10)

    # --- keys ---------------------------------------------------------------------------

    async def _check_bindings(self, key: str, priority: bool = False) -> bool:
        """Screen keys that are plain letters wait while a text field or button has the focus.

        A letter typed into a field, or pressed with a button focused (after tabbing through a
        form), must never mark a follow-up done or switch screens. Keys with a modifier,
        ``escape``, ``enter`` and the arrows still work, and so do a dialog's own letters
        while one of its buttons has the focus.
        """
        focused = self.focused
        # A dialog's own letters (y/n of a confirmation) are meant for its buttons.
        dialog_button = self.screen.is_modal and is_a_button(focused)
        typing = is_typed_character(key) and takes_typing(focused)
        if not priority and typing and not dialog_button:
            return False
        return await super()._check_bindings(key, priority)

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        self.deliver_screenshot(filename, path or str(screenshot_folder()))

    # --- moving around --------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (action in SHELL_ACTIONS and self.screen.is_modal)

    def action_go(self, mode: str) -> None:
        """Show one of the main screens (a mode each, so each keeps its place)."""
        if mode == self.current_mode:
            while len(self.screen_stack) > 1 and not self.screen.is_modal:
                self.pop_screen()
            return
        if mode not in self._added_modes:
            entry = MODE_SCREENS[mode]
            screen_class = entry.load()
            if screen_class is None:
                self.notify(
                    f"The {entry.label} screen is not available in this build.", severity="warning"
                )
                return
            self.add_mode(mode, screen_class)
            self._added_modes.add(mode)
        self.switch_mode(mode)

    def action_import_people(self) -> None:
        """The import screen, a mode of its own: an import goes on while you look elsewhere."""
        self._visit("import")

    def on_import_screen_leave(self) -> None:
        """Esc on the import screen: back to where it was opened from."""
        self._leave("import")

    def on_import_screen_show_duplicates(self) -> None:
        self.action_duplicates()

    def action_duplicates(self) -> None:
        """The people who may be here twice, a mode of its own, opened from anywhere."""
        self._visit("duplicates")

    def on_duplicates_screen_leave(self) -> None:
        """Esc on the duplicates screen: back to where it was opened from."""
        self._leave("duplicates")

    def _visit(self, mode: str) -> None:
        """Show ``mode``, remembering where from (unless already there)."""
        if self.current_mode != mode:
            self._came_from[mode] = self.current_mode
        self.action_go(mode)

    def _leave(self, mode: str) -> None:
        back = self._came_from.pop(mode, "review")
        if self._came_from.get(back) == mode:
            # Opened from each other (import, then duplicates from it): esc there goes home.
            self._came_from[back] = "review"
        self.action_go(back)

    def action_help(self) -> None:
        from netcrm.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    # --- theme ----------------------------------------------------------------------------

    def watch_theme(self, theme: str) -> None:
        if self._remember_theme and theme != self.settings.theme:
            self.settings.theme = theme
            save_settings(self.settings)


def run_tui(store: Store, clock: Clock) -> None:
    """Open the app on the review screen; returns when the user quits."""
    NetcrmApp(store, clock).run()


if TYPE_CHECKING:
    # The app keeps the contract the screens and the palette rely on.
    _THE_SHELL: type[Navigator] = NetcrmApp
