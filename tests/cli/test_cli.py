"""The CLI contract end to end, in process through ``run``: the two main moments, every error
path (exit code, one sentence on stderr, no traceback), and proof that errors write nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from tests.cli.meeting import LOG_THE_MEETING
from tests.conftest import CliResult

DUE_KEYS = {"id", "contact", "kind", "due", "overdue_days", "title"}
LADDER_KEYS = ["follower", "talked", "known", "mutual", "trusted"]


def ok(result: CliResult) -> CliResult:
    assert (result.exit_code, result.stderr) == (0, ""), result
    return result


def refused(result: CliResult, code: int, *fragments: str) -> str:
    """The error contract: the exit code, one sentence on stderr, nothing on stdout."""
    assert result.exit_code == code, result
    assert result.stdout == ""
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    assert result.stderr.startswith("netcrm: ")
    assert "Traceback" not in result.stderr
    for fragment in fragments:
        assert fragment in result.stderr
    return result.stderr


# --- the first moment: right after a meeting -----------------------------------------------------


@pytest.fixture
def met_budi(cli) -> None:
    result = ok(
        cli(
            "add",
            "Budi Santoso",
            "--handle",
            "instagram:budisan",
            "--email",
            "budi@example.com",
            "--tag",
            "design",
            "--met",
            "Jakarta UX meetup",
            "--every",
            "every 2 weeks",
        )
    )
    assert result.stdout == "Added Budi Santoso (#1) as a follower.\n"
    result = ok(cli(*LOG_THE_MEETING, "--via", "coffee", "--about", "send the talk"))
    assert result.stdout == (
        "Logged a conversation with Budi Santoso.\n"
        "Budi Santoso: follower → mutual.\n"
        "Follow-up #1 due in 2 weeks (2026-12-09): send the talk.\n"
    )


@pytest.mark.usefixtures("met_budi")
def test_due_json_after_the_meeting(cli) -> None:
    items = ok(cli("due", "--days", "15", "--json")).json()
    assert items == [
        {
            "id": None,
            "contact": "Budi Santoso",
            "contact_id": 1,
            "kind": "keep-in-touch",
            "due": "2026-12-08",
            "overdue_days": 0,
            "title": "Keep in touch (every 2 weeks)",
        },
        {
            "id": 1,
            "contact": "Budi Santoso",
            "contact_id": 1,
            "kind": "follow-up",
            "due": "2026-12-09",
            "overdue_days": 0,
            "title": "send the talk",
        },
    ]
    assert all(set(item) >= DUE_KEYS for item in items)
    # A shorter window leaves the follow-up out.
    assert [i["kind"] for i in ok(cli("due", "--days", "14", "--json")).json()] == ["keep-in-touch"]
    assert ok(cli("due", "--week", "--json")).json() == []
    assert ok(cli("due", "--json")).json() == []


@pytest.mark.usefixtures("met_budi")
def test_show_json_after_the_meeting(cli) -> None:
    shown = ok(cli("show", "budi", "--json")).json()
    assert {"name", "stage", "score", "strengths", "conversations", "follow_ups", "handles"} <= set(
        shown
    )
    assert shown["name"] == "Budi Santoso"
    assert shown["stage"] == "mutual"
    assert isinstance(shown["score"], int) and 0 < shown["score"] <= 100
    assert shown["strengths"] == ["UX research"]
    assert shown["knows_my_strengths"] == ["Python"]
    [talk] = shown["conversations"]
    assert {"when": talk["when"], "via": talk["via"], "summary": talk["summary"]} == {
        "when": "2026-11-24",
        "via": "in-person",
        "summary": "Design systems at Gojek",
    }
    [follow_up] = shown["follow_ups"]
    assert (follow_up["id"], follow_up["due"], follow_up["title"], follow_up["status"]) == (
        1,
        "2026-12-09",
        "send the talk",
        "open",
    )
    assert [(h["platform"], h["username"]) for h in shown["handles"]] == [("instagram", "budisan")]
    assert (shown["emails"], shown["tags"], shown["how_met"]) == (
        ["budi@example.com"],
        ["design"],
        "Jakarta UX meetup",
    )
    assert (shown["cadence"], shown["next_touch_due"]) == ("every 2 weeks", "2026-12-08")


@pytest.mark.usefixtures("met_budi")
def test_ladder_who_can_me_and_search_after_the_meeting(cli) -> None:
    ladder = ok(cli("ladder", "--json")).json()
    assert list(ladder) == LADDER_KEYS
    assert ladder == {"follower": 0, "talked": 0, "known": 0, "mutual": 1, "trusted": 0}

    [row] = ok(cli("who-can", "ux research", "--json")).json()
    assert (row["name"], row["stage"]) == ("Budi Santoso", "mutual")
    assert row["evidence"] == 'UX research, noted 2026-11-24 ("Design systems at Gojek")'
    human = ok(cli("who-can", "ux research")).stdout
    assert "Budi Santoso" in human and "yesterday" in human
    assert ok(cli("who-can", "welding")).stdout == (
        'Nobody you know is noted as good at "welding" yet.\n'
    )

    assert ok(cli("me", "--json")).json() == [
        {"strength": "Python", "known_by": ["Budi Santoso"], "not_yet": []}
    ]
    ok(cli("me", "add", "public speaking"))
    assert [r["strength"] for r in ok(cli("me", "--json")).json()] == [
        "public speaking",
        "Python",
    ]
    assert "nobody yet" in ok(cli("me")).stdout

    [row] = ok(cli("search", "BUDISAN", "--json")).json()
    assert {"name", "stage", "score"} <= set(row)
    assert (row["name"], row["stage"], row["score"]) == (
        "Budi Santoso",
        "mutual",
        ladder_score(cli),
    )
    assert ok(cli("search", "nobody-like-this", "--json")).json() == []
    assert ok(cli("search", "nobody-like-this")).stdout == 'Nobody matches "nobody-like-this".\n'


def ladder_score(cli) -> int:
    return ok(cli("show", "Budi Santoso", "--json")).json()["score"]


@pytest.mark.usefixtures("met_budi")
def test_keep_in_touch_goes_overdue_and_a_conversation_resets_it(cli) -> None:
    later = date(2026, 12, 12)
    items = ok(cli("due", "--json", today=later)).json()
    assert [(i["kind"], i["due"], i["overdue_days"]) for i in items] == [
        ("keep-in-touch", "2026-12-08", 4),
        ("follow-up", "2026-12-09", 3),
    ]
    human = ok(cli("due", today=later)).stdout
    assert "4 days overdue" in human and "3 days overdue" in human and "(2 overdue)" in human

    ok(cli("log", "Budi Santoso", "--via", "call", "--note", "Caught up", today=later))
    items = ok(cli("due", "--json", today=later)).json()
    assert [i["kind"] for i in items] == ["follow-up"]
    assert ok(cli("show", "budi", "--json", today=later)).json()["next_touch_due"] == "2026-12-26"

    ok(cli("done", "1", today=later))
    assert ok(cli("due", "--json", today=later)).json() == []


# --- the second moment: once a week --------------------------------------------------------------


@pytest.fixture
def week(cli) -> None:
    long_ago = date(2026, 8, 1)
    for name in ("Siti Rahmawati", "Ayu Lestari", "Nadia Putri", "Hannah Müller"):
        ok(cli("add", name, today=long_ago))
    ok(cli("follow-up", "Siti", "2026-11-20", "--about", "Ask how hiring went", today=long_ago))
    ok(cli("follow-up", "Ayu", "2026-11-27", "--about", "Coffee", "--every", "monthly"))
    for when in ("2026-08-01", "2026-08-20", "2026-09-01"):
        ok(cli("log", "Hannah", "--when", when, "--shared", "Python", today=date(2026, 9, 2)))


@pytest.mark.usefixtures("week")
def test_the_weekly_review_in_80_columns(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert ok(cli("review")).stdout == "\n".join(WEEKLY_REVIEW) + "\n"


#: The review as rich printed it before the CLI had its own table renderer.
WEEKLY_REVIEW = (
    "This week  Wed 25 Nov – Tue 01 Dec 2026",
    f"{'Needs you':<75}",
    "┏━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
    "┃ id ┃ when             ┃ who            ┃ what                           ┃",
    "┡━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩",
    "│  1 │ ! 5 days overdue │ Siti Rahmawati │ follow-up: Ask how hiring went │",
    "│  2 │ due in 2 days    │ Ayu Lestari    │ follow-up: Coffee              │",
    "└────┴──────────────────┴────────────────┴────────────────────────────────┘",
    f"{'Reconnect':<80}",
    "┏━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
    "┃ who           ┃ why                                                          ┃",
    "┡━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩",
    "│ Hannah Müller │ 3 conversations so far, the last one 12 weeks ago: a good    │",
    "│               │ moment to reconnect.                                         │",
    "│ Nadia Putri   │ In your network but you have never talked: say hello.        │",
    "└───────────────┴──────────────────────────────────────────────────────────────┘",
    "Log a conversation: netcrm log NAME --note '...'   Done: netcrm done ID",
)


@pytest.mark.usefixtures("week")
def test_the_weekly_review(cli) -> None:
    items = ok(cli("due", "--week", "--json")).json()
    assert [(i["id"], i["contact"], i["due"], i["overdue_days"]) for i in items] == [
        (1, "Siti Rahmawati", "2026-11-20", 5),
        (2, "Ayu Lestari", "2026-11-27", 0),
    ]
    human = ok(cli("due", "--week")).stdout
    assert "5 days overdue" in human and "due in 2 days" in human
    assert max(len(line) for line in human.splitlines()) <= 80

    review = ok(cli("review")).stdout
    assert "This week  Wed 25 Nov – Tue 01 Dec 2026" in review
    assert "Hannah Müller" in review and "Nadia Putri" in review
    assert max(len(line) for line in review.splitlines()) <= 80

    assert ok(cli("done", "2")).stdout == (
        "Done: follow-up #2 with Ayu Lestari.\nNext one: #3 on 2026-12-27.\n"
    )
    assert ok(cli("snooze", "1", "next monday")).stdout == "Snoozed follow-up #1 to 2026-11-30.\n"
    assert ok(cli("due", "--week", "--json")).json() == [
        {
            "id": 1,
            "contact": "Siti Rahmawati",
            "contact_id": 1,
            "kind": "follow-up",
            "due": "2026-11-30",
            "overdue_days": 0,
            "title": "Ask how hiring went",
        }
    ]


def test_an_empty_store(cli) -> None:
    assert ok(cli("due")).stdout == (
        "Nothing due in the next 7 days. Time to reconnect with someone?\n"
    )
    assert ok(cli("due", "--json")).json() == []
    assert ok(cli("ladder", "--json")).json() == dict.fromkeys(LADDER_KEYS, 0)
    assert ok(cli("me", "--json")).json() == []
    assert ok(cli("trash", "--json")).json() == []
    assert "Nothing is due this week." in ok(cli("review")).stdout


# --- the rest of the commands --------------------------------------------------------------------


def test_edit_rm_trash_restore(cli) -> None:
    ok(cli("add", "Ayu Lestari", "--company", "Kopi Kenangan"))
    assert ok(cli("edit", "ayu", "--name", "Ayu L.", "--role", "Marketing")).stdout == (
        "Updated Ayu L..\n"
    )
    shown = ok(cli("show", "Ayu L.", "--json")).json()
    assert (shown["company"], shown["role"]) == ("Kopi Kenangan", "Marketing")
    assert ok(cli("rm", "Ayu L.")).stdout == (
        'Moved Ayu L. to the trash; netcrm restore "Ayu L." brings them back.\n'
    )
    [row] = ok(cli("trash", "--json")).json()
    assert (row["name"], row["conversations"]) == ("Ayu L.", 0)
    assert "Ayu L." in ok(cli("trash")).stdout
    assert 'Ayu L. is in the trash: netcrm restore "#' in ok(cli("show", "Ayu L.")).stdout
    assert ok(cli("restore", "ayu l.")).stdout == "Restored Ayu L..\n"
    ok(cli("rm", "Ayu L."))
    assert ok(cli("trash", "--empty", "--yes")).stdout == (
        "Deleted 1 person for good; netcrm undo brings them back.\n"
    )
    assert ok(cli("trash", "--empty")).stdout == "The trash is already empty.\n"


def test_emptying_the_trash_asks_first(cli, counts) -> None:
    ok(cli("add", "Ayu"))
    ok(cli("rm", "Ayu"))
    before = counts()
    result = cli("trash", "--empty", input="n\n")
    assert result.exit_code == 2
    assert "Nothing was deleted." in result.stderr
    assert counts() == before
    assert "Deleted 1" in ok(cli("trash", "--empty", input="y\n")).stdout


def test_show_in_words(cli) -> None:
    ok(cli("add", "Dewi Anggraini", "--birthday", "1992-11-30", "--every", "monthly"))
    text = ok(cli("show", "dewi")).stdout
    assert text.startswith("Dewi Anggraini\n")
    assert "Stage  follower: no conversation logged yet." in text
    assert "keep in touch every month (due in 4 weeks)" in text
    assert "birthday 30 Nov" in text
    assert """No conversation logged yet: netcrm log "Dewi Anggraini" --note '...'""" in text
    assert max(len(line) for line in text.splitlines()) <= 80


def test_unusual_names_survive_the_cli(cli) -> None:
    for name in ("عمر حداد", "👩🏽‍💻 Dewi", "Jose\u0301 Nu\u0301n\u0303ez"):
        ok(cli("add", name, "--notes", f"{name} — مرحبا 🎉"))
        shown = ok(cli("show", name, "--json")).json()
        assert (shown["name"], shown["notes"]) == (name, f"{name} — مرحبا 🎉")
    assert ok(cli("show", "jose nunez", "--json")).json()["name"] == "Jose\u0301 Nu\u0301n\u0303ez"


def test_text_prints_as_typed_never_as_styles(cli, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    ok(cli("add", "Budi [work]", "--company", "[/]"))
    ok(cli("follow-up", "Budi [work]", "tomorrow", "--about", "[bold]deck :coffee:"))
    ok(cli("me", "add", "[x]"))
    assert ok(cli("show", "Budi [work]")).stdout.startswith("Budi [work] · [/]\n")
    assert "│ Budi [work] │ follow-up: [bold]deck :coffee: │" in ok(cli("review")).stdout
    assert "│ [x]      │" in ok(cli("me")).stdout
    ok(cli("rm", "Budi [work]"))
    assert "│ Budi [work] │" in ok(cli("trash")).stdout


def test_global_options_after_the_command(cli, db_path: Path, tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    ok(cli("add", "Budi", "--db", str(other)))
    assert ok(cli("ladder", "--json", "--db", str(other))).json()["follower"] == 1
    assert ok(cli("ladder", "--json")).json()["follower"] == 0


def test_the_help_lists_every_command(cli) -> None:
    text = ok(cli("--help")).stdout
    for command in (
        "add",
        "log",
        "due",
        "done",
        "snooze",
        "show",
        "search",
        "who-can",
        "me",
        "ladder",
        "import",
        "export",
        "edit",
        "rm",
        "trash",
        "restore",
    ):
        assert f"  {command} " in text, command


@pytest.mark.parametrize(
    "command",
    [[], ["log"], ["due"], ["me"], ["me", "add"], ["db"], ["db", "copy"], ["import"]],
    ids=lambda command: " ".join(command) or "netcrm",
)
def test_h_is_help_on_every_command_and_nested_group(cli, command: list[str]) -> None:
    """The group's context settings reach every subcommand, however deep, and lazy ones too."""
    short = ok(cli(*command, "-h")).stdout
    assert short == ok(cli(*command, "--help")).stdout
    assert short.startswith(" ".join(["Usage: netcrm", *command, ""]))
    assert "-h, --help" in short


