"""Pick one person already here by name: suggestions as you type, ``tab`` or ``enter`` takes one.

The contact screen's "merge with…" asks it for the other person. Only people already in the
store are suggested (never "new contact"), and ``refuse`` (an id) is the person the question
is about: picking them is refused in place, in a sentence. Dismisses with the
:class:`Candidate` picked, or None.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from netcrm.tui.dialogs.choose_person import Candidate
from netcrm.tui.widgets.contact_picker import ContactPicker
from netcrm.tui.widgets.form_row import form_row


class PickContactDialog(ModalScreen[Candidate | None]):
    DEFAULT_CSS = """
    PickContactDialog { align: center middle; }
    PickContactDialog .pick-dialog { width: 72; padding: 1 2; }
    PickContactDialog .pick-about { margin-bottom: 1; }
    PickContactDialog .pick-label { width: 16; color: $text-muted; }
    PickContactDialog #pick-message { height: auto; min-height: 1; padding-left: 16; }
    PickContactDialog #pick-message.-invalid { color: $text-error; }
    """

    BINDINGS = [  # noqa: RUF012
        Binding("escape", "cancel", "Cancel", id="pick.cancel"),
    ]

    def __init__(
        self,
        title: str,
        about: str,
        *,
        label: str = "Who",
        refuse: int | None = None,
        refused: str = "That is the same person; pick someone else.",
    ) -> None:
        super().__init__()
        self.title_text = title
        self.about = about
        self.label = label
        self.refuse = refuse
        self.refused = refused

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog pick-dialog") as dialog:
            dialog.border_title = self.title_text
            yield Static(self.about, classes="pick-about", markup=False)
            picker = ContactPicker(
                placeholder="type a name; tab takes the suggestion",
                offer_new=False,
                id="pick-who",
            )
            yield form_row(self.label, picker, label_classes="pick-label")
            yield Static(id="pick-message", markup=False)
            yield Static("tab or enter takes the suggestion · esc cancels", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(ContactPicker).input.focus()

    def _say(self, text: str, *, invalid: bool = True) -> None:
        message = self.query_one("#pick-message", Static)
        message.set_class(invalid, "-invalid")
        message.update(text)

    @on(ContactPicker.Accepted, "#pick-who")
    def _picked(self, event: ContactPicker.Accepted) -> None:
        event.stop()
        picker = self.query_one(ContactPicker)
        contact_id = ContactPicker.contact_of(event.option)
        name = picker.tokens[-1] if picker.tokens else ""
        if contact_id is None:
            return
        if contact_id == self.refuse:
            picker.value = ""
            picker.input.focus()
            self._say(f"✗ {self.refused}")
            return
        self.dismiss(Candidate(contact_id, name))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        # Reached only when no suggestion was highlighted to take.
        event.stop()
        typed = self.query_one(ContactPicker).current_token()
        if typed:
            self._say(
                "✗ Pick them from the suggestions (↓ brings them back); "
                f'when none show, nobody here matches "{typed}".'
            )
        else:
            self._say("✗ Type part of their name, then pick them from the suggestions.")

    def action_cancel(self) -> None:
        self.dismiss(None)
