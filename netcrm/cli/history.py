"""``netcrm undo`` and ``netcrm history``: the journal of changes, from the command line."""

from __future__ import annotations

import click

from netcrm.cli.render import print_json
from netcrm.cli.runtime import Runtime, pass_runtime
from netcrm.cli.table import Column, say
from netcrm.services.history import SHOWN, recent_changes, undo_last

HISTORY_COLUMNS = (
    Column("id", justify="right", no_wrap=True, style="dim"),
    Column("when", no_wrap=True),
    Column("change", overflow="fold"),
    Column("state", no_wrap=True, style="dim"),
)


@click.command()
@pass_runtime
def undo(rt: Runtime) -> None:
    """Undo the last change (again for the one before), whichever run of netcrm made it."""
    change = undo_last(rt.store, rt.clock)
    say(f"Undid: {change.summary} ({change.at.astimezone():%Y-%m-%d %H:%M}).")


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.option("--limit", type=click.IntRange(1, 500), default=SHOWN, show_default=True)
@pass_runtime
def history(rt: Runtime, as_json: bool, limit: int) -> None:
    """Recent changes, newest first; netcrm undo reverts the newest not yet undone."""
    from netcrm.cli.render import print_listing

    changes = recent_changes(rt.store, limit)
    if as_json:
        print_json(
            [
                {
                    "id": c.id,
                    "at": c.at.isoformat(),
                    "action": c.action,
                    "summary": c.summary,
                    "undone": c.undone,
                }
                for c in changes
            ]
        )
        return
    rows = [
        (
            (
                str(c.id),
                f"{c.at.astimezone():%Y-%m-%d %H:%M}",
                c.summary,
                "undone" if c.undone else "",
            ),
            "dim" if c.undone else "",
        )
        for c in changes
    ]
    title = "Recent changes (netcrm undo reverts the newest not yet undone)"
    print_listing(title, HISTORY_COLUMNS, rows, "No changes yet.")
