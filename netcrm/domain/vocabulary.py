"""The closed vocabularies of the domain: channels, who initiated, kinds of support."""

from __future__ import annotations

from dataclasses import dataclass

from netcrm.domain.errors import BadInput
from netcrm.domain.text import clean_name, fold

#: Channels and their depth: a conversation in person says more than a message.
CHANNEL_DEPTH: dict[str, float] = {
    "in-person": 1.0,
    "event": 0.8,
    "video": 0.8,
    "call": 0.7,
    "email": 0.4,
    "message": 0.35,
    "dm": 0.3,
    "other": 0.5,
}
CHANNELS: tuple[str, ...] = tuple(CHANNEL_DEPTH)
_CHANNEL_SYNONYMS = {
    "in person": "in-person",
    "inperson": "in-person",
    "person": "in-person",
    "meeting": "in-person",
    "coffee": "in-person",
    "phone": "call",
    "zoom": "video",
    "meet": "video",
    "text": "message",
    "sms": "message",
    "whatsapp": "message",
    "chat": "message",
    "mail": "email",
    "e-mail": "email",
}
INITIATORS = ("me", "them")
EXCHANGE_DIRECTIONS = ("gave", "got")
EXCHANGE_KINDS = ("favour", "referral", "intro", "order", "help")


def parse_channel(text: str | None) -> str:
    if text is None or not text.strip():
        return "in-person"
    key = fold(text)
    key = _CHANNEL_SYNONYMS.get(key, key)
    if key not in CHANNEL_DEPTH:
        raise BadInput(f'Unknown channel "{text.strip()}": use one of {", ".join(CHANNELS)}.')
    return key


def parse_initiator(text: str | None) -> str | None:
    if text is None or not text.strip():
        return None
    key = fold(text)
    if key not in INITIATORS:
        raise BadInput(f'Who initiated must be "me" or "them", not "{text.strip()}".')
    return key


@dataclass(frozen=True)
class ExchangeInput:
    direction: str
    kind: str
    description: str


def parse_exchange(text: str) -> ExchangeInput:
    """``"gave: intro to Sari"`` or ``"got: referral: a designer"`` (kind optional)."""
    head, sep, rest = text.partition(":")
    direction = fold(head)
    if not sep or direction not in EXCHANGE_DIRECTIONS:
        raise BadInput(f'An exchange reads "gave: TEXT" or "got: TEXT", not "{text.strip()}".')
    kind = "favour"
    maybe_kind, sep2, after = rest.partition(":")
    if sep2 and fold(maybe_kind) in EXCHANGE_KINDS:
        kind, rest = fold(maybe_kind), after
    else:
        for candidate in EXCHANGE_KINDS:
            if fold(rest).startswith(candidate):
                kind = candidate
                break
    return ExchangeInput(direction, kind, clean_name(rest, "exchange description"))


KNOWN_PLATFORMS = (
    "instagram",
    "linkedin",
    "x",
    "facebook",
    "github",
    "tiktok",
    "youtube",
    "mastodon",
    "bluesky",
    "threads",
    "telegram",
    "whatsapp",
    "website",
)
_PLATFORM_SYNONYMS = {"twitter": "x", "ig": "instagram", "fb": "facebook", "gh": "github"}


def normalize_platform(text: str) -> str:
    key = fold(text).replace(" ", "")
    return _PLATFORM_SYNONYMS.get(key, key)


def parse_handle(text: str) -> tuple[str, str]:
    """``"instagram:budi"`` or ``"instagram:@budi"`` → ("instagram", "budi")."""
    platform, sep, username = text.partition(":")
    username = username.strip().lstrip("@")
    if not sep or not platform.strip() or not username:
        raise BadInput(f'A handle reads PLATFORM:USER (e.g. instagram:budi), not "{text.strip()}".')
    return normalize_platform(platform), clean_name(username, "handle")


#: How a handle's follow direction reads in a sentence.
DIRECTION_WORDS = {
    "follows-me": "follows you",
    "i-follow": "you follow them",
    "mutual": "you follow each other",
}


def direction_words(direction: str | None) -> str | None:
    """``follows-me`` -> "follows you"; an unknown direction is shown as stored."""
    if not direction:
        return None
    return DIRECTION_WORDS.get(direction, direction.replace("_", " "))
