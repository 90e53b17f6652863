"""Instagram's JSON export: followers_N.json, following.json, the folder and the .zip."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from netcrm.domain.errors import BadInput
from netcrm.importers import ImportedHandle, ImportFormatError, read_people
from netcrm.importers.instagram import parse

FOLDER = "instagram-export/connections/followers_and_following"


def by_name(people):
    return {p.name: p for p in people}


def entry(username: str | None = None, *, title: str = "", href: str | None = None, ts=1700000000):
    item: dict = {"timestamp": ts}
    if href is not None:
        item["href"] = href
    if username is not None:
        item["value"] = username
    return {"title": title, "media_list_data": [], "string_list_data": [item]}


def test_the_export_folder_gives_followers_and_following_as_one_list(fixtures: Path) -> None:
    people = read_people("instagram", fixtures / "instagram-export")
    assert [p.name for p in people] == [
        "budi.santoso",
        "sari_dewi",
        "yuki.tanaka",
        "ahmad_fauzi",
        "layla.hassan",
        "kopi.kenangan",
    ]
    assert all(p.source == "instagram" for p in people)
    assert all(not p.emails and not p.tags for p in people)


def test_the_three_username_variants_are_read(fixtures: Path) -> None:
    people = by_name(
        parse((fixtures / FOLDER / "followers_1.json").read_bytes(), "followers_1.json")
    )
    # value present; only the title; only the href (https://www.instagram.com/_u/yuki.tanaka)
    assert set(people) == {"budi.santoso", "sari_dewi", "yuki.tanaka", "ahmad_fauzi"}
    assert people["yuki.tanaka"].handles == [
        ImportedHandle(
            "instagram",
            "yuki.tanaka",
            url="https://www.instagram.com/yuki.tanaka",
            direction="follows-me",
            since=date(2023, 7, 22),
        )
    ]
    assert [p.record for p in people.values()] == [1, 2, 3, 4]


def test_since_is_the_utc_date_of_the_timestamp(fixtures: Path) -> None:
    people = by_name(read_people("instagram", fixtures / "instagram-export"))
    assert people["budi.santoso"].since == date(2023, 11, 14)
    # 1704067199 is 2023-12-31 23:59:59 UTC, already 2024 east of Greenwich
    assert people["sari_dewi"].since == date(2023, 12, 31)
    assert people["sari_dewi"].handles[0].since == date(2023, 12, 31)


def test_followed_and_following_is_one_mutual_person_since_the_earlier_date(
    fixtures: Path,
) -> None:
    people = by_name(read_people("instagram", fixtures / "instagram-export"))
    ahmad = people["ahmad_fauzi"]
    assert ahmad.handles == [
        ImportedHandle(
            "instagram",
            "ahmad_fauzi",
            url="https://www.instagram.com/ahmad_fauzi",
            direction="mutual",
            since=date(2020, 9, 13),
        )
    ]
    assert ahmad.since == date(2020, 9, 13)
    assert people["kopi.kenangan"].handles[0].direction == "i-follow"
    assert people["layla.hassan"].handles[0].direction == "follows-me"


def test_other_connection_files_are_not_read(fixtures: Path) -> None:
    names = {p.name for p in read_people("instagram", fixtures / "instagram-export")}
    assert "not.imported" not in names  # close_friends.json


def test_the_zip_is_read_in_memory_and_gives_the_same_people(
    fixtures: Path, instagram_zip: Path
) -> None:
    from_zip = read_people("instagram", instagram_zip)
    assert from_zip == read_people("instagram", fixtures / "instagram-export")
    assert not any(p.name.startswith("._") for p in from_zip)
    assert [p.name for p in instagram_zip.parent.iterdir()] == [
        instagram_zip.name
    ]  # nothing unpacked


def test_a_single_following_file(fixtures: Path) -> None:
    people = read_people("instagram", fixtures / FOLDER / "following.json")
    assert [(p.name, p.handles[0].direction) for p in people] == [
        ("ahmad_fauzi", "i-follow"),
        ("kopi.kenangan", "i-follow"),
    ]


def test_older_exports_with_relationships_followers() -> None:
    data = json.dumps({"relationships_followers": [entry("budi")]}).encode()
    [budi] = parse(data, "followers.json")
    assert budi.handles[0].direction == "follows-me"


def test_a_username_only_in_a_trailing_slash_href() -> None:
    data = json.dumps([entry(href="https://www.instagram.com/_u/sari_dewi/?hl=en")]).encode()
    assert [p.name for p in parse(data, "followers_1.json")] == ["sari_dewi"]


def test_a_missing_timestamp_gives_no_date() -> None:
    data = json.dumps([entry("budi", ts=None)]).encode()
    assert parse(data, "followers_1.json")[0].since is None


def test_a_malformed_entry_mid_file_names_the_file_and_record() -> None:
    entries = [entry(f"user{i}") for i in range(1, 20)]
    entries[16] = {"title": "", "media_list_data": [], "string_list_data": [{"timestamp": 1}]}
    with pytest.raises(ImportFormatError) as caught:
        parse(json.dumps(entries).encode(), "followers_1.json")
    assert str(caught.value) == "followers_1.json, record 17: entry has no username."
    assert caught.value.record == 17


@pytest.mark.parametrize(
    ("bad", "problem"),
    [
        ("nonsense", "entry is not an object"),
        ({"string_list_data": ["x"]}, "string_list_data holds no object"),
        (entry("has space"), '"has space" is not an Instagram username'),
        (entry("budi", ts="yesterday"), "timestamp 'yesterday' is not a number"),
        (entry("budi", ts=10**20), "is out of range"),
    ],
)
def test_malformed_entries(bad, problem: str) -> None:
    with pytest.raises(ImportFormatError) as caught:
        parse(json.dumps([entry("ok"), bad]).encode(), "followers_2.json")
    assert str(caught.value).startswith("followers_2.json, record 2: ")
    assert problem in str(caught.value)


def test_a_cut_short_file_is_reported_as_invalid_json(fixtures: Path) -> None:
    data = (fixtures / FOLDER / "followers_1.json").read_bytes()[:200]
    with pytest.raises(ImportFormatError, match=r"^followers_1.json: is not valid JSON \(line"):
        parse(data, "followers_1.json")


def test_json_that_is_not_an_instagram_file() -> None:
    with pytest.raises(ImportFormatError, match="is not an Instagram followers or following"):
        parse(b'{"friends_v2": []}', "your_friends.json")


def test_an_export_in_html_format_says_to_ask_for_json(tmp_path: Path) -> None:
    folder = tmp_path / "export" / "connections" / "followers_and_following"
    folder.mkdir(parents=True)
    (folder / "followers_1.html").write_text("<html></html>")
    with pytest.raises(BadInput, match="HTML version of the export; request it again"):
        read_people("instagram", tmp_path / "export")


def test_a_folder_without_the_files(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="holds no Instagram followers"):
        read_people("instagram", tmp_path)


def test_a_corrupt_zip(tmp_path: Path, instagram_zip: Path) -> None:
    broken = tmp_path / "export.zip"
    broken.write_bytes(instagram_zip.read_bytes()[:300])
    with pytest.raises(BadInput, match=re.escape("export.zip is not a readable zip archive")):
        read_people("instagram", broken)


def test_a_missing_path(tmp_path: Path) -> None:
    with pytest.raises(BadInput, match="There is no file at"):
        read_people("instagram", tmp_path / "nope.zip")