# --- errors: exit codes, one sentence, nothing written -------------------------------------------


@pytest.fixture(scope="module")
def two_sitis_store(make_store, tmp_path_factory) -> bytes:
    """Two Sitis, and Budi with a strength, a cadence and follow-up #1: built once."""
    from netcrm.services.clock import Clock
    from netcrm.services.contacts import add_contact
    from netcrm.services.conversations import log_conversation
    from netcrm.services.records import ContactInput, ConversationInput

    path = tmp_path_factory.mktemp("two-sitis") / "netcrm.db"
    store = make_store(path)
    clock = Clock(date(2026, 11, 25))
    add_contact(store, ContactInput(name="Siti Rahmawati", company="Tokopedia"), clock)
    add_contact(store, ContactInput(name="Siti Nurhaliza"), clock)
    add_contact(store, ContactInput(name="Budi Santoso", every="weekly"), clock)
    log_conversation(
        store, ConversationInput(names=["Budi"], learned=["UX"], follow_up="tomorrow"), clock
    )
    store.close()
    return path.read_bytes()


@pytest.fixture
def two_sitis(two_sitis_store: bytes, make_store, db_path: Path) -> None:
    make_store(db_path, two_sitis_store).close()


ERRORS = [
    # bad dates
    (["log", "Budi", "--when", "blorp"], 2, ['Cannot understand the date "blorp"']),
    (["log", "Budi", "--when", "2026-02-30"], 2, ["does not exist"]),
    (["log", "Budi", "--follow-up", "someday"], 2, ["Cannot understand the date"]),
    (["log", "Budi", "--follow-up", "last week"], 2, ["today or later"]),
    (["add", "Ayu", "--birthday", "12/03"], 2, ["ambiguous"]),
    (["snooze", "1", "whenever"], 2, ["Cannot understand the date"]),
    (["follow-up", "Budi", "the day after never"], 2, ["Cannot understand the date"]),
    # unknown names
    (["show", "Budi Sentosa Raharjo"], 1, ["Did you mean Budi Santoso?"]),
    (["log", "Budiman Santosa"], 1, ["Did you mean Budi Santoso?", "--create"]),
    (["edit", "Zzyzx", "--company", "X"], 1, ['No contact called "Zzyzx".']),
    (["rm", "Zzyzx"], 1, ["Zzyzx"]),
    (["restore", "Budi Santoso"], 1, ["Budi Santoso"]),
    (["log", "Budi", "--with", "Nobody Here"], 1, ["Nobody Here"]),
    # ambiguous names
    (["show", "siti"], 2, ["Siti Rahmawati (#1, Tokopedia)", "Siti Nurhaliza (#2)"]),
    (["log", "Siti", "--note", "hello"], 2, ["matches several contacts"]),
    # blank names
    (["add", ""], 2, ["The name cannot be blank."]),
    (["add", "   "], 2, ["The name cannot be blank."]),
    (["show", " "], 2, ["blank"]),
    (["log", ""], 2, ["Say who you talked to."]),
    # cadences
    (["add", "Ayu", "--every", "every -2 weeks"], 2, ["must be positive"]),
    (["add", "Ayu", "--every", "every 0 days"], 2, ["at least one"]),
    (["edit", "Budi", "--every", "-1 weeks"], 2, ["must be positive"]),
    (["follow-up", "Budi", "tomorrow", "--every", "never"], 2, ["interval"]),
    # channels and other vocabularies
    (["log", "Budi", "--via", "pigeon"], 2, ['Unknown channel "pigeon"', "in-person"]),
    (["log", "Budi", "--initiated", "both"], 2, ['"me" or "them"']),
    (["log", "Budi", "--exchange", "lent a book"], 2, ["gave: TEXT"]),
    (["add", "Ayu", "--handle", "budisan"], 2, ["PLATFORM:USER"]),
    (["add", "Ayu", "--handle", "ig:budi", "--handle", "x:budi", "--email", "nope"], 2, ["email"]),
    # follow-ups
    (["done", "42"], 1, ["No follow-up with id 42."]),
    (["done", "99999999999999999999999"], 1, ["No follow-up"]),
    (["snooze", "42", "tomorrow"], 1, ["No follow-up with id 42."]),
    (["snooze", "1", "yesterday"], 2, ["after today"]),
    (["done", "abc"], 2, ["not a valid integer"]),
    # windows, searches, usage
    (["due", "--days", "0"], 2, ["window"]),
    (["due", "--days", "-3"], 2, ["window"]),
    (["search", ""], 2, ["search for"]),
    (["who-can", " "], 2, ["strength"]),
    (["me", "add", ""], 2, ["blank"]),
    (["show"], 2, ["Missing argument"]),
    (["frobnicate"], 2, ["No such command"]),
    (["log", "Budi", "--about", "a promise"], 2, ["--follow-up"]),
]


