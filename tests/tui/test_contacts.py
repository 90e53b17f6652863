"""The contacts screen: the list, the live filter, sorting, tags, opening and logging."""

from __future__ import annotations

import threading
from datetime import date

import pytest
from rich.text import Text
from screens_harness import (
    FROZEN_TODAY,
    ScreensHarness,
    cell_texts,
    until,
)
from textual.app import App, ComposeResult
from textual.widgets import Input, Select, Static

from netcrm.services import contacts, conversations, search
from netcrm.services.clock import Clock
from netcrm.services.records import ContactInput, ContactRow, ConversationInput
from netcrm.store.engine import Store
from netcrm.tui.screens.contact import ContactScreen
from netcrm.tui.screens.contacts import (
    ContactsScreen,
    Listing,
    Matched,
    contact_cells,
    plan_widths,
)
from netcrm.tui.widgets.contact_table import ContactTable
from netcrm.tui.widgets.score_bar import score_bar

CLOCK = Clock(FROZEN_TODAY)
SIZE = (120, 40)


def harness(store: Store) -> ScreensHarness:
    return ScreensHarness(store, CLOCK, ContactsScreen)


async def loaded(pilot) -> ContactsScreen:
    await until(pilot, lambda: isinstance(pilot.app.screen, ContactsScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.loaded_once)
    return screen


def names(screen: ContactsScreen) -> list[str]:
    return [row[0] for row in cell_texts(screen.query_one(ContactTable))]


def status(screen: ContactsScreen) -> str:
    return str(screen.query_one("#contacts-status", Static).content)


async def test_lists_everyone_by_name_with_stage_score_and_dates(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        rows = cell_texts(screen.query_one(ContactTable))
        assert [row[0] for row in rows] == [
            "Ana Lim",
            "Budi Santoso",
            "Citra Dewi",
            "Dewi Lestari",
            "Eko Prasetyo",
            "Fajar Nugroho",
            "Gita Maharani",
        ]
        budi = rows[1]
        assert budi[1] == "trusted"
        assert budi[2] == score_bar(46)
        assert budi[3] == "7 days ago"
        assert budi[4] == "in 3 days"  # the follow-up, before the keep-in-touch in 7 days
        assert budi[5] == "jakarta, python"
        assert rows[4][3] == "never"  # a follower
        assert status(screen) == "7 contacts · sorted by name"


async def test_filter_narrows_as_you_type_and_escape_clears(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash")
        assert screen.query_one("#contacts-filter", Input).has_focus
        await pilot.press(*"budi")
        await until(pilot, lambda: names(screen) == ["Budi Santoso"])
        assert status(screen).startswith('1 matching "budi"')
        await pilot.press("escape")
        await until(pilot, lambda: len(names(screen)) == 7)
        assert screen.query_one("#contacts-filter", Input).value == ""
        assert screen.query_one(ContactTable).has_focus


async def test_a_filter_that_matches_nobody_says_what_to_do(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"zzzq")
        # "z" alone may match nobody too: wait for the last filter, not for the first empty list.
        empty = screen.query_one("#contacts-empty", Static)
        await until(pilot, lambda: "zzzq" in str(empty.content))
        assert screen.has_class("-empty")
        message = str(empty.content)
        assert 'No one matches "zzzq"' in message
        assert "escape" in message


async def test_filter_finds_companies_and_notes_too(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"bukalapak")
        await until(pilot, lambda: names(screen) == ["Gita Maharani"])


async def test_s_cycles_the_sort_order(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("s")  # stage, deepest first
        assert names(screen)[0] == "Budi Santoso"
        assert names(screen)[-2:] == ["Eko Prasetyo", "Fajar Nugroho"]
        assert "sorted by stage" in status(screen)
        await pilot.press("s")  # score, warmest first
        assert names(screen)[:3] == ["Budi Santoso", "Ana Lim", "Gita Maharani"]
        await pilot.press("s")  # last talked, most recent first
        assert names(screen)[:2] == ["Ana Lim", "Budi Santoso"]
        assert names(screen)[-2:] == ["Eko Prasetyo", "Fajar Nugroho"]  # never talked: last
        await pilot.press("s")  # next due, soonest first: Gita's follow-up is overdue
        assert names(screen)[:2] == ["Gita Maharani", "Budi Santoso"]
        await pilot.press("s")  # back to name
        assert names(screen)[0] == "Ana Lim"
        labels = [str(c.label) for c in screen.query_one(ContactTable).ordered_columns]
        assert labels[0] == "name ▼"


async def test_clicking_a_header_sorts_and_again_reverses(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(ContactTable)
        score_x = sum(c.get_render_width(table) for c in table.ordered_columns[:2]) + 2
        await pilot.click(ContactTable, offset=(score_x, 0))
        assert names(screen)[0] == "Budi Santoso"
        await pilot.click(ContactTable, offset=(score_x, 0))
        assert names(screen)[-1] == "Budi Santoso"
        assert "reversed" in status(screen)


async def test_sorting_keeps_the_selected_contact_selected(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("down", "down")  # Citra Dewi
        await pilot.press("s", "s")
        table = screen.query_one(ContactTable)
        assert table.selected_key == "3"
        assert names(screen)[table.cursor_row] == "Citra Dewi"


async def test_tag_filter_shows_only_that_tag(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        select = screen.query_one("#contacts-tag", Select)
        await until(pilot, lambda: len(select._options) > 1)
        select.value = "python"
        await until(pilot, lambda: names(screen) == ["Budi Santoso", "Citra Dewi"])
        assert "tag python" in status(screen)
        await pilot.press("slash", *"citra")
        await until(pilot, lambda: names(screen) == ["Citra Dewi"])
        await pilot.press("escape")
        await until(pilot, lambda: len(names(screen)) == 7)
        assert select.value == Select.NULL


async def test_enter_opens_the_selected_contact(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ContactScreen))
        assert pilot.app.screen.contact_id == 1


async def test_shift_l_logs_with_the_selected_contact(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("down", "down", "L")
        assert pilot.app.logged == [["Citra Dewi"]]


async def test_a_adds_a_person_from_the_contacts_screen(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        await loaded(pilot)
        await pilot.press("a")
        assert pilot.app.adding == 1


async def test_changes_elsewhere_show_without_reopening(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        contacts.add_contact(store, ContactInput(name="Hana Wijaya", tags=["design"]), CLOCK)
        contacts.edit_contact(store, "Ana Lim", ContactInput(tags=["jakarta"]), CLOCK)
        pilot.app.refresh_data()
        await until(pilot, lambda: "Hana Wijaya" in names(screen))
        rows = {row[0]: row for row in cell_texts(screen.query_one(ContactTable))}
        assert rows["Ana Lim"][5] == "design, jakarta"
        assert status(screen).startswith("8 contacts")


async def test_an_empty_store_says_how_to_start(empty_store: Store) -> None:
    async with harness(empty_store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        assert screen.has_class("-empty")
        message = str(screen.query_one("#contacts-empty", Static).content)
        assert "No contacts yet" in message
        assert "Press i to import" in message and "a to add a person" in message


async def test_at_80_columns_names_stay_readable_and_nothing_scrolls_sideways(
    store: Store,
) -> None:
    async with harness(store).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        table = screen.query_one(ContactTable)
        await pilot.pause()
        assert table.virtual_size.width <= table.size.width
        assert table.ordered_columns[0].width >= len("Gita Maharani")


def test_column_plan_drops_tags_before_shrinking_names() -> None:
    assert plan_widths(120, 14, 15) == (14, 15)
    name, tags = plan_widths(80, 20, 15)
    assert (name, tags) == (20, 0)
    assert plan_widths(60, 30, 10)[0] >= 10


def test_cells_say_overdue_in_words() -> None:
    row = ContactRow(1, "Ana", None, "talked", 12, date(2026, 11, 1), date(2026, 11, 20), ("x",))
    cells = contact_cells(row, FROZEN_TODAY)
    assert [c.plain for c in cells] == [
        "Ana",
        "talked",
        score_bar(12),
        "3 weeks ago",
        "5 days overdue",
        "x",
    ]


def test_names_are_never_read_as_markup() -> None:
    row = ContactRow(1, "[bold]Ana[/bold]", None, "follower", 0, None, None)
    assert contact_cells(row, FROZEN_TODAY)[0].plain == "[bold]Ana[/bold]"


class TableApp(App):
    def compose(self) -> ComposeResult:
        yield ContactTable()

    def on_mount(self) -> None:
        self.query_one(ContactTable).set_columns([("name", "name", 12), ("n", "n", 4)])


def many(count: int, offset: int = 0) -> list[tuple[str, tuple[Text, Text]]]:
    return [(str(i), (Text(f"person {i}"), Text(str(i + offset)))) for i in range(count)]


async def test_thousands_of_rows_arrive_in_chunks_without_losing_any() -> None:
    async with TableApp().run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(ContactTable)
        table.show_rows(many(3000))
        assert 0 < table.row_count < 3000  # the first screenful at once
        await until(pilot, lambda: not table.filling)
        assert table.row_count == 3000
        assert table.virtual_size.height == 3000 + 1  # rows and the header


async def test_a_few_changes_are_patched_in_place_and_the_cursor_stays() -> None:
    async with TableApp().run_test(size=SIZE) as pilot:
        table = pilot.app.query_one(ContactTable)
        rows = many(50)
        table.show_rows(rows)
        await until(pilot, lambda: table.row_count == 50)
        table.move_cursor(row=10)
        changed = [
            (key, (cells[0], Text("changed"))) if key == "10" else (key, cells)
            for key, cells in rows[:40]
        ]
        changed.reverse()
        table.show_rows(changed, changed={"10"})
        assert table.row_count == 40
        assert table.selected_key == "10"
        assert table.get_row("10")[1].plain == "changed"
        assert table.get_row_at(0)[0].plain == "person 39"


async def test_through_the_app_c_lists_enter_opens_and_l_logs_with_them(store: Store) -> None:
    from netcrm.tui.app import NetcrmApp
    from netcrm.tui.dialogs.log import LogConversationScreen

    app = NetcrmApp(store, CLOCK)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("c")
        screen = await loaded(pilot)
        await pilot.press("down", "enter")
        await until(pilot, lambda: isinstance(app.screen, ContactScreen))
        contact = app.screen
        await until(pilot, lambda: contact.detail is not None)
        await pilot.press("l")
        await until(pilot, lambda: isinstance(app.screen, LogConversationScreen))
        assert app.screen.names == ["Budi Santoso"]
        assert app.screen.known == {"Budi Santoso": 1}
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is contact)
        await pilot.press("escape")
        assert app.screen is screen


async def test_a_result_for_text_typed_over_is_dropped(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"ana")
        await filtered(pilot, screen, "ana")
        old = [row for row in screen.rows]
        cells = {row.id: contact_cells(row, FROZEN_TODAY) for row in old[:1]}
        screen.show(Listing(old[:1], cells, set(), FROZEN_TODAY, "an", None, 10, 0))
        await pilot.pause()
        assert screen._shown_query == "ana"
        assert names(screen) == [row.name for row in old]


async def test_a_failing_store_is_a_message_not_a_crash(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("disk I/O error")

    monkeypatch.setattr(contacts, "list_contacts", broken)
    async with harness(store).run_test(size=SIZE) as pilot:
        await until(pilot, lambda: pilot.app.errors)
        assert pilot.app.errors == ["Something went wrong reading the store: disk I/O error."]
        assert isinstance(pilot.app.screen, ContactsScreen)


async def filtered(pilot, screen: ContactsScreen, query: str) -> None:
    """Wait until the screen shows ``query``'s rows, details included."""
    await until(pilot, lambda: screen._shown_query == query and not screen.details_pending)


def columns(screen: ContactsScreen) -> list[str]:
    return [str(c.label) for c in screen.query_one(ContactTable).ordered_columns]


def row_of(screen: ContactsScreen, name: str) -> list[str]:
    return next(row for row in cell_texts(screen.query_one(ContactTable)) if row[0] == name)


async def test_the_filter_finds_words_said_and_shows_where(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"bandung")
        await filtered(pilot, screen, "bandung")
        assert names(screen) == ["Dewi Lestari"]
        assert columns(screen)[-1] == "matched"
        assert (
            row_of(screen, "Dewi Lestari")[-1] == "conversation on 10 Apr: Book launch in Bandung"
        )
        # A group conversation finds everyone in it; a follow-up title is found too.
        await pilot.press(*["backspace"] * 7, *"workshop")
        await filtered(pilot, screen, "workshop")
        assert sorted(names(screen)) == ["Budi Santoso", "Citra Dewi"]
        citra = row_of(screen, "Citra Dewi")[-1]  # cut around the match to fit its column
        assert citra.startswith("conversation on 15 Sep: …") and "workshop on data" in citra
        await pilot.press(*["backspace"] * 8, *"pricing deck")
        await filtered(pilot, screen, "pricing deck")
        assert names(screen) == ["Gita Maharani"]
        assert row_of(screen, "Gita Maharani")[-1] == "follow-up: Share the pricing deck"
        # Clearing the filter brings the tags back.
        await pilot.press("escape")
        await until(pilot, lambda: len(names(screen)) == 7)
        assert columns(screen)[-1] == "tags"
        assert row_of(screen, "Budi Santoso")[-1] == "jakarta, python"


async def test_name_matches_leave_the_matched_cell_empty(store: Store) -> None:
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"budi")
        await until(pilot, lambda: names(screen) == ["Budi Santoso"])
        assert row_of(screen, "Budi Santoso")[-1] == ""


async def test_at_80_columns_what_matched_takes_the_place_of_the_due_date(store: Store) -> None:
    async with harness(store).run_test(size=(80, 24)) as pilot:
        screen = await loaded(pilot)
        assert "next due" in columns(screen)
        await pilot.press("slash", *"workshop")
        await filtered(pilot, screen, "workshop")
        assert sorted(names(screen)) == ["Budi Santoso", "Citra Dewi"]
        assert "next due" not in columns(screen) and columns(screen)[-1] == "matched"
        table = screen.query_one(ContactTable)
        assert table.virtual_size.width <= table.size.width
        width = table.ordered_columns[-1].width
        # Too narrow for "where" and the words around: the words come first, then where.
        cell = row_of(screen, "Citra Dewi")[-1]
        assert cell.startswith("…a workshop on") and cell.endswith(" · conversation on 15 Sep")
        assert cell.index("workshop") + len("workshop") <= width  # the match is not cut off
        await pilot.press("escape")
        await until(pilot, lambda: "next due" in columns(screen))


async def test_the_matched_text_is_shown_as_typed(store: Store) -> None:
    conversations.log_conversation(
        store,
        ConversationInput(names=["Fajar Nugroho"], note="[bold]Zeppelin[/bold]\tride\nplanned"),
        CLOCK,
    )
    async with harness(store).run_test(size=(160, 40)) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"zeppelin")
        await filtered(pilot, screen, "zeppelin")
        assert names(screen) == ["Fajar Nugroho"]
        cell = screen.query_one(ContactTable).get_row_at(0)[-1]
        assert cell.plain == "conversation on 25 Nov: [bold]Zeppelin[/bold] ride planned"
        bold = [
            cell.plain[span.start : span.end] for span in cell.spans if "bold" in str(span.style)
        ]
        assert bold == ["Zeppelin"]


def test_the_matched_cell_cannot_drive_the_terminal() -> None:
    row = ContactRow(
        1, "Ana", None, "talked", 1, None, None, where="note", snippet="a\x1b[2J zeppelin"
    )
    cells = contact_cells(row, FROZEN_TODAY, Matched("zeppelin", 40, due=True))
    assert cells[-1].plain == "note: a\\x1b[2J zeppelin"
    assert len(cells) == 6
    assert len(contact_cells(row, FROZEN_TODAY, Matched("zeppelin", 40, due=False))) == 5


def test_a_short_match_fits_its_column_whole() -> None:
    row = ContactRow(1, "Ana", None, "talked", 1, None, None, where="tag", snippet="jakarta")
    assert contact_cells(row, FROZEN_TODAY, Matched("jakarta", 12, due=True))[-1].plain == (
        "tag: jakarta"
    )


async def test_name_matches_show_while_the_details_are_read(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first filter after a change reads every detail again (seconds on a large network):
    the name matches show at once, then the rest."""
    release = threading.Event()
    read = search.prepare_details

    def slowly(store: Store) -> None:
        release.wait(10)
        read(store)

    monkeypatch.setattr(search, "prepare_details", slowly)
    async with harness(store).run_test(size=SIZE) as pilot:
        screen = await loaded(pilot)
        await pilot.press("slash", *"dewi")
        await until(pilot, lambda: screen._shown_query == "dewi")
        assert screen.details_pending
        assert sorted(names(screen)) == ["Citra Dewi", "Dewi Lestari"]
        assert status(screen).endswith("looking in what you logged")
        await pilot.press(*["backspace"] * 4, *"bandung")
        await until(pilot, lambda: screen._shown_query == "bandung")
        assert "Looking in what you logged" in str(
            screen.query_one("#contacts-empty", Static).content
        )
        release.set()
        await filtered(pilot, screen, "bandung")
        assert names(screen) == ["Dewi Lestari"]
        assert screen.query_one(ContactTable).cursor_row == 0
        assert "looking" not in status(screen)
