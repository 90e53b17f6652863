"""``netcrm import`` and ``netcrm export``."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from netcrm.cli.render import people
from netcrm.cli.runtime import Runtime, pass_runtime
from netcrm.cli.table import say
from netcrm.domain.errors import BadInput

if TYPE_CHECKING:
    from netcrm.services.records import ImportReport

PROGRESS_FROM_BYTES = 256 * 1024  # smaller files import in a blink: no bar


@click.command("import")
@click.argument("fmt", metavar="FORMAT")
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--dry-run", is_flag=True, help="Show what would change, write nothing.")
@pass_runtime
def import_command(rt: Runtime, fmt: str, file: Path, dry_run: bool) -> None:
    """Bring people in from a platform export or a netcrm backup.

    FORMAT: instagram, linkedin, x, facebook, google, vcard, csv, json (a netcrm backup).
    """
    from netcrm.services.importing import check_import, import_file

    fmt = check_import(fmt, file)  # before the store is opened: a typo creates nothing
    store, clock = rt.store, rt.clock
    small = file.is_file() and file.stat().st_size < PROGRESS_FROM_BYTES
    if fmt == "json" or small:
        _print_report(import_file(store, fmt, file, clock, dry_run=dry_run))
        return
    from rich.progress import Progress

    with Progress(transient=True, console=_stderr_console()) as bar:
        task = bar.add_task(f"Importing {file.name}", total=None)
        report = import_file(
            store,
            fmt,
            file,
            clock,
            dry_run=dry_run,
            progress=lambda done, total: bar.update(task, completed=done, total=total),
        )
    _print_report(report)


def _stderr_console():
    from rich.console import Console

    return Console(stderr=True)


def _print_report(report: ImportReport) -> None:
    verb = "Would create" if report.dry_run else "Created"
    say(
        f"{verb} {people(report.created)}, "
        f"{'would update' if report.dry_run else 'updated'} {report.updated:,}, "
        f"skipped {report.skipped:,} already up to date."
    )
    if report.dry_run and report.created_names:
        more = report.created - len(report.created_names)
        say("New: " + ", ".join(report.created_names) + (f" and {more:,} more" if more > 0 else ""))
    if report.dry_run and report.updated_names:
        say("Updated: " + ", ".join(report.updated_names))
    if report.duplicates is None:
        say("Run netcrm duplicates to look for people who are here twice.")
    for group in report.duplicates or ():
        names = "  ·  ".join(
            f"{p.name} ({'new' if p.id < 0 else f'#{p.id}'})" for p in group.people
        )
        reasons = ", ".join(r.text for r in group.reasons)
        say(f"Likely duplicate ({group.score}): {names}: {reasons}.")
        if not report.dry_run:
            say("  netcrm merge " + " ".join(f'"#{p.id}"' for p in group.people))
    if report.dry_run:
        say("Dry run: nothing was written.")


@click.command("export")
@click.argument("fmt", metavar="FORMAT")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), help="Write to FILE (private, 0600)."
)
@pass_runtime
def export_command(rt: Runtime, fmt: str, output: Path | None) -> None:
    """Take everything with you: json (full backup), csv, vcard, ics."""
    from netcrm.exporters import render_export

    text = render_export(fmt.strip().lower(), rt.store, rt.clock)
    if output is None or str(output) == "-":
        sys.stdout.write(text)
        return
    write_private(output, text)
    say(f"Wrote {output}.", err=True)


def write_private(path: Path, text: str) -> None:
    """Create or replace ``path`` readable by its owner only, atomically."""
    if path.is_dir():
        raise BadInput(f"{path} is a folder; give a file name.")
    if not path.parent.exists():
        raise BadInput(f"The folder {path.parent} does not exist.")
    temporary = path.with_name(f".{path.name}.tmp-{os.getpid()}")
    try:
        fd = os.open(temporary, os.O_CREAT | os.O_WRONLY | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(text)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise BadInput(f"Cannot write {path}: {error.strerror}.") from error
