"""Trash and undo: ``rm`` hides a person with all their history, ``restore`` brings back every
bit of it, ``trash`` lists them, and only an explicit, confirmed ``trash --empty`` deletes."""

from __future__ import annotations

import json

from safety.helpers import cli, scalar, store_digest

COUNTED = (
    "contact",
    "conversation",
    "participant",
    "strength",
    "disclosure",
    "exchange",
    "follow_up",
    "handle",
    "email",
    "contact_tag",
)


def _ok(db: str, *args: str, input: str | None = None) -> str:
    result = cli(*args, db=db, input=input)
    assert result.returncode == 0, (args, result.stderr)
    return result.stdout


def _counts(db: str) -> dict[str, int]:
    return {table: int(scalar(db, f"SELECT COUNT(*) FROM {table}")) for table in COUNTED}


def _network(db: str) -> None:
    _ok(
        db,
        "add",
        "Budi Santoso",
        "--handle",
        "instagram:budisan",
        "--email",
        "budi@example.id",
        "--tag",
        "design",
        "--every",
        "monthly",
        "--birthday",
        "1990-12-01",
        "--notes",
        "Gojek",
    )
    _ok(db, "add", "Siti Rahma")
    _ok(
        db,
        "log",
        "budi",
        "--with",
        "siti",
        "--note",
        "Meetup together",
        "--when",
        "3 days ago",
        "--learned",
        "UX research",
        "--shared",
        "Python",
        "--exchange",
        "gave: an intro",
    )
    _ok(
        db,
        "log",
        "budi",
        "--note",
        "Coffee alone",
        "--follow-up",
        "in 3 days",
        "--about",
        "send the talk",
    )


def test_rm_hides_everything_and_restore_brings_all_of_it_back(store_url: str) -> None:
    _network(store_url)
    shown = _ok(store_url, "show", "budi", "--json")
    due = json.loads(_ok(store_url, "due", "--days", "30", "--json"))
    assert {item["contact"] for item in due} == {"Budi Santoso"}
    counts = _counts(store_url)

    assert "Moved Budi Santoso to the trash" in _ok(store_url, "rm", "budi")
    gone = cli("show", "budi", db=store_url)  # still there to see, saying where it is
    assert gone.returncode == 0
    assert "Budi Santoso is in the trash: netcrm restore" in gone.stdout
    assert json.loads(_ok(store_url, "search", "budi", "--json")) == []
    assert json.loads(_ok(store_url, "due", "--days", "30", "--json")) == []
    who = json.loads(_ok(store_url, "who-can", "UX research", "--json"))
    assert [row["name"] for row in who] == ["Siti Rahma"]
    trash = json.loads(_ok(store_url, "trash", "--json"))
    assert [(row["name"], row["conversations"]) for row in trash] == [("Budi Santoso", 2)]
    assert _counts(store_url) == counts, "rm must not delete any row"
    # The shared conversation still belongs to Siti's history.
    siti = json.loads(_ok(store_url, "show", "siti", "--json"))
    assert [c["summary"] for c in siti["conversations"]] == ["Meetup together"]

    assert "Restored Budi Santoso" in _ok(store_url, "restore", "budi")
    assert _ok(store_url, "show", "budi", "--json") == shown
    assert json.loads(_ok(store_url, "due", "--days", "30", "--json")) == due
    assert json.loads(_ok(store_url, "trash", "--json")) == []
    assert _counts(store_url) == counts


def test_emptying_the_trash_asks_first_and_keeps_what_others_share(store_url: str) -> None:
    _network(store_url)
    _ok(store_url, "rm", "budi")
    before = store_digest(store_url)

    refused = cli("trash", "--empty", db=store_url, input="n\n")
    assert refused.returncode == 2
    assert "Nothing was deleted" in refused.stderr
    assert store_digest(store_url) == before

    assert "for good" in _ok(store_url, "trash", "--empty", input="y\n")
    assert json.loads(_ok(store_url, "trash", "--json")) == []
    assert cli("restore", "budi", db=store_url).returncode == 1
    counts = _counts(store_url)
    assert counts["contact"] == 1
    assert counts["conversation"] == 1, "the conversation Siti took part in stays"
    assert counts["participant"] == 1
    for table in ("strength", "disclosure", "exchange"):
        assert counts[table] == 1, f"Siti's own {table} stays"
    for table in ("follow_up", "handle", "email", "contact_tag"):
        assert counts[table] == 0, table
    siti = json.loads(_ok(store_url, "show", "siti", "--json"))
    assert [c["summary"] for c in siti["conversations"]] == ["Meetup together"]
    assert cli("db", "check", db=store_url).returncode == 0


def test_rm_of_an_ambiguous_or_unknown_name_trashes_nobody(store_url: str) -> None:
    _ok(store_url, "add", "Budi Santoso")
    _ok(store_url, "add", "Budi Hartono")
    before = store_digest(store_url)
    ambiguous = cli("rm", "budi", db=store_url)
    assert ambiguous.returncode == 2
    assert "Budi Santoso" in ambiguous.stderr and "Budi Hartono" in ambiguous.stderr
    unknown = cli("rm", "Nobody Atall", db=store_url)
    assert unknown.returncode == 1
    assert store_digest(store_url) == before
    assert json.loads(_ok(store_url, "trash", "--json")) == []


def test_trash_and_restore_survive_a_new_contact_with_the_same_name(store_url: str) -> None:
    """Restoring while someone of the same name was added meanwhile keeps both."""
    _network(store_url)
    _ok(store_url, "rm", "Budi Santoso")
    _ok(store_url, "add", "Budi Santoso", "--duplicate")
    _ok(store_url, "restore", "Budi Santoso")
    people = [row["name"] for row in json.loads(_ok(store_url, "search", "budi", "--json"))]
    assert people == ["Budi Santoso", "Budi Santoso"]
    assert _counts(store_url)["conversation"] == 2
