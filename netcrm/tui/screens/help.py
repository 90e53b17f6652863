"""Every key, screen by screen, read from the bindings themselves so it never goes stale."""

from __future__ import annotations

from collections.abc import Iterable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from netcrm.tui.registry import GLOBAL_BINDINGS, OTHER_SCREENS
from netcrm.tui.shell import ShellOf

MOVING_AROUND = (
    ("tab / shift+tab", "Next / previous field or panel", ""),
    ("↑ ↓ pgup pgdn", "Move in a list", ""),
    ("enter", "Choose the highlighted row", ""),
    ("esc", "Close a dialog, go back", ""),
)

Row = tuple[str, str, str]  # keys, what they do, the binding id to rebind them
Section = tuple[str, list[Row]]


def binding_rows(
    bindings: Iterable[BindingType], keymap: dict[str, str] | None = None
) -> list[Row]:
    """One row per action, compound keys joined ("n / esc"), keys rebound by the keymap."""
    rows: dict[tuple[str, str, str], list[str]] = {}
    for binding in Binding.make_bindings(bindings):
        if binding.system:
            continue
        description = binding.tooltip or binding.description
        if not description:
            continue
        key = (keymap or {}).get(binding.id or "", binding.key)
        keys = rows.setdefault((binding.action, description, binding.id or ""), [])
        for one in key.split(","):
            if one.strip() and one.strip() not in keys:
                keys.append(one.strip())
    return [
        (" / ".join(_key_text(k) for k in keys), text, binding_id)
        for (_, text, binding_id), keys in rows.items()
    ]


def _key_text(key: str) -> str:
    names = {"question_mark": "?", "escape": "esc", "slash": "/", "space": "space"}
    return "+".join(names.get(part, part) for part in key.split("+"))


def help_sections(keymap: dict[str, str] | None = None) -> list[Section]:
    from netcrm.tui.dialogs.log import LogConversationScreen
    from netcrm.tui.dialogs.snooze import SnoozeScreen
    from netcrm.tui.screens.review import ReviewScreen
    from netcrm.tui.widgets.token_field import TokenField

    everywhere = binding_rows(GLOBAL_BINDINGS, keymap)
    everywhere.append(("ctrl+p", "Command palette: jump to a person, run any action", ""))
    sections: list[Section] = [
        ("Everywhere", everywhere),
        (
            "Review (home)",
            [("enter", "Open the contact", ""), *binding_rows(ReviewScreen.BINDINGS, keymap)],
        ),
        (
            "Log a conversation",
            [
                *binding_rows(LogConversationScreen.BINDINGS, keymap),
                ("enter", "Take the suggestion, stay for another name", ""),
                *binding_rows(TokenField.BINDINGS, keymap),
            ],
        ),
        ("Snooze", binding_rows(SnoozeScreen.BINDINGS, keymap)),
    ]
    for entry in OTHER_SCREENS:
        screen_class = entry.load()
        if screen_class is None:
            continue
        # Only the screen's own keys: what every screen inherits is under "Moving around".
        rows = binding_rows(vars(screen_class).get("BINDINGS", []), keymap)
        if rows:
            sections.append((entry.title, rows))
    sections.append(("Moving around", list(MOVING_AROUND)))
    return sections


def section_table(rows: list[Row]) -> Table:
    table = Table.grid(padding=(0, 2), expand=True)
    table.add_column(width=16, no_wrap=True)
    table.add_column(ratio=1)
    table.add_column(width=20, no_wrap=True, justify="right")
    for keys, text, binding_id in rows:
        table.add_row(Text(keys, style="bold"), Text(text), Text(binding_id, style="dim"))
    return table


class HelpScreen(ModalScreen[None]):
    """A scrollable list of every key; ``?`` or ``escape`` closes it."""

    shell = ShellOf()

    BINDINGS = [  # noqa: RUF012
        Binding("escape,question_mark,q", "close", "Close", id="help.close"),
    ]

    def compose(self) -> ComposeResult:
        sections = help_sections(self.shell.settings.keymap)
        with Vertical(classes="dialog help-dialog") as dialog:
            dialog.border_title = "Keys"
            with VerticalScroll(id="help-body"):
                for title, rows in sections:
                    yield Static(title, classes="help-section-title")
                    yield Static(section_table(rows), classes="help-section")
            yield Static(
                "Rebind any key by its id in tui.json (see docs/tui.md) · esc closes",
                classes="dialog-hint",
            )

    def on_mount(self) -> None:
        self.query_one("#help-body").focus()

    def action_close(self) -> None:
        self.dismiss(None)
