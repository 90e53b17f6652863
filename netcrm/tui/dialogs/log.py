"""Log a conversation, right after it happened, in a handful of keystrokes.

The basic case is: a name (``tab`` takes the suggestion), ``tab``, what you talked about,
``ctrl+s``. Everything else (when, how, what you learned, what you shared, support, the
follow-up you promised) is there for when it matters. Dates are checked as they are typed;
the save runs in a worker and either writes everything or nothing; errors stay inline.
"""

from __future__ import annotations

from datetime import timedelta

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Checkbox, Input, Label, Select, Static, TextArea

from netcrm.domain.dates import ParsedWhen
from netcrm.domain.errors import Ambiguous, NetcrmError, NotFound
from netcrm.domain.name_list import names_in_words
from netcrm.domain.vocabulary import CHANNELS
from netcrm.services import contact_detail, conversations, me, search
from netcrm.services.records import ClosingFollowUp, ConversationInput, LogResult
from netcrm.tui.shell import ShellOf
from netcrm.tui.widgets.contact_picker import ContactPicker
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.form_row import form_row
from netcrm.tui.widgets.token_field import StrengthField
from netcrm.tui.widgets.user_error import user_error
from netcrm.tui.widgets.when_field import WhenField

# A conversation "this evening" logged at noon is fine; next week is not (as the service says).
FUTURE_TOLERANCE = timedelta(hours=12)
INITIATORS = (("—", ""), ("me", "me"), ("them", "them"))


def chosen_title(names: list[str]) -> str:
    """The dialog's title says whom it logs with, when the people were chosen for it."""
    if not names:
        return "Log a conversation"
    return f"Log a conversation with {names_in_words(names)}"


def chosen_line(names: list[str]) -> str:
    if not names:
        return ""
    return f"✓ Chosen: {', '.join(names)}. Edit Who to log with someone else."


def closing_label(closing: ClosingFollowUp) -> str:
    late = ""
    if closing.overdue_days > 0:
        late = f", {closing.overdue_days} day{'s' if closing.overdue_days > 1 else ''} overdue"
    return f'Also close the follow-up "{closing.title}"{late}'