@pytest.mark.usefixtures("two_sitis")
@pytest.mark.parametrize(
    ("args", "code", "fragments"), ERRORS, ids=[" ".join(e[0]) for e in ERRORS]
)
def test_errors_say_one_sentence_and_write_nothing(
    cli, counts, args: list[str], code: int, fragments: list[str]
) -> None:
    before = counts()
    shown = ok(cli("show", "Budi Santoso", "--json")).stdout
    refused(cli(*args), code, *fragments)
    assert counts() == before
    assert ok(cli("show", "Budi Santoso", "--json")).stdout == shown


@pytest.mark.parametrize("today", ["2026-13-01", "tomorrow", "25/11/2026", "", "2026-11-25x"])
def test_a_malformed_today_is_refused(cli, today: str) -> None:
    refused(cli("due", today=today), 2, "--today", "is not a date like")


def test_a_malformed_today_after_the_command(cli) -> None:
    refused(cli("due", "--today", "someday"), 2, "--today")


@pytest.mark.parametrize("command", [["import", "myspace", "friends.json"], ["export", "myspace"]])
def test_an_unknown_format_lists_the_formats(cli, tmp_path: Path, command: list[str]) -> None:
    (tmp_path / "friends.json").write_text("[]")
    message = refused(cli(*[str(tmp_path / a) if a.endswith(".json") else a for a in command]), 2)
    assert '"myspace"' in message
    for fmt in ("json", "csv", "vcard"):
        assert fmt in message


