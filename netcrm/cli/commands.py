"""Every command of the CLI contract (see docs/cli.md)."""

from __future__ import annotations

import functools
import importlib
import os
import sys
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

import click

from netcrm.domain.errors import BadInput, NetcrmError, NotFound
from netcrm.services.clock import Clock

if TYPE_CHECKING:
    from netcrm.services.records import ContactInput
    from netcrm.store.engine import Store
    from netcrm.store.sqlite import SqliteReader

CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


class Runtime:
    """What every command needs: where the store is and what day it is."""

    def __init__(self) -> None:
        self.db: str | None = None
        self.today: date | None = None
        self.demo = False
        self._store: Store | None = None
        self._reader: SqliteReader | None = None

    @property
    def clock(self) -> Clock:
        return Clock(self.today)

    @property
    def store(self) -> Store:
        if self._store is None:
            from netcrm.store.engine import open_store

            if self.demo:
                from netcrm.demo import open_demo_store

                self._store = open_demo_store(self.clock)
            else:
                self._store = open_store(self.db)
        return self._store

    def reading_store(self) -> Store | SqliteReader:
        """The store for a read-only command: a SQLite file at the head revision is read
        through ``sqlite3`` alone, without importing SQLAlchemy; anything else is ``store``."""
        if self._reader is not None:
            return self._reader
        if self._store is None and not self.demo:
            from netcrm.store.location import sqlite_file
            from netcrm.store.sqlite import open_at_head

            path = sqlite_file(self.db)
            reader = open_at_head(path) if path is not None else None
            if reader is not None:
                self._reader = reader
                return reader
        return self.store

    def close(self) -> None:
        """Close the store's connections, so SQLite folds its write-ahead log back in."""
        if self._reader is not None:
            self._reader.close()
            self._reader = None
        if self._store is not None:
            self._store.close()
            self._store = None


def _parse_today(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f'"{value}" is not a date like 2026-03-14.') from None


def _remember(attr: str) -> Callable[[click.Context, click.Parameter, Any], Any]:
    def callback(ctx: click.Context, param: click.Parameter, value: Any) -> Any:
        if param.name == "today":
            value = _parse_today(ctx, param, value)
        if value not in (None, False):
            setattr(ctx.ensure_object(Runtime), attr, value)
        return value

    return callback


def global_options(command: Callable) -> Callable:
    """``--db`` and ``--today`` are accepted before or after the command name."""
    command = click.option(
        "--today",
        metavar="YYYY-MM-DD",
        expose_value=False,
        callback=_remember("today"),
        is_eager=True,
        help="Pretend today is this date.",
    )(command)
    command = click.option(
        "--db",
        metavar="PATH_OR_URL",
        expose_value=False,
        callback=_remember("db"),
        is_eager=True,
        help="Store path or SQLAlchemy URL (else $NETCRM_DB).",
    )(command)
    return command


def pass_runtime(command: Callable) -> Callable:
    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return command(click.get_current_context().ensure_object(Runtime), *args, **kwargs)

    return global_options(wrapper)


#: Commands kept in their own modules, which attach themselves to ``cli`` when imported.
COMMANDS_ELSEWHERE = {
    "db": "netcrm.cli.db",
    "import": "netcrm.cli.transfer",
    "export": "netcrm.cli.transfer",
}


