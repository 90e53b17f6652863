"""The demo network behind ``netcrm --demo``."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

import pytest

from netcrm.demo import PEOPLE, fill_demo, open_demo_store
from netcrm.services.clock import Clock
from netcrm.services.contact_detail import show_contact
from netcrm.services.contacts import list_contacts
from netcrm.services.due.items import due_between
from netcrm.services.due.review import weekly_review
from netcrm.services.me import my_strengths
from netcrm.services.network import ladder_counts
from netcrm.services.search import search, who_can
from netcrm.store.engine import Store

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo(make_store, tmp_path_factory) -> Iterator[Store]:
    store = make_store(tmp_path_factory.mktemp("demo") / "netcrm.db")
    fill_demo(store, Clock(TODAY))
    yield store
    store.close()


def test_everyone_is_there(demo: Store) -> None:
    rows = list_contacts(demo, Clock(TODAY))
    assert sorted(r.name for r in rows) == sorted(p.name for p in PEOPLE)


def test_follow_ups_are_due_this_week(demo: Store) -> None:
    items = due_between(demo, TODAY, 7)
    follow_ups = [i for i in items if i.kind == "follow-up"]
    assert len(follow_ups) >= 3
    assert any(i.overdue_days > 0 for i in follow_ups)
    assert any(TODAY <= i.due < TODAY + timedelta(days=7) for i in follow_ups)
    assert {i.kind for i in items} >= {"follow-up", "keep-in-touch", "birthday"}


def test_every_rung_of_the_ladder_is_used(demo: Store) -> None:
    counts = ladder_counts(demo, Clock(TODAY)).counts
    assert all(counts[stage] > 0 for stage in counts), counts


def test_the_review_has_every_kind_of_suggestion(demo: Store) -> None:
    review = weekly_review(demo, Clock(TODAY))
    assert {s.kind for s in review.suggestions} == {"never-talked", "doesnt-know-you", "fading"}


def test_the_demo_is_browsable(demo: Store) -> None:
    clock = Clock(TODAY)
    budi = show_contact(demo, "budi", clock)
    assert budi.stage == "trusted" and budi.conversations and budi.strengths
    assert search(demo, "gojek", clock)[0].name == "Budi Santoso"
    assert who_can(demo, "ux research", clock)[0].name == "Budi Santoso"
    assert {r.name for r in my_strengths(demo)} >= {"Python", "public speaking"}
    for row in list_contacts(demo, clock):  # nothing in the future
        assert row.last_talked is None or row.last_talked <= TODAY


def test_the_demo_is_the_same_for_the_same_day(demo: Store, make_store, tmp_path: Path) -> None:
    again = make_store(tmp_path / "again.db")
    try:
        fill_demo(again, Clock(TODAY))
        assert due_between(again, TODAY, 30) == due_between(demo, TODAY, 30)
    finally:
        again.close()


@pytest.mark.parametrize("day", [date(2028, 2, 29)])
def test_the_demo_fills_on_awkward_days(make_store, tmp_path: Path, day: date) -> None:
    store = make_store(tmp_path / "demo.db")
    try:
        fill_demo(store, Clock(day))
        assert [i for i in due_between(store, day, 7) if i.kind == "follow-up"]
    finally:
        store.close()


def test_the_demo_store_is_throwaway(tmp_path: Path) -> None:
    own = Path(os.environ["NETCRM_DB"])
    store = open_demo_store(Clock(TODAY))
    try:
        assert store.path is not None
        assert store.path != own and "netcrm-demo-" in str(store.path.parent)
        assert not own.exists()
    finally:
        store.close()
        if store.path is not None and "netcrm-demo-" in store.path.parent.name:
            shutil.rmtree(store.path.parent, ignore_errors=True)
