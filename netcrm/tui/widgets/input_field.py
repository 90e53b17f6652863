"""A field built around one ``Input``, with more beside or under it."""

from __future__ import annotations

from textual.widget import Widget
from textual.widgets import Input


class InputField(Widget):
    """``input`` is the field's ``Input``, ``value`` its text; the subclass composes them."""

    def __init__(
        self,
        value: str = "",
        *,
        placeholder: str = "",
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self._initial = value
        self._placeholder = placeholder

    @property
    def input(self) -> Input:
        return self.query_one(Input)

    @property
    def value(self) -> str:
        return self.input.value

    @value.setter
    def value(self, text: str) -> None:
        self.input.value = text
        self.value_set(text)

    def value_set(self, text: str) -> None:
        """``value`` was just set from code (not typed)."""

    @property
    def is_blank(self) -> bool:
        return not self.value.strip()