class Netcrm(click.Group):
    """Imports a command's module only when it runs or the command list is shown."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            # An unknown name loads them all: "did you mean" looks through every command.
            wanted = COMMANDS_ELSEWHERE.get(cmd_name)
            for module in [wanted] if wanted else set(COMMANDS_ELSEWHERE.values()):
                importlib.import_module(module)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS_ELSEWHERE})


@click.group(cls=Netcrm, invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--demo",
    is_flag=True,
    expose_value=False,
    callback=_remember("demo"),
    help="Use a throwaway store filled with a sample network.",
)
@click.version_option(package_name="netcrm", prog_name="netcrm")
@global_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """netcrm: turn followers and acquaintances into real relationships.

    Without a command, opens the app on this week's review.
    """
    runtime = ctx.ensure_object(Runtime)
    ctx.call_on_close(runtime.close)
    if ctx.invoked_subcommand is None:
        from netcrm.tui.app import run_tui

        run_tui(runtime.store, runtime.clock)


# --- contacts ---------------------------------------------------------------------------------


def contact_options(command: Callable) -> Callable:
    options = [
        click.option("--handle", "handles", multiple=True, metavar="PLATFORM:USER"),
        click.option("--email", "emails", multiple=True),
        click.option("--phone", "phones", multiple=True),
        click.option("--tag", "tags", multiple=True),
        click.option("--met", help="How you met."),
        click.option(
            "--every", metavar="INTERVAL", help='Keep-in-touch cadence, e.g. "every 2 weeks".'
        ),
        click.option("--birthday", metavar="DATE"),
        click.option("--company"),
        click.option("--role"),
        click.option("--location"),
        click.option("--notes"),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _contact_input(name: str | None, **options: Any) -> ContactInput:
    from netcrm.services.records import ContactInput

    return ContactInput(
        name=name,
        handles=list(options["handles"]),
        emails=list(options["emails"]),
        phones=list(options["phones"]),
        tags=list(options["tags"]),
        how_met=options["met"],
        every=options["every"],
        birthday=options["birthday"],
        company=options["company"],
        role=options["role"],
        location=options["location"],
        notes=options["notes"],
    )


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@contact_options
@pass_runtime
def add(rt: Runtime, name: str, **options: Any) -> None:
    """Add a person."""
    from netcrm.services.contacts import add_contact

    detail = add_contact(rt.store, _contact_input(name, **options), rt.clock)
    click.echo(f"Added {detail.name} (#{detail.id}) as a {detail.stage}.")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.option("--name", "new_name", help="A new name.")
@contact_options
@click.option("--remove-email", "remove_emails", multiple=True, metavar="E")
@click.option("--remove-phone", "remove_phones", multiple=True, metavar="P")
@click.option("--remove-handle", "remove_handles", multiple=True, metavar="PLATFORM:USER")
@click.option("--remove-tag", "remove_tags", multiple=True, metavar="T")
@pass_runtime
def edit(
    rt: Runtime,
    name: str,
    new_name: str | None,
    remove_emails: tuple[str, ...],
    remove_phones: tuple[str, ...],
    remove_handles: tuple[str, ...],
    remove_tags: tuple[str, ...],
    **options: Any,
) -> None:
    """Change a person's details (an empty value, e.g. --company "", clears a field)."""
    from netcrm.services.contacts import edit_contact

    data = _contact_input(new_name, **options)
    data.remove_emails, data.remove_phones = list(remove_emails), list(remove_phones)
    data.remove_handles, data.remove_tags = list(remove_handles), list(remove_tags)
    detail = edit_contact(rt.store, name, data, rt.clock)
    click.echo(f"Updated {detail.name}.")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@pass_runtime
def rm(rt: Runtime, name: str) -> None:
    """Move a person (and their history) to the trash."""
    from netcrm.services.trash import trash_contact

    removed = trash_contact(rt.store, name, rt.clock)
    click.echo(f"Moved {removed} to the trash; netcrm restore {_quote(removed)} brings them back.")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@pass_runtime
def restore(rt: Runtime, name: str) -> None:
    """Bring a person back from the trash."""
    from netcrm.services.trash import restore_contact

    click.echo(f"Restored {restore_contact(rt.store, name, rt.clock)}.")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True)
@click.option("--empty", is_flag=True, help="Delete everything in the trash for good.")
@click.option("--yes", is_flag=True, help="Do not ask before emptying.")
@pass_runtime
def trash(rt: Runtime, as_json: bool, empty: bool, yes: bool) -> None:
    """List the trash, or empty it."""
    from netcrm.cli import render
    from netcrm.services.trash import empty_trash, list_trash

    if empty:
        rows = list_trash(rt.store)
        if not rows:
            click.echo("The trash is already empty.")
            return
        if not yes and not click.confirm(
            f"Delete {render.people(len(rows))} and their history for good?"
        ):
            raise BadInput("Nothing was deleted.")
        click.echo(f"Deleted {render.people(empty_trash(rt.store))} for good.")
        return
    rows = list_trash(rt.store)
    render.print_json(render.trash_json(rows)) if as_json else render.print_trash(rows)


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def show(rt: Runtime, name: str, as_json: bool) -> None:
    """One person: stage, score, strengths, timeline."""
    from netcrm.cli import render
    from netcrm.services.contact_detail import show_contact

    detail = show_contact(rt.store, name, rt.clock)
    if as_json:
        render.print_json(render.detail_json(detail))
    else:
        render.print_detail(detail, rt.clock.today())


