"""TUI fixtures: a frozen clock, a store with a week worth reviewing, no cursor blink.

The root conftest already points ``NETCRM_DB`` and ``NETCRM_CONFIG_DIR`` into temporary
folders, so the user's own store and theme are never read or written.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, TextArea
from week_sample import TODAY, fill_week

from netcrm.services.clock import Clock
from netcrm.store.engine import Store, open_store
from netcrm.tui.app import NetcrmApp


@pytest.fixture(autouse=True)
def _no_cursor_blink(monkeypatch: pytest.MonkeyPatch) -> None:
    """A blinking cursor makes screenshots depend on timing."""
    monkeypatch.setattr(Input.cursor_blink, "_default", False)
    monkeypatch.setattr(TextArea.cursor_blink, "_default", False)


@pytest.fixture
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("NETCRM_CONFIG_DIR", str(folder))
    return folder


@pytest.fixture
def frozen() -> Clock:
    return Clock(TODAY)


@pytest.fixture
def empty_store(tmp_path: Path) -> Iterator[Store]:
    store = open_store(str(tmp_path / "tui.db"))
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def week_store(empty_store: Store, frozen: Clock) -> Store:
    fill_week(empty_store, frozen)
    return empty_store


@pytest.fixture
def make_app(config_dir: Path, frozen: Clock):
    """``make_app(store)``: the app over that store, on the frozen clock, own config folder."""

    def make(store: Store) -> NetcrmApp:
        return NetcrmApp(store, frozen)

    return make
