"""Contacts: every person, filtered as you type, sortable, by tag."""

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
from textual.timer import Timer
from textual.widgets import DataTable, Header, Input, Select, Static

from netcrm.domain.dates import describe_due, describe_relative
from netcrm.domain.display import cell_width, one_line
from netcrm.domain.errors import NetcrmError
from netcrm.domain.ladder import Stage
from netcrm.domain.snippet import match_span, narrower
from netcrm.domain.text import fold
from netcrm.services import contacts, search
from netcrm.services.clock import Clock
from netcrm.services.records import ContactRow
from netcrm.tui.live_screen import LiveScreen
from netcrm.tui.widgets.contact_table import ContactTable, column_width, contact_id
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.score_bar import score_bar, score_text

if TYPE_CHECKING:
    from _typeshed import SupportsRichComparison

    from netcrm.services.stores import Store

FILTER_DELAY = 0.1
SEARCH_LIMIT = 500
FIXED_WIDTHS = {"stage": 8, "score": len(score_bar(0)), "last": 13, "due": 15}
#: While filtering, a narrow table shows what matched in place of the next due date.
WITHOUT_DUE = {key: width for key, width in FIXED_WIDTHS.items() if key != "due"}
NAME_LEAST, NAME_MOST, TAGS_LEAST = 10, 28, 8
MATCHED_LEAST, MATCHED_MOST = 20, 60
#: Below this many cells left after "where", the snippet goes first in the matched column.
SNIPPET_LEAST = 12
#: Said while the details (conversations, strengths, follow-ups…) are being read.
LOOKING_FURTHER = "looking in what you logged"
STAGE_RANK = {stage.value: stage.rank for stage in Stage.ordered()}
Cells = tuple[Text, ...]


@dataclass(frozen=True)
class SortOrder:
    key: str
    label: str
    column: str
    order: Callable[[ContactRow], SupportsRichComparison]


SORTS: dict[str, SortOrder] = {
    s.key: s
    for s in (
        SortOrder("match", "best match", "name", lambda r: 0),
        SortOrder("name", "name", "name", lambda r: fold(r.name)),
        SortOrder("stage", "stage, deepest first", "stage", lambda r: -STAGE_RANK.get(r.stage, 0)),
        SortOrder("score", "score, warmest first", "score", lambda r: -r.score),
        SortOrder(
            "last",
            "last talked, most recent first",
            "last",
            lambda r: (r.last_talked is None, -(r.last_talked or date.min).toordinal()),
        ),
        SortOrder(
            "due",
            "next due, soonest first",
            "due",
            lambda r: (r.next_due is None, (r.next_due or date.max).toordinal()),
        ),
    )
}
COLUMN_SORT = {"name": "name", "stage": "stage", "score": "score", "last": "last", "due": "due"}


def contact_cells(row: ContactRow, today: date, matched: Matched | None = None) -> Cells:
    """The cells of one contact: meaning in words and numbers, colour only as emphasis.

    With ``matched`` (while filtering), the last cell says where the row matched instead of
    its tags, and the next due date is left out when ``matched`` says so."""
    if row.last_talked:
        last = Text(describe_relative(row.last_talked, today))
    else:
        last = Text("never", style="dim")
    if row.next_due is None:
        due = Text("—", style="dim")
    elif row.next_due < today:
        due = Text(describe_due(row.next_due, today), style="bold red")
    else:
        due = Text(describe_relative(row.next_due, today))
    stage = Text(row.stage, style="dim" if row.stage == "follower" else "")
    first = (Text(row.name), stage, score_text(row.score), last)
    if matched is None:
        return (*first, due, Text(", ".join(row.tags)))
    return (*first, *((due,) if matched.due else ()), matched_cell(row, matched))


@dataclass(frozen=True)
class Matched:
    """How the cells show what matched: the folded query, the matched column's width, and
    whether the next due date is shown."""

    key: str
    width: int
    due: bool


def matched_text(row: ContactRow) -> str:
    """Where the row matched and the text around it, in full: "strength: Figma"."""
    if not row.where:
        return ""
    return f"{row.where}: {row.snippet}" if row.snippet else row.where


