"""The Duplicates screen, driven by keyboard: groups best first, people side by side, merge
(with the default keep or another), not the same, undo; merge with… on a contact's page; the
import screen's offer to look at what an import brought twice."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rich.console import Console
from screens_harness import until
from textual.widgets import OptionList, Static
from week_sample import SMALL, WIDE, settle

from netcrm.services import contact_detail, contacts, conversations
from netcrm.services.clock import Clock
from netcrm.services.duplicates import duplicate_groups
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.services.settings import set_setting
from netcrm.store.engine import Store
from netcrm.tui.dialogs.choose_person import ChoosePersonDialog
from netcrm.tui.dialogs.merge import MergeDialog
from netcrm.tui.dialogs.pick_contact import PickContactDialog
from netcrm.tui.screens.contact import ContactScreen
from netcrm.tui.screens.duplicates import EMPTY, DuplicatesScreen, PersonCard
from netcrm.tui.screens.importing import ImportScreen
from netcrm.tui.screens.review import ReviewScreen

INSTAGRAM = Path(__file__).parents[1] / "importers" / "fixtures" / "instagram-export"
BUDI, BUDI_PHONE, BUDI_INSTAGRAM, SARI, SARI_W = 1, 2, 3, 4, 5


def fill_budis(store: Store, clock: Clock) -> None:
    """Three records of one Budi, two of one Sari, and people who are nobody else."""

    def add(name: str, **fields) -> None:
        contacts.add_contact(store, ContactInput(name=name, **fields), clock)

    set_setting(store, "phone-region", "ID")
    add("Budi Santoso", company="Gojek", handles=["linkedin:budi-santoso-4a1b2c"])
    add("Budi", phones=["0812-555-1234"])
    add("budi.santoso", handles=["instagram:budi.santoso"], phones=["+62 812 5551234"])
    add("Sari Wulandari", company="Tokopedia", emails=["sari@example.com"])
    add("sari_w", handles=["instagram:sari_w"], emails=["SARI@example.com"])
    add("Tom Becker", company="Berlin.js", location="Berlin")
    add("Priya Nair", company="Razorpay")
    for on, note in (("2026-10-02", "Coffee about the data team"), ("2026-11-18", "Workshop")):
        conversations.log_conversation(
            store, ConversationInput(names=["Budi Santoso"], when=on, note=note), clock
        )
    conversations.log_conversation(
        store, ConversationInput(names=["Budi"], when="2026-11-20", via="call"), clock
    )
    from netcrm.services.history import forget_history

    forget_history(store)  # what built the sample is not a change to undo


@pytest.fixture
def budis(
    tmp_path: Path, make_store: Callable[..., Store], filled: Callable[..., bytes]
) -> Iterator[Store]:
    store = make_store(tmp_path / "budis.db", filled(fill_budis))
    try:
        yield store
    finally:
        store.close()


def names(store: Store, clock: Clock) -> list[str]:
    return sorted(row.name for row in contacts.list_contacts(store, clock))


def group_ids(store: Store) -> list[list[int]]:
    return [sorted(p.id for p in g.people) for g in duplicate_groups(store)]


def messages(app) -> list[str]:
    return [n.message for n in app._notifications]


def text_of(widget: Static) -> str:
    """What the widget shows, as plain text, lines as wide as they come."""
    console = Console(width=200, file=io.StringIO(), color_system=None)
    console.print(widget.content)
    return "\n".join(line.rstrip() for line in console.file.getvalue().splitlines())


def card_texts(screen: DuplicatesScreen) -> list[str]:
    return [text_of(card) for card in screen.query(PersonCard)]


async def open_duplicates(pilot) -> DuplicatesScreen:
    await settle(pilot)
    pilot.app.action_duplicates()
    await until(pilot, lambda: isinstance(pilot.app.screen, DuplicatesScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.loaded_once)
    await settle(pilot)
    return screen


async def details_read(pilot, screen: DuplicatesScreen) -> None:
    group = screen.selected_group()
    assert group is not None
    await until(pilot, lambda: all(p.id in screen.details for p in group.people))
    await settle(pilot)


async def written(pilot, screen: DuplicatesScreen, condition: Callable[[], bool]) -> None:
    await until(pilot, lambda: not screen._busy and condition())
    await settle(pilot)


# --- the screen ------------------------------------------------------------------------------


async def test_the_palette_opens_it_and_esc_goes_back(budis, make_app):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"duplicates")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, DuplicatesScreen))
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def test_groups_best_first_with_their_people_side_by_side(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        assert [sorted(p.id for p in g.people) for g in screen.groups] == [
            [BUDI, BUDI_PHONE, BUDI_INSTAGRAM],
            [SARI, SARI_W],
        ]
        listing = screen.query_one("#dupes-groups", OptionList)
        first = str(listing.get_option_at_index(0).prompt)
        assert first.startswith(" 92  Budi Santoso · ")
        assert "same phone +628125551234" in first
        await details_read(pilot, screen)
        cards = card_texts(screen)
        assert len(cards) == 3
        assert cards[0].startswith("Budi Santoso\n#1 · ")
        assert "linkedin:budi-santoso-4a1b2c" in cards[0]
        assert "2 conversations" in cards[0] and "talked 7 days ago" in cards[0]
        assert "Workshop" in cards[0] and "◆ best to keep" in cards[0]
        assert "0812-555-1234" in "".join(cards)
        assert "+62 812 5551234" in "".join(cards)
        assert "Tom Becker" not in "".join(cards)
        reasons = text_of(screen.query_one("#dupes-reasons", Static))
        assert "90  same phone +628125551234" in reasons
        await pilot.press("down")
        await until(pilot, lambda: len(screen.query(PersonCard)) == 2)
        reasons = text_of(screen.query_one("#dupes-reasons", Static))
        assert "90  same e-mail sari@example.com" in reasons


async def test_m_merges_into_the_first_with_both_phones_and_handles(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MergeDialog))
        dialog = app.screen
        preview = dialog.query_one("#merge-preview", Static)
        await until(pilot, lambda: "Would move into Budi Santoso (#1)" in text_of(preview))
        assert "1 phone" in text_of(preview) and "1 handle" in text_of(preview)
        await pilot.press("enter")
        await written(pilot, screen, lambda: len(screen.groups) == 1)
        assert any(
            m.startswith("Merged ") and m.endswith("into Budi Santoso; u undoes it.")
            for m in messages(app)
        )
        budi = contact_detail.get_contact(budis, BUDI, frozen)
        assert {h.label for h in budi.handles} == {
            "linkedin:budi-santoso-4a1b2c",
            "instagram:budi.santoso",
        }
        assert budi.phones == ("0812-555-1234",)  # the two numbers are one
        assert len(budi.conversations) == 3
        assert [n for n in names(budis, frozen) if "udi" in n] == ["Budi Santoso"]


async def test_another_person_can_be_kept(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MergeDialog))
        dialog = app.screen
        preview = dialog.query_one("#merge-preview", Static)
        await pilot.press("down")  # the second: Budi, with the phone and a call
        await until(pilot, lambda: "Would move into Budi (#2)" in text_of(preview))
        await pilot.press("enter")
        await written(pilot, screen, lambda: len(screen.groups) == 1)
        assert [n for n in names(budis, frozen) if "udi" in n] == ["Budi"]
        budi = contact_detail.get_contact(budis, BUDI_PHONE, frozen)
        assert budi.company == "Gojek"  # filled from the ones merged in
        assert {h.label for h in budi.handles} == {
            "linkedin:budi-santoso-4a1b2c",
            "instagram:budi.santoso",
        }


async def test_esc_in_the_merge_dialog_merges_nothing(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MergeDialog))
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert group_ids(budis) == [[1, 2, 3], [4, 5]]


async def test_u_after_a_merge_brings_them_all_back(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        before = names(budis, frozen)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MergeDialog))
        await pilot.press("enter")
        await written(pilot, screen, lambda: len(screen.groups) == 1)
        await pilot.press("u")
        await until(pilot, lambda: len(screen.groups) == 2)
        assert names(budis, frozen) == before
        assert any(m.startswith("Undid: Merged ") for m in messages(app))
        budi = contact_detail.get_contact(budis, BUDI, frozen)
        assert [h.label for h in budi.handles] == ["linkedin:budi-santoso-4a1b2c"]


async def test_n_on_a_pair_marks_them_different_and_the_group_goes(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("down")
        await until(pilot, lambda: len(screen.query(PersonCard)) == 2)
        await pilot.press("n")
        await written(pilot, screen, lambda: len(screen.groups) == 1)
        assert group_ids(budis) == [[1, 2, 3]]
        assert any(
            m == "Noted: sari_w and Sari Wulandari are different people; u undoes it."
            for m in messages(app)
        )
        await pilot.press("u")
        await until(pilot, lambda: len(screen.groups) == 2)
        assert group_ids(budis) == [[1, 2, 3], [4, 5]]


async def test_n_on_a_larger_group_asks_who_is_someone_else(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("right")  # Budi, the second
        await pilot.press("n")
        await until(pilot, lambda: isinstance(app.screen, ChoosePersonDialog))
        assert app.screen.highlighted.name == "Budi"  # the one highlighted on the screen
        await pilot.press("enter")
        await written(pilot, screen, lambda: [len(g.people) for g in screen.groups] == [2, 2])
        assert sorted(group_ids(budis)) == [[1, 3], [4, 5]]
        assert any(
            m == "Noted: Budi is not Budi Santoso and budi.santoso; u undoes it."
            for m in messages(app)
        )
        await pilot.press("u")  # one change, one undo
        await until(pilot, lambda: [len(g.people) for g in screen.groups] == [3, 2])


async def test_enter_opens_the_highlighted_person(budis, make_app):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("right")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ContactScreen))
        assert app.screen.contact_id == screen.groups[0].people[1].id
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)


async def test_with_no_duplicates_it_says_so_calmly(empty_store, make_app):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        assert screen.has_class("-empty")
        assert text_of(screen.query_one("#dupes-empty", Static)) == EMPTY
        assert screen.check_action("merge", ()) is False  # m is Me again


async def test_a_failed_merge_is_one_sentence(budis, make_app, frozen, monkeypatch):
    from netcrm.domain.errors import BadInput
    from netcrm.services import merging

    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MergeDialog))
        await settle(pilot)

        def refuse(*_args, **_kwargs):
            raise BadInput("Budi is in the trash; restore them first.")

        monkeypatch.setattr(merging, "merge_people", refuse)
        await pilot.press("enter")
        await until(pilot, lambda: not screen._busy and app.screen is screen)
        await settle(pilot)
        assert "Budi is in the trash; restore them first." in messages(app)
        assert not any("Traceback" in m for m in messages(app))
        assert group_ids(budis) == [[1, 2, 3], [4, 5]]


async def test_a_read_that_fails_says_why_in_a_sentence(budis, make_app, monkeypatch):
    from netcrm.domain.errors import BadInput
    from netcrm.tui.screens import duplicates

    def broken(*_args, **_kwargs):
        raise BadInput("The store is being upgraded; try again in a moment.")

    monkeypatch.setattr(duplicates, "duplicate_groups", broken)
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.action_duplicates()
        await until(pilot, lambda: isinstance(app.screen, DuplicatesScreen))
        screen = app.screen
        status = screen.query_one("#dupes-status", Static)
        await until(pilot, lambda: text_of(status).startswith("✗"))
        assert text_of(status) == "✗ The store is being upgraded; try again in a moment."
        assert "The store is being upgraded; try again in a moment." in messages(app)


async def test_a_merge_that_cannot_be_done_is_said_in_the_dialog(budis, make_app, frozen):
    from netcrm.services.trash import trash_contact

    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_duplicates(pilot)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(app.screen, MergeDialog))
        dialog = app.screen
        preview = dialog.query_one("#merge-preview", Static)
        await until(pilot, lambda: "Would move into" in text_of(preview))
        trash_contact(budis, "#3", frozen)  # meanwhile, from the CLI
        await pilot.press("down")
        await until(pilot, lambda: text_of(preview).startswith("✗ budi.santoso is in the trash"))
        await pilot.press("enter")  # refused: the sentence says why
        await settle(pilot)
        assert app.screen is dialog
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is screen)
        assert "budi.santoso" not in names(budis, frozen)
        assert "Budi" in names(budis, frozen)


async def test_the_help_lists_its_keys(budis, make_app):
    from netcrm.tui.screens.help import help_sections

    sections = dict(help_sections())
    keys = {row[2]: row[0] for row in sections["Duplicates"]}
    assert keys["duplicates.merge"] == "m"
    assert keys["duplicates.not_same"] == "n"
    assert keys["duplicates.open"] == "enter"
    assert {row[2]: row[0] for row in sections["One contact"]}["contact.merge_with"] == "M"


async def test_it_fits_80x24(budis, make_app):
    app = make_app(budis)
    async with app.run_test(size=SMALL) as pilot:
        screen = await open_duplicates(pilot)
        await details_read(pilot, screen)
        assert screen.has_class("-narrow")
        cards = list(screen.query(PersonCard))
        assert len(cards) == 3
        assert all(card.outer_size.width >= 24 for card in cards)
        assert max(card.region.right for card in cards) <= SMALL[0]  # all three in view


# --- merge with… on a contact's page -----------------------------------------------------------


async def open_contact(pilot, contact_id: int) -> ContactScreen:
    await settle(pilot)
    pilot.app.open_contact(contact_id)
    await until(pilot, lambda: isinstance(pilot.app.screen, ContactScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.detail is not None)
    await settle(pilot)
    return screen


async def test_merge_with_folds_the_picked_person_into_the_one_on_screen(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_contact(pilot, SARI)
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, PickContactDialog))
        await pilot.press(*"sari_")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("tab")
        await until(pilot, lambda: isinstance(app.screen, MergeDialog))
        dialog = app.screen
        preview = dialog.query_one("#merge-preview", Static)
        await until(pilot, lambda: "Would move into Sari Wulandari (#4)" in text_of(preview))
        assert "1 handle" in text_of(preview)
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and not screen._busy)
        await until(pilot, lambda: screen.detail is not None and len(screen.detail.handles) == 1)
        assert "sari_w" not in names(budis, frozen)
        assert screen.detail.handles[0].label == "instagram:sari_w"
        assert any(
            m == "Merged sari_w (#5) into Sari Wulandari; u undoes it." for m in messages(app)
        )


async def test_merge_with_refuses_the_person_themselves(budis, make_app, frozen):
    app = make_app(budis)
    async with app.run_test(size=WIDE) as pilot:
        await open_contact(pilot, SARI)
        await pilot.press("M")
        await until(pilot, lambda: isinstance(app.screen, PickContactDialog))
        dialog = app.screen
        await pilot.press(*"Sari Wul")
        await pilot.pause(0.3)
        await settle(pilot)
        await pilot.press("enter")
        message = dialog.query_one("#pick-message", Static)
        await until(pilot, lambda: "✗ That is Sari Wulandari" in text_of(message))
        assert app.screen is dialog
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ContactScreen))
        assert "sari_w" in names(budis, frozen)


# --- after an import ---------------------------------------------------------------------------


async def test_an_import_that_brings_duplicates_offers_to_look(empty_store, make_app, frozen):
    contacts.add_contact(empty_store, ContactInput(name="Budi Santoso"), frozen)
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        assert screen.check_action("duplicates", ()) is False
        await pilot.press(*str(INSTAGRAM), "ctrl+s")
        await until(pilot, lambda: screen.last_report is not None and screen.running is None)
        await settle(pilot)
        result = text_of(screen.query_one("#import-result", Static))
        assert "? likely duplicate (50): budi.santoso (#2)  ·  Budi Santoso (#1)" in result
        assert "d looks at them on the Duplicates screen" in result
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DuplicatesScreen))
        duplicates = app.screen
        await until(pilot, lambda: duplicates.loaded_once)
        assert {p.name for p in duplicates.groups[0].people} == {"Budi Santoso", "budi.santoso"}
        await pilot.press("escape")  # back to the import, as it was
        await until(pilot, lambda: app.screen is screen)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))


async def test_an_import_too_large_to_check_sends_to_the_screen(empty_store, make_app, monkeypatch):
    from netcrm.services import import_duplicates

    monkeypatch.setattr(import_duplicates, "MAX_CHECKED", 0)
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("i")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))
        screen = app.screen
        await pilot.press(*str(INSTAGRAM), "ctrl+s")
        await until(pilot, lambda: screen.last_report is not None and screen.running is None)
        await settle(pilot)
        assert screen.last_report.duplicates is None
        result = text_of(screen.query_one("#import-result", Static))
        assert "The Duplicates screen looks for people who are here twice. d opens it." in result
        await pilot.press("d")
        await until(pilot, lambda: isinstance(app.screen, DuplicatesScreen))


# --- snapshots -------------------------------------------------------------------------------


async def _on_the_screen(pilot) -> None:
    screen = await open_duplicates(pilot)
    await details_read(pilot, screen)
    await pilot.pause(0.1)


def test_snapshot_of_the_groups(budis, make_app, snap_compare):
    assert snap_compare(make_app(budis), terminal_size=WIDE, run_before=_on_the_screen)


def test_snapshot_of_the_groups_at_80x24(budis, make_app, snap_compare):
    assert snap_compare(make_app(budis), terminal_size=SMALL, run_before=_on_the_screen)


def test_snapshot_of_the_merge_dialog(budis, make_app, snap_compare):
    async def merging(pilot) -> None:
        await _on_the_screen(pilot)
        await pilot.press("m")
        await until(pilot, lambda: isinstance(pilot.app.screen, MergeDialog))
        preview = pilot.app.screen.query_one("#merge-preview", Static)
        await until(pilot, lambda: "Would move into" in text_of(preview))
        await settle(pilot)
        await pilot.pause(0.1)

    assert snap_compare(make_app(budis), terminal_size=WIDE, run_before=merging)


def test_snapshot_with_no_duplicates(empty_store, make_app, snap_compare):
    async def empty(pilot) -> None:
        await open_duplicates(pilot)
        await pilot.pause(0.1)

    assert snap_compare(make_app(empty_store), terminal_size=WIDE, run_before=empty)


def test_the_docs_list_every_key_of_the_screen_and_the_offers():
    docs = (Path(__file__).parents[2] / "docs" / "tui.md").read_text(encoding="utf-8")
    from textual.binding import Binding

    ids = [b.id for b in Binding.make_bindings(DuplicatesScreen.BINDINGS)]
    for binding_id in [*ids, "contact.merge_with", "import.duplicates", "merge.yes"]:
        assert f"`{binding_id}`" in docs, binding_id
    assert "*Duplicates…*" in docs
