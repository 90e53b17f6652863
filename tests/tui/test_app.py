"""The shell: keys, the command palette, help, the remembered theme, live refresh."""

from __future__ import annotations

import inspect
import json
from pathlib import Path

from week_sample import WIDE, settle

from netcrm.domain.errors import NotFound
from netcrm.services.records import LogResult
from netcrm.tui.app import NetcrmApp, logged_message, run_tui
from netcrm.tui.commands import NetcrmCommands
from netcrm.tui.dialogs.log import LogConversationScreen
from netcrm.tui.registry import PALETTE, import_screen
from netcrm.tui.screens.help import HelpScreen, help_sections
from netcrm.tui.screens.review import ReviewScreen
from netcrm.tui.settings import load_settings


def test_run_tui_takes_a_store_and_a_clock():
    assert list(inspect.signature(run_tui).parameters) == ["store", "clock"]


def test_every_global_key_has_an_id_and_a_description():
    for binding in NetcrmApp.BINDINGS:
        assert binding.id and binding.description and binding.tooltip, binding
    keys = {b.key for b in NetcrmApp.BINDINGS}
    assert keys == {"l", "r", "c", "w", "m", "n", "i", "u", "question_mark", "ctrl+q"}


def test_the_logged_message_says_who_and_what_changed():
    one = LogResult(1, ("Budi Santoso",), (), None, (("Budi Santoso", "known", "mutual"),))
    assert logged_message(one) == "Logged with Budi Santoso · now mutual"
    many = LogResult(2, ("Ana", "Budi", "Citra"), ("Citra",), 9, (("Citra", "follower", "talked"),))
    assert logged_message(many) == (
        "Logged with Ana, Budi and Citra · Citra now talked · new contact: Citra · follow-up set"
    )


async def test_l_opens_the_log_from_anywhere_and_dialog_keys_stay_in_the_dialog(
    week_store, make_app
):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("l", "r")  # shell keys do nothing under a dialog
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        app.action_log(["Budi Santoso"])
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        app.screen.query_one("#log-save").focus()
        await pilot.press("r", "question_mark")
        assert isinstance(app.screen, LogConversationScreen)
        assert app.check_action("go", ("review",)) is False


async def test_help_lists_every_key_of_every_screen(week_store, make_app):
    sections = dict(help_sections())
    everywhere = {keys for keys, _, _ in sections["Everywhere"]}
    assert {"l", "r", "c", "w", "m", "n", "i", "u", "?", "ctrl+q", "ctrl+p"} <= everywhere
    review = {keys for keys, _, _ in sections["Review (home)"]}
    assert {"enter", "d", "s", "o", "L"} <= review
    log_keys = {keys for keys, _, _ in sections["Log a conversation"]}
    assert {"ctrl+s", "esc", "tab", "enter"} <= log_keys
    importing = {keys for keys, _, _ in sections["Import people"]}
    assert {"ctrl+r", "ctrl+s", "ctrl+o", "esc"} <= importing
    ids = {binding_id for rows in sections.values() for _, _, binding_id in rows}
    assert {"log", "review.done", "log.save", "import", "import.run"} <= ids

    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("question_mark")
        assert isinstance(app.screen, ReviewScreen)


