"""Save the screenshots of docs/tui.md: the demo network on Wednesday 25 Nov 2026.

    python tests/tui/make_screenshots.py [docs/images]

Each picture is the SVG Textual saves itself (``App.save_screenshot``), after driving the app
by keyboard exactly as the captions say.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

sys.path.insert(0, str(Path(__file__).parent))

from week_sample import TODAY, settle

from netcrm.demo import fill_demo
from netcrm.services.clock import Clock
from netcrm.store.engine import Store, open_store
from netcrm.tui.app import NetcrmApp

Steps = Callable[[Pilot], Awaitable[None]]


async def review(pilot: Pilot) -> None:
    await settle(pilot)


async def log_picking(pilot: Pilot) -> None:
    await settle(pilot)
    pilot.app.action_log()
    await settle(pilot)
    await pilot.press(*"bud")
    await settle(pilot)


async def log_filled(pilot: Pilot) -> None:
    await log_picking(pilot)
    await pilot.press("tab", *"Coffee after his design-systems talk; he wants to hire a PM", "tab")
    await pilot.press(*"yesterday 4pm", "tab", "tab", "tab", *"Kopi Kenangan, Blok M", "tab")
    await pilot.press(*"Design systems", "tab", *"prod")
    await settle(pilot)
    await pilot.press("tab", *"gave: intro to Rizky", "tab", *"in 2 weeks", "tab")
    await pilot.press(*"Send two PM candidates")
    await settle(pilot)


async def log_bad_date(pilot: Pilot) -> None:
    await log_picking(pilot)
    await pilot.press("tab", *"Quick call", "tab", *"last fryday", "ctrl+s")
    await settle(pilot)


async def done_offer(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("d")
    await settle(pilot)


async def snooze(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("s", "tab", *"next monday")
    await settle(pilot)


async def help_keys(pilot: Pilot) -> None:
    await settle(pilot)
    await pilot.press("question_mark")
    await settle(pilot)


SHOTS: list[tuple[str, tuple[int, int], Steps]] = [
    ("tui-review", (120, 40), review),
    ("tui-review-80x24", (80, 24), review),
    ("tui-log-picking", (120, 40), log_picking),
    ("tui-log-filled", (120, 40), log_filled),
    ("tui-log-bad-date", (120, 40), log_bad_date),
    ("tui-done-offer", (120, 40), done_offer),
    ("tui-snooze", (120, 40), snooze),
    ("tui-help", (120, 40), help_keys),
]


async def shoot(store_path: Path, out: Path, name: str, size: tuple[int, int], steps) -> None:
    store: Store = open_store(str(store_path))
    try:
        app = NetcrmApp(store, Clock(TODAY))
        async with app.run_test(size=size) as pilot:
            await steps(pilot)
            await pilot.pause(0.3)
            app.save_screenshot(filename=f"{name}.svg", path=str(out))
    finally:
        store.close()


async def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as folder:
        os.environ["NETCRM_CONFIG_DIR"] = folder  # the default theme, whatever the user chose
        Input.cursor_blink._default = False  # a steady cursor, as in the snapshot tests
        TextArea.cursor_blink._default = False
        source = Path(folder) / "demo.db"
        store = open_store(str(source))
        fill_demo(store, Clock(TODAY))
        store.close()
        for name, size, steps in SHOTS:
            copy = Path(folder) / f"{name}.db"
            copy.write_bytes(source.read_bytes())
            await shoot(copy, out, name, size, steps)
            print(out / f"{name}.svg")


if __name__ == "__main__":
    asyncio.run(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/images")))
