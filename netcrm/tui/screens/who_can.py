"""Who can help? Type a strength; see who has it, best ties first, and how you know."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.suggester import SuggestFromList
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Label, Static

from netcrm.domain.dates import describe_relative
from netcrm.services import search
from netcrm.services.clock import Clock
from netcrm.services.records import ContactRow
from netcrm.tui.live_screen import LiveScreen
from netcrm.tui.widgets.contact_table import ContactTable, column_width, contact_id
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.score_bar import score_bar, score_text

if TYPE_CHECKING:
    from netcrm.services.stores import Store

Cells = tuple[Text, ...]
SEARCH_DELAY = 0.15
SHOWN_STRENGTHS = 12


def evidence_text(row: ContactRow, today: date) -> Text:
    """ "Python · learned 6 months ago in "Met at the Python meetup"" from the row's evidence."""
    text = Text.assemble((row.matched or "", "bold"))
    if row.noted_on is not None:
        text.append(f" · learned {describe_relative(row.noted_on, today)}")
    if row.evidence_talk:
        text.append(f' in "{row.evidence_talk[:60]}"', style="dim")
    return text


@dataclass(frozen=True)
class Found:
    """The people good at ``skill``, with their cells."""

    skill: str
    rows: list[ContactRow]
    cells: list[Cells]


def find_people(store: Store, clock: Clock, skill: str) -> Found:
    """In a thread: who has ``skill``, best ties first, with how you know."""
    rows = search.who_can(store, skill, clock)
    today = clock.today()
    cells: list[Cells] = [
        (Text(row.name), Text(row.stage), score_text(row.score), evidence_text(row, today))
        for row in rows
    ]
    return Found(skill, rows, cells)


class WhoCanScreen(LiveScreen[Found]):
    TITLE = "Who can help?"
    LOAD_GROUP = "who_can.find"
    BINDINGS = [  # noqa: RUF012
        Binding("slash", "focus_skill", "Skill", id="who_can.skill", tooltip="Type a strength"),
        Binding(
            "L",
            "log",
            "Log with them",
            id="who_can.log_with",
            tooltip="Log a conversation with the highlighted person (l logs with anyone)",
        ),
        Binding("down", "focus_results", "To results", show=False, id="who_can.to_results"),
    ]
    DEFAULT_CSS = """
    WhoCanScreen #who-bar { height: auto; padding: 1 1 0 1; }
    WhoCanScreen #who-bar > Label { padding: 1 1 0 1; width: auto; }
    WhoCanScreen #who-skill { width: 1fr; }
    WhoCanScreen #who-status { height: 1; padding: 0 2; margin-top: 1; color: $text-muted; }
    WhoCanScreen #who-table { height: 1fr; }
    WhoCanScreen #who-empty { height: 1fr; padding: 1 2; display: none; }
    WhoCanScreen.-empty #who-table { display: none; }
    WhoCanScreen.-empty #who-empty { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ContactRow] = []
        self.skill = ""
        self.known_strengths: list[str] = []
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="who-bar"):
            yield Label("Who can help with")
            yield Input(placeholder="a strength: python, fundraising, design…", id="who-skill")
        yield Static(id="who-status", markup=False)
        yield ContactTable(id="who-table")
        yield Static(id="who-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#who-skill", Input).focus()
        self._show_people([], [])

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        self.read_in_thread(
            "who_can.strengths", partial(search.strength_names, self.shell.store), self._strengths
        )
        super().reload()

    def _strengths(self, names: list[str]) -> None:
        self.known_strengths = names
        self.query_one("#who-skill", Input).suggester = SuggestFromList(names, case_sensitive=False)
        if not self.skill:
            self._show_people([], [])

    def _skill(self) -> str:
        return self.query_one("#who-skill", Input).value.strip()

    def loader(self) -> Callable[[], Found] | None:
        """Who has the strength typed; nothing to read before one is."""
        skill = self._skill()
        if not skill:
            return None
        return partial(find_people, self.shell.store, self.shell.clock, skill)

    def show(self, found: Found) -> None:
        if found.skill != self._skill():
            return  # typed on since
        self.skill = found.skill
        self._show_people(found.rows, found.cells)

    def _show_people(self, rows: list[ContactRow], cells: list[Cells]) -> None:
        self.rows = rows
        table = self.query_one(ContactTable)
        self._fit_columns()
        table.show_rows([(str(row.id), c) for row, c in zip(rows, cells, strict=True)])
        status = self.query_one("#who-status", Static)
        empty = self.query_one("#who-empty", Static)
        if rows:
            people = f"{len(rows)} {'person' if len(rows) == 1 else 'people'}"
            status.update(f'{people} good at "{self.skill}" · best ties first · enter opens')
            self.remove_class("-empty")
            return
        self.add_class("-empty")
        status.update("")
        known = ", ".join(self.known_strengths[:SHOWN_STRENGTHS])
        if self.skill:
            text = f'Nobody you know is noted for "{self.skill}" yet.'
            if known:
                text += f"\n\nStrengths you have noted: {known}."
            text += (
                "\n\nWhen you learn what someone is good at, add it as you log the "
                "conversation (learned), or on their page with a."
            )
        elif known:
            text = (
                "Type a strength to see who has it, warmest ties first, with how you know.\n\n"
                f"Strengths you have noted: {known}."
            )
        else:
            text = (
                "You have not noted anyone's strengths yet.\n\n"
                "When you learn what someone is good at, add it as you log the conversation "
                "(learned). Then ask here: who can help with python? with fundraising?"
            )
        empty.update(text)

    def _fit_columns(self) -> None:
        name = column_width((r.name for r in self.rows), "name", least=12, most=28)
        score = len(score_bar(0))
        width = self.size.width or self.app.size.width
        evidence = max(20, width - 2 - name - 8 - score - 2 * 4)
        self.query_one(ContactTable).set_columns(
            [
                ("name", "name", name),
                ("stage", "stage", 8),
                ("score", "score", score),
                ("evidence", "how you know", evidence),
            ]
        )

    def on_resize(self) -> None:
        self._fit_columns()

    # --- typing and choosing ----------------------------------------------------------------

    @on(Input.Changed, "#who-skill")
    def _typed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        skill = event.value.strip()
        if not skill:
            self.skill = ""
            self.workers.cancel_group(self, self.LOAD_GROUP)
            self._show_people([], [])
            return
        self._timer = self.set_timer(SEARCH_DELAY, self.load)

    @on(Input.Submitted, "#who-skill")
    def _submitted(self) -> None:
        if self.rows:
            self.query_one(ContactTable).focus()

    @on(DataTable.RowSelected, "#who-table")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.shell.open_contact(contact_id(event.row_key))

    def selected_row(self) -> ContactRow | None:
        key = self.query_one(ContactTable).selected_key
        return next((row for row in self.rows if str(row.id) == key), None)

    def action_focus_skill(self) -> None:
        self.query_one("#who-skill", Input).focus()

    def action_focus_results(self) -> None:
        if self.rows:
            self.query_one(ContactTable).focus()

    def action_log(self) -> None:
        row = self.selected_row()
        if row is None:
            self.shell.action_log(names=[])
        else:
            self.shell.action_log(names=[row.name], known={row.name: row.id})
