"""Reading export files: bytes from a file, a folder or a zip; text; JSON; CSV; dates.

Every importer reads through here, so byte-order marks, legacy encodings, delimiter
sniffing, zip archives and date spellings are handled once.
"""

from __future__ import annotations

import codecs
import csv
import functools
import gc
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

from netcrm.domain.errors import BadInput
from netcrm.importers.records import YEARLESS, ImportedPerson, ImportFormatError

# --- bytes ---------------------------------------------------------------------------------


def read_bytes(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise BadInput(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise BadInput(f"{path} is a folder; give the export file itself.") from None
    except OSError as exc:
        raise BadInput(f"Cannot read {path}: {exc.strerror or exc}.") from None


def is_zip(path: Path, head: bytes) -> bool:
    return path.suffix.lower() == ".zip" or head.startswith(b"PK\x03\x04")


def _skipped(name: str) -> bool:
    """Finder and Windows leave these beside real files; they are never export data."""
    parts = PurePosixPath(name).parts
    return any(p == "__MACOSX" or p.startswith("._") for p in parts) or name.endswith("/")


def export_files(path: Path, wanted: Callable[[str], bool], what: str) -> list[tuple[str, bytes]]:
    """The files of an export that ``wanted`` picks by their path inside it.

    ``path`` may be one file (taken as is, whatever its name), the unpacked export folder,
    or the ``.zip`` the platform sent (read in memory, nothing is extracted). Each file
    comes back as ``(name shown in messages, bytes)``, in natural order
    (``followers_2.json`` before ``followers_10.json``).
    """
    if path.is_dir():
        names = {
            p.relative_to(path).as_posix(): p
            for p in path.rglob("*")
            if p.is_file() and not _skipped(p.relative_to(path).as_posix())
        }
        chosen = sorted((n for n in names if wanted(n)), key=_natural)
        if not chosen:
            raise _nothing_found(path, names, wanted, what)
        return [(PurePosixPath(n).name, read_bytes(names[n])) for n in chosen]
    data = read_bytes(path)
    if not is_zip(path, data[:4]):
        return [(path.name, data)]
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = [n for n in archive.namelist() if not _skipped(n)]
            chosen = sorted((n for n in members if wanted(n)), key=_natural)
            if not chosen:
                raise _nothing_found(path, members, wanted, what)
            return [(PurePosixPath(n).name, archive.read(n)) for n in chosen]
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, ValueError) as exc:
        raise BadInput(f"{path.name} is not a readable zip archive ({exc}).") from None
    except RuntimeError:  # an encrypted member
        raise BadInput(f"{path.name} is password-protected; unpack it first.") from None


def read_each(
    path: Path,
    wanted: Callable[[str], bool],
    what: str,
    parse: Callable[[bytes, str], list[ImportedPerson]],
) -> list[ImportedPerson]:
    """The people of every file of an export that ``wanted`` picks, each read by ``parse``."""
    return [
        person for name, data in export_files(path, wanted, what) for person in parse(data, name)
    ]


#: Adds the people of one file (its name, its bytes) to those gathered so far, by key.
Collect = Callable[[dict[str, ImportedPerson], str, bytes], None]


def gathered(files: Iterable[tuple[str, bytes]], collect: Collect) -> list[ImportedPerson]:
    """The people of several files where the same person may stand in more than one.

    Followers and following are separate files: someone in both is one person, mutual.
    """
    people: dict[str, ImportedPerson] = {}
    for name, data in files:
        collect(people, name, data)
    return list(people.values())


def _natural(name: str) -> list[Any]:
    return [int(part) if part.isdigit() else part.lower() for part in re.split(r"(\d+)", name)]


def _nothing_found(path: Path, names: Any, wanted: Callable[[str], bool], what: str) -> BadInput:
    if any(wanted(re.sub(r"\.html?$", ".json", n)) for n in names if n.endswith((".html", ".htm"))):
        return BadInput(
            f"{path.name} holds the HTML version of the export; request it again choosing "
            "the JSON format."
        )
    return BadInput(f"{path.name} holds no {what}.")


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while a large export becomes records.

    Parsing allocates a great many acyclic objects, which makes the collector rescan every
    live container again and again, though none of them is garbage yet.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- text ----------------------------------------------------------------------------------

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode(data: bytes, name: str) -> str:
    """Text from bytes: a byte-order mark decides; else UTF-8; else Windows-1252.

    Spreadsheet programs on Windows still save CSV in Windows-1252, and every byte
    sequence decodes as Latin-1, so reading text never fails on the encoding alone.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError:
                raise ImportFormatError(name, f"is not valid {encoding.upper()} text") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def fix_mojibake(text: str) -> str:
    """Undo Meta's export bug that writes each UTF-8 byte as its own ``\\u00XX`` escape.

    ``"Jos\\u00c3\\u00a9"`` → ``"José"``; text that is not such mojibake is kept as is.
    """
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except UnicodeError:
        return text


def load_json(data: bytes | str, name: str) -> Any:
    try:
        return json.loads(data if isinstance(data, str) else decode(data, name))
    except json.JSONDecodeError as exc:
        raise ImportFormatError(
            name,
            f"is not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg.lower()}); "
            "the file may be cut short",
        ) from None
    except RecursionError:
        raise ImportFormatError(name, "is not valid JSON (nested too deeply)") from None


# --- CSV -----------------------------------------------------------------------------------

_DELIMITERS = (",", ";", "\t")


def sniff_delimiter(line: str) -> str:
    """The delimiter of a header line: whichever of , ; or tab occurs most outside quotes."""
    outside = re.sub(r'"[^"]*"', "", line)
    counts = {d: outside.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def csv_rows(text: str, name: str, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """``(line number where the row starts, cells)`` for every row, blank rows skipped."""
    if delimiter is None:
        first = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = sniff_delimiter(first)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    line = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise ImportFormatError(
                name, f"is not valid CSV ({exc})", record=reader.line_num, unit="line"
            ) from None
        if any(cell.strip() for cell in row):
            yield line, [unneutralise(cell) for cell in row]
        line = reader.line_num + 1


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def unneutralise(cell: str) -> str:
    """Undo the ``'`` that spreadsheet-safe exports (netcrm's own) put before formula-like cells."""
    if cell.startswith("'") and cell[1:2] and cell[1] in FORMULA_STARTS:
        return cell[1:]
    return cell


def column_key(header: str) -> str:
    """Header cells compared without case, spaces, punctuation or digits: "E-mail 2" → "email"."""
    return re.sub(r"[^a-z]", "", header.casefold())


def split_values(value: str, separators: str = r":::|[,;]") -> list[str]:
    return [part.strip() for part in re.split(separators, value) if part.strip()]


# --- dates ---------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ),
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-?(\d\d)-?(\d\d)(?:[t ].*)?")  # lower-cased first
_NO_YEAR = re.compile(r"--(\d\d)-?(\d\d)")
_DAY_MON_YEAR = re.compile(r"(\d{1,2})[ -]([a-z]+)\.?,?[ -](\d{4})")
_MON_DAY_YEAR = re.compile(r"([a-z]+)\.? (\d{1,2}),? (\d{4})")
_NUMERIC = re.compile(r"(\d{1,2})([./])(\d{1,2})\2(\d{4})")


def parse_date(text: str, order: str | None = None) -> date:
    """A date as exports spell it; ``ValueError`` (one clear sentence) if it is not one.

    ISO ``1990-05-17``/``19900517`` (a time part is ignored); month and day only,
    ``--05-17``/``--0517`` (year ``YEARLESS``); ``12 Mar 2024``; ``March 12, 2024``;
    ``17.05.1990`` (day first). Slashed ``05/06/1990`` needs ``order`` ("mdy" or "dmy")
    unless one part is above 12.
    """
    value = " ".join(text.strip().lower().split())
    if m := _ISO.fullmatch(value):
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    elif m := _NO_YEAR.fullmatch(value):
        year, month, day = YEARLESS, int(m[1]), int(m[2])
    elif (m := _DAY_MON_YEAR.fullmatch(value)) and m[2] in _MONTHS:
        year, month, day = int(m[3]), _MONTHS[m[2]], int(m[1])
    elif (m := _MON_DAY_YEAR.fullmatch(value)) and m[1] in _MONTHS:
        year, month, day = int(m[3]), _MONTHS[m[1]], int(m[2])
    elif m := _NUMERIC.fullmatch(value):
        first, second, year = int(m[1]), int(m[3]), int(m[4])
        if m[2] == "." or order == "dmy":
            day, month = first, second
        elif order == "mdy":
            month, day = first, second
        elif first > 12 >= second:
            day, month = first, second
        elif second > 12 >= first:
            month, day = first, second
        else:
            raise ValueError(
                f'the date "{text.strip()}" is ambiguous; write it as YYYY-MM-DD'
            ) from None
    else:
        raise ValueError(f'"{text.strip()}" is not a date netcrm can read')
    try:
        return date(year, month, day)
    except ValueError:
        raise ValueError(f'the date "{text.strip()}" does not exist') from None


_EPOCH = date(1970, 1, 1).toordinal()


def date_from_timestamp(value: object) -> date:
    """The UTC calendar date of a Unix timestamp (seconds); ``ValueError`` if it is not one."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"timestamp {value!r} is not a number")
    try:
        return _day(int(value // 86400))
    except (OverflowError, ValueError):
        raise ValueError(f"timestamp {value!r} is out of range") from None


@functools.lru_cache(maxsize=4096)
def _day(days: int) -> date:
    """Exports stamp many entries on few days: each day is made once."""
    return date.fromordinal(_EPOCH + days)
