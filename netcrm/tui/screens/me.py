"""Me: my own strengths, who knows each of them, and the close ties to tell next."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from netcrm.domain.text import clean_name
from netcrm.services import me
from netcrm.services.records import MyStrengthRecord
from netcrm.tui.live_screen import LiveScreen
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.user_error import user_error


def strength_card(strength: MyStrengthRecord) -> Text:
    """One of my strengths: who knows it, and whom to tell next."""
    known = len(strength.known_by)
    text = Text.assemble((strength.name, "bold"))
    text.append(
        f"   known by {known} {'person' if known == 1 else 'people'}"
        if known
        else "   nobody knows it yet",
        style="dim",
    )
    text.append("\n  Knows it   ", style="dim")
    text.append(", ".join(strength.known_by) if strength.known_by else "—")
    text.append("\n  Tell next  ", style="dim")
    if strength.not_yet:
        first, *others = strength.not_yet
        text.append(f"→ tell {first} about {strength.name}", style="bold")
        if others:
            text.append(f"  (also not yet: {', '.join(others)})", style="dim")
    elif known:
        text.append("every close tie knows it", style="dim")
    else:
        text.append("no close ties yet: they come once you know someone's strengths", style="dim")
    return text


class MeScreen(LiveScreen[list[MyStrengthRecord]]):
    TITLE = "Me"
    LOAD_GROUP = "me.load"
    BINDINGS = [  # noqa: RUF012
        Binding("a", "add", "Add strength", id="me.add", tooltip="Add one of your strengths"),
    ]
    DEFAULT_CSS = """
    MeScreen #me-intro { height: auto; padding: 1 2 0 2; color: $text-muted; }
    MeScreen #me-list { height: 1fr; padding: 0 1; }
    MeScreen .me-card { height: auto; margin-top: 1; padding: 0 1; }
    MeScreen #me-empty { height: auto; padding: 1 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.strengths: list[MyStrengthRecord] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(
            "What you are good at, and who knows it. People help those whose strengths they "
            "know: the close ties who don't know yet are the ones to tell.",
            id="me-intro",
        )
        yield VerticalScroll(id="me-list")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#me-list").focus()

    def loader(self) -> Callable[[], list[MyStrengthRecord]]:
        return partial(me.my_strengths, self.shell.store)

    async def show(self, strengths: list[MyStrengthRecord]) -> None:
        self.strengths = strengths
        cards: list[Static] = [
            Static(strength_card(strength), classes="me-card") for strength in strengths
        ]
        if not cards:
            cards.append(
                Static(
                    "You have not noted any of your own strengths yet.\n\n"
                    "Press a to add one: what can people ask you for? Python, public speaking, "
                    "fundraising… When you tell someone, add it as you log the conversation "
                    "(shared), and they move up to mutual.",
                    id="me-empty",
                )
            )
        listing = self.query_one("#me-list", VerticalScroll)
        async with listing.batch():
            await listing.remove_children()
            await listing.mount_all(cards)

    def action_add(self) -> None:
        from netcrm.tui.dialogs.text_prompt import TextPrompt

        def check(text: str) -> str:
            name = clean_name(text, "strength")
            known = {s.name.casefold() for s in self.strengths or []}
            if name.casefold() in known:
                return f"→ {name} is already one of yours"
            return f"→ add {name}"

        self.app.push_screen(
            TextPrompt(
                "Add one of your strengths",
                "I am good at",
                about="Something people can ask you for.",
                placeholder="python, public speaking, fundraising…",
                check=check,
            ),
            self._add,
        )

    def _add(self, name: str | None) -> None:
        if name:
            self._save(name)

    @work(thread=True, group="me.save", exit_on_error=False)
    def _save(self, name: str) -> None:
        try:
            saved = me.add_my_strength(self.shell.store, name, self.shell.clock)
        except Exception as error:
            self.app.call_from_thread(self.shell.notify_error, user_error(error, "saving"))
            return
        self.app.call_from_thread(self._saved, saved)

    def _saved(self, name: str) -> None:
        self.notify(f"Added {name} to your strengths.", markup=False)
        self.shell.refresh_data()
