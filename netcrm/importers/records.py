"""The neutral records every importer produces, and the error that points into a file.

An importer only reads: it turns one platform's export into ``ImportedPerson`` records and
knows nothing of the store. Merging them into contacts is the import service's job.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import parse_qs, unquote, urlsplit

from netcrm.domain.dates import YEARLESS as YEARLESS  # re-exported for the importers
from netcrm.domain.errors import BadInput
from netcrm.domain.vocabulary import normalize_platform

#: Handle directions, as the store keeps them.
FOLLOWS_ME = "follows-me"
I_FOLLOW = "i-follow"
MUTUAL = "mutual"


@dataclass(slots=True)
class ImportedHandle:
    platform: str
    username: str
    url: str | None = None
    direction: str | None = None  # FOLLOWS_ME | I_FOLLOW | MUTUAL
    since: date | None = None


@dataclass(slots=True)
class ImportedPerson:
    name: str
    emails: list[str] = field(default_factory=list)
    phones: list[str] = field(default_factory=list)
    company: str | None = None
    role: str | None = None
    location: str | None = None
    birthday: date | None = None
    notes: str | None = None
    tags: list[str] = field(default_factory=list)
    handles: list[ImportedHandle] = field(default_factory=list)
    urls: list[str] = field(default_factory=list)
    source: str = ""
    since: date | None = None
    #: The UID the file gives the person (a vCard's UID, a CSV's uid column), as written: the
    #: import service decides whether it names a contact of this store (netcrm.domain.uids).
    uid: str | None = None
    record: int = 0  # 1-based record (or line) number in the file, for messages


class ImportFormatError(BadInput):
    """The file is not what its format promises; the message names the file and the record.

    ``str(error)`` reads like ``followers_1.json, record 17: entry has no username.``
    """

    def __init__(
        self, file: str, problem: str, *, record: int | None = None, unit: str = "record"
    ) -> None:
        self.file = file
        self.record = record
        self.problem = problem.rstrip(".") + "."
        where = file if record is None else f"{file}, {unit} {record}"
        super().__init__(f"{where}: {self.problem}")


# --- cleaning values -------------------------------------------------------------------


def one_line(text: str | None) -> str | None:
    """Trimmed single-line text with control characters removed; blank becomes None."""
    if text is None:
        return None
    if not text.isprintable():
        text = "".join(" " if ch.isspace() else ch for ch in text if _kept(ch))
    text = " ".join(text.split())
    return text or None


def multi_line(text: str | None) -> str | None:
    """Trimmed free text: line breaks kept (as ``\\n``), other control characters removed."""
    if text is None:
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.isprintable():
        text = "".join(ch for ch in text if ch in "\n\t" or _kept(ch))
    text = text.strip()
    return text or None


def _kept(ch: str) -> bool:
    return unicodedata.category(ch) not in ("Cc", "Cs") or ch.isspace()


def add_unique(items: list[str], value: str | None) -> None:
    """Append a cleaned value unless blank or already there (case-insensitively)."""
    value = one_line(value)
    if value and value.casefold() not in (item.casefold() for item in items):
        items.append(value)


def add_handle(handles: list[ImportedHandle], handle: ImportedHandle | None) -> None:
    if handle is None:
        return
    key = (handle.platform, handle.username.casefold())
    if all((h.platform, h.username.casefold()) != key for h in handles):
        handles.append(handle)


# --- handles from URLs and labels --------------------------------------------------------

_HOSTS = {
    "instagram.com": "instagram",
    "instagr.am": "instagram",
    "twitter.com": "x",
    "x.com": "x",
    "linkedin.com": "linkedin",
    "facebook.com": "facebook",
    "fb.com": "facebook",
    "github.com": "github",
    "tiktok.com": "tiktok",
    "youtube.com": "youtube",
    "threads.net": "threads",
    "threads.com": "threads",
    "bsky.app": "bluesky",
    "t.me": "telegram",
    "telegram.me": "telegram",
    "wa.me": "whatsapp",
}
# Path segments that are part of a site's routing, never a username.
_NOT_USERNAMES = {
    "_u",
    "in",
    "pub",
    "profile",
    "people",
    "user",
    "users",
    "intent",
    "c",
    "channel",
    "home",
    "share",
    "sharer",
    "p",
    "reel",
    "status",
    "company",
    "school",
    "groups",
    "watch",
}
_USERNAME = re.compile(r"^@?[\w.\-]{1,100}$")


def handle_from_url(url: str, *, direction: str | None = None) -> ImportedHandle | None:
    """``https://twitter.com/budi`` → handle x:budi; None when the URL names no profile.

    A ``/@user`` path on an unknown host is taken as a Mastodon account (``user@host``).
    """
    text = url.strip()
    if "://" not in text:
        text = "https://" + text
    try:
        parts = urlsplit(text)
        host = (parts.hostname or "").lower()
    except ValueError:
        return None
    if not host or "." not in host:
        return None
    bare = host.removeprefix("www.").removeprefix("m.").removeprefix("mobile.")
    platform = _HOSTS.get(bare)
    segments = [unquote(s) for s in parts.path.split("/") if s]
    query = parse_qs(parts.query)
    username: str | None = None
    if platform is None:
        if len(segments) == 1 and segments[0].startswith("@") and len(segments[0]) > 1:
            platform, username = "mastodon", f"{segments[0][1:]}@{bare}"
        else:
            return None
    elif platform == "linkedin":
        if len(segments) >= 2 and segments[0] in ("in", "pub"):
            username = segments[1]
    elif platform == "x" and "user_id" in query:
        username = query["user_id"][0]
    elif platform == "facebook" and "id" in query:
        username = query["id"][0]
    elif platform == "bluesky":
        if len(segments) >= 2 and segments[0] == "profile":
            username = segments[1]
    else:
        for segment in segments:
            if segment.lower() not in _NOT_USERNAMES:
                username = segment
                break
    if username is None or username.lower().endswith(".php"):
        return None
    username = username.lstrip("@")
    if not _USERNAME.match(username) and platform != "mastodon":
        return None
    return ImportedHandle(platform, username, url=url.strip(), direction=direction)


def handle_from_text(
    text: str, platform: str | None = None, *, default: str = "other"
) -> ImportedHandle | None:
    """A handle written as a URL, ``platform:user``, ``@user`` or ``user``.

    ``platform`` comes from the column or property it was found in; a URL's own host wins.
    Without either, the platform is ``default``.
    """
    value = one_line(text)
    if value is None:
        return None
    if "/" in value or value.lower().startswith(("http:", "https:")):
        return handle_from_url(value)
    head, sep, rest = value.partition(":")
    if sep and rest.strip() and " " not in head:
        platform, value = head, rest
    username = value.strip().lstrip("@").strip()
    if not username:
        return None
    return ImportedHandle(normalize_platform(platform or default), username)