def matched_cell(row: ContactRow, matched: Matched) -> Text:
    """ "conversation on 12 Nov: …zeppelin…", where dim and the match bold, the snippet cut to
    fit the column around the match; shown as typed, nothing in it can drive the terminal.
    In a column too narrow for both, the snippet comes first: "…zeppelin… · conversation…"."""
    if not row.where:
        return Text("")
    where = one_line(row.where)
    if not row.snippet:
        return Text(where, style="dim")
    room = matched.width - cell_width(where) - 2
    first = room < min(SNIPPET_LEAST, cell_width(row.snippet))
    shown = narrower(row.snippet, matched.key, matched.width if first else room)
    span = match_span(shown, matched.key)
    start, end = span if span is not None else (len(shown), len(shown))
    snippet = (
        one_line(shown[:start]),
        (one_line(shown[start:end]), "bold"),
        one_line(shown[end:]),
    )
    if first:
        return Text.assemble(*snippet, (f" · {where}", "dim"))
    return Text.assemble((f"{where}: ", "dim"), *snippet)


def plan_widths(width: int, name_need: int, tags_need: int) -> tuple[int, int]:
    """Widths of the name and tags columns in a table ``width`` cells wide; tags go first."""
    room = width - 2 - sum(FIXED_WIDTHS.values()) - 2 * (len(FIXED_WIDTHS) + 2)
    name = min(name_need, NAME_MOST)
    if room - name >= TAGS_LEAST:
        return name, min(tags_need, room - name)
    return max(NAME_LEAST, min(name_need, room)), 0


def matched_keeps_due(width: int, name_need: int, matched_need: int) -> bool:
    """Whether a table ``width`` cells wide, while filtering, has room for the next due date
    as well as for what matched."""
    return plan_matched(width, name_need, matched_need, due=True)[1] >= min(
        MATCHED_LEAST, matched_need
    )


def plan_matched(width: int, name_need: int, matched_need: int, due: bool) -> tuple[int, int]:
    """Widths of the name and matched columns while filtering (with or without "next due"):
    the name gives way down to NAME_LEAST so that what matched can be read."""
    fixed = FIXED_WIDTHS if due else WITHOUT_DUE
    room = width - 2 - sum(fixed.values()) - 2 * (len(fixed) + 2)
    wanted = min(MATCHED_LEAST, matched_need)
    name = min(name_need, NAME_MOST, max(NAME_LEAST, room - wanted))
    return name, max(0, min(matched_need, room - name))


@dataclass(frozen=True)
class Listing:
    """The rows read for one filter and tag, with their cells and the widths they need."""

    rows: list[ContactRow]
    cells: dict[int, Cells]
    changed: set[str]  # keys of rows shown before whose cells are new
    today: date
    query: str
    tag: str | None
    name_need: int
    tags_need: int  # the tags column's, or while filtering the matched column's
    matched: Matched | None = None  # how the cells show what matched, while filtering
    details_pending: bool = False  # the details were not read yet: name matches only


def read_listing(
    store: Store,
    clock: Clock,
    query: str,
    tag: str | None,
    known: dict[int, tuple[ContactRow, Cells]],
    known_layout: tuple[date | None, Matched | None],
    width: int = 120,
) -> Listing:
    """In a thread: the rows for ``query`` and ``tag``, for a table ``width`` cells wide;
    cells already built for an unchanged row on the same day and layout (``known``) are kept,
    so the table patches only what changed.

    While the details of the store's revision are not read yet (the first search after a
    change), only names and the search text are searched: the screen shows those at once and
    asks for the details to be read, then searches again."""
    pending = False
    if query:
        pending = not search.details_ready(store)
        rows = search.search(store, query, clock, limit=SEARCH_LIMIT, tag=tag, details=not pending)
    else:
        rows = contacts.list_contacts(store, clock, tag=tag)
    today = clock.today()
    name_need = column_width((r.name for r in rows), "name", least=NAME_LEAST)
    matched: Matched | None = None
    if query:
        last_need = column_width(map(matched_text, rows), "matched", most=MATCHED_MOST)
        due = matched_keeps_due(width, name_need, last_need)
        matched = Matched(fold(query), plan_matched(width, name_need, last_need, due)[1], due)
    else:
        last_need = column_width((", ".join(r.tags) for r in rows), "tags", most=40)
    same_layout = known_layout == (today, matched)
    cells: dict[int, Cells] = {}
    changed: set[str] = set()
    for row in rows:
        before = known.get(row.id)
        if before is not None and before[0] == row and same_layout:
            cells[row.id] = before[1]
        else:
            cells[row.id] = contact_cells(row, today, matched)
            if before is not None:
                changed.add(str(row.id))
    return Listing(rows, cells, changed, today, query, tag, name_need, last_need, matched, pending)


