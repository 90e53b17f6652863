"""Errors that carry one sentence a person can act on.

The CLI maps them to exit codes (``BadInput`` → 2, ``NotFound`` → 1); the TUI shows the sentence.
"""

from __future__ import annotations


class NetcrmError(Exception):
    """Base class: ``str(error)`` is one clear sentence for the user."""

    exit_code = 2


class BadInput(NetcrmError):
    """The user typed something netcrm cannot accept (bad date, blank name, ...)."""

    exit_code = 2


class NotFound(NetcrmError):
    """Nothing matches what the user asked for; ``suggestions`` lists close matches."""

    exit_code = 1

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class Ambiguous(BadInput):
    """Several contacts match a name; ``candidates`` lists them."""

    def __init__(self, message: str, candidates: list[str]) -> None:
        super().__init__(message)
        self.candidates = candidates


class DuplicateName(BadInput):
    """Someone with this name is already in netcrm; adding them again needs saying so."""

    def __init__(
        self, message: str, existing_id: int, existing_name: str, *, in_trash: bool = False
    ) -> None:
        super().__init__(message)
        self.existing_id = existing_id
        self.existing_name = existing_name
        self.in_trash = in_trash


class Unchanged(NetcrmError):
    """What was asked for is already so: nothing was written, and that is not a failure."""

    exit_code = 0


class StoreError(NetcrmError):
    """The store cannot be opened or used (not a database, read-only, newer schema...)."""

    exit_code = 2
