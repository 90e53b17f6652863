"""Facebook's friends list, with Meta's mojibake repaired."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date
from pathlib import Path

import pytest

from netcrm.importers import ImportFormatError, read_people
from netcrm.importers.facebook import parse


def test_friends_with_mojibake_names_repaired(fixtures: Path) -> None:
    people = read_people("facebook", fixtures / "facebook" / "your_friends.json")
    assert [p.name for p in people] == [
        "José García",
        "Budi Santoso",
        "田中 ゆき",
        "Zoë Laurent 🌸",
        "ليلى حسن",
    ]
    assert [p.since for p in people] == [
        date(2020, 9, 13),
        date(2017, 7, 14),
        date(2022, 4, 15),
        date(2023, 12, 31),
        date(2015, 1, 1),
    ]
    assert all(p.source == "facebook" and p.handles == [] for p in people)
    assert people[4].emails == ["layla@example.org"]  # contact_info


def test_a_name_that_is_already_right_is_kept() -> None:
    data = json.dumps({"friends_v2": [{"name": "José", "timestamp": 1}, {"name": "Zoë"}]})
    assert [p.name for p in parse(data.encode(), "your_friends.json")] == ["José", "Zoë"]


def test_the_oldest_friends_key() -> None:
    data = b'{"friends": [{"name": "Budi", "timestamp": 1300000000}]}'
    [budi] = parse(data, "friends.json")
    assert budi.since == date(2011, 3, 13)


def test_the_export_zip(tmp_path: Path, fixtures: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.write(
            fixtures / "facebook" / "your_friends.json", "connections/friends/your_friends.json"
        )
        archive.writestr("connections/friends/removed_friends.json", '{"deleted_friends_v2": []}')
    path = tmp_path / "facebook-budi-2024.zip"
    path.write_bytes(buffer.getvalue())
    assert len(read_people("facebook", path)) == 5


def test_a_friend_without_a_name_mid_file() -> None:
    data = json.dumps({"friends_v2": [{"name": "A"}, {"name": "B"}, {"timestamp": 1}]})
    with pytest.raises(ImportFormatError) as caught:
        parse(data.encode(), "your_friends.json")
    assert str(caught.value) == "your_friends.json, record 3: friend has no name."


def test_not_a_friends_file() -> None:
    with pytest.raises(ImportFormatError, match="not a Facebook friends file"):
        parse(b"[]", "your_friends.json")
