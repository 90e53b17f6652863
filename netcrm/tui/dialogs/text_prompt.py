"""Ask for one line of text, checked as it is typed: a cadence, a strength, a date.

``check`` turns the text into a preview ("→ every 2 weeks") or raises a :class:`NetcrmError`
whose sentence is shown inline after a ✗. Dismisses with the text, or None when cancelled.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Input, Static

from netcrm.domain.errors import NetcrmError
from netcrm.tui.widgets.form_row import form_row

Check = Callable[[str], str]


class TextPrompt(ModalScreen[str | None]):
    DEFAULT_CSS = """
    TextPrompt { align: center middle; }
    TextPrompt .prompt-dialog { width: 64; }
    TextPrompt .prompt-about { margin: 1 0; }
    TextPrompt .prompt-preview { height: auto; padding-left: 16; color: $text-muted; }
    TextPrompt .prompt-preview.-invalid { color: $text-error; }
    TextPrompt .prompt-label { width: 16; color: $text-muted; }
    """

    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel", id="prompt.cancel"),
    ]

    def __init__(
        self,
        title: str,
        label: str,
        *,
        value: str = "",
        about: str = "",
        placeholder: str = "",
        check: Check | None = None,
        allow_blank: bool = False,
        suggestions: Sequence[str] = (),
    ) -> None:
        super().__init__()
        self.title_text = title
        self.label = label
        self.value = value
        self.about = about
        self.placeholder = placeholder
        self.check = check
        self.allow_blank = allow_blank
        self.suggestions = list(suggestions)
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog prompt-dialog") as dialog:
            dialog.border_title = self.title_text
            if self.about:
                yield Static(self.about, classes="prompt-about", markup=False)
            field = Input(
                self.value,
                placeholder=self.placeholder,
                compact=True,
                suggester=SuggestFromList(self.suggestions, case_sensitive=False)
                if self.suggestions
                else None,
                id="prompt-input",
            )
            yield form_row(self.label, field, label_classes="prompt-label")
            yield Static(classes="prompt-preview", markup=False)
            yield Static("enter saves · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self._checked(self.value)
        self.query_one(Input).focus()

    @on(Input.Changed, "#prompt-input")
    def _typed(self, event: Input.Changed) -> None:
        self._checked(event.value)

    def _checked(self, text: str) -> None:
        preview = self.query_one(".prompt-preview", Static)
        self.error = None
        shown = ""
        if not text.strip() and not self.allow_blank:
            self.error = ""
        elif self.check is not None:
            try:
                shown = self.check(text)
            except NetcrmError as error:
                self.error = str(error)
        preview.set_class(bool(self.error), "-invalid")
        preview.update(f"✗ {self.error}" if self.error else shown)

    @on(Input.Submitted, "#prompt-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._checked(event.value)
        if self.error is None:
            self.dismiss(event.value.strip())
        elif self.error == "":
            self.query_one(".prompt-preview", Static).update("✗ Type something, or esc to cancel.")

    def action_cancel(self) -> None:
        self.dismiss(None)
