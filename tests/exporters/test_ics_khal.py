"""The ics export imported into a real calendar client: khal, in a calendar of its own.

khal reads events only (as Google Calendar and Outlook do), so this proves the export is
something such clients show, and that importing a newer export updates the events it brought
instead of adding copies.
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from netcrm.exporters import render_export
from netcrm.services.contacts import add_contact
from netcrm.services.due.follow_ups import snooze
from netcrm.services.records import ContactInput

from .conftest import BUDI, TARO, ZOE, Network

pytest.importorskip("khal", reason="khal is not installed (it comes with the test extra)")

pytestmark = pytest.mark.slow
CALENDAR = "netcrm"


class Khal:
    """khal run as a subprocess, its configuration, cache and calendar inside ``root``."""

    def __init__(self, root: Path) -> None:
        self.calendar = root / "calendars" / CALENDAR
        self.calendar.mkdir(parents=True)
        config = root / "config" / "khal" / "config"
        config.parent.mkdir(parents=True)
        config.write_text(
            "[calendars]\n"
            f"[[{CALENDAR}]]\n"
            f"path = {self.calendar}\n"
            "type = calendar\n"
            "[locale]\n"
            "timeformat = %H:%M\n"
            "dateformat = %Y-%m-%d\n"
            "longdateformat = %Y-%m-%d\n"
            "datetimeformat = %Y-%m-%d %H:%M\n"
            "longdatetimeformat = %Y-%m-%d %H:%M\n"
            "default_timezone = UTC\n"
            "local_timezone = UTC\n"
        )
        self.env = {
            **os.environ,
            "XDG_CONFIG_HOME": str(root / "config"),
            "XDG_DATA_HOME": str(root / "data"),
            "TZ": "UTC",
        }

    def run(self, *args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", "khal", *args],
            env=self.env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def files(self) -> list[str]:
        """The calendar's event files. khal 0.14.1 leaves a temporary file (``<uid>.icsXXXX``)
        beside each event it updates; it reads only ``.ics`` files, so those are not events."""
        return sorted(p.name for p in self.calendar.glob("*.ics"))

    def import_file(self, path: Path) -> None:
        self.run("import", "--batch", "-a", CALENDAR, str(path))

    def events(self, first: date, last: date) -> list[tuple[date, str, str]]:
        """(day, title, UID) of every event khal lists from ``first`` to ``last``."""
        out = self.run(
            "list",
            "--day-format",
            "",
            "--format",
            "{start-date}\t{title}\t{uid}",
            first.isoformat(),
            last.isoformat(),
        )
        rows = []
        for line in out.splitlines():
            if line.strip():
                day, title, uid = line.split("\t")
                rows.append((date.fromisoformat(day), title, uid))
        return rows


def _export(network: Network, path: Path) -> Path:
    path.write_text(render_export("ics", network.store, network.clock), encoding="utf-8")
    return path


def test_khal_shows_follow_ups_keep_in_touch_dates_and_birthdays(
    network: Network, tmp_path: Path
) -> None:
    leap = add_contact(
        network.store, ContactInput(name="Leap Day", birthday="1992-02-29"), network.clock
    ).id
    khal = Khal(tmp_path / "khal")
    khal.import_file(_export(network, tmp_path / "first.ics"))

    events = khal.events(date(2026, 11, 1), date(2027, 5, 31))
    f, taro = network.follow_ups, network.ids[TARO]
    assert (date(2026, 11, 28), f"Follow up with {ZOE}", f"followup-{f['default']}@netcrm") in (
        events
    )
    assert (
        date(2026, 12, 8),
        f"Follow up with {TARO}: Keep in touch (every 2 weeks)",
        f"touch-{taro}@netcrm",
    ) in events
    assert (date(2027, 5, 17), f"Birthday: {TARO}", f"birthday-{taro}@netcrm") in events
    # 29 February falls on the 28th in a common year, on the 29th in a leap year
    leap_days = [
        day
        for day, _, uid in khal.events(date(2027, 1, 1), date(2028, 12, 31))
        if uid == f"birthday-{leap}@netcrm"
    ]
    assert leap_days == [date(2027, 2, 28), date(2028, 2, 29)]


def test_importing_a_newer_export_updates_the_events_instead_of_doubling_them(
    network: Network, tmp_path: Path
) -> None:
    khal = Khal(tmp_path / "khal")
    khal.import_file(_export(network, tmp_path / "first.ics"))
    files = khal.files()
    assert len(files) == 6
    window = (date(2026, 11, 1), date(2027, 1, 31))
    before = khal.events(*window)

    monthly = network.follow_ups["monthly"]
    snooze(network.store, monthly, "2027-01-05", network.clock)
    khal.import_file(_export(network, tmp_path / "second.ics"))

    after = khal.events(*window)
    uid = f"followup-{monthly}@netcrm"
    assert (date(2026, 12, 15), f"Follow up with {BUDI}: say hello", uid) in before
    moved = [(day, title) for day, title, u in after if u == uid]
    assert moved == [(date(2027, 1, 5), f"Follow up with {BUDI}: say hello")]
    assert [row for row in before if row[2] != uid] == [row for row in after if row[2] != uid]
    assert len(after) == len(before)
    assert khal.files() == files  # one file per UID still
