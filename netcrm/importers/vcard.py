"""vCard files (``.vcf``) holding one or many cards: versions 2.1, 3.0 (RFC 2426) and 4.0
(RFC 6350).

vobject parses each card. Before it does, this module unfolds lines and decodes vCard 2.1
quoted-printable values itself (``N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=89...``
with ``=`` soft line breaks), which vobject mishandles for unknown charsets, Latin-1 bytes
and some soft breaks. Binary properties (PHOTO, LOGO, SOUND, KEY) are dropped unread.

Kept: FN (else N, NICKNAME, ORG, EMAIL, TEL), EMAIL, TEL, ORG, TITLE (else ROLE), ADR
(city and country), BDAY (``19900517``, ``1990-05-17``, ``--0517``; a birthday that is not
a full date, such as 4.0's ``VALUE=text``, goes to the notes), NOTE, CATEGORIES (tags),
URL, X-SOCIALPROFILE/SOCIALPROFILE and ``X-TWITTER``-style properties (handles, platform
from the URL's host or the TYPE parameter), UID (netcrm's own export names each person with it).

Apple's labels (``item1.EMAIL:…`` with ``item1.X-ABLabel:Kantor``) have no field to go to:
those of e-mails, phones and links are kept in the notes, and one naming a platform makes a bare
username a handle of that platform. Related people (4.0 ``RELATED``, Apple's
``X-ABRELATEDNAMES``) and anniversaries and other dates (``ANNIVERSARY``, ``X-ABDATE``) go to
the notes too, after the card's NOTE.

A group card (4.0 ``KIND:group``, Apple's ``X-ADDRESSBOOKSERVER-KIND:group``) is no person:
its name becomes a tag of each member (``MEMBER``/``X-ADDRESSBOOKSERVER-MEMBER``, by UID) that
the file holds.
"""

from __future__ import annotations

import codecs
import quopri
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import vobject

from netcrm.domain.vocabulary import KNOWN_PLATFORMS, normalize_platform
from netcrm.importers.reading import decode, parse_date, read_bytes
from netcrm.importers.records import (
    YEARLESS,
    ImportedHandle,
    ImportedPerson,
    ImportFormatError,
    add_handle,
    add_unique,
    handle_from_text,
    handle_from_url,
    multi_line,
    one_line,
)

SOURCE = "vcard"
_BINARY = {"PHOTO", "LOGO", "SOUND", "KEY"}
_PHYSICAL_LINES = re.compile(r"\r\n|\r|\n")
_NAME = re.compile(r"(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)")
_SOCIAL = {"X-SOCIALPROFILE", "SOCIALPROFILE"}
# Values that hold no comma-separated list: a comma in them is text, escaped or not. ORG's
# components are separated by semicolons only.
_NO_LISTS = {
    *("FN", "NOTE", "TITLE", "ROLE", "EMAIL", "TEL", "URL", "BDAY", "UID", "ORG", *_SOCIAL),
    *("X-ABLABEL", "X-ABRELATEDNAMES", "RELATED", "X-ABDATE", "ANNIVERSARY"),
}
_ESCAPE_OR_COMMA = re.compile(r"\\.|,")
_PLATFORM_PROPERTIES = {
    f"X-{p.upper()}": normalize_platform(p) for p in (*KNOWN_PLATFORMS, "twitter") if p != "website"
}


def read_people(path: Path) -> list[ImportedPerson]:
    return parse(read_bytes(path), path.name)


def parse(data: bytes, name: str) -> list[ImportedPerson]:
    cards = _cards(_logical_lines(decode(data, name)), name)
    if not cards:
        raise ImportFormatError(name, "is not a vCard file (no BEGIN:VCARD line)")
    read = [_read(lines, name, number) for number, lines in enumerate(cards, start=1)]
    _tag_members(read)
    _add_details(read)
    return [card.person for card in read if card.person is not None]


# --- lines and cards -----------------------------------------------------------------------


def _split(line: str) -> tuple[str, str] | None:
    """``(name and parameters, value)``: the first colon outside double quotes splits them."""
    colon = line.find(":")
    if colon < 0 or '"' not in line[:colon]:
        return None if colon < 0 else (line[:colon], line[colon + 1 :])
    quoted = False
    for index, ch in enumerate(line):
        if ch == '"':
            quoted = not quoted
        elif ch == ":" and not quoted:
            return line[:index], line[index + 1 :]
    return None


def _is_qp(line: str) -> bool:
    head = _split(line)
    return head is not None and "QUOTED-PRINTABLE" in head[0].upper()


