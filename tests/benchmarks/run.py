"""netcrm's benchmarks, next to a hand-written sqlite3 baseline on the same file, in the same run.

    python tests/benchmarks/run.py [--sizes 1k,10k,100k] [--cache DIR] [--runs N] [--seed S]
                                   [--only OP,...] [--no-peers] [--markdown]

For each size, a seeded network (``generate.py``) is generated once and cached under ``--cache``
(default /tmp/netcrm-bench; 100k contacts take a minute or two), keyed by size, seed and today.
Every operation is timed ``--runs`` times after a warm-up and the median is printed, in one table:
operation | size | netcrm | baseline | ratio | target | ok. Targets apply to 10k contacts (and
to growth from 1k to 100k); other sizes show the figures only.

Writes (log, import) run on copies, so the cached stores stay as generated. Whole-process
timings run the installed ``netcrm`` with Python's bytecode cache on (under the cache dir), as an
installed netcrm runs. Peers (khard, taskwarrior) are measured when installed; otherwise the
script says how to install them and skips them.

This script is not a test: pytest does not collect it, and nothing here decides the suite's
pass/fail.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000}
TARGET_SIZE = 10_000
FOLLOWERS = 100_000
WEEK = 7
OPERATIONS = (
    "review",
    "due",
    "search",
    "open",
    "log",
    "duplicates",
    "import",
    "tui",
    "cli",
    "peers",
)


# --- results -----------------------------------------------------------------------------------


@dataclass
class Result:
    operation: str
    size: str
    netcrm: float | None  # seconds, or MB for memory
    baseline: float | None = None
    target: str = "-"
    ok: bool | None = None
    unit: str = "s"
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.netcrm is None or not self.baseline:
            return None
        return self.netcrm / self.baseline


def show(value: float | None, unit: str) -> str:
    if value is None:
        return "-"
    if unit == "MB":
        return f"{value:.0f} MB"
    if unit == "x":
        return f"{value:.2f}x"
    if value >= 1:
        return f"{value:.2f} s"
    if value >= 0.1:
        return f"{value * 1000:.0f} ms"
    return f"{value * 1000:.2f} ms"


def table(results: list[Result], markdown: bool) -> str:
    header = ("operation", "size", "netcrm", "baseline", "ratio", "target", "ok")
    rows = [
        (
            r.operation,
            r.size,
            show(r.netcrm, r.unit),
            show(r.baseline, r.unit) if r.unit != "x" else "-",
            f"{r.ratio:.2f}x" if r.ratio is not None else "-",
            r.target,
            "-" if r.ok is None else ("yes" if r.ok else "NO"),
        )
        for r in results
    ]
    widths = [max(len(str(row[i])) for row in [header, *rows]) for i in range(len(header))]
    right = {2, 3, 4}

    def line(cells: Iterable[str]) -> str:
        parts = [
            str(c).rjust(w) if i in right else str(c).ljust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ]
        return ("| " + " | ".join(parts) + " |") if markdown else "  ".join(parts)

    out = [line(header)]
    if markdown:
        out.append(
            "|"
            + "|".join(
                ("-" * (w + 1) + ":") if i in right else ("-" * (w + 2))
                for i, w in enumerate(widths)
            )
            + "|"
        )
    else:
        out.append("  ".join("-" * w for w in widths))
    out.extend(line(row) for row in rows)
    notes = [f"- {r.operation} ({r.size}): {r.note}" for r in results if r.note]
    return "\n".join(out + (["", *notes] if notes else []))


# "wall" (the default) times what a user waits for. "cpu" counts only the CPU time of this
# process and its children: steadier on a shared machine, blind to waiting on the disk.
CLOCK = "wall"


def now_cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def stopwatch() -> float:
    return time.perf_counter() if CLOCK == "wall" else now_cpu()


def median_time(fn: Callable[[], Any], runs: int, warmup: int = 1) -> float:
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        started = stopwatch()
        fn()
        times.append(stopwatch() - started)
    return statistics.median(times)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# --- stores ------------------------------------------------------------------------------------


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.cache: Path = args.cache
        self.cache.mkdir(parents=True, exist_ok=True)
        self.work = self.cache / "work"
        self.work.mkdir(exist_ok=True)
        self.runs: int = args.runs
        self.seed: int = args.seed
        self.today: date = args.today
        self.only: set[str] = set(args.only)
        self.peers: bool = args.peers
        self.results: list[Result] = []
        self.env = dict(os.environ)
        # Like an installed netcrm: bytecode cached (outside the source tree), no user config.
        self.env.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env["PYTHONPYCACHEPREFIX"] = str(self.cache / "pycache")
        self.env["NETCRM_CONFIG_DIR"] = str(self.cache / "config")
        self.env.pop("NETCRM_DB", None)
        self.netcrm = shutil.which("netcrm", path=str(Path(sys.executable).parent)) or "netcrm"

    def wanted(self, operation: str) -> bool:
        return not self.only or operation in self.only

    def add(self, result: Result) -> None:
        self.results.append(result)
        say(
            f"  {result.operation:<36} {result.size:>5}  {show(result.netcrm, result.unit):>10}"
            f"  {show(result.baseline, result.unit) if result.unit != 'x' else '':>10}"
        )

    def pristine(self, contacts: int) -> Path:
        from generate import generate

        path = self.cache / f"network-{contacts}-seed{self.seed}-{self.today.isoformat()}.db"
        if not path.exists():
            say(f"generating {contacts} contacts into {path} ...")
            partial = path.with_suffix(".partial.db")
            stats = generate(partial, contacts, seed=self.seed, today=self.today, force=True)
            partial.rename(path)
            say(f"  {stats.line()}")
        return path

    def copy(self, source: Path, name: str) -> Path:
        target = self.work / name
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(source, target)
        return target

    def process_time(self, command: list[str], runs: int, warmup: int = 2, **kwargs) -> float:
        """Median wall time of a whole process, output discarded (as hyperfine does)."""

        def once() -> None:
            subprocess.run(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=kwargs.get("env", self.env),
                check=kwargs.get("check", True),
            )

        return median_time(once, runs, warmup)


# --- the hand-written sqlite3 baseline -----------------------------------------------------------


def _dt(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text).replace(tzinfo=UTC) if text else None


class Baseline:
    """The minimal equivalent of each operation, written by hand against sqlite3.

    Same file, same connection settings as netcrm's engine (read from it), a connection kept
    open across calls as netcrm's pool does.
    """

    def __init__(self, path: Path, pragmas: dict[str, Any]) -> None:
        self.db = sqlite3.connect(path, isolation_level=None)
        for name, value in pragmas.items():
            self.db.execute(f"PRAGMA {name} = {value}")

    def duplicates(self) -> set[tuple[int, int]]:
        """Pairs of live people sharing a folded name, an e-mail or a handle's username:
        the exact-key part of the work, as SQL joins (no phones, spellings or scores)."""
        live = "a.trashed_at IS NULL AND b.trashed_at IS NULL"
        pairs: set[tuple[int, int]] = set()
        for sql in (
            f"SELECT a.id, b.id FROM contact a JOIN contact b ON a.name_key = b.name_key "
            f"AND a.id < b.id WHERE {live}",
            "SELECT x.contact_id, y.contact_id FROM email x JOIN email y "
            "ON x.address_key = y.address_key AND x.contact_id < y.contact_id",
            "SELECT x.contact_id, y.contact_id FROM handle x JOIN handle y "
            "ON x.username_key = y.username_key AND x.contact_id < y.contact_id "
            "WHERE x.platform != 'website'",
        ):
            pairs.update(self.db.execute(sql).fetchall())
        return pairs

    def due(self, today: date, days: int = WEEK) -> list[tuple]:
        until = today + timedelta(days=days - 1)
        items: list[tuple] = []
        for fid, due, title, cid, name in self.db.execute(
            "SELECT f.id, f.due, f.title, c.id, c.name FROM follow_up f "
            "JOIN contact c ON c.id = f.contact_id "
            "WHERE f.status = 'open' AND f.due <= ? AND c.trashed_at IS NULL",
            (until.isoformat(),),
        ):
            day = date.fromisoformat(due)
            items.append((day, 0, name, fid, cid, max(0, (today - day).days), title))
        for cid, name, due, cadence in self.db.execute(
            "SELECT id, name, next_touch_due, cadence FROM contact "
            "WHERE trashed_at IS NULL AND next_touch_due <= ?",
            (until.isoformat(),),
        ):
            day = date.fromisoformat(due)
            items.append((day, 1, name, 0, cid, max(0, (today - day).days), cadence))
        start, end = today.strftime("%m-%d"), until.strftime("%m-%d")
        ranges = [(start, end)] if start <= end else [(start, "12-31"), ("01-01", end)]
        for low, high in ranges:
            for cid, name, birthday in self.db.execute(
                "SELECT id, name, birthday FROM contact "
                "WHERE trashed_at IS NULL AND birthday_md BETWEEN ? AND ?",
                (low, high),
            ):
                born = date.fromisoformat(birthday)
                when = born.replace(
                    year=today.year if born.strftime("%m-%d") >= start else until.year
                )
                items.append((when, 2, name, 0, cid, 0, "Birthday"))
        items.sort()
        return items

    def review(self, today: date, now: datetime) -> tuple[list[tuple], list[tuple]]:
        """The due list, then three people of each kind not already in it (16 rows suffice
        on these networks; a general version would read further when they do not)."""
        due = self.due(today)
        busy = {item[4] for item in due}
        cutoff = (now - timedelta(days=45)).astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
        live = "FROM contact WHERE trashed_at IS NULL AND "
        fading = (
            "SELECT id, name " + live + "stage != 'follower' AND last_talked_at < ? "
            "AND conversation_count >= 2 ORDER BY warmth_mass DESC, id DESC LIMIT 16"
        )
        unaware = (
            "SELECT id, name, last_talked_at " + live + "stage = ? AND disclosure_count = 0 "
            "ORDER BY last_talked_at DESC, id DESC LIMIT 16"
        )
        never = (
            "SELECT id, name " + live + "stage = 'follower' "
            "ORDER BY last_talked_at DESC, id DESC LIMIT 16"
        )
        execute = self.db.execute
        suggestions: list[tuple] = []
        for rows in (
            execute(fading, (cutoff,)).fetchall(),
            sorted(
                execute(unaware, ("talked",)).fetchall() + execute(unaware, ("known",)).fetchall(),
                key=lambda r: r[2],
                reverse=True,
            ),
            execute(never).fetchall(),
        ):
            picked = [row for row in rows if row[0] not in busy][:3]
            busy.update(row[0] for row in picked)
            suggestions.extend(picked)
        return due, suggestions

    def search(self, key: str, limit: int = 50) -> list[tuple]:
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        return self.db.execute(
            "SELECT id, name, company, stage, warmth_mass, last_talked_at, next_touch_due "
            "FROM contact WHERE trashed_at IS NULL AND search_text LIKE ? ESCAPE '\\' LIMIT ?",
            (pattern, limit),
        ).fetchall()

    def search_details(self, key: str, limit: int = 50) -> list[tuple]:
        """``search``, then the people whose conversations, strengths, exchanges or follow-ups
        hold ``key`` (a LIKE scan of each), as many as the limit leaves room for."""
        rows = self.search(key, limit)
        pattern = "%" + key.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        live = "JOIN contact k ON k.id = {0}.contact_id WHERE k.trashed_at IS NULL AND "
        for sql in (
            "SELECT p.contact_id FROM conversation c "
            "JOIN participant p ON p.conversation_id = c.id "
            + live.format("p")
            + "(c.summary LIKE ?1 ESCAPE '\\' OR c.place LIKE ?1 ESCAPE '\\') LIMIT ?2",
            "SELECT s.contact_id FROM strength s "
            + live.format("s")
            + "s.name_key LIKE ?1 ESCAPE '\\' LIMIT ?2",
            "SELECT e.contact_id FROM exchange e "
            + live.format("e")
            + "e.description LIKE ?1 ESCAPE '\\' LIMIT ?2",
            "SELECT f.contact_id FROM follow_up f "
            + live.format("f")
            + "f.title LIKE ?1 ESCAPE '\\' LIMIT ?2",
        ):
            if len(rows) >= limit:
                break
            rows += self.db.execute(sql, (pattern, limit - len(rows))).fetchall()
        return rows

    def open_contact(self, cid: int) -> dict[str, list]:
        one = self.db.execute
        conversations = one(
            "SELECT c.id, c.at, c.has_time, c.channel, c.summary, c.place, c.initiated "
            "FROM conversation c JOIN participant p ON p.conversation_id = c.id "
            "WHERE p.contact_id = ? ORDER BY c.at DESC, c.id DESC",
            (cid,),
        ).fetchall()
        ids = [c[0] for c in conversations]
        marks = ",".join("?" * len(ids))
        return {
            "contact": one("SELECT * FROM contact WHERE id = ?", (cid,)).fetchall(),
            "conversations": [(c[0], _dt(c[1]), *c[2:]) for c in conversations],
            "participants": one(
                "SELECT p.conversation_id, c.name FROM participant p "
                f"JOIN contact c ON c.id = p.contact_id WHERE p.conversation_id IN ({marks})",
                ids,
            ).fetchall(),
            "strengths": one(
                "SELECT name, noted_at, conversation_id FROM strength WHERE contact_id = ? "
                "ORDER BY noted_at",
                (cid,),
            ).fetchall(),
            "knows_mine": one(
                "SELECT m.name, d.at FROM disclosure d JOIN my_strength m "
                "ON m.id = d.my_strength_id WHERE d.contact_id = ? ORDER BY d.at",
                (cid,),
            ).fetchall(),
            "exchanges": one(
                "SELECT * FROM exchange WHERE contact_id = ? ORDER BY at DESC", (cid,)
            ).fetchall(),
            "follow_ups": one(
                "SELECT * FROM follow_up WHERE contact_id = ? ORDER BY status DESC, due", (cid,)
            ).fetchall(),
            "handles": one(
                "SELECT * FROM handle WHERE contact_id = ? ORDER BY platform", (cid,)
            ).fetchall(),
            "emails": one(
                "SELECT address FROM email WHERE contact_id = ? ORDER BY id", (cid,)
            ).fetchall(),
            "tags": one(
                "SELECT t.name FROM contact_tag ct JOIN tag t ON t.id = ct.tag_id "
                "WHERE ct.contact_id = ? ORDER BY t.name",
                (cid,),
            ).fetchall(),
        }

    def log(self, cid: int, now: datetime) -> None:
        """Insert the conversation, then update the contact's aggregates incrementally."""
        from netcrm.domain.intervals import parse_interval
        from netcrm.domain.score import conversation_mass

        at = now.astimezone(UTC)
        stamp = at.strftime("%Y-%m-%d %H:%M:%S.%f")
        db = self.db
        db.execute("BEGIN IMMEDIATE")
        cursor = db.execute(
            "INSERT INTO conversation (at, has_time, channel, summary, initiated, created_at) "
            "VALUES (?, 0, 'call', 'Benchmark call', 'me', ?)",
            (stamp, stamp),
        )
        db.execute(
            "INSERT INTO participant (conversation_id, contact_id) VALUES (?, ?)",
            (cursor.lastrowid, cid),
        )
        cadence, last = db.execute(
            "SELECT cadence, last_talked_at FROM contact WHERE id = ?", (cid,)
        ).fetchone()
        last_at = max(at, _dt(last)) if last else at
        next_due = parse_interval(cadence).after(last_at.date()).isoformat() if cadence else None
        db.execute(
            "UPDATE contact SET conversation_count = conversation_count + 1, "
            "initiated_me = initiated_me + 1, warmth_mass = warmth_mass + ?, "
            "last_talked_at = ?, next_touch_due = ?, updated_at = ? WHERE id = ?",
            (
                conversation_mass(at, "call"),
                last_at.strftime("%Y-%m-%d %H:%M:%S.%f"),
                next_due,
                stamp,
                cid,
            ),
        )
        db.execute(
            "UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR) "
            "WHERE key = 'revision'"
        )
        db.execute("COMMIT")


