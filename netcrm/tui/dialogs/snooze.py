"""Snooze a follow-up or a keep-in-touch reminder: 1 day, 3 days, 1 week, or a typed date.

The presets count from the day it is due, or from today when that has passed, so a snooze
never brings anything earlier. Dismisses with the text to give the snooze service (an ISO
date for a preset, the words as typed otherwise), or None when cancelled. The typed date is
checked as it is typed.
"""

from __future__ import annotations

from datetime import date, timedelta

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

CHOICES = (("1 day", 1), ("3 days", 3), ("1 week", 7))


class SnoozeScreen(ModalScreen[str | None]):
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel", id="snooze.cancel"),
        Binding("1", "choose(0)", "1 day", show=False, id="snooze.1"),
        Binding("2", "choose(1)", "3 days", show=False, id="snooze.3"),
        Binding("3", "choose(2)", "1 week", show=False, id="snooze.7"),
    ]

    def __init__(self, what: str, clock: Clock, due: date | None = None) -> None:
        super().__init__()
        self.what = what
        self.clock = clock
        self.due = due
        self.base = max(clock.today(), due) if due else clock.today()

    def preset(self, index: int) -> date:
        return self.base + timedelta(days=CHOICES[index][1])

    def compose(self) -> ComposeResult:
        later = "later" if self.base > self.clock.today() else ""
        with Vertical(classes="dialog snooze-dialog") as dialog:
            dialog.border_title = "Snooze"
            yield Static(self.what, classes="snooze-what", markup=False)
            yield OptionList(
                *(
                    Option(
                        Text.assemble(
                            (f"{number}  ", "bold"),
                            f"{label + ' ' + later:<14}",
                            (day_label(self.preset(number - 1)), "dim"),
                        ),
                        id=str(number - 1),
                    )
                    for number, (label, _days) in enumerate(CHOICES, start=1)
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
        if self.due and parsed.date < self.due:
            return f"It is due {day_label(self.due)}: a snooze moves it later."
        return None

    @on(OptionList.OptionSelected, "#snooze-choices")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_choose(int(event.option.id or 0))

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
        self.dismiss(self.preset(index).isoformat())

    def action_cancel(self) -> None:
        self.dismiss(None)
