"""Import people: choose a format and a file, preview what would change, then import.

Reading the file and importing run in thread workers; progress arrives as messages, so the
app stays responsive through the import of a large follower list. The preview writes nothing,
and a file that cannot be read writes nothing either: the one sentence saying why is shown in
place.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (
    Button,
    DirectoryTree,
    Header,
    Input,
    ProgressBar,
    Select,
    Static,
)
from textual.worker import get_current_worker

from netcrm.domain.errors import BadInput, NetcrmError
from netcrm.importers import FORMATS
from netcrm.services.importing import BACKUP_FORMAT as BACKUP
from netcrm.services.importing import import_file
from netcrm.services.records import ImportReport
from netcrm.tui.shell import ShellOf
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.form_row import form_row
from netcrm.tui.widgets.user_error import user_error

#: Every format the screen offers, with what to give it.
FORMAT_CHOICES: dict[str, str] = {
    **FORMATS,
    BACKUP: "netcrm backup (from netcrm export json): everything it holds, restored",
}
NAMES_SHOWN = 8

Progress = Callable[[int, int], None]


class ImportStopped(Exception):
    """The app is closing: the import stops and, being one transaction, writes nothing."""


def format_option(fmt: str) -> Text:
    return Text.assemble((fmt, "bold"), "  ", (FORMAT_CHOICES[fmt], "dim"))


def resolve_path(text: str) -> Path:
    """The typed path, ``~`` expanded and quotes from a drag-and-drop removed; must exist."""
    cleaned = text.strip()
    if len(cleaned) >= 2 and cleaned[0] == cleaned[-1] and cleaned[0] in "'\"":
        cleaned = cleaned[1:-1].strip()
    if not cleaned:
        raise BadInput("Give the file or folder to import.")
    path = Path(cleaned).expanduser()
    if not path.exists():
        raise BadInput(f"There is no file or folder {path}.")
    return path


def people_count(count: int) -> str:
    return "1 person" if count == 1 else f"{count:,} people"


def some_names(names: tuple[str, ...], total: int) -> str:
    shown = ", ".join(names[:NAMES_SHOWN])
    more = total - min(len(names), NAMES_SHOWN)
    return shown + (f" and {more:,} more" if more > 0 else "")


def report_text(report: ImportReport, source: str) -> Text:
    """What a preview would do, or what an import did, in a few lines."""
    text = Text()
    if report.dry_run:
        text.append(f"Preview of {source}", style="bold")
        text.append(": nothing has been written yet.\n", style="dim")
        text.append(
            f"Would create {people_count(report.created)} · would update {report.updated:,} · "
            f"{report.skipped:,} already up to date"
        )
    else:
        text.append(f"Imported {source}\n", style="bold")
        text.append(
            f"Created {people_count(report.created)} · updated {report.updated:,} · "
            f"{report.skipped:,} already up to date"
        )
    if report.created_names:
        text.append("\nNew: " if not report.dry_run else "\nWould create: ", style="dim")
        text.append(some_names(report.created_names, report.created))
    if report.updated_names:
        text.append("\nUpdated: " if not report.dry_run else "\nWould update: ", style="dim")
        text.append(some_names(report.updated_names, report.updated))
    if report.duplicates is None:
        text.append("\nThe Duplicates screen looks for people who are here twice.", style="dim")
        if not report.dry_run:
            text.append(" d opens it.", style="bold")
    for group in report.duplicates or ():
        text.append(f"\n? likely duplicate ({group.score}): ", style="bold")
        names = "  ·  ".join(
            f"{p.name} ({'in the file' if p.id < 0 else 'already here'})"
            if report.dry_run
            else f"{p.name} (#{p.id})"
            for p in group.people
        )
        text.append(f"{names}: {', '.join(r.text for r in group.reasons)}")
    if report.duplicates and not report.dry_run:
        text.append("\n")
        text.append("d", style="bold")
        text.append(" looks at them on the Duplicates screen: merge them, or say they differ.")
    if report.dry_run:
        if report.created or report.updated:
            text.append("\n\nctrl+s imports it, in one go: all of it or nothing.", style="bold")
        else:
            text.append("\n\nNothing would change: everyone in it is already here.", style="bold")
    return text


def offers_duplicates(report: ImportReport) -> bool:
    """After an import (not a preview) that found duplicates, or could not look for them: the
    report sends the user to the Duplicates screen."""
    return not report.dry_run and (report.duplicates is None or bool(report.duplicates))


def finished_message(report: ImportReport, source: str) -> str:
    if not (report.created or report.updated):
        return f"Nothing new in {source}: everyone is already here."
    parts = [f"Imported {people_count(report.created)} from {source}"]
    if report.updated:
        parts.append(f"updated {report.updated:,}")
    return " · ".join(parts)


@dataclass(frozen=True)
class Job:
    """One run over one file: a preview (dry run) or the import itself."""

    fmt: str
    path: Path
    dry_run: bool

    @property
    def source(self) -> str:
        return self.path.name or str(self.path)


class ImportScreen(Screen):
    """Format, file, preview, import; the summary stays until the next run."""

    shell = ShellOf()

    TITLE = "Import people"
    BINDINGS = [  # noqa: RUF012
        Binding(
            "ctrl+r",
            "preview",
            "Preview",
            id="import.preview",
            tooltip="Preview: what would be created, updated and skipped (writes nothing)",
        ),
        Binding(
            "ctrl+s",
            "run_import",
            "Import",
            id="import.run",
            tooltip="Import the file, all of it or nothing",
        ),
        Binding(
            "ctrl+o",
            "browse",
            "Browse",
            id="import.browse",
            tooltip="Pick the file or folder from a tree",
        ),
        Binding(
            "d",
            "duplicates",
            "Duplicates",
            id="import.duplicates",
            tooltip="After an import that found duplicates: look at them, merge or tell apart",
        ),
        Binding("escape", "back", "Back", id="import.back", tooltip="Close the tree; else go back"),
    ]
    DEFAULT_CSS = """
    ImportScreen #import-body { height: 1fr; padding: 0 2; }
    ImportScreen #import-intro { height: auto; padding: 1 0; color: $text-muted; }
    ImportScreen .form-row { height: auto; }
    ImportScreen .form-row > .form-label { width: 16; color: $text-muted; }
    ImportScreen .form-row > Select, ImportScreen .form-row > Input { width: 1fr; }
    ImportScreen #import-format SelectCurrent #label {
        text-wrap: nowrap;
        text-overflow: ellipsis;
    }
    ImportScreen #import-path-row { margin-top: 1; }
    ImportScreen .import-hint { height: auto; padding-left: 16; color: $text-muted; }
    ImportScreen #import-browse { display: none; height: 14; margin-left: 16; }
    ImportScreen.-browsing #import-browse { display: block; }
    ImportScreen #import-buttons { height: auto; margin: 1 0 0 16; }
    ImportScreen #import-buttons > Button { margin-right: 2; }
    ImportScreen #import-error { height: auto; margin: 1 0 0 16; color: $text-error; }
    ImportScreen #import-error.-empty { display: none; }
    ImportScreen #import-progress { height: auto; margin: 1 0 0 16; display: none; }
    ImportScreen.-ran #import-progress { display: block; }
    ImportScreen #import-bar { width: auto; }
    ImportScreen #import-stage { width: 1fr; padding-left: 2; color: $text-muted; }
    ImportScreen #import-result { height: auto; margin: 1 0 1 16; }
    """

    class Progressed(Message):
        def __init__(self, job: Job, done: int, total: int) -> None:
            super().__init__()
            self.job = job
            self.done = done
            self.total = total

    class Finished(Message):
        def __init__(self, job: Job, report: ImportReport, seconds: float) -> None:
            super().__init__()
            self.job = job
            self.report = report
            self.seconds = seconds

    class Failed(Message):
        def __init__(self, job: Job, error: NetcrmError) -> None:
            super().__init__()
            self.job = job
            self.error = error

    class Leave(Message):
        """Esc: the shell takes the user back to where they came from."""

    class ShowDuplicates(Message):
        """``d`` after an import that found duplicates: the shell shows the Duplicates screen."""

    def __init__(self) -> None:
        super().__init__()
        self.running: Job | None = None
        self.last_report: ImportReport | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="import-body"):
            yield Static(
                "Bring people in from a platform's export or a netcrm backup. Preview first: "
                "nothing is written until you import, the same person is never added twice, "
                "and a file that cannot be read changes nothing.",
                id="import-intro",
            )
            formats = Select(
                [(format_option(fmt), fmt) for fmt in FORMAT_CHOICES],
                allow_blank=False,
                value="instagram",
                compact=True,
                id="import-format",
            )
            yield form_row("Format", formats)
            path = Input(
                placeholder="~/Downloads/instagram-export.zip", compact=True, id="import-path"
            )
            yield form_row("File or folder", path, id="import-path-row")
            yield Static(
                "~ is your home folder · enter previews · ctrl+o picks from a tree",
                classes="import-hint",
            )
            with Horizontal(id="import-buttons"):
                yield Button("Preview", id="import-preview", compact=True)
                yield Button("Import", id="import-run", variant="primary", compact=True)
            yield Static(id="import-error", classes="-empty", markup=False)
            with Horizontal(id="import-progress"):
                yield ProgressBar(id="import-bar", show_eta=False)
                yield Static(id="import-stage", markup=False)
            yield Static(id="import-result", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#import-path", Input).focus()

    # --- the form ---------------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        value = self.query_one("#import-format", Select).value
        return value if isinstance(value, str) else "instagram"

    @on(Input.Submitted, "#import-path")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_preview()

    @on(Button.Pressed, "#import-preview")
    def _preview_pressed(self) -> None:
        self.action_preview()

    @on(Button.Pressed, "#import-run")
    def _import_pressed(self) -> None:
        self.action_run_import()

    def action_preview(self) -> None:
        self._start(dry_run=True)

    def action_run_import(self) -> None:
        self._start(dry_run=False)

    # --- browsing ---------------------------------------------------------------------------

    def action_browse(self) -> None:
        if self.has_class("-browsing"):
            self._close_browser()
            return
        trees = self.query("#import-browse")
        if trees:
            tree = trees.first(DirectoryTree)
        else:
            # Built on first use: until then no folder is read.
            tree = DirectoryTree(self._browse_root(), id="import-browse")
            self.query_one("#import-body").mount(tree, before=self.query_one("#import-buttons"))
        self.add_class("-browsing")
        tree.focus()

    def _browse_root(self) -> Path:
        typed = self.query_one("#import-path", Input).value.strip()
        if typed:
            candidate = Path(typed.strip("'\"")).expanduser()
            for folder in (candidate, *candidate.parents):
                if folder.is_dir():
                    return folder
        return Path.home()

    def _close_browser(self) -> None:
        self.remove_class("-browsing")
        self.query_one("#import-path", Input).focus()

    @on(DirectoryTree.FileSelected)
    def _file_chosen(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self._set_path(event.path)
        self._close_browser()

    @on(DirectoryTree.DirectorySelected)
    def _folder_chosen(self, event: DirectoryTree.DirectorySelected) -> None:
        """A folder is a valid choice too (an unpacked export): it is put in the field."""
        event.stop()
        self._set_path(event.path)

    def _set_path(self, path: Path) -> None:
        home = Path.home()
        shown = f"~/{path.relative_to(home)}" if path.is_relative_to(home) else str(path)
        field = self.query_one("#import-path", Input)
        field.value = shown
        field.cursor_position = len(shown)

    def action_back(self) -> None:
        if self.has_class("-browsing"):
            self._close_browser()
            return
        if self.query_one("#import-format", Select).expanded:
            raise SkipAction()
        self.post_message(self.Leave())

    # --- running ----------------------------------------------------------------------------

    def _start(self, *, dry_run: bool) -> None:
        if self.running is not None:
            what = "preview" if self.running.dry_run else "import"
            self.notify(f"The {what} of {self.running.source} is still running.", markup=False)
            return
        self._show_error(None)
        try:
            path = resolve_path(self.query_one("#import-path", Input).value)
        except NetcrmError as error:
            self._show_error(error)
            self.query_one("#import-path", Input).focus()
            return
        job = Job(self.fmt, path, dry_run)
        self.running = job
        self.refresh_bindings()
        self.add_class("-ran")
        for button in self.query(Button):
            button.disabled = True
        self.query_one("#import-result", Static).update("")
        bar = self.query_one("#import-bar", ProgressBar)
        bar.update(total=None, progress=0)
        self._set_stage(f"Reading {job.source}…")
        # On the app, not the screen: only closing the app stops an import.
        self.app.run_worker(
            lambda: self._run(job),
            name=f"import {job.source}",
            group="import",
            thread=True,
            exit_on_error=False,
        )

    def _run(self, job: Job) -> None:
        """In a thread: read, import, and say how it went, as messages."""
        worker = get_current_worker()
        shell = self.shell

        def progress(done: int, total: int) -> None:
            if worker.is_cancelled:
                raise ImportStopped()
            self.post_message(self.Progressed(job, done, total))

        started = time.perf_counter()
        try:
            report = import_file(
                shell.store, job.fmt, job.path, shell.clock, dry_run=job.dry_run, progress=progress
            )
        except ImportStopped:
            return
        except Exception as error:
            self.post_message(self.Failed(job, user_error(error, "importing")))
            return
        self.post_message(self.Finished(job, report, time.perf_counter() - started))

    # --- after an import ---------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "duplicates":
            report = self.last_report
            return self.running is None and report is not None and offers_duplicates(report)
        return True

    def action_duplicates(self) -> None:
        self.post_message(self.ShowDuplicates())

    def _set_stage(self, text: str) -> None:
        self.query_one("#import-stage", Static).update(text)

    @on(Progressed)
    def _progressed(self, message: Progressed) -> None:
        if message.job is not self.running:
            return
        self.query_one("#import-bar", ProgressBar).update(
            total=message.total, progress=message.done
        )
        verb = "Checking" if message.job.dry_run else "Importing"
        self._set_stage(f"{verb} {people_count(message.total)} from {message.job.source}…")

    @on(Finished)
    def _finished(self, message: Finished) -> None:
        job, report = message.job, message.report
        self._stop()
        total = report.created + report.updated + report.skipped
        self.query_one("#import-bar", ProgressBar).update(total=max(total, 1), progress=total)
        self.last_report = report
        self.query_one("#import-result", Static).update(report_text(report, job.source))
        self.refresh_bindings()
        if offers_duplicates(report):
            # Off the fields and buttons, so that d is a key, not a letter typed.
            self.query_one("#import-body").focus()
        if job.dry_run:
            self._set_stage("Preview done: nothing written.")
            self.query_one("#import-run", Button).focus()
            return
        self._set_stage(f"Done in {message.seconds:.1f} s.")
        self.shell.refresh_data()
        self.notify(finished_message(report, job.source), title="Import", markup=False)

    @on(Failed)
    def _failed(self, message: Failed) -> None:
        self._stop()
        self.remove_class("-ran")
        self._show_error(message.error)
        self.query_one("#import-path", Input).focus()

    def _stop(self) -> None:
        self.running = None
        for button in self.query(Button):
            button.disabled = False

    def _show_error(self, error: BaseException | None) -> None:
        shown = self.query_one("#import-error", Static)
        shown.update(f"✗ {error}\n  Nothing was written." if error is not None else "")
        shown.set_class(error is None, "-empty")