BASELINE_DUE_SCRIPT = """
import sqlite3, sys
from datetime import date, timedelta
db = sqlite3.connect(sys.argv[1])
today = date.fromisoformat(sys.argv[2])
until = (today + timedelta(days=6)).isoformat()
items = []
for fid, due, title, name in db.execute(
    "SELECT f.id, f.due, f.title, c.name FROM follow_up f JOIN contact c ON c.id = f.contact_id "
    "WHERE f.status = 'open' AND f.due <= ? AND c.trashed_at IS NULL", (until,)):
    items.append((due, name, fid, title))
for cid, name, due, cadence in db.execute(
    "SELECT id, name, next_touch_due, cadence FROM contact "
    "WHERE trashed_at IS NULL AND next_touch_due <= ?", (until,)):
    items.append((due, name, 0, 'keep in touch (' + cadence + ')'))
days = [(today + timedelta(days=n)).strftime("%m-%d") for n in range(7)]
for cid, name, born in db.execute(
    "SELECT id, name, birthday FROM contact WHERE trashed_at IS NULL AND birthday_md IN "
    "(?, ?, ?, ?, ?, ?, ?)", days):
    md = born[5:]
    year = today.year if md >= days[0] else today.year + 1
    items.append((f"{year}-{md}", name, 0, "birthday"))
items.sort()
out = sys.stdout
for due, name, fid, title in items:
    out.write(f"{fid or '':>6}  {due}  {name:<30}  {title}\\n")
"""

