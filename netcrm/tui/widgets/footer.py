"""The key footer of every screen: Textual's, rebuilt only when the keys it shows change."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Footer as TextualFooter
from textual.widgets._footer import FooterKey

# A screen usually has its first data within this time, and with it the state of its keys: the
# footer is then built once, not once before the data and again after, while the data waits.
FIRST_BUILD_AFTER = 0.1


class Footer(TextualFooter):
    """Textual's footer, without the rebuilds that change nothing.

    Textual rebuilds the footer (a widget per key, each styled several times) whenever the
    screen signals that its bindings may have changed, which a screen does several times as it
    fills, each rebuild costly and all of them before the review's first frame. This one
    coalesces the signals and rebuilds only when the keys, their labels or their states differ.

    Each key bound to the footer's compact state is also born in it: a key starts compact and
    is then bound to the footer's (not compact), and each change restyles it against the whole
    stylesheet, most of the cost of a rebuild.
    """

    def __init__(self, *, show_command_palette: bool = True, compact: bool = False) -> None:
        super().__init__(show_command_palette=show_command_palette, compact=compact)
        self._shown: tuple[tuple[Binding, bool, str], ...] | None = None
        self._rebuild_pending = False

    def compose(self) -> ComposeResult:
        for widget in super().compose():
            # Only the keys bound to the footer's compact (not the command palette's).
            if isinstance(widget, FooterKey) and "compact" in (
                getattr(widget, "_reactive_connect", None) or {}
            ):
                widget.set_reactive(FooterKey.compact, self.compact)
                widget.set_class(self.compact, "-compact", update=False)
            yield widget

    def bindings_changed(self, screen: Screen) -> None:
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen and not self._rebuild_pending:
            self._rebuild_pending = True
            if self._shown is None:  # the first keys wait for the screen's first data
                self.set_timer(FIRST_BUILD_AFTER, self._rebuild)
            else:
                self.call_after_refresh(self._rebuild)

    async def _rebuild(self) -> None:
        self._rebuild_pending = False
        if not self.is_attached:
            return
        shown = tuple(
            (binding, enabled, tooltip)
            for _namespace, binding, enabled, tooltip in self.screen.active_bindings.values()
        )
        if shown != self._shown:
            self._shown = shown
            await self.recompose()
