"""The everyday commands of the CLI contract (see docs/cli.md), joined to the ``netcrm`` group.

``cli`` and ``run`` are importable from here: importing this module gives the whole CLI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

from netcrm.cli.group import cli, run
from netcrm.cli.items import follow_up_edit, follow_up_rm
from netcrm.cli.render import (
    detail_json,
    due_json,
    ladder_json,
    me_json,
    people,
    print_contacts,
    print_detail,
    print_due,
    print_json,
    print_ladder,
    print_me,
    print_review,
    print_search,
    print_trash,
    review_json,
    row_json,
    search_json,
    trash_json,
)
from netcrm.cli.runtime import Runtime, pass_runtime
from netcrm.cli.table import say
from netcrm.domain.errors import BadInput, NotFound

if TYPE_CHECKING:
    from netcrm.services.records import ContactInput

__all__ = ["cli", "run"]


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


@cli.command()
@click.argument("name")
@contact_options
@click.option("--duplicate", is_flag=True, help="Add them even if someone has this name already.")
@pass_runtime
def add(rt: Runtime, name: str, duplicate: bool, **options: Any) -> None:
    """Add a person."""
    from netcrm.services.contacts import add_contact

    detail = add_contact(rt.store, _contact_input(name, **options), rt.clock, duplicate=duplicate)
    say(f"Added {detail.name} (#{detail.id}) as a {detail.stage}.")


@cli.command()
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
    say(f"Updated {detail.name}.")


@cli.command()
@click.argument("name")
@pass_runtime
def rm(rt: Runtime, name: str) -> None:
    """Move a person (and their history) to the trash."""
    from netcrm.services.trash import trash_contact

    removed = trash_contact(rt.store, name, rt.clock)
    say(f"Moved {removed} to the trash; netcrm restore {_quote(removed)} brings them back.")


@cli.command()
@click.argument("name")
@pass_runtime
def restore(rt: Runtime, name: str) -> None:
    """Bring a person back from the trash."""
    from netcrm.services.trash import restore_contact

    say(f"Restored {restore_contact(rt.store, name, rt.clock)}.")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--empty", is_flag=True, help="Delete everything in the trash for good.")
@click.option("--yes", is_flag=True, help="Do not ask before emptying.")
@pass_runtime
def trash(rt: Runtime, as_json: bool, empty: bool, yes: bool) -> None:
    """List the trash, or empty it."""
    from netcrm.services.trash import empty_trash, list_trash

    if empty:
        rows = list_trash(rt.store)
        if not rows:
            say("The trash is already empty.")
            return
        if not yes and not click.confirm(f"Delete {people(len(rows))} and their history for good?"):
            raise BadInput("Nothing was deleted.")
        deleted = people(empty_trash(rt.store, rt.clock))
        say(f"Deleted {deleted} for good; netcrm undo brings them back.")
        return
    rows = list_trash(rt.store)
    print_json(trash_json(rows)) if as_json else print_trash(rows)


@cli.command()
@click.argument("name")
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def show(rt: Runtime, name: str, as_json: bool) -> None:
    """One person: stage, score, strengths, timeline."""
    from netcrm.services.contact_detail import show_contact

    detail = show_contact(rt.store, name, rt.clock)
    if as_json:
        print_json(detail_json(detail))
    else:
        print_detail(detail, rt.clock.today())


# --- conversations and follow-ups -------------------------------------------------------------


@cli.command()
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
        say(f"Added {created} as a new contact.")
    say(f"Logged a conversation with {', '.join(result.contacts)}.")
    for who, before, after in result.stage_changes:
        say(f"{who}: {before} → {after}.")
    promised = result.follow_up_due
    if result.follow_up_id is not None and promised is not None:
        say(
            f"Follow-up #{result.follow_up_id} {describe_due(promised, today)} "
            f"({promised.isoformat()}): {result.follow_up_title}."
        )


@cli.command()
@click.option(
    "--week", "window", flag_value=7, help="Overdue and due in the next 7 days (default)."
)
@click.option("--days", "window", type=int, metavar="N", help="Overdue and due in the next N days.")
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def due(rt: Runtime, window: int | None, as_json: bool) -> None:
    """What needs you: overdue and due follow-ups, slipped cadences, birthdays."""
    from netcrm.services.due.items import due_between

    days = 7 if window is None else window
    items = due_between(rt.reading_store(), rt.clock.today(), days)
    if as_json:
        print_json(due_json(items))
    else:
        print_due(items, rt.clock.today(), days)


@cli.command()
@click.argument("follow_up_id", type=int, metavar="FOLLOWUP_ID")
@pass_runtime
def done(rt: Runtime, follow_up_id: int) -> None:
    """Mark a follow-up done (a recurring one rolls to its next date)."""
    from netcrm.services.due.follow_ups import mark_done

    result = mark_done(rt.store, follow_up_id, rt.clock)
    say(f"Done: follow-up #{result.follow_up_id} with {result.contact}.")
    if result.next_due:
        say(f"Next one: #{result.next_follow_up_id} on {result.next_due.isoformat()}.")


@cli.command()
@click.argument("target", metavar="FOLLOWUP_ID|NAME")
@click.argument("when")
@pass_runtime
def snooze(rt: Runtime, target: str, when: str) -> None:
    """Push a follow-up (by id), or a person's keep-in-touch reminder (by name), later."""
    if target.strip().isdigit():
        from netcrm.services.due.follow_ups import snooze as snooze_follow_up

        result = snooze_follow_up(rt.store, int(target), when, rt.clock)
        say(f"Snoozed follow-up #{result.follow_up_id} to {result.due.isoformat()}.")
        return
    from netcrm.services.due.dismissals import snooze_keep_in_touch

    who, day = snooze_keep_in_touch(rt.store, target, when, rt.clock)
    say(f"Snoozed keeping in touch with {who} to {day.isoformat()}.")


