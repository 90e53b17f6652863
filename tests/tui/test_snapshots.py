"""Screenshots of the review, the log modal and help, on a frozen Wednesday 25 Nov 2026.

Update with ``pytest tests/tui/test_snapshots.py --snapshot-update`` and look at every
changed SVG before committing it.
"""

from __future__ import annotations

from week_sample import SMALL, WIDE, settle


def test_review(week_store, make_app, snap_compare):
    assert snap_compare(make_app(week_store), terminal_size=WIDE, run_before=settle)


def test_review_at_80x24(week_store, make_app, snap_compare):
    assert snap_compare(make_app(week_store), terminal_size=SMALL, run_before=settle)


def test_review_of_an_empty_week(empty_store, make_app, snap_compare):
    assert snap_compare(make_app(empty_store), terminal_size=WIDE, run_before=settle)


def test_done_offers_to_log(week_store, make_app, snap_compare):
    async def done_on_budi(pilot) -> None:
        await settle(pilot)
        await pilot.press("down", "d")
        await settle(pilot)

    assert snap_compare(make_app(week_store), terminal_size=WIDE, run_before=done_on_budi)


def test_snooze_dialog(week_store, make_app, snap_compare):
    async def snooze(pilot) -> None:
        await settle(pilot)
        await pilot.press("s", "tab", *"next monday")
        await settle(pilot)

    assert snap_compare(make_app(week_store), terminal_size=WIDE, run_before=snooze)


def test_log_modal_filled_in(week_store, make_app, snap_compare):
    async def fill(pilot) -> None:
        await settle(pilot)
        pilot.app.action_log()
        await settle(pilot)
        await pilot.press(*"budi")
        await settle(pilot)
        await pilot.press("tab", *"Talked about his PyCon keynote and the Jakarta meetup", "tab")
        await pilot.press(*"last friday 3pm", "tab", "tab", "tab", *"Kopi Kenangan", "tab")
        await pilot.press(*"Public speaking", "tab", *"pyth")
        await settle(pilot)
        await pilot.press("tab", "tab", *"in 2 weeks", "tab", *"Send the slides")
        await settle(pilot)

    assert snap_compare(make_app(week_store), terminal_size=WIDE, run_before=fill)


def test_log_modal_suggestions_and_a_bad_date(week_store, make_app, snap_compare):
    async def typing(pilot) -> None:
        await settle(pilot)
        pilot.app.action_log()
        await settle(pilot)
        screen = pilot.app.screen
        screen.query_one("#log-when").value = "last blursday"
        await pilot.press(*"sa")
        await settle(pilot)

    assert snap_compare(make_app(week_store), terminal_size=WIDE, run_before=typing)


def test_log_modal_at_80x24(week_store, make_app, snap_compare):
    async def log_typed_as_a_name(pilot) -> None:
        await settle(pilot)
        await pilot.press("l", *"Seed round, and who else to talk to")
        await settle(pilot)

    assert snap_compare(make_app(week_store), terminal_size=SMALL, run_before=log_typed_as_a_name)


def test_help(week_store, make_app, snap_compare):
    async def help_screen(pilot) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(make_app(week_store), terminal_size=WIDE, run_before=help_screen)