def _logical_lines(text: str) -> list[tuple[int, str]]:
    """Unfolded lines with the number of the physical line each starts on.

    A line starting with a space or tab continues the previous one (RFC 2425 folding); in a
    quoted-printable value a trailing ``=`` is a soft break and the next line continues it.
    """
    logical: list[tuple[int, list[str]]] = []  # parts joined at the end: photos are long
    quoted_printable = soft_break = False
    for number, line in enumerate(_PHYSICAL_LINES.split(text), start=1):
        if soft_break:
            parts = logical[-1][1]
            parts[-1] = parts[-1][:-1]
            parts.append(line)
        elif line[:1] in (" ", "\t") and logical:
            logical[-1][1].append(line[1:])
        elif line.strip():
            logical.append((number, [line]))
            quoted_printable = _is_qp(line)
        else:
            continue
        soft_break = quoted_printable and line.endswith("=")
    return [(number, _plain("".join(parts))) for number, parts in logical]


def _plain(line: str) -> str:
    """The line as vobject should see it: quoted-printable decoded, escapes made readable.

    vobject unescapes ``\\\\``, ``\\,``, ``\\;`` and ``\\n`` itself but leaves ``\\:`` (which some
    writers put before every colon) as it is, so that one is undone here, in one left-to-right
    pass that steps over ``\\\\``: ``\\\\:`` is a backslash and a colon. vobject also keeps
    only the text before the first unescaped comma of a single-valued text property, and
    splits ORG's components at one; vCard 2.1 never escapes commas and some 3.0 writers
    forget to, so a lone comma in those is escaped.
    """
    parts = _split(line)
    if parts is None:
        return line
    head, value = parts
    if "QUOTED-PRINTABLE" in head.upper():
        head, value = _decode_qp(head, value)
    if "\\" in value or "," in value:
        value = _escaped(value, commas_are_text=_property(head) in _NO_LISTS)
    return head + ":" + value


def _escaped(value: str, *, commas_are_text: bool) -> str:
    def one(match: re.Match[str]) -> str:
        if match[0] == "\\:":
            return ":"
        if match[0] == "," and commas_are_text:
            return "\\,"
        return match[0]

    return _ESCAPE_OR_COMMA.sub(one, value)


def _decode_qp(head: str, value: str) -> tuple[str, str]:
    params = head.split(";")
    charset = "utf-8"
    kept = [params[0]]
    for param in params[1:]:
        key, _, val = param.partition("=")
        if key.strip().upper() == "CHARSET":
            charset = val.strip().strip('"') or charset
        elif param.strip().upper() not in ("QUOTED-PRINTABLE", "ENCODING=QUOTED-PRINTABLE"):
            kept.append(param)
    raw = quopri.decodestring(value.encode("utf-8"))
    text = raw.decode("latin-1")  # every byte decodes; a better charset is tried first
    for encoding in (charset, "utf-8", "cp1252"):
        try:
            codecs.lookup(encoding)
            text = raw.decode(encoding)
            break
        except (LookupError, UnicodeDecodeError):
            continue
    return ";".join(kept), _PHYSICAL_LINES.sub(r"\\n", text)


def _property(line: str) -> str:
    match = _NAME.match(line)
    return match[1].upper() if match else ""


def _cards(lines: list[tuple[int, str]], name: str) -> list[list[str]]:
    cards: list[list[str]] = []
    depth = 0
    for number, line in lines:
        prop = _property(line)
        parts = _split(line)
        value = parts[1].strip().upper() if parts else ""
        if prop == "BEGIN" and value == "VCARD":
            if depth == 0:
                cards.append([])
            depth += 1
        elif depth == 0:
            raise ImportFormatError(
                name, "text outside a BEGIN:VCARD … END:VCARD card", record=number, unit="line"
            )
        elif prop == "END" and value == "VCARD":
            depth -= 1
        if prop in _BINARY or (parts and re.search(r";ENCODING=(B|BASE64)\b", parts[0], re.I)):
            continue
        cards[-1].append(line)
    if depth:
        raise ImportFormatError(
            name,
            "the card is not closed (no END:VCARD; the file may be cut short)",
            record=len(cards),
        )
    return cards


# --- one card --------------------------------------------------------------------------------


@dataclass(slots=True)
class _Card:
    """One card as read, before the other cards of the file are looked at."""

    person: ImportedPerson | None = None  # None for a group card
    group: str | None = None  # a group card's name
    members: list[str] = field(default_factory=list)  # a group's members, as _uid_key spells them
    labels: list[str] = field(default_factory=list)  # "Kantor: budi@acme.co.id", for the notes
    related: list[_Related] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)  # "Anniversary: 2015-06-01", for the notes


