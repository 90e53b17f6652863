"""The ``netcrm`` group, and running it: errors become one sentence on stderr and an exit code.

The everyday commands (``commands``) join the group when that module is imported; the others
live in modules of their own, imported only when one of their commands runs or the command list
is shown.
"""

from __future__ import annotations

import importlib
import os
import sys

import click

from netcrm.cli.runtime import Runtime, global_options, remember
from netcrm.cli.table import say
from netcrm.domain.errors import NetcrmError, Unchanged

#: Given once, here: every subcommand's context inherits them from the group's.
CONTEXT_SETTINGS = {"help_option_names": ["-h", "--help"], "max_content_width": 100}

#: The commands kept in modules of their own: name -> "module:attribute".
COMMANDS_ELSEWHERE = {
    "db": "netcrm.cli.db:db",
    "import": "netcrm.cli.transfer:import_command",
    "export": "netcrm.cli.transfer:export_command",
    "undo": "netcrm.cli.history:undo",
    "conversation": "netcrm.cli.items:conversation",
    "strength": "netcrm.cli.items:strength",
    "disclosure": "netcrm.cli.items:disclosure",
    "exchange": "netcrm.cli.items:exchange",
    "history": "netcrm.cli.history:history",
    "duplicates": "netcrm.cli.identity:duplicates",
    "merge": "netcrm.cli.identity:merge",
    "unmerge": "netcrm.cli.identity:unmerge",
    "not-same": "netcrm.cli.identity:not_same",
    "config": "netcrm.cli.config:config",
}


class Netcrm(click.Group):
    """Imports a command's module only when it runs or the command list is shown."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands:
            # An unknown name loads them all: "did you mean" looks through every command.
            wanted = [cmd_name] if cmd_name in COMMANDS_ELSEWHERE else list(COMMANDS_ELSEWHERE)
            for name in wanted:
                module, _, attribute = COMMANDS_ELSEWHERE[name].partition(":")
                self.add_command(getattr(importlib.import_module(module), attribute), name)
        return super().get_command(ctx, cmd_name)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *COMMANDS_ELSEWHERE})


@click.group(cls=Netcrm, invoke_without_command=True, context_settings=CONTEXT_SETTINGS)
@click.option(
    "--demo",
    is_flag=True,
    expose_value=False,
    callback=remember("demo"),
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


def run(group: click.Group, argv: list[str] | None = None) -> int:
    """Run the CLI: domain errors become one sentence on stderr and an exit code."""
    try:
        group.main(args=argv, prog_name="netcrm", standalone_mode=False)
    except Unchanged as nothing_to_do:  # not a failure: say so where the answers go
        say(str(nothing_to_do))
        return 0
    except NetcrmError as error:
        say(f"netcrm: {error}", err=True)
        return error.exit_code
    except click.exceptions.Abort:
        say("netcrm: aborted.", err=True)
        return 1
    except click.ClickException as error:
        say(f"netcrm: {error.format_message()}", err=True)
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
        say(
            f"netcrm: unexpected error ({type(error).__name__}: {error}); "
            "set NETCRM_DEBUG=1 to see details.",
            err=True,
        )
        return 1
    return 0