class LogConversationScreen(ModalScreen[LogResult | None]):
    """Dismisses with the :class:`LogResult` once saved, or None when cancelled."""

    shell = ShellOf()

    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "save", "Save", id="log.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="log.cancel"),
    ]

    def __init__(
        self,
        names: list[str] | None = None,
        *,
        known: dict[str, int] | None = None,
        closing: ClosingFollowUp | None = None,
    ) -> None:
        """Empty, for the plain "log a conversation"; or with the people already chosen.

        ``known`` maps chosen names to their ids; ``closing`` is the open follow-up the
        conversation is logged from, offered (ticked) to close with it.
        """
        super().__init__()
        self.names = [n for n in (names or []) if n.strip()]
        self.known = known or {}
        self.closing = closing
        self.saving = False

    def compose(self) -> ComposeResult:
        clock = self.shell.clock
        with Vertical(classes="dialog log-dialog") as dialog:
            dialog.border_title = chosen_title(self.names)
            with VerticalScroll(id="log-form"):
                who = ContactPicker(", ".join(self.names), known=self.known, id="log-who")
                yield form_row("Who", who)
                yield Static(
                    chosen_line(self.names),
                    id="log-who-message",
                    classes="form-message -shown" if self.names else "form-message",
                    markup=False,
                )
                if self.closing is not None:
                    yield Checkbox(
                        closing_label(self.closing),
                        value=True,
                        compact=True,
                        id="log-close",
                    )
                summary = TextArea(id="log-summary", compact=True, soft_wrap=True)
                yield form_row("Talked about", summary, classes="form-row-tall")
                when = WhenField(
                    now=clock.now,
                    prefer="past",
                    default="now",
                    placeholder="now",
                    check=self._not_in_future,
                    id="log-when",
                )
                yield form_row("When", when, classes="group-start")
                yield form_row(
                    "Via",
                    Select(
                        [(c, c) for c in CHANNELS],
                        value="in-person",
                        allow_blank=False,
                        compact=True,
                        id="log-via",
                    ),
                    Label("Reached out", classes="form-label-inline"),
                    Select(
                        INITIATORS, value="", allow_blank=False, compact=True, id="log-initiated"
                    ),
                )
                yield form_row("Where", Input(placeholder="optional", compact=True, id="log-place"))
                learned = StrengthField(
                    placeholder="strengths you learned, comma-separated", id="log-learned"
                )
                yield form_row("They're good at", learned, classes="group-start")
                shared = StrengthField(placeholder="your strengths they now know", id="log-shared")
                yield form_row("I shared", shared)
                support = Input(
                    placeholder="gave: intro to Sari; got: referral: a designer",
                    compact=True,
                    id="log-support",
                )
                yield form_row("Support", support)
                follow_up = WhenField(
                    now=clock.now,
                    prefer="future",
                    placeholder="in 2 weeks",
                    check=self._not_in_past,
                    id="log-follow-up",
                )
                yield form_row("Follow up", follow_up, classes="group-start")
                about = Input(placeholder="what you promised", compact=True, id="log-about")
                yield form_row("about", about)
            yield Static(id="log-error", classes="form-message", markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Save  ctrl+s", id="log-save", variant="primary", compact=True)
                yield Button("Cancel  esc", id="log-cancel", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        if self.names:
            self.query_one("#log-summary", TextArea).focus()
        else:
            self.query_one("#log-who", ContactPicker).input.focus()
        self._load_vocabulary()

    @work(thread=True, group="log-vocabulary", exit_on_error=False)
    def _load_vocabulary(self) -> None:
        store = self.shell.store
        try:
            learned, mine = search.strength_names(store), me.my_strength_names(store)
        except Exception:  # autocomplete is a help, not a must
            return
        self.app.call_from_thread(self._set_vocabulary, learned, mine)

    def _set_vocabulary(self, learned: list[str], mine: list[str]) -> None:
        if not self.is_mounted:
            return
        self.query_one("#log-learned", StrengthField).known = learned
        self.query_one("#log-shared", StrengthField).known = mine

    # --- checks as you type ---------------------------------------------------------------

    def _not_in_future(self, parsed: ParsedWhen) -> str | None:
        if parsed.at - self.shell.clock.now() > FUTURE_TOLERANCE:
            return "That is in the future; log a conversation after it happens."
        return None

    def _not_in_past(self, parsed: ParsedWhen) -> str | None:
        if parsed.date < self.shell.clock.today():
            return "A follow-up date must be today or later."
        return None

    # --- saving ---------------------------------------------------------------------------

    def action_save(self) -> None:
        if self.saving:
            return
        self._show_error(None)
        self._show_who_message(None)
        picker = self.query_one("#log-who", ContactPicker)
        picker.close()
        if not picker.tokens:
            self._show_who_message("✗ Say who you talked to: type a name.")
            picker.input.focus()
            return
        for field_id in ("#log-when", "#log-follow-up"):
            field = self.query_one(field_id, WhenField)
            if field.error:
                field.input.focus()
                return
        follow_up = self.query_one("#log-follow-up", WhenField)
        about = self.query_one("#log-about", Input).value.strip()
        if about and follow_up.is_blank:
            self._show_error("✗ Say when to follow up about it (e.g. in 2 weeks).")
            follow_up.input.focus()
            return
        data = ConversationInput(
            names=picker.service_names(),
            when=self.query_one("#log-when", WhenField).value.strip() or None,
            via=str(self.query_one("#log-via", Select).value),
            note=self.query_one("#log-summary", TextArea).text,
            place=self.query_one("#log-place", Input).value,
            initiated=str(self.query_one("#log-initiated", Select).value) or None,
            learned=self.query_one("#log-learned", StrengthField).tokens,
            shared=self.query_one("#log-shared", StrengthField).tokens,
            exchanges=[
                e.strip()
                for e in self.query_one("#log-support", Input).value.split(";")
                if e.strip()
            ],
            follow_up=follow_up.value.strip() or None,
            about=about or None,
            create_missing=bool(picker.to_create()),
            close_follow_up=self._closing_id(),
        )
        self.saving = True
        self.query_one("#log-save", Button).disabled = True
        self._save(data, picker.free_typed() if data.create_missing else [])

    def _closing_id(self) -> int | None:
        if self.closing is None or not self.query_one("#log-close", Checkbox).value:
            return None
        return self.closing.id

    @work(thread=True, exclusive=True, group="log-save", exit_on_error=False)
    def _save(self, data: ConversationInput, must_exist: list[str]) -> None:
        app, shell = self.app, self.shell
        try:
            # With new contacts allowed, the names typed freely must still be real people:
            # a typo next to a new name must not become a second new contact.
            for name in must_exist:
                contact_detail.show_contact(shell.store, name, shell.clock)
            result = conversations.log_conversation(shell.store, data, shell.clock)
        except (NotFound, Ambiguous) as error:
            app.call_from_thread(self._failed_name, error)
        except Exception as error:
            app.call_from_thread(self._failed, user_error(error, "saving the conversation"))
        else:
            app.call_from_thread(self.dismiss, result)

    def _failed_name(self, error: NetcrmError) -> None:
        self._unlock()
        message = str(error)
        hint = (
            "pick one from the list"
            if isinstance(error, Ambiguous)
            else ('or choose "+ New contact" in the list')
        )
        self._show_who_message(f"✗ {message.strip()} Fix the name, {hint}.")
        self.query_one("#log-who", ContactPicker).input.focus()

    def _failed(self, error: NetcrmError) -> None:
        self._unlock()
        self._show_error(f"✗ {error}")

    def _unlock(self) -> None:
        self.saving = False
        self.query_one("#log-save", Button).disabled = False

    def _show_error(self, text: str | None) -> None:
        line = self.query_one("#log-error", Static)
        line.update(text or "")
        line.set_class(bool(text), "-shown")

    def _show_who_message(self, text: str | None) -> None:
        line = self.query_one("#log-who-message", Static)
        line.update(text or "")
        line.set_class(bool(text), "-shown")

    # --- leaving --------------------------------------------------------------------------

    @on(Button.Pressed, "#log-save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#log-cancel")
    def _cancel_pressed(self) -> None:
        self.action_cancel()

    @on(ContactPicker.Accepted, "#log-who")
    def _picked(self) -> None:
        self._show_who_message(None)

    def action_cancel(self) -> None:
        if self.saving:
            return
        summary = self.query_one("#log-summary", TextArea).text.strip()
        if not summary:
            self.dismiss(None)
            return
        from netcrm.tui.dialogs.confirm import ConfirmScreen

        def answered(discard: bool | None) -> None:
            if discard:
                self.dismiss(None)

        self.app.push_screen(
            ConfirmScreen(
                "Discard this conversation? Nothing has been saved.",
                yes="Discard",
                no="Keep editing",
            ),
            answered,
        )
