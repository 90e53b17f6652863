"""TUI fixtures: a frozen clock, the stores the screens are shown over, no cursor blink.

Every store is a file of the test's own. The filled ones are filled once a session through the
services, on the frozen day, and each test starts from a copy of that file. The root conftest
already points ``NETCRM_DB`` and ``NETCRM_CONFIG_DIR`` into temporary folders, so the user's
own store and theme are never read or written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from screens_harness import fill_sample
from textual.widgets import Input, TextArea
from week_sample import TODAY, fill_week

from netcrm.demo import fill_demo
from netcrm.services.clock import Clock
from netcrm.store.engine import Store
from netcrm.tui.app import NetcrmApp

Fill = Callable[[Store, Clock], None]
MakeStore = Callable[..., Store]


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


@pytest.fixture(scope="session")
def filled(
    tmp_path_factory: pytest.TempPathFactory, make_store: MakeStore
) -> Callable[[Fill], bytes]:
    """``filled(fill)``: the bytes of a closed store that ``fill`` filled on the frozen day."""
    made: dict[Fill, bytes] = {}

    def content(fill: Fill) -> bytes:
        if fill not in made:
            path = tmp_path_factory.mktemp("tui-stores") / f"{fill.__name__}.db"
            store = make_store(path)
            try:
                fill(store, Clock(TODAY))
            finally:
                store.close()
            made[fill] = path.read_bytes()
        return made[fill]

    return content


def _open(path: Path, make_store: MakeStore, content: bytes | None = None) -> Iterator[Store]:
    store = make_store(path, content)
    try:
        yield store
    finally:
        store.close()


@pytest.fixture
def empty_store(tmp_path: Path, make_store: MakeStore) -> Iterator[Store]:
    """A store with nobody in it yet."""
    yield from _open(tmp_path / "empty.db", make_store)


@pytest.fixture
def store(
    tmp_path: Path, make_store: MakeStore, filled: Callable[[Fill], bytes]
) -> Iterator[Store]:
    """The small sample network of the screen tests (:func:`screens_harness.fill_sample`)."""
    yield from _open(tmp_path / "sample.db", make_store, filled(fill_sample))


@pytest.fixture
def week_store(
    tmp_path: Path, make_store: MakeStore, filled: Callable[[Fill], bytes]
) -> Iterator[Store]:
    """A week with something in every part of the review (:func:`week_sample.fill_week`)."""
    yield from _open(tmp_path / "week.db", make_store, filled(fill_week))


@pytest.fixture
def demo_store(
    tmp_path: Path, make_store: MakeStore, filled: Callable[[Fill], bytes]
) -> Iterator[Store]:
    """The demo network (``netcrm --demo``), as the screenshots in docs/tui.md show it."""
    yield from _open(tmp_path / "demo.db", make_store, filled(fill_demo))


@pytest.fixture
def make_app(config_dir: Path, frozen: Clock) -> Callable[[Store], NetcrmApp]:
    """``make_app(store)``: the app over that store, on the frozen clock, own config folder."""

    def make(store: Store) -> NetcrmApp:
        return NetcrmApp(store, frozen)

    return make