def test_a_foreign_file_as_db_is_refused_and_untouched(cli, tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("Budi: call back on Friday\n")
    before = notes.read_bytes()
    refused(cli("due", db=notes), 2, "not a netcrm database", "left untouched")
    refused(cli("add", "Budi", db=notes), 2, "not a netcrm database")
    assert notes.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("notes")) == ["notes.txt"]


def test_a_failed_log_with_create_adds_nobody(cli, counts) -> None:
    ok(cli("add", "Siti A"))
    ok(cli("add", "Siti B"))
    before = counts()
    refused(cli("log", "Wayan Sudarma", "--with", "siti", "--create"), 2, "several contacts")
    assert counts() == before
    refused(cli("show", "Wayan Sudarma"), 1)
    out = ok(cli("log", "Wayan Sudarma", "--create", "--note", "surf lesson")).stdout
    assert out.startswith("Added Wayan Sudarma as a new contact.\n")


def test_json_output_is_utf8_not_escaped(cli) -> None:
    ok(cli("add", "José Núñez"))
    out = ok(cli("search", "jose", "--json")).stdout
    assert "José Núñez" in out
    assert json.loads(out)[0]["name"] == "José Núñez"


LOGGED = [
    ("yesterday", "2026-11-24"),
    ("last friday", "2026-11-20"),
    ("3 days ago", "2026-11-22"),
    ("2026-11-01", "2026-11-01"),
    ("last friday 3pm", "2026-11-20"),
    ("3 Nov", "2026-11-03"),
]
PROMISED = [("in 2 weeks", "2026-12-09"), ("next month", "2026-12-25"), ("friday", "2026-11-27")]


def test_dates_in_many_forms(cli) -> None:
    ok(cli("add", "Budi"))
    for when, _ in LOGGED:
        ok(cli("log", "Budi", "--when", when, "--note", when))
    for when, _ in PROMISED:
        ok(cli("follow-up", "Budi", when, "--about", when))
    shown = ok(cli("show", "Budi", "--json")).json()
    assert {(c["summary"], c["when"]) for c in shown["conversations"]} == set(LOGGED)
    timed = next(c for c in shown["conversations"] if c["summary"] == "last friday 3pm")
    assert timed["time"] == "15:00"
    assert {(f["title"], f["due"]) for f in shown["follow_ups"]} == set(PROMISED)
