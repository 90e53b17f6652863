"""A table of contacts that stays smooth however many there are.

Every column has a fixed width, computed once from the data, and every row is one line. The
stock DataTable measures every cell of every new row on the event loop, which holds the screen
for a large network; with fixed widths that measuring changes nothing, so it is skipped.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.geometry import Size
from textual.widgets import DataTable
from textual.widgets.data_table import RowKey

PATCH_ROWS = 500
PATCH_REMOVALS = 20
FIRST_CHUNK = 200
CHUNK = 400


class ContactTable(DataTable):
    """Rows keyed by the contact id; ``enter`` posts ``RowSelected``, the screen decides."""

    BINDINGS = [  # noqa: RUF012
        Binding(
            "enter",
            "select_cursor",
            "Open",
            id="contact_table.open",
            tooltip="Open the selected contact",
        ),
    ]

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type="row", zebra_stripes=True)
        self._generation = 0
        self._fill_pending = False

    def set_columns(self, columns: Sequence[tuple[str, str, int]]) -> None:
        """Set the columns, ``(key, label, width)`` each; the same keys keep the rows."""
        keys = [key for key, _, _ in columns]
        if [column.key.value for column in self.ordered_columns] != keys:
            self.clear(columns=True)
            for key, label, width in columns:
                self.add_column(Text(label), key=key, width=width)
            return
        for column, (_, label, width) in zip(self.ordered_columns, columns, strict=True):
            column.label = Text(label)
            column.width = width
        self._clear_caches()
        self._update_dimensions(())
        self.refresh()

    def show_rows(
        self, rows: Sequence[tuple[str, Sequence[object]]], changed: Collection[str] = ()
    ) -> None:
        """Show exactly ``rows``, ``(key, cells)`` each, in that order, keeping the cursor on
        the same key. Rows whose key is in ``changed`` get their new cells.

        A few differences (a conversation logged, a contact edited) are patched in place. Many
        rebuild the table a chunk per frame, the first screenful at once, so that a large
        network never freezes the screen.
        """
        self._generation += 1
        selected = self.selected_key
        keys = [key for key, _ in rows]
        current = {row_key.value for row_key in self.rows if row_key.value is not None}
        removed = current.difference(keys)
        added = set(keys).difference(current)
        patched = current.intersection(changed) - removed
        if self.filling or len(removed) > PATCH_REMOVALS or len(added) + len(patched) > PATCH_ROWS:
            self.clear()
            self._fill(list(rows), 0, self._generation, selected)
            return
        for key in removed:
            self.remove_row(key)
        columns = [column.key for column in self.ordered_columns]
        for key, cells in rows:
            if key in added:
                self.add_row(*cells, key=key)
            elif key in patched:
                for column, cell in zip(columns, cells, strict=False):
                    self.update_cell(key, column, cell)
        self._put_in_order(keys)
        self._restore_cursor(selected)

    @property
    def filling(self) -> bool:
        """Whether rows are still being added, a chunk per frame."""
        return self._fill_pending

    def _fill(
        self,
        rows: list[tuple[str, Sequence[object]]],
        start: int,
        generation: int,
        selected: str | None,
    ) -> None:
        if generation != self._generation:
            return  # a newer show_rows took over
        end = start + (FIRST_CHUNK if start == 0 else CHUNK)
        add_row = self.add_row
        for key, cells in rows[start:end]:
            add_row(*cells, key=key)
        if selected is not None and selected in self.rows:
            self._restore_cursor(selected)
            selected = None
        self._fill_pending = end < len(rows)
        if self._fill_pending:
            self.call_after_refresh(self._fill, rows, end, generation, selected)

    def _restore_cursor(self, selected: str | None) -> None:
        if selected is not None and selected in self.rows:
            self.move_cursor(row=self.get_row_index(selected), animate=False)

    def _put_in_order(self, keys: Sequence[str]) -> None:
        """Order the rows as ``keys``: a sort whose key is each row's place in ``keys``."""
        if not keys or not self.columns:
            return
        if [row.key.value for row in self.ordered_rows] == list(keys):
            return
        first = self.ordered_columns[0].key
        place = {id(self.get_cell(key, first)): index for index, key in enumerate(keys)}
        self.sort(first, key=lambda cell: place[id(cell)])

    def _update_dimensions(self, new_rows: Iterable[RowKey]) -> None:
        if any(column.auto_width for column in self.columns.values()) or self._labelled_row_exists:
            super()._update_dimensions(new_rows)
            return
        # Fixed widths and one-line rows: only the scrollable size changes.
        width = sum(column.get_render_width(self) for column in self.columns.values())
        header = self.header_height if self.show_header else 0
        self.virtual_size = Size(width, self._total_row_height + header)

    @property
    def selected_key(self) -> str | None:
        """The key of the row under the cursor, or ``None`` for an empty table."""
        if not self.row_count:
            return None
        row_key, _ = self.coordinate_to_cell_key(self.cursor_coordinate)
        return row_key.value


def contact_id(row_key: RowKey) -> int:
    """The contact a row stands for: rows are keyed by the contact's id."""
    return int(str(row_key.value))


def column_width(values: Iterable[str], label: str, *, least: int = 4, most: int = 40) -> int:
    """The width a column needs for ``values`` and its label, within ``least``..``most``."""
    widest = max((cell_len(value) for value in values), default=0)
    return max(least, min(most, max(widest, cell_len(label) + 2)))
