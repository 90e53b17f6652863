"""A date typed in words ("last friday 3pm", "in 2 weeks") with the day it means shown beside it.

Parsing is :func:`netcrm.domain.dates.parse_when` against the app's clock, on every keystroke
(pure Python, no store). What cannot be used reads as a sentence after a ✗, so the meaning
never rests on colour.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual import on
from textual.app import ComposeResult
from textual.widgets import Input, Static

from netcrm.domain.dates import ParsedWhen, Prefer, describe_relative, parse_when
from netcrm.domain.errors import NetcrmError
from netcrm.tui.day_labels import moment_label
from netcrm.tui.widgets.input_field import InputField

Check = Callable[[ParsedWhen], str | None]


class WhenField(InputField):
    """``value`` is the text; ``parsed`` the moment it means (None when blank or wrong)."""

    DEFAULT_CSS = """
    WhenField {
        height: auto;
        width: 1fr;
        layout: horizontal;
    }
    WhenField > Input {
        width: 22;
    }
    WhenField > .when-preview {
        width: 1fr;
        height: auto;
        padding: 0 0 0 2;
        color: $text-muted;
    }
    WhenField.-invalid > .when-preview {
        color: $text-error;
    }
    """

    def __init__(
        self,
        value: str = "",
        *,
        now: Callable[[], datetime],
        prefer: Prefer = "past",
        default: str | None = None,
        placeholder: str = "",
        check: Check | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(value, placeholder=placeholder, id=id, classes=classes)
        self._now = now
        self.prefer: Prefer = prefer
        self.default = default  # what an empty field means ("now"), previewed as such
        self._check = check
        self.parsed: ParsedWhen | None = None
        self.error: str | None = None

    def compose(self) -> ComposeResult:
        yield Input(self._initial, placeholder=self._placeholder, compact=True)
        yield Static(classes="when-preview", markup=False)

    def on_mount(self) -> None:
        self._update(self._initial)

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._update(event.value)

    def _update(self, text: str) -> None:
        self.parsed, self.error = None, None
        preview = self.query_one(".when-preview", Static)
        if not text.strip() and not self.default:
            self.set_class(False, "-invalid")
            preview.update("")
            return
        text = text.strip() or self.default or ""
        now = self._now()
        try:
            parsed = parse_when(text, now, prefer=self.prefer)
        except NetcrmError as error:
            self.error = str(error)
        else:
            self.error = self._check(parsed) if self._check else None
            if self.error is None:
                self.parsed = parsed
        self.set_class(self.error is not None, "-invalid")
        if self.error is not None:
            preview.update(f"✗ {self.error}")
            return
        assert self.parsed is not None
        relative = (
            "now"
            if text.strip().lower() == "now"
            else describe_relative(self.parsed.date, now.date())
        )
        preview.update(f"→ {moment_label(self.parsed.at, self.parsed.has_time)} · {relative}")
