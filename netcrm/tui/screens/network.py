"""The network as a whole: the ladder as a funnel, conversations per week, who reaches out."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Header, Static

from netcrm.services import network
from netcrm.services.records import NetworkStats
from netcrm.tui.live_screen import LiveScreen
from netcrm.tui.widgets.footer import Footer
from netcrm.tui.widgets.ladder_funnel import LadderFunnel
from netcrm.tui.widgets.week_chart import WeekChart

NARROW = 100
SHARE_BAR = 20


def reciprocity_lines(stats: NetworkStats) -> Text:
    """Who started the conversations: bars, counts and shares, then what it means."""
    rows = (
        ("you reach out", stats.initiated_me),
        ("they reach out", stats.initiated_them),
        ("not recorded", stats.initiated_unknown),
    )
    total = sum(count for _, count in rows)
    text = Text()
    if not total:
        return Text("No conversations logged yet.", style="dim")
    for index, (label, count) in enumerate(rows):
        share = count / total
        cells = round(SHARE_BAR * share)
        if count and not cells:
            cells = 1
        if index:
            text.append("\n")
        text.append(f"{label:<15}")
        text.append("█" * cells, style="dodger_blue2")
        text.append("░" * (SHARE_BAR - cells), style="grey35")
        text.append(f" {count:>5,} {share:>4.0%}")
    known = stats.initiated_me + stats.initiated_them
    text.append("\n\n")
    if not known:
        text.append("Say who reached out when you log (initiated me/them).", style="dim")
    elif stats.initiated_me > 2 * stats.initiated_them:
        text.append("You start most conversations: ask and listen, let them come to you too.")
    elif stats.initiated_them > 2 * stats.initiated_me:
        text.append("Others start most conversations: reach out first now and then.")
    else:
        text.append("Balanced: you and your ties both reach out.")
    return text


class NetworkScreen(LiveScreen[NetworkStats]):
    TITLE = "Network"
    LOAD_GROUP = "network.load"
    DEFAULT_CSS = """
    NetworkScreen #network-body { height: 1fr; padding: 0 1; }
    NetworkScreen #network-top { height: auto; }
    NetworkScreen.-narrow #network-top { layout: vertical; }
    NetworkScreen .network-section { height: auto; padding: 0 1; margin-top: 1; }
    NetworkScreen #network-ladder-section { width: 3fr; height: 7; }
    NetworkScreen #network-reciprocity-section { width: 2fr; min-width: 44; height: 7; }
    NetworkScreen #network-reciprocity { height: 6; }
    NetworkScreen.-narrow #network-ladder-section,
    NetworkScreen.-narrow #network-reciprocity-section { width: 1fr; }
    NetworkScreen .network-title { text-style: bold; }
    NetworkScreen .network-note { color: $text-muted; }
    NetworkScreen #network-weeks { height: 10; }
    NetworkScreen.-narrow #network-weeks { height: 8; }
    NetworkScreen #network-empty { padding: 1 2; display: none; }
    NetworkScreen.-empty #network-body { display: none; }
    NetworkScreen.-empty #network-empty { display: block; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.stats: NetworkStats | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="network-body"):
            with Horizontal(id="network-top"):
                with Vertical(id="network-ladder-section", classes="network-section"):
                    yield Static("The ladder", classes="network-title")
                    yield LadderFunnel(id="network-ladder")
                    yield Static(id="network-ladder-note", classes="network-note")
                with Vertical(id="network-reciprocity-section", classes="network-section"):
                    yield Static("Who reaches out", classes="network-title")
                    yield Static(id="network-reciprocity")
            with Vertical(classes="network-section"):
                yield Static("Conversations per week", classes="network-title")
                yield WeekChart(id="network-weeks")
                yield Static(id="network-weeks-note", classes="network-note")
        yield Static(id="network-empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#network-body").focus()

    def on_resize(self) -> None:
        self.set_class(self.size.width < NARROW, "-narrow")

    def loader(self) -> Callable[[], NetworkStats]:
        return partial(network.network_stats, self.shell.store, self.shell.clock)

    def show(self, stats: NetworkStats) -> None:
        self.stats = stats
        ladder = stats.ladder
        self.set_class(ladder.total == 0, "-empty")
        self.query_one("#network-empty", Static).update(
            "Your network is empty.\n\n"
            "Press l to log a conversation (the people you name are added), or bring in "
            "followers with\n  netcrm import instagram FILE   (or linkedin, x, facebook, google, "
            "vcard, csv)"
        )
        self.query_one(LadderFunnel).ladder = ladder
        moved = sum(
            count for stage, count in ladder.moved_up_30_days.items() if stage != "follower"
        )
        beyond = ladder.total - ladder.counts.get("follower", 0)
        note = f"{ladder.total:,} contacts · {beyond:,} past follower"
        if moved:
            note += f" · {moved:,} moved up in the last 30 days"
        self.query_one("#network-ladder-note", Static).update(note)
        self.query_one("#network-reciprocity", Static).update(reciprocity_lines(stats))
        weeks = stats.conversations_per_week
        self.query_one(WeekChart).weeks = weeks
        total = sum(count for _, count in weeks)
        if total:
            busiest_monday, busiest = max(weeks, key=lambda week: week[1])
            weeks_note = (
                f"{total:,} conversation{'s' if total != 1 else ''} in {len(weeks)} weeks, "
                f"{total / len(weeks):.1f} a week; the busiest week began "
                f"{busiest_monday.day} {busiest_monday:%b} ({busiest:,})"
            )
        else:
            weeks_note = f"No conversations in the last {len(weeks)} weeks: press l to log one."
        self.query_one("#network-weeks-note", Static).update(weeks_note)
