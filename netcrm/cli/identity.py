"""``netcrm duplicates``, ``merge``, ``unmerge`` and ``not-same``: one person, one record."""

from __future__ import annotations

import click

from netcrm.cli.render import print_json
from netcrm.cli.runtime import Runtime, pass_runtime
from netcrm.cli.table import say
from netcrm.domain.duplicates import DEFAULT_MIN_SCORE
from netcrm.services.records import DuplicateGroup, DuplicatePerson


def _person(person: DuplicatePerson) -> str:
    where = ", ".join(filter(None, (f"#{person.id}", person.source)))
    return f"{person.name} ({where})"


def _quoted_ids(group: DuplicateGroup) -> str:
    return " ".join(f'"#{p.id}"' for p in group.people)


def group_json(group: DuplicateGroup) -> dict[str, object]:
    return {
        "people": [{"id": p.id, "name": p.name, "source": p.source} for p in group.people],
        "score": group.score,
        "reasons": [{"kind": r.kind, "text": r.text, "weight": r.weight} for r in group.reasons],
    }


@click.command()
@click.option("--json", "as_json", is_flag=True)
@click.option(
    "--min-score",
    type=click.IntRange(0, 100),
    default=DEFAULT_MIN_SCORE,
    show_default=True,
    help="Leave out groups scoring less (0-100).",
)
@pass_runtime
def duplicates(rt: Runtime, as_json: bool, min_score: int) -> None:
    """People who are likely one person, best first, with the reasons."""
    from netcrm.services.duplicates import duplicate_groups

    groups = duplicate_groups(rt.store, min_score=min_score)
    if as_json:
        print_json([group_json(g) for g in groups])
        return
    if not groups:
        say(f"No likely duplicates (scoring {min_score} or more).")
        return
    say(f"{len(groups)} likely duplicate group{'s' if len(groups) != 1 else ''}, best first.")
    say("netcrm merge KEEP OTHER... joins them; netcrm not-same A B says they differ.")
    for group in groups:
        say("")
        say(f"{group.score:>3}  " + "  ·  ".join(_person(p) for p in group.people))
        say("     " + ", ".join(f"{r.text} ({r.weight})" for r in group.reasons))
        say(f"     netcrm merge {_quoted_ids(group)}")


@click.command()
@click.argument("keep")
@click.argument("others", nargs=-1, required=True)
@click.option("--dry-run", is_flag=True, help="Say what would move; write nothing.")
@pass_runtime
def merge(rt: Runtime, keep: str, others: tuple[str, ...], dry_run: bool) -> None:
    """Fold OTHERS into KEEP: their handles, history and details, in one change."""
    from netcrm.services.merging import merge_people

    result = merge_people(rt.store, keep, list(others), rt.clock, dry_run=dry_run)
    folded = ", ".join(result.merged)
    if dry_run:
        say(f"Would merge {folded} into {result.keep} (#{result.keep_id}):")
        for line in result.moved or ("nothing but the record itself",):
            say(f"  {line}")
        say("Nothing was written (--dry-run).")
        return
    moved = f": {', '.join(result.moved)}" if result.moved else ""
    say(f"Merged {folded} into {result.keep} (#{result.keep_id}){moved}.")
    say(f'netcrm unmerge "#{result.keep_id}" (or netcrm undo) puts them back.')


@click.command()
@click.argument("name")
@pass_runtime
def unmerge(rt: Runtime, name: str) -> None:
    """Undo the last merge into NAME, exactly: both people with their own histories."""
    from netcrm.services.merging import unmerge as unmerge_service

    result = unmerge_service(rt.store, name, rt.clock)
    say(f"Unmerged {result.keep}: {', '.join(result.restored)} are back.")


@click.command(name="not-same")
@click.argument("first")
@click.argument("second")
@pass_runtime
def not_same(rt: Runtime, first: str, second: str) -> None:
    """Remember that two people are different: never offered as duplicates again."""
    from netcrm.services.merging import mark_not_same

    a, b = mark_not_same(rt.store, first, second, rt.clock)
    say(f"Noted: {a} and {b} are different people.")