# --- conversations and follow-ups -------------------------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.option("--with", "others", multiple=True, metavar="NAME", help="Another participant.")
@click.option(
    "--when", metavar="DATE", help='When it happened (default now): "yesterday", "last friday 3pm".'
)
@click.option(
    "--via", metavar="CHANNEL", help="in-person, call, video, message, email, event, dm, other."
)
@click.option("--note", help="What you talked about.")
@click.option("--where", "place", help="Where it happened.")
@click.option("--initiated", metavar="me|them", help="Who reached out.")
@click.option("--learned", multiple=True, metavar="STRENGTH", help="Something they are good at.")
@click.option(
    "--shared", multiple=True, metavar="MY_STRENGTH", help="One of your strengths you told them."
)
@click.option("--exchange", "exchanges", multiple=True, metavar='"gave|got: TEXT"')
@click.option("--follow-up", "follow_up", metavar="WHEN", help='e.g. "in 2 weeks".')
@click.option("--about", metavar="TEXT", help="What the follow-up is about.")
@click.option("--create", is_flag=True, help="Add people who are not in netcrm yet.")
@pass_runtime
def log(rt: Runtime, name: str, others: tuple[str, ...], create: bool, **fields: Any) -> None:
    """Log a conversation you had."""
    from netcrm.domain.dates import describe_due
    from netcrm.services.conversations import log_conversation
    from netcrm.services.records import ConversationInput

    data = ConversationInput(
        names=[name, *others],
        when=fields["when"],
        via=fields["via"],
        note=fields["note"],
        place=fields["place"],
        initiated=fields["initiated"],
        learned=list(fields["learned"]),
        shared=list(fields["shared"]),
        exchanges=list(fields["exchanges"]),
        follow_up=fields["follow_up"],
        about=fields["about"],
        create_missing=create,
    )
    try:
        result = log_conversation(rt.store, data, rt.clock)
    except NotFound as error:
        raise NotFound(
            f"{error} Use --create to add them as a new contact.", error.suggestions
        ) from error
    today = rt.clock.today()
    for created in result.created:
        click.echo(f"Added {created} as a new contact.")
    click.echo(f"Logged a conversation with {', '.join(result.contacts)}.")
    for who, before, after in result.stage_changes:
        click.echo(f"{who}: {before} → {after}.")
    if result.follow_up_id is not None:
        click.echo(
            f"Follow-up #{result.follow_up_id} {describe_due(result.follow_up_due, today)} "
            f"({result.follow_up_due.isoformat()}): {result.follow_up_title}."
        )


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option(
    "--week", "window", flag_value=7, help="Overdue and due in the next 7 days (default)."
)
@click.option("--days", "window", type=int, metavar="N", help="Overdue and due in the next N days.")
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def due(rt: Runtime, window: int | None, as_json: bool) -> None:
    """What needs you: overdue and due follow-ups, slipped cadences, birthdays."""
    from netcrm.cli import plain
    from netcrm.services.due.items import due_between

    days = 7 if window is None else window
    items = due_between(rt.reading_store(), rt.clock.today(), days)
    if as_json:
        plain.print_json(plain.due_json(items))
    else:
        plain.print_due(items, rt.clock.today(), days)


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("follow_up_id", type=int, metavar="FOLLOWUP_ID")
@pass_runtime
def done(rt: Runtime, follow_up_id: int) -> None:
    """Mark a follow-up done (a recurring one rolls to its next date)."""
    from netcrm.services.due.follow_ups import mark_done

    result = mark_done(rt.store, follow_up_id, rt.clock)
    click.echo(f"Done: follow-up #{result.follow_up_id} with {result.contact}.")
    if result.next_due:
        click.echo(f"Next one: #{result.next_follow_up_id} on {result.next_due.isoformat()}.")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("follow_up_id", type=int, metavar="FOLLOWUP_ID")
@click.argument("when")
@pass_runtime
def snooze(rt: Runtime, follow_up_id: int, when: str) -> None:
    """Push a follow-up to a later date."""
    from netcrm.services.due.follow_ups import snooze as snooze_follow_up

    result = snooze_follow_up(rt.store, follow_up_id, when, rt.clock)
    click.echo(f"Snoozed follow-up #{result.follow_up_id} to {result.due.isoformat()}.")


