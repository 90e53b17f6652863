"""What screens, dialogs and widgets use of the app, beyond what every Textual app offers.

:class:`Shell` is the whole of it: the store and the clock to pass to the services, the
settings, a ``revision`` that grows whenever the data may have changed, and five things to
ask of the shell. :class:`~netcrm.tui.app.NetcrmApp` is one; the screen tests use a small
stand-in. A node reaches it through :func:`shell_of`, or a ``shell = ShellOf()`` property.
:class:`Navigator` adds the moves between screens that the command palette offers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from textual.app import App
    from textual.message_pump import MessagePump

    from netcrm.services.clock import Clock
    from netcrm.services.records import ClosingFollowUp
    from netcrm.services.stores import Store
    from netcrm.tui.settings import Settings


@runtime_checkable
class Shell(Protocol):
    """The app as the screens see it."""

    @property
    def store(self) -> Store:
        """What to pass to the services: the only API the screens call."""
        ...

    @property
    def clock(self) -> Clock:
        """Read once at start; ``--today`` freezes it."""
        ...

    @property
    def settings(self) -> Settings: ...

    @property
    def revision(self) -> int:
        """Grows whenever the data may have changed, here or elsewhere: watch it and reload."""
        ...

    def refresh_data(self) -> None:
        """After a write from the UI: every screen reloads now."""
        ...

    def open_contact(self, contact_id: int) -> None: ...

    def action_log(
        self,
        names: list[str] | None = None,
        *,
        known: dict[str, int] | None = None,
        closing: ClosingFollowUp | None = None,
    ) -> None:
        """Open the log dialog: empty, or with ``names`` chosen (``known`` maps names to ids)
        and ``closing``, the follow-up it was opened from, offered to close."""
        ...

    def action_add_person(self) -> None:
        """Open the form that adds a person by hand; their screen opens once saved."""
        ...

    def notify_error(self, error: BaseException) -> None:
        """Show an error as the one sentence it carries; never a traceback."""
        ...


@runtime_checkable
class Navigator(Shell, Protocol):
    """The shell with its moves, as the command palette runs them."""

    def action_go(self, mode: str) -> None:
        """Show one of the main screens."""
        ...

    def action_import_people(self) -> None: ...

    def action_duplicates(self) -> None:
        """The people who may be here twice."""
        ...

    def action_help(self) -> None: ...

    def action_undo(self) -> None:
        """Undo the newest change in the store's journal."""
        ...


def shell_of(app: App[object]) -> Shell:
    """``app`` as a :class:`Shell`; a screen shown in any other app is a bug, said at once."""
    if not isinstance(app, Shell):
        raise TypeError(f"{type(app).__name__} is not a netcrm shell")
    return app


def navigator_of(app: App[object]) -> Navigator:
    if not isinstance(app, Navigator):
        raise TypeError(f"{type(app).__name__} is not the netcrm app")
    return app


class ShellOf:
    """``shell = ShellOf()`` in a class body: ``self.shell`` is the node's app as a Shell.

    Like ``textual.getters.app``, but for the contract rather than one App class.
    """

    def __get__(self, node: MessagePump, owner: type[MessagePump]) -> Shell:
        return shell_of(node.app)