@cli.command("not-now")
@click.argument("name")
@click.option("--birthday", "kind", flag_value="birthday", help="Their coming birthday.")
@click.option(
    "--suggestion", "kind", flag_value="suggestion", default=True, help="Suggestions (default)."
)
@click.option("--until", metavar="WHEN", help="Until when (suggestions: 30 days by default).")
@pass_runtime
def not_now(rt: Runtime, name: str, kind: str, until: str | None) -> None:
    """Leave a birthday or the suggestion to reconnect with NAME off the review for a while."""
    from netcrm.services.due.dismissals import not_now as put_off

    who, day = put_off(rt.store, name, kind, rt.clock, until)
    what = "birthday stays" if kind == "birthday" else "suggestions to reconnect stay"
    say(f"Not now: {who}'s {what} off the review until {day.isoformat()}.")


class AddUnlessCorrecting(click.Group):
    """``follow-up NAME WHEN`` adds one, as it always has; ``follow-up edit|rm ID`` corrects one.

    A first word that is none of the subcommands is a NAME: ``add`` is meant. (Someone called
    "edit" or "rm" is added with ``follow-up add edit friday``.)
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["add", *args]
        return super().parse_args(ctx, args)


@cli.group("follow-up", cls=AddUnlessCorrecting)
def follow_up() -> None:
    """Promise a follow-up without logging a conversation, or correct one."""


@follow_up.command("add")
@click.argument("name")
@click.argument("when")
@click.option("--about", metavar="TEXT")
@click.option("--every", metavar="INTERVAL", help="Repeat, e.g. monthly.")
@pass_runtime
def follow_up_add(rt: Runtime, name: str, when: str, about: str | None, every: str | None) -> None:
    """Promise a follow-up with NAME, due WHEN (netcrm follow-up NAME WHEN does the same)."""
    from netcrm.services.conversations import add_follow_up

    follow_id = add_follow_up(rt.store, name, when, about, rt.clock, every)
    say(f"Added follow-up #{follow_id}.")


follow_up.add_command(follow_up_edit)
follow_up.add_command(follow_up_rm)


@cli.command()
@click.option("--days", type=int, default=7, show_default=True)
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def review(rt: Runtime, days: int, as_json: bool) -> None:
    """The weekly review: what is due, and who to reconnect with."""
    from netcrm.services.due.review import weekly_review

    found = weekly_review(rt.reading_store(), rt.clock, days)
    print_json(review_json(found)) if as_json else print_review(found)


# --- finding people ---------------------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(1, 1000), default=20, show_default=True)
@pass_runtime
def search(rt: Runtime, query: str, as_json: bool, limit: int) -> None:
    """Search names, handles, companies, notes, conversations, strengths, exchanges and
    follow-ups, saying where each person matched."""
    from netcrm.services.search import search as search_contacts

    rows = search_contacts(rt.store, query, rt.clock, limit, details=True, once=True)
    if as_json:
        print_json([search_json(r) for r in rows])
    elif not rows:
        say(f'Nobody matches "{query}".')
    else:
        print_search(rows, rt.clock.today(), query)


@cli.command("who-can")
@click.argument("skill")
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def who_can(rt: Runtime, skill: str, as_json: bool) -> None:
    """People with a strength, best ties first."""
    from netcrm.services.search import who_can as who_can_help

    rows = who_can_help(rt.store, skill, rt.clock)
    if as_json:
        print_json([row_json(r) for r in rows])
    elif not rows:
        say(f'Nobody you know is noted as good at "{skill}" yet.')
    else:
        print_contacts(rows, rt.clock.today(), evidence=True)


@cli.group(invoke_without_command=True)
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def me(rt: Runtime, as_json: bool) -> None:
    """Your own strengths, and who knows them."""
    ctx = click.get_current_context()
    if ctx.invoked_subcommand is not None:
        return
    from netcrm.services.me import my_strengths

    records = my_strengths(rt.store)
    print_json(me_json(records)) if as_json else print_me(records)


@me.command("add")
@click.argument("strength")
@pass_runtime
def me_add(rt: Runtime, strength: str) -> None:
    """Record one of your strengths."""
    from netcrm.services.me import add_my_strength

    say(f"Added your strength: {add_my_strength(rt.store, strength, rt.clock)}.")


@cli.command()
@click.option("--json", "as_json", is_flag=True)
@pass_runtime
def ladder(rt: Runtime, as_json: bool) -> None:
    """How many people stand on each rung of the ladder."""
    from netcrm.services.network import ladder_counts

    counts = ladder_counts(rt.store, rt.clock)
    print_json(ladder_json(counts)) if as_json else print_ladder(counts)


def _quote(name: str) -> str:
    return f'"{name}"' if " " in name else name
