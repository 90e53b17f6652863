"""Correcting one item from the CLI: edit and delete a conversation, strength, disclosure,
exchange and follow-up; what `show` prints; `review --json`; undo of each correction."""

from __future__ import annotations

import pytest


@pytest.fixture
def ana(cli):
    def ok(*args: str) -> str:
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    ok("add", "Ana Putri", "--company", "Acme", "--every", "monthly")
    ok("add", "Budi")
    ok(
        "log",
        "Ana",
        "--with",
        "Budi",
        "--note",
        "coffee",
        "--learned",
        "figma",
        "--shared",
        "data work",
        "--exchange",
        "gave: intro to Rina",
        "--follow-up",
        "in 1 week",
    )
    return ok


def show(cli, name: str = "Ana"):
    return cli("show", name, "--json").json()


def test_edit_a_conversation_moves_its_evidence_and_the_aggregates(cli, ana) -> None:
    assert ana(
        "conversation", "edit", "1", "--when", "3 days ago", "--note", "tea", "--via", "call"
    ) == ("Changed the conversation of 22 Nov 2026 with Ana Putri and Budi.\n")
    detail = show(cli)
    assert detail["conversations"][0]["when"] == "2026-11-22"
    assert detail["conversations"][0]["via"] == "call"
    assert detail["conversations"][0]["summary"] == "tea"
    assert detail["last_talked"] == "2026-11-22"
    assert detail["exchanges"][0]["on"] == "2026-11-22"
    assert show(cli, "Budi")["last_talked"] == "2026-11-22"


def test_deleting_a_conversation_takes_the_stage_back_and_undo_returns_it(cli, ana) -> None:
    stage = show(cli, "Budi")["stage"]
    out = ana("conversation", "rm", "1")
    assert out == (
        "Deleted the conversation of 25 Nov 2026 with Ana Putri and Budi; "
        "netcrm undo takes it back.\n"
    )
    assert show(cli)["conversations"] == []
    assert show(cli, "Budi")["stage"] == "follower"
    assert show(cli)["strengths"] == ["figma"]  # what was learned in it stays
    ana("undo")
    assert show(cli, "Budi")["stage"] == stage
    assert [c["id"] for c in show(cli)["conversations"]] == [1]


def test_strengths_and_disclosures_are_renamed_and_removed(cli, ana) -> None:
    ana("strength", "edit", "Ana", "FIGMA", "--to", "Figma")
    assert show(cli)["strengths"] == ["Figma"]
    ana("disclosure", "edit", "Ana", "data work", "--to", "data viz")
    assert show(cli)["knows_my_strengths"] == ["data viz"]
    ana("strength", "rm", "Ana", "figma")
    ana("disclosure", "rm", "Ana", "data viz")
    detail = show(cli)
    assert (detail["strengths"], detail["knows_my_strengths"]) == ([], [])
    assert "know 1 of their strengths" not in detail["why"]


def test_exchanges_and_follow_ups_are_edited_and_deleted(cli, ana) -> None:
    ana("exchange", "edit", "1", "got: referral: a designer")
    [exchange] = show(cli)["exchanges"]
    assert (exchange["id"], exchange["direction"], exchange["kind"]) == (1, "got", "referral")
    ana(
        "follow-up",
        "edit",
        "1",
        "--when",
        "in 3 days",
        "--about",
        "send the deck",
        "--every",
        "monthly",
    )
    [follow_up] = show(cli)["follow_ups"]
    assert (follow_up["due"], follow_up["title"], follow_up["recurrence"]) == (
        "2026-11-28",
        "send the deck",
        "every month",
    )
    ana("follow-up", "edit", "1", "--every", "never")
    assert show(cli)["follow_ups"][0]["recurrence"] is None
    ana("follow-up", "rm", "1")
    ana("exchange", "rm", "1")
    detail = show(cli)
    assert (detail["follow_ups"], detail["exchanges"]) == ([], [])
    assert ana("follow-up", "Ana", "friday").startswith("Added follow-up #")  # adding still works


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["conversation", "edit", "9", "--note", "x"], 1, "No conversation with id 9."),
        (["conversation", "edit", "1"], 2, "Say what to change"),
        (["conversation", "edit", "1", "--when", "tomorrow"], 2, "cannot be in the future"),
        (["conversation", "edit", "1", "--via", "pigeon"], 2, 'Unknown channel "pigeon"'),
        (["strength", "rm", "Ana", "cooking"], 1, 'Ana Putri has no strength "cooking" noted.'),
        (["strength", "edit", "Ana", "figma", "--to", " "], 2, "blank"),
        (["disclosure", "rm", "Ana", "cooking"], 1, "not noted as knowing"),
        (["exchange", "edit", "1", "lent: a pen"], 2, 'An exchange reads "gave: TEXT"'),
        (["exchange", "rm", "0"], 1, "No exchange with id 0."),
        (["follow-up", "edit", "1", "--when", "yesterday"], 2, "today or later"),
        (["follow-up", "edit", "1"], 2, "Say what to change"),
        (["follow-up", "rm", "77"], 1, "No follow-up with id 77."),
    ],
)
def test_bad_corrections_say_one_sentence_and_write_nothing(cli, ana, args, code, message) -> None:
    before = cli("history", "--json").json()
    result = cli(*args)
    assert result.exit_code == code
    assert result.stderr.startswith("netcrm: ") and message in result.stderr
    assert result.stderr.count("\n") == 1
    assert cli("history", "--json").json() == before


def test_an_edit_to_the_same_values_says_nothing_changed(cli, ana) -> None:
    assert ana("conversation", "edit", "1", "--note", "coffee") == (
        "Nothing changed: it already reads like that.\n"
    )
    assert ana("edit", "Ana", "--company", "Acme") == (
        "Nothing changed: Ana Putri already had those values.\n"
    )


def test_show_prints_every_field_with_ids_and_handle_direction(cli, ana) -> None:
    ana(
        "edit",
        "Ana",
        "--location",
        "Jakarta",
        "--phone",
        "+62 812 555",
        "--email",
        "ana@x.com",
        "--met",
        "at a meetup",
        "--notes",
        "Likes [bold]tea[/]",
        "--handle",
        "instagram:ana.p",
    )
    out = ana("show", "Ana")
    for text in (
        "in Jakarta",
        "+62 812 555",
        "ana@x.com",
        "met: at a meetup",
        "Notes  Likes [bold]tea[/]",
        "instagram:ana.p",
        "Exchanges",
        "intro to Rina",
        "Timeline",
        "Follow-ups",
    ):
        assert text in out, text
    assert "│  1 │ today" in out  # the timeline shows each conversation's id


def test_show_of_someone_in_the_trash_says_so_and_how_to_restore(cli, ana) -> None:
    ana("rm", "Budi")
    out = ana("show", "Budi")
    assert 'Budi is in the trash: netcrm restore "#2" brings them back.' in out
    assert show(cli, "Budi")["trashed"] is True


def test_review_json_holds_the_window_the_due_items_and_the_suggestions(cli, ana) -> None:
    data = cli("review", "--json").json()
    assert (data["from"], data["until"]) == ("2026-11-25", "2026-12-01")
    assert set(data) == {"from", "until", "due", "suggestions"}
    for item in data["due"]:
        assert {"id", "contact", "kind", "due", "overdue_days", "title"} <= set(item)
    for suggestion in data["suggestions"]:
        assert set(suggestion) == {"contact_id", "contact", "kind", "reason"}