BASELINE_IMPORT_SCRIPT = """
import json, sqlite3, sys, unicodedata
from datetime import datetime, timezone
path, file = sys.argv[1], sys.argv[2]
entries = json.load(open(file, encoding="utf-8"))
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA foreign_keys = ON")
known = {k for (k,) in db.execute("SELECT username_key FROM handle WHERE platform = 'instagram'")}
now = datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f")
db.execute("BEGIN IMMEDIATE")
next_id = db.execute("SELECT coalesce(max(id), 0) + 1 FROM contact").fetchone()[0]
contacts, handles = [], []
for entry in entries:
    data = entry["string_list_data"][0]
    user = data["value"]
    key = user.lower()
    if key in known:
        continue
    known.add(key)
    contacts.append((next_id, user, key, "[]", "instagram", now, now, key + "\\x1f", 0, 0, 0, 0.0,
                     0, 0, 0, "follower"))
    handles.append((next_id, "instagram", user, key, data["href"], "follows-me"))
    next_id += 1
db.executemany(
    "INSERT INTO contact (id, name, name_key, phones, source, created_at, updated_at, search_text,"
    " conversation_count, initiated_me, initiated_them, warmth_mass, strength_count,"
    " disclosure_count, exchange_count, stage) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
    contacts)
db.executemany(
    "INSERT INTO handle (contact_id, platform, username, username_key, url, direction)"
    " VALUES (?,?,?,?,?,?)", handles)
db.execute("UPDATE meta SET value = CAST(CAST(value AS INTEGER) + 1 AS VARCHAR)"
           " WHERE key = 'revision'")
db.execute("COMMIT")
"""


