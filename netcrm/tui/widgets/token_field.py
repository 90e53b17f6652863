"""A one-line input of comma-separated values that suggests the value being typed.

The suggestions drop down under the input without taking focus, so typing goes on:
``down``/``up`` move through them, ``enter`` takes one and stays for the next value,
``tab`` takes one and moves on, ``escape`` closes them. Coming back to the field, or ``down``
while they are closed, brings them back for a value not settled yet (a name not found, say).
Subclasses decide where the suggestions come from (:class:`StrengthField` filters a fixed
list; the contact picker asks the search service).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from textual import events, on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Input, OptionList
from textual.widgets.option_list import Option

from netcrm.domain.text import fold
from netcrm.tui.widgets.input_field import InputField

MAX_SUGGESTIONS = 8


class Suggestions(OptionList, can_focus=False):
    """The dropdown of a token field; it never takes focus from the input."""


class TokenField(InputField):
    """Comma-separated values (``separator``) with suggestions for the last one."""

    DEFAULT_CSS = """
    TokenField {
        height: auto;
        width: 1fr;
    }
    TokenField > Input {
        width: 1fr;
    }
    TokenField > Suggestions {
        display: none;
        overlay: screen;
        constrain: none inside;
        width: 1fr;
        height: auto;
        max-height: 10;
        border: round $border;
        padding: 0;
        background: $surface;
    }
    TokenField.-open > Suggestions {
        display: block;
    }
    """

    BINDINGS = [  # noqa: RUF012
        Binding("down", "suggestion_down", "Next suggestion", show=False, id="suggestions.down"),
        Binding("up", "suggestion_up", "Previous suggestion", show=False, id="suggestions.up"),
        Binding(
            "tab",
            "accept_and_leave",
            "Take the suggestion and move on",
            show=False,
            id="suggestions.take",
        ),
        Binding(
            "escape",
            "close_suggestions",
            "Close the suggestions",
            show=False,
            id="suggestions.close",
        ),
    ]

    @dataclass
    class Accepted(Message):
        """A suggestion was taken."""

        field: TokenField
        option: Option

        @property
        def control(self) -> TokenField:
            return self.field

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        separator: str = ",",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(value, placeholder=placeholder, id=id, classes=classes)
        self.separator = separator
        self._settled: str | None = None  # the value right after a suggestion was taken

    def compose(self) -> ComposeResult:
        # Keep what is there when coming back to add a name: no select-all on focus.
        yield Input(
            self._initial, placeholder=self._placeholder, compact=True, select_on_focus=False
        )
        yield Suggestions(markup=False)

    # --- values ---------------------------------------------------------------------------

    @property
    def suggestions(self) -> Suggestions:
        return self.query_one(Suggestions)

    def value_set(self, text: str) -> None:
        self._settled = text
        self.input.cursor_position = len(text)

    @property
    def tokens(self) -> list[str]:
        """The values typed so far, blanks dropped."""
        return [t.strip() for t in self.value.split(self.separator) if t.strip()]

    def current_token(self) -> str:
        """The value being typed: what follows the last separator."""
        return self.value.rpartition(self.separator)[2].strip()

    def replace_current_token(self, text: str, *, more: bool) -> None:
        head, sep, _ = self.value.rpartition(self.separator)
        prefix = f"{head}{sep} " if sep else ""
        self.value = prefix + text + (f"{self.separator} " if more else "")

    # --- the dropdown ---------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.has_class("-open")

    def show_suggestions(self, options: list[Option]) -> None:
        listing = self.suggestions
        listing.set_options(options)
        if options and self.input.has_focus:
            listing.highlighted = 0
            self.add_class("-open")
        else:
            self.remove_class("-open")

    def close(self) -> None:
        self.remove_class("-open")

    def suggest(self, token: str) -> None:
        """Compute the options for ``token`` and call :meth:`show_suggestions`."""

    def take(self, option: Option, *, more: bool) -> None:
        """Put the chosen option into the input; subclasses may remember more about it."""
        self.replace_current_token(str(option.prompt), more=more)

    def accepts_on_tab(self, option: Option) -> bool:
        return True

    def is_settled(self, token: str) -> bool:
        """``token`` was taken from the suggestions already: no need to offer them again."""
        return False

    def suggest_again(self) -> bool:
        """Offer the suggestions for the value being typed; False when there is none to offer."""
        token = self.current_token()
        if not token or self.is_settled(token):
            return False
        self.suggest(token)
        return True

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        if event.input is not self.input:
            return
        if self._settled is not None and event.value == self._settled:
            self._settled = None
            self.close()
            return
        self._settled = None
        token = self.current_token()
        if not token:
            self.close()
            return
        self.suggest(token)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        option = self._highlighted()
        if option is None:
            return  # let the form see the submit
        event.stop()
        self._take(option, more=True)

    @on(Input.Blurred)
    def _blurred(self, _event: Input.Blurred) -> None:
        self.close()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        if event.widget is self.input and not self.is_open:
            self.suggest_again()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._take(event.option, more=True)
        self.input.focus()

    def _highlighted(self) -> Option | None:
        if not self.is_open:
            return None
        return self.suggestions.highlighted_option

    def _take(self, option: Option, *, more: bool) -> None:
        self.close()
        self.take(option, more=more)
        self.post_message(self.Accepted(self, option))

    def action_suggestion_down(self) -> None:
        if not self.is_open:
            if self.suggest_again():
                return
            raise SkipAction()
        self.suggestions.action_cursor_down()

    def action_suggestion_up(self) -> None:
        if not self.is_open:
            raise SkipAction()
        self.suggestions.action_cursor_up()

    def action_accept_and_leave(self) -> None:
        option = self._highlighted()
        if option is None or not self.accepts_on_tab(option):
            self.close()
            raise SkipAction()
        self._take(option, more=False)
        self.screen.focus_next()

    def action_close_suggestions(self) -> None:
        if not self.is_open:
            raise SkipAction()
        self.close()


def rank_matches(token: str, names: Sequence[str], exclude: set[str]) -> list[str]:
    """Names starting with the token, then with a word starting with it, then containing it."""
    key = fold(token)
    starts, words, inside = [], [], []
    for name in names:
        folded = fold(name)
        if folded in exclude:
            continue
        if folded.startswith(key):
            starts.append(name)
        elif f" {key}" in f" {folded}":
            words.append(name)
        elif key in folded:
            inside.append(name)
    return (starts + words + inside)[:MAX_SUGGESTIONS]


class StrengthField(TokenField):
    """Strengths, suggested from a list known in advance (loaded by the screen)."""

    known: Sequence[str] = ()  # the screen sets the names once it has read them

    def suggest(self, token: str) -> None:
        taken = {fold(t) for t in self.tokens[:-1]}
        matches = rank_matches(token, self.known, taken)
        if len(matches) == 1 and fold(matches[0]) == fold(token):
            matches = []  # typed in full already
        self.show_suggestions([Option(name) for name in matches])
