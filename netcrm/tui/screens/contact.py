"""One person: where they stand on the ladder and why, how warm it is, and everything logged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import (
    DataTable,
    Header,
    Sparkline,
    Static,
    TabbedContent,
    TabPane,
)

from netcrm.domain.dates import describe_due
from netcrm.domain.errors import NetcrmError, NotFound
from netcrm.domain.intervals import parse_interval
from netcrm.domain.name_list import names_in_words
from netcrm.services import contact_detail, contacts, conversations, items, search, trash
from netcrm.services.clock import Clock
from netcrm.services.due import follow_ups
from netcrm.services.records import (
    ContactDetail,
    ContactInput,
    DoneResult,
    FollowUpRecord,
    MergeResult,
)
from netcrm.tui.day_labels import full_day_label
from netcrm.tui.dialogs.choose_person import Candidate
from netcrm.tui.live_screen import LiveScreen
from netcrm.tui.widgets.contact_views import TAB_VIEWS, follow_up_cells
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.score_bar import score_text
from netcrm.tui.widgets.stage_ladder import ladder_text

if TYPE_CHECKING:
    from netcrm.services.stores import Store
    from netcrm.tui.dialogs.correct_item import Correctable

TABS = (
    ("timeline", "Timeline"),
    ("strengths", "Strengths"),
    ("knows", "Knows about me"),
    ("exchanges", "Exchanges"),
    ("follow-ups", "Follow-ups"),
    ("details", "Details"),
)
NARROW = 100
#: The field an edit changes, per kind of item.
EDIT_LABELS = {
    "conversation": "Talked about",
    "strength": "Good at",
    "disclosure": "Knows my",
    "exchange": "Exchange",
    "follow-up": "Follow-up",
}


class ContactScreen(LiveScreen[ContactDetail]):
    """A contact by id. Everything is read in a worker; writes go through the services."""

    TITLE = "Contact"
    LOAD_GROUP = "contact.load"
    WRITE_GROUP = "contact.write"
    BINDINGS = [  # noqa: RUF012
        Binding("escape", "back", "Back", id="contact.back", tooltip="Back to where you were"),
        Binding("l", "log", "Log", id="contact.log", tooltip="Log a conversation with them"),
        Binding("e", "edit", "Edit", id="contact.edit", tooltip="Edit name, work, tags, notes…"),
        Binding(
            "k",
            "cadence",
            "Keep in touch",
            id="contact.cadence",
            tooltip="How often you want to talk to them",
        ),
        Binding(
            "a",
            "add_strength",
            "Add strength",
            id="contact.add_strength",
            tooltip="Note something they are good at",
        ),
        Binding("d", "done", "Done", id="contact.done", tooltip="Mark the follow-up done"),
        Binding("s", "snooze", "Snooze", id="contact.snooze", tooltip="Snooze the follow-up"),
        Binding(
            "x",
            "correct",
            "Correct",
            id="contact.correct",
            tooltip="Edit or delete one item of this tab: a conversation, strength, exchange…",
        ),
        Binding("delete", "trash", "Delete", id="contact.delete", tooltip="Move to the trash"),
        Binding(
            "u",
            "restore",
            "Restore",
            id="contact.restore",
            tooltip="Take them back out of the trash",
        ),
        Binding(
            "M",
            "merge_with",
            "Merge with…",
            id="contact.merge_with",
            tooltip="Merge someone who is the same person into them (they are kept)",
        ),
        *(
            Binding(str(number), f"show_tab('{pane}')", title, show=False, id=f"contact.tab.{pane}")
            for number, (pane, title) in enumerate(TABS, start=1)
        ),
    ]
    DEFAULT_CSS = """
    ContactScreen #contact-head { height: auto; padding: 0 1; }
    ContactScreen #contact-top { height: auto; }
    ContactScreen #contact-identity { width: 1fr; height: auto; }
    ContactScreen #contact-name { text-style: bold; }
    ContactScreen #contact-work { color: $text-muted; }
    ContactScreen #contact-why, ContactScreen #contact-warmth-why { color: $text-muted; }
    ContactScreen #contact-warmth { width: 30; height: auto; }
    ContactScreen #contact-trend { height: 1; width: 24; }
    ContactScreen #contact-trend-caption { color: $text-muted; }
    ContactScreen.-narrow #contact-warmth-why { display: none; }
    ContactScreen #contact-banner {
        display: none; height: auto; padding: 0 2; background: $error-muted; color: $text;
    }
    ContactScreen.-trashed #contact-banner { display: block; }
    ContactScreen #contact-tabs { height: 1fr; }
    ContactScreen TabPane { padding: 0 1; }
    ContactScreen .contact-pane { height: 1fr; }
    ContactScreen #contact-follow-ups { height: 1fr; }
    ContactScreen #contact-no-follow-ups { display: none; padding: 1 0; }
    ContactScreen.-no-follow-ups #contact-follow-ups { display: none; }
    ContactScreen.-no-follow-ups #contact-no-follow-ups { display: block; }
    ContactScreen #contact-message { padding: 1 2; }
    """

    def __init__(self, contact_id: int) -> None:
        super().__init__()
        self.contact_id = contact_id
        self.detail: ContactDetail | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="contact-head"):
            with Horizontal(id="contact-top"):
                with Vertical(id="contact-identity"):
                    yield Static("Loading…", id="contact-name", markup=False)
                    yield Static(id="contact-work", markup=False)
                with Vertical(id="contact-warmth"):
                    yield Static(id="contact-score")
                    yield Sparkline([], id="contact-trend")
                    yield Static(id="contact-trend-caption", markup=False)
            yield Static(id="contact-ladder")
            yield Static(id="contact-why", markup=False)
            yield Static(id="contact-warmth-why", markup=False)
        yield Static(id="contact-banner", markup=False)
        with TabbedContent(id="contact-tabs"):
            for pane, title in TABS:
                with TabPane(title, id=pane):
                    if pane == "follow-ups":
                        yield DataTable(
                            id="contact-follow-ups", cursor_type="row", zebra_stripes=True
                        )
                        yield Static(
                            "No follow-ups with them. When you promise something, add it as you "
                            "log the conversation (follow-up: in 2 weeks).",
                            id="contact-no-follow-ups",
                        )
                    else:
                        with VerticalScroll(classes="contact-pane"):
                            yield Static(id=f"contact-{pane}")
        yield Footer()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def on_mount(self) -> None:
        table = self.query_one("#contact-follow-ups", DataTable)
        for key, label in (
            ("due", "due"),
            ("title", "follow-up"),
            ("repeat", "repeats"),
            ("status", "status"),
        ):
            table.add_column(label, key=key)

    # --- loading ---------------------------------------------------------------------------

    def loader(self) -> Callable[[], ContactDetail]:
        return partial(
            contact_detail.get_contact, self.shell.store, self.contact_id, self.shell.clock
        )

    def load_failed(self, error: NetcrmError) -> None:
        if isinstance(error, NotFound):
            self.detail = None
            self.query_one("#contact-name", Static).update("This contact no longer exists.")
            self.query_one("#contact-why", Static).update(
                "It may have been deleted for good when the trash was emptied. "
                "Press escape to go back."
            )
            self.refresh_bindings()
        else:
            self.shell.notify_error(error)

    def show(self, detail: ContactDetail) -> None:
        self.detail = detail
        today = self.shell.clock.today()
        self.sub_title = detail.name
        self.query_one("#contact-name", Static).update(detail.name)
        work_line = " · ".join(p for p in (detail.role, detail.company, detail.location) if p)
        self.query_one("#contact-work", Static).update(work_line)
        self.query_one("#contact-ladder", Static).update(ladder_text(detail.stage))
        why = f"Why: {detail.stage_why}"
        if detail.next_step:
            why += f"\nNext step: {detail.next_step}"
        self.query_one("#contact-why", Static).update(why)
        self.query_one("#contact-warmth-why", Static).update(f"Warmth {detail.score_why}")
        self.query_one("#contact-score", Static).update(
            Text.assemble(("warmth ", "dim"), score_text(detail.score), ("/100", "dim"))
        )
        self.query_one("#contact-trend", Sparkline).data = list(detail.score_history)
        history = detail.score_history
        trend = "steady"
        if history and history[-1] > history[0]:
            trend = f"up from {history[0]}"
        elif history and history[-1] < history[0]:
            trend = f"down from {history[0]}"
        self.query_one("#contact-trend-caption", Static).update(f"last 12 weeks: {trend}")
        self.set_class(detail.trashed, "-trashed")
        self.query_one("#contact-banner", Static).update(
            f"{detail.name} is in the trash. Press u to restore, escape to go back."
        )
        for pane, view in TAB_VIEWS.items():
            self.query_one(f"#contact-{pane}", Static).update(view(detail, today))
        counts = {
            "timeline": len(detail.conversations),
            "strengths": len(detail.strengths),
            "knows": len(detail.knows_mine),
            "exchanges": len(detail.exchanges),
            "follow-ups": sum(1 for f in detail.follow_ups if f.status == "open"),
        }
        tabs = self.query_one(TabbedContent)
        for pane, title in TABS:
            label = f"{title} {counts[pane]}" if counts.get(pane) else title
            tabs.get_tab(pane).label = label
        self._show_follow_ups(detail, today)
        self.refresh_bindings()

    def _show_follow_ups(self, detail: ContactDetail, today: date) -> None:
        self.set_class(not detail.follow_ups, "-no-follow-ups")
        table = self.query_one("#contact-follow-ups", DataTable)
        selected = self._follow_up_key()
        table.clear()
        for follow_up in detail.follow_ups:
            table.add_row(*follow_up_cells(follow_up, today), key=str(follow_up.id))
        if selected is not None and selected in table.rows:
            table.move_cursor(row=table.get_row_index(selected), animate=False)

    def _follow_up_key(self) -> str | None:
        table = self.query_one("#contact-follow-ups", DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    # --- what the keys can do now ------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        detail = self.detail
        if action in {"edit", "cadence", "trash", "log", "merge_with"}:
            return detail is not None and not detail.trashed
        if action == "add_strength":
            return (
                detail is not None
                and not detail.trashed
                and self.query_one(TabbedContent).active == "strengths"
            )
        if action == "restore":
            return detail is not None and detail.trashed
        if action == "correct":
            if detail is None or detail.trashed:
                return False
            return self.query_one(TabbedContent).active != "details"
        if action in {"done", "snooze"}:
            if detail is None or detail.trashed:
                return False
            if self.query_one(TabbedContent).active != "follow-ups":
                return False
            return self.selected_follow_up() is not None or None
        return True

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowHighlighted, "#contact-follow-ups")
    def _follow_up_highlighted(self) -> None:
        self.refresh_bindings()

    @on(DataTable.RowSelected, "#contact-follow-ups")
    def _follow_up_chosen(self, event: DataTable.RowSelected) -> None:
        event.stop()

    def selected_follow_up(self) -> FollowUpRecord | None:
        if self.detail is None:
            return None
        key = self._follow_up_key()
        return next(
            (f for f in self.detail.follow_ups if str(f.id) == key and f.status == "open"), None
        )

    # --- actions ----------------------------------------------------------------------------

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.app.pop_screen()

    def action_show_tab(self, pane: str) -> None:
        self.query_one(TabbedContent).active = pane
        if pane == "follow-ups":
            self.query_one("#contact-follow-ups", DataTable).focus()

    def action_log(self) -> None:
        if self.detail is not None:
            self.shell.action_log(
                names=[self.detail.name], known={self.detail.name: self.detail.id}
            )

    def action_edit(self) -> None:
        from netcrm.tui.dialogs.contact_form import ContactForm

        if self.detail is None:
            return

        def saved(detail: ContactDetail | None) -> None:
            if detail is not None:
                self.notify(f"Saved {detail.name}.", markup=False)
                self.shell.refresh_data()

        self.app.push_screen(ContactForm(self.detail), saved)

    def action_cadence(self) -> None:
        from netcrm.tui.dialogs.text_prompt import TextPrompt

        detail = self.detail
        if detail is None:
            return

        def check(text: str) -> str:
            if not text.strip():
                return "→ no reminder: they will not show up as slipping"
            interval = parse_interval(text)
            if detail.last_talked:
                due = interval.after(detail.last_talked)
                when = describe_due(due, self.shell.clock.today())
                return f"→ {interval.text} · next {when}"
            return f"→ {interval.text} · counted from your next conversation"

        def chosen(text: str | None) -> None:
            if text is None or text == (detail.cadence or ""):
                return
            self.write_in_thread(
                lambda: contacts.edit_contact(
                    self.shell.store, f"#{detail.id}", ContactInput(every=text), self.shell.clock
                ),
                f"Keep in touch with {detail.name} {parse_interval(text).text}."
                if text
                else f"No keep-in-touch reminder for {detail.name}.",
            )

        self.app.push_screen(
            TextPrompt(
                "Keep in touch",
                "Every",
                value=detail.cadence or "",
                about=f"How often do you want to talk to {detail.name}? "
                "The next due date counts from your last conversation.",
                placeholder="every 2 weeks, monthly, quarterly… (empty: none)",
                check=check,
                allow_blank=True,
            ),
            chosen,
        )

    def action_add_strength(self) -> None:
        self._suggest_then_prompt()

    @work(thread=True, exclusive=True, group="contact.suggest", exit_on_error=False)
    def _suggest_then_prompt(self) -> None:
        try:
            names = search.strength_names(self.shell.store)
        except Exception:
            names = []
        self.app.call_from_thread(self._prompt_strength, names)

    def _prompt_strength(self, suggestions: list[str]) -> None:
        from netcrm.tui.dialogs.text_prompt import TextPrompt

        detail = self.detail
        if detail is None:
            return

        def chosen(text: str | None) -> None:
            if text:
                self.write_in_thread(
                    lambda: conversations.add_strength(
                        self.shell.store, f"#{detail.id}", text, self.shell.clock
                    ),
                    f"Noted: {detail.name} is good at {text}.",
                )

        self.app.push_screen(
            TextPrompt(
                "Add a strength",
                "Good at",
                about=f"What is {detail.name} good at? (tab takes the suggestion)",
                placeholder="python, fundraising, design…",
                suggestions=suggestions,
            ),
            chosen,
        )

    def action_done(self) -> None:
        follow_up = self.selected_follow_up()
        if follow_up is None:
            return

        def message(result: DoneResult) -> str:
            text = f"Done: {follow_up.title}."
            if result.next_due:
                text += f" Next one {describe_due(result.next_due, self.shell.clock.today())}."
            return text

        self.write_in_thread(
            lambda: follow_ups.mark_done(self.shell.store, follow_up.id, self.shell.clock), message
        )

    def action_snooze(self) -> None:
        from netcrm.tui.dialogs.snooze import SnoozeScreen

        follow_up = self.selected_follow_up()
        if follow_up is None:
            return

        def chosen(when: str | None) -> None:
            if when:
                self.write_in_thread(
                    lambda: follow_ups.snooze(
                        self.shell.store, follow_up.id, when, self.shell.clock
                    ),
                    lambda result: f"Snoozed to {full_day_label(result.due)}: {follow_up.title}.",
                )

        self.app.push_screen(SnoozeScreen(follow_up.title, self.shell.clock, follow_up.due), chosen)

    def action_trash(self) -> None:
        if self.detail is not None:
            self.write_in_thread(
                partial(trash.trash_contact, *self._this_contact()),
                f"Moved {self.detail.name} to the trash. Press u to undo.",
            )

    def action_restore(self) -> None:
        if self.detail is not None:
            self.write_in_thread(
                partial(trash.restore_contact, *self._this_contact()),
                f"Restored {self.detail.name}.",
            )

    def action_correct(self) -> None:
        from netcrm.tui.dialogs.correct_item import CorrectItemScreen, items_of

        detail = self.detail
        if detail is None:
            return
        tab = self.query_one(TabbedContent).active
        items = items_of(detail, tab)
        if not items:
            self.notify("Nothing here to correct yet.", markup=False)
            return
        title = dict(TABS).get(tab, tab)
        self.app.push_screen(
            CorrectItemScreen(f"Correct: {title} of {detail.name}", items), self._correct
        )

    def _correct(self, choice: tuple[Correctable, str] | None) -> None:
        if choice is None or self.detail is None:
            return
        item, action = choice
        if action == "delete":
            from netcrm.tui.dialogs.confirm import ConfirmScreen

            def answered(yes: bool | None) -> None:
                if yes:
                    self.write_in_thread(
                        partial(self._delete_item, item), lambda said: f"{said}. u undoes it."
                    )

            self.app.push_screen(
                ConfirmScreen(f"Delete {item.what}?\n\nu undoes it.", yes="Delete", no="Keep"),
                answered,
            )
            return
        from netcrm.tui.dialogs.text_prompt import TextPrompt

        def edited(text: str | None) -> None:
            if text is not None and text != item.value:
                self.write_in_thread(partial(self._edit_item, item, text), lambda said: f"{said}.")

        self.app.push_screen(
            TextPrompt(
                f"Change {item.what}",
                EDIT_LABELS[item.kind],
                value=item.value,
                allow_blank=item.kind == "conversation",
            ),
            edited,
        )

    def _edit_item(self, item: Correctable, text: str) -> str:
        store, person, clock = self._this_contact()
        if item.kind == "conversation":
            return items.edit_conversation(
                store, int(item.key), items.ConversationEdit(note=text), clock
            )
        if item.kind == "strength":
            return items.rename_strength(store, person, item.key, text, clock)
        if item.kind == "disclosure":
            return items.change_disclosure(store, person, item.key, text, clock)
        if item.kind == "exchange":
            return items.edit_exchange(store, int(item.key), text, clock)
        return items.edit_follow_up(store, int(item.key), items.FollowUpEdit(about=text), clock)

    def _delete_item(self, item: Correctable) -> str:
        store, person, clock = self._this_contact()
        if item.kind == "conversation":
            return items.delete_conversation(store, int(item.key), clock)
        if item.kind == "strength":
            return items.delete_strength(store, person, item.key, clock)
        if item.kind == "disclosure":
            return items.delete_disclosure(store, person, item.key, clock)
        if item.kind == "exchange":
            return items.delete_exchange(store, int(item.key), clock)
        return items.delete_follow_up(store, int(item.key), clock)

    def action_merge_with(self) -> None:
        from netcrm.tui.dialogs.pick_contact import PickContactDialog

        detail = self.detail
        if detail is None or self._busy:
            return
        self.app.push_screen(
            PickContactDialog(
                f"Merge with {detail.name}",
                f"Who else is {detail.name}? Their handles, conversations and details move "
                f"here, to {detail.name}, who is kept; the other record goes.",
                label="Merge in",
                refuse=detail.id,
                refused=f"That is {detail.name}; pick the other record of them.",
            ),
            self._merge_picked,
        )

    def _merge_picked(self, other: Candidate | None) -> None:
        from netcrm.tui.dialogs.merge import MergeDialog

        detail = self.detail
        if other is None or detail is None:
            return
        keep = Candidate(detail.id, detail.name)

        def confirmed(kept: Candidate | None) -> None:
            if kept is not None:
                self.write_in_thread(
                    partial(self._merge_into_this, other),
                    lambda result: (
                        f"Merged {names_in_words(list(result.merged))} into "
                        f"{result.keep}; u undoes it."
                    ),
                )

        self.app.push_screen(MergeDialog([keep, other], fixed=True), confirmed)

    def _merge_into_this(self, other: Candidate) -> MergeResult:
        from netcrm.services.merging import merge_people

        store, person, clock = self._this_contact()
        return merge_people(store, person, [other.ref], clock)

    def _this_contact(self) -> tuple[Store, str, Clock]:
        """The store, this contact as the services name it, and the clock."""
        return self.shell.store, f"#{self.contact_id}", self.shell.clock
