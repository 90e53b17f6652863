"""vCard 4.0 (RFC 6350): one card per live contact, for address books.

Written by hand rather than through vobject, whose serialiser only knows vCard 3.0; the tests
read every card back with vobject. Kept per card: FN, N (split from the full name), ORG, TITLE,
ADR (the location as the locality), EMAIL, TEL, BDAY, NOTE, CATEGORIES (tags), EXPERTISE
(RFC 6715, one per strength), X-SOCIALPROFILE and URL (handles), REV and a UID that stays the
same for a contact from one export to the next (:mod:`netcrm.domain.uids`), so re-importing
updates cards instead of doubling them, in an address book and in netcrm itself, which finds
each person of its own store by it, even renamed. (Exports before the UID named the store's
creation moment wrote ``urn:uuid:`` UIDs, which another store's contact of the same id shared.)

A birthday imported without its year is written ``BDAY:--MMDD``. Phone numbers are written as
text (``TEL;VALUE=text``), exactly as typed, rather than as ``tel:`` URIs that would need them
rewritten. Lines are folded at 75 octets without splitting a UTF-8 character or an escape
sequence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import UTC, date, datetime
from urllib.parse import quote

from netcrm import __version__
from netcrm.exporters.contentlines import content, escape
from netcrm.importers.records import YEARLESS
from netcrm.services.clock import Clock
from netcrm.services.exporting import ExportPerson, export_people
from netcrm.services.records import HandleRecord
from netcrm.store.engine import Store

PRODID = f"-//netcrm//netcrm {__version__}//EN"

_PROFILE_URLS = {
    "instagram": "https://www.instagram.com/{}",
    "linkedin": "https://www.linkedin.com/in/{}",
    "x": "https://x.com/{}",
    "facebook": "https://www.facebook.com/{}",
    "github": "https://github.com/{}",
    "tiktok": "https://www.tiktok.com/@{}",
    "youtube": "https://www.youtube.com/@{}",
    "threads": "https://www.threads.net/@{}",
    "bluesky": "https://bsky.app/profile/{}",
    "telegram": "https://t.me/{}",
}
_EAST_ASIAN = ("CJK", "HIRAGANA", "KATAKANA", "HANGUL")
_UNSAFE_PARAM = re.compile(r'[;:,"]|[^\x20-\x7e]')


def render_vcard(store: Store, clock: Clock) -> str:
    return people_vcards(export_people(store, clock), clock.now())


def people_vcards(people: Iterable[ExportPerson], now: datetime) -> str:
    return "".join(person_vcard(person, now) for person in people)


def person_vcard(p: ExportPerson, now: datetime) -> str:
    """One card, CRLF line ends, folded."""
    lines = ["BEGIN:VCARD", "VERSION:4.0", f"PRODID:{PRODID}"]
    if p.uid:
        lines.append(f"UID:{p.uid}")
    lines.append("KIND:individual")
    lines.append(f"FN:{escape(p.name)}")
    family, given = split_name(p.name)
    lines.append(f"N:{escape(family)};{escape(given)};;;")
    if p.company:
        lines.append(f"ORG:{escape(p.company)}")
    if p.role:
        lines.append(f"TITLE:{escape(p.role)}")
    if p.location:
        lines.append(f"ADR:;;;{escape(p.location)};;;")
    lines.extend(f"EMAIL:{escape(address)}" for address in p.emails)
    lines.extend(f"TEL;VALUE=text:{escape(phone)}" for phone in p.phones)
    if p.birthday:
        lines.append(f"BDAY:{_date(p.birthday)}")
    if p.notes:
        lines.append(f"NOTE:{escape(p.notes)}")
    if p.tags:
        lines.append("CATEGORIES:" + ",".join(escape(tag) for tag in p.tags))
    lines.extend(f"EXPERTISE:{escape(strength)}" for strength in p.strengths)
    urls: list[str] = []
    for handle in p.handles:
        url = profile_url(handle)
        value = url or escape(handle.username)
        params = f";TYPE={param(handle.platform)};X-USER={param(handle.username)}"
        lines.append(f"X-SOCIALPROFILE{params}:{value}")
        if url and url not in urls:
            urls.append(url)
    lines.extend(f"URL:{url}" for url in urls)
    lines.append(f"REV:{_timestamp(p.updated or now)}")
    lines.append("END:VCARD")
    return content(lines)


def param(text: str) -> str:
    """A parameter value: quoted when it holds ``;`` ``:`` ``,`` or non-ASCII characters.

    A double quote cannot appear even inside quotes, so it becomes a single quote.
    """
    if not text.isprintable():
        text = "".join(ch for ch in text if unicodedata.category(ch) != "Cc")
    value = text.replace('"', "'")
    return f'"{value}"' if _UNSAFE_PARAM.search(value) else value


def split_name(name: str) -> tuple[str, str]:
    """``(family, given)`` guessed from a full name, for N.

    The last word is the family name, except in Chinese, Japanese and Korean names, where it
    comes first; a one-word name is a given name.
    """
    words = name.split()
    if len(words) < 2:
        return "", name
    if not name.isascii() and any(unicodedata.name(ch, "").startswith(_EAST_ASIAN) for ch in name):
        return words[0], " ".join(words[1:])
    return words[-1], " ".join(words[:-1])


def profile_url(handle: HandleRecord) -> str | None:
    """The handle's own URL, else its profile page on a platform netcrm knows."""
    if handle.url:
        return _uri(handle.url)
    user = handle.username.strip().lstrip("@")
    template = _PROFILE_URLS.get(handle.platform)
    if template:
        return template.format(quote(user, safe="@._-~"))
    if handle.platform == "mastodon" and user.count("@") == 1:
        account, host = user.split("@")
        if account and host and re.fullmatch(r"[\w.-]+\.[a-z]{2,}", host, re.I):
            return f"https://{host}/@{quote(account, safe='._-~')}"
    if handle.platform == "whatsapp":
        digits = re.sub(r"[\s().-]", "", user).lstrip("+")
        if digits.isdigit():
            return f"https://wa.me/{digits}"
    if handle.platform == "website":
        return _uri(user if "://" in user else f"https://{user}")
    return None


def _uri(url: str) -> str:
    """A URL safe as a property value: characters vCard would read as separators encoded."""
    return quote(url.strip(), safe=":/?#[]@!$&'()*+=%._-~")


def _date(day: date) -> str:
    """``19900517``; a birthday stored without its year (see ``YEARLESS``) is ``--0517``."""
    if day.year == YEARLESS:
        return f"--{day.month:02d}{day.day:02d}"
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def _timestamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
