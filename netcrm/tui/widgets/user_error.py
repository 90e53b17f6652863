"""Whatever went wrong in a worker, as one sentence a person can act on."""

from __future__ import annotations

from netcrm.domain.errors import NetcrmError


def user_error(error: BaseException, doing: str = "reading the store") -> NetcrmError:
    """Domain errors pass through; anything else becomes a short message, never a traceback."""
    if isinstance(error, NetcrmError):
        return error
    detail = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return NetcrmError(f"Something went wrong {doing}: {detail}.")
