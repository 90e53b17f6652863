"""`duplicates`, `merge`, `unmerge`, `not-same` and `config` as scripts use them: output,
JSON shape, exit codes and one sentence for every error."""

from __future__ import annotations

import pytest


@pytest.fixture
def budis(cli, monkeypatch):
    for variable in ("LC_ALL", "LC_TELEPHONE", "LANG"):
        monkeypatch.delenv(variable, raising=False)

    def ok(*args: str) -> str:
        result = cli(*args)
        assert result.exit_code == 0, result.stderr
        return result.stdout

    ok("config", "phone-region", "ID")
    ok("add", "Budi Santoso", "--company", "Gojek", "--handle", "linkedin:budi-santoso-4a1b2c")
    ok("add", "Budi", "--phone", "0812-555-1234", "--email", "budi@home.id")
    ok("add", "budi.santoso", "--handle", "instagram:budi.santoso", "--phone", "+62 812 5551234")
    ok("add", "Siti Rahma")
    ok("log", "Budi", "--with", "Siti", "--note", "coffee")
    return ok


def test_duplicates_json_is_the_contract(cli, budis) -> None:
    groups = cli("duplicates", "--json").json()
    assert len(groups) == 1
    [group] = groups
    assert set(group) == {"people", "score", "reasons"}
    assert [p["name"] for p in group["people"]] == ["Budi", "Budi Santoso", "budi.santoso"]
    assert set(group["people"][0]) == {"id", "name", "source"}
    assert group["score"] >= 90
    assert {"kind", "text", "weight"} == set(group["reasons"][0])
    assert group["reasons"][0] == {
        "kind": "phone",
        "text": "same phone +628125551234",
        "weight": 90,
    }


def test_duplicates_lists_them_with_the_merge_to_type(cli, budis) -> None:
    out = cli("duplicates").stdout
    assert "same phone +628125551234 (90)" in out
    assert 'netcrm merge "#2" "#1" "#3"' in out
    assert cli("duplicates", "--min-score", "99").stdout.startswith("No likely duplicates")
    bad = cli("duplicates", "--min-score", "150")
    assert bad.exit_code == 2 and "150" in bad.stderr


def test_merge_dry_run_then_merge_then_unmerge(cli, budis) -> None:
    before = cli("export", "json").stdout
    dry = cli("merge", "Budi Santoso", "#2", "#3", "--dry-run")
    assert dry.exit_code == 0
    assert "Would merge Budi (#2), budi.santoso (#3) into Budi Santoso (#1):" in dry.stdout
    assert "  1 conversation" in dry.stdout and "Nothing was written" in dry.stdout
    assert cli("export", "json").stdout == before

    done = cli("merge", "Budi Santoso", "#2", "#3")
    assert done.exit_code == 0
    assert done.stdout.startswith("Merged Budi (#2), budi.santoso (#3) into Budi Santoso (#1):")
    shown = cli("show", "Budi Santoso", "--json").json()
    assert shown["phones"] == ["0812-555-1234"]  # one number, in two notations
    assert cli("duplicates", "--json").json() == []
    assert "Merged" in cli("history", "--json").json()[0]["summary"]

    back = cli("unmerge", "Budi Santoso")
    assert back.exit_code == 0 and "Budi (#2), budi.santoso (#3) are back" in back.stdout
    after = cli("export", "json").stdout
    strip = lambda text: [line for line in text.splitlines() if "exported_at" not in line]  # noqa: E731
    assert strip(after) == strip(before)


def test_merge_is_undone_by_undo_too(cli, budis) -> None:
    cli("merge", "#1", "#2")
    undone = cli("undo")
    assert undone.exit_code == 0 and "Merged Budi (#2) into Budi Santoso" in undone.stdout
    assert cli("show", "#2").exit_code == 0


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        (("merge", "Budi Santoso", "Budi Santoso"), 2, "cannot be merged with themselves"),
        (("merge", "Budi Santoso", "Gone"), 2, "is in the trash"),
        (("merge", "Budi Santoso", "Zzyzx Qwerty"), 1, 'No contact called "Zzyzx Qwerty"'),
        (("merge", "Bud", "Siti"), 2, "matches several contacts"),
        (("merge", "Budi Santoso"), 2, "Missing argument"),
        (("unmerge", "Siti"), 1, "No merge into Siti Rahma"),
        (("not-same", "Budi", "Budi"), 2, "name two people"),
        (("not-same", "Budi", "Gone"), 2, "Gone is in the trash; restore them first"),
        (("config", "phone-region", "Narnia"), 2, "is not a country code"),
        (("config", "colour"), 1, 'No setting called "colour"'),
    ],
)
def test_every_error_is_one_sentence(cli, budis, args, code, words) -> None:
    budis("add", "Gone")
    budis("rm", "Gone")
    before = cli("export", "json").stdout
    result = cli(*args)
    assert result.exit_code == code, result.stderr
    assert words in result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.strip().splitlines()) <= 2
    assert cli("export", "json").stdout == before


def test_not_same_keeps_a_pair_apart(cli, budis) -> None:
    assert cli("not-same", "Budi", "budi.santoso").stdout.startswith("Noted: Budi and")
    again = cli("not-same", "budi.santoso", "Budi")
    assert again.exit_code == 0 and "already marked" in again.stdout
    groups = cli("duplicates", "--json").json()
    assert all({2, 3} - {p["id"] for p in g["people"]} for g in groups)


def test_config_lists_shows_sets_and_unsets(cli, budis) -> None:
    assert "phone-region = ID" in cli("config").stdout
    assert "phone-region = ID" in cli("config", "phone-region").stdout
    unset = cli("config", "phone-region", "--unset")
    assert unset.exit_code == 0 and "phone-region: unset" in unset.stdout
    both = cli("config", "phone-region", "SG", "--unset")
    assert both.exit_code == 2


def test_names_resolve_through_phones_for_merge(cli, budis) -> None:
    result = cli("merge", "Budi Santoso", "0812 555 1234")
    assert result.exit_code == 2 and "matches several contacts" in result.stderr
