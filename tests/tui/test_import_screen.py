"""The import screen, driven by keyboard: preview writes nothing, import creates each person
once, a second import adds nothing, a broken file says why and writes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from safety.helpers import count_contacts
from screens_harness import until
from textual.widgets import Input, ProgressBar, Select, Static
from week_sample import WIDE, fill_week, settle

from netcrm.exporters import render_export
from netcrm.services import contact_detail, contacts
from netcrm.services.clock import Clock
from netcrm.services.watch import store_revision
from netcrm.store.engine import Store, open_store
from netcrm.tui.screens.contacts import ContactsScreen
from netcrm.tui.screens.importing import ImportScreen, resolve_path
from netcrm.tui.screens.review import ReviewScreen

FIXTURES = Path(__file__).parents[1] / "importers" / "fixtures"
INSTAGRAM = FIXTURES / "instagram-export"
LINKEDIN = FIXTURES / "linkedin" / "Connections.csv"
INSTAGRAM_PEOPLE = {
    "budi.santoso",
    "sari_dewi",
    "yuki.tanaka",
    "ahmad_fauzi",
    "layla.hassan",
    "kopi.kenangan",
}


def names(store: Store, clock: Clock) -> set[str]:
    return {row.name for row in contacts.list_contacts(store, clock)}


def text_of(screen, selector: str) -> str:
    content = screen.query_one(selector, Static).content
    return str(getattr(content, "plain", content))


async def open_import(pilot) -> ImportScreen:
    await settle(pilot)
    await pilot.press("i")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
    return pilot.app.screen


async def choose_format(pilot, fmt: str) -> None:
    """From the path field: back to the format, open it, type the name, take it."""
    await pilot.press("shift+tab", "enter", *fmt, "enter")
    await until(pilot, lambda: pilot.app.screen.fmt == fmt)
    await pilot.press("tab")
    assert pilot.app.focused is pilot.app.screen.query_one("#import-path", Input)


async def type_path(pilot, path: Path | str) -> None:
    field = pilot.app.screen.query_one("#import-path", Input)
    field.clear()
    await pilot.press(*str(path))


async def finished(pilot, screen: ImportScreen) -> None:
    await until(pilot, lambda: screen.running is None, timeout=30)
    await pilot.pause()


async def test_i_opens_the_screen_and_esc_goes_back_where_you_were(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ContactsScreen))
        screen = await open_import(pilot)
        assert app.focused is screen.query_one("#import-path", Input)
        await pilot.press("i")  # typed into the path, not a key of the shell
        assert screen.query_one("#import-path", Input).value == "i"
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ContactsScreen))
        await pilot.press("i")
        await until(pilot, lambda: app.screen is screen)  # the same screen, as it was
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ContactsScreen))


async def test_the_palette_offers_the_import(empty_store, make_app):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"import people")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ImportScreen))


async def test_every_format_is_offered_with_what_to_give_it(empty_store, make_app):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_import(pilot)
        select = screen.query_one("#import-format", Select)
        offered = {value: str(prompt) for prompt, value in select._options}
        assert set(offered) == {
            "instagram",
            "linkedin",
            "x",
            "facebook",
            "google",
            "vcard",
            "csv",
            "json",
        }
        assert "Connections.csv" in offered["linkedin"]
        assert "netcrm backup" in offered["json"]


async def test_preview_shows_what_would_change_and_writes_nothing(empty_store, make_app, frozen):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_import(pilot)
        before = store_revision(empty_store)
        await type_path(pilot, INSTAGRAM)
        await pilot.press("enter")
        await finished(pilot, screen)
        result = text_of(screen, "#import-result")
        assert "Preview of instagram-export: nothing has been written yet." in result
        assert "Would create 6 people · would update 0 · 0 already up to date" in result
        assert "budi.santoso" in result and "ctrl+s imports it" in result
        assert names(empty_store, frozen) == set()
        assert store_revision(empty_store) == before
        assert app.focused is screen.query_one("#import-run")  # enter now imports


async def test_import_creates_each_person_once_and_again_changes_nothing(
    empty_store, make_app, frozen
):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_import(pilot)
        await type_path(pilot, INSTAGRAM)
        await pilot.press("enter")
        await finished(pilot, screen)
        await pilot.press("enter")  # the Import button, focused after the preview
        await finished(pilot, screen)
        assert names(empty_store, frozen) == INSTAGRAM_PEOPLE
        result = text_of(screen, "#import-result")
        assert "Imported instagram-export" in result
        assert "Created 6 people · updated 0 · 0 already up to date" in result
        bar = screen.query_one(ProgressBar)
        assert bar.total and bar.progress == bar.total
        assert "Done in" in text_of(screen, "#import-stage")
        assert any("Imported 6 people" in n.message for n in app._notifications)
        ahmad = contact_detail.show_contact(empty_store, "ahmad_fauzi", frozen)
        assert ahmad.stage == "follower"
        assert [(h.platform, h.direction) for h in ahmad.handles] == [("instagram", "mutual")]

        revision = store_revision(empty_store)
        await pilot.press("ctrl+s")
        await finished(pilot, screen)
        assert "Created 0 people · updated 0 · 6 already up to date" in text_of(
            screen, "#import-result"
        )
        assert any("Nothing new in instagram-export" in n.message for n in app._notifications)
        assert names(empty_store, frozen) == INSTAGRAM_PEOPLE
        assert store_revision(empty_store) == revision


async def test_every_screen_sees_the_imported_people(empty_store, make_app):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("c")
        await until(pilot, lambda: isinstance(app.screen, ContactsScreen))
        listing = app.screen
        await until(pilot, lambda: listing.loaded_once)
        assert listing.rows == []
        screen = await open_import(pilot)
        await choose_format(pilot, "linkedin")
        await type_path(pilot, LINKEDIN)
        await pilot.press("ctrl+s")
        await finished(pilot, screen)
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is listing)
        await until(pilot, lambda: len(listing.rows) == 4)
        assert "Budi Santoso" in {row.name for row in listing.rows}


@pytest.mark.parametrize(
    ("fmt", "content", "expected"),
    [
        (
            "instagram",
            '[{"title": "", "string_list_data": [{"value": "ok", "timestamp": 1700000000}]},'
            ' {"title": "", "string_list_data": [{"href": "", "timestamp": "soon"}]}]',
            "followers_1.json, record 2",
        ),
        ("instagram", '[{"title": "", "string_list_data": [', "followers_1.json"),
    ],
    ids=["malformed-record", "cut-short"],
)
async def test_a_broken_file_says_why_and_writes_nothing(
    empty_store, make_app, frozen, tmp_path, fmt, content, expected
):
    broken = tmp_path / "followers_1.json"
    broken.write_text(content, encoding="utf-8")
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_import(pilot)
        revision = store_revision(empty_store)
        await type_path(pilot, broken)
        await pilot.press("ctrl+s")
        await finished(pilot, screen)
        error = text_of(screen, "#import-error")
        assert error.startswith(f"✗ {expected}")
        assert error.endswith("Nothing was written.")
        assert "Traceback" not in error and text_of(screen, "#import-result") == ""
        assert app.focused is screen.query_one("#import-path", Input)
        assert names(empty_store, frozen) == set()
        assert store_revision(empty_store) == revision


async def test_a_missing_file_or_the_wrong_format_says_so_in_place(empty_store, make_app, frozen):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_import(pilot)
        await pilot.press("enter")
        assert text_of(screen, "#import-error").startswith("✗ Give the file or folder")
        await type_path(pilot, "~/no-such-export.zip")
        await pilot.press("enter")
        missing = text_of(screen, "#import-error")
        assert missing.startswith(f"✗ There is no file or folder {Path.home()}/no-such-export.zip.")
        await type_path(pilot, LINKEDIN)  # a LinkedIn file, read as Instagram
        await pilot.press("ctrl+s")
        await finished(pilot, screen)
        assert text_of(screen, "#import-error").startswith("✗ Connections.csv")
        assert names(empty_store, frozen) == set()
        await choose_format(pilot, "linkedin")
        await pilot.press("ctrl+s")
        await finished(pilot, screen)
        assert "-empty" in screen.query_one("#import-error").classes  # the error is gone
        assert len(names(empty_store, frozen)) == 4


async def test_the_progress_bar_moves_during_a_large_import(empty_store, make_app, tmp_path):
    entry = {"title": "", "media_list_data": [], "string_list_data": []}
    followers = [
        {
            **entry,
            "string_list_data": [
                {"href": f"https://www.instagram.com/u{n}", "value": f"u{n}", "timestamp": 1}
            ],
        }
        for n in range(12_000)
    ]
    export = tmp_path / "followers_1.json"
    export.write_text(json.dumps(followers), encoding="utf-8")
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_import(pilot)
        seen: list[float] = []
        bar = screen.query_one(ProgressBar)
        screen.watch(bar, "progress", lambda value: seen.append(value), init=False)
        await type_path(pilot, export)
        await pilot.press("ctrl+s")
        await finished(pilot, screen)
        assert bar.total == 12_000 and bar.progress == 12_000
        assert any(0 < value < 12_000 for value in seen), seen
        assert count_contacts(empty_store) == 12_000


async def test_a_netcrm_backup_is_restored_from_the_screen(empty_store, make_app, frozen, tmp_path):
    source = open_store(str(tmp_path / "source.db"))
    fill_week(source, frozen)
    backup = tmp_path / "netcrm-backup.json"
    backup.write_text(render_export("json", source, frozen), encoding="utf-8")
    expected = names(source, frozen)
    source.close()
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_import(pilot)
        await choose_format(pilot, "json")
        await type_path(pilot, backup)
        await pilot.press("enter")
        await finished(pilot, screen)
        assert f"Would create {len(expected)} people" in text_of(screen, "#import-result")
        assert names(empty_store, frozen) == set()
        await pilot.press("enter")
        await finished(pilot, screen)
        assert names(empty_store, frozen) == expected


async def test_ctrl_o_picks_the_file_from_a_tree(empty_store, make_app, tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Downloads" / "instagram-export").mkdir(parents=True)
    shutil.copy(LINKEDIN, tmp_path / "Downloads" / "Connections.csv")
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        screen = await open_import(pilot)
        field = screen.query_one("#import-path", Input)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: app.focused is screen.query_one("#import-browse"))
        await pilot.pause(0.3)
        await pilot.press("down", "enter")  # a folder is a choice, and opens
        await until(pilot, lambda: field.value == "~/Downloads")
        await pilot.pause(0.3)
        await pilot.press("down", "down", "enter")  # past the folder inside, to the file
        await until(pilot, lambda: field.value == "~/Downloads/Connections.csv")
        assert app.focused is field and not screen.has_class("-browsing")


def test_paths_expand_home_and_lose_drag_and_drop_quotes(tmp_path, monkeypatch):
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "My Exports").mkdir()
    assert resolve_path("~/My Exports") == tmp_path / "My Exports"
    assert resolve_path(f"'{tmp_path}/My Exports' ") == tmp_path / "My Exports"


def test_snapshot_after_a_preview(week_store, make_app, snap_compare, tmp_path, monkeypatch):
    """LinkedIn connections previewed over a small network: one name is already there."""
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "Downloads").mkdir()
    shutil.copy(LINKEDIN, tmp_path / "Downloads" / "Connections.csv")

    async def preview(pilot) -> None:
        screen = await open_import(pilot)
        await choose_format(pilot, "linkedin")
        await pilot.press(*"~/Downloads/Connections.csv", "enter")
        await finished(pilot, screen)
        await pilot.pause(0.1)

    assert snap_compare(make_app(week_store), terminal_size=WIDE, run_before=preview)


async def test_review_is_home_after_quitting_the_import(empty_store, make_app):
    app = make_app(empty_store)
    async with app.run_test(size=WIDE) as pilot:
        await open_import(pilot)
        await pilot.press("escape")
        await until(pilot, lambda: isinstance(app.screen, ReviewScreen))
