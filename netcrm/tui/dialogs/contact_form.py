"""Add or edit a contact: names, work, ways to reach them, tags, cadence, birthday, notes.

Adding someone whose name is already in netcrm says who that is first, and adds a second
person only when asked again (``ctrl+s`` once more), as ``netcrm add --duplicate`` does.

Cadence and birthday are checked as they are typed; the save runs in a worker through
:func:`netcrm.services.contacts.edit_contact`, which writes everything or nothing, and any
error stays in the form. Emails, phones, handles and tags are shown as they are, comma-
separated: a value typed in is added, a value deleted from the field is removed. An emptied
field (company, birthday, keep in touch, notes…) is cleared.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Input, Static, TextArea

from netcrm.domain.dates import parse_date
from netcrm.domain.errors import DuplicateName, NetcrmError
from netcrm.domain.intervals import parse_interval
from netcrm.domain.text import fold
from netcrm.services import contacts
from netcrm.services.records import ContactDetail, ContactInput
from netcrm.tui.day_labels import full_day_label
from netcrm.tui.shell import ShellOf
from netcrm.tui.widgets.form_row import form_row
from netcrm.tui.widgets.user_error import user_error

# (field id, label, attribute of ContactDetail)
TEXT_FIELDS = (
    ("name", "Name", "name"),
    ("company", "Company", "company"),
    ("role", "Role", "role"),
    ("location", "Location", "location"),
    ("how-met", "How we met", "how_met"),
)
# (field id, label, attribute of ContactDetail, placeholder)
LIST_FIELDS = (
    ("emails", "Emails", "emails", "ana@example.com, …"),
    ("phones", "Phones", "phones", "+62 811 …"),
    ("handles", "Handles", "handles", "instagram:ana.codes, linkedin:…"),
    ("tags", "Tags", "tags", "python, jakarta"),
)


def split_list(text: str) -> list[str]:
    """ "a, b,,c " → ["a", "b", "c"]."""
    return [part.strip() for part in text.split(",") if part.strip()]


def list_values(detail: ContactDetail | None, attribute: str) -> list[str]:
    """The recorded emails, phones, handles (``platform:user``) or tags, as typed in the form."""
    if detail is None:
        return []
    return [
        value.label if hasattr(value, "label") else str(value)
        for value in getattr(detail, attribute)
    ]


def list_changes(
    current: list[str], typed: list[str], *, exact: bool = False
) -> tuple[list[str], list[str]]:
    """What to add and what to remove so ``current`` becomes ``typed``.

    Emails, handles and tags compare without case (the store does too); phones exactly.
    """

    def key(value: str) -> str:
        return value if exact else value.casefold()

    have = {key(value) for value in current}
    want = {key(value) for value in typed}
    added, seen = [], set()
    for value in typed:
        if key(value) not in have and key(value) not in seen:
            added.append(value)
            seen.add(key(value))
    return added, [value for value in current if key(value) not in want]


def cadence_preview(text: str) -> str:
    if not text.strip():
        return "→ no keep-in-touch reminder"
    return f"→ {parse_interval(text).text}"


def birthday_preview(text: str, today: date) -> str:
    if not text.strip():
        return "→ no birthday"
    day = parse_date(text, today, prefer="past")
    if day > today:
        raise NetcrmError("A birthday cannot be in the future.")
    return f"→ {full_day_label(day)}"


def previewed_field(
    field_id: str, label: str, value: str, placeholder: str, *, classes: str = ""
) -> Iterator[Widget]:
    """A field checked as it is typed, with the line under it that says what it means."""
    field = Input(value, placeholder=placeholder, compact=True, id=f"form-{field_id}")
    yield form_row(label, field, classes=classes)
    yield Static(id=f"form-{field_id}-preview", classes="form-preview", markup=False)


class ContactForm(ModalScreen[ContactDetail | None]):
    """Dismisses with the saved :class:`ContactDetail`, or None when cancelled."""

    shell = ShellOf()

    DEFAULT_CSS = """
    ContactForm { align: center middle; }
    ContactForm .contact-form-dialog { width: 84; }
    ContactForm #contact-form-body { height: auto; max-height: 75vh; }
    ContactForm .form-row > Input, ContactForm .form-row > TextArea { width: 1fr; }
    ContactForm #form-notes { height: 4; }
    ContactForm .form-current { padding-left: 16; color: $text-muted; height: auto; }
    ContactForm .form-preview { padding-left: 16; color: $text-muted; height: auto; }
    ContactForm .form-preview.-invalid { color: $text-error; }
    ContactForm #form-error { padding-left: 0; }
    """

    BINDINGS = [  # noqa: RUF012
        Binding("ctrl+s", "save", "Save", id="contact_form.save", priority=True),
        Binding("escape", "cancel", "Cancel", id="contact_form.cancel"),
    ]

    def __init__(self, detail: ContactDetail | None = None) -> None:
        """Edit ``detail``; without one, add a new person."""
        super().__init__()
        self.detail = detail
        self.saving = False
        self._duplicate_of: str | None = None  # the name a second ctrl+s adds anyway

    def _value(self, attribute: str) -> str:
        return (getattr(self.detail, attribute) or "") if self.detail else ""

    def compose(self) -> ComposeResult:
        detail = self.detail
        with Vertical(classes="dialog contact-form-dialog") as dialog:
            dialog.border_title = f"Edit {detail.name}" if detail else "Add a person"
            with VerticalScroll(id="contact-form-body"):
                for field_id, label, attribute in TEXT_FIELDS:
                    value = self._value(attribute)
                    yield form_row(label, Input(value, compact=True, id=f"form-{field_id}"))
                for field_id, label, attribute, placeholder in LIST_FIELDS:
                    values = ", ".join(list_values(detail, attribute))
                    field = Input(
                        values, placeholder=placeholder, compact=True, id=f"form-{field_id}"
                    )
                    yield form_row(label, field)
                yield Static(
                    "Separate with commas; delete a value to remove it.",
                    classes="form-current",
                )
                yield from previewed_field(
                    "every",
                    "Keep in touch",
                    self._value("cadence"),
                    "every 2 weeks, monthly… (empty: none)",
                    classes="group-start",
                )
                yield from previewed_field(
                    "birthday",
                    "Birthday",
                    detail.birthday.isoformat() if detail and detail.birthday else "",
                    "1990-03-14 (empty: none)",
                )
                notes = TextArea(
                    self._value("notes"), compact=True, soft_wrap=True, id="form-notes"
                )
                yield form_row("Notes", notes)
            yield Static(id="form-error", classes="form-message", markup=False)
            yield Static("ctrl+s saves · esc cancels · tab moves on", classes="dialog-hint")

    def on_mount(self) -> None:
        self._check_every()
        self._check_birthday()
        self.query_one("#form-name", Input).focus()

    # --- checking as you type ---------------------------------------------------------------

    @on(Input.Changed, "#form-every")
    def _check_every(self) -> bool:
        return self._preview("every", cadence_preview)

    @on(Input.Changed, "#form-birthday")
    def _check_birthday(self) -> bool:
        today = self.shell.clock.today()
        return self._preview("birthday", lambda text: birthday_preview(text, today))

    def _preview(self, field_id: str, describe: Callable[[str], str]) -> bool:
        text = self.query_one(f"#form-{field_id}", Input).value
        preview = self.query_one(f"#form-{field_id}-preview", Static)
        try:
            shown, ok = describe(text), True
        except NetcrmError as error:
            shown, ok = f"✗ {error}", False
        preview.update(shown)
        preview.set_class(not ok, "-invalid")
        return ok

    @on(Input.Submitted)
    def _next_field(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_next()

    # --- saving -----------------------------------------------------------------------------

    def collect(self) -> ContactInput:
        """What changed, as an edit: ``None`` leaves a field as it is (when adding, every
        field filled in)."""
        detail = self.detail
        data = ContactInput()
        for field_id, _, attribute in TEXT_FIELDS:
            value = self.query_one(f"#form-{field_id}", Input).value.strip()
            if value != self._value(attribute):
                setattr(data, attribute, value)
        for field_id, _, attribute, _ in LIST_FIELDS:
            current = list_values(detail, attribute)
            text = self.query_one(f"#form-{field_id}", Input).value
            if text == ", ".join(current):
                continue  # untouched: nothing to add or remove
            added, removed = list_changes(current, split_list(text), exact=attribute == "phones")
            setattr(data, attribute, added)
            setattr(data, f"remove_{attribute}", removed)
        every = self.query_one("#form-every", Input).value.strip()
        if every != self._value("cadence"):
            data.every = every
        birthday = self.query_one("#form-birthday", Input).value.strip()
        if birthday != (detail.birthday.isoformat() if detail and detail.birthday else ""):
            data.birthday = birthday
        notes = self.query_one("#form-notes", TextArea).text.strip()
        if notes != self._value("notes").strip():
            data.notes = notes
        return data

    def action_save(self) -> None:
        if self.saving:
            return
        if not (self._check_every() and self._check_birthday()):
            self._show_error("Fix the fields marked ✗ first.")
            return
        if not self.query_one("#form-name", Input).value.strip():
            self._show_error("The name cannot be blank.")
            self.query_one("#form-name", Input).focus()
            return
        self.saving = True
        name = fold(self.query_one("#form-name", Input).value.strip())
        self._save(self.collect(), duplicate=name == self._duplicate_of)

    @work(thread=True, exclusive=True, group="contact_form.save", exit_on_error=False)
    def _save(self, data: ContactInput, *, duplicate: bool) -> None:
        app, shell = self.app, self.shell
        try:
            if self.detail is None:
                detail = contacts.add_contact(shell.store, data, shell.clock, duplicate=duplicate)
            else:
                detail = contacts.edit_contact(shell.store, f"#{self.detail.id}", data, shell.clock)
        except DuplicateName as error:
            app.call_from_thread(self._known_name, error)
        except Exception as error:
            app.call_from_thread(self._failed, user_error(error, "saving"))
        else:
            app.call_from_thread(self.dismiss, detail)

    def _known_name(self, error: DuplicateName) -> None:
        self.saving = False
        self._duplicate_of = fold(error.existing_name)
        where = (
            "is in the trash (netcrm restore brings them back)"
            if error.in_trash
            else "is already in netcrm (esc, then find them in Contacts)"
        )
        self._show_error(
            f"{error.existing_name} (#{error.existing_id}) {where}. "
            "Press ctrl+s again to add another person with the same name."
        )

    def _failed(self, error: NetcrmError) -> None:
        self.saving = False
        self._show_error(str(error))

    def _show_error(self, message: str) -> None:
        error = self.query_one("#form-error", Static)
        error.update(f"✗ {message}")
        error.add_class("-shown")

    def action_cancel(self) -> None:
        self.dismiss(None)