async def test_the_palette_finds_screens_actions_and_people(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        provider = NetcrmCommands(app.screen)
        found = [str(hit.text) async for hit in provider.search("budi")]
        assert "Open Budi Santoso" in found and "Log with Budi Santoso" in found
        opened = [str(hit.text) async for hit in provider.search("open sari")]
        assert opened[0] == "Open Sari Wulandari"
        assert all(text.startswith("Open ") for text in opened)
        names = [str(hit.text) async for hit in provider.search("snooze")]
        assert "Review: Snooze" in names
        discovered = [str(hit.text) async for hit in provider.discover()]
        for wanted in ("Log a conversation", "Review this week", "Contacts", "Who can help?"):
            assert wanted in discovered

        await pilot.press("ctrl+p")
        await pilot.press(*"log with budi")
        await settle(pilot)
        await pilot.pause(0.5)
        await pilot.press("enter")  # picks the best hit (and runs it, when it is the only one)
        await pilot.pause(0.3)
        if not isinstance(app.screen, LogConversationScreen):
            await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
        assert app.screen.query_one("#log-who").value == "Budi Santoso"


async def test_the_theme_is_remembered(week_store, make_app, config_dir):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.theme = "nord"
        await pilot.pause()
    assert json.loads((config_dir / "tui.json").read_text())["theme"] == "nord"
    again = make_app(week_store)
    async with again.run_test(size=WIDE) as pilot:
        assert again.theme == "nord"


def test_a_damaged_settings_file_means_defaults(config_dir):
    config_dir.mkdir(parents=True)
    (config_dir / "tui.json").write_text("{not json")
    assert load_settings().theme is None
    (config_dir / "tui.json").write_text('["a list"]')
    assert load_settings().keymap == {}


async def test_keys_can_be_rebound_by_id(week_store, make_app, config_dir):
    config_dir.mkdir(parents=True)
    (config_dir / "tui.json").write_text(json.dumps({"keymap": {"log": "ctrl+l"}}))
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+l")
        await settle(pilot)
        assert isinstance(app.screen, LogConversationScreen)
    assert ("ctrl+l", "Log a conversation", "log") in dict(help_sections({"log": "ctrl+l"}))[
        "Everywhere"
    ]


async def test_refresh_data_bumps_the_revision_at_once(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        before = app.revision
        app.refresh_data()
        assert app.revision == before + 1


async def test_errors_read_as_one_sentence(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.notify_error(NotFound('No contact called "Zed".'))
        app.notify_error(RuntimeError("disk I/O error\nTraceback (most recent call last):"))
        await pilot.pause()
        messages = [n.message for n in app._notifications]
        assert 'No contact called "Zed".' in messages
        assert "Something went wrong reading the store: disk I/O error." in messages


async def test_the_main_screens_switch_by_key(week_store, make_app):
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        for key, mode, module, name in (
            ("c", "contacts", "netcrm.tui.screens.contacts", "ContactsScreen"),
            ("w", "who_can", "netcrm.tui.screens.who_can", "WhoCanScreen"),
            ("m", "me", "netcrm.tui.screens.me", "MeScreen"),
            ("n", "network", "netcrm.tui.screens.network", "NetworkScreen"),
        ):
            await pilot.press(key)
            await settle(pilot)
            if import_screen(module, name) is None:
                assert app.current_mode == "review"
                assert any("not available" in n.message for n in app._notifications)
            else:
                assert app.current_mode == mode
                assert type(app.screen).__name__ == name
            app.action_go("review")  # a screen may have focused its own text field
            await settle(pilot)
            assert isinstance(app.screen, ReviewScreen)


def test_docs_list_every_key_of_the_shell_the_review_and_the_log():
    docs = (Path(__file__).parents[2] / "docs" / "tui.md").read_text(encoding="utf-8")
    sections = dict(help_sections())
    for title in ("Everywhere", "Review (home)", "Log a conversation", "Snooze"):
        for keys, _, binding_id in sections[title]:
            for key in keys.split(" / "):
                if key.startswith("↑"):
                    continue
                assert f"`{key}`" in docs, (title, key)
            if binding_id:
                assert f"`{binding_id}`" in docs, (title, binding_id)
    for image in ("tui-review", "tui-log-picking", "tui-log-filled", "tui-log-bad-date"):
        assert f"images/{image}.svg" in docs
        assert (Path(__file__).parents[2] / "docs" / "images" / f"{image}.svg").exists()


async def test_letters_never_fire_screen_keys_while_a_button_has_the_focus(week_store, make_app):
    from textual.widgets import Button

    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        review = app.screen
        before = open_follow_up_ids(week_store)
        button = Button("a button")
        await review.mount(button)
        button.focus()
        await pilot.press("d", "s", "c", "L", "question_mark")
        await settle(pilot)
        assert app.screen is review and app.current_mode == "review"
        assert open_follow_up_ids(week_store) == before
        review.query_one("#review-list").focus()
        await pilot.press("c")
        await settle(pilot)
        assert app.current_mode == "contacts"


def open_follow_up_ids(store) -> set[int | None]:
    from week_sample import TODAY

    from netcrm.services.due.items import due_between

    return {i.id for i in due_between(store, TODAY, 60) if i.kind == "follow-up"}


async def test_the_screenshot_falls_back_to_the_current_folder(
    week_store, make_app, tmp_path, monkeypatch
):
    import platformdirs

    monkeypatch.setattr(platformdirs, "user_downloads_path", lambda: tmp_path / "missing")
    monkeypatch.chdir(tmp_path)
    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        app.action_screenshot()
        for _ in range(50):
            await pilot.pause(0.02)
            if list(tmp_path.glob("*.svg")):
                break
        assert len(list(tmp_path.glob("*.svg"))) == 1


async def test_add_a_person_from_the_palette_refuses_a_known_name_until_asked_again(
    week_store, make_app
):
    from netcrm.services import search
    from netcrm.tui.dialogs.contact_form import ContactForm
    from netcrm.tui.screens.contact import ContactScreen

    app = make_app(week_store)
    async with app.run_test(size=WIDE) as pilot:
        await settle(pilot)
        add = next(c for c in PALETTE if c.name.startswith("Add a person"))
        add.run(app)
        await settle(pilot)
        form = app.screen
        assert isinstance(form, ContactForm)
        assert form.query_one(".contact-form-dialog").border_title == "Add a person"
        await pilot.press(*"Budi Santoso", "ctrl+s")
        await settle(pilot)
        assert app.screen is form
        error = str(form.query_one("#form-error").render())
        assert "Budi Santoso (#" in error and "already in netcrm" in error
        assert len(search.search(week_store, "Budi Santoso", app.clock)) == 1
        await pilot.press("ctrl+s")  # asked again: a second Budi Santoso
        await settle(pilot)
        assert isinstance(app.screen, ContactScreen)
        assert (
            len(
                [
                    r
                    for r in search.search(week_store, "Budi Santoso", app.clock)
                    if r.name == "Budi Santoso"
                ]
            )
            == 2
        )
