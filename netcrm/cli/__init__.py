"""The command line. Importing it must stay cheap: textual loads only when the TUI opens."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    """Entry point of the ``netcrm`` console script and ``python -m netcrm``."""
    from netcrm.cli.commands import cli, run  # the everyday commands join the group here

    sys.exit(run(cli, argv))
