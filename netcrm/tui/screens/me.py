"""Me: my own strengths, who knows each of them, and the close ties to tell next."""

from __future__ import annotations

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Header, Static

from netcrm.domain.text import clean_name
from netcrm.services import me
from netcrm.services.records import MyStrengthRecord
from netcrm.tui.shell import ShellOf
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


class MeScreen(Screen):
    shell = ShellOf()

    TITLE = "Me"
    BINDINGS = [  # noqa: RUF012
        Binding("a", "add", "Add strength", id="me.add", tooltip="Add one of your strengths"),
    ]
    DEFAULT_CSS = """
    MeScreen #me-intro { height: auto; padding: 1 2 0 2; color: $text-muted; }
    MeScreen #me-list { height: 1fr; padding: 0 1; }
    MeScreen .me-card { height: auto; margin-top: 1; padding: 0 1; }
    MeScreen #me-empty { height: auto; padding: 1 2; }
    """

    class Loaded(Message):
        def __init__(self, strengths: list[MyStrengthRecord]) -> None:
            super().__init__()
            self.strengths = strengths

    def __init__(self) -> None:
        super().__init__()
        self.strengths: list[MyStrengthRecord] | None = None
        self._stale = False

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
        self.watch(self.app, "revision", self._on_revision, init=False)
        self.query_one("#me-list").focus()
        self._load()

    def _on_revision(self, _revision: int) -> None:
        if self.is_current:
            self._load()
        else:
            self._stale = True

    def on_screen_resume(self) -> None:
        if self._stale:
            self._stale = False
            self._load()

    @work(thread=True, exclusive=True, group="me.load", exit_on_error=False)
    def _load(self) -> None:
        try:
            strengths = me.my_strengths(self.shell.store)
        except Exception as error:
            self.app.call_from_thread(self.shell.notify_error, user_error(error))
            return
        self.post_message(self.Loaded(strengths))

    @on(Loaded)
    async def _show(self, message: Loaded) -> None:
        self.strengths = message.strengths
        cards: list[Static] = [
            Static(strength_card(strength), classes="me-card") for strength in message.strengths
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