class ContactsScreen(LiveScreen[Listing]):
    """Everyone, with a live filter on top and the selected row ready to open or log."""

    TITLE = "Contacts"
    LOAD_GROUP = "contacts.load"
    BINDINGS = [  # noqa: RUF012
        Binding(
            "slash",
            "focus_filter",
            "Filter",
            id="contacts.filter",
            tooltip="Filter by name, notes or anything you logged",
        ),
        Binding(
            "s",
            "cycle_sort",
            "Sort",
            id="contacts.sort",
            tooltip="Sort by name, stage, score, last talked or next due",
        ),
        Binding("t", "pick_tag", "Tag", id="contacts.tag", tooltip="Show only one tag"),
        Binding("a", "add", "Add", id="contacts.add", tooltip="Add a person by hand"),
        Binding(
            "L",
            "log_selected",
            "Log with them",
            id="contacts.log_with",
            tooltip="Log a conversation with the selected contact (l logs with anyone)",
        ),
        Binding(
            "escape",
            "clear_filter",
            "Clear filter",
            id="contacts.clear",
            tooltip="Clear the filter and the tag",
        ),
        Binding("down", "focus_table", "To list", show=False, id="contacts.to_list"),
    ]
    DEFAULT_CSS = """
    ContactsScreen #contacts-bar { height: auto; padding: 0 1; }
    ContactsScreen #contacts-filter { width: 1fr; }
    ContactsScreen #contacts-tag { width: 28; }
    ContactsScreen #contacts-status { height: 1; padding: 0 2; color: $text-muted; }
    ContactsScreen #contacts-table { height: 1fr; }
    ContactsScreen #contacts-empty { height: 1fr; padding: 1 2; display: none; }
    ContactsScreen.-empty #contacts-table { display: none; }
    ContactsScreen.-empty #contacts-empty { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[ContactRow] = []
        self.sort_key = "name"
        self.sort_reversed = False
        self.loaded_once = False
        self._known: dict[int, tuple[ContactRow, Cells]] = {}
        self._cells_day: date | None = None
        self._matched: Matched | None = None
        self._reading_details = False
        self.details_pending = False  # the rows shown lack the details, which are being read
        self._name_need, self._tags_need = NAME_LEAST, 0
        self._filter_timer: Timer | None = None
        self._shown_query = ""
        self._shown_tag: str | None = None
        self._shown_tags: list[str] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="contacts-bar"):
            yield Input(
                placeholder="Filter: names, notes, conversations…",
                id="contacts-filter",
            )
            yield Select[str]([], prompt="All tags", id="contacts-tag")
        yield Static("Loading contacts…", id="contacts-status")
        yield ContactTable(id="contacts-table")
        yield Static(id="contacts-empty")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(ContactTable)
        table.set_columns(self._columns())
        table.focus()

    # --- loading ---------------------------------------------------------------------------

    def reload(self) -> None:
        super().reload()
        self.read_in_thread(
            "contacts.tags", partial(contacts.all_tag_names, self.shell.store), self._show_tags
        )

    def loader(self) -> Callable[[], Listing]:
        """The rows for the current filter and tag."""
        return partial(
            read_listing,
            self.shell.store,
            self.shell.clock,
            *self._filter(),
            self._known,
            (self._cells_day, self._matched),
            self._table_width(),
        )

    def _table_width(self) -> int:
        return self.query_one(ContactTable).size.width or self.app.size.width

    def _filter(self) -> tuple[str, str | None]:
        query = self.query_one("#contacts-filter", Input).value.strip()
        tag = self.query_one("#contacts-tag", Select).value
        return query, tag if isinstance(tag, str) else None

    def show(self, listing: Listing) -> None:
        if (listing.query, listing.tag) != self._filter():
            return  # typed on since: a newer load is on its way
        if listing.query and not self._shown_query:
            self.sort_key, self.sort_reversed = "match", False
        elif not listing.query and self.sort_key == "match":
            self.sort_key, self.sort_reversed = "name", False
        self.rows = listing.rows
        self._known = {row.id: (row, listing.cells[row.id]) for row in listing.rows}
        self._cells_day, self._matched = listing.today, listing.matched
        self._name_need, self._tags_need = listing.name_need, listing.tags_need
        self.loaded_once = True
        # The details arriving for the rows shown: a cursor on the best match stays on it.
        table = self.query_one(ContactTable)
        refined = self.details_pending and (listing.query, listing.tag) == (
            self._shown_query,
            self._shown_tag,
        )
        on_top = refined and table.cursor_row == 0
        self._shown_query, self._shown_tag = listing.query, listing.tag
        self.details_pending = listing.details_pending
        self._show_rows(listing.changed)
        if on_top and table.row_count:
            table.move_cursor(row=0, animate=False)
        if listing.details_pending:
            self._read_details()

    def _read_details(self) -> None:
        """Read the details in a thread (once at a time), then filter again with them."""
        if self._reading_details:
            return
        self._reading_details = True
        self.read_in_thread(
            "contacts.details",
            partial(search.prepare_details, self.shell.store),
            self._details_read,
            failed=self._details_failed,
        )

    def _details_read(self, _: None) -> None:
        self._reading_details = False
        if self.details_pending and self._filter()[0]:
            self.load()  # the rows shown lack the details: filter again, with them

    def _details_failed(self, error: NetcrmError) -> None:
        self._reading_details = False  # the next keystroke tries again
        self.load_failed(error)

    def _show_tags(self, tags: list[str]) -> None:
        select = self.query_one("#contacts-tag", Select)
        if tags == self._shown_tags:
            return
        current = select.value
        self._shown_tags = tags
        with select.prevent(Select.Changed):
            select.set_options([(tag, tag) for tag in tags])
            if isinstance(current, str) and current in tags:
                select.value = current

    def _show_rows(self, changed: set[str] | frozenset[str] = frozenset()) -> None:
        order = SORTS[self.sort_key]
        if order.key == "match":
            ordered = list(reversed(self.rows)) if self.sort_reversed else list(self.rows)
        else:
            by_name = sorted(self.rows, key=lambda r: r.name.casefold())
            ordered = sorted(by_name, key=order.order, reverse=self.sort_reversed)
        table = self.query_one(ContactTable)
        table.set_columns(self._columns())
        table.show_rows([(str(row.id), self._known[row.id][1]) for row in ordered], changed)
        self._show_status(len(ordered))

    def _columns(self) -> list[tuple[str, str, int]]:
        labels = {
            "name": "name",
            "stage": "stage",
            "score": "score",
            "last": "last talked",
            "due": "next due",
        }
        column = SORTS[self.sort_key].column if self.sort_key != "match" else None
        if column:
            labels[column] += " ▲" if self.sort_reversed else " ▼"
        name_need = max(self._name_need, len(labels["name"]) + 2)
        width = self._table_width()
        matched = self._matched
        if matched is not None:  # filtering: what matched is the last column
            name, last = plan_matched(width, name_need, self._tags_need, matched.due)
            fixed = FIXED_WIDTHS if matched.due else WITHOUT_DUE
            return [
                ("name", labels["name"], name),
                *((key, labels[key], width) for key, width in fixed.items()),
                ("matched", "matched" if last else "", last),
            ]
        name, tags = plan_widths(width, name_need, self._tags_need)
        return [
            ("name", labels["name"], name),
            *((key, labels[key], width) for key, width in FIXED_WIDTHS.items()),
            ("tags", "tags" if tags else "", tags),
        ]

    def on_resize(self) -> None:
        if self.loaded_once:
            self.query_one(ContactTable).set_columns(self._columns())
            if self._matched is not None:
                self.load()  # what matched is cut to fit its column: cut it again

    def _show_status(self, shown: int) -> None:
        parts = []
        if self._shown_query:
            parts.append(f'{shown:,} matching "{self._shown_query}"')
        else:
            parts.append(f"{shown:,} contact{'s' if shown != 1 else ''}")
        if self._shown_tag:
            parts.append(f"tag {self._shown_tag}")
        parts.append(
            f"sorted by {SORTS[self.sort_key].label}" + (", reversed" if self.sort_reversed else "")
        )
        if self.details_pending:
            parts.append(LOOKING_FURTHER)
        self.query_one("#contacts-status", Static).update(" · ".join(parts))
        empty = self.query_one("#contacts-empty", Static)
        if shown:
            self.remove_class("-empty")
            return
        if self.details_pending:
            empty.update(f"{LOOKING_FURTHER[0].upper()}{LOOKING_FURTHER[1:]}…")
        elif self._shown_query or self._shown_tag:
            what = f'"{self._shown_query}"' if self._shown_query else f"the tag {self._shown_tag}"
            empty.update(
                f"No one matches {what}.\n\nPress escape to clear the filter, or try part of a "
                "name, a handle, a company, or a word from your notes or conversations."
            )
        else:
            empty.update(
                "No contacts yet.\n\nPress i to import your followers and connections "
                "(Instagram, LinkedIn, X, Facebook, Google, vCard, CSV), a to add a person by "
                "hand, or l to log a conversation: the people you name are added as you go."
            )
        self.add_class("-empty")

    # --- filter and tag ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "clear_filter":
            return self._filtering()
        return True

    def _filtering(self) -> bool:
        has_text = bool(self.query_one("#contacts-filter", Input).value)
        return has_text or isinstance(self.query_one("#contacts-tag", Select).value, str)

    @on(Input.Changed, "#contacts-filter")
    def _filter_changed(self) -> None:
        self.refresh_bindings()
        if self._filter_timer is not None:
            self._filter_timer.stop()
        self._filter_timer = self.set_timer(FILTER_DELAY, self.load)

    @on(Input.Submitted, "#contacts-filter")
    def _filter_submitted(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None
        self.load()
        self.query_one(ContactTable).focus()

    @on(Select.Changed, "#contacts-tag")
    def _tag_changed(self) -> None:
        self.refresh_bindings()
        self.load()

    # --- table ------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#contacts-table")
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()
        self.shell.open_contact(contact_id(event.row_key))

    @on(DataTable.HeaderSelected, "#contacts-table")
    def _header_chosen(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = COLUMN_SORT.get(event.column_key.value or "")
        if key is None:
            return
        if key == self.sort_key:
            self.sort_reversed = not self.sort_reversed
        else:
            self.sort_key, self.sort_reversed = key, False
        self._show_rows()

    def selected_row(self) -> ContactRow | None:
        key = self.query_one(ContactTable).selected_key
        if key is None:
            return None
        return next((row for row in self.rows if str(row.id) == key), None)

    # --- actions ----------------------------------------------------------------------------

    def action_focus_filter(self) -> None:
        self.query_one("#contacts-filter", Input).focus()

    def action_focus_table(self) -> None:
        self.query_one(ContactTable).focus()

    def action_pick_tag(self) -> None:
        select = self.query_one("#contacts-tag", Select)
        select.focus()
        select.expanded = True

    def action_cycle_sort(self) -> None:
        keys = [key for key in SORTS if key != "match" or self._shown_query]
        position = keys.index(self.sort_key) if self.sort_key in keys else -1
        self.sort_key = keys[(position + 1) % len(keys)]
        self.sort_reversed = False
        self._show_rows()

    def action_log_selected(self) -> None:
        row = self.selected_row()
        if row is not None:
            self.shell.action_log([row.name], known={row.name: row.id})

    def action_add(self) -> None:
        self.shell.action_add_person()

    def action_clear_filter(self) -> None:
        filter_input = self.query_one("#contacts-filter", Input)
        select = self.query_one("#contacts-tag", Select)
        with filter_input.prevent(Input.Changed), select.prevent(Select.Changed):
            filter_input.value = ""
            select.clear()
        self.refresh_bindings()
        self.load()
        self.query_one(ContactTable).focus()
