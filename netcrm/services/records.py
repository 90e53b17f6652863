"""Plain records returned by the services: no session, nothing lazy, safe in any thread."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from netcrm.services.due.items import DueItem


@dataclass(frozen=True)
class HandleRecord:
    platform: str
    username: str
    url: str | None = None
    direction: str | None = None
    since: date | None = None

    @property
    def label(self) -> str:
        return f"{self.platform}:{self.username}"


@dataclass(frozen=True)
class ContactRow:
    """One line of a contact list, a search result or a who-can answer."""

    id: int
    name: str
    company: str | None
    stage: str
    score: int
    last_talked: date | None
    next_due: date | None
    tags: tuple[str, ...] = ()
    matched: str | None = None
    evidence: str | None = None  # who-can: 'Python, noted 2026-06-02 ("Met at the meetup")'
    noted_on: date | None = None  # who-can: when the strength was learned
    evidence_talk: str | None = None  # who-can: the conversation it was learned in
    where: str | None = None  # search: what matched, when not the name ("conversation on 12 Nov")
    snippet: str | None = None  # search: the matched text around the match, as typed ("…zeppelin…")


@dataclass(frozen=True)
class ConversationRecord:
    id: int
    at: datetime
    has_time: bool
    channel: str
    summary: str | None
    place: str | None
    initiated: str | None
    participants: tuple[str, ...]


@dataclass(frozen=True)
class StrengthRecord:
    name: str
    noted_on: date
    conversation_id: int | None
    evidence: str | None = None


@dataclass(frozen=True)
class DisclosureRecord:
    strength: str
    on: date


@dataclass(frozen=True)
class ExchangeRecord:
    id: int
    direction: str
    kind: str
    description: str
    on: date


@dataclass(frozen=True)
class FollowUpRecord:
    id: int
    contact_id: int
    contact: str
    title: str
    due: date
    recurrence: str | None
    status: str
    snoozed_from: date | None = None


@dataclass(frozen=True)
class ContactDetail:
    id: int
    name: str
    company: str | None
    role: str | None
    location: str | None
    emails: tuple[str, ...]
    phones: tuple[str, ...]
    birthday: date | None
    how_met: str | None
    source: str | None
    since: date | None
    notes: str | None
    tags: tuple[str, ...]
    cadence: str | None
    next_touch_due: date | None
    stage: str
    stage_why: str
    next_step: str | None
    score: int
    score_why: str
    score_history: tuple[int, ...]
    last_talked: date | None
    handles: tuple[HandleRecord, ...]
    conversations: tuple[ConversationRecord, ...]
    strengths: tuple[StrengthRecord, ...]
    knows_mine: tuple[DisclosureRecord, ...]
    exchanges: tuple[ExchangeRecord, ...]
    follow_ups: tuple[FollowUpRecord, ...]
    trashed: bool = False


@dataclass(frozen=True)
class Suggestion:
    kind: str  # "never-talked" | "doesnt-know-you" | "fading"
    contact_id: int
    contact: str
    reason: str


@dataclass(frozen=True)
class Review:
    today: date
    until: date
    due: tuple[DueItem, ...]
    suggestions: tuple[Suggestion, ...]

    @property
    def overdue(self) -> tuple[DueItem, ...]:
        return tuple(item for item in self.due if item.overdue_days > 0)


@dataclass(frozen=True)
class MyStrengthRecord:
    id: int
    name: str
    known_by: tuple[str, ...]
    not_yet: tuple[str, ...]


@dataclass(frozen=True)
class LadderCounts:
    counts: dict[str, int]
    moved_up_30_days: dict[str, int]
    total: int


@dataclass(frozen=True)
class NetworkStats:
    ladder: LadderCounts
    conversations_per_week: tuple[tuple[date, int], ...]
    initiated_me: int
    initiated_them: int
    initiated_unknown: int


@dataclass(frozen=True)
class LogResult:
    conversation_id: int
    contacts: tuple[str, ...]
    created: tuple[str, ...]
    follow_up_id: int | None
    stage_changes: tuple[tuple[str, str, str], ...] = ()  # (name, before, after)
    follow_up_due: date | None = None
    follow_up_title: str | None = None
    closed_follow_up: str | None = None  # the title of the follow-up this conversation closed


@dataclass(frozen=True)
class DoneResult:
    follow_up_id: int
    contact_id: int
    contact: str
    next_follow_up_id: int | None = None
    next_due: date | None = None


@dataclass(frozen=True)
class SnoozeResult:
    follow_up_id: int
    previous_due: date
    due: date


@dataclass(frozen=True)
class TrashRow:
    id: int
    name: str
    trashed_at: datetime
    conversations: int


@dataclass
class ContactInput:
    """Fields of ``add``/``edit``; ``None`` means "leave as is" for edit."""

    name: str | None = None
    company: str | None = None
    role: str | None = None
    location: str | None = None
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    handles: list[str] = field(default_factory=list)  # "platform:user"
    tags: list[str] = field(default_factory=list)
    how_met: str | None = None
    every: str | None = None  # cadence text, "" clears it
    birthday: str | None = None
    notes: str | None = None
    remove_emails: list[str] = field(default_factory=list)
    remove_phones: list[str] = field(default_factory=list)
    remove_handles: list[str] = field(default_factory=list)  # "platform:user"
    remove_tags: list[str] = field(default_factory=list)


@dataclass
class ConversationInput:
    names: list[str]
    when: str | None = None
    via: str | None = None
    note: str | None = None
    place: str | None = None
    initiated: str | None = None
    learned: list[str] = field(default_factory=list)
    shared: list[str] = field(default_factory=list)
    exchanges: list[str] = field(default_factory=list)
    follow_up: str | None = None
    about: str | None = None
    create_missing: bool = False
    close_follow_up: int | None = None  # an open follow-up this conversation settles


@dataclass(frozen=True)
class ClosingFollowUp:
    """The open follow-up a conversation is being logged from, offered to close with it."""

    id: int
    title: str
    overdue_days: int


@dataclass(frozen=True)
class ImportReport:
    """What an import created, updated and skipped; with ``dry_run`` nothing was written."""

    created: int
    updated: int
    skipped: int
    #: Likely duplicates among the new people and those already here (as ``netcrm
    #: duplicates`` finds them); None when the network is too large to look here.
    duplicates: tuple[DuplicateGroup, ...] | None = ()
    created_names: tuple[str, ...] = ()
    updated_names: tuple[str, ...] = ()
    dry_run: bool = False


@dataclass(frozen=True)
class ChangeRecord:
    """One change in the journal: ``netcrm history`` lists them, ``netcrm undo`` reverts one."""

    id: int
    at: datetime
    action: str
    summary: str
    undone: bool = False


@dataclass(frozen=True)
class DuplicatePerson:
    id: int
    name: str
    source: str | None
    company: str | None = None
    location: str | None = None
    stage: str = "follower"
    conversation_count: int = 0
    handles: tuple[str, ...] = ()  # "instagram:budi.santoso"


@dataclass(frozen=True)
class DuplicateReason:
    kind: str
    text: str  # "same e-mail budi@example.com"
    weight: int  # 0-100: how strongly this alone says "one person"


@dataclass(frozen=True)
class DuplicateGroup:
    """People likely to be one person, best candidate to keep first (most history)."""

    people: tuple[DuplicatePerson, ...]
    score: int
    reasons: tuple[DuplicateReason, ...]


@dataclass(frozen=True)
class MergeResult:
    """What a merge moved into ``keep`` (or, with ``dry_run``, would move)."""

    keep_id: int
    keep: str
    merged: tuple[str, ...]  # the names folded into keep
    moved: tuple[str, ...]  # "3 conversations", "company: Gojek", ... one line each
    dry_run: bool = False


@dataclass(frozen=True)
class UnmergeResult:
    keep: str
    restored: tuple[str, ...]  # the people brought back, "Budi (#7)"
