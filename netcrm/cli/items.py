"""Correcting one item of a person's history: ``conversation``, ``strength``, ``disclosure``,
``exchange`` (each with ``edit`` and ``rm``), and ``follow-up edit|rm``.

Ids are the ones ``netcrm show`` prints (and ``show --json`` gives); strengths and disclosures
are named by the person and the strength. Every correction is undoable with ``netcrm undo``.
"""

from __future__ import annotations

import click

from netcrm.cli.runtime import Runtime, pass_runtime
from netcrm.cli.table import say
from netcrm.domain.errors import BadInput

UNDO_HINT = "netcrm undo takes it back"


def _said(summary: str, deleted: bool = False) -> None:
    say(f"{summary}; {UNDO_HINT}." if deleted else f"{summary}.")


@click.group()
def conversation() -> None:
    """Change or delete one conversation (its id is in netcrm show)."""


@conversation.command("edit")
@click.argument("conversation_id", type=int, metavar="ID")
@click.option("--when", help='When it was, e.g. "yesterday 3pm".')
@click.option("--via", metavar="CHANNEL", help="in-person, call, video, message…")
@click.option("--note", help='What you talked about ("" clears it).')
@click.option("--where", "place", help='Where it happened ("" clears it).')
@click.option("--initiated", metavar="me|them|-", help="Who reached out (- for not recorded).")
@pass_runtime
def conversation_edit(rt: Runtime, conversation_id: int, **fields: str | None) -> None:
    """Change a conversation: only the options given change."""
    from netcrm.services.items import ConversationEdit, edit_conversation

    if all(value is None for value in fields.values()):
        raise BadInput("Say what to change: --when, --via, --note, --where or --initiated.")
    _said(edit_conversation(rt.store, conversation_id, ConversationEdit(**fields), rt.clock))


@conversation.command("rm")
@click.argument("conversation_id", type=int, metavar="ID")
@pass_runtime
def conversation_rm(rt: Runtime, conversation_id: int) -> None:
    """Delete a conversation; strengths and exchanges noted in it stay."""
    from netcrm.services.items import delete_conversation

    _said(delete_conversation(rt.store, conversation_id, rt.clock), deleted=True)


@click.group()
def strength() -> None:
    """Rename or remove a strength noted for a person."""


@strength.command("edit")
@click.argument("name")
@click.argument("skill", metavar="STRENGTH")
@click.option("--to", "new", required=True, metavar="NEW", help="The strength's new name.")
@pass_runtime
def strength_edit(rt: Runtime, name: str, skill: str, new: str) -> None:
    """Rename one of NAME's strengths."""
    from netcrm.services.items import rename_strength

    _said(rename_strength(rt.store, name, skill, new, rt.clock))


@strength.command("rm")
@click.argument("name")
@click.argument("skill", metavar="STRENGTH")
@pass_runtime
def strength_rm(rt: Runtime, name: str, skill: str) -> None:
    """Remove one of NAME's strengths."""
    from netcrm.services.items import delete_strength

    _said(delete_strength(rt.store, name, skill, rt.clock), deleted=True)


@click.group()
def disclosure() -> None:
    """Correct which of your strengths a person knows about."""


@disclosure.command("edit")
@click.argument("name")
@click.argument("mine", metavar="MY_STRENGTH")
@click.option("--to", "new", required=True, metavar="OTHER", help="The strength they know.")
@pass_runtime
def disclosure_edit(rt: Runtime, name: str, mine: str, new: str) -> None:
    """NAME knows OTHER of your strengths, not MY_STRENGTH."""
    from netcrm.services.items import change_disclosure

    _said(change_disclosure(rt.store, name, mine, new, rt.clock))


@disclosure.command("rm")
@click.argument("name")
@click.argument("mine", metavar="MY_STRENGTH")
@pass_runtime
def disclosure_rm(rt: Runtime, name: str, mine: str) -> None:
    """NAME does not know MY_STRENGTH after all."""
    from netcrm.services.items import delete_disclosure

    _said(delete_disclosure(rt.store, name, mine, rt.clock), deleted=True)


@click.group()
def exchange() -> None:
    """Change or delete one exchange (its id is in netcrm show)."""


@exchange.command("edit")
@click.argument("exchange_id", type=int, metavar="ID")
@click.argument("text", metavar='"gave|got: TEXT"')
@pass_runtime
def exchange_edit(rt: Runtime, exchange_id: int, text: str) -> None:
    """Rewrite an exchange, as log --exchange reads it."""
    from netcrm.services.items import edit_exchange

    _said(edit_exchange(rt.store, exchange_id, text, rt.clock))


@exchange.command("rm")
@click.argument("exchange_id", type=int, metavar="ID")
@pass_runtime
def exchange_rm(rt: Runtime, exchange_id: int) -> None:
    """Delete an exchange."""
    from netcrm.services.items import delete_exchange

    _said(delete_exchange(rt.store, exchange_id, rt.clock), deleted=True)


@click.command("edit")
@click.argument("follow_up_id", type=int, metavar="ID")
@click.option("--when", metavar="WHEN", help='The new due date, e.g. "next friday".')
@click.option("--about", metavar="TEXT", help="What it is about.")
@click.option("--every", metavar="INTERVAL", help='Repeat, e.g. monthly ("never" stops it).')
@pass_runtime
def follow_up_edit(
    rt: Runtime, follow_up_id: int, when: str | None, about: str | None, every: str | None
) -> None:
    """Change a follow-up: its date, what it is about, how it repeats."""
    from netcrm.services.items import FollowUpEdit, edit_follow_up

    if when is None and about is None and every is None:
        raise BadInput("Say what to change: --when, --about or --every.")
    change = FollowUpEdit(when=when, about=about, every=every)
    _said(edit_follow_up(rt.store, follow_up_id, change, rt.clock))


@click.command("rm")
@click.argument("follow_up_id", type=int, metavar="ID")
@pass_runtime
def follow_up_rm(rt: Runtime, follow_up_id: int) -> None:
    """Delete a follow-up (done marks one as kept instead)."""
    from netcrm.services.items import delete_follow_up

    _said(delete_follow_up(rt.store, follow_up_id, rt.clock), deleted=True)
