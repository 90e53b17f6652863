"""Choosing a format, and gathering the data in bulk."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import event

from netcrm.domain.errors import BadInput
from netcrm.exporters import EXPORT_FORMATS, render_export
from netcrm.services.clock import Clock
from netcrm.services.contacts import add_contact
from netcrm.services.conversations import log_conversation
from netcrm.services.exporting import export_agenda, export_people
from netcrm.services.records import ContactInput, ConversationInput
from netcrm.store.engine import Store, open_store

from .conftest import TODAY, Network


def test_the_four_formats_are_described() -> None:
    assert list(EXPORT_FORMATS) == ["json", "csv", "vcard", "ics"]
    assert all(description and "\n" not in description for description in EXPORT_FORMATS.values())


def test_an_unknown_format_lists_the_known_ones(network: Network) -> None:
    with pytest.raises(BadInput) as caught:
        render_export("xlsx", network.store, network.clock)
    assert str(caught.value) == 'Unknown export format "xlsx": use one of json, csv, vcard, ics.'


def test_format_names_ignore_case_and_spaces(network: Network) -> None:
    assert render_export(" VCard ", network.store, network.clock) == render_export(
        "vcard", network.store, network.clock
    )


def test_json_is_the_full_backup(network: Network) -> None:
    text = render_export("json", network.store, network.clock)
    assert "山田 太郎" in text  # not \u-escaped
    assert json.loads(text)["format"] == "netcrm-backup"


def test_agenda_holds_follow_ups_keep_in_touch_dues_and_birthdays(network: Network) -> None:
    kinds = {entry.item.kind for entry in export_agenda(network.store, network.clock)}
    assert kinds == {"follow-up", "keep-in-touch", "birthday"}


def _fill(path: Path, count: int) -> Store:
    store = open_store(str(path))
    clock = Clock(TODAY)
    for n in range(count):
        name = f"Person {n}"
        add_contact(
            store,
            ContactInput(
                name=name,
                emails=[f"p{n}@example.com"],
                handles=[f"x:person{n}"],
                tags=["t", f"t{n}"],
                every="1 month",
            ),
            clock,
        )
        log_conversation(store, ConversationInput(names=[name], learned=[f"s{n}"]), clock)
    return store


def _statements(store: Store, action) -> int:
    seen: list[str] = []

    def count(_conn, _cursor, statement, *_args) -> None:
        seen.append(statement)

    event.listen(store.engine, "before_cursor_execute", count)
    try:
        action()
    finally:
        event.remove(store.engine, "before_cursor_execute", count)
    return len(seen)


@pytest.mark.parametrize("fmt", ["csv", "vcard", "ics"])
def test_no_query_per_contact(tmp_path: Path, fmt: str) -> None:
    clock = Clock(TODAY)
    small, large = _fill(tmp_path / "small.db", 2), _fill(tmp_path / "large.db", 12)
    try:
        assert _statements(small, lambda: render_export(fmt, small, clock)) == _statements(
            large, lambda: render_export(fmt, large, clock)
        )
        assert len(export_people(large, clock)) == 12
    finally:
        small.close()
        large.close()
