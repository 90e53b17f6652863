"""Duplicates: people who are likely one person, best first; merge them, or say they differ.

The groups come from :func:`netcrm.services.duplicates.duplicate_groups` in a thread; the
people of the highlighted group are shown side by side, each with a little of their history
(read with :func:`netcrm.services.contact_detail.get_contact`, in a thread, when the group is
first highlighted), and the reasons they look alike under them. A merge or a "not the same"
is one change in the journal: ``u`` undoes it, from anywhere.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Header, OptionList, Static
from textual.widgets.option_list import Option

from netcrm.domain.errors import NetcrmError
from netcrm.domain.name_list import names_in_words
from netcrm.services import contact_detail
from netcrm.services.clock import Clock
from netcrm.services.duplicates import duplicate_groups
from netcrm.services.records import ContactDetail, DuplicateGroup, DuplicatePerson, MergeResult
from netcrm.tui.dialogs.choose_person import Candidate
from netcrm.tui.live_screen import LiveScreen
from netcrm.tui.widgets.duplicate_views import (
    group_heading,
    group_prompt,
    person_about,
    person_card,
    reasons_table,
)
from netcrm.tui.widgets.footer import Footer

if TYPE_CHECKING:
    from netcrm.services.stores import Store

EMPTY = "No likely duplicates. People who arrive from two platforms show up here."
Details = dict[int, ContactDetail]


def group_key(group: DuplicateGroup) -> frozenset[int]:
    return frozenset(p.id for p in group.people)


def candidate(person: DuplicatePerson) -> Candidate:
    return Candidate(person.id, person.name, person_about(person))


def most_history(group: DuplicateGroup) -> DuplicatePerson | None:
    """The first person, when they have more history than the next (the service's order)."""
    first, second = group.people[0], group.people[1]

    def history(p: DuplicatePerson) -> tuple[int, int]:
        return p.conversation_count, len(p.handles)

    return first if history(first) > history(second) else None


def read_people(store: Store, clock: Clock, ids: Sequence[int]) -> Details:
    """In a thread: each person's detail, for their recent history; one gone since is left out."""
    found: Details = {}
    for contact_id in ids:
        try:
            found[contact_id] = contact_detail.get_contact(store, contact_id, clock)
        except NetcrmError:
            continue
    return found


class PersonCard(Static):
    """One person of the highlighted group, in a column of their own."""


class DuplicatesScreen(LiveScreen[list[DuplicateGroup]]):
    TITLE = "Duplicates"
    LOAD_GROUP = "duplicates.load"
    WRITE_GROUP = "duplicates.write"
    BINDINGS = [  # noqa: RUF012
        Binding(
            "m",
            "merge",
            "Merge",
            id="duplicates.merge",
            tooltip="Merge the group into one person: choose who to keep, see what moves",
        ),
        Binding(
            "n",
            "not_same",
            "Not the same",
            id="duplicates.not_same",
            tooltip="Not the same person: they are never offered together again",
        ),
        Binding(
            "enter",
            "open_person",
            "Open",
            id="duplicates.open",
            tooltip="Open the highlighted person's page",
            priority=True,
        ),
        Binding(
            "left",
            "person(-1)",
            "Previous person",
            show=False,
            id="duplicates.previous_person",
            tooltip="Highlight the person to the left",
        ),
        Binding(
            "right",
            "person(1)",
            "Next person",
            show=False,
            id="duplicates.next_person",
            tooltip="Highlight the person to the right",
        ),
        Binding("escape", "back", "Back", id="duplicates.back", tooltip="Back to where you were"),
    ]
    DEFAULT_CSS = """
    DuplicatesScreen #dupes-status { height: 1; padding: 0 2; margin-top: 1; color: $text-muted; }
    DuplicatesScreen #dupes-body { height: 1fr; margin: 1 1 0 1; }
    DuplicatesScreen #dupes-groups {
        width: 34;
        height: 1fr;
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border: tall $border-blurred;
        &:focus { border: tall $border; }
    }
    DuplicatesScreen #dupes-group {
        width: 1fr;
        height: 1fr;
        padding: 0 0 0 1;
        scrollbar-size-vertical: 1;
    }
    DuplicatesScreen #dupes-heading { height: auto; padding: 0 1; }
    DuplicatesScreen #dupes-hint { height: auto; padding: 0 1; color: $text-muted; }
    DuplicatesScreen #dupes-people { height: auto; margin-top: 1; overflow-x: auto; }
    DuplicatesScreen PersonCard {
        height: auto;
        padding: 0 0 0 1;
        margin-right: 1;
        border: round $border-blurred;
        text-overflow: fold;
    }
    DuplicatesScreen PersonCard.-highlighted { border: round $accent; }
    DuplicatesScreen #dupes-reasons { height: auto; margin-top: 1; padding: 0 1; }
    DuplicatesScreen #dupes-empty { display: none; height: auto; margin: 1 2; padding: 1 2; }
    DuplicatesScreen.-empty #dupes-body { display: none; }
    DuplicatesScreen.-empty #dupes-empty { display: block; border: round $border-blurred; }
    DuplicatesScreen.-narrow #dupes-status { margin-top: 0; }
    DuplicatesScreen.-narrow #dupes-body { layout: vertical; margin: 0 1; }
    DuplicatesScreen.-narrow #dupes-groups { width: 1fr; height: 6; }
    DuplicatesScreen.-narrow #dupes-group { padding: 0; }
    DuplicatesScreen.-narrow #dupes-hint { display: none; }
    """
    NARROW = 100
    CARD_WIDTH = 24

    class Leave(Message):
        """Esc: the shell takes the user back to where they came from."""

    def __init__(self) -> None:
        super().__init__()
        self.groups: list[DuplicateGroup] = []
        self.loaded_once = False
        self.person_index = 0  # the highlighted person of the highlighted group
        self.details: Details = {}
        self._shown_key: frozenset[int] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("Looking for people who are here twice…", id="dupes-status", markup=False)
        with Horizontal(id="dupes-body"):
            yield OptionList(id="dupes-groups")
            with VerticalScroll(id="dupes-group", can_focus=False):
                yield Static(id="dupes-heading", markup=False)
                yield Static(
                    "← → another person · enter opens them · m merges · n: not the same person",
                    id="dupes-hint",
                    markup=False,
                )
                yield Horizontal(id="dupes-people")
                yield Static(id="dupes-reasons", markup=False)
        yield Static(EMPTY, id="dupes-empty", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#dupes-groups", OptionList).focus()
        self._fit()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        width = self.size.width or self.app.size.width
        self.set_class(width < self.NARROW, "-narrow")
        self._fit_cards()

    def _fit_cards(self) -> None:
        """The people share the width; below ``CARD_WIDTH`` each, the row scrolls sideways."""
        cards = list(self.query(PersonCard).results(PersonCard))
        if not cards:
            return
        width = self.size.width or self.app.size.width
        # Narrow, the list of groups is above the people: they have the body's width, less its
        # margins and the scrollbar. Wide, the list, the panel's padding are beside them too.
        room = width - 3 if width < self.NARROW else width - 34 - 2 - 1 - 1
        each = max(self.CARD_WIDTH, (room - len(cards)) // len(cards))  # a margin each
        for card in cards:
            card.styles.width = each

    # --- loading ------------------------------------------------------------------------------

    def reload(self) -> None:
        self.details = {}  # what each person has done may have changed too
        super().reload()

    def loader(self) -> Callable[[], list[DuplicateGroup]]:
        return partial(duplicate_groups, self.shell.store)

    async def show(self, groups: list[DuplicateGroup]) -> None:
        before = self.selected_group()
        index = self.query_one(OptionList).highlighted or 0
        self.groups = groups
        self.loaded_once = True
        listing = self.query_one("#dupes-groups", OptionList)
        listing.set_options(Option(group_prompt(g), id=str(i)) for i, g in enumerate(groups))
        self.set_class(not groups, "-empty")
        status = self.query_one("#dupes-status", Static)
        if not groups:
            status.update("")
            self._shown_key = None
            self.refresh_bindings()
            return
        count = len(groups)
        status.update(
            f"{count} group{'s' if count != 1 else ''} of people who may be one person, best first"
        )
        keys = [group_key(g) for g in groups]
        if before is not None and group_key(before) in keys:
            index = keys.index(group_key(before))
        listing.highlighted = min(index, count - 1)
        await self._show_group(force=True)
        self.refresh_bindings()

    def load_failed(self, error: NetcrmError) -> None:
        self.query_one("#dupes-status", Static).update(f"✗ {error}")
        super().load_failed(error)

    # --- the highlighted group -----------------------------------------------------------------

    def selected_group(self) -> DuplicateGroup | None:
        index = self.query_one("#dupes-groups", OptionList).highlighted
        if index is None or not 0 <= index < len(self.groups):
            return None
        return self.groups[index]

    def selected_person(self) -> DuplicatePerson | None:
        group = self.selected_group()
        if group is None:
            return None
        return group.people[min(self.person_index, len(group.people) - 1)]

    @on(OptionList.OptionHighlighted, "#dupes-groups")
    async def _group_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        await self._show_group()

    @on(OptionList.OptionSelected, "#dupes-groups")
    def _group_clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()

    async def _show_group(self, *, force: bool = False) -> None:
        group = self.selected_group()
        if group is None:
            return
        key = group_key(group)
        if key != self._shown_key:
            self.person_index = 0
        elif not force:
            return
        self._shown_key = key
        self.person_index = min(self.person_index, len(group.people) - 1)
        self.query_one("#dupes-heading", Static).update(group_heading(group))
        self.query_one("#dupes-reasons", Static).update(reasons_table(group))
        people = self.query_one("#dupes-people", Horizontal)
        await people.remove_children()
        await people.mount_all(
            PersonCard(id=f"dupes-person-{p.id}", markup=False) for p in group.people
        )
        self._fit_cards()
        self._paint_people()
        missing = [p.id for p in group.people if p.id not in self.details]
        if missing:
            self.read_in_thread(
                "duplicates.people",
                partial(read_people, self.shell.store, self.shell.clock, missing),
                self._people_read,
                failed=lambda _error: None,  # the cards show what the group holds
            )

    def _people_read(self, details: Details) -> None:
        self.details.update(details)
        self._paint_people()

    def _paint_people(self) -> None:
        group = self.selected_group()
        if group is None:
            return
        today = self.shell.clock.today()
        most = most_history(group)
        for index, person in enumerate(group.people):
            cards = self.query(f"#dupes-person-{person.id}").results(PersonCard)
            for card in cards:
                card.update(
                    person_card(
                        person, self.details.get(person.id), today, most_history=person is most
                    )
                )
                highlighted = index == self.person_index
                card.set_class(highlighted, "-highlighted")
                card.border_title = "enter opens" if highlighted else None
                if highlighted:
                    self.query_one("#dupes-people", Horizontal).scroll_to_widget(
                        card, animate=False
                    )

    # --- what the keys can do now ----------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in {"merge", "not_same", "open_person", "person"}:
            # With nothing to act on, m and n are the app's again (Me, Network).
            return self.selected_group() is not None
        return True

    def action_person(self, step: int) -> None:
        group = self.selected_group()
        if group is None:
            return
        self.person_index = (self.person_index + step) % len(group.people)
        self._paint_people()

    def action_open_person(self) -> None:
        person = self.selected_person()
        if person is not None:
            self.shell.open_contact(person.id)

    def action_back(self) -> None:
        self.post_message(self.Leave())

    # --- merge ------------------------------------------------------------------------------------

    def action_merge(self) -> None:
        from netcrm.tui.dialogs.merge import MergeDialog

        group = self.selected_group()
        if group is None or self._busy:
            return
        people = [candidate(p) for p in group.people]

        def chosen(keep: Candidate | None) -> None:
            if keep is None:
                return
            others = [p.ref for p in people if p.id != keep.id]
            self.write_in_thread(
                partial(self._merge, keep.ref, others),
                lambda result: (
                    f"Merged {names_in_words(list(result.merged))} into {result.keep}; u undoes it."
                ),
            )

        self.app.push_screen(MergeDialog(people), chosen)

    def _merge(self, keep: str, others: list[str]) -> MergeResult:
        from netcrm.services.merging import merge_people

        return merge_people(self.shell.store, keep, others, self.shell.clock)

    # --- not the same -----------------------------------------------------------------------------

    def action_not_same(self) -> None:
        from netcrm.tui.dialogs.choose_person import ChoosePersonDialog

        group = self.selected_group()
        if group is None or self._busy:
            return
        people = [candidate(p) for p in group.people]
        if len(people) == 2:
            first, second = people
            self.write_in_thread(
                partial(self._mark_pair, first.ref, second.ref),
                lambda names: (
                    f"Noted: {names[0]} and {names[1]} are different people; u undoes it."
                ),
            )
            return

        def chosen(odd: Candidate | None) -> None:
            if odd is None:
                return
            others = [p.ref for p in people if p.id != odd.id]
            self.write_in_thread(
                partial(self._mark_odd_one, odd.ref, others),
                lambda names: (
                    f"Noted: {names[0]} is not {names_in_words(list(names[1]))}; u undoes it."
                ),
            )

        self.app.push_screen(
            ChoosePersonDialog(
                "Not the same person",
                "Who is not the same person as the others? They are never offered together "
                "again; the others stay a group.",
                people,
                highlighted=self.person_index,
                hint="↑ ↓ move · enter: this one is someone else · esc cancels",
            ),
            chosen,
        )

    def _mark_pair(self, first: str, second: str) -> tuple[str, str]:
        from netcrm.services.merging import mark_not_same

        return mark_not_same(self.shell.store, first, second, self.shell.clock)

    def _mark_odd_one(self, odd: str, others: list[str]) -> tuple[str, tuple[str, ...]]:
        from netcrm.services.merging import mark_not_same_as_others

        return mark_not_same_as_others(self.shell.store, odd, others, self.shell.clock)
