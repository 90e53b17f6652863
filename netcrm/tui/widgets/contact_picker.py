"""Who took part: names with fuzzy suggestions from the search service, and "new contact".

Suggestions come from :func:`netcrm.services.search.search` in a thread worker, one per
keystroke (the newest wins). A suggestion taken from the list is remembered by id, so two
people with the same name are never confused; "new contact" is only ever an explicit choice,
never what ``tab`` takes, so a typo cannot quietly create somebody.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.widgets.option_list import Option

from netcrm.domain.text import fold
from netcrm.services import search
from netcrm.services.records import ContactRow
from netcrm.tui.shell import ShellOf
from netcrm.tui.widgets.token_field import MAX_SUGGESTIONS, TokenField

CREATE = "create"


class ContactPicker(TokenField):
    """Comma-separated names; ``people()`` says how each will reach the service."""

    shell = ShellOf()

    def __init__(
        self,
        value: str = "",
        *,
        known: dict[str, int] | None = None,
        placeholder: str = "Who? Type a name; several: Budi, Sari",
        offer_new: bool = True,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``offer_new=False``: only people already here are suggested, never "new contact"."""
        super().__init__(value, placeholder=placeholder, id=id, classes=classes)
        self.offer_new = offer_new
        self._picked: dict[str, int] = dict(known or {})  # name as shown → contact id
        self._to_create: set[str] = set()  # folded names chosen as new contacts
        self._names: dict[int, str] = {}  # contact id → name, from the suggestions shown

    # --- what the service gets ------------------------------------------------------------

    def service_names(self) -> list[str]:
        """Names for ``ConversationInput.names``: picked people by ``#id``, others as typed."""
        return [f"#{self._picked[n]}" if n in self._picked else n for n in self.tokens]

    def to_create(self) -> list[str]:
        return [n for n in self.tokens if fold(n) in self._to_create and n not in self._picked]

    def free_typed(self) -> list[str]:
        """Names neither picked from the list nor chosen as new: they must resolve as typed."""
        return [n for n in self.tokens if n not in self._picked and fold(n) not in self._to_create]

    def mark_new(self, name: str) -> None:
        self._to_create.add(fold(name))

    # --- suggestions ----------------------------------------------------------------------

    def suggest(self, token: str) -> None:
        self._search(token)

    @work(thread=True, exclusive=True, group="contact-picker", exit_on_error=False)
    def _search(self, token: str) -> None:
        try:
            rows = search.search(self.shell.store, token, self.shell.clock, limit=MAX_SUGGESTIONS)
        except Exception:  # a failed lookup only means no suggestions this keystroke
            rows = []
        self.app.call_from_thread(self._show_rows, token, rows)

    def _show_rows(self, token: str, rows: list[ContactRow]) -> None:
        if not self.is_mounted:
            return  # the dialog closed while the search ran
        if token != self.current_token():
            return  # typing went on
        self._names.update({row.id: row.name for row in rows})
        taken = set(self.tokens[:-1])
        options = [
            Option(_row_prompt(row), id=f"c{row.id}") for row in rows if row.name not in taken
        ]
        if self.offer_new and not any(fold(row.name) == fold(token) for row in rows):
            options.append(
                Option(Text.assemble(("+ ", "bold"), f'New contact "{token}"'), id=CREATE)
            )
        self.show_suggestions(options)

    @staticmethod
    def contact_of(option: Option) -> int | None:
        """The id of the person a suggestion names; None for "new contact"."""
        if option.id is None or option.id == CREATE:
            return None
        return int(option.id[1:])

    def accepts_on_tab(self, option: Option) -> bool:
        return option.id != CREATE

    def is_settled(self, token: str) -> bool:
        return token in self._picked or fold(token) in self._to_create

    def take(self, option: Option, *, more: bool) -> None:
        token = self.current_token()
        if option.id == CREATE:
            self.mark_new(token)
            self.replace_current_token(token, more=more)
            return
        contact_id = self.contact_of(option) or 0
        name = self._names.get(contact_id) or token
        self._picked[name] = contact_id
        self.replace_current_token(name, more=more)


def _row_prompt(row: ContactRow) -> Text:
    details = " · ".join(part for part in (row.company, row.stage) if part)
    return Text.assemble(row.name, (f" · {details}" if details else "", "dim"))
