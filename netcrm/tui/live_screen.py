"""Screens that show what the store holds, and stay current as it changes."""

from __future__ import annotations

from collections.abc import Callable
from inspect import isawaitable
from typing import Any, ClassVar, Generic, TypeVar

from textual import events, on
from textual.message import Message
from textual.screen import Screen
from textual.worker import get_current_worker

from netcrm.domain.errors import NetcrmError
from netcrm.tui.shell import ShellOf
from netcrm.tui.widgets.user_error import user_error

T = TypeVar("T")
R = TypeVar("R")


class LiveScreen(Screen[None], Generic[T]):
    """A screen over data read from the store in a thread.

    A subclass says what to read (:meth:`loader`, asked on the screen, gives the function to
    run in the thread) and how to show it (:meth:`show`). The base reads it once mounted,
    again whenever the shell's revision changes while the screen is on top, and on coming back
    to it after a change made meanwhile; :meth:`reload` is that moment, for a subclass that
    reads more than one thing. A newer read replaces an older one still running, so only the
    newest is shown; an error becomes one sentence (:meth:`load_failed`).

    A subclass's own ``on_mount`` runs first (Textual calls each class's handler, the
    subclass's before the base's), so the widgets are ready when the first read starts.
    """

    shell = ShellOf()

    LOAD_GROUP: ClassVar[str]
    """The worker group of the screen's reads."""
    WRITE_GROUP: ClassVar[str] = "write"
    """The worker group of the screen's writes (:meth:`write_in_thread`)."""

    _stale = False  # the data changed while another screen was on top
    _busy = False  # a write of this screen's is under way (write_in_thread)

    class Loaded(Message, bubble=False):
        """What a read found, on its way from the thread to the screen."""

        def __init__(self, show: Callable[[Any], object], result: object) -> None:
            super().__init__()
            self.show = show
            self.result = result

    # --- what a subclass says ----------------------------------------------------------------

    def loader(self) -> Callable[[], T] | None:
        """What to read now, run in a thread; ``None`` when there is nothing to read."""
        raise NotImplementedError

    def show(self, result: T) -> object:
        """Put what :meth:`loader` read on the screen (a coroutine is awaited)."""
        raise NotImplementedError

    def load_failed(self, error: NetcrmError) -> None:
        """A read failed: say why."""
        self.shell.notify_error(error)

    # --- when it reads ------------------------------------------------------------------------

    @on(events.Mount)
    def _first_read(self) -> None:
        self.watch(self.app, "revision", self._revision_changed, init=False)
        self.reload()

    def _revision_changed(self, _revision: int) -> None:
        if self.is_current:
            self.reload()
        else:
            self._stale = True

    @on(events.ScreenResume)
    def _back_on_top(self) -> None:
        if self._stale:
            self.reload()

    def reload(self) -> None:
        """Read again everything the screen shows."""
        self._stale = False
        self.load()

    def load(self) -> None:
        """Read what :meth:`loader` says, now."""
        read = self.loader()
        if read is not None:
            self.read_in_thread(self.LOAD_GROUP, read, self.show)

    # --- how -----------------------------------------------------------------------------------

    def read_in_thread(
        self,
        group: str,
        read: Callable[[], R],
        show: Callable[[R], object],
        failed: Callable[[NetcrmError], object] | None = None,
    ) -> None:
        """Run ``read`` in a thread worker of ``group``, replacing any still running there;
        ``show`` gets what it returns, on the screen. An error goes to ``failed`` (by default
        :meth:`load_failed`); a read replaced meanwhile is dropped, error or not."""
        report = failed or self.load_failed

        def run() -> None:
            worker = get_current_worker()
            try:
                result = read()
            except Exception as error:
                if not worker.is_cancelled:
                    self.app.call_from_thread(report, user_error(error))
                return
            if not worker.is_cancelled:
                self.post_message(self.Loaded(show, result))

        self.run_worker(
            run, name=group, group=group, exclusive=True, thread=True, exit_on_error=False
        )

    def write_in_thread(self, change: Callable[[], R], done: str | Callable[[R], str]) -> None:
        """Run ``change`` (a service call that writes) in a thread worker, one at a time: a
        key pressed again while it runs does nothing. Then say ``done`` (or what it makes of
        the result) and let every screen reload; an error becomes one sentence."""
        if self._busy:
            return
        self._busy = True

        def run() -> None:
            try:
                result = change()
            except Exception as error:
                self.app.call_from_thread(self._write_failed, user_error(error, "saving"))
                return
            message = done(result) if callable(done) else done
            self.app.call_from_thread(self._written, message)

        group = self.WRITE_GROUP
        self.run_worker(run, name=group, group=group, thread=True, exit_on_error=False)

    def _written(self, message: str) -> None:
        self._busy = False
        self.notify(message, markup=False)
        self.shell.refresh_data()

    def _write_failed(self, error: NetcrmError) -> None:
        self._busy = False
        self.shell.notify_error(error)

    @on(Loaded)
    async def _loaded(self, message: Loaded) -> None:
        shown = message.show(message.result)
        if isawaitable(shown):
            await shown
