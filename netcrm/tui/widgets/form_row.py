"""One labelled row of a form: the label in the form's label column, then its fields."""

from __future__ import annotations

from textual.containers import Horizontal
from textual.widget import Widget
from textual.widgets import Label


def form_row(
    label: str,
    *fields: Widget,
    classes: str = "",
    label_classes: str = "",
    id: str | None = None,
) -> Horizontal:
    """``classes`` are added to the row's (``group-start`` opens a group), ``label_classes``
    to the label's."""
    return Horizontal(
        Label(label, classes=f"form-label {label_classes}".strip()),
        *fields,
        classes=f"form-row {classes}".strip(),
        id=id,
    )