# --- in-process operations ---------------------------------------------------------------------


def engine_pragmas(store) -> dict[str, Any]:
    """The settings netcrm's connections run with, so the baseline gets the same."""
    names = ("busy_timeout", "foreign_keys", "journal_mode", "synchronous", "cache_size")
    names += ("mmap_size", "temp_store")
    raw = store.engine.raw_connection()
    try:
        cursor = raw.cursor()
        values = {name: cursor.execute(f"PRAGMA {name}").fetchone()[0] for name in names}
        cursor.close()
    finally:
        raw.close()
    return values


def tui_search_limits() -> list[tuple[str, int, dict[str, Any]]]:
    """How the TUI calls search: the contacts screen's filter (with the details, in a tree
    that has them) and the name picker."""
    import inspect

    from netcrm.services import search

    try:
        from netcrm.tui.screens.contacts import SEARCH_LIMIT
        from netcrm.tui.widgets.token_field import MAX_SUGGESTIONS
    except ImportError:
        SEARCH_LIMIT, MAX_SUGGESTIONS = 500, 8
    details = "details" in inspect.signature(search.search).parameters
    return [
        ("contacts screen", SEARCH_LIMIT, {"details": True} if details else {}),
        ("name picker", MAX_SUGGESTIONS, {}),
    ]


def keystrokes(text: str, start: int = 1) -> list[str]:
    return [text[:n] for n in range(start, len(text) + 1) if text[:n].strip()]


def misspell(name: str) -> str:
    """Two letters swapped in the last word and one dropped: "budi santsoo"."""
    words = name.lower().split()
    last = words[-1]
    if len(last) >= 5:
        last = last[:2] + last[3] + last[2] + last[4:-1] + last[-1] * 2
    return " ".join([*words[:-1], last])