@cli.command("follow-up", context_settings=CONTEXT_SETTINGS)
@click.argument("name")
@click.argument("when")
@click.option("--about", metavar="TEXT")
@click.option("--every", metavar="INTERVAL", help="Repeat, e.g. monthly.")
@pass_runtime
def follow_up(rt: Runtime, name: str, when: str, about: str | None, every: str | None) -> None:
    """Promise a follow-up without logging a conversation."""
    from netcrm.services.conversations import add_follow_up

    follow_id = add_follow_up(rt.store, name, when, about, rt.clock, every)
    click.echo(f"Added follow-up #{follow_id}.")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--days", type=int, default=7, show_default=True)
@pass_runtime
def review(rt: Runtime, days: int) -> None:
    """The weekly review: what is due, and who to reconnect with."""
    from netcrm.cli import render
    from netcrm.services.due.review import weekly_review

    render.print_review(weekly_review(rt.store, rt.clock, days))


# --- finding people ---------------------------------------------------------------------------


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.argument("query")
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@pass_runtime
def search(rt: Runtime, query: str, as_json: bool, limit: int) -> None:
    """Fuzzy search over names, handles, companies and notes."""
    from netcrm.cli import plain
    from netcrm.services.search import search as search_contacts

    rows = search_contacts(rt.store, query, rt.clock, limit)
    if as_json:
        plain.print_json([plain.row_json(r) for r in rows])
    elif not rows:
        click.echo(f'Nobody matches "{query}".')
    else:
        plain.print_contacts(rows, rt.clock.today())


@cli.command("who-can", context_settings=CONTEXT_SETTINGS)
@click.argument("skill")
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def who_can(rt: Runtime, skill: str, as_json: bool) -> None:
    """People with a strength, best ties first."""
    from netcrm.cli import plain
    from netcrm.services.search import who_can as who_can_help

    rows = who_can_help(rt.store, skill, rt.clock)
    if as_json:
        plain.print_json([plain.row_json(r) for r in rows])
    elif not rows:
        click.echo(f'Nobody you know is noted as good at "{skill}" yet.')
    else:
        plain.print_contacts(rows, rt.clock.today(), evidence=True)


@cli.group(invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def me(rt: Runtime, as_json: bool) -> None:
    """Your own strengths, and who knows them."""
    ctx = click.get_current_context()
    if ctx.invoked_subcommand is not None:
        return
    from netcrm.cli import render
    from netcrm.services.me import my_strengths

    records = my_strengths(rt.store)
    render.print_json(render.me_json(records)) if as_json else render.print_me(records)


@me.command("add", context_settings=CONTEXT_SETTINGS)
@click.argument("strength")
@pass_runtime
def me_add(rt: Runtime, strength: str) -> None:
    """Record one of your strengths."""
    from netcrm.services.me import add_my_strength

    click.echo(f"Added your strength: {add_my_strength(rt.store, strength, rt.clock)}.")


@cli.command(context_settings=CONTEXT_SETTINGS)
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def ladder(rt: Runtime, as_json: bool) -> None:
    """How many people stand on each rung of the ladder."""
    from netcrm.cli import render
    from netcrm.services.network import ladder_counts

    counts = ladder_counts(rt.store, rt.clock)
    render.print_json(render.ladder_json(counts)) if as_json else render.print_ladder(counts)


def _quote(name: str) -> str:
    return f'"{name}"' if " " in name else name


# --- running -----------------------------------------------------------------------------------


def run(group: click.Group, argv: list[str] | None = None) -> int:
    """Run the CLI: domain errors become one sentence on stderr and an exit code."""
    try:
        group.main(args=argv, prog_name="netcrm", standalone_mode=False)
    except NetcrmError as error:
        click.echo(f"netcrm: {error}", err=True)
        return error.exit_code
    except click.exceptions.Abort:
        click.echo("netcrm: aborted.", err=True)
        return 1
    except click.ClickException as error:
        click.echo(f"netcrm: {error.format_message()}", err=True)
        return error.exit_code
    except click.exceptions.Exit as exit_:
        return exit_.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 1
    except Exception as error:  # the last line of defence: never a traceback for the user
        if os.environ.get("NETCRM_DEBUG"):
            raise
        click.echo(
            f"netcrm: unexpected error ({type(error).__name__}: {error}); "
            "set NETCRM_DEBUG=1 to see details.",
            err=True,
        )
        return 1
    return 0
