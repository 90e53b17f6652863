"""The benchmark network is what the services would have written, and the same for a seed."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import select

from netcrm.services.aggregates import refresh_history, refresh_search_text
from netcrm.store.engine import open_store
from netcrm.store.models import Contact

from .generate import generate

TODAY = date(2026, 11, 25)
CONTACTS = 50


def _rows(path: Path, table: str) -> list[tuple]:
    with sqlite3.connect(path) as db:
        return db.execute(f"SELECT * FROM {table} ORDER BY rowid").fetchall()


def _dump(path: Path) -> list[str]:
    db = sqlite3.connect(path)
    try:
        return list(db.iterdump())
    finally:
        db.close()


@pytest.fixture(scope="module")
def network(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "network.db"
    stats = generate(path, CONTACTS, seed=7, today=TODAY)
    assert stats.contacts == CONTACTS
    return path


def test_the_network_has_every_kind_of_row(network: Path) -> None:
    with sqlite3.connect(network) as db:
        count = {
            table: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in (
                "conversation",
                "handle",
                "strength",
                "disclosure",
                "exchange",
                "follow_up",
                "contact_tag",
            )
        }
        stages = {s for (s,) in db.execute("SELECT DISTINCT stage FROM contact")}
        open_follow_ups = db.execute(
            "SELECT count(DISTINCT contact_id) FROM follow_up WHERE status = 'open'"
        ).fetchone()[0]
        cadences = db.execute("SELECT count(*) FROM contact WHERE cadence IS NOT NULL").fetchone()
    assert all(count.values()), count
    assert count["conversation"] >= 6 * CONTACTS
    assert open_follow_ups == CONTACTS
    assert {"follower", "talked", "known", "mutual"} <= stages
    assert CONTACTS // 6 <= cadences[0] <= CONTACTS // 2


def test_aggregates_are_what_the_services_compute(network: Path, tmp_path: Path) -> None:
    copy = tmp_path / "recomputed.db"
    shutil.copy(network, copy)
    store = open_store(str(copy))
    try:
        with store.session() as session:
            contacts = session.exec(select(Contact)).all()
            assert len(contacts) == CONTACTS
            for contact in contacts:
                refresh_history(session, contact, TODAY)
                refresh_search_text(session, contact)
            session.commit()
    finally:
        store.close()
    generated, recomputed = _rows(network, "contact"), _rows(copy, "contact")
    for before, after in zip(generated, recomputed, strict=True):
        assert before == after
    # The aggregates are not trivially empty.
    with sqlite3.connect(copy) as db:
        talked, touch, mass = db.execute(
            "SELECT sum(conversation_count > 0), count(next_touch_due), sum(warmth_mass) "
            "FROM contact"
        ).fetchone()
    assert talked > CONTACTS // 2 and touch > 0 and mass > 0


def test_the_same_seed_gives_the_same_store(network: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.db"
    generate(again, CONTACTS, seed=7, today=TODAY)
    assert _dump(again) == _dump(network)
    other = tmp_path / "other.db"
    generate(other, CONTACTS, seed=8, today=TODAY)
    assert _rows(other, "contact") != _rows(network, "contact")


def test_an_existing_file_is_left_alone(network: Path) -> None:
    before = _dump(network)
    with pytest.raises(FileExistsError):
        generate(network, 5, seed=1, today=TODAY)
    assert _dump(network) == before
