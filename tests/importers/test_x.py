"""The X archive: data/follower.js and data/following.js."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from netcrm.domain.errors import BadInput
from netcrm.importers import ImportedHandle, ImportFormatError, read_people
from netcrm.importers.x import parse


def test_the_archive_folder_merges_followers_and_following(fixtures: Path) -> None:
    people = read_people("x", fixtures / "x-archive")
    assert [(p.name, p.handles[0].direction) for p in people] == [
        ("X account 1234567890", "follows-me"),
        ("X account 44196397", "mutual"),
        ("X account 1591234567890123456", "follows-me"),
        ("X account 783214", "i-follow"),
    ]
    assert people[1].handles == [
        ImportedHandle(
            "x",
            "44196397",
            url="https://twitter.com/intent/user?user_id=44196397",
            direction="mutual",
        )
    ]
    assert all(p.source == "x" and p.since is None for p in people)


def test_the_archive_zip(fixtures: Path, x_zip: Path) -> None:
    assert read_people("x", x_zip) == read_people("x", fixtures / "x-archive")


def test_one_file_alone(fixtures: Path) -> None:
    people = read_people("x", fixtures / "x-archive" / "data" / "following.js")
    assert [p.handles[0].username for p in people] == ["44196397", "783214"]
    assert {p.handles[0].direction for p in people} == {"i-follow"}


def test_a_split_archive_part() -> None:
    data = b'window.YTD.follower.part1 = [{"follower": {"accountId": "7"}}]'
    [person] = parse(data, "follower-part1.js")
    assert person.handles[0].url == "https://twitter.com/intent/user?user_id=7"


def test_a_malformed_entry_mid_file_names_the_record() -> None:
    entries = ",".join(f'{{"follower": {{"accountId": "{i}"}}}}' for i in range(1, 4))
    bad = '{"follower": {"accountId": "abc"}}'
    data = f"window.YTD.follower.part0 = [{entries}, {bad}, {entries}]"
    with pytest.raises(ImportFormatError) as caught:
        parse(data.encode(), "follower.js")
    assert str(caught.value) == "follower.js, record 4: entry has no numeric accountId."


def test_an_entry_of_the_wrong_kind() -> None:
    data = b'window.YTD.following.part0 = [{"follower": {"accountId": "1"}}]'
    with pytest.raises(ImportFormatError) as caught:
        parse(data, "following.js")
    assert str(caught.value) == 'following.js, record 1: entry has no "following" object.'


def test_a_file_that_is_not_an_archive_list() -> None:
    with pytest.raises(ImportFormatError, match=r"does not start with window\.YTD\.follower"):
        parse(b"window.YTD.tweets.part0 = []", "tweets.js")


def test_an_archive_without_follower_files(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "tweets.js").write_text("window.YTD.tweets.part0 = []")
    with pytest.raises(BadInput, match=re.escape("holds no X follower.js")):
        read_people("x", tmp_path)