@dataclass(frozen=True, slots=True)
class _Related:
    """A related person: a name, or the ``urn:uuid:`` of another card; how they are related."""

    who: str
    kind: str | None = None


def _read(lines: list[str], name: str, number: int) -> _Card:
    def fail(problem: str) -> ImportFormatError:
        return ImportFormatError(name, problem, record=number)

    try:
        card = vobject.readOne("\r\n".join(lines) + "\r\n", validate=False, transform=True)
        # vobject raises assorted exception types on malformed input, so any of them means
        # this card cannot be read.
    except Exception as exc:
        message = one_line(str(exc)) or type(exc).__name__
        raise fail(f"the card cannot be read ({message[:120]})") from None
    if _is_group(card):
        return _group(card)
    try:
        return _from_card(card, number)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _values(card: Any, prop: str) -> list[Any]:
    return [line.value for line in card.contents.get(prop.lower(), [])]


def _lines(card: Any, prop: str) -> list[Any]:
    return list(card.contents.get(prop.lower(), []))


def _text(value: Any) -> str | None:
    if isinstance(value, list | tuple):
        return one_line(" ".join(v for v in value if isinstance(v, str)))
    return one_line(value) if isinstance(value, str) else None


def _first(values: list[Any]) -> str | None:
    return next((t for v in values if (t := _text(v))), None)


def _from_card(card: Any, number: int) -> _Card:
    labels = _labels(card)
    described: list[str] = []
    emails = _addresses(card, "EMAIL", "mailto:", labels, described)
    phones = _addresses(card, "TEL", "tel:", labels, described)
    company = None
    for value in _values(card, "ORG"):
        if company := _text(value[0] if isinstance(value, list) and value else value):
            break
    notes = [
        n for value in _values(card, "NOTE") if isinstance(value, str) if (n := multi_line(value))
    ]
    birthday = None
    for line in _lines(card, "BDAY"):
        text = _text(line.value)
        if text is None:
            continue
        try:
            birthday = parse_date(text)
        except ValueError:
            notes.append(f"Birthday: {text}")
        break
    tags: list[str] = []
    for value in _values(card, "CATEGORIES"):
        for tag in value if isinstance(value, list) else [value]:
            if isinstance(tag, str):
                add_unique(tags, tag)
    handles, urls = _links(card, labels, described)
    full_name = (
        _first(_values(card, "FN"))
        or _name_from_n(_values(card, "N"))
        or _first(_values(card, "NICKNAME"))
        or company
        or (emails[0] if emails else None)
        or (phones[0] if phones else None)
    )
    if full_name is None:
        raise ValueError("the card has no name (no FN, N, ORG or EMAIL)")
    person = ImportedPerson(
        full_name,
        emails=emails,
        phones=phones,
        company=company,
        role=_first(_values(card, "TITLE")) or _first(_values(card, "ROLE")),
        location=_location(_values(card, "ADR")),
        birthday=birthday,
        notes="\n".join(notes) or None,
        tags=tags,
        handles=handles,
        urls=urls,
        source=SOURCE,
        uid=_first(_values(card, "UID")),
        record=number,
    )
    return _Card(
        person=person, labels=described, related=_related(card, labels), dates=_dates(card, labels)
    )


def _addresses(
    card: Any, prop: str, scheme: str, labels: dict[str, str], described: list[str]
) -> list[str]:
    """The card's e-mails or phones, clean; the labels Apple gives them go to ``described``."""
    found: list[str] = []
    for line in _lines(card, prop):
        value = one_line((_text(line.value) or "").removeprefix(scheme))
        add_unique(found, value)
        _describe(described, _label(line, labels), value)
    return found


def _links(
    card: Any, labels: dict[str, str], described: list[str]
) -> tuple[list[ImportedHandle], list[str]]:
    """Handles and other links: URL, the social profiles, ``X-TWITTER``-style properties.

    A profile URL's host names its platform, else the ``TYPE`` of a social profile, else an
    Apple label that names a platform, but only for a bare username: a link to another site
    stays a link whatever its label says. A social profile that yields no handle but is a
    link is kept as one.
    """
    handles: list[ImportedHandle] = []
    urls: list[str] = []
    for line in _lines(card, "URL"):
        if url := _text(line.value):
            label = _label(line, labels)
            handle = handle_from_url(url) or _labelled_handle(url, label)
            if handle is None:
                add_unique(urls, url)
            add_handle(handles, handle)
            _describe(described, label, url, handle)
    for line in card.getChildren():
        prop = line.name.upper()
        platform = _PLATFORM_PROPERTIES.get(prop)
        if prop in _SOCIAL:
            label = _label(line, labels)
            kind = line.params.get("TYPE", [None])[0]
            platform = normalize_platform(kind) if kind else _label_platform(label)
            user = line.params.get("X-USER", [None])[0]
            value = (_text(line.value) or "").removeprefix("x-apple:")
            handle = handle_from_text(value, platform) if value else None
            if handle is None and user:
                handle = handle_from_text(user, platform)
            if handle is None and "://" in value:
                add_unique(urls, value)
            add_handle(handles, handle)
            _describe(described, label, value, handle)
        elif platform and (text := _text(line.value)):
            add_handle(handles, handle_from_text(text, platform))
    return handles, urls


