"""The home screen: this week at a glance, and who to reconnect with.

Overdue follow-ups first, then the ones due this week, keep-in-touch cadences that slipped,
birthdays, and a few warm suggestions. Each row says what it is in a word and a symbol, so
nothing rests on colour. Keys act on the highlighted row: done, snooze, open, log.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import Header, OptionList, Static

from netcrm.domain.dates import describe_due, describe_relative
from netcrm.domain.errors import NetcrmError
from netcrm.services.due import dismissals, follow_ups
from netcrm.services.due.items import DueItem
from netcrm.services.due.review import weekly_review
from netcrm.services.records import (
    ClosingFollowUp,
    DoneResult,
    Review,
    Suggestion,
)
from netcrm.tui.day_labels import day_label, full_day_label, week_label
from netcrm.tui.live_screen import LiveScreen
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.review_list import (
    GUESSED_WIDTH,
    Entry,
    ReviewList,
    entry_key,
    review_rows,
)
from netcrm.tui.widgets.user_error import user_error


def empty_message(review: Review) -> str:
    """What to say when nothing is due: calm, and what to do next."""
    if review.due:
        return ""
    if review.suggestions:
        return "✓ Nothing due this week. Enjoy the quiet, or reach out to someone below."
    return (
        "✓ Nothing due this week, and nobody waiting for a reply.\n\n"
        "After your next conversation, press l to log it and promise a follow-up: "
        "it will show up here when it is due. Press i to import your followers and "
        "connections (Instagram, LinkedIn, X, Facebook, Google, vCard, CSV): they appear "
        "here when it is a good moment to reconnect."
    )


def review_summary(review: Review) -> str:
    overdue = sum(1 for i in review.due if i.kind == "follow-up" and i.overdue_days > 0)
    due = sum(1 for i in review.due if i.kind == "follow-up" and i.overdue_days == 0)
    touch = sum(1 for i in review.due if i.kind == "keep-in-touch")
    birthdays = sum(1 for i in review.due if i.kind == "birthday")
    parts = [
        f"{overdue} overdue" if overdue else "",
        f"{due} due" if due else "",
        f"{touch} to keep in touch" if touch else "",
        f"{birthdays} birthday{'s' if birthdays > 1 else ''}" if birthdays else "",
        f"{len(review.suggestions)} to reconnect" if review.suggestions else "",
    ]
    text = " · ".join(p for p in parts if p)
    return text or "A quiet week."


def entry_details(entry: Entry, today: date) -> str:
    if isinstance(entry, Suggestion):
        return f"{entry.contact} · {entry.reason}"
    when = f"{full_day_label(entry.due)} ({describe_relative(entry.due, today)})"
    if entry.kind == "birthday":
        head = f"{entry.contact} · {entry.title} on {when}"
    elif entry.overdue_days > 0:
        head = (
            f"{entry.contact} · was due {full_day_label(entry.due)} · "
            f"{describe_due(entry.due, today)}"
        )
    else:
        head = f"{entry.contact} · due {when}"
    if entry.kind == "follow-up":
        repeat = f" · repeats {entry.recurrence}" if entry.recurrence else ""
        return f"{head}{repeat}\n{entry.title}"
    if entry.kind == "keep-in-touch":
        return f"{head}\n{entry.title}: logging a conversation with them resets it."
    return f"{head}\nWish them well, then log it with l."


class ReviewScreen(LiveScreen[Review]):
    """The weekly review; the app's home."""

    class Shown(Message):
        """The review is on screen with its data: the app may do what it deferred."""

    TITLE = "Review"
    LOAD_GROUP = "review"

    BINDINGS = [  # noqa: RUF012
        Binding("d", "done", "Done", id="review.done", tooltip="Mark the follow-up done"),
        Binding(
            "s",
            "snooze",
            "Snooze",
            id="review.snooze",
            tooltip="Move the follow-up or keep-in-touch later",
        ),
        Binding("o", "open", "Open", id="review.open", tooltip="Open the contact"),
        Binding(
            "x",
            "not_now",
            "Not now",
            id="review.not_now",
            tooltip="Put a birthday or a suggestion off the review for a while",
        ),
        Binding(
            "L",
            "log_selected",
            "Log with them",
            id="review.log_with",
            tooltip="Log a conversation with the highlighted person (l logs with anyone)",
        ),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.review: Review | None = None
        self._entries: list[Entry | None] = []
        self._laid_out_for = 0
        self._writing = False  # one done or snooze at a time

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="review-heading"):
            yield Static("This week", id="review-title")
            yield Static("Loading…", id="review-summary", markup=False)
        yield Static(id="review-empty", markup=False)
        yield ReviewList(id="review-list", markup=False)
        yield Static(id="review-detail", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        listing = self.query_one(ReviewList)
        listing.loading = True
        listing.focus()

    # --- loading --------------------------------------------------------------------------

    def loader(self) -> Callable[[], Review]:
        return partial(weekly_review, self.shell.store, self.shell.clock)

    def load_failed(self, error: NetcrmError) -> None:
        self.query_one(ReviewList).loading = False
        self.query_one("#review-summary", Static).update("The review could not be loaded.")
        self.shell.notify_error(error)

    def show(self, review: Review) -> None:
        listing = self.query_one(ReviewList)
        previous = self._selected()
        index = listing.highlighted
        self.review = review
        self.query_one("#review-title", Static).update(
            Text.assemble(
                ("This week", "bold"), "  ", (week_label(review.today, review.until), "dim")
            )
        )
        self.query_one("#review-summary", Static).update(review_summary(review))
        # Before its first layout the list has no width yet: guess the common one, and lay the
        # rows out again on the first resize only if the guess was wrong.
        self._laid_out_for = listing.scrollable_content_region.width or GUESSED_WIDTH
        rows = review_rows(review, self._laid_out_for)
        self._entries = [entry for _, entry in rows]
        empty = self.query_one("#review-empty", Static)
        empty.update(empty_message(review))
        empty.display = not review.due
        listing.display = bool(rows)
        listing.set_options(option for option, _ in rows)
        listing.loading = False
        listing.highlighted = self._restore_highlight(previous, index)
        self._update_detail()
        self.refresh_bindings()
        self.post_message(self.Shown())

    def on_review_list_resized(self, _message: ReviewList.Resized) -> None:
        # Also after the list first appears: a review that arrived before the list had a
        # width was laid out for a guess.
        if self.review is not None:
            self.call_after_refresh(self._rerender)

    def _rerender(self) -> None:
        """Rows are laid out for a width: lay them out again when it changes."""
        width = self.query_one(ReviewList).scrollable_content_region.width
        if self.review is not None and width != self._laid_out_for:
            self.show(self.review)

    def _restore_highlight(self, previous: Entry | None, index: int | None) -> int | None:
        selectable = [i for i, entry in enumerate(self._entries) if entry is not None]
        if not selectable:
            return None
        if previous is not None:
            key = entry_key(previous)
            for i, entry in enumerate(self._entries):
                if entry is not None and entry_key(entry) == key:
                    return i
        if index is None:
            return selectable[0]
        after = [i for i in selectable if i >= index]
        return after[0] if after else selectable[-1]

    # --- the highlighted row --------------------------------------------------------------

    def _selected(self) -> Entry | None:
        index = self.query_one(ReviewList).highlighted
        if index is None or index >= len(self._entries):
            return None
        return self._entries[index]

    @on(OptionList.OptionHighlighted, "#review-list")
    def _highlighted(self) -> None:
        self._update_detail()
        self.refresh_bindings()

    @on(OptionList.OptionSelected, "#review-list")
    def _selected_row(self) -> None:
        self.action_open()

    def _update_detail(self) -> None:
        entry = self._selected()
        detail = self.query_one("#review-detail", Static)
        if entry is None or self.review is None:
            detail.update("")
            return
        detail.update(entry_details(entry, self.review.today))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        entry = self._selected()
        if action == "done":
            return isinstance(entry, DueItem) and entry.kind in ("follow-up", "keep-in-touch")
        if action == "snooze":
            return isinstance(entry, DueItem) and entry.kind in ("follow-up", "keep-in-touch")
        if action == "not_now":
            return isinstance(entry, Suggestion) or (
                isinstance(entry, DueItem) and entry.kind == "birthday"
            )
        if action in ("open", "log_selected"):
            return entry is not None
        return True

    # --- actions --------------------------------------------------------------------------

    def action_open(self) -> None:
        entry = self._selected()
        if entry is not None:
            self.shell.open_contact(entry.contact_id)

    def action_log_selected(self) -> None:
        """Log with the highlighted person; from a follow-up, offer to close it as well."""
        entry = self._selected()
        if entry is None:
            return
        closing = None
        if isinstance(entry, DueItem) and entry.kind == "follow-up" and entry.id is not None:
            closing = ClosingFollowUp(entry.id, entry.title, entry.overdue_days)
        self.shell.action_log(
            [entry.contact], known={entry.contact: entry.contact_id}, closing=closing
        )

    def action_done(self) -> None:
        entry = self._selected()
        if not isinstance(entry, DueItem):
            return
        if entry.kind == "keep-in-touch":
            # Keeping in touch is done by talking: logging resets the cadence.
            self.action_log_selected()
            return
        if entry.kind == "follow-up" and entry.id is not None and not self._writing:
            self._writing = True
            self._mark_done(entry, entry.id)

    @work(thread=True, group="review-write", exit_on_error=False)
    def _mark_done(self, item: DueItem, follow_up_id: int) -> None:
        app, shell = self.app, self.shell
        try:
            result = follow_ups.mark_done(shell.store, follow_up_id, shell.clock)
        except Exception as error:
            app.call_from_thread(self._write_failed, user_error(error, "marking it done"))
        else:
            app.call_from_thread(self._done, item, result)

    def _write_failed(self, error: Exception) -> None:
        self._writing = False
        self.shell.notify_error(error)

    def _done(self, item: DueItem, result: DoneResult) -> None:
        self._writing = False
        self.shell.refresh_data()
        again = f" Next one: {day_label(result.next_due)}." if result.next_due else ""
        self.notify(f'Done: "{item.title}".{again} u undoes it.', title=item.contact, markup=False)
        self._offer_log(item)

    def _offer_log(self, item: DueItem) -> None:
        from netcrm.tui.dialogs.confirm import ConfirmScreen

        def answered(log: bool | None) -> None:
            if log:
                self.shell.action_log([item.contact], known={item.contact: item.contact_id})

        self.app.push_screen(
            ConfirmScreen(
                f'Done: "{item.title}".\n\nLog the conversation with {item.contact}?',
                yes="Log it",
                no="Not now",
            ),
            answered,
        )

    def action_snooze(self) -> None:
        entry = self._selected()
        if not (isinstance(entry, DueItem) and entry.kind in ("follow-up", "keep-in-touch")):
            return
        from netcrm.tui.dialogs.snooze import SnoozeScreen

        item = entry

        def chosen(when: str | None) -> None:
            if when and not self._writing:
                self._writing = True
                self._snooze(item, when)

        self.app.push_screen(
            SnoozeScreen(f'"{item.title}" ({item.contact})', self.shell.clock, item.due), chosen
        )

    @work(thread=True, group="review-write", exit_on_error=False)
    def _snooze(self, item: DueItem, when: str) -> None:
        app, shell = self.app, self.shell
        try:
            if item.kind == "keep-in-touch":
                _, day = dismissals.snooze_keep_in_touch(
                    shell.store, f"#{item.contact_id}", when, shell.clock
                )
            else:
                assert item.id is not None
                day = follow_ups.snooze(shell.store, item.id, when, shell.clock).due
        except Exception as error:
            app.call_from_thread(self._write_failed, user_error(error, "snoozing it"))
        else:
            app.call_from_thread(self._snoozed, item, day)

    def action_not_now(self) -> None:
        entry = self._selected()
        if self._writing or entry is None:
            return
        if isinstance(entry, DueItem) and entry.kind != "birthday":
            return
        self._writing = True
        self._put_off(entry)

    @work(thread=True, group="review-write", exit_on_error=False)
    def _put_off(self, entry: Entry) -> None:
        app, shell = self.app, self.shell
        kind = "suggestion" if isinstance(entry, Suggestion) else "birthday"
        try:
            _, day = dismissals.not_now(shell.store, f"#{entry.contact_id}", kind, shell.clock)
        except Exception as error:
            app.call_from_thread(self._write_failed, user_error(error, "putting it off"))
        else:
            app.call_from_thread(self._put_off_done, entry, day)

    def _put_off_done(self, entry: Entry, day: date) -> None:
        self._writing = False
        self.shell.refresh_data()
        what = "suggestion" if isinstance(entry, Suggestion) else "birthday"
        self.notify(
            f"Not now: the {what} is off the review until {full_day_label(day)}. u undoes it.",
            title=entry.contact,
            markup=False,
        )

    def _snoozed(self, item: DueItem, day: date) -> None:
        self._writing = False
        self.shell.refresh_data()
        self.notify(
            f'Snoozed "{item.title}" to {full_day_label(day)}. u undoes it.',
            title=item.contact,
            markup=False,
        )
