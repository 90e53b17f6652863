"""Snooze a follow-up: 1 day, 3 days, 1 week, or a date typed in words.

Dismisses with the text to give :func:`netcrm.services.due.follow_ups.snooze` ("in 3 days",
"next monday"), or None when cancelled. The typed date is checked as it is typed.
"""

from __future__ import annotations

from datetime import timedelta

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from netcrm.domain.dates import ParsedWhen
from netcrm.services.clock import Clock
from netcrm.tui.day_labels import day_label
from netcrm.tui.widgets.form_row import form_row
from netcrm.tui.widgets.when_field import WhenField

CHOICES = (("in 1 day", "1 day", 1), ("in 3 days", "3 days", 3), ("in 1 week", "1 week", 7))


class SnoozeScreen(ModalScreen[str | None]):
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel", id="snooze.cancel"),
        Binding("1", "choose(0)", "1 day", show=False, id="snooze.1"),
        Binding("2", "choose(1)", "3 days", show=False, id="snooze.3"),
        Binding("3", "choose(2)", "1 week", show=False, id="snooze.7"),
    ]

    def __init__(self, what: str, clock: Clock) -> None:
        super().__init__()
        self.what = what
        self.clock = clock

    def compose(self) -> ComposeResult:
        today = self.clock.today()
        with Vertical(classes="dialog snooze-dialog") as dialog:
            dialog.border_title = "Snooze"
            yield Static(self.what, classes="snooze-what", markup=False)
            yield OptionList(
                *(
                    Option(
                        Text.assemble(
                            (f"{number}  ", "bold"),
                            f"{label:<8}",
                            (day_label(today + timedelta(days=days)), "dim"),
                        ),
                        id=text,
                    )
                    for number, (text, label, days) in enumerate(CHOICES, start=1)
                ),
                id="snooze-choices",
                compact=True,
            )
            when = WhenField(
                now=self.clock.now,
                prefer="future",
                placeholder="next monday",
                check=self._after_today,
                id="snooze-when",
            )
            yield form_row("Or a date", when)
            yield Static(
                "1/2/3 or enter to choose · tab to type a date · esc cancels",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        choices = self.query_one("#snooze-choices", OptionList)
        choices.highlighted = 0
        choices.focus()

    def _after_today(self, parsed: ParsedWhen) -> str | None:
        if parsed.date <= self.clock.today():
            return "Snooze to a day after today."
        return None

    @on(OptionList.OptionSelected, "#snooze-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    @on(Input.Submitted)
    def _typed(self, event: Input.Submitted) -> None:
        event.stop()
        field = self.query_one("#snooze-when", WhenField)
        if field.parsed is not None:
            self.dismiss(field.value.strip())
        elif field.is_blank:
            field.query_one(".when-preview", Static).update("✗ Type a date, or pick 1, 2 or 3.")
            field.add_class("-invalid")

    def action_choose(self, index: int) -> None:
        if self.query_one("#snooze-when", WhenField).input.has_focus:
            return
        self.dismiss(CHOICES[index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