# --- Apple's labels ----------------------------------------------------------------------------
#
# Apple Contacts writes a label that no TYPE parameter spells as a property of its own with the
# same group prefix: ``item1.EMAIL;type=INTERNET:budi@acme.co.id`` and ``item1.X-ABLabel:Kantor``.
# Its own labels read ``_$!<Mobile>!$_``, ``_$!<HomePage>!$_``...; anything else is the user's.
# A person has no field for a label, so each labelled e-mail, phone and link keeps its label in
# the notes (``Labels: Kantor: budi@acme.co.id; other: +62 21 555 0100``), unless the label
# merely names the platform of the handle it became.

_APPLE_LABEL = re.compile(r"_\$!<(.*)>!\$_")
_BARE_USERNAME = re.compile(r"@?[\w.\-]{1,100}")


def _labels(card: Any) -> dict[str, str]:
    """Each ``X-ABLabel``'s text by its group (``item1``, without case)."""
    labels: dict[str, str] = {}
    for line in _lines(card, "X-ABLABEL"):
        if line.group and (label := _label_text(line.value)):
            labels.setdefault(line.group.casefold(), label)
    return labels


def _label_text(value: Any) -> str | None:
    """``_$!<HomePage>!$_`` → ``homepage``; a label of the user's own as written."""
    text = _text(value)
    if text and (match := _APPLE_LABEL.fullmatch(text)):
        return one_line(match[1].lower())
    return text


def _label(line: Any, labels: dict[str, str]) -> str | None:
    return labels.get(line.group.casefold()) if line.group else None


def _label_platform(label: str | None) -> str | None:
    """The platform a label names (``Instagram``, ``Twitter``), if it names one."""
    platform = normalize_platform(label) if label else None
    return platform if platform in KNOWN_PLATFORMS and platform != "website" else None


def _labelled_handle(value: str, label: str | None) -> ImportedHandle | None:
    """``budi.ig`` labelled ``Instagram`` is instagram:budi.ig; a link is never a username."""
    platform = _label_platform(label)
    if platform is None or not _BARE_USERNAME.fullmatch(value):
        return None
    return handle_from_text(value, platform)


def _describe(
    described: list[str],
    label: str | None,
    value: str | None,
    handle: ImportedHandle | None = None,
) -> None:
    if label and value and not (handle and _label_platform(label) == handle.platform):
        add_unique(described, f"{label}: {value}")


# --- groups ---------------------------------------------------------------------------------
#
# A group is a card of its own: 4.0 writes ``KIND:group`` and lists ``MEMBER:urn:uuid:<UID>``;
# Apple (iCloud, macOS and iOS Contacts, which speak vCard 3.0) writes the same as
# ``X-ADDRESSBOOKSERVER-KIND:group`` and ``X-ADDRESSBOOKSERVER-MEMBER``. A group is not a
# person: its name becomes a tag of each member found in the file.

_KINDS = ("KIND", "X-ADDRESSBOOKSERVER-KIND")
_MEMBERS = ("MEMBER", "X-ADDRESSBOOKSERVER-MEMBER")


def _is_group(card: Any) -> bool:
    kinds = (_text(v) for prop in _KINDS for v in _values(card, prop))
    return any(kind and kind.lower() == "group" for kind in kinds)


def _group(card: Any) -> _Card:
    members = [
        _uid_key(text) for prop in _MEMBERS for v in _values(card, prop) if (text := _text(v))
    ]
    name = _first(_values(card, "FN")) or _name_from_n(_values(card, "N"))
    return _Card(group=name, members=members)


def _uid_key(uid: str) -> str:
    """A UID as a member list or a RELATED names it: ``urn:uuid:`` and case do not matter."""
    return uid.strip().casefold().removeprefix("urn:uuid:")