def bench_in_process(bench: Bench, label: str, contacts: int, pristine: Path) -> None:
    from netcrm.services import contact_detail as contact_service
    from netcrm.services import conversations, search
    from netcrm.services.clock import Clock
    from netcrm.services.due.items import due_between
    from netcrm.services.due.review import weekly_review
    from netcrm.services.records import ConversationInput
    from netcrm.store.engine import open_store

    path = bench.copy(pristine, f"inprocess-{contacts}.db")
    store = open_store(str(path))
    clock = Clock(bench.today)
    today, now = clock.today(), clock.now()
    base = Baseline(path, engine_pragmas(store))
    runs = bench.runs
    at_target = contacts == TARGET_SIZE

    def target(text: str, limit: float, value: float, ratio_limit: float | None = None, base=None):
        if not at_target:
            return {"target": "-", "ok": None}
        ok = value <= limit and (ratio_limit is None or base is None or value <= ratio_limit * base)
        return {"target": text, "ok": ok}

    if bench.wanted("review"):
        review = weekly_review(store, clock)
        mine = median_time(lambda: weekly_review(store, clock), runs)
        theirs = median_time(lambda: base.review(today, now), runs)
        bench.add(
            Result(
                "weekly review",
                label,
                mine,
                theirs,
                note=f"{len(review.due)} due items, {len(review.suggestions)} suggestions"
                if at_target
                else "",
                **target("<= 20 ms, <= 3x", 0.020, mine, 3, theirs),
            )
        )
    if bench.wanted("due"):
        mine = median_time(lambda: due_between(store, today, WEEK), runs)
        theirs = median_time(lambda: base.due(today), runs)
        bench.add(Result("due --week (service)", label, mine, theirs))
    if bench.wanted("search"):
        # The same person at every size (the first contacts are the same for a seed), typed
        # into the contacts screen's filter and into the log dialog's name picker.
        with sqlite3.connect(path) as db:
            name = db.execute(
                "SELECT name FROM contact WHERE trashed_at IS NULL AND name LIKE '% %' "
                "AND id >= 500 ORDER BY id LIMIT 1"
            ).fetchone()[0]
        from netcrm.domain.text import fold

        for place, limit, options in tui_search_limits():
            search.search(store, name, clock, limit, **options)  # warm: the first keystroke
            for kind, typed in (
                ("prefix", keystrokes(name)),
                ("fuzzy", keystrokes(misspell(name), 3)),
            ):
                mine = statistics.median(
                    median_time(
                        lambda q=q, n=limit, o=options: search.search(store, q, clock, n, **o),
                        runs,
                    )
                    for q in typed
                )
                theirs = statistics.median(
                    median_time(lambda q=q, n=limit: base.search(fold(q), n), runs) for q in typed
                )
                note = ""
                if at_target:
                    note = (
                        f'typing "{typed[-1]}" into the {place} (limit {limit}), median over '
                        f"{len(typed)} keystrokes"
                    )
                    if kind == "fuzzy":
                        note += "; the baseline is a LIKE scan (sqlite3 has no fuzzy match)"
                bench.add(
                    Result(
                        f"search per keystroke ({kind}, {place})",
                        label,
                        mine,
                        theirs,
                        note=note,
                        **target("<= 16 ms", 0.016, mine),
                    )
                )
    if bench.wanted("search") and tui_search_limits()[0][2]:
        bench_search_details(bench, label, store, clock, base, name, at_target)
    if bench.wanted("open"):
        with sqlite3.connect(path) as db:
            ids = [
                cid
                for (cid,) in db.execute(
                    "SELECT id FROM contact WHERE trashed_at IS NULL ORDER BY conversation_count "
                    "DESC, id LIMIT 5"
                )
            ]
        mine = statistics.median(
            median_time(lambda c=c: contact_service.get_contact(store, c, clock), runs) for c in ids
        )
        theirs = statistics.median(median_time(lambda c=c: base.open_contact(c), runs) for c in ids)
        bench.add(
            Result(
                "open a contact",
                label,
                mine,
                theirs,
                note="the five contacts with the most conversations" if at_target else "",
                **target("<= 10 ms", 0.010, mine),
            )
        )
    if bench.wanted("log"):
        with sqlite3.connect(path) as db:
            ids = [
                cid
                for (cid,) in db.execute(
                    "SELECT id FROM contact WHERE trashed_at IS NULL AND cadence IS NOT NULL "
                    "ORDER BY id LIMIT ?",
                    (2 * (runs + 1),),
                )
            ]
        mine_ids, their_ids = iter(ids[: runs + 1]), iter(ids[runs + 1 :])

        def log_one() -> None:
            data = ConversationInput(
                names=[f"#{next(mine_ids)}"], via="call", note="Benchmark call", initiated="me"
            )
            conversations.log_conversation(store, data, clock)

        mine = median_time(log_one, runs)
        theirs = median_time(lambda: base.log(next(their_ids), now), runs)
        bench.add(
            Result(
                "log a conversation",
                label,
                mine,
                theirs,
                note="write + aggregates + cadence reset, one transaction" if at_target else "",
                **target("<= 10 ms", 0.010, mine),
            )
        )
    if bench.wanted("duplicates"):
        from netcrm.services.duplicates import duplicate_groups

        few = max(1, runs // 3)  # seconds per run at 100k
        found = duplicate_groups(store)
        mine = median_time(lambda: duplicate_groups(store), few, warmup=0)
        theirs = median_time(base.duplicates, few, warmup=0)
        at_largest = contacts == SIZES["100k"]
        bench.add(
            Result(
                "duplicates (service)",
                label,
                mine,
                theirs,
                note=f"{len(found):,} groups; the baseline joins on exact keys only"
                if at_largest or at_target
                else "",
                target="<= 2 s" if at_largest else "-",
                ok=mine <= 2 if at_largest else None,
            )
        )
    base.db.close()
    store.close()


# --- whole processes -----------------------------------------------------------------------------


def followers_file(bench: Bench, contacts: int, pristine: Path) -> Path:
    """100k Instagram followers (a 'followers_1.json'), 1% of them already in the store."""
    path = bench.cache / f"instagram-{contacts}" / "followers_1.json"
    if path.exists():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(pristine) as db:
        known = [
            u
            for (u,) in db.execute(
                "SELECT username FROM handle WHERE platform = 'instagram' ORDER BY id LIMIT ?",
                (FOLLOWERS // 100,),
            )
        ]
    names = known + [f"follower.{i:06d}" for i in range(FOLLOWERS - len(known))]
    stamp = int(datetime(2024, 1, 1, tzinfo=UTC).timestamp())
    entries = [
        {
            "title": "",
            "media_list_data": [],
            "string_list_data": [
                {
                    "href": f"https://www.instagram.com/{name}",
                    "value": name,
                    "timestamp": stamp + i * 60,
                }
            ],
        }
        for i, name in enumerate(names)
    ]
    path.write_text(json.dumps(entries), encoding="utf-8")
    return path


def bench_import(bench: Bench, label: str, contacts: int, pristine: Path) -> None:
    try:
        import netcrm.services.importing  # noqa: F401
    except ImportError:
        bench.add(Result("import 100k followers", label, None, note="not available yet"))
        return
    file = followers_file(bench, contacts, pristine)
    runs = max(1, min(bench.runs, 3))
    store = bench.work / f"import-{contacts}.db"

    def run(command: list[str]) -> float:
        times = []
        for _ in range(runs):
            bench.copy(pristine, store.name)
            started = stopwatch()
            done = subprocess.run(
                command, env=bench.env, capture_output=True, text=True, check=False
            )
            times.append(stopwatch() - started)
            if done.returncode != 0:
                raise RuntimeError(f"{' '.join(command)} failed: {done.stderr.strip()[-500:]}")
        return statistics.median(times)

    mine = run([bench.netcrm, "--db", str(store), "import", "instagram", str(file)])
    theirs = run([sys.executable, "-c", BASELINE_IMPORT_SCRIPT, str(store), str(file)])
    at_target = contacts == TARGET_SIZE
    bench.add(
        Result(
            "import 100k followers (process)",
            label,
            mine,
            theirs,
            target="<= 5 s" if at_target else "-",
            ok=mine <= 5 if at_target else None,
            note=f"`netcrm import instagram` of 100k entries, 1% already known, median of {runs}"
            if at_target
            else "",
        )
    )


TUI_PROBE = """
import asyncio, json, resource, sys, time
from datetime import date

def peak_rss_mb():
    # This process's own high-water mark: on Linux ru_maxrss also counts the memory of the
    # process that started it (the benchmark, holding 100k-contact stores) at fork time.
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

async def main(db, today):
    from netcrm.services.clock import Clock
    from netcrm.store.engine import open_store
    from netcrm.tui.app import NetcrmApp

    app = NetcrmApp(open_store(db), Clock(date.fromisoformat(today)))
    async with app.run_test(size=(120, 40)) as pilot:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            screen = app.screen
            loading = any(getattr(w, "loading", False) for w in screen.query("*"))
            if getattr(screen, "review", None) is not None and not loading:
                break
            await pilot.pause(0.005)
        else:
            raise SystemExit("the review never painted")
        await pilot.pause()  # one more refresh: the data is on screen
        usage = resource.getrusage(resource.RUSAGE_SELF)
        cpu = usage.ru_utime + usage.ru_stime
        print(json.dumps({"items": len(screen.review.due), "cpu": cpu}), flush=True)
        print(json.dumps({"rss_mb": peak_rss_mb()}), flush=True)
        await pilot.press("ctrl+q")

asyncio.run(main(sys.argv[1], sys.argv[2]))
"""


def bench_tui(bench: Bench, label: str, contacts: int, pristine: Path) -> None:
    try:
        from netcrm.tui.app import NetcrmApp  # noqa: F401
    except ImportError:
        bench.add(Result("TUI first interactive frame", label, None, note="not available yet"))
        return
    path = bench.copy(pristine, f"tui-{contacts}.db")
    firsts, rss = [], []
    for index in range(bench.runs + 1):
        started = time.perf_counter()
        probe = subprocess.Popen(
            [sys.executable, "-c", TUI_PROBE, str(path), bench.today.isoformat()],
            env=bench.env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        assert probe.stdout is not None
        first = probe.stdout.readline()
        painted = time.perf_counter() - started
        rest = probe.stdout.read()  # not communicate(): readline() may have buffered it
        errors = probe.stderr.read() if probe.stderr else ""
        probe.wait(timeout=120)
        if not first or probe.returncode != 0:
            raise RuntimeError(f"the TUI probe failed: {errors.strip()[-800:]}")
        if index:  # the first run compiles and caches bytecode
            firsts.append(painted if CLOCK == "wall" else json.loads(first)["cpu"])
            rss.append(json.loads(rest.splitlines()[0])["rss_mb"])
    at_target = contacts == TARGET_SIZE
    mine = statistics.median(firsts)
    bench.add(
        Result(
            "TUI first interactive frame",
            label,
            mine,
            target="<= 1 s" if at_target else "-",
            ok=mine <= 1 if at_target else None,
            note="process start to the review painted with its data (headless run_test)"
            if at_target
            else "",
        )
    )
    bench.add(Result("TUI peak RSS", label, max(rss), unit="MB"))


def bench_cli(bench: Bench, label: str, contacts: int, pristine: Path) -> None:
    today = bench.today.isoformat()
    runs = max(bench.runs, 10)
    at_target = contacts == TARGET_SIZE

    def command(*args: str) -> list[str]:
        return [bench.netcrm, "--db", str(pristine), "--today", today, *args]

    def timed(operation: str, mine: float, theirs: float | None, limit: float, note: str) -> None:
        bench.add(
            Result(
                operation,
                label,
                mine,
                theirs,
                target=f"<= {limit} s" if at_target else "-",
                ok=mine <= limit if at_target else None,
                note=note if at_target else "",
            )
        )

    mine = bench.process_time(command("due", "--week"), runs)
    theirs = bench.process_time(
        [sys.executable, "-c", BASELINE_DUE_SCRIPT, str(pristine), today], runs
    )
    timed(
        "netcrm due --week (process)",
        mine,
        theirs,
        0.6,
        "baseline: python + sqlite3 printing the same items",
    )
    timed(
        "netcrm review (process)",
        bench.process_time(command("review"), runs),
        None,
        0.3,
        "the week's due items and the suggestions, printed",
    )
    for query, what in (
        ("santoso", "a name"),
        (COMMON_WORD, "a word said in conversations"),
        (RARE_WORD, "a word said nowhere"),
    ):
        bench.add(
            Result(
                f"netcrm search (process), {what}",
                label,
                bench.process_time(command("search", query), runs),
                note=f'"{query}", 20 rows at most, printed' if at_target else "",
            )
        )


# --- peers ---------------------------------------------------------------------------------------


KHARD_INSTALL = (
    "python3 -m venv /tmp/netcrm-bench/khard-venv && "
    "/tmp/netcrm-bench/khard-venv/bin/pip install khard"
)
TASK_INSTALL = "sudo apt-get install taskwarrior"


def find_khard(bench: Bench) -> str | None:
    candidates = [bench.cache / "khard-venv" / "bin" / "khard"]
    found = shutil.which("khard")
    return found or next((str(c) for c in candidates if c.exists()), None)


def _vcard_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\n", "\\n").replace(",", "\\,").replace(";", "\\;")


def vdir(bench: Bench, contacts: int, pristine: Path) -> Path:
    """One .vcf per live contact, as khard (and vdirsyncer) keep them."""
    folder = bench.cache / f"vdir-{contacts}"
    if folder.exists():
        return folder
    partial = folder.with_suffix(".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    with sqlite3.connect(pristine) as db:
        emails = dict(db.execute("SELECT contact_id, address FROM email"))
        for cid, name, company, role, notes, phones in db.execute(
            "SELECT id, name, company, role, notes, phones FROM contact WHERE trashed_at IS NULL"
        ):
            given, _, family = name.rpartition(" ")
            lines = [
                "BEGIN:VCARD",
                "VERSION:3.0",
                f"UID:netcrm-bench-{cid}",
                f"FN:{_vcard_escape(name)}",
                f"N:{_vcard_escape(family)};{_vcard_escape(given)};;;",
            ]
            if company:
                lines.append(f"ORG:{_vcard_escape(company)}")
            if role:
                lines.append(f"TITLE:{_vcard_escape(role)}")
            if cid in emails:
                lines.append(f"EMAIL;TYPE=INTERNET:{emails[cid]}")
            lines.extend(f"TEL;TYPE=CELL:{p}" for p in json.loads(phones))
            if notes:
                lines.append(f"NOTE:{_vcard_escape(notes[:500])}")
            lines.append("END:VCARD")
            (partial / f"netcrm-bench-{cid}.vcf").write_text("\r\n".join(lines) + "\r\n")
    partial.rename(folder)
    return folder


def taskdata(bench: Bench, task: str, contacts: int, pristine: Path) -> dict[str, str]:
    """The open follow-ups as taskwarrior tasks with the same due dates, in a throwaway TASKDATA."""
    folder = bench.cache / f"task-{contacts}-{bench.today.isoformat()}"
    env = dict(bench.env)
    env["TASKRC"] = str(folder / "taskrc")
    env["TASKDATA"] = str(folder / "data")
    if (folder / "done").exists():
        return env
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "data").mkdir(parents=True)
    (folder / "taskrc").write_text(
        f"data.location={folder / 'data'}\nconfirmation=off\nverbose=nothing\n"
        "recurrence=off\nhooks=off\nnews.version=2.6.2\n"
    )
    with sqlite3.connect(pristine) as db:
        rows = db.execute(
            "SELECT f.title, f.due, c.name FROM follow_up f JOIN contact c ON c.id = f.contact_id "
            "WHERE f.status = 'open' AND c.trashed_at IS NULL ORDER BY f.id"
        ).fetchall()
    entry = datetime.combine(bench.today, datetime.min.time(), UTC).strftime("%Y%m%dT%H%M%SZ")
    tasks = [
        {
            "description": title,
            "status": "pending",
            "entry": entry,
            "due": date.fromisoformat(due).strftime("%Y%m%dT120000Z"),
            "project": "netcrm",
            "tags": ["followup"],
        }
        for title, due, _name in rows
    ]
    (folder / "tasks.json").write_text(json.dumps(tasks))
    subprocess.run(
        [task, "import", str(folder / "tasks.json")],
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    (folder / "done").write_text(str(len(tasks)))
    return env


#: Said once, in one conversation, and nowhere else in the network (no name holds it).
RARE_WORD = "zeppelin"
#: In about one summary in twenty of the generated network ("Talked about a podcast idea.").
COMMON_WORD = "podcast"


def people(count: int) -> str:
    return "1 person" if count == 1 else f"{count} people"


def bench_search_details(
    bench: Bench, label: str, store: Any, clock: Any, base: Baseline, name: str, at_target: bool
) -> None:
    """Words said in conversations, typed into the contacts screen's filter; and the first
    keystroke after a write, which reads the details of the whole network again."""
    from netcrm.domain.text import fold
    from netcrm.services import conversations, search
    from netcrm.services.records import ConversationInput

    [(place, limit, options)] = [row for row in tui_search_limits() if row[0] == "contacts screen"]
    note = f"Planned a trip on the {RARE_WORD.capitalize()} over Lake Constance next summer"
    [(cid,)] = base.db.execute(
        "SELECT id FROM contact WHERE name = ? AND trashed_at IS NULL ORDER BY id LIMIT 1", (name,)
    ).fetchall()
    conversations.log_conversation(store, ConversationInput(names=[f"#{cid}"], note=note), clock)
    [found] = search.search(store, RARE_WORD, clock, limit, **options)
    assert (found.name, found.where) == (name, f"conversation on {clock.today():%d %b}"), found
    for kind, word in (("a word said once", RARE_WORD), ("a word said often", COMMON_WORD)):
        typed = keystrokes(word)
        search.search(store, typed[0], clock, limit, **options)
        mine = statistics.median(
            median_time(lambda q=q: search.search(store, q, clock, limit, **options), bench.runs)
            for q in typed
        )
        theirs = statistics.median(
            median_time(lambda q=q: base.search_details(fold(q), limit), bench.runs) for q in typed
        )
        shown = len(search.search(store, word, clock, limit, **options))
        bench.add(
            Result(
                f"search per keystroke ({kind}, {place})",
                label,
                mine,
                theirs,
                note=f'typing "{word}" ({people(shown)} found, from conversation summaries), '
                f"median over {len(typed)} keystrokes; the baseline LIKE-scans the search text, "
                "then summaries and places, strengths, exchanges and follow-ups"
                if at_target
                else "",
                target="<= 16 ms" if at_target else "-",
                ok=mine <= 0.016 if at_target else None,
            )
        )

    def after_a_write() -> None:
        for cached in ("search", "search-details", "search-shown-texts"):
            store.cache.pop(cached, None)
        search.search(store, RARE_WORD, clock, limit, **options)

    bench.add(
        Result(
            f"search, first keystroke after a write ({place})",
            label,
            median_time(after_a_write, bench.runs),
            note="the names and the details of every live contact read and folded again"
            if at_target
            else "",
        )
    )


def bench_peers(bench: Bench, label: str, contacts: int, pristine: Path) -> None:
    runs = max(bench.runs, 10)
    khard = find_khard(bench)
    if khard is None:
        say(f"khard is not installed; skipping it. Install: {KHARD_INSTALL}")
    else:
        folder = vdir(bench, contacts, pristine)
        config = bench.cache / f"khard-{contacts}.conf"
        config.write_text(
            f"[addressbooks]\n[[bench]]\npath = {folder}\n\n"
            "[general]\ndebug = no\ndefault_action = list\neditor = true\nmerge_editor = true\n\n"
            "[contact table]\ndisplay = first_name\ngroup_by_addressbook = no\n"
            "reverse = no\nshow_nicknames = no\nshow_uids = no\nsort = last_name\n"
            "localize_dates = no\n\n[vcard]\nprivate_objects = Jabber,\n"
            "preferred_version = 3.0\nsearch_in_source_files = no\nskip_unparsable = no\n"
        )
        query = "santoso"
        theirs = bench.process_time([khard, "-c", str(config), "list", query], runs, check=False)
        mine = bench.process_time(
            [bench.netcrm, "--db", str(pristine), "search", query, "--limit", "100"], runs
        )
        bench.add(
            Result(
                "search vs khard list (process)",
                label,
                mine,
                theirs,
                target=">= 10x faster",
                ok=theirs >= 10 * mine,
                note=f'"{query}" over the same {contacts} people as vCards (netcrm --limit 100)',
            )
        )
    task = shutil.which("task")
    if task is None:
        say(f"taskwarrior is not installed; skipping it. Install: {TASK_INSTALL}")
    else:
        env = taskdata(bench, task, contacts, pristine)
        theirs = bench.process_time([task, "due.before:eow", "list"], runs, env=env, check=False)
        mine = bench.process_time(
            [
                bench.netcrm,
                "--db",
                str(pristine),
                "--today",
                bench.today.isoformat(),
                "due",
                "--week",
            ],
            runs,
        )
        bench.add(
            Result(
                "due --week vs task due.before:eow",
                label,
                mine,
                theirs,
                target="<= 3x",
                ok=mine <= 3 * theirs,
                note=f"{contacts} open follow-ups as tasks with the same due dates",
            )
        )


# --- growth ------------------------------------------------------------------------------------


def growth(bench: Bench) -> None:
    by_key = {(r.operation, r.size): r.netcrm for r in bench.results}
    for operation in (
        "weekly review",
        "search per keystroke (prefix, contacts screen)",
        "search per keystroke (fuzzy, contacts screen)",
        "search per keystroke (a word said once, contacts screen)",
    ):
        small, large = by_key.get((operation, "1k")), by_key.get((operation, "100k"))
        if small and large:
            factor = large / small
            bench.results.append(
                Result(
                    f"{operation}: growth",
                    "1k→100k",
                    factor,
                    target="<= 2x",
                    ok=factor <= 2,
                    unit="x",
                )
            )


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"SQLite {sqlite3.sqlite_version}, {platform.system()} {platform.release()}, "
        f"load {load:.2f} at the start"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1k,10k,100k", help="comma-separated: 1k,10k,100k")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/netcrm-bench"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=date.today(),
        help="default: today (taskwarrior only knows the real today)",
    )
    parser.add_argument(
        "--only",
        type=lambda text: [t for t in text.split(",") if t],
        default=[],
        help=f"comma-separated operations: {','.join(OPERATIONS)}",
    )
    parser.add_argument("--no-peers", dest="peers", action="store_false")
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table")
    parser.add_argument(
        "--clock",
        choices=("wall", "cpu"),
        default="wall",
        help="wall time (default), or CPU time of this process and its children",
    )
    args = parser.parse_args(argv)
    global CLOCK
    CLOCK = args.clock
    unknown = set(args.only) - set(OPERATIONS)
    sizes = [s.strip() for s in args.sizes.split(",") if s.strip()]
    if unknown or any(s not in SIZES for s in sizes):
        parser.error(f"unknown operation or size: {sorted(unknown) or sizes}")
    bench = Bench(args)
    header = (
        f"netcrm benchmarks ({args.clock} clock), {datetime.now():%Y-%m-%d %H:%M}, "
        f"today={args.today}: {machine()}"
    )
    say(header)
    for label in sizes:
        contacts = SIZES[label]
        pristine = bench.pristine(contacts)
        say(f"{label}: {pristine}")
        bench_in_process(bench, label, contacts, pristine)
        if bench.wanted("import"):
            bench_import(bench, label, contacts, pristine)
        if bench.wanted("tui"):
            bench_tui(bench, label, contacts, pristine)
        if bench.wanted("cli"):
            bench_cli(bench, label, contacts, pristine)
        if bench.peers and bench.wanted("peers") and contacts == TARGET_SIZE:
            bench_peers(bench, label, contacts, pristine)
    growth(bench)
    print(header)
    print()
    print(table(bench.results, args.markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