def _tag_members(cards: list[_Card]) -> None:
    """Each group's name becomes a tag of its members; a member not in the file is ignored."""
    groups: dict[str, list[str]] = {}
    for card in cards:
        if card.group:
            for member in card.members:
                groups.setdefault(member, []).append(card.group)
    if not groups:
        return
    for card in cards:
        if card.person is not None and card.person.uid:
            for group in groups.get(_uid_key(card.person.uid), []):
                add_unique(card.person.tags, group)


# --- related people and dates -----------------------------------------------------------------
#
# 4.0 writes ``RELATED;TYPE=spouse;VALUE=text:Ana Putri``, or ``RELATED;TYPE=spouse:urn:uuid:…``
# for another card; Apple writes ``item3.X-ABRELATEDNAMES:Ana Putri`` labelled
# ``_$!<Spouse>!$_``. An anniversary is 4.0's ``ANNIVERSARY`` or Apple's ``X-ABDATE`` labelled
# ``_$!<Anniversary>!$_`` (other X-ABDATEs carry labels of their own). No field holds them, so
# the notes do: ``Related: Ana Putri (spouse)``, ``Anniversary: 2015-06-01``.


def _related(card: Any, labels: dict[str, str]) -> list[_Related]:
    found: list[_Related] = []
    for line in _lines(card, "RELATED"):
        if who := _text(line.value):
            kinds = [k.lower() for t in line.params.get("TYPE", []) if (k := one_line(t))]
            found.append(_Related(who, ", ".join(k for k in kinds if k != "pref") or None))
    for line in _lines(card, "X-ABRELATEDNAMES"):
        if who := _text(line.value):
            found.append(_Related(who, _label(line, labels)))
    return found


def _dates(card: Any, labels: dict[str, str]) -> list[str]:
    found: list[str] = []
    for line in _lines(card, "ANNIVERSARY"):
        if text := _text(line.value):
            add_unique(found, f"Anniversary: {_date_text(text)}")
    for line in _lines(card, "X-ABDATE"):
        if text := _text(line.value):
            label = _label(line, labels) or "Date"
            if label.casefold() == "anniversary":
                label = "Anniversary"
            add_unique(found, f"{label}: {_date_text(text)}")
    return found


def _date_text(text: str) -> str:
    """``2015-06-01`` (``--06-01`` without a year), read as BDAY is; other text as it is."""
    try:
        day = parse_date(text)
    except ValueError:
        return text
    return f"--{day:%m-%d}" if day.year == YEARLESS else day.isoformat()


# --- what the notes keep -------------------------------------------------------------------

#: At most this many labels, related people and dates go to a person's notes.
MAX_DETAILS = 50


def _add_details(cards: list[_Card]) -> None:
    """Append to each person's notes, after the card's NOTE, what no field of theirs holds.

    A related ``urn:uuid:`` is named after the card of that UID in the file; one that is not
    in the file names no one a reader would know, and is left out.
    """
    names: dict[str, str] = {}
    for card in cards:
        if card.person is not None and card.person.uid:
            names.setdefault(_uid_key(card.person.uid), card.person.name)
    for card in cards:
        person = card.person
        if person is not None:
            lines = [*_related_lines(card.related, names), *card.dates]
            if block := _details(card.labels, lines):
                person.notes = "\n".join([person.notes, *block] if person.notes else block)


def _related_lines(related: list[_Related], names: dict[str, str]) -> list[str]:
    lines: list[str] = []
    for relation in related:
        who: str | None = relation.who
        if relation.who.casefold().startswith("urn:uuid:"):
            who = names.get(_uid_key(relation.who))
        if who:
            add_unique(
                lines, f"Related: {who} ({relation.kind})" if relation.kind else f"Related: {who}"
            )
    return lines


def _details(labels: list[str], lines: list[str]) -> list[str]:
    """``Labels: …`` on one line, then the other lines: at most MAX_DETAILS entries in all."""
    shown = labels[:MAX_DETAILS]
    kept = lines[: MAX_DETAILS - len(shown)]
    block = [f"Labels: {'; '.join(shown)}"] if shown else []
    if left := len(labels) + len(lines) - len(shown) - len(kept):
        kept.append(f"({left} more not kept)")
    return block + kept


# --- names and places ------------------------------------------------------------------------


def _name_from_n(values: list[Any]) -> str | None:
    for value in values:
        parts = [
            getattr(value, attr, None)
            for attr in ("prefix", "given", "additional", "family", "suffix")
        ]
        if text := _text([_text(p) or "" for p in parts]):
            return text
    return None


def _location(values: list[Any]) -> str | None:
    for value in values:
        city, region, country = (
            _text(getattr(value, attr, None)) for attr in ("city", "region", "country")
        )
        parts = [p for p in (city or region, country) if p]
        if parts:
            return ", ".join(parts)
    return None
